//! Author mode: a course author sets the lab up, runs it to a moment, and writes a step about
//! it. The form shows the engine's figures for the rule as it is typed (from a headless run of
//! the lab's link to the step's moment), refuses a rule the run does not satisfy for the
//! marked answer, and gives a link (the step in it, as JSON) and an embed snippet; steps too
//! long for a link, or several, go to a course file.

use leptos::prelude::*;

use crate::course::authored::{
    observe, AuthoredNumber, AuthoredStep, Course, Judge, Measure, Measured, FORMAT,
    MAX_LINK_CHARS, RUN_S,
};
use crate::course::{embed_snippet, rule};
use crate::link::registry::Lab;
use crate::ui::controls::Choice;
use crate::ui::page_url;
use crate::ui::playback::select_all;

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct Draft {
    by: RwSignal<String>,
    title: RwSignal<String>,
    setting: RwSignal<String>,
    question: RwSignal<String>,
    /// `choices` or `number`.
    kind: RwSignal<&'static str>,
    choices: [RwSignal<String>; 4],
    answer: RwSignal<usize>,
    rule: RwSignal<String>,
    unit: RwSignal<String>,
    band: RwSignal<String>,
    explain: RwSignal<String>,
    run_s: RwSignal<String>,
}

/// The run the step starts from and what it measured at the step's moment.
#[derive(Clone, Debug, PartialEq)]
struct Measurement {
    setup: String,
    run_s: f64,
    figures: Vec<Measured>,
}

/// What the form made: the link and the snippet, or why not.
#[derive(Clone, Debug, PartialEq)]
enum Made {
    Nothing,
    Refused(String),
    Link { link: String, snippet: String },
}

impl Draft {
    fn new(run_s: f64) -> Self {
        let text = |s: &str| RwSignal::new(s.to_owned());
        Self {
            by: text("A course author"),
            title: text(""),
            setting: text(""),
            question: text(""),
            kind: RwSignal::new("choices"),
            choices: std::array::from_fn(|_| text("")),
            answer: RwSignal::new(0),
            rule: text(""),
            unit: text(""),
            band: text("0.25"),
            explain: text(""),
            run_s: text(&format!("{:.1}", run_s.clamp(RUN_S.0, RUN_S.1))),
        }
    }

    fn number(&self) -> bool {
        self.kind.get() == "number"
    }

    /// The step as typed, on the measured run.
    fn step(&self, m: &Measurement) -> Result<AuthoredStep, String> {
        let band = self
            .band
            .get_untracked()
            .trim()
            .parse::<f64>()
            .map_err(|_| {
                "“band” is the relative error counted as close, such as 0.25 for 25 %".to_owned()
            })?;
        let number = self.kind.get_untracked() == "number";
        Ok(AuthoredStep {
            lab: None,
            title: self.title.get_untracked(),
            setup: m.setup.clone(),
            setting: self.setting.get_untracked(),
            run_s: m.run_s,
            question: self.question.get_untracked(),
            choices: if number {
                Vec::new()
            } else {
                self.choices
                    .iter()
                    .map(|c| c.get_untracked())
                    .filter(|c| !c.trim().is_empty())
                    .collect()
            },
            answer: self.answer.get_untracked(),
            rule: self.rule.get_untracked(),
            number: number.then(|| AuthoredNumber {
                unit: self.unit.get_untracked(),
                min: 0.0,
                max: 1e12,
                band,
            }),
            explain: self.explain.get_untracked(),
        })
    }
}

/// The engine's figures for the rule as typed: what a screen reader and the author read.
fn rule_figures(kind: &str, text: &str, m: Option<&Measurement>) -> String {
    let Some(m) = m else {
        return "Measuring the lab…".to_owned();
    };
    if text.trim().is_empty() {
        return "Type a rule over the lab's figures (see the list below).".to_owned();
    }
    let judge = if kind == "number" {
        rule::metric_name(text).map(Judge::Figure)
    } else {
        rule::Rule::parse(text).map(Judge::Rule)
    };
    let judge = match judge {
        Ok(j) => j,
        Err(e) => return format!("Not a rule yet: {e}."),
    };
    if let Some(n) = judge
        .metrics()
        .into_iter()
        .find(|n| !m.figures.iter().any(|f| f.name == *n))
    {
        return format!(
            "{}.",
            crate::course::rule::unknown(n).replacen("this", "This", 1)
        );
    }
    let seen = observe(&judge, &m.figures);
    match judge {
        Judge::Figure(_) => format!("The engine measures {} at {} s.", seen.figures, m.run_s),
        Judge::Rule(_) => format!(
            "{} at {} s: {}.",
            seen.figures,
            m.run_s,
            if seen.holds {
                "the rule holds"
            } else {
                "the rule does not hold"
            }
        ),
    }
}

