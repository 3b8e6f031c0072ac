//! The async lab's page: controls, the picture, live figures, charts and the dead-letter
//! queue.

use leptos::prelude::*;

use super::flow;
use super::guide::AsyncRun;
use super::panels::AsyncControls;
use super::params::Params;
use super::tables::{DeadLetters, Replies};
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw, swatches};
use crate::sim::async_processing::{
    AsyncConfig, AsyncCounters, AsyncSim, InvoicePattern, Reply, Task,
};
use crate::ui::chart::Series;
use crate::ui::theme::Palette;

/// Dead letters listed.
const DLQ_SHOWN: usize = 6;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
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

impl From<&AsyncSim> for Readout {
    fn from(sim: &AsyncSim) -> Self {
        let attempts = sim.dlq().iter().map(|d| d.msg.attempts);
        let (p50, p99, answers) = sim.response_p50_p99();
        Self {
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

/// The figures set side by side when two runs are compared.
const VERSUS: [&str; 8] = [
    "response_p50_ms",
    "response_p99_ms",
    "orders_per_s",
    "orders_refused_total",
    "processed_total",
    "dlq_total",
    "duplicate_effects_total",
    "lost_total",
];

lab_model!(AsyncSim, AsyncConfig);

/// Every figure, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const FIGURES: [Figure<Readout>; 25] = [
    key(figure("response_p99_ms", "Answer p99", "ms", 1, |r| r.p99)),
    key(figure("orders_refused_total", "Refused (503)", "total", 0, |r| r.c.refused as f64)),
    key(figure("depth_email", "email-tasks", "waiting", 0, |r| r.depth[0] as f64)),
    key(figure("depth_inventory", "inventory-updates", "waiting", 0, |r| r.depth[1] as f64)),
    key(figure("depth_invoice", "invoice-generation", "waiting", 0, |r| r.depth[2] as f64)),
    key(figure("dlq_total", "Dead letters", "held", 0, |r| r.dlq as f64)),
    figure("orders_total", "Orders taken", "total", 0, |r| r.c.accepted as f64),
    figure("orders_per_s", "Answers", "per s", 0, |r| r.answers as f64),
    figure("response_p50_ms", "Answer p50", "ms", 1, |r| r.p50),
    figure("background_p99_ms", "Order to last task done, p99", "ms", 1, |r| r.background_p99),
    figure("threads_busy", "Threads busy", "", 0, |r| f64::from(r.threads_busy)),
    figure("workers_email", "Email workers", "", 0, |r| r.workers[0] as f64),
    figure("workers_inventory", "Inventory workers", "", 0, |r| r.workers[1] as f64),
    figure("workers_invoice", "Invoice workers", "", 0, |r| r.workers[2] as f64),
    figure("enqueued_total", "Enqueued", "total", 0, |r| r.c.enqueued as f64),
    figure("processed_total", "Processed", "total", 0, |r| r.c.processed as f64),
    figure("retries_total", "Retries", "total", 0, |r| r.c.retries as f64),
    figure("dlq_attempts_min", "Their attempts, fewest", "", 0, |r| f64::from(r.dlq_min)),
    figure("dlq_attempts_max", "Their attempts, most", "", 0, |r| f64::from(r.dlq_max)),
    figure("duplicates_delivered_total", "Duplicates delivered", "total", 0, |r| r.c.duplicates_delivered as f64),
    figure("duplicate_effects_total", "Applied twice", "total", 0, |r| r.c.duplicate_effects as f64),
    figure("lost_total", "Lost", "total", 0, |r| r.c.lost as f64),
    figure("replies_matched_total", "Replies matched", "total", 0, |r| r.c.replies_matched as f64),
    figure("replies_pending", "Replies awaited", "", 0, |r| r.replies_pending as f64),
    figure("replies_mismatched_total", "Replies mismatched", "total", 0, |r| r.c.replies_mismatched as f64),
];

/// The charts: answer times, then what waits.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [ChartSpec<Readout>; 2] = [
    chart("Answer time (ms), one point a second", &[("p50", "served"), ("p99", "rejected")], |r| format!("Answer time chart: median {:.0} ms, 99th percentile {:.0} ms", r.p50, r.p99)),
    chart("Messages waiting, one point a second", &[("email", "arrival"), ("inventory", "served"), ("invoice", "dropped")], |r| format!("Queue chart: {} emails, {} stock updates and {} invoices waiting", r.depth[0], r.depth[1], r.depth[2])),
];

impl LabUi for AsyncSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Async;
    const FIGURES: &'static [Figure<Readout>] = &FIGURES;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS;
    const VERSUS: &'static [&'static str] = &VERSUS;

    fn chart_lines(i: usize, run: &AsyncRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        if i == 0 {
            vec![(p.served, s(2)), (p.rejected, s(3))]
        } else {
            vec![(p.arrival, s(5)), (p.served, s(6)), (p.dropped, s(7))]
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "Answers take {:.0} ms at the median; {} refused; queues hold {}, {} and {} messages; {} in the dead-letter queue.",
            r.p50, r.c.refused, r.depth[0], r.depth[1], r.depth[2], r.dlq
        )
    }
}

/// The picture's key: what each colour stands for.
const KEY: [(&str, &str); 6] = [
    ("arrival", "an order in a request thread"),
    ("queue", "a message waiting"),
    ("served", "working"),
    ("dropped", "waiting to retry"),
    ("rejected", "holding a poison message, or down"),
    ("grid", "idle"),
];

/// The async lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn AsyncLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<AsyncSim>::open(frame, LabParams::new(params));
    let dead = RwSignal::new(Vec::new());
    let replies = RwSignal::new(Vec::<Reply>::new());
    let on_readout = move |_| {
        shell.mirror(dead, |s| {
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
        });
        shell.mirror(replies, |s| {
            s.recent_replies().iter().rev().copied().collect()
        });
    };
    let mut parts = LabParts::new(
        "Async processing: answer now, finish later",
        text::INTRO,
        "Animation: the API's threads, the three queues and their workers, and the dead-letter queue",
    );
    let (readout, config) = (shell.readout, shell.config());
    parts.controls = view! {
        <AsyncControls config=config act=move |a| shell.act(a) dlq_len=Signal::derive(move || readout.get().dlq) />
    }
    .into_any();
    parts.key = swatches(&KEY).into_any();
    parts.extra = view! {
        {move || (config.get().invoice_pattern == InvoicePattern::RequestReply).then(|| view! { <Replies replies=replies /> })}
        <DeadLetters dead=dead />
    }
    .into_any();
    parts.on_readout = Some(Box::new(on_readout));
    shell.page(parts)
}
