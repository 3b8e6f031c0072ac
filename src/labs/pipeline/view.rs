//! The pipeline lab's page: controls, the picture, live figures, charts and the crossover.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::PipelineRun;
use super::panels::PipelineControls;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::{Lab, LabParams};
use crate::sim::pipeline::{
    crossover, PipelineAction, PipelineConfig, PipelineCounters, PipelineSim,
};
use crate::ui::cadence::Cadence;
use crate::ui::chart::{column, ChartHandle, Line, Series, TimeChart, XAxis};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::lab_page::LabPage;
use crate::ui::lab_run::LabRun;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme;

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;
/// The crossover chart's ceiling, ms: past it the simple database is saturated.
const CROSSOVER_MAX_MS: f64 = 500.0;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    c: PipelineCounters,
    per_s: (u64, u64, u64),
    p99: (f64, f64),
    lag: u64,
    buffer: u64,
    reads_refused: u64,
    stale: f64,
    components: u32,
}

impl Readout {
    fn of(sim: &PipelineSim) -> Self {
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            per_s: sim.per_s(),
            p99: sim.p99_ms(),
            lag: sim.max_lag(),
            buffer: sim.buffer(),
            reads_refused: sim.simple_reads().refused,
            stale: sim.staleness_s(),
            components: sim.components(),
        }
    }
}

/// Draws chart `i` (0: lag, 1: staleness, 2: latency) from the run's rows.
fn draw_chart(i: usize, chart: &ChartHandle, run: &PipelineRun, p: theme::Palette) {
    let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
    let lines: Vec<Series> = match i {
        0 => vec![(p.queue, series(5))],
        1 => vec![(p.dropped, series(7))],
        _ => vec![(p.arrival, series(1)), (p.served, series(3))],
    };
    chart.draw_solid(&lines, CHART_WINDOW_S, p);
}

lab_model!(PipelineSim, PipelineConfig, |run, config, actions| {
    LabParams::Pipeline(Params {
        run,
        config,
        actions,
    })
});

