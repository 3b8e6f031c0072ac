//! A backend service behind the gateway: [`WORKERS`] workers serving one first-come queue.
//! It cannot tell a call the gateway has given up on from a live one, so work on timed-out
//! calls is still done (wasted): under overload that keeps the queue long after the cause is
//! gone, which is how retries turn a slowdown into an outage.
//!
//! Bounds: [`WORKERS`] jobs in service and [`MAX_QUEUE`] waiting (past it, refused).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::sim::rng::SimRng;
use crate::sim::{nanos, Nanos};

/// Workers each service has: its capacity is `WORKERS / latency`.
pub const WORKERS: usize = 100;
/// Jobs waiting at a service.
pub const MAX_QUEUE: usize = 10_000;

/// A call's work at a service: the gateway's slot for the call and its generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Job {
    /// The gateway's slot.
    pub slot: u32,
    /// Which use of the slot.
    pub gen: u32,
}

/// One service.
#[derive(Clone, Debug)]
pub struct Backend {
    running: BinaryHeap<Reverse<(Nanos, Job)>>,
    queue: VecDeque<Job>,
    rng: SimRng,
}

impl Backend {
    /// An idle service drawing its service times from `rng`.
    pub fn new(rng: SimRng) -> Self {
        Self {
            running: BinaryHeap::new(),
            queue: VecDeque::new(),
            rng,
        }
    }

    /// Takes `job` at `now`, at once if a worker is free; `false` if the queue is full.
    /// `mean_s` is the mean service time now.
    pub fn offer(&mut self, job: Job, now: Nanos, mean_s: f64) -> bool {
        if self.running.len() < WORKERS {
            self.start(job, now, mean_s);
            true
        } else if self.queue.len() < MAX_QUEUE {
            self.queue.push_back(job);
            true
        } else {
            false
        }
    }

    fn start(&mut self, job: Job, now: Nanos, mean_s: f64) {
        let took = nanos(self.rng.exponential(mean_s)).max(1);
        self.running.push(Reverse((now + took, job)));
    }

    /// When the next job in service finishes.
    pub fn next_done(&self) -> Option<Nanos> {
        self.running.peek().map(|Reverse((t, _))| *t)
    }

    /// Finishes the next job and starts the first waiting one.
    pub fn complete(&mut self, now: Nanos, mean_s: f64) -> Option<Job> {
        let Reverse((_, job)) = self.running.pop()?;
        if let Some(next) = self.queue.pop_front() {
            self.start(next, now, mean_s);
        }
        Some(job)
    }

    /// Jobs in service.
    pub fn running(&self) -> usize {
        self.running.len()
    }

    /// Jobs waiting.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Its state in a fixed order, for state hashes.
    pub fn fingerprint(&self) -> (Vec<(Nanos, Job)>, &VecDeque<Job>, u64) {
        let mut running: Vec<(Nanos, Job)> = self.running.iter().map(|Reverse(r)| *r).collect();
        running.sort_unstable();
        (running, &self.queue, self.rng.fingerprint())
    }
}
