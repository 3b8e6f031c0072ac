//! The gateway lab's experiments that reproduce what is published about retries, and the
//! formulas the experiment chart draws beside the measurements. The presets run four clients
//! at 25 requests a second each: too little load for the gateway's threads or the services'
//! queues to fail anything, so every failure is a service's error.

use crate::course::experiment::Preset;
use crate::sim::gateway::{GatewayConfig, Retry};

/// Published results, reproduced.
pub const PRESETS: [Preset; 4] = [
    Preset {
        id: "retry-amplification",
        title: "Retries multiply the work: (1 − f⁴) / (1 − f)",
        source: "Google, Site Reliability Engineering (2016), “Addressing Cascading Failures”: retries amplify load; the expected attempts of a request retried up to R times at failure rate f",
        published: "A request retried up to R times when each attempt fails with probability f costs (1 − f^(R+1)) / (1 − f) attempts on average: 1.875 at f = 0.5 with three retries, and 1 + R when everything fails.",
        leaves_out: "Only the services' errors fail here (the load is too low for threads or queues to), each attempt independently; a real outage fails attempts together, which pushes the figure towards 1 + R.",
        setup: "rate_a=25&rate_b=25&rate_c=25&rate_d=25&retry=immediate&attempts=4&fail_pct=50",
        sweep: "fail_pct",
        values: &["0", "10", "25", "50", "75", "100"],
        metrics: &["attempts_per_request"],
        seeds: 10,
        duration_s: 20.0,
        warmup_s: 2.0,
    },
    Preset {
        id: "retry-layers",
        title: "Retries at two layers multiply",
        source: "Google, Site Reliability Engineering (2016), “Addressing Cascading Failures”: retrying at several layers of a stack multiplies the attempts (4 attempts at each of 3 layers is 64)",
        published: "With a attempts at one layer and g at the next, a failing service sees a × g attempts for each request.",
        leaves_out: "This lab has two layers, the clients and the gateway, so four attempts at each give 16, not the book's 64 over three layers; the third layer would multiply by four again.",
        setup: "rate_a=25&rate_b=25&rate_c=25&rate_d=25&retry=immediate&attempts=4&fail_pct=100&gateway_attempts=1",
        sweep: "gateway_attempts",
        values: &["1", "2", "3", "4"],
        metrics: &["attempts_per_request"],
        seeds: 5,
        duration_s: 20.0,
        warmup_s: 2.0,
    },
    Preset {
        id: "retry-budget",
        title: "A retry budget: retries, but only while they help",
        source: "Marc Brooker, “Fixing retries with token buckets and circuit breakers” (2022)",
        published: "A token bucket for retries (a tenth of a token back for each success, a token for each retry) behaves like the configured retries while failures are rare, below about 10 %, and holds retries to about 0.1 a request above that.",
        leaves_out: "Each client's bucket starts full (10 tokens), which the first tenth of a second spends; the formula drawn is the lesser of the configured retries' cost and the budget's bound 1 / (1 − 0.1 (1 − f)).",
        setup: "rate_a=25&rate_b=25&rate_c=25&rate_d=25&retry=budget&attempts=4&fail_pct=50",
        sweep: "fail_pct",
        values: &["0", "5", "10", "20", "50", "100"],
        metrics: &["attempts_per_request"],
        seeds: 10,
        duration_s: 30.0,
        warmup_s: 5.0,
    },
    Preset {
        id: "adaptive-throttling",
        title: "Clients throttle themselves: load near 2 × what is accepted",
        source: "Google, Site Reliability Engineering (2016), “Handling Overload”: client-side adaptive throttling",
        published: "Each client rejects a request itself with probability max(0, (requests − K × accepts) / (requests + 1)) over the last two minutes, K = 2: below capacity nothing is rejected; past it, the backend is sent about K times what it accepts, however hard the clients push.",
        leaves_out: "One client (A) sends all the load here, to both services through the gateway's 200 threads, whose refusals (503s, at once) are what the backend does not accept. Without throttling, the clients send everything they make: at 16,000 a second, over three attempts for each one answered.",
        setup: "rate_a=1000&rate_b=0&rate_c=0&rate_d=0&throttle=on",
        sweep: "rate_a",
        values: &["1000", "2000", "4000", "8000", "16000"],
        metrics: &["sent_per_accepted", "throttled_total"],
        seeds: 5,
        duration_s: 30.0,
        warmup_s: 10.0,
    },
];

/// What the retry formulas predict for figure `metric` under `config`, for the quiet load the
/// presets run (every failure a service's error, each attempt independent).
pub fn theory(config: &GatewayConfig, metric: &str) -> Option<f64> {
    if metric != "attempts_per_request" || config.throttle {
        return None;
    }
    let f = f64::from(config.fail_pct) / 100.0;
    let client = match config.retry {
        Retry::None => 1,
        _ => config.attempts,
    };
    // Expected attempts with at most n independent tries failing at f each.
    let tries = |n: u32| {
        if f >= 1.0 {
            f64::from(n)
        } else {
            (1.0 - f.powi(n as i32)) / (1.0 - f)
        }
    };
    // The gateway's layer inside each client attempt, the client's around it: together at
    // most client × gateway tries, failing at f each.
    let natural = tries(client * config.gateway_attempts);
    Some(match config.retry {
        // Retries spend a token each and a success earns a tenth: at most 0.1 retries a
        // success, so attempts ≤ 1 + 0.1 (1 − f) attempts.
        Retry::Budget => natural.min(1.0 / (1.0 - 0.1 * (1.0 - f))),
        _ => natural,
    })
}
