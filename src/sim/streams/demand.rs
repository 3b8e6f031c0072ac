//! Reactive Streams: a publisher that never emits more than its subscriber has asked for.
//! The subscriber calls `request(n)` and tops its demand up as it works through the items, so
//! what it holds plus what it has asked for never exceeds `n`; in push mode the publisher
//! emits as fast as it can and the difference piles up in the subscriber's buffer.
//!
//! Items are counted, not stored, so the buffer is a number. Bound: [`MAX_BUFFER`] items in
//! the subscriber's memory; past it, it runs out of memory and restarts empty (the items are
//! counted as lost).

use std::hash::Hash;

use super::config::{Mode, StreamsConfig};
use crate::sim::{Nanos, SECOND, TICK_NS};

/// Items the subscriber's memory holds (at a kilobyte an item, about a gigabyte).
pub const MAX_BUFFER: u64 = 1_000_000;
/// The `request(n)` signals remembered for the picture.
pub const SIGNALS: usize = 16;

/// Running totals. Conservation: `emitted = consumed + buffer + lost`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DemandCounters {
    /// Items the publisher emitted.
    pub emitted: u64,
    /// Items the subscriber finished.
    pub consumed: u64,
    /// Items lost when the subscriber ran out of memory.
    pub lost: u64,
    /// Times it did.
    pub crashes: u64,
    /// Items requested so far (`request(n)` summed; unbounded demand is not counted).
    pub requested: u64,
    /// `request(n)` signals sent.
    pub requests: u64,
    /// Protocol errors (`request(0)`).
    pub protocol_errors: u64,
    /// The most the buffer held.
    pub buffer_max: u64,
}

/// The publisher, the subscriber and the buffer between them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DemandStage {
    /// Items waiting in the subscriber.
    pub buffer: u64,
    /// Demand not yet met.
    pub outstanding: u64,
    /// The subscription ended with an error (`request(0)`).
    pub errored: bool,
    emit_credit: u64,
    take_credit: u64,
    /// When the last `request(n)` signals were sent, and their `n`.
    pub signals: [(Nanos, u32); SIGNALS],
    next_signal: usize,
    /// Running totals.
    pub counters: DemandCounters,
}

impl Default for DemandStage {
    fn default() -> Self {
        Self {
            buffer: 0,
            outstanding: 0,
            errored: false,
            emit_credit: 0,
            take_credit: 0,
            signals: [(0, 0); SIGNALS],
            next_signal: 0,
            counters: DemandCounters::default(),
        }
    }
}

impl DemandStage {
    /// One tick ending at `now`: the subscriber tops up its demand, the publisher emits, the
    /// subscriber works.
    pub fn tick(&mut self, c: &StreamsConfig, now: Nanos) {
        if c.mode == Mode::Demand && !self.errored {
            // Ask for what is missing once half the batch is, so signals stay few.
            let batch = u64::from(c.batch);
            let held = self.buffer + self.outstanding;
            let missing = batch.saturating_sub(held);
            if missing > 0 && (missing * 2 >= batch || held == 0) {
                self.request(missing, now);
            }
        }
        self.emit_credit += u64::from(c.producer_rate) * TICK_NS;
        let can = self.emit_credit / SECOND;
        let emit = match c.mode {
            _ if self.errored => 0,
            Mode::Demand => can.min(self.outstanding),
            Mode::Push | Mode::Unbounded => can,
        };
        self.emit_credit -= emit * SECOND;
        if emit < can {
            // A publisher held back by demand does not save up its speed.
            self.emit_credit = self.emit_credit.min(SECOND);
        }
        if c.mode == Mode::Demand {
            self.outstanding -= emit;
        }
        self.counters.emitted += emit;
        self.buffer += emit;
        if self.buffer > MAX_BUFFER {
            self.counters.lost += self.buffer;
            self.counters.crashes += 1;
            self.buffer = 0;
        }
        self.counters.buffer_max = self.counters.buffer_max.max(self.buffer);
        self.take_credit += u64::from(c.consumer_rate) * TICK_NS;
        let take = (self.take_credit / SECOND).min(self.buffer);
        self.take_credit -= take * SECOND;
        if self.buffer == take {
            self.take_credit = self.take_credit.min(SECOND);
        }
        self.buffer -= take;
        self.counters.consumed += take;
    }

    fn request(&mut self, n: u64, now: Nanos) {
        self.outstanding += n;
        self.counters.requested += n;
        self.counters.requests += 1;
        if let Some(s) = self.signals.get_mut(self.next_signal % SIGNALS) {
            *s = (now, u32::try_from(n).unwrap_or(u32::MAX));
        }
        self.next_signal += 1;
    }

    /// `request(0)`: the publisher signals `onError` and the subscription is over.
    pub fn request_zero(&mut self) {
        self.counters.protocol_errors += 1;
        self.errored = true;
        self.outstanding = 0;
    }

    /// A new subscription: demand starts from nothing.
    pub fn resubscribe(&mut self) {
        self.errored = false;
        self.outstanding = 0;
    }

    /// Checks conservation and the bound.
    pub fn check(&self) -> Result<(), String> {
        let k = &self.counters;
        if k.emitted != k.consumed + self.buffer + k.lost {
            return Err(format!(
                "items: {} emitted, {} consumed, {} buffered, {} lost",
                k.emitted, k.consumed, self.buffer, k.lost
            ));
        }
        if self.buffer > MAX_BUFFER {
            return Err("the buffer passed its bound".to_owned());
        }
        Ok(())
    }
}
