//! Properties of the materialized-views model: every view equals its query over the base
//! tables at its watermark, whatever the strategy, the learner's changes or the archiving;
//! full and incremental refresh agree; staleness stays within its bound; a stream falls
//! behind exactly when orders outrun it; the record cache compacts as Kafka Streams does.

use proptest::prelude::*;
use scaling_lab::sim::views::feed::Network;
use scaling_lab::sim::views::table::{Order, Products, MAX_ORDERS};
use scaling_lab::sim::views::view::{RecordCache, ViewKind, ViewTable};
use scaling_lab::sim::views::{Dataset, ReadFrom, Refresh, ViewsAction, ViewsConfig, ViewsSim};
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::{rng::SimRng, SECOND, TICK_NS};

prop_compose! {
    fn config()(
        (order_rate, users, products, categories, skew) in (0u32..=3_000, 1u32..=2_000, 1u32..=500, 1u32..=20, 0u32..=200),
        (read_rate, read_from) in (0u32..=500, prop::sample::select(ReadFrom::all())),
        (refresh, refresh_every_s, stream_capacity, cache) in (prop::sample::select(Refresh::all()), 1u32..=8, 100u32..=5_000, prop::bool::ANY),
        (stale_alert_s, day_s) in (1u32..=10, 10u32..=40),
        per_view in [
            prop::option::of(prop::sample::select(Refresh::all())),
            prop::option::of(prop::sample::select(Refresh::all())),
            prop::option::of(prop::sample::select(Refresh::all())),
        ],
    ) -> ViewsConfig {
        ViewsConfig {
            per_view, order_rate, users, products, categories, skew, read_rate, read_from, refresh,
            refresh_every_s, stream_capacity, cache, stale_alert_s, day_s, ..ViewsConfig::default()
        }
    }
}

fn action() -> impl Strategy<Value = ViewsAction> {
    prop_oneof![
        (0u32..=4_000).prop_map(ViewsAction::OrderRate),
        (0u32..=500).prop_map(ViewsAction::ReadRate),
        prop::sample::select(Refresh::all()).prop_map(ViewsAction::Refresh),
        (1u32..=8).prop_map(ViewsAction::RefreshEvery),
        (100u32..=5_000).prop_map(ViewsAction::StreamCapacity),
        prop::bool::ANY.prop_map(ViewsAction::Cache),
        Just(ViewsAction::RefreshNow),
        (
            0u8..3,
            prop::option::of(prop::sample::select(Refresh::all()))
        )
            .prop_map(|(i, r)| ViewsAction::ViewRefresh(i, r)),
        prop::bool::ANY.prop_map(|q| ViewsAction::ReadFrom(if q {
            ReadFrom::Query
        } else {
            ReadFrom::View
        })),
    ]
}

proptest! {
    // Each case runs up to 30 simulated seconds of a few thousand orders a second.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// At random moments of random runs with random changes, every view holds exactly what
    /// its query returns over the base tables at the view's watermark, and nothing is
    /// unaccounted for.
    #[test]
    fn every_view_equals_its_query_at_its_watermark(
        seed in any::<u64>(),
        c in config(),
        actions in prop::collection::vec((0u64..30_000, action()), 0..8),
        checks in prop::collection::vec(1u64..30_000, 1..5),
    ) {
        crate::model::holds_its_invariants_and_replays(ViewsSim::new(seed, c), actions, checks, 30_000)?;
    }

    /// Whenever no refresh is under way, a view is no staler than one period, or one round of
    /// refreshes where that takes longer (the round after starts when it ends).
    #[test]
    fn staleness_stays_within_the_period_plus_a_refresh(
        seed in any::<u64>(),
        c in config(),
        incremental in prop::bool::ANY,
    ) {
        let c = ViewsConfig { refresh: if incremental { Refresh::Incremental } else { Refresh::Full }, per_view: [None; 3], ..c };
        let mut sim = ViewsSim::new(seed, c);
        let period = u64::from(c.refresh_every_s) * SECOND;
        for _ in 0..200 {
            sim.advance_ticks(100);
            let views = ViewKind::ALL.map(|k| sim.view(k));
            if views.iter().all(|v| v.is_idle()) {
                let longest = views.iter().map(|v| v.stats().longest_ns).max().unwrap_or(0);
                for (k, v) in ViewKind::ALL.iter().zip(views) {
                    let stale = v.staleness_ns(sim.orders(), sim.now());
                    prop_assert!(stale <= period.max(longest) + 2 * TICK_NS, "{}: {} ns behind, period {} ns, longest refresh {} ns", k.name(), stale, period, longest);
                }
            }
        }
    }
}

