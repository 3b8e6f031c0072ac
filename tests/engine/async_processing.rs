//! Properties of the async-processing model: nothing is lost, dead-lettering happens after
//! exactly `max_attempts`, the idempotent consumer applies no effect twice, and response
//! times agree with the guide's 800 ms / 200 ms.

use proptest::prelude::*;
use scaling_lab::sim::arrivals::ArrivalPattern;
use scaling_lab::sim::async_processing::{
    AsyncAction, AsyncConfig, AsyncSim, Failure, InvoicePattern, Mode, Outage, Task, Worker,
};
use scaling_lab::sim::service::ServiceDist;
use scaling_lab::sim::timeline::Timeline;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::SECOND;

prop_compose! {
    fn config()(
        mode in prop::sample::select(Mode::all()),
        order_rate in 0u32..=3_000,
        arrivals in prop::sample::select(ArrivalPattern::all()),
        service in prop::sample::select(ServiceDist::all()),
        api_threads in 1u32..=300,
        workers in [0u32..=20, 0u32..=20, 0u32..=20],
        (fail_pct, max_attempts, poison_pct, dlq) in (0u32..=60, 1u32..=6, 0u32..=30, prop::bool::ANY),
        (redelivery_pct, idempotent) in (0u32..=50, prop::bool::ANY),
        outage in prop::option::of((prop::sample::select(Task::ALL.to_vec()), 0u64..3_000, 0u64..2_000)),
        autoscale in prop::bool::ANY,
        invoice_pattern in prop::sample::select(vec![InvoicePattern::FireAndForget, InvoicePattern::RequestReply]),
    ) -> AsyncConfig {
        let outage = outage.map(|(task, at, ms)| Outage { task, at: at * 1_000_000, lasts: ms * 1_000_000 });
        AsyncConfig {
            mode, order_rate, arrivals, service, api_threads, workers, outage, fail_pct, max_attempts,
            poison_pct, dlq, redelivery_pct, idempotent, autoscale, invoice_pattern,
        }
    }
}

fn action() -> impl Strategy<Value = AsyncAction> {
    prop_oneof![
        prop::bool::ANY.prop_map(|s| AsyncAction::Mode(if s { Mode::Sync } else { Mode::Async })),
        (0u32..=3_000).prop_map(AsyncAction::OrderRate),
        (1u32..=300).prop_map(AsyncAction::ApiThreads),
        (prop::sample::select(Task::ALL.to_vec()), 0u32..=20)
            .prop_map(|(t, n)| AsyncAction::Workers(t, n)),
        (0u32..=60).prop_map(AsyncAction::FailPct),
        (1u32..=6).prop_map(AsyncAction::MaxAttempts),
        prop::bool::ANY.prop_map(AsyncAction::Dlq),
        (0u32..=50).prop_map(AsyncAction::RedeliveryPct),
        prop::bool::ANY.prop_map(AsyncAction::Idempotent),
        Just(AsyncAction::Redrive),
        prop::bool::ANY.prop_map(AsyncAction::Autoscale),
        prop::bool::ANY.prop_map(|r| AsyncAction::Invoice(if r {
            InvoicePattern::RequestReply
        } else {
            InvoicePattern::FireAndForget
        })),
    ]
}

