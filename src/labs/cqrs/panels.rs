//! The CQRS lab's controls: the architecture, the traffic, the read side and the sync.

use leptos::prelude::*;

use super::text;
use crate::sim::cqrs::config::{MAX_JOINS, MAX_REPLICAS};
use crate::sim::cqrs::{Arch, CqrsAction, CqrsConfig};
use crate::ui::controls::Slider;

/// Every setting the learner can change while the run goes on.
#[component]
pub fn CqrsControls(
    config: RwSignal<CqrsConfig>,
    #[prop(into)] act: Callback<CqrsAction>,
) -> impl IntoView {
    let cfg = move |f: fn(&CqrsConfig) -> f64| Signal::derive(move || f(&config.get()));
    let arch_radio = move |arch: Arch, id: &'static str, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="arch"
                    id=id
                    prop:checked=move || config.get().arch == arch
                    on:change=move |_| act.run(CqrsAction::Arch(arch))
                />
                {label}
            </label>
        }
    };
    view! {
        <fieldset>
            <legend>"Architecture"</legend>
            <div class="policies" role="radiogroup" aria-label="Architecture">
                {arch_radio(Arch::Traditional, "arch-traditional", "Traditional: one service, one database")}
                {arch_radio(Arch::Cqrs, "arch-cqrs", "CQRS: write store, projector, read store")}
            </div>
        </fieldset>
        <fieldset>
            <legend>"Traffic"</legend>
            <Slider id="write_rate" label="Commands" unit="/s" min=0.0 max=20_000.0 step=100.0
                value=cfg(|c| f64::from(c.write_rate))
                on_input=move |v: f64| act.run(CqrsAction::WriteRate(v as u32)) />
            <Slider id="read_rate" label="Queries" unit="/s" min=0.0 max=100_000.0 step=500.0
                value=cfg(|c| f64::from(c.read_rate))
                on_input=move |v: f64| act.run(CqrsAction::ReadRate(v as u32)) />
            <Slider id="joins" label="Tables a normalized read joins" unit="" min=1.0 max=f64::from(MAX_JOINS) step=1.0
                value=cfg(|c| f64::from(c.joins))
                on_input=move |v: f64| act.run(CqrsAction::Joins(v as u32)) />
        </fieldset>
        <fieldset>
            <legend>"Read side and sync"</legend>
            <Slider id="read_replicas" label="Read replicas" unit="" min=1.0 max=f64::from(MAX_REPLICAS) step=1.0
                value=cfg(|c| f64::from(c.read_replicas))
                on_input=move |v: f64| act.run(CqrsAction::Replicas(v as u32)) />
            <Slider id="sync_capacity" label="Projector capacity" unit="changes/s" min=100.0 max=50_000.0 step=100.0
                value=cfg(|c| f64::from(c.sync_capacity))
                on_input=move |v: f64| act.run(CqrsAction::SyncCapacity(v as u32)) />
            <label class="radio" for="ryw">
                <input
                    type="checkbox"
                    id="ryw"
                    prop:checked=move || config.get().ryw
                    on:change=move |ev| act.run(CqrsAction::Ryw(event_target_checked(&ev)))
                />
                "Read-your-writes"
            </label>
            <p class="policy-text">{text::RYW}</p>
            <p class="policy-text">{text::COSTS}</p>
        </fieldset>
    }
}