/// Checks the step against the measured run and makes its link, or says why not.
fn make(lab: Lab, draft: Draft, m: &Measurement, made: &mut Vec<AuthoredStep>) -> Made {
    let step = match draft.step(m) {
        Ok(s) => s,
        Err(e) => return Made::Refused(e),
    };
    let judge = match step.check() {
        Ok(j) => j,
        Err(e) => return Made::Refused(format!("This step cannot be used yet: {e}.")),
    };
    if let Some(n) = judge
        .metrics()
        .into_iter()
        .find(|n| !m.figures.iter().any(|f| f.name == *n))
    {
        return Made::Refused(format!(
            "The rule names a figure this lab does not have: “{n}”."
        ));
    }
    let seen = observe(&judge, &m.figures);
    if !seen.holds {
        return Made::Refused(format!(
            "The rule does not hold in this run ({}), so learners choosing the answer you marked would be told they were wrong. Change the rule, the marked answer or the lab's settings.",
            seen.figures
        ));
    }
    let course = Course {
        format: FORMAT,
        title: draft.by.get_untracked(),
        steps: vec![step.clone()],
        challenges: Vec::new(),
    };
    if let Err(e) = Course::parse(&course.to_json()) {
        return Made::Refused(format!("This step cannot be used yet: {e}."));
    }
    // Kept for the course file, which takes what a link cannot.
    if !made.contains(&step) {
        made.push(step.clone());
    }
    let query = crate::link::build(&[
        ("lab", lab.key().to_owned()),
        ("step", "1".to_owned()),
        ("authored", course.to_json()),
    ]);
    let (Some(link), Some(embed)) = (
        page_url::with_query(&query),
        page_url::with_query(&format!("{query}&embed=1")),
    ) else {
        return Made::Refused("This page has no address to link to.".to_owned());
    };
    if link.len() > MAX_LINK_CHARS {
        return Made::Refused(format!(
            "The link would be {} characters long; links stay under {}. Download the steps as a course file and put it beside the site instead.",
            link.len(),
            MAX_LINK_CHARS
        ));
    }
    let snippet = embed_snippet(&embed, &format!("Scaling Lab: {}", step.title), 900);
    Made::Link { link, snippet }
}

/// The lab's moment, simulated seconds: its reported time, or the link's `t` while the lab
/// has not reported yet (the form opened with the page).
fn moment(sim_time: RwSignal<f64>) -> f64 {
    let linked = crate::link::Link::parse(&page_url::latest_query())
        .raw("t")
        .and_then(|t| t.parse::<f64>().ok())
        .filter(|t| t.is_finite())
        .unwrap_or(0.0);
    match sim_time.get_untracked() {
        t if t > 0.0 => t,
        _ => linked,
    }
}

/// Runs the lab's link as it is now (its moment becomes the step's length) headless.
fn measure_now(measure: Measure, run_s: f64) -> Result<Measurement, String> {
    let setup = crate::course::authored::lab_query(&page_url::latest_query());
    let run_s = run_s.clamp(RUN_S.0, RUN_S.1);
    let figures = measure(&setup, run_s, false)
        .ok_or("this lab's page could not be run headless; reload it and try again")?;
    Ok(Measurement {
        setup,
        run_s,
        figures,
    })
}

/// A labelled text field bound to `value`, with its `data-author` hook.
#[component]
fn Field(
    label: &'static str,
    hook: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] long: bool,
) -> impl IntoView {
    let input = move |ev| value.set(event_target_value(&ev));
    view! {
        <label class="author-field">
            <span>{label}</span>
            {if long {
                view! { <textarea data-author=hook rows="3" prop:value=move || value.get() on:input=input></textarea> }.into_any()
            } else {
                view! { <input type="text" data-author=hook autocomplete="off" prop:value=move || value.get() on:input=input /> }.into_any()
            }}
        </label>
    }
}

/// The fields of the answer: the choices and the right one, or the unit and band of a guess.
fn answer_fields(draft: Draft) -> impl IntoView {
    let choice_fields = move || {
        (!draft.number()).then(|| {
            let fields = (0..4)
                .map(|i| {
                    let label = ["Choice 1", "Choice 2", "Choice 3 (optional)", "Choice 4 (optional)"][i];
                    view! { <Field label=label hook="choice" value=draft.choices[i] /> }
                })
                .collect_view();
            view! {
                {fields}
                <Choice id="author-answer" label="The right choice"
                    options=vec![("0", "Choice 1"), ("1", "Choice 2"), ("2", "Choice 3"), ("3", "Choice 4")]
                    value=Signal::derive(move || ["0", "1", "2", "3"][draft.answer.get().min(3)])
                    on_change=Callback::new(move |v: String| draft.answer.set(v.parse().unwrap_or(0)))
                />
            }
        })
    };
    let number_fields = move || {
        draft.number().then(|| view! {
            <Field label="Unit of the guess" hook="unit" value=draft.unit />
            <Field label="Close within (relative error: 0.25 is 25 %)" hook="band" value=draft.band />
        })
    };
    view! { {choice_fields} {number_fields} }
}

