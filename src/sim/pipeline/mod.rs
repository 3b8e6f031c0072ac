//! The guide's patterns combined: commands reach an API that buffers them, a command handler
//! appends each to the event store, whose partitioned log (Kafka-like: per-partition order,
//! consumer groups with committed offsets) feeds two consumer groups building materialized
//! views, which a read API serves; when consumers lag past a threshold, back-pressure holds
//! the appends to their pace. Against it, the plain request/response service on one database.
//!
//! Scale: up to two million commands a second. Events are held implicitly (see [`events`]),
//! so a partition is its length and a consumer its offsets; everything moves in ranges of
//! offsets a millisecond, and every invariant (each accepted command one event, each event in
//! each view once, or counted as a duplicate) stays exact.
//!
//! Bounds: the API buffer ([`config::API_BUFFER`] when bounded; [`config::API_MEMORY`] before
//! the crash when not); [`config::MAX_PARTITIONS`] × [`config::VIEWS`] consumer positions;
//! one snapshot a view; [`HISTORY`] samples of the log's length for staleness.

pub mod config;
pub mod events;

use crate::sim::timeline::Column;
use crate::sim::Replay;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

pub use config::{Arch, PipelineAction, PipelineConfig};
use config::{
    API_BUFFER, API_MEMORY, APPEND_NS, APPEND_PER_PARTITION, RESTART_NS, SIMPLE_CAPACITY,
    SIMPLE_MAX_QUEUE, SIMPLE_READ_COST, SIMPLE_WRITE_NS, SNAPSHOT_EVERY_NS, SPIKE_NS, VIEWS,
    VIEW_READ_NS,
};
use events::Fold;

use super::rng::SimRng;
use super::window::{CountWindow, LatencyWindow};
use super::{seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Samples of the log's length kept for staleness: ten minutes at 100 ms.
pub const HISTORY: usize = 6_000;
/// How often the log's length is sampled.
const SAMPLE_NS: Nanos = 100_000_000;

/// One consumer group's place in one partition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The next offset to fetch.
    pub position: u64,
    /// The offset committed to the log.
    pub committed: u64,
    /// Offsets below this are in the view (kept with it, so a consumer can skip them).
    pub applied: u64,
    /// Work owed, event-nanoseconds.
    credit: u64,
}

/// A view and its consumer group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct View {
    /// Its state.
    pub fold: Fold,
    /// What duplicates added to it (idempotency off).
    pub duplicates: Fold,
    /// Its place in each partition.
    pub cursors: Vec<Cursor>,
    /// The last snapshot: the fold and each partition's applied offset.
    snapshot: Option<(Fold, Fold, Vec<u64>)>,
    /// Down until then (a crash).
    down_until: Option<Nanos>,
}

/// Running totals. Conservation: `commands = events + buffered + lost + refused`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PipelineCounters {
    /// Commands that arrived.
    pub commands: u64,
    /// Commands refused (a full bounded buffer, or the simple database's queue).
    pub refused: u64,
    /// Events appended (one per accepted command).
    pub events: u64,
    /// Commands lost when the unbounded buffer crashed the API.
    pub lost: u64,
    /// Crashes (the API's, and consumers').
    pub crashes: u64,
    /// Events delivered to a consumer again (lost acknowledgements).
    pub duplicates_delivered: u64,
    /// Of those, applied twice (idempotency off).
    pub duplicate_effects: u64,
    /// Events sent to the dead-letter queue.
    pub dlq: u64,
    /// Times a view crossed the staleness alert.
    pub stale_alerts: u64,
    /// Events replayed by the last consumer restart.
    pub restart_replayed: u64,
    /// Queries answered.
    pub reads: u64,
}

/// Reads that reached the simple database. Conservation: `offered = answered + waiting +
/// refused`. (The pipeline answers every read from its views at once.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SimpleReads {
    /// Reads that arrived while the database was the architecture.
    pub offered: u64,
    /// Reads answered.
    pub answered: u64,
    /// Reads in the database's queue.
    pub waiting: u64,
    /// Reads refused: the queue was full.
    pub refused: u64,
}

