//! The CQRS lab's link parameters and action codes, for both scenes.

use crate::link::actions::{self, split_code, LinkAction};
use crate::link::registry::Comparison;
use crate::link::{seconds_text, Link, Run};
use crate::sim::cqrs::config::{
    MAX_JOINS, MAX_READ_RATE, MAX_REPLICAS, MAX_SYNC_CAPACITY, MAX_WRITE_RATE,
};
use crate::sim::cqrs::fanout::config::{
    CAPACITY, MAX_TIMELINE_RATE, MAX_TWEET_RATE, MAX_USERS, MIN_USERS, THRESHOLD, ZIPF_MILLI,
};
use crate::sim::cqrs::fanout::{Fanout, FanoutAction, FanoutConfig, FanoutSim};
use crate::sim::cqrs::{Arch, CqrsAction, CqrsConfig, CqrsSim};
use crate::sim::timeline::Timeline;
use crate::sim::Keyed;

/// Which of the lab's two scenes a link opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scene {
    /// One database against separate write and read paths.
    #[default]
    Split,
    /// Twitter's home timelines: fan-out on write, on read, and the hybrid.
    Timeline,
}

impl Scene {
    /// The name in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Split => "split",
            Self::Timeline => "timeline",
        }
    }
}

/// Everything a CQRS link can say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// Seed, speed, start time, paused.
    pub run: Run,
    /// The scene shown.
    pub scene: Scene,
    /// The split scene's parameters at the start.
    pub config: CqrsConfig,
    /// The split scene's changes, `(tick, action)` in order.
    pub actions: Vec<(u64, CqrsAction)>,
    /// The timeline scene's parameters at the start.
    pub fanout: FanoutConfig,
    /// The timeline scene's changes.
    pub fanout_actions: Vec<(u64, FanoutAction)>,
}

fn scene(k: &str) -> Option<Scene> {
    [Scene::Split, Scene::Timeline]
        .into_iter()
        .find(|s| s.key() == k)
}

/// The split scene's parameters in links.
const SPLIT_KEYS: [&str; 7] = [
    "arch",
    "write_rate",
    "read_rate",
    "joins",
    "read_replicas",
    "sync_capacity",
    "ryw",
];
/// The runs this lab sets side by side (the timeline scene's).
pub const COMPARES: [Comparison; 2] = [
    Comparison {
        key: "write-hybrid",
        title: "Fan-out on write against the hybrid",
        a: (
            "fan-out on write",
            &[("scene", "timeline"), ("fanout", "write")],
        ),
        b: ("hybrid", &[("scene", "timeline"), ("fanout", "hybrid")]),
    },
    Comparison {
        key: "write-read",
        title: "Fan-out on write against fan-out on read",
        a: (
            "fan-out on write",
            &[("scene", "timeline"), ("fanout", "write")],
        ),
        b: (
            "fan-out on read",
            &[("scene", "timeline"), ("fanout", "read")],
        ),
    },
];

/// The timeline scene's.
const TIMELINE_KEYS: [&str; 7] = [
    "users",
    "zipf",
    "tweet_rate",
    "timeline_rate",
    "fanout",
    "celebrity_threshold",
    "fanout_capacity",
];

fn read_split(link: &mut Link) -> CqrsConfig {
    let c = CqrsConfig::default();
    CqrsConfig {
        arch: link.keyed("arch", c.arch),
        write_rate: link.integer("write_rate", 0, MAX_WRITE_RATE, c.write_rate),
        read_rate: link.integer("read_rate", 0, MAX_READ_RATE, c.read_rate),
        joins: link.integer("joins", 1, MAX_JOINS, c.joins),
        read_replicas: link.integer("read_replicas", 1, MAX_REPLICAS, c.read_replicas),
        sync_capacity: link.integer("sync_capacity", 1, MAX_SYNC_CAPACITY, c.sync_capacity),
        ryw: link.on_off("ryw", c.ryw),
    }
}

