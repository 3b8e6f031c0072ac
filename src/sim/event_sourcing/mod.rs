//! The event-sourcing lab: bank accounts whose balances are only ever derived from an
//! append-only log of events, with snapshots, time travel, schema versions and a read model
//! that trails the log.
//!
//! Everything here is deterministic from the seed and advances in the engine's fixed ticks.

pub mod account;
pub mod contention;
pub mod snapshot;
pub mod store;

use crate::sim::action::actions;
use crate::sim::timeline::Column;
use std::hash::{Hash, Hasher};

use account::{decide, Account, Command, FoldError, Reader, Refusal};
use contention::{Contention, ContentionConfig};
use snapshot::{Snapshot, Snapshots};
use store::{AppendError, EventStore, MAX_STREAMS};

use super::rng::SimRng;
use super::{nanos, seconds, Nanos, StableHasher, TICK_NS};

/// The highest command rate the lab offers, commands per second.
pub const MAX_COMMAND_RATE: u32 = 10_000;
/// The longest read-model delay, ms.
pub const MAX_PROJECTION_DELAY_MS: u32 = 10_000;
/// The smallest snapshot interval, in events (0 turns snapshots off).
pub const MIN_SNAPSHOT_EVERY: u32 = 100;
/// The largest snapshot interval.
pub const MAX_SNAPSHOT_EVERY: u32 = 1_000_000;
/// Share of generated commands sent by a client holding a stale version, in percent.
const STALE_PERCENT: u64 = 2;

/// The lab's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EsConfig {
    /// Commands per second from simulated clients, `0..=10_000`.
    pub command_rate: u32,
    /// Accounts the clients use, `1..=1_000`.
    pub accounts: u32,
    /// A snapshot every this many events; 0 = off; else `100..=1_000_000`.
    pub snapshot_every: u32,
    /// How long the read model waits before taking an event in, ms.
    pub projection_delay_ms: u32,
    /// Whether old events are upcast when read.
    pub upcaster: bool,
    /// Writers racing for one stream with backoff ([`contention`]); none by default.
    pub contention: ContentionConfig,
}

/// The settings of earlier versions in their order, then the race only when there is one:
/// every run from before keeps its state hash.
impl Hash for EsConfig {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.command_rate, self.accounts, self.snapshot_every).hash(h);
        (self.projection_delay_ms, self.upcaster).hash(h);
        if self.contention.writers > 0 {
            self.contention.hash(h);
        }
    }
}

impl Default for EsConfig {
    fn default() -> Self {
        Self {
            command_rate: 50,
            accounts: 10,
            snapshot_every: 1_000,
            projection_delay_ms: 500,
            upcaster: true,
            contention: ContentionConfig::default(),
        }
    }
}

impl EsConfig {
    /// The same configuration with every number inside its range.
    pub fn clamped(self) -> Self {
        Self {
            command_rate: self.command_rate.min(MAX_COMMAND_RATE),
            accounts: self.accounts.clamp(1, MAX_STREAMS as u32),
            snapshot_every: if self.snapshot_every == 0 {
                0
            } else {
                self.snapshot_every
                    .clamp(MIN_SNAPSHOT_EVERY, MAX_SNAPSHOT_EVERY)
            },
            projection_delay_ms: self.projection_delay_ms.min(MAX_PROJECTION_DELAY_MS),
            upcaster: self.upcaster,
            contention: self.contention.clamped(),
        }
    }
}

actions! {
    /// A learner's action.
    pub enum EsAction for EsConfig {
        /// Set the command rate.
        CommandRate(u32) => command_rate,
        /// Set the number of accounts.
        Accounts(u32) => accounts,
        /// Set the snapshot interval (0 = off).
        SnapshotEvery(u32) => snapshot_every,
        /// Set the read model's delay, ms.
        ProjectionDelay(u32) => projection_delay_ms,
        /// Turn the upcaster on or off.
        Upcaster(bool) => upcaster,
        /// From now on, deposits are written as v2 and read as v2.
        DeployV2,
        /// Send one command by hand, with the current version.
        Manual { account: u32, command: Command },
        /// Two clients read the same version and both withdraw.
        ConcurrentWithdrawals { account: u32, amount: u32 },
    }
}

