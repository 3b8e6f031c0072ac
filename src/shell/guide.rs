//! The guide panel beside a lab: "predict, then see" steps and the lab's challenges. A step
//! loads its configuration into the lab, asks (choices, or a figure to type), runs the lab,
//! and reveals what the engine measured beside the prediction; a challenge runs the learner's
//! own settings headless and judges them.
//!
//! The markup is Leptos components; one click handler on the panel reads each button's
//! `data-action` (or `data-choice`), so the hooks the end-to-end checks and course pages use
//! are the buttons' own attributes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::course_file::CourseNote;
use super::{storage, Loader};
use crate::course::authored::Measure;
use crate::course::messages as msg;
use crate::course::progress::Progress;
use crate::course::{Grade, LabGuide, NumberQuestion, Observed, StepText, Verdict};
use crate::link::registry::{Lab, Page};
use crate::link::seconds_text;
use crate::text::group;
use crate::ui::page_url;

/// What the learner predicted.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    /// The index of a choice.
    Choice(usize),
    /// A typed figure, in the question's unit.
    Guess(f64),
}

/// Where the learner is in a step.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Question shown, lab paused at the start.
    Predict,
    /// Prediction made; the lab runs until the step's time.
    Running(Answer),
    /// The engine's figures are out.
    Revealed(Answer, Observed),
}

/// A challenge's state in the panel.
#[derive(Clone, Debug, PartialEq)]
enum Check {
    Pending,
    Checking,
    Done(Verdict, Option<String>),
}

/// The step's page: its setup, paused at the start or at `t`.
fn step_page(lab: Lab, i: usize, setup: &str, t: Option<f64>, paused: bool) -> Page {
    let mut q = format!("lab={}&step={}&{setup}", lab.key(), i + 1);
    if let Some(t) = t {
        q += &format!("&t={}", seconds_text(t));
    }
    if paused {
        q += "&paused=1";
    }
    Page::from_query(&q).0
}

/// A number prediction's grade against the engine's figure: the question, the guess, the
/// figure and the grade; `None` for a choice.
fn graded(
    s: &StepText,
    answer: Answer,
    seen: &Observed,
) -> Option<(NumberQuestion, f64, f64, Grade)> {
    match (answer, s.number, seen.value) {
        (Answer::Guess(g), Some(q), Some(m)) => Some((q, g, m, q.grade(g, m))),
        _ => None,
    }
}

/// What a screen reader hears and the reveal's first line says of a prediction.
fn verdict_line(s: &StepText, answer: Answer, seen: &Observed) -> String {
    match (answer, graded(s, answer, seen)) {
        (_, Some((q, g, m, grade))) => {
            format!(
                "{} You guessed {} {unit}; the engine measured {} {unit}, {:.0} % {}.",
                if grade.close { "Close." } else { "Not quite." },
                group(g),
                group(m),
                grade.error * 100.0,
                if grade.close {
                    "off, within the question's band"
                } else {
                    "off"
                },
                unit = q.unit
            )
        }
        (Answer::Choice(c), None) => format!(
            "{} The answer: {}.",
            if c == s.answer {
                "Right."
            } else {
                "Not quite."
            },
            s.choices.get(s.answer).copied().unwrap_or("")
        ),
        // A guess without a figure to grade it against cannot happen: the course tests give
        // every number question the engine's figure.
        _ => String::new(),
    }
}

/// Whether the reveal counts the prediction as right (a close guess, or the right choice).
fn right(s: &StepText, answer: Answer, seen: &Observed) -> bool {
    match (answer, graded(s, answer, seen)) {
        (_, Some((.., grade))) => grade.close,
        (Answer::Choice(c), None) => c == s.answer,
        (Answer::Guess(_), None) => false,
    }
}

