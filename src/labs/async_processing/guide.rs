//! The async lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::async_processing::{AsyncSim, Mode, Task};
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type AsyncRun = Timeline<AsyncSim>;

guide_engine!(AsyncRun, |c, a| (a
    != crate::sim::async_processing::AsyncAction::Redrive)
    .then(|| c.with(a)));

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
pub static GUIDE: Guide<AsyncRun> = Guide {
    presets: &[
        Preset {
            name: "The guide's checkout, asynchronous",
            query: "mode=async&order_rate=100",
        },
        Preset {
            name: "The same checkout, synchronous",
            query: "mode=sync&order_rate=100",
        },
        Preset {
            name: "Side by side: synchronous against asynchronous",
            query: "order_rate=300&vs=sync-async",
        },
        Preset {
            name: "Email service down for 20 s",
            query: "mode=async&order_rate=150&outage=email&outage_at=10&outage_s=20",
        },
        Preset {
            name: "Poison messages, no dead-letter queue",
            query: "mode=async&order_rate=100&poison_pct=2&dlq=off",
        },
        Preset {
            name: "Shopify: payment and stock in the request, the rest in Redis-backed jobs",
            query: "mode=async&order_rate=300&api_threads=200&email_workers=80&inventory_workers=40&invoice_workers=120&fail_pct=2&redelivery_pct=1",
        },
        Preset {
            name: "The invoice by request-reply, replies out of order",
            query: "mode=async&order_rate=100&service=exponential&invoice_pattern=request_reply",
        },
        Preset {
            name: "Heaviest: 5,000 orders/s",
            query: "mode=async&order_rate=5000&api_threads=512&email_workers=64&inventory_workers=64&invoice_workers=64&arrivals=poisson&service=exponential&fail_pct=10&redelivery_pct=10",
        },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "The synchronous checkout",
                setup: "mode=sync&order_rate=50&api_threads=100",
                setting: "Fifty orders a second. The request thread validates (50 ms), charges (150 ms), sends the email (200 ms), updates stock (100 ms) and makes the invoice (300 ms), then answers.",
                run_s: 6.0,
                question: "A customer waits for the whole chain. How many of the 100 request threads are busy at any moment?",
                choices: &["About 40", "About 8", "All 100: each order takes one for good"],
                answer: 0,
                number: None,
                explain: "Every step is on the customer's clock: 50 + 150 + 200 + 100 + 300 = 800 ms, and a thread is held for all of it. Little's law gives the threads in use: 50 orders a second × 0.8 s = 40. The email, the stock update and the invoice do not need to be finished before the customer hears \"order placed\", yet they are paid for in waiting time and in threads.",
            },
            prepare: None,
            observe: |run| {
                let (p50, _) = run.response_ms(0.5);
                let busy = run.threads_busy();
                Observed {
 value: None,
                    holds: (p50 - 800.0).abs() < 16.0 && (28..=52).contains(&busy),
                    figures: format!("{busy} threads busy at 6 s; the median answer took {}.", ms(p50)),
                }
            },
        },
        Step {
            text: StepText {
                title: "Answer first, work later",
                setup: "mode=async&order_rate=50&api_threads=100",
                setting: "Same orders. Now the thread validates and charges, puts one message on each of email-tasks, inventory-updates and invoice-generation, and answers.",
                run_s: 6.0,
                question: "How many of the 100 threads are busy at any moment now?",
                choices: &["About 25", "About 40, as before: the same orders", "About 10"],
                answer: 2,
                number: None,
                explain: "Only the work the answer depends on stays in the request: 50 + 150 = 200 ms, so a customer waits 200 ms and a thread is held 200 ms: 50 × 0.2 s = 10 threads. The other 600 ms happen on the queues' workers, after the customer already has the answer.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "The same threads, four times the orders",
                setup: "mode=sync&order_rate=300&api_threads=100&arrivals=steady&vs=sync-async",
                setting: "300 orders a second against 100 request threads, synchronously (A). When every thread is busy, an order is refused with a 503. Beside it, B takes the same orders asynchronously: the question is about A.",
                run_s: 10.0,
                question: "What share of A's orders is refused?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "%", min: 0.0, max: 100.0, band: 0.15, misconception: Some(Misconception { value: 0.0, says: "100 threads are not room for 100 orders a second, let alone 300: each thread is held for the whole 800 ms chain, so together they answer 125 a second." }) }),
                explain: "A thread serves one order per 800 ms, so 100 threads answer at most 125 orders a second; the other 175 of every 300 are refused, about 58 %. Asynchronously the same threads answer 500 a second (100 / 0.2 s), four times as many, but the work has only moved: B's queues keep up with 300 orders a second only with at least 60 email, 30 inventory and 90 invoice workers (at 30, 15 and 40 they grow by about 150, 150 and 167 messages a second).",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "The email service goes down",
                setup: "mode=async&order_rate=150&outage=email&outage_at=5&outage_s=15&email_workers=64",
                setting: "At 5 s the email service stops for 15 s. Orders keep coming.",
                run_s: 18.0,
                question: "How many confirmation emails wait in email-tasks at 18 s?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "messages", min: 0.0, max: 10_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "A queue does not lose or refuse the emails while their service is down: it keeps every one of them until the workers can take them again." }) }),
                explain: "The queue decouples the API from the email service: messages pile up in email-tasks (about 150 a second), customers still get their answer in 200 ms, the other queues are unaffected, and when the service returns its workers drain the backlog. Nothing is lost.",
            },
            prepare: None,
            observe: |run| {
                let depth = run.queue(Task::Email).depth();
                let (p99, _) = run.response_ms(0.99);
                Observed {
 value: Some(depth as f64),
                    holds: depth > 1_500 && run.counters().lost == 0 && p99 < 210.0 && run.counters().refused == 0,
                    figures: format!(
                        "{} emails waiting at 18 s; answers still {} at the 99th percentile; {} lost.",
                        group(depth as f64),
                        ms(p99),
                        run.counters().lost
                    ),
                }
            },
        },
        Step {
            text: StepText {
                title: "A poison message and no dead-letter queue",
                setup: "mode=async&order_rate=100&poison_pct=2&dlq=off&email_workers=20",
                setting: "2 % of messages can never succeed. Workers retry the message they hold, with backoff, before taking the next; there is no dead-letter queue.",
                run_s: 60.0,
                question: "What happens to email-tasks over a minute?",
                choices: &["Poison messages capture the workers one by one, and the queue backs up", "Nothing much: each failure is retried with backoff until it passes", "The broker notices the poison messages and drops them"],
                answer: 0,
                number: None,
                explain: "A poison message is retried forever and holds its worker. About two arrive each second, so within seconds every worker holds one and nothing else moves: the queue grows without bound. A dead-letter queue sets a message aside after its last allowed attempt and keeps the line moving.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "Lost acknowledgements, no idempotency",
                setup: "mode=async&order_rate=200&redelivery_pct=5&idempotent=off&email_workers=64&inventory_workers=64&invoice_workers=64",
                setting: "5 % of acknowledgements are lost after the work is done, so the broker delivers those messages again. The consumers do not remember what they processed.",
                run_s: 10.0,
                question: "What do the customers notice?",
                choices: &["Nothing: the broker guarantees each message is delivered exactly once", "Some get two emails, and stock is taken twice for some orders", "Some orders get no email, as their message was lost with the ack"],
                answer: 1,
                number: None,
                explain: "At-least-once delivery means duplicates. Without idempotency every copy repeats its effect. Turn the idempotent consumer on and the copies are recognised by their message IDs and skipped.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "Load levelling",
                setup: "mode=async&order_rate=100&arrivals=burst",
                setting: "100 orders a second on average, but they come in bursts: for a quarter of each second at 400 a second, then none. The workers (30 email, 15 inventory, 40 invoice) can work off about 150, 150 and 133 messages a second: more than the average, far less than a burst.",
                run_s: 20.0,
                question: "Where do the queues stand at 20 s, just before the next burst?",
                choices: &["Thousands deep, and deeper after every burst, since bursts beat the workers", "Empty: each burst is worked off in the quiet part of its second", "Empty all along: the workers keep pace with every burst"],
                answer: 1,
                number: None,
                explain: "A burst brings 100 orders in a quarter of a second, faster than any queue's workers, so each queue fills. Over the whole second the workers can do more than arrives, so in the quiet three quarters they drain it before the next burst. The price is waiting: an order's last task finishes up to about 0.9 s after it was accepted instead of 0.5 s. The queue levels the load only while the workers keep up with the mean rate; below it, the queues grow for as long as the traffic lasts.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
                title: "Workers that follow the queue",
                setup: "mode=async&order_rate=300&autoscale=on",
                setting: "300 orders a second reach the usual 30 email, 15 inventory and 40 invoice workers, which work off 150, 150 and 133 a second. The autoscaler looks at each queue every second: deeper than 20 messages a worker, it asks for a quarter more workers, which take 10 s to start; an empty queue with idle workers gives one back.",
                run_s: 60.0,
                question: "Where do the queues and their workers stand after a minute?",
                choices: &["Empty, with just the 60, 30 and 90 workers the load needs", "Empty, with more workers than the load needs, being given back", "Still thousands deep: workers that take 10 s to start never catch up"],
                answer: 1,
                number: None,
                explain: "The queues grow at once, and every second the autoscaler sees a backlog it asks for more. Its workers take ten seconds to arrive, so by the time the first ones work it has asked again and again: it overshoots, drains the backlog quickly, and then gives workers back one a second. Scaling consumers on queue depth is how Shopify keeps checkout's background jobs (emails, webhooks, fulfilment in Redis-backed queues) ahead of a flash sale; the start-up delay is why the queue, not the workers, takes the first minutes of a spike.",
            },
            prepare: None,
            observe: |run| {
                let waiting: Vec<usize> = Task::ALL.iter().map(|t| run.queue(*t).depth()).collect();
                let workers: Vec<usize> = Task::ALL.iter().map(|t| run.queue(*t).workers().len()).collect();
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
        },
        Step {
            text: StepText {
                title: "Request-reply: the invoice comes back",
                setup: "mode=async&order_rate=100&service=exponential&invoice_pattern=request_reply",
                setting: "The client now wants its invoice. Each invoice request carries a correlation ID; the worker posts the invoice on a reply queue with the same ID, and the client polls that queue. Invoices take a random time, 300 ms on average.",
                run_s: 10.0,
                question: "What reaches the client?",
                choices: &["Invoices in the order they were asked for, so each is the next one's", "Invoices out of order, so some clients get another order's invoice", "Invoices out of order, each matched to its order by its correlation ID"],
                answer: 2,
                number: None,
                explain: "With random work times a later request often finishes first, so the reply queue is not in request order. The correlation ID is what makes the pattern safe: the client takes the reply whose ID it sent and ignores the rest, and the lab counts no reply matched to the wrong request. The asynchronous request keeps its place in the answer's 200 ms; the client learns of the invoice later, when it is ready.",
            },
            prepare: None,
            observe: |run| {
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
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "rush",
                title: "The lunchtime rush",
                goal: "400 orders a second, at random moments, reach 100 request threads. Over 60 simulated seconds, refuse under 1 % of the orders, keep the 99th-percentile answer under 250 ms, and end with no queue holding more than a second of orders (400 messages), without adding threads.",
                hint: "A thread can answer 1 / (time it holds the order) orders a second. Which steps must the customer wait for? Then every queue's workers must keep up: a worker does 1 / (time per message) a second.",
                start: "mode=sync&order_rate=400&api_threads=100",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.order_rate == 400 && c.api_threads == 100, "400 orders a second into 100 threads") {
                    return v;
                }
                let (p99, _) = run.response_ms(0.99);
                let k = run.counters();
                let share = pct(k.refused, k.offered);
                let deepest = Task::ALL.iter().map(|t| run.queue(*t).depth()).max().unwrap_or(0);
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
        },
        Challenge {
            text: ChallengeText {
                id: "poison",
                title: "Keep the line moving",
                goal: "2 % of messages are poison and 10 % of attempts fail for a passing reason. After 60 simulated seconds at 100 orders a second, email-tasks must hold under 200 messages, at most 10 of its workers may be holding a poison message, and nothing may be lost.",
                hint: "Retrying forever is the problem, not the fix.",
                start: "mode=async&order_rate=100&poison_pct=2&fail_pct=10&dlq=off",
                run_s: 60.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.poison_pct == 2 && c.fail_pct == 10 && c.order_rate == 100, "2 % poison, 10 % failures, 100 orders a second") {
                    return v;
                }
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
        },
        Challenge {
            text: ChallengeText {
                id: "once",
                title: "Exactly one email",
                goal: "10 % of acknowledgements are lost. Over 20 simulated seconds at 200 orders a second, no effect may be applied twice, and every message must still be worked off.",
                hint: "The broker cannot promise exactly-once delivery; the consumer can make a second delivery harmless.",
                start: "mode=async&order_rate=200&redelivery_pct=10&idempotent=off&email_workers=64&inventory_workers=64&invoice_workers=64",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.redelivery_pct == 10 && c.order_rate == 200, "10 % of acknowledgements lost, 200 orders a second") {
                    return v;
                }
                let k = run.counters();
                let waiting: usize = Task::ALL.iter().map(|t| run.queue(*t).depth()).sum();
                Verdict {
                    pass: k.duplicate_effects == 0 && k.duplicates_delivered > 0 && waiting < 200 && c.mode == Mode::Async,
                    measured: format!(
                        "{} duplicate deliveries, {} applied twice; {} messages waiting.",
                        group(k.duplicates_delivered as f64),
                        group(k.duplicate_effects as f64),
                        group(waiting as f64)
                    ),
                }
            },
        },
    ],
};
