//! The back-pressure lab's guided steps and challenges. Every figure a step reveals is read
//! off the engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::backpressure::BackpressureSim;
use crate::sim::queue::OverflowPolicy;
use crate::sim::timeline::Timeline;
use crate::sim::Keyed;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type BpRun = Timeline<BackpressureSim>;

guide_engine!(BpRun, |c, a| Some(c.with(a)));

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
pub static GUIDE: Guide<BpRun> = Guide {
    presets: &[
        Preset {
            name: "The guide's case: 10,000 into 5,000, no bound",
            query: "producer_rate=10000&consumer_rate=5000&workers=1&policy=unbounded&memory_mb=64",
        },
        Preset {
            name: "The same, bounded, with 429s",
            query: "producer_rate=10000&consumer_rate=5000&workers=1&policy=reject&capacity=10000",
        },
        Preset {
            name: "Side by side: rejecting against dropping the oldest",
            query: "producer_rate=2000&consumer_rate=100&workers=4&capacity=50&vs=reject-drop-oldest",
        },
        Preset {
            name: "Bursts into a small queue",
            query: "producer_rate=5000&arrivals=burst&consumer_rate=5000&workers=2&policy=reject&capacity=1000",
        },
        Preset {
            name: "Random traffic at 90 % load (M/M/1/K)",
            query: "producer_rate=4500&arrivals=poisson&consumer_rate=5000&service=exponential&policy=reject&capacity=50",
        },
        Preset {
            name: "Heaviest: 20,000 msg/s into 16 workers",
            query: "producer_rate=20000&arrivals=poisson&consumer_rate=1200&workers=16&service=exponential&policy=reject&speed=16",
        },
    ],
    steps: &[
        Step {
            text: StepText {
            title: "10,000 a second into 5,000, with no bound",
            setup: "producer_rate=10000&consumer_rate=5000&workers=1&policy=unbounded&memory_mb=64&speed=2",
            setting: "The producer sends 10,000 messages a second; one worker serves 5,000. The queue has no limit, and each waiting message takes 1 KiB of the consumer's 64 MiB.",
            run_s: 16.0,
            question: "What happens in the first 16 seconds?",
            choices: &["The queue settles at about 5,000 messages, one second of the surplus, and stays there", "The queue grows by about 5,000 a second until memory runs out and the consumer crashes", "The producer notices the queue and slows down to 5,000 a second on its own"],
            answer: 1,
            number: None,
            explain: "Nothing tells the producer to slow down, so the 5,000 a second the worker cannot take pile up. 64 MiB holds 65,536 waiting messages: about 13 seconds of surplus. Then the consumer runs out of memory and everything it held is lost at once. An unbounded queue only postpones the failure and makes it bigger.",
            },
            prepare: None,
            observe: |sim| {
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
        },
        Step {
            text: StepText {
            title: "Bound the queue and block the producer",
            setup: "producer_rate=10000&consumer_rate=5000&workers=1&policy=block&capacity=10000&speed=2",
            setting: "Same traffic, but the queue holds at most 10,000 messages, and when it is full the producer must wait for room.",
            run_s: 10.0,
            question: "Who pays for the overload now?",
            choices: &["The messages: half of them are thrown away when the queue is full", "Nobody: a queue of 10,000 absorbs the surplus for as long as it lasts", "The producer: it is held back to 5,000 a second, and nothing is lost"],
            answer: 2,
            number: None,
            explain: "Blocking is back-pressure in its purest form: the full queue pushes back on the producer, which can only hand over a message when one leaves. Throughput is the worker's 5,000 a second and nothing is lost, but the producer (and whoever waits on it) slows down, and every message sits through a full queue: about 2 seconds.",
            },
            prepare: None,
            observe: |sim| {
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
        },
        Step {
            text: StepText {
            title: "Answer 429: too many requests",
            setup: "producer_rate=10000&consumer_rate=5000&workers=1&policy=reject&capacity=10000&speed=2",
            setting: "Same bound of 10,000, but a full queue now refuses new messages with a 429 and the producer carries on.",
            run_s: 10.0,
            question: "Once the queue is full, how many messages a second are refused?",
            choices: &["About 5,000", "None", "About 10,000"],
            answer: 0,
            number: None,
            explain: "The queue stays full and takes one message for each one the worker finishes, so the surplus, 5,000 a second, is refused. The caller pays: it must retry later or give up, which is right when it can (an API client backing off) and wrong when the message must not be lost.",
            },
            prepare: None,
            observe: |sim| {
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
        },
        Step {
            text: StepText {
            title: "Drop the oldest",
            setup: "producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=10000&speed=2",
            setting: "Same bound, but a full queue now evicts its oldest message to make room for the new one.",
            run_s: 10.0,
            question: "When the worker takes a message, how long has it waited in the queue (the median, in ms)?",
            choices: &[],
            answer: 0,
            number: Some(NumberQuestion { unit: "ms", min: 0.0, max: 1_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "Dropping the oldest does not make the queue fast: it stays full, and every message that is served first waits its way through 10,000 others." }) }),
            explain: "The producer never waits and never hears a refusal; the data pays instead. The queue keeps the newest 10,000 and loses them from the front at 10,000 a second, half to the worker and half to evictions, so a message that gets served waited about one second. That suits metrics or positions, where the newest value wins, and never orders or payments.",
            },
            prepare: None,
            observe: |sim| {
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
        },
        Step {
            text: StepText {
            title: "Add workers",
            setup: "producer_rate=10000&consumer_rate=5000&workers=3&policy=reject&capacity=10000&speed=2",
            setting: "Back to 429s, with three workers of 5,000 a second instead of one.",
            run_s: 10.0,
            question: "With 15,000 a second of capacity for 10,000 a second of traffic, what does the queue do?",
            choices: &["It still fills, only more slowly", "It fills up, since the workers share one queue", "It stays close to empty and nothing is refused"],
            answer: 2,
            number: None,
            explain: "Offered load ρ = λ / (c·μ) = 10,000 / 15,000 ≈ 0.67: the workers are busy two thirds of the time, and with regular arrivals a message rarely waits at all. Back-pressure handles overload you cannot avoid; added capacity removes the overload. Both matter, since traffic can always outgrow capacity again.",
            },
            prepare: None,
            observe: |sim| {
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
        },
        Step {
            text: StepText {
            title: "A queue absorbs bursts",
            setup: "producer_rate=5000&arrivals=burst&consumer_rate=5000&workers=2&policy=reject&capacity=10000&speed=1",
            setting: "On average 5,000 messages a second, but sent in bursts: a quarter of a second at 20,000 a second, then silence. Two workers serve 10,000 a second; the queue holds 10,000.",
            run_s: 10.0,
            question: "During a burst, twice as many messages arrive as the workers can serve. How many are refused?",
            choices: &["About half of each burst", "None", "A few hundred a second"],
            answer: 1,
            number: None,
            explain: "A burst brings 5,000 messages in a quarter of a second; the workers serve 2,500 of them meanwhile and the queue holds the rest, then drains in another quarter second. The queue levels the load: the workers see a steady stream, and only the waiting time of the unlucky messages shows the burst.",
            },
            prepare: None,
            observe: |sim| {
                Observed {
 value: None,
                    holds: sim.totals().rejected == 0 && deepest(sim) > 500,
                    figures: format!(
                        "refused: {}; deepest queue {}; worst 99th-percentile latency {:.0} ms.",
                        group(sim.totals().rejected as f64),
                        group(f64::from(deepest(sim))),
                        worst_p99(sim)
                    ),
                }
            },
        },
        Step {
            text: StepText {
            title: "Little's law",
            setup: "producer_rate=8000&arrivals=poisson&consumer_rate=5000&workers=2&service=exponential&policy=reject&capacity=10000&speed=1",
            setting: "Random (Poisson) arrivals at 8,000 a second and random service times, two workers of 5,000 a second.",
            run_s: 20.0,
            question: "On average, how many messages are in the system, waiting or in service? (The theory panel measures it as L, and beside it λ·W, the arrival rate times the mean time inside.)",
            choices: &[],
            answer: 0,
            number: Some(NumberQuestion { unit: "messages", min: 0.0, max: 1_000_000.0, band: 0.2, misconception: Some(Misconception { value: 1.6, says: "Counting only the messages in service (8,000 / 5,000 = 1.6 busy workers) leaves out the ones waiting: with random arrivals and service times a queue forms well below full load." }) }),
            explain: "Little's law, L = λW, holds for any stable system whatever the arrival and service patterns: count what is inside, or multiply how fast things come in by how long they stay, and you get the same number. Here queueing theory predicts the number too: two random-time workers 80 % busy hold 2ρ / (1 − ρ²) = 1.6 / 0.36 ≈ 4.4 messages on average, of which 1.6 are in service and the rest wait. Little's law is how you size a queue from a latency target: to keep W under 10 ms at 8,000 a second, about 80 messages may be in the system.",
            },
            prepare: None,
            observe: |sim| {
                let w = sim.window();
                let (l, lw) = (w.mean_in_system, w.little_l());
                let gap = (l - lw).abs() / l.max(lw).max(1e-9);
                Observed {
 value: Some(l),
                    holds: gap < 0.1 && (l - 4.44).abs() < 0.15 * 4.44,
                    figures: format!("L = {l:.1} measured, λ·W = {lw:.1}: {:.1}% apart.", gap * 100.0),
                }
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
            id: "bursts",
            title: "Ride out the bursts",
            goal: "The producer sends 10,000 messages a second in bursts (a quarter second at 40,000 a second, each second); workers serve 5,000 a second each. For 60 simulated seconds keep the 99th-percentile latency under 500 ms and lose nothing: no message refused, dropped or lost.",
            hint: "Each burst brings 10,000 messages in a quarter second. Count how many workers drain that before the next one, and make the queue big enough to hold what waits.",
            start: "producer_rate=10000&arrivals=burst&consumer_rate=5000&workers=1&policy=reject&capacity=1000",
            run_s: 60.0,
            },
            check: |sim| {
                let c = sim.config();
                if let Some(v) = rule(c.producer_rate == 10_000 && c.arrivals == ArrivalPattern::Burst && c.consumer_rate == 5_000, "the producer at 10,000 a second in bursts and workers at 5,000 a second") {
                    return v;
                }
                let (p99, lost) = (worst_p99(sim), unserved(sim));
                Verdict {
                    pass: p99 < 500.0 && lost == 0,
                    measured: format!("worst 99th-percentile latency {p99:.0} ms; {} messages refused, dropped or lost; {} workers", group(lost as f64), c.workers),
                }
            },
        },
        Challenge {
            text: ChallengeText {
            id: "fresh",
            title: "Fresh under overload",
            goal: "10,000 messages a second reach one worker that serves 5,000, and you may not add workers. For 30 simulated seconds keep the 99th-percentile latency under 100 ms and crash nothing. Some messages will have to go: choose how.",
            hint: "Latency is what waits ahead of a message divided by how fast the worker serves. How many messages may wait if none should wait longer than 100 ms?",
            start: "producer_rate=10000&consumer_rate=5000&workers=1&policy=unbounded",
            run_s: 30.0,
            },
            check: |sim| {
                let c = sim.config();
                if let Some(v) = rule(c.producer_rate == 10_000 && c.consumer_rate == 5_000 && c.workers == 1, "10,000 a second into one worker of 5,000 a second") {
                    return v;
                }
                let (p99, crashes) = (worst_p99(sim), sim.totals().crashes);
                Verdict {
                    pass: p99 < 100.0 && crashes == 0,
                    measured: format!("worst 99th-percentile latency {p99:.0} ms; {crashes} crash(es); policy {}, capacity {}", c.policy.key(), group(f64::from(c.capacity))),
                }
            },
        },
        Challenge {
            text: ChallengeText {
            id: "scale",
            title: "Just enough workers",
            goal: "Random traffic of 18,000 messages a second, workers of 5,000 a second with random service times. Over 30 simulated seconds serve at least 99.9% of the messages with the 99th-percentile latency under 2 ms at every moment, using the fewest workers that can.",
            hint: "The workers must be busy less than all of the time: ρ = λ / (c·μ) below 1. How close to 1 can you go before the queue spikes past the target?",
            start: "producer_rate=18000&arrivals=poisson&consumer_rate=5000&workers=2&service=exponential&policy=reject&capacity=10000",
            run_s: 30.0,
            },
            check: |sim| {
                let c = sim.config();
                if let Some(v) = rule(c.producer_rate == 18_000 && c.arrivals == ArrivalPattern::Poisson && c.consumer_rate == 5_000 && c.service == crate::sim::service::ServiceDist::Exponential && c.policy != OverflowPolicy::Unbounded, "18,000 a second of random traffic, random service at 5,000 a second, and a bounded queue") {
                    return v;
                }
                let t = sim.totals();
                // Messages still queued or in service at the end count as served: they will be.
                let served = if t.arrived == 0 { 0.0 } else { 1.0 - unserved(sim) as f64 / t.arrived as f64 };
                let p99 = worst_p99(sim);
                // Four workers keep up (ρ = 0.9) but queue too long at times (worst p99 about
                // 3.6 ms with this seed); five (ρ = 0.72) are the fewest that meet the target.
                Verdict {
                    pass: served >= 0.999 && p99 < 2.0 && c.workers <= 5,
                    measured: format!("{} workers; {:.2}% served; worst 99th-percentile latency {p99:.1} ms", c.workers, served * 100.0),
                }
            },
        },
    ],
};
