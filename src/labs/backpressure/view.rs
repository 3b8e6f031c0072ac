//! The back-pressure lab's page: controls, the animation, charts, theory and live figures.

use leptos::html;
use leptos::prelude::*;

use super::charts::{draw_chart, Charts};
use super::figures::{Readout, Readouts, Theory};
use super::flow::Flow;
use super::panels::ModelControls;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::link::Run;
use crate::labs::link_actions::MAX_LINK_ACTIONS;
use crate::labs::{Lab, LabParams};
use crate::page::lab_page::LabPage;
use crate::page::run::RunCtl;
use crate::page::versus::{Figure, Versus, VersusCanvases, VersusPicker};
use crate::sim::backpressure::{Action, Simulation};
use crate::sim::timeline::Timeline;
use crate::sim::{nanos, TICK_NS};
use crate::ui::chart::ChartHandle;
use crate::ui::controls::group;
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::playback::Playback;
use crate::ui::{page_url, theme};

/// How often the number readouts refresh, ms of real time.
const READOUT_MS: f64 = 100.0;
/// How often each chart may redraw, ms of real time.
const CHART_MS: f64 = 250.0;
/// How often the screen-reader summary may speak, ms of real time.
const LIVE_MS: f64 = 8_000.0;

lab_model!(
    Simulation,
    crate::sim::backpressure::Config,
    |run, config, actions| LabParams::Backpressure(Params {
        run,
        config,
        actions,
    })
);

/// The figures set side by side when two runs are compared.
const FIGURES: [Figure<Readout>; 7] = [
    ("throughput", "Served a second", |r| {
        format!("{:.0}", r.window.throughput)
    }),
    ("latency_p99_ms", "Time inside p99, ms", |r| {
        format!("{:.1}", r.window.latency_p99_ms)
    }),
    ("queue_depth", "Waiting", |r| r.queue_depth.to_string()),
    ("rejected_total", "Rejected", |r| {
        r.totals.rejected.to_string()
    }),
    ("dropped_total", "Dropped", |r| r.totals.dropped.to_string()),
    ("lost_total", "Lost", |r| r.totals.lost.to_string()),
    ("memory_mib", "Memory, MiB", |r| {
        format!("{:.1}", r.memory_mib)
    }),
];

