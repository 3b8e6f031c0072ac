//! Measurement: running totals, a sliding one-second window, and a bounded history for charts.
//!
//! Counts are kept in 100 ms buckets. A figure "over the last second" is the sum of the ten
//! most recent complete buckets, so it moves every 100 ms of simulated time and never mixes
//! in a partly filled bucket. Time averages (messages in the system, busy workers) are
//! integrals over simulated time, which is what Little's law needs.

use hdrhistogram::Histogram;

use super::chunked::ChunkedDeque;
use super::window::LatencyWindow;
use super::{seconds, Nanos, SECOND};

/// Width of one measurement bucket.
pub const BUCKET_NS: Nanos = SECOND / 10;
/// Buckets in the "last second" window.
pub const WINDOW_BUCKETS: usize = 10;
/// Chart history: one sample a bucket, one minute of simulated time.
pub const HISTORY_LEN: usize = 600;
/// Latencies above this many microseconds (1,000 s) are recorded as this value.
pub const LATENCY_MAX_US: u64 = 1_000_000_000;
/// Two significant figures: percentiles are exact to within 1 %.
const LATENCY_SIGFIG: u8 = 2;

/// Running totals. Conservation: `arrived = completed + rejected + dropped + lost + queued +
/// in service` at every instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counters {
    /// Messages the producer handed over (a blocked producer's message has not arrived yet).
    pub arrived: u64,
    /// Arrivals that entered the consumer (queued or straight into service).
    pub accepted: u64,
    /// Messages fully served.
    pub completed: u64,
    /// Arrivals refused with a 429.
    pub rejected: u64,
    /// Accepted messages evicted from a full queue.
    pub dropped: u64,
    /// Messages that vanished with a crashed consumer, or arrived while it was down.
    pub lost: u64,
    /// Out-of-memory crashes of the consumer.
    pub crashes: u64,
}

impl Counters {
    fn add(&mut self, other: &Self) {
        self.arrived += other.arrived;
        self.accepted += other.accepted;
        self.completed += other.completed;
        self.rejected += other.rejected;
        self.dropped += other.dropped;
        self.lost += other.lost;
        self.crashes += other.crashes;
    }
}

/// Something that happened to a message, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The producer handed a message over.
    Arrived,
    /// The consumer took it in.
    Accepted,
    /// A message finished after spending this long in the consumer.
    Completed { latency: Nanos },
    /// A message was refused.
    Rejected,
    /// This many messages were evicted.
    Dropped(u64),
    /// This many messages were lost.
    Lost(u64),
    /// The consumer crashed.
    Crashed,
}

#[derive(Clone, Debug, PartialEq)]
struct Bucket {
    counts: Counters,
    /// ∫ messages in the consumer dt.
    in_system_ns: u64,
    /// ∫ busy workers dt.
    busy_ns: u64,
    /// ∫ active workers dt.
    capacity_ns: u64,
    /// ∫ [producer blocked] dt.
    blocked_ns: u64,
    latency_sum_ns: u64,
    /// Messages that left the consumer by any door (served, evicted, crashed) and their
    /// total time inside: the W of Little's law.
    departures: u64,
    sojourn_sum_ns: u64,
}

impl Bucket {
    fn new() -> Self {
        Self {
            counts: Counters::default(),
            in_system_ns: 0,
            busy_ns: 0,
            capacity_ns: 0,
            blocked_ns: 0,
            latency_sum_ns: 0,
            departures: 0,
            sojourn_sum_ns: 0,
        }
    }

    fn reset(&mut self) {
        let Self {
            counts,
            in_system_ns,
            busy_ns,
            capacity_ns,
            blocked_ns,
            latency_sum_ns,
            departures,
            sojourn_sum_ns,
        } = self;
        *counts = Counters::default();
        *departures = 0;
        *sojourn_sum_ns = 0;
        *in_system_ns = 0;
        *busy_ns = 0;
        *capacity_ns = 0;
        *blocked_ns = 0;
        *latency_sum_ns = 0;
    }
}

/// An empty latency histogram in microseconds, 1 µs to [`LATENCY_MAX_US`], 1 % precision.
#[allow(clippy::expect_used)] // constant bounds, checked by the `latency_histogram_bounds` test
pub fn latency_histogram() -> Histogram<u32> {
    Histogram::new_with_bounds(1, LATENCY_MAX_US, LATENCY_SIGFIG)
        .expect("constant histogram bounds are valid")
}

