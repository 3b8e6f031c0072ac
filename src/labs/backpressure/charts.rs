//! The back-pressure lab's four charts over the last minute of simulated time.

use leptos::prelude::*;

use super::figures::Readout;
use crate::sim::backpressure::Simulation;
use crate::sim::metrics::Sample;
use crate::ui::chart::{ChartHandle, Line, TimeChart, XAxis};
use crate::ui::controls::group;
use crate::ui::theme;

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;

/// The charts; the frame loop draws them with [`draw_chart`].
#[component]
pub fn Charts(charts: [ChartHandle; 4], readout: RwSignal<Readout>) -> impl IntoView {
    view! {
        <div class="charts">
            <TimeChart
                handle=charts[0]
                title="Queue depth"
                legend=vec![("waiting", "queue"), ("limit", "grid")]
                summary=Signal::derive(move || format!("Queue depth chart: {} messages waiting now", group(readout.get().queue_depth as f64)))
            />
            <TimeChart
                handle=charts[1]
                title="Arrivals vs throughput (msg/s)"
                legend=vec![("arriving", "arrival"), ("served", "served")]
                summary=Signal::derive(move || {
                    let w = readout.get().window;
                    format!("Rates chart: {} arriving and {} served per second", group(w.arrival_rate), group(w.throughput))
                })
            />
            <TimeChart
                handle=charts[2]
                title="Rejected, dropped and lost (msg/s)"
                legend=vec![("rejected", "rejected"), ("dropped", "dropped"), ("lost", "lost")]
                summary=Signal::derive(move || {
                    let w = readout.get().window;
                    format!("Losses chart: {} rejected, {} dropped, {} lost per second", group(w.rejected_rate), group(w.dropped_rate), group(w.lost_rate))
                })
            />
            <TimeChart
                handle=charts[3]
                title="Latency (ms)"
                legend=vec![("p50", "served"), ("p99", "rejected")]
                summary=Signal::derive(move || {
                    let w = readout.get().window;
                    format!("Latency chart: median {:.1} ms, 99th percentile {:.1} ms", w.latency_p50_ms, w.latency_p99_ms)
                })
            />
        </div>
    }
}

type Rgb = (u8, u8, u8);

/// Columns of the timeline's rows (see `Replay::COLUMNS` of the back-pressure engine).
const REJECTED: usize = 2;
const DROPPED: usize = 3;
const LOST: usize = 4;
const DEPTH: usize = 6;
const ARRIVAL_RATE: usize = 9;
const THROUGHPUT: usize = 10;
const P50: usize = 11;
const P99: usize = 12;

/// Draws chart `i` from the engine's history, and faintly from `ghost` (the rows of the run
/// before the last fork, one a second) where it overlaps the chart's minute.
pub fn draw_chart(
    i: usize,
    chart: &ChartHandle,
    sim: &Simulation,
    ghost: &[(u64, Vec<f64>)],
    palette: theme::Palette,
) {
    let now = sim.now_s();
    let seen = |t: f64| t - now >= -CHART_WINDOW_S && t <= now;
    // A column of the ghost rows, or its rate of change per second (for totals).
    let ghost_line = |col: usize, rate: bool| -> Vec<(f64, f64)> {
        ghost
            .windows(2)
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
    let series = |f: fn(&Sample) -> f64| -> Vec<(f64, f64)> {
        sim.history()
            .map(|s| (s.t_s - now, f(s)))
            .filter(|(x, _)| *x >= -CHART_WINDOW_S)
            .collect()
    };
    let p = palette;
    let ghosts: Vec<(Rgb, Vec<(f64, f64)>)> = match i {
        0 => vec![(p.queue, ghost_line(DEPTH, false))],
        1 => vec![
            (p.arrival, ghost_line(ARRIVAL_RATE, false)),
            (p.served, ghost_line(THROUGHPUT, false)),
        ],
        2 => vec![
            (p.rejected, ghost_line(REJECTED, true)),
            (p.dropped, ghost_line(DROPPED, true)),
            (p.fg, ghost_line(LOST, true)),
        ],
        _ => vec![
            (p.served, ghost_line(P50, false)),
            (p.rejected, ghost_line(P99, false)),
        ],
    };
    // Each line: its colour and its points.
    let lines: Vec<(Rgb, Vec<(f64, f64)>)> = match i {
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
    };
    let lines: Vec<Line<'_>> = ghosts
        .iter()
        .map(|l| (l, true))
        .chain(lines.iter().map(|l| (l, false)))
        .map(|((color, points), faint)| Line {
            color: *color,
            points,
            faint,
        })
        .collect();
    chart.draw(&lines, XAxis::SecondsAgo(CHART_WINDOW_S), p);
}
