//! The back-pressure lab's link parameters.

use crate::labs::link::Link;
use crate::sim::arrivals::{ArrivalPattern, MAX_PRODUCER_RATE};
use crate::sim::backpressure::{Config, MAX_CAPACITY, MAX_MEMORY_MB};
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::{ServiceDist, MAX_CONSUMER_RATE, MAX_WORKERS};

/// Playback speeds offered, simulated seconds per real second.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
/// The furthest `t=` may open a run: it is computed at once on load, so it must stay quick.
pub const MAX_OPEN_T: f64 = 300.0;

/// Everything a back-pressure link can say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Seed of the run.
    pub seed: u64,
    /// The model's parameters.
    pub config: Config,
    /// Playback speed.
    pub speed: f64,
    /// Simulated seconds to open at.
    pub t: f64,
    /// Open paused.
    pub paused: bool,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            seed: 1,
            config: Config::default(),
            speed: 1.0,
            t: 0.0,
            paused: false,
        }
    }
}

fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&x| key(x)).collect()
}

impl Params {
    /// Takes this lab's parameters out of a link.
    pub fn read(link: &mut Link) -> Self {
        let d = Self::default();
        let c = d.config;
        let config = Config {
            producer_rate: link.integer("producer_rate", 0, MAX_PRODUCER_RATE, c.producer_rate),
            arrivals: link.choice(
                "arrivals",
                ArrivalPattern::from_key,
                &keys(&ArrivalPattern::ALL, ArrivalPattern::key),
                c.arrivals,
                c.arrivals.key(),
            ),
            consumer_rate: link.integer("consumer_rate", 1, MAX_CONSUMER_RATE, c.consumer_rate),
            workers: link.integer("workers", 1, MAX_WORKERS as u32, c.workers),
            service: link.choice(
                "service",
                ServiceDist::from_key,
                &keys(&ServiceDist::ALL, ServiceDist::key),
                c.service,
                c.service.key(),
            ),
            capacity: link.integer("capacity", 1, MAX_CAPACITY, c.capacity),
            policy: link.choice(
                "policy",
                OverflowPolicy::from_key,
                &keys(&OverflowPolicy::ALL, OverflowPolicy::key),
                c.policy,
                c.policy.key(),
            ),
            memory_mb: link.integer("memory_mb", 1, MAX_MEMORY_MB, c.memory_mb),
        };
        Self {
            seed: u64::from(link.integer("seed", 0, u32::MAX, 1)),
            config,
            speed: link.decimal(
                "speed",
                SPEEDS[0],
                SPEEDS[SPEEDS.len() - 1],
                &SPEEDS,
                d.speed,
            ),
            t: link.decimal("t", 0.0, MAX_OPEN_T, &[], d.t),
            paused: link.flag("paused"),
        }
    }

    /// Appends this lab's parameters; `t` only when set, `paused` only when on.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        let c = &self.config;
        pairs.extend([
            ("seed", self.seed.to_string()),
            ("producer_rate", c.producer_rate.to_string()),
            ("arrivals", c.arrivals.key().to_owned()),
            ("consumer_rate", c.consumer_rate.to_string()),
            ("workers", c.workers.to_string()),
            ("service", c.service.key().to_owned()),
            ("capacity", c.capacity.to_string()),
            ("policy", c.policy.key().to_owned()),
            ("memory_mb", c.memory_mb.to_string()),
            ("speed", self.speed.to_string()),
        ]);
        if self.t > 0.0 {
            pairs.push((
                "t",
                format!("{:.3}", self.t)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_owned(),
            ));
        }
        if self.paused {
            pairs.push(("paused", "1".to_owned()));
        }
    }
}