/// Figures over the last second of simulated time (or less, early in a run).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WindowStats {
    /// Length of the window in seconds: 1.0 once a second has passed.
    pub span_s: f64,
    /// Counts within the window.
    pub counts: Counters,
    /// Arrivals per second (λ as offered to the consumer).
    pub arrival_rate: f64,
    /// Accepted arrivals per second (λ as admitted).
    pub accepted_rate: f64,
    /// Completions per second.
    pub throughput: f64,
    /// Rejections per second.
    pub rejected_rate: f64,
    /// Evictions per second.
    pub dropped_rate: f64,
    /// Losses per second.
    pub lost_rate: f64,
    /// Median time in the consumer, ms.
    pub latency_p50_ms: f64,
    /// 99th percentile time in the consumer, ms.
    pub latency_p99_ms: f64,
    /// Mean time in the consumer (W), ms.
    pub latency_mean_ms: f64,
    /// Time-average messages in the consumer (L).
    pub mean_in_system: f64,
    /// Fraction of worker time spent serving.
    pub utilization: f64,
    /// Fraction of time the producer spent blocked.
    pub blocked_fraction: f64,
    /// Mean time inside the consumer of every message that left it, however it left, ms.
    pub sojourn_mean_ms: f64,
}

impl WindowStats {
    /// Little's law, L = λW, evaluated from the window's measured λ (accepted rate) and W
    /// (mean time inside of departing messages). In a steady state it matches
    /// [`WindowStats::mean_in_system`], the measured L.
    pub fn little_l(&self) -> f64 {
        self.accepted_rate * self.sojourn_mean_ms / 1e3
    }
}

/// One point of the chart history.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    /// Simulated time at the end of the bucket, seconds.
    pub t_s: f64,
    /// Messages waiting in the queue.
    pub queue_depth: u32,
    /// Window figures at that moment.
    pub arrival_rate: f32,
    /// Completions per second.
    pub throughput: f32,
    /// Rejections per second.
    pub rejected_rate: f32,
    /// Evictions per second.
    pub dropped_rate: f32,
    /// Losses per second.
    pub lost_rate: f32,
    /// Median latency, ms.
    pub latency_p50_ms: f32,
    /// 99th percentile latency, ms.
    pub latency_p99_ms: f32,
}

/// Samples a chunk of the history holds: a checkpoint a second later shares all but the
/// newest few chunks.
const HISTORY_CHUNK: usize = 32;

