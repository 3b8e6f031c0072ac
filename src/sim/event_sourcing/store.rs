//! The event store: an append-only log with a global offset, a version per stream, and
//! optimistic concurrency (an append names the version it expects; a stale one is refused).
//!
//! Events live in fixed-size chunks; full chunks are shared (`Arc`), so cloning the store
//! copies a few hundred pointers, not the events. Bound: [`MAX_LIVE_EVENTS`] events in
//! memory; past it the oldest chunks are archived (dropped from memory, with a snapshot kept
//! at the boundary by the caller), and offsets before the boundary read as archived.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::sim::Nanos;

/// Events per chunk.
pub const CHUNK: usize = 16_384;
/// Events kept in memory: 2²⁰ (about a million), 24 MiB at 24 bytes an event.
pub const MAX_LIVE_EVENTS: usize = 64 * CHUNK;
/// Chunks archived at once when the log is full: a quarter of it.
pub const ARCHIVE_CHUNKS: usize = 16;
/// The most streams (accounts) the store tracks.
pub const MAX_STREAMS: usize = 1_000;

/// A currency, carried by version 2 deposits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Euro: what every version 1 deposit is taken to be.
    Eur,
    /// US dollar.
    Usd,
}

impl Currency {
    /// Its code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Eur => "EUR",
            Self::Usd => "USD",
        }
    }
}

/// What happened to an account. Amounts are whole units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventBody {
    /// The account was opened with a balance of zero.
    AccountCreated,
    /// Schema version 1 of a deposit: an amount only.
    MoneyDepositedV1 { amount: u32 },
    /// Schema version 2 of a deposit: an amount and its currency.
    MoneyDepositedV2 { amount: u32, currency: Currency },
    /// Money left the account.
    MoneyWithdrawn { amount: u32 },
}

impl EventBody {
    /// The event's type name, as a reader would see it in a log.
    pub fn name(&self) -> &'static str {
        match self {
            Self::AccountCreated => "AccountCreated",
            Self::MoneyDepositedV1 { .. } | Self::MoneyDepositedV2 { .. } => "MoneyDeposited",
            Self::MoneyWithdrawn { .. } => "MoneyWithdrawn",
        }
    }

    /// The schema version the event was written with.
    pub fn schema(&self) -> u8 {
        match self {
            Self::MoneyDepositedV2 { .. } => 2,
            _ => 1,
        }
    }
}

/// One stored event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Event {
    /// When it was appended.
    pub at: Nanos,
    /// Its stream (account id).
    pub stream: u32,
    /// Its position within the stream, from 0 without gaps.
    pub version: u32,
    /// What happened.
    pub body: EventBody,
}

// The memory bound in the README counts 24 bytes an event.
const _: () = assert!(std::mem::size_of::<Event>() == 24);

/// Why an append was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppendError {
    /// The stream moved on since the writer read it: nothing was written.
    Conflict {
        /// The version the writer expected the stream to be at.
        expected: u32,
        /// The version it is actually at.
        actual: u32,
    },
    /// No such stream may exist (id beyond [`MAX_STREAMS`]).
    UnknownStream,
}

/// The append-only log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventStore {
    chunks: VecDeque<Arc<Vec<Event>>>,
    tail: Vec<Event>,
    /// Offsets below this have been archived.
    archived_before: u64,
    /// Next version of each stream (= number of events in it).
    stream_versions: Vec<u32>,
}

impl Default for EventStore {
    fn default() -> Self {
        Self::new()
    }
}

impl EventStore {
    /// An empty store.
    pub fn new() -> Self {
        Self {
            chunks: VecDeque::new(),
            tail: Vec::with_capacity(CHUNK),
            archived_before: 0,
            stream_versions: Vec::new(),
        }
    }

    /// The offset the next event will get: the number of events ever appended.
    pub fn head(&self) -> u64 {
        self.archived_before + (self.chunks.len() * CHUNK + self.tail.len()) as u64
    }

    /// The first offset still in memory.
    pub fn archived_before(&self) -> u64 {
        self.archived_before
    }

    /// Streams that exist.
    pub fn stream_count(&self) -> usize {
        self.stream_versions.len()
    }

    /// The version a stream is at (its event count); 0 for a stream that does not exist.
    pub fn stream_version(&self, stream: u32) -> u32 {
        self.stream_versions
            .get(stream as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Appends `body` to `stream` if the stream is at `expected` (0 for a new stream).
    /// Returns the event's global offset.
    pub fn append(
        &mut self,
        stream: u32,
        expected: u32,
        body: EventBody,
        at: Nanos,
    ) -> Result<u64, AppendError> {
        let index = stream as usize;
        if index >= MAX_STREAMS {
            return Err(AppendError::UnknownStream);
        }
        let actual = self.stream_version(stream);
        if actual != expected {
            return Err(AppendError::Conflict { expected, actual });
        }
        if index >= self.stream_versions.len() {
            self.stream_versions.resize(index + 1, 0);
        }
        let offset = self.head();
        self.tail.push(Event {
            at,
            stream,
            version: actual,
            body,
        });
        self.stream_versions[index] = actual + 1;
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            self.chunks.push_back(Arc::new(full));
        }
        Ok(offset)
    }

    /// Whether the log is at its memory bound and should archive before the next append.
    pub fn is_full(&self) -> bool {
        self.chunks.len() * CHUNK + self.tail.len() >= MAX_LIVE_EVENTS
    }

    /// Drops the oldest [`ARCHIVE_CHUNKS`] chunks from memory; returns the new boundary.
    /// The caller keeps a snapshot at that boundary so state can still be rebuilt.
    pub fn archive(&mut self) -> u64 {
        let n = ARCHIVE_CHUNKS.min(self.chunks.len());
        self.chunks.drain(..n);
        self.archived_before += (n * CHUNK) as u64;
        self.archived_before
    }

    /// The event at `offset`, if it is in memory.
    pub fn get(&self, offset: u64) -> Option<&Event> {
        let i = usize::try_from(offset.checked_sub(self.archived_before)?).ok()?;
        match self.chunks.get(i / CHUNK) {
            Some(chunk) => chunk.get(i % CHUNK),
            None => self.tail.get(i - self.chunks.len() * CHUNK),
        }
    }

    /// Events in `from..to`, in order (clamped to what is in memory).
    pub fn range(&self, from: u64, to: u64) -> impl Iterator<Item = (u64, &Event)> + '_ {
        let from = from.max(self.archived_before);
        let to = to.min(self.head());
        let start = usize::try_from(from - self.archived_before).unwrap_or(usize::MAX);
        let take = usize::try_from(to.saturating_sub(from)).unwrap_or(0);
        let slices = self
            .chunks
            .iter()
            .map(|c| c.as_slice())
            .chain(std::iter::once(self.tail.as_slice()));
        // Whole chunks are skipped without touching their events.
        slices
            .skip(start / CHUNK)
            .flat_map(|s| s.iter())
            .skip(start % CHUNK)
            .take(take)
            .enumerate()
            .map(move |(i, e)| (from + i as u64, e))
    }
}
