//! A latency window any lab can keep: the percentiles of the last simulated second, from ten
//! 100 ms buckets of histograms (the same buckets as the back-pressure metrics), so a figure
//! moves every 100 ms and never mixes in a partly filled bucket.
//!
//! Bound: [`WINDOW_BUCKETS`] + 1 histograms of fixed size, whatever is recorded.

use hdrhistogram::Histogram;

use super::metrics::{latency_histogram, BUCKET_NS, LATENCY_MAX_US, WINDOW_BUCKETS};
use super::Nanos;

/// Percentiles over the last second of simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct LatencyWindow {
    /// Slot `b % len` holds bucket `b`, with its number.
    slots: Vec<(u64, Histogram<u32>)>,
}

impl Default for LatencyWindow {
    fn default() -> Self {
        Self {
            slots: (0..=WINDOW_BUCKETS)
                .map(|_| (u64::MAX, latency_histogram()))
                .collect(),
        }
    }
}

impl LatencyWindow {
    /// Records a latency that ended at `now`.
    pub fn record(&mut self, now: Nanos, latency: Nanos) {
        self.record_n(now, latency, 1);
    }

    /// Records `count` equal latencies that ended at `now` (a batch of deliveries, a sample
    /// standing for many requests).
    pub fn record_n(&mut self, now: Nanos, latency: Nanos, count: u32) {
        let bucket = now / BUCKET_NS;
        let n = self.slots.len() as u64;
        if let Some((b, h)) = self.slots.get_mut((bucket % n) as usize) {
            if *b != bucket {
                *b = bucket;
                h.reset();
            }
            h.saturating_record_n((latency / 1_000).clamp(1, LATENCY_MAX_US), count);
        }
    }

    fn merged(&self, now: Nanos) -> Histogram<u32> {
        let current = now / BUCKET_NS;
        let mut merged = latency_histogram();
        for (b, h) in &self.slots {
            if *b < current && *b + WINDOW_BUCKETS as u64 >= current {
                let _ = merged.add(h);
            }
        }
        merged
    }

    /// The `q` quantile (0 to 1) in ms over the complete buckets of the last second before
    /// `now`, and how many latencies that is; 0 when there are none.
    pub fn quantile_ms(&self, now: Nanos, q: f64) -> (f64, u64) {
        let merged = self.merged(now);
        (merged.value_at_quantile(q) as f64 / 1e3, merged.len())
    }

    /// Bytes its histograms hold (for the timeline's memory bound: a checkpoint copies them).
    pub fn bytes(&self) -> usize {
        self.slots
            .iter()
            .map(|(_, h)| {
                h.distinct_values() * std::mem::size_of::<u32>()
                    + std::mem::size_of::<Histogram<u32>>()
            })
            .sum()
    }

    /// The median and the 99th percentile in ms, and the count, from one merge.
    pub fn p50_p99_ms(&self, now: Nanos) -> (f64, f64, u64) {
        let merged = self.merged(now);
        let ms = |q: f64| merged.value_at_quantile(q) as f64 / 1e3;
        (ms(0.5), ms(0.99), merged.len())
    }
}

/// Sums over the last second of simulated time, from the same ten 100 ms buckets: any lab's
/// "per second" figure (rows written, events applied) without keeping the events.
///
/// Bound: [`WINDOW_BUCKETS`] + 1 pairs of numbers, whatever is counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CountWindow {
    /// Slot `b % len` holds bucket `b`'s number and sum.
    slots: [(u64, u64); WINDOW_BUCKETS + 1],
}

impl CountWindow {
    /// Adds `n` at `now`.
    pub fn add(&mut self, now: Nanos, n: u64) {
        let bucket = now / BUCKET_NS + 1;
        let len = self.slots.len() as u64;
        if let Some(slot) = self.slots.get_mut((bucket % len) as usize) {
            if slot.0 != bucket {
                *slot = (bucket, 0);
            }
            slot.1 = slot.1.saturating_add(n);
        }
    }

    /// The sum over the complete buckets of the last second before `now`.
    pub fn last_second(&self, now: Nanos) -> u64 {
        let current = now / BUCKET_NS + 1;
        self.slots
            .iter()
            .filter(|(b, _)| *b < current && *b + WINDOW_BUCKETS as u64 >= current)
            .map(|(_, n)| n)
            .sum()
    }
}
