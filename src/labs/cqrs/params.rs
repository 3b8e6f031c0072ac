//! The CQRS lab's link parameters and action codes.

use crate::labs::link::{Link, Run};
use crate::labs::link_actions::{self, split_code, LinkAction};
use crate::sim::cqrs::config::{
    MAX_JOINS, MAX_READ_RATE, MAX_REPLICAS, MAX_SYNC_CAPACITY, MAX_WRITE_RATE,
};
use crate::sim::cqrs::{Arch, CqrsAction, CqrsConfig, CqrsSim};
use crate::sim::timeline::Timeline;

/// Everything a CQRS link can say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// Seed, speed, start time, paused.
    pub run: Run,
    /// The model's parameters at the start.
    pub config: CqrsConfig,
    /// The learner's changes, `(tick, action)` in order.
    pub actions: Vec<(u64, CqrsAction)>,
}

fn arch(k: &str) -> Option<Arch> {
    match k {
        "traditional" => Some(Arch::Traditional),
        "cqrs" => Some(Arch::Cqrs),
        _ => None,
    }
}

impl Params {
    /// Takes this lab's parameters out of a link.
    pub fn read(link: &mut Link) -> Self {
        let c = CqrsConfig::default();
        let config = CqrsConfig {
            arch: link.choice("arch", arch, &["traditional", "cqrs"], c.arch, c.arch.key()),
            write_rate: link.integer("write_rate", 0, MAX_WRITE_RATE, c.write_rate),
            read_rate: link.integer("read_rate", 0, MAX_READ_RATE, c.read_rate),
            joins: link.integer("joins", 1, MAX_JOINS, c.joins),
            read_replicas: link.integer("read_replicas", 1, MAX_REPLICAS, c.read_replicas),
            sync_capacity: link.integer("sync_capacity", 1, MAX_SYNC_CAPACITY, c.sync_capacity),
            ryw: link.on_off("ryw", c.ryw),
        };
        Self {
            run: Run::read(link),
            config,
            actions: link_actions::read(link),
        }
    }

    /// Appends this lab's parameters.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
        self.run.write(pairs);
        let c = &self.config;
        pairs.extend([
            ("arch", c.arch.key().to_owned()),
            ("write_rate", c.write_rate.to_string()),
            ("read_rate", c.read_rate.to_string()),
            ("joins", c.joins.to_string()),
            ("read_replicas", c.read_replicas.to_string()),
            ("sync_capacity", c.sync_capacity.to_string()),
            ("ryw", if c.ryw { "on" } else { "off" }.to_owned()),
        ]);
        link_actions::write(&self.actions, pairs, max_actions);
    }

    /// The run this link describes, at its start.
    pub fn timeline(&self) -> Timeline<CqrsSim> {
        Timeline::new(
            CqrsSim::new(self.run.seed, self.config),
            self.actions.clone(),
        )
    }

    /// The run this link describes, at its `t`.
    pub fn start(&self) -> Timeline<CqrsSim> {
        self.timeline().at_second(self.run.t)
    }
}

impl LinkAction for CqrsAction {
    fn code(&self) -> String {
        match *self {
            Self::Arch(a) => format!("a{}", u8::from(a == Arch::Cqrs)),
            Self::WriteRate(v) => format!("w{v}"),
            Self::ReadRate(v) => format!("r{v}"),
            Self::Joins(v) => format!("j{v}"),
            Self::Replicas(v) => format!("n{v}"),
            Self::SyncCapacity(v) => format!("s{v}"),
            Self::Ryw(on) => format!("y{}", u8::from(on)),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('a', &[v]) if v <= 1 => Self::Arch(if v == 1 {
                Arch::Cqrs
            } else {
                Arch::Traditional
            }),
            ('w', &[v]) => Self::WriteRate(v),
            ('r', &[v]) => Self::ReadRate(v),
            ('j', &[v]) => Self::Joins(v),
            ('n', &[v]) => Self::Replicas(v),
            ('s', &[v]) => Self::SyncCapacity(v),
            ('y', &[v]) if v <= 1 => Self::Ryw(v == 1),
            _ => return None,
        })
    }
}