/// What became of the last command sent by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Appended at this offset.
    Appended(u64),
    /// Refused by the account's rules; nothing written.
    Refused(Refusal),
    /// Refused by the store: stale expected version; nothing written.
    Conflict { expected: u32, actual: u32 },
}

/// Counters of the lab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EsCounters {
    /// Commands handled.
    pub commands: u64,
    /// Commands refused by the rules (overdraft and the like).
    pub rejected: u64,
    /// Appends refused for a stale version.
    pub conflicts: u64,
}

/// A rebuilt state and what it cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebuild {
    /// Accounts by stream id, as of the target offset.
    pub accounts: Vec<Account>,
    /// Where the replay started (0, a snapshot, or the archive boundary).
    pub from: u64,
    /// Events folded.
    pub replayed: u64,
}

/// A rebuild in progress: see [`EventSourcing::start_rebuild`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebuildJob {
    target: u64,
    use_snapshots: bool,
    reader: Reader,
    from: u64,
    next: u64,
    accounts: Vec<Account>,
}

impl RebuildJob {
    /// The offset being rebuilt.
    pub fn target(&self) -> u64 {
        self.target
    }
}

/// The read model: balances fed from the log after a delay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projection {
    /// Events taken in so far.
    pub position: u64,
    /// Its balances.
    pub accounts: Vec<Account>,
    /// Set if an event could not be read; the projection stops there.
    pub error: Option<FoldError>,
}

/// The whole state of one event-sourcing run.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSourcing {
    seed: u64,
    config: EsConfig,
    now: Nanos,
    rng: SimRng,
    next_command_at: Option<Nanos>,
    store: EventStore,
    /// The write side's state, kept by folding each event as it is appended.
    live: Vec<Account>,
    snapshots: Snapshots,
    /// State at the archive boundary, once the oldest events have left memory.
    archive: Option<Snapshot>,
    projection: Projection,
    /// The deposit schema in force (1, or 2 after [`EsAction::DeployV2`]).
    schema: u8,
    /// Offset of the first event written under v2.
    v2_since: Option<u64>,
    counters: EsCounters,
    last_outcomes: [Option<Outcome>; 2],
    /// Writers racing for one stream, when the settings have any.
    contention: Option<Contention>,
}

impl EventSourcing {
    /// A fresh run at time zero.
    pub fn new(seed: u64, config: EsConfig) -> Self {
        let mut sim = Self {
            seed,
            config: config.clamped(),
            now: 0,
            rng: SimRng::new(seed, 3),
            next_command_at: None,
            store: EventStore::new(),
            live: Vec::new(),
            snapshots: Snapshots::default(),
            archive: None,
            projection: Projection::default(),
            schema: 1,
            v2_since: None,
            counters: EsCounters::default(),
            last_outcomes: [None; 2],
            contention: (config.contention.writers > 0)
                .then(|| Contention::new(seed, config.contention)),
        };
        sim.next_command_at = sim.schedule_after(0);
        sim
    }

