//! The pipeline lab's parameters, its cost model and the learner's actions.

use crate::sim::action::actions;
use crate::sim::Nanos;

/// Most commands or queries a second.
pub const MAX_RATE: u32 = 2_000_000;
/// Most partitions.
pub const MAX_PARTITIONS: u32 = 64;
/// Most consumers a view.
pub const MAX_CONSUMERS: u32 = 64;
/// Fastest consumer, events a second.
pub const MAX_CONSUMER_CAPACITY: u32 = 1_000_000;
/// Largest traffic spike.
pub const MAX_SPIKE_X: u32 = 100;
/// The materialized views the consumers build.
pub const VIEWS: usize = 2;

// The cost model. The simple architecture is one database: a write costs one unit of its
// capacity, a read a quarter (a point query on the same tables). The pipeline appends a
// command to the event store and acknowledges it; reads go to the views.

/// Work units a second the simple architecture's database serves.
pub const SIMPLE_CAPACITY: u64 = 40_000;
/// What a read costs the simple database, in writes.
pub const SIMPLE_READ_COST: f64 = 0.25;
/// A write's service time on the simple database.
pub const SIMPLE_WRITE_NS: Nanos = 1_000_000;
/// Work waiting at the simple database, past which it refuses (503).
pub const SIMPLE_MAX_QUEUE: u64 = 400_000;
/// Appending a command to the event store and acknowledging it.
pub const APPEND_NS: Nanos = 3_000_000;
/// Events a second one partition of the event store and log takes.
pub const APPEND_PER_PARTITION: u64 = 100_000;
/// A read of a materialized view.
pub const VIEW_READ_NS: Nanos = 1_000_000;
/// Commands the API holds in memory before they are appended, when bounded.
pub const API_BUFFER: u64 = 1_000_000;
/// Memory for the API's buffer when unbounded, in commands: past it, the process dies and
/// the buffer with it.
pub const API_MEMORY: u64 = 10_000_000;
/// How long a spike lasts.
pub const SPIKE_NS: Nanos = 10_000_000_000;
/// How long a crashed consumer takes to come back.
pub const RESTART_NS: Nanos = 2_000_000_000;
/// How often a view is snapshotted, when snapshots are on.
pub const SNAPSHOT_EVERY_NS: Nanos = 10_000_000_000;

/// A plain service on one database, or the guide's pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arch {
    /// Request/response on one database.
    Simple,
    /// Command → event store → partitioned log → consumers → views → read API.
    Patterns,
}

/// Named in the order the lab shows them, the pipeline first (the variants' order is part of
/// the state hash).
impl crate::sim::Keyed for Arch {
    const KEYS: &'static [(Self, &'static str)] =
        &[(Self::Patterns, "patterns"), (Self::Simple, "simple")];
}

/// Everything the pipeline lab is set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PipelineConfig {
    /// Which architecture.
    pub arch: Arch,
    /// Commands a second (Poisson).
    pub write_rate: u32,
    /// Queries a second (Poisson).
    pub read_rate: u32,
    /// Partitions of the log.
    pub partitions: u32,
    /// Consumers a view (a partition is read by one consumer of its group).
    pub consumers: u32,
    /// Events a second a consumer applies.
    pub consumer_capacity: u32,
    /// Slow the appends while consumers lag.
    pub backpressure: bool,
    /// Lag, events, past which back-pressure holds the appends to the consumers' pace.
    pub lag_threshold: u32,
    /// Views snapshotted every 10 s (a restart replays from the last snapshot).
    pub snapshots: bool,
    /// Consumers skip events their view already holds.
    pub idempotent: bool,
    /// A poison event goes to a dead-letter queue instead of stalling its partition.
    pub dlq: bool,
    /// The API's buffer is bounded (excess refused) rather than growing until a crash.
    pub bounded: bool,
    /// An alert when a view is older than `stale_alert_s`.
    pub stale_monitor: bool,
    /// The alert's threshold, seconds.
    pub stale_alert_s: u32,
    /// When a poison event is appended, simulated second.
    pub poison_at: Option<u32>,
    /// When the first view's consumers crash, simulated second.
    pub crash_at: Option<u32>,
    /// Share of commits whose acknowledgement is lost (the events are delivered again), %.
    pub redelivery_pct: u32,
    /// When a traffic spike starts, simulated second.
    pub spike_at: Option<u32>,
    /// How many times the write rate the spike is.
    pub spike_x: u32,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            arch: Arch::Patterns,
            write_rate: 20_000,
            read_rate: 50_000,
            partitions: 8,
            consumers: 4,
            consumer_capacity: 20_000,
            backpressure: true,
            lag_threshold: 100_000,
            snapshots: true,
            idempotent: true,
            dlq: true,
            bounded: true,
            stale_monitor: true,
            stale_alert_s: 5,
            poison_at: None,
            crash_at: None,
            redelivery_pct: 0,
            spike_at: None,
            spike_x: 10,
        }
    }
}

impl PipelineConfig {
    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        let at = |t: Option<u32>| t.map(|t| t.min(3_600));
        Self {
            write_rate: self.write_rate.min(MAX_RATE),
            read_rate: self.read_rate.min(MAX_RATE),
            partitions: self.partitions.clamp(1, MAX_PARTITIONS),
            consumers: self.consumers.clamp(1, MAX_CONSUMERS),
            consumer_capacity: self.consumer_capacity.clamp(1, MAX_CONSUMER_CAPACITY),
            lag_threshold: self.lag_threshold.max(1),
            stale_alert_s: self.stale_alert_s.clamp(1, 3_600),
            redelivery_pct: self.redelivery_pct.min(100),
            spike_x: self.spike_x.clamp(1, MAX_SPIKE_X),
            poison_at: at(self.poison_at),
            crash_at: at(self.crash_at),
            spike_at: at(self.spike_at),
            ..self
        }
    }
}

actions! {
    /// A learner's change while the run goes on (the partitions are fixed for a run).
    pub enum PipelineAction for PipelineConfig {
        /// The architecture, for traffic from now on.
        Arch(Arch) => arch,
        /// Commands a second.
        WriteRate(u32) => write_rate,
        /// Queries a second.
        ReadRate(u32) => read_rate,
        /// Consumers a view.
        Consumers(u32) => consumers,
        /// Events a second a consumer applies.
        ConsumerCapacity(u32) => consumer_capacity,
        /// Back-pressure on or off.
        Backpressure(bool) => backpressure,
        /// The lag that triggers it.
        LagThreshold(u32) => lag_threshold,
        /// Snapshots on or off.
        Snapshots(bool) => snapshots,
        /// Idempotent consumers on or off.
        Idempotent(bool) => idempotent,
        /// The dead-letter queue on or off.
        Dlq(bool) => dlq,
        /// The API's buffer bounded or not.
        Bounded(bool) => bounded,
        /// The staleness monitor on or off.
        StaleMonitor(bool) => stale_monitor,
        /// The staleness alert's threshold.
        StaleAlert(u32) => stale_alert_s,
        /// Lost acknowledgements, %.
        Redelivery(u32) => redelivery_pct,
        /// The size of the next spike.
        SpikeX(u32) => spike_x,
        /// The first view's consumers crash now.
        CrashNow,
        /// A poison event is appended now.
        PoisonNow,
        /// A traffic spike starts now.
        SpikeNow,
    }
}
