//! The back-pressure lab's page: controls, the animation, charts, theory and live figures.

use leptos::html;
use leptos::prelude::*;

use super::flow::Flow;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::link::Run;
use crate::labs::LabParams;
use crate::sim::arrivals::{ArrivalPattern, MAX_PRODUCER_RATE};
use crate::sim::backpressure::{
    Action, Config, Prediction, Simulation, MAX_CAPACITY, MAX_MEMORY_MB,
};
use crate::sim::metrics::{Counters, WindowStats};
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::{ServiceDist, MAX_CONSUMER_RATE, MAX_WORKERS};
use crate::sim::{nanos, seconds};
use crate::ui::chart::{ChartHandle, Line, TimeChart, XAxis};
use crate::ui::controls::{group, Choice, NumberField, Slider};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::lab_page::LabPage;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::{page_url, theme};

/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 60.0;
/// How often the number readouts refresh, ms of real time.
const READOUT_MS: f64 = 100.0;
/// How often each chart may redraw, ms of real time.
const CHART_MS: f64 = 250.0;
/// How often the screen-reader summary may speak, ms of real time.
const LIVE_MS: f64 = 8_000.0;

/// Figures copied out of the engine for the page, refreshed about ten times a second.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    totals: Counters,
    window: WindowStats,
    queue_depth: usize,
    in_service: usize,
    memory_mib: f64,
    down_for_s: Option<f64>,
    blocked: bool,
}

impl Readout {
    fn of(sim: &Simulation) -> Self {
        Self {
            now_s: sim.now_s(),
            totals: *sim.totals(),
            window: *sim.window(),
            queue_depth: sim.queue_depth(),
            in_service: sim.in_service(),
            memory_mib: sim.memory_used() as f64 / (1024.0 * 1024.0),
            down_for_s: sim
                .down_until()
                .map(|t| seconds(t.saturating_sub(sim.now()))),
            blocked: sim.producer_blocked(),
        }
    }

    fn summary(&self, c: &Config) -> String {
        let w = &self.window;
        let mut s = format!(
            "At {:.0} seconds: {} messages waiting; {} a second arriving, {} a second served.",
            self.now_s,
            group(self.queue_depth as f64),
            group(w.arrival_rate),
            group(w.throughput)
        );
        if w.rejected_rate > 0.0 {
            s += &format!(" Rejecting {} a second.", group(w.rejected_rate));
        }
        if w.dropped_rate > 0.0 {
            s += &format!(" Dropping {} a second.", group(w.dropped_rate));
        }
        if self.blocked {
            s += " The producer is waiting for room.";
        }
        if let Some(left) = self.down_for_s {
            s += &format!(" The consumer ran out of memory and restarts in {left:.0} seconds; {} messages lost so far.", group(self.totals.lost as f64));
        } else if c.policy == OverflowPolicy::Unbounded
            && self.queue_depth > c.memory_limit_messages() / 2
        {
            s += " Memory is more than half full.";
        }
        s
    }
}

fn options<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&x| (key(x), label(x))).collect()
}

fn arrival_label(a: ArrivalPattern) -> &'static str {
    match a {
        ArrivalPattern::Steady => "Steady",
        ArrivalPattern::Poisson => "Random (Poisson)",
        ArrivalPattern::Burst => "Bursts (¼ s at 4×, each second)",
    }
}

