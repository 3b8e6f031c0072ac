//! Properties of the back-pressure model over random configurations and action scripts.

use proptest::prelude::*;
use scaling_lab::sim::arrivals::ArrivalPattern;
use scaling_lab::sim::backpressure::{BackpressureAction, BackpressureConfig, BackpressureSim};
use scaling_lab::sim::metrics::WindowStats;
use scaling_lab::sim::queue::{BoundedQueue, Message, Offer, OverflowPolicy};
use scaling_lab::sim::service::ServiceDist;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::{SECOND, TICK_NS};

pub(crate) fn policy() -> impl Strategy<Value = OverflowPolicy> {
    prop::sample::select(OverflowPolicy::all())
}

prop_compose! {
    pub(crate) fn config()(
        producer_rate in 0u32..=20_000,
        arrivals in prop::sample::select(ArrivalPattern::all()),
        consumer_rate in 1u32..=20_000,
        workers in 1u32..=16,
        service in prop::sample::select(ServiceDist::all()),
        capacity in 1u32..=2_000,
        policy in policy(),
        memory_mb in 1u32..=8,
    ) -> BackpressureConfig {
        BackpressureConfig { producer_rate, arrivals, consumer_rate, workers, service, capacity, policy, memory_mb }
    }
}

/// Actions that leave capacity and policy alone (those may evict on purpose).
pub(crate) fn rate_action() -> impl Strategy<Value = BackpressureAction> {
    prop_oneof![
        (0u32..=20_000).prop_map(BackpressureAction::ProducerRate),
        (1u32..=20_000).prop_map(BackpressureAction::ConsumerRate),
        (1u32..=16).prop_map(BackpressureAction::Workers),
        prop::sample::select(ArrivalPattern::all()).prop_map(BackpressureAction::Arrivals),
        prop::sample::select(ServiceDist::all()).prop_map(BackpressureAction::Service),
    ]
}

pub(crate) fn any_action() -> impl Strategy<Value = BackpressureAction> {
    prop_oneof![
        4 => rate_action(),
        1 => (0u32..=3_000).prop_map(BackpressureAction::Capacity),
        1 => policy().prop_map(BackpressureAction::Policy),
        1 => (0u32..=10).prop_map(BackpressureAction::MemoryLimit),
    ]
}

/// A script: up to 12 actions at ticks within the first 3 simulated seconds.
pub(crate) fn script(
    action: impl Strategy<Value = BackpressureAction>,
) -> impl Strategy<Value = Vec<(u64, BackpressureAction)>> {
    prop::collection::vec((0u64..3_000, action), 0..12).prop_map(|mut v| {
        v.sort_by_key(|(tick, _)| *tick);
        v
    })
}

