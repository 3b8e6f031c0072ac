//! The gateway lab's page: controls, the picture, live figures and charts.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::GatewayRun;
use super::panels::GatewayControls;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::{Lab, LabParams};
use crate::sim::gateway::{GatewayAction, GatewayConfig, GatewayCounters, GatewaySim};
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
    c: GatewayCounters,
    limited: [u64; 4],
    clients: [f64; 4],
    success: [f64; 2],
    p99: [f64; 2],
    busy: [u32; 2],
    breaker_b: u8,
    opens: u64,
    attempts: f64,
}

impl Readout {
    fn of(sim: &GatewaySim) -> Self {
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            limited: std::array::from_fn(|i| sim.rate_limited_per_s(i)),
            clients: std::array::from_fn(|i| sim.client_success_pct(i)),
            success: [sim.success_pct(0), sim.success_pct(1)],
            p99: [sim.p99_ms(0), sim.p99_ms(1)],
            busy: sim.busy(),
            breaker_b: sim.breaker(1).map_or(0, |b| b.state().code()),
            opens: (0..2).filter_map(|s| sim.breaker(s)).map(|b| b.opens).sum(),
            attempts: sim.attempts_per_request(),
        }
    }
}

/// Draws chart `i` (0: success, 1: p99, 2: threads and attempts) from the run's rows.
fn draw_chart(i: usize, chart: &ChartHandle, run: &GatewayRun, p: theme::Palette) {
    let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
    let lines: Vec<Series> = match i {
        0 => vec![(p.arrival, series(0)), (p.dropped, series(1))],
        1 => vec![(p.arrival, series(2)), (p.dropped, series(3))],
        _ => vec![(p.queue, series(4))],
    };
    chart.draw_solid(&lines, CHART_WINDOW_S, p);
}

lab_model!(GatewaySim, GatewayConfig, |run, config, actions| {
    LabParams::Gateway(Params {
        run,
        config,
        actions,
    })
});

/// The gateway lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn GatewayLab(params: Params, frame: LabFrame) -> impl IntoView {
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
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: GatewayAction| {
        run.act(action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        redraw();
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
                live.set(format!(
                    "Calls to A succeed {:.0} % and to B {:.0} %; {} of the gateway's threads busy; {:.2} attempts a request.",
                    r.success[0],
                    r.success[1],
                    r.busy[0] + r.busy[1],
                    r.attempts
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
        LabParams::Gateway(p) => Some(p.timeline()),
        _ => None,
    };
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));

    view! {
        <LabPage title="Gateway: rate limits, shedding, bulkheads and breakers" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <GatewayControls config=config act=act />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Gateway, paused, redraw, page, start)}
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas class="tall" node_ref=canvas role="img" aria-label="Animation: four clients with their token buckets, the gateway's threads coloured by the service each call waits on, and the two services with their workers, queues and circuit breakers"></canvas>
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"high priority, calls to A "
                        <span class="swatch queue"></span>"low priority, waiting "
                        <span class="swatch dropped"></span>"calls to B "
                        <span class="swatch served"></span>"tokens, workers busy"
                    </p>
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="requests_total" label="Requests" unit="total" value=r(|r| r.c.requests as f64) />
                    <Metric name="success_a_pct" label="Calls to A succeeded" unit="%" decimals=1 value=r(|r| r.success[0]) />
                    <Metric name="success_b_pct" label="Calls to B succeeded" unit="%" decimals=1 value=r(|r| r.success[1]) />
                    <Metric name="p99_a_ms" label="Calls to A, p99" unit="ms" decimals=0 value=r(|r| r.p99[0]) />
                    <Metric name="p99_b_ms" label="Calls to B, p99" unit="ms" decimals=0 value=r(|r| r.p99[1]) />
                    <Metric name="threads_busy" label="Gateway threads busy" unit="" value=r(|r| f64::from(r.busy[0] + r.busy[1])) />
                    <Metric name="threads_b" label="Held by calls to B" unit="" value=r(|r| f64::from(r.busy[1])) />
                    <Metric name="attempts_per_request" label="Attempts a request" unit="mean" decimals=2 value=r(|r| r.attempts) />
                    <Metric name="client_a_pct" label="Client A answered" unit="%" decimals=0 value=r(|r| r.clients[0]) />
                    <Metric name="client_b_pct" label="Client B answered" unit="%" decimals=0 value=r(|r| r.clients[1]) />
                    <Metric name="client_c_pct" label="Client C answered" unit="%" decimals=0 value=r(|r| r.clients[2]) />
                    <Metric name="client_d_pct" label="Client D answered" unit="%" decimals=0 value=r(|r| r.clients[3]) />
                    <Metric name="rate_limited_total" label="429s" unit="total" value=r(|r| r.c.rate_limited.iter().sum::<u64>() as f64) />
                    <Metric name="rate_limited_a" label="429s to A" unit="per s" value=r(|r| r.limited[0] as f64) />
                    <Metric name="rate_limited_b" label="429s to B" unit="per s" value=r(|r| r.limited[1] as f64) />
                    <Metric name="rate_limited_c" label="429s to C" unit="per s" value=r(|r| r.limited[2] as f64) />
                    <Metric name="rate_limited_d" label="429s to D" unit="per s" value=r(|r| r.limited[3] as f64) />
                    <Metric name="shed_high_total" label="Shed, high priority" unit="total" value=r(|r| r.c.shed_high as f64) />
                    <Metric name="shed_low_total" label="Shed, low priority" unit="total" value=r(|r| r.c.shed_low as f64) />
                    <Metric name="breaker_b_state" label="B's breaker (0 closed, 1 open, 2 half-open)" unit="" value=r(|r| f64::from(r.breaker_b)) />
                    <Metric name="breaker_opens_total" label="Breakers opened" unit="total" value=r(|r| r.opens as f64) />
                    <Metric name="fallbacks_total" label="Fallbacks" unit="total" value=r(|r| r.c.fallbacks as f64) />
                    <Metric name="timeouts_total" label="Timeouts" unit="total" value=r(|r| r.c.timeouts as f64) />
                    <Metric name="wasted_total" label="Work for timed-out calls" unit="total" value=r(|r| r.c.wasted as f64) />
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="Calls that succeeded (%)"
                        legend=vec![("service A", "arrival"), ("service B", "dropped")]
                        summary=Signal::derive(move || format!("Success chart: A {:.0} %, B {:.0} %", readout.get().success[0], readout.get().success[1]))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="99th-percentile call time (ms)"
                        legend=vec![("service A", "arrival"), ("service B", "dropped")]
                        summary=Signal::derive(move || format!("Latency chart: A {:.0} ms, B {:.0} ms at the 99th percentile", readout.get().p99[0], readout.get().p99[1]))
                    />
                    <TimeChart
                        handle=charts[2]
                        title="Gateway threads busy"
                        legend=vec![("threads busy", "queue")]
                        summary=Signal::derive(move || format!("Threads chart: {} busy", readout.get().busy[0] + readout.get().busy[1]))
                    />
                </div>
            </div>
        </LabPage>
    }
}
