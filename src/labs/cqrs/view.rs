//! The CQRS lab's page: controls, the picture, live figures, charts and the verdict.

use leptos::html;
use leptos::prelude::*;

use super::fanout::FanoutLab;
use super::flow;
use super::guide::CqrsRun;
use super::panels::CqrsControls;
use super::params::{Params, Scene};
use super::scene::SceneSwitch;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::{Lab, LabParams};
use crate::sim::cqrs::{compare, CqrsAction, CqrsCounters, CqrsSim, Measured};
use crate::page::cadence::Cadence;
use crate::ui::chart::{column, ChartHandle, Series, TimeChart};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::page::lab_page::LabPage;
use crate::page::lab_run::LabRun;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme;

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    c: CqrsCounters,
    write: (f64, f64),
    read: (f64, f64),
    per_s: (u64, u64),
    sync_lag_ms: f64,
    utilization: (f64, f64),
    stores: u32,
}

impl Readout {
    fn of(sim: &CqrsSim) -> Self {
        let (w50, w99, _) = sim.write_p50_p99();
        let (r50, r99, _) = sim.read_p50_p99();
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            write: (w50, w99),
            read: (r50, r99),
            per_s: sim.per_s(),
            sync_lag_ms: sim.sync_lag_ms(),
            utilization: sim.utilization(),
            stores: sim.stores_in_use(),
        }
    }
}

/// Draws chart `i` (0: latencies, 1: sync lag) from the run's rows.
fn draw_chart(i: usize, chart: &ChartHandle, run: &CqrsRun, p: theme::Palette) {
    let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
    let lines: Vec<Series> = if i == 0 {
        vec![(p.dropped, series(1)), (p.arrival, series(3))]
    } else {
        vec![(p.queue, series(6))]
    };
    chart.draw_solid(&lines, CHART_WINDOW_S, p);
}

/// The verdict, from both architectures run on the same seed and traffic.
fn verdict(m: &[Measured; 2]) -> String {
    let [t, c] = m;
    let gain = t.read_p99_ms > 2.0 * c.read_p99_ms || t.write_p99_ms > 2.0 * c.write_p99_ms;
    if gain {
        format!(
            "CQRS wins here: queries {:.1} ms against {:.1} ms and commands {:.1} ms against {:.1} ms at the 99th percentile, for a second store, a sync path and {} stale reads.",
            c.read_p99_ms, t.read_p99_ms, c.write_p99_ms, t.write_p99_ms, c.stale_reads
        )
    } else {
        format!(
            "CQRS buys nothing here: queries {:.1} ms against {:.1} ms and commands {:.1} ms against {:.1} ms at the 99th percentile, and it costs a second store, a sync path and {} stale reads.",
            c.read_p99_ms, t.read_p99_ms, c.write_p99_ms, t.write_p99_ms, c.stale_reads
        )
    }
}

lab_model!(
    CqrsSim,
    crate::sim::cqrs::CqrsConfig,
    |run, config, actions| LabParams::Cqrs(Params {
        run,
        scene: Scene::Split,
        config,
        actions,
        ..Params::default()
    })
);

/// The CQRS lab: the scene its link names.
#[component]
pub fn CqrsLab(params: Params, frame: LabFrame) -> impl IntoView {
    match params.scene {
        Scene::Split => view! { <SplitLab params=params frame=frame /> }.into_any(),
        Scene::Timeline => view! { <FanoutLab params=params frame=frame /> }.into_any(),
    }
}

