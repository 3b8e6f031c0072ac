//! The rebuild-cost chart: events replayed to rebuild, against the log's length.

use crate::sim::event_sourcing::EventSourcing;
use crate::ui::chart::{ChartHandle, Line, XAxis};
use crate::ui::theme;

/// Draws the cost of rebuilding at every log length so far, with and without snapshots.
pub fn draw_cost(chart: &ChartHandle, sim: &EventSourcing, palette: theme::Palette) {
    let head = sim.store().head();
    let archived = sim.store().archived_before();
    let max = head.max(100);
    // Cost of rebuilding at log length x: from scratch, everything since the archive
    // boundary; with snapshots, only the tail after the latest snapshot at or before x.
    let points = 240u64;
    let xs = (0..=points).map(|i| archived + (max - archived) * i / points);
    let full: Vec<(f64, f64)> = xs
        .clone()
        .map(|x| (x as f64, (x - archived) as f64))
        .collect();
    let snap: Vec<(f64, f64)> = xs
        .map(|x| {
            let from = sim
                .snapshots()
                .at_or_before(x)
                .map_or(archived, |s| s.offset.max(archived));
            (x as f64, (x - from) as f64)
        })
        .collect();
    chart.draw(
        &[
            Line {
                color: palette.rejected,
                points: &full,
            },
            Line {
                color: palette.served,
                points: &snap,
            },
        ],
        XAxis::Count(max as f64),
        palette,
    );
}
