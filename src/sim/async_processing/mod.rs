//! Asynchronous processing, the guide's checkout: the API answers an order once the work
//! that must come before the answer is done, and hands the rest to three message queues whose
//! workers retry with backoff, dead-letter what keeps failing and, delivery being
//! at-least-once, sometimes see a message twice.
//!
//! Bounds: each queue holds at most [`MAX_QUEUE`] messages (the API refuses orders, 503,
//! rather than lose one); the dead-letter queue at most [`MAX_DLQ`] (past it a failing
//! message stays with its worker, retrying); a consumer remembers the last
//! [`MAX_REMEMBERED`] message IDs it processed; 3 × 256 workers; 512 request threads.

pub mod config;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hash::{Hash, Hasher};

pub use config::{AsyncAction, AsyncConfig, InvoicePattern, Mode, Outage, Task};

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

/// A result on the reply queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reply {
    /// The request's correlation ID (its invoice message's ID).
    pub correlation: u64,
    /// When the order was accepted.
    pub requested_at: Nanos,
    /// When the worker posted it.
    pub replied_at: Nanos,
}

/// One message on a queue: one task of one order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    /// Unique per original message (its order × 3 + its queue's index); a redelivered copy
    /// keeps it.
    pub id: u64,
    /// When the order was accepted.
    pub accepted_at: Nanos,
    /// Failed attempts so far.
    pub attempts: u32,
    /// 1 for the original; a copy after a lost acknowledgement is 2, 3, …
    pub delivery: u32,
    /// Always fails.
    pub poison: bool,
}

impl Message {
    /// The order it belongs to.
    pub fn order(&self) -> u64 {
        self.id / 3
    }
}

/// What a worker is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Worker {
    /// Waiting for a message.
    Idle,
    /// Working on a message until then.
    Busy { msg: Message, until: Nanos },
    /// Holding a message that failed, to try it again then.
    Backoff { msg: Message, until: Nanos },
}

/// Why the last attempt of a dead-lettered message failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// A passing fault (a timeout, a busy service).
    Transient,
    /// The message can never succeed.
    Poison,
}

/// A message the dead-letter queue holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeadLetter {
    /// The message, with its attempts.
    pub msg: Message,
    /// The queue it came from.
    pub task: Task,
    /// Why its last attempt failed.
    pub last_error: Failure,
}

/// A set of message IDs as bits over a sliding range of `BITS` IDs: IDs are handed out in
/// order, so the range moves forward as newer ones are added and the oldest are forgotten.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IdWindow<const BITS: usize> {
    /// The ID of the first bit.
    base: u64,
    words: VecDeque<u64>,
}

/// The IDs a consumer has processed, for the idempotency check.
pub type SeenIds = IdWindow<MAX_REMEMBERED>;

/// Requests still waiting for their reply: far more than a full invoice queue can hold, so
/// none is ever forgotten.
pub type PendingIds = IdWindow<{ 1 << 20 }>;

impl<const BITS: usize> IdWindow<BITS> {
    const WORDS: usize = BITS / 64;

    /// Whether `id` was processed (and is recent enough to be remembered).
    pub fn contains(&self, id: u64) -> bool {
        let Some(offset) = id.checked_sub(self.base) else {
            return false;
        };
        self.words
            .get((offset / 64) as usize)
            .is_some_and(|w| w & (1 << (offset % 64)) != 0)
    }

    /// Records that `id` was processed; an ID older than the range is ignored.
    pub fn insert(&mut self, id: u64) {
        if id < self.base {
            return;
        }
        let word = ((id - self.base) / 64) as usize;
        if word >= Self::WORDS {
            // Slide forward: forget the oldest words.
            let shift = (word + 1 - Self::WORDS).min(self.words.len());
            self.words.drain(..shift);
            self.base = (id / 64 + 1).saturating_sub(Self::WORDS as u64) * 64;
        }
        let word = ((id - self.base) / 64) as usize;
        while self.words.len() <= word {
            self.words.push_back(0);
        }
        if let Some(w) = self.words.get_mut(word) {
            *w |= 1 << ((id - self.base) % 64);
        }
    }

    /// Forgets `id`; whether it was there.
    pub fn remove(&mut self, id: u64) -> bool {
        let found = self.contains(id);
        if let Some(offset) = id.checked_sub(self.base) {
            if let Some(w) = self.words.get_mut((offset / 64) as usize) {
                *w &= !(1 << (offset % 64));
            }
        }
        found
    }

    /// How many IDs are in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Words of memory in use, at most `BITS / 64`.
    pub fn words(&self) -> usize {
        self.words.len()
    }
}

