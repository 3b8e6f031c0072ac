//! The timeline scene's page: controls, the picture, live figures and charts.

use leptos::prelude::*;

use super::flow;
use super::guide::FanoutRun;
use super::panels::FanoutControls;
use crate::labs::cqrs::params::{Params, Scene};
use crate::labs::cqrs::scene::SceneSwitch;
use crate::labs::cqrs::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::cqrs::fanout::{FanoutConfig, FanoutCounters, FanoutSim};
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

thread_local! {
    /// The last graph's followers per tweet, by its users and exponent: the graph is fixed for
    /// a run, and the sum behind the figure (up to 110,000 steps) has no place in a readout
    /// taken ten times a second.
    static FOLLOWERS: std::cell::Cell<Option<((u32, u64), f64)>> = const { std::cell::Cell::new(None) };
}

/// Followers per tweet on `sim`'s graph, worked out once a graph.
fn mean_followers(sim: &FanoutSim) -> f64 {
    let c = sim.config();
    let key = (c.users, c.zipf().to_bits());
    FOLLOWERS.with(|f| match f.get() {
        Some((k, mean)) if k == key => mean,
        _ => {
            let mean = sim.graph().mean_followers();
            f.set(Some((key, mean)));
            mean
        }
    })
}

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
    c: FanoutCounters,
    per_s: (u64, u64),
    backlog: u64,
    oldest_ms: f64,
    read_p99: f64,
    visible_p99: f64,
    merges: f64,
    celebrities: u32,
    /// Followers per tweet, on the run's graph.
    followers: f64,
}

impl From<&FanoutSim> for Readout {
    fn from(sim: &FanoutSim) -> Self {
        Self {
            c: *sim.counters(),
            per_s: sim.per_s(),
            backlog: sim.backlog(),
            oldest_ms: sim.oldest_waiting_ms(),
            read_p99: sim.read_p50_p99().1,
            visible_p99: sim.visible_p50_p99().1,
            merges: sim.merges_per_read(),
            celebrities: sim.celebrities(),
            followers: mean_followers(sim),
        }
    }
}

/// The figures set side by side when two runs are compared.
const VERSUS: [&str; 6] = [
    "tweet_visible_p99_ms",
    "timeline_read_p99_ms",
    "merges_per_read",
    "fanout_writes_per_s",
    "fanout_backlog",
    "late_writes_total",
];

lab_model!(
    FanoutSim,
    FanoutConfig,
    |p: &Params| (p.scene == Scene::Timeline).then(|| p.fanout_timeline()),
    |run, config, actions| Params {
        run,
        scene: Scene::Timeline,
        fanout: config,
        fanout_actions: actions,
        ..Params::default()
    }
);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 13] = [
    key(figure("tweet_visible_p99_ms", "Tweet to timeline p99", "ms", 1, |r| r.visible_p99)),
    key(figure("timeline_read_p99_ms", "Open p99", "ms", 2, |r| r.read_p99)),
    key(figure("fanout_writes_per_s", "Cache writes", "per s", 0, |r| r.per_s.0 as f64)),
    key(figure("fanout_backlog", "Writes waiting", "writes", 0, |r| r.backlog as f64)),
    key(figure("merges_per_read", "Lists merged per open", "mean", 1, |r| r.merges)),
    figure("tweets_total", "Tweets", "total", 0, |r| r.c.tweets as f64),
    figure("oldest_waiting_ms", "Oldest tweet waiting", "ms", 0, |r| r.oldest_ms),
    figure("late_writes_total", "Later than 5 s", "writes", 0, |r| r.c.late_writes as f64),
    figure("timeline_reads_per_s", "Timeline opens", "per s", 0, |r| r.per_s.1 as f64),
    figure("celebrity_tweets_total", "Celebrity tweets", "total", 0, |r| r.c.celebrity_tweets as f64),
    figure("celebrities", "Accounts above the threshold", "", 0, |r| f64::from(r.celebrities)),
    figure("followers_per_tweet", "Followers per tweet", "mean", 1, |r| r.followers),
    figure("fanout_refused_total", "Fan-outs refused (queue full)", "tweets", 0, |r| r.c.refused as f64),
];

/// The charts: tweet to timeline, opens, cache writes.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 3] = [
    chart("Tweet to followers' timelines, 99th percentile (ms); the target is 5,000", &[("tweet to timeline", "dropped")], |r| format!("Delivery chart: tweets reach timelines in {:.0} ms at the 99th percentile", r.visible_p99)),
    chart("Opening a timeline, 99th percentile (ms)", &[("open", "arrival")], |r| format!("Open chart: {:.1} ms at the 99th percentile", r.read_p99)),
    chart("Cache writes a second", &[("cache writes", "served")], |r| format!("Fan-out chart: {:.0} cache writes a second", r.per_s.0 as f64)),
];

impl LabUi for FanoutSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Cqrs;
    const EXPERIMENTS: &'static crate::course::experiment::Presets = &super::experiments::PRESETS;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;
    const VERSUS: &'static [&'static str] = &VERSUS;

    fn chart_lines(i: usize, run: &FanoutRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        match i {
            0 => vec![(p.dropped, s(4))],
            1 => vec![(p.arrival, s(3))],
            _ => vec![(p.served, s(1))],
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "{} cache writes a second, {} waiting; tweets reach timelines in {:.0} ms and opens take {:.1} ms at the 99th percentile.",
            crate::text::group(r.per_s.0 as f64),
            crate::text::group(r.backlog as f64),
            r.visible_p99,
            r.read_p99
        )
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 4] = [
    ("dropped", "tweets, celebrity jobs"),
    ("queue", "fan-out jobs waiting"),
    ("served", "cache writes, timelines reached"),
    ("arrival", "merges at read time"),
];

/// The timeline scene.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn FanoutLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<FanoutSim>::open(frame, LabParams::new(params));
    let mut parts = LabParts::new(
        "CQRS at scale: Twitter's home timelines",
        text::TIMELINE_INTRO,
        "Animation: tweets entering the fan-out service as jobs as wide as their followers, celebrities marked, the tweet lists merged when a timeline opens, and the tracked followers' timelines lighting up as tweets reach them",
    );
    parts.picture_class = "tall";
    let LabShell { lab, .. } = shell;
    parts.controls = view! {
        <SceneSwitch scene=Scene::Timeline frame=frame seed=lab.seed speed=lab.speed />
        <FanoutControls config=lab.config act=move |a| shell.act(a) regraph=move |c: FanoutConfig| shell.restart_with(c.clamped()) />
    }
    .into_any();
    parts.key = swatches(&KEY).into_any();
    shell.page(parts)
}
