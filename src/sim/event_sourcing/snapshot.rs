//! Snapshots: the folded state saved every N events, so a rebuild replays only the tail.
//!
//! Bound: at most [`MAX_SNAPSHOTS`] kept; past that every other one is thinned out (the
//! newest stays), so the gaps double but replay from the latest stays short. States are
//! shared (`Arc`), so cloning the list is cheap.

use std::sync::Arc;

use super::account::Account;

/// The most snapshots kept at once.
pub const MAX_SNAPSHOTS: usize = 256;

/// The state of every account after the events before `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Events folded into it: it holds the state as of this offset.
    pub offset: u64,
    /// Accounts by stream id.
    pub accounts: Arc<Vec<Account>>,
}

/// Snapshots in offset order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshots {
    list: Vec<Snapshot>,
}

impl Snapshots {
    /// Keeps a snapshot (offsets must increase).
    pub fn push(&mut self, snapshot: Snapshot) {
        debug_assert!(self.list.last().is_none_or(|s| s.offset < snapshot.offset));
        if self.list.len() == MAX_SNAPSHOTS {
            // Keep the odd positions, which include the newest.
            let mut i = 0;
            self.list.retain(|_| {
                i += 1;
                i % 2 == 0
            });
        }
        self.list.push(snapshot);
    }

    /// The latest snapshot at or before `offset`.
    pub fn at_or_before(&self, offset: u64) -> Option<&Snapshot> {
        let n = self.list.partition_point(|s| s.offset <= offset);
        n.checked_sub(1).and_then(|i| self.list.get(i))
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Their offsets, for drawing markers.
    pub fn offsets(&self) -> impl Iterator<Item = u64> + '_ {
        self.list.iter().map(|s| s.offset)
    }

    /// Bytes of these snapshots that `earlier` (a copy from before) does not share: a copy
    /// shares each snapshot's accounts with every copy that holds it.
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        let shared = |s: &Snapshot| {
            earlier.is_some_and(|e| {
                e.list
                    .binary_search_by_key(&s.offset, |t| t.offset)
                    .is_ok_and(|i| {
                        e.list
                            .get(i)
                            .is_some_and(|t| Arc::ptr_eq(&t.accounts, &s.accounts))
                    })
            })
        };
        self.list.len() * std::mem::size_of::<Snapshot>()
            + self
                .list
                .iter()
                .filter(|s| !shared(s))
                .map(|s| s.accounts.len() * std::mem::size_of::<Account>())
                .sum::<usize>()
    }

    /// Forgets them all (snapshots turned off).
    pub fn clear(&mut self) {
        self.list.clear();
    }
}