/// One queue and its workers.
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    items: ChunkedDeque<Message>,
    workers: Vec<Worker>,
    /// Workers that are [`Worker::Idle`]: dispatching looks through the workers only when
    /// one is.
    idle: usize,
    /// Processed IDs, for the idempotent consumer.
    seen: SeenIds,
}

impl Queue {
    fn new(workers: u32) -> Self {
        Self {
            items: ChunkedDeque::new(),
            workers: vec![Worker::Idle; workers as usize],
            idle: workers as usize,
            seen: SeenIds::default(),
        }
    }

    /// Messages waiting.
    pub fn depth(&self) -> usize {
        self.items.len()
    }

    /// The messages waiting, the next to be taken first.
    pub fn waiting(&self) -> impl Iterator<Item = &Message> {
        self.items.iter()
    }

    /// The workers.
    pub fn workers(&self) -> &[Worker] {
        &self.workers
    }

    /// Messages held by workers (in work or waiting to retry).
    pub fn held(&self) -> usize {
        self.workers
            .iter()
            .filter(|w| !matches!(w, Worker::Idle))
            .count()
    }

    /// Workers holding a poison message (in work or waiting to retry it).
    pub fn held_poison(&self) -> usize {
        self.workers
            .iter()
            .filter(|w| matches!(w, Worker::Busy { msg, .. } | Worker::Backoff { msg, .. } if msg.poison))
            .count()
    }
}