/// The panel's heading row: the count, a button per step, leaving or starting, and (outside a
/// step) the presets.
#[component]
fn GuideHead(
    lab: Lab,
    guide: &'static dyn LabGuide,
    step: RwSignal<Option<usize>>,
    progress: RwSignal<Progress>,
    embed: bool,
    authoring: RwSignal<bool>,
) -> impl IntoView {
    let n = guide.step_count();
    let dots = (0..n)
        .map(|i| {
            let current = move || step.get() == Some(i);
            let class = move || {
                let seen = progress.with(|p| p.seen(lab.key(), i));
                match (current(), seen) {
                    (true, true) => "current seen",
                    (true, false) => "current",
                    (false, true) => "seen",
                    (false, false) => "",
                }
            };
            view! {
                <li>
                    <button type="button" data-action="open-step" data-index=i class=class
                        aria-current=move || current().then_some("step")
                        aria-label=format!("Step {}", i + 1)>
                        {i + 1}
                    </button>
                </li>
            }
        })
        .collect_view();
    // Presets are for playing: during a step they would stand between its steps and its
    // question (on a phone, ten buttons deep).
    let presets = move || {
        (!embed && step.get().is_none()).then(|| {
            view! {
                <div class="presets" role="group" aria-label="Presets">
                    <span>"Presets:"</span>
                    {guide
                        .presets()
                        .iter()
                        .enumerate()
                        .map(|(i, p)| view! { <button type="button" data-action="preset" data-index=i>{p.name}</button> })
                        .collect_view()}
                </div>
            }
        })
    };
    view! {
        <h2 id="guide-title">"Guide"</h2>
        <span class="guide-count">
            {move || match step.get() {
                Some(i) => format!("Step {} of {n}", i + 1),
                None => format!("{n} steps, then challenges"),
            }}
        </span>
        <ol class="guide-dots" aria-label="Steps">{dots}</ol>
        {(!embed).then(|| view! {
            <button type="button" class="guide-leave" data-action="leave">
                {move || if step.get().is_some() { "Leave the guide and play" } else { "Start the guide" }}
            </button>
            <button type="button" data-action="author" aria-pressed=move || if authoring.get() { "true" } else { "false" }>
                "Write a step"
            </button>
        })}
        {presets}
    }
}

/// What the panel says of a course author's steps: who wrote them, what was left out and
/// why, and where the course goes on.
fn course_view(guide: &'static dyn LabGuide, note: CourseNote) -> impl IntoView {
    let failed = note.failed.map(|why| {
        view! { <p class="refused" role="alert" data-course-failed="">{format!("The course could not be used here: {why}. This is the lab's own guide.")}</p> }
    });
    let by = guide.author().map(|title| {
        view! {
            <p class="authored" data-authored="">
                {format!("Written by the author of this link or course (“{title}”), not by Scaling Lab. The figures are the engine's, measured as in every step.")}
            </p>
        }
    });
    let problems = (!note.problems.is_empty()).then(|| {
        view! {
            <details class="course-problems" open>
                <summary>{format!("Left out of the course ({})", note.problems.len())}</summary>
                <ul>
                    {note.problems.into_iter().map(|n| view! { <li><strong>{n.key}</strong>": "{n.message}</li> }).collect_view()}
                </ul>
            </details>
        }
    });
    let elsewhere = (!note.elsewhere.is_empty()).then(|| {
        view! {
            <p class="course-elsewhere">"The course goes on in: "
                {note.elsewhere.into_iter().map(|(lab, href)| view! { <a href=href>{lab.title()}</a>" " }).collect_view()}
            </p>
        }
    });
    view! { {failed} {by} {problems} {elsewhere} }
}

