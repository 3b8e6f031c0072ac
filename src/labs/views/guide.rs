//! The views lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{check, Guide, Observed, Verdict};
use crate::sim::timeline::Timeline;
use crate::sim::views::view::ViewKind;
use crate::sim::views::ViewsSim;
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type ViewsRun = Timeline<ViewsSim>;

guide_engine!(ViewsRun);

/// The stalest view now, seconds.
fn stalest(run: &ViewsSim) -> f64 {
    ViewKind::ALL
        .iter()
        .map(|k| run.staleness_s(*k))
        .fold(0.0, f64::max)
}

/// Rows read and written by refreshing every view since the start.
fn refresh_rows(run: &ViewsSim) -> u64 {
    ViewKind::ALL
        .iter()
        .map(|k| run.view(*k).stats().rows_read + run.view(*k).stats().rows_written)
        .sum()
}

/// The steps and challenges.
pub static GUIDE: Guide<ViewsRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // The dashboard, queried on every read
        |run| {
            let (p50, _, _) = run.read_p50_p99();
            let expect = 0.2 + run.rows_today() as f64 * 0.004;
            Observed {
                value: Some(p50),
                holds: (p50 - expect).abs() < 0.1 * expect && p50 > 80.0 && p50 < 160.0,
                figures: format!(
                    "Reads scanned {} rows each and took {} at the median.",
                    group(run.rows_per_read()),
                    ms(p50)
                ),
            }
        },
        // Midnight
        |run| {
            let (p50, _, _) = run.read_p50_p99();
            Observed {
                value: None,
                holds: p50 < 20.0 && run.day() == 1,
                figures: format!(
                    "Reads now scan {} rows and take {}.",
                    group(run.rows_per_read()),
                    ms(p50)
                ),
            }
        },
        // Read the view instead
        |run| {
            let (p50, _, _) = run.read_p50_p99();
            let stale = run.staleness_s(ViewKind::Daily);
            Observed {
                value: Some(stale),
                holds: p50 < 1.0 && stale > 8.0 && stale < 11.0,
                figures: format!(
                    "Reads took {}; at 29.9 s the view is {:.1} s behind.",
                    ms(p50),
                    stale
                ),
            }
        },
        // What a full refresh costs
        |run| {
            let by_user = run.view(ViewKind::ByUser).stats();
            let orders = run.counters().orders;
            Observed {
                value: None,
                holds: by_user.rows_read > 4 * orders,
                figures: format!(
                    "orders_by_user was refreshed {} times and read {} rows for {} orders.",
                    by_user.refreshes,
                    group(by_user.rows_read as f64),
                    group(orders as f64)
                ),
            }
        },
        // Incremental refresh
        |run| {
            let by_user = run.view(ViewKind::ByUser).stats();
            let orders = run.counters().orders;
            Observed {
                value: None,
                holds: by_user.rows_read <= orders && by_user.rows_read + 12_000 >= orders,
                figures: format!(
                    "{} rows read for {} orders; the views match their queries: {}.",
                    group(by_user.rows_read as f64),
                    group(orders as f64),
                    if run.views_match_query() { "yes" } else { "no" }
                ),
            }
        },
        // From a stream of changes
        |run| Observed {
            value: None,
            holds: stalest(run) < 0.01,
            figures: format!(
                "The stalest view is {:.3} s behind; {} changes applied.",
                stalest(run),
                group(run.view(ViewKind::Daily).stats().events_applied as f64)
            ),
        },
        // A stream that cannot keep up
        |run| {
            let lag = run.stream_lag();
            Observed {
                value: Some(lag as f64),
                holds: (12_000..=18_000).contains(&lag),
                figures: format!(
                    "{} changes waiting; the views are {:.1} s behind.",
                    group(lag as f64),
                    stalest(run)
                ),
            }
        },
        // The record cache
        |run| {
            let s = run.view(ViewKind::Daily).stats();
            Observed {
                value: None,
                holds: s.rows_written <= 20 * 8 + 8 && s.events_applied > 30_000,
                figures: format!(
                    "{} changes applied, {} writes.",
                    group(s.events_applied as f64),
                    group(s.rows_written as f64)
                ),
            }
        },
        // Every 5 minutes, and nobody watching
        |run| Observed {
            value: Some(stalest(run)),
            holds: run.counters().stale_alerts >= 1 && (60.0..120.0).contains(&stalest(run)),
            figures: format!(
                "{} alerts; the views are {:.0} s behind.",
                run.counters().stale_alerts,
                stalest(run)
            ),
        },
        // LinkedIn: the feed on open, or precomputed
        |run| {
            let (p50, _, _) = run.read_p50_p99();
            Observed {
                value: None,
                holds: p50 > 7.0 && p50 < 11.0,
                figures: format!(
                    "An open ranked {} posts and took {}.",
                    group(run.rows_per_read()),
                    ms(p50)
                ),
            }
        },
    ],
    &[],
    &[
        // fast-dashboard
        check(
            |run| {
                let c = run.config();
                c.order_rate == 2_000 && c.read_rate == 500 && c.stale_alert_s == 5
            },
            |run| {
                let (_, p99, _) = run.read_p50_p99();
                Verdict {
                    pass: p99 < 5.0 && run.counters().stale_alerts == 0,
                    measured: format!(
                        "reads {} at the 99th percentile; {} stale alerts.",
                        ms(p99),
                        run.counters().stale_alerts
                    ),
                }
            },
        ),
        // cheap-fresh
        check(
            |run| {
                let c = run.config();
                c.order_rate == 5_000 && c.users == 100_000 && c.stale_alert_s == 15
            },
            |run| {
                let per_s = refresh_rows(run) as f64 / run.now_s().max(1.0);
                Verdict {
                    pass: per_s < 40_000.0 && run.counters().stale_alerts == 0,
                    measured: format!(
                        "{} rows a second of refresh work; {} stale alerts.",
                        group(per_s),
                        run.counters().stale_alerts
                    ),
                }
            },
        ),
        // keep-up
        check(
            |run| {
                let c = run.config();
                c.order_rate == 4_000 && c.stream_capacity == 3_000 && c.stale_alert_s == 10
            },
            |run| Verdict {
                pass: run.counters().stale_alerts == 0 && stalest(run) < 10.0,
                measured: format!(
                    "{} stale alerts; the stalest view is {:.1} s behind.",
                    run.counters().stale_alerts,
                    stalest(run)
                ),
            },
        ),
    ],
);
