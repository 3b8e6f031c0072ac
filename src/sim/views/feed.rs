//! The LinkedIn feed as a materialized view: members are connected in a network, every post
//! carries a relevance score, and the feed view holds each member's most relevant posts from
//! their connections, kept up to date by a stream processor that fans each post out to its
//! author's connections. Opening the app is then one read of a feed row instead of gathering
//! and ranking every connection's posts.
//!
//! Bounds: [`MAX_MEMBERS`] members × [`FEED_LEN`] entries (8 MiB); the network is a circulant
//! graph (member `m` is connected to `m ± o` for at most [`MAX_CONNECTIONS`] / 2 offsets `o`),
//! so it costs nothing per member; posts live in the lab's orders table, whose bound they
//! share (past it new posts are refused and counted rather than archived, since a ranking
//! cannot be taken back post by post).

use std::sync::Arc;

use super::config::{LOOKUP_NS, READ_BASE_NS, ROW_READ_NS};
use super::table::Orders;
use crate::sim::rng::SimRng;
use crate::sim::{Nanos, SECOND, TICK_NS};

/// Posts kept in each member's feed.
pub const FEED_LEN: usize = 10;
/// Most members of the network.
pub const MAX_MEMBERS: u32 = 100_000;
/// Most connections a member has.
pub const MAX_CONNECTIONS: u32 = 500;

/// A post in a feed: ranked by relevance, then the newer first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    /// Relevance + 1 (0 marks an empty slot).
    pub rank: u32,
    /// The post's id.
    pub post: u32,
}

/// Who is connected to whom.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Network {
    members: u32,
    /// Sorted, distinct, each in `1..=members / 2`.
    offsets: Arc<Vec<u32>>,
}

impl Network {
    /// `members` members with about `connections` connections each, drawn from `rng`.
    pub fn new(members: u32, connections: u32, rng: &mut SimRng) -> Self {
        let members = members.clamp(1, MAX_MEMBERS);
        // Offsets below half the ring, so `m + o` and `m - o` are two different members.
        let span = (members / 2).saturating_sub(1);
        let want = (connections.min(MAX_CONNECTIONS) / 2).min(span) as usize;
        let mut offsets: Vec<u32> = Vec::with_capacity(want);
        // Rejection sampling of distinct offsets, with a bound on the tries.
        let mut tries = 0;
        while offsets.len() < want && tries < 100 * want {
            tries += 1;
            let o = 1 + ((rng.unit() * f64::from(span)) as u32).min(span.saturating_sub(1));
            if !offsets.contains(&o) {
                offsets.push(o);
            }
        }
        offsets.sort_unstable();
        Self {
            members,
            offsets: Arc::new(offsets),
        }
    }

    /// Members.
    pub fn members(&self) -> u32 {
        self.members
    }

    /// Connections each member has.
    pub fn degree(&self) -> usize {
        2 * self.offsets.len()
    }

    /// The connections of `m`.
    pub fn connections(&self, m: u32) -> impl Iterator<Item = u32> + '_ {
        let n = self.members;
        self.offsets
            .iter()
            .flat_map(move |o| [(m + o) % n, (m + n - o % n) % n])
    }

    /// Whether `a` and `b` are connected.
    pub fn connected(&self, a: u32, b: u32) -> bool {
        let n = self.members;
        let d = (a + n - b % n) % n;
        let d = d.min(n - d);
        self.offsets.binary_search(&d).is_ok() && d != 0
    }
}

/// The feed view and the stream processor that keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Feed {
    /// `FEED_LEN` slots a member, best first.
    entries: Vec<Entry>,
    /// Every post below this id has been fanned out.
    upto: u64,
    /// Fan-out work owed, in write-nanoseconds (capacity × time).
    credit: u64,
    /// Posts each member wrote (the index a query at open time reads).
    posts_by: Vec<u32>,
    /// Feed writes made (one per connection of each post's author).
    pub writes: u64,
    /// Whether the staleness alert is raised.
    pub alert: bool,
}

impl Feed {
    /// Empty feeds for the network.
    pub fn new(net: &Network) -> Self {
        Self {
            entries: vec![Entry::default(); net.members() as usize * FEED_LEN],
            upto: 0,
            credit: 0,
            posts_by: vec![0; net.members() as usize],
            writes: 0,
            alert: false,
        }
    }

