//! The latency window keeps its completed buckets sparse; its percentiles must be those of a
//! histogram of every latency that ended in the complete buckets of the last second.

use proptest::prelude::*;
use scaling_lab::sim::metrics::{latency_histogram, BUCKET_NS, LATENCY_MAX_US, WINDOW_BUCKETS};
use scaling_lab::sim::window::LatencyWindow;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_window_gives_the_percentiles_of_its_last_second(
        steps in prop::collection::vec((0u64..40_000_000, 0u64..3_000_000_000, 1u32..5, any::<bool>()), 1..400),
    ) {
        let mut window = LatencyWindow::default();
        let mut recorded: Vec<(u64, u64, u32)> = Vec::new();
        let mut now = 0;
        for (gap, latency, count, query) in steps {
            now += gap;
            window.record_n(now, latency, count);
            recorded.push((now, latency, count));
            if query {
                // A moment a little later: the bucket being filled may have become complete.
                let at = now + gap / 2;
                let current = at / BUCKET_NS;
                let mut expected = latency_histogram();
                for &(t, l, c) in &recorded {
                    let b = t / BUCKET_NS;
                    if b < current && b + WINDOW_BUCKETS as u64 >= current {
                        expected.saturating_record_n((l / 1_000).clamp(1, LATENCY_MAX_US), c);
                    }
                }
                let (p50, p99, n) = window.p50_p99_ms(at);
                prop_assert_eq!(n, expected.len());
                prop_assert_eq!(p50, expected.value_at_quantile(0.5) as f64 / 1e3);
                prop_assert_eq!(p99, expected.value_at_quantile(0.99) as f64 / 1e3);
                prop_assert_eq!(window.quantile_ms(at, 0.9).0, expected.value_at_quantile(0.9) as f64 / 1e3);
            }
        }
        // Bounded: one dense histogram and at most the window's buckets, each no larger than
        // the values recorded in it.
        prop_assert!(window.bytes() < 64 * 1024 + recorded.len() * 8 * 2);
    }
}

#[test]
fn completed_buckets_are_kept_sparse() {
    let mut window = LatencyWindow::default();
    let empty = window.bytes();
    // Two seconds of a latency a millisecond, every one between 10 and 30 ms.
    for i in 0..2_000u64 {
        window.record(i * 1_000_000, (10 + i % 20) * 1_000_000);
    }
    let (p50, _, n) = window.p50_p99_ms(2 * 1_000_000_000);
    assert_eq!(n, 1_000);
    assert!((19.0..=20.2).contains(&p50), "{p50}");
    // Ten completed buckets of twenty values each beside the dense one being filled.
    assert!(
        window.bytes() < empty + 10 * (20 * 8 + 64),
        "{} against {empty}",
        window.bytes()
    );
}
