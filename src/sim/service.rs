//! The consumers: a pool of workers, each serving one message at a time.
//!
//! Service times are fixed (every message costs the same) or exponential (the textbook
//! "M" in M/M/c). Adding workers multiplies capacity; removing them lets the ones going
//! away finish what they hold first.

use super::queue::Message;
use super::rng::SimRng;
use super::{nanos, Nanos};
use crate::sim::keyed::keyed;

/// The most workers the lab offers.
pub const MAX_WORKERS: usize = 16;
/// The highest per-worker service rate, in messages per second.
pub const MAX_CONSUMER_RATE: u32 = 20_000;

keyed! {
    /// How long a message takes to serve.
    pub enum ServiceDist {
        /// Always exactly 1/rate seconds.
        Fixed = "fixed",
        /// Exponentially distributed with mean 1/rate seconds.
        Exponential = "exponential",
    }
}

/// A message being served and when it will be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InService {
    /// The message.
    pub message: Message,
    /// When its service completes.
    pub done_at: Nanos,
}

/// The workers. Bound: [`MAX_WORKERS`] slots, each holding at most one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerPool {
    slots: [Option<InService>; MAX_WORKERS],
    /// Each slot's completion time, `Nanos::MAX` when idle: the earliest is looked for at
    /// every event, and a plain array of times is scanned several times faster than the
    /// slots.
    done_at: [Nanos; MAX_WORKERS],
    /// Workers `0..active` take new work; the others only finish what they hold.
    active: usize,
    rate: u32,
    dist: ServiceDist,
    rng: SimRng,
}

impl WorkerPool {
    /// An idle pool; `workers` is clamped to `1..=MAX_WORKERS`, `rate` to `1..=MAX_CONSUMER_RATE`.
    pub fn new(workers: usize, rate: u32, dist: ServiceDist, rng: SimRng) -> Self {
        Self {
            slots: [None; MAX_WORKERS],
            done_at: [Nanos::MAX; MAX_WORKERS],
            active: workers.clamp(1, MAX_WORKERS),
            rate: rate.clamp(1, MAX_CONSUMER_RATE),
            dist,
            rng,
        }
    }

    /// Changes the pool from now on; messages in service keep their completion time.
    pub fn reconfigure(&mut self, workers: usize, rate: u32, dist: ServiceDist) {
        self.active = workers.clamp(1, MAX_WORKERS);
        self.rate = rate.clamp(1, MAX_CONSUMER_RATE);
        self.dist = dist;
    }

    /// Workers taking new work.
    pub fn active(&self) -> usize {
        self.active
    }

    /// Per-worker service rate, messages per second.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// The service-time distribution.
    pub fn dist(&self) -> ServiceDist {
        self.dist
    }

    /// Messages being served right now.
    pub fn busy(&self) -> usize {
        self.done_at.iter().filter(|t| **t != Nanos::MAX).count()
    }

    /// Each slot, busy or idle (retiring slots included), for drawing.
    pub fn slots(&self) -> &[Option<InService>; MAX_WORKERS] {
        &self.slots
    }

    /// An active worker with nothing to do, if any.
    pub fn idle_worker(&self) -> Option<usize> {
        self.slots[..self.active].iter().position(Option::is_none)
    }

    /// The earliest completion: (when, which worker).
    pub fn next_completion(&self) -> Option<(Nanos, usize)> {
        let (i, t) = self
            .done_at
            .iter()
            .enumerate()
            .fold(
                (0, Nanos::MAX),
                |(i, t), (j, &u)| if u < t { (j, u) } else { (i, t) },
            );
        (t != Nanos::MAX).then_some((t, i))
    }

    /// Starts serving `message` at `now` on worker `index` (which must be idle).
    pub fn start(&mut self, index: usize, message: Message, now: Nanos) {
        debug_assert!(self.slots[index].is_none(), "worker {index} is busy");
        let mean = 1.0 / f64::from(self.rate);
        let service = match self.dist {
            ServiceDist::Fixed => nanos(mean).max(1),
            ServiceDist::Exponential => nanos(self.rng.exponential(mean)),
        };
        self.slots[index] = Some(InService {
            message,
            done_at: now + service,
        });
        self.done_at[index] = now + service;
    }

    /// Worker `index` finishes and hands back its message.
    pub fn finish(&mut self, index: usize) -> Option<InService> {
        if let Some(t) = self.done_at.get_mut(index) {
            *t = Nanos::MAX;
        }
        self.slots.get_mut(index).and_then(Option::take)
    }

    /// Every worker drops what it holds (the process died); returns how many were lost.
    pub fn clear(&mut self) -> usize {
        let n = self.busy();
        self.slots = [None; MAX_WORKERS];
        self.done_at = [Nanos::MAX; MAX_WORKERS];
        n
    }

    /// A fingerprint of the random stream, for state hashes.
    pub fn rng_fingerprint(&self) -> u64 {
        self.rng.fingerprint()
    }
}
