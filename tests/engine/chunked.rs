//! The shared-chunk queues behave as a `VecDeque` (items, order, equality, hash), and a copy
//! taken as a checkpoint shares all but the chunks that changed since; packed chunks give
//! back exactly the messages put in, whatever their numbers and times; varints read back as
//! written.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

use proptest::prelude::*;
use scaling_lab::sim::chunked::{ChunkedDeque, CHUNK};
use scaling_lab::sim::packed::{self, PackedDeque};
use scaling_lab::sim::queue::Message;
use scaling_lab::sim::varint;

fn hash<T: Hash>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any numbers, small and large, read back as written; a cut-off number reads as none,
    /// never as a wrong one.
    #[test]
    fn varints_read_back_as_written(xs in prop::collection::vec(prop_oneof![0u64..300, any::<u64>()], 0..200), cut in any::<prop::sample::Index>()) {
        let mut bytes = Vec::new();
        for &x in &xs {
            varint::push(&mut bytes, x);
            prop_assert_eq!(varint::unzigzag(varint::zigzag(x as i64)), x as i64);
        }
        let mut at = 0;
        for &x in &xs {
            prop_assert_eq!(varint::read(&bytes, &mut at), Some(x));
        }
        prop_assert_eq!(at, bytes.len());
        prop_assert_eq!(varint::read(&bytes, &mut at), None);
        if let Some(last) = xs.last() {
            let mut one = Vec::new();
            varint::push(&mut one, *last);
            let keep = cut.index(one.len());
            prop_assert_eq!(varint::read(&one[..keep], &mut 0), None);
        }
    }

    /// Pushes, pops and changes at the front and anywhere, with copies taken along the way: the queue and
    /// every copy hold what a `VecDeque` given the same steps holds.
    #[test]
    fn it_is_a_fifo_queue_and_its_copies_are_independent(
        steps in prop::collection::vec((0u8..4, 0u32..5_000), 0..60),
    ) {
        let (mut q, mut v) = (ChunkedDeque::<u64>::new(), VecDeque::new());
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
                // Anywhere in the queue, or past its end.
                3 if n % 2 == 0 => {
                    let i = n as usize % (v.len() + 2);
                    match (q.get_mut(i), v.get_mut(i)) {
                        (Some(a), Some(b)) => { *a += 3; *b += 3; }
                        (a, b) => prop_assert_eq!(a.is_none(), b.is_none()),
                    }
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

    /// Messages whose numbers and times jump anywhere (backwards, by the whole range): the
    /// packed queue and every copy give back what a `VecDeque` holds, in order.
    #[test]
    fn packed_messages_come_back_as_they_went_in(
        steps in prop::collection::vec((0u8..3, 0u32..3_000), 0..40),
        jumps in prop::collection::vec((any::<u64>(), any::<u64>(), 0u8..4), 1..64),
    ) {
        let (mut q, mut v) = (PackedDeque::<Message>::new(), VecDeque::new());
        let mut copies = Vec::new();
        let mut last = Message::default();
        let mut k = 0usize;
        for (op, n) in steps {
            match op {
                0 => for _ in 0..n {
                    // Mostly the next number a few microseconds on; now and then anything.
                    let (id, at, kind) = jumps[k % jumps.len()];
                    k += 1;
                    last = match kind {
                        0 => Message { id, arrived_at: at },
                        1 => Message { id: last.id.wrapping_add(id % 3), arrived_at: last.arrived_at.wrapping_sub(at % 1_000) },
                        _ => Message { id: last.id.wrapping_add(1), arrived_at: last.arrived_at.wrapping_add(at % 100_000) },
                    };
                    q.push_back(last);
                    v.push_back(last);
                },
                1 => for _ in 0..n { prop_assert_eq!(q.pop_front(), v.pop_front()); },
                _ => copies.push((q.clone(), v.clone())),
            }
            prop_assert_eq!(q.len(), v.len());
            prop_assert!(q.iter().eq(v.iter().copied()));
        }
        for (c, w) in &mut copies {
            prop_assert!(c.iter().eq(w.iter().copied()));
            while let Some(m) = c.pop_front() {
                prop_assert_eq!(Some(m), w.pop_front());
            }
            prop_assert!(w.is_empty());
        }
    }
}

#[test]
fn a_checkpoint_of_a_long_queue_costs_only_what_changed() {
    let mut q = ChunkedDeque::<u64>::new();
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

#[test]
fn a_checkpoint_of_a_long_packed_queue_costs_the_chunks_packed_since() {
    let mut q = PackedDeque::new();
    let message = |i: u64| Message {
        id: i,
        arrived_at: i * 50_000 + (i * 7_919) % 40_000,
    };
    for i in 0..200_000u64 {
        q.push_back(message(i));
    }
    let whole = q.unshared_bytes(None);
    // About 3 bytes a message packed, against 16 unpacked.
    assert!(whole <= 200_000 * 4, "{whole} bytes for 200,000 messages");
    let earlier = q.clone();
    for i in 200_000..205_000u64 {
        q.pop_front();
        q.push_back(message(i));
    }
    let added = q.unshared_bytes(Some(&earlier));
    // The new messages (five chunks, some of them still unpacked) and the pointers.
    assert!(
        added <= 5 * packed::CHUNK * 16 + 200 * 16,
        "{added} of {whole}"
    );
    assert_eq!(earlier.iter().next(), Some(message(0)));
    assert_eq!(q.iter().next(), Some(message(5_000)));
}
