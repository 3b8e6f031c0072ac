//! The views lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::timeline::Timeline;
use crate::sim::views::view::ViewKind;
use crate::sim::views::{ViewsAction, ViewsSim};
use crate::text::{group, ms};

/// A run as a link describes it, with the learner's recorded actions.
pub type ViewsRun = Timeline<ViewsSim>;

guide_engine!(ViewsRun, |c, a| (a != ViewsAction::RefreshNow)
    .then(|| c.with(a)));

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
pub static GUIDE: Guide<ViewsRun> = Guide {
    presets: &[
        Preset {
            name: "The dashboard queried on every read",
            query: "read_from=query&order_rate=500&read_rate=50&day_s=600&refresh=stream",
        },
        Preset {
            name: "The guide's view refreshed every 5 minutes",
            query: "read_from=view&order_rate=200&refresh=full&refresh_every_s=300&stale_alert_s=60&day_s=3600",
        },
        Preset {
            name: "Side by side: a full refresh every 30 s against a stream",
            query: "order_rate=500&refresh_every_s=30&stale_alert_s=20&vs=full-stream",
        },
        Preset {
            name: "The dashboard by stream, the other views refreshed every 5 minutes",
            query: "read_from=view&order_rate=500&refresh=full&refresh_every_s=300&refresh_daily=stream&stale_alert_s=60",
        },
        Preset {
            name: "Incremental refresh every 10 seconds",
            query: "read_from=view&order_rate=2000&users=100000&products=10000&refresh=incremental&refresh_every_s=10",
        },
        Preset {
            name: "Stream processor (Kafka Streams, ksqlDB, Flink) with its record cache",
            query: "read_from=view&order_rate=2000&refresh=stream&stream_capacity=5000&cache=on",
        },
        Preset {
            name: "A stream that cannot keep up",
            query: "read_from=view&order_rate=2000&refresh=stream&stream_capacity=1500&stale_alert_s=10",
        },
        Preset {
            name: "LinkedIn: opening the app reads a precomputed feed",
            query: "dataset=linkedin&users=10000&connections=200&order_rate=2000&read_rate=500&read_from=view&stream_capacity=1000000",
        },
        Preset {
            name: "LinkedIn: the feed computed each time the app opens",
            query: "dataset=linkedin&users=10000&connections=200&order_rate=2000&read_rate=500&read_from=query&stream_capacity=1000000",
        },
        Preset {
            name: "Heaviest: 20,000 orders and 20,000 reads a second, a million users",
            query: "order_rate=20000&read_rate=20000&users=1000000&products=100000&categories=100&refresh=full&refresh_every_s=1&read_from=query&day_s=86400",
        },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "The dashboard, queried on every read",
                setup: "read_from=query&order_rate=500&read_rate=20&day_s=600&refresh=stream",
                setting: "500 orders a second. Each dashboard read joins today's orders with their products and groups them by category: 4 µs a row, plus 0.2 ms for the round trip.",
                run_s: 60.0,
                question: "After a minute, how long does one dashboard read take (the median, in ms)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "ms", min: 0.0, max: 10_000_000.0, band: 0.25, misconception: Some(Misconception { value: 0.2, says: "A query on every read does not cost just its round trip: it scans every order of the day so far, 4 µs a row." }) }),
                explain: "A minute of orders is about 30,000 rows, and every read scans all of them: 30,000 × 4 µs = 120 ms. The cost grows with the data, so the dashboard gets slower as the day goes on, for every reader.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "Midnight",
                setup: "read_from=query&order_rate=500&read_rate=20&day_s=60&refresh=stream",
                setting: "The same, with a simulated day of 60 seconds. The query only reads today's orders.",
                run_s: 65.0,
                question: "Five seconds into the second day, how long do reads take?",
                choices: &["About 10 ms: only today's few orders are scanned", "Longer than ever", "Nothing: the dashboard is empty until the view refreshes"],
                answer: 0,
                number: None,
                explain: "At midnight \"today\" starts over, so the scan is short again and grows through the day: a sawtooth of read cost, with its worst at the end of each day, when the most people may be looking.",
            },
            prepare: None,
            observe: |run| {
                let (p50, _, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: p50 < 20.0 && run.day() == 1,
                    figures: format!("Reads now scan {} rows and take {}.", group(run.rows_per_read()), ms(p50)),
                }
            },
        },
        Step {
            text: StepText {
                title: "Read the view instead",
                setup: "read_from=view&order_rate=500&read_rate=20&day_s=600&refresh=full&refresh_every_s=10",
                setting: "The answer is stored in daily_sales_by_category and refreshed in full every 10 seconds. A read looks up one row per category (8 rows, 20 µs each).",
                run_s: 29.9,
                question: "At 29.9 s, just before the next refresh, how far behind the orders is the dashboard (in seconds)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "s", min: 0.0, max: 100_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "A materialized view is not live: it holds what its last refresh saw, and falls further behind every second until the next." }) }),
                explain: "A read no longer depends on how many orders there are. But the view only knows what the last refresh saw: just before the next one, it is almost a whole period behind. Staleness is a sawtooth from 0 to the period (plus the refresh's own time).",
            },
            prepare: None,
            observe: |run| {
                let (p50, _, _) = run.read_p50_p99();
                let stale = run.staleness_s(ViewKind::Daily);
                Observed {
 value: Some(stale),
                    holds: p50 < 1.0 && stale > 8.0 && stale < 11.0,
                    figures: format!("Reads took {}; at 29.9 s the view is {:.1} s behind.", ms(p50), stale),
                }
            },
        },
        Step {
            text: StepText {
                title: "What a full refresh costs",
                setup: "read_from=view&order_rate=2000&users=100000&products=10000&refresh=full&refresh_every_s=5",
                setting: "2,000 orders a second; every 5 seconds each view is recomputed from all the orders.",
                run_s: 60.0,
                question: "How does the work of each refresh change as the minute goes on?",
                choices: &["It stays the same: the view always has 8 rows", "It grows with the table: each refresh reads every order again", "It shrinks, as each refresh starts from the last one"],
                answer: 1,
                number: None,
                explain: "A full refresh starts from nothing, so the twelfth reads twelve times as many orders as the first. Simple, and it never drifts, but it gets more expensive every day the table grows.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "Incremental refresh",
                setup: "read_from=view&order_rate=2000&users=100000&products=10000&refresh=incremental&refresh_every_s=5",
                setting: "The same, but each refresh folds in only the orders placed since the last one.",
                run_s: 60.0,
                question: "How many order rows does orders_by_user read over the minute?",
                choices: &["Twelve times that: every refresh reads the table again", "None: the orders update the view themselves", "About as many as there are orders"],
                answer: 2,
                number: None,
                explain: "Each order is read once, by the first refresh after it arrived, so the work follows the rate of change, not the size of the table. The view at each refresh is exactly what a full refresh would have computed.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "From a stream of changes",
                setup: "read_from=view&order_rate=2000&refresh=stream&stream_capacity=5000",
                setting: "A stream processor applies every new order to the views as it arrives; it can apply 5,000 changes a second.",
                run_s: 30.0,
                question: "How stale are the views?",
                choices: &["A few milliseconds at most", "About 5 seconds, as a processor works in batches", "About a minute, the stream's lag behind the database"],
                answer: 0,
                number: None,
                explain: "Each change is applied within the millisecond it arrives, so the views trail the orders by almost nothing: a flat line where periodic refresh draws a sawtooth. The work is spread evenly instead of in bursts.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: stalest(run) < 0.01,
                figures: format!("The stalest view is {:.3} s behind; {} changes applied.", stalest(run), group(run.view(ViewKind::Daily).stats().events_applied as f64)),
            },
        },
        Step {
            text: StepText {
                title: "A stream that cannot keep up",
                setup: "read_from=view&order_rate=2000&refresh=stream&stream_capacity=1500&stale_alert_s=10",
                setting: "Now 2,000 orders a second reach a processor that applies 1,500.",
                run_s: 30.0,
                question: "How many changes wait for the processor at 30 s?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "changes", min: 0.0, max: 100_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "A stream is not fresh by nature: it is only as fresh as its capacity allows, and 1,500 a second cannot keep up with 2,000." }) }),
                explain: "Every second 500 more changes wait, so after 30 seconds about 15,000 do and the views are several seconds behind and falling further: a stream is fresh only while its capacity exceeds the rate of change. The monitor raises the alert once a view is 10 seconds behind.",
            },
            prepare: None,
            observe: |run| {
                let lag = run.stream_lag();
                Observed {
 value: Some(lag as f64),
                    holds: (12_000..=18_000).contains(&lag),
                    figures: format!("{} changes waiting; the views are {:.1} s behind.", group(lag as f64), stalest(run)),
                }
            },
        },
        Step {
            text: StepText {
                title: "The record cache",
                setup: "read_from=view&order_rate=2000&refresh=stream&stream_capacity=5000&cache=on",
                setting: "The processor now folds the changes to one row between two commits (one a second) into one write.",
                run_s: 20.0,
                question: "daily_sales_by_category has 8 rows a day. About how many writes does it take a second?",
                choices: &["2,000, one per order, as before", "About 8, one per category and commit", "None until the end of the day"],
                answer: 1,
                number: None,
                explain: "All the day's orders of one category land on one row, so a second's 2,000 changes compact into 8 writes. The price: the view moves once a second, so it is up to a second staler.",
            },
            prepare: None,
            observe: |run| {
                let s = run.view(ViewKind::Daily).stats();
                Observed {
 value: None,
                    holds: s.rows_written <= 20 * 8 + 8 && s.events_applied > 30_000,
                    figures: format!("{} changes applied, {} writes.", group(s.events_applied as f64), group(s.rows_written as f64)),
                }
            },
        },
        Step {
            text: StepText {
                title: "Every 5 minutes, and nobody watching",
                setup: "read_from=view&order_rate=200&refresh=full&refresh_every_s=300&stale_alert_s=60&day_s=3600",
                setting: "The guide's example: a full refresh every 5 minutes. A monitor alerts when a view is more than 60 seconds behind.",
                run_s: 90.0,
                question: "At 90 s, how far behind the orders are the views (in seconds)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "s", min: 0.0, max: 1_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "A schedule does not refresh at the start: until the first refresh, at 300 s, the views know nothing newer than when they were made." }) }),
                explain: "Until the first refresh, at 300 s, the views lag further every second; at 60 s they pass the threshold and the alert fires. On this schedule the worst lag is about 5 minutes, just before each refresh. The monitor earns its keep when the refresh silently stops (a crashed scheduler, a job that fails every night): the views then fall hours and days behind, still answer quickly, and only the alert tells anyone. That is the guide's pitfall of the stale view.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(stalest(run)),
                holds: run.counters().stale_alerts >= 1 && (60.0..120.0).contains(&stalest(run)),
                figures: format!("{} alerts; the views are {:.0} s behind.", run.counters().stale_alerts, stalest(run)),
            },
        },
        Step {
            text: StepText {
                title: "LinkedIn: the feed on open, or precomputed",
                setup: "dataset=linkedin&users=10000&connections=200&order_rate=2000&read_rate=200&read_from=query&stream_capacity=1000000",
                setting: "10,000 members with 200 connections each post 2,000 times a second. Opening the app without a precomputed feed fetches every connection's posts (20 µs a connection) and ranks them all (2 µs a post).",
                run_s: 60.0,
                question: "After a minute, how long does opening the app take, and what happens as the network keeps posting?",
                choices: &["Under a millisecond, as the posts are indexed", "About 4 ms, and it stays there however much is posted", "About 9 ms, and it keeps growing with every post"],
                answer: 2,
                number: None,
                explain: "Each connection has posted about 12 times, so an open ranks about 2,400 posts: 0.2 + 200 × 0.02 + 2,400 × 0.002 ≈ 9 ms, and 2 µs more for every post the connections add. With the feed precomputed (switch the reads to the view) an open is one row, 0.22 ms, whatever the network has posted; the stream writes each post into 200 feeds instead.",
            },
            prepare: None,
            observe: |run| {
                let (p50, _, _) = run.read_p50_p99();
                Observed {
 value: None,
                    holds: p50 > 7.0 && p50 < 11.0,
                    figures: format!("An open ranked {} posts and took {}.", group(run.rows_per_read()), ms(p50)),
                }
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "fast-dashboard",
                title: "A fast, fresh dashboard",
                goal: "2,000 orders and 500 dashboard reads a second. For 60 simulated seconds, keep the 99th-percentile read under 5 ms and every view fresh: no alert at 5 seconds.",
                hint: "One of the two is about where reads go, the other about how the views are kept up to date.",
                start: "read_from=query&order_rate=2000&read_rate=500&day_s=600&refresh=full&refresh_every_s=60&stale_alert_s=5",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.order_rate == 2_000 && c.read_rate == 500 && c.stale_alert_s == 5, "2,000 orders and 500 reads a second, alerts at 5 s") {
                    return v;
                }
                let (_, p99, _) = run.read_p50_p99();
                Verdict {
                    pass: p99 < 5.0 && run.counters().stale_alerts == 0,
                    measured: format!("reads {} at the 99th percentile; {} stale alerts.", ms(p99), run.counters().stale_alerts),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "cheap-fresh",
                title: "Fresh and cheap",
                goal: "5,000 orders a second from 100,000 users. For 60 seconds, no view may be more than 15 seconds behind, and refreshing may read and write under 40,000 rows a second on average.",
                hint: "A full refresh reads every order, every time.",
                start: "read_from=view&order_rate=5000&users=100000&products=10000&refresh=full&refresh_every_s=10&stale_alert_s=15",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.order_rate == 5_000 && c.users == 100_000 && c.stale_alert_s == 15, "5,000 orders a second, 100,000 users, alerts at 15 s") {
                    return v;
                }
                let per_s = refresh_rows(run) as f64 / run.now_s().max(1.0);
                Verdict {
                    pass: per_s < 40_000.0 && run.counters().stale_alerts == 0,
                    measured: format!("{} rows a second of refresh work; {} stale alerts.", group(per_s), run.counters().stale_alerts),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "keep-up",
                title: "When the stream cannot keep up",
                goal: "4,000 orders a second; the stream processor applies 3,000 and cannot be made faster. For 60 seconds, keep every view within 10 seconds of the orders.",
                hint: "The stream is not the only way to keep a view up to date.",
                start: "read_from=view&order_rate=4000&refresh=stream&stream_capacity=3000&stale_alert_s=10",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.order_rate == 4_000 && c.stream_capacity == 3_000 && c.stale_alert_s == 10, "4,000 orders a second, a stream of 3,000, alerts at 10 s") {
                    return v;
                }
                Verdict {
                    pass: run.counters().stale_alerts == 0 && stalest(run) < 10.0,
                    measured: format!("{} stale alerts; the stalest view is {:.1} s behind.", run.counters().stale_alerts, stalest(run)),
                }
            },
        },
    ],
};
