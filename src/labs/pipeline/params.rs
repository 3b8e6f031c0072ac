//! The pipeline lab's link parameters and action codes.

use crate::link::actions::{split_code, LinkAction};
use crate::link::Link;
use crate::sim::pipeline::config::{
    MAX_CONSUMERS, MAX_CONSUMER_CAPACITY, MAX_PARTITIONS, MAX_RATE, MAX_SPIKE_X,
};
use crate::sim::pipeline::{Arch, PipelineAction, PipelineConfig, PipelineSim};
use crate::sim::Keyed;

/// An optional simulated second: absent means none.
fn moment(link: &mut Link, key: &str) -> Option<u32> {
    link.raw_present(key)
        .then(|| link.integer(key, 0, 3_600, 10))
}

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> PipelineConfig {
        let c = PipelineConfig::default();

        PipelineConfig {
            arch: link.keyed("arch", c.arch),
            write_rate: link.integer("write_rate", 0, MAX_RATE, c.write_rate),
            read_rate: link.integer("read_rate", 0, MAX_RATE, c.read_rate),
            partitions: link.integer("partitions", 1, MAX_PARTITIONS, c.partitions),
            consumers: link.integer("consumers", 1, MAX_CONSUMERS, c.consumers),
            consumer_capacity: link.integer(
                "consumer_capacity",
                1,
                MAX_CONSUMER_CAPACITY,
                c.consumer_capacity,
            ),
            backpressure: link.on_off("backpressure", c.backpressure),
            lag_threshold: link.integer("lag_threshold", 1, u32::MAX, c.lag_threshold),
            snapshots: link.on_off("snapshots", c.snapshots),
            idempotent: link.on_off("idempotent", c.idempotent),
            dlq: link.on_off("dlq", c.dlq),
            bounded: link.on_off("bounded", c.bounded),
            stale_monitor: link.on_off("stale_monitor", c.stale_monitor),
            stale_alert_s: link.integer("stale_alert_s", 1, 3_600, c.stale_alert_s),
            poison_at: moment(link, "poison_at"),
            crash_at: moment(link, "crash_at"),
            redelivery_pct: link.integer("redelivery_pct", 0, 100, c.redelivery_pct),
            spike_at: moment(link, "spike_at"),
            spike_x: link.integer("spike_x", 1, MAX_SPIKE_X, c.spike_x),
        }
    }

    /// Appends the lab's settings.
    fn write_config(c: &PipelineConfig, pairs: &mut Vec<(&'static str, String)>) {
        let on = |b: bool| if b { "on" } else { "off" }.to_owned();
        pairs.extend([
            ("arch", c.arch.key().to_owned()),
            ("write_rate", c.write_rate.to_string()),
            ("read_rate", c.read_rate.to_string()),
            ("partitions", c.partitions.to_string()),
            ("consumers", c.consumers.to_string()),
            ("consumer_capacity", c.consumer_capacity.to_string()),
            ("backpressure", on(c.backpressure)),
            ("lag_threshold", c.lag_threshold.to_string()),
            ("snapshots", on(c.snapshots)),
            ("idempotent", on(c.idempotent)),
            ("dlq", on(c.dlq)),
            ("bounded", on(c.bounded)),
            ("stale_monitor", on(c.stale_monitor)),
            ("stale_alert_s", c.stale_alert_s.to_string()),
            ("redelivery_pct", c.redelivery_pct.to_string()),
            ("spike_x", c.spike_x.to_string()),
        ]);
        for (key, at) in [
            ("poison_at", c.poison_at),
            ("crash_at", c.crash_at),
            ("spike_at", c.spike_at),
        ] {
            if let Some(t) = at {
                pairs.push((key, t.to_string()));
            }
        }
    }
}

impl LinkAction for PipelineAction {
    fn code(&self) -> String {
        let b = |v: bool| u8::from(v);
        match *self {
            Self::Arch(a) => format!("a{}", b(a == Arch::Patterns)),
            Self::WriteRate(v) => format!("w{v}"),
            Self::ReadRate(v) => format!("r{v}"),
            Self::Consumers(v) => format!("c{v}"),
            Self::ConsumerCapacity(v) => format!("k{v}"),
            Self::Backpressure(v) => format!("b{}", b(v)),
            Self::LagThreshold(v) => format!("l{v}"),
            Self::Snapshots(v) => format!("s{}", b(v)),
            Self::Idempotent(v) => format!("i{}", b(v)),
            Self::Dlq(v) => format!("d{}", b(v)),
            Self::Bounded(v) => format!("u{}", b(v)),
            Self::StaleMonitor(v) => format!("m{}", b(v)),
            Self::StaleAlert(v) => format!("t{v}"),
            Self::Redelivery(v) => format!("y{v}"),
            Self::SpikeX(v) => format!("x{v}"),
            Self::CrashNow => "C".to_owned(),
            Self::PoisonNow => "P".to_owned(),
            Self::SpikeNow => "S".to_owned(),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        let flag = |v: u32| (v <= 1).then_some(v == 1);
        Some(match (letter, &n[..]) {
            ('a', &[v]) => Self::Arch(if flag(v)? {
                Arch::Patterns
            } else {
                Arch::Simple
            }),
            ('w', &[v]) => Self::WriteRate(v),
            ('r', &[v]) => Self::ReadRate(v),
            ('c', &[v]) => Self::Consumers(v),
            ('k', &[v]) => Self::ConsumerCapacity(v),
            ('b', &[v]) => Self::Backpressure(flag(v)?),
            ('l', &[v]) => Self::LagThreshold(v),
            ('s', &[v]) => Self::Snapshots(flag(v)?),
            ('i', &[v]) => Self::Idempotent(flag(v)?),
            ('d', &[v]) => Self::Dlq(flag(v)?),
            ('u', &[v]) => Self::Bounded(flag(v)?),
            ('m', &[v]) => Self::StaleMonitor(flag(v)?),
            ('t', &[v]) => Self::StaleAlert(v),
            ('y', &[v]) => Self::Redelivery(v),
            ('x', &[v]) => Self::SpikeX(v),
            ('C', &[]) => Self::CrashNow,
            ('P', &[]) => Self::PoisonNow,
            ('S', &[]) => Self::SpikeNow,
            _ => return None,
        })
    }
}

run_params!(pub struct Params for PipelineSim, PipelineConfig);
