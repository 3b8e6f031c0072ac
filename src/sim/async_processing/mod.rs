//! Asynchronous processing, the guide's checkout: the API answers an order once the work
//! that must come before the answer is done, and hands the rest to three message queues whose
//! workers retry with backoff, dead-letter what keeps failing and, delivery being
//! at-least-once, sometimes see a message twice.
//!
//! Bounds: each queue holds at most [`MAX_QUEUE`] messages (the API refuses orders, 503,
//! rather than lose one); the dead-letter queue at most [`MAX_DLQ`] (past it a failing
//! message stays with its worker, retrying); a consumer remembers the last
//! [`MAX_REMEMBERED`] message IDs it processed; 3 × 256 workers; 512 request threads.

mod checks;
pub mod config;
mod counters;
mod followup;
mod ids;
mod message;
mod queue;
mod workers;

use crate::sim::timeline::Column;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hash::{Hash, Hasher};

pub use config::{AsyncAction, AsyncConfig, InvoicePattern, Mode, Outage, Task};
pub use counters::AsyncCounters;
pub use ids::{IdWindow, PendingIds, SeenIds};
pub use message::{DeadLetter, Failure, Message, Reply, Worker};
pub use queue::Queue;

use super::arrivals::Producer;
use super::chunked::ChunkedDeque;
use super::rng::SimRng;
use super::service::ServiceDist;
use super::window::LatencyWindow;
use super::{Nanos, StableHasher, SECOND, TICK_NS};
use config::{CHARGE_NS, MAX_QUEUE_WORKERS, VALIDATE_NS};

/// Most messages one queue holds (a broker's queue limit): 100,000, about 4 MB. While a
/// queue is full, the API refuses new orders rather than lose a message.
pub const MAX_QUEUE: usize = 100_000;
/// Most messages the dead-letter queue holds.
pub const MAX_DLQ: usize = 100_000;
/// How far back a consumer remembers processed message IDs, for the idempotency check: the
/// last 196,608 IDs handed out (65,536 orders' worth; a bit each, 24 KiB a queue). A copy of
/// an older message is not recognised.
pub const MAX_REMEMBERED: usize = 3 * 65_536;
/// The first retry waits this long; each further one twice as long as the one before.
pub const BACKOFF_BASE_NS: Nanos = SECOND / 10;
/// The longest wait between retries.
pub const BACKOFF_CAP_NS: Nanos = 30 * SECOND;
/// The autoscaler looks at each queue this often.
pub const AUTOSCALE_EVERY_NS: Nanos = SECOND;
/// A queue holding more than this many messages per worker gets a quarter more workers
/// (at least one, at most 64).
pub const AUTOSCALE_BACKLOG_PER_WORKER: usize = 20;
/// New workers take this long to start (a container's cold start).
pub const AUTOSCALE_START_NS: Nanos = 10 * SECOND;
/// The client polls the reply queue this often.
pub const POLL_EVERY_NS: Nanos = SECOND / 4;
/// Matched replies kept for display.
pub const RECENT_REPLIES: usize = 8;
/// Orders whose background work is followed to its end, at most (one byte each): an order
/// older than that with work still undone (a message in the dead-letter queue) is let go.
pub const MAX_TRACKED_ORDERS: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// What happens next, in the run's queue of events.
enum Ev {
    /// A request thread finishes an order; `enqueue` says whether it was taken
    /// asynchronously.
    ApiDone {
        arrived: Nanos,
        order: u64,
        enqueue: bool,
    },
    /// A worker's attempt ends or its retry is due.
    Worker { task: Task, worker: u32 },
    /// A service comes back: its workers may start again.
    OutageEnds,
    /// The autoscaler looks at the queues.
    Autoscale,
    /// Workers the autoscaler asked for are up.
    WorkersUp { task: Task, n: u32 },
    /// The client polls the reply queue.
    Poll,
}

