//! The pipeline lab's page: controls, the picture, live figures, charts and the crossover.

use crate::ui::controls::Panel;
use leptos::prelude::*;

use super::flow;
use super::guide::PipelineRun;
use super::panels::PipelineControls;
use super::params::Params;
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::pipeline::{crossover, PipelineConfig, PipelineCounters, PipelineSim};
use crate::text::group;
use crate::ui::chart::{ChartHandle, Line, Series, TimeChart, XAxis};
use crate::ui::theme::{self, Palette};

/// The crossover chart's ceiling, ms: past it the simple database is saturated.
const CROSSOVER_MAX_MS: f64 = 500.0;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
    c: PipelineCounters,
    per_s: (u64, u64, u64),
    p99: (f64, f64),
    lag: u64,
    buffer: u64,
    reads_refused: u64,
    stale: f64,
    components: u32,
    /// Events the first view (orders) has applied, over its partitions.
    applied: u64,
}

impl From<&PipelineSim> for Readout {
    fn from(sim: &PipelineSim) -> Self {
        Self {
            c: *sim.counters(),
            per_s: sim.per_s(),
            p99: sim.p99_ms(),
            lag: sim.max_lag(),
            buffer: sim.buffer(),
            reads_refused: sim.simple_reads().refused,
            stale: sim.staleness_s(),
            components: sim.components(),
            applied: sim
                .views()
                .first()
                .map_or(0, |v| v.cursors.iter().map(|c| c.applied).sum()),
        }
    }
}

lab_model!(PipelineSim, PipelineConfig);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 21] = [
    key(figure("writes_per_s", "Commands taken", "per s", 0, |r| r.per_s.0 as f64)),
    key(figure("write_p99_ms", "Command p99", "ms", 1, |r| r.p99.0)),
    key(figure("read_p99_ms", "Query p99", "ms", 1, |r| r.p99.1)),
    key(figure("consumer_lag_events", "Largest lag", "events", 0, |r| r.lag as f64)),
    key(figure("view_staleness_s", "Stalest view", "s", 1, |r| r.stale)),
    key(figure("components", "Moving parts", "", 0, |r| f64::from(r.components))),
    figure("commands_total", "Commands", "total", 0, |r| r.c.commands as f64),
    figure("events_total", "Events", "total", 0, |r| r.c.events as f64),
    figure("reads_per_s", "Queries answered", "per s", 0, |r| r.per_s.1 as f64),
    figure("publish_rate", "Appended (after back-pressure)", "per s", 0, |r| r.per_s.2 as f64),
    figure("buffer_depth", "Commands waiting", "commands", 0, |r| r.buffer as f64),
    figure("refused_total", "Refused (429)", "total", 0, |r| r.c.refused as f64),
    figure("reads_refused_total", "Queries refused (database full)", "total", 0, |r| r.reads_refused as f64),
    figure("crashes_total", "Crashes", "total", 0, |r| r.c.crashes as f64),
    figure("lost_total", "Lost", "commands", 0, |r| r.c.lost as f64),
    figure("stale_alerts_total", "Staleness alerts", "total", 0, |r| r.c.stale_alerts as f64),
    figure("dlq_total", "Dead-lettered", "events", 0, |r| r.c.dlq as f64),
    figure("duplicates_delivered_total", "Delivered again", "events", 0, |r| r.c.duplicates_delivered as f64),
    figure("duplicate_effects_total", "Applied twice", "events", 0, |r| r.c.duplicate_effects as f64),
    figure("restart_replayed_events", "Replayed by the last restart", "events", 0, |r| r.c.restart_replayed as f64),
    figure("view_events_total", "Events in the orders view", "total", 0, |r| r.applied as f64),
];

/// The charts: lag, staleness, latency.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 3] = [
    chart("Largest consumer lag (events)", &[("lag", "queue")], |r| format!("Lag chart: {} events", r.lag)),
    chart("Stalest view (s)", &[("staleness", "dropped")], |r| format!("Staleness chart: {:.1} s", r.stale)),
    chart("99th-percentile latency (ms)", &[("commands", "arrival"), ("queries", "served")], |r| format!("Latency chart: commands {:.1} ms, queries {:.1} ms", r.p99.0, r.p99.1)),
];

