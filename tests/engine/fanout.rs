//! The CQRS lab's timeline scene: nothing is lost, the bounds hold, the three fan-out
//! strategies give the same timelines once fan-out has caught up, and the Twitter 2012
//! preset shows Twitter's orders of magnitude.

use proptest::prelude::*;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;

use scaling_lab::sim::cqrs::fanout::config::TIMELINE_CAP;
use scaling_lab::sim::cqrs::fanout::graph::Graph;
use scaling_lab::sim::cqrs::fanout::{Fanout, FanoutAction, FanoutConfig, FanoutSim};

fn fanout() -> impl Strategy<Value = Fanout> {
    prop::sample::select(Fanout::all())
}

prop_compose! {
    fn config()(
        users in prop::sample::select(vec![100u32, 1_000, 50_000, 10_000_000]),
        zipf_milli in 500u32..=2_000,
        tweet_rate in 0u32..=3_000,
        timeline_rate in 0u32..=50_000,
        fanout in fanout(),
        celebrity_threshold in 1_000u32..=2_000_000,
        fanout_capacity in 1u32..=2_000_000,
    ) -> FanoutConfig {
        FanoutConfig { users, zipf_milli, tweet_rate, timeline_rate, fanout, celebrity_threshold, fanout_capacity }
    }
}

fn action() -> impl Strategy<Value = FanoutAction> {
    prop_oneof![
        (0u32..=3_000).prop_map(FanoutAction::TweetRate),
        (0u32..=50_000).prop_map(FanoutAction::TimelineRate),
        fanout().prop_map(FanoutAction::Strategy),
        (1_000u32..=2_000_000).prop_map(FanoutAction::Threshold),
        (1u32..=2_000_000).prop_map(FanoutAction::Capacity),
        Just(FanoutAction::CelebrityTweets),
    ]
}

crate::model::invariants_hold! {
    /// Every tweet is fanned out, pulled at read time or refused (and counted); every write
    /// owed is made or waiting; queues, logs and timeline caches stay within their bounds.
    nothing_is_lost_and_the_bounds_hold: FanoutSim, config(), action(), [1_000, 3_000], 6_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Fan-out on write, on read and the hybrid return the same timeline for every tracked
    /// reader once fan-out has caught up: the same tweets in the same order.
    #[test]
    fn every_strategy_gives_the_same_timelines(
        seed in any::<u64>(),
        users in prop::sample::select(vec![100u32, 300, 2_000]),
        zipf_milli in 500u32..=1_500,
        tweet_rate in 1u32..=400,
        celebrity_threshold in 1_000u32..=3_000,
        celebrities in 0u32..3,
    ) {
        let timelines: Vec<_> = Fanout::all().into_iter().map(|fanout| {
            let c = FanoutConfig {
                users,
                zipf_milli,
                tweet_rate,
                timeline_rate: 1_000,
                fanout,
                celebrity_threshold,
                fanout_capacity: 100_000,
            };
            let mut sim = FanoutSim::new(seed, c);
            for _ in 0..celebrities {
                sim.apply(FanoutAction::CelebrityTweets);
            }
            sim.advance_ticks(4_000);
            sim.apply(FanoutAction::TweetRate(0));
            sim.advance_ticks(2_000);
            assert_eq!(sim.backlog(), 0, "fan-out has caught up");
            assert_eq!(sim.counters().refused, 0);
            sim.check_invariants().unwrap();
            let n = sim.audience().readers.len();
            (0..n).map(|r| sim.timeline(r)).collect::<Vec<_>>()
        }).collect();
        prop_assert!(timelines[0].iter().all(|t| t.len() <= TIMELINE_CAP));
        prop_assert_eq!(&timelines[0], &timelines[1]);
        prop_assert_eq!(&timelines[0], &timelines[2]);
    }

    /// The celebrity count the hybrid uses is exactly the accounts at or above the threshold.
    #[test]
    fn celebrities_are_the_accounts_at_or_above_the_threshold(
        users in 100u32..20_000,
        zipf_milli in 500u32..=2_000,
        threshold in 1u32..20_000,
    ) {
        let g = Graph::new(users, f64::from(zipf_milli) / 1e3);
        let brute = (1..=users).filter(|&k| g.followers(k) >= u64::from(threshold)).count();
        prop_assert_eq!(g.celebrities(threshold) as usize, brute);
    }
}