/// The whole state of one run. Plain data: cloning it is a checkpoint.
#[derive(Clone, Debug)]
pub struct AsyncSim {
    seed: u64,
    config: AsyncConfig,
    now: Nanos,
    producer: Producer,
    service_rng: SimRng,
    fail_rng: SimRng,
    poison_rng: SimRng,
    redelivery_rng: SimRng,
    next_order: u64,
    api_busy: u32,
    queues: [Queue; 3],
    /// Workers the autoscaler has asked for that are still starting, per queue.
    starting: [u32; 3],
    /// When the autoscaler looks next, while it is on.
    autoscale_at: Option<Nanos>,
    /// Requests waiting for their reply, by correlation ID.
    pending: PendingIds,
    /// When the client polls next, while it polls.
    poll_at: Option<Nanos>,
    /// The reply queue.
    replies: VecDeque<Reply>,
    /// The latest matched replies, newest last.
    recent: VecDeque<Reply>,
    /// Background tasks still undone per order, from order `tracked_from` on: up to
    /// [`MAX_TRACKED_ORDERS`], in shared chunks, since one order stuck in the dead-letter
    /// queue keeps the million behind it and only the newest chunks change.
    undone: ChunkedDeque<u8, 4_096>,
    tracked_from: u64,
    /// Order accepted to its last background task done.
    background: LatencyWindow,
    dlq: VecDeque<DeadLetter>,
    /// Pending events by time, then by when they were scheduled: deterministic order.
    events: BinaryHeap<Reverse<(Nanos, u64, Ev)>>,
    seq: u64,
    counters: AsyncCounters,
    response: LatencyWindow,
}

impl AsyncSim {
    /// A fresh run at time zero.
    pub fn new(seed: u64, config: AsyncConfig) -> Self {
        let config = config.clamped();
        let mut sim = Self {
            seed,
            config,
            now: 0,
            producer: Producer::new(config.order_rate, config.arrivals, SimRng::new(seed, 11), 0),
            service_rng: SimRng::new(seed, 12),
            fail_rng: SimRng::new(seed, 13),
            poison_rng: SimRng::new(seed, 14),
            redelivery_rng: SimRng::new(seed, 15),
            next_order: 0,
            api_busy: 0,
            queues: config.workers.map(Queue::new),
            starting: [0; 3],
            autoscale_at: None,
            pending: PendingIds::default(),
            poll_at: None,
            replies: VecDeque::new(),
            recent: VecDeque::new(),
            undone: ChunkedDeque::new(),
            tracked_from: 0,
            background: LatencyWindow::default(),
            dlq: VecDeque::new(),
            events: BinaryHeap::new(),
            seq: 0,
            counters: AsyncCounters::default(),
            response: LatencyWindow::default(),
        };
        if config.invoice_pattern == InvoicePattern::RequestReply {
            sim.poll_at = Some(POLL_EVERY_NS);
            sim.schedule(POLL_EVERY_NS, Ev::Poll);
        }
        if config.autoscale {
            sim.autoscale_at = Some(AUTOSCALE_EVERY_NS);
            sim.schedule(AUTOSCALE_EVERY_NS, Ev::Autoscale);
        }
        if let Some(o) = config.outage {
            sim.schedule(o.at.saturating_add(o.lasts), Ev::OutageEnds);
        }
        sim
    }

    /// The configuration in force.
    pub fn config(&self) -> &AsyncConfig {
        &self.config
    }