/// All measurement state. Bound: `WINDOW_BUCKETS + 1` buckets of counts, a latency window
/// (one dense histogram, about 12 KiB, and ten sparse ones) and `HISTORY_LEN` samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    totals: Counters,
    /// A ring: `current` is being filled, the ten before it form the window.
    buckets: Vec<Bucket>,
    current: usize,
    /// Buckets closed so far: the number of the one being filled.
    closed: u64,
    latency: LatencyWindow,
    window: WindowStats,
    history: ChunkedDeque<Sample, HISTORY_CHUNK>,
    integrated_to: Nanos,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Bytes it holds that `earlier` (a checkpoint of the same run) does not share.
    pub fn bytes(&self, earlier: Option<&Self>) -> usize {
        self.buckets.len() * std::mem::size_of::<Bucket>()
            + self.latency.bytes()
            + self.history.unshared_bytes(earlier.map(|e| &e.history))
    }

    /// Empty metrics at time zero.
    pub fn new() -> Self {
        Self {
            totals: Counters::default(),
            buckets: (0..=WINDOW_BUCKETS).map(|_| Bucket::new()).collect(),
            current: 0,
            closed: 0,
            latency: LatencyWindow::default(),
            window: WindowStats::default(),
            history: ChunkedDeque::new(),
            integrated_to: 0,
        }
    }

    /// Totals since the start.
    pub fn totals(&self) -> &Counters {
        &self.totals
    }

    /// Figures over the last complete second.
    pub fn window(&self) -> &WindowStats {
        &self.window
    }

    /// Chart samples, oldest first.
    pub fn history(&self) -> &ChunkedDeque<Sample, HISTORY_CHUNK> {
        &self.history
    }

    /// Counts an event in the totals and the current bucket.
    pub fn count(&mut self, event: Event) {
        let bucket = &mut self.buckets[self.current];
        for counts in [&mut self.totals, &mut bucket.counts] {
            match event {
                Event::Arrived => counts.arrived += 1,
                Event::Accepted => counts.accepted += 1,
                Event::Completed { .. } => counts.completed += 1,
                Event::Rejected => counts.rejected += 1,
                Event::Dropped(n) => counts.dropped += n,
                Event::Lost(n) => counts.lost += n,
                Event::Crashed => counts.crashes += 1,
            }
        }
        if let Event::Completed { latency } = event {
            bucket.latency_sum_ns = bucket.latency_sum_ns.saturating_add(latency);
            self.latency.record(self.closed * BUCKET_NS, latency);
            bucket.departures += 1;
            bucket.sojourn_sum_ns = bucket.sojourn_sum_ns.saturating_add(latency);
        }
    }

    /// Records a message leaving the consumer without being served (evicted or crashed)
    /// after `sojourn` inside. Served messages are recorded by [`Event::Completed`].
    pub fn depart_unserved(&mut self, sojourn: Nanos) {
        let bucket = &mut self.buckets[self.current];
        bucket.departures += 1;
        bucket.sojourn_sum_ns = bucket.sojourn_sum_ns.saturating_add(sojourn);
    }

    /// Accumulates the time integrals from the last call up to `now`, with the state as it
    /// was over that stretch. Call before every change of state.
    pub fn integrate(
        &mut self,
        now: Nanos,
        in_system: usize,
        busy: usize,
        active: usize,
        blocked: bool,
    ) {
        let dt = now.saturating_sub(self.integrated_to);
        self.integrated_to = now;
        if dt == 0 {
            return;
        }
        let bucket = &mut self.buckets[self.current];
        bucket.in_system_ns += in_system as u64 * dt;
        bucket.busy_ns += busy as u64 * dt;
        bucket.capacity_ns += active as u64 * dt;
        if blocked {
            bucket.blocked_ns += dt;
        }
    }

    /// Closes the current bucket at `now` (a bucket boundary): updates the window and
    /// appends a chart sample.
    pub fn close_bucket(&mut self, now: Nanos, queue_depth: usize) {
        let finished = self.current;
        self.closed += 1;
        let leaving = (finished + 1) % self.buckets.len();
        self.buckets[leaving].reset();
        self.current = leaving;
        self.window = self.compute_window();
        self.push_sample(now, queue_depth);
    }

    fn window_buckets(&self) -> impl Iterator<Item = &Bucket> + '_ {
        let current = self.current;
        self.buckets
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != current)
            .map(|(_, b)| b)
    }

    fn compute_window(&self) -> WindowStats {
        let n = self.closed.min(WINDOW_BUCKETS as u64);
        let span_ns = n * BUCKET_NS;
        if span_ns == 0 {
            return WindowStats::default();
        }
        let span_s = seconds(span_ns);
        let mut counts = Counters::default();
        let (mut in_system, mut busy, mut capacity, mut blocked) = (0u64, 0u64, 0u64, 0u64);
        let (mut latency_sum, mut departures, mut sojourn_sum) = (0u64, 0u64, 0u64);
        for b in self.window_buckets() {
            counts.add(&b.counts);
            in_system += b.in_system_ns;
            busy += b.busy_ns;
            capacity += b.capacity_ns;
            blocked += b.blocked_ns;
            latency_sum = latency_sum.saturating_add(b.latency_sum_ns);
            departures += b.departures;
            sojourn_sum = sojourn_sum.saturating_add(b.sojourn_sum_ns);
        }
        let mean_ms = |sum: u64, n: u64| {
            if n == 0 {
                0.0
            } else {
                sum as f64 / n as f64 / 1e6
            }
        };
        let per_s = |x: u64| x as f64 / span_s;
        let (p50, p99, _) = self.latency.p50_p99_ms(self.closed * BUCKET_NS);
        WindowStats {
            span_s,
            counts,
            arrival_rate: per_s(counts.arrived),
            accepted_rate: per_s(counts.accepted),
            throughput: per_s(counts.completed),
            rejected_rate: per_s(counts.rejected),
            dropped_rate: per_s(counts.dropped),
            lost_rate: per_s(counts.lost),
            latency_p50_ms: p50,
            latency_p99_ms: p99,
            latency_mean_ms: mean_ms(latency_sum, counts.completed),
            sojourn_mean_ms: mean_ms(sojourn_sum, departures),
            mean_in_system: in_system as f64 / span_ns as f64,
            utilization: if capacity == 0 {
                0.0
            } else {
                busy as f64 / capacity as f64
            },
            blocked_fraction: blocked as f64 / span_ns as f64,
        }
    }

    fn push_sample(&mut self, now: Nanos, queue_depth: usize) {
        if self.history.len() == HISTORY_LEN {
            self.history.pop_front();
        }
        let w = &self.window;
        self.history.push_back(Sample {
            t_s: seconds(now),
            queue_depth: u32::try_from(queue_depth).unwrap_or(u32::MAX),
            arrival_rate: w.arrival_rate as f32,
            throughput: w.throughput as f32,
            rejected_rate: w.rejected_rate as f32,
            dropped_rate: w.dropped_rate as f32,
            lost_rate: w.lost_rate as f32,
            latency_p50_ms: w.latency_p50_ms as f32,
            latency_p99_ms: w.latency_p99_ms as f32,
        });
    }
}
