//! The back-pressure lab: a producer, a bounded queue and a pool of workers in one process.
//!
//! It models the guide's "producer at 10,000 msg/s, consumer at 5,000 msg/s" and what each
//! overflow policy does about the difference. Waiting messages cost memory (1 KiB each);
//! past the consumer's memory limit the process dies, taking everything it held with it,
//! and comes back after [`RESTART_NS`].

use crate::sim::action::actions;
use crate::sim::timeline::Column;
use std::hash::{Hash, Hasher};

use super::arrivals::{ArrivalPattern, Producer, MAX_PRODUCER_RATE};
use super::metrics::{Counters, Event, Metrics, Sample, WindowStats, BUCKET_NS, HISTORY_LEN};
use super::queue::{BoundedQueue, Message, Offer, OverflowPolicy, MAX_QUEUE};
use super::rng::SimRng;
use super::service::{ServiceDist, WorkerPool, MAX_CONSUMER_RATE, MAX_WORKERS};
use super::theory::{self, Mmck};
use super::{seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Memory one waiting message occupies in the consumer.
pub const MESSAGE_BYTES: u64 = 1024;
/// The largest queue capacity a bounded policy may be given.
pub const MAX_CAPACITY: u32 = 100_000;
/// The largest memory limit the consumer may be given, MiB. With 1 KiB messages this is
/// what bounds an "unbounded" queue: [`MAX_QUEUE`] messages.
pub const MAX_MEMORY_MB: u32 = (MAX_QUEUE as u64 * MESSAGE_BYTES / (1024 * 1024)) as u32;
/// How long a crashed consumer takes to come back.
pub const RESTART_NS: Nanos = 2 * SECOND;

/// The lab's parameters. Every field has a range; [`BackpressureConfig::clamped`] enforces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BackpressureConfig {
    /// Messages per second the producer tries to send, `0..=20_000`.
    pub producer_rate: u32,
    /// How arrivals are spread in time.
    pub arrivals: ArrivalPattern,
    /// Messages per second one worker can serve, `1..=20_000`.
    pub consumer_rate: u32,
    /// Number of workers, `1..=16`.
    pub workers: u32,
    /// Service-time distribution.
    pub service: ServiceDist,
    /// Queue capacity under bounded policies, `1..=100_000`.
    pub capacity: u32,
    /// What happens when the queue is full.
    pub policy: OverflowPolicy,
    /// Consumer memory limit, MiB, `1..=512`.
    pub memory_mb: u32,
}

impl Default for BackpressureConfig {
    /// The guide's example: twice as much work offered as one consumer can take, no limit.
    fn default() -> Self {
        Self {
            producer_rate: 10_000,
            arrivals: ArrivalPattern::Steady,
            consumer_rate: 5_000,
            workers: 1,
            service: ServiceDist::Fixed,
            capacity: 10_000,
            policy: OverflowPolicy::Unbounded,
            memory_mb: 64,
        }
    }
}

impl BackpressureConfig {
    /// The same configuration with every number inside its range.
    pub fn clamped(self) -> Self {
        Self {
            producer_rate: self.producer_rate.min(MAX_PRODUCER_RATE),
            consumer_rate: self.consumer_rate.clamp(1, MAX_CONSUMER_RATE),
            workers: self.workers.clamp(1, MAX_WORKERS as u32),
            capacity: self.capacity.clamp(1, MAX_CAPACITY),
            memory_mb: self.memory_mb.clamp(1, MAX_MEMORY_MB),
            ..self
        }
    }

    /// What queueing theory predicts for this configuration.
    pub fn prediction(&self) -> Prediction {
        let lambda = f64::from(self.producer_rate);
        let mu = f64::from(self.consumer_rate);
        let exact =
            self.arrivals == ArrivalPattern::Poisson && self.service == ServiceDist::Exponential;
        let places = u64::from(self.capacity) + u64::from(self.workers);
        Prediction {
            rho: theory::offered_load(lambda, self.workers, mu),
            fluid_loss: theory::fluid_loss(lambda, self.workers, mu),
            mmck: if exact && self.policy.is_bounded() {
                theory::mmck(lambda, mu, self.workers, places)
            } else {
                None
            },
        }
    }

    /// Messages the consumer can hold in memory before it dies.
    pub fn memory_limit_messages(&self) -> usize {
        (u64::from(self.memory_mb) * 1024 * 1024 / MESSAGE_BYTES) as usize
    }
}

