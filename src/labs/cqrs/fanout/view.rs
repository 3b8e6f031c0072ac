//! The timeline scene's page: controls, the picture, live figures and charts.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::FanoutRun;
use super::panels::FanoutControls;
use crate::labs::cqrs::params::{Params, Scene};
use crate::labs::cqrs::scene::SceneSwitch;
use crate::labs::cqrs::text;
use crate::labs::frame::LabFrame;
use crate::labs::link_actions::MAX_LINK_ACTIONS;
use crate::labs::{Lab, LabParams};
use crate::sim::cqrs::fanout::{FanoutAction, FanoutConfig, FanoutCounters, FanoutSim};
use crate::page::cadence::Cadence;
use crate::ui::chart::{column, ChartHandle, Series, TimeChart};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::page::lab_page::LabPage;
use crate::page::lab_run::LabRun;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme;
use crate::page::versus::{Figure, Versus, VersusCanvases, VersusPicker};

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    c: FanoutCounters,
    per_s: (u64, u64),
    backlog: u64,
    oldest_ms: f64,
    read_p99: f64,
    visible_p99: f64,
    merges: f64,
    celebrities: u32,
}

impl Readout {
    fn of(sim: &FanoutSim) -> Self {
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            per_s: sim.per_s(),
            backlog: sim.backlog(),
            oldest_ms: sim.oldest_waiting_ms(),
            read_p99: sim.read_p50_p99().1,
            visible_p99: sim.visible_p50_p99().1,
            merges: sim.merges_per_read(),
            celebrities: sim.celebrities(),
        }
    }
}

/// Draws chart `i` (0: tweet to timeline, 1: opens, 2: cache writes) from the run's rows.
fn draw_chart(
    i: usize,
    chart: &ChartHandle,
    run: &FanoutRun,
    b: Option<&FanoutRun>,
    p: theme::Palette,
) {
    let lines = |run: &FanoutRun| -> Vec<Series> {
        let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
        match i {
            0 => vec![(p.dropped, series(4))],
            1 => vec![(p.arrival, series(3))],
            _ => vec![(p.served, series(1))],
        }
    };
    chart.draw_versus(
        &lines(run),
        &b.map(lines).unwrap_or_default(),
        CHART_WINDOW_S,
        p,
    );
}

/// The figures set side by side when two runs are compared.
const FIGURES: [Figure<Readout>; 6] = [
    ("tweet_visible_p99_ms", "Tweet to timeline p99, ms", |r| {
        format!("{:.0}", r.visible_p99)
    }),
    ("timeline_read_p99_ms", "Open p99, ms", |r| {
        format!("{:.2}", r.read_p99)
    }),
    ("merges_per_read", "Lists merged per open", |r| {
        format!("{:.1}", r.merges)
    }),
    ("fanout_writes_per_s", "Cache writes a second", |r| {
        r.per_s.0.to_string()
    }),
    ("fanout_backlog", "Writes waiting", |r| {
        r.backlog.to_string()
    }),
    ("late_writes_total", "Writes later than 5 s", |r| {
        r.c.late_writes.to_string()
    }),
];

lab_model!(FanoutSim, FanoutConfig, |run, config, actions| {
    LabParams::Cqrs(Params {
        run,
        scene: Scene::Timeline,
        fanout: config,
        fanout_actions: actions,
        ..Params::default()
    })
});