#[test]
fn the_mean_follower_count_matches_the_sum() {
    for (users, zipf) in [(50_000u32, 0.84), (200_000, 1.0), (100_000, 1.7)] {
        let g = Graph::new(users, zipf);
        let exact = (1..=users).map(|k| g.followers(k) as f64).sum::<f64>() / f64::from(users);
        let mean = g.mean_followers();
        assert!(
            (mean - exact).abs() / exact < 0.02,
            "{users} {zipf}: {mean} against {exact}"
        );
    }
}

#[test]
fn a_full_timeline_keeps_its_newest_entries() {
    // 100 users and the top account followed by all: every reader's cache fills past its cap.
    let c = FanoutConfig {
        users: 100,
        zipf_milli: 500,
        tweet_rate: 3_000,
        timeline_rate: 100,
        fanout: Fanout::Write,
        celebrity_threshold: 1_000,
        fanout_capacity: 1_000_000,
    };
    let sim = crate::model::ran(FanoutSim::new(5, c), 20_000);
    sim.check_invariants().unwrap();
    let t = sim.timeline(0);
    assert_eq!(t.len(), TIMELINE_CAP);
    assert!(t.windows(2).all(|w| w[0] < w[1]));
}

/// The preset shows Twitter's published orders of magnitude (Krikorian, 2012): about 4,600
/// tweets and 345,000 cache writes a second, one cache read an open, deliveries within five
/// seconds; the largest account's tweet breaks the target and the hybrid mends it.
#[test]
fn twitter_2012_shows_the_published_figures() {
    let c = FanoutConfig {
        users: 10_000_000,
        zipf_milli: 840,
        tweet_rate: 4_600,
        timeline_rate: 300_000,
        fanout: Fanout::Write,
        celebrity_threshold: 1_000_000,
        fanout_capacity: 1_000_000,
    };
    let g = Graph::new(c.users, c.zipf());
    assert!(
        (70.0..85.0).contains(&g.mean_followers()),
        "{}",
        g.mean_followers()
    );
    let sim = crate::model::ran(FanoutSim::new(1, c), 30_000);
    let k = *sim.counters();
    let tweets_per_s = k.tweets as f64 / 30.0;
    let writes_per_s = k.fanout_writes as f64 / 30.0;
    assert!((4_300.0..4_900.0).contains(&tweets_per_s), "{tweets_per_s}");
    assert!(
        (200_000.0..600_000.0).contains(&writes_per_s),
        "{writes_per_s}"
    );
    assert_eq!(sim.per_s().1, 300_000);
    assert!(sim.merges_per_read() == 1.0);
    assert_eq!(k.late_writes, 0);
    assert!(sim.visible_p50_p99().1 < 5_000.0);

    for (fanout, late) in [(Fanout::Write, true), (Fanout::Hybrid, false)] {
        let mut sim = FanoutSim::new(1, FanoutConfig { fanout, ..c });
        sim.apply(FanoutAction::CelebrityTweets);
        sim.advance_ticks(10_000);
        assert_eq!(sim.counters().late_writes > 0, late, "{fanout:?}");
        assert_eq!(sim.counters().celebrity_tweets, 1);
    }
}

#[test]
fn fan_out_on_read_costs_grow_with_follows() {
    let c = FanoutConfig {
        fanout: Fanout::Read,
        ..FanoutConfig::default()
    };
    let sim = FanoutSim::new(2, c);
    let readers = &sim.audience().readers;
    let (few, many) = (0..readers.len()).fold((0, 0), |(few, many), r| {
        let by = |i: usize| readers[i].follows.len();
        (
            if by(r) < by(few) { r } else { few },
            if by(r) > by(many) { r } else { many },
        )
    });
    assert!(readers[many].follows.len() > 4 * readers[few].follows.len().max(1));
    assert!(sim.open_cost(many) > sim.open_cost(few));
    assert_eq!(sim.merges(many), readers[many].follows.len() as u64);
}
