//! The streams lab: demand never lets the publisher emit unasked or the buffer pass `n`;
//! TCP keeps to the window, loses and duplicates nothing, reaches the least of its three
//! limits and probes a zero window on the persist timer.

use proptest::prelude::*;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;

use scaling_lab::sim::streams::{Mode, Scene, StreamsAction, StreamsConfig, StreamsSim};
use scaling_lab::sim::timeline::Timeline;
use scaling_lab::sim::SECOND;

fn action() -> impl Strategy<Value = StreamsAction> {
    prop_oneof![
        (0u32..=30_000).prop_map(StreamsAction::ProducerRate),
        (1u32..=30_000).prop_map(StreamsAction::ConsumerRate),
        prop::sample::select(vec![Mode::Push, Mode::Demand, Mode::Unbounded])
            .prop_map(StreamsAction::Mode),
        (1u32..=2_000).prop_map(StreamsAction::Batch),
        (1u32..=200_000).prop_map(StreamsAction::ReadKbps),
        (1u32..=200_000).prop_map(StreamsAction::SendKbps),
        (1u32..=500).prop_map(StreamsAction::Rtt),
        Just(StreamsAction::RequestZero),
        Just(StreamsAction::Resubscribe),
    ]
}

prop_compose! {
    fn config()(
        scene in prop::sample::select(Scene::all()),
        producer_rate in 0u32..=30_000,
        consumer_rate in 1u32..=30_000,
        mode in prop::sample::select(Mode::all()),
        batch in 1u32..=2_000,
        (rwnd_kb, read_kbps, send_kbps, rtt_ms) in (1u32..=512, 1u32..=200_000, 1u32..=200_000, 1u32..=500),
    ) -> StreamsConfig {
        StreamsConfig { scene, producer_rate, consumer_rate, mode, batch, rwnd_kb, read_kbps, send_kbps, rtt_ms }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the settings and the changes, nothing is lost unaccounted, TCP never has
    /// more in flight than the window nor overflows the receiver, and the bounds hold.
    #[test]
    fn nothing_is_lost_and_the_bounds_hold(
        c in config(),
        actions in prop::collection::vec((0u64..5_000, action()), 0..6),
    ) {
        crate::model::holds_its_invariants_and_replays(StreamsSim::new(1, c), actions, (250..5_000).step_by(250), 5_000)?;
    }

    /// In demand mode the publisher never emits more than was requested, and the subscriber
    /// never holds more than its n.
    #[test]
    fn demand_never_exceeds_the_request(producer in 0u32..=50_000, consumer in 1u32..=50_000, batch in 1u32..=5_000) {
        let c = StreamsConfig { scene: Scene::Demand, producer_rate: producer, consumer_rate: consumer, mode: Mode::Demand, batch, ..StreamsConfig::default() };
        let mut sim = StreamsSim::new(1, c);
        for _ in 0..3_000 {
            sim.advance_ticks(1);
            let d = &sim.demand;
            prop_assert!(d.counters.emitted <= d.counters.requested);
            prop_assert!(d.buffer <= u64::from(batch), "{} > {batch}", d.buffer);
        }
    }

    /// TCP's throughput settles at the least of the send rate, the read rate and a window a
    /// round trip.
    #[test]
    fn throughput_is_the_least_of_three(rwnd_kb in 8u32..=256, read in 100u32..=100_000, send in 100u32..=100_000, rtt in 1u32..=200) {
        let c = StreamsConfig { scene: Scene::Tcp, rwnd_kb, read_kbps: read, send_kbps: send, rtt_ms: rtt, ..StreamsConfig::default() };
        let sim = crate::model::ran(StreamsSim::new(1, c), 20_000);
        let (got, bound) = (sim.throughput_kbps(), sim.tcp_bound_kbps());
        // Measured over one second, which holds a whole number of window-sized bursts (and
        // segments): allow one of each either way. Where the reader and the window are close
        // limits, window updates that arrive half a round trip late cost up to a fifth.
        let burst = f64::from(rwnd_kb) * 8.192 + 8.2;
        prop_assert!(got <= bound * 1.02 + burst && got >= bound * 0.78 - burst, "{got} against {bound}");
    }
}

#[test]
fn a_zero_window_is_probed_at_one_three_and_seven_seconds() {
    let c = StreamsConfig {
        scene: Scene::Tcp,
        rwnd_kb: 64,
        read_kbps: 1,
        send_kbps: 80_000,
        rtt_ms: 50,
        ..StreamsConfig::default()
    };
    let mut sim = StreamsSim::new(1, c);
    let mut zero_at = None;
    let mut probes = Vec::new();
    let mut last = 0;
    while sim.now() < 30 * SECOND {
        sim.advance_ticks(1);
        let k = sim.tcp.counters;
        if zero_at.is_none() && k.zero_windows > 0 {
            zero_at = Some(sim.now());
        }
        if k.probes > last {
            last = k.probes;
            probes.push(sim.now() - zero_at.unwrap_or(0));
        }
    }
    let secs: Vec<f64> = probes.iter().take(3).map(|t| *t as f64 / 1e9).collect();
    assert_eq!(secs.len(), 3, "{probes:?}");
    for (got, want) in secs.iter().zip([1.0, 3.0, 7.0]) {
        assert!((got - want).abs() < 0.01, "probes at {secs:?}");
    }
    sim.check_invariants().unwrap();
    assert!(sim.tcp.counters.stalled_ns > 20 * SECOND);
}

#[test]
fn request_zero_ends_the_subscription_and_a_new_one_flows() {
    let c = StreamsConfig {
        mode: Mode::Demand,
        ..StreamsConfig::default()
    };
    let mut sim = crate::model::ran(StreamsSim::new(1, c), 1_000);
    sim.apply(StreamsAction::RequestZero);
    sim.advance_ticks(2_000);
    assert!(sim.demand.errored);
    assert_eq!(
        sim.per_s().0,
        0,
        "the publisher emits nothing after onError"
    );
    sim.apply(StreamsAction::Resubscribe);
    sim.advance_ticks(2_000);
    assert_eq!(sim.demand.counters.protocol_errors, 1);
    assert!(sim.per_s().1 >= 4_900);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The link's queue of runs holds what a `VecDeque` given the same pushes and pops holds
    /// (items, order, hash), whether the items continue progressions or break them.
    #[test]
    fn runs_are_a_fifo_queue(steps in prop::collection::vec((0u8..3, 1u64..400, 0u64..3), 0..80)) {
        use std::collections::VecDeque;
        use std::hash::{DefaultHasher, Hash, Hasher};
        use scaling_lab::sim::streams::runs::Runs;
        let hash = |x: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            x(&mut h);
            h.finish()
        };
        let (mut q, mut v) = (Runs::<(u64, u64)>::default(), VecDeque::new());
        let mut at = 0u64;
        for (op, n, len) in steps {
            if op == 0 {
                for _ in 0..n { q.pop_front(); v.pop_front(); }
            } else {
                // A paced stretch (op 1) or irregular gaps (op 2).
                for i in 0..n {
                    at += if op == 1 { 7 } else { i % 5 };
                    q.push_back((at, len * 1_024));
                    v.push_back((at, len * 1_024));
                }
            }
            prop_assert_eq!(q.len(), v.len());
            prop_assert_eq!(q.front(), v.front().copied());
            prop_assert_eq!(q.back(), v.back().copied());
            prop_assert!(q.iter().eq(v.iter().copied()));
            prop_assert_eq!(hash(&|h| q.hash(h)), hash(&|h| v.hash(h)));
        }
    }
}

/// At a gigabit with a 64 MB window over a one-second round trip, the 65,000 segments and
/// acknowledgements in flight are a few runs, so checkpoints stay a second apart and a seek
/// replays at most a second.
#[test]
fn a_full_fast_link_is_a_few_runs_and_keeps_its_checkpoints_a_second_apart() {
    let c = StreamsConfig {
        scene: Scene::Tcp,
        rwnd_kb: 65_535,
        read_kbps: 1_000_000,
        send_kbps: 1_000_000,
        rtt_ms: 1_000,
        ..StreamsConfig::default()
    };
    let mut run = Timeline::new(StreamsSim::new(1, c), Vec::new());
    run.run_to_tick(40_000);
    let tcp = &run.state().tcp;
    assert!(tcp.queued() > 60_000, "{} in flight", tcp.queued());
    assert!(tcp.held_runs() <= 16, "{} runs", tcp.held_runs());
    assert_eq!(run.interval(), 1_000);
    assert_eq!(run.checkpoint_use().0, 41);
}
