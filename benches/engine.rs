//! Engine throughput at the heaviest lab settings: simulated messages per wall-clock second.
//! `cargo xtask bench` runs this; the README records the figures.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scaling_lab::sim::arrivals::ArrivalPattern;
use scaling_lab::sim::backpressure::{BackpressureConfig, BackpressureSim};
use scaling_lab::sim::event_sourcing::{EsConfig, EventSourcing};
use scaling_lab::sim::queue::OverflowPolicy;
use scaling_lab::sim::service::ServiceDist;
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::SECOND;

/// 20,000 msg/s offered, 16 workers, random arrivals and service: the most events per
/// simulated second the lab can produce.
fn heaviest(policy: OverflowPolicy) -> BackpressureConfig {
    BackpressureConfig {
        producer_rate: 20_000,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 1_200,
        workers: 16,
        service: ServiceDist::Exponential,
        capacity: 10_000,
        policy,
        memory_mb: 512,
    }
}

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate one second");
    // Each simulated second handles ~20,000 arrivals and as many completions.
    group.throughput(Throughput::Elements(20_000));
    for policy in [
        OverflowPolicy::Reject,
        OverflowPolicy::DropOldest,
        OverflowPolicy::Unbounded,
    ] {
        group.bench_function(policy.key(), |b| {
            let mut sim = BackpressureSim::new(1, heaviest(policy));
            sim.advance_to(5 * SECOND);
            b.iter(|| {
                let t = sim.now() + SECOND;
                sim.advance_to(t);
            });
        });
    }
    group.finish();
    // A 16× frame: what one browser frame must simulate at top speed (16 ms × 16).
    c.bench_function("one frame at 16x (256 ms simulated)", |b| {
        let mut sim = BackpressureSim::new(1, heaviest(OverflowPolicy::Reject));
        b.iter(|| {
            let t = sim.now() + SECOND / 1000 * 256;
            sim.advance_to(t);
        });
    });
    c.bench_function("clone state (checkpoint)", |b| {
        let mut sim = BackpressureSim::new(1, heaviest(OverflowPolicy::Reject));
        sim.advance_to(10 * SECOND);
        b.iter(|| sim.clone());
    });
}

/// Full replay of a million events, the event-sourcing lab's worst case without snapshots.
fn replay(c: &mut Criterion) {
    let config = EsConfig {
        command_rate: 10_000,
        accounts: 1_000,
        snapshot_every: 0,
        ..EsConfig::default()
    };
    let mut sim = EventSourcing::new(1, config);
    // About 96 % of generated commands append an event: 105 s gives just over a million.
    sim.advance_to(105 * SECOND);
    let head = sim.store().head();
    assert!(head >= 1_000_000, "only {head} events");
    let mut group = c.benchmark_group("event sourcing");
    group.throughput(Throughput::Elements(1_000_000));
    group.sample_size(20);
    group.bench_function("full replay of 1,000,000 events", |b| {
        b.iter(|| sim.rebuild(1_000_000, false).map(|r| r.replayed));
    });
    group.finish();
}

/// The async lab at its heaviest: 5,000 orders a second, exponential steps, failures and
/// lost acknowledgements, 64 workers a queue; each order is one request and three messages.
fn async_checkout(c: &mut Criterion) {
    use scaling_lab::sim::async_processing::{AsyncConfig, AsyncSim, Mode};
    let config = AsyncConfig {
        mode: Mode::Async,
        order_rate: 5_000,
        arrivals: ArrivalPattern::Poisson,
        service: ServiceDist::Exponential,
        api_threads: 512,
        workers: [64, 64, 64],
        fail_pct: 10,
        redelivery_pct: 10,
        ..AsyncConfig::default()
    };
    let mut warm = AsyncSim::new(1, config);
    warm.advance_to(5 * SECOND);
    let mut group = c.benchmark_group("async checkout");
    // An order and its three messages.
    group.throughput(Throughput::Elements(4 * 5_000));
    second_of(
        &mut group,
        "one simulated second, heaviest",
        &warm,
        one_second,
    );
    group.finish();
}

/// The views lab at its heaviest: 20,000 orders and 20,000 reads a second, a million users,
/// 100,000 products, the table near its bound; one simulated second under each strategy.
fn views(c: &mut Criterion) {
    use scaling_lab::sim::views::{ReadFrom, Refresh, ViewsConfig, ViewsSim};
    let mut group = c.benchmark_group("views");
    group.throughput(Throughput::Elements(20_000));
    for refresh in Refresh::all() {
        let config = ViewsConfig {
            order_rate: 20_000,
            read_rate: 20_000,
            users: 1_000_000,
            products: 100_000,
            categories: 100,
            read_from: ReadFrom::Query,
            refresh,
            refresh_every_s: 1,
            stream_capacity: 1_000_000,
            cache: true,
            day_s: 86_400,
            ..ViewsConfig::default()
        };
        let mut warm = ViewsSim::new(1, config);
        warm.advance_to(100 * SECOND);
        second_of(
            &mut group,
            &format!("one simulated second, {}", refresh.key()),
            &warm,
            one_second,
        );
    }
    group.finish();
}

