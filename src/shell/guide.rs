//! The guide panel beside a lab: "predict, then see" steps and the lab's challenges. A step
//! loads its configuration into the lab, asks, runs the lab, and reveals what the engine
//! measured; a challenge runs the learner's own settings headless and judges them.
//!
//! The panel is rendered as markup from its state, with one click handler for all its
//! buttons: each reactive view costs about a kilobyte of the download, and this panel has
//! many, so it is drawn the way the labs draw their animations, from state, in one place.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{storage, Loader};
use crate::course::progress::Progress;
use crate::course::{LabGuide, Observed, StepText, Verdict};
use crate::labs::link::seconds_text;
use crate::labs::{Lab, Page};
use crate::text::escape_html as esc;
use crate::ui::page_url;

/// Where the learner is in a step.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Question shown, lab paused at the start.
    Predict,
    /// Answer chosen; the lab runs until the step's time.
    Running(usize),
    /// The engine's figures are out.
    Revealed(usize, Observed),
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

/// The panel's heading row: the count, a button per step, leaving or starting, and (outside a
/// step) the presets.
fn head_html(
    lab: Lab,
    guide: &dyn LabGuide,
    step: Option<usize>,
    progress: &Progress,
    embed: bool,
) -> String {
    let n = guide.step_count();
    let mut h = String::from("<h2 id=\"guide-title\">Guide</h2><span class=\"guide-count\">");
    h += &match step {
        Some(i) => format!("Step {} of {n}", i + 1),
        None => format!("{n} steps, then challenges"),
    };
    h += "</span><ol class=\"guide-dots\" aria-label=\"Steps\">";
    for i in 0..n {
        let current = step == Some(i);
        h += &format!(
            "<li><button type=\"button\" data-action=\"open-step\" data-index=\"{i}\" class=\"{}{}\"{} aria-label=\"Step {}\">{}</button></li>",
            if current { "current" } else { "" },
            if progress.seen(lab.key(), i) { " seen" } else { "" },
            if current { " aria-current=\"step\"" } else { "" },
            i + 1,
            i + 1
        );
    }
    h += "</ol>";
    if !embed {
        h += &format!(
            "<button type=\"button\" class=\"guide-leave\" data-action=\"leave\">{}</button>",
            if step.is_some() {
                "Leave the guide and play"
            } else {
                "Start the guide"
            }
        );
    }
    // Presets are for playing: during a step they would stand between its steps and its
    // question (on a phone, ten buttons deep).
    if !embed && step.is_none() {
        h += "<div class=\"presets\" role=\"group\" aria-label=\"Presets\"><span>Presets:</span>";
        for (i, p) in guide.presets().iter().enumerate() {
            h += &format!(
                "<button type=\"button\" data-action=\"preset\" data-index=\"{i}\">{}</button>",
                esc(p.name)
            );
        }
        h += "</div>";
    }
    h
}

/// A step: setting, question, answers, and the reveal once the run is over.
fn step_html(i: usize, s: &StepText, phase: &Phase) -> String {
    let chosen = match phase {
        Phase::Running(c) | Phase::Revealed(c, _) => Some(*c),
        Phase::Predict => None,
    };
    let revealed = matches!(phase, Phase::Revealed(..));
    let mut h = format!(
        "<h3>{}</h3><p>{}</p><fieldset class=\"choices\"><legend>{}</legend>",
        esc(s.title),
        esc(s.setting),
        esc(s.question)
    );
    for (c, text) in s.choices.iter().enumerate() {
        h += &format!(
            "<button type=\"button\" data-choice=\"{c}\" aria-pressed=\"{}\"{}{}>{}</button>",
            chosen == Some(c),
            if chosen.is_some() { " disabled" } else { "" },
            if revealed && c == s.answer {
                " class=\"right\""
            } else {
                ""
            },
            esc(text)
        );
    }
    h += "</fieldset>";
    match phase {
        Phase::Predict => {
            h += &format!(
                "<p class=\"hint\">Choose an answer: the lab then runs this setting for {} simulated seconds.</p>",
                seconds_text(s.run_s)
            );
        }
        Phase::Running(_) => {
            h += "<p class=\"hint\"><button type=\"button\" data-action=\"skip\">Skip to the result</button></p>";
        }
        Phase::Revealed(c, seen) => {
            let right = *c == s.answer;
            h += &format!(
                "<div class=\"reveal{}\" tabindex=\"-1\"><p><strong>{}</strong>The answer: {}.</p><p data-reveal=\"\">The engine measured: {}</p>{}<p>{}</p></div>",
                if right { " right" } else { "" },
                if right { "Right. " } else { "Not quite. " },
                esc(s.choices.get(s.answer).copied().unwrap_or("")),
                esc(&seen.figures),
                if seen.holds {
                    ""
                } else {
                    "<p class=\"hint\">This run did not show the usual outcome; try another seed to see how much it varies.</p>"
                },
                esc(s.explain)
            );
        }
    }
    h += &format!(
        "<div class=\"buttons guide-nav\"><button type=\"button\" data-action=\"back\" aria-keyshortcuts=\"ArrowLeft\"{}>← Back</button><button type=\"button\" data-action=\"next\" aria-keyshortcuts=\"ArrowRight\">Next →</button></div>",
        if i == 0 { " disabled" } else { "" }
    );
    h
}