/// The whole pipeline lab.
#[derive(Clone, Debug)]
pub struct PipelineSim {
    config: PipelineConfig,
    now: Nanos,
    rng: SimRng,
    /// Commands waiting: in the API's buffer (the pipeline), or in the database's queue
    /// (simple).
    buffer: u64,
    /// The simple database's reads.
    simple_reads: SimpleReads,
    /// Each partition's length.
    log: Vec<u64>,
    next_partition: u32,
    views: Vec<View>,
    /// The poison event, once appended: partition 0, this offset.
    poison: Option<u64>,
    /// `(time, events appended)` every 100 ms.
    history: VecDeque<(Nanos, u64)>,
    alerting: bool,
    /// A crash asked for by the learner, taken at the next tick.
    crash_now: bool,
    counters: PipelineCounters,
    write_latency: LatencyWindow,
    read_latency: LatencyWindow,
    writes: CountWindow,
    reads: CountWindow,
    published: CountWindow,
    /// Events the slowest view applied over the last second: back-pressure's pace.
    drained: [CountWindow; VIEWS],
}

/// Poisson arrivals in one tick at `rate` a second: exact for small means, normal beyond.
fn arrivals(rng: &mut SimRng, rate: f64) -> u64 {
    let mean = rate * seconds(TICK_NS);
    if mean <= 0.0 {
        return 0;
    }
    if mean < 30.0 {
        // Knuth's method: multiply uniforms until below e^-mean.
        let limit = libm::exp(-mean);
        let (mut k, mut p) = (0u64, 1.0);
        loop {
            p *= rng.unit();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
    // Box-Muller.
    let (u, v) = (1.0 - rng.unit(), rng.unit());
    let z = libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v);
    (mean + libm::sqrt(mean) * z).round().max(0.0) as u64
}

impl PipelineSim {
    /// A run of `config` from `seed`.
    pub fn new(seed: u64, config: PipelineConfig) -> Self {
        let config = config.clamped();
        let parts = config.partitions as usize;
        let view = View {
            fold: Fold::default(),
            duplicates: Fold::default(),
            cursors: vec![Cursor::default(); parts],
            snapshot: None,
            down_until: None,
        };
        Self {
            rng: SimRng::new(seed, 50),
            buffer: 0,
            simple_reads: SimpleReads::default(),
            log: vec![0; parts],
            next_partition: 0,
            views: vec![view; VIEWS],
            poison: None,
            history: VecDeque::new(),
            alerting: false,
            crash_now: false,
            counters: PipelineCounters::default(),
            write_latency: LatencyWindow::default(),
            read_latency: LatencyWindow::default(),
            writes: CountWindow::default(),
            reads: CountWindow::default(),
            published: CountWindow::default(),
            drained: Default::default(),
            now: 0,
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Running totals.
    pub fn counters(&self) -> &PipelineCounters {
        &self.counters
    }

    /// The views.
    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// Each partition's length.
    pub fn log(&self) -> &[u64] {
        &self.log
    }

    /// Commands waiting in the API (pipeline) or in the database's queue (simple).
    pub fn buffer(&self) -> u64 {
        self.buffer
    }

    /// The reads the simple database has had: answered, waiting and refused.
    pub fn simple_reads(&self) -> &SimpleReads {
        &self.simple_reads
    }

    /// Commands and queries answered over the last second, and events appended.
    pub fn per_s(&self) -> (u64, u64, u64) {
        (
            self.writes.last_second(self.now),
            self.reads.last_second(self.now),
            self.published.last_second(self.now),
        )
    }

    /// 99th percentiles over the last second, ms: commands, queries.
    pub fn p99_ms(&self) -> (f64, f64) {
        (
            self.write_latency.quantile_ms(self.now, 0.99).0,
            self.read_latency.quantile_ms(self.now, 0.99).0,
        )
    }

    /// The largest lag over every partition and view, events.
    pub fn max_lag(&self) -> u64 {
        self.views
            .iter()
            .flat_map(|v| {
                v.cursors
                    .iter()
                    .zip(&self.log)
                    .map(|(c, n)| n - c.applied.min(*n))
            })
            .max()
            .unwrap_or(0)
    }

    /// How old the stalest view is: the age of the oldest event it does not hold yet, seconds
    /// (0 when every view is current; at most the ten minutes of history kept).
    pub fn staleness_s(&self) -> f64 {
        if self.config.arch == Arch::Simple {
            return 0.0;
        }
        let parts = u64::from(self.config.partitions);
        let behind = self
            .views
            .iter()
            .flat_map(|v| {
                v.cursors
                    .iter()
                    .enumerate()
                    .filter(|(p, c)| c.applied < self.log[*p])
                    // The event at this offset is about the (offset × partitions)-th overall.
                    .map(|(p, c)| c.applied * parts + p as u64)
            })
            .min();
        let Some(event) = behind else {
            return 0.0;
        };
        let i = self.history.partition_point(|(_, n)| *n <= event);
        let at = self.history.get(i).map_or(self.now, |(t, _)| *t);
        let at = if i == 0 {
            self.history
                .front()
                .map_or(0, |(t, _)| t.saturating_sub(SAMPLE_NS))
        } else {
            at
        };
        seconds(self.now.saturating_sub(at))
    }

    /// Moving parts of the architecture in use.
    pub fn components(&self) -> u32 {
        let c = &self.config;
        match c.arch {
            Arch::Simple => 2,
            Arch::Patterns => {
                // API, command handler, event store, log, the consumers, the views, the read
                // API, and whatever the switches add.
                7 + VIEWS as u32 * (c.consumers.min(c.partitions) + 1)
                    + u32::from(c.dlq)
                    + u32::from(c.snapshots)
                    + u32::from(c.stale_monitor)
            }
        }
    }

    /// The rate commands arrive at now.
    fn write_rate(&self) -> f64 {
        let c = &self.config;
        let spike = c.spike_at.is_some_and(|t| {
            let from = u64::from(t) * SECOND;
            (from..from + SPIKE_NS).contains(&self.now)
        });
        f64::from(c.write_rate) * if spike { f64::from(c.spike_x) } else { 1.0 }
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        let rate = self.write_rate();
        let writes = arrivals(&mut self.rng, rate);
        let reads = arrivals(&mut self.rng, f64::from(self.config.read_rate));
        self.counters.commands += writes;
        match self.config.arch {
            Arch::Simple => self.simple(writes, reads, end),
            Arch::Patterns => {
                self.patterns(writes, reads, end);
                self.reads.add(end, reads);
            }
        }
        self.counters.reads += reads;
        self.now = end;
        if end.is_multiple_of(SAMPLE_NS) {
            if self.history.len() >= HISTORY {
                self.history.pop_front();
            }
            self.history.push_back((end, self.counters.events));
        }
    }

    /// One database: writes and reads share its capacity and its bounded queue. Work is
    /// counted in quarters of a write ([`SIMPLE_READ_COST`] is a quarter). A tick serves at
    /// most [`SIMPLE_CAPACITY`]'s share: the waiting writes first (the database gives its
    /// commits priority, so a flood of reads cannot starve them), then reads with what is
    /// left. A full queue refuses what arrives (commands counted in `refused`, reads in
    /// [`SimpleReads::refused`]). A write counts as committed when it is served, not when it
    /// is queued.
    fn simple(&mut self, writes: u64, reads: u64, now: Nanos) {
        const WRITE: u64 = 4;
        let cap = SIMPLE_CAPACITY * WRITE * TICK_NS / SECOND;
        let r = &mut self.simple_reads;
        // Admit what fits, writes first.
        let room = (SIMPLE_MAX_QUEUE * WRITE).saturating_sub(self.buffer * WRITE + r.waiting);
        let admitted_writes = writes.min(room / WRITE);
        let admitted_reads = reads.min(room - admitted_writes * WRITE);
        self.counters.refused += writes - admitted_writes;
        r.offered += reads;
        r.refused += reads - admitted_reads;
        self.buffer += admitted_writes;
        r.waiting += admitted_reads;
        // Serve this tick's capacity: writes, then reads.
        let served_writes = self.buffer.min(cap / WRITE);
        let served_reads = r.waiting.min(cap - served_writes * WRITE);
        self.buffer -= served_writes;
        r.waiting -= served_reads;
        r.answered += served_reads;
        self.counters.events += served_writes;
        self.writes.add(now, served_writes);
        self.reads.add(now, served_reads);
        // What a request admitted now waits: a write, the writes ahead of it; a read,
        // everything ahead of it; at the database's pace.
        let pace = SIMPLE_CAPACITY * WRITE;
        let write_wait = self.buffer * WRITE * SECOND / pace;
        let read_wait = (self.buffer * WRITE + r.waiting) * SECOND / pace;
        self.write_latency.record_n(
            now,
            SIMPLE_WRITE_NS + write_wait,
            u32::try_from(admitted_writes).unwrap_or(u32::MAX),
        );
        self.read_latency.record_n(
            now,
            SIMPLE_WRITE_NS / 4 + read_wait,
            u32::try_from(admitted_reads).unwrap_or(u32::MAX),
        );
    }

    /// The pipeline: API buffer, appends (held back by lag), consumers, reads from the views.
    fn patterns(&mut self, writes: u64, reads: u64, now: Nanos) {
        let c = self.config;
        // The API takes the commands into its buffer.
        let taken = if c.bounded {
            writes.min(API_BUFFER.saturating_sub(self.buffer))
        } else {
            writes
        };
        self.counters.refused += writes - taken;
        self.buffer += taken;
        if !c.bounded && self.buffer > API_MEMORY {
            self.counters.lost += self.buffer;
            self.counters.crashes += 1;
            self.buffer = 0;
        }
        // The command handler appends, within the event store's capacity, and under
        // back-pressure no faster than the slowest view drained over the last second.
        let mut cap = APPEND_PER_PARTITION * u64::from(c.partitions) * TICK_NS / SECOND;
        if c.backpressure && self.max_lag() > u64::from(c.lag_threshold) {
            let pace = self
                .drained
                .iter()
                .map(|w| w.last_second(now))
                .min()
                .unwrap_or(0);
            cap = cap.min(pace * TICK_NS / SECOND);
        }
        let appended = self.buffer.min(cap);
        let wait = (self.buffer * TICK_NS).checked_div(cap).unwrap_or(SECOND);
        self.buffer -= appended;
        self.append(appended, now);
        self.write_latency.record_n(
            now,
            APPEND_NS + wait,
            u32::try_from(appended).unwrap_or(u32::MAX),
        );
        self.writes.add(now, appended);
        for v in 0..VIEWS {
            self.consume(v, now);
        }
        self.read_latency
            .record_n(now, VIEW_READ_NS, u32::try_from(reads).unwrap_or(u32::MAX));
        self.stale_check();
        self.snapshot(now);
    }

    /// Appends `n` events, round-robin over the partitions.
    fn append(&mut self, n: u64, now: Nanos) {
        let parts = self.log.len() as u64;
        let first_before = self.log[0];
        let (each, rest) = (n / parts, n % parts);
        for i in 0..parts {
            let p = ((u64::from(self.next_partition) + i) % parts) as usize;
            self.log[p] += each + u64::from(i < rest);
        }
        self.next_partition = ((u64::from(self.next_partition) + rest) % parts) as u32;
        self.counters.events += n;
        self.published.add(now, n);
        let poison_due = self
            .config
            .poison_at
            .is_some_and(|t| now >= u64::from(t) * SECOND);
        // The poison event is the first one partition 0 gets once it is due: an event it
        // already held may have been applied before it turned poisonous.
        if poison_due && self.poison.is_none() && self.log[0] > first_before {
            self.poison = Some(first_before);
        }
    }

    /// One view's consumers take their partitions' next events, within their capacity.
    fn consume(&mut self, v: usize, now: Nanos) {
        let c = self.config;
        let parts = c.partitions;
        let consumers = c.consumers.min(parts);
        if let Some(until) = self.views[v].down_until {
            if now < until {
                return;
            }
            self.restart(v);
        }
        let crash_due = c.crash_at.is_some_and(|t| {
            let at = u64::from(t) * SECOND;
            now - TICK_NS <= at && at < now
        });
        if v == 0 && (crash_due || self.crash_now) {
            self.crash_now = false;
            return self.crash(v, now);
        }
        let mut drained = 0;
        for p in 0..parts {
            // Consumer p % consumers reads this partition, splitting its capacity over its own.
            let mine = parts / consumers + u32::from(p % consumers < parts % consumers);
            let view = &mut self.views[v];
            let Some(cur) = view.cursors.get_mut(p as usize) else {
                continue;
            };
            cur.credit += u64::from(c.consumer_capacity) * TICK_NS / u64::from(mine.max(1));
            let can = cur.credit / SECOND;
            let head = self.log[p as usize];
            let mut b = (cur.position + can).min(head);
            let mut dead = false;
            if let Some(x) = self
                .poison
                .filter(|x| p == 0 && (cur.position..b).contains(x))
            {
                if c.dlq {
                    dead = x >= cur.applied;
                } else {
                    // Retried for ever: the partition stops at the poison event.
                    b = x;
                }
            }
            let a = cur.position;
            cur.credit -= (b - a) * SECOND;
            if b == head || b == self.poison.unwrap_or(u64::MAX) {
                cur.credit = cur.credit.min(SECOND);
            }
            // Offsets below `applied` are already in the view: delivered again.
            let again = b.min(cur.applied).saturating_sub(a);
            self.counters.duplicates_delivered += again;
            let fresh_from = a.max(cur.applied);
            if !c.idempotent && again > 0 {
                self.counters.duplicate_effects += again;
                view.duplicates.add_range(p, a, a + again);
                view.fold.add_range(p, a, a + again);
            }
            view.fold.add_range(p, fresh_from, b);
            if dead {
                if let Some(x) = self.poison {
                    view.fold.remove_one(p, x);
                    self.counters.dlq += 1;
                }
            }
            drained += b.saturating_sub(fresh_from);
            cur.applied = cur.applied.max(b);
            cur.position = b;
            // Commit; a lost acknowledgement sends the consumer back to its last commit.
            if cur.position > cur.committed {
                if c.redelivery_pct > 0 && self.rng.unit() * 100.0 < f64::from(c.redelivery_pct) {
                    cur.position = cur.committed;
                } else {
                    cur.committed = cur.position;
                }
            }
        }
        self.drained[v].add(now, drained);
    }

    /// The view's consumers die with the view in their memory.
    fn crash(&mut self, v: usize, now: Nanos) {
        self.counters.crashes += 1;
        if let Some(view) = self.views.get_mut(v) {
            view.down_until = Some(now + RESTART_NS);
        }
    }

    /// Back up: the view from its snapshot (or empty), its consumers from the committed
    /// offsets back to the snapshot's, replaying the difference.
    fn restart(&mut self, v: usize) {
        let Some(view) = self.views.get_mut(v) else {
            return;
        };
        view.down_until = None;
        let (fold, dups, offsets) = match (&view.snapshot, self.config.snapshots) {
            (Some((f, d, o)), true) => (*f, *d, o.clone()),
            _ => (
                Fold::default(),
                Fold::default(),
                vec![0; view.cursors.len()],
            ),
        };
        let mut replay = 0;
        for (cur, from) in view.cursors.iter_mut().zip(&offsets) {
            replay += cur.applied.saturating_sub(*from);
            cur.applied = *from;
            cur.position = *from;
        }
        view.fold = fold;
        view.duplicates = dups;
        self.counters.restart_replayed = replay;
    }

    fn snapshot(&mut self, now: Nanos) {
        if !self.config.snapshots || !now.is_multiple_of(SNAPSHOT_EVERY_NS) {
            return;
        }
        for view in &mut self.views {
            if view.down_until.is_none() {
                let offsets = view.cursors.iter().map(|c| c.applied).collect();
                view.snapshot = Some((view.fold, view.duplicates, offsets));
            }
        }
    }

    fn stale_check(&mut self) {
        let stale = self.staleness_s() > f64::from(self.config.stale_alert_s);
        if self.config.stale_monitor && stale && !self.alerting {
            self.counters.stale_alerts += 1;
        }
        self.alerting = stale && self.config.stale_monitor;
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: PipelineAction) {
        let now_s = (self.now / SECOND) as u32;
        match action {
            PipelineAction::CrashNow => self.crash_now = true,
            PipelineAction::PoisonNow => {
                if self.poison.is_none() {
                    self.config.poison_at = Some(now_s);
                }
            }
            PipelineAction::SpikeNow => self.config.spike_at = Some(now_s),
            a => self.config = self.config.with(a),
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.config, self.now, self.counters, self.buffer).hash(&mut h);
        // Hashed only once the simple database has seen a read, so a run that never used it
        // keeps the hash it had before the database counted its reads.
        if self.simple_reads != SimpleReads::default() {
            self.simple_reads.hash(&mut h);
        }
        (&self.log, self.next_partition, &self.views, self.poison).hash(&mut h);
        (
            &self.history,
            self.alerting,
            self.crash_now,
            self.rng.fingerprint(),
        )
            .hash(&mut h);
        h.finish()
    }

    /// Checks conservation, each view against the fold of its events, and the bounds.
    pub fn check_invariants(&self) -> Result<(), String> {
        let k = &self.counters;
        // Every command is appended (committed), waiting, lost or refused; every read the
        // database had is answered, waiting or refused.
        if k.commands != k.events + self.buffer + k.lost + k.refused {
            return Err(format!(
                "commands: {} arrived, {} appended, {} waiting, {} lost, {} refused",
                k.commands, k.events, self.buffer, k.lost, k.refused
            ));
        }
        let r = &self.simple_reads;
        if r.offered != r.answered + r.waiting + r.refused {
            return Err(format!(
                "reads at the database: {} arrived, {} answered, {} waiting, {} refused",
                r.offered, r.answered, r.waiting, r.refused
            ));
        }
        // Nothing is served faster than the database's capacity: over the last second, a
        // write's worth of work per SIMPLE_CAPACITY (a tick's rounding allowed).
        if self.config.arch == Arch::Simple {
            let (w, rd, _) = self.per_s();
            let work = w as f64 + rd as f64 * SIMPLE_READ_COST;
            if work > SIMPLE_CAPACITY as f64 * 1.001 + 1.0 {
                return Err(format!(
                    "the database served {work} writes' worth in a second, past its capacity {SIMPLE_CAPACITY}"
                ));
            }
        }
        if self.log.iter().sum::<u64>() != k.events && self.config.arch == Arch::Patterns {
            return Err("the log's length differs from the events appended".to_owned());
        }
        for (v, view) in self.views.iter().enumerate() {
            if view.down_until.is_some() {
                continue;
            }
            let mut fold = view.duplicates;
            for (p, cur) in view.cursors.iter().enumerate() {
                if cur.applied > self.log[p] || cur.position > cur.applied {
                    return Err(format!("view {v} is past partition {p}'s end"));
                }
                fold.add_range(p as u32, 0, cur.applied);
                if let Some(x) = self.poison.filter(|x| p == 0 && *x < cur.applied) {
                    fold.remove_one(0, x);
                }
            }
            if fold != view.fold {
                return Err(format!("view {v} differs from the fold of its events"));
            }
        }
        // Bounded, the buffer stops taking commands at API_BUFFER; either way, the process
        // dies before it holds more than API_MEMORY.
        if self.buffer > API_MEMORY.max(SIMPLE_MAX_QUEUE) || r.waiting > SIMPLE_MAX_QUEUE * 4 {
            return Err("the API's buffer passed its bound".to_owned());
        }
        if self.history.len() > HISTORY {
            return Err("the history passed its bound".to_owned());
        }
        Ok(())
    }
}

impl super::timeline::Replay for PipelineSim {
    crate::sim::timeline::replay_by_delegation!(PipelineAction);

    fn added_bytes(&self, _earlier: Option<&Self>) -> usize {
        std::mem::size_of::<Self>()
            + self.history.len() * 16
            + self.views.len() * (std::mem::size_of::<View>() + 3 * self.log.len() * 40)
            + self.write_latency.bytes()
            + self.read_latency.bytes()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("writes_per_s", |s| s.per_s().0 as f64),
        ("write_p99_ms", |s| s.p99_ms().0),
        ("reads_per_s", |s| s.per_s().1 as f64),
        ("read_p99_ms", |s| s.p99_ms().1),
        ("publish_rate", |s| s.per_s().2 as f64),
        ("consumer_lag_events", |s| s.max_lag() as f64),
        ("buffer_depth", |s| s.buffer as f64),
        ("view_staleness_s", |s| s.staleness_s()),
    ];
}

/// Loads the crossover is measured at, commands a second.
pub const CROSSOVER_LOADS: [u32; 9] = [
    1_000, 5_000, 10_000, 20_000, 30_000, 40_000, 60_000, 100_000, 200_000,
];
/// Simulated seconds each point runs.
pub const CROSSOVER_S: u64 = 3;

/// Both architectures at each of [`CROSSOVER_LOADS`] (reads in the same ratio to writes as
/// in `config`, its other settings kept, no faults), each run for [`CROSSOVER_S`] seconds:
/// `(load, simple write p99 ms, pipeline write p99 ms)`, infinite where commands were refused.
pub fn crossover(seed: u64, config: PipelineConfig) -> Vec<(f64, f64, f64)> {
    let ratio = if config.write_rate == 0 {
        1.0
    } else {
        f64::from(config.read_rate) / f64::from(config.write_rate)
    };
    CROSSOVER_LOADS
        .iter()
        .map(|&load| {
            let p99 = |arch| {
                let c = PipelineConfig {
                    arch,
                    write_rate: load,
                    read_rate: (f64::from(load) * ratio).min(f64::from(config::MAX_RATE)) as u32,
                    poison_at: None,
                    crash_at: None,
                    spike_at: None,
                    ..config
                };
                let mut sim = PipelineSim::new(seed, c);
                sim.advance_ticks(CROSSOVER_S * 1_000);
                // An architecture that refuses commands has no latency worth plotting: it is
                // saturated.
                if sim.counters().refused > 0 {
                    f64::INFINITY
                } else {
                    sim.p99_ms().0
                }
            };
            (f64::from(load), p99(Arch::Simple), p99(Arch::Patterns))
        })
        .collect()
}
