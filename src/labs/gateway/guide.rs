//! The gateway lab's guided steps and challenges. Every figure a step reveals is read off the
//! engine after running the step's own configuration.

use crate::course::{check, Guide, Observed, Verdict};
use crate::sim::gateway::config::Retry;
use crate::sim::gateway::GatewaySim;
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type GatewayRun = Timeline<GatewaySim>;

guide_engine!(GatewayRun);

fn pct(x: f64) -> String {
    format!("{x:.1} %")
}

/// The steps and challenges.
pub static GUIDE: Guide<GatewayRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // A noisy neighbour
        |run| Observed {
            value: None,
            holds: run.client_success_pct(0) < 80.0,
            figures: format!(
                "Clients A to D got answers to {}, {}, {} and {} of their requests.",
                pct(run.client_success_pct(0)),
                pct(run.client_success_pct(1)),
                pct(run.client_success_pct(2)),
                pct(run.client_success_pct(3))
            ),
        },
        // A token bucket per client
        |run| Observed {
            value: Some(run.rate_limited_per_s(2) as f64),
            holds: (3_600..=4_200).contains(&run.rate_limited_per_s(2))
                && run.rate_limited_per_s(0) == 0
                && run.client_success_pct(0) > 95.0,
            figures: format!(
                "Client C got {} 429s in the last second, A got {}; A's requests succeeded {}.",
                group(run.rate_limited_per_s(2) as f64),
                run.rate_limited_per_s(0),
                pct(run.client_success_pct(0))
            ),
        },
        // Shed the low priority first
        |run| {
            let k = run.counters();
            Observed {
 value: Some(run.client_success_pct(2)),
                    holds: run.client_success_pct(0) > 95.0 && run.client_success_pct(2) < 50.0 && k.shed_high * 100 < k.shed_low,
                    figures: format!("A {} and C {} of requests answered; {} low-priority and {} high-priority requests shed.", pct(run.client_success_pct(0)), pct(run.client_success_pct(2)), group(k.shed_low as f64), group(k.shed_high as f64)),
                }
        },
        // A slow dependency
        |run| Observed {
            value: None,
            holds: run.success_pct(0) < 50.0,
            figures: format!(
                "Calls to A succeeded {}, to B {}; B's calls hold {} of the 200 threads.",
                pct(run.success_pct(0)),
                pct(run.success_pct(1)),
                run.busy()[1]
            ),
        },
        // Bulkheads
        |run| {
            Observed {
 value: Some(run.success_pct(1)),
                holds: run.success_pct(0) > 99.0 && run.busy()[1] <= 100,
                figures: format!("Calls to A succeeded {}, calls to B {}; B's calls hold {} threads, their pool's limit.", pct(run.success_pct(0)), pct(run.success_pct(1)), run.busy()[1]),
            }
        },
        // A circuit breaker
        |run| {
            Observed {
 value: None,
                holds: run.breaker(1).is_some_and(|b| b.opens >= 1) && run.counters().fallbacks > 1_000,
                figures: format!("B's breaker opened {} times; {} calls answered by fallback; B's calls hold {} threads.", run.breaker(1).map_or(0, |b| b.opens), group(run.counters().fallbacks as f64), run.busy()[1]),
            }
        },
        // A retry storm
        |run| Observed {
            value: Some(run.attempts_per_request()),
            holds: run.attempts_per_request() > 2.0 && run.client_success_pct(0) < 40.0,
            figures: format!(
                "{:.2} attempts a request; client A's requests succeeded {}.",
                run.attempts_per_request(),
                pct(run.client_success_pct(0))
            ),
        },
    ],
    &[],
    &[
        // noisy-neighbour
        check(
            |run| {
                let c = run.config();
                c.rates == [1_000, 1_000, 8_000, 500] && c.threads <= 200
            },
            |run| {
                let ok = [0, 1, 3].map(|i| run.client_success_pct(i));
                Verdict {
                    pass: ok.iter().all(|x| *x >= 98.0),
                    measured: format!(
                        "A {}, B {}, D {} of requests answered.",
                        pct(ok[0]),
                        pct(ok[1]),
                        pct(ok[2])
                    ),
                }
            },
        ),
        // slow-dependency
        check(
            |run| {
                let c = run.config();
                c.slow_b_at == Some(5)
                    && c.slow_b_factor == 50
                    && c.threads <= 200
                    && c.timeout_ms >= 1_000
            },
            |run| {
                let held = run.busy()[1];
                Verdict {
                    pass: run.success_pct(0) >= 99.0 && held < 20,
                    measured: format!(
                        "calls to A succeeded {}; B's calls hold {held} threads.",
                        pct(run.success_pct(0))
                    ),
                }
            },
        ),
        // stop-the-storm
        check(
            |run| {
                let c = run.config();
                c.slow_b_at == Some(2)
                    && c.slow_b_factor == 2
                    && c.retry != Retry::None
                    && c.rates == [1_000, 1_000, 500, 500]
            },
            |run| {
                let attempts = run.attempts_per_request();
                Verdict {
                    pass: run.success_pct(0) >= 99.0 && attempts <= 1.5,
                    measured: format!(
                        "calls to A succeeded {}; {attempts:.2} attempts a request.",
                        pct(run.success_pct(0))
                    ),
                }
            },
        ),
    ],
);
