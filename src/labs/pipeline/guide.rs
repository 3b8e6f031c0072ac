//! The pipeline lab's guided steps and challenges: the six steps wired together, each
//! pitfall as a switch, and when the simple architecture wins. Every figure a step reveals is
//! read off the engine after running the step's own configuration.

use crate::course::{check, Guide, Observed, Verdict};
use crate::sim::pipeline::{Arch, PipelineSim};
use crate::sim::timeline::Timeline;
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type PipelineRun = Timeline<PipelineSim>;

guide_engine!(PipelineRun);

/// The steps and challenges.
pub static GUIDE: Guide<PipelineRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // The six steps, calm
        |run| Observed {
            value: None,
            holds: run.staleness_s() < 1.0,
            figures: format!(
                "The stalest view was {:.2} s behind; commands took {} at the 99th percentile.",
                run.staleness_s(),
                ms(run.p99_ms().0)
            ),
        },
        // A flash sale, with back-pressure
        |run| Observed {
            value: None,
            holds: run.buffer() > 900_000
                && run.counters().refused > 0
                && run.counters().lost == 0
                && run.per_s().2 < 120_000,
            figures: format!(
                "{} commands waiting in the API, {} refused; {} appended in the last second.",
                group(run.buffer() as f64),
                group(run.counters().refused as f64),
                group(run.per_s().2 as f64)
            ),
        },
        // Pitfall: ignoring back-pressure
        |run| Observed {
            value: None,
            holds: run.counters().crashes >= 1 && run.counters().lost > 0,
            figures: format!(
                "{} crash; {} accepted commands lost.",
                run.counters().crashes,
                group(run.counters().lost as f64)
            ),
        },
        // Pitfall: no snapshots
        |run| Observed {
            value: Some(run.counters().restart_replayed as f64),
            holds: run.counters().restart_replayed > 300_000,
            figures: format!(
                "The restart replayed {} events.",
                group(run.counters().restart_replayed as f64)
            ),
        },
        // Pitfall: no dead-letter queue
        |run| Observed {
            value: Some(run.max_lag() as f64),
            holds: run.max_lag() > 10_000,
            figures: format!(
                "Partition 0 is {} events behind; the views are {:.1} s stale.",
                group(run.max_lag() as f64),
                run.staleness_s()
            ),
        },
        // Pitfall: async without idempotency
        |run| Observed {
            value: None,
            holds: run.counters().duplicate_effects > 0,
            figures: format!(
                "{} events delivered again, all applied twice.",
                group(run.counters().duplicate_effects as f64)
            ),
        },
        // Pitfall: stale views nobody watches
        |run| Observed {
            value: Some(run.staleness_s()),
            holds: run.counters().stale_alerts == 0 && run.staleness_s() > 5.0,
            figures: format!(
                "The stalest view is {:.1} s old; {} alerts.",
                run.staleness_s(),
                run.counters().stale_alerts
            ),
        },
        // A quiet CRUD app
        |run| Observed {
            value: Some(run.p99_ms().0),
            holds: run.p99_ms().0 < 3.0 && run.components() == 2,
            figures: format!(
                "Writes {} at the 99th percentile, {} moving parts.",
                ms(run.p99_ms().0),
                run.components()
            ),
        },
        // Where the simple one breaks
        |run| Observed {
            value: None,
            holds: run.p99_ms().0 > 1_000.0,
            figures: format!("Writes took {} at the 99th percentile.", ms(run.p99_ms().0)),
        },
    ],
    &[],
    &[
        // flash-sale
        check(
            |run| {
                let c = run.config();
                c.write_rate == 200_000
                    && c.spike_at == Some(5)
                    && c.spike_x == 10
                    && c.arch == Arch::Patterns
            },
            |run| {
                let lost = run.counters().lost;
                Verdict {
                    pass: lost == 0,
                    measured: format!(
                        "{} commands lost, {} refused.",
                        group(lost as f64),
                        group(run.counters().refused as f64)
                    ),
                }
            },
        ),
        // exactly-once-effect
        check(
            |run| run.config().redelivery_pct == 20 && run.config().arch == Arch::Patterns,
            |run| {
                let k = run.counters();
                Verdict {
                    pass: k.duplicate_effects == 0 && k.duplicates_delivered > 0,
                    measured: format!(
                        "{} events delivered again, {} applied twice.",
                        group(k.duplicates_delivered as f64),
                        group(k.duplicate_effects as f64)
                    ),
                }
            },
        ),
        // poison-pill
        check(
            |run| run.config().poison_at == Some(2) && run.config().arch == Arch::Patterns,
            |run| {
                let lag = run.max_lag();
                Verdict {
                    pass: lag <= 20_000,
                    measured: format!(
                        "the furthest partition is {} events behind; {} dead-lettered.",
                        group(lag as f64),
                        run.counters().dlq
                    ),
                }
            },
        ),
        // a-million
        check(
            |run| {
                let c = run.config();
                c.write_rate == 1_000_000
                    && c.consumer_capacity <= 20_000
                    && c.arch == Arch::Patterns
            },
            |run| {
                let (appended, lag, refused) =
                    (run.per_s().2, run.max_lag(), run.counters().refused);
                Verdict {
                    pass: appended >= 950_000 && lag <= 20_000 && refused == 0,
                    measured: format!(
                        "{} appended in the last second; {} events of lag; {} refused.",
                        group(appended as f64),
                        group(lag as f64),
                        group(refused as f64)
                    ),
                }
            },
        ),
        // quiet-crud
        check(
            |run| {
                let c = run.config();
                c.write_rate == 500 && c.read_rate == 2_000
            },
            |run| {
                let p99 = run.p99_ms().0;
                Verdict {
                    pass: p99 < 2.0 && run.staleness_s() == 0.0,
                    measured: format!(
                        "writes {} at the 99th percentile; views {:.2} s stale; {} moving parts.",
                        ms(p99),
                        run.staleness_s(),
                        run.components()
                    ),
                }
            },
        ),
    ],
);
