//! Sets of message IDs kept as bits over a sliding range: what a consumer has processed
//! (the idempotency check) and the requests still waiting for their reply.

use super::*;

/// A set of message IDs as bits over a sliding range of `BITS` IDs: IDs are handed out in
/// order, so the range moves forward as newer ones are added and the oldest are forgotten.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IdWindow<const BITS: usize> {
    /// The ID of the first bit.
    pub(super) base: u64,
    pub(super) words: VecDeque<u64>,
}

/// The IDs a consumer has processed, for the idempotency check.
pub type SeenIds = IdWindow<MAX_REMEMBERED>;

/// Requests still waiting for their reply: far more than a full invoice queue can hold, so
/// none is ever forgotten.
pub type PendingIds = IdWindow<{ 1 << 20 }>;

impl<const BITS: usize> IdWindow<BITS> {
    const WORDS: usize = BITS / 64;

    /// Whether `id` was processed (and is recent enough to be remembered).
    pub fn contains(&self, id: u64) -> bool {
        let Some(offset) = id.checked_sub(self.base) else {
            return false;
        };
        self.words
            .get((offset / 64) as usize)
            .is_some_and(|w| w & (1 << (offset % 64)) != 0)
    }

    /// Records that `id` was processed; an ID older than the range is ignored.
    pub fn insert(&mut self, id: u64) {
        if id < self.base {
            return;
        }
        let word = ((id - self.base) / 64) as usize;
        if word >= Self::WORDS {
            // Slide forward: forget the oldest words.
            let shift = (word + 1 - Self::WORDS).min(self.words.len());
            self.words.drain(..shift);
            self.base = (id / 64 + 1).saturating_sub(Self::WORDS as u64) * 64;
        }
        let word = ((id - self.base) / 64) as usize;
        while self.words.len() <= word {
            self.words.push_back(0);
        }
        if let Some(w) = self.words.get_mut(word) {
            *w |= 1 << ((id - self.base) % 64);
        }
    }

    /// Forgets `id`; whether it was there.
    pub fn remove(&mut self, id: u64) -> bool {
        let found = self.contains(id);
        if let Some(offset) = id.checked_sub(self.base) {
            if let Some(w) = self.words.get_mut((offset / 64) as usize) {
                *w &= !(1 << (offset % 64));
            }
        }
        found
    }

    /// How many IDs are in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Words of memory in use, at most `BITS / 64`.
    pub fn words(&self) -> usize {
        self.words.len()
    }
}
