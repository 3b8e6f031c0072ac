//! The async lab's page: controls, the picture, live figures, charts and the dead-letter
//! queue.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::AsyncRun;
use super::panels::AsyncControls;
use super::params::Params;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::link_actions::MAX_LINK_ACTIONS;
use crate::labs::{Lab, LabParams};
use crate::sim::async_processing::{
    AsyncAction, AsyncCounters, AsyncSim, Failure, InvoicePattern, Reply, Task,
};
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
/// Dead letters listed.
const DLQ_SHOWN: usize = 6;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    c: AsyncCounters,
    p50: f64,
    p99: f64,
    answers: u64,
    threads_busy: u32,
    depth: [usize; 3],
    workers: [usize; 3],
    dlq: usize,
    dlq_min: u32,
    dlq_max: u32,
    replies_pending: usize,
    background_p99: f64,
}

impl Readout {
    fn of(sim: &AsyncSim) -> Self {
        let attempts = sim.dlq().iter().map(|d| d.msg.attempts);
        let (p50, p99, answers) = sim.response_p50_p99();
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            p50,
            p99,
            answers,
            threads_busy: sim.threads_busy(),
            depth: Task::ALL.map(|t| sim.queue(t).depth()),
            workers: Task::ALL.map(|t| sim.queue(t).workers().len()),
            dlq: sim.dlq().len(),
            dlq_min: attempts.clone().min().unwrap_or(0),
            dlq_max: attempts.max().unwrap_or(0),
            replies_pending: sim.replies_pending(),
            background_p99: sim.background_p99_ms(),
        }
    }
}