impl LabUi for PipelineSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Pipeline;
    const EXPERIMENTS: &'static crate::course::experiment::Presets = &super::experiments::PRESETS;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;

    fn chart_lines(i: usize, run: &PipelineRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        match i {
            0 => vec![(p.queue, s(5))],
            1 => vec![(p.dropped, s(7))],
            _ => vec![(p.arrival, s(1)), (p.served, s(3))],
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "{} commands a second, {:.1} ms at the 99th percentile; the consumers are {} events behind and the views {:.1} s stale.",
            r.per_s.0, r.p99.0, r.lag, r.stale
        )
    }
}

/// The first load at which the pipeline answers faster, in words.
fn crossover_text(points: &[(f64, f64, f64)]) -> Option<String> {
    points
        .iter()
        .find(|(_, s, q)| s > q)
        .map(|(x, _, _)| group(*x))
}

/// Both architectures run at loads from 1,000 to 200,000 commands a second, their command
/// p99 plotted against load: where the simple one stops winning.
#[component]
fn Crossover(seed: RwSignal<u64>, config: RwSignal<PipelineConfig>) -> impl IntoView {
    let chart = ChartHandle::default();
    let measured = RwSignal::new(None::<Vec<(f64, f64, f64)>>);
    let measure = move || {
        let points = crossover(seed.get_untracked(), config.get_untracked());
        measured.set(Some(points));
    };
    let prefs = theme::watch();
    Effect::new(move |_| {
        let Some(points) = measured.get() else {
            return;
        };
        let p = prefs.get().palette;
        let cap = |v: f64| v.min(CROSSOVER_MAX_MS);
        let simple: Vec<(f64, f64)> = points.iter().map(|(x, s, _)| (x / 1e3, cap(*s))).collect();
        let patterns: Vec<(f64, f64)> = points.iter().map(|(x, _, q)| (x / 1e3, cap(*q))).collect();
        let most = points.last().map_or(1.0, |(x, _, _)| x / 1e3);
        let line = |color, points| Line {
            color,
            points,
            faint: false,
        };
        chart.draw(
            &[line(p.dropped, &simple), line(p.served, &patterns)],
            XAxis::Count(most),
            p,
        );
    });
    let summary = Signal::derive(move || {
        measured.with(|m| match m.as_deref().map(crossover_text) {
            None => "Crossover chart: not measured yet".to_owned(),
            Some(None) => "Crossover chart: the pipeline is faster nowhere in range".to_owned(),
            Some(Some(x)) => {
                format!("Crossover chart: the pipeline is faster from about {x} commands a second")
            }
        })
    });
    view! {
        <Panel id="crossover" class="accounts" title="Simple against patterns: the crossover" hint="Runs both architectures for 3 simulated seconds at each load from 1,000 to 200,000 commands a second (queries in the ratio you have now), and plots their commands' 99th percentile, capped at 500 ms. x: thousands of commands a second.">
            <div class="buttons">
                <button type="button" data-action="crossover" on:click=move |_| measure()>"Measure the crossover"</button>
            </div>
            // An empty frame and its PNG button say nothing before the measurement.
            <div hidden=move || measured.with(Option::is_none)>
                <TimeChart handle=chart title="Command p99 (ms) against load (thousands a second)" legend=vec![("simple", "dropped"), ("pipeline", "served")] summary=summary />
            </div>
            {move || measured.with(|m| m.as_deref().map(|m| {
                let text = match crossover_text(m) {
                    Some(x) => format!("The simple service is faster below about {x} commands a second; past it the pipeline is."),
                    None => "The simple service is faster over the whole range.".to_owned(),
                };
                view! { <p data-crossover="">{text}</p> }
            }))}
        </Panel>
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 4] = [
    ("arrival", "commands, queries"),
    ("served", "events"),
    ("queue", "buffered, lag"),
    ("rejected", "lost, stale"),
];

/// The pipeline lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn PipelineLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<PipelineSim>::open(frame, LabParams::new(params));
    let mut parts = LabParts::new(
        "The pipeline: the patterns combined, and when the simple one wins",
        text::INTRO,
        "Animation: commands into the API and its buffer, the event store's partitions, each view's consumers with their lag, the views and the read API; or the one database",
    );
    parts.picture_class = "tall";
    parts.controls = view! {
        <PipelineControls
            config=shell.config()
            act=move |a| shell.act(a)
            repartition=move |c: PipelineConfig| shell.restart_with(c.clamped()) />
    }
    .into_any();
    parts.key = swatches(&KEY).into_any();
    parts.extra = view! { <Crossover seed=shell.lab.seed config=shell.config() /> }.into_any();
    shell.page(parts)
}
