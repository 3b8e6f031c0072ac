//! The back-pressure lab's link parameters.

use crate::link::actions::{split_code, LinkAction};
use crate::link::registry::Comparison;
use crate::link::Link;
use crate::sim::arrivals::{ArrivalPattern, MAX_PRODUCER_RATE};
use crate::sim::backpressure::{
    BackpressureAction, BackpressureConfig, BackpressureSim, MAX_CAPACITY, MAX_MEMORY_MB,
};
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::{ServiceDist, MAX_CONSUMER_RATE, MAX_WORKERS};
use crate::sim::Keyed;

/// The runs this lab sets side by side.
pub const COMPARES: [Comparison; 2] = [
    Comparison {
        key: "reject-drop-oldest",
        title: "Rejecting new messages against dropping the oldest",
        a: ("reject", &[("policy", "reject")]),
        b: ("drop oldest", &[("policy", "drop_oldest")]),
    },
    Comparison {
        key: "block-reject",
        title: "Blocking the producer against rejecting",
        a: ("block", &[("policy", "block")]),
        b: ("reject", &[("policy", "reject")]),
    },
];

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> BackpressureConfig {
        let c = BackpressureConfig::default();

        BackpressureConfig {
            producer_rate: link.integer("producer_rate", 0, MAX_PRODUCER_RATE, c.producer_rate),
            arrivals: link.keyed("arrivals", c.arrivals),
            consumer_rate: link.integer("consumer_rate", 1, MAX_CONSUMER_RATE, c.consumer_rate),
            workers: link.integer("workers", 1, MAX_WORKERS as u32, c.workers),
            service: link.keyed("service", c.service),
            capacity: link.integer("capacity", 1, MAX_CAPACITY, c.capacity),
            policy: link.keyed("policy", c.policy),
            memory_mb: link.integer("memory_mb", 1, MAX_MEMORY_MB, c.memory_mb),
        }
    }

    /// Appends the lab's settings.
    fn write_config(c: &BackpressureConfig, pairs: &mut Vec<(&'static str, String)>) {
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

impl LinkAction for BackpressureAction {
    fn code(&self) -> String {
        match *self {
            Self::ProducerRate(v) => format!("p{v}"),
            Self::Arrivals(v) => format!("a{}", v.index()),
            Self::ConsumerRate(v) => format!("c{v}"),
            Self::Workers(v) => format!("w{v}"),
            Self::Service(v) => format!("s{}", v.index()),
            Self::Capacity(v) => format!("k{v}"),
            Self::Policy(v) => format!("o{}", v.index()),
            Self::MemoryLimit(v) => format!("m{v}"),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, numbers) = split_code(code)?;
        let [n] = numbers[..] else {
            return None;
        };
        Some(match letter {
            'p' => Self::ProducerRate(n),
            'a' => Self::Arrivals(ArrivalPattern::nth(n)?),
            'c' => Self::ConsumerRate(n),
            'w' => Self::Workers(n),
            's' => Self::Service(ServiceDist::nth(n)?),
            'k' => Self::Capacity(n),
            'o' => Self::Policy(OverflowPolicy::nth(n)?),
            'm' => Self::MemoryLimit(n),
            _ => return None,
        })
    }
}

run_params!(pub struct Params for BackpressureSim, BackpressureConfig);
