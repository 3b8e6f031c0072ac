//! The circuit breaker: closed while calls succeed, open (failing fast) once too many of the
//! recent calls failed, half-open after a cool-down to let a few trial calls find out whether
//! the backend is back. Hystrix counts over a rolling time window; Resilience4j over the last
//! calls.
//!
//! Bounds: ten one-second buckets, or a ring of [`R4J_WINDOW`] outcomes.

use std::collections::VecDeque;

use super::config::Breaker;
use crate::sim::{Nanos, SECOND};

/// Hystrix: one-second buckets in the rolling window.
pub const HYSTRIX_BUCKETS: usize = 10;
/// Hystrix: calls the window needs before it may trip.
pub const HYSTRIX_VOLUME: u32 = 20;
/// Hystrix: how long it stays open.
pub const HYSTRIX_SLEEP_NS: Nanos = 5 * SECOND;
/// Resilience4j: outcomes in the window, and the least it needs before it may trip.
pub const R4J_WINDOW: usize = 100;
/// Resilience4j: how long it stays open.
pub const R4J_OPEN_NS: Nanos = 60 * SECOND;
/// Resilience4j: trial calls while half-open.
pub const R4J_TRIALS: u32 = 10;
/// Both trip at this failure rate, percent.
pub const FAILURE_PCT: u32 = 50;

/// Where a breaker stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Calls pass.
    Closed,
    /// Calls fail fast until the given moment.
    Open(Nanos),
    /// Trial calls pass: how many were let through, and their outcomes so far.
    HalfOpen {
        /// Trial calls let through.
        started: u32,
        /// Trials that succeeded.
        ok: u32,
        /// Trials that failed.
        failed: u32,
    },
}

impl State {
    /// 0 closed, 1 open, 2 half-open (the `breaker_b_state` readout).
    pub fn code(self) -> u8 {
        match self {
            Self::Closed => 0,
            Self::Open(_) => 1,
            Self::HalfOpen { .. } => 2,
        }
    }
}

/// One backend's breaker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CircuitBreaker {
    kind: Breaker,
    state: State,
    /// Hystrix: `(bucket, successes, failures)` per second of the rolling window.
    buckets: [(u64, u32, u32); HYSTRIX_BUCKETS],
    /// Resilience4j: the last outcomes, `true` a failure.
    last: VecDeque<bool>,
    /// Times it opened.
    pub opens: u64,
}

impl CircuitBreaker {
    /// A closed breaker with an empty window.
    pub fn new(kind: Breaker) -> Self {
        Self {
            kind,
            state: State::Closed,
            buckets: [(u64::MAX, 0, 0); HYSTRIX_BUCKETS],
            last: VecDeque::new(),
            opens: 0,
        }
    }

    /// Where it stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// Trial calls it lets through while half-open.
    pub fn trials(&self) -> u32 {
        match self.kind {
            Breaker::Resilience4j => R4J_TRIALS,
            _ => 1,
        }
    }

    /// Whether a call may go to the backend now, and whether it is a trial call; `None` to
    /// fail fast. Moves from open to half-open once the cool-down is over.
    pub fn admit(&mut self, now: Nanos) -> Option<bool> {
        if self.kind == Breaker::Off {
            return Some(false);
        }
        if let State::Open(until) = self.state {
            if now < until {
                return None;
            }
            self.state = State::HalfOpen {
                started: 0,
                ok: 0,
                failed: 0,
            };
        }
        let trials = self.trials();
        match &mut self.state {
            State::Closed => Some(false),
            State::HalfOpen { started, .. } if *started < trials => {
                *started += 1;
                Some(true)
            }
            _ => None,
        }
    }

    /// The outcome of a call that ended at `now`; `trial` if it was let through half-open.
    pub fn record(&mut self, now: Nanos, failed: bool, trial: bool) {
        match (self.kind, self.state) {
            (Breaker::Off, _) => {}
            (_, State::Closed) if !trial => {
                self.count(now, failed);
                if self.tripped(now) {
                    self.open(now);
                }
            }
            (_, State::HalfOpen { .. }) if trial => self.trial_done(now, failed),
            // Calls that started before the breaker opened, or trials of an earlier round.
            _ => {}
        }
    }

    fn count(&mut self, now: Nanos, failed: bool) {
        if self.kind == Breaker::Resilience4j {
            if self.last.len() >= R4J_WINDOW {
                self.last.pop_front();
            }
            self.last.push_back(failed);
            return;
        }
        let b = now / SECOND;
        if let Some(slot) = self.buckets.get_mut((b % HYSTRIX_BUCKETS as u64) as usize) {
            if slot.0 != b {
                *slot = (b, 0, 0);
            }
            if failed {
                slot.2 += 1;
            } else {
                slot.1 += 1;
            }
        }
    }

    /// Calls and failures in the window now.
    pub fn window(&self, now: Nanos) -> (u32, u32) {
        if self.kind == Breaker::Resilience4j {
            let failed = self.last.iter().filter(|f| **f).count() as u32;
            return (self.last.len() as u32, failed);
        }
        let current = now / SECOND;
        self.buckets
            .iter()
            .filter(|(b, _, _)| *b <= current && *b + HYSTRIX_BUCKETS as u64 > current)
            .fold((0, 0), |(n, f), (_, ok, bad)| (n + ok + bad, f + bad))
    }

    fn tripped(&self, now: Nanos) -> bool {
        let (calls, failed) = self.window(now);
        let least = match self.kind {
            Breaker::Resilience4j => R4J_WINDOW as u32,
            _ => HYSTRIX_VOLUME,
        };
        calls >= least && failed * 100 >= FAILURE_PCT * calls
    }

    fn open(&mut self, now: Nanos) {
        let cool = match self.kind {
            Breaker::Resilience4j => R4J_OPEN_NS,
            _ => HYSTRIX_SLEEP_NS,
        };
        self.state = State::Open(now + cool);
        self.opens += 1;
    }

    fn trial_done(&mut self, now: Nanos, trial_failed: bool) {
        let trials = self.trials();
        let State::HalfOpen { ok, failed, .. } = &mut self.state else {
            return;
        };
        if trial_failed {
            *failed += 1;
        } else {
            *ok += 1;
        }
        let (ok, failed) = (*ok, *failed);
        if ok + failed < trials {
            return;
        }
        if failed * 100 >= FAILURE_PCT * trials {
            self.open(now);
        } else {
            // Closed again, with the old failures forgotten.
            *self = Self {
                opens: self.opens,
                ..Self::new(self.kind)
            };
        }
    }
}
