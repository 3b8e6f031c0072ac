//! Properties of the CQRS split scene: nothing is lost without being counted, the read side
//! converges on the write side once commands stop, read-your-writes holds with the
//! mitigation, the stores' load agrees with the offered work, and the verdict the guide
//! gives (CQRS wins for heavy reads and complex joins, not for balanced simple ones) holds.

use proptest::prelude::*;
use scaling_lab::sim::cqrs::config::{CONNECTIONS, DENORMALIZED_READ_NS, WRITE_NS};
use scaling_lab::sim::cqrs::{Arch, CqrsAction, CqrsConfig, CqrsSim};
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::{seconds, TICK_NS};

prop_compose! {
    fn config()(
        arch in prop::sample::select(Arch::all()),
        write_rate in 0u32..=3_000,
        read_rate in 0u32..=20_000,
        joins in 1u32..=8,
        read_replicas in 1u32..=16,
        sync_capacity in 1u32..=20_000,
        ryw in prop::bool::ANY,
    ) -> CqrsConfig {
        CqrsConfig { arch, write_rate, read_rate, joins, read_replicas, sync_capacity, ryw }
    }
}

fn action() -> impl Strategy<Value = CqrsAction> {
    prop_oneof![
        prop::bool::ANY.prop_map(|c| CqrsAction::Arch(if c {
            Arch::Cqrs
        } else {
            Arch::Traditional
        })),
        (0u32..=3_000).prop_map(CqrsAction::WriteRate),
        (0u32..=20_000).prop_map(CqrsAction::ReadRate),
        (1u32..=8).prop_map(CqrsAction::Joins),
        (1u32..=16).prop_map(CqrsAction::Replicas),
        (1u32..=20_000).prop_map(CqrsAction::SyncCapacity),
        prop::bool::ANY.prop_map(CqrsAction::Ryw),
    ]
}

crate::model::invariants_hold! {
    /// Every command and query is done, refused or still held, whatever the settings and the
    /// changes; the bounds hold; the read store is never ahead of the write store.
    nothing_is_lost_and_the_bounds_hold: CqrsSim, config(), action(), [1_000, 3_000], 8_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// With read-your-writes on, no client ever reads a state older than its own last write.
    #[test]
    fn with_read_your_writes_no_client_misses_its_own_write(seed in any::<u64>(), c in config()) {
        let sim = crate::model::ran(CqrsSim::new(seed, CqrsConfig { arch: Arch::Cqrs, ryw: true, ..c }), 5_000);
        prop_assert_eq!(sim.counters().stale_reads, 0);
        prop_assert_eq!(sim.check_invariants(), Ok(()));
    }

    /// Once commands stop and the projector catches up, the read store holds every client's
    /// latest version: the projection of the write store.
    #[test]
    fn the_read_side_converges_once_writes_stop(seed in any::<u64>(), c in config()) {
        let c = CqrsConfig { arch: Arch::Cqrs, write_rate: c.write_rate.min(2_000), sync_capacity: c.sync_capacity.max(500), ..c };
        let mut sim = crate::model::ran(CqrsSim::new(seed, c), 3_000);
        sim.apply(CqrsAction::WriteRate(0));
        // Commands in the store finish, then the projector drains its backlog.
        sim.advance_ticks(12_000);
        let (committed, projected) = sim.versions();
        prop_assert_eq!(committed, projected);
        prop_assert_eq!(sim.backlog(), 0);
    }
}

#[test]
fn stale_reads_happen_without_the_mitigation_and_vanish_with_it() {
    let c = CqrsConfig {
        arch: Arch::Cqrs,
        write_rate: 2_000,
        read_rate: 20_000,
        sync_capacity: 1_500,
        read_replicas: 4,
        ..CqrsConfig::default()
    };
    let off = crate::model::ran(CqrsSim::new(3, c), 10_000);
    assert!(off.counters().stale_reads > 1_000, "{:?}", off.counters());
    let on = crate::model::ran(CqrsSim::new(3, CqrsConfig { ryw: true, ..c }), 10_000);
    assert_eq!(on.counters().stale_reads, 0);
    assert!(on.counters().ryw_redirects > 1_000);
}

