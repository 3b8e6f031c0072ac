//! The pipeline lab: every accepted command becomes one event, every view equals the fold of
//! its events (plus the duplicates counted), order holds per partition, nothing is lost but
//! what the unbounded-buffer crash loses and counts, and the faults do what the guide says.

use proptest::prelude::*;
use scaling_lab::sim::Replay;

use scaling_lab::sim::pipeline::events::Fold;
use scaling_lab::sim::pipeline::{Arch, PipelineAction, PipelineConfig, PipelineSim};

prop_compose! {
    fn config()(
        (write_rate, read_rate) in (0u32..=300_000, 0u32..=300_000),
        (partitions, consumers, consumer_capacity) in (1u32..=16, 1u32..=16, 1_000u32..=100_000),
        (backpressure, lag_threshold) in (any::<bool>(), 1_000u32..=500_000),
        (snapshots, idempotent, dlq, bounded) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (poison_at, crash_at, spike_at) in (prop::option::of(0u32..4), prop::option::of(0u32..4), prop::option::of(0u32..4)),
        (redelivery_pct, spike_x) in (0u32..=30, 1u32..=20),
    ) -> PipelineConfig {
        PipelineConfig {
            arch: Arch::Patterns, write_rate, read_rate, partitions, consumers, consumer_capacity,
            backpressure, lag_threshold, snapshots, idempotent, dlq, bounded, stale_monitor: true,
            stale_alert_s: 2, poison_at, crash_at, redelivery_pct, spike_at, spike_x,
        }
    }
}

fn action() -> impl Strategy<Value = PipelineAction> {
    prop_oneof![
        (0u32..=300_000).prop_map(PipelineAction::WriteRate),
        (1u32..=16).prop_map(PipelineAction::Consumers),
        (1_000u32..=100_000).prop_map(PipelineAction::ConsumerCapacity),
        any::<bool>().prop_map(PipelineAction::Backpressure),
        any::<bool>().prop_map(PipelineAction::Idempotent),
        any::<bool>().prop_map(PipelineAction::Dlq),
        any::<bool>().prop_map(PipelineAction::Bounded),
        (0u32..=50).prop_map(PipelineAction::Redelivery),
        Just(PipelineAction::CrashNow),
        Just(PipelineAction::PoisonNow),
        Just(PipelineAction::SpikeNow),
    ]
}

crate::model::invariants_hold! {
    /// Whatever the settings, faults and changes: commands = events + buffered + lost +
    /// refused; each view equals the fold of the events below its offsets, minus the
    /// dead-lettered poison, plus the duplicates it counted; the bounds hold.
    every_view_is_the_fold_of_its_events: PipelineSim, config(), action(), (500..5_000).step_by(500), 5_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// With idempotent consumers, lost acknowledgements deliver events again but never apply
    /// them twice.
    #[test]
    fn idempotent_consumers_apply_each_event_once(seed in any::<u64>(), pct in 1u32..=50) {
        let c = PipelineConfig { redelivery_pct: pct, idempotent: true, ..PipelineConfig::default() };
        let sim = crate::model::ran(PipelineSim::new(seed, c), 3_000);
        let k = sim.counters();
        prop_assert!(k.duplicates_delivered > 0);
        prop_assert_eq!(k.duplicate_effects, 0);
        prop_assert_eq!(sim.views()[0].duplicates, Fold::default());
        prop_assert_eq!(sim.check_invariants(), Ok(()));
    }
}

#[test]
fn without_idempotency_duplicates_double_apply_and_are_counted() {
    let c = PipelineConfig {
        redelivery_pct: 20,
        idempotent: false,
        ..PipelineConfig::default()
    };
    let sim = crate::model::ran(PipelineSim::new(1, c), 3_000);
    let k = sim.counters();
    assert!(k.duplicate_effects > 0 && k.duplicate_effects == k.duplicates_delivered);
    assert!(sim.views()[0].fold.total_orders() > k.events);
    sim.check_invariants().unwrap();
}

#[test]
fn a_poison_event_stalls_its_partition_without_a_dead_letter_queue() {
    let at = |dlq: bool| {
        let c = PipelineConfig {
            poison_at: Some(1),
            dlq,
            backpressure: false,
            ..PipelineConfig::default()
        };
        let sim = crate::model::ran(PipelineSim::new(2, c), 6_000);
        sim.check_invariants().unwrap();
        sim
    };
    let (stalled, moved_on) = (at(false), at(true));
    assert!(stalled.max_lag() > 10_000, "{}", stalled.max_lag());
    assert_eq!(stalled.counters().dlq, 0);
    assert!(moved_on.max_lag() < 2_000, "{}", moved_on.max_lag());
    assert_eq!(moved_on.counters().dlq, 2, "one a view");
}