/// The pipeline lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn PipelineLab(params: Params, frame: LabFrame) -> impl IntoView {
    let lab = LabRun::open(&params.run, params.config, params.timeline(), frame);
    let LabRun {
        config,
        seed,
        speed,
        paused,
        run,
        ..
    } = lab;
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let live = RwSignal::new(String::new());
    let charts: [ChartHandle; 3] = Default::default();
    let cross_chart = ChartHandle::default();
    let measured = RwSignal::new(None::<Vec<(f64, f64, f64)>>);
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: PipelineAction| {
        run.act(action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        redraw();
    };
    let repartition = move |c: PipelineConfig| {
        config.set(c.clamped());
        reset();
    };
    let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));
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
        cross_chart.draw(
            &[
                Line {
                    color: p.dropped,
                    points: &simple,
                    faint: false,
                },
                Line {
                    color: p.served,
                    points: &patterns,
                    faint: false,
                },
            ],
            XAxis::Count(most),
            p,
        );
    });

    let canvas = NodeRef::<html::Canvas>::new();
    let mut clock = PlayClock::default();
    let mut cadence = Cadence::new(charts.len());
    let frame_stats = frame_loop(move |now_ms| {
        let Some(prefs) = lab.play(&mut clock, now_ms, prefs) else {
            return;
        };
        if let Some(c) = canvas.get_untracked() {
            run.with(|s| flow::draw(&c, s, prefs.palette, prefs.reduced_motion));
        }
        if cadence.readout(now_ms) {
            let Some(r) = run.with(|s| Readout::of(s)) else {
                return;
            };
            if readout.get_untracked() != r {
                readout.set(r);
            }
            run.refresh();
            if cadence.live(now_ms, false) {
                live.set(format!(
                    "{} commands a second, {:.1} ms at the 99th percentile; the consumers are {} events behind and the views {:.1} s stale.",
                    r.per_s.0, r.p99.0, r.lag, r.stale
                ));
            }
        }
        if let Some(i) = cadence.chart(now_ms) {
            run.with(|tl| draw_chart(i, &charts[i], tl, prefs.palette));
        }
    });

    let on_step = move |()| {
        run.step(100);
        redraw();
    };
    let link = move |()| lab.link();
    let start = |p: &LabParams| match p {
        LabParams::Pipeline(p) => Some(p.timeline()),
        _ => None,
    };
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));

    view! {
        <LabPage title="The pipeline: the patterns combined, and when the simple one wins" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <PipelineControls config=config act=act repartition=repartition />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Pipeline, paused, redraw, page, start)}
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas class="tall" node_ref=canvas role="img" aria-label="Animation: commands into the API and its buffer, the event store's partitions, each view's consumers with their lag, the views and the read API; or the one database"></canvas>
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"commands, queries "
                        <span class="swatch served"></span>"events "
                        <span class="swatch queue"></span>"buffered, lag "
                        <span class="swatch rejected"></span>"lost, stale"
                    </p>
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="commands_total" label="Commands" unit="total" value=r(|r| r.c.commands as f64) />
                    <Metric name="events_total" label="Events" unit="total" value=r(|r| r.c.events as f64) />
                    <Metric name="writes_per_s" label="Commands taken" unit="per s" value=r(|r| r.per_s.0 as f64) />
                    <Metric name="write_p99_ms" label="Command p99" unit="ms" decimals=1 value=r(|r| r.p99.0) />
                    <Metric name="reads_per_s" label="Queries answered" unit="per s" value=r(|r| r.per_s.1 as f64) />
                    <Metric name="read_p99_ms" label="Query p99" unit="ms" decimals=1 value=r(|r| r.p99.1) />
                    <Metric name="publish_rate" label="Appended (after back-pressure)" unit="per s" value=r(|r| r.per_s.2 as f64) />
                    <Metric name="consumer_lag_events" label="Largest lag" unit="events" value=r(|r| r.lag as f64) />
                    <Metric name="buffer_depth" label="Commands waiting" unit="commands" value=r(|r| r.buffer as f64) />
                    <Metric name="refused_total" label="Refused (429)" unit="total" value=r(|r| r.c.refused as f64) />
                    <Metric name="reads_refused_total" label="Queries refused (database full)" unit="total" value=r(|r| r.reads_refused as f64) />
                    <Metric name="crashes_total" label="Crashes" unit="total" value=r(|r| r.c.crashes as f64) />
                    <Metric name="lost_total" label="Lost" unit="commands" value=r(|r| r.c.lost as f64) />
                    <Metric name="view_staleness_s" label="Stalest view" unit="s" decimals=1 value=r(|r| r.stale) />
                    <Metric name="stale_alerts_total" label="Staleness alerts" unit="total" value=r(|r| r.c.stale_alerts as f64) />
                    <Metric name="dlq_total" label="Dead-lettered" unit="events" value=r(|r| r.c.dlq as f64) />
                    <Metric name="duplicates_delivered_total" label="Delivered again" unit="events" value=r(|r| r.c.duplicates_delivered as f64) />
                    <Metric name="duplicate_effects_total" label="Applied twice" unit="events" value=r(|r| r.c.duplicate_effects as f64) />
                    <Metric name="restart_replayed_events" label="Replayed by the last restart" unit="events" value=r(|r| r.c.restart_replayed as f64) />
                    <Metric name="components" label="Moving parts" unit="" value=r(|r| f64::from(r.components)) />
                </div>
                <div class="charts">
                    <TimeChart handle=charts[0] title="Largest consumer lag (events)" legend=vec![("lag", "queue")]
                        summary=Signal::derive(move || format!("Lag chart: {} events", readout.get().lag)) />
                    <TimeChart handle=charts[1] title="Stalest view (s)" legend=vec![("staleness", "dropped")]
                        summary=Signal::derive(move || format!("Staleness chart: {:.1} s", readout.get().stale)) />
                    <TimeChart handle=charts[2] title="99th-percentile latency (ms)" legend=vec![("commands", "arrival"), ("queries", "served")]
                        summary=Signal::derive(move || format!("Latency chart: commands {:.1} ms, queries {:.1} ms", readout.get().p99.0, readout.get().p99.1)) />
                </div>
                <section class="accounts" aria-labelledby="crossover-title">
                    <h3 id="crossover-title">"Simple against patterns: the crossover"</h3>
                    <p class="hint">"Runs both architectures for 3 simulated seconds at each load from 1,000 to 200,000 commands a second (queries in the ratio you have now), and plots their commands' 99th percentile, capped at 500 ms. x: thousands of commands a second."</p>
                    <div class="buttons">
                        <button type="button" data-action="crossover" on:click=move |_| measure()>"Measure the crossover"</button>
                    </div>
                    // An empty frame and its PNG button say nothing before the measurement.
                    <div hidden=move || measured.with(Option::is_none)>
                        <TimeChart handle=cross_chart title="Command p99 (ms) against load (thousands a second)" legend=vec![("simple", "dropped"), ("pipeline", "served")]
                            summary=Signal::derive(move || measured.get().map_or_else(|| "Crossover chart: not measured yet".to_owned(), |m| {
                                let cross = m.iter().find(|(_, s, q)| s > q).map_or("none in range".to_owned(), |(x, _, _)| format!("from about {} commands a second", crate::text::group(*x)));
                                format!("Crossover chart: the pipeline is faster {cross}")
                            })) />
                    </div>
                    {move || measured.get().map(|m| {
                        let cross = m.iter().find(|(_, s, q)| s > q).map(|(x, _, _)| *x);
                        view! { <p data-crossover="">{match cross {
                            Some(x) => format!("The simple service is faster below about {} commands a second; past it the pipeline is.", crate::text::group(x)),
                            None => "The simple service is faster over the whole range.".to_owned(),
                        }}</p> }
                    })}
                </section>
            </div>
        </LabPage>
    }
}
