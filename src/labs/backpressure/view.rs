//! The back-pressure lab's page: controls, the animation, charts, theory and live figures.

use leptos::prelude::*;

use super::charts::{self, CHARTS, CHART_WINDOW_S};
use super::figures::{Readout, Theory, FIGURES};
use super::flow::Flow;
use super::guide::BpRun;
use super::panels::ModelControls;
use super::params::Params;
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{ChartSpec, Figure, LabParts, LabShell, LabUi, swatches};
use crate::sim::backpressure::{BackpressureConfig, BackpressureSim};
use crate::sim::timeline::Timeline;
use crate::ui::chart::Series;
use crate::ui::controls::group;
use crate::ui::theme::{Palette, Preferences};

lab_model!(BackpressureSim, BackpressureConfig);

/// The figures set side by side when two runs are compared.
const VERSUS: [&str; 7] = [
    "throughput",
    "latency_p99_ms",
    "queue_depth",
    "rejected_total",
    "dropped_total",
    "lost_total",
    "memory_mib",
];

impl LabUi for BackpressureSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Backpressure;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;
    const CHART_WINDOW_S: f64 = CHART_WINDOW_S;
    const VERSUS: &'static [&'static str] = &VERSUS;
    const KEEPS_GHOST: bool = true;

    fn chart_lines(i: usize, run: &BpRun, p: Palette) -> Vec<Series> {
        charts::lines(i, run, p)
    }

    /// A compared run takes the place of the run before the last fork.
    fn faint_lines(i: usize, run: &BpRun, versus: Option<&BpRun>, p: Palette) -> Vec<Series> {
        charts::faint(i, run, versus.map_or(run.ghost(), Timeline::rows), p)
    }

    /// Nothing: the dots move between frames, so [`Flow`] draws them in the page's frame
    /// hook, where it keeps them.
    fn live(r: &Readout) -> String {
        r.summary()
    }

    fn alarm(r: &Readout) -> bool {
        r.down_for_s.is_some()
    }

    const EXPERIMENTS: &'static crate::course::experiment::Presets = &super::experiments::PRESETS;

    fn theory(config: &BackpressureConfig, metric: &str) -> Option<f64> {
        super::experiments::theory(config, metric)
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 4] = [
    ("arrival", "arriving"),
    ("served", "served"),
    ("rejected", "rejected or lost"),
    ("dropped", "dropped"),
];

/// The back-pressure lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn BackpressureLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<BackpressureSim>::open(frame, LabParams::new(params));
    let (readout, config) = (shell.readout, shell.config());
    let per_dot = RwSignal::new(1u64);
    let prediction = Memo::new(move |_| config.get().prediction());
    let (mut flow, mut flow_b) = (Flow::new(shell.canvases.0), Flow::new(shell.canvases.1));
    let on_frame = move |now_ms: f64, prefs: Preferences| {
        let speed = shell.lab.speed.get_untracked();
        let moving = !prefs.reduced_motion;
        shell.versus.with(|s| {
            flow_b.update(s, now_ms, speed, moving);
            flow_b.draw(s, now_ms, prefs.palette);
        });
        let dots = shell.with(|s| {
            let dots = flow.update(s, now_ms, speed, moving);
            flow.draw(s, now_ms, prefs.palette);
            dots
        });
        if let Some(dots) = dots.filter(|d| *d != per_dot.get_untracked()) {
            per_dot.set(dots);
        }
    };
    let mut parts = LabParts::new(
        "Back-pressure: when producers outrun consumers",
        text::INTRO,
        "Animation: messages flow from the producer through the queue to the workers",
    );
    parts.controls = view! { <ModelControls config=config act=move |a| shell.act(a) /> }.into_any();
    parts.key = view! {
        {swatches(&KEY)}
        " "
        <span class="dot-scale">{move || format!("· one dot = {} message{}", group(per_dot.get() as f64), if per_dot.get() == 1 { "" } else { "s" })}</span>
    }
    .into_any();
    parts.notices =
        view! { <Theory readout=readout prediction=prediction config=config /> }.into_any();
    parts.on_frame = Some(Box::new(on_frame));
    shell.page(parts)
}
