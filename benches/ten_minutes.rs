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
    if only.is_empty() || only.iter().any(|o| "experiment".contains(o.as_str())) {
        experiment();
    }
}

/// The back-pressure lab's M/M/1 preset natively, one thread: each run's engine read at every
/// whole second after the warm-up, as a worker reads it in the page (without the readout's
/// other figures). The native side of the experiment throughput `cargo xtask bench` reports.
fn experiment() {
    use scaling_lab::labs::backpressure::experiments::PRESETS;
    use scaling_lab::labs::backpressure::params::Params;
    use scaling_lab::link::registry::Page;
    scaling_lab::labs::register_all();
    let p = &PRESETS.all()[0];
    let e = p.experiment();
    let t = Instant::now();
    let mut sum = 0.0;
    for value in &e.values {
        let (page, _) =
            Page::from_query(&format!("lab=backpressure&{}&{}={value}", p.setup, p.sweep));
        let Some(config) = page
            .lab
            .as_ref()
            .and_then(|l| l.get::<Params>())
            .map(|p| p.config)
        else {
            continue;
        };
        for seed in 1..=u64::from(e.seeds) {
            let mut sim = scaling_lab::sim::backpressure::BackpressureSim::new(seed, config);
            for s in (e.warmup_s as u64 + 1)..=(e.duration_s as u64) {
                sim.advance_to(s * scaling_lab::sim::SECOND);
                sum += (sim.queue_depth() + sim.in_service()) as f64;
            }
        }
    }
    let wall = t.elapsed().as_secs_f64();
    let simulated = e.runs() as f64 * e.duration_s;
    println!(
        "| experiment natively: M/M/1 preset, {} runs of {} simulated s, one thread | {wall:.2} s | {:.0} simulated s per s | (checksum {sum:.0}) |",
        e.runs(),
        e.duration_s,
        simulated / wall
    );
}
