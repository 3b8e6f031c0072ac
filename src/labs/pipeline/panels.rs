//! The pipeline lab's controls: the architecture, the traffic, the scale, the pitfalls as
//! switches, and the faults.

use leptos::prelude::*;

use super::text;
use crate::sim::pipeline::config::{MAX_CONSUMERS, MAX_PARTITIONS, MAX_SPIKE_X};
use crate::sim::pipeline::{Arch, PipelineAction, PipelineConfig};
use crate::ui::controls::{switch, NumberField, RadioGroup, Slider};

/// Every setting the learner can change while the run goes on, the faults, and the
/// partitions, which start a new run (`repartition`).
#[component]
pub fn PipelineControls(
    config: RwSignal<PipelineConfig>,
    #[prop(into)] act: Callback<PipelineAction>,
    #[prop(into)] repartition: Callback<PipelineConfig>,
) -> impl IntoView {
    let cfg = move |f: fn(&PipelineConfig) -> f64| Signal::derive(move || f(&config.get()));
    let switch = move |id, label, get, to| switch(config, act, id, label, get, to);
    view! {
        <fieldset>
            <legend>"Architecture"</legend>
            <RadioGroup name="arch" label="Architecture"
                options=vec![
                    (Arch::Patterns, "arch-patterns".into(), "The pipeline: event store, log, consumers, views"),
                    (Arch::Simple, "arch-simple".into(), "Simple: one service, one database"),
                ]
                value=Signal::derive(move || config.get().arch)
                on_change=move |a| act.run(PipelineAction::Arch(a)) />
        </fieldset>
        <fieldset>
            <legend>"Traffic and scale"</legend>
            <Slider id="write_rate" label="Commands" unit="/s" min=0.0 max=1_000_000.0 step=1_000.0
                value=cfg(|c| f64::from(c.write_rate))
                on_input=move |v: f64| act.run(PipelineAction::WriteRate(v as u32)) />
            <Slider id="read_rate" label="Queries" unit="/s" min=0.0 max=1_000_000.0 step=1_000.0
                value=cfg(|c| f64::from(c.read_rate))
                on_input=move |v: f64| act.run(PipelineAction::ReadRate(v as u32)) />
            <Slider id="consumers" label="Consumers a view" unit="" min=1.0 max=f64::from(MAX_CONSUMERS) step=1.0
                value=cfg(|c| f64::from(c.consumers))
                on_input=move |v: f64| act.run(PipelineAction::Consumers(v as u32)) />
            <NumberField id="consumer_capacity" label="A consumer applies (events/s)" min=1 max=crate::sim::pipeline::config::MAX_CONSUMER_CAPACITY
                value=Signal::derive(move || config.get().consumer_capacity)
                on_change=move |v: u32| act.run(PipelineAction::ConsumerCapacity(v)) />
            <NumberField id="partitions" label="Partitions (starts a new run)" min=1 max=MAX_PARTITIONS
                value=Signal::derive(move || config.get().partitions)
                on_change=move |v: u32| repartition.run(PipelineConfig { partitions: v, ..config.get_untracked() }) />
        </fieldset>
        <fieldset>
            <legend>"The pitfalls, as switches"</legend>
            {switch("backpressure", "Back-pressure (slow the appends while consumers lag)", |c| c.backpressure, PipelineAction::Backpressure)}
            <NumberField id="lag_threshold" label="Lag that triggers it (events)" min=1 max=u32::MAX
                value=Signal::derive(move || config.get().lag_threshold)
                on_change=move |v: u32| act.run(PipelineAction::LagThreshold(v)) />
            {switch("bounded", "Bounded API buffer (refuse rather than crash)", |c| c.bounded, PipelineAction::Bounded)}
            {switch("snapshots", "Snapshots of the views", |c| c.snapshots, PipelineAction::Snapshots)}
            {switch("idempotent", "Idempotent consumers", |c| c.idempotent, PipelineAction::Idempotent)}
            {switch("dlq", "Dead-letter queue", |c| c.dlq, PipelineAction::Dlq)}
            {switch("stale_monitor", "Staleness monitor", |c| c.stale_monitor, PipelineAction::StaleMonitor)}
            <Slider id="stale_alert_s" label="Alert when a view is older than" unit="s" min=1.0 max=60.0 step=1.0
                value=cfg(|c| f64::from(c.stale_alert_s))
                on_input=move |v: f64| act.run(PipelineAction::StaleAlert(v as u32)) />
            <p class="policy-text">{text::MODEL}</p>
        </fieldset>
        <fieldset>
            <legend>"Faults"</legend>
            <Slider id="redelivery_pct" label="Lost acknowledgements" unit="%" min=0.0 max=100.0 step=1.0
                value=cfg(|c| f64::from(c.redelivery_pct))
                on_input=move |v: f64| act.run(PipelineAction::Redelivery(v as u32)) />
            <Slider id="spike_x" label="Spike size" unit="×" min=1.0 max=f64::from(MAX_SPIKE_X) step=1.0
                value=cfg(|c| f64::from(c.spike_x))
                on_input=move |v: f64| act.run(PipelineAction::SpikeX(v as u32)) />
            <div class="buttons">
                <button type="button" data-action="crash" on:click=move |_| act.run(PipelineAction::CrashNow)>"Crash a consumer group"</button>
                <button type="button" data-action="poison" on:click=move |_| act.run(PipelineAction::PoisonNow)>"Append a poison event"</button>
                <button type="button" data-action="spike" on:click=move |_| act.run(PipelineAction::SpikeNow)>"Start a spike"</button>
            </div>
            <p class="policy-text">{text::FAULTS}</p>
        </fieldset>
    }
}
