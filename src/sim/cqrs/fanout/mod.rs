//! CQRS at Twitter's scale: home timelines. Tweets are the write side; the timeline caches
//! are the read model, kept by a fan-out service that writes each tweet's ID into every
//! follower's cache (fan-out on write), or skipped and the timeline merged when it is opened
//! (fan-out on read), or both by follower count (the hybrid Twitter runs).
//!
//! Model: Poisson tweets, each by a user picked at random from the follower graph of
//! [`graph`]; a tweet's fan-out is a job of one cache write per follower, served first come,
//! first served at `fanout_capacity` writes a second, so one celebrity's tweet holds up every
//! tweet behind it. Timeline opens arrive at a steady rate; each costs one cache read and
//! [`config::MERGE_NS`] per further list merged. Only the tracked readers' timelines are real
//! (their deliveries happen when the fan-out job reaches their place in it, drawn at random);
//! every other follower's write is counted, not stored. Opens are counted exactly; their cost
//! is read off up to [`READ_SAMPLES`] opens of tracked readers a tick, each standing for an
//! equal share.
//!
//! Bounds: [`MAX_JOBS`] fan-out jobs (past it a tweet's fan-out is refused and counted);
//! [`MAX_DELIVERIES`] deliveries to tracked readers waiting; [`MAX_LOG`] recent tweets of the
//! accounts tracked readers follow; [`graph::MAX_TRACKED`] timelines of
//! [`config::TIMELINE_CAP`] entries.

pub mod config;
pub mod graph;

use crate::sim::timeline::Column;
use crate::sim::window::ratio;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub use config::{Fanout, FanoutAction, FanoutConfig};
use config::{DELIVERY_TARGET_NS, MERGE_NS, TIMELINE_CAP, TIMELINE_READ_NS};
use graph::{Audience, Graph};

use crate::sim::poisson::Poisson;
use crate::sim::rng::SimRng;
use crate::sim::window::{CountWindow, LatencyWindow};
use crate::sim::{seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Fan-out jobs waiting or under way.
pub const MAX_JOBS: usize = 200_000;
/// Deliveries to tracked readers waiting for their job.
pub const MAX_DELIVERIES: usize = 262_144;
/// Recent tweets kept of the accounts tracked readers follow (what fan-out on read merges).
pub const MAX_LOG: usize = 65_536;
/// Opens a tick whose cost is drawn.
pub const READ_SAMPLES: u64 = 16;

/// A tweet of an account some tracked reader follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tweet {
    /// Its ID: tweets are numbered in the order they are posted.
    pub id: u64,
    /// The author's rank.
    pub author: u32,
    /// When it was posted.
    pub at: Nanos,
    /// Whether it was fanned out (else it is merged in when a timeline is opened).
    pub fanned: bool,
}

/// One tweet's fan-out: a cache write per follower. 24 bytes: up to [`MAX_JOBS`] wait, and
/// every checkpoint holds its own copy of them, so their size sets how many checkpoints fit.
/// Only the job at the head is under way ([`FanoutSim::head_done`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// The tweet.
    pub id: u64,
    /// When it was posted.
    pub at: Nanos,
    /// Its author's rank.
    pub author: u32,
    /// Writes it needs: one per follower, fewer than the users.
    pub total: u32,
}

/// A tracked reader's place in a fan-out job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Delivery {
    id: u64,
    pos: u32,
    reader: u16,
}

impl Hash for Delivery {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // As when `pos` was 64-bit, so the pinned state hashes stay valid.
        (self.id, u64::from(self.pos), self.reader).hash(h);
    }
}

/// Running totals. Conservation: `tweets = fanned + pulled + refused`, and the writes owed
/// to accepted jobs are `fanout_writes + backlog` at every instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FanoutCounters {
    /// Tweets posted.
    pub tweets: u64,
    /// Tweets by accounts at or above the celebrity threshold.
    pub celebrity_tweets: u64,
    /// Tweets given to the fan-out service.
    pub fanned: u64,
    /// Tweets left to be merged in at read time.
    pub pulled: u64,
    /// Tweets whose fan-out was refused (the service's queue was full).
    pub refused: u64,
    /// Cache writes the refused tweets would have made.
    pub refused_writes: u64,
    /// Cache writes owed to accepted jobs.
    pub owed_writes: u64,
    /// Cache writes made.
    pub fanout_writes: u64,
    /// Cache writes made later than the five-second delivery target.
    pub late_writes: u64,
    /// Timeline opens.
    pub reads: u64,
    /// Lists merged by those opens (from the sampled opens).
    pub merges: u64,
}

