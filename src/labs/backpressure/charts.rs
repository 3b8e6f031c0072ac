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

/// Draws chart `i` from the engine's history.
pub fn draw_chart(i: usize, chart: &ChartHandle, sim: &Simulation, palette: theme::Palette) {
    let now = sim.now_s();
    let series = |f: fn(&Sample) -> f64| -> Vec<(f64, f64)> {
        sim.history()
            .map(|s| (s.t_s - now, f(s)))
            .filter(|(x, _)| *x >= -CHART_WINDOW_S)
            .collect()
    };
    let p = palette;
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
    let lines: Vec<Line<'_>> = lines
        .iter()
        .map(|(color, points)| Line {
            color: *color,
            points,
        })
        .collect();
    chart.draw(&lines, XAxis::SecondsAgo(CHART_WINDOW_S), p);
}