    /// Simulated time.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        super::seconds(self.now)
    }

    /// The totals.
    pub fn counters(&self) -> &AsyncCounters {
        &self.counters
    }

    /// The queue of `task`.
    pub fn queue(&self, task: Task) -> &Queue {
        &self.queues[task.index()]
    }

    /// The dead-letter queue, oldest first.
    pub fn dlq(&self) -> &VecDeque<DeadLetter> {
        &self.dlq
    }

    /// Requests waiting for their reply.
    pub fn replies_pending(&self) -> usize {
        self.pending.len()
    }

    /// The latest matched replies, newest last.
    pub fn recent_replies(&self) -> &VecDeque<Reply> {
        &self.recent
    }

    /// Order accepted to its last background task done, 99th percentile over the last
    /// second, ms.
    pub fn background_p99_ms(&self) -> f64 {
        self.background.quantile_ms(self.now, 0.99).0
    }

    /// Request threads busy.
    pub fn threads_busy(&self) -> u32 {
        self.api_busy
    }

    /// Response time quantile `q` over the last second, ms, and how many answers that is.
    pub fn response_ms(&self, q: f64) -> (f64, u64) {
        self.response.quantile_ms(self.now, q)
    }

    /// The median and 99th percentile of response times over the last second, ms, and how
    /// many answers that is: one pass over the window.
    pub fn response_p50_p99(&self) -> (f64, f64, u64) {
        self.response.p50_p99_ms(self.now)
    }

    /// The orders in the request threads now, oldest first (at most `max`): each order's
    /// number, when its thread took it and when it answers. One pass over the pending
    /// events, which hold one per busy thread.
    pub fn in_threads(&self, max: usize) -> Vec<(u64, Nanos, Nanos)> {
        let mut orders: Vec<(u64, Nanos, Nanos)> = self
            .events
            .iter()
            .filter_map(|Reverse((at, _, ev))| match ev {
                Ev::ApiDone { arrived, order, .. } => Some((*order, *arrived, *at)),
                _ => None,
            })
            .collect();
        orders.sort_unstable();
        orders.truncate(max);
        orders
    }

    /// Whether `task`'s service is down now.
    pub fn is_down(&self, task: Task) -> bool {
        self.config.outage.is_some_and(|o| o.covers(task, self.now))
    }

    fn schedule(&mut self, at: Nanos, ev: Ev) {
        self.seq += 1;
        self.events.push(Reverse((at, self.seq, ev)));
    }

    fn step_ns(&mut self, mean: Nanos) -> Nanos {
        match self.config.service {
            ServiceDist::Fixed => mean,
            ServiceDist::Exponential => {
                super::nanos(self.service_rng.exponential(super::seconds(mean))).max(1)
            }
        }
    }

    fn chance(rng: &mut SimRng, pct: u32) -> bool {
        pct > 0 && (pct >= 100 || rng.unit() * 100.0 < f64::from(pct))
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        loop {
            let arrival = self.producer.next_at().filter(|t| *t <= end);
            let event = self
                .events
                .peek()
                .map(|Reverse((t, _, _))| *t)
                .filter(|t| *t <= end);
            match (arrival, event) {
                (None, None) => break,
                // Events first at the same instant: a finishing thread frees room.
                (Some(a), Some(e)) if a < e => self.arrive(a),
                (Some(a), None) => self.arrive(a),
                _ => {
                    if let Some(Reverse((t, _, ev))) = self.events.pop() {
                        self.now = t;
                        self.handle(ev);
                    }
                }
            }
        }
        self.now = end;
    }

    fn arrive(&mut self, t: Nanos) {
        self.now = t;
        self.producer.fire(t);
        self.counters.offered += 1;
        let order = self.next_order;
        self.next_order += 1;
        let enqueue = self.config.mode == Mode::Async;
        // An order taken now adds one message to each queue when its thread is done: keep
        // room for every order in flight, so no message ever finds a queue full.
        let room = !enqueue
            || self
                .queues
                .iter()
                .all(|q| q.items.len() + (self.api_busy as usize) < MAX_QUEUE);
        if self.api_busy >= self.config.api_threads || !room {
            self.counters.refused += 1;
            return;
        }
        self.api_busy += 1;
        self.counters.accepted += 1;
        let mut hold = self.step_ns(VALIDATE_NS) + self.step_ns(CHARGE_NS);
        if !enqueue {
            for task in Task::ALL {
                hold += self.step_ns(task.work_ns());
            }
        }
        self.schedule(
            t + hold,
            Ev::ApiDone {
                arrived: t,
                order,
                enqueue,
            },
        );
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::ApiDone {
                arrived,
                order,
                enqueue,
            } => {
                self.api_busy = self.api_busy.saturating_sub(1);
                self.counters.responses += 1;
                self.response.record(self.now, self.now - arrived);
                if enqueue {
                    self.track(order);
                    for task in Task::ALL {
                        let msg = Message {
                            id: order * 3 + task.index() as u64,
                            accepted_at: arrived,
                            attempts: 0,
                            delivery: 1,
                            poison: Self::chance(&mut self.poison_rng, self.config.poison_pct),
                        };
                        self.queues[task.index()].items.push_back(msg);
                        self.counters.enqueued += 1;
                        if task == Task::Invoice
                            && self.config.invoice_pattern == InvoicePattern::RequestReply
                        {
                            self.pending.insert(msg.id);
                        }
                        self.dispatch(task);
                    }
                }
            }
            Ev::Worker { task, worker } => self.worker_event(task, worker as usize),
            Ev::Autoscale => self.autoscale(),
            Ev::Poll => self.poll(),
            Ev::WorkersUp { task, n } => {
                self.starting[task.index()] = self.starting[task.index()].saturating_sub(n);
                if self.config.autoscale {
                    let w = (self.config.workers[task.index()] + n).min(MAX_QUEUE_WORKERS);
                    self.set_workers(task, w);
                }
            }
            Ev::OutageEnds => {
                for task in Task::ALL {
                    self.dispatch(task);
                }
            }
        }
    }

    /// Applies a learner's action now.
    pub fn apply(&mut self, action: AsyncAction) {
        self.config = self.config.with(action);
        let c = self.config;
        self.producer
            .reconfigure(c.order_rate, c.arrivals, self.now);
        if action == AsyncAction::Redrive {
            while let Some(d) = self.dlq.pop_front() {
                let q = &mut self.queues[d.task.index()];
                if q.items.len() >= MAX_QUEUE {
                    self.dlq.push_front(d);
                    break;
                }
                q.items.push_back(Message {
                    attempts: 0,
                    ..d.msg
                });
                self.counters.redriven += 1;
            }
        }
        if action == AsyncAction::Invoice(InvoicePattern::RequestReply)
            && self.poll_at.is_none_or(|t| t <= self.now)
        {
            self.poll_at = Some(self.now + POLL_EVERY_NS);
            self.schedule(self.now + POLL_EVERY_NS, Ev::Poll);
        }
        if action == AsyncAction::Autoscale(true) && self.autoscale_at.is_none_or(|t| t <= self.now)
        {
            // One chain of looks only: a pending one is honoured only at its own moment.
            self.autoscale_at = Some(self.now + AUTOSCALE_EVERY_NS);
            self.schedule(self.now + AUTOSCALE_EVERY_NS, Ev::Autoscale);
        }
        for task in Task::ALL {
            if self.queues[task.index()].workers.len() != c.workers[task.index()] as usize {
                self.set_workers(task, c.workers[task.index()]);
            } else {
                self.dispatch(task);
            }
        }
    }
}

