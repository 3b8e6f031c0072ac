//! The timeline scene's parameters, its cost model and the learner's actions.

use crate::sim::action::actions;
use crate::sim::keyed::keyed;
use crate::sim::Nanos;

/// Fewest users.
pub const MIN_USERS: u32 = 100;
/// Most users.
pub const MAX_USERS: u32 = 10_000_000;
/// The follower power law's exponent, thousandths: 0.5 to 2.0.
pub const ZIPF_MILLI: (u32, u32) = (500, 2_000);
/// Most tweets a second.
pub const MAX_TWEET_RATE: u32 = 100_000;
/// Most timeline opens a second.
pub const MAX_TIMELINE_RATE: u32 = 1_000_000;
/// The celebrity threshold's range, followers.
pub const THRESHOLD: (u32, u32) = (1_000, 10_000_000);
/// The fan-out service's range, cache writes a second.
pub const CAPACITY: (u32, u32) = (1, 100_000_000);
/// Entries a timeline cache keeps (Twitter kept 800).
pub const TIMELINE_CAP: usize = 800;
/// Accounts one user may follow (Twitter's follow limit).
pub const MAX_FOLLOWS: usize = 5_000;
/// Twitter's delivery target: a tweet in every follower's timeline within five seconds.
pub const DELIVERY_TARGET_NS: Nanos = 5_000_000_000;

// The cost model of opening a timeline: one cache read, then each further tweet list merged
// in. Fan-out on write reads one list; fan-out on read one per account followed; the hybrid
// its cache and one per celebrity followed.

/// Reading one timeline cache (a round trip to the cache).
pub const TIMELINE_READ_NS: Nanos = 1_000_000;
/// Each further list fetched and merged into the timeline.
pub const MERGE_NS: Nanos = 100_000;

keyed! {
    /// Where the work of a home timeline is done.
    pub enum Fanout {
        /// When a user tweets: the tweet is written into every follower's cache.
        Write = "write",
        /// When a user opens the timeline: the tweets of everyone followed are merged.
        Read = "read",
        /// On write, except for accounts above the celebrity threshold, merged at read time.
        Hybrid = "hybrid",
    }
}

/// Everything the timeline scene is set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FanoutConfig {
    /// Users in the follower graph (fixed for a run).
    pub users: u32,
    /// The follower power law's exponent, thousandths (fixed for a run): the `k`-th most
    /// followed account has `(users - 1) / k^zipf` followers.
    pub zipf_milli: u32,
    /// Tweets a second (Poisson), each by a user picked at random.
    pub tweet_rate: u32,
    /// Timeline opens a second.
    pub timeline_rate: u32,
    /// Where the timeline work is done.
    pub fanout: Fanout,
    /// Followers from which an account counts as a celebrity (not fanned out by the hybrid).
    pub celebrity_threshold: u32,
    /// Cache writes a second the fan-out service makes.
    pub fanout_capacity: u32,
}

impl Default for FanoutConfig {
    fn default() -> Self {
        Self {
            users: 1_000_000,
            zipf_milli: 840,
            tweet_rate: 1_000,
            timeline_rate: 20_000,
            fanout: Fanout::Write,
            celebrity_threshold: 100_000,
            fanout_capacity: 200_000,
        }
    }
}

impl FanoutConfig {
    /// The scene at its heaviest: every count and rate at its most, the flattest power law
    /// (the most followers) and fan-out on write at full capacity.
    pub const HEAVIEST: Self = Self {
        users: MAX_USERS,
        zipf_milli: ZIPF_MILLI.0,
        tweet_rate: MAX_TWEET_RATE,
        timeline_rate: MAX_TIMELINE_RATE,
        fanout: Fanout::Write,
        celebrity_threshold: THRESHOLD.0,
        fanout_capacity: CAPACITY.1,
    };

    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        Self {
            users: self.users.clamp(MIN_USERS, MAX_USERS),
            zipf_milli: self.zipf_milli.clamp(ZIPF_MILLI.0, ZIPF_MILLI.1),
            tweet_rate: self.tweet_rate.min(MAX_TWEET_RATE),
            timeline_rate: self.timeline_rate.min(MAX_TIMELINE_RATE),
            celebrity_threshold: self.celebrity_threshold.clamp(THRESHOLD.0, THRESHOLD.1),
            fanout_capacity: self.fanout_capacity.clamp(CAPACITY.0, CAPACITY.1),
            ..self
        }
    }

    /// The exponent.
    pub fn zipf(&self) -> f64 {
        f64::from(self.zipf_milli) / 1e3
    }
}

actions! {
    /// A learner's change while the run goes on. The graph (`users`, `zipf`) is fixed for a run.
    pub enum FanoutAction for FanoutConfig {
        /// Tweets a second.
        TweetRate(u32) => tweet_rate,
        /// Timeline opens a second.
        TimelineRate(u32) => timeline_rate,
        /// Where the work is done, for tweets and opens from now on.
        Strategy(Fanout) => fanout,
        /// The celebrity threshold, for tweets and opens from now on.
        Threshold(u32) => celebrity_threshold,
        /// The fan-out service's capacity.
        Capacity(u32) => fanout_capacity,
        /// The most followed account tweets now.
        CelebrityTweets,
    }
}