/// The back-pressure lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn BackpressureLab(params: Params, frame: LabFrame) -> impl IntoView {
    let config = RwSignal::new(params.config);
    let seed = RwSignal::new(params.run.seed);
    let speed = RwSignal::new(params.run.speed);
    let paused = RwSignal::new(params.run.paused);
    let start = |p: &LabParams| match p {
        LabParams::Backpressure(p) => Some(p.timeline()),
        _ => None,
    };
    let versus = Versus::open(&frame, LabParams::Backpressure(params.clone()), start);
    let first = params.timeline();
    let run = RunCtl::open(first, nanos(params.run.t) / TICK_NS, frame.load, true);
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let per_dot = RwSignal::new(1u64);
    let live = RwSignal::new(String::new());
    let prediction = Memo::new(move |_| config.get().prediction());
    let charts: [ChartHandle; 4] = Default::default();
    // After a jump in time the readouts and charts follow at once.
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: Action| {
        run.act(action);
        versus.act(run, action);
        redraw();
    };
    let reset = move || {
        run.reset(Timeline::new(
            Simulation::new(seed.get_untracked(), config.get_untracked()),
            Vec::new(),
        ));
        versus.restart(seed.get_untracked());
        redraw();
    };
    // The lab's page at time `t`, with every action recorded (up to `max` of them).
    let page = move |t: f64, paused: bool, max: usize| {
        let (start, actions) = run.link_parts(|s| *s.config(), config.get_untracked(), max);
        frame.page(LabParams::Backpressure(Params {
            run: Run {
                seed: seed.get_untracked(),
                speed: speed.get_untracked(),
                t,
                paused,
            },
            config: start,
            actions,
        }))
    };

    // Every change of a control rewrites the address, so the link always reproduces the
    // lab; the first run is skipped so a shared link stays as it was until the learner acts.
    Effect::new(move |ran: Option<()>| {
        let _ = (seed.get(), speed.get(), paused.get(), config.get());
        if ran.is_some() {
            page_url::replace(&page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS).to_query());
        }
    });

    let flow_canvas = NodeRef::<html::Canvas>::new();
    let mut flow = Flow::new(flow_canvas);
    let flow_canvas_b = NodeRef::<html::Canvas>::new();
    let mut flow_b = Flow::new(flow_canvas_b);
    let mut clock = PlayClock::default();
    let (mut last_readout, mut last_live, mut last_chart_round) = (f64::MIN, 0.0, f64::MIN);
    let mut due = [false; 4];
    let prefs = theme::watch();
    let mut was_down = false;
    let frame_stats = frame_loop(move |now_ms| {
        let (Some(is_paused), Some(spd), Some(prefs)) = (
            paused.try_get_untracked(),
            speed.try_get_untracked(),
            prefs.try_get_untracked(),
        ) else {
            return;
        };
        let dt_ms = clock.frame(now_ms);
        run.play(&mut clock, dt_ms, spd, is_paused);
        versus.follow(run);
        versus.with(|s| {
            flow_b.update(s, now_ms, spd, !prefs.reduced_motion);
            flow_b.draw(s, now_ms, prefs.palette);
        });
        let Some(dots) = run.with(|s| {
            let dots = flow.update(s, now_ms, spd, !prefs.reduced_motion);
            flow.draw(s, now_ms, prefs.palette);
            dots
        }) else {
            return;
        };
        if per_dot.get_untracked() != dots {
            per_dot.set(dots);
        }
        if now_ms - last_readout >= READOUT_MS {
            last_readout = now_ms;
            let Some(r) = run.with(|s| Readout::of(s)) else {
                return;
            };
            if readout.get_untracked() != r {
                readout.set(r);
            }
            versus.tabulate(&FIGURES, &r, |s| Readout::of(s));
            run.refresh();
            let down = r.down_for_s.is_some();
            if now_ms - last_live >= LIVE_MS || down != was_down {
                last_live = now_ms;
                was_down = down;
                live.set(r.summary(&config.get_untracked()));
            }
        }
        if now_ms - last_chart_round >= CHART_MS {
            last_chart_round = now_ms;
            due = [true; 4];
        }
        // One chart a frame: spreads the drawing cost over frames.
        if let Some(i) = due.iter().position(|d| *d) {
            due[i] = false;
            // A compared run takes the faint lines' place.
            versus.with_both(run, |tl, b| {
                let faint = b.map_or(tl.ghost(), |b| b.rows());
                draw_chart(i, &charts[i], tl, faint, prefs.palette);
            });
        }
    });

    let on_step = move |()| {
        run.step(100);
        redraw();
    };
    let link =
        move |()| page_url::with_query(&page(run.shown_s(), true, MAX_LINK_ACTIONS).to_query());
    let start_page = Callback::new(move |()| page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS));

    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));

    view! {
        <LabPage title="Back-pressure: when producers outrun consumers" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <ModelControls config=config act=act />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Backpressure, paused, redraw, page, start)}
                <VersusPicker lab=Lab::Backpressure frame=frame page=start_page />
            </form>
            <div class="stage">
                <div class="flow" class:versus=versus.compare.is_some()>
                    <VersusCanvases versus=versus.labels() a=flow_canvas b=flow_canvas_b label="Animation: messages flow from the producer through the queue to the workers" />
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"arriving "
                        <span class="swatch served"></span>"served "
                        <span class="swatch rejected"></span>"rejected or lost "
                        <span class="swatch dropped"></span>"dropped "
                        <span class="dot-scale">{move || format!("· one dot = {} message{}", group(per_dot.get() as f64), if per_dot.get() == 1 { "" } else { "s" })}</span>
                    </p>
                </div>
                {versus.table()}
                <Readouts readout=readout />
                <Theory readout=readout prediction=prediction config=config />
                <Charts charts=charts readout=readout />
            </div>
        </LabPage>
    }
}