actions! {
    /// A change the learner makes while the simulation runs. Out-of-range values are clamped.
    pub enum BackpressureAction for BackpressureConfig {
        /// Set the producer rate.
        ProducerRate(u32) => producer_rate,
        /// Set the arrival pattern.
        Arrivals(ArrivalPattern) => arrivals,
        /// Set the per-worker service rate.
        ConsumerRate(u32) => consumer_rate,
        /// Set the number of workers.
        Workers(u32) => workers,
        /// Set the service-time distribution.
        Service(ServiceDist) => service,
        /// Set the queue capacity.
        Capacity(u32) => capacity,
        /// Set the overflow policy.
        Policy(OverflowPolicy) => policy,
        /// Set the consumer's memory limit, MiB.
        MemoryLimit(u32) => memory_mb,
    }
}

/// What theory predicts for the current configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// Offered load per worker, λ / (cμ).
    pub rho: f64,
    /// The share of work beyond capacity if everything were perfectly regular.
    pub fluid_loss: f64,
    /// The exact M/M/c/K figures, when arrivals are Poisson, service is exponential and
    /// the queue is bounded (for Block, `loss` is the share of time the producer waits).
    pub mmck: Option<Mmck>,
}

/// The whole state of one back-pressure run. Plain data: cloning it is a checkpoint.
///
/// Bounds: the queue holds at most [`MAX_QUEUE`] messages, the pool [`MAX_WORKERS`], the
/// producer one; metrics keep [`HISTORY_LEN`] samples.
#[derive(Clone, Debug, PartialEq)]
pub struct BackpressureSim {
    seed: u64,
    config: BackpressureConfig,
    now: Nanos,
    next_id: u64,
    producer: Producer,
    queue: BoundedQueue,
    workers: WorkerPool,
    /// While the consumer is down after a crash: when it comes back.
    down_until: Option<Nanos>,
    metrics: Metrics,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Next {
    // Declaration order breaks ties at the same instant: a restart and a completion free
    // room before an arrival looks for it.
    Restart,
    Completion(usize),
    Arrival,
}

impl BackpressureSim {
    /// A fresh run at time zero.
    pub fn new(seed: u64, config: BackpressureConfig) -> Self {
        let config = config.clamped();
        Self {
            seed,
            config,
            now: 0,
            next_id: 0,
            producer: Producer::new(
                config.producer_rate,
                config.arrivals,
                SimRng::new(seed, 1),
                0,
            ),
            queue: BoundedQueue::new(config.capacity as usize, config.policy),
            workers: WorkerPool::new(
                config.workers as usize,
                config.consumer_rate,
                config.service,
                SimRng::new(seed, 2),
            ),
            down_until: None,
            metrics: Metrics::new(),
        }
    }

    /// The seed the run started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The configuration in force.
    pub fn config(&self) -> &BackpressureConfig {
        &self.config
    }

    /// Simulated time, ns.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Simulated time, s.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Whole ticks simulated so far.
    pub fn tick_count(&self) -> u64 {
        self.now / TICK_NS
    }

    /// Totals since the start.
    pub fn totals(&self) -> &Counters {
        self.metrics.totals()
    }

    /// Figures over the last simulated second.
    pub fn window(&self) -> &WindowStats {
        self.metrics.window()
    }

    /// Chart samples, one per 100 ms, oldest first.
    pub fn history(&self) -> impl Iterator<Item = &Sample> + '_ {
        self.metrics.history().iter()
    }

    /// Messages waiting in the queue.
    pub fn queue_depth(&self) -> usize {
        self.queue.len()
    }

