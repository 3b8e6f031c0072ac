//! The gateway lab's controls: the clients, the rate limit and shedding, the gateway's pool
//! and breakers, service B's slowdown and the clients' retries.

use leptos::prelude::*;

use super::params::{BREAKERS, POOLS, RETRIES};
use super::text;
use crate::sim::gateway::config::{
    MAX_BURST, MAX_LATENCY_MS, MAX_RATE, MAX_SLOW_FACTOR, MAX_THREADS, MAX_TIMEOUT_MS,
};
use crate::sim::gateway::{GatewayAction, GatewayConfig};
use crate::ui::controls::{keyed, NumberField, RadioGroup, Slider, Toggle};

/// Every setting the learner can change while the run goes on.
#[component]
pub fn GatewayControls(
    config: RwSignal<GatewayConfig>,
    #[prop(into)] act: Callback<GatewayAction>,
) -> impl IntoView {
    let cfg = move |f: fn(&GatewayConfig) -> f64| Signal::derive(move || f(&config.get()));
    let rate = move |i: u8, id: &'static str, label: &'static str| {
        view! {
            <Slider id=id label=label unit="/s" min=0.0 max=10_000.0 step=100.0
                value=Signal::derive(move || f64::from(config.get().rates[usize::from(i)]))
                on_input=move |v: f64| act.run(GatewayAction::Rate(i, (v as u32).min(MAX_RATE))) />
        }
    };
    view! {
        <fieldset>
            <legend>"Clients"</legend>
            {rate(0, "rate_a", "A, checkout (high)")}
            {rate(1, "rate_b", "B, playback (high)")}
            {rate(2, "rate_c", "C, recommendations (low)")}
            {rate(3, "rate_d", "D, analytics (low)")}
            <RadioGroup name="retry" label="Client retries"
                options=keyed("retry", &RETRIES, &["No retries", "Retry at once", "Retry with backoff and jitter"])
                value=Signal::derive(move || config.get().retry)
                on_change=move |v| act.run(GatewayAction::Retry(v)) />
        </fieldset>
        <fieldset>
            <legend>"Rate limit and shedding"</legend>
            <Slider id="limit" label="Limit a client (0: off)" unit="/s" min=0.0 max=5_000.0 step=100.0
                value=cfg(|c| f64::from(c.limit))
                on_input=move |v: f64| act.run(GatewayAction::Limit(v as u32)) />
            <Slider id="burst" label="Burst" unit="tokens" min=1.0 max=f64::from(MAX_BURST).min(2_000.0) step=1.0
                value=cfg(|c| f64::from(c.burst))
                on_input=move |v: f64| act.run(GatewayAction::Burst(v as u32)) />
            <Toggle id="shedding" label="Priority load shedding"
                value=Signal::derive(move || config.get().shedding)
                on_change=move |v| act.run(GatewayAction::Shedding(v)) />
            <p class="policy-text">{text::SHEDDING}</p>
        </fieldset>
        <fieldset>
            <legend>"Gateway"</legend>
            <Slider id="threads" label="Threads" unit="" min=1.0 max=f64::from(MAX_THREADS) step=1.0
                value=cfg(|c| f64::from(c.threads))
                on_input=move |v: f64| act.run(GatewayAction::Threads(v as u32)) />
            <RadioGroup name="pool" label="Thread pools"
                options=keyed("pool", &POOLS, &["One shared pool", "Bulkheads: a pool a service"])
                value=Signal::derive(move || config.get().pool)
                on_change=move |v| act.run(GatewayAction::Pool(v)) />
            <NumberField id="timeout_ms" label="Call timeout (ms)" min=1 max=MAX_TIMEOUT_MS
                value=Signal::derive(move || config.get().timeout_ms)
                on_change=move |v: u32| act.run(GatewayAction::Timeout(v)) />
            <RadioGroup name="breaker" label="Circuit breakers"
                options=keyed("breaker", &BREAKERS, &["No breakers", "Breakers, Hystrix's defaults", "Breakers, Resilience4j's defaults"])
                value=Signal::derive(move || config.get().breaker)
                on_change=move |v| act.run(GatewayAction::Breaker(v)) />
            <p class="policy-text">{text::BREAKERS}</p>
        </fieldset>
        <fieldset>
            <legend>"Services"</legend>
            <Slider id="latency_ms" label="Latency, both" unit="ms" min=1.0 max=f64::from(MAX_LATENCY_MS).min(500.0) step=1.0
                value=cfg(|c| f64::from(c.latency_ms))
                on_input=move |v: f64| act.run(GatewayAction::Latency(v as u32)) />
            <Slider id="slow_b_factor" label="Service B slower by" unit="×" min=1.0 max=f64::from(MAX_SLOW_FACTOR) step=1.0
                value=cfg(|c| f64::from(c.slow_b_factor))
                on_input=move |v: f64| act.run(GatewayAction::SlowFactor(v as u32)) />
            <div class="buttons">
                <button type="button" data-action="slow-b" on:click=move |_| act.run(GatewayAction::SlowBNow)>
                    "Service B slows down now"
                </button>
            </div>
            <p class="policy-text">{text::MODEL}</p>
        </fieldset>
    }
}