    /// A post by `author` went into the table.
    pub fn posted(&mut self, author: u32) {
        if let Some(n) = self.posts_by.get_mut(author as usize) {
            *n += 1;
        }
    }

    /// Every post below this id is in the feeds.
    pub fn upto(&self) -> u64 {
        self.upto
    }

    /// Posts not yet fanned out.
    pub fn lag(&self, posts: &Orders) -> u64 {
        posts.next_id().saturating_sub(self.upto)
    }

    /// Age of the oldest post not yet in the feeds; 0 when none waits.
    pub fn staleness_ns(&self, posts: &Orders, now: Nanos) -> Nanos {
        posts
            .get(self.upto)
            .map_or(0, |p| now.saturating_sub(u64::from(p.at_ms) * 1_000_000))
    }

    /// Member `m`'s feed as the view holds it, best first.
    pub fn feed_of(&self, m: u32) -> Vec<Entry> {
        let from = m as usize * FEED_LEN;
        self.entries
            .get(from..from + FEED_LEN)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|e| e.rank > 0)
            .collect()
    }

    /// Member `m`'s feed computed for real from the posts table: the best [`FEED_LEN`] posts
    /// below id `upto` written by `m`'s connections.
    pub fn query(net: &Network, posts: &Orders, m: u32, upto: u64) -> Vec<Entry> {
        let mut best: Vec<Entry> = Vec::with_capacity(FEED_LEN + 1);
        for (id, p) in posts.range(0, upto) {
            if net.connected(m, p.user) {
                insert(
                    &mut best,
                    Entry {
                        rank: p.amount + 1,
                        post: id as u32,
                    },
                );
            }
        }
        best
    }

    /// Rows a query at open time reads for member `m` (every post of every connection), and
    /// what it costs: a lookup per connection, a read per post, the round trip.
    pub fn open_cost(&self, net: &Network, m: u32) -> (u64, Nanos) {
        let rows: u64 = net
            .connections(m)
            .map(|c| u64::from(self.posts_by.get(c as usize).copied().unwrap_or(0)))
            .sum();
        (
            rows,
            READ_BASE_NS + net.degree() as u64 * LOOKUP_NS + rows * ROW_READ_NS,
        )
    }

    /// One tick of the stream processor: fans posts out while its capacity (feed writes a
    /// second) lasts. Returns the writes made.
    pub fn tick(&mut self, net: &Network, posts: &Orders, capacity: u32) -> u64 {
        let per_post = (net.degree() as u64).max(1) * SECOND;
        self.credit += u64::from(capacity) * TICK_NS;
        let backlog = posts.next_id() - self.upto;
        let n = (self.credit / per_post).min(backlog);
        self.credit -= n * per_post;
        if n == backlog {
            self.credit = self.credit.min(per_post);
        }
        let before = self.writes;
        for (id, p) in posts.range(self.upto, self.upto + n) {
            let e = Entry {
                rank: p.amount + 1,
                post: id as u32,
            };
            for c in net.connections(p.user) {
                let from = c as usize * FEED_LEN;
                if let Some(slots) = self.entries.get_mut(from..from + FEED_LEN) {
                    place(slots, e);
                }
                self.writes += 1;
            }
        }
        self.upto += n;
        self.writes - before
    }

    /// Bytes it holds.
    pub fn bytes(&self) -> usize {
        self.entries.len() * std::mem::size_of::<Entry>() + self.posts_by.len() * 4
    }
}

/// Puts `e` into a best-first list of at most [`FEED_LEN`].
fn insert(list: &mut Vec<Entry>, e: Entry) {
    let at = list.partition_point(|x| *x > e);
    if at < FEED_LEN {
        list.insert(at, e);
        list.truncate(FEED_LEN);
    }
}

/// Puts `e` into fixed best-first slots (empty slots rank lowest).
fn place(slots: &mut [Entry], e: Entry) {
    let at = slots.partition_point(|x| *x > e);
    if at < slots.len() {
        slots[at..].rotate_right(1);
        slots[at] = e;
    }
}
