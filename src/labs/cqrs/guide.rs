//! The CQRS lab's guide: the split scene's steps and challenges here, then the timeline
//! scene's ([`super::fanout::guide`]), then the split scene's later steps. Every figure a step reveals is read off the engine
//! after running the step's own configuration.

use crate::course::{check, Guide, Observed, Scenes, Verdict};
use crate::sim::cqrs::{Arch, CqrsSim};
use crate::sim::seconds;
use crate::sim::timeline::Timeline;
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type CqrsRun = Timeline<CqrsSim>;

guide_engine!(CqrsRun);

/// Both scenes' steps and challenges.
pub static GUIDE: Scenes = Scenes(&[&SPLIT, &super::fanout::guide::GUIDE, &SPLIT_LATER]);

/// The split scene's steps and challenges, with both scenes' presets.
pub static SPLIT: Guide<CqrsRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // One database for everything
        |run| {
            let (_, w99, _) = run.write_p50_p99();
            Observed {
                value: None,
                holds: w99 > 500.0,
                figures: format!(
                    "Commands took {} at the 99th percentile; the database was {:.0} % busy.",
                    ms(w99),
                    run.utilization().0 * 100.0
                ),
            }
        },
        // Separate the paths
        |run| {
            let (_, w99, _) = run.write_p50_p99();
            let (_, r99, _) = run.read_p50_p99();
            Observed {
                value: None,
                holds: w99 < 10.0 && r99 < 5.0,
                figures: format!(
                    "Commands {} and queries {} at the 99th percentile.",
                    ms(w99),
                    ms(r99)
                ),
            }
        },
        // Scale the read side alone
        |run| {
            let (_, w99, _) = run.write_p50_p99();
            let (_, r99, _) = run.read_p50_p99();
            Observed {
                value: None,
                holds: r99 > 100.0 && w99 < 10.0,
                figures: format!(
                    "Queries {} at the 99th percentile; commands still {}.",
                    ms(r99),
                    ms(w99)
                ),
            }
        },
        // Eventual consistency
        |run| {
            Observed {
 value: None,
                holds: run.counters().stale_reads > 1_000,
                figures: format!("{} reads returned data older than the reader's own last write; the projector is {:.1} s behind.", group(run.counters().stale_reads as f64), run.sync_lag_ms() / 1e3),
            }
        },
        // Read your own writes
        |run| {
            let k = run.counters();
            Observed {
 value: None,
                    holds: k.stale_reads == 0 && k.ryw_redirects > 1_000,
                    figures: format!("{} stale reads; {} reads redirected to the write store, which is {:.0} % busy.", k.stale_reads, group(k.ryw_redirects as f64), run.utilization().0 * 100.0),
                }
        },
        // When CQRS is not worth it
        |run| {
            let (r50, _, _) = run.read_p50_p99();
            Observed {
                value: None,
                holds: (r50 - 0.4 * std::f64::consts::LN_2).abs() < 0.05,
                figures: format!(
                    "Queries took {} at the median; the database was {:.0} % busy.",
                    ms(r50),
                    run.utilization().0 * 100.0
                ),
            }
        },
        // A projector that cannot keep up
        |run| Observed {
            value: Some(run.sync_lag_ms() / 1e3),
            holds: (4_000.0..6_000.0).contains(&run.sync_lag_ms()),
            figures: format!(
                "{} changes waiting; the oldest {:.1} s old.",
                group(run.backlog() as f64),
                run.sync_lag_ms() / 1e3
            ),
        },
    ],
    &[],
    &[
        // read-heavy
        check(
            |run| {
                let c = run.config();
                c.write_rate == 300 && c.read_rate == 30_000 && c.joins == 4
            },
            |run| {
                let (_, w99, _) = run.write_p50_p99();
                let (_, r99, _) = run.read_p50_p99();
                Verdict {
                    pass: r99 < 5.0 && w99 < 10.0,
                    measured: format!(
                        "queries {} and commands {} at the 99th percentile.",
                        ms(r99),
                        ms(w99)
                    ),
                }
            },
        ),
        // own-writes
        check(
            |run| {
                let c = run.config();
                c.write_rate == 2_000 && c.read_rate == 20_000 && c.arch == Arch::Cqrs
            },
            |run| {
                let (_, r99, _) = run.read_p50_p99();
                Verdict {
                    pass: run.counters().stale_reads == 0 && r99 < 10.0,
                    measured: format!(
                        "{} stale reads; queries {} at the 99th percentile.",
                        group(run.counters().stale_reads as f64),
                        ms(r99)
                    ),
                }
            },
        ),
        // catch-up
        check(
            |run| {
                let c = run.config();
                c.write_rate == 3_000 && c.arch == Arch::Cqrs
            },
            |run| {
                let worst = seconds(run.counters().longest_sync_ns).max(run.sync_lag_ms() / 1e3);
                Verdict {
                    pass: worst <= 1.0,
                    measured: format!(
                        "the slowest write took {worst:.2} s to reach the read store."
                    ),
                }
            },
        ),
    ],
);

/// Split-scene steps written after the timeline scene's: they come last, so every earlier
/// step keeps its number in links.
pub static SPLIT_LATER: Guide<CqrsRun> = Guide::new(
    include_str!("guide_later.json"),
    &[
        // The read side is derived
        |run| {
            let (write, read) = run.versions();
            let behind = write.iter().zip(read).filter(|(w, r)| r < w).count();
            Observed {
                value: None,
                holds: run.sync_lag_ms() < 200.0 && run.backlog() < 500 && run.counters().stale_reads > 0,
                figures: format!(
                    "At 12 s {} changes wait for the read store and the oldest is {}; {} of {} records are behind the write store; {} reads had returned stale data during the outage.",
                    group(run.backlog() as f64),
                    ms(run.sync_lag_ms()),
                    group(behind as f64),
                    group(write.len() as f64),
                    group(run.counters().stale_reads as f64)
                ),
            }
        },
    ],
    &[],
    &[],
);
