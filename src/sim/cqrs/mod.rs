//! CQRS, the guide's first pattern: one database serving both commands and queries, against
//! separate paths, commands to a normalized write store and queries to a denormalized read
//! store (with replicas) that a projector keeps up to date, so the read side is eventually
//! consistent and a client may not see its own write yet.
//!
//! Model: Poisson commands and queries from [`config::CLIENTS`] clients, each query reading
//! the client's own record. A store is [`config::CONNECTIONS`] connections serving one FIFO
//! queue (so in one shared database, reads and writes contend: every job waits behind every
//! other); service times are exponential with the means in [`config`]. A commit is published
//! to the projector, which applies it [`config::SYNC_DELAY_NS`] later at the earliest, at most
//! `sync_capacity` changes a second. This is the split scene of the CQRS lab; [`fanout`] is
//! the timeline scene.
//!
//! Bounds: [`MAX_WAITING`] jobs a store (past it a job is refused with a 503 and counted);
//! [`MAX_BACKLOG`] changes waiting for the projector (past it commands are refused); 2 + 16
//! stores; a version per client per side.

pub mod config;
pub mod fanout;

use crate::sim::timeline::Column;
use crate::sim::Replay;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

pub use config::{Arch, CqrsAction, CqrsConfig};
use config::{CLIENTS, CONNECTIONS, DENORMALIZED_READ_NS, MAX_REPLICAS, SYNC_DELAY_NS, WRITE_NS};

use super::poisson::Poisson;
use super::rng::SimRng;
use super::window::{CountWindow, LatencyWindow};
use super::{nanos, seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Jobs a store holds waiting.
pub const MAX_WAITING: usize = 100_000;
/// Changes waiting for the projector.
pub const MAX_BACKLOG: usize = 1_000_000;

/// The traditional database's index in the stores.
const DB: usize = 0;
/// The CQRS write store's.
const WRITE_STORE: usize = 1;
/// The first read replica's.
const REPLICA0: usize = 2;

/// What a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A command.
    Write,
    /// A query; `want` is the version of the client's own record it should see (its last
    /// committed write when it asked).
    Read {
        /// The version the client last wrote.
        want: u32,
    },
}

/// A command or a query in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Job {
    /// What it is.
    pub kind: Kind,
    /// Whose.
    pub client: u32,
    /// When it arrived.
    pub arrived: Nanos,
}

/// A pool of connections serving one FIFO queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    waiting: VecDeque<Job>,
    busy: [Option<(Job, Nanos)>; CONNECTIONS],
    /// Connections at work, counted as they start and finish.
    busy_count: usize,
    /// The earliest completion, cached.
    next: Option<(Nanos, usize)>,
    rng: SimRng,
}

impl Hash for Store {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.waiting, &self.busy, self.rng.fingerprint()).hash(h);
    }
}

impl Store {
    fn new(rng: SimRng) -> Self {
        Self {
            waiting: VecDeque::new(),
            busy: [None; CONNECTIONS],
            busy_count: 0,
            next: None,
            rng,
        }
    }

    /// Jobs waiting.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Connections at work.
    pub fn in_service(&self) -> usize {
        self.busy_count
    }

    /// Jobs waiting or in service, by kind: (writes, reads).
    fn holds(&self) -> (u64, u64) {
        let jobs = self
            .waiting
            .iter()
            .chain(self.busy.iter().flatten().map(|(j, _)| j));
        jobs.fold((0, 0), |(w, r), j| match j.kind {
            Kind::Write => (w + 1, r),
            Kind::Read { .. } => (w, r + 1),
        })
    }

