//! The gateway lab's controls: the clients, the rate limit and shedding, the gateway's pool
//! and breakers, service B's slowdown and the clients' retries.

use leptos::prelude::*;

use super::text;
use crate::sim::gateway::config::{
    ATTEMPTS_LIMIT, MAX_BURST, MAX_LATENCY_MS, MAX_RATE, MAX_SLOW_FACTOR, MAX_THREADS,
    MAX_TIMEOUT_MS,
};
use crate::sim::gateway::{GatewayAction, GatewayConfig};
use crate::ui::controls::Settings;

/// Every setting the learner can change while the run goes on.
#[component]
pub fn GatewayControls(
    config: RwSignal<GatewayConfig>,
    #[prop(into)] act: Callback<GatewayAction>,
) -> impl IntoView {
    let s = Settings { config, act };
    let rate = move |i: u8, id: &'static str, label: &'static str| {
        view! {
            {s.slider((id, label, "/s"), (0.0, 10_000.0, 100.0), move |c| f64::from(c.rates[usize::from(i)]), move |v| GatewayAction::Rate(i, (v as u32).min(MAX_RATE)))}
        }
    };
    view! {
        <fieldset>
            <legend>"Clients"</legend>
            {rate(0, "rate_a", "A, checkout (high)")}
            {rate(1, "rate_b", "B, playback (high)")}
            {rate(2, "rate_c", "C, recommendations (low)")}
            {rate(3, "rate_d", "D, analytics (low)")}
            {s.radio(("retry", "Client retries"), &["No retries", "Retry at once", "Retry with backoff and jitter", "Retry at once within a budget (a token a retry, a tenth back a success)"], |c| c.retry, GatewayAction::Retry)}
            {s.number(("attempts", "Attempts a request, retries included"), (1, ATTEMPTS_LIMIT), |c| c.attempts, GatewayAction::Attempts)}
            {s.switch("throttle", "Clients throttle themselves (adaptive, K = 2)", |c| c.throttle, GatewayAction::Throttle)}
        </fieldset>
        <fieldset>
            <legend>"Rate limit and shedding"</legend>
            {s.slider(("limit", "Limit a client (0: off)", "/s"), (0.0, 5_000.0, 100.0), |c| f64::from(c.limit), |v| GatewayAction::Limit(v as u32))}
            {s.slider(("burst", "Burst", "tokens"), (1.0, f64::from(MAX_BURST).min(2_000.0), 1.0), |c| f64::from(c.burst), |v| GatewayAction::Burst(v as u32))}
            {s.switch("shedding", "Priority load shedding", |c| c.shedding, GatewayAction::Shedding)}
            <p class="policy-text">{text::SHEDDING}</p>
        </fieldset>
        <fieldset>
            <legend>"Gateway"</legend>
            {s.slider(("threads", "Threads", ""), (1.0, f64::from(MAX_THREADS), 1.0), |c| f64::from(c.threads), |v| GatewayAction::Threads(v as u32))}
            {s.radio(("pool", "Thread pools"), &["One shared pool", "Bulkheads: a pool a service"], |c| c.pool, GatewayAction::Pool)}
            {s.number(("timeout_ms", "Call timeout (ms)"), (1, MAX_TIMEOUT_MS), |c| c.timeout_ms, GatewayAction::Timeout)}
            {s.number(("gateway_attempts", "Gateway attempts a call (its own retries)"), (1, ATTEMPTS_LIMIT), |c| c.gateway_attempts, GatewayAction::GatewayAttempts)}
            {s.radio(("breaker", "Circuit breakers"), &["No breakers", "Breakers, Hystrix's defaults", "Breakers, Resilience4j's defaults"], |c| c.breaker, GatewayAction::Breaker)}
            <p class="policy-text">{text::BREAKERS}</p>
        </fieldset>
        <fieldset>
            <legend>"Services"</legend>
            {s.slider(("latency_ms", "Latency, both", "ms"), (1.0, f64::from(MAX_LATENCY_MS).min(500.0), 1.0), |c| f64::from(c.latency_ms), |v| GatewayAction::Latency(v as u32))}
            {s.slider(("slow_b_factor", "Service B slower by", "×"), (1.0, f64::from(MAX_SLOW_FACTOR), 1.0), |c| f64::from(c.slow_b_factor), |v| GatewayAction::SlowFactor(v as u32))}
            {s.slider(("fail_pct", "Calls answered with an error", "%"), (0.0, 100.0, 1.0), |c| f64::from(c.fail_pct), |v| GatewayAction::FailPct(v as u32))}
            <div class="buttons">
                <button type="button" data-action="slow-b" on:click=move |_| act.run(GatewayAction::SlowBNow)>
                    "Service B slows down now"
                </button>
            </div>
            <p class="policy-text">{text::MODEL}</p>
        </fieldset>
    }
}
