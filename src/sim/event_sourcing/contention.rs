//! Writers racing for one stream: each must append one event with the stream's version it
//! read as the expected version (optimistic concurrency). An append that lands after another
//! writer's is a conflict, and the writer sleeps by its backoff before reading and trying
//! again: none, exponential, or exponential with full, equal or decorrelated jitter, as in
//! "Exponential Backoff And Jitter" (Marc Brooker, AWS Architecture Blog, 2015). What it
//! costs: the calls made, and the time until every writer has appended.
//!
//! An attempt reads the version at once and its append lands [`CALL_NS`] later; two appends
//! landing in the same instant are taken in writer order. Bound: [`MAX_WRITERS`] writers,
//! each with one pending attempt.

use crate::sim::keyed::keyed;
use std::hash::{Hash, Hasher};

use crate::sim::rng::SimRng;
use crate::sim::Nanos;

/// Most writers.
pub const MAX_WRITERS: u32 = 100;
/// An append's round trip: from reading the version to the append landing.
pub const CALL_NS: Nanos = 1_000_000;
/// Longest base and cap, ms.
pub const MAX_BACKOFF_MS: u32 = 60_000;

keyed! {
    /// How a writer sleeps after a conflict.
    #[derive(Default)]
    pub enum Backoff {
        /// Tries again at once.
        #[default]
        None = "none",
        /// Sleeps min(cap, base × 2^attempt).
        Exponential = "exponential",
        /// Sleeps a uniform draw below that.
        Full = "full",
        /// Sleeps half of it, plus a uniform draw below the other half.
        Equal = "equal",
        /// Sleeps min(cap, a uniform draw between base and three times its last sleep).
        Decorrelated = "decorrelated",
    }
}

/// The race's settings; no writers, no race.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentionConfig {
    pub writers: u32,
    pub backoff: Backoff,
    pub base_ms: u32,
    pub cap_ms: u32,
}

impl Default for ContentionConfig {
    /// The post's: base 5 ms, cap 2 s.
    fn default() -> Self {
        Self {
            writers: 0,
            backoff: Backoff::Full,
            base_ms: 5,
            cap_ms: 2_000,
        }
    }
}

impl ContentionConfig {
    /// Every number within its range.
    pub fn clamped(self) -> Self {
        let base_ms = self.base_ms.clamp(1, MAX_BACKOFF_MS);
        Self {
            writers: self.writers.min(MAX_WRITERS),
            base_ms,
            cap_ms: self.cap_ms.clamp(base_ms, MAX_BACKOFF_MS),
            ..self
        }
    }
}

/// One writer: when it next reads the version (`reading`) or its append lands, the version
/// it read, its conflicts so far and its last sleep. Done: no next moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Writer {
    next_at: Option<Nanos>,
    reading: bool,
    read: u64,
    conflicts: u32,
    slept: Nanos,
}

/// The race.
#[derive(Clone, Debug, PartialEq)]
pub struct Contention {
    config: ContentionConfig,
    /// The stream's version: appends so far.
    version: u64,
    writers: Vec<Writer>,
    calls: u64,
    /// When the last writer appended.
    done_at: Option<Nanos>,
    rng: SimRng,
}

impl Hash for Contention {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (
            self.config,
            self.version,
            &self.writers,
            self.calls,
            self.done_at,
        )
            .hash(h);
        self.rng.fingerprint().hash(h);
    }
}

impl Contention {
    /// Every writer reads and tries at time 0.
    pub fn new(seed: u64, config: ContentionConfig) -> Self {
        let config = config.clamped();
        let writers = (0..config.writers)
            .map(|_| Writer {
                next_at: Some(0),
                reading: true,
                read: 0,
                conflicts: 0,
                slept: 0,
            })
            .collect();
        Self {
            config,
            version: 0,
            calls: 0,
            writers,
            done_at: None,
            rng: SimRng::new(seed, 40),
        }
    }

    /// Appends attempted, conflicts included.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// Writers that have appended.
    pub fn done(&self) -> u64 {
        self.version
    }

    /// When every writer had appended, or `None` while any still tries.
    pub fn done_at(&self) -> Option<Nanos> {
        self.done_at
    }

    /// The sleep after a writer's `conflicts`-th conflict.
    fn sleep(&mut self, conflicts: u32, slept: Nanos) -> Nanos {
        let ms = |x: u32| Nanos::from(x) * 1_000_000;
        let (base, cap) = (ms(self.config.base_ms), ms(self.config.cap_ms));
        let exp = base.saturating_mul(1 << conflicts.min(40)).min(cap);
        let draw = |rng: &mut SimRng, below: Nanos| (rng.unit() * below as f64) as Nanos;
        match self.config.backoff {
            Backoff::None => 0,
            Backoff::Exponential => exp,
            Backoff::Full => draw(&mut self.rng, exp),
            Backoff::Equal => exp / 2 + draw(&mut self.rng, exp - exp / 2),
            Backoff::Decorrelated => {
                let high = slept.max(base).saturating_mul(3);
                (base + draw(&mut self.rng, high.saturating_sub(base))).min(cap)
            }
        }
    }

    /// Takes every read and append due before `end`, in time then writer order.
    pub fn advance(&mut self, end: Nanos) {
        while let Some((at, i)) = self
            .writers
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.next_at.filter(|t| *t < end).map(|t| (t, i)))
            .min()
        {
            let w = self.writers[i];
            if w.reading {
                self.calls += 1;
                self.writers[i] = Writer {
                    next_at: Some(at + CALL_NS),
                    reading: false,
                    read: self.version,
                    ..w
                };
            } else if w.read == self.version {
                self.version += 1;
                self.writers[i].next_at = None;
                if self.version == u64::from(self.config.writers) {
                    self.done_at = Some(at);
                }
            } else {
                let sleep = self.sleep(w.conflicts, w.slept);
                self.writers[i] = Writer {
                    next_at: Some(at + sleep),
                    reading: true,
                    conflicts: w.conflicts + 1,
                    slept: sleep,
                    ..w
                };
            }
        }
    }

    /// Appends never outnumber the writers, nor calls fall short of appends.
    pub fn check(&self) -> Result<(), String> {
        if self.version > u64::from(self.config.writers) || self.calls < self.version {
            return Err(format!(
                "contention: {} appends by {} writers in {} calls",
                self.version, self.config.writers, self.calls
            ));
        }
        Ok(())
    }
}