    /// The waiting messages, oldest first.
    pub fn queued(&self) -> impl Iterator<Item = Message> + '_ {
        self.queue.iter()
    }

    /// Messages being served.
    pub fn in_service(&self) -> usize {
        self.workers.busy()
    }

    /// The worker pool, for drawing.
    pub fn workers(&self) -> &WorkerPool {
        &self.workers
    }

    /// Memory the waiting messages occupy, bytes.
    pub fn memory_used(&self) -> u64 {
        self.queue.len() as u64 * MESSAGE_BYTES
    }

    /// When a crashed consumer will be back, if it is down.
    pub fn down_until(&self) -> Option<Nanos> {
        self.down_until
    }

    /// Whether the producer is waiting for room.
    pub fn producer_blocked(&self) -> bool {
        self.producer.is_blocked()
    }

    /// Applies a learner's change at the current instant.
    pub fn apply(&mut self, action: BackpressureAction) {
        let now = self.now;
        self.integrate(now);
        self.config = self.config.with(action);
        let c = self.config;
        self.producer.reconfigure(c.producer_rate, c.arrivals, now);
        self.workers
            .reconfigure(c.workers as usize, c.consumer_rate, c.service);
        for evicted in self.queue.reconfigure(c.capacity as usize, c.policy) {
            self.metrics.count(Event::Dropped(1));
            self.metrics.depart_unserved(now - evicted.arrived_at);
        }
        if self.queue.len() > c.memory_limit_messages() {
            self.crash(now, 0);
        }
        self.dispatch(now);
        self.admit_blocked(now);
    }

    /// What queueing theory predicts for the configuration in force.
    pub fn prediction(&self) -> Prediction {
        self.config.prediction()
    }

    /// A hash of the entire state: equal runs give equal hashes on every platform build.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (
            self.seed,
            self.config,
            self.now,
            self.next_id,
            self.down_until,
        )
            .hash(&mut h);
        self.totals().hash(&mut h);
        self.queue.iter().for_each(|m| m.hash(&mut h));
        self.workers.slots().hash(&mut h);
        (self.producer.next_at(), self.producer.is_blocked()).hash(&mut h);
        (
            self.producer.rng_fingerprint(),
            self.workers.rng_fingerprint(),
        )
            .hash(&mut h);
        for s in self.metrics.history().iter() {
            (
                s.queue_depth,
                s.arrival_rate.to_bits(),
                s.latency_p99_ms.to_bits(),
            )
                .hash(&mut h);
        }
        h.finish()
    }

    /// Checks every invariant of the model; `Err` names the first one broken.
    pub fn check_invariants(&self) -> Result<(), String> {
        let t = self.totals();
        let inside = self.queue.len() as u64 + self.workers.busy() as u64;
        let accounted = t.completed + t.rejected + t.dropped + t.lost + inside;
        if t.arrived != accounted {
            return Err(format!(
                "conservation: arrived {} != accounted {accounted} ({t:?}, inside {inside})",
                t.arrived
            ));
        }
        if self.config.policy.is_bounded() && self.queue.len() > self.config.capacity as usize {
            return Err(format!(
                "bounded queue over capacity: {} > {}",
                self.queue.len(),
                self.config.capacity
            ));
        }
        if self.queue.len() > self.config.memory_limit_messages() || self.queue.len() > MAX_QUEUE {
            return Err(format!("queue over its memory bound: {}", self.queue.len()));
        }
        let mut ids = self.queue.iter().map(|m| m.id);
        if let Some(mut prev) = ids.next() {
            for id in ids {
                if id <= prev {
                    return Err(format!("queue out of FIFO order: {id} after {prev}"));
                }
                prev = id;
            }
        }
        if self.down_until.is_some() && inside != 0 {
            return Err("a crashed consumer still holds messages".into());
        }
        if self.metrics.history().len() > HISTORY_LEN {
            return Err("history over its bound".into());
        }
        Ok(())
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        while let Some((at, next)) = self.next_event().filter(|(at, _)| *at < end) {
            self.integrate(at);
            self.now = at;
            match next {
                Next::Restart => self.down_until = None,
                Next::Completion(worker) => self.complete(worker, at),
                Next::Arrival => self.arrive(at),
            }
        }
        self.integrate(end);
        self.now = end;
        if end.is_multiple_of(BUCKET_NS) {
            self.metrics.close_bucket(end, self.queue.len());
        }
    }

    fn next_event(&self) -> Option<(Nanos, Next)> {
        let restart = self.down_until.map(|t| (t, Next::Restart));
        let completion = self
            .workers
            .next_completion()
            .map(|(t, w)| (t, Next::Completion(w)));
        let arrival = self.producer.next_at().map(|t| (t, Next::Arrival));
        [restart, completion, arrival].into_iter().flatten().min()
    }

    fn integrate(&mut self, now: Nanos) {
        let busy = self.workers.busy();
        let active = if self.down_until.is_some() {
            0
        } else {
            self.workers.active()
        };
        self.metrics.integrate(
            now,
            self.queue.len() + busy,
            busy,
            active,
            self.producer.is_blocked(),
        );
    }

    fn complete(&mut self, worker: usize, now: Nanos) {
        if let Some(done) = self.workers.finish(worker) {
            self.metrics.count(Event::Completed {
                latency: now - done.message.arrived_at,
            });
        }
        self.dispatch(now);
        self.admit_blocked(now);
    }

    /// Idle active workers take the oldest waiting messages.
    fn dispatch(&mut self, now: Nanos) {
        while let Some(worker) = self.workers.idle_worker() {
            match self.queue.pop() {
                Some(message) => self.workers.start(worker, message, now),
                None => break,
            }
        }
    }

    fn arrive(&mut self, now: Nanos) {
        let must_wait = self.down_until.is_none()
            && self.config.policy == OverflowPolicy::Block
            && self.queue.is_full()
            && self.workers.idle_worker().is_none();
        if must_wait {
            self.producer.block(now);
        } else {
            self.producer.fire(now);
            self.hand_over(now);
        }
    }

    /// A blocked producer delivers its message as soon as it may.
    fn admit_blocked(&mut self, now: Nanos) {
        let may = self.down_until.is_some()
            || self.config.policy != OverflowPolicy::Block
            || !self.queue.is_full()
            || self.workers.idle_worker().is_some();
        if self.producer.is_blocked() && may {
            self.producer.unblock(now);
            self.hand_over(now);
        }
    }

    /// One message reaches the consumer.
    fn hand_over(&mut self, now: Nanos) {
        self.metrics.count(Event::Arrived);
        let message = Message {
            id: self.next_id,
            arrived_at: now,
        };
        self.next_id += 1;
        if self.down_until.is_some() {
            self.metrics.count(Event::Lost(1));
            return;
        }
        if let Some(worker) = self.workers.idle_worker() {
            self.metrics.count(Event::Accepted);
            self.workers.start(worker, message, now);
            return;
        }
        if !self.queue.is_full() && self.queue.len() >= self.config.memory_limit_messages() {
            // One message too many for the consumer's memory: it dies holding it.
            self.metrics.count(Event::Accepted);
            self.crash(now, 1);
            return;
        }
        match self.queue.offer(message) {
            Offer::Queued => self.metrics.count(Event::Accepted),
            Offer::QueuedEvicting(evicted) => {
                self.metrics.count(Event::Accepted);
                self.metrics.count(Event::Dropped(1));
                self.metrics.depart_unserved(now - evicted.arrived_at);
            }
            Offer::Full => self.metrics.count(Event::Rejected),
        }
    }

    /// Out of memory: the consumer loses everything it holds, plus `extra` messages it was
    /// taking in, and is down for [`RESTART_NS`].
    fn crash(&mut self, now: Nanos, extra: u64) {
        let held = self
            .queue
            .iter()
            .chain(self.workers.slots().iter().flatten().map(|s| s.message));
        for message in held {
            self.metrics.depart_unserved(now - message.arrived_at);
        }
        for _ in 0..extra {
            self.metrics.depart_unserved(0);
        }
        let lost = self.queue.clear() as u64 + self.workers.clear() as u64 + extra;
        self.metrics.count(Event::Lost(lost));
        self.metrics.count(Event::Crashed);
        self.down_until = Some(now + RESTART_NS);
        self.admit_blocked(now);
    }
}

