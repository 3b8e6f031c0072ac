//! A first-in, first-out queue kept in shared chunks, for engine states that are copied as
//! checkpoints: copies share every chunk neither end has touched since, so a checkpoint of a
//! long queue costs what changed (a chunk at each end and the new ones), not the queue.
//!
//! Bound: none of its own; each user states the bound of what it queues. Overhead: one
//! pointer a chunk, and at most one partly used chunk at each end.
//!
//! Chunks are full but for the first (items taken, or put back) and the last (filling).

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Items a chunk holds, unless the queue names another size `N`.
pub const CHUNK: usize = 1_024;

/// The queue, in chunks of `N` items. Its hash and equality are those of its items in order,
/// as a `VecDeque`'s.
#[derive(Clone, Debug)]
pub struct ChunkedDeque<T, const N: usize = CHUNK> {
    /// In queue order.
    chunks: VecDeque<Arc<Vec<T>>>,
    /// Items of the first chunk already taken.
    head: usize,
    len: usize,
}

impl<T, const N: usize> Default for ChunkedDeque<T, N> {
    fn default() -> Self {
        Self {
            chunks: VecDeque::new(),
            head: 0,
            len: 0,
        }
    }
}

impl<T: Clone, const N: usize> ChunkedDeque<T, N> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Items queued.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `item` at the back.
    pub fn push_back(&mut self, item: T) {
        push_chunked::<T, N>(&mut self.chunks, item);
        self.len += 1;
    }

    /// Puts `item` back at the front (a message returned to its queue).
    pub fn push_front(&mut self, item: T) {
        match self.chunks.front_mut() {
            Some(first) if self.head > 0 => {
                self.head -= 1;
                if let Some(slot) = Arc::make_mut(first).get_mut(self.head) {
                    *slot = item;
                }
            }
            _ => {
                // A new chunk filled from its end: the slots before `head` are never read.
                self.chunks.push_front(Arc::new(vec![item; N]));
                self.head = N - 1;
            }
        }
        self.len += 1;
    }

    /// The item at the front.
    pub fn front(&self) -> Option<&T> {
        self.chunks.front()?.get(self.head)
    }

    /// The item at the front, to change it.
    pub fn front_mut(&mut self) -> Option<&mut T> {
        let head = self.head;
        Arc::make_mut(self.chunks.front_mut()?).get_mut(head)
    }

    /// The item `i` places behind the front, to change it. Every chunk but the last holds
    /// `N` slots (the first chunk's before `head` taken), so the slot is found by division.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i >= self.len {
            return None;
        }
        let at = self.head + i;
        Arc::make_mut(self.chunks.get_mut(at / N)?).get_mut(at % N)
    }

    /// Takes the item at the front.
    pub fn pop_front(&mut self) -> Option<T> {
        let first = self.chunks.front()?;
        let item = first.get(self.head)?.clone();
        self.head += 1;
        self.len -= 1;
        if self.head >= first.len() {
            self.chunks.pop_front();
            self.head = 0;
        }
        Some(item)
    }

    /// Empties it.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The items, front first.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.chunks
            .iter()
            .enumerate()
            .flat_map(move |(i, c)| c.get(if i == 0 { self.head } else { 0 }..).unwrap_or(&[]))
    }

    /// Bytes of this queue that `earlier` (a copy of the same queue, from before) does not
    /// share.
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        let shared =
            |c: &Arc<Vec<T>>| earlier.is_some_and(|e| e.chunks.iter().any(|d| Arc::ptr_eq(c, d)));
        self.chunks
            .iter()
            .filter(|c| !shared(c))
            .map(|c| c.capacity() * std::mem::size_of::<T>())
            .sum::<usize>()
            + self.chunks.len() * std::mem::size_of::<Arc<Vec<T>>>()
    }
}

impl<T: Clone + PartialEq, const N: usize> PartialEq for ChunkedDeque<T, N> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq, const N: usize> Eq for ChunkedDeque<T, N> {}

impl<T: Clone + Hash, const N: usize> Hash for ChunkedDeque<T, N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As a `VecDeque` hashes: its length, then its items.
        self.len.hash(state);
        self.iter().for_each(|item| item.hash(state));
    }
}

/// Appends `item` to the last of `chunks`, or to a new chunk when that one holds `N`: a chunk
/// a copy shares is copied before it changes.
pub fn push_chunked<T: Clone, const N: usize>(chunks: &mut VecDeque<Arc<Vec<T>>>, item: T) {
    match chunks.back_mut() {
        Some(last) if last.len() < N => Arc::make_mut(last).push(item),
        _ => {
            let mut chunk = Vec::with_capacity(N);
            chunk.push(item);
            chunks.push_back(Arc::new(chunk));
        }
    }
}
