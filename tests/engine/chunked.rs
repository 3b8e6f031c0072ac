//! The shared-chunk queue behaves as a `VecDeque` (items, order, equality, hash), and a copy
//! taken as a checkpoint shares all but the chunks that changed since.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

use proptest::prelude::*;
use scaling_lab::sim::chunked::{ChunkedDeque, CHUNK};

fn hash<T: Hash>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Pushes, pops and changes at the front, with copies taken along the way: the queue and
    /// every copy hold what a `VecDeque` given the same steps holds.
    #[test]
    fn it_is_a_fifo_queue_and_its_copies_are_independent(
        steps in prop::collection::vec((0u8..4, 0u32..5_000), 0..60),
    ) {
        let (mut q, mut v) = (ChunkedDeque::new(), VecDeque::new());
        let mut copies = Vec::new();
        let mut next = 0u64;
        for (op, n) in steps {
            match op {
                0 => for _ in 0..n { q.push_back(next); v.push_back(next); next += 1; },
                1 => for _ in 0..n { prop_assert_eq!(q.pop_front(), v.pop_front()); },
                2 if n % 2 == 0 => for _ in 0..n % 3_000 { q.push_front(next); v.push_front(next); next += 1; },
                2 => {
                    if let (Some(a), Some(b)) = (q.front_mut(), v.front_mut()) { *a += 7; *b += 7; }
                }
                _ => copies.push((q.clone(), v.clone())),
            }
            prop_assert_eq!(q.len(), v.len());
            prop_assert_eq!(q.front(), v.front());
            prop_assert!(q.iter().eq(v.iter()));
            prop_assert_eq!(hash(&q), hash(&v));
        }
        for (c, w) in &copies {
            prop_assert!(c.iter().eq(w.iter()));
            prop_assert_eq!(c.len(), w.len());
        }
    }
}

#[test]
fn a_checkpoint_of_a_long_queue_costs_only_what_changed() {
    let mut q = ChunkedDeque::new();
    for i in 0..200_000u64 {
        q.push_back(i);
    }
    let whole = q.unshared_bytes(None);
    assert!(whole >= 200_000 * 8);
    let earlier = q.clone();
    for i in 0..5_000u64 {
        q.pop_front();
        q.push_back(i);
    }
    if let Some(x) = q.front_mut() {
        *x = 1;
    }
    let added = q.unshared_bytes(Some(&earlier));
    // The new chunks and the two ends, with the pointers: a few chunks, not the queue.
    assert!(added <= 8 * CHUNK * 8 + 200 * 16, "{added} of {whole}");
    assert_eq!(earlier.front(), Some(&0));
}