    /// The configuration in force.
    pub fn config(&self) -> &EsConfig {
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

    /// The log.
    pub fn store(&self) -> &EventStore {
        &self.store
    }

    /// The write side's state.
    pub fn live(&self) -> &[Account] {
        &self.live
    }

    /// The snapshots kept.
    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    /// The read model.
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// Counters.
    pub fn counters(&self) -> &EsCounters {
        &self.counters
    }

    /// The deposit schema in force.
    pub fn schema(&self) -> u8 {
        self.schema
    }

    /// Offset of the first event written after v2 was deployed.
    pub fn v2_since(&self) -> Option<u64> {
        self.v2_since
    }

    /// What the last hand-sent commands did (two for concurrent withdrawals).
    pub fn last_outcomes(&self) -> [Option<Outcome>; 2] {
        self.last_outcomes
    }

    /// How the current code reads the log.
    pub fn reader(&self) -> Reader {
        Reader {
            schema: self.schema,
            upcaster: self.config.upcaster,
        }
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        while let Some(at) = self.next_command_at.filter(|at| *at < end) {
            self.now = at;
            self.generated_command();
            self.next_command_at = self.schedule_after(at);
        }
        self.now = end;
        self.catch_up_projection();
        if let Some(c) = &mut self.contention {
            c.advance(end);
        }
    }

    /// The writers' race, when there is one.
    pub fn contention(&self) -> Option<&Contention> {
        self.contention.as_ref()
    }

    /// Applies a learner's action now.
    pub fn apply(&mut self, action: EsAction) {
        if let Some(config) = self.config.after(action) {
            self.config = config;
            match action {
                EsAction::CommandRate(_) => self.next_command_at = self.schedule_after(self.now),
                EsAction::SnapshotEvery(_) if config.snapshot_every == 0 => self.snapshots.clear(),
                // A projection stopped by an unreadable event may retry with the new reader.
                EsAction::Upcaster(_) => self.projection.error = None,
                _ => {}
            }
            return;
        }
        match action {
            EsAction::DeployV2 if self.schema == 1 => {
                self.schema = 2;
                self.v2_since = Some(self.store.head());
            }
            EsAction::Manual { account, command } => {
                let version = self.store.stream_version(account);
                self.last_outcomes = [Some(self.handle(account, command, version)), None];
            }
            EsAction::ConcurrentWithdrawals { account, amount } => {
                // Both clients read the stream before either writes.
                let version = self.store.stream_version(account);
                let first = self.handle(account, Command::Withdraw(amount), version);
                let second = self.handle(account, Command::Withdraw(amount), version);
                self.last_outcomes = [Some(first), Some(second)];
            }
            // Settings were handled above.
            _ => {}
        }
    }

    /// Handles one command against the live state with the version the client read.
    fn handle(&mut self, account: u32, command: Command, expected: u32) -> Outcome {
        self.counters.commands += 1;
        let state = self.live.get(account as usize).copied().unwrap_or_default();
        let body = match decide(&state, command, self.schema) {
            Ok(body) => body,
            Err(refusal) => {
                self.counters.rejected += 1;
                return Outcome::Refused(refusal);
            }
        };
        if self.store.is_full() {
            self.archive_oldest();
        }
        match self.store.append(account, expected, body, self.now) {
            Ok(offset) => {
                if let Some(event) = self.store.get(offset) {
                    // Appended events are in the current schema: the live reader never fails.
                    let live_reader = Reader {
                        schema: self.schema,
                        upcaster: true,
                    };
                    let _ = live_reader.apply(&mut self.live, offset, &event);
                }
                let every = u64::from(self.config.snapshot_every);
                if every > 0 && (offset + 1) % every == 0 {
                    self.snapshots.push(Snapshot::new(offset + 1, &self.live));
                }
                Outcome::Appended(offset)
            }
            Err(AppendError::Conflict { expected, actual }) => {
                self.counters.conflicts += 1;
                Outcome::Conflict { expected, actual }
            }
            Err(AppendError::UnknownStream) => {
                self.counters.rejected += 1;
                Outcome::Refused(Refusal::NotOpen)
            }
        }
    }

    /// One command from the simulated clients.
    fn generated_command(&mut self) {
        let account =
            (self.rng.unit() * f64::from(self.config.accounts)) as u32 % self.config.accounts;
        let open = self.live.get(account as usize).is_some_and(|a| a.open);
        let roll = self.rng.unit();
        let amount = 1 + (self.rng.unit() * 500.0) as u32;
        let command = match (open, roll < 0.55) {
            (false, _) => Command::Open,
            (true, true) => Command::Deposit(amount),
            (true, false) => Command::Withdraw(amount),
        };
        let version = self.store.stream_version(account);
        // A few clients act on a stale read, as concurrent writers do.
        let stale = version > 0 && (self.rng.unit() * 100.0) < STALE_PERCENT as f64;
        self.handle(account, command, if stale { version - 1 } else { version });
    }

    fn schedule_after(&mut self, t: Nanos) -> Option<Nanos> {
        (self.config.command_rate > 0).then(|| {
            t + nanos(
                self.rng
                    .exponential(1.0 / f64::from(self.config.command_rate)),
            )
        })
    }

    /// The log is full: keep the state at the boundary, then drop the oldest events.
    fn archive_oldest(&mut self) {
        let boundary = self.store.archived_before() + (store::ARCHIVE_CHUNKS * store::CHUNK) as u64;
        let reader = Reader {
            schema: self.schema,
            upcaster: true,
        };
        if let Ok(state) = self.rebuild_with(boundary, true, reader) {
            self.archive = Some(Snapshot::new(boundary, &state.accounts));
            self.store.archive();
        }
    }

    fn catch_up_projection(&mut self) {
        if self.projection.error.is_some() {
            return;
        }
        let delay = nanos(f64::from(self.config.projection_delay_ms) / 1e3);
        let reader = self.reader();
        let Projection {
            position,
            accounts,
            error,
        } = &mut self.projection;
        if *position < self.store.archived_before() {
            // The read model fell behind the archive: restart it from the boundary snapshot.
            if let Some(archive) = &self.archive {
                *position = archive.offset;
                *accounts = archive.accounts();
            }
        }
        for (offset, event) in self.store.range(*position, self.store.head()) {
            if event.at + delay > self.now {
                break;
            }
            if let Err(e) = reader.apply(accounts, offset, &event) {
                *error = Some(e);
                return;
            }
            *position = offset + 1;
        }
    }

    /// Rebuilds every account as of `offset` with the current reader, from the latest
    /// snapshot (`use_snapshots`) or from the oldest event in memory.
    pub fn rebuild(&self, offset: u64, use_snapshots: bool) -> Result<Rebuild, FoldError> {
        self.rebuild_with(offset, use_snapshots, self.reader())
    }

    fn rebuild_with(
        &self,
        offset: u64,
        use_snapshots: bool,
        reader: Reader,
    ) -> Result<Rebuild, FoldError> {
        let mut job = self.start_rebuild_with(offset, use_snapshots, reader);
        loop {
            if let Some(done) = self.continue_rebuild(&mut job, u64::MAX) {
                return done;
            }
        }
    }

    /// Starts a rebuild that can be spread over several calls (so a browser frame never
    /// has to replay a million events at once). See [`EventSourcing::continue_rebuild`].
    pub fn start_rebuild(&self, offset: u64, use_snapshots: bool) -> RebuildJob {
        self.start_rebuild_with(offset, use_snapshots, self.reader())
    }

    fn start_rebuild_with(&self, offset: u64, use_snapshots: bool, reader: Reader) -> RebuildJob {
        // Offsets before the archive boundary are no longer in memory.
        let archived = self.store.archived_before();
        let offset = offset.clamp(archived, self.store.head());
        let snapshot = if use_snapshots {
            self.snapshots
                .at_or_before(offset)
                .filter(|s| s.offset >= archived)
        } else {
            None
        };
        let base = snapshot
            .or(self.archive.as_ref())
            .filter(|s| s.offset <= offset);
        let (from, accounts) = match base {
            Some(s) => (s.offset, s.accounts()),
            None => (0, Vec::new()),
        };
        RebuildJob {
            target: offset,
            use_snapshots,
            reader,
            from,
            next: from,
            accounts,
        }
    }

    /// Folds at most `budget` more events into `job`; returns the result once it is done.
    /// If the log was archived past the job's position meanwhile, the job starts over.
    /// A job folds events already in the log, so what is appended meanwhile changes nothing.
    pub fn continue_rebuild(
        &self,
        job: &mut RebuildJob,
        budget: u64,
    ) -> Option<Result<Rebuild, FoldError>> {
        // Started on a log that has since been archived past it, or replaced by a reset.
        if job.next < self.store.archived_before() || job.target > self.store.head() {
            *job = self.start_rebuild_with(job.target, job.use_snapshots, job.reader);
        }
        let end = job.target.min(job.next.saturating_add(budget));
        for (at, event) in self.store.range(job.next, end) {
            if let Err(e) = job.reader.apply(&mut job.accounts, at, &event) {
                job.next = job.target;
                return Some(Err(e));
            }
        }
        job.next = end;
        (job.next == job.target).then(|| {
            Ok(Rebuild {
                accounts: std::mem::take(&mut job.accounts),
                from: job.from,
                replayed: job.target - job.from,
            })
        })
    }

    /// Events the read model has yet to take in.
    pub fn projection_lag(&self) -> u64 {
        self.store.head().saturating_sub(self.projection.position)
    }

    /// The model's invariants: every command appended one event, was refused by the rules
    /// or lost the race for its stream's version; the write side's accounts are exactly the
    /// streams the log holds, each at its stream's version; the read model and the snapshots
    /// never run ahead of the log; the stated bounds hold.
    pub fn check_invariants(&self) -> Result<(), String> {
        if let Some(c) = &self.contention {
            c.check()?;
        }
        let k = &self.counters;
        let head = self.store.head();
        if k.commands != head + k.rejected + k.conflicts {
            return Err(format!(
                "commands: {} handled, {head} appended, {} refused, {} conflicts",
                k.commands, k.rejected, k.conflicts
            ));
        }
        if self.live.len() > MAX_STREAMS || self.store.stream_count() > MAX_STREAMS {
            return Err("more accounts than the store's bound".to_owned());
        }
        for (id, account) in self.live.iter().enumerate() {
            let version = self.store.stream_version(id as u32);
            if account.open && account.version != version {
                return Err(format!(
                    "account {id} is at version {}, its stream at {version}",
                    account.version
                ));
            }
        }
        if self.projection.position > head {
            return Err("the read model is ahead of the log".to_owned());
        }
        if self.snapshots.len() > snapshot::MAX_SNAPSHOTS
            || self.snapshots.offsets().any(|o| o > head)
        {
            return Err("a snapshot past the log's head, or too many kept".to_owned());
        }
        if head - self.store.archived_before() > store::MAX_LIVE_EVENTS as u64 {
            return Err("more events in memory than the log's bound".to_owned());
        }
        Ok(())
    }

    /// A hash of the whole state.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (
            self.seed,
            self.config,
            self.now,
            self.next_command_at,
            self.schema,
            self.v2_since,
        )
            .hash(&mut h);
        (self.counters, self.store.head(), self.rng.fingerprint()).hash(&mut h);
        self.live.hash(&mut h);
        (self.projection.position, &self.projection.accounts).hash(&mut h);
        self.snapshots.offsets().for_each(|o| o.hash(&mut h));
        if let Some(c) = &self.contention {
            c.hash(&mut h);
        }
        h.finish()
    }
}