/// Running totals. Conservation: `enqueued + redelivered + redriven = completed +
/// dead_lettered + waiting + held` at every instant, and nothing is ever lost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AsyncCounters {
    /// Orders the clients sent.
    pub offered: u64,
    /// Orders a request thread took.
    pub accepted: u64,
    /// Orders refused (503): no free thread, or a queue at its bound.
    pub refused: u64,
    /// Answers returned.
    pub responses: u64,
    /// Messages put on the queues by the API.
    pub enqueued: u64,
    /// Copies put back after a lost acknowledgement.
    pub redelivered: u64,
    /// Messages moved back from the dead-letter queue.
    pub redriven: u64,
    /// Deliveries worked through successfully (originals and copies).
    pub completed: u64,
    /// Messages whose effect was applied for the first time.
    pub processed: u64,
    /// Attempts that failed and were tried again.
    pub retries: u64,
    /// Messages moved to the dead-letter queue.
    pub dead_lettered: u64,
    /// Copies delivered after their effect was already applied.
    pub duplicates_delivered: u64,
    /// Copies whose effect was applied again (a second email, stock taken twice).
    pub duplicate_effects: u64,
    /// Copies the idempotent consumer recognised and skipped.
    pub duplicates_skipped: u64,
    /// Messages lost. Always 0: the model has no way to lose one, and tests check it.
    pub lost: u64,
    /// Replies matched to the request with their correlation ID.
    pub replies_matched: u64,
    /// Replies for a request already answered (a duplicate's effect).
    pub replies_duplicate: u64,
    /// Replies whose correlation ID matches no request ever sent. Always 0.
    pub replies_mismatched: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// Advances whole ticks until simulated time reaches `t`.
    pub fn advance_to(&mut self, t: Nanos) {
        let target = t / TICK_NS;
        self.advance_ticks(target.saturating_sub(self.now / TICK_NS));
    }

    /// Advances `n` ticks.
    pub fn advance_ticks(&mut self, n: u64) {
        for _ in 0..n {
            self.tick();
        }
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

    /// Idle workers of `task` take the next messages, unless the service is down.
    fn dispatch(&mut self, task: Task) {
        // Most calls find nothing waiting or no one idle: no need to look through the
        // workers then.
        let q = &self.queues[task.index()];
        if self.is_down(task) || q.items.is_empty() || q.idle == 0 {
            return;
        }
        for w in 0..self.queues[task.index()].workers.len() {
            let q = &mut self.queues[task.index()];
            if q.workers[w] != Worker::Idle {
                continue;
            }
            let Some(msg) = q.items.pop_front() else {
                return;
            };
            let until = self.now + self.step_ns(task.work_ns());
            let q = &mut self.queues[task.index()];
            q.workers[w] = Worker::Busy { msg, until };
            q.idle -= 1;
            let done = q.idle == 0;
            self.schedule(
                until,
                Ev::Worker {
                    task,
                    worker: w as u32,
                },
            );
            if done {
                return;
            }
        }
    }

    fn worker_event(&mut self, task: Task, w: usize) {
        let now = self.now;
        let Some(&state) = self.queues[task.index()].workers.get(w) else {
            return;
        };
        match state {
            Worker::Busy { msg, until } if until == now => {
                let failure = if msg.poison {
                    Some(Failure::Poison)
                } else if Self::chance(&mut self.fail_rng, self.config.fail_pct) {
                    Some(Failure::Transient)
                } else {
                    None
                };
                match failure {
                    None => {
                        let q = &mut self.queues[task.index()];
                        q.workers[w] = Worker::Idle;
                        q.idle += 1;
                        self.succeed(task, msg);
                    }
                    Some(error) => self.fail(task, w, msg, error),
                }
            }
            Worker::Backoff { msg, until } if until == now => {
                // A retry due while the service is down waits for it to come back.
                let back = self
                    .config
                    .outage
                    .filter(|o| o.covers(task, now))
                    .map(|o| o.at.saturating_add(o.lasts));
                let (next, until) = match back {
                    Some(at) => (Worker::Backoff { msg, until: at }, at),
                    None => {
                        let at = now + self.step_ns(task.work_ns());
                        (Worker::Busy { msg, until: at }, at)
                    }
                };
                self.queues[task.index()].workers[w] = next;
                self.schedule(
                    until,
                    Ev::Worker {
                        task,
                        worker: w as u32,
                    },
                );
            }
            // A stale event: the worker was removed and its slot reused, or already moved on.
            _ => {}
        }
        self.dispatch(task);
    }

    fn succeed(&mut self, task: Task, msg: Message) {
        let c = &mut self.counters;
        c.completed += 1;
        let q = &mut self.queues[task.index()];
        let mut effect = true;
        if msg.delivery > 1 {
            c.duplicates_delivered += 1;
            if self.config.idempotent && q.seen.contains(msg.id) {
                c.duplicates_skipped += 1;
                effect = false;
            } else {
                // A copy exists only because the original was worked through.
                c.duplicate_effects += 1;
            }
        } else {
            c.processed += 1;
        }
        if self.config.idempotent {
            q.seen.insert(msg.id);
        }
        if msg.delivery == 1 {
            self.background_done(msg);
        }
        // A reply goes back for every request made by request-reply, even if the client has
        // since switched to fire-and-forget.
        if effect
            && task == Task::Invoice
            && (self.config.invoice_pattern == InvoicePattern::RequestReply
                || self.pending.contains(msg.id))
            && self.replies.len() < MAX_QUEUE
        {
            self.replies.push_back(Reply {
                correlation: msg.id,
                requested_at: msg.accepted_at,
                replied_at: self.now,
            });
        }
        // At-least-once: the work is done, but the broker may never hear so.
        if Self::chance(&mut self.redelivery_rng, self.config.redelivery_pct)
            && self.queues[task.index()].items.len() < MAX_QUEUE
        {
            self.queues[task.index()].items.push_back(Message {
                attempts: 0,
                delivery: msg.delivery + 1,
                ..msg
            });
            self.counters.redelivered += 1;
        }
    }

    fn fail(&mut self, task: Task, w: usize, mut msg: Message, error: Failure) {
        msg.attempts += 1;
        let q = &mut self.queues[task.index()];
        if self.config.dlq && msg.attempts >= self.config.max_attempts && self.dlq.len() < MAX_DLQ {
            q.workers[w] = Worker::Idle;
            q.idle += 1;
            self.dlq.push_back(DeadLetter {
                msg,
                task,
                last_error: error,
            });
            self.counters.dead_lettered += 1;
            return;
        }
        self.counters.retries += 1;
        let shift = (msg.attempts - 1).min(20);
        let until = self.now + (BACKOFF_BASE_NS << shift).min(BACKOFF_CAP_NS);
        q.workers[w] = Worker::Backoff { msg, until };
        self.schedule(
            until,
            Ev::Worker {
                task,
                worker: w as u32,
            },
        );
    }

    /// The autoscaler's rule, each second, per queue: more than
    /// [`AUTOSCALE_BACKLOG_PER_WORKER`] messages a worker asks for a quarter more workers (at
    /// least one), up after [`AUTOSCALE_START_NS`]; an empty queue with a quarter or more of
    /// its workers idle loses one idle worker at once (never the last).
    fn autoscale(&mut self) {
        if !self.config.autoscale || self.autoscale_at != Some(self.now) {
            return;
        }
        for task in Task::ALL {
            let i = task.index();
            let q = &self.queues[i];
            let workers = self.config.workers[i];
            let planned = workers + self.starting[i];
            let idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
            if q.items.len() > AUTOSCALE_BACKLOG_PER_WORKER * planned.max(1) as usize
                && planned < MAX_QUEUE_WORKERS
            {
                let n = (planned / 4).max(1).min(MAX_QUEUE_WORKERS - planned);
                self.starting[i] += n;
                self.schedule(self.now + AUTOSCALE_START_NS, Ev::WorkersUp { task, n });
            } else if q.items.is_empty()
                && workers > 1
                && idle * 4 >= workers as usize
                // Workers are taken from the end, and only an idle one: pending events name
                // workers by position.
                && q.workers.last() == Some(&Worker::Idle)
            {
                self.set_workers(task, workers - 1);
            }
        }
        self.autoscale_at = Some(self.now + AUTOSCALE_EVERY_NS);
        self.schedule(self.now + AUTOSCALE_EVERY_NS, Ev::Autoscale);
    }

    /// Starts following an order's three background tasks.
    fn track(&mut self, order: u64) {
        if order < self.tracked_from {
            return;
        }
        while self.tracked_from + (self.undone.len() as u64) < order {
            // Orders between (answered synchronously) have nothing in the background.
            self.undone.push_back(0);
        }
        self.undone.push_back(3);
        while self.undone.len() > MAX_TRACKED_ORDERS || self.undone.front() == Some(&0) {
            self.undone.pop_front();
            self.tracked_from += 1;
        }
    }

    /// A message's effect was applied for the first time: if it was its order's last
    /// background task, the order's background time is recorded.
    fn background_done(&mut self, msg: Message) {
        let Some(i) = msg.order().checked_sub(self.tracked_from) else {
            return;
        };
        if let Some(left) = self.undone.get_mut(i as usize) {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.background.record(self.now, self.now - msg.accepted_at);
            }
        }
        while self.undone.front() == Some(&0) {
            self.undone.pop_front();
            self.tracked_from += 1;
        }
    }

    /// The client takes every reply waiting and matches each to its request by correlation
    /// ID, whatever order they come back in.
    fn poll(&mut self) {
        if self.poll_at != Some(self.now) {
            return;
        }
        while let Some(reply) = self.replies.pop_front() {
            let c = &mut self.counters;
            if self.pending.remove(reply.correlation) {
                c.replies_matched += 1;
                self.recent.push_back(reply);
                if self.recent.len() > RECENT_REPLIES {
                    self.recent.pop_front();
                }
            } else if reply.correlation % 3 == Task::Invoice.index() as u64
                && reply.correlation / 3 < self.next_order
            {
                c.replies_duplicate += 1;
            } else {
                c.replies_mismatched += 1;
            }
        }
        // The client keeps polling while replies may still come: requests are pending.
        if self.config.invoice_pattern == InvoicePattern::RequestReply || !self.pending.is_empty() {
            self.poll_at = Some(self.now + POLL_EVERY_NS);
            self.schedule(self.now + POLL_EVERY_NS, Ev::Poll);
        } else {
            self.poll_at = None;
        }
    }

    /// Sets a queue's workers; workers taken away hand their messages back to the front of
    /// the queue, in order.
    fn set_workers(&mut self, task: Task, want: u32) {
        self.config.workers[task.index()] = want;
        let want = want as usize;
        let q = &mut self.queues[task.index()];
        let mut returned: Vec<Message> = q
            .workers
            .drain(want.min(q.workers.len())..)
            .filter_map(|w| match w {
                Worker::Busy { msg, .. } | Worker::Backoff { msg, .. } => Some(msg),
                Worker::Idle => None,
            })
            .collect();
        returned.sort_by_key(|m| m.id);
        for msg in returned.into_iter().rev() {
            q.items.push_front(msg);
        }
        q.workers.resize(want, Worker::Idle);
        q.idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
        self.dispatch(task);
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

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.seed, self.config, self.now, self.next_order).hash(&mut h);
        (
            self.api_busy,
            self.counters,
            self.producer.next_at(),
            self.starting,
            self.autoscale_at,
        )
            .hash(&mut h);
        (
            self.producer.rng_fingerprint(),
            self.service_rng.fingerprint(),
            self.fail_rng.fingerprint(),
            self.poison_rng.fingerprint(),
            self.redelivery_rng.fingerprint(),
        )
            .hash(&mut h);
        for q in &self.queues {
            q.items.iter().for_each(|m| m.hash(&mut h));
            q.workers.hash(&mut h);
            q.seen.hash(&mut h);
        }
        self.dlq.iter().for_each(|d| d.hash(&mut h));
        (&self.pending, &self.replies, &self.recent).hash(&mut h);
        (&self.undone, self.tracked_from, self.poll_at).hash(&mut h);
        let mut events: Vec<_> = self.events.iter().map(|Reverse(e)| *e).collect();
        events.sort_unstable();
        events.hash(&mut h);
        h.finish()
    }

    /// Checks every invariant of the model; `Err` names the first one broken.
    pub fn check_invariants(&self) -> Result<(), String> {
        let c = &self.counters;
        let waiting: u64 = self.queues.iter().map(|q| q.items.len() as u64).sum();
        let held: u64 = self.queues.iter().map(|q| q.held() as u64).sum();
        let entered = c.enqueued + c.redelivered + c.redriven;
        let left = c.completed + c.dead_lettered;
        if entered != left + waiting + held {
            return Err(format!(
                "conservation: entered {entered} != left {left} + waiting {waiting} + held {held} ({c:?})"
            ));
        }
        for q in &self.queues {
            let idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
            if q.idle != idle {
                return Err(format!("{} workers counted idle, {idle} are", q.idle));
            }
        }
        if c.lost != 0 {
            return Err(format!("{} messages lost", c.lost));
        }
        if c.offered != c.accepted + c.refused {
            return Err(format!("orders: {c:?}"));
        }
        if c.accepted != c.responses + u64::from(self.api_busy) {
            return Err(format!("threads: busy {} ({c:?})", self.api_busy));
        }
        if self.dlq.len() as u64 != c.dead_lettered - c.redriven {
            return Err(format!(
                "dead-letter queue holds {} ({c:?})",
                self.dlq.len()
            ));
        }
        for (task, q) in Task::ALL.iter().zip(&self.queues) {
            if q.items.len() > MAX_QUEUE || q.seen.words() > MAX_REMEMBERED / 64 {
                return Err(format!("{} over its bound", task.queue_name()));
            }
            if q.workers.len() != self.config.workers[task.index()] as usize {
                return Err(format!(
                    "{} has {} workers",
                    task.queue_name(),
                    q.workers.len()
                ));
            }
        }
        if c.replies_mismatched != 0 {
            return Err(format!(
                "{} replies matched no request",
                c.replies_mismatched
            ));
        }
        if self.undone.len() > MAX_TRACKED_ORDERS {
            return Err("background tracking over its bound".to_owned());
        }
        if self.dlq.len() > MAX_DLQ {
            return Err("dead-letter queue over its bound".to_owned());
        }
        Ok(())
    }
}