fn read_timeline(link: &mut Link) -> FanoutConfig {
    let f = FanoutConfig::default();
    let zipf = link.decimal("zipf", 0.5, 2.0, &[], f.zipf());
    FanoutConfig {
        users: link.integer("users", MIN_USERS, MAX_USERS, f.users),
        zipf_milli: ((zipf * 1e3).round() as u32).clamp(ZIPF_MILLI.0, ZIPF_MILLI.1),
        tweet_rate: link.integer("tweet_rate", 0, MAX_TWEET_RATE, f.tweet_rate),
        timeline_rate: link.integer("timeline_rate", 0, MAX_TIMELINE_RATE, f.timeline_rate),
        fanout: link.keyed("fanout", f.fanout),
        celebrity_threshold: link.integer(
            "celebrity_threshold",
            THRESHOLD.0,
            THRESHOLD.1,
            f.celebrity_threshold,
        ),
        fanout_capacity: link.integer("fanout_capacity", CAPACITY.0, CAPACITY.1, f.fanout_capacity),
    }
}

impl Params {
    /// Takes this lab's parameters out of a link.
    pub fn read(link: &mut Link) -> Self {
        let scene = link.choice(
            "scene",
            scene,
            &["split", "timeline"],
            Scene::Split,
            "split",
        );
        let (config, fanout) = match scene {
            Scene::Split => (read_split(link), FanoutConfig::default()),
            Scene::Timeline => (CqrsConfig::default(), read_timeline(link)),
        };
        match scene {
            Scene::Split => link.other_scene(&TIMELINE_KEYS, Scene::Timeline.key()),
            Scene::Timeline => link.other_scene(&SPLIT_KEYS, Scene::Split.key()),
        }
        let run = Run::read(link);
        let (actions, fanout_actions) = match scene {
            Scene::Split => (actions::read(link), Vec::new()),
            Scene::Timeline => (Vec::new(), actions::read(link)),
        };
        Self {
            run,
            scene,
            config,
            actions,
            fanout,
            fanout_actions,
        }
    }

    /// Appends this lab's parameters.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
        self.run.write(pairs);
        pairs.push(("scene", self.scene.key().to_owned()));
        if self.scene == Scene::Timeline {
            let f = &self.fanout;
            pairs.extend([
                ("users", f.users.to_string()),
                ("zipf", seconds_text(f.zipf())),
                ("tweet_rate", f.tweet_rate.to_string()),
                ("timeline_rate", f.timeline_rate.to_string()),
                ("fanout", f.fanout.key().to_owned()),
                ("celebrity_threshold", f.celebrity_threshold.to_string()),
                ("fanout_capacity", f.fanout_capacity.to_string()),
            ]);
            actions::write(&self.fanout_actions, pairs, max_actions);
            return;
        }
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
        actions::write(&self.actions, pairs, max_actions);
    }

    /// The timeline scene's run this link describes, at its start.
    pub fn fanout_timeline(&self) -> Timeline<FanoutSim> {
        Timeline::new(
            FanoutSim::new(self.run.seed, self.fanout),
            self.fanout_actions.clone(),
        )
    }

    /// The timeline scene's run this link describes, at its `t`.
    pub fn fanout_start(&self) -> Timeline<FanoutSim> {
        self.fanout_timeline().at_second(self.run.t)
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

impl LinkAction for FanoutAction {
    fn code(&self) -> String {
        match *self {
            Self::TweetRate(v) => format!("t{v}"),
            Self::TimelineRate(v) => format!("o{v}"),
            Self::Strategy(f) => {
                format!("f{}", f.index())
            }
            Self::Threshold(v) => format!("c{v}"),
            Self::Capacity(v) => format!("k{v}"),
            Self::CelebrityTweets => "b".to_owned(),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('t', &[v]) => Self::TweetRate(v),
            ('o', &[v]) => Self::TimelineRate(v),
            ('f', &[v]) => Self::Strategy(Fanout::nth(v)?),
            ('c', &[v]) => Self::Threshold(v),
            ('k', &[v]) => Self::Capacity(v),
            ('b', &[]) => Self::CelebrityTweets,
            _ => return None,
        })
    }
}

run_params!(Params, CqrsSim);
