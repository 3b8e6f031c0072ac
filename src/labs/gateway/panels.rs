//! The gateway lab's controls: the clients, the rate limit and shedding, the gateway's pool
//! and breakers, service B's slowdown and the clients' retries.

use leptos::prelude::*;

use super::params::{BREAKERS, POOLS, RETRIES};
use super::text;
use crate::sim::gateway::config::{
    MAX_BURST, MAX_LATENCY_MS, MAX_RATE, MAX_SLOW_FACTOR, MAX_THREADS, MAX_TIMEOUT_MS,
};
use crate::sim::gateway::{GatewayAction, GatewayConfig};
use crate::ui::controls::{NumberField, Slider};

/// Radio buttons for one of `all`, named `name`, each acting through `to_action`.
fn radios<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    all: &'static [(T, &'static str)],
    labels: &'static [&'static str],
    current: impl Fn() -> T + Copy + Send + Sync + 'static,
    act: Callback<GatewayAction>,
    to_action: fn(T) -> GatewayAction,
) -> impl IntoView {
    all.iter()
        .zip(labels)
        .map(|(&(v, key), label)| {
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name=name
                        id=format!("{name}-{key}")
                        prop:checked=move || current() == v
                        on:change=move |_| act.run(to_action(v))
                    />
                    {*label}
                </label>
            }
        })
        .collect_view()
}

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
            <div class="policies" role="radiogroup" aria-label="Client retries">
                {radios("retry", &RETRIES, &["No retries", "Retry at once", "Retry with backoff and jitter"], move || config.get().retry, act, GatewayAction::Retry)}
            </div>
        </fieldset>
        <fieldset>
            <legend>"Rate limit and shedding"</legend>
            <Slider id="limit" label="Limit a client (0: off)" unit="/s" min=0.0 max=5_000.0 step=100.0
                value=cfg(|c| f64::from(c.limit))
                on_input=move |v: f64| act.run(GatewayAction::Limit(v as u32)) />
            <Slider id="burst" label="Burst" unit="tokens" min=1.0 max=f64::from(MAX_BURST).min(2_000.0) step=1.0
                value=cfg(|c| f64::from(c.burst))
                on_input=move |v: f64| act.run(GatewayAction::Burst(v as u32)) />
            <label class="radio" for="shedding">
                <input
                    type="checkbox"
                    id="shedding"
                    prop:checked=move || config.get().shedding
                    on:change=move |ev| act.run(GatewayAction::Shedding(event_target_checked(&ev)))
                />
                "Priority load shedding"
            </label>
            <p class="policy-text">{text::SHEDDING}</p>
        </fieldset>
        <fieldset>
            <legend>"Gateway"</legend>
            <Slider id="threads" label="Threads" unit="" min=1.0 max=f64::from(MAX_THREADS) step=1.0
                value=cfg(|c| f64::from(c.threads))
                on_input=move |v: f64| act.run(GatewayAction::Threads(v as u32)) />
            <div class="policies" role="radiogroup" aria-label="Thread pools">
                {radios("pool", &POOLS, &["One shared pool", "Bulkheads: a pool a service"], move || config.get().pool, act, GatewayAction::Pool)}
            </div>
            <NumberField id="timeout_ms" label="Call timeout (ms)" min=1 max=MAX_TIMEOUT_MS
                value=Signal::derive(move || config.get().timeout_ms)
                on_change=move |v: u32| act.run(GatewayAction::Timeout(v)) />
            <div class="policies" role="radiogroup" aria-label="Circuit breakers">
                {radios("breaker", &BREAKERS, &["No breakers", "Breakers, Hystrix's defaults", "Breakers, Resilience4j's defaults"], move || config.get().breaker, act, GatewayAction::Breaker)}
            </div>
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