/// What "Get the link" made: the link and snippet, or why not.
fn made_view(made: RwSignal<Made>) -> impl IntoView {
    move || {
        match made.get() {
        Made::Nothing => ().into_any(),
        Made::Refused(why) => view! { <p class="refused" role="alert" data-author-refused="">{why}</p> }.into_any(),
        Made::Link { link, snippet } => view! {
            <label class="share">"The step's link"
                <input type="text" readonly data-author-link="" prop:value=link.clone() on:focus=|ev| select_all(&ev) />
            </label>
            <p><a href=link target="_blank" rel="noopener">"Open it in a new tab"</a></p>
            <label class="share">"Embed code"
                <input type="text" readonly data-author-snippet="" prop:value=snippet on:focus=|ev| select_all(&ev) />
            </label>
        }.into_any(),
    }
    }
}

/// The form.
#[component]
pub fn AuthorPanel(lab: Lab, measure: Measure, sim_time: RwSignal<f64>) -> impl IntoView {
    let draft = Draft::new(moment(sim_time));
    let measured = RwSignal::new(None::<Result<Measurement, String>>);
    let made = RwSignal::new(Made::Nothing);
    let steps = StoredValue::new(Vec::<AuthoredStep>::new());
    let remeasure = move |run_s: f64| {
        measured.set(None);
        // Let "Measuring…" paint before the engine runs.
        gloo_timers::callback::Timeout::new(30, move || {
            let _ = measured.try_set(Some(measure_now(measure, run_s)));
        })
        .forget();
    };
    remeasure(moment(sim_time));
    let ok = move || measured.with(|m| m.as_ref().and_then(|r| r.as_ref().ok()).cloned());
    let use_now = move |_| {
        let t = moment(sim_time);
        draft.run_s.set(format!("{:.1}", t.clamp(RUN_S.0, RUN_S.1)));
        remeasure(t);
    };
    let set_run = move |ev| {
        let typed = event_target_value(&ev);
        draft.run_s.set(typed.clone());
        if let Ok(t) = typed.trim().parse::<f64>() {
            remeasure(t);
        }
    };
    let get_link = move |_| {
        let result = match ok() {
            Some(m) => steps
                .try_update_value(|s| make(lab, draft, &m, s))
                .unwrap_or(Made::Nothing),
            None => Made::Refused("Wait for the lab to be measured.".to_owned()),
        };
        made.set(result);
    };
    let download = move |_| {
        let course = Course {
            format: FORMAT,
            title: draft.by.get_untracked(),
            steps: steps.with_value(|s| {
                s.iter()
                    .cloned()
                    .map(|mut s| {
                        s.lab = Some(lab.key().to_owned());
                        s
                    })
                    .collect()
            }),
            challenges: Vec::new(),
        };
        crate::ui::download::save_text("course.json", "application/json", &course.to_file());
    };
    view! {
        <section class="author" aria-labelledby="author-title">
            <h3 id="author-title">"Write a step"</h3>
            <p class="hint">
                "Set the lab up, run it to the moment your question is about, then write the step. It starts from the lab's settings, seed and actions as they are now, and runs for the seconds below."
            </p>
            <div class="buttons">
                <button type="button" data-action="author-measure" on:click=use_now>"Use the lab as it is now"</button>
                <label class="author-field inline">
                    <span>"Run for (simulated s)"</span>
                    <input type="text" inputmode="decimal" data-author="run" prop:value=move || draft.run_s.get() on:change=set_run />
                </label>
            </div>
            <Field label="Written by" hook="by" value=draft.by />
            <Field label="Title" hook="title" value=draft.title />
            <Field label="What the learner reads first" hook="setting" value=draft.setting long=true />
            <Field label="Question" hook="question" value=draft.question />
            <Choice id="author-kind" label="Answered by"
                options=vec![("choices", "Choosing (2 to 4 choices)"), ("number", "Guessing a figure")]
                value=Signal::derive(move || draft.kind.get())
                on_change=Callback::new(move |v: String| draft.kind.set(if v == "number" { "number" } else { "choices" }))
            />
            {answer_fields(draft)}
            <Field label="Rule: when the marked choice is right (depth_email > 1000), or the figure a guess is graded against" hook="rule" value=draft.rule />
            <p class="author-figure" data-author-figure="" aria-live="polite">
                {move || match measured.get() {
                    Some(Err(e)) => format!("The lab could not be measured: {e}."),
                    m => rule_figures(draft.kind.get(), &draft.rule.get(), m.as_ref().and_then(|r| r.as_ref().ok())),
                }}
            </p>
            <Field label="Why (shown with the engine's figures)" hook="explain" value=draft.explain long=true />
            <div class="buttons">
                <button type="button" data-action="author-link" on:click=get_link>"Get the link"</button>
                <button type="button" data-action="author-file" on:click=download>"Download my steps as a course file"</button>
            </div>
            {made_view(made)}
            <details class="author-metrics">
                <summary>"The lab's figures at this moment (names for rules)"</summary>
                <ul>
                    {move || ok().map(|m| m.figures.into_iter().map(|f| view! {
                        <li><code>{f.name}</code>" "{f.label}": "{format!("{:.*} {}", f.decimals, f.value, f.unit)}</li>
                    }).collect_view())}
                </ul>
            </details>
        </section>
    }
}
