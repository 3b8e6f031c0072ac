//! The run timeline: seeking shows exactly the state a straight replay reaches, acting in
//! the past forks the run, and checkpoints stay within their bounds.

use proptest::prelude::*;
use scaling_lab::sim::arrivals::ArrivalPattern;
use scaling_lab::sim::backpressure::{BackpressureAction, BackpressureConfig, BackpressureSim};
use scaling_lab::sim::cqrs::fanout::{FanoutConfig, FanoutSim};
use scaling_lab::sim::event_sourcing::{EsConfig, EventSourcing};
use scaling_lab::sim::queue::OverflowPolicy;
use scaling_lab::sim::service::ServiceDist;
use scaling_lab::sim::timeline::{Replay, Timeline, CHECKPOINT_BUDGET, MAX_CHECKPOINTS};

use super::backpressure::{any_action, config, script};

/// The state a straight run of `actions` reaches at `tick`, applying those at `tick` too.
fn straight<S: Replay>(start: &S, actions: &[(u64, S::Action)], tick: u64) -> S {
    let mut s = start.clone();
    for &(at, a) in actions.iter().filter(|(at, _)| *at <= tick) {
        s.advance_ticks(at - s.ticks());
        s.apply(a);
    }
    s.advance_ticks(tick - s.ticks());
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_seek_shows_what_a_straight_run_shows(
        seed: u64,
        config in config(),
        actions in script(any_action()),
        seeks in prop::collection::vec(0u64..3_500, 1..6),
    ) {
        let start = BackpressureSim::new(seed, config);
        let mut tl = Timeline::new(start.clone(), actions.clone());
        tl.run_to_tick(3_500);
        for &t in &seeks {
            tl.seek(t);
            prop_assert_eq!(tl.state().state_hash(), straight(&start, &actions, t).state_hash(), "seek to {}", t);
        }
        // Playing on from the last seek replays the rest of the log.
        tl.run_to_tick(3_500);
        prop_assert_eq!(tl.state().state_hash(), straight(&start, &actions, 3_500).state_hash());
    }

    /// The page's drag: a seek that runs forward a few slices at a time, its target moved by
    /// the next drag before it arrives, still shows exactly the moment finally chosen.
    #[test]
    fn a_seek_moved_before_it_arrives_shows_the_last_moment_chosen(
        seed: u64,
        config in config(),
        actions in script(any_action()),
        drags in prop::collection::vec((0u64..3_500, 0u64..40), 1..6),
    ) {
        let start = BackpressureSim::new(seed, config);
        let mut tl = Timeline::new(start.clone(), actions.clone());
        tl.run_to_tick(3_500);
        let mut target = 0;
        for &(t, slices) in &drags {
            target = tl.start_seek(t);
            prop_assert!(tl.state().ticks() <= target, "restored past the moment");
            for _ in 0..slices {
                let to = (tl.state().ticks() + 50).min(target);
                tl.run_to_tick(to);
            }
        }
        tl.run_to_tick(target);
        prop_assert_eq!(tl.state().state_hash(), straight(&start, &actions, target).state_hash());
        prop_assert_eq!(tl.end_tick(), 3_500, "a seek ran the run past its end");
    }

    #[test]
    fn acting_in_the_past_forks_the_run(
        seed: u64,
        config in config(),
        actions in script(any_action()),
        at in 0u64..3_000,
        action in any_action(),
    ) {
        let start = BackpressureSim::new(seed, config);
        let mut tl = Timeline::new(start.clone(), actions);
        tl.run_to_tick(3_000);
        tl.seek(at);
        let forked = tl.act(action).is_ok_and(|f| f);
        prop_assert!(forked || at == 3_000);
        prop_assert!(tl.actions().iter().all(|(t, _)| *t <= at));
        tl.run_to_tick(3_000);
        prop_assert_eq!(tl.state().state_hash(), straight(&start, tl.actions(), 3_000).state_hash());
    }

    #[test]
    fn event_sourcing_seeks_replay_hand_commands(
        seed: u64,
        config in super::event_sourcing::config(),
        actions in super::event_sourcing::script(),
        seek in 0u64..2_500,
    ) {
        let start = EventSourcing::new(seed, config);
        let mut tl = Timeline::new(start.clone(), actions.clone());
        tl.run_to_tick(2_500);
        tl.seek(seek);
        prop_assert_eq!(tl.state().state_hash(), straight(&start, &actions, seek).state_hash());
        tl.run_to_tick(2_500);
        prop_assert_eq!(tl.state().state_hash(), straight(&start, &actions, 2_500).state_hash());
    }
}

