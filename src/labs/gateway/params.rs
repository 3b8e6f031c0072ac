//! The gateway lab's link parameters and action codes.

use crate::link::actions::{split_code, LinkAction};
use crate::link::Link;
use crate::sim::gateway::config::{
    ATTEMPTS_LIMIT, MAX_BURST, MAX_LATENCY_MS, MAX_RATE, MAX_SLOW_FACTOR, MAX_THREADS,
    MAX_TIMEOUT_MS,
};
use crate::sim::gateway::{Breaker, GatewayAction, GatewayConfig, GatewaySim, Pool, Retry};
use crate::sim::Keyed;

/// The link names of the clients' rates.
const RATES: [&str; 4] = ["rate_a", "rate_b", "rate_c", "rate_d"];

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> GatewayConfig {
        let c = GatewayConfig::default();
        let rates = std::array::from_fn(|i| link.integer(RATES[i], 0, MAX_RATE, c.rates[i]));
        let slow_b_at = link
            .raw_present("slow_b_at")
            .then(|| link.integer("slow_b_at", 0, 3_600, 10));

        GatewayConfig {
            rates,
            limit: link.integer("limit", 0, MAX_RATE, c.limit),
            burst: link.integer("burst", 1, MAX_BURST, c.burst),
            shedding: link.on_off("shedding", c.shedding),
            threads: link.integer("threads", 1, MAX_THREADS, c.threads),
            latency_ms: link.integer("latency_ms", 1, MAX_LATENCY_MS, c.latency_ms),
            timeout_ms: link.integer("timeout_ms", 1, MAX_TIMEOUT_MS, c.timeout_ms),
            pool: link.keyed("pool", c.pool),
            breaker: link.choice(
                "breaker",
                |k| {
                    if k == "hystrix" {
                        Some(Breaker::Hystrix)
                    } else {
                        Breaker::from_key(k)
                    }
                },
                &Breaker::names(),
                c.breaker,
                c.breaker.key(),
            ),
            slow_b_at,
            slow_b_factor: link.integer("slow_b_factor", 1, MAX_SLOW_FACTOR, c.slow_b_factor),
            retry: link.keyed("retry", c.retry),
            fail_pct: link.integer("fail_pct", 0, 100, c.fail_pct),
            attempts: link.integer("attempts", 1, ATTEMPTS_LIMIT, c.attempts),
            gateway_attempts: link.integer(
                "gateway_attempts",
                1,
                ATTEMPTS_LIMIT,
                c.gateway_attempts,
            ),
            throttle: link.on_off("throttle", c.throttle),
        }
    }

    /// Appends the lab's settings.
    fn write_config(c: &GatewayConfig, pairs: &mut Vec<(&'static str, String)>) {
        for (name, rate) in RATES.iter().zip(c.rates) {
            pairs.push((name, rate.to_string()));
        }
        let on_off = |b: bool| if b { "on" } else { "off" }.to_owned();
        pairs.extend([
            ("limit", c.limit.to_string()),
            ("burst", c.burst.to_string()),
            ("shedding", on_off(c.shedding)),
            ("threads", c.threads.to_string()),
            ("latency_ms", c.latency_ms.to_string()),
            ("timeout_ms", c.timeout_ms.to_string()),
            ("pool", c.pool.key().to_owned()),
            ("breaker", c.breaker.key().to_owned()),
        ]);
        if let Some(t) = c.slow_b_at {
            pairs.push(("slow_b_at", t.to_string()));
        }
        pairs.extend([
            ("slow_b_factor", c.slow_b_factor.to_string()),
            ("retry", c.retry.key().to_owned()),
        ]);
        // Written when set, so links from before read as they were written.
        let d = GatewayConfig::default();
        for (key, v, default) in [
            ("fail_pct", c.fail_pct, d.fail_pct),
            ("attempts", c.attempts, d.attempts),
            ("gateway_attempts", c.gateway_attempts, d.gateway_attempts),
        ] {
            if v != default {
                pairs.push((key, v.to_string()));
            }
        }
        if c.throttle {
            pairs.push(("throttle", on_off(true)));
        }
    }
}

impl LinkAction for GatewayAction {
    fn code(&self) -> String {
        match *self {
            Self::Rate(i, v) => format!("r{i}.{v}"),
            Self::Limit(v) => format!("l{v}"),
            Self::Burst(v) => format!("b{v}"),
            Self::Shedding(on) => format!("s{}", u8::from(on)),
            Self::Threads(v) => format!("t{v}"),
            Self::Timeout(v) => format!("o{v}"),
            Self::Pool(p) => format!("p{}", p.index()),
            Self::Breaker(b) => format!("k{}", b.index()),
            Self::SlowFactor(v) => format!("f{v}"),
            Self::Retry(r) => format!("y{}", r.index()),
            Self::Latency(v) => format!("m{v}"),
            Self::SlowBNow => "B".to_owned(),
            Self::FailPct(v) => format!("e{v}"),
            Self::Attempts(v) => format!("a{v}"),
            Self::GatewayAttempts(v) => format!("g{v}"),
            Self::Throttle(on) => format!("h{}", u8::from(on)),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('r', &[i, v]) if i < 4 => Self::Rate(i as u8, v),
            ('l', &[v]) => Self::Limit(v),
            ('b', &[v]) => Self::Burst(v),
            ('s', &[v]) if v <= 1 => Self::Shedding(v == 1),
            ('t', &[v]) => Self::Threads(v),
            ('o', &[v]) => Self::Timeout(v),
            ('p', &[v]) => Self::Pool(Pool::nth(v)?),
            ('k', &[v]) => Self::Breaker(Breaker::nth(v)?),
            ('f', &[v]) => Self::SlowFactor(v),
            ('y', &[v]) => Self::Retry(Retry::nth(v)?),
            ('m', &[v]) => Self::Latency(v),
            ('B', &[]) => Self::SlowBNow,
            ('e', &[v]) => Self::FailPct(v),
            ('a', &[v]) => Self::Attempts(v),
            ('g', &[v]) => Self::GatewayAttempts(v),
            ('h', &[v]) if v <= 1 => Self::Throttle(v == 1),
            _ => return None,
        })
    }
}

run_params!(pub struct Params for GatewaySim, GatewayConfig);
