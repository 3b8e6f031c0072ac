//! What the queues carry: a message (one task of one order), what a worker is doing with
//! it, why its last attempt failed, the dead letter it may become, and a reply on the reply
//! queue.

use super::*;

/// A result on the reply queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reply {
    /// The request's correlation ID (its invoice message's ID).
    pub correlation: u64,
    /// When the order was accepted.
    pub requested_at: Nanos,
    /// When the worker posted it.
    pub replied_at: Nanos,
}

/// One message on a queue: one task of one order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    /// Unique per original message (its order × 3 + its queue's index); a redelivered copy
    /// keeps it.
    pub id: u64,
    /// When the order was accepted.
    pub accepted_at: Nanos,
    /// Failed attempts so far.
    pub attempts: u32,
    /// 1 for the original; a copy after a lost acknowledgement is 2, 3, …
    pub delivery: u32,
    /// Always fails.
    pub poison: bool,
}

impl Message {
    /// The order it belongs to.
    pub fn order(&self) -> u64 {
        self.id / 3
    }
}

/// What a worker is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Worker {
    /// Waiting for a message.
    Idle,
    /// Working on a message until then.
    Busy { msg: Message, until: Nanos },
    /// Holding a message that failed, to try it again then.
    Backoff { msg: Message, until: Nanos },
}

/// Why the last attempt of a dead-lettered message failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// A passing fault (a timeout, a busy service).
    Transient,
    /// The message can never succeed.
    Poison,
}

/// A message the dead-letter queue holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeadLetter {
    /// The message, with its attempts.
    pub msg: Message,
    /// The queue it came from.
    pub task: Task,
    /// Why its last attempt failed.
    pub last_error: Failure,
}