/// Runs the script tick by tick, checking `check` after every tick.
fn run_checked(
    seed: u64,
    config: BackpressureConfig,
    actions: &[(u64, BackpressureAction)],
    ticks: u64,
    mut check: impl FnMut(&BackpressureSim),
) -> BackpressureSim {
    let mut sim = BackpressureSim::new(seed, config);
    let mut pending = actions.iter().peekable();
    for tick in 0..ticks {
        while let Some((_, action)) = pending.next_if(|(at, _)| *at <= tick) {
            sim.apply(*action);
            check(&sim);
        }
        sim.advance_ticks(1);
        check(&sim);
    }
    sim
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_at_every_step(seed: u64, config in config(), actions in script(any_action())) {
        crate::model::holds_its_invariants_and_replays(BackpressureSim::new(seed, config), actions, 1..3_500, 3_500)?;
    }

    #[test]
    fn bounded_queues_stay_within_capacity(seed: u64, config in config(), actions in script(rate_action())) {
        let bounded = config.policy.is_bounded();
        run_checked(seed, config, &actions, 3_000, |sim| {
            if bounded {
                assert!(sim.queue_depth() <= sim.config().capacity as usize);
            }
        });
    }

    #[test]
    fn block_never_drops_or_rejects(seed: u64, mut config in config(), actions in script(rate_action())) {
        config.policy = OverflowPolicy::Block;
        // Enough memory for the whole queue: Block has nothing to lose then.
        config.memory_mb = 64;
        let sim = run_checked(seed, config, &actions, 3_000, |_| {});
        let t = sim.totals();
        prop_assert_eq!((t.rejected, t.dropped, t.lost), (0, 0, 0));
    }

    #[test]
    fn reject_refuses_at_the_door_and_never_evicts(seed: u64, mut config in config(), actions in script(rate_action())) {
        config.policy = OverflowPolicy::Reject;
        config.memory_mb = 64;
        let sim = run_checked(seed, config, &actions, 3_000, |sim| {
            let t = sim.totals();
            // Every arrival is either taken in or refused; nothing taken in is thrown away.
            assert_eq!(t.arrived, t.accepted + t.rejected);
            assert_eq!((t.dropped, t.lost), (0, 0));
        });
        prop_assert!(sim.queue_depth() <= config.capacity as usize);
    }

    #[test]
    fn same_seed_and_script_same_state(seed: u64, config in config(), actions in script(any_action())) {
        let a = BackpressureSim::new(seed, config).replayed(&actions, 3_200);
        let b = BackpressureSim::new(seed, config).replayed(&actions, 3_200);
        prop_assert_eq!(a.state_hash(), b.state_hash());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn one_big_step_equals_many_small_ones(seed: u64, config in config(), steps in prop::collection::vec(1u64..400_000_000, 1..20)) {
        let mut small = BackpressureSim::new(seed, config);
        let mut t = 0;
        for dt in steps {
            t += dt;
            small.advance_to(t);
        }
        let big = crate::model::ran_to(BackpressureSim::new(seed, config), t);
        prop_assert_eq!(small.state_hash(), big.state_hash());
        prop_assert_eq!(small, big);
    }

    #[test]
    fn drop_oldest_evicts_only_the_oldest(capacity in 1usize..50, ops in prop::collection::vec(any::<bool>(), 0..400)) {
        // Model: a plain deque; `true` offers the next message, `false` pops one.
        let mut queue = BoundedQueue::new(capacity, OverflowPolicy::DropOldest);
        let mut model = std::collections::VecDeque::new();
        let mut next = 0u64;
        for offer in ops {
            if offer {
                let message = Message { id: next, arrived_at: next };
                next += 1;
                match queue.offer(message) {
                    Offer::Queued => model.push_back(message),
                    Offer::QueuedEvicting(evicted) => {
                        prop_assert_eq!(Some(evicted), model.pop_front());
                        model.push_back(message);
                    }
                    Offer::Full => prop_assert!(false, "drop-oldest never refuses"),
                }
            } else {
                prop_assert_eq!(queue.pop(), model.pop_front());
            }
            prop_assert!(queue.len() <= capacity);
            prop_assert!(queue.iter().eq(model.iter().copied()));
        }
    }

    #[test]
    fn reject_queue_refuses_without_touching_contents(capacity in 1usize..50, n in 0usize..200) {
        let mut queue = BoundedQueue::new(capacity, OverflowPolicy::Reject);
        for id in 0..n as u64 {
            let before: Vec<Message> = queue.iter().collect();
            match queue.offer(Message { id, arrived_at: id }) {
                Offer::Full => prop_assert!(queue.iter().eq(before)),
                Offer::Queued => prop_assert_eq!(queue.len(), before.len() + 1),
                Offer::QueuedEvicting(_) => prop_assert!(false, "reject never evicts"),
            }
        }
        prop_assert_eq!(queue.len(), n.min(capacity));
    }
}

fn run(config: BackpressureConfig, seconds: u64) -> BackpressureSim {
    crate::model::ran_to(BackpressureSim::new(7, config), seconds * SECOND)
}

fn guide(policy: OverflowPolicy) -> BackpressureConfig {
    BackpressureConfig {
        policy,
        ..BackpressureConfig::default()
    }
}

/// The guide's run under `policy` after 20 s, and its last second.
fn settled(policy: OverflowPolicy) -> (BackpressureSim, WindowStats) {
    let sim = run(guide(policy), 20);
    let w = *sim.window();
    (sim, w)
}

#[test]
fn reject_settles_near_five_thousand_rejects_a_second() {
    let (sim, w) = settled(OverflowPolicy::Reject);
    assert!((w.rejected_rate - 5_000.0).abs() < 100.0, "{w:?}");
    assert!((w.throughput - 5_000.0).abs() < 100.0, "{w:?}");
    assert_eq!(sim.totals().dropped, 0);
}

#[test]
fn block_settles_near_the_consumer_rate_with_nothing_rejected() {
    let (sim, w) = settled(OverflowPolicy::Block);
    assert!((w.accepted_rate - 5_000.0).abs() < 100.0, "{w:?}");
    assert!((w.arrival_rate - 5_000.0).abs() < 100.0, "{w:?}");
    let t = sim.totals();
    assert_eq!((t.rejected, t.dropped, t.lost), (0, 0, 0));
    assert!(w.blocked_fraction > 0.4, "{w:?}");
}

#[test]
fn drop_oldest_keeps_the_freshest_and_counts_the_rest() {
    let (sim, w) = settled(OverflowPolicy::DropOldest);
    assert!((w.dropped_rate - 5_000.0).abs() < 100.0, "{w:?}");
    assert_eq!(sim.totals().rejected, 0);
    assert_eq!(sim.queue_depth(), 10_000);
}

#[test]
fn unbounded_queue_grows_until_the_consumer_runs_out_of_memory() {
    // 5,000 msg/s surplus into 64 MiB of 1 KiB messages: full after about 13 s.
    let mut sim = crate::model::ran_to(
        BackpressureSim::new(1, guide(OverflowPolicy::Unbounded)),
        12 * SECOND,
    );
    assert_eq!(sim.totals().crashes, 0);
    assert!(sim.queue_depth() > 55_000);
    sim.advance_to(14 * SECOND);
    let t = *sim.totals();
    assert_eq!(t.crashes, 1);
    assert!(t.lost > 65_000, "{t:?}");
    assert!(sim.down_until().is_some());
    // It comes back and starts over.
    sim.advance_to(16 * SECOND);
    assert!(sim.down_until().is_none());
    sim.check_invariants().unwrap();
}

#[test]
fn little_law_holds_in_a_steady_state() {
    let config = BackpressureConfig {
        producer_rate: 8_000,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 5_000,
        workers: 2,
        service: ServiceDist::Exponential,
        policy: OverflowPolicy::Reject,
        capacity: 50,
        ..BackpressureConfig::default()
    };
    let mut sim = BackpressureSim::new(3, config);
    let mut sum = (0.0, 0.0);
    for s in 5..65 {
        sim.advance_to(s * SECOND);
        sum.0 += sim.window().mean_in_system;
        sum.1 += sim.window().little_l();
    }
    let rel = (sum.0 - sum.1).abs() / sum.0;
    assert!(
        rel < 0.02,
        "L measured {} vs λW {}",
        sum.0 / 60.0,
        sum.1 / 60.0
    );
}

/// The share of arrivals `c` workers with `places` waiting places turn away, Poisson
/// arrivals at `lambda` and exponential service at 1,000 a second each, run for `seconds`,
/// against M/M/c/K's: within `tolerance`.
fn loss_matches_mmck(
    lambda: u32,
    c: u32,
    places: u32,
    policy: OverflowPolicy,
    seconds: u64,
    tolerance: f64,
) {
    let config = BackpressureConfig {
        producer_rate: lambda,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 1_000,
        workers: c,
        service: ServiceDist::Exponential,
        capacity: places,
        policy,
        ..BackpressureConfig::default()
    };
    let sim = run(config, seconds);
    let t = sim.totals();
    let turned_away = if policy == OverflowPolicy::Reject {
        t.rejected
    } else {
        t.dropped
    };
    let measured = turned_away as f64 / t.arrived as f64;
    let predicted = sim.prediction().mmck.unwrap().loss;
    assert!(
        (measured - predicted).abs() < tolerance,
        "measured {measured}, M/M/{c}/K {predicted}"
    );
}

#[test]
fn poisson_exponential_loss_matches_mm1k() {
    // ρ = 0.9, K = 20 places: loss ≈ 4.8 %; over 200 s.
    loss_matches_mmck(900, 1, 19, OverflowPolicy::Reject, 200, 0.006);
}

#[test]
fn poisson_exponential_loss_matches_mmck_for_many_workers() {
    loss_matches_mmck(12_000, 10, 30, OverflowPolicy::DropOldest, 60, 0.01);
}

#[test]
fn shrinking_capacity_evicts_and_counts_the_oldest() {
    let mut sim = run(guide(OverflowPolicy::Reject), 5);
    assert_eq!(sim.queue_depth(), 10_000);
    let dropped = sim.totals().dropped;
    sim.apply(BackpressureAction::Capacity(100));
    assert_eq!(sim.queue_depth(), 100);
    assert_eq!(sim.totals().dropped, dropped + 9_900);
    sim.check_invariants().unwrap();
}

#[test]
fn zero_rate_means_no_arrivals_and_ticks_are_fixed() {
    let sim = crate::model::ran_to(
        BackpressureSim::new(
            1,
            BackpressureConfig {
                producer_rate: 0,
                ..BackpressureConfig::default()
            },
        ),
        SECOND + TICK_NS / 2,
    );
    assert_eq!(sim.now(), SECOND);
    assert_eq!(sim.totals().arrived, 0);
}

#[test]
fn out_of_range_actions_are_clamped_not_panics() {
    let mut sim = BackpressureSim::new(1, BackpressureConfig::default());
    for action in [
        BackpressureAction::Workers(0),
        BackpressureAction::Workers(1_000),
        BackpressureAction::ConsumerRate(0),
        BackpressureAction::Capacity(0),
        BackpressureAction::MemoryLimit(0),
        BackpressureAction::ProducerRate(u32::MAX),
    ] {
        sim.apply(action);
        sim.advance_ticks(50);
        sim.check_invariants().unwrap();
    }
    assert_eq!(sim.config().producer_rate, 20_000);
    assert_eq!(sim.config().memory_mb, 1);
}

#[test]
fn latency_histogram_bounds() {
    // Building metrics builds the histograms from their constant bounds; a p99 of a fixed
    // 0.2 ms service with an idle queue must come out at 0.2 ms, within the 1 % precision.
    let sim = run(
        BackpressureConfig {
            producer_rate: 1_000,
            ..BackpressureConfig::default()
        },
        3,
    );
    let w = sim.window();
    assert!((w.latency_p99_ms - 0.2).abs() < 0.003, "{w:?}");
    assert!((w.latency_p50_ms - 0.2).abs() < 0.003, "{w:?}");
}

#[test]
fn reference_runs_match_their_pinned_hashes() {
    // tests/web.rs checks the same constants in the browser: native and wasm agree.
    for (name, got, pinned) in scaling_lab::sim::reference::hashes() {
        assert_eq!(
            got, pinned,
            "{name}: the model changed, or a platform differs"
        );
    }
}
