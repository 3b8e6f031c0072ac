//! The CQRS lab's parameters, its cost model and the learner's actions.

use crate::sim::action::actions;
use crate::sim::keyed::keyed;
use crate::sim::Nanos;

/// Most commands a second.
pub const MAX_WRITE_RATE: u32 = 100_000;
/// Most queries a second.
pub const MAX_READ_RATE: u32 = 1_000_000;
/// Most tables a normalized read joins.
pub const MAX_JOINS: u32 = 8;
/// Most read replicas.
pub const MAX_REPLICAS: u32 = 16;
/// Fastest projector, changes a second.
pub const MAX_SYNC_CAPACITY: u32 = 1_000_000;
/// Connections each store serves at once.
pub const CONNECTIONS: usize = 16;
/// Clients issuing commands and reading their own data.
pub const CLIENTS: u32 = 1_000;

// The cost model (means of exponential service times): a command writes the normalized
// schema; a read of the normalized schema joins `joins` tables; a read of the denormalized
// read store is one document. With one join the two reads cost the same, so CQRS buys no
// latency where queries are simple.

/// A command against the normalized write schema.
pub const WRITE_NS: Nanos = 1_000_000;
/// A normalized read before its joins.
pub const READ_BASE_NS: Nanos = 200_000;
/// Each table a normalized read joins.
pub const JOIN_NS: Nanos = 200_000;
/// A read of the denormalized read store.
pub const DENORMALIZED_READ_NS: Nanos = 400_000;
/// From a commit to its event reaching the projector.
pub const SYNC_DELAY_NS: Nanos = 50_000_000;

keyed! {
    /// One store for everything, or separate write and read paths.
    pub enum Arch {
        /// One service and one database for commands and queries.
        Traditional = "traditional",
        /// Commands to a write store, queries to a read store kept up by a projector.
        Cqrs = "cqrs",
    }
}

/// Everything the split scene is set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CqrsConfig {
    /// Which architecture serves the traffic.
    pub arch: Arch,
    /// Commands a second (Poisson).
    pub write_rate: u32,
    /// Queries a second (Poisson).
    pub read_rate: u32,
    /// Tables a read joins in the normalized schema.
    pub joins: u32,
    /// Read replicas of the read store.
    pub read_replicas: u32,
    /// Changes a second the projector applies to the read store.
    pub sync_capacity: u32,
    /// Read-your-writes: a client whose last write has not reached the read store reads from
    /// the write store (a normalized read there) instead.
    pub ryw: bool,
}

impl Default for CqrsConfig {
    fn default() -> Self {
        Self {
            arch: Arch::Cqrs,
            write_rate: 500,
            read_rate: 5_000,
            joins: 4,
            read_replicas: 2,
            sync_capacity: 10_000,
            ryw: false,
        }
    }
}

impl CqrsConfig {
    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        Self {
            write_rate: self.write_rate.min(MAX_WRITE_RATE),
            read_rate: self.read_rate.min(MAX_READ_RATE),
            joins: self.joins.clamp(1, MAX_JOINS),
            read_replicas: self.read_replicas.clamp(1, MAX_REPLICAS),
            sync_capacity: self.sync_capacity.clamp(1, MAX_SYNC_CAPACITY),
            ..self
        }
    }

    /// Mean cost of a normalized read.
    pub fn normalized_read_ns(&self) -> Nanos {
        READ_BASE_NS + u64::from(self.joins) * JOIN_NS
    }
}

actions! {
    /// A learner's change while the run goes on.
    pub enum CqrsAction for CqrsConfig {
        /// Traditional or CQRS, for traffic from now on (work under way finishes where it is).
        Arch(Arch) => arch,
        /// Commands a second.
        WriteRate(u32) => write_rate,
        /// Queries a second.
        ReadRate(u32) => read_rate,
        /// Tables a normalized read joins.
        Joins(u32) => joins,
        /// Read replicas (new reads go to the first this many).
        Replicas(u32) => read_replicas,
        /// The projector's capacity.
        SyncCapacity(u32) => sync_capacity,
        /// The read-your-writes mitigation.
        Ryw(bool) => ryw,
    }
}