impl crate::sim::timeline::Replay for EventSourcing {
    crate::sim::timeline::replay_by_delegation!(EsAction);

    /// The log's packed chunks and the snapshots are shared between clones: a checkpoint
    /// adds the chunks packed since the previous one, the log's unpacked tail, the snapshots
    /// taken since, and its own copies of the balances.
    fn added_bytes(&self, earlier: Option<&Self>) -> usize {
        let accounts = self.live.len() + self.projection.accounts.len();
        std::mem::size_of::<Self>()
            + self.store.unshared_bytes(earlier.map(|e| &e.store))
            + accounts * std::mem::size_of::<Account>()
            + self.snapshots.unshared_bytes(earlier.map(|e| &e.snapshots))
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("events_total", |s| s.store.head() as f64),
        ("streams_total", |s| s.store.stream_count() as f64),
        ("commands_total", |s| s.counters.commands as f64),
        ("commands_rejected_total", |s| s.counters.rejected as f64),
        ("conflicts_total", |s| s.counters.conflicts as f64),
        ("snapshot_count", |s| s.snapshots.len() as f64),
        ("projection_lag_events", |s| s.projection_lag() as f64),
        ("archived_events", |s| s.store.archived_before() as f64),
        ("schema", |s| f64::from(s.schema)),
    ];
}