impl super::timeline::Replay for AsyncSim {
    crate::sim::timeline::replay_by_delegation!(AsyncAction);

    /// The queues and the undone tasks share their untouched chunks with `earlier`; the
    /// rest (the dead-letter queue, the replies, the remembered IDs, the workers, the
    /// pending events) is copied.
    fn added_bytes(&self, earlier: Option<&Self>) -> usize {
        let messages: usize = self
            .queues
            .iter()
            .enumerate()
            .map(|(i, q)| {
                q.items
                    .unshared_bytes(earlier.and_then(|e| e.queues.get(i)).map(|e| &e.items))
            })
            .sum();
        let remembered: usize = self.queues.iter().map(|q| q.seen.words() * 8).sum();
        let workers: usize = self.queues.iter().map(|q| q.workers.len()).sum();
        std::mem::size_of::<Self>()
            + messages
            + self.undone.unshared_bytes(earlier.map(|e| &e.undone))
            + (self.replies.len() + self.recent.len()) * std::mem::size_of::<Reply>()
            + self.pending.words() * 8
            + workers * std::mem::size_of::<Worker>()
            + self.dlq.len() * std::mem::size_of::<DeadLetter>()
            + remembered
            + self.events.len() * 48
            + self.background.bytes()
            + self.response.bytes()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("orders_total", |s| s.counters.accepted as f64),
        ("orders_refused_total", |s| s.counters.refused as f64),
        ("response_p50_ms", |s| s.response_p50_p99().0),
        ("response_p99_ms", |s| s.response_p50_p99().1),
        ("threads_busy", |s| f64::from(s.api_busy)),
        ("depth_email", |s| s.queues[0].items.len() as f64),
        ("depth_inventory", |s| s.queues[1].items.len() as f64),
        ("depth_invoice", |s| s.queues[2].items.len() as f64),
        ("enqueued_total", |s| s.counters.enqueued as f64),
        ("processed_total", |s| s.counters.processed as f64),
        ("retries_total", |s| s.counters.retries as f64),
        ("dlq_total", |s| s.dlq.len() as f64),
        ("duplicates_delivered_total", |s| s.counters.duplicates_delivered as f64),
        ("duplicate_effects_total", |s| s.counters.duplicate_effects as f64),
        ("lost_total", |s| s.counters.lost as f64),
    ];
}