#[test]
fn a_slider_dragged_while_paused_leaves_one_action() {
    let start = BackpressureSim::new(7, BackpressureConfig::default());
    let mut tl = Timeline::new(start.clone(), Vec::new());
    tl.run_to_tick(1_500);
    for rate in (1_000..=9_000).step_by(1_000) {
        assert_eq!(tl.act(BackpressureAction::ProducerRate(rate)), Ok(false));
    }
    tl.act(BackpressureAction::Workers(3)).unwrap();
    assert_eq!(
        tl.actions(),
        &[
            (1_500, BackpressureAction::ProducerRate(9_000)),
            (1_500, BackpressureAction::Workers(3))
        ]
    );
    tl.run_to_tick(2_000);
    assert_eq!(
        tl.state().state_hash(),
        straight(&start, tl.actions(), 2_000).state_hash()
    );
}

/// Each view's own strategy is its own control: changing two views while paused keeps both,
/// and changing one view twice keeps the last; a command never replaces another.
#[test]
fn a_view_s_strategy_replaces_only_the_same_view_s() {
    use scaling_lab::sim::views::{Refresh, ViewsAction, ViewsConfig, ViewsSim};
    let mut tl = Timeline::new(ViewsSim::new(7, ViewsConfig::default()), Vec::new());
    tl.run_to_tick(1_000);
    for action in [
        ViewsAction::ViewRefresh(0, Some(Refresh::Full)),
        ViewsAction::ViewRefresh(1, Some(Refresh::Incremental)),
        ViewsAction::ViewRefresh(1, Some(Refresh::Stream)),
        ViewsAction::RefreshNow,
        ViewsAction::RefreshNow,
    ] {
        tl.act(action).unwrap();
    }
    assert_eq!(
        tl.actions(),
        &[
            (1_000, ViewsAction::ViewRefresh(0, Some(Refresh::Full))),
            (1_000, ViewsAction::ViewRefresh(1, Some(Refresh::Stream))),
            (1_000, ViewsAction::RefreshNow),
            (1_000, ViewsAction::RefreshNow),
        ]
    );
}

#[test]
fn checkpoints_thin_out_within_their_bounds() {
    // A cheap configuration run for longer than the checkpoint count or the memory budget
    // allows (each checkpoint copies the metrics' histograms, about 150 KB).
    let config = BackpressureConfig {
        producer_rate: 50,
        ..BackpressureConfig::default()
    };
    let mut tl = Timeline::new(BackpressureSim::new(3, config), Vec::new());
    let end = (MAX_CHECKPOINTS as u64 + 200) * 1_000;
    tl.run_to_tick(end);
    let (count, bytes) = tl.checkpoint_use();
    assert!(count <= MAX_CHECKPOINTS, "{count} checkpoints");
    assert!(bytes <= CHECKPOINT_BUDGET);
    assert!(tl.interval() >= 2_000, "never thinned: {}", tl.interval());
    tl.seek(end / 3);
    assert_eq!(
        tl.state().state_hash(),
        straight(&BackpressureSim::new(3, config), &[], end / 3).state_hash()
    );
}