/// The challenges, each with its goal, hint, buttons and verdict.
fn challenges_html(
    lab: Lab,
    guide: &dyn LabGuide,
    checks: &[Check],
    progress: &Progress,
) -> String {
    let mut h = String::new();
    for i in 0..guide.challenge_count() {
        let Some(c) = guide.challenge(i) else {
            continue;
        };
        let state = checks.get(i).unwrap_or(&Check::Pending);
        let (verdict, text) = match state {
            Check::Pending => (
                "pending",
                format!(
                    "Not checked yet: your settings will run for {} simulated seconds from the start.",
                    seconds_text(c.run_s)
                ),
            ),
            Check::Checking => ("pending", "Checking: running your settings…".to_owned()),
            Check::Done(v, link) => (
                if v.pass { "pass" } else { "fail" },
                format!(
                    "<strong>{}</strong>{}. {}",
                    if v.pass { "Passed: " } else { "Not yet: " },
                    esc(&v.measured),
                    link.as_deref()
                        .map(|l| format!("<a href=\"{}\">Link to these settings</a>", esc(l)))
                        .unwrap_or_default()
                ),
            ),
        };
        h += &format!(
            "<article class=\"challenge\"><h3>{}{}</h3><p>{}</p><details class=\"hint\"><summary>Hint</summary>{}</details><div class=\"buttons\"><button type=\"button\" data-action=\"setup-challenge\" data-index=\"{i}\">Set up the challenge</button><button type=\"button\" data-action=\"check-challenge\" data-index=\"{i}\">Check my settings</button></div><p class=\"verdict\" data-challenge=\"{}\" data-verdict=\"{verdict}\">{text}</p></article>",
            esc(c.title),
            if progress.passed(lab.key(), c.id) { " ✓" } else { "" },
            esc(c.goal),
            esc(c.hint),
            esc(c.id),
        );
    }
    h
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
) -> impl IntoView {
    let n = guide.step_count();
    // A link may name a step past this guide's end (links are checked against the bound
    // every guide keeps): show the last one.
    if step.get_untracked().is_some_and(|i| i >= n) {
        step.set(n.checked_sub(1));
    }
    let phase = RwSignal::new(Phase::Predict);
    // What a screen reader hears when a step opens or its answer is revealed.
    let announce = RwSignal::new(String::new());
    let progress = RwSignal::new(storage::load());
    let checks = RwSignal::new(vec![Check::Pending; guide.challenge_count()]);

    let open = move |i: usize| {
        if let Some(s) = guide.step(i) {
            phase.set(Phase::Predict);
            announce.set(format!(
                "Step {} of {n}: {}. {}",
                i + 1,
                s.title,
                s.question
            ));
            loader.load(&step_page(lab, i, s.setup, None, true));
        }
    };
    // A course link that names only the lab and the step opens the step's configuration; a
    // link with settings of its own (a moment shared from within a step) is left as it is.
    if let Some(i) = step.get_untracked() {
        let (linked, _) = Page::from_query(&page_url::latest_query());
        let (plain, _) = Page::from_query(&format!("lab={}&step={}", lab.key(), i + 1));
        if linked.lab == plain.lab {
            open(i);
        }
    }
    let reveal = move |i: usize, choice: usize| {
        if let (Some(seen), Some(s)) = (guide.reveal(i), guide.step(i)) {
            announce.set(format!(
                "{} The answer: {}. The engine measured: {}",
                if choice == s.answer {
                    "Right."
                } else {
                    "Not quite."
                },
                s.choices.get(s.answer).copied().unwrap_or(""),
                seen.figures
            ));
            phase.set(Phase::Revealed(choice, seen));
            // The run ended on its own or was skipped: the skip button is gone.
            refocus(".guide .reveal".to_owned());
            progress.update(|p| {
                if p.see_step(lab.key(), i) {
                    storage::save(p);
                }
            });
        }
    };
    // The lab reached the step's moment: show what the engine measured.
    Effect::new(move |_| {
        let t = sim_time.get();
        if let (Some(i), Phase::Running(choice)) = (step.get_untracked(), phase.get_untracked()) {
            if guide.step(i).is_some_and(|s| t >= s.run_s) {
                reveal(i, choice);
            }
        }
    });
    let go = move |delta: isize| {
        let next = step
            .get_untracked()
            .map_or(0, |i| i.saturating_add_signed(delta))
            .min(n.saturating_sub(1));
        open(next);
    };
    let check = move |i: usize| {
        checks.update(|c| c[i] = Check::Checking);
        // Let "Checking…" paint before the engine runs (a few hundred ms at most).
        set_timeout(
            move || {
                let query = page_url::latest_query();
                let Some((verdict, _)) = guide.check(i, &query) else {
                    return;
                };
                if let Some(c) = guide.challenge(i).filter(|_| verdict.pass) {
                    progress.update(|p| {
                        if p.pass(lab.key(), c.id) {
                            storage::save(p);
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
                let _ = checks.try_update(|c| c[i] = Check::Done(verdict, link));
                refocus(format!(
                    ".guide [data-action=check-challenge][data-index=\"{i}\"]"
                ));
            },
            std::time::Duration::from_millis(30),
        );
    };
    let act = move |action: &str, i: usize| {
        let current = step.get_untracked();
        let setup = current.and_then(|s| guide.step(s));
        match (action, current, setup) {
            ("choose", Some(s), Some(text)) => {
                sim_time.set(0.0);
                phase.set(Phase::Running(i));
                loader.load(&step_page(lab, s, text.setup, None, false));
            }
            ("skip", Some(s), Some(text)) => {
                if let Phase::Running(choice) = phase.get_untracked() {
                    loader.load(&step_page(lab, s, text.setup, Some(text.run_s), true));
                    reveal(s, choice);
                }
            }
            ("next", ..) => go(1),
            ("back", ..) => go(-1),
            ("open-step", ..) => open(i),
            ("leave", Some(_), _) => loader.set_step(None),
            ("leave", None, _) => open(0),
            ("setup-challenge", ..) => {
                if let Some(c) = guide.challenge(i) {
                    loader.load(&Page::from_query(&format!("lab={}&{}", lab.key(), c.start)).0);
                    checks.update(|v| v[i] = Check::Pending);
                }
            }
            ("check-challenge", ..) => check(i),
            ("preset", ..) => {
                if let Some(p) = guide.presets().get(i) {
                    loader.load(&Page::from_query(&format!("lab={}&{}", lab.key(), p.query)).0);
                }
            }
            _ => return,
        }
        // The markup is redrawn: keep the keyboard where it was.
        refocus(match action {
            "choose" | "skip" => ".guide .reveal, .guide [data-action=skip]".to_owned(),
            "open-step" | "next" | "back" | "leave" => format!(".guide [data-action={action}]"),
            _ => format!(".guide [data-action={action}][data-index=\"{i}\"]"),
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || step.get_untracked().is_none() {
            return;
        }
        let action = match ev.key().as_str() {
            "ArrowRight" => "next",
            "ArrowLeft" => "back",
            _ => return,
        };
        ev.prevent_default();
        act(action, 0);
    };

    view! {
        <section
            class="guide"
            aria-labelledby="guide-title"
            on:keydown=on_key
            on:click=move |ev| {
                if let Some((action, i)) = clicked(&ev) {
                    act(&action, i);
                }
            }
        >
            <header class="guide-head" inner_html=move || progress.with(|p| head_html(lab, guide, step.get(), p, embed))></header>
            <div
                class="guide-step"
                data-guide-step=move || step.get().map(|i| i + 1)
                inner_html=move || {
                    step.get()
                        .and_then(|i| guide.step(i).map(|s| step_html(i, s, &phase.get())))
                        .unwrap_or_default()
                }
            ></div>
            <p class="hint" class:hidden=move || !matches!(phase.get(), Phase::Running(_)) || step.get().is_none()>
                {move || {
                    let run = step.get().and_then(|i| guide.step(i)).map_or(0.0, |s| s.run_s);
                    format!("Running: {:.1} of {} simulated seconds.", sim_time.get().min(run), seconds_text(run))
                }}
            </p>
            <p class="visually-hidden" aria-live="polite">{move || announce.get()}</p>
            <details class="challenges">
                <summary>{format!("Challenges ({})", guide.challenge_count())}</summary>
                <div inner_html=move || checks.with(|c| progress.with(|p| challenges_html(lab, guide, c, p)))></div>
            </details>
        </section>
    }
}
