//! What a rebuild costs: the two rebuilds of the cursor's state side by side, and the chart of
//! events replayed against the log's length.

use crate::ui::controls::Panel;
use leptos::prelude::*;

use super::rebuild::RebuildView;
use super::text;
use crate::sim::event_sourcing::EventSourcing;
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

/// The cost of rebuilding at every log length so far: without snapshots, and with them.
pub fn cost_lines(sim: &EventSourcing, palette: Palette) -> Vec<Series> {
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
    vec![(palette.rejected, full), (palette.served, snap)]
}

/// Events and milliseconds of both rebuilds, and whether they agree.
#[component]
pub fn RebuildCost(rebuilt: RwSignal<RebuildView>) -> impl IntoView {
    view! {
        <Panel id="rebuild" class="theory" title="Rebuild cost: from scratch vs from a snapshot">
            <dl>
                <dt>"From the first event"</dt>
                <dd>
                    <span data-metric="replay_events_full">{move || rebuilt.with(|r| match r.full { Some(Ok((n, _))) => n, _ => 0 })}</span>
                    " events in "
                    <span data-metric="replay_ms_full">{move || rebuilt.with(|r| match r.full { Some(Ok((_, ms))) => format!("{ms:.2}"), _ => "0".to_owned() })}</span>
                    " ms"
                </dd>
                <dt>"From the latest snapshot"</dt>
                <dd>
                    <span data-metric="replay_events_snapshot">{move || rebuilt.with(|r| match r.snapshot { Some(Ok((n, _, _))) => n, _ => 0 })}</span>
                    " events in "
                    <span data-metric="replay_ms_snapshot">{move || rebuilt.with(|r| match r.snapshot { Some(Ok((_, _, ms))) => format!("{ms:.2}"), _ => "0".to_owned() })}</span>
                    " ms"
                    {move || rebuilt.with(|r| match r.snapshot { Some(Ok((_, from, _))) if from > 0 => format!(" (starting at offset {from})"), _ => String::new() })}
                </dd>
                <dt>"Both give the same state"</dt>
                <dd>
                    <span data-metric="rebuild_match">{move || rebuilt.with(|r| match r.same { Some(true) => "1", _ => "0" })}</span>
                    {move || rebuilt.with(|r| match r.same {
                        Some(true) => " — yes, every account matches",
                        Some(false) => " — NO: the two paths disagree",
                        None => " — one rebuild failed (see above)",
                    })}
                </dd>
            </dl>
            <p class="policy-text">{text::SNAPSHOTS}</p>
        </Panel>
    }
}
