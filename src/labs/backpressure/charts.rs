//! The back-pressure lab's four charts over the last minute of simulated time: its own
//! samples solid, the run before a fork (or a compared run) faint.

use super::figures::Readout;
use crate::page::lab::{ChartSpec, chart};
use crate::sim::backpressure::BackpressureSim;
use crate::sim::metrics::Sample;
use crate::ui::chart::Series;
use crate::ui::controls::group;
use crate::ui::theme::Palette;

/// Seconds of simulated time the charts show.
pub const CHART_WINDOW_S: f64 = 60.0;

/// The charts: queue depth, rates, losses, latency.
#[rustfmt::skip] // One chart a line: a table to read down.
pub const CHARTS: [ChartSpec<Readout>; 4] = [
    chart("Queue depth", &[("waiting", "queue"), ("limit", "grid")], |r| format!("Queue depth chart: {} messages waiting now", group(r.queue_depth as f64))),
    chart("Arrivals vs throughput (msg/s)", &[("arriving", "arrival"), ("served", "served")], |r| format!("Rates chart: {} arriving and {} served per second", group(r.window.arrival_rate), group(r.window.throughput))),
    chart("Rejected, dropped and lost (msg/s)", &[("rejected", "rejected"), ("dropped", "dropped"), ("lost", "lost")], |r| format!("Losses chart: {} rejected, {} dropped, {} lost per second", group(r.window.rejected_rate), group(r.window.dropped_rate), group(r.window.lost_rate))),
    chart("Latency (ms)", &[("p50", "served"), ("p99", "rejected")], |r| format!("Latency chart: median {:.1} ms, 99th percentile {:.1} ms", r.window.latency_p50_ms, r.window.latency_p99_ms)),
];

/// Columns of the timeline's rows (see `Replay::COLUMNS` of the back-pressure engine).
const REJECTED: usize = 2;
const DROPPED: usize = 3;
const LOST: usize = 4;
const DEPTH: usize = 6;
const ARRIVAL_RATE: usize = 9;
const THROUGHPUT: usize = 10;
const P50: usize = 11;
const P99: usize = 12;

/// Chart `i`'s faint lines from `rows` (the run before the last fork, or a compared run,
/// one row a second) where they overlap the chart's minute.
pub fn faint(i: usize, sim: &BackpressureSim, rows: &[(u64, Vec<f64>)], p: Palette) -> Vec<Series> {
    let now = sim.now_s();
    let seen = |t: f64| t - now >= -CHART_WINDOW_S && t <= now;
    // A column of the rows, or its rate of change per second (for totals).
    let line = |col: usize, rate: bool| -> Vec<(f64, f64)> {
        rows.windows(2)
            .filter_map(|w| {
                let (t0, t1) = (w[0].0 as f64 / 1e3, w[1].0 as f64 / 1e3);
                let (a, b) = (w[0].1.get(col)?, w[1].1.get(col)?);
                let y = if rate {
                    (b - a) / (t1 - t0).max(1e-3)
                } else {
                    *b
                };
                seen(t1).then_some((t1 - now, y))
            })
            .collect()
    };
    match i {
        0 => vec![(p.queue, line(DEPTH, false))],
        1 => vec![
            (p.arrival, line(ARRIVAL_RATE, false)),
            (p.served, line(THROUGHPUT, false)),
        ],
        2 => vec![
            (p.rejected, line(REJECTED, true)),
            (p.dropped, line(DROPPED, true)),
            (p.fg, line(LOST, true)),
        ],
        _ => vec![(p.served, line(P50, false)), (p.rejected, line(P99, false))],
    }
}

/// Chart `i`'s lines from the engine's own history, ten samples a second.
pub fn lines(i: usize, sim: &BackpressureSim, p: Palette) -> Vec<Series> {
    let now = sim.now_s();
    let series = |f: fn(&Sample) -> f64| -> Vec<(f64, f64)> {
        sim.history()
            .map(|s| (s.t_s - now, f(s)))
            .filter(|(x, _)| *x >= -CHART_WINDOW_S)
            .collect()
    };
    match i {
        0 => {
            let c = sim.config();
            let limit = if c.policy.is_bounded() {
                f64::from(c.capacity)
            } else {
                c.memory_limit_messages() as f64
            };
            vec![
                (p.grid, vec![(-CHART_WINDOW_S, limit), (0.0, limit)]),
                (p.queue, series(|s| f64::from(s.queue_depth))),
            ]
        }
        1 => vec![
            (p.arrival, series(|s| f64::from(s.arrival_rate))),
            (p.served, series(|s| f64::from(s.throughput))),
        ],
        2 => vec![
            (p.rejected, series(|s| f64::from(s.rejected_rate))),
            (p.dropped, series(|s| f64::from(s.dropped_rate))),
            (p.fg, series(|s| f64::from(s.lost_rate))),
        ],
        _ => vec![
            (p.served, series(|s| f64::from(s.latency_p50_ms))),
            (p.rejected, series(|s| f64::from(s.latency_p99_ms))),
        ],
    }
}
