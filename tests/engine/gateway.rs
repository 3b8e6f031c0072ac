//! The gateway lab: nothing is lost, token buckets hold their limits, shedding takes low
//! priority first, bulkheads hold, and the breakers keep their rules.

use proptest::prelude::*;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;

use scaling_lab::sim::gateway::breaker::{HYSTRIX_VOLUME, R4J_TRIALS};
use scaling_lab::sim::gateway::config::{Priority, CLIENTS};
use scaling_lab::sim::gateway::{
    sheds, Breaker, CircuitBreaker, GatewayAction, GatewayConfig, GatewaySim, Pool, Retry, State,
};
use scaling_lab::sim::SECOND;

fn breaker() -> impl Strategy<Value = Breaker> {
    prop::sample::select(vec![Breaker::Off, Breaker::Hystrix, Breaker::Resilience4j])
}

fn retry() -> impl Strategy<Value = Retry> {
    prop::sample::select(vec![
        Retry::None,
        Retry::Immediate,
        Retry::Backoff,
        Retry::Budget,
    ])
}

prop_compose! {
    fn config()(
        rates in prop::array::uniform4(0u32..=4_000),
        limit in prop::sample::select(vec![0u32, 300, 1_000]),
        burst in 1u32..=500,
        shedding in any::<bool>(),
        threads in 1u32..=400,
        latency_ms in 1u32..=200,
        timeout_ms in prop::sample::select(vec![50u32, 300, 1_000]),
        pool in prop::sample::select(Pool::all()),
        (breaker, slow_b_at, slow_b_factor, retry) in (breaker(), prop::option::of(0u32..4), 1u32..=60, retry()),
        (fail_pct, attempts, gateway_attempts, throttle) in (0u32..=100, 1u32..=5, 1u32..=3, any::<bool>()),
    ) -> GatewayConfig {
        GatewayConfig {
            rates, limit, burst, shedding, threads, latency_ms, timeout_ms, pool, breaker, slow_b_at,
            slow_b_factor, retry, fail_pct, attempts, gateway_attempts, throttle,
        }
    }
}

fn action() -> impl Strategy<Value = GatewayAction> {
    prop_oneof![
        (0u8..4, 0u32..=4_000).prop_map(|(i, v)| GatewayAction::Rate(i, v)),
        (0u32..=2_000).prop_map(GatewayAction::Limit),
        (1u32..=500).prop_map(GatewayAction::Burst),
        any::<bool>().prop_map(GatewayAction::Shedding),
        (1u32..=400).prop_map(GatewayAction::Threads),
        (1u32..=2_000).prop_map(GatewayAction::Timeout),
        any::<bool>().prop_map(|b| GatewayAction::Pool(if b {
            Pool::Bulkhead
        } else {
            Pool::Shared
        })),
        breaker().prop_map(GatewayAction::Breaker),
        (1u32..=60).prop_map(GatewayAction::SlowFactor),
        retry().prop_map(GatewayAction::Retry),
        Just(GatewayAction::SlowBNow),
        (0u32..=100).prop_map(GatewayAction::FailPct),
        (1u32..=5).prop_map(GatewayAction::Attempts),
        (1u32..=3).prop_map(GatewayAction::GatewayAttempts),
        any::<bool>().prop_map(GatewayAction::Throttle),
    ]
}

crate::model::invariants_hold! {
    /// Every attempt ends in one outcome or is a call under way; every request is answered,
    /// given up or still being tried; the bounds hold; shedding never takes a high-priority
    /// request at a load where it lets a low one in.
    nothing_is_lost_and_the_bounds_hold: GatewaySim, config(), action(), [1_000, 2_500], 5_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A client's bucket never lets through more than its rate × the time + its burst.
    #[test]
    fn token_buckets_hold_their_limit(seed in any::<u64>(), limit in 1u32..3_000, burst in 1u32..500, secs in 1u64..6) {
        let c = GatewayConfig { rates: [4_000, 100, 2_500, 0], limit, burst, ..GatewayConfig::default() };
        let sim = crate::model::ran(GatewaySim::new(seed, c), secs * 1_000);
        for i in 0..CLIENTS {
            let admitted = sim.bucket(i).unwrap().admitted;
            prop_assert!(admitted <= u64::from(limit) * secs + u64::from(burst), "client {i}: {admitted}");
        }
    }

    /// With bulkheads, however slow service B is, its calls never hold more than its pool.
    #[test]
    fn a_bulkhead_holds(seed in any::<u64>(), threads in 2u32..400, factor in 1u32..=100) {
        let c = GatewayConfig { threads, pool: Pool::Bulkhead, slow_b_at: Some(0), slow_b_factor: factor, retry: Retry::Immediate, ..GatewayConfig::default() };
        let mut sim = GatewaySim::new(seed, c);
        for _ in 0..20 {
            sim.advance_ticks(150);
            let busy = sim.busy();
            prop_assert!(busy[1] <= c.pool_threads(1) && busy[0] <= c.pool_threads(0), "{busy:?}");
        }
    }

    /// Shedding is ordered: wherever a high-priority request would be shed, a low one is too.
    #[test]
    fn shedding_takes_low_priority_first(load in 0.0f64..1.5) {
        prop_assert!(!sheds(Priority::High, load) || sheds(Priority::Low, load));
    }

    /// Half-open, a breaker lets through no more trial calls than its rule, whatever the
    /// outcomes and their order.
    #[test]
    fn half_open_breakers_keep_to_their_trials(
        kind in prop::sample::select(vec![Breaker::Hystrix, Breaker::Resilience4j]),
        events in prop::collection::vec((0u64..200, any::<bool>(), any::<bool>()), 1..600),
    ) {
        let mut b = CircuitBreaker::new(kind);
        let (mut now, mut let_through, mut trials_out) = (0, 0u32, Vec::new());
        for (dt_ms, fail, finish) in events {
            now += dt_ms * 1_000_000;
            let before = b.state();
            if finish && !trials_out.is_empty() {
                let f = trials_out.pop().unwrap_or(false);
                b.record(now, f, true);
            } else if let Some(trial) = b.admit(now) {
                if trial {
                    if !matches!(before, State::HalfOpen { .. }) {
                        let_through = 0;
                    }
                    let_through += 1;
                    prop_assert!(let_through <= b.trials());
                    trials_out.push(fail);
                } else {
                    b.record(now, fail, false);
                }
            }
            if !matches!(b.state(), State::HalfOpen { .. }) {
                let_through = 0;
            }
        }
    }
}

