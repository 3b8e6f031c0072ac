//! The gateway lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::gateway::config::Retry;
use crate::sim::gateway::{GatewayAction, GatewaySim};
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type GatewayRun = Timeline<GatewaySim>;

guide_engine!(GatewayRun, |c, a| (a != GatewayAction::SlowBNow)
    .then(|| c.with(a)));

fn pct(x: f64) -> String {
    format!("{x:.1} %")
}

/// Netflix's slow dependency: service B fifty times slower from 5 s.
const NETFLIX: &str = "slow_b_at=5&slow_b_factor=50";

/// The steps and challenges.
pub static GUIDE: Guide<GatewayRun> = Guide {
    presets: &[
        Preset {
            name: "Noisy neighbour: C at five times its share, no limits",
            query: "rate_c=5000",
        },
        Preset {
            name: "Noisy neighbour, rate-limited (1,100 a second a client)",
            query: "rate_c=5000&limit=1100",
        },
        Preset {
            name: "Overload with priority shedding",
            query: "rate_a=1500&rate_b=1500&rate_c=1500&rate_d=1500&shedding=on",
        },
        Preset {
            name: "Netflix slow dependency: one shared pool",
            query: "slow_b_at=5&slow_b_factor=50",
        },
        Preset {
            name: "Netflix slow dependency: bulkheads and Hystrix breakers",
            query: "slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=on",
        },
        Preset {
            name: "The same with Resilience4j's breaker",
            query: "slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=resilience4j",
        },
        Preset {
            name: "Retry storm: B twice as slow, immediate retries",
            query: "threads=1024&slow_b_at=2&slow_b_factor=2&retry=immediate",
        },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "A noisy neighbour",
                setup: "rate_c=5000",
                setting: "Four clients share a gateway of 200 threads in front of two services (50 ms a call, so room for 4,000 calls a second). Client C, the recommendations service, sends 5,000 requests a second instead of 500.",
                run_s: 8.0,
                question: "Who suffers?",
                choices: &["Only client C, whose requests wait behind its own", "Every client: they all wait for the same threads", "Nobody: the gateway has threads to spare for all four"],
                answer: 1,
                number: None,
                explain: "7,500 requests a second want the room of 4,000, and the gateway cannot tell whose request is whose: every client finds the threads taken about half the time. One client's burst has become everyone's outage.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.client_success_pct(0) < 80.0,
                figures: format!("Clients A to D got answers to {}, {}, {} and {} of their requests.", pct(run.client_success_pct(0)), pct(run.client_success_pct(1)), pct(run.client_success_pct(2)), pct(run.client_success_pct(3))),
            },
        },
        Step {
            text: StepText {
                title: "A token bucket per client",
                setup: "rate_c=5000&limit=1100&burst=100",
                setting: "The same, with a token bucket per client: 1,100 requests a second, bursts of 100. A request without a token gets 429 Too Many Requests at once.",
                run_s: 8.0,
                question: "How many requests a second from client C get a 429?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "requests a second", min: 0.0, max: 1_000_000.0, band: 0.15, misconception: Some(Misconception { value: 5_000.0, says: "A token bucket does not refuse a noisy client outright: it lets through the limit, 1,100 a second, and refuses only the rest." }) }),
                explain: "Each bucket refills at 1,100 tokens a second, so of C's 5,000 requests a second about 3,900 meet an empty bucket and are refused at once, without taking a thread. A, B and D stay under their limits and never notice: the limit isolates the noisy client. Netflix's Zuul gateway applies such filters (rate limits, load shedding, routing) at the edge, before a request reaches any service.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.rate_limited_per_s(2) as f64),
                holds: (3_600..=4_200).contains(&run.rate_limited_per_s(2)) && run.rate_limited_per_s(0) == 0 && run.client_success_pct(0) > 95.0,
                figures: format!("Client C got {} 429s in the last second, A got {}; A's requests succeeded {}.", group(run.rate_limited_per_s(2) as f64), run.rate_limited_per_s(0), pct(run.client_success_pct(0))),
            },
        },
        Step {
            text: StepText {
                title: "Shed the low priority first",
                setup: "rate_a=1500&rate_b=1500&rate_c=1500&rate_d=1500&shedding=on",
                setting: "6,000 requests a second for room for 4,000. A and B are high priority (checkout, playback); C and D low (recommendations, analytics). Past 80 % of its threads busy the gateway sheds low-priority requests; past 98 % high ones too.",
                run_s: 8.0,
                question: "What share of client C's requests (recommendations, low priority) is answered?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "%", min: 0.0, max: 100.0, band: 0.5, misconception: Some(Misconception { value: 66.7, says: "Shedding does not spread the shortage evenly (4,000 of 6,000 for everyone): the low-priority clients absorb all of it, so the high-priority ones lose nothing." }) }),
                explain: "The gateway watches its own concurrency: once 80 % of the threads are busy it refuses low-priority requests with a 503, which keeps the load below the point where high-priority ones would be refused. Checkout and playback keep working while recommendations degrade.",
            },
            prepare: None,
            observe: |run| {
                let k = run.counters();
                Observed {
 value: Some(run.client_success_pct(2)),
                    holds: run.client_success_pct(0) > 95.0 && run.client_success_pct(2) < 50.0 && k.shed_high * 100 < k.shed_low,
                    figures: format!("A {} and C {} of requests answered; {} low-priority and {} high-priority requests shed.", pct(run.client_success_pct(0)), pct(run.client_success_pct(2)), group(k.shed_low as f64), group(k.shed_high as f64)),
                }
            },
        },
        Step {
            text: StepText {
                title: "A slow dependency",
                setup: NETFLIX,
                setting: "At 5 s service B becomes fifty times slower (2.5 s a call); calls time out after one second. All calls share the gateway's one pool of 200 threads.",
                run_s: 10.0,
                question: "What happens to calls to service A, which is as fast as ever?",
                choices: &["They fail too: B's calls hold every thread", "Nothing: A is healthy and its calls go on at 50 ms", "They get slower, but every one of them succeeds"],
                answer: 0,
                number: None,
                explain: "Each call to B now holds a thread for a full second before timing out, so B's 1,500 calls a second need 1,500 threads. They take all 200, and calls to A find none free: a slow dependency has taken down a healthy one. This is the cascading failure Netflix built Hystrix against.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.success_pct(0) < 50.0,
                figures: format!("Calls to A succeeded {}, to B {}; B's calls hold {} of the 200 threads.", pct(run.success_pct(0)), pct(run.success_pct(1)), run.busy()[1]),
            },
        },
        Step {
            text: StepText {
                title: "Bulkheads",
                setup: "slow_b_at=5&slow_b_factor=50&pool=bulkhead",
                setting: "The same, with the threads split into two pools of 100, one a service: a bulkhead, as in a ship's hull.",
                run_s: 10.0,
                question: "What share of the calls to B succeed now?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "%", min: 0.0, max: 100.0, band: 0.1, misconception: Some(Misconception { value: 100.0, says: "A bulkhead protects the others from B, not B from itself: B still answers in 2.5 s, past the 1 s timeout, and its own pool is full." }) }),
                explain: "B's slow calls fill B's 100 threads and no more; A's pool is untouched and A's calls go on at 50 ms. The failure is contained to the calls that depend on B.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.success_pct(1)),
                holds: run.success_pct(0) > 99.0 && run.busy()[1] <= 100,
                figures: format!("Calls to A succeeded {}, calls to B {}; B's calls hold {} threads, their pool's limit.", pct(run.success_pct(0)), pct(run.success_pct(1)), run.busy()[1]),
            },
        },
        Step {
            text: StepText {
                title: "A circuit breaker",
                setup: "slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=on",
                setting: "The same, with a circuit breaker per service at Hystrix's defaults: once at least 20 calls in a 10-second window have failed half the time, it opens for 5 seconds, then lets one trial call through.",
                run_s: 14.0,
                question: "What does the breaker change for calls to B?",
                choices: &["Nothing: the breaker only counts the calls that fail", "They succeed: the breaker retries them until B answers", "They fail at once with a fallback instead of holding a thread"],
                answer: 2,
                number: None,
                explain: "Once at least half of the calls in the last ten seconds have failed, and there were at least 20 of them (a few seconds after B slowed down, as the window still holds the healthy calls before it), B's breaker opens, and calls to B are answered at once by a fallback (a cached or default answer) without waiting. B's threads are free again, and every 5 s a single trial call checks whether B has recovered.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.breaker(1).is_some_and(|b| b.opens >= 1) && run.counters().fallbacks > 1_000,
                figures: format!("B's breaker opened {} times; {} calls answered by fallback; B's calls hold {} threads.", run.breaker(1).map_or(0, |b| b.opens), group(run.counters().fallbacks as f64), run.busy()[1]),
            },
        },
        Step {
            text: StepText {
                title: "A retry storm",
                setup: "threads=1024&slow_b_at=2&slow_b_factor=2&retry=immediate",
                setting: "A gateway of 1,024 threads; at 2 s service B becomes only twice as slow, a little short of its load. Clients retry a failed request at once, up to three attempts.",
                run_s: 10.0,
                question: "How many attempts does a request take on average now (the first one included)?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "attempts a request", min: 0.0, max: 100.0, band: 0.15, misconception: Some(Misconception { value: 1.0, says: "Retries are not free: every attempt that fails comes back as another, so a struggling service sees more traffic just when it has the least room." }) }),
                explain: "Every timeout and every 503 comes straight back as another attempt, so the struggling service and the gateway's threads see up to three times the traffic. A slowdown that would have failed a part of the requests now fails most of them: the retry storm that breakers, rate limits and backoff with jitter exist to stop.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.attempts_per_request()),
                holds: run.attempts_per_request() > 2.0 && run.client_success_pct(0) < 40.0,
                figures: format!("{:.2} attempts a request; client A's requests succeeded {}.", run.attempts_per_request(), pct(run.client_success_pct(0))),
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "noisy-neighbour",
                title: "Quiet the noisy neighbour",
                goal: "Client C sends 8,000 requests a second through 200 threads. After 20 seconds, clients A, B and D must each get 98 % of their requests answered.",
                hint: "Refuse C's excess before it takes a thread, without touching the others.",
                start: "rate_a=1000&rate_b=1000&rate_c=8000&rate_d=500",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.rates == [1_000, 1_000, 8_000, 500] && c.threads <= 200, "the clients' rates and at most 200 threads") {
                    return v;
                }
                let ok = [0, 1, 3].map(|i| run.client_success_pct(i));
                Verdict {
                    pass: ok.iter().all(|x| *x >= 98.0),
                    measured: format!("A {}, B {}, D {} of requests answered.", pct(ok[0]), pct(ok[1]), pct(ok[2])),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "slow-dependency",
                title: "Contain a slow dependency",
                goal: "Service B becomes fifty times slower at 5 s. After 20 seconds, calls to A must succeed 99 % of the time and calls to B must hold fewer than 20 threads, with the timeout at one second or more.",
                hint: "Keep B's calls from taking A's threads, and stop waiting for B at all.",
                start: "slow_b_at=5&slow_b_factor=50",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.slow_b_at == Some(5) && c.slow_b_factor == 50 && c.threads <= 200 && c.timeout_ms >= 1_000, "B fifty times slower from 5 s, at most 200 threads and a timeout of at least a second") {
                    return v;
                }
                let held = run.busy()[1];
                Verdict {
                    pass: run.success_pct(0) >= 99.0 && held < 20,
                    measured: format!("calls to A succeeded {}; B's calls hold {held} threads.", pct(run.success_pct(0))),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "stop-the-storm",
                title: "Stop the retry storm",
                goal: "Service B is twice as slow from 2 s and the clients retry. After 10 seconds, calls to A must succeed 99 % of the time with at most 1.5 attempts a request, and the clients must still retry.",
                hint: "Retries of calls that fail at once with a fallback are not retries at all.",
                start: "threads=1024&slow_b_at=2&slow_b_factor=2&retry=immediate",
                run_s: 10.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.slow_b_at == Some(2) && c.slow_b_factor == 2 && c.retry != Retry::None && c.rates == [1_000, 1_000, 500, 500], "B twice as slow from 2 s, the clients' rates, and retries on") {
                    return v;
                }
                let attempts = run.attempts_per_request();
                Verdict {
                    pass: run.success_pct(0) >= 99.0 && attempts <= 1.5,
                    measured: format!("calls to A succeeded {}; {attempts:.2} attempts a request.", pct(run.success_pct(0))),
                }
            },
        },
    ],
};
