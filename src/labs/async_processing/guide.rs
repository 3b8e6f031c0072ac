//! The async lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{check, Guide, Observed, Verdict};
use crate::sim::async_processing::{AsyncSim, Mode, Task};
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type AsyncRun = Timeline<AsyncSim>;

guide_engine!(AsyncRun);

fn ms(x: f64) -> String {
    format!("{x:.0} ms")
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The steps and challenges.
pub static GUIDE: Guide<AsyncRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // The synchronous checkout
        |run| {
            let (p50, _) = run.response_ms(0.5);
            let busy = run.threads_busy();
            Observed {
                value: None,
                holds: (p50 - 800.0).abs() < 16.0 && (28..=52).contains(&busy),
                figures: format!(
                    "{busy} threads busy at 6 s; the median answer took {}.",
                    ms(p50)
                ),
            }
        },
        // Answer first, work later
        |run| {
            let (p50, _) = run.response_ms(0.5);
            Observed {
 value: None,
                    holds: (p50 - 200.0).abs() < 4.0 && (4..=18).contains(&run.threads_busy()),
                    figures: format!(
                        "{} threads busy at 6 s; the median answer took {}; {} messages were queued and {} processed.",
                        run.threads_busy(),
                        ms(p50),
                        group(run.counters().enqueued as f64),
                        group(run.counters().processed as f64)
                    ),
                }
        },
        // The same threads, four times the orders
        |run| {
            let c = run.counters();
            let share = pct(c.refused, c.offered);
            Observed {
                value: Some(share),
                holds: (share - 58.0).abs() < 6.0,
                figures: format!(
                    "{:.0} % of {} orders were refused.",
                    share,
                    group(c.offered as f64)
                ),
            }
        },
        // The email service goes down
        |run| {
            let depth = run.queue(Task::Email).depth();
            let (p99, _) = run.response_ms(0.99);
            Observed {
                value: Some(depth as f64),
                holds: depth > 1_500
                    && run.counters().lost == 0
                    && p99 < 210.0
                    && run.counters().refused == 0,
                figures: format!(
                    "{} emails waiting at 18 s; answers still {} at the 99th percentile; {} lost.",
                    group(depth as f64),
                    ms(p99),
                    run.counters().lost
                ),
            }
        },
        // A poison message and no dead-letter queue
        |run| {
            let q = run.queue(Task::Email);
            Observed {
                value: None,
                holds: q.depth() > 2_000 && q.held_poison() == q.workers().len(),
                figures: format!(
                    "{} emails waiting; {} of {} workers holding a poison message.",
                    group(q.depth() as f64),
                    q.held(),
                    q.workers().len()
                ),
            }
        },
        // Lost acknowledgements, no idempotency
        |run| {
            let c = run.counters();
            Observed {
                value: None,
                holds: c.duplicate_effects > 100,
                figures: format!(
                    "{} duplicate deliveries, every one applied again.",
                    group(c.duplicate_effects as f64)
                ),
            }
        },
        // Load levelling
        |run| {
            let (p99, _) = run.response_ms(0.99);
            let waiting: Vec<usize> = Task::ALL.iter().map(|t| run.queue(*t).depth()).collect();
            let background = run.background_p99_ms();
            Observed {
 value: None,
                    // Drained before the next burst, and the bursts did wait in the queues
                    // (without waiting the last task ends 500 ms after the order).
                    holds: waiting.iter().all(|d| *d < 10) && background > 600.0 && p99 < 210.0 && run.counters().refused == 0,
                    figures: format!(
                        "At 20 s the queues hold {}, {} and {} messages; the 99th-percentile order had its last task done {} after it was accepted; answers {} at the 99th percentile, {} refused.",
                        waiting[0],
                        waiting[1],
                        waiting[2],
                        ms(background),
                        ms(p99),
                        run.counters().refused
                    ),
                }
        },
        // Workers that follow the queue
        |run| {
            let waiting: Vec<usize> = Task::ALL.iter().map(|t| run.queue(*t).depth()).collect();
            let workers: Vec<usize> = Task::ALL
                .iter()
                .map(|t| run.queue(*t).workers().len())
                .collect();
            // What 300 orders a second need: rate × time per message.
            let needed = [60, 30, 90];
            Observed {
                    value: None,
                    holds: waiting.iter().all(|d| *d < 10) && workers.iter().zip(needed).all(|(w, n)| *w > n) && run.counters().refused == 0,
                    figures: format!(
                        "At 60 s the queues hold {}, {} and {} messages, worked by {}, {} and {} workers (the load needs 60, 30 and 90); the 99th-percentile order had its last task done {} after it was accepted.",
                        waiting[0], waiting[1], waiting[2], workers[0], workers[1], workers[2], ms(run.background_p99_ms())
                    ),
                }
        },
        // Request-reply: the invoice comes back
        |run| {
            let replies = run.recent_replies();
            let out_of_order = replies
                .iter()
                .zip(replies.iter().skip(1))
                .filter(|(a, b)| b.requested_at < a.requested_at)
                .count();
            let k = run.counters();
            Observed {
                    value: None,
                    holds: k.replies_matched > 500 && k.replies_mismatched == 0 && out_of_order > 0,
                    figures: format!(
                        "{} replies matched by correlation ID, {} to the wrong request; of the last {} replies, {} came back before one asked for earlier.",
                        group(k.replies_matched as f64),
                        k.replies_mismatched,
                        replies.len(),
                        out_of_order
                    ),
                }
        },
    ],
    &[],
    &[
        // rush
        check(
            |run| {
                let c = run.config();
                c.order_rate == 400 && c.api_threads == 100
            },
            |run| {
                let (p99, _) = run.response_ms(0.99);
                let k = run.counters();
                let share = pct(k.refused, k.offered);
                let deepest = Task::ALL
                    .iter()
                    .map(|t| run.queue(*t).depth())
                    .max()
                    .unwrap_or(0);
                Verdict {
                    pass: share < 1.0 && p99 < 250.0 && deepest <= 400,
                    measured: format!(
                        "{:.1} % refused ({} of {}); answers {} at the 99th percentile; {} messages in the deepest queue.",
                        share,
                        group(k.refused as f64),
                        group(k.offered as f64),
                        ms(p99),
                        group(deepest as f64)
                    ),
                }
            },
        ),
        // poison
        check(
            |run| {
                let c = run.config();
                c.poison_pct == 2 && c.fail_pct == 10 && c.order_rate == 100
            },
            |run| {
                let q = run.queue(Task::Email);
                let depth = q.depth();
                // More workers only postpone the jam: each poison message still holds one.
                let stuck = q.held_poison();
                Verdict {
                    pass: depth < 200 && stuck <= 10 && run.counters().lost == 0,
                    measured: format!(
                        "email-tasks holds {}; {} workers hold a poison message; {} messages in the dead-letter queue; {} lost.",
                        group(depth as f64),
                        stuck,
                        run.dlq().len(),
                        run.counters().lost
                    ),
                }
            },
        ),
        // once
        check(
            |run| {
                let c = run.config();
                c.redelivery_pct == 10 && c.order_rate == 200
            },
            |run| {
                let c = run.config();
                let k = run.counters();
                let waiting: usize = Task::ALL.iter().map(|t| run.queue(*t).depth()).sum();
                Verdict {
                    pass: k.duplicate_effects == 0
                        && k.duplicates_delivered > 0
                        && waiting < 200
                        && c.mode == Mode::Async,
                    measured: format!(
                        "{} duplicate deliveries, {} applied twice; {} messages waiting.",
                        group(k.duplicates_delivered as f64),
                        group(k.duplicate_effects as f64),
                        group(waiting as f64)
                    ),
                }
            },
        ),
    ],
);
