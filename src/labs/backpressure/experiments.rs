//! The back-pressure lab's experiments that reproduce queueing theory, and the formulas the
//! experiment chart draws beside the measurements.

use crate::course::experiment::Preset;
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::backpressure::BackpressureConfig;
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::ServiceDist;
use crate::sim::theory::mmck;

/// Published results, reproduced.
pub const PRESETS: [Preset; 3] = [
    Preset {
        id: "mm1",
        title: "M/M/1: L = ρ / (1 − ρ)",
        source: "Kleinrock, Queueing Systems, Volume 1 (1975), the M/M/1 queue; any queueing textbook",
        published: "With Poisson arrivals and one worker with exponential service, the mean number in the system is ρ / (1 − ρ): 1 at ρ = 0.5, 4 at 0.8, 9 at 0.9, 19 at 0.95. It grows without bound as the load nears 1.",
        leaves_out: "The engine serves whole messages in 1 ms steps, and a run is finite: near ρ = 1 the queue's slow swings make a minute's mean vary from seed to seed, which the band shows. The memory limit (512 MiB here) is far above any queue these loads build.",
        setup: "arrivals=poisson&service=exponential&workers=1&consumer_rate=1000&policy=unbounded&memory_mb=512&producer_rate=500",
        sweep: "producer_rate",
        values: &["500", "700", "800", "900", "950"],
        metrics: &["in_system"],
        seeds: 20,
        duration_s: 60.0,
        warmup_s: 10.0,
    },
    Preset {
        id: "mmck-loss",
        title: "M/M/c/K: the share turned away",
        source: "Erlang's loss model generalised to a waiting room: the M/M/c/K queue (Gross and Harris, Fundamentals of Queueing Theory)",
        published: "With c workers and room for K messages in all, an arrival that finds K inside is refused; the probability follows from the stationary distribution, and rises steeply once the load passes the workers' capacity.",
        leaves_out: "The share is measured a second at a time over the messages that left, then averaged; the formula is per arrival in the steady state. Both agree within the band once the warm-up is left out.",
        setup: "arrivals=poisson&service=exponential&workers=2&consumer_rate=1000&policy=reject&capacity=10&producer_rate=1000",
        sweep: "producer_rate",
        values: &["1000", "1500", "2000", "2500", "3000", "4000"],
        metrics: &["turned_away_share", "throughput"],
        seeds: 10,
        duration_s: 30.0,
        warmup_s: 5.0,
    },
    Preset {
        id: "little",
        title: "Little's law: L = λW, whatever the patterns",
        source: "John D. C. Little, “A Proof for the Queuing Formula: L = λW”, Operations Research 9 (1961)",
        published: "In any stable system, the mean number inside equals the rate things are admitted times the mean time each stays inside, whatever the arrival and service patterns.",
        leaves_out: "Both sides are measured over each last second and averaged, not assumed: the number inside is a time average, λ the admitted rate and W the mean time inside of the messages that left that second. At a second's edge a few messages straddle the window, so the two differ by a little.",
        setup: "arrivals=poisson&service=exponential&workers=2&consumer_rate=1000&policy=reject&capacity=50&producer_rate=1800",
        sweep: "arrivals",
        values: &["steady", "poisson", "burst"],
        metrics: &["mean_in_system", "little_lambda_w"],
        seeds: 10,
        duration_s: 30.0,
        warmup_s: 5.0,
    },
];

/// What M/M/c/K predicts for figure `metric` under `config`: only with Poisson arrivals and
/// exponential service, where the formula is exact, and a full queue that loses the message
/// (refused or evicted). An unbounded queue is the model with room for as many messages as
/// the consumer's memory holds.
pub fn theory(config: &BackpressureConfig, metric: &str) -> Option<f64> {
    let exact =
        config.arrivals == ArrivalPattern::Poisson && config.service == ServiceDist::Exponential;
    if !exact {
        return None;
    }
    let room = match config.policy {
        // A blocked producer waits instead of losing the message: not this model.
        OverflowPolicy::Block => return None,
        OverflowPolicy::Unbounded => config.memory_limit_messages() as u64,
        OverflowPolicy::Reject | OverflowPolicy::DropOldest => u64::from(config.capacity),
    };
    let (lambda, mu) = (
        f64::from(config.producer_rate),
        f64::from(config.consumer_rate),
    );
    let m = mmck(lambda, mu, config.workers, room + u64::from(config.workers))?;
    Some(match metric {
        "in_system" => m.mean_in_system,
        "queue_depth" => m.mean_in_system - m.throughput / mu,
        "turned_away_share" => m.loss,
        "throughput" => m.throughput,
        "utilization" => m.throughput / (mu * f64::from(config.workers)),
        _ => return None,
    })
}
