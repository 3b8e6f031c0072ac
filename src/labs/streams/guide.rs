//! The streams lab's guided steps and challenges, both scenes. Every figure a step reveals
//! is read off the engine after running the step's own configuration.

use crate::course::{check, judged, rule, Guide, Observed, Verdict};
use crate::sim::streams::{Mode, Scene, StreamsAction, StreamsSim};
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type StreamsRun = Timeline<StreamsSim>;

guide_engine!(StreamsRun);

/// The steps and challenges.
pub static GUIDE: Guide<StreamsRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // Push: nothing tells the publisher to slow down
        |run| Observed {
            value: Some(run.demand.buffer as f64),
            holds: run.demand.buffer > 40_000,
            figures: format!(
                "{} items waiting; the publisher emits {} a second.",
                group(run.demand.buffer as f64),
                group(run.per_s().0 as f64)
            ),
        },
        // Demand: request(n)
        |run| {
            Observed {
 value: None,
                holds: run.demand.counters.buffer_max <= 256 && run.per_s().0 < 5_600,
                figures: format!("The publisher emitted {} a second; the buffer held at most {}; {} request(n) signals.", group(run.per_s().0 as f64), run.demand.counters.buffer_max, group(run.demand.counters.requests as f64)),
            }
        },
        // Unbounded demand
        |run| Observed {
            value: Some(run.per_s().0 as f64),
            holds: run.demand.buffer > 40_000,
            figures: format!(
                "{} items waiting after 10 s; the publisher emits {} a second.",
                group(run.demand.buffer as f64),
                group(run.per_s().0 as f64)
            ),
        },
        // TCP: the window
        |run| Observed {
            value: Some(run.throughput_kbps()),
            holds: (run.throughput_kbps() - run.tcp_bound_kbps()).abs()
                < 0.05 * run.tcp_bound_kbps(),
            figures: format!(
                "{:.0} kbit/s against a window-bound {:.0} kbit/s; {:.0} KB in flight.",
                run.throughput_kbps(),
                run.tcp_bound_kbps(),
                run.tcp.in_flight() as f64 / 1_024.0
            ),
        },
        // A slow reader closes the window
        |run| Observed {
            value: None,
            // Doubling intervals give a handful of probes in 10 s; a fixed 1 s interval would give ten.
            holds: run.tcp.counters.zero_windows > 0
                && (3..10).contains(&run.tcp.counters.probes)
                && run.tcp.counters.stalled_ns > 5_000_000_000,
            figures: format!(
                "{} zero-window acknowledgements, {} probes; the sender stalled {:.1} s of 10.",
                run.tcp.counters.zero_windows,
                run.tcp.counters.probes,
                run.tcp.counters.stalled_ns as f64 / 1e9
            ),
        },
        // The least of three
        |run| Observed {
            value: None,
            holds: (run.throughput_kbps() - 8_000.0).abs() < 400.0,
            figures: format!(
                "{:.0} kbit/s; {:.0} KB waiting to be read.",
                run.throughput_kbps(),
                run.tcp.buffer as f64 / 1_024.0
            ),
        },
    ],
    &[],
    &[
        // bounded-buffer
        check(
            |run| {
                let c = run.config();
                c.scene == Scene::Demand && c.producer_rate == 10_000 && c.consumer_rate == 5_000
            },
            |run| {
                let (most, done) = (run.demand.counters.buffer_max, run.per_s().1);
                Verdict {
                    pass: most <= 128 && done >= 4_900,
                    measured: format!(
                        "the buffer held at most {} items; the subscriber handled {} a second.",
                        group(most as f64),
                        group(done as f64)
                    ),
                }
            },
        ),
        // protocol
        judged(|run| {
            let c = run.config();
            let zero = run
                .actions()
                .iter()
                .any(|(_, a)| *a == StreamsAction::RequestZero);
            if let Some(v) = rule(
                c.scene == Scene::Demand
                    && c.mode == Mode::Demand
                    && zero
                    && c.consumer_rate == 5_000,
                "demand mode, the subscriber at 5,000 and its request(0)",
            ) {
                return v;
            }
            let done = run.per_s().1;
            Verdict {
                    pass: run.demand.counters.protocol_errors >= 1 && !run.demand.errored && done >= 4_900,
                    measured: format!("{} protocol errors; the stream is {}; the subscriber handles {} items a second.", run.demand.counters.protocol_errors, if run.demand.errored { "stopped" } else { "flowing" }, group(done as f64)),
                }
        }),
        // fill-the-pipe
        check(
            |run| {
                let c = run.config();
                c.scene == Scene::Tcp && c.rtt_ms == 100 && c.send_kbps <= 1_000_000
            },
            |run| {
                let c = run.config();
                let kbps = run.throughput_kbps();
                Verdict {
                    pass: kbps >= 40_000.0,
                    measured: format!("{kbps:.0} kbit/s with a {} KB window.", c.rwnd_kb),
                }
            },
        ),
    ],
);
