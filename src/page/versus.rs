//! Two runs side by side: a lab's own run (A) and a second one (B) with the comparison's other
//! settings, on the same seed, so both see the same arrivals. B follows A's clock: it runs or
//! seeks to A's moment after every frame (a long way over several), and takes every change
//! the learner makes.

use crate::page::lab::Figure;
use leptos::html;
use leptos::prelude::*;

use super::lab_run::LabModel;
use super::run::{clock, run_until, RunCtl, SLICE_MS};
use crate::link::registry::{comparisons, Comparison, Lab, LabParams, Page};
use crate::page::frame::LabFrame;
use crate::sim::timeline::Timeline;

/// How far behind the first run the second may be and still be brought level at once: more
/// than a frame of play at 16×.
const PACE_TICKS: u64 = 1_000;

/// The second run of a comparison, or nothing when the page compares nothing.
pub struct Versus<S: LabModel> {
    /// What is compared.
    pub compare: Option<&'static Comparison>,
    tl: StoredValue<Option<Timeline<S>>, LocalStorage>,
    /// The table's rows, as last tabulated.
    rows: RwSignal<Vec<Row>>,
}

impl<S: LabModel> Clone for Versus<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: LabModel> Copy for Versus<S> {}

impl<S: LabModel> Versus<S> {
    /// The second run of the comparison `frame` asks for, for the page of `a`.
    pub fn open(frame: &LabFrame, a: LabParams) -> Self {
        let b = frame.page(a).versus().as_ref().and_then(S::start);
        Self {
            compare: frame.compare.filter(|_| b.is_some()),
            tl: StoredValue::new_local(b),
            rows: RwSignal::new(Vec::new()),
        }
    }

    /// Reads the first run and the second (if there is one) together, for a chart.
    pub fn with_both<R>(
        &self,
        run: RunCtl<S>,
        f: impl FnOnce(&Timeline<S>, Option<&Timeline<S>>) -> R,
    ) -> Option<R> {
        run.with(|a| self.tl.try_with_value(|b| f(a, b.as_ref())))
            .flatten()
    }

    /// Sets the table's rows, the figures `names` picks out of the lab's `figures` (read only
    /// while comparing), from the first run's readout `a` and the second's (`of` reads it);
    /// nothing changes on the page while they stay the same.
    pub fn tabulate<R: 'static>(
        &self,
        names: &[&str],
        figures: impl FnOnce() -> &'static [Figure<R>],
        a: &R,
        of: impl FnOnce(&Timeline<S>) -> R,
    ) {
        if let Some(b) = self.with(of) {
            let next = rows(names, figures(), a, &b);
            if self.rows.with_untracked(|r| *r != next) {
                self.rows.set(next);
            }
        }
    }

    /// The table of figures, when comparing.
    pub fn table(&self) -> Option<impl IntoView> {
        let rows = self.rows;
        self.labels()
            .map(move |labels| view! { <VersusTable labels=labels rows=rows.into() /> })
    }

    /// Reads the second run, if there is one.
    pub fn with<R>(&self, f: impl FnOnce(&Timeline<S>) -> R) -> Option<R> {
        self.tl.try_with_value(|b| b.as_ref().map(f)).flatten()
    }

    /// A frame's share of bringing the second run to the moment `run` shows: on, or back
    /// through its checkpoints. Its checkpoints need not lie where the first run's do, so a
    /// long way goes on over the next frames, as the first run's own seeks do.
    pub fn follow(&self, run: RunCtl<S>) {
        self.follow_within(run, SLICE_MS);
    }

    fn follow_within(&self, run: RunCtl<S>, budget_ms: f64) {
        let Some(tick) = run.with(|tl| tl.state().ticks()) else {
            return;
        };
        let deadline = clock() + budget_ms;
        self.tl.try_update_value(|b| {
            if let Some(b) = b {
                let target = if b.state().ticks() > tick {
                    b.start_seek(tick)
                } else {
                    tick
                };
                // Keeping pace with play is never cut short, so both show one moment while
                // the run plays; only a longer way (after a seek) waits for the next frames.
                let near = target.saturating_sub(b.state().ticks()) <= PACE_TICKS;
                run_until(b, 0, target, if near { f64::INFINITY } else { deadline });
            }
        });
    }

    /// The learner's change, made to the second run too, at the same moment.
    pub fn act(&self, run: RunCtl<S>, action: S::Action) {
        self.follow_within(run, f64::INFINITY);
        self.tl.try_update_value(|b| {
            if let Some(b) = b {
                // A full log is already said by the first run's bar.
                let _ = b.act(action);
            }
        });
    }

    /// Starts the second run again from its settings in force, on `seed`.
    pub fn restart(&self, seed: u64) {
        self.tl.try_update_value(|b| {
            if let Some(b) = b {
                *b = Timeline::new(S::fresh(seed, b.state().settings()), Vec::new());
            }
        });
    }

    /// The labels of the two runs, when comparing.
    pub fn labels(&self) -> Option<(&'static str, &'static str)> {
        self.compare.map(|c| (c.a.0, c.b.0))
    }
}