/// The timeline scene.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn FanoutLab(params: Params, frame: LabFrame) -> impl IntoView {
    let start = |p: &LabParams| match p {
        LabParams::Cqrs(p) if p.scene == Scene::Timeline => Some(p.fanout_timeline()),
        _ => None,
    };
    let versus = Versus::open(&frame, LabParams::Cqrs(params.clone()), start);
    let lab = LabRun::open(&params.run, params.fanout, params.fanout_timeline(), frame);
    let LabRun {
        config,
        seed,
        speed,
        paused,
        run,
        ..
    } = lab;
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let mean_followers = RwSignal::new(run.with(|s| s.graph().mean_followers()).unwrap_or(0.0));
    let live = RwSignal::new(String::new());
    let charts: [ChartHandle; 3] = Default::default();
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: FanoutAction| {
        run.act(action);
        versus.act(run, action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        versus.restart(seed.get_untracked());
        mean_followers.set(run.with(|s| s.graph().mean_followers()).unwrap_or(0.0));
        redraw();
    };
    let regraph = move |c: FanoutConfig| {
        config.set(c.clamped());
        reset();
    };
    let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));

    let canvas = NodeRef::<html::Canvas>::new();
    let canvas_b = NodeRef::<html::Canvas>::new();
    let mut clock = PlayClock::default();
    let mut cadence = Cadence::new(charts.len());
    let prefs = theme::watch();
    let frame_stats = frame_loop(move |now_ms| {
        let Some(prefs) = lab.play(&mut clock, now_ms, prefs) else {
            return;
        };
        versus.follow(run);
        if let Some(c) = canvas.get_untracked() {
            run.with(|s| flow::draw(&c, s, prefs.palette, prefs.reduced_motion));
        }
        if let Some(c) = canvas_b.get_untracked() {
            versus.with(|s| flow::draw(&c, s, prefs.palette, prefs.reduced_motion));
        }
        if cadence.readout(now_ms) {
            let Some(r) = run.with(|s| Readout::of(s)) else {
                return;
            };
            versus.tabulate(&FIGURES, &r, |s| Readout::of(s));
            if readout.get_untracked() != r {
                readout.set(r);
            }
            run.refresh();
            if cadence.live(now_ms, false) {
                live.set(format!(
                    "{} cache writes a second, {} waiting; tweets reach timelines in {:.0} ms and opens take {:.1} ms at the 99th percentile.",
                    crate::text::group(r.per_s.0 as f64),
                    crate::text::group(r.backlog as f64),
                    r.visible_p99,
                    r.read_p99
                ));
            }
        }
        if let Some(i) = cadence.chart(now_ms) {
            versus.with_both(run, |tl, b| draw_chart(i, &charts[i], tl, b, prefs.palette));
        }
    });

    let on_step = move |()| {
        run.step(100);
        redraw();
    };
    let link = move |()| lab.link();
    let start_page =
        Callback::new(move |()| lab.page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS));
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));

    view! {
        <LabPage title="CQRS at scale: Twitter's home timelines" intro=text::TIMELINE_INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <SceneSwitch scene=Scene::Timeline frame=frame seed=seed speed=speed />
                <FanoutControls config=config act=act regraph=regraph />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Cqrs, paused, redraw, page, start)}
                <VersusPicker lab=Lab::Cqrs frame=frame page=start_page />
            </form>
            <div class="stage">
                <div class="flow" class:versus=versus.compare.is_some()>
                    <VersusCanvases class="tall" versus=versus.labels() a=canvas b=canvas_b label="Animation: tweets entering the fan-out service as jobs as wide as their followers, celebrities marked, the tweet lists merged when a timeline opens, and the tracked followers' timelines lighting up as tweets reach them" />
                    <p class="flow-key">
                        <span class="swatch dropped"></span>"tweets, celebrity jobs "
                        <span class="swatch queue"></span>"fan-out jobs waiting "
                        <span class="swatch served"></span>"cache writes, timelines reached "
                        <span class="swatch arrival"></span>"merges at read time"
                    </p>
                </div>
                {versus.table()}
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="tweets_total" label="Tweets" unit="total" value=r(|r| r.c.tweets as f64) />
                    <Metric name="fanout_writes_per_s" label="Cache writes" unit="per s" value=r(|r| r.per_s.0 as f64) />
                    <Metric name="fanout_backlog" label="Writes waiting" unit="writes" value=r(|r| r.backlog as f64) />
                    <Metric name="oldest_waiting_ms" label="Oldest tweet waiting" unit="ms" decimals=0 value=r(|r| r.oldest_ms) />
                    <Metric name="tweet_visible_p99_ms" label="Tweet to timeline p99" unit="ms" decimals=1 value=r(|r| r.visible_p99) />
                    <Metric name="late_writes_total" label="Later than 5 s" unit="writes" value=r(|r| r.c.late_writes as f64) />
                    <Metric name="timeline_reads_per_s" label="Timeline opens" unit="per s" value=r(|r| r.per_s.1 as f64) />
                    <Metric name="timeline_read_p99_ms" label="Open p99" unit="ms" decimals=2 value=r(|r| r.read_p99) />
                    <Metric name="merges_per_read" label="Lists merged per open" unit="mean" decimals=1 value=r(|r| r.merges) />
                    <Metric name="celebrity_tweets_total" label="Celebrity tweets" unit="total" value=r(|r| r.c.celebrity_tweets as f64) />
                    <Metric name="celebrities" label="Accounts above the threshold" unit="" value=r(|r| f64::from(r.celebrities)) />
                    <Metric name="followers_per_tweet" label="Followers per tweet" unit="mean" decimals=1 value=Signal::derive(move || mean_followers.get()) />
                    <Metric name="fanout_refused_total" label="Fan-outs refused (queue full)" unit="tweets" value=r(|r| r.c.refused as f64) />
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="Tweet to followers' timelines, 99th percentile (ms); the target is 5,000"
                        legend=vec![("tweet to timeline", "dropped")]
                        summary=Signal::derive(move || format!("Delivery chart: tweets reach timelines in {:.0} ms at the 99th percentile", readout.get().visible_p99))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="Opening a timeline, 99th percentile (ms)"
                        legend=vec![("open", "arrival")]
                        summary=Signal::derive(move || format!("Open chart: {:.1} ms at the 99th percentile", readout.get().read_p99))
                    />
                    <TimeChart
                        handle=charts[2]
                        title="Cache writes a second"
                        legend=vec![("cache writes", "served")]
                        summary=Signal::derive(move || format!("Fan-out chart: {:.0} cache writes a second", readout.get().per_s.0 as f64))
                    />
                </div>
            </div>
        </LabPage>
    }
}