fn script() -> impl Strategy<Value = Vec<(u64, AsyncAction)>> {
    prop::collection::vec((0u64..3_000, action()), 0..10).prop_map(|mut v| {
        v.sort_by_key(|(t, _)| *t);
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Conservation and every bound, after every tick, whatever the learner does.
    #[test]
    fn nothing_is_lost_and_every_bound_holds(seed: u64, config in config(), actions in script()) {
        let sim = crate::model::holds_its_invariants_and_replays(AsyncSim::new(seed, config), actions, 1..4_000, 4_000)?;
        prop_assert_eq!(sim.counters().lost, 0);
    }

    /// With the idempotent consumer on (and fewer messages in flight than it remembers), no
    /// effect is ever applied twice, however many acknowledgements are lost. Enough workers
    /// that the copies are delivered within the run (behind a backlog, 1 % of lost
    /// acknowledgements can leave every copy still queued at the end, and nothing to check).
    #[test]
    fn the_idempotent_consumer_applies_no_effect_twice(seed: u64, redelivery in 1u32..=90, fail in 0u32..=40) {
        let config = AsyncConfig { order_rate: 100, workers: [64, 64, 64], redelivery_pct: redelivery, fail_pct: fail, idempotent: true, ..AsyncConfig::default() };
        let sim = crate::model::ran_to(AsyncSim::new(seed, config), 10 * SECOND);
        let c = sim.counters();
        prop_assert!(c.duplicates_delivered > 0);
        prop_assert_eq!(c.duplicate_effects, 0);
        prop_assert_eq!(c.duplicates_skipped, c.duplicates_delivered);
    }

    /// A message reaches the dead-letter queue after exactly `max_attempts` failed attempts.
    #[test]
    fn dead_lettering_happens_after_exactly_max_attempts(seed: u64, max_attempts in 1u32..=6, poison in 5u32..=100, fail in 0u32..=50) {
        let config = AsyncConfig { order_rate: 200, poison_pct: poison, fail_pct: fail, max_attempts, dlq: true, ..AsyncConfig::default() };
        let sim = crate::model::ran_to(AsyncSim::new(seed, config), 30 * SECOND);
        prop_assert!(!sim.dlq().is_empty());
        for d in sim.dlq() {
            prop_assert_eq!(d.msg.attempts, max_attempts);
            prop_assert!(d.msg.poison || d.last_error == Failure::Transient);
        }
        prop_assert!(sim.check_invariants().is_ok());
    }

    /// A seek on the run's timeline shows the state a straight run reaches.
    #[test]
    fn a_seek_shows_what_a_straight_run_shows(seed: u64, config in config(), actions in script(), at in 0u64..3_000) {
        let mut tl = Timeline::new(AsyncSim::new(seed, config), actions.clone());
        tl.run_to_tick(3_000);
        tl.seek(at);
        let mut straight = AsyncSim::new(seed, config);
        for &(t, a) in actions.iter().filter(|(t, _)| *t <= at) {
            straight.advance_ticks(t - straight.now() / 1_000_000);
            straight.apply(a);
        }
        straight.advance_ticks(at - straight.now() / 1_000_000);
        prop_assert_eq!(tl.state().state_hash(), straight.state_hash());
    }
}

/// What the picture draws is the engine's own orders and messages: one order a busy thread,
/// each taken before now and answering after it, oldest first; the queues' messages in order.
#[test]
fn the_picture_tracks_each_order_and_message() {
    for mode in [Mode::Sync, Mode::Async] {
        // Few workers, so the queues back up.
        let config = AsyncConfig {
            mode,
            order_rate: 400,
            workers: [2, 2, 2],
            ..AsyncConfig::default()
        };
        let mut sim = AsyncSim::new(5, config);
        for _ in 0..20 {
            sim.advance_ticks(137);
            let all = sim.in_threads(usize::MAX);
            assert_eq!(all.len(), sim.threads_busy() as usize);
            assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(all
                .iter()
                .all(|(_, from, until)| *from <= sim.now() && sim.now() <= *until));
            assert_eq!(
                sim.in_threads(3),
                all.iter().take(3).copied().collect::<Vec<_>>()
            );
            for task in Task::ALL {
                let q = sim.queue(task);
                let ids: Vec<u64> = q.waiting().map(|m| m.id).collect();
                assert_eq!(ids.len(), q.depth());
                assert!(ids.iter().all(|id| id % 3 == task.index() as u64));
            }
        }
        assert!(sim.threads_busy() > 0);
        if mode == Mode::Async {
            assert!(sim.queue(Task::Email).depth() > 100);
        }
    }
}

#[test]
fn light_load_answers_in_800_ms_synchronously_and_200_ms_asynchronously() {
    for (mode, ms) in [(Mode::Sync, 800.0), (Mode::Async, 200.0)] {
        let config = AsyncConfig {
            mode,
            order_rate: 20,
            arrivals: ArrivalPattern::Steady,
            api_threads: 512,
            ..AsyncConfig::default()
        };
        let sim = crate::model::ran_to(AsyncSim::new(1, config), 5 * SECOND);
        let (p50, n) = sim.response_ms(0.5);
        let (p99, _) = sim.response_ms(0.99);
        assert!(n > 10, "{n} answers");
        assert!(
            (p50 - ms).abs() / ms < 0.02 && (p99 - ms).abs() / ms < 0.02,
            "{mode:?}: p50 {p50} p99 {p99}"
        );
        assert_eq!(sim.counters().refused, 0);
    }
}

#[test]
fn throughput_is_capped_at_threads_over_the_response_time() {
    // 100 threads: 125 orders/s synchronously (0.8 s each), 500 asynchronously (0.2 s).
    for (mode, cap) in [(Mode::Sync, 125.0), (Mode::Async, 500.0)] {
        let config = AsyncConfig {
            mode,
            order_rate: 2_000,
            arrivals: ArrivalPattern::Steady,
            api_threads: 100,
            workers: [64, 64, 64],
            ..AsyncConfig::default()
        };
        let mut sim = AsyncSim::new(2, config);
        // Threads fill and free in cohorts: measure over a minute, so one cohort more or less
        // at the window's edges moves the rate by under 2 %.
        sim.advance_to(10 * SECOND);
        let before = sim.counters().responses;
        sim.advance_to(70 * SECOND);
        let rate = (sim.counters().responses - before) as f64 / 60.0;
        assert!(
            (rate - cap).abs() / cap < 0.02,
            "{mode:?}: {rate} answers/s, expected {cap}"
        );
        assert!(sim.counters().refused > 0);
    }
}

#[test]
fn an_outage_holds_its_queue_and_it_drains_after_nothing_lost() {
    let outage = Outage {
        task: Task::Email,
        at: 2 * SECOND,
        lasts: 5 * SECOND,
    };
    let config = AsyncConfig {
        order_rate: 200,
        outage: Some(outage),
        workers: [64, 64, 64],
        ..AsyncConfig::default()
    };
    let mut sim = crate::model::ran_to(AsyncSim::new(3, config), 6 * SECOND);
    let email = sim.queue(Task::Email).depth();
    assert!(email > 500, "email queue during the outage: {email}");
    assert!(
        sim.queue(Task::Inventory).depth() < 20,
        "the other queues are unaffected"
    );
    // Response times do not notice.
    assert!((sim.response_ms(0.99).0 - 200.0).abs() < 5.0);
    sim.advance_to(30 * SECOND);
    assert!(
        sim.queue(Task::Email).depth() < 20,
        "drained: {}",
        sim.queue(Task::Email).depth()
    );
    assert_eq!(sim.counters().lost, 0);
    sim.check_invariants().unwrap();
}

#[test]
fn without_a_dead_letter_queue_poison_messages_block_their_queue() {
    let config = AsyncConfig {
        order_rate: 100,
        poison_pct: 10,
        dlq: false,
        workers: [5, 5, 5],
        ..AsyncConfig::default()
    };
    let mut sim = crate::model::ran_to(AsyncSim::new(4, config), 60 * SECOND);
    let q = sim.queue(Task::Email);
    assert!(
        q.workers().iter().all(
            |w| matches!(w, Worker::Backoff { msg, .. } | Worker::Busy { msg, .. } if msg.poison)
        ),
        "every worker holds a poison message"
    );
    assert!(q.depth() > 1_000, "the queue backs up: {}", q.depth());
    // The dead-letter queue unblocks it, and re-driving moves the messages back.
    sim.apply(AsyncAction::Dlq(true));
    sim.advance_to(120 * SECOND);
    assert!(!sim.dlq().is_empty());
    let before = sim.dlq().len() as u64;
    sim.apply(AsyncAction::Redrive);
    assert_eq!(sim.counters().redriven, before);
    sim.check_invariants().unwrap();
}

#[test]
fn without_idempotency_lost_acknowledgements_repeat_effects() {
    let config = AsyncConfig {
        order_rate: 300,
        redelivery_pct: 20,
        idempotent: false,
        ..AsyncConfig::default()
    };
    let sim = crate::model::ran_to(AsyncSim::new(5, config), 10 * SECOND);
    let c = sim.counters();
    assert!(c.duplicate_effects > 100, "{c:?}");
    assert_eq!(c.duplicate_effects, c.duplicates_delivered);
}

#[test]
fn same_seed_and_actions_same_state() {
    let config = AsyncConfig {
        fail_pct: 20,
        poison_pct: 3,
        redelivery_pct: 10,
        service: ServiceDist::Exponential,
        ..AsyncConfig::default()
    };
    let run = || {
        let mut sim = crate::model::ran_to(AsyncSim::new(9, config), 2 * SECOND);
        sim.apply(AsyncAction::Workers(Task::Invoice, 3));
        sim.advance_to(4 * SECOND);
        sim.state_hash()
    };
    assert_eq!(run(), run());
}

#[test]
fn the_idempotency_memory_keeps_the_most_recent_ids_within_its_bound() {
    use scaling_lab::sim::async_processing::{SeenIds, MAX_REMEMBERED};
    let mut seen = SeenIds::default();
    let ids: Vec<u64> = (0..1_000_000u64).filter(|i| i % 3 == 1).collect();
    for &id in &ids {
        seen.insert(id);
        assert!(seen.words() <= MAX_REMEMBERED / 64);
    }
    let last = *ids.last().unwrap();
    assert!(seen.contains(last) && seen.contains(last - 3 * 60_000));
    assert!(!seen.contains(last - 1), "never inserted");
    assert!(!seen.contains(10), "forgotten: too old");
}

#[test]
fn the_autoscaler_adds_workers_under_a_backlog_and_gives_them_back() {
    // 150 orders a second need 30, 15 and 45 workers (200, 100 and 300 ms each).
    let config = AsyncConfig {
        order_rate: 150,
        workers: [4, 4, 4],
        autoscale: true,
        ..AsyncConfig::default()
    };
    let mut sim = crate::model::ran_to(AsyncSim::new(6, config), 5 * SECOND);
    // Before the first new workers start (10 s), the queues back up.
    assert_eq!(sim.config().workers, [4, 4, 4]);
    assert!(sim.queue(Task::Invoice).depth() > 500);
    sim.advance_to(90 * SECOND);
    let w = sim.config().workers;
    assert!(w[2] >= 45 && w[0] >= 30, "workers after 90 s: {w:?}");
    assert!(
        sim.queue(Task::Invoice).depth() < 200,
        "drained: {}",
        sim.queue(Task::Invoice).depth()
    );
    // Traffic stops: the workers go back, one a second, down to one.
    sim.apply(AsyncAction::OrderRate(0));
    sim.advance_to(200 * SECOND);
    assert_eq!(sim.config().workers, [1, 1, 1]);
    sim.check_invariants().unwrap();
}

#[test]
fn request_reply_matches_every_reply_to_its_request_whatever_the_order() {
    let config = AsyncConfig {
        order_rate: 200,
        service: ServiceDist::Exponential,
        workers: [64, 64, 64],
        invoice_pattern: InvoicePattern::RequestReply,
        redelivery_pct: 5,
        idempotent: false,
        ..AsyncConfig::default()
    };
    let sim = crate::model::ran_to(AsyncSim::new(8, config), 20 * SECOND);
    let c = sim.counters();
    assert!(c.replies_matched > 3_000, "{c:?}");
    assert_eq!(c.replies_mismatched, 0);
    assert!(
        c.replies_duplicate > 0,
        "duplicates answer an answered request: {c:?}"
    );
    // Exponential work times: replies come back out of request order, and are matched anyway.
    let recent: Vec<u64> = sim.recent_replies().iter().map(|r| r.correlation).collect();
    assert!(recent.windows(2).any(|w| w[0] > w[1]), "{recent:?}");
    assert!(
        sim.replies_pending() < 200,
        "pending {}",
        sim.replies_pending()
    );
    sim.check_invariants().unwrap();
}

#[test]
fn an_orders_background_work_ends_with_its_longest_task() {
    // 200 ms in the request, then email, stock and invoice at once: the invoice, 300 ms, ends
    // last, 500 ms after the order arrived.
    let config = AsyncConfig {
        order_rate: 20,
        arrivals: ArrivalPattern::Steady,
        ..AsyncConfig::default()
    };
    let sim = crate::model::ran_to(AsyncSim::new(3, config), 6 * SECOND);
    let p99 = sim.background_p99_ms();
    assert!(
        (p99 - 500.0).abs() / 500.0 < 0.02,
        "background p99 {p99} ms"
    );
    sim.check_invariants().unwrap();
}

#[test]
fn request_reply_can_be_switched_on_and_off_mid_run() {
    let config = AsyncConfig {
        order_rate: 100,
        workers: [64, 64, 64],
        ..AsyncConfig::default()
    };
    let mut sim = crate::model::ran_to(AsyncSim::new(12, config), 5 * SECOND);
    assert_eq!(sim.counters().replies_matched, 0);
    sim.apply(AsyncAction::Invoice(InvoicePattern::RequestReply));
    sim.advance_to(10 * SECOND);
    let matched = sim.counters().replies_matched;
    assert!(matched > 300, "{matched}");
    sim.apply(AsyncAction::Invoice(InvoicePattern::FireAndForget));
    sim.advance_to(15 * SECOND);
    // The requests already sent still get their replies; no new ones are made.
    assert_eq!(sim.replies_pending(), 0);
    let after = sim.counters().replies_matched;
    sim.advance_to(20 * SECOND);
    assert_eq!(sim.counters().replies_matched, after);
    assert_eq!(sim.counters().replies_mismatched, 0);
    sim.check_invariants().unwrap();
}