fn light(refresh: Refresh) -> ViewsConfig {
    ViewsConfig {
        order_rate: 2_000,
        users: 3_000,
        products: 300,
        categories: 12,
        refresh,
        refresh_every_s: 5,
        day_s: 30,
        ..ViewsConfig::default()
    }
}

#[test]
fn full_and_incremental_refresh_give_identical_views_at_the_same_watermark() {
    let mut full = ViewsSim::new(11, light(Refresh::Full));
    let mut incremental = ViewsSim::new(11, light(Refresh::Incremental));
    for k in 1..=8u64 {
        // Just before the next round starts, both have finished the round of second 5k.
        let t = (5 * k + 5) * SECOND - TICK_NS;
        full.advance_to(t);
        incremental.advance_to(t);
        for kind in ViewKind::ALL {
            let (a, b) = (full.view(kind), incremental.view(kind));
            assert!(
                a.is_idle() && b.is_idle(),
                "{} still refreshing at {t}",
                kind.name()
            );
            assert_eq!(a.upto(), b.upto(), "{}", kind.name());
            assert!(a.upto() > 0);
            assert_eq!(
                a.table().nonzero(),
                b.table().nonzero(),
                "{} at {t}",
                kind.name()
            );
        }
    }
    assert!(full.views_match_query() && incremental.views_match_query());
}

#[test]
fn stream_lag_grows_exactly_when_orders_outrun_the_processor() {
    for capacity in [1_000u32, 1_500, 2_500, 4_000] {
        let c = ViewsConfig {
            stream_capacity: capacity,
            ..light(Refresh::Stream)
        };
        let sim = crate::model::ran_to(ViewsSim::new(3, c), 20 * SECOND);
        let lag = sim.stream_lag() as f64;
        let expect = (2_000.0 - f64::from(capacity)).max(0.0) * 20.0;
        if capacity < 2_000 {
            assert!(
                (lag - expect).abs() < 0.06 * expect,
                "capacity {capacity}: lag {lag}, expected about {expect}"
            );
        } else {
            assert!(
                lag < 20.0,
                "capacity {capacity}: lag {lag} though it keeps up"
            );
        }
        assert!(sim.views_match_query());
    }
}

