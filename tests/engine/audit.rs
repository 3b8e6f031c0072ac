//! The audit of every guided step: the claim its explanation makes, and what its check
//! (the step's `observe`) asserts on the engine's run. A step's answer is only shown as
//! right when that check holds (`course::every_step_parses_and_its_answer_holds`), so each
//! row says which part of the lesson the engine vouches for. A new or renamed step fails
//! the test below until it is audited here.

use super::course::guides;

/// (lab, step title, the claim, what the check asserts).
const AUDIT: &[(&str, &str, &str, &str)] = &[
    ("backpressure", "10,000 a second into 5,000, with no bound", "the unbounded queue grows until the consumer runs out of memory and loses what it held", "a crash and lost messages"),
    ("backpressure", "Bound the queue and block the producer", "the producer is held to 5,000 a second, nothing is lost, a message waits about 2 s", "nothing refused, dropped or lost; throughput within 5 % of 5,000; median latency within 10 % of 2 s"),
    ("backpressure", "Answer 429: too many requests", "a full queue refuses the surplus, 5,000 a second", "refusals within 10 % of 5,000 a second"),
    ("backpressure", "Drop the oldest", "5,000 a second evicted; a served message waited about 1 s", "drops within 10 % of 5,000 a second; median latency within 10 % of 1 s"),
    ("backpressure", "Add workers", "at 67 % load the queue stays near empty and nothing is refused", "deepest queue under 100; nothing refused"),
    ("backpressure", "A queue absorbs bursts", "the queue holds each burst; nothing is refused", "nothing refused; the queue held more than 500 at its deepest"),
    ("backpressure", "Little's law", "about 4.4 messages in the system (M/M/2 at 80 %); L and λ·W agree", "L within 15 % of 4.44; L and λ·W under 10 % apart"),
    ("event-sourcing", "A balance is a fold", "the log holds three events, the opening too, and folding them gives 150", "three events; the write side and a rebuild from the first event both give 150"),
    ("event-sourcing", "Time travel", "moving the cursor folds a prefix; the log is untouched", "a state exists at offset 1,500 and at the head, with the log past 1,500 events"),
    ("event-sourcing", "Replay without snapshots", "a rebuild folds every event in the log, about 200,000 at 20 s", "the rebuild's count equals the events the log holds, between 150,000 and 250,000"),
    ("event-sourcing", "Snapshots", "a rebuild folds fewer events than the snapshot interval", "a rebuild at the head folds under 1,000 events"),
    ("event-sourcing", "A schema change without an upcaster", "the rebuild stops at the first v1 deposit, naming it", "the rebuild returns an error"),
    ("event-sourcing", "Two writers, one version", "one withdrawal is refused as a conflict; the balance is 400", "exactly one conflict; balance 400"),
    ("event-sourcing", "The read model lags", "lag is the write rate times the delay, about 2,000 events", "lag between 1,600 and 2,400 events"),
    ("async", "The synchronous checkout", "the answer takes 800 ms and holds about 40 threads (Little's law)", "median answer within 16 ms of 800 ms; 28 to 52 threads busy"),
    ("async", "Answer first, work later", "the answer takes 200 ms and holds about 10 threads", "median answer within 4 ms of 200 ms; 4 to 18 threads busy"),
    ("async", "The same threads, four times the orders", "about 58 % refused", "refused share within 6 points of 58 %"),
    ("async", "The email service goes down", "emails wait and nothing is lost; answers stay at 200 ms; nothing refused", "over 1,500 emails waiting; nothing lost or refused; 99th-percentile answer under 210 ms"),
    ("async", "A poison message and no dead-letter queue", "poison messages capture every worker and the queue backs up", "over 2,000 waiting and every worker holding a poison message"),
    ("async", "Lost acknowledgements, no idempotency", "redeliveries repeat their effect", "over 100 effects applied twice"),
    ("async", "Load levelling", "queues fill in each burst and drain before the next; the wait is the price", "every queue under 10 at 20 s; last task done over 600 ms after acceptance at p99; answers under 210 ms; nothing refused"),
    ("event-sourcing", "A read model nobody built yet", "a new projection replays the whole log from offset 0 and then knows all history", "it folds every event in the log (none archived); deposits minus withdrawals equal every live balance"),
    ("event-sourcing", "The audit trail, as of a moment", "every change to an account is in the log with its moment; its balance as of 5 s is a fold", "over 10 events for account 3; its fold to 5 s equals a rebuild of the store to that moment, and differs from now"),
    ("async", "Workers that follow the queue", "the autoscaler drains the backlog, overshooting while its workers start", "every queue under 10 at 60 s with more workers than 60, 30 and 90; nothing refused"),
    ("async", "Request-reply: the invoice comes back", "replies come back out of order and are matched by correlation ID", "over 500 matched, none mismatched; an inversion among the last replies"),
    ("cqrs", "The read side is derived", "a read store that missed changes catches up by applying them; only the write side is the truth", "at 12 s the sync lag under 200 ms and under 500 changes waiting, after stale reads during the outage"),
    ("views", "The dashboard, queried on every read", "a read scans a minute of orders, about 120 ms", "median read within 10 % of the row count times 4 µs, between 80 and 160 ms"),
    ("views", "Midnight", "early in a new day reads are about 10 ms", "median read under 20 ms on day 1"),
    ("views", "Read the view instead", "reads are fast; the view is up to about 10 s behind", "median read under 1 ms; staleness between 8 and 11 s"),
    ("views", "What a full refresh costs", "each full refresh reads every order again", "orders_by_user read more than four times the orders"),
    ("views", "Incremental refresh", "each order is read about once", "rows read at most the orders and within 12,000 of them"),
    ("views", "From a stream of changes", "the views trail by milliseconds", "stalest view under 10 ms"),
    ("views", "A stream that cannot keep up", "the lag grows by about 500 changes a second, about 15,000 at 30 s", "lag between 12,000 and 18,000"),
    ("views", "The record cache", "about 8 writes a second for thousands of changes", "at most 168 writes over 20 s for over 30,000 changes"),
    ("views", "Every 5 minutes, and nobody watching", "the alert fires after about a minute, before any refresh", "at least one alert; stalest view between 60 and 120 s"),
    ("views", "LinkedIn: the feed on open, or precomputed", "an open takes about 9 ms and grows", "median open between 7 and 11 ms"),
    ("cqrs", "One database for everything", "commands wait behind queries and take seconds", "99th-percentile command over 500 ms"),
    ("cqrs", "Separate the paths", "commands take milliseconds; queries are fast", "99th-percentile command under 10 ms and query under 5 ms"),
    ("cqrs", "Scale the read side alone", "an overloaded replica slows queries, not commands", "99th-percentile query over 100 ms, command under 10 ms"),
    ("cqrs", "Eventual consistency", "reads return data older than the client's own write", "over 1,000 stale reads"),
    ("cqrs", "Read your own writes", "no stale reads; redirected reads load the write store", "no stale reads; over 1,000 redirects"),
    ("cqrs", "When CQRS is not worth it", "a one-join read costs 0.4 ms, as a read-store read would", "median read within 0.05 ms of the exponential median of 0.4 ms"),
    ("cqrs", "A projector that cannot keep up", "the read store is about 5 s behind after 10 s", "sync lag between 4 and 6 s"),
    ("cqrs", "Twitter's timelines, 2012", "about 345,000 cache writes a second", "between 300,000 and 400,000 writes a second"),
    ("cqrs", "A celebrity tweets", "other tweets miss the five-second target", "99th-percentile delivery over 5 s"),
    ("cqrs", "The hybrid", "tweets arrive in time; an open merges a handful of lists", "99th-percentile delivery under 5 s; between 1 and 10 merges an open"),
    ("cqrs", "Fan-out on read", "an open merges tens of lists; heavy readers wait longest", "over 20 merges an open; p99 over twice p50"),
    ("cqrs", "A threshold too low", "fewer cache writes, but opens merge tens of lists", "over 10 merges an open; under 300,000 writes a second"),
    ("gateway", "A noisy neighbour", "every client suffers", "client A's success under 80 %"),
    ("gateway", "A token bucket per client", "about 3,900 429s a second to C, none to A", "C between 3,600 and 4,200 429s a second; A none, and A's success over 95 %"),
    ("gateway", "Shed the low priority first", "C and D are shed; A and B keep theirs", "A over 95 %, C under 50 %; high-priority sheds under 1 % of low"),
    ("gateway", "A slow dependency", "B's calls take every thread; A's fail too", "A's calls under 50 % success"),
    ("gateway", "Bulkheads", "B fills only its own pool; A succeeds", "A over 99 %; B holds at most 100 threads"),
    ("gateway", "A circuit breaker", "B's breaker opens; its calls fail fast to a fallback", "B's breaker opened; over 1,000 fallbacks"),
    ("gateway", "A retry storm", "retries nearly triple the load and most requests fail", "over 2 attempts a request; A's success under 40 %"),
    ("streams", "Push: nothing tells the publisher to slow down", "about 50,000 items wait after 10 s", "over 40,000 waiting"),
    ("streams", "Demand: request(n)", "the publisher slows to 5,000 a second; at most 256 buffered", "buffer never over 256; under 5,600 emitted a second"),
    ("streams", "Unbounded demand", "push again: the buffer grows", "over 40,000 waiting"),
    ("streams", "TCP: the window", "a window per round trip, about 5 Mbit/s", "throughput within 5 % of the window bound"),
    ("streams", "A slow reader closes the window", "the sender stalls and probes at doubling intervals", "zero windows; 3 to 9 probes in 10 s; stalled over 5 s"),
    ("streams", "The least of three", "the reader's 8 Mbit/s bounds the connection", "throughput within 400 kbit/s of 8,000"),
    ("pipeline", "The six steps, calm", "the views are a fraction of a second behind", "staleness under 1 s"),
    ("pipeline", "A flash sale, with back-pressure", "the excess fills the million-command buffer, then is refused; nothing lost", "buffer over 900,000; some refused; none lost; appends under 120,000 a second"),
    ("pipeline", "Pitfall: ignoring back-pressure", "the unbounded buffer crashes the API and its commands are lost", "a crash and lost commands"),
    ("pipeline", "Pitfall: no snapshots", "the restart replays every event since the start", "over 300,000 events replayed"),
    ("pipeline", "Pitfall: no dead-letter queue", "partition 0 stops behind the poison event", "a partition over 10,000 events behind"),
    ("pipeline", "Pitfall: async without idempotency", "redelivered events are applied twice", "effects applied twice"),
    ("pipeline", "Pitfall: stale views nobody watches", "the views go stale and nothing says so", "no alerts; staleness over 5 s"),
    ("pipeline", "A quiet CRUD app", "one database is fast, with two moving parts", "99th-percentile write under 3 ms; two components"),
    ("pipeline", "Where the simple one breaks", "past its capacity writes wait seconds", "99th-percentile write over 1 s"),
];

#[test]
fn every_step_is_audited_once_and_every_row_names_a_step() {
    let mut titles = Vec::new();
    for (lab, guide) in guides() {
        for i in 0..guide.step_count() {
            let title = guide.step(i).unwrap().title;
            let rows = AUDIT
                .iter()
                .filter(|(l, t, _, _)| *l == lab && *t == title)
                .count();
            assert_eq!(
                rows,
                1,
                "{lab} step {} ({title}) is audited {rows} times",
                i + 1
            );
            titles.push((lab, title));
        }
    }
    for (lab, title, claim, check) in AUDIT {
        assert!(
            titles.contains(&(*lab, *title)),
            "the audit names no step: {lab} / {title}"
        );
        assert!(!claim.is_empty() && !check.is_empty(), "{lab} / {title}");
    }
}
