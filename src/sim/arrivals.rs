//! The producer: the source of work, arriving steadily, at random (Poisson) or in bursts.
//!
//! Under back-pressure ([`super::queue::OverflowPolicy::Block`]) the producer can be made to
//! wait holding its next message; while it waits, its arrival clock stands still.

use super::rng::SimRng;
use super::{nanos, Nanos, SECOND};
use crate::sim::keyed::keyed;

/// The highest producer rate the lab offers, in messages per second.
pub const MAX_PRODUCER_RATE: u32 = 20_000;

/// Bursts repeat with this period.
pub const BURST_PERIOD: Nanos = SECOND;
/// Each burst lasts this long; the producer is silent for the rest of the period.
pub const BURST_ON: Nanos = SECOND / 4;
/// During a burst messages come this many times faster, so the mean rate is unchanged.
pub const BURST_FACTOR: u32 = (BURST_PERIOD / BURST_ON) as u32;

keyed! {
    /// How arrivals are spread in time.
    pub enum ArrivalPattern {
        /// Evenly spaced: exactly one message every 1/rate seconds.
        Steady = "steady",
        /// A Poisson process: independent, exponentially distributed gaps with mean 1/rate.
        Poisson = "poisson",
        /// A quarter-second burst at four times the rate, then silence, every second.
        Burst = "burst",
    }
}

/// The message source. Bound: holds at most one message (when blocked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    rate: u32,
    pattern: ArrivalPattern,
    /// When the next message will be handed over; `None` when the rate is zero or the
    /// producer is blocked.
    next_at: Option<Nanos>,
    /// Since when the producer has been waiting to hand over a message.
    blocked_since: Option<Nanos>,
    rng: SimRng,
}

impl Producer {
    /// A producer whose first message is scheduled after `now`.
    pub fn new(rate: u32, pattern: ArrivalPattern, rng: SimRng, now: Nanos) -> Self {
        let mut producer = Self {
            rate: rate.min(MAX_PRODUCER_RATE),
            pattern,
            next_at: None,
            blocked_since: None,
            rng,
        };
        producer.next_at = producer.schedule_after(now);
        producer
    }

    /// Messages per second asked for.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// The arrival pattern.
    pub fn pattern(&self) -> ArrivalPattern {
        self.pattern
    }

    /// When the next message will be handed over, if one is scheduled.
    pub fn next_at(&self) -> Option<Nanos> {
        self.next_at
    }

    /// Whether the producer is waiting for room in the queue.
    pub fn is_blocked(&self) -> bool {
        self.blocked_since.is_some()
    }

    /// The scheduled message is handed over at `at`: schedule the one after.
    pub fn fire(&mut self, at: Nanos) {
        self.next_at = self.schedule_after(at);
    }

    /// The queue was full: wait, holding the message.
    pub fn block(&mut self, at: Nanos) {
        self.blocked_since = Some(at);
        self.next_at = None;
    }

    /// Room freed up at `at`: the held message goes in now; the clock starts again.
    pub fn unblock(&mut self, at: Nanos) {
        self.blocked_since = None;
        self.next_at = self.schedule_after(at);
    }

    /// Changes rate and pattern from `now` on. A blocked producer keeps waiting.
    pub fn reconfigure(&mut self, rate: u32, pattern: ArrivalPattern, now: Nanos) {
        let rate = rate.min(MAX_PRODUCER_RATE);
        if rate == self.rate && pattern == self.pattern {
            return;
        }
        self.rate = rate;
        self.pattern = pattern;
        if !self.is_blocked() {
            self.next_at = self.schedule_after(now);
        }
    }

    /// A fingerprint of the random stream, for state hashes.
    pub fn rng_fingerprint(&self) -> u64 {
        self.rng.fingerprint()
    }

    fn schedule_after(&mut self, t: Nanos) -> Option<Nanos> {
        if self.rate == 0 {
            return None;
        }
        let mean_gap = 1.0 / f64::from(self.rate);
        let next = match self.pattern {
            ArrivalPattern::Steady => t + nanos(mean_gap).max(1),
            ArrivalPattern::Poisson => t + nanos(self.rng.exponential(mean_gap)),
            ArrivalPattern::Burst => {
                let candidate = t + nanos(mean_gap / f64::from(BURST_FACTOR)).max(1);
                let phase = candidate % BURST_PERIOD;
                if phase < BURST_ON {
                    candidate
                } else {
                    candidate - phase + BURST_PERIOD
                }
            }
        };
        Some(next)
    }
}
