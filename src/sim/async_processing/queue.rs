//! One queue and its workers.

use super::*;

/// One queue and its workers.
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    pub(super) items: ChunkedDeque<Message>,
    pub(super) workers: Vec<Worker>,
    /// Workers that are [`Worker::Idle`]: dispatching looks through the workers only when
    /// one is.
    pub(super) idle: usize,
    /// Processed IDs, for the idempotent consumer.
    pub(super) seen: SeenIds,
}

impl Queue {
    pub(super) fn new(workers: u32) -> Self {
        Self {
            items: ChunkedDeque::new(),
            workers: vec![Worker::Idle; workers as usize],
            idle: workers as usize,
            seen: SeenIds::default(),
        }
    }

    /// Messages waiting.
    pub fn depth(&self) -> usize {
        self.items.len()
    }

    /// The messages waiting, the next to be taken first.
    pub fn waiting(&self) -> impl Iterator<Item = &Message> {
        self.items.iter()
    }

    /// The workers.
    pub fn workers(&self) -> &[Worker] {
        &self.workers
    }

    /// Messages held by workers (in work or waiting to retry).
    pub fn held(&self) -> usize {
        self.workers
            .iter()
            .filter(|w| !matches!(w, Worker::Idle))
            .count()
    }

    /// Workers holding a poison message (in work or waiting to retry it).
    pub fn held_poison(&self) -> usize {
        self.workers
            .iter()
            .filter(|w| matches!(w, Worker::Busy { msg, .. } | Worker::Backoff { msg, .. } if msg.poison))
            .count()
    }
}
