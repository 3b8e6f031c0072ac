//! The gateway lab's experiments that reproduce what is published about retries, and the
//! formulas the experiment chart draws beside the measurements. The presets run four clients
//! at 25 requests a second each: too little load for the gateway's threads or the services'
//! queues to fail anything, so every failure is a service's error.

use crate::course::experiment::Presets;
use crate::sim::gateway::{GatewayConfig, Retry};

/// Published results, reproduced: the words and settings in `experiments.json`.
pub static PRESETS: Presets = Presets::new(include_str!("experiments.json"));

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
