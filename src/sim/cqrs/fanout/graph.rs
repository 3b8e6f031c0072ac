//! The follower graph, held compactly: follower counts are a formula of an account's rank,
//! and who follows whom is drawn only for the tracked readers, whose timelines are real.
//!
//! The `k`-th most followed of `n` users has `floor((n - 1) / k^s)` followers (a power law
//! with exponent `s`; the top account is followed by everyone). A tracked reader with
//! appetite `m` (exponential, mean 1, so follow counts are heavy-tailed as on Twitter) follows
//! account `k` with probability `min(1, m × followers(k) / (n - 1))`, at most
//! [`MAX_FOLLOWS`] accounts. Bounds: [`MAX_TRACKED`] readers × [`MAX_FOLLOWS`] follows.

use std::sync::Arc;

use super::config::MAX_FOLLOWS;
use crate::sim::rng::SimRng;

/// Readers whose timelines are kept for real.
pub const MAX_TRACKED: usize = 256;

/// Follower counts by rank.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Graph {
    users: u32,
    zipf: f64,
}

impl Graph {
    /// `users` accounts (at least 2) with follower exponent `zipf`.
    pub fn new(users: u32, zipf: f64) -> Self {
        Self {
            users: users.max(2),
            zipf,
        }
    }

    /// Users in the graph.
    pub fn users(&self) -> u32 {
        self.users
    }

    /// Followers of the account of `rank` (1 is the most followed).
    pub fn followers(&self, rank: u32) -> u64 {
        // libm, so counts are bit-identical natively and in WebAssembly.
        let f = f64::from(self.users - 1) / libm::pow(f64::from(rank.max(1)), self.zipf);
        f.floor() as u64
    }

    /// How many accounts have at least `threshold` followers (they are the top ranks).
    pub fn celebrities(&self, threshold: u32) -> u32 {
        let t = f64::from(threshold.max(1));
        let guess = libm::pow(f64::from(self.users - 1) / t, 1.0 / self.zipf);
        let mut k = (guess.floor() as u32).min(self.users);
        // The formula can be one off where floating point rounds; settle it on the counts.
        while k < self.users && self.followers(k + 1) >= u64::from(threshold) {
            k += 1;
        }
        while k > 0 && self.followers(k) < u64::from(threshold) {
            k -= 1;
        }
        k
    }

    /// Mean followers of an account (so of a tweet, as every user tweets alike), exactly: the
    /// first ranks one by one, and the rest by counting, for each follower count `j` they can
    /// reach, the ranks with at least `j` followers. At most 10,000 + 100,000 steps (the second
    /// term is largest at 10 million users and an exponent of 0.5).
    pub fn mean_followers(&self) -> f64 {
        let head = self.users.min(10_000);
        let mut sum: u64 = (1..=head).map(|k| self.followers(k)).sum();
        if self.users > head {
            let reach = self.followers(head);
            sum += (1..=reach.min(u64::from(u32::MAX)) as u32)
                .map(|j| u64::from(self.celebrities(j).saturating_sub(head)))
                .sum::<u64>();
        }
        sum as f64 / f64::from(self.users)
    }
}

/// One tracked reader: the accounts it follows, by rank, most followed first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    /// Ranks followed, ascending.
    pub follows: Vec<u32>,
}

impl Reader {
    /// Whether it follows `rank`.
    pub fn follows(&self, rank: u32) -> bool {
        self.follows.binary_search(&rank).is_ok()
    }

    /// How many of the accounts it follows have rank `celebrities` or better.
    pub fn celebrities_followed(&self, celebrities: u32) -> usize {
        self.follows.partition_point(|&k| k <= celebrities)
    }
}

/// The tracked readers and, for each account any of them follows, which ones do: shared by
/// every checkpoint of a run, as it never changes.
#[derive(Debug, PartialEq, Eq)]
pub struct Audience {
    /// The readers.
    pub readers: Vec<Reader>,
    /// `(rank, reader)`, sorted: who of the tracked readers follows an account.
    watch: Vec<(u32, u16)>,
    /// A bit a rank, set if anyone tracked follows it: most tweets are by accounts nobody
    /// tracked follows, and one bit answers that without searching `watch`.
    watched: Vec<u64>,
}

impl Audience {
    /// Draws the tracked readers of `graph` from `rng`.
    pub fn new(graph: &Graph, rng: &mut SimRng) -> Arc<Self> {
        let count = MAX_TRACKED.min(graph.users() as usize);
        let readers: Vec<Reader> = (0..count).map(|_| draw_reader(graph, rng)).collect();
        let mut watch: Vec<(u32, u16)> = readers
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.follows.iter().map(move |&k| (k, i as u16)))
            .collect();
        watch.sort_unstable();
        let mut watched = vec![0u64; graph.users() as usize / 64 + 1];
        for &(k, _) in &watch {
            if let Some(w) = watched.get_mut(k as usize / 64) {
                *w |= 1 << (k % 64);
            }
        }
        Arc::new(Self {
            readers,
            watch,
            watched,
        })
    }

    /// The tracked readers who follow `rank`, in reader order.
    pub fn followers_of(&self, rank: u32) -> impl Iterator<Item = u16> + '_ {
        let start = if self.watched(rank) {
            self.watch.partition_point(|&(k, _)| k < rank)
        } else {
            self.watch.len()
        };
        self.watch[start..]
            .iter()
            .take_while(move |&&(k, _)| k == rank)
            .map(|&(_, r)| r)
    }

    /// Whether any tracked reader follows `rank`.
    pub fn watched(&self, rank: u32) -> bool {
        self.watched
            .get(rank as usize / 64)
            .is_some_and(|w| w & (1 << (rank % 64)) != 0)
    }

    /// Follow pairs held.
    pub fn pairs(&self) -> usize {
        self.watch.len()
    }
}

/// One reader's follows: within each band of ranks `[2^j, 2^(j+1))` candidates are drawn at
/// the band's highest probability by geometric skips and kept at the account's own, so the
/// work is proportional to the follows, not to the users.
fn draw_reader(graph: &Graph, rng: &mut SimRng) -> Reader {
    let appetite = rng.exponential(1.0).clamp(0.05, 20.0);
    let n = graph.users();
    let everyone = f64::from(n - 1);
    let p = |k: u32| (appetite * graph.followers(k) as f64 / everyone).min(1.0);
    let mut follows = Vec::new();
    let mut lo: u32 = 1;
    'bands: while lo <= n && follows.len() < MAX_FOLLOWS {
        let hi = lo.saturating_mul(2).saturating_sub(1).min(n);
        let q = p(lo);
        if q <= 0.0 {
            break;
        }
        let mut k = lo;
        while k <= hi {
            if q < 0.25 {
                // Skip the candidates a Bernoulli(q) walk would pass over.
                let skip = libm::log(1.0 - rng.unit()) / libm::log(1.0 - q);
                let next = f64::from(k) + skip.floor();
                if next > f64::from(hi) {
                    break;
                }
                k = next as u32;
                if rng.unit() * q < p(k) {
                    follows.push(k);
                }
            } else if rng.unit() < p(k) {
                follows.push(k);
            }
            if follows.len() >= MAX_FOLLOWS {
                break 'bands;
            }
            k += 1;
        }
        lo = hi.saturating_add(1);
        if hi == n {
            break;
        }
    }
    Reader { follows }
}