/// Draws chart `i` (0: answer times, 1: queue depths) from the run's rows, one a second,
/// and a compared run's faintly.
fn draw_chart(
    i: usize,
    chart: &ChartHandle,
    run: &AsyncRun,
    b: Option<&AsyncRun>,
    p: theme::Palette,
) {
    let lines = |run: &AsyncRun| -> Vec<Series> {
        let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
        if i == 0 {
            vec![(p.served, series(2)), (p.rejected, series(3))]
        } else {
            vec![
                (p.arrival, series(5)),
                (p.served, series(6)),
                (p.dropped, series(7)),
            ]
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
const FIGURES: [Figure<Readout>; 8] = [
    ("response_p50_ms", "Answer p50, ms", |r| {
        format!("{:.0}", r.p50)
    }),
    ("response_p99_ms", "Answer p99, ms", |r| {
        format!("{:.0}", r.p99)
    }),
    ("orders_per_s", "Answers a second", |r| {
        r.answers.to_string()
    }),
    ("orders_refused_total", "Refused (503)", |r| {
        r.c.refused.to_string()
    }),
    ("processed_total", "Messages processed", |r| {
        r.c.processed.to_string()
    }),
    ("dlq_total", "Dead letters", |r| r.dlq.to_string()),
    ("duplicate_effects_total", "Applied twice", |r| {
        r.c.duplicate_effects.to_string()
    }),
    ("lost_total", "Lost", |r| r.c.lost.to_string()),
];

lab_model!(
    AsyncSim,
    crate::sim::async_processing::AsyncConfig,
    |run, config, actions| LabParams::Async(Params {
        run,
        config,
        actions,
    })
);

/// The async-processing lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn AsyncLab(params: Params, frame: LabFrame) -> impl IntoView {
    let start = |p: &LabParams| match p {
        LabParams::Async(p) => Some(p.timeline()),
        _ => None,
    };
    let versus = Versus::open(&frame, LabParams::Async(params.clone()), start);
    let lab = LabRun::open(&params.run, params.config, params.timeline(), frame);
    let LabRun {
        config,
        seed,
        speed,
        paused,
        run,
        ..
    } = lab;
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let dead = RwSignal::new(Vec::<(u64, u64, Task, u32, Failure)>::new());
    let replies = RwSignal::new(Vec::<Reply>::new());
    let live = RwSignal::new(String::new());
    let charts: [ChartHandle; 2] = Default::default();
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: AsyncAction| {
        run.act(action);
        versus.act(run, action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        versus.restart(seed.get_untracked());
        redraw();
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
            if readout.get_untracked() != r {
                readout.set(r);
            }
            versus.tabulate(&FIGURES, &r, |s| Readout::of(s));
            let list: Vec<_> = run
                .with(|s| {
                    s.dlq()
                        .iter()
                        .rev()
                        .take(DLQ_SHOWN)
                        .map(|d| {
                            (
                                d.msg.id,
                                d.msg.order(),
                                d.task,
                                d.msg.attempts,
                                d.last_error,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            if dead.with_untracked(|d| *d != list) {
                dead.set(list);
            }
            let recent: Vec<Reply> = run
                .with(|s| s.recent_replies().iter().rev().copied().collect())
                .unwrap_or_default();
            if replies.with_untracked(|r| *r != recent) {
                replies.set(recent);
            }
            run.refresh();
            if cadence.live(now_ms, false) {
                live.set(format!(
                    "Answers take {:.0} ms at the median; {} refused; queues hold {}, {} and {} messages; {} in the dead-letter queue.",
                    r.p50, r.c.refused, r.depth[0], r.depth[1], r.depth[2], r.dlq
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
        <LabPage title="Async processing: answer now, finish later" intro=text::INTRO embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <AsyncControls config=config act=act dlq_len=Signal::derive(move || readout.get().dlq) />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Async, paused, redraw, page, start)}
                <VersusPicker lab=Lab::Async frame=frame page=start_page />
            </form>
            <div class="stage">
                <div class="flow" class:versus=versus.compare.is_some()>
                    <VersusCanvases versus=versus.labels() a=canvas b=canvas_b label="Animation: the API's threads, the three queues and their workers, and the dead-letter queue" />
                    <p class="flow-key">
                        <span class="swatch arrival"></span>"an order in a request thread "
                        <span class="swatch queue"></span>"a message waiting "
                        <span class="swatch served"></span>"working "
                        <span class="swatch dropped"></span>"waiting to retry "
                        <span class="swatch rejected"></span>"holding a poison message, or down "
                        <span class="swatch grid"></span>"idle"
                    </p>
                </div>
                {versus.table()}
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="orders_total" label="Orders taken" unit="total" value=r(|r| r.c.accepted as f64) />
                    <Metric name="orders_refused_total" label="Refused (503)" unit="total" value=r(|r| r.c.refused as f64) />
                    <Metric name="orders_per_s" label="Answers" unit="per s" value=r(|r| r.answers as f64) />
                    <Metric name="response_p50_ms" label="Answer p50" unit="ms" decimals=1 value=r(|r| r.p50) />
                    <Metric name="response_p99_ms" label="Answer p99" unit="ms" decimals=1 value=r(|r| r.p99) />
                    <Metric name="background_p99_ms" label="Order to last task done, p99" unit="ms" decimals=1 value=r(|r| r.background_p99) />
                    <Metric name="threads_busy" label="Threads busy" unit="" value=r(|r| f64::from(r.threads_busy)) />
                    <Metric name="depth_email" label="email-tasks" unit="waiting" value=r(|r| r.depth[0] as f64) />
                    <Metric name="depth_inventory" label="inventory-updates" unit="waiting" value=r(|r| r.depth[1] as f64) />
                    <Metric name="depth_invoice" label="invoice-generation" unit="waiting" value=r(|r| r.depth[2] as f64) />
                    <Metric name="workers_email" label="Email workers" unit="" value=r(|r| r.workers[0] as f64) />
                    <Metric name="workers_inventory" label="Inventory workers" unit="" value=r(|r| r.workers[1] as f64) />
                    <Metric name="workers_invoice" label="Invoice workers" unit="" value=r(|r| r.workers[2] as f64) />
                    <Metric name="enqueued_total" label="Enqueued" unit="total" value=r(|r| r.c.enqueued as f64) />
                    <Metric name="processed_total" label="Processed" unit="total" value=r(|r| r.c.processed as f64) />
                    <Metric name="retries_total" label="Retries" unit="total" value=r(|r| r.c.retries as f64) />
                    <Metric name="dlq_total" label="Dead letters" unit="held" value=r(|r| r.dlq as f64) />
                    <Metric name="dlq_attempts_min" label="Their attempts, fewest" unit="" value=r(|r| f64::from(r.dlq_min)) />
                    <Metric name="dlq_attempts_max" label="Their attempts, most" unit="" value=r(|r| f64::from(r.dlq_max)) />
                    <Metric name="duplicates_delivered_total" label="Duplicates delivered" unit="total" value=r(|r| r.c.duplicates_delivered as f64) />
                    <Metric name="duplicate_effects_total" label="Applied twice" unit="total" value=r(|r| r.c.duplicate_effects as f64) />
                    <Metric name="lost_total" label="Lost" unit="total" value=r(|r| r.c.lost as f64) />
                    <Metric name="replies_matched_total" label="Replies matched" unit="total" value=r(|r| r.c.replies_matched as f64) />
                    <Metric name="replies_pending" label="Replies awaited" unit="" value=r(|r| r.replies_pending as f64) />
                    <Metric name="replies_mismatched_total" label="Replies mismatched" unit="total" value=r(|r| r.c.replies_mismatched as f64) />
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title="Answer time (ms), one point a second"
                        legend=vec![("p50", "served"), ("p99", "rejected")]
                        summary=Signal::derive(move || format!("Answer time chart: median {:.0} ms, 99th percentile {:.0} ms", readout.get().p50, readout.get().p99))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="Messages waiting, one point a second"
                        legend=vec![("email", "arrival"), ("inventory", "served"), ("invoice", "dropped")]
                        summary=Signal::derive(move || {
                            let d = readout.get().depth;
                            format!("Queue chart: {} emails, {} stock updates and {} invoices waiting", d[0], d[1], d[2])
                        })
                    />
                </div>
                {move || (config.get().invoice_pattern == InvoicePattern::RequestReply).then(|| view! {
                    <section class="accounts" aria-labelledby="replies-title">
                        <h3 id="replies-title">"Reply queue: the latest replies matched, by correlation ID"</h3>
                        <p class="hint">"Each invoice request carries its message's ID; the worker's reply carries it back, and the client polls every 250 ms. Replies come back in the order the work finished, not the order it was asked for."</p>
                        <ul class="outcomes">
                            {move || replies.get().into_iter().map(|r| view! {
                                <li>{format!("correlation #{} (order {}): answered after {:.0} ms", r.correlation, r.correlation / 3, (r.replied_at - r.requested_at) as f64 / 1e6)}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <section class="accounts" aria-labelledby="dlq-title">
                    <h3 id="dlq-title">"Dead-letter queue (newest first)"</h3>
                    {move || {
                        let list = dead.get();
                        if list.is_empty() {
                            view! { <p class="hint">"Empty."</p> }.into_any()
                        } else {
                            view! {
                                <table>
                                    <thead><tr><th scope="col">"Message"</th><th scope="col">"Order"</th><th scope="col">"Queue"</th><th scope="col">"Attempts"</th><th scope="col">"Last error"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|(id, order, task, attempts, error)| view! {
                                            <tr>
                                                <td>{format!("#{id}")}</td>
                                                <td>{order}</td>
                                                <td>{task.queue_name()}</td>
                                                <td>{attempts}</td>
                                                <td>{match error { Failure::Poison => "poison: can never succeed", Failure::Transient => "transient failure" }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    }}
                </section>
            </div>
        </LabPage>
    }
}
