//! The gateway lab's page: controls, the picture, live figures and charts.

use leptos::prelude::*;

use super::flow;
use super::guide::GatewayRun;
use super::panels::GatewayControls;
use super::params::Params;
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::gateway::{GatewayConfig, GatewayCounters, GatewaySim};
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
    c: GatewayCounters,
    limited: [u64; 4],
    clients: [f64; 4],
    success: [f64; 2],
    p99: [f64; 2],
    busy: [u32; 2],
    breaker_b: u8,
    opens: u64,
    attempts: f64,
    sent: f64,
}

impl From<&GatewaySim> for Readout {
    fn from(sim: &GatewaySim) -> Self {
        Self {
            c: *sim.counters(),
            limited: std::array::from_fn(|i| sim.rate_limited_per_s(i)),
            clients: std::array::from_fn(|i| sim.client_success_pct(i)),
            success: [sim.success_pct(0), sim.success_pct(1)],
            p99: [sim.p99_ms(0), sim.p99_ms(1)],
            busy: sim.busy(),
            breaker_b: sim.breaker(1).map_or(0, |b| b.state().code()),
            opens: (0..2).filter_map(|s| sim.breaker(s)).map(|b| b.opens).sum(),
            attempts: sim.attempts_per_request(),
            sent: sim.sent_per_accepted(),
        }
    }
}

lab_model!(GatewaySim, GatewayConfig);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 29] = [
    key(figure("success_a_pct", "Calls to A succeeded", "%", 1, |r| r.success[0])),
    key(figure("success_b_pct", "Calls to B succeeded", "%", 1, |r| r.success[1])),
    key(figure("p99_b_ms", "Calls to B, p99", "ms", 0, |r| r.p99[1])),
    key(figure("threads_b", "Gateway threads held by calls to B", "", 0, |r| f64::from(r.busy[1]))),
    key(figure("attempts_per_request", "Attempts a request", "mean", 2, |r| r.attempts)),
    figure("requests_total", "Requests", "total", 0, |r| r.c.requests as f64),
    figure("p99_a_ms", "Calls to A, p99", "ms", 0, |r| r.p99[0]),
    figure("threads_busy", "Gateway threads busy", "", 0, |r| f64::from(r.busy[0] + r.busy[1])),
    figure("client_a_pct", "Client A answered", "%", 0, |r| r.clients[0]),
    figure("client_b_pct", "Client B answered", "%", 0, |r| r.clients[1]),
    figure("client_c_pct", "Client C answered", "%", 0, |r| r.clients[2]),
    figure("client_d_pct", "Client D answered", "%", 0, |r| r.clients[3]),
    figure("rate_limited_total", "429s", "total", 0, |r| r.c.rate_limited.iter().sum::<u64>() as f64),
    figure("rate_limited_a", "429s to A", "per s", 0, |r| r.limited[0] as f64),
    figure("rate_limited_b", "429s to B", "per s", 0, |r| r.limited[1] as f64),
    figure("rate_limited_c", "429s to C", "per s", 0, |r| r.limited[2] as f64),
    figure("rate_limited_d", "429s to D", "per s", 0, |r| r.limited[3] as f64),
    figure("shed_high_total", "Shed, high priority", "total", 0, |r| r.c.shed_high as f64),
    figure("shed_low_total", "Shed, low priority", "total", 0, |r| r.c.shed_low as f64),
    figure("breaker_b_state", "B's breaker (0 closed, 1 open, 2 half-open)", "", 0, |r| f64::from(r.breaker_b)),
    figure("breaker_opens_total", "Breakers opened", "total", 0, |r| r.opens as f64),
    figure("fallbacks_total", "Fallbacks", "total", 0, |r| r.c.fallbacks as f64),
    figure("timeouts_total", "Timeouts", "total", 0, |r| r.c.timeouts as f64),
    figure("wasted_total", "Work for timed-out calls", "total", 0, |r| r.c.wasted as f64),
    figure("errors_total", "Calls answered with an error", "total", 0, |r| r.c.errors as f64),
    figure("gateway_retries_total", "Calls the gateway tried again", "total", 0, |r| r.c.gateway_retries as f64),
    figure("budget_denied_total", "Retries the budget refused", "total", 0, |r| r.c.budget_denied as f64),
    figure("throttled_total", "Attempts clients held back (throttling)", "total", 0, |r| r.c.throttled as f64),
    figure("sent_per_accepted", "Attempts sent for each answered", "ratio", 2, |r| r.sent),
];

/// The charts: success, p99, threads.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 3] = [
    chart("Calls that succeeded (%)", &[("service A", "arrival"), ("service B", "dropped")], |r| format!("Success chart: A {:.0} %, B {:.0} %", r.success[0], r.success[1])),
    chart("99th-percentile call time (ms)", &[("service A", "arrival"), ("service B", "dropped")], |r| format!("Latency chart: A {:.0} ms, B {:.0} ms at the 99th percentile", r.p99[0], r.p99[1])),
    chart("Gateway threads busy", &[("threads busy", "queue")], |r| format!("Threads chart: {} busy", r.busy[0] + r.busy[1])),
];

impl LabUi for GatewaySim {
    type Readout = Readout;
    const LAB: Lab = Lab::Gateway;
    const EXPERIMENTS: &'static crate::course::experiment::Presets = &super::experiments::PRESETS;

    fn theory(config: &GatewayConfig, metric: &str) -> Option<f64> {
        super::experiments::theory(config, metric)
    }
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;

    fn chart_lines(i: usize, run: &GatewayRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        match i {
            0 => vec![(p.arrival, s(0)), (p.dropped, s(1))],
            1 => vec![(p.arrival, s(2)), (p.dropped, s(3))],
            _ => vec![(p.queue, s(4))],
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "Calls to A succeed {:.0} % and to B {:.0} %; {} of the gateway's threads busy; {:.2} attempts a request.",
            r.success[0],
            r.success[1],
            r.busy[0] + r.busy[1],
            r.attempts
        )
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 4] = [
    ("arrival", "high priority, calls to A"),
    ("queue", "low priority, waiting"),
    ("dropped", "calls to B"),
    ("served", "tokens, workers busy"),
];

/// The gateway lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn GatewayLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<GatewaySim>::open(frame, LabParams::new(params));
    let mut parts = LabParts::new(
        "Gateway: rate limits, shedding, bulkheads and breakers",
        text::INTRO,
        "Animation: four clients with their token buckets, the gateway's threads coloured by the service each call waits on, and the two services with their workers, queues and circuit breakers",
    );
    parts.picture_class = "tall";
    parts.controls =
        view! { <GatewayControls config=shell.config() act=move |a| shell.act(a) /> }.into_any();
    parts.key = swatches(&KEY).into_any();
    shell.page(parts)
}