/// The guide's example of Kafka Streams' record cache: A:1, D:5, A:20, A:300 are four writes
/// without the cache, and two (A=321, D=5) with it.
#[test]
fn the_record_cache_compacts_changes_to_one_key_into_one_write() {
    let products = Products::new(4, 1, 0.0, &mut SimRng::new(1, 1));
    let order = |product: u32, cents: u32| Order {
        user: 0,
        product,
        amount: cents,
        at_ms: 0,
    };
    let changes = [order(0, 1), order(3, 5), order(0, 20), order(0, 300)];
    let mut direct = ViewTable::new(ViewKind::ByProduct, 1, 4, 1);
    for o in &changes {
        direct.apply(o, 1, &products, 1_000);
    }
    let mut cache = RecordCache::default();
    let mut cached = ViewTable::new(ViewKind::ByProduct, 1, 4, 1);
    for o in &changes {
        cache.add(
            cached.key(o, &products, 1_000),
            scaling_lab::sim::views::view::Agg::of(o, 1),
        );
    }
    assert_eq!(cache.flush(&mut cached), 2);
    assert_eq!(cached, direct);
    assert_eq!(cached.get(0).total, 321);
    assert_eq!(cached.get(3).total, 5);
    // In the engine: the same orders through the cache take far fewer writes.
    let run = |cache: bool| {
        let sim = crate::model::ran_to(
            ViewsSim::new(
                5,
                ViewsConfig {
                    cache,
                    stream_capacity: 10_000,
                    ..light(Refresh::Stream)
                },
            ),
            10 * SECOND,
        );
        assert!(sim.views_match_query());
        sim.view(ViewKind::Daily).stats().rows_written
    };
    let (plain, compacted) = (run(false), run(true));
    let cached = crate::model::ran_to(
        ViewsSim::new(
            5,
            ViewsConfig {
                cache: true,
                stream_capacity: 10_000,
                ..light(Refresh::Stream)
            },
        ),
        10 * SECOND,
    );
    let (read, written) = cached.refresh_totals();
    assert!(
        read > 3 * 19_000 && written < read / 3,
        "{read} changes read, {written} rows written"
    );
    assert!(
        plain > 19_000 && compacted < 12 * 2 * 11,
        "{plain} writes without the cache, {compacted} with"
    );
}

/// Past its bound the table archives its oldest chunk out of itself and every view; the
/// views still equal their queries, under every strategy.
#[test]
fn archiving_keeps_the_table_bounded_and_the_views_equal_to_their_queries() {
    for refresh in Refresh::all() {
        let c = ViewsConfig {
            order_rate: 20_000,
            users: 500,
            products: 50,
            categories: 5,
            refresh,
            refresh_every_s: 20,
            stream_capacity: 30_000,
            cache: refresh == Refresh::Stream,
            day_s: 3_600,
            ..ViewsConfig::default()
        };
        let sim = crate::model::ran_to(ViewsSim::new(9, c), 112 * SECOND);
        assert!(sim.orders().first_id() > 0, "{refresh:?}: nothing archived");
        assert!(sim.orders().len() <= MAX_ORDERS);
        assert_eq!(sim.check_invariants(), Ok(()), "{refresh:?}");
    }
}

#[test]
fn a_seek_equals_a_straight_run_and_a_seed_fixes_the_run() {
    let c = ViewsConfig {
        cache: true,
        ..light(Refresh::Stream)
    };
    let actions = vec![
        (3_000, ViewsAction::Refresh(Refresh::Incremental)),
        (6_500, ViewsAction::RefreshNow),
        (9_000, ViewsAction::Refresh(Refresh::Full)),
    ];
    let hash = crate::model::seek_equals_straight(&ViewsSim::new(4, c), &actions, 7_300, 15_000);
    let other = crate::model::ran(ViewsSim::new(5, c), 15_000);
    assert_ne!(other.state_hash(), hash);
}

