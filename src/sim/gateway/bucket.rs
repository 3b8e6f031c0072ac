//! Rate limiting by token bucket: tokens drip in at the limit's rate up to the burst, and a
//! request takes one or is refused at once (HTTP 429).
//!
//! Bound: one number. Invariant: over any run, admitted ≤ rate × elapsed + burst.

use crate::sim::{Nanos, SECOND};

/// One client's bucket. The level is kept in token-nanoseconds, so refilling at any rate is
/// exact integer arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokenBucket {
    rate: u32,
    burst: u32,
    level: u64,
    at: Nanos,
    /// Requests let through.
    pub admitted: u64,
}

impl TokenBucket {
    /// A full bucket at `now`.
    pub fn new(rate: u32, burst: u32, now: Nanos) -> Self {
        Self {
            rate,
            burst,
            level: u64::from(burst) * SECOND,
            at: now,
            admitted: 0,
        }
    }

    fn refill(&mut self, now: Nanos) {
        let dt = now.saturating_sub(self.at);
        self.at = self.at.max(now);
        let full = u64::from(self.burst) * SECOND;
        self.level = self
            .level
            .saturating_add(u64::from(self.rate).saturating_mul(dt))
            .min(full);
    }

    /// Takes a token at `now`; `false` if there is none.
    pub fn take(&mut self, now: Nanos) -> bool {
        self.refill(now);
        if self.level >= SECOND {
            self.level -= SECOND;
            self.admitted += 1;
            true
        } else {
            false
        }
    }

    /// Tokens in the bucket at `now`.
    pub fn tokens(&self, now: Nanos) -> f64 {
        let mut b = *self;
        b.refill(now);
        b.level as f64 / SECOND as f64
    }

    /// A new rate and burst from `now`, keeping the tokens it has (up to the new burst).
    pub fn set(&mut self, rate: u32, burst: u32, now: Nanos) {
        self.refill(now);
        self.rate = rate;
        self.burst = burst;
        self.level = self.level.min(u64::from(burst) * SECOND);
    }
}
