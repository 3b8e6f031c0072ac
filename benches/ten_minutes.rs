//! Ten simulated minutes of each lab's heaviest run (`benches/ten_minutes.txt`), natively: the
//! bare engine, and the same run through the timeline as a `t=600` link builds it
//! (checkpoints, rows). `cargo xtask bench` sets these beside the time the link takes in
//! Chromium: the page gives the engine 12 ms of each frame, so a link can take no less than
//! about 1.4 times the bare engine at native speed, and should take no more than that over
//! the engine's speed in WebAssembly. Timed once each: a run takes seconds.

// A report: printing is its job.
#![allow(clippy::print_stdout)]

mod common;

use std::time::Instant;

use scaling_lab::labs::WithTimeline;
use scaling_lab::sim::timeline::{Replay, Timeline};

/// Ten simulated minutes, in ticks.
const TEN_MINUTES: u64 = 600_000;

/// Seconds the bare engine and the timeline take over ten minutes, and whether both end in
/// the same state.
struct TenMinutes;

impl WithTimeline for TenMinutes {
    type Out = (f64, f64, bool);
    fn run<S: Replay>(self, run: Timeline<S>) -> Self::Out {
        let mut bare = run.state().clone();
        let t = Instant::now();
        bare.advance_ticks(TEN_MINUTES);
        let bare_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let run = run.at_second(600.0);
        let run_s = t.elapsed().as_secs_f64();
        (bare_s, run_s, run.state().state_hash() == bare.state_hash())
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a name given after `--` picks the runs containing it.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for (name, lab) in common::runs(include_str!("ten_minutes.txt")) {
        if !(only.is_empty() || only.iter().any(|o| name.contains(o))) {
            continue;
        }
        let Some((bare, run, same)) = scaling_lab::labs::with_timeline(&lab, TenMinutes) else {
            continue;
        };
        println!(
            "| ten minutes natively: {name} | bare engine {bare:.2} s | through the timeline {run:.2} s | same state: {same} |"
        );
    }
}