    fn refresh_next(&mut self) {
        self.next = self
            .busy
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|(_, at)| (at, i)))
            .min();
    }

    /// Queues a job, starting it if a connection is free; `false` if the store is full.
    fn offer(&mut self, job: Job, cost: Nanos, now: Nanos) -> bool {
        if let Some(i) = self.busy.iter().position(Option::is_none) {
            self.start(i, job, cost, now);
            return true;
        }
        if self.waiting.len() >= MAX_WAITING {
            return false;
        }
        self.waiting.push_back(job);
        true
    }

    fn start(&mut self, i: usize, job: Job, mean: Nanos, now: Nanos) {
        let service = nanos(self.rng.exponential(seconds(mean))).max(1);
        if let Some(slot) = self.busy.get_mut(i) {
            if slot.is_none() {
                self.busy_count += 1;
            }
            *slot = Some((job, now + service));
        }
        if self.next.is_none_or(|n| (now + service, i) < n) {
            self.next = Some((now + service, i));
        }
    }

    /// Finishes the job of connection `i` and starts the next waiting one, whose cost
    /// `cost_of` gives.
    fn finish(&mut self, i: usize, now: Nanos, cost_of: impl Fn(&Job) -> Nanos) -> Option<Job> {
        let (job, _) = self.busy.get_mut(i)?.take()?;
        self.busy_count -= 1;
        // The slot that finished was the earliest: find the next earliest among the others,
        // then let the job starting here compete.
        self.refresh_next();
        if let Some(next) = self.waiting.pop_front() {
            let cost = cost_of(&next);
            self.start(i, next, cost, now);
        }
        Some(job)
    }
}

/// What `job` costs in store `store`: commands write the normalized schema; a replica reads
/// the denormalized document; the one database and the write store read the normalized one.
fn cost(c: &CqrsConfig, store: usize, job: &Job) -> Nanos {
    match (job.kind, store) {
        (Kind::Write, _) => WRITE_NS,
        (Kind::Read { .. }, s) if s >= REPLICA0 => DENORMALIZED_READ_NS,
        (Kind::Read { .. }, _) => c.normalized_read_ns(),
    }
}

/// Running totals. Conservation: for commands and for queries alike, `arrived = done +
/// refused + waiting + in service` at every instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CqrsCounters {
    /// Commands that arrived.
    pub writes: u64,
    /// Commands committed.
    pub writes_done: u64,
    /// Commands refused (a full store or a full projector backlog).
    pub writes_refused: u64,
    /// Queries that arrived.
    pub reads: u64,
    /// Queries answered.
    pub reads_done: u64,
    /// Queries refused (a full store).
    pub reads_refused: u64,
    /// Answers older than the client's own last write (read-your-writes misses).
    pub stale_reads: u64,
    /// Queries sent to the write store by the read-your-writes mitigation.
    pub ryw_redirects: u64,
    /// Changes the projector applied.
    pub synced: u64,
    /// The longest a committed write took to reach the read store.
    pub longest_sync_ns: Nanos,
}

/// The whole split scene.
#[derive(Clone, Debug)]
pub struct CqrsSim {
    config: CqrsConfig,
    now: Nanos,
    /// The traditional database, the write store, then the replicas.
    stores: Vec<Store>,
    writes_src: Poisson,
    reads_src: Poisson,
    picks: SimRng,
    /// The replica the last query went to.
    next_replica: u32,
    /// The earliest completion over every store, cached: `(when, store, connection)`.
    next_done: Option<(Nanos, usize, usize)>,
    /// The version of each client's record in the write store (or the one database).
    committed: Vec<u32>,
    /// The version of each client's record in the read store.
    projected: Vec<u32>,
    /// Commits waiting for the projector: client, version, when committed.
    backlog: VecDeque<(u32, u32, Nanos)>,
    /// Projector work owed, in change-nanoseconds.
    credit: u64,
    counters: CqrsCounters,
    write_latency: LatencyWindow,
    read_latency: LatencyWindow,
    write_window: CountWindow,
    read_window: CountWindow,
    /// Connection-nanoseconds busy over the last second: the one database or the write
    /// store, and the replicas together.
    busy_window: [CountWindow; 2],
}

