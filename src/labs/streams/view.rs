//! The streams lab's page: controls, the picture, live figures and charts.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::StreamsRun;
use super::panels::StreamsControls;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::{Lab, LabParams};
use crate::sim::streams::demand::DemandCounters;
use crate::sim::streams::tcp::TcpCounters;
use crate::sim::streams::{Scene, StreamsAction, StreamsConfig, StreamsSim};
use crate::ui::cadence::Cadence;
use crate::ui::chart::{column, ChartHandle, Series, TimeChart};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::lab_page::LabPage;
use crate::ui::lab_run::LabRun;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme;

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    scene: Scene,
    per_s: (u64, u64),
    buffer: u64,
    outstanding: u64,
    d: DemandCounters,
    t: TcpCounters,
    throughput: f64,
    bound: f64,
    window_kb: f64,
    in_flight_kb: f64,
}

impl Readout {
    fn of(sim: &StreamsSim) -> Self {
        Self {
            now_s: sim.now_s(),
            scene: sim.config().scene,
            per_s: sim.per_s(),
            buffer: sim.demand.buffer,
            outstanding: sim.demand.outstanding,
            d: sim.demand.counters,
            t: sim.tcp.counters,
            throughput: sim.throughput_kbps(),
            bound: sim.tcp_bound_kbps(),
            window_kb: sim.tcp.window as f64 / 1_024.0,
            in_flight_kb: sim.tcp.in_flight() as f64 / 1_024.0,
        }
    }
}

/// Draws chart `i` from the run's rows: the demand scene's rates and buffer, or the TCP
/// scene's throughput and windows.
fn draw_chart(i: usize, chart: &ChartHandle, run: &StreamsRun, p: theme::Palette) {
    let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
    let lines: Vec<Series> = match (run.config().scene, i) {
        (Scene::Demand, 0) => vec![(p.arrival, series(0)), (p.served, series(1))],
        (Scene::Demand, _) => vec![(p.queue, series(2)), (p.dropped, series(3))],
        (Scene::Tcp, 0) => vec![(p.served, series(4))],
        (Scene::Tcp, _) => vec![(p.queue, series(5)), (p.arrival, series(6))],
    };
    chart.draw_solid(&lines, CHART_WINDOW_S, p);
}

lab_model!(StreamsSim, StreamsConfig, |run, config, actions| {
    LabParams::Streams(Params {
        run,
        config,
        actions,
    })
});

/// The streams lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn StreamsLab(params: Params, frame: LabFrame) -> impl IntoView {
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
    let charts: [ChartHandle; 2] = Default::default();
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: StreamsAction| {
        run.act(action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        redraw();
    };
    let restart = move |c: StreamsConfig| {
        config.set(c.clamped());
        reset();
    };
    let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));

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
                live.set(match r.scene {
                    Scene::Demand => format!(
                        "The publisher emits {} and the subscriber handles {} items a second; {} wait.",
                        r.per_s.0, r.per_s.1, r.buffer
                    ),
                    Scene::Tcp => format!(
                        "{:.0} kbit/s; window {:.0} KB, {:.0} KB in flight.",
                        r.throughput, r.window_kb, r.in_flight_kb
                    ),
                });
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
        LabParams::Streams(p) => Some(p.timeline()),
        _ => None,
    };
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));
    let demand = move || readout.get().scene == Scene::Demand;

    view! {
        <LabPage title="Streams: back-pressure in the protocol" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <StreamsControls config=config act=act restart=restart />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Streams, paused, redraw, page, start)}
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas node_ref=canvas role="img" aria-label="Animation: items from the publisher to the subscriber's buffer and request(n) signals travelling back; or the TCP sender's window, the link and the receiver's buffer"></canvas>
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"items, segments in flight "
                        <span class="swatch served"></span>"request(n), acknowledgements "
                        <span class="swatch queue"></span>"buffered, usable window"
                    </p>
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Show when=demand>
                        <Metric name="emitted_per_s" label="Emitted" unit="per s" value=r(|r| r.per_s.0 as f64) />
                        <Metric name="consumed_per_s" label="Consumed" unit="per s" value=r(|r| r.per_s.1 as f64) />
                        <Metric name="buffer_depth" label="Buffered" unit="items" value=r(|r| r.buffer as f64) />
                        <Metric name="buffer_max" label="Most buffered" unit="items" value=r(|r| r.d.buffer_max as f64) />
                        <Metric name="outstanding_demand" label="Demand outstanding" unit="items" value=r(|r| r.outstanding as f64) />
                        <Metric name="requests_total" label="request(n) signals" unit="total" value=r(|r| r.d.requests as f64) />
                        <Metric name="protocol_errors_total" label="Protocol errors" unit="total" value=r(|r| r.d.protocol_errors as f64) />
                        <Metric name="lost_total" label="Lost (out of memory)" unit="items" value=r(|r| r.d.lost as f64) />
                    </Show>
                    <Show when=move || !demand()>
                        <Metric name="throughput_kbps" label="Throughput" unit="kbit/s" decimals=0 value=r(|r| r.throughput) />
                        <Metric name="bound_kbps" label="Least of send, read, window/RTT" unit="kbit/s" decimals=0 value=r(|r| r.bound) />
                        <Metric name="window_kb" label="Window advertised" unit="KB" decimals=1 value=r(|r| r.window_kb) />
                        <Metric name="in_flight_kb" label="In flight" unit="KB" decimals=1 value=r(|r| r.in_flight_kb) />
                        <Metric name="zero_window_total" label="Zero windows" unit="total" value=r(|r| r.t.zero_windows as f64) />
                        <Metric name="probes_total" label="Window probes" unit="total" value=r(|r| r.t.probes as f64) />
                        <Metric name="stalled_ms_total" label="Sender stalled" unit="ms" decimals=0 value=r(|r| r.t.stalled_ns as f64 / 1e6) />
                    </Show>
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="Rates: emitted and consumed (items/s), or throughput (kbit/s)"
                        legend=vec![("emitted / throughput", "arrival"), ("consumed", "served")]
                        summary=Signal::derive(move || { let r = readout.get(); format!("Rate chart: {} emitted, {} consumed a second; {:.0} kbit/s", r.per_s.0, r.per_s.1, r.throughput) })
                    />
                    <TimeChart
                        handle=charts[1]
                        title="Buffered and outstanding demand (items), or window and in flight (KB)"
                        legend=vec![("buffered / window", "queue"), ("demand / in flight", "dropped")]
                        summary=Signal::derive(move || { let r = readout.get(); format!("Buffer chart: {} buffered, demand {}; window {:.0} KB, {:.0} KB in flight", r.buffer, r.outstanding, r.window_kb, r.in_flight_kb) })
                    />
                </div>
            </div>
        </LabPage>
    }
}