/// The choices of a step, pressed and marked right once revealed.
fn choices_view(s: &'static StepText, phase: &Phase) -> impl IntoView {
    let chosen = match phase {
        Phase::Running(Answer::Choice(c)) | Phase::Revealed(Answer::Choice(c), _) => Some(*c),
        _ => None,
    };
    let revealed = matches!(phase, Phase::Revealed(..));
    let buttons = s
        .choices
        .iter()
        .enumerate()
        .map(|(c, text)| {
            view! {
                <button type="button" data-choice=c aria-pressed=if chosen == Some(c) { "true" } else { "false" }
                    disabled=chosen.is_some() class:right=revealed && c == s.answer>
                    {*text}
                </button>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{s.question}</legend>
            {buttons}
        </fieldset>
    }
}

/// A prediction in numbers: the field (`data-guess`), its unit, and why a guess was refused.
fn number_view(
    s: &'static StepText,
    q: NumberQuestion,
    phase: &Phase,
    guess: RwSignal<String>,
    refused: RwSignal<Option<String>>,
) -> impl IntoView {
    let answered = !matches!(phase, Phase::Predict);
    view! {
        <fieldset class="choices number">
            <legend>{s.question}</legend>
            <div class="guess">
                <input type="text" inputmode="decimal" autocomplete="off" data-guess=""
                    aria-label=format!("Your prediction, in {}", q.unit)
                    aria-invalid=move || if refused.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby="guess-refused"
                    prop:value=guess.get_untracked() disabled=answered
                    on:input=move |ev| {
                        guess.set(event_target_value(&ev));
                        refused.set(None);
                    } />
                <span class="unit">{q.unit}</span>
                <button type="button" data-action="guess" disabled=answered>"Predict, then run"</button>
            </div>
            <p id="guess-refused" class="refused" role="alert">{move || refused.get()}</p>
        </fieldset>
    }
}

/// The engine's figures beside the prediction, and why.
fn reveal_view(s: &'static StepText, answer: Answer, seen: &Observed) -> impl IntoView {
    let grade = graded(s, answer, seen).map(|(.., grade)| grade);
    // "Right." or "Close." in bold, the rest of the line plain.
    let line = verdict_line(s, answer, seen);
    let (head, rest) = match line.split_once(". ") {
        Some((h, r)) => (format!("{h}. "), r.to_owned()),
        None => (line, String::new()),
    };
    view! {
        <div class="reveal" class:right=right(s, answer, seen) tabindex="-1">
            <p><strong>{head}</strong>{rest}</p>
            {grade.map(|g| view! {
                <p>"Relative error: " <span data-metric="guess_error">{crate::ui::metric::plain(g.error, 3)}</span>
                    {g.misconception.map(|m| view! { <span class="misconception">" "{m}</span> })}
                </p>
            })}
            <p data-reveal="">"The engine measured: " {seen.figures.clone()}</p>
            {(!seen.holds).then(|| view! {
                <p class="hint">"This run did not show the usual outcome; try another seed to see how much it varies."</p>
            })}
            <p>{s.explain}</p>
        </div>
    }
}

/// A step: setting, question (choices or a number), and the reveal once the run is over.
fn step_view(
    i: usize,
    s: &'static StepText,
    phase: &Phase,
    guess: RwSignal<String>,
    refused: RwSignal<Option<String>>,
) -> impl IntoView {
    let question = match s.number {
        Some(q) => number_view(s, q, phase, guess, refused).into_any(),
        None => choices_view(s, phase).into_any(),
    };
    let after = match phase {
        Phase::Predict => view! {
            <p class="hint">
                {format!(
                    "{}: the lab then runs this setting for {} simulated seconds.",
                    if s.number.is_some() { "Type your prediction" } else { "Choose an answer" },
                    seconds_text(s.run_s)
                )}
            </p>
        }
        .into_any(),
        Phase::Running(_) => view! {
            <p class="hint"><button type="button" data-action="skip">"Skip to the result"</button></p>
        }
        .into_any(),
        Phase::Revealed(answer, seen) => reveal_view(s, *answer, seen).into_any(),
    };
    view! {
        <h3>{s.title}</h3>
        <p>{s.setting}</p>
        {question}
        {after}
        <div class="buttons guide-nav">
            <button type="button" data-action="back" aria-keyshortcuts="ArrowLeft" disabled=i == 0>"← Back"</button>
            <button type="button" data-action="next" aria-keyshortcuts="ArrowRight">"Next →"</button>
        </div>
    }
}

/// The challenges, each with its goal, hint, buttons and verdict.
fn challenges_view(
    lab: Lab,
    guide: &'static dyn LabGuide,
    checks: &[Check],
    progress: &Progress,
) -> impl IntoView {
    (0..guide.challenge_count())
        .filter_map(|i| guide.challenge(i).map(|c| (i, c)))
        .map(|(i, c)| {
            let state = checks.get(i).cloned().unwrap_or(Check::Pending);
            let verdict = match &state {
                Check::Done(v, _) if v.pass => "pass",
                Check::Done(..) => "fail",
                _ => "pending",
            };
            let text = match state {
                Check::Pending => format!(
                    "Not checked yet: your settings will run for {} simulated seconds from the start.",
                    seconds_text(c.run_s)
                )
                .into_any(),
                Check::Checking => "Checking: running your settings…".into_any(),
                Check::Done(v, link) => view! {
                    <strong>{if v.pass { "Passed: " } else { "Not yet: " }}</strong>
                    {format!("{}. ", v.measured)}
                    {link.map(|l| view! { <a href=l>"Link to these settings"</a> })}
                }
                .into_any(),
            };
            view! {
                <article class="challenge">
                    <h3>{c.title}{progress.passed(lab.key(), c.id).then_some(" ✓")}</h3>
                    <p>{c.goal}</p>
                    <details class="hint"><summary>"Hint"</summary>{c.hint}</details>
                    <div class="buttons">
                        <button type="button" data-action="setup-challenge" data-index=i>"Set up the challenge"</button>
                        <button type="button" data-action="check-challenge" data-index=i>"Check my settings"</button>
                    </div>
                    <p class="verdict" data-challenge=c.id data-verdict=verdict>{text}</p>
                </article>
            }
        })
        .collect_view()
}

/// The clicked control inside the panel: its action and index, or its choice.
fn clicked(ev: &leptos::ev::MouseEvent) -> Option<(String, usize)> {
    let el = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("button")
        .ok()??;
    if let Some(c) = el.get_attribute("data-choice") {
        return Some(("choose".to_owned(), c.parse().ok()?));
    }
    let index = el
        .get_attribute("data-index")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    Some((el.get_attribute("data-action")?, index))
}

/// Moves focus to the control matching `selector` once the panel has been redrawn, if the
/// redraw took it away (the focused control was replaced), so a keyboard user stays where
/// they were; focus the learner has moved elsewhere meanwhile stays there.
fn refocus(selector: String) {
    request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if document
            .active_element()
            .is_some_and(|e| e.tag_name() != "BODY")
        {
            return;
        }
        let el = document
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// The panel.
#[component]
pub fn GuidePanel(
    lab: Lab,
    guide: &'static dyn LabGuide,
    loader: Loader,
    step: RwSignal<Option<usize>>,
    sim_time: RwSignal<f64>,
    embed: bool,
    /// What to say of the course the guide comes from.
    note: CourseNote,
    /// Runs the lab headless, for the author's form.
    measure: Measure,
    /// Open the author's form at once.
    author: bool,
) -> impl IntoView {
    let n = guide.step_count();
    // A link may name a step past this guide's end (links are checked against the bound
    // every guide keeps): show the last one.
    if step.get_untracked().is_some_and(|i| i >= n) {
        step.set(n.checked_sub(1));
    }
    let g = Guiding {
        lab,
        guide,
        loader,
        step,
        sim_time,
        phase: RwSignal::new(Phase::Predict),
        guess: RwSignal::new(String::new()),
        refused: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        // An author's steps are numbered their own way: the learner's kept progress is the
        // lab's own steps'.
        progress: RwSignal::new(if guide.author().is_some() {
            Progress::default()
        } else {
            storage::load()
        }),
        checks: RwSignal::new(vec![Check::Pending; guide.challenge_count()]),
        authoring: RwSignal::new(author && !embed),
    };
    let Guiding {
        phase,
        guess,
        refused,
        announce,
        progress,
        checks,
        authoring,
        ..
    } = g;
    // A course link that names only the lab and the step opens the step's configuration; a
    // link with settings of its own (a moment shared from within a step) is left as it is.
    if let Some(i) = step.get_untracked() {
        let (linked, _) = Page::from_query(&page_url::latest_query());
        let (plain, _) = Page::from_query(&format!("lab={}&step={}", lab.key(), i + 1));
        if linked.lab == plain.lab {
            g.open(i);
        }
    }
    // An LMS hears where the learner stands from the start (a relaunch restored it).
    if guide.author().is_none() {
        progress.with_untracked(|p| g.report(p));
    }
    // The lab reached the step's moment: show what the engine measured.
    Effect::new(move |_| {
        let t = sim_time.get();
        if let (Some(i), Phase::Running(answer)) = (step.get_untracked(), phase.get_untracked()) {
            if guide.step(i).is_some_and(|s| t >= s.run_s) {
                g.reveal(i, answer);
            }
        }
    });

    view! {
        <section
            class="guide"
            aria-labelledby="guide-title"
            on:keydown=move |ev| g.on_key(&ev)
            on:click=move |ev| {
                if let Some((action, i)) = clicked(&ev) {
                    g.act(&action, i);
                }
            }
        >
            <header class="guide-head">
                <GuideHead lab=lab guide=guide step=step progress=progress embed=embed authoring=authoring />
            </header>
            {course_view(guide, note)}
            {move || authoring.get().then(|| view! { <super::author::AuthorPanel lab=lab measure=measure sim_time=sim_time /> })}
            <div class="guide-step" class:hidden=move || authoring.get() data-guide-step=move || step.get().map(|i| i + 1)>
                {move || {
                    step.get()
                        .and_then(|i| guide.step(i).map(|s| step_view(i, s, &phase.get(), guess, refused)))
                }}
            </div>
            <p class="hint" class:hidden=move || !matches!(phase.get(), Phase::Running(_)) || step.get().is_none()>
                {move || {
                    let run = step.get().and_then(|i| guide.step(i)).map_or(0.0, |s| s.run_s);
                    format!("Running: {:.1} of {} simulated seconds.", sim_time.get().min(run), seconds_text(run))
                }}
            </p>
            <p class="visually-hidden" aria-live="polite">{move || announce.get()}</p>
            {(guide.challenge_count() > 0).then(|| view! {
                <details class="challenges">
                    <summary>{format!("Challenges ({})", guide.challenge_count())}</summary>
                    <div>{move || checks.with(|c| progress.with(|p| challenges_view(lab, guide, c, p)))}</div>
                </details>
            })}
        </section>
    }
}

/// A lab's guide in motion: the step shown and its phase, the learner's guess, what a screen
/// reader hears, the progress kept, the challenges' checks; and what the panel's buttons and
/// keys do to them.
#[derive(Clone, Copy)]
struct Guiding {
    lab: Lab,
    guide: &'static dyn LabGuide,
    loader: Loader,
    step: RwSignal<Option<usize>>,
    sim_time: RwSignal<f64>,
    phase: RwSignal<Phase>,
    /// What the learner types into a number question's field, and why it was refused.
    guess: RwSignal<String>,
    refused: RwSignal<Option<String>>,
    /// What a screen reader hears when a step opens or its answer is revealed.
    announce: RwSignal<String>,
    progress: RwSignal<Progress>,
    checks: RwSignal<Vec<Check>>,
    /// The author's form is open.
    authoring: RwSignal<bool>,
}

impl Guiding {
    /// Keeps the learner's progress and tells an LMS, for the lab's own guide (an author's
    /// steps are not the lab's).
    fn keep(self, p: &Progress) {
        if self.guide.author().is_none() {
            storage::save(p);
            self.report(p);
        }
    }

    /// Tells an LMS that launched the page (SCORM) the learner's progress in this lab.
    fn report(self, p: &Progress) {
        let ids: Vec<&str> = (0..self.guide.challenge_count())
            .filter_map(|i| self.guide.challenge(i).map(|c| c.id))
            .collect();
        super::scorm::report(p, self.lab.key(), &ids);
    }

    /// Opens step `i`: its question, and the lab at its configuration.
    fn open(self, i: usize) {
        if let Some(s) = self.guide.step(i) {
            self.phase.set(Phase::Predict);
            self.guess.set(String::new());
            self.refused.set(None);
            self.announce.set(format!(
                "Step {} of {}: {}. {}",
                i + 1,
                self.guide.step_count(),
                s.title,
                s.question
            ));
            self.loader
                .load(&step_page(self.lab, i, s.setup, None, true));
        }
    }

    /// Shows what the engine measured for step `i`, graded against `answer`.
    fn reveal(self, i: usize, answer: Answer) {
        let (lab, guide) = (self.lab, self.guide);
        if let (Some(seen), Some(s)) = (guide.reveal(i), guide.step(i)) {
            self.announce.set(format!(
                "{} The engine measured: {}",
                verdict_line(s, answer, &seen),
                seen.figures
            ));
            super::course_page::progress(&msg::Progress::StepAnswered {
                lab: lab.key().to_owned(),
                step: i + 1,
                title: s.title.to_owned(),
                answer: match answer {
                    Answer::Choice(c) => msg::Answer::Choice(c),
                    Answer::Guess(g) => msg::Answer::Guess(g),
                },
                right: right(s, answer, &seen),
                figure: seen.value,
                figures: seen.figures.clone(),
            });
            self.phase.set(Phase::Revealed(answer, seen));
            // The run ended on its own or was skipped: the skip button is gone.
            refocus(".guide .reveal".to_owned());
            self.progress.update(|p| {
                if p.see_step(lab.key(), i) {
                    self.keep(p);
                }
            });
        }
    }

    /// The step `delta` from the one shown.
    fn go(self, delta: isize) {
        let next = self
            .step
            .get_untracked()
            .map_or(0, |i| i.saturating_add_signed(delta))
            .min(self.guide.step_count().saturating_sub(1));
        self.open(next);
    }

    /// Checks challenge `i` against the lab as the learner has set it.
    fn check(self, i: usize) {
        let Self {
            lab,
            guide,
            progress,
            announce,
            checks,
            ..
        } = self;
        checks.update(|c| c[i] = Check::Checking);
        // Let "Checking…" paint before the engine runs (a few hundred ms at most).
        gloo_timers::callback::Timeout::new(30, move || {
            let query = page_url::latest_query();
            let Some((verdict, _)) = guide.check(i, &query) else {
                return;
            };
            if let Some(c) = guide.challenge(i).filter(|_| verdict.pass) {
                progress.update(|p| {
                    if p.pass(lab.key(), c.id) {
                        self.keep(p);
                    }
                });
            }
            let _ = announce.try_set(format!(
                "{} {}",
                if verdict.pass {
                    "Challenge passed:"
                } else {
                    "Challenge not passed yet:"
                },
                verdict.measured
            ));
            let link = page_url::with_query(&query);
            if let Some(c) = guide.challenge(i) {
                super::course_page::progress(&msg::Progress::ChallengeChecked {
                    lab: lab.key().to_owned(),
                    challenge: c.id.to_owned(),
                    pass: verdict.pass,
                    measured: verdict.measured.clone(),
                    link: link.clone(),
                });
            }
            let _ = checks.try_update(|c| c[i] = Check::Done(verdict, link));
            refocus(format!(
                ".guide [data-action=check-challenge][data-index=\"{i}\"]"
            ));
        })
        .forget();
    }

    /// Runs step `s` (set up by `text`) with the learner's `answer`, to reveal at its end.
    fn run(self, s: usize, text: &StepText, answer: Answer) {
        self.sim_time.set(0.0);
        self.phase.set(Phase::Running(answer));
        self.loader
            .load(&step_page(self.lab, s, text.setup, None, false));
    }

    /// What a button of the panel does: `action` is its `data-action`, `i` its `data-index`.
    fn act(self, action: &str, i: usize) {
        let (lab, guide, loader) = (self.lab, self.guide, self.loader);
        let current = self.step.get_untracked();
        let setup = current.and_then(|s| guide.step(s));
        match (action, current, setup) {
            ("choose", Some(s), Some(text)) => self.run(s, text, Answer::Choice(i)),
            ("guess", Some(s), Some(text)) => {
                let Some(q) = text.number else { return };
                match q.parse_guess(&self.guess.get_untracked()) {
                    Ok(g) => self.run(s, text, Answer::Guess(g)),
                    Err(why) => {
                        self.refused.set(Some(why));
                        return;
                    }
                }
            }
            ("skip", Some(s), Some(text)) => {
                if let Phase::Running(answer) = self.phase.get_untracked() {
                    loader.load(&step_page(lab, s, text.setup, Some(text.run_s), true));
                    self.reveal(s, answer);
                }
            }
            ("next", ..) => self.go(1),
            ("back", ..) => self.go(-1),
            ("open-step", ..) => self.open(i),
            ("leave", Some(_), _) => loader.set_step(None),
            ("leave", None, _) => self.open(0),
            ("setup-challenge", ..) => {
                if let Some(c) = guide.challenge(i) {
                    loader.load(&Page::from_query(&format!("lab={}&{}", lab.key(), c.start)).0);
                    self.checks.update(|v| v[i] = Check::Pending);
                }
            }
            ("check-challenge", ..) => self.check(i),
            ("author", ..) => self.authoring.update(|a| *a = !*a),
            ("preset", ..) => {
                if let Some(p) = guide.presets().get(i) {
                    loader.load(&Page::from_query(&format!("lab={}&{}", lab.key(), p.query)).0);
                }
            }
            _ => return,
        }
        // The markup is redrawn: keep the keyboard where it was.
        refocus(match action {
            "choose" | "guess" | "skip" => ".guide .reveal, .guide [data-action=skip]".to_owned(),
            "open-step" | "next" | "back" | "leave" | "author" => {
                format!(".guide [data-action={action}]")
            }
            _ => format!(".guide [data-action={action}][data-index=\"{i}\"]"),
        });
    }

    /// Enter in a number question's field makes the prediction; the arrow keys move between
    /// steps (unless the learner is typing).
    fn on_key(self, ev: &leptos::ev::KeyboardEvent) {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if ev.key() == "Enter"
            && target
                .as_ref()
                .is_some_and(|e| e.has_attribute("data-guess"))
        {
            ev.prevent_default();
            self.act("guess", 0);
            return;
        }
        let typing = target
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || self.step.get_untracked().is_none() {
            return;
        }
        let action = match ev.key().as_str() {
            "ArrowRight" => "next",
            "ArrowLeft" => "back",
            _ => return,
        };
        ev.prevent_default();
        self.act(action, 0);
    }
}