/// The whole timeline scene.
#[derive(Clone, Debug)]
pub struct FanoutSim {
    config: FanoutConfig,
    now: Nanos,
    graph: Graph,
    audience: Arc<Audience>,
    /// Ranks at or above the celebrity threshold: `1..=celebrities`.
    celebrities: u32,
    tweets_src: Poisson,
    authors: SimRng,
    places: SimRng,
    opens: SimRng,
    next_id: u64,
    /// Each tracked reader's timeline cache, tweet IDs ascending.
    caches: Vec<VecDeque<u64>>,
    /// When each tracked reader last received a tweet.
    last_delivery: Vec<Nanos>,
    log: VecDeque<Tweet>,
    jobs: VecDeque<Job>,
    /// Writes made of the job at the head.
    head_done: u64,
    deliveries: VecDeque<Delivery>,
    /// Writes waiting in the jobs.
    backlog: u64,
    /// Fan-out work owed, write-nanoseconds.
    credit: u64,
    /// Opens owed, open-nanoseconds.
    open_credit: u64,
    counters: FanoutCounters,
    visible: LatencyWindow,
    read_latency: LatencyWindow,
    writes_window: CountWindow,
    opens_window: CountWindow,
    merges_window: CountWindow,
}

impl FanoutSim {
    /// A run of `config` from `seed`.
    pub fn new(seed: u64, config: FanoutConfig) -> Self {
        let config = config.clamped();
        let graph = Graph::new(config.users, config.zipf());
        let audience = Audience::new(&graph, &mut SimRng::new(seed, 20));
        let tracked = audience.readers.len();
        Self {
            celebrities: graph.celebrities(config.celebrity_threshold),
            tweets_src: Poisson::new(config.tweet_rate, SimRng::new(seed, 21), 0),
            authors: SimRng::new(seed, 22),
            places: SimRng::new(seed, 23),
            opens: SimRng::new(seed, 24),
            next_id: 0,
            caches: vec![VecDeque::new(); tracked],
            last_delivery: vec![0; tracked],
            log: VecDeque::new(),
            jobs: VecDeque::new(),
            head_done: 0,
            deliveries: VecDeque::new(),
            backlog: 0,
            credit: 0,
            open_credit: 0,
            counters: FanoutCounters::default(),
            visible: LatencyWindow::default(),
            read_latency: LatencyWindow::default(),
            writes_window: CountWindow::default(),
            opens_window: CountWindow::default(),
            merges_window: CountWindow::default(),
            now: 0,
            graph,
            audience,
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &FanoutConfig {
        &self.config
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Running totals.
    pub fn counters(&self) -> &FanoutCounters {
        &self.counters
    }

    /// The follower counts.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The tracked readers.
    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// Accounts at or above the celebrity threshold.
    pub fn celebrities(&self) -> u32 {
        self.celebrities
    }

    /// Cache writes waiting for the fan-out service.
    pub fn backlog(&self) -> u64 {
        self.backlog
    }

    /// Fan-out jobs waiting or under way, oldest first.
    pub fn jobs(&self) -> &VecDeque<Job> {
        &self.jobs
    }

    /// Writes made of the job at the head, the one under way.
    pub fn head_done(&self) -> u64 {
        self.head_done
    }

    /// How long the oldest tweet still being fanned out has waited, ms (0: none).
    pub fn oldest_waiting_ms(&self) -> f64 {
        self.jobs
            .front()
            .map_or(0.0, |j| seconds(self.now.saturating_sub(j.at)) * 1e3)
    }

    /// Cache writes and timeline opens over the last second.
    pub fn per_s(&self) -> (u64, u64) {
        (
            self.writes_window.last_second(self.now),
            self.opens_window.last_second(self.now),
        )
    }

    /// Mean lists merged per timeline open over the last second (0: no opens).
    pub fn merges_per_read(&self) -> f64 {
        let merges = self.merges_window.last_second(self.now);
        ratio(merges, self.opens_window.last_second(self.now), 0.0)
    }

    /// Timeline opens over the last second: median, 99th percentile (ms), opens drawn.
    pub fn read_p50_p99(&self) -> (f64, f64, u64) {
        self.read_latency.p50_p99_ms(self.now)
    }

    /// From a tweet to a follower's timeline over the last second: median, 99th percentile
    /// (ms), followers reached.
    pub fn visible_p50_p99(&self) -> (f64, f64, u64) {
        self.visible.p50_p99_ms(self.now)
    }

    /// When tracked reader `r` last received a tweet.
    pub fn last_delivery(&self, r: usize) -> Option<Nanos> {
        self.last_delivery.get(r).copied()
    }

    /// Lists an open of tracked reader `r`'s timeline merges now.
    pub fn merges(&self, r: usize) -> u64 {
        let Some(reader) = self.audience.readers.get(r) else {
            return 0;
        };
        match self.config.fanout {
            Fanout::Write => 1,
            Fanout::Read => reader.follows.len() as u64,
            Fanout::Hybrid => 1 + reader.celebrities_followed(self.celebrities) as u64,
        }
    }

    /// What an open of tracked reader `r`'s timeline costs now.
    pub fn open_cost(&self, r: usize) -> Nanos {
        TIMELINE_READ_NS + self.merges(r).saturating_sub(1) * MERGE_NS
    }

    /// Tracked reader `r`'s home timeline, tweet IDs oldest first, at most
    /// [`TIMELINE_CAP`]: its cache merged with the recent tweets, not fanned out, of the
    /// accounts it follows.
    pub fn timeline(&self, r: usize) -> Vec<u64> {
        let (Some(reader), Some(cache)) = (self.audience.readers.get(r), self.caches.get(r)) else {
            return Vec::new();
        };
        let pulled = self
            .log
            .iter()
            .filter(|t| !t.fanned && reader.follows(t.author))
            .map(|t| t.id);
        let mut all: Vec<u64> = cache.iter().copied().chain(pulled).collect();
        all.sort_unstable();
        all.dedup();
        let skip = all.len().saturating_sub(TIMELINE_CAP);
        all.split_off(skip)
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        while let Some(at) = self.tweets_src.next_at().filter(|t| *t <= end) {
            self.tweets_src.fire(at);
            let users = self.graph.users();
            let rank = 1 + ((self.authors.unit() * f64::from(users)) as u32).min(users - 1);
            self.tweet(rank, at);
        }
        self.now = end;
        self.fan_out(end);
        self.open_timelines(end);
    }

    /// A tweet by the account of `rank` at `at`.
    fn tweet(&mut self, rank: u32, at: Nanos) {
        let id = self.next_id;
        self.next_id += 1;
        self.counters.tweets += 1;
        let followers = self.graph.followers(rank);
        let celebrity = rank <= self.celebrities;
        self.counters.celebrity_tweets += u64::from(celebrity);
        let fanned = match self.config.fanout {
            Fanout::Write => true,
            Fanout::Read => false,
            Fanout::Hybrid => !celebrity,
        };
        let watchers = self.audience.followers_of(rank).count();
        let queue_full =
            self.jobs.len() >= MAX_JOBS || self.deliveries.len() + watchers > MAX_DELIVERIES;
        if fanned && followers > 0 && queue_full {
            self.counters.refused += 1;
            self.counters.refused_writes += followers;
            return;
        }
        if watchers > 0 {
            if self.log.len() >= MAX_LOG {
                self.log.pop_front();
            }
            self.log.push_back(Tweet {
                id,
                author: rank,
                at,
                fanned,
            });
        }
        if !fanned {
            // Merged in at the next open: in every follower's timeline at once.
            self.counters.pulled += 1;
            let count = u32::try_from(followers).unwrap_or(u32::MAX);
            if count > 0 {
                self.visible.record_n(at, 0, count);
            }
            return;
        }
        self.counters.fanned += 1;
        if followers == 0 {
            return;
        }
        // Fewer followers than users, so within a u32.
        let total = u32::try_from(followers).unwrap_or(u32::MAX);
        self.jobs.push_back(Job {
            id,
            at,
            author: rank,
            total,
        });
        self.backlog += followers;
        self.counters.owed_writes += followers;
        if watchers > 0 {
            let start = self.deliveries.len();
            for reader in self.audience.followers_of(rank) {
                let pos = ((self.places.unit() * followers as f64) as u32).min(total - 1);
                self.deliveries.push_back(Delivery { id, pos, reader });
            }
            self.deliveries.make_contiguous()[start..].sort_unstable_by_key(|d| d.pos);
        }
    }

    /// The fan-out service's tick: the oldest jobs first, within its capacity.
    fn fan_out(&mut self, now: Nanos) {
        self.credit += u64::from(self.config.fanout_capacity) * TICK_NS;
        let mut writes = self.credit / SECOND;
        self.credit %= SECOND;
        while writes > 0 {
            let Some(&Job { id, at, total, .. }) = self.jobs.front() else {
                // Capacity unused now is not saved up.
                self.credit = 0;
                break;
            };
            let take = writes.min(u64::from(total) - self.head_done);
            self.head_done += take;
            let (done, finished) = (self.head_done, self.head_done == u64::from(total));
            writes -= take;
            self.backlog -= take;
            self.counters.fanout_writes += take;
            let latency = now.saturating_sub(at);
            if latency > DELIVERY_TARGET_NS {
                self.counters.late_writes += take;
            }
            self.visible
                .record_n(now, latency, u32::try_from(take).unwrap_or(u32::MAX));
            self.writes_window.add(now, take);
            while let Some(d) = self
                .deliveries
                .front()
                .copied()
                .filter(|d| d.id < id || (d.id == id && u64::from(d.pos) < done))
            {
                self.deliveries.pop_front();
                self.deliver(d, now);
            }
            if finished {
                self.jobs.pop_front();
                self.head_done = 0;
            }
        }
    }

    fn deliver(&mut self, d: Delivery, now: Nanos) {
        let r = usize::from(d.reader);
        if let Some(cache) = self.caches.get_mut(r) {
            // Jobs are served in tweet order, so this is nearly always the end.
            let at = cache.partition_point(|&id| id < d.id);
            cache.insert(at, d.id);
            if cache.len() > TIMELINE_CAP {
                cache.pop_front();
            }
        }
        if let Some(t) = self.last_delivery.get_mut(r) {
            *t = now;
        }
    }

    /// The tick's timeline opens: counted exactly, their cost drawn from a sample.
    fn open_timelines(&mut self, now: Nanos) {
        self.open_credit += u64::from(self.config.timeline_rate) * TICK_NS;
        let opens = self.open_credit / SECOND;
        self.open_credit %= SECOND;
        let readers = self.audience.readers.len();
        if opens == 0 || readers == 0 {
            return;
        }
        self.counters.reads += opens;
        self.opens_window.add(now, opens);
        let samples = opens.min(READ_SAMPLES);
        let mut merged = 0;
        for i in 0..samples {
            // Equal shares; the remainder to the first samples.
            let share = opens / samples + u64::from(i < opens % samples);
            let r = ((self.opens.unit() * readers as f64) as usize).min(readers - 1);
            let cost = self.open_cost(r);
            self.read_latency
                .record_n(now, cost, u32::try_from(share).unwrap_or(u32::MAX));
            merged += self.merges(r) * share;
        }
        self.counters.merges += merged;
        self.merges_window.add(now, merged);
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: FanoutAction) {
        let Some(c) = self.config.after(action) else {
            // The most followed account tweets.
            self.tweet(1, self.now);
            return;
        };
        self.config = c;
        match action {
            FanoutAction::TweetRate(_) => self.tweets_src.set_rate(c.tweet_rate, self.now),
            FanoutAction::Threshold(_) => {
                self.celebrities = self.graph.celebrities(c.celebrity_threshold);
            }
            _ => {}
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.config, self.now, self.counters, self.next_id).hash(&mut h);
        (&self.caches, &self.last_delivery, &self.log).hash(&mut h);
        // As when each job held its own count of writes made, so the pinned hashes stay valid.
        self.jobs.len().hash(&mut h);
        for (i, j) in self.jobs.iter().enumerate() {
            let done = if i == 0 { self.head_done } else { 0 };
            (j.id, j.author, j.at, u64::from(j.total), done).hash(&mut h);
        }
        (
            &self.deliveries,
            self.backlog,
            self.credit,
            self.open_credit,
        )
            .hash(&mut h);
        (self.celebrities, self.audience.pairs()).hash(&mut h);
        (
            self.tweets_src.rng_fingerprint(),
            self.tweets_src.next_at(),
            self.authors.fingerprint(),
            self.places.fingerprint(),
            self.opens.fingerprint(),
        )
            .hash(&mut h);
        h.finish()
    }

    /// Checks conservation and the bounds.
    pub fn check_invariants(&self) -> Result<(), String> {
        let k = &self.counters;
        if k.tweets != k.fanned + k.pulled + k.refused {
            return Err(format!(
                "tweets: {} posted, {} fanned out, {} pulled, {} refused",
                k.tweets, k.fanned, k.pulled, k.refused
            ));
        }
        if self.head_done > self.jobs.front().map_or(0, |j| u64::from(j.total)) {
            return Err(format!("the head job made {} writes", self.head_done));
        }
        let owed: u64 = self.jobs.iter().map(|j| u64::from(j.total)).sum();
        let waiting = owed - self.head_done;
        if waiting != self.backlog || k.owed_writes != k.fanout_writes + self.backlog {
            return Err(format!(
                "writes: {} owed, {} made, {} waiting (counted {})",
                k.owed_writes, k.fanout_writes, waiting, self.backlog
            ));
        }
        if self.jobs.len() > MAX_JOBS
            || self.deliveries.len() > MAX_DELIVERIES
            || self.log.len() > MAX_LOG
        {
            return Err("a bound was passed".to_owned());
        }
        for (r, cache) in self.caches.iter().enumerate() {
            if cache.len() > TIMELINE_CAP {
                return Err(format!("reader {r}'s timeline holds {}", cache.len()));
            }
            if cache.iter().zip(cache.iter().skip(1)).any(|(a, b)| a >= b) {
                return Err(format!("reader {r}'s timeline is out of order"));
            }
        }
        if let Some(d) = self.deliveries.front() {
            if self.jobs.front().is_none_or(|j| d.id < j.id) {
                return Err("a delivery outlived its job".to_owned());
            }
        }
        Ok(())
    }
}

impl crate::sim::timeline::Replay for FanoutSim {
    crate::sim::timeline::replay_by_delegation!(FanoutAction);

    fn added_bytes(&self, earlier: Option<&Self>) -> usize {
        let cached: usize = self.caches.iter().map(VecDeque::len).sum();
        // The audience never changes, so every checkpoint of a run shares it.
        let audience = if earlier.is_none() {
            self.audience.pairs() * 12 + self.graph.users() as usize / 8
        } else {
            0
        };
        std::mem::size_of::<Self>()
            + audience
            + cached * 8
            + self.caches.len() * (std::mem::size_of::<VecDeque<u64>>() + 8)
            + self.log.len() * std::mem::size_of::<Tweet>()
            + self.jobs.len() * std::mem::size_of::<Job>()
            + self.deliveries.len() * std::mem::size_of::<Delivery>()
            + self.visible.bytes()
            + self.read_latency.bytes()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("tweets_total", |s| s.counters.tweets as f64),
        ("fanout_writes_per_s", |s| s.per_s().0 as f64),
        ("fanout_backlog", |s| s.backlog as f64),
        ("timeline_read_p99_ms", |s| s.read_p50_p99().1),
        ("tweet_visible_p99_ms", |s| s.visible_p50_p99().1),
        ("merges_per_read", |s| s.merges_per_read()),
        ("celebrity_tweets_total", |s| s.counters.celebrity_tweets as f64),
        ("timeline_reads_per_s", |s| s.per_s().1 as f64),
    ];
}
