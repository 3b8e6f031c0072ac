//! Poisson arrivals at a rate that can change: the next arrival is drawn from an exponential
//! gap when the previous one fires, so a source holds one number and its random stream.

use super::rng::SimRng;
use super::{nanos, Nanos};

/// Poisson arrivals at any rate (the back-pressure producer stops at 20,000 a second; the
/// CQRS lab's queries go to a million).
#[derive(Clone, Debug)]
pub struct Poisson {
    rate: u32,
    next_at: Option<Nanos>,
    rng: SimRng,
}

impl Poisson {
    /// A source at `rate` a second whose first arrival is drawn after `now`.
    pub fn new(rate: u32, rng: SimRng, now: Nanos) -> Self {
        let mut p = Self {
            rate,
            next_at: None,
            rng,
        };
        p.next_at = p.after(now);
        p
    }

    fn after(&mut self, t: Nanos) -> Option<Nanos> {
        (self.rate > 0).then(|| t + nanos(self.rng.exponential(1.0 / f64::from(self.rate))))
    }

    /// When the next arrival is (`None` at rate 0).
    pub fn next_at(&self) -> Option<Nanos> {
        self.next_at
    }

    /// The arrival due at `at` happened: draws the next.
    pub fn fire(&mut self, at: Nanos) {
        self.next_at = self.after(at);
    }

    /// A new rate from `now` (the next arrival is drawn again).
    pub fn set_rate(&mut self, rate: u32, now: Nanos) {
        if rate != self.rate {
            self.rate = rate;
            self.next_at = self.after(now);
        }
    }

    /// Its stream's position, for state hashes.
    pub fn rng_fingerprint(&self) -> u64 {
        self.rng.fingerprint()
    }
}