/// A queue at its limit holds half a million messages, but its checkpoints share the packed
/// chunks neither end has touched: over ten minutes of the lab's largest state (the queue
/// full, turning over 16,000 messages a second) they stay a second apart within the budget. They
/// thinned to two minutes apart when each copied the queue, and to 128 s when the chunks
/// were shared but unpacked.
#[test]
fn a_full_queue_keeps_checkpoints_within_the_memory_budget_and_a_second_apart() {
    // 20,000 msg/s Poisson into 16 workers of 1,000 msg/s, no bound, 512 MiB.
    let config = BackpressureConfig {
        producer_rate: 20_000,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 1_000,
        workers: 16,
        service: ServiceDist::Exponential,
        policy: OverflowPolicy::Unbounded,
        memory_mb: 512,
        ..BackpressureConfig::default()
    };
    let mut tl = Timeline::new(BackpressureSim::new(1, config), Vec::new());
    let mut deepest = 0;
    for second in 1..=600 {
        tl.run_to_tick(second * 1_000);
        deepest = deepest.max(tl.state().queue_depth());
    }
    let (count, bytes) = tl.checkpoint_use();
    assert!(
        bytes <= CHECKPOINT_BUDGET,
        "{bytes} bytes in {count} checkpoints"
    );
    assert_eq!(
        tl.interval(),
        1_000,
        "thinned: every {} ticks",
        tl.interval()
    );
    assert_eq!(count, 601);
    assert!(deepest > 500_000, "the queue reached only {deepest}");
}

/// Ten minutes of the event-sourcing lab at its heaviest (10,000 commands a second, a
/// snapshot every 1,000 events): about six million events, whose packed chunks and snapshots
/// the checkpoints share. Within the budget they stay 16 s apart, so a seek replays at most
/// 16 s; they were 64 s apart while 256 snapshots were kept.
#[test]
fn ten_heavy_event_sourcing_minutes_keep_checkpoints_16_s_apart() {
    let config = EsConfig {
        command_rate: 10_000,
        accounts: 1_000,
        snapshot_every: 1_000,
        ..EsConfig::default()
    };
    let tl = ten_minutes_within_budget(EventSourcing::new(1, config), 16_000);
    assert!(tl.state().store().head() > 5_000_000);
}

/// Ten simulated minutes of `start`, checked to keep its checkpoints within the budget and at
/// most `interval` ticks apart.
fn ten_minutes_within_budget<S: Replay>(start: S, interval: u64) -> Timeline<S> {
    let mut tl = Timeline::new(start, Vec::new());
    tl.run_to_tick(600_000);
    let (count, bytes) = tl.checkpoint_use();
    assert!(
        bytes <= CHECKPOINT_BUDGET,
        "{bytes} bytes in {count} checkpoints"
    );
    assert!(
        tl.interval() <= interval,
        "thinned: every {} ticks",
        tl.interval()
    );
    tl
}

/// Ten minutes of the CQRS timeline scene at its heaviest (10 M users, 100,000 tweets a
/// second fanned out on write): the fan-out queue stays full and turns over in seconds, so
/// every checkpoint holds its own 200,000 jobs and their deliveries. At 24 bytes a job and
/// 16 a delivery six fit, 128 s apart; at 40 and 24 bytes four did, 256 s apart.
#[test]
fn ten_heavy_timeline_minutes_keep_checkpoints_128_s_apart() {
    let tl = ten_minutes_within_budget(FanoutSim::new(1, FanoutConfig::HEAVIEST), 128_000);
    assert!(
        tl.state().jobs().len() > 100_000,
        "the fan-out queue is not full"
    );
}

#[test]
fn actions_at_the_start_tick_are_in_the_first_state() {
    let start = BackpressureSim::new(2, BackpressureConfig::default());
    let tl = Timeline::new(
        start,
        vec![
            (0, BackpressureAction::Workers(4)),
            (500, BackpressureAction::Workers(9)),
        ],
    );
    assert_eq!(tl.state().config().workers, 4);
    assert_eq!(tl.actions().len(), 2);
}