/// A committed write reaches the read store within the sync delay (plus a tick) while the
/// projector keeps up, and the lag grows while it cannot.
#[test]
fn the_sync_lag_is_the_delay_while_the_projector_keeps_up() {
    let run = |sync_capacity| {
        let c = CqrsConfig {
            arch: Arch::Cqrs,
            write_rate: 1_000,
            read_rate: 1_000,
            sync_capacity,
            ..CqrsConfig::default()
        };
        crate::model::ran(CqrsSim::new(4, c), 10_000)
    };
    let sim = run(5_000);
    assert!(
        sim.counters().longest_sync_ns <= 50_000_000 + 2 * TICK_NS,
        "{}",
        sim.counters().longest_sync_ns
    );
    let slow = run(500);
    assert!(
        slow.sync_lag_ms() > 4_000.0 && slow.backlog() > 4_000,
        "{} ms, {}",
        slow.sync_lag_ms(),
        slow.backlog()
    );
}

/// The stores are as busy as the offered work says (λ × mean service / connections).
#[test]
fn utilization_agrees_with_the_offered_load() {
    let c = CqrsConfig {
        arch: Arch::Traditional,
        write_rate: 2_000,
        read_rate: 4_000,
        joins: 3,
        ..CqrsConfig::default()
    };
    let mut sim = CqrsSim::new(5, c);
    let mut sum = 0.0;
    for _ in 0..20 {
        sim.advance_ticks(1_000);
        sum += sim.utilization().0;
    }
    let offered = (2_000.0 * seconds(WRITE_NS) + 4_000.0 * seconds(c.normalized_read_ns()))
        / CONNECTIONS as f64;
    let measured = sum / 20.0;
    assert!(
        (measured - offered).abs() < 0.03 * offered,
        "measured {measured}, offered {offered}"
    );
}

/// The guide's verdict, measured: for many reads with complex joins, CQRS answers reads far
/// faster and keeps commands fast; for balanced, simple traffic it gains nothing.
#[test]
fn cqrs_wins_for_heavy_complex_reads_and_not_for_balanced_simple_ones() {
    let run = |arch: Arch, write_rate: u32, read_rate: u32, joins: u32| {
        let sim = crate::model::ran(
            CqrsSim::new(
                6,
                CqrsConfig {
                    arch,
                    write_rate,
                    read_rate,
                    joins,
                    read_replicas: 4,
                    sync_capacity: 100_000,
                    ..CqrsConfig::default()
                },
            ),
            10_000,
        );
        let (_, w99, _) = sim.write_p50_p99();
        let (r50, r99, _) = sim.read_p50_p99();
        (w99, r50, r99)
    };
    // 200 commands and 20,000 queries a second, four joins: the one database is offered 126 %
    // of its capacity ((200 × 1 ms + 20,000 × 1 ms) / 16 connections) and commands wait
    // behind reads; the read store is offered 12.5 % ((20,000 × 0.4 ms) / 64 connections).
    let (tw99, _, tr99) = run(Arch::Traditional, 200, 20_000, 4);
    let (cw99, _, cr99) = run(Arch::Cqrs, 200, 20_000, 4);
    assert!(
        tr99 > 10.0 * cr99 && tw99 > 10.0 * cw99,
        "traditional {tw99}/{tr99} ms, CQRS {cw99}/{cr99} ms"
    );
    // 1,000 of each, one join: the reads cost the same on both sides.
    let (_, t50, _) = run(Arch::Traditional, 1_000, 1_000, 1);
    let (_, c50, _) = run(Arch::Cqrs, 1_000, 1_000, 1);
    assert!(
        (t50 - c50).abs() < 0.1 * c50,
        "median reads: traditional {t50} ms, CQRS {c50} ms"
    );
    assert!(
        (c50 - seconds(DENORMALIZED_READ_NS) * 1e3 * std::f64::consts::LN_2).abs() < 0.1 * c50,
        "{c50}"
    );
}

#[test]
fn a_seek_equals_a_straight_run() {
    let c = CqrsConfig {
        write_rate: 1_500,
        read_rate: 6_000,
        ..CqrsConfig::default()
    };
    let actions = vec![
        (2_000, CqrsAction::Ryw(true)),
        (4_000, CqrsAction::Arch(Arch::Traditional)),
        (6_000, CqrsAction::Replicas(5)),
    ];
    crate::model::seek_equals_straight(&CqrsSim::new(7, c), &actions, 3_100, 9_000);
}
