//! The pipeline lab's controls: the architecture, the traffic, the scale, the pitfalls as
//! switches, and the faults.

use leptos::prelude::*;

use super::text;
use crate::sim::pipeline::config::{MAX_CONSUMERS, MAX_PARTITIONS, MAX_SPIKE_X};
use crate::sim::pipeline::{PipelineAction, PipelineConfig};
use crate::ui::controls::{switch, NumberField, Settings};

/// Every setting the learner can change while the run goes on, the faults, and the
/// partitions, which start a new run (`repartition`).
#[component]
pub fn PipelineControls(
    config: RwSignal<PipelineConfig>,
    #[prop(into)] act: Callback<PipelineAction>,
    #[prop(into)] repartition: Callback<PipelineConfig>,
) -> impl IntoView {
    let s = Settings { config, act };
    let switch = move |id, label, get, to| switch(config, act, id, label, get, to);
    view! {
        <fieldset>
            <legend>"Architecture"</legend>
            {s.radio(("arch", "Architecture"), &["The pipeline: event store, log, consumers, views", "Simple: one service, one database"], |c| c.arch, PipelineAction::Arch)}
        </fieldset>
        <fieldset>
            <legend>"Traffic and scale"</legend>
            {s.slider(("write_rate", "Commands", "/s"), (0.0, 1_000_000.0, 1_000.0), |c| f64::from(c.write_rate), |v| PipelineAction::WriteRate(v as u32))}
            {s.slider(("read_rate", "Queries", "/s"), (0.0, 1_000_000.0, 1_000.0), |c| f64::from(c.read_rate), |v| PipelineAction::ReadRate(v as u32))}
            {s.slider(("consumers", "Consumers a view", ""), (1.0, f64::from(MAX_CONSUMERS), 1.0), |c| f64::from(c.consumers), |v| PipelineAction::Consumers(v as u32))}
            {s.number(("consumer_capacity", "A consumer applies (events/s)"), (1, crate::sim::pipeline::config::MAX_CONSUMER_CAPACITY), |c| c.consumer_capacity, PipelineAction::ConsumerCapacity)}
            <NumberField id="partitions" label="Partitions (starts a new run)" min=1 max=MAX_PARTITIONS
                value=Signal::derive(move || config.get().partitions)
                on_change=move |v: u32| repartition.run(PipelineConfig { partitions: v, ..config.get_untracked() }) />
        </fieldset>
        <fieldset>
            <legend>"The pitfalls, as switches"</legend>
            {switch("backpressure", "Back-pressure (slow the appends while consumers lag)", |c| c.backpressure, PipelineAction::Backpressure)}
            {s.number(("lag_threshold", "Lag that triggers it (events)"), (1, u32::MAX), |c| c.lag_threshold, PipelineAction::LagThreshold)}
            {switch("bounded", "Bounded API buffer (refuse rather than crash)", |c| c.bounded, PipelineAction::Bounded)}
            {switch("snapshots", "Snapshots of the views", |c| c.snapshots, PipelineAction::Snapshots)}
            {switch("idempotent", "Idempotent consumers", |c| c.idempotent, PipelineAction::Idempotent)}
            {switch("dlq", "Dead-letter queue", |c| c.dlq, PipelineAction::Dlq)}
            {switch("stale_monitor", "Staleness monitor", |c| c.stale_monitor, PipelineAction::StaleMonitor)}
            {s.slider(("stale_alert_s", "Alert when a view is older than", "s"), (1.0, 60.0, 1.0), |c| f64::from(c.stale_alert_s), |v| PipelineAction::StaleAlert(v as u32))}
            <p class="policy-text">{text::MODEL}</p>
        </fieldset>
        <fieldset>
            <legend>"Faults"</legend>
            {s.slider(("redelivery_pct", "Lost acknowledgements", "%"), (0.0, 100.0, 1.0), |c| f64::from(c.redelivery_pct), |v| PipelineAction::Redelivery(v as u32))}
            {s.slider(("spike_x", "Spike size", "×"), (1.0, f64::from(MAX_SPIKE_X), 1.0), |c| f64::from(c.spike_x), |v| PipelineAction::SpikeX(v as u32))}
            <div class="buttons">
                <button type="button" data-action="crash" on:click=move |_| act.run(PipelineAction::CrashNow)>"Crash a consumer group"</button>
                <button type="button" data-action="poison" on:click=move |_| act.run(PipelineAction::PoisonNow)>"Append a poison event"</button>
                <button type="button" data-action="spike" on:click=move |_| act.run(PipelineAction::SpikeNow)>"Start a spike"</button>
            </div>
            <p class="policy-text">{text::FAULTS}</p>
        </fieldset>
    }
}
