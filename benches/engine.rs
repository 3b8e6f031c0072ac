//! Engine throughput at the heaviest lab settings: simulated messages per wall-clock second.
//! `cargo xtask bench` runs this; the README records the figures.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scaling_lab::sim::arrivals::ArrivalPattern;
use scaling_lab::sim::backpressure::{Config, Simulation};
use scaling_lab::sim::queue::OverflowPolicy;
use scaling_lab::sim::service::ServiceDist;
use scaling_lab::sim::SECOND;

/// 20,000 msg/s offered, 16 workers, random arrivals and service: the most events per
/// simulated second the lab can produce.
fn heaviest(policy: OverflowPolicy) -> Config {
    Config {
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
            let mut sim = Simulation::new(1, heaviest(policy));
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
        let mut sim = Simulation::new(1, heaviest(OverflowPolicy::Reject));
        b.iter(|| {
            let t = sim.now() + SECOND / 1000 * 256;
            sim.advance_to(t);
        });
    });
    c.bench_function("clone state (checkpoint)", |b| {
        let mut sim = Simulation::new(1, heaviest(OverflowPolicy::Reject));
        sim.advance_to(10 * SECOND);
        b.iter(|| sim.clone());
    });
}

criterion_group!(benches, throughput);
criterion_main!(benches);
