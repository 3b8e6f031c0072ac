//! The run's running totals, and the accounting they keep.

use super::*;

/// Running totals. Conservation: `enqueued + redelivered + redriven = completed +
/// dead_lettered + waiting + held` at every instant, and nothing is ever lost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AsyncCounters {
    /// Orders the clients sent.
    pub offered: u64,
    /// Orders a request thread took.
    pub accepted: u64,
    /// Orders refused (503): no free thread, or a queue at its bound.
    pub refused: u64,
    /// Answers returned.
    pub responses: u64,
    /// Messages put on the queues by the API.
    pub enqueued: u64,
    /// Copies put back after a lost acknowledgement.
    pub redelivered: u64,
    /// Messages moved back from the dead-letter queue.
    pub redriven: u64,
    /// Deliveries worked through successfully (originals and copies).
    pub completed: u64,
    /// Messages whose effect was applied for the first time.
    pub processed: u64,
    /// Attempts that failed and were tried again.
    pub retries: u64,
    /// Messages moved to the dead-letter queue.
    pub dead_lettered: u64,
    /// Copies delivered after their effect was already applied.
    pub duplicates_delivered: u64,
    /// Copies whose effect was applied again (a second email, stock taken twice).
    pub duplicate_effects: u64,
    /// Copies the idempotent consumer recognised and skipped.
    pub duplicates_skipped: u64,
    /// Messages lost. Always 0: the model has no way to lose one, and tests check it.
    pub lost: u64,
    /// Replies matched to the request with their correlation ID.
    pub replies_matched: u64,
    /// Replies for a request already answered (a duplicate's effect).
    pub replies_duplicate: u64,
    /// Replies whose correlation ID matches no request ever sent. Always 0.
    pub replies_mismatched: u64,
}