impl crate::sim::timeline::Replay for BackpressureSim {
    crate::sim::timeline::replay_by_delegation!(BackpressureAction);

    /// Nothing is shared between clones: the queue and the chart history are copied.
    fn added_bytes(&self, earlier: Option<&Self>) -> usize {
        std::mem::size_of::<Self>()
            + self.queue.unshared_bytes(earlier.map(|e| &e.queue))
            + self.metrics.bytes(earlier.map(|e| &e.metrics))
            + self.workers.slots().len() * 16
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("arrived_total", |s| s.totals().arrived as f64),
        ("completed_total", |s| s.totals().completed as f64),
        ("rejected_total", |s| s.totals().rejected as f64),
        ("dropped_total", |s| s.totals().dropped as f64),
        ("lost_total", |s| s.totals().lost as f64),
        ("crashes_total", |s| s.totals().crashes as f64),
        ("queue_depth", |s| s.queue_depth() as f64),
        ("in_service", |s| s.in_service() as f64),
        ("memory_mib", |s| s.memory_used() as f64 / f64::from(1u32 << 20)),
        ("arrival_rate", |s| s.window().arrival_rate),
        ("throughput", |s| s.window().throughput),
        ("latency_p50_ms", |s| s.window().latency_p50_ms),
        ("latency_p99_ms", |s| s.window().latency_p99_ms),
    ];
}