fn linkedin() -> impl Strategy<Value = ViewsConfig> {
    (
        2u32..=3_000,
        2u32..=200,
        0u32..=3_000,
        1_000u32..=200_000,
        prop::bool::ANY,
    )
        .prop_map(
            |(users, connections, order_rate, stream_capacity, query)| ViewsConfig {
                dataset: Dataset::Linkedin,
                users,
                connections,
                order_rate,
                stream_capacity,
                read_rate: 200,
                read_from: if query {
                    ReadFrom::Query
                } else {
                    ReadFrom::View
                },
                ..ViewsConfig::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// LinkedIn: every sampled member's feed is exactly the best posts of their connections
    /// up to the feed's watermark, computed from the posts table; posts are conserved.
    #[test]
    fn every_feed_equals_its_query_over_the_posts(seed in any::<u64>(), c in linkedin(), t in 100u64..20_000) {
        let sim = crate::model::ran(ViewsSim::new(seed, c), t);
        prop_assert_eq!(sim.check_invariants(), Ok(()));
        let (net, feed) = sim.feed().unwrap();
        prop_assert!(feed.writes == feed.upto() * net.degree() as u64);
    }

    /// The network is symmetric, without self-connections, and a member's connections are
    /// exactly those it is connected to.
    #[test]
    fn the_network_is_symmetric(seed in any::<u64>(), members in 1u32..=5_000, connections in 2u32..=500) {
        let net = Network::new(members, connections, &mut SimRng::new(seed, 5));
        let degree = net.degree();
        prop_assert!(degree <= connections as usize && degree < members as usize + 1);
        for m in [0, members / 3, members - 1] {
            let mut list: Vec<u32> = net.connections(m).collect();
            prop_assert_eq!(list.len(), degree);
            list.sort_unstable();
            list.dedup();
            prop_assert_eq!(list.len(), degree, "a connection appears twice");
            for c in list {
                prop_assert!(c != m && net.connected(m, c) && net.connected(c, m));
            }
        }
    }
}

/// Opening the app by query reads every post of every connection (connections × posts per
/// member); reading the feed is one row, whatever the network has posted.
#[test]
fn opening_the_app_by_query_costs_connections_times_posts() {
    let c = ViewsConfig {
        dataset: Dataset::Linkedin,
        users: 10_000,
        connections: 200,
        order_rate: 2_000,
        read_rate: 500,
        read_from: ReadFrom::Query,
        stream_capacity: 1_000_000,
        ..ViewsConfig::default()
    };
    let sim = crate::model::ran_to(ViewsSim::new(2, c), 60 * SECOND);
    let expect = 200.0 * sim.counters().orders as f64 / 10_000.0;
    let rows = sim.rows_per_read();
    assert!(
        (rows - expect).abs() < 0.05 * expect,
        "{rows} rows a read, expected about {expect}"
    );
    let (p50, _, _) = sim.read_p50_p99();
    assert!(p50 > 5.0, "{p50} ms");
    // The readout of both ways agrees with what the reads measured.
    let (by_query, by_feed) = sim.open_costs_ms().unwrap();
    assert!(
        (by_query - p50).abs() < 0.1 * p50 && by_feed < 0.3,
        "{by_query} / {by_feed} ms"
    );
    let view = crate::model::ran_to(
        ViewsSim::new(
            2,
            ViewsConfig {
                read_from: ReadFrom::View,
                ..c
            },
        ),
        60 * SECOND,
    );
    assert!(view.read_p50_p99().0 < 0.3 && view.feed_staleness_s() < 0.01);
    assert!(view.views_match_query());
}

/// A view can have a strategy of its own: the dashboard by stream stays fresh while the two
/// others, refreshed every 30 s, lag; all three still equal their queries.
#[test]
fn a_view_with_its_own_strategy_is_refreshed_by_it() {
    let c = ViewsConfig {
        refresh_every_s: 30,
        per_view: [None, None, Some(Refresh::Stream)],
        stream_capacity: 100_000,
        ..light(Refresh::Full)
    };
    let mut sim = crate::model::ran_to(ViewsSim::new(8, c), 29 * SECOND);
    assert!(
        sim.staleness_s(ViewKind::Daily) < 0.01,
        "{}",
        sim.staleness_s(ViewKind::Daily)
    );
    assert!(
        sim.staleness_s(ViewKind::ByUser) > 25.0 && sim.staleness_s(ViewKind::ByProduct) > 25.0
    );
    assert!(sim.view(ViewKind::ByUser).upto() == 0 && sim.view(ViewKind::Daily).upto() > 50_000);
    sim.apply(ViewsAction::ViewRefresh(0, Some(Refresh::Stream)));
    sim.advance_to(32 * SECOND);
    assert!(sim.staleness_s(ViewKind::ByUser) < 0.01);
    assert_eq!(sim.check_invariants(), Ok(()));
}
