//! The guide panel above a lab: "predict, then see" steps and the lab's challenges. A step
//! loads its configuration into the lab, asks, runs the lab, and reveals what the engine
//! measured; a challenge runs the learner's own settings headless and judges them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{storage, Loader};
use crate::course::{LabGuide, Observed, Verdict};
use crate::labs::link::seconds_text;
use crate::labs::{Lab, Page};
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
    let progress = RwSignal::new(storage::load());

    let open = move |i: usize| {
        if let Some(s) = guide.step(i) {
            phase.set(Phase::Predict);
            loader.load(&step_page(lab, i, s.setup, None, true));
        }
    };
    // A course link that names only the lab and the step opens the step's configuration; a
    // link with settings of its own (a moment shared from within a step) is left as it is.
    if let Some(i) = step.get_untracked() {
        let bare = format!("lab={}&step={}", lab.key(), i + 1);
        let (linked, _) = Page::from_query(&page_url::latest_query());
        let (plain, _) = Page::from_query(&bare);
        if linked.lab == plain.lab {
            open(i);
        }
    }
    let reveal = move |i: usize, choice: usize| {
        if let Some(seen) = guide.reveal(i) {
            phase.set(Phase::Revealed(choice, seen));
            progress.update(|p| {
                if p.see_step(lab.key(), i) {
                    storage::save(p);
                }
            });
        }
    };
    let choose = move |choice: usize| {
        let (Some(i), Some(s)) = (
            step.get_untracked(),
            step.get_untracked().and_then(|i| guide.step(i)),
        ) else {
            return;
        };
        sim_time.set(0.0);
        phase.set(Phase::Running(choice));
        loader.load(&step_page(lab, i, s.setup, None, false));
    };
    let skip = move || {
        let (Some(i), Phase::Running(choice)) = (step.get_untracked(), phase.get_untracked())
        else {
            return;
        };
        if let Some(s) = guide.step(i) {
            loader.load(&step_page(lab, i, s.setup, Some(s.run_s), true));
            reveal(i, choice);
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
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || step.get_untracked().is_none() {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" => go(1),
            "ArrowLeft" => go(-1),
            _ => return,
        }
        ev.prevent_default();
    };

    view! {
        <section class="guide" aria-labelledby="guide-title" on:keydown=on_key>
            <header class="guide-head">
                <h2 id="guide-title">"Guide"</h2>
                <span class="guide-count">
                    {move || match step.get() {
                        Some(i) => format!("Step {} of {n}", i + 1),
                        None => format!("{n} steps, then {} challenges", guide.challenge_count()),
                    }}
                </span>
                <ol class="guide-dots" aria-label="Steps">
                    {(0..n)
                        .map(|i| {
                            let title = guide.step(i).map_or("", |s| s.title);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class:current=move || step.get() == Some(i)
                                        class:seen=move || progress.with(|p| p.seen(lab.key(), i))
                                        aria-current=move || (step.get() == Some(i)).then_some("step")
                                        title=title
                                        aria-label=format!("Step {}: {title}", i + 1)
                                        on:click=move |_| open(i)
                                    >
                                        {i + 1}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {(!embed)
                    .then(|| {
                        view! {
                            <button type="button" class="guide-leave" on:click=move |_| {
                                if step.get_untracked().is_some() {
                                    loader.set_step(None);
                                } else {
                                    open(0);
                                }
                            }>
                                {move || if step.get().is_some() { "Leave the guide and play" } else { "Start the guide" }}
                            </button>
                        }
                    })}
            </header>
            {move || {
                step.get()
                    .and_then(|i| guide.step(i).map(|s| (i, s)))
                    .map(|(i, s)| {
                        view! {
                            <div class="guide-step" data-guide-step=i + 1>
                                <h3>{s.title}</h3>
                                <p>{s.setting}</p>
                                <fieldset class="choices">
                                    <legend>{s.question}</legend>
                                    {s
                                        .choices
                                        .iter()
                                        .enumerate()
                                        .map(|(c, text)| {
                                            let chosen = move || match phase.get() {
                                                Phase::Running(x) | Phase::Revealed(x, _) => Some(x),
                                                Phase::Predict => None,
                                            };
                                            view! {
                                                <button
                                                    type="button"
                                                    data-choice=c
                                                    aria-pressed=move || (chosen() == Some(c)).to_string()
                                                    disabled=move || chosen().is_some()
                                                    class:right=move || matches!(phase.get(), Phase::Revealed(..)) && c == s.answer
                                                    on:click=move |_| choose(c)
                                                >
                                                    {*text}
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                                {move || match phase.get() {
                                    Phase::Predict => view! {
                                        <p class="hint">"Choose an answer: the lab then runs this setting for " {seconds_text(s.run_s)} " simulated seconds."</p>
                                    }
                                        .into_any(),
                                    Phase::Running(_) => view! {
                                        <p class="hint" role="status">
                                            {move || format!("Running: {:.1} of {} simulated seconds. ", sim_time.get().min(s.run_s), seconds_text(s.run_s))}
                                            <button type="button" data-action="skip" on:click=move |_| skip()>"Skip to the result"</button>
                                        </p>
                                    }
                                        .into_any(),
                                    Phase::Revealed(choice, seen) => view! {
                                        <Reveal right=choice == s.answer answer=s.choices.get(s.answer).copied().unwrap_or("") seen=seen explain=s.explain />
                                    }
                                        .into_any(),
                                }}
                                <div class="buttons guide-nav">
                                    <button type="button" data-action="back" aria-keyshortcuts="ArrowLeft" disabled={i == 0} on:click=move |_| go(-1)>
                                        "← Back"
                                    </button>
                                    <button type="button" data-action="next" aria-keyshortcuts="ArrowRight" disabled={i + 1 >= n} on:click=move |_| go(1)>
                                        "Next →"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <Challenges lab=lab guide=guide loader=loader progress=progress open=step.get_untracked().is_none() />
        </section>
    }
}

/// The answer, the engine's figures and the explanation.
#[component]
fn Reveal(
    right: bool,
    answer: &'static str,
    seen: Observed,
    explain: &'static str,
) -> impl IntoView {
    view! {
        <div class="reveal" role="status" class:right=right>
            <p>
                <strong>{if right { "Right. " } else { "Not quite. " }}</strong>
                "The answer: " {answer} "."
            </p>
            <p data-reveal="">"The engine measured: " {seen.figures}</p>
            {(!seen.holds)
                .then(|| view! { <p class="hint">"This run did not show the usual outcome; try another seed to see how much it varies."</p> })}
            <p>{explain}</p>
        </div>
    }
}

/// The lab's challenges, each checked by running the learner's settings headless.
#[component]
fn Challenges(
    lab: Lab,
    guide: &'static dyn LabGuide,
    loader: Loader,
    progress: RwSignal<crate::course::progress::Progress>,
    open: bool,
) -> impl IntoView {
    let checks = RwSignal::new(vec![Check::Pending; guide.challenge_count()]);
    let check = move |i: usize| {
        checks.update(|c| c[i] = Check::Checking);
        // Let "Checking…" paint before the engine runs (a few hundred ms at most).
        set_timeout(
            move || {
                let query = page_url::latest_query();
                let Some((verdict, _)) = guide.check(i, &query) else {
                    return;
                };
                if verdict.pass {
                    if let Some(c) = guide.challenge(i) {
                        progress.update(|p| {
                            if p.pass(lab.key(), c.id) {
                                storage::save(p);
                            }
                        });
                    }
                }
                let link = page_url::with_query(&query);
                let _ = checks.try_update(|c| c[i] = Check::Done(verdict, link));
            },
            std::time::Duration::from_millis(30),
        );
    };
    view! {
        <details class="challenges" open=open>
            <summary>{format!("Challenges ({})", guide.challenge_count())}</summary>
            {(0..guide.challenge_count())
                .filter_map(|i| guide.challenge(i).map(|c| (i, c)))
                .map(|(i, c)| {
                    let state = move || checks.with(|v| v.get(i).cloned().unwrap_or(Check::Pending));
                    view! {
                        <article class="challenge">
                            <h3>
                                {c.title}
                                {move || progress.with(|p| p.passed(lab.key(), c.id)).then_some(" ✓")}
                            </h3>
                            <p>{c.goal}</p>
                            <details class="hint">
                                <summary>"Hint"</summary>
                                {c.hint}
                            </details>
                            <div class="buttons">
                                <button type="button" on:click=move |_| {
                                    loader.load(&Page::from_query(&format!("lab={}&{}", lab.key(), c.start)).0);
                                    checks.update(|v| v[i] = Check::Pending);
                                }>
                                    "Set up the challenge"
                                </button>
                                <button type="button" data-action="check-challenge" on:click=move |_| check(i)>
                                    "Check my settings"
                                </button>
                            </div>
                            <p
                                class="verdict"
                                data-challenge=c.id
                                data-verdict=move || match state() {
                                    Check::Done(v, _) if v.pass => "pass",
                                    Check::Done(..) => "fail",
                                    _ => "pending",
                                }
                                role="status"
                            >
                                {move || match state() {
                                    Check::Pending => format!("Not checked yet: your settings will run for {} simulated seconds from the start.", seconds_text(c.run_s)).into_any(),
                                    Check::Checking => "Checking: running your settings…".into_any(),
                                    Check::Done(v, link) => view! {
                                        <strong>{if v.pass { "Passed: " } else { "Not yet: " }}</strong>
                                        {v.measured}
                                        ". "
                                        {link.map(|href| view! { <a href=href>"Link to these settings"</a> })}
                                    }
                                        .into_any(),
                                }}
                            </p>
                        </article>
                    }
                })
                .collect_view()}
        </details>
    }
}