impl CqrsSim {
    /// A run of `config` from `seed`.
    pub fn new(seed: u64, config: CqrsConfig) -> Self {
        let config = config.clamped();
        Self {
            stores: (0..2 + u64::from(MAX_REPLICAS))
                .map(|i| Store::new(SimRng::new(seed, 10 + i)))
                .collect(),
            writes_src: Poisson::new(config.write_rate, SimRng::new(seed, 1), 0),
            reads_src: Poisson::new(config.read_rate, SimRng::new(seed, 2), 0),
            picks: SimRng::new(seed, 3),
            next_replica: 0,
            next_done: None,
            committed: vec![0; CLIENTS as usize],
            projected: vec![0; CLIENTS as usize],
            backlog: VecDeque::new(),
            credit: 0,
            counters: CqrsCounters::default(),
            write_latency: LatencyWindow::default(),
            read_latency: LatencyWindow::default(),
            write_window: CountWindow::default(),
            read_window: CountWindow::default(),
            busy_window: Default::default(),
            now: 0,
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &CqrsConfig {
        &self.config
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Running totals.
    pub fn counters(&self) -> &CqrsCounters {
        &self.counters
    }

    /// Command latency over the last second: median, 99th percentile (ms), count.
    pub fn write_p50_p99(&self) -> (f64, f64, u64) {
        self.write_latency.p50_p99_ms(self.now)
    }

    /// Query latency over the last second.
    pub fn read_p50_p99(&self) -> (f64, f64, u64) {
        self.read_latency.p50_p99_ms(self.now)
    }

    /// Commands and queries completed over the last second.
    pub fn per_s(&self) -> (u64, u64) {
        (
            self.write_window.last_second(self.now),
            self.read_window.last_second(self.now),
        )
    }

    /// How long the oldest change not yet in the read store has waited, ms (0: none waits).
    pub fn sync_lag_ms(&self) -> f64 {
        self.backlog.front().map_or(0.0, |(_, _, at)| {
            seconds(self.now.saturating_sub(*at)) * 1e3
        })
    }

    /// Changes waiting for the projector.
    pub fn backlog(&self) -> usize {
        self.backlog.len()
    }

    /// Share of the connections busy over the last second: the one database (traditional)
    /// or the write store (CQRS), and the read store's mean per replica.
    pub fn utilization(&self) -> (f64, f64) {
        let full = (CONNECTIONS as u64 * SECOND) as f64;
        let replicas = f64::from(self.config.read_replicas);
        (
            self.busy_window[0].last_second(self.now) as f64 / full,
            self.busy_window[1].last_second(self.now) as f64 / full / replicas,
        )
    }

    /// The stores this architecture runs (1 or 2).
    pub fn stores_in_use(&self) -> u32 {
        match self.config.arch {
            Arch::Traditional => 1,
            Arch::Cqrs => 2,
        }
    }

    /// A store: 0 the one database, 1 the write store, 2.. the replicas.
    pub fn store(&self, i: usize) -> Option<&Store> {
        self.stores.get(i)
    }

    /// Each client's record version in the write store and in the read store.
    pub fn versions(&self) -> (&[u32], &[u32]) {
        (&self.committed, &self.projected)
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        loop {
            let w = self.writes_src.next_at().filter(|t| *t <= end);
            let r = self.reads_src.next_at().filter(|t| *t <= end);
            let done = self.next_done.filter(|(at, _, _)| *at <= end);
            let first = [
                w.map(|t| (t, 0)),
                r.map(|t| (t, 1)),
                done.map(|(t, _, _)| (t, 2)),
            ]
            .into_iter()
            .flatten()
            .min();
            match first {
                Some((t, 0)) => self.command(t),
                Some((t, 1)) => self.query(t),
                Some((t, _)) => {
                    if let Some((_, s, i)) = done {
                        self.complete(s, i, t);
                    }
                }
                None => break,
            }
        }
        self.now = end;
        self.project(end);
        let busy = |s: &Store| (s.in_service() as u64) * TICK_NS;
        let primary = match self.config.arch {
            Arch::Traditional => busy(&self.stores[DB]),
            Arch::Cqrs => busy(&self.stores[WRITE_STORE]),
        };
        let replicas: u64 = self.stores[REPLICA0..].iter().map(busy).sum();
        self.busy_window[0].add(end, primary);
        self.busy_window[1].add(end, replicas);
    }

    /// A job started in `store`: it may now hold the earliest completion.
    fn started(&mut self, store: usize) {
        if let Some((at, i)) = self.stores.get(store).and_then(|s| s.next) {
            if self.next_done.is_none_or(|n| (at, store, i) < n) {
                self.next_done = Some((at, store, i));
            }
        }
    }

    /// The earliest completion finished: find the next over every store.
    fn rescan(&mut self) {
        self.next_done = self
            .stores
            .iter()
            .enumerate()
            .filter_map(|(s, st)| st.next.map(|(at, i)| (at, s, i)))
            .min();
    }

    fn command(&mut self, at: Nanos) {
        self.writes_src.fire(at);
        self.counters.writes += 1;
        let client = self.pick_client();
        let store = match self.config.arch {
            Arch::Traditional => DB,
            Arch::Cqrs if self.backlog.len() >= MAX_BACKLOG => {
                self.counters.writes_refused += 1;
                return;
            }
            Arch::Cqrs => WRITE_STORE,
        };
        let job = Job {
            kind: Kind::Write,
            client,
            arrived: at,
        };
        if self.stores[store].offer(job, WRITE_NS, at) {
            self.started(store);
        } else {
            self.counters.writes_refused += 1;
        }
    }

    fn query(&mut self, at: Nanos) {
        self.reads_src.fire(at);
        self.counters.reads += 1;
        let client = self.pick_client();
        let want = self.committed[client as usize];
        let behind = self.projected[client as usize] < want;
        let store = match self.config.arch {
            Arch::Traditional => DB,
            Arch::Cqrs if self.config.ryw && behind => {
                self.counters.ryw_redirects += 1;
                WRITE_STORE
            }
            // The replicas in turn, as a load balancer sends them.
            Arch::Cqrs => {
                self.next_replica = (self.next_replica + 1) % self.config.read_replicas.max(1);
                REPLICA0 + self.next_replica as usize
            }
        };
        let job = Job {
            kind: Kind::Read { want },
            client,
            arrived: at,
        };
        let cost = cost(&self.config, store, &job);
        if self.stores[store].offer(job, cost, at) {
            self.started(store);
        } else {
            self.counters.reads_refused += 1;
        }
    }

    fn pick_client(&mut self) -> u32 {
        ((self.picks.unit() * f64::from(CLIENTS)) as u32).min(CLIENTS - 1)
    }

    fn complete(&mut self, store: usize, i: usize, at: Nanos) {
        let config = self.config;
        let finished = self.stores[store].finish(i, at, |j| cost(&config, store, j));
        self.rescan();
        let Some(job) = finished else {
            return;
        };
        let c = job.client as usize;
        match job.kind {
            Kind::Write => {
                self.committed[c] += 1;
                if store == DB {
                    // One database: what is written is what is read.
                    self.projected[c] = self.committed[c];
                } else {
                    self.backlog.push_back((job.client, self.committed[c], at));
                }
                self.counters.writes_done += 1;
                self.write_latency.record(at, at - job.arrived);
                self.write_window.add(at, 1);
            }
            Kind::Read { want } => {
                // A replica answers with what the projector has applied; the write store and
                // the one database always have the client's own writes.
                if store >= REPLICA0 && self.projected[c] < want {
                    self.counters.stale_reads += 1;
                }
                self.counters.reads_done += 1;
                self.read_latency.record(at, at - job.arrived);
                self.read_window.add(at, 1);
            }
        }
    }

    /// The projector applies the changes whose events have arrived, within its capacity.
    fn project(&mut self, now: Nanos) {
        self.credit += u64::from(self.config.sync_capacity) * TICK_NS;
        while self.credit >= SECOND {
            let Some(&(client, version, at)) = self.backlog.front() else {
                break;
            };
            if at + SYNC_DELAY_NS > now {
                break;
            }
            self.backlog.pop_front();
            self.credit -= SECOND;
            if let Some(p) = self.projected.get_mut(client as usize) {
                *p = (*p).max(version);
            }
            self.counters.synced += 1;
            self.counters.longest_sync_ns = self.counters.longest_sync_ns.max(now - at);
        }
        if self.backlog.is_empty()
            || self
                .backlog
                .front()
                .is_some_and(|(_, _, at)| at + SYNC_DELAY_NS > now)
        {
            // Capacity unused now is not saved up.
            self.credit = self.credit.min(SECOND);
        }
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: CqrsAction) {
        self.config = self.config.with(action);
        let (c, now) = (self.config, self.now);
        match action {
            CqrsAction::WriteRate(_) => {
                self.writes_src.set_rate(c.write_rate, now);
            }
            CqrsAction::ReadRate(_) => {
                self.reads_src.set_rate(c.read_rate, now);
            }
            _ => {}
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.config, self.now, self.counters).hash(&mut h);
        self.stores.hash(&mut h);
        (
            &self.committed,
            &self.projected,
            &self.backlog,
            self.credit,
            self.next_replica,
        )
            .hash(&mut h);
        (
            self.writes_src.rng_fingerprint(),
            self.reads_src.rng_fingerprint(),
            self.picks.fingerprint(),
        )
            .hash(&mut h);
        (self.writes_src.next_at(), self.reads_src.next_at()).hash(&mut h);
        h.finish()
    }

    /// Checks conservation and the bounds.
    pub fn check_invariants(&self) -> Result<(), String> {
        let (w, r) = self.stores.iter().fold((0, 0), |(w, r), s| {
            let (a, b) = s.holds();
            (w + a, r + b)
        });
        let k = &self.counters;
        if k.writes != k.writes_done + k.writes_refused + w {
            return Err(format!(
                "commands: {} arrived, {} done, {} refused, {} held",
                k.writes, k.writes_done, k.writes_refused, w
            ));
        }
        if k.reads != k.reads_done + k.reads_refused + r {
            return Err(format!(
                "queries: {} arrived, {} done, {} refused, {} held",
                k.reads, k.reads_done, k.reads_refused, r
            ));
        }
        if self.stores.iter().any(|s| s.waiting() > MAX_WAITING) || self.backlog.len() > MAX_BACKLOG
        {
            return Err("a bound was passed".to_owned());
        }
        if self
            .projected
            .iter()
            .zip(&self.committed)
            .any(|(p, c)| p > c)
        {
            return Err("the read store is ahead of the write store".to_owned());
        }
        Ok(())
    }
}

/// What one architecture measured over a comparison run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// Which architecture.
    pub arch: Arch,
    /// Simulated seconds it ran.
    pub seconds: f64,
    /// Commands at the 99th percentile over the last second, ms.
    pub write_p99_ms: f64,
    /// Queries at the 99th percentile over the last second, ms.
    pub read_p99_ms: f64,
    /// Reads that missed the reader's own last write.
    pub stale_reads: u64,
}

/// The longest a comparison runs, simulated seconds (it runs at once, on a click).
pub const COMPARE_MAX_S: f64 = 10.0;

/// Both architectures run on the same seed and the same traffic with `config`'s other
/// settings, for `t_s` seconds (1 to [`COMPARE_MAX_S`]): traditional first.
pub fn compare(seed: u64, config: CqrsConfig, t_s: f64) -> [Measured; 2] {
    let t = t_s.clamp(1.0, COMPARE_MAX_S);
    [Arch::Traditional, Arch::Cqrs].map(|arch| {
        let mut sim = CqrsSim::new(seed, CqrsConfig { arch, ..config });
        sim.advance_ticks(nanos(t) / TICK_NS);
        Measured {
            arch,
            seconds: t,
            write_p99_ms: sim.write_p50_p99().1,
            read_p99_ms: sim.read_p50_p99().1,
            stale_reads: sim.counters().stale_reads,
        }
    })
}

impl super::timeline::Replay for CqrsSim {
    crate::sim::timeline::replay_by_delegation!(CqrsAction);

    fn added_bytes(&self, _earlier: Option<&Self>) -> usize {
        let jobs: usize = self.stores.iter().map(Store::waiting).sum();
        std::mem::size_of::<Self>()
            + self.stores.len() * std::mem::size_of::<Store>()
            + jobs * std::mem::size_of::<Job>()
            + self.backlog.len() * 16
            + 2 * CLIENTS as usize * 4
            + self.write_latency.bytes()
            + self.read_latency.bytes()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("write_p50_ms", |s| s.write_p50_p99().0),
        ("write_p99_ms", |s| s.write_p50_p99().1),
        ("read_p50_ms", |s| s.read_p50_p99().0),
        ("read_p99_ms", |s| s.read_p50_p99().1),
        ("writes_per_s", |s| s.per_s().0 as f64),
        ("reads_per_s", |s| s.per_s().1 as f64),
        ("sync_lag_ms", |s| s.sync_lag_ms()),
        ("stale_reads_total", |s| s.counters.stale_reads as f64),
        ("db_utilization", |s| s.utilization().0),
        ("read_utilization", |s| s.utilization().1),
    ];
}