/// Runs one simulated second.
fn one_second<S: Replay>(sim: &mut S) {
    sim.advance_ticks(1_000);
}

/// One simulated second, warmed up for five, of `sim`, as a benchmark named `name` in `group`.
fn second_of<S: Clone>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    warm: &S,
    advance: fn(&mut S),
) {
    group.bench_function(name, |b| {
        b.iter_batched(
            || warm.clone(),
            |mut sim| {
                advance(&mut sim);
                sim
            },
            criterion::BatchSize::LargeInput,
        );
    });
}

/// The CQRS timeline scene at its heaviest (ten million users, exponent 0.5, 100,000 tweets
/// and a million opens a second, 100 million writes a second) and at Twitter 2012.
fn timelines(c: &mut Criterion) {
    use scaling_lab::sim::cqrs::fanout::{Fanout, FanoutConfig, FanoutSim};
    let heaviest = FanoutConfig::HEAVIEST;
    let twitter = FanoutConfig {
        zipf_milli: 840,
        tweet_rate: 4_600,
        timeline_rate: 300_000,
        celebrity_threshold: 1_000_000,
        fanout_capacity: 1_000_000,
        ..heaviest
    };
    let mut group = c.benchmark_group("cqrs timelines");
    for (name, config) in [("heaviest", heaviest), ("Twitter 2012", twitter)] {
        for fanout in Fanout::all() {
            let mut warm = FanoutSim::new(1, FanoutConfig { fanout, ..config });
            warm.advance_ticks(5_000);
            let label = format!("one simulated second, {name}, fan-out on {}", fanout.key());
            second_of(&mut group, &label, &warm, one_second);
        }
    }
    group.finish();
}

/// The gateway at its heaviest: four clients at 20,000 requests a second, 1,024 threads,
/// service B three times slower, immediate retries, limits, shedding and breakers on.
fn gateway(c: &mut Criterion) {
    use scaling_lab::sim::gateway::{Breaker, GatewayConfig, GatewaySim, Pool, Retry};
    let config = GatewayConfig {
        rates: [20_000; 4],
        limit: 15_000,
        shedding: true,
        threads: 1_024,
        latency_ms: 20,
        pool: Pool::Bulkhead,
        breaker: Breaker::Hystrix,
        slow_b_at: Some(0),
        slow_b_factor: 3,
        retry: Retry::Immediate,
        ..GatewayConfig::default()
    };
    let mut group = c.benchmark_group("gateway");
    group.throughput(Throughput::Elements(80_000));
    for (name, retry) in [
        ("immediate retries", Retry::Immediate),
        ("no retries", Retry::None),
    ] {
        let mut warm = GatewaySim::new(1, GatewayConfig { retry, ..config });
        warm.advance_ticks(5_000);
        second_of(
            &mut group,
            &format!("one simulated second, heaviest, {name}"),
            &warm,
            one_second,
        );
    }
    group.finish();
}

/// The pipeline at its heaviest: two million commands and two million queries a second into
/// 64 partitions, 64 consumers a view, lost acknowledgements; and the simple database
/// saturated.
fn pipeline(c: &mut Criterion) {
    use scaling_lab::sim::pipeline::{Arch, PipelineConfig, PipelineSim};
    let heaviest = PipelineConfig {
        write_rate: 2_000_000,
        read_rate: 2_000_000,
        partitions: 64,
        consumers: 64,
        consumer_capacity: 40_000,
        redelivery_pct: 10,
        ..PipelineConfig::default()
    };
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(2_000_000));
    for (name, arch) in [("pipeline", Arch::Patterns), ("simple", Arch::Simple)] {
        let mut warm = PipelineSim::new(1, PipelineConfig { arch, ..heaviest });
        warm.advance_ticks(5_000);
        let label = format!("one simulated second, heaviest, {name}");
        second_of(&mut group, &label, &warm, one_second);
    }
    group.finish();
}

/// Each lab's heaviest state at t=60 s from `same_state.txt`, one simulated second on: the
/// browser times the same copy of the same state (`scalingLab.engine`), so the two give the
/// engine's speed in WebAssembly against native.
fn same_state(c: &mut Criterion) {
    use scaling_lab::labs::WithTimeline;
    use scaling_lab::sim::timeline::{Replay, Timeline};
    struct Second<'a>(&'a mut Criterion, &'a str);
    impl WithTimeline for Second<'_> {
        type Out = ();
        fn run<S: Replay>(self, run: Timeline<S>) {
            let mut sim = run.state().clone();
            sim.advance_ticks(60_000);
            let mut group = self.0.benchmark_group("same state as the browser");
            group.sample_size(10);
            second_of(&mut group, self.1, &sim, one_second);
            group.finish();
        }
    }
    for (name, lab) in common::runs(include_str!("same_state.txt")) {
        scaling_lab::labs::with_timeline(&lab, Second(c, name));
    }
}

criterion_group!(
    benches,
    same_state,
    throughput,
    replay,
    async_checkout,
    views,
    timelines,
    gateway,
    pipeline
);
criterion_main!(benches);
