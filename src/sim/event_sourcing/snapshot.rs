//! Snapshots: the folded state saved every N events, so a rebuild replays only the tail.
//!
//! Bound: at most [`MAX_SNAPSHOTS`] kept; past that every other one is thinned out (the
//! newest stays), so the gaps double but replay from the latest stays short. States are
//! packed (a few bytes an account instead of 24) and shared (`Arc`), so cloning the list is
//! cheap and a run's checkpoints hold each snapshot once, small.

use std::sync::Arc;

use super::account::Account;
use crate::sim::packed;

/// The most snapshots kept at once. Every checkpoint of the run timeline holds its own list,
/// and at 10,000 commands a second the lists of checkpoints a few seconds apart share little:
/// 64 (about 384 KB at 1,000 accounts) let ten minutes keep a checkpoint every 16 s within
/// the timeline's budget, where 256 allowed one every 64 s. The newest always stays, so a
/// rebuild at the head replays at most one interval either way.
pub const MAX_SNAPSHOTS: usize = 64;

/// The state of every account after the events before `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Events folded into it: it holds the state as of this offset.
    pub offset: u64,
    /// Accounts by stream id, packed ([`Account`]'s `Pack`).
    packed: Arc<[u8]>,
}

impl Snapshot {
    /// The state `accounts` (by stream id) as of `offset`.
    pub fn new(offset: u64, accounts: &[Account]) -> Self {
        let mut out = Vec::with_capacity(accounts.len() * 6);
        packed::pack_all(accounts, &mut out);
        Self {
            offset,
            packed: out.into(),
        }
    }

    /// The accounts, by stream id.
    pub fn accounts(&self) -> Vec<Account> {
        packed::unpack_all(&self.packed, 0, usize::MAX).collect()
    }

    fn bytes(&self) -> usize {
        self.packed.len()
    }
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
                            .is_some_and(|t| Arc::ptr_eq(&t.packed, &s.packed))
                    })
            })
        };
        self.list.len() * std::mem::size_of::<Snapshot>()
            + self
                .list
                .iter()
                .filter(|s| !shared(s))
                .map(Snapshot::bytes)
                .sum::<usize>()
    }

    /// Forgets them all (snapshots turned off).
    pub fn clear(&mut self) {
        self.list.clear();
    }
}
