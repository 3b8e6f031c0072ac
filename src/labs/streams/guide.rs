//! The streams lab's guided steps and challenges, both scenes. Every figure a step reveals
//! is read off the engine after running the step's own configuration.

use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::streams::{Mode, Scene, StreamsAction, StreamsSim};
use crate::sim::timeline::Timeline;
use crate::text::group;

/// A run as a link describes it, with the learner's recorded actions.
pub type StreamsRun = Timeline<StreamsSim>;

guide_engine!(StreamsRun, |c, a| c.with(a));

/// The steps and challenges.
pub static GUIDE: Guide<StreamsRun> = Guide {
    presets: &[
        Preset {
            name: "10,000 items/s into a subscriber of 5,000, pushed",
            query: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=push",
        },
        Preset {
            name: "The same with demand, Java Flow's buffer (256)",
            query: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256",
        },
        Preset {
            name: "The same with demand, RxJava's buffer (128)",
            query: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=128",
        },
        Preset {
            name: "Unbounded demand (request(Long.MAX_VALUE))",
            query: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=unbounded",
        },
        Preset {
            name: "TCP: a window-bound long link (64 KB over 100 ms)",
            query: "scene=tcp&rwnd_kb=64&read_kbps=1000000&send_kbps=1000000&rtt_ms=100",
        },
        Preset {
            name: "TCP: zero window (a reader at 1 kbit/s)",
            query: "scene=tcp&rwnd_kb=64&read_kbps=1&send_kbps=80000&rtt_ms=50",
        },
    ],
    steps: &[
        Step {
            text: StepText {
                title: "Push: nothing tells the publisher to slow down",
                setup: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=push",
                setting: "A publisher emits 10,000 items a second; its subscriber handles 5,000. Nothing flows back from the subscriber to the publisher.",
                run_s: 10.0,
                question: "How many items wait in the subscriber after 10 seconds?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "items", min: 0.0, max: 100_000_000.0, band: 0.1, misconception: Some(Misconception { value: 5_000.0, says: "The surplus is not a one-off: 5,000 items a second arrive that the subscriber cannot handle, every second." }) }),
                explain: "The difference, 5,000 items a second, has nowhere to go but the subscriber's buffer. Without a bound it grows until memory runs out: the guide's picture of a system without back-pressure.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.demand.buffer as f64),
                holds: run.demand.buffer > 40_000,
                figures: format!("{} items waiting; the publisher emits {} a second.", group(run.demand.buffer as f64), group(run.per_s().0 as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Demand: request(n)",
                setup: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256",
                setting: "The same, as Reactive Streams: the subscriber calls request(256), and asks for more as it works through them. The publisher may never emit more than has been requested.",
                run_s: 10.0,
                question: "What does the publisher do now?",
                choices: &["Still emits 10,000 a second, and the subscriber drops half", "Slows to 5,000 a second; the buffer never holds more than 256", "Stops after 256 items and waits for the subscriber to finish"],
                answer: 1,
                number: None,
                explain: "Demand travels upstream: the publisher emits only what was asked for, so it runs at the subscriber's pace and the subscriber never holds more than its n. The back-pressure is in the protocol itself, not in a buffer's bound. Akka Streams, Project Reactor and RxJava's Flowable speak this protocol; RxJS has no demand signal, so there a fast source is tamed with operators that buffer, throttle or sample.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: run.demand.counters.buffer_max <= 256 && run.per_s().0 < 5_600,
                figures: format!("The publisher emitted {} a second; the buffer held at most {}; {} request(n) signals.", group(run.per_s().0 as f64), run.demand.counters.buffer_max, group(run.demand.counters.requests as f64)),
            },
        },
        Step {
            text: StepText {
                title: "Unbounded demand",
                setup: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=unbounded",
                setting: "The subscriber calls request(Long.MAX_VALUE): it asks for everything at once, as many subscribers do by default.",
                run_s: 10.0,
                question: "How many items a second does the publisher emit now?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "items a second", min: 0.0, max: 100_000_000.0, band: 0.2, misconception: Some(Misconception { value: 5_000.0, says: "The protocol slows a publisher only as far as the demand asks: a subscriber that asks for everything gets everything, as fast as it comes." }) }),
                explain: "Unbounded demand opts out of back-pressure: the protocol is still there, but it never says no. Libraries that request unbounded by default behave like push.",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.per_s().0 as f64),
                holds: run.demand.buffer > 40_000,
                figures: format!("{} items waiting after 10 s; the publisher emits {} a second.", group(run.demand.buffer as f64), group(run.per_s().0 as f64)),
            },
        },
        Step {
            text: StepText {
                title: "TCP: the window",
                setup: "scene=tcp&rwnd_kb=64&read_kbps=1000000&send_kbps=1000000&rtt_ms=100",
                setting: "A sender and a fast receiver 100 ms apart; the receiver's buffer is 64 KB and it advertises its free space as the window. The sender may have at most a window of unacknowledged data in flight.",
                run_s: 10.0,
                question: "What throughput does the connection reach, in kbit/s?",
                choices: &[],
                answer: 0,
                number: Some(NumberQuestion { unit: "kbit/s", min: 0.0, max: 10_000_000.0, band: 0.2, misconception: Some(Misconception { value: 1_000_000.0, says: "A fast link does not make a fast connection: the sender may have only a window of unacknowledged data in flight, 64 KB per 100 ms round trip." }) }),
                explain: "The sender sends a window's worth and then waits a round trip for acknowledgements: 64 KB every 100 ms is 5.2 Mbit/s, whatever the link. This is why long fat links need large windows (window scaling).",
            },
            prepare: None,
            observe: |run| Observed {
 value: Some(run.throughput_kbps()),
                holds: (run.throughput_kbps() - run.tcp_bound_kbps()).abs() < 0.05 * run.tcp_bound_kbps(),
                figures: format!("{:.0} kbit/s against a window-bound {:.0} kbit/s; {:.0} KB in flight.", run.throughput_kbps(), run.tcp_bound_kbps(), run.tcp.in_flight() as f64 / 1_024.0),
            },
        },
        Step {
            text: StepText {
                title: "A slow reader closes the window",
                setup: "scene=tcp&rwnd_kb=64&read_kbps=1&send_kbps=80000&rtt_ms=50",
                setting: "The receiving application reads at 1 kbit/s. Its buffer fills, and its advertised window falls to zero.",
                run_s: 10.0,
                question: "What does the sender do with a zero window?",
                choices: &["Stops, and probes the window now and then until it opens", "Keeps sending, and the receiver drops whatever does not fit", "Closes the connection after a retransmission timeout"],
                answer: 0,
                number: None,
                explain: "With a zero window the sender must not send, so it stalls. Lest a lost window update leave both waiting for ever, its persist timer sends a window probe one retransmission timeout after the stall and doubles the wait after each: probes go 1, 3 and 7 s after the stall, 1, 2 and 4 s apart (this model fixes the timeout at 1 s, the floor RFC 6298 recommends; a real stack starts from its measured round trip); the receiver answers each with its window, and the connection stays open. TCP's back-pressure reaches all the way to the sending application.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                // Doubling intervals give a handful of probes in 10 s; a fixed 1 s interval would give ten.
                holds: run.tcp.counters.zero_windows > 0 && (3..10).contains(&run.tcp.counters.probes) && run.tcp.counters.stalled_ns > 5_000_000_000,
                figures: format!("{} zero-window acknowledgements, {} probes; the sender stalled {:.1} s of 10.", run.tcp.counters.zero_windows, run.tcp.counters.probes, run.tcp.counters.stalled_ns as f64 / 1e9),
            },
        },
        Step {
            text: StepText {
                title: "The least of three",
                setup: "scene=tcp&rwnd_kb=64&read_kbps=8000&send_kbps=80000&rtt_ms=50",
                setting: "The sender can send 80 Mbit/s, the window allows 64 KB per 50 ms (10.5 Mbit/s), the reader takes 8 Mbit/s.",
                run_s: 10.0,
                question: "What throughput does the connection reach?",
                choices: &["80 Mbit/s, the sender's pace", "10.5 Mbit/s, the window's pace", "8 Mbit/s, the reader's pace"],
                answer: 2,
                number: None,
                explain: "Flow control delivers the least of the send rate, the window per round trip and the read rate. Here the reader is the bottleneck, and the window keeps the sender to its pace without dropping a byte.",
            },
            prepare: None,
            observe: |run| Observed {
 value: None,
                holds: (run.throughput_kbps() - 8_000.0).abs() < 400.0,
                figures: format!("{:.0} kbit/s; {:.0} KB waiting to be read.", run.throughput_kbps(), run.tcp.buffer as f64 / 1_024.0),
            },
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
                id: "bounded-buffer",
                title: "Keep the subscriber's buffer small",
                goal: "10,000 items a second into a subscriber of 5,000. For 20 seconds, never hold more than 128 items in the subscriber, and keep it busy (at least 4,900 items a second).",
                hint: "Let the subscriber say how much it can take.",
                start: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=push",
                run_s: 20.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.scene == Scene::Demand && c.producer_rate == 10_000 && c.consumer_rate == 5_000, "10,000 items a second into 5,000") {
                    return v;
                }
                let (most, done) = (run.demand.counters.buffer_max, run.per_s().1);
                Verdict {
                    pass: most <= 128 && done >= 4_900,
                    measured: format!("the buffer held at most {} items; the subscriber handled {} a second.", group(most as f64), group(done as f64)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "protocol",
                title: "A demand of zero",
                goal: "In demand mode, the subscriber calls request(0). Find out what the rules say happens, then get the stream flowing again: after 10 seconds the subscriber must be handling 5,000 items a second.",
                hint: "Rule 3.9 ends the subscription with an error; a new one starts from no demand.",
                start: "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256&actions=2000Z",
                run_s: 10.0,
            },
            check: |run| {
                let c = run.config();
                let zero = run.actions().iter().any(|(_, a)| *a == StreamsAction::RequestZero);
                if let Some(v) = rule(c.scene == Scene::Demand && c.mode == Mode::Demand && zero && c.consumer_rate == 5_000, "demand mode, the subscriber at 5,000 and its request(0)") {
                    return v;
                }
                let done = run.per_s().1;
                Verdict {
                    pass: run.demand.counters.protocol_errors >= 1 && !run.demand.errored && done >= 4_900,
                    measured: format!("{} protocol errors; the stream is {}; the subscriber handles {} items a second.", run.demand.counters.protocol_errors, if run.demand.errored { "stopped" } else { "flowing" }, group(done as f64)),
                }
            },
        },
        Challenge {
            text: ChallengeText {
                id: "fill-the-pipe",
                title: "Fill a long pipe",
                goal: "A 100 ms round trip, a fast sender and a fast reader. Reach at least 40 Mbit/s after 10 seconds.",
                hint: "In flight is at most one window: a round trip of 100 ms needs a window of throughput × RTT.",
                start: "scene=tcp&rwnd_kb=64&read_kbps=1000000&send_kbps=1000000&rtt_ms=100",
                run_s: 10.0,
            },
            check: |run| {
                let c = run.config();
                if let Some(v) = rule(c.scene == Scene::Tcp && c.rtt_ms == 100 && c.send_kbps <= 1_000_000, "the TCP scene with a 100 ms round trip") {
                    return v;
                }
                let kbps = run.throughput_kbps();
                Verdict {
                    pass: kbps >= 40_000.0,
                    measured: format!("{kbps:.0} kbit/s with a {} KB window.", c.rwnd_kb),
                }
            },
        },
    ],
};
