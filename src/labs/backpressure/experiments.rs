//! The back-pressure lab's experiments that reproduce queueing theory, and the formulas the
//! experiment chart draws beside the measurements.

use crate::course::experiment::Presets;
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::backpressure::BackpressureConfig;
use crate::sim::queue::OverflowPolicy;
use crate::sim::service::ServiceDist;
use crate::sim::theory::mmck;

/// Published results, reproduced: the words and settings in `experiments.json`.
pub static PRESETS: Presets = Presets::new(include_str!("experiments.json"));

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
