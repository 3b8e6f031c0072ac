//! The streams lab's page: controls, the picture, live figures and charts.

use leptos::prelude::*;

use super::flow;
use super::guide::StreamsRun;
use super::panels::StreamsControls;
use super::params::Params;
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::streams::demand::DemandCounters;
use crate::sim::streams::tcp::TcpCounters;
use crate::sim::streams::{Scene, StreamsConfig, StreamsSim};
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
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

impl From<&StreamsSim> for Readout {
    fn from(sim: &StreamsSim) -> Self {
        Self {
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

lab_model!(StreamsSim, StreamsConfig);

/// The publisher-and-subscriber scene's figures.
#[rustfmt::skip] // One figure a line: a table to read down.
const DEMAND: [Figure<Readout>; 8] = [
    key(figure("emitted_per_s", "Emitted", "per s", 0, |r| r.per_s.0 as f64)),
    key(figure("consumed_per_s", "Consumed", "per s", 0, |r| r.per_s.1 as f64)),
    key(figure("buffer_depth", "Buffered", "items", 0, |r| r.buffer as f64)),
    key(figure("outstanding_demand", "Demand outstanding", "items", 0, |r| r.outstanding as f64)),
    key(figure("lost_total", "Lost (out of memory)", "items", 0, |r| r.d.lost as f64)),
    figure("buffer_max", "Most buffered", "items", 0, |r| r.d.buffer_max as f64),
    figure("requests_total", "request(n) signals", "total", 0, |r| r.d.requests as f64),
    figure("protocol_errors_total", "Protocol errors", "total", 0, |r| r.d.protocol_errors as f64),
];

/// The TCP scene's figures.
#[rustfmt::skip] // One figure a line: a table to read down.
const TCP: [Figure<Readout>; 7] = [
    key(figure("throughput_kbps", "Throughput", "kbit/s", 0, |r| r.throughput)),
    key(figure("bound_kbps", "Least of send, read, window/RTT", "kbit/s", 0, |r| r.bound)),
    key(figure("window_kb", "Window advertised", "KB", 1, |r| r.window_kb)),
    key(figure("in_flight_kb", "In flight", "KB", 1, |r| r.in_flight_kb)),
    key(figure("zero_window_total", "Zero windows", "total", 0, |r| r.t.zero_windows as f64)),
    figure("probes_total", "Window probes", "total", 0, |r| r.t.probes as f64),
    figure("stalled_ms_total", "Sender stalled", "ms", 0, |r| r.t.stalled_ns as f64 / 1e6),
];

/// The charts: rates, then what waits.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 2] = [
    chart("Rates: emitted and consumed (items/s), or throughput (kbit/s)", &[("emitted / throughput", "arrival"), ("consumed", "served")], |r| format!("Rate chart: {} emitted, {} consumed a second; {:.0} kbit/s", r.per_s.0, r.per_s.1, r.throughput)),
    chart("Buffered and outstanding demand (items), or window and in flight (KB)", &[("buffered / window", "queue"), ("demand / in flight", "dropped")], |r| format!("Buffer chart: {} buffered, demand {}; window {:.0} KB, {:.0} KB in flight", r.buffer, r.outstanding, r.window_kb, r.in_flight_kb)),
];

impl LabUi for StreamsSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Streams;
    const FIGURES: &'static [Figure<Readout>] = &DEMAND;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;

    fn figures(config: &StreamsConfig) -> &'static [Figure<Readout>] {
        match config.scene {
            Scene::Demand => &DEMAND,
            Scene::Tcp => &TCP,
        }
    }

    /// The demand scene's rates and buffer, or the TCP scene's throughput and windows.
    fn chart_lines(i: usize, run: &StreamsRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        match (run.config().scene, i) {
            (Scene::Demand, 0) => vec![(p.arrival, s(0)), (p.served, s(1))],
            (Scene::Demand, _) => vec![(p.queue, s(2)), (p.dropped, s(3))],
            (Scene::Tcp, 0) => vec![(p.served, s(4))],
            (Scene::Tcp, _) => vec![(p.queue, s(5)), (p.arrival, s(6))],
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        match r.scene {
            Scene::Demand => format!(
                "The publisher emits {} and the subscriber handles {} items a second; {} wait.",
                r.per_s.0, r.per_s.1, r.buffer
            ),
            Scene::Tcp => format!(
                "{:.0} kbit/s; window {:.0} KB, {:.0} KB in flight.",
                r.throughput, r.window_kb, r.in_flight_kb
            ),
        }
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 3] = [
    ("arrival", "items, segments in flight"),
    ("served", "request(n), acknowledgements"),
    ("queue", "buffered, usable window"),
];

/// The streams lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn StreamsLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<StreamsSim>::open(frame, LabParams::new(params));
    let mut parts = LabParts::new(
        "Streams: back-pressure in the protocol",
        text::INTRO,
        "Animation: items from the publisher to the subscriber's buffer and request(n) signals travelling back; or the TCP sender's window, the link and the receiver's buffer",
    );
    parts.controls = view! {
        <StreamsControls
            config=shell.config()
            act=move |a| shell.act(a)
            restart=move |c: StreamsConfig| shell.restart_with(c.clamped()) />
    }
    .into_any();
    parts.key = swatches(&KEY).into_any();
    shell.page(parts)
}
