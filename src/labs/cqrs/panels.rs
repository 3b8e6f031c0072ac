//! The CQRS lab's controls: the architecture, the traffic, the read side and the sync.

use leptos::prelude::*;

use super::text;
use crate::sim::cqrs::config::{MAX_JOINS, MAX_REPLICAS};
use crate::sim::cqrs::{CqrsAction, CqrsConfig};
use crate::ui::controls::Settings;

/// Every setting the learner can change while the run goes on.
#[component]
pub fn CqrsControls(
    config: RwSignal<CqrsConfig>,
    #[prop(into)] act: Callback<CqrsAction>,
) -> impl IntoView {
    let s = Settings { config, act };
    view! {
        <fieldset>
            <legend>"Architecture"</legend>
            {s.radio(("arch", "Architecture"), &["Traditional: one service, one database", "CQRS: write store, projector, read store"], |c| c.arch, CqrsAction::Arch)}
        </fieldset>
        <fieldset>
            <legend>"Traffic"</legend>
            {s.slider(("write_rate", "Commands", "/s"), (0.0, 20_000.0, 100.0), |c| f64::from(c.write_rate), |v| CqrsAction::WriteRate(v as u32))}
            {s.slider(("read_rate", "Queries", "/s"), (0.0, 100_000.0, 500.0), |c| f64::from(c.read_rate), |v| CqrsAction::ReadRate(v as u32))}
            {s.slider(("joins", "Tables a normalized read joins", ""), (1.0, f64::from(MAX_JOINS), 1.0), |c| f64::from(c.joins), |v| CqrsAction::Joins(v as u32))}
        </fieldset>
        <fieldset>
            <legend>"Read side and sync"</legend>
            {s.slider(("read_replicas", "Read replicas", ""), (1.0, f64::from(MAX_REPLICAS), 1.0), |c| f64::from(c.read_replicas), |v| CqrsAction::Replicas(v as u32))}
            {s.slider(("sync_capacity", "Projector capacity", "changes/s"), (100.0, 50_000.0, 100.0), |c| f64::from(c.sync_capacity), |v| CqrsAction::SyncCapacity(v as u32))}
            {s.switch("ryw", "Read-your-writes", |c| c.ryw, CqrsAction::Ryw)}
            <p class="policy-text">{text::RYW}</p>
            <p class="policy-text">{text::COSTS}</p>
        </fieldset>
    }
}
