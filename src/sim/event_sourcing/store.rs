//! The event store: an append-only log with a global offset, a version per stream, and
//! optimistic concurrency (an append names the version it expects; a stale one is refused).
//!
//! Events live in fixed-size chunks. A full chunk is packed (each event as its difference
//! from the one before, about 8 bytes instead of 24) and shared (`Arc`), so cloning the store
//! copies a few hundred pointers, not the events, and the checkpoints of a long run hold each
//! event once, small. Bound: [`MAX_LIVE_EVENTS`] events in memory; past it the oldest chunks
//! are archived (dropped from memory, with a snapshot kept at the boundary by the caller),
//! and offsets before the boundary read as archived.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::sim::packed::{self, Pack};
use crate::sim::{varint, Nanos};

/// Events per chunk.
pub const CHUNK: usize = 1_024;
/// Events per block of a packed chunk: each block starts afresh, so a read starts at most
/// this many events before the one it wants.
const BLOCK: usize = 8;
/// Events kept in memory: 2²⁰ (about a million); packed, about 8 MiB.
pub const MAX_LIVE_EVENTS: usize = 1_024 * CHUNK;
/// Chunks archived at once when the log is full: a quarter of it.
pub const ARCHIVE_CHUNKS: usize = 256;
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

// The checkpoint accounting counts 24 bytes an event of the unpacked tail.
const _: () = assert!(std::mem::size_of::<Event>() == 24);

impl Default for Event {
    fn default() -> Self {
        Self {
            at: 0,
            stream: 0,
            version: 0,
            body: EventBody::AccountCreated,
        }
    }
}

impl Pack for Event {
    #[inline]
    fn pack(&self, before: &Self, out: &mut Vec<u8>) {
        varint::push(out, varint::zigzag(self.at.wrapping_sub(before.at) as i64));
        varint::push(out, u64::from(self.stream));
        varint::push(out, u64::from(self.version));
        let (kind, amount) = match self.body {
            EventBody::AccountCreated => (0, 0),
            EventBody::MoneyDepositedV1 { amount } => (1, amount),
            EventBody::MoneyDepositedV2 {
                amount,
                currency: Currency::Eur,
            } => (2, amount),
            EventBody::MoneyDepositedV2 {
                amount,
                currency: Currency::Usd,
            } => (3, amount),
            EventBody::MoneyWithdrawn { amount } => (4, amount),
        };
        // The kind in the low three bits, the amount above.
        varint::push(out, (u64::from(amount) << 3) | kind);
    }

    fn unpack(before: &Self, bytes: &[u8], at: &mut usize) -> Option<Self> {
        let time = before
            .at
            .wrapping_add(varint::unzigzag(varint::read(bytes, at)?) as u64);
        let stream = u32::try_from(varint::read(bytes, at)?).ok()?;
        let version = u32::try_from(varint::read(bytes, at)?).ok()?;
        let word = varint::read(bytes, at)?;
        let amount = u32::try_from(word >> 3).ok()?;
        let body = match word & 7 {
            0 => EventBody::AccountCreated,
            1 => EventBody::MoneyDepositedV1 { amount },
            2 => EventBody::MoneyDepositedV2 {
                amount,
                currency: Currency::Eur,
            },
            3 => EventBody::MoneyDepositedV2 {
                amount,
                currency: Currency::Usd,
            },
            4 => EventBody::MoneyWithdrawn { amount },
            _ => return None,
        };
        Some(Self {
            at: time,
            stream,
            version,
            body,
        })
    }
}

/// [`CHUNK`] events, packed in blocks of [`BLOCK`].
#[derive(Debug, PartialEq, Eq)]
struct PackedChunk {
    bytes: Box<[u8]>,
    /// Where each block starts in `bytes`.
    blocks: Box<[u32]>,
}

impl PackedChunk {
    fn pack(events: &[Event]) -> Self {
        let mut bytes = Vec::with_capacity(events.len() * 8);
        let mut blocks = Vec::with_capacity(events.len().div_ceil(BLOCK));
        for block in events.chunks(BLOCK) {
            blocks.push(bytes.len() as u32);
            packed::pack_all(block, &mut bytes);
        }
        Self {
            bytes: bytes.into(),
            blocks: blocks.into(),
        }
    }

    /// The events from index `from` on.
    fn events_from(&self, from: usize) -> impl Iterator<Item = Event> + '_ {
        self.blocks
            .get(from / BLOCK..)
            .unwrap_or(&[])
            .iter()
            .flat_map(|&start| packed::unpack_all(&self.bytes, start as usize, BLOCK))
            .skip(from % BLOCK)
    }

    fn bytes(&self) -> usize {
        self.bytes.len() + self.blocks.len() * 4
    }
}

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
    chunks: VecDeque<Arc<PackedChunk>>,
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
            self.chunks
                .push_back(Arc::new(PackedChunk::pack(&self.tail)));
            self.tail.clear();
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
    pub fn get(&self, offset: u64) -> Option<Event> {
        let i = usize::try_from(offset.checked_sub(self.archived_before)?).ok()?;
        match self.chunks.get(i / CHUNK) {
            Some(chunk) => chunk.events_from(i % CHUNK).next(),
            None => self.tail.get(i - self.chunks.len() * CHUNK).copied(),
        }
    }

    /// Events in `from..to`, in order (clamped to what is in memory).
    pub fn range(&self, from: u64, to: u64) -> impl Iterator<Item = (u64, Event)> + '_ {
        let from = from.max(self.archived_before);
        let to = to.min(self.head());
        let start = usize::try_from(from - self.archived_before).unwrap_or(usize::MAX);
        let take = usize::try_from(to.saturating_sub(from)).unwrap_or(0);
        let (first, within) = (start / CHUNK, start % CHUNK);
        // Whole chunks and blocks before `from` are skipped without reading their events.
        let packed = self
            .chunks
            .range(first.min(self.chunks.len())..)
            .enumerate()
            .flat_map(move |(k, c)| c.events_from(if k == 0 { within } else { 0 }));
        let tail_from = if first >= self.chunks.len() {
            start - self.chunks.len() * CHUNK
        } else {
            0
        };
        packed
            .chain(self.tail.get(tail_from..).unwrap_or(&[]).iter().copied())
            .take(take)
            .enumerate()
            .map(move |(i, e)| (from + i as u64, e))
    }

    /// Bytes of this log that `earlier` (a copy of the same log, from before) does not share:
    /// the chunks packed since, and the unpacked tail.
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        let shared = |c: &Arc<PackedChunk>| {
            earlier.is_some_and(|e| e.chunks.iter().rev().any(|d| Arc::ptr_eq(c, d)))
        };
        self.chunks
            .iter()
            .rev()
            .take_while(|c| !shared(c))
            .map(|c| c.bytes())
            .sum::<usize>()
            + self.chunks.len() * std::mem::size_of::<Arc<PackedChunk>>()
            + self.tail.len() * std::mem::size_of::<Event>()
            + self.stream_versions.len() * 4
    }
}