#[test]
fn a_restart_replays_from_the_snapshot_or_from_the_start() {
    let at = |snapshots: bool| {
        let c = PipelineConfig {
            crash_at: Some(25),
            snapshots,
            ..PipelineConfig::default()
        };
        let sim = crate::model::ran(PipelineSim::new(3, c), 28_000);
        sim.check_invariants().unwrap();
        sim
    };
    let (with, without) = (at(true), at(false));
    let (a, b) = (
        with.counters().restart_replayed,
        without.counters().restart_replayed,
    );
    assert!(b > 450_000, "from the start: {b}");
    assert!(a < 150_000, "from the snapshot: {a}");
}

#[test]
fn an_unbounded_buffer_crashes_and_counts_its_losses_while_a_bounded_one_refuses() {
    let at = |bounded: bool| {
        let c = PipelineConfig {
            write_rate: 2_000_000,
            partitions: 4,
            bounded,
            ..PipelineConfig::default()
        };
        let sim = crate::model::ran(PipelineSim::new(4, c), 20_000);
        sim.check_invariants().unwrap();
        sim
    };
    let (bounded, unbounded) = (at(true), at(false));
    assert_eq!(bounded.counters().lost, 0);
    assert!(bounded.buffer() <= scaling_lab::sim::pipeline::config::API_BUFFER);
    assert!(bounded.counters().refused > 0);
    assert!(unbounded.counters().crashes >= 1 && unbounded.counters().lost > 0);
}

#[test]
fn the_simple_service_wins_at_low_load_and_saturates_at_high_load() {
    let run = |arch: Arch, write_rate: u32| {
        let c = PipelineConfig {
            arch,
            write_rate,
            read_rate: write_rate,
            ..PipelineConfig::default()
        };
        let sim = crate::model::ran(PipelineSim::new(5, c), 5_000);
        sim.p99_ms().0
    };
    assert!(run(Arch::Simple, 1_000) < run(Arch::Patterns, 1_000));
    assert!(run(Arch::Simple, 100_000) > 10.0 * run(Arch::Patterns, 100_000));
}

#[test]
fn a_million_writes_a_second_flow_through_with_enough_partitions() {
    let c = PipelineConfig {
        write_rate: 1_000_000,
        partitions: 64,
        consumers: 64,
        consumer_capacity: 20_000,
        ..PipelineConfig::default()
    };
    let sim = crate::model::ran(PipelineSim::new(6, c), 5_000);
    let (w, _, published) = sim.per_s();
    assert!(w > 950_000 && published > 950_000, "{w} {published}");
    assert!(sim.max_lag() < 50_000, "{}", sim.max_lag());
    sim.check_invariants().unwrap();
}

#[test]
fn folds_in_closed_form_match_event_by_event() {
    for p in [0u32, 5, 63] {
        let mut closed = Fold::default();
        closed.add_range(p, 17, 5_000);
        let mut each = Fold::default();
        for o in 17..5_000 {
            each.orders[scaling_lab::sim::pipeline::events::account(p, o)] += 1;
            each.revenue += scaling_lab::sim::pipeline::events::amount(o);
        }
        assert_eq!(closed, each);
    }
}

#[test]
fn the_crossover_puts_the_simple_service_first_until_it_saturates() {
    let points = scaling_lab::sim::pipeline::crossover(1, PipelineConfig::default());
    let (first, last) = (points[0], points[points.len() - 1]);
    assert!(first.1 < first.2, "simple first at low load: {first:?}");
    assert!(last.1 > last.2, "the pipeline past saturation: {last:?}");
    // Once saturated, the simple service stays saturated.
    let cross = points.iter().position(|(_, s, q)| s > q).unwrap();
    assert!(points[cross..].iter().all(|(_, s, q)| s > q));
}

/// The simple database answers no more than its capacity: offered a million reads a second
/// (a quarter of a write's work each, so room for 160,000), it answers at most that, keeps a
/// bounded queue, refuses the rest, and accounts for every read.
#[test]
fn the_simple_database_answers_no_more_than_its_capacity() {
    use scaling_lab::sim::pipeline::config::{SIMPLE_CAPACITY, SIMPLE_READ_COST};
    let config = PipelineConfig {
        arch: Arch::Simple,
        write_rate: 1_000,
        read_rate: 1_000_000,
        ..PipelineConfig::default()
    };
    let mut sim = PipelineSim::new(7, config);
    for _ in 0..20 {
        sim.advance_ticks(500);
        sim.check_invariants().unwrap();
        let (writes, reads, _) = sim.per_s();
        let work = writes as f64 + reads as f64 * SIMPLE_READ_COST;
        assert!(
            work <= SIMPLE_CAPACITY as f64 * 1.001 + 1.0,
            "{work} writes' worth a second"
        );
    }
    let r = sim.simple_reads();
    assert!(r.refused > 0, "{r:?}");
    assert_eq!(r.offered, r.answered + r.waiting + r.refused);
    let k = sim.counters();
    assert_eq!(k.commands, k.events + sim.buffer() + k.lost + k.refused);
    // The reads do not starve the writes: the thousand a second are committed as they come.
    assert!(
        k.events + 50 >= k.commands,
        "{} of {} commands committed",
        k.events,
        k.commands
    );
}