impl super::timeline::Replay for AsyncSim {
    type Action = AsyncAction;

    fn ticks(&self) -> u64 {
        self.now / TICK_NS
    }

    fn advance_ticks(&mut self, n: u64) {
        AsyncSim::advance_ticks(self, n);
    }

    fn apply(&mut self, action: AsyncAction) {
        AsyncSim::apply(self, action);
    }

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

    /// A later setting of the same control replaces the earlier one; a redrive never does.
    fn supersedes(new: &AsyncAction, old: &AsyncAction) -> bool {
        match (new, old) {
            (AsyncAction::Redrive, _) => false,
            (AsyncAction::Workers(a, _), AsyncAction::Workers(b, _)) => a == b,
            _ => std::mem::discriminant(new) == std::mem::discriminant(old),
        }
    }

    fn state_hash(&self) -> u64 {
        AsyncSim::state_hash(self)
    }

    fn check_invariants(&self) -> Result<(), String> {
        Self::check_invariants(self)
    }

    const COLUMNS: &'static [&'static str] = &[
        "orders_total",
        "orders_refused_total",
        "response_p50_ms",
        "response_p99_ms",
        "threads_busy",
        "depth_email",
        "depth_inventory",
        "depth_invoice",
        "enqueued_total",
        "processed_total",
        "retries_total",
        "dlq_total",
        "duplicates_delivered_total",
        "duplicate_effects_total",
        "lost_total",
    ];

    fn row(&self) -> Vec<f64> {
        let c = &self.counters;
        vec![
            c.accepted as f64,
            c.refused as f64,
            self.response_p50_p99().0,
            self.response_p50_p99().1,
            f64::from(self.api_busy),
            self.queues[0].items.len() as f64,
            self.queues[1].items.len() as f64,
            self.queues[2].items.len() as f64,
            c.enqueued as f64,
            c.processed as f64,
            c.retries as f64,
            self.dlq.len() as f64,
            c.duplicates_delivered as f64,
            c.duplicate_effects as f64,
            c.lost as f64,
        ]
    }
}
