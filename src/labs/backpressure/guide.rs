//! The back-pressure lab's guided steps and challenges. Every figure a step reveals is read
//! off the engine after running the step's own configuration.

use crate::course::{check, Guide, Observed, Verdict};
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::backpressure::BackpressureSim;
use crate::sim::queue::OverflowPolicy;
use crate::sim::timeline::Timeline;
use crate::sim::Keyed;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type BpRun = Timeline<BackpressureSim>;

guide_engine!(BpRun);

/// The highest 99th-percentile latency over the chart history (the last minute), ms.
fn worst_p99(sim: &BackpressureSim) -> f64 {
    sim.history()
        .map(|s| f64::from(s.latency_p99_ms))
        .fold(0.0, f64::max)
}

/// The deepest the queue got over the chart history.
fn deepest(sim: &BackpressureSim) -> u32 {
    sim.history().map(|s| s.queue_depth).max().unwrap_or(0)
}

/// Messages that arrived and were not served: refused, evicted or lost.
fn unserved(sim: &BackpressureSim) -> u64 {
    let t = sim.totals();
    t.rejected + t.dropped + t.lost
}

fn near(x: f64, target: f64, share: f64) -> bool {
    (x - target).abs() <= target * share
}

/// The steps and challenges.
pub static GUIDE: Guide<BpRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // 10,000 a second into 5,000, with no bound
        |sim| {
            let t = sim.totals();
            Observed {
                value: None,
                holds: t.crashes >= 1 && t.lost > 0,
                figures: format!(
                    "{} crash(es); {} messages lost; the queue peaked at {} in the last minute.",
                    t.crashes,
                    group(t.lost as f64),
                    group(f64::from(deepest(sim)))
                ),
            }
        },
        // Bound the queue and block the producer
        |sim| {
            let w = sim.window();
            Observed {
 value: None,
                    holds: unserved(sim) == 0 && near(w.throughput, 5_000.0, 0.05) && near(w.latency_p50_ms, 2_000.0, 0.1),
                    figures: format!(
                        "served {} a second; {} messages refused, dropped or lost; the producer was waiting {:.0}% of the last second; median latency {:.0} ms.",
                        group(w.throughput),
                        group(unserved(sim) as f64),
                        w.blocked_fraction * 100.0,
                        w.latency_p50_ms
                    ),
                }
        },
        // Answer 429: too many requests
        |sim| {
            let w = sim.window();
            Observed {
                value: None,
                holds: near(w.rejected_rate, 5_000.0, 0.1),
                figures: format!(
                    "{} refused a second; {} served a second; {} refused in all.",
                    group(w.rejected_rate),
                    group(w.throughput),
                    group(sim.totals().rejected as f64)
                ),
            }
        },
        // Drop the oldest
        |sim| {
            let w = sim.window();
            Observed {
                value: Some(w.latency_p50_ms),
                holds: near(w.dropped_rate, 5_000.0, 0.1) && near(w.latency_p50_ms, 1_000.0, 0.1),
                figures: format!(
                    "{} dropped a second; median latency {:.0} ms; nothing refused ({}).",
                    group(w.dropped_rate),
                    w.latency_p50_ms,
                    group(sim.totals().rejected as f64)
                ),
            }
        },
        // Add workers
        |sim| {
            let w = sim.window();
            Observed {
                value: None,
                holds: deepest(sim) < 100 && sim.totals().rejected == 0,
                figures: format!(
                    "deepest queue in the last minute: {}; refused: {}; utilisation {:.2}.",
                    group(f64::from(deepest(sim))),
                    group(sim.totals().rejected as f64),
                    w.utilization
                ),
            }
        },
        // A queue absorbs bursts
        |sim| Observed {
            value: None,
            holds: sim.totals().rejected == 0 && deepest(sim) > 500,
            figures: format!(
                "refused: {}; deepest queue {}; worst 99th-percentile latency {:.0} ms.",
                group(sim.totals().rejected as f64),
                group(f64::from(deepest(sim))),
                worst_p99(sim)
            ),
        },
        // Little's law
        |sim| {
            let w = sim.window();
            let (l, lw) = (w.mean_in_system, w.little_l());
            let gap = (l - lw).abs() / l.max(lw).max(1e-9);
            Observed {
                value: Some(l),
                holds: gap < 0.1 && (l - 4.44).abs() < 0.15 * 4.44,
                figures: format!(
                    "L = {l:.1} measured, λ·W = {lw:.1}: {:.1}% apart.",
                    gap * 100.0
                ),
            }
        },
    ],
    &[],
    &[
        // bursts
        check(
            |sim| {
                let c = sim.config();
                c.producer_rate == 10_000
                    && c.arrivals == ArrivalPattern::Burst
                    && c.consumer_rate == 5_000
            },
            |sim| {
                let c = sim.config();
                let (p99, lost) = (worst_p99(sim), unserved(sim));
                Verdict {
                    pass: p99 < 500.0 && lost == 0,
                    measured: format!("worst 99th-percentile latency {p99:.0} ms; {} messages refused, dropped or lost; {} workers", group(lost as f64), c.workers),
                }
            },
        ),
        // fresh
        check(
            |sim| {
                let c = sim.config();
                c.producer_rate == 10_000 && c.consumer_rate == 5_000 && c.workers == 1
            },
            |sim| {
                let c = sim.config();
                let (p99, crashes) = (worst_p99(sim), sim.totals().crashes);
                Verdict {
                    pass: p99 < 100.0 && crashes == 0,
                    measured: format!("worst 99th-percentile latency {p99:.0} ms; {crashes} crash(es); policy {}, capacity {}", c.policy.key(), group(f64::from(c.capacity))),
                }
            },
        ),
        // scale
        check(
            |sim| {
                let c = sim.config();
                c.producer_rate == 18_000
                    && c.arrivals == ArrivalPattern::Poisson
                    && c.consumer_rate == 5_000
                    && c.service == crate::sim::service::ServiceDist::Exponential
                    && c.policy != OverflowPolicy::Unbounded
            },
            |sim| {
                let c = sim.config();
                let t = sim.totals();
                // Messages still queued or in service at the end count as served: they will be.
                let served = if t.arrived == 0 {
                    0.0
                } else {
                    1.0 - unserved(sim) as f64 / t.arrived as f64
                };
                let p99 = worst_p99(sim);
                // Four workers keep up (ρ = 0.9) but queue too long at times (worst p99 about
                // 3.6 ms with this seed); five (ρ = 0.72) are the fewest that meet the target.
                Verdict {
                    pass: served >= 0.999 && p99 < 2.0 && c.workers <= 5,
                    measured: format!(
                        "{} workers; {:.2}% served; worst 99th-percentile latency {p99:.1} ms",
                        c.workers,
                        served * 100.0
                    ),
                }
            },
        ),
    ],
);