/// The split scene.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
fn SplitLab(params: Params, frame: LabFrame) -> impl IntoView {
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
    let judged = RwSignal::new(None::<(f64, String)>);
    let live = RwSignal::new(String::new());
    let charts: [ChartHandle; 2] = Default::default();
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: CqrsAction| {
        run.act(action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        redraw();
    };
    let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));
    let judge = move || {
        let t = readout.get_untracked().now_s.max(5.0);
        let both = compare(seed.get_untracked(), config.get_untracked(), t);
        judged.set(Some((both[0].seconds, verdict(&both))));
    };

    let canvas = NodeRef::<html::Canvas>::new();
    let mut clock = PlayClock::default();
    let mut cadence = Cadence::new(charts.len());
    let prefs = theme::watch();
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
                    "Queries take {:.1} ms and commands {:.1} ms at the 99th percentile; {} stale reads; the read store is {:.0} ms behind.",
                    r.read.1, r.write.1, r.c.stale_reads, r.sync_lag_ms
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
        LabParams::Cqrs(p) if p.scene == Scene::Split => Some(p.timeline()),
        _ => None,
    };
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));

    view! {
        <LabPage title="CQRS: separate the writes from the reads" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <SceneSwitch scene=Scene::Split frame=frame seed=seed speed=speed />
                <CqrsControls config=config act=act />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Cqrs, paused, redraw, page, start)}
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas node_ref=canvas role="img" aria-label="Animation: commands and queries on their paths, each store's queue and connections, and the projector between the write store and the read replicas"></canvas>
                    <p class="flow-key">
                        <span class="swatch dropped"></span>"commands "
                        <span class="swatch arrival"></span>"queries "
                        <span class="swatch served"></span>"changes synced, connections busy "
                        <span class="swatch queue"></span>"waiting"
                    </p>
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="write_p50_ms" label="Command p50" unit="ms" decimals=2 value=r(|r| r.write.0) />
                    <Metric name="write_p99_ms" label="Command p99" unit="ms" decimals=2 value=r(|r| r.write.1) />
                    <Metric name="read_p50_ms" label="Query p50" unit="ms" decimals=2 value=r(|r| r.read.0) />
                    <Metric name="read_p99_ms" label="Query p99" unit="ms" decimals=2 value=r(|r| r.read.1) />
                    <Metric name="writes_per_s" label="Commands done" unit="per s" value=r(|r| r.per_s.0 as f64) />
                    <Metric name="reads_per_s" label="Queries answered" unit="per s" value=r(|r| r.per_s.1 as f64) />
                    <Metric name="sync_lag_ms" label="Read store behind by" unit="ms" decimals=0 value=r(|r| r.sync_lag_ms) />
                    <Metric name="stale_reads_total" label="Missed own write" unit="total" value=r(|r| r.c.stale_reads as f64) />
                    <Metric name="ryw_redirects_total" label="Redirected to the write store" unit="total" value=r(|r| r.c.ryw_redirects as f64) />
                    <Metric name="db_utilization" label="Database / write store busy" unit="share" decimals=2 value=r(|r| r.utilization.0) />
                    <Metric name="read_utilization" label="Read replica busy" unit="share" decimals=2 value=r(|r| r.utilization.1) />
                    <Metric name="refused_total" label="Refused (503)" unit="total" value=r(|r| (r.c.writes_refused + r.c.reads_refused) as f64) />
                    <Metric name="stores" label="Stores to run" unit="" value=r(|r| f64::from(r.stores)) />
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="99th-percentile latency (ms), one point a second"
                        legend=vec![("commands", "dropped"), ("queries", "arrival")]
                        summary=Signal::derive(move || format!("Latency chart: commands {:.1} ms, queries {:.1} ms at the 99th percentile", readout.get().write.1, readout.get().read.1))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="How far the read store is behind (ms)"
                        legend=vec![("sync lag", "queue")]
                        summary=Signal::derive(move || format!("Sync lag chart: {:.0} ms behind", readout.get().sync_lag_ms))
                    />
                </div>
                <section class="accounts" aria-labelledby="verdict-title">
                    <h3 id="verdict-title">"Verdict: is CQRS worth it here?"</h3>
                    <p class="hint">"Runs both architectures on the same seed and the same traffic, with the settings you have now, and compares what they measured."</p>
                    <div class="buttons">
                        <button type="button" data-action="verdict" on:click=move |_| judge()>"Compare both architectures"</button>
                    </div>
                    {move || judged.get().map(|(t, v)| view! { <p data-verdict-text="">{format!("Over {t:.0} simulated seconds: {v}")}</p> })}
                </section>
            </div>
        </LabPage>
    }
}