/// The menu of a lab's comparisons: choosing one reloads the lab as two runs from the start
/// (the page `page` gives, with the comparison's settings); "none" goes back to one run.
#[component]
pub fn VersusPicker(lab: Lab, frame: LabFrame, page: Callback<(), Page>) -> impl IntoView {
    let all = comparisons(lab);
    let current = frame.compare.map_or("", |c| c.key);
    let choose = move |key: String| {
        let compare = all.iter().find(|c| c.key == key);
        let mut next = page.run(()).comparing(compare);
        if let Some(p) = next.lab.as_mut() {
            p.run_mut().t = 0.0;
        }
        frame.load.run(next);
    };
    (!all.is_empty()).then(|| {
        view! {
            <div class="control versus-pick">
                <label for="versus">"Compare side by side"</label>
                <select id="versus" data-control="compare" on:change=move |ev| choose(event_target_value(&ev))>
                    <option value="" selected=current.is_empty()>"No: one run"</option>
                    {all
                        .iter()
                        .map(|c| view! { <option value=c.key selected=c.key == current>{c.title}</option> })
                        .collect_view()}
                </select>
                <p class="hint">"Both runs share the seed, so the same orders arrive at both: every difference is the pattern's. Your changes go to both."</p>
            </div>
        }
    })
}

/// A row of the table: the figure's name and label, the first run's value and the second's.
pub type Row = (&'static str, String, String, String);

/// The table's rows for readouts `a` and `b`: each figure `names` picks out of the lab's
/// `figures`, labelled and shown as its tile shows it.
pub fn rows<R>(names: &[&str], figures: &[Figure<R>], a: &R, b: &R) -> Vec<Row> {
    names
        .iter()
        .filter_map(|n| figures.iter().find(|f| f.name == *n))
        .map(|f| {
            let show = |r: &R| format!("{:.*}", f.decimals, (f.value)(r));
            let label = match f.unit {
                "" | "total" => f.label.to_owned(),
                unit => format!("{}, {unit}", f.label),
            };
            (f.name, label, show(a), show(b))
        })
        .collect()
}

/// The comparison's key figures: one row a figure, the first run's value and the second's;
/// the second's carry `data-metric="vs_<name>"`.
#[component]
pub fn VersusTable(
    labels: (&'static str, &'static str),
    /// `(metric name, label, first run, second run)`, already formatted.
    rows: Signal<Vec<Row>>,
) -> impl IntoView {
    view! {
        // Its own scrolling box: at 320 px the columns are wider than the page.
        <div class="table-scroll versus-table" tabindex="0" role="region" aria-label="The two runs, as a table">
        <table class="versus">
            <caption>"The two runs now. On the charts A's lines are solid and B's dashed."</caption>
            <thead>
                <tr><th scope="col">"Figure"</th><th scope="col">{format!("A: {}", labels.0)}</th><th scope="col">{format!("B: {}", labels.1)}</th></tr>
            </thead>
            <tbody>
                {move || rows.get().into_iter().map(|(name, label, a, b)| view! {
                    <tr>
                        <th scope="row">{label}</th>
                        <td>{a}</td>
                        <td data-metric=format!("vs_{name}")>{b}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The lab's picture: one canvas, or the two runs' side by side, each captioned.
#[component]
pub fn VersusCanvases(
    versus: Option<(&'static str, &'static str)>,
    a: NodeRef<html::Canvas>,
    b: NodeRef<html::Canvas>,
    /// What the picture shows, for screen readers.
    label: &'static str,
    /// The canvases' class (`tall` for a taller picture).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    match versus {
        None => view! { <canvas class=class node_ref=a role="img" aria-label=label></canvas> }.into_any(),
        Some((la, lb)) => view! {
            <figure>
                <figcaption>{format!("A: {la}")}</figcaption>
                <canvas class=class node_ref=a role="img" aria-label=format!("{label}: run A, {la}")></canvas>
            </figure>
            <figure>
                <figcaption>{format!("B: {lb}")}</figcaption>
                <canvas class=class node_ref=b role="img" aria-label=format!("{label}: run B, {lb}")></canvas>
            </figure>
        }
        .into_any(),
    }
}
