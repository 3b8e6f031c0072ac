//! A first-in, first-out queue of small records for engine states that are copied as
//! checkpoints. Records that wait long enough to fill a chunk are packed: each is written as
//! its difference from the one before it ([`Pack`]), a few bytes instead of its full size,
//! and the packed chunks are shared between copies. A checkpoint of a long queue then costs
//! the chunks packed since the one before, at a fraction of the records' size.
//!
//! Bound: none of its own; each user states the bound of what it queues. Overhead: one
//! pointer a [`CHUNK`] records, and up to `CHUNK - 1` records unpacked at the back.

use std::collections::VecDeque;
use std::sync::Arc;

/// Records a packed chunk holds.
pub const CHUNK: usize = 1_024;

/// A record that can be written as its difference from the record before it.
pub trait Pack: Copy + Default {
    /// Appends `self`, as it differs from `before`, to `out`.
    fn pack(&self, before: &Self, out: &mut Vec<u8>);
    /// Reads what [`Pack::pack`] wrote after `before`, from `bytes` at `*at`, and moves `*at`
    /// past it.
    fn unpack(before: &Self, bytes: &[u8], at: &mut usize) -> Option<Self>;
}

/// Appends `items`, each as it differs from the one before (the first from the default).
pub fn pack_all<'a, T: Pack + 'a>(items: impl IntoIterator<Item = &'a T>, out: &mut Vec<u8>) {
    let mut before = T::default();
    for item in items {
        item.pack(&before, out);
        before = *item;
    }
}

/// Up to `n` records that [`pack_all`] wrote, from `bytes[at]` on; fewer if the bytes end.
pub fn unpack_all<'a, T: Pack + 'a>(
    bytes: &'a [u8],
    mut at: usize,
    n: usize,
) -> impl Iterator<Item = T> + 'a {
    let (mut before, mut left) = (T::default(), n);
    std::iter::from_fn(move || {
        left = left.checked_sub(1)?;
        before = T::unpack(&before, bytes, &mut at)?;
        Some(before)
    })
}

/// A packed chunk partly read: the front of the queue.
#[derive(Clone, Debug)]
struct Reader<T> {
    bytes: Arc<[u8]>,
    /// Where the next record starts.
    at: usize,
    /// The record read last (the default one before the first).
    last: T,
    left: usize,
}

impl<T: Pack> Reader<T> {
    fn new(bytes: Arc<[u8]>) -> Self {
        Self {
            bytes,
            at: 0,
            last: T::default(),
            left: CHUNK,
        }
    }

    fn next(&mut self) -> Option<T> {
        if self.left == 0 {
            return None;
        }
        let item = T::unpack(&self.last, &self.bytes, &mut self.at)?;
        self.last = item;
        self.left -= 1;
        Some(item)
    }
}

/// The queue, front to back: the chunk being read, the packed chunks, the unpacked back.
/// Equality is that of its records in order.
#[derive(Clone, Debug)]
pub struct PackedDeque<T> {
    reading: Option<Reader<T>>,
    /// Full chunks, [`CHUNK`] records each.
    packed: VecDeque<Arc<[u8]>>,
    /// Fewer than [`CHUNK`] records, the newest; the whole queue while it is short.
    back: VecDeque<T>,
    len: usize,
}

impl<T> Default for PackedDeque<T> {
    fn default() -> Self {
        Self {
            reading: None,
            packed: VecDeque::new(),
            back: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T: Pack> PackedDeque<T> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records queued.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `item` at the back.
    pub fn push_back(&mut self, item: T) {
        self.back.push_back(item);
        self.len += 1;
        // Only records that had to wait behind a full chunk get packed: a short queue stays
        // a plain ring.
        if self.back.len() >= CHUNK {
            let mut bytes = Vec::with_capacity(CHUNK * 4);
            pack_all(&self.back, &mut bytes);
            self.back.clear();
            self.packed.push_back(bytes.into());
        }
    }

    /// Takes the record at the front.
    pub fn pop_front(&mut self) -> Option<T> {
        loop {
            if let Some(reader) = &mut self.reading {
                if let Some(item) = reader.next() {
                    self.len -= 1;
                    return Some(item);
                }
                self.reading = None;
            }
            match self.packed.pop_front() {
                Some(bytes) => self.reading = Some(Reader::new(bytes)),
                None => break,
            }
        }
        let item = self.back.pop_front()?;
        self.len -= 1;
        Some(item)
    }

    /// Empties it.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The records, front first.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        let mut reading = self.reading.clone();
        let front = std::iter::from_fn(move || reading.as_mut()?.next());
        let packed = self
            .packed
            .iter()
            .flat_map(|bytes| unpack_all(bytes, 0, CHUNK));
        front.chain(packed).chain(self.back.iter().copied())
    }

    /// Bytes of this queue that `earlier` (a copy of the same queue, from before) does not
    /// share.
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        let mut theirs: Vec<*const u8> = earlier
            .into_iter()
            .flat_map(|e| e.chunks())
            .map(|c| c.as_ptr())
            .collect();
        theirs.sort_unstable();
        let packed = self
            .chunks()
            .filter(|c| theirs.binary_search(&c.as_ptr()).is_err())
            .map(|c| c.len())
            .sum::<usize>();
        packed
            + self.packed.len() * std::mem::size_of::<Arc<[u8]>>()
            + self.back.len() * std::mem::size_of::<T>()
    }

    fn chunks(&self) -> impl Iterator<Item = &Arc<[u8]>> + '_ {
        self.reading.iter().map(|r| &r.bytes).chain(&self.packed)
    }
}

impl<T: Pack + PartialEq> PartialEq for PackedDeque<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Pack + Eq> Eq for PackedDeque<T> {}
