//! The back-pressure lab's model controls: producer, consumer and queue.

use crate::sim::Keyed;
use leptos::prelude::*;

use super::text;
use crate::sim::arrivals::MAX_PRODUCER_RATE;
use crate::sim::backpressure::{
    BackpressureAction, BackpressureConfig, MAX_CAPACITY, MAX_MEMORY_MB,
};
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::{MAX_CONSUMER_RATE, MAX_WORKERS};
use crate::ui::controls::{keyed, RadioGroup, Settings};


/// The producer, consumer and queue settings; every change goes to the engine as an action.
#[component]
pub fn ModelControls(
    config: RwSignal<BackpressureConfig>,
    #[prop(into)] act: Callback<BackpressureAction>,
) -> impl IntoView {
    let s = Settings { config, act };
    let act = move |a: BackpressureAction| act.run(a);
    let (policy_name, policy_text) = (
        move || text::policy(config.get().policy).0,
        move || text::policy(config.get().policy).1,
    );
    view! {
        <fieldset>
            <legend>"Producer"</legend>
            {s.slider(("producer_rate", "Producer rate", "msg/s"), (0.0, f64::from(MAX_PRODUCER_RATE), 100.0), |c| f64::from(c.producer_rate), |v| BackpressureAction::ProducerRate(v as u32))}
            {s.choice(("arrivals", "Arrivals"), &["Steady", "Random (Poisson)", "Bursts (¼ s at 4×, each second)"], |c| c.arrivals, BackpressureAction::Arrivals)}
        </fieldset>
        <fieldset>
            <legend>"Consumer"</legend>
            {s.slider(("consumer_rate", "Rate per worker", "msg/s"), (100.0, f64::from(MAX_CONSUMER_RATE), 100.0), |c| f64::from(c.consumer_rate), |v| BackpressureAction::ConsumerRate(v as u32))}
            {s.slider(("workers", "Workers", ""), (1.0, MAX_WORKERS as f64, 1.0), |c| f64::from(c.workers), |v| BackpressureAction::Workers(v as u32))}
            {s.choice(("service", "Service time"), &["Fixed", "Random (exponential)"], |c| c.service, BackpressureAction::Service)}
            {s.number(("memory_mb", "Memory limit (MiB, 1 KiB per waiting message)"), (1, MAX_MEMORY_MB), |c| c.memory_mb, BackpressureAction::MemoryLimit)}
        </fieldset>
        <fieldset>
            <legend>"Queue"</legend>
            {s.number(("capacity", "Capacity (messages)"), (1, MAX_CAPACITY), |c| c.capacity, BackpressureAction::Capacity)}
            <RadioGroup name="policy" label="When the queue is full" shown=true
                options=keyed("policy", OverflowPolicy::KEYS, &OverflowPolicy::all().into_iter().map(|p| text::policy(p).0).collect::<Vec<_>>())
                value=Signal::derive(move || config.get().policy)
                on_change=move |p| act(BackpressureAction::Policy(p)) />
            <p class="policy-text">
                <strong>{policy_name}</strong>
                ": "
                {policy_text}
            </p>
        </fieldset>
    }
}
