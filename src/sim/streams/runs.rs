//! A first-in, first-out queue of items that mostly come in arithmetic progressions (segments
//! paced a fixed gap apart, acknowledgements a segment apart), held as runs: a run is its
//! first and last item, their count and the step between them. A paced gigabit link keeps
//! tens of thousands of segments in flight in a few runs, so a checkpoint of it is small.
//!
//! Bound: none of its own (the connection bounds what is in flight); at most one run an item.
//! Its hash and equality are those of its items in order, as a `VecDeque`'s.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};

/// An item that can continue a progression.
pub trait Affine: Copy + Debug + Hash + PartialEq {
    /// What changes from one item to the next.
    type Step: Copy + Debug + Default + Hash + PartialEq;
    /// The step from `self` to `next`, if `next` can follow it in a run (`after` of it gives
    /// `next` exactly).
    fn step_to(&self, next: &Self) -> Option<Self::Step>;
    /// The item one step on.
    fn after(&self, step: Self::Step) -> Self;
}

#[derive(Clone, Debug)]
struct Run<T: Affine> {
    first: T,
    last: T,
    count: u64,
    step: T::Step,
}

/// The queue.
#[derive(Clone, Debug)]
pub struct Runs<T: Affine> {
    runs: VecDeque<Run<T>>,
    len: u64,
}

impl<T: Affine> Default for Runs<T> {
    fn default() -> Self {
        Self {
            runs: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T: Affine> Runs<T> {
    /// Items queued.
    pub fn len(&self) -> usize {
        usize::try_from(self.len).unwrap_or(usize::MAX)
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Runs held: what the queue costs in memory.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Adds `item` at the back, extending the last run if it continues it.
    pub fn push_back(&mut self, item: T) {
        self.len += 1;
        if let Some(r) = self.runs.back_mut() {
            if r.count == 1 {
                if let Some(step) = r.first.step_to(&item) {
                    (r.step, r.last, r.count) = (step, item, 2);
                    return;
                }
            } else if r.last.step_to(&item) == Some(r.step) {
                (r.last, r.count) = (item, r.count + 1);
                return;
            }
        }
        self.runs.push_back(Run {
            first: item,
            last: item,
            count: 1,
            step: T::Step::default(),
        });
    }

    /// The item at the front.
    pub fn front(&self) -> Option<T> {
        self.runs.front().map(|r| r.first)
    }

    /// The item at the back.
    pub fn back(&self) -> Option<T> {
        self.runs.back().map(|r| r.last)
    }

    /// Takes the item at the front.
    pub fn pop_front(&mut self) -> Option<T> {
        let r = self.runs.front_mut()?;
        let item = r.first;
        if r.count == 1 {
            self.runs.pop_front();
        } else {
            r.first = item.after(r.step);
            r.count -= 1;
        }
        self.len -= 1;
        Some(item)
    }

    /// The items, front first.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.runs.iter().flat_map(|r| {
            std::iter::successors(Some(r.first), move |x| Some(x.after(r.step)))
                .take(usize::try_from(r.count).unwrap_or(usize::MAX))
        })
    }
}

impl<T: Affine> PartialEq for Runs<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Affine> Eq for Runs<T> {}

impl<T: Affine> Hash for Runs<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As a `VecDeque` hashes: its length, then its items.
        self.len().hash(state);
        self.iter().for_each(|item| item.hash(state));
    }
}

/// A segment on its way: when it arrives, and its length.
impl Affine for (u64, u64) {
    type Step = u64;

    fn step_to(&self, next: &Self) -> Option<u64> {
        (next.1 == self.1)
            .then(|| next.0.checked_sub(self.0))
            .flatten()
    }

    fn after(&self, step: u64) -> Self {
        (self.0 + step, self.1)
    }
}
