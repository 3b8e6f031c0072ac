//! The back-pressure lab's link parameters.

use crate::labs::link::{Link, Run};
use crate::sim::arrivals::{ArrivalPattern, MAX_PRODUCER_RATE};
use crate::sim::backpressure::{Config, MAX_CAPACITY, MAX_MEMORY_MB};
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::{ServiceDist, MAX_CONSUMER_RATE, MAX_WORKERS};

/// Everything a back-pressure link can say.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// Seed, speed, start time, paused.
    pub run: Run,
    /// The model's parameters.
    pub config: Config,
}

fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&x| key(x)).collect()
}

impl Params {
    /// Takes this lab's parameters out of a link.
    pub fn read(link: &mut Link) -> Self {
        let c = Config::default();
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
            run: Run::read(link),
            config,
        }
    }

    /// Appends this lab's parameters.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        self.run.write(pairs);
        let c = &self.config;
        pairs.extend([
            ("producer_rate", c.producer_rate.to_string()),
            ("arrivals", c.arrivals.key().to_owned()),
            ("consumer_rate", c.consumer_rate.to_string()),
            ("workers", c.workers.to_string()),
            ("service", c.service.key().to_owned()),
            ("capacity", c.capacity.to_string()),
            ("policy", c.policy.key().to_owned()),
            ("memory_mb", c.memory_mb.to_string()),
        ]);
    }
}
