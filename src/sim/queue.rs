//! Bounded queues and overflow policies: the back-pressure strategies of the guide.
//!
//! When a queue is full something has to give. The producer can be made to wait
//! ([`OverflowPolicy::Block`]), told to go away ([`OverflowPolicy::Reject`], an HTTP 429), or
//! the oldest waiting message can be thrown away ([`OverflowPolicy::DropOldest`]).
//! [`OverflowPolicy::Unbounded`] never says no, so the queue grows until memory runs out.

use super::packed::{Pack, PackedDeque};
use super::{varint, Nanos};
use crate::sim::keyed::keyed;

/// The most messages any queue may hold, whatever the policy: 512 MiB of 1 KiB messages,
/// the largest memory limit the lab offers. Real memory used is 16 bytes a message unpacked,
/// 8 MiB, and about 3 bytes packed (Poisson arrivals at 20,000 a second).
pub const MAX_QUEUE: usize = 512 * 1024;

keyed! {
    /// What a full queue does with the next message.
    pub enum OverflowPolicy {
        /// No limit: every message is accepted, until the consumer runs out of memory.
        Unbounded = "unbounded",
        /// The producer waits until a slot frees up; its rate falls to the consumers' rate.
        Block = "block",
        /// The new message is refused with "429 Too Many Requests" and counted as rejected.
        Reject = "reject",
        /// The oldest waiting message is evicted to make room and counted as dropped.
        DropOldest = "drop_oldest",
    }
}

impl OverflowPolicy {
    /// Whether the queue's capacity applies.
    pub fn is_bounded(self) -> bool {
        self != Self::Unbounded
    }
}

/// One message: its sequence number and when it reached the consumer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Message {
    /// Sequence number in order of arrival; strictly increasing along the queue.
    pub id: u64,
    /// When the message entered the consumer's process.
    pub arrived_at: Nanos,
}

/// Along a queue the next message usually has the next number and arrived a few tens of
/// microseconds later: one varint of the time's difference (zigzag, doubled) when the number
/// is the next one, else the marker 1 and both differences.
impl Pack for Message {
    fn pack(&self, before: &Self, out: &mut Vec<u8>) {
        let gap = self.id.wrapping_sub(before.id);
        let dt = varint::zigzag(self.arrived_at.wrapping_sub(before.arrived_at) as i64);
        if gap == 1 && dt < 1 << 62 {
            varint::push(out, dt << 1);
        } else {
            varint::push(out, 1);
            varint::push(out, dt);
            varint::push(out, gap);
        }
    }

    fn unpack(before: &Self, bytes: &[u8], at: &mut usize) -> Option<Self> {
        let first = varint::read(bytes, at)?;
        let (dt, gap) = if first & 1 == 0 {
            (first >> 1, 1)
        } else {
            (varint::read(bytes, at)?, varint::read(bytes, at)?)
        };
        Some(Self {
            id: before.id.wrapping_add(gap),
            arrived_at: before.arrived_at.wrapping_add(varint::unzigzag(dt) as u64),
        })
    }
}

/// What [`BoundedQueue::offer`] did with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// The message was queued.
    Queued,
    /// The message was queued after evicting the oldest one, returned here.
    QueuedEvicting(Message),
    /// The queue is full and the message was refused (the caller decides: reject or block).
    Full,
}

/// A FIFO queue with a capacity that only bounded policies enforce.
///
/// Bound: never more than [`MAX_QUEUE`] messages, whatever the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundedQueue {
    items: PackedDeque<Message>,
    capacity: usize,
    policy: OverflowPolicy,
}

impl BoundedQueue {
    /// An empty queue; `capacity` is clamped to `1..=MAX_QUEUE`.
    pub fn new(capacity: usize, policy: OverflowPolicy) -> Self {
        Self {
            items: PackedDeque::new(),
            capacity: capacity.clamp(1, MAX_QUEUE),
            policy,
        }
    }

    /// Messages waiting.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The configured capacity (enforced only by bounded policies).
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The active policy.
    pub fn policy(&self) -> OverflowPolicy {
        self.policy
    }

    /// Whether a new message would not fit without the policy stepping in.
    pub fn is_full(&self) -> bool {
        let limit = if self.policy.is_bounded() {
            self.capacity
        } else {
            MAX_QUEUE
        };
        self.items.len() >= limit
    }

    /// Offers a message at the back, applying the overflow policy if the queue is full.
    pub fn offer(&mut self, message: Message) -> Offer {
        if !self.is_full() {
            self.items.push_back(message);
            return Offer::Queued;
        }
        if self.policy != OverflowPolicy::DropOldest {
            return Offer::Full;
        }
        match self.items.pop_front() {
            Some(evicted) => {
                self.items.push_back(message);
                Offer::QueuedEvicting(evicted)
            }
            None => Offer::Full,
        }
    }

    /// Takes the oldest message.
    pub fn pop(&mut self) -> Option<Message> {
        self.items.pop_front()
    }

    /// Changes capacity and policy. Under a bounded policy the oldest messages that no longer
    /// fit are evicted and returned, so the caller can count them.
    pub fn reconfigure(&mut self, capacity: usize, policy: OverflowPolicy) -> Vec<Message> {
        self.capacity = capacity.clamp(1, MAX_QUEUE);
        self.policy = policy;
        let limit = if policy.is_bounded() {
            self.capacity
        } else {
            MAX_QUEUE
        };
        let excess = self.items.len().saturating_sub(limit);
        (0..excess).filter_map(|_| self.items.pop_front()).collect()
    }

    /// Empties the queue (the process holding it died) and returns how many were lost.
    pub fn clear(&mut self) -> usize {
        let n = self.items.len();
        self.items.clear();
        n
    }

    /// The waiting messages, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = Message> + '_ {
        self.items.iter()
    }

    /// Bytes of this queue that `earlier` (a copy from before) does not share.
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        self.items.unshared_bytes(earlier.map(|e| &e.items))
    }
}
