//! A latency window any lab can keep: the percentiles of the last simulated second, from ten
//! 100 ms buckets of histograms (the same buckets as the back-pressure metrics), so a figure
//! moves every 100 ms and never mixes in a partly filled bucket.
//!
//! Bound: one histogram of fixed size (about 12 KB) for the bucket being filled, and the
//! [`WINDOW_BUCKETS`] completed ones before it kept sparse: for each latency value they hold,
//! its distance from the one before and its count, as variable-length integers (about three
//! bytes a value). A 100 ms bucket holds a few hundred distinct values of the histogram's
//! thousands, and every checkpoint of the timeline copies the window, so sparse buckets let
//! checkpoints come more often within the same memory.

use std::collections::VecDeque;

use hdrhistogram::Histogram;

use super::metrics::{latency_histogram, BUCKET_NS, LATENCY_MAX_US, WINDOW_BUCKETS};
use super::{varint, Nanos};

/// A completed bucket: its number, and each value it holds (µs, the highest of its histogram
/// bucket) with its count, in value order, encoded by [`encode`].
type Sparse = (u64, Box<[u8]>);

/// Each `(value, count)`, values ascending, as the value's distance from the one before and
/// the count.
fn encode(pairs: impl Iterator<Item = (u64, u32)>) -> Box<[u8]> {
    let mut out = Vec::new();
    let mut last = 0;
    for (value, count) in pairs {
        varint::push(&mut out, value - last);
        varint::push(&mut out, u64::from(count));
        last = value;
    }
    out.into_boxed_slice()
}

/// The pairs [`encode`] wrote.
fn decode(bytes: &[u8]) -> impl Iterator<Item = (u64, u32)> + '_ {
    let mut at = 0;
    let mut last = 0u64;
    std::iter::from_fn(move || {
        let value = last + varint::read(bytes, &mut at)?;
        let count = u32::try_from(varint::read(bytes, &mut at)?).unwrap_or(u32::MAX);
        last = value;
        Some((value, count))
    })
}

/// Percentiles over the last second of simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct LatencyWindow {
    /// The bucket being filled: its number (`u64::MAX` before the first) and its histogram.
    current: (u64, Histogram<u32>),
    /// A value in each of that histogram's slots that has counts, so that closing the bucket
    /// reads those slots instead of walking all of them (a few hundred of thousands). At most
    /// one a slot.
    touched: Vec<u64>,
    /// The completed buckets of the window, oldest first; at most [`WINDOW_BUCKETS`].
    done: VecDeque<Sparse>,
}

impl Default for LatencyWindow {
    fn default() -> Self {
        Self {
            current: (u64::MAX, latency_histogram()),
            touched: Vec::new(),
            done: VecDeque::with_capacity(WINDOW_BUCKETS),
        }
    }
}

impl LatencyWindow {
    /// Records a latency that ended at `now`.
    pub fn record(&mut self, now: Nanos, latency: Nanos) {
        self.record_n(now, latency, 1);
    }

    /// Records `count` equal latencies that ended at `now` (a batch of deliveries, a sample
    /// standing for many requests). Time only moves forward, so `now` is in the bucket being
    /// filled or a later one; an earlier moment is counted in the bucket being filled.
    pub fn record_n(&mut self, now: Nanos, latency: Nanos, count: u32) {
        let bucket = now / BUCKET_NS;
        if self.current.0 == u64::MAX || bucket > self.current.0 {
            self.close(bucket);
        }
        let value = (latency / 1_000).clamp(1, LATENCY_MAX_US);
        if count > 0 && self.current.1.count_at(value) == 0 {
            self.touched.push(value);
        }
        self.current.1.saturating_record_n(value, count);
    }

    /// Moves the bucket being filled to the completed ones and starts `bucket`.
    fn close(&mut self, bucket: u64) {
        let (number, histogram) = &mut self.current;
        // Before the first bucket the histogram is empty, so nothing is kept for it.
        if !histogram.is_empty() {
            // As the histogram's own walk gives them: each slot's highest value, in order.
            self.touched.sort_unstable();
            let values = encode(
                self.touched
                    .iter()
                    .map(|&v| (histogram.highest_equivalent(v), histogram.count_at(v))),
            );
            self.done.push_back((*number, values));
        }
        // Buckets the window can no longer reach, and never more than the window holds.
        while self.done.front().is_some_and(|(b, _)| {
            *b + (WINDOW_BUCKETS as u64) < bucket || self.done.len() > WINDOW_BUCKETS
        }) {
            self.done.pop_front();
        }
        *number = bucket;
        histogram.reset();
        self.touched.clear();
    }

    fn merged(&self, now: Nanos) -> Histogram<u32> {
        let current = now / BUCKET_NS;
        let in_window = |b: u64| b < current && b + WINDOW_BUCKETS as u64 >= current;
        let mut merged = latency_histogram();
        for (_, values) in self.done.iter().filter(|(b, _)| in_window(*b)) {
            for (value, count) in decode(values) {
                merged.saturating_record_n(value, count);
            }
        }
        // `u64::MAX`, before the first bucket, is never in the window.
        if in_window(self.current.0) {
            let _ = merged.add(&self.current.1);
        }
        merged
    }

    /// The `q` quantile (0 to 1) in ms over the complete buckets of the last second before
    /// `now`, and how many latencies that is; 0 when there are none.
    pub fn quantile_ms(&self, now: Nanos, q: f64) -> (f64, u64) {
        let merged = self.merged(now);
        (merged.value_at_quantile(q) as f64 / 1e3, merged.len())
    }

    /// Bytes it holds (for the timeline's memory bound: a checkpoint copies them).
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.current.1.distinct_values() * std::mem::size_of::<u32>()
            + self.touched.len() * std::mem::size_of::<u64>()
            + self
                .done
                .iter()
                .map(|(_, v)| std::mem::size_of::<Sparse>() + std::mem::size_of_val(&**v))
                .sum::<usize>()
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

/// `part / whole` over a window, or `if_none` when nothing happened to divide by.
pub fn ratio(part: u64, whole: u64, if_none: f64) -> f64 {
    if whole == 0 {
        if_none
    } else {
        part as f64 / whole as f64
    }
}