fn service_label(s: ServiceDist) -> &'static str {
    match s {
        ServiceDist::Fixed => "Fixed",
        ServiceDist::Exponential => "Random (exponential)",
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The back-pressure lab.
#[component]
pub fn BackpressureLab(params: Params, frame: LabFrame) -> impl IntoView {
    let config = RwSignal::new(params.config);
    let seed = RwSignal::new(params.run.seed);
    let speed = RwSignal::new(params.run.speed);
    let paused = RwSignal::new(params.run.paused);
    let mut first = Simulation::new(params.run.seed, params.config);
    first.advance_to(nanos(params.run.t));
    let readout = RwSignal::new(Readout::of(&first));
    let sim = StoredValue::new_local(first);
    let per_dot = RwSignal::new(1u64);
    let live = RwSignal::new(String::new());
    let prediction = Memo::new(move |_| config.get().prediction());

    let act = move |action: Action| {
        sim.update_value(|s| s.apply(action));
        config.set(sim.with_value(|s| *s.config()));
        readout.set(sim.with_value(Readout::of));
    };
    let charts: [ChartHandle; 4] = Default::default();
    let reset = move || {
        sim.set_value(Simulation::new(
            seed.get_untracked(),
            config.get_untracked(),
        ));
        readout.set(sim.with_value(Readout::of));
        charts.iter().for_each(ChartHandle::invalidate);
    };

    // Every change of a control rewrites the address, so the link always reproduces the
    // lab; the first run is skipped so a shared link stays as it was until the learner acts.
    Effect::new(move |ran: Option<()>| {
        let page = frame.page(LabParams::Backpressure(Params {
            run: Run {
                seed: seed.get(),
                speed: speed.get(),
                t: 0.0,
                paused: paused.get(),
            },
            config: config.get(),
        }));
        if ran.is_some() {
            page_url::replace(&page.to_query());
        }
    });

    let flow_canvas = NodeRef::<html::Canvas>::new();
    let mut flow = Flow::new(flow_canvas);
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
        let Some(Some(dots)) = sim.try_update_value(|s| {
            if !is_paused {
                clock.advance(dt_ms, spd, s.now(), |t| {
                    s.advance_to(t);
                    s.now()
                });
            }
            let dots = flow.update(s, now_ms, spd, !prefs.reduced_motion);
            flow.draw(s, now_ms, prefs.palette);
            Some(dots)
        }) else {
            return;
        };
        if per_dot.get_untracked() != dots {
            per_dot.set(dots);
        }
        if now_ms - last_readout >= READOUT_MS {
            last_readout = now_ms;
            let r = sim.with_value(Readout::of);
            if readout.get_untracked() != r {
                readout.set(r);
            }
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
            sim.with_value(|s| draw_chart(i, &charts[i], s, prefs.palette));
        }
    });

    let on_step = move |()| {
        sim.update_value(|s| s.advance_ticks(100));
        readout.set(sim.with_value(Readout::of));
    };
    let link = move |()| {
        let run = Run {
            seed: seed.get_untracked(),
            speed: speed.get_untracked(),
            t: sim.with_value(Simulation::now_s),
            paused: true,
        };
        let page = frame.page(LabParams::Backpressure(Params {
            run,
            config: config.get_untracked(),
        }));
        page_url::with_query(&page.to_query())
    };

    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));

    let cfg = move |f: fn(&Config) -> f64| Signal::derive(move || f(&config.get()));
    let w = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));
    let (policy_name, policy_text) = (
        move || text::policy(config.get().policy).0,
        move || text::policy(config.get().policy).1,
    );

    view! {
        <LabPage title="Back-pressure: when producers outrun consumers" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <fieldset>
                    <legend>"Producer"</legend>
                    <Slider
                        id="producer_rate"
                        label="Producer rate"
                        unit="msg/s"
                        min=0.0
                        max=f64::from(MAX_PRODUCER_RATE)
                        step=100.0
                        value=cfg(|c| f64::from(c.producer_rate))
                        on_input=move |v: f64| act(Action::ProducerRate(v as u32))
                    />
                    <Choice
                        id="arrivals"
                        label="Arrivals"
                        options=options(&ArrivalPattern::ALL, ArrivalPattern::key, arrival_label)
                        value=Signal::derive(move || config.get().arrivals.key())
                        on_change=move |k: String| {
                            if let Some(a) = ArrivalPattern::from_key(&k) {
                                act(Action::Arrivals(a));
                            }
                        }
                    />
                </fieldset>
                <fieldset>
                    <legend>"Consumer"</legend>
                    <Slider
                        id="consumer_rate"
                        label="Rate per worker"
                        unit="msg/s"
                        min=100.0
                        max=f64::from(MAX_CONSUMER_RATE)
                        step=100.0
                        value=cfg(|c| f64::from(c.consumer_rate))
                        on_input=move |v: f64| act(Action::ConsumerRate(v as u32))
                    />
                    <Slider
                        id="workers"
                        label="Workers"
                        unit=""
                        min=1.0
                        max=MAX_WORKERS as f64
                        step=1.0
                        value=cfg(|c| f64::from(c.workers))
                        on_input=move |v: f64| act(Action::Workers(v as u32))
                    />
                    <Choice
                        id="service"
                        label="Service time"
                        options=options(&ServiceDist::ALL, ServiceDist::key, service_label)
                        value=Signal::derive(move || config.get().service.key())
                        on_change=move |k: String| {
                            if let Some(s) = ServiceDist::from_key(&k) {
                                act(Action::Service(s));
                            }
                        }
                    />
                    <NumberField
                        id="memory_mb"
                        label="Memory limit (MiB, 1 KiB per waiting message)"
                        min=1
                        max=MAX_MEMORY_MB
                        value=Signal::derive(move || config.get().memory_mb)
                        on_change=move |v: u32| act(Action::MemoryLimit(v))
                    />
                </fieldset>
                <fieldset>
                    <legend>"Queue"</legend>
                    <NumberField
                        id="capacity"
                        label="Capacity (messages)"
                        min=1
                        max=MAX_CAPACITY
                        value=Signal::derive(move || config.get().capacity)
                        on_change=move |v: u32| act(Action::Capacity(v))
                    />
                    <div class="policies" role="radiogroup" aria-label="When the queue is full">
                        <span class="group-label">"When the queue is full"</span>
                        {OverflowPolicy::ALL
                            .into_iter()
                            .map(|p| {
                                let id = format!("policy-{}", p.key());
                                view! {
                                    <label class="radio">
                                        <input
                                            type="radio"
                                            name="policy"
                                            id=id
                                            value=p.key()
                                            prop:checked=move || config.get().policy == p
                                            on:change=move |_| act(Action::Policy(p))
                                        />
                                        {text::policy(p).0}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="policy-text">
                        <strong>{policy_name}</strong>
                        ": "
                        {policy_text}
                    </p>
                </fieldset>
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
            </form>
            <div class="stage">
                <div class="flow">
                    <canvas
                        node_ref=flow_canvas
                        role="img"
                        aria-label="Animation: messages flow from the producer through the queue to the workers"
                    ></canvas>
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"arriving "
                        <span class="swatch served"></span>"served "
                        <span class="swatch rejected"></span>"rejected or lost "
                        <span class="swatch dropped"></span>"dropped "
                        <span class="dot-scale">{move || format!("· one dot = {} message{}", group(per_dot.get() as f64), if per_dot.get() == 1 { "" } else { "s" })}</span>
                    </p>
                </div>
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=w(|r| r.now_s) />
                    <Metric name="queue_depth" label="Queue depth" unit="msg" value=w(|r| r.queue_depth as f64) />
                    <Metric name="in_service" label="In service" unit="msg" value=w(|r| r.in_service as f64) />
                    <Metric name="arrival_rate" label="Arrival rate" unit="msg/s" value=w(|r| r.window.arrival_rate) />
                    <Metric name="throughput" label="Throughput" unit="msg/s" value=w(|r| r.window.throughput) />
                    <Metric name="rejected_rate" label="Rejected" unit="msg/s" value=w(|r| r.window.rejected_rate) />
                    <Metric name="dropped_rate" label="Dropped" unit="msg/s" value=w(|r| r.window.dropped_rate) />
                    <Metric name="latency_p50_ms" label="Latency p50" unit="ms" decimals=2 value=w(|r| r.window.latency_p50_ms) />
                    <Metric name="latency_p99_ms" label="Latency p99" unit="ms" decimals=2 value=w(|r| r.window.latency_p99_ms) />
                    <Metric name="utilization" label="Utilisation" unit="" decimals=3 value=w(|r| r.window.utilization) />
                    <Metric name="arrived_total" label="Arrived" unit="total" value=w(|r| r.totals.arrived as f64) />
                    <Metric name="accepted_total" label="Accepted" unit="total" value=w(|r| r.totals.accepted as f64) />
                    <Metric name="completed_total" label="Completed" unit="total" value=w(|r| r.totals.completed as f64) />
                    <Metric name="rejected_total" label="Rejected" unit="total" value=w(|r| r.totals.rejected as f64) />
                    <Metric name="dropped_total" label="Dropped" unit="total" value=w(|r| r.totals.dropped as f64) />
                    <Metric name="lost_total" label="Lost in crashes" unit="total" value=w(|r| r.totals.lost as f64) />
                    <Metric name="crashes_total" label="Crashes" unit="total" value=w(|r| r.totals.crashes as f64) />
                    <Metric name="memory_mib" label="Queue memory" unit="MiB" decimals=1 value=w(|r| r.memory_mib) />
                </div>
                <Theory readout=readout prediction=prediction config=config />
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="Queue depth"
                        legend=vec![("waiting", "queue"), ("limit", "grid")]
                        summary=Signal::derive(move || format!("Queue depth chart: {} messages waiting now", group(readout.get().queue_depth as f64)))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="Arrivals vs throughput (msg/s)"
                        legend=vec![("arriving", "arrival"), ("served", "served")]
                        summary=Signal::derive(move || {
                            let w = readout.get().window;
                            format!("Rates chart: {} arriving and {} served per second", group(w.arrival_rate), group(w.throughput))
                        })
                    />
                    <TimeChart
                        handle=charts[2]
                        title="Rejected, dropped and lost (msg/s)"
                        legend=vec![("rejected", "rejected"), ("dropped", "dropped"), ("lost", "lost")]
                        summary=Signal::derive(move || {
                            let w = readout.get().window;
                            format!("Losses chart: {} rejected, {} dropped, {} lost per second", group(w.rejected_rate), group(w.dropped_rate), group(w.lost_rate))
                        })
                    />
                    <TimeChart
                        handle=charts[3]
                        title="Latency (ms)"
                        legend=vec![("p50", "served"), ("p99", "rejected")]
                        summary=Signal::derive(move || {
                            let w = readout.get().window;
                            format!("Latency chart: median {:.1} ms, 99th percentile {:.1} ms", w.latency_p50_ms, w.latency_p99_ms)
                        })
                    />
                </div>
            </div>
        </LabPage>
    }
}

/// Theory beside the measurement.
#[component]
fn Theory(
    readout: RwSignal<Readout>,
    prediction: Memo<Prediction>,
    config: RwSignal<Config>,
) -> impl IntoView {
    // Of the messages that left the system in the last second, the share that left without
    // being served: bounded by 1 even when a crash empties a queue filled earlier.
    let measured_loss = move || {
        let c = readout.get().window.counts;
        let unserved = c.rejected + c.dropped + c.lost;
        let left = unserved + c.completed;
        if left == 0 {
            0.0
        } else {
            unserved as f64 / left as f64
        }
    };

    view! {
        <section class="theory" aria-labelledby="theory-title">
            <h3 id="theory-title">"Theory beside the measurement"</h3>
            <dl>
                <dt>"Offered load ρ = λ / (c·μ)"</dt>
                <dd>
                    <span data-metric="rho">{move || format!("{:.3}", prediction.get().rho)}</span>
                    {move || if prediction.get().rho > 1.0 { " — more work than the workers can do" } else { " — the workers can keep up" }}
                    ", measured utilisation "
                    {move || format!("{:.3}", readout.get().window.utilization)}
                </dd>
                <dt>"Little's law L = λW (in a steady state)"</dt>
                <dd>
                    "L measured "
                    <span data-metric="little_l_measured">{move || format!("{:.1}", readout.get().window.mean_in_system)}</span>
                    " vs λW "
                    <span data-metric="little_l_predicted">{move || format!("{:.1}", readout.get().window.little_l())}</span>
                    {move || {
                        let w = readout.get().window;
                        let (l, lw) = (w.mean_in_system, w.little_l());
                        if l.max(lw) < 1e-9 {
                            String::new()
                        } else {
                            format!(" ({} apart)", pct((l - lw).abs() / l.max(lw)))
                        }
                    }}
                </dd>
                <dt>"Share of messages turned away or lost (last second)"</dt>
                <dd>
                    "measured "
                    <span data-metric="loss_measured">{move || format!("{:.4}", measured_loss())}</span>
                    {move || {
                        let p = prediction.get();
                        let c = config.get();
                        match (p.mmck, c.policy) {
                            (Some(m), OverflowPolicy::Block) => {
                                format!("; M/M/c/K predicts the producer waits {} of the time and nothing is lost", pct(m.loss))
                            }
                            (Some(m), _) => format!("; M/M/c/K predicts {} (mean latency {:.2} ms)", pct(m.loss), m.mean_sojourn_s * 1e3),
                            (None, OverflowPolicy::Unbounded) => {
                                if p.rho > 1.0 {
                                    "; unbounded: nothing is refused, the queue grows until memory runs out".to_owned()
                                } else {
                                    "; unbounded: nothing is refused, and at ρ < 1 the queue stays bounded on average".to_owned()
                                }
                            }
                            (None, _) => {
                                format!("; if arrivals and service were perfectly regular: {} (choose Poisson arrivals and exponential service for the exact M/M/c/K figure)", pct(p.fluid_loss))
                            }
                        }
                    }}
                </dd>
            </dl>
        </section>
    }
}

fn draw_chart(i: usize, chart: &ChartHandle, sim: &Simulation, palette: theme::Palette) {
    let now = sim.now_s();
    let series = |f: fn(&crate::sim::metrics::Sample) -> f64| -> Vec<(f64, f64)> {
        sim.history()
            .map(|s| (s.t_s - now, f(s)))
            .filter(|(x, _)| *x >= -CHART_WINDOW_S)
            .collect()
    };
    let p = palette;
    match i {
        0 => {
            let depth = series(|s| f64::from(s.queue_depth));
            let c = sim.config();
            let limit = if c.policy.is_bounded() {
                f64::from(c.capacity)
            } else {
                c.memory_limit_messages() as f64
            };
            let limit_line = [(-CHART_WINDOW_S, limit), (0.0, limit)];
            chart.draw(
                &[
                    Line {
                        color: p.grid,
                        points: &limit_line,
                    },
                    Line {
                        color: p.queue,
                        points: &depth,
                    },
                ],
                XAxis::SecondsAgo(CHART_WINDOW_S),
                p,
            );
        }
        1 => {
            let a = series(|s| f64::from(s.arrival_rate));
            let t = series(|s| f64::from(s.throughput));
            chart.draw(
                &[
                    Line {
                        color: p.arrival,
                        points: &a,
                    },
                    Line {
                        color: p.served,
                        points: &t,
                    },
                ],
                XAxis::SecondsAgo(CHART_WINDOW_S),
                p,
            );
        }
        2 => {
            let r = series(|s| f64::from(s.rejected_rate));
            let d = series(|s| f64::from(s.dropped_rate));
            let l = series(|s| f64::from(s.lost_rate));
            chart.draw(
                &[
                    Line {
                        color: p.rejected,
                        points: &r,
                    },
                    Line {
                        color: p.dropped,
                        points: &d,
                    },
                    Line {
                        color: p.fg,
                        points: &l,
                    },
                ],
                XAxis::SecondsAgo(CHART_WINDOW_S),
                p,
            );
        }
        _ => {
            let p50 = series(|s| f64::from(s.latency_p50_ms));
            let p99 = series(|s| f64::from(s.latency_p99_ms));
            chart.draw(
                &[
                    Line {
                        color: p.served,
                        points: &p50,
                    },
                    Line {
                        color: p.rejected,
                        points: &p99,
                    },
                ],
                XAxis::SecondsAgo(CHART_WINDOW_S),
                p,
            );
        }
    }
}