#[test]
fn nineteen_failures_never_trip_hystrix() {
    let mut b = CircuitBreaker::new(Breaker::Hystrix);
    for i in 0..u64::from(HYSTRIX_VOLUME - 1) {
        b.record(i * 100_000_000, true, false);
    }
    assert_eq!(b.state(), State::Closed);
    // Spread over more than the window, any number of failures in 19s never trips it.
    let mut b = CircuitBreaker::new(Breaker::Hystrix);
    for i in 0..200u64 {
        b.record(i * 600_000_000, true, false);
        assert_eq!(b.state(), State::Closed, "at {i}");
    }
    // The twentieth in the window does.
    let mut b = CircuitBreaker::new(Breaker::Hystrix);
    for i in 0..u64::from(HYSTRIX_VOLUME) {
        b.record(i * 100_000_000, true, false);
    }
    assert!(matches!(b.state(), State::Open(_)));
}

#[test]
fn resilience4j_needs_a_hundred_calls_and_tries_ten() {
    let mut b = CircuitBreaker::new(Breaker::Resilience4j);
    for i in 0..99 {
        b.record(i, true, false);
    }
    assert_eq!(b.state(), State::Closed);
    b.record(100, true, false);
    assert!(matches!(b.state(), State::Open(_)));
    assert!(b.admit(59 * SECOND).is_none());
    for _ in 0..R4J_TRIALS {
        assert_eq!(b.admit(61 * SECOND), Some(true));
    }
    assert_eq!(b.admit(61 * SECOND), None);
    for _ in 0..R4J_TRIALS {
        b.record(62 * SECOND, false, true);
    }
    assert_eq!(b.state(), State::Closed);
}

fn netflix_at(c: GatewayConfig) -> GatewaySim {
    crate::model::ran(GatewaySim::new(3, c), 8_000)
}

#[test]
fn a_slow_dependency_cascades_through_a_shared_pool_and_bulkheads_contain_it() {
    let netflix = GatewayConfig {
        slow_b_at: Some(2),
        slow_b_factor: 50,
        ..GatewayConfig::default()
    };
    let shared = netflix_at(netflix);
    let bulkhead = netflix_at(GatewayConfig {
        pool: Pool::Bulkhead,
        ..netflix
    });
    assert!(shared.success_pct(0) < 50.0, "{}", shared.success_pct(0));
    assert!(
        bulkhead.success_pct(0) > 99.0,
        "{}",
        bulkhead.success_pct(0)
    );
    // The gateway's room is threads / latency: 200 / 50 ms = 4,000 calls a second.
    let mut sim = GatewaySim::new(
        4,
        GatewayConfig {
            rates: [1_000; 4],
            ..GatewayConfig::default()
        },
    );
    sim.advance_ticks(10_000);
    let busy = f64::from(sim.busy()[0] + sim.busy()[1]);
    assert!(busy > 120.0 && busy <= 200.0, "{busy}");
}

fn storm_at(retry: Retry) -> GatewaySim {
    let storm = GatewayConfig {
        threads: 1_024,
        slow_b_at: Some(2),
        slow_b_factor: 2,
        retry,
        ..GatewayConfig::default()
    };

    crate::model::ran(GatewaySim::new(5, storm), 7_000)
}

#[test]
fn immediate_retries_multiply_the_attempts() {
    let (none, immediate) = (storm_at(Retry::None), storm_at(Retry::Immediate));
    assert_eq!(none.attempts_per_request(), 1.0);
    assert!(immediate.attempts_per_request() > 2.0);
    assert!(immediate.client_success_pct(0) < none.client_success_pct(0) - 10.0);
}
