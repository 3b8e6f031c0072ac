//! Experiments: the `exp=` link value and its bounds, the runs an experiment makes, the
//! statistics across seeds and the CSV; and the published results the presets reproduce,
//! checked over seeds against their formulas (shape and band, not exact numbers).

use scaling_lab::course::experiment::{t975, Job, Preset, Reply, Results, Summary};
use scaling_lab::labs::backpressure::experiments::{theory, PRESETS};
use scaling_lab::link::experiment::Experiment;
use scaling_lab::link::registry::{Lab, LabLink, Page};
use scaling_lab::sim::backpressure::{BackpressureConfig, BackpressureSim};
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::SECOND;

fn experiment() -> Experiment {
    Experiment {
        sweep: "workers".to_owned(),
        values: vec!["1".to_owned(), "2".to_owned()],
        metrics: vec!["queue_depth".to_owned()],
        seeds: 3,
        duration_s: 20.0,
        warmup_s: 5.0,
    }
}

#[test]
fn an_experiment_rides_in_the_link_and_bad_ones_are_named() {
    scaling_lab::labs::register_all();
    let e = experiment();
    let q = scaling_lab::link::build(&[("lab", "backpressure".to_owned()), ("exp", e.to_json())]);
    let (page, notices) = Page::from_query(&q);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(page.experiment, Some(e));
    assert_eq!(Page::from_query(&page.to_query()).0, page);
    for (bad, says) in [
        ("nonsense", "is not an experiment"),
        (
            r#"{"sweep":"workers","values":[],"metrics":["x"],"seeds":1,"duration_s":5,"warmup_s":0}"#,
            "sweeps 0 values",
        ),
        (
            r#"{"sweep":"workers","values":["1"],"metrics":["x"],"seeds":500,"duration_s":5,"warmup_s":0}"#,
            "runs 500 seeds",
        ),
        (
            r#"{"sweep":"workers","values":["1"],"metrics":["x"],"seeds":1,"duration_s":5,"warmup_s":5}"#,
            "warms up",
        ),
        (
            r#"{"sweep":"workers","values":["1"],"metrics":["x"],"seeds":1,"duration_s":9000,"warmup_s":0}"#,
            "runs for 9000",
        ),
        (
            r#"{"sweep":"<b>","values":["1"],"metrics":["x"],"seeds":1,"duration_s":5,"warmup_s":0}"#,
            "letters, digits",
        ),
        (
            r#"{"sweep":"workers","values":["1"],"metrics":["x"],"seeds":1,"duration_s":5,"warmup_s":0,"extra":1}"#,
            "unknown field",
        ),
    ] {
        let (page, notices) = Page::from_query(&scaling_lab::link::build(&[
            ("lab", "backpressure".to_owned()),
            ("exp", bad.to_owned()),
        ]));
        assert_eq!(page.experiment, None, "{bad}");
        let n = notices
            .iter()
            .find(|n| n.key == "exp")
            .unwrap_or_else(|| panic!("{bad}: {notices:?}"));
        assert!(n.message.contains(says), "{bad}: {}", n.message);
    }
}

#[test]
fn an_experiment_runs_each_value_with_each_seed_from_the_start() {
    let e = experiment();
    let jobs = Job::all(&e, "producer_rate=12000&workers=4&seed=9&actions=100w2");
    assert_eq!(jobs.len(), 6);
    assert_eq!(
        jobs[0].query,
        "producer_rate=12000&actions=100w2&workers=1&seed=1"
    );
    assert_eq!(
        jobs[5].query,
        "producer_rate=12000&actions=100w2&workers=2&seed=3"
    );
    assert!(
        jobs.windows(2).all(|w| w[0].point <= w[1].point),
        "point by point"
    );
    // A figure that is not a number cannot cross to the page as JSON: it is named.
    let reply = jobs[0].run(|_, _, _, _| Some(Ok(vec![f64::NAN])));
    assert!(reply.values.unwrap_err().contains("queue_depth"));
}

#[test]
fn the_band_is_students_t_and_the_csv_is_in_seed_order() {
    assert!((t975(1) - 12.706).abs() < 1e-9);
    assert!((t975(9) - 2.262).abs() < 1e-9);
    assert!((t975(199) - 1.972).abs() < 0.002);
    let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    assert_eq!(s.mean, 3.0);
    // s = √2.5, t(4) = 2.776: half-width 2.776 × √(2.5/5) = 1.963.
    assert!((s.high - 3.0 - 1.963).abs() < 1e-3, "{s:?}");
    assert_eq!(
        Summary::of(&[7.0]).map(|s| (s.low, s.high)),
        Some((7.0, 7.0))
    );
    let e = experiment();
    let mut r = Results::new(2);
    for (point, seed, x) in [
        (1, 2, 0.5),
        (0, 3, 3.0),
        (0, 1, 1.0),
        (1, 1, 0.25),
        (0, 2, 2.0),
    ] {
        r.add(Reply {
            point,
            seed,
            values: Ok(vec![x]),
        });
    }
    assert_eq!(r.done(), 5);
    assert_eq!(r.points_done(3), 1);
    assert_eq!(
        r.csv(&e),
        "point,workers,seed,queue_depth\n1,1,1,1\n1,1,2,2\n1,1,3,3\n2,2,1,0.25\n2,2,2,0.5\n"
    );
    r.add(Reply {
        point: 0,
        seed: 4,
        values: Err("broken".to_owned()),
    });
    assert_eq!(r.failed.as_deref(), Some("broken"));
}

#[test]
fn every_preset_opens_as_written() {
    scaling_lab::labs::register_all();
    for p in PRESETS.all() {
        let e = p.experiment();
        e.check().unwrap_or_else(|m| panic!("{}: {m}", p.id));
        for v in &e.values {
            let q = format!("lab=backpressure&{}&{}={v}", p.setup, p.sweep);
            let (page, notices) = Page::from_query(&q);
            assert!(notices.is_empty(), "{}: {notices:?}", p.id);
            assert_eq!(page.lab.map(|l| l.lab()), Some(Lab::Backpressure));
        }
    }
}

/// Lab `lab`'s parameters for its link parameters `query`, read with no notice.
fn params<P: LabLink + Clone>(lab: &str, query: &str) -> P {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query(&format!("lab={lab}&{query}"));
    assert!(notices.is_empty(), "{lab}: {notices:?}");
    page.lab.and_then(|l| l.get::<P>().cloned()).unwrap()
}

/// A preset's setup with its sweep at `value`.
fn at(p: &Preset, value: &str) -> String {
    format!("{}&{}={value}", p.setup, p.sweep)
}

/// The back-pressure lab's config a preset gives, with its sweep at `value`.
fn config(p: &Preset, value: &str) -> BackpressureConfig {
    params::<scaling_lab::labs::backpressure::params::Params>("backpressure", &at(p, value)).config
}

/// Each seed's mean of `read` at whole seconds after the warm-up, as the experiment takes it.
fn seeds(
    config: BackpressureConfig,
    n: u64,
    warmup: u64,
    duration: u64,
    read: impl Fn(&BackpressureSim) -> f64,
) -> Vec<f64> {
    (1..=n)
        .map(|seed| {
            let mut sim = BackpressureSim::new(seed, config);
            let mut sum = 0.0;
            for t in warmup + 1..=duration {
                sim.advance_to(t * SECOND);
                sum += read(&sim);
            }
            sum / (duration - warmup) as f64
        })
        .collect()
}

#[test]
fn mm1_holds_rho_over_one_minus_rho_in_the_system() {
    let p = &PRESETS.all()[0];
    let mut last = 0.0;
    for (value, published) in [("500", 1.0), ("900", 9.0), ("950", 19.0)] {
        let c = config(p, value);
        let formula = theory(&c, "in_system").unwrap();
        assert!(
            (formula - published).abs() < 0.01,
            "{value}: formula {formula}"
        );
        let s = Summary::of(&seeds(c, 20, 10, 60, |s| {
            (s.queue_depth() + s.in_service()) as f64
        }))
        .unwrap();
        // Within the band (widened by a tenth for a finite run's bias), and rising with ρ.
        let slack = 0.1 * published;
        assert!(
            s.low - slack <= formula && formula <= s.high + slack,
            "ρ at {value}: {s:?} vs {formula}"
        );
        assert!(s.mean > last, "{value}: {s:?}");
        last = s.mean;
    }
}

#[test]
fn mmck_gives_the_share_turned_away() {
    let p = &PRESETS.all()[1];
    let mut last = -1.0;
    for value in ["1000", "2000", "4000"] {
        let c = config(p, value);
        let formula = theory(&c, "turned_away_share").unwrap();
        let shares: Vec<f64> = (1..=10)
            .map(|seed| {
                let mut sim = crate::model::ran_to(BackpressureSim::new(seed, c), 5 * SECOND);
                let before = *sim.totals();
                sim.advance_to(30 * SECOND);
                let t = sim.totals();
                (t.rejected - before.rejected) as f64 / (t.arrived - before.arrived) as f64
            })
            .collect();
        let s = Summary::of(&shares).unwrap();
        assert!(
            s.low - 0.01 <= formula && formula <= s.high + 0.01,
            "{value}: {s:?} vs {formula}"
        );
        assert!(s.mean > last);
        last = s.mean;
    }
}

#[test]
fn consumers_beyond_the_partitions_add_no_throughput() {
    use scaling_lab::labs::pipeline::experiments::PRESETS as PIPELINE;
    use scaling_lab::labs::pipeline::params::Params;
    use scaling_lab::sim::pipeline::PipelineSim;
    let p = &PIPELINE.all()[0];
    let applied = |consumers: &str, seed: u64| {
        let config = params::<Params>("pipeline", &at(p, consumers)).config;
        let sim = crate::model::ran(PipelineSim::new(seed, config), 20_000);
        sim.views()[0]
            .cursors
            .iter()
            .map(|c| c.applied)
            .sum::<u64>()
    };
    for seed in 1..=3 {
        let (three, six, twelve) = (applied("3", seed), applied("6", seed), applied("12", seed));
        // Up to the six partitions, more consumers apply more; past them, no more.
        assert!(
            three as f64 <= 0.6 * six as f64,
            "seed {seed}: 3 → {three}, 6 → {six}"
        );
        assert!(
            (twelve as f64 - six as f64).abs() <= 0.01 * six as f64,
            "seed {seed}: 6 → {six}, 12 → {twelve}"
        );
    }
}

#[test]
fn twitter_2012_writes_about_345000_timelines_a_second_and_the_threshold_trades_them_for_merges() {
    use scaling_lab::labs::cqrs::fanout::experiments::PRESETS as CQRS;
    use scaling_lab::labs::cqrs::params::Params;
    use scaling_lab::sim::cqrs::fanout::FanoutSim;
    let p = &CQRS.all()[0];
    let run = |threshold: &str| {
        let config = params::<Params>("cqrs", &at(p, threshold)).fanout;
        let sim = crate::model::ran(FanoutSim::new(1, config), 30_000);
        (
            sim.counters().fanout_writes as f64 / 30.0,
            sim.merges_per_read(),
        )
    };
    let (all, none) = (run("10000000"), run("1000"));
    // Nobody above the threshold: every tweet fans out, as Twitter published.
    assert!((300_000.0..400_000.0).contains(&all.0), "{all:?}");
    assert_eq!(all.1, 1.0);
    // A low threshold writes less and merges more on every open.
    assert!(
        none.0 < 0.9 * all.0 && none.1 > all.1,
        "{none:?} against {all:?}"
    );
}

/// Attempts a request over `seconds` of the gateway preset `id` with `sweep` at `value`, and
/// what the formula says, across seeds 1 to 5.
fn gateway(id: &str, value: &str, seconds: u64) -> (Summary, f64) {
    use scaling_lab::labs::gateway::experiments::{theory, PRESETS as GATEWAY};
    use scaling_lab::labs::gateway::params::Params;
    use scaling_lab::sim::gateway::GatewaySim;
    let p = GATEWAY.all().iter().find(|p| p.id == id).unwrap();
    let config = params::<Params>("gateway", &at(p, value)).config;
    let per_request: Vec<f64> = (1..=5)
        .map(|seed| {
            let sim = crate::model::ran(GatewaySim::new(seed, config), seconds * 1_000);
            sim.check_invariants().unwrap();
            let k = sim.counters();
            k.attempts as f64 / k.requests as f64
        })
        .collect();
    (
        Summary::of(&per_request).unwrap(),
        theory(&config, "attempts_per_request").unwrap(),
    )
}

#[test]
fn retries_cost_one_minus_f_to_the_attempts_over_one_minus_f() {
    for (f, published) in [("0", 1.0), ("50", 1.875), ("100", 4.0)] {
        let (s, formula) = gateway("retry-amplification", f, 20);
        assert!((formula - published).abs() < 1e-9, "{f}: {formula}");
        assert!(
            (s.mean - published).abs() < 0.05 * published,
            "f = {f} %: {s:?} against {published}"
        );
    }
}

#[test]
fn retries_at_two_layers_multiply() {
    for (g, published) in [("1", 4.0), ("2", 8.0), ("4", 16.0)] {
        let (s, formula) = gateway("retry-layers", g, 20);
        assert_eq!(formula, published);
        assert!(
            (s.mean - published).abs() < 0.05 * published,
            "{g} gateway attempts: {s:?} against {published}"
        );
    }
}

#[test]
fn a_retry_budget_retries_while_failures_are_rare_and_little_after() {
    let (rare, formula) = gateway("retry-budget", "5", 30);
    let natural = (1.0 - 0.05f64.powi(4)) / 0.95;
    assert!((formula - natural).abs() < 1e-9);
    assert!(
        (rare.mean - natural).abs() < 0.02,
        "5 %: {rare:?} against {natural}"
    );
    for f in ["50", "100"] {
        let (s, formula) = gateway("retry-budget", f, 30);
        // About a tenth of a retry a request, against 1.875 and 4 without the budget.
        assert!(
            s.mean < 1.15 && (s.mean - formula).abs() < 0.1,
            "{f} %: {s:?} against {formula}"
        );
    }
}

#[test]
fn adaptive_throttling_holds_the_load_near_twice_what_is_accepted() {
    use scaling_lab::labs::gateway::experiments::PRESETS as GATEWAY;
    use scaling_lab::labs::gateway::params::Params;
    use scaling_lab::sim::gateway::GatewaySim;
    let p = GATEWAY
        .all()
        .iter()
        .find(|p| p.id == "adaptive-throttling")
        .unwrap();
    let sent_per_accepted = |query: &str| {
        let config = params::<Params>("gateway", query).config;
        let runs: Vec<f64> = (1..=3)
            .map(|seed| {
                let mut sim = crate::model::ran(GatewaySim::new(seed, config), 10_000);
                let a = *sim.counters();
                sim.advance_ticks(20_000);
                sim.check_invariants().unwrap();
                let b = sim.counters();
                let sent = (b.attempts - b.throttled) - (a.attempts - a.throttled);
                let accepted = b.successes.iter().sum::<u64>() - a.successes.iter().sum::<u64>();
                sent as f64 / accepted as f64
            })
            .collect();
        Summary::of(&runs).unwrap()
    };
    let overloaded = format!("{}&rate_a=16000", p.setup);
    let (throttled, plain) = (
        sent_per_accepted(&overloaded),
        sent_per_accepted(&overloaded.replace("throttle=on", "throttle=off")),
    );
    assert!(
        (1.6..2.4).contains(&throttled.mean),
        "with throttling: {throttled:?}"
    );
    assert!(plain.mean > 3.0, "without: {plain:?}");
    // Below capacity nothing is held back.
    let calm = sent_per_accepted(&format!("{}&rate_a=1000", p.setup));
    assert!(calm.mean < 1.05, "{calm:?}");
}

/// Calls and completion (ms) of `writers` racing with `backoff`, over seeds 1 to 10: means.
fn race(writers: u32, backoff: usize) -> (f64, f64) {
    use scaling_lab::sim::event_sourcing::contention::{Contention, ContentionConfig};
    let config = ContentionConfig {
        writers,
        backoff: scaling_lab::sim::event_sourcing::contention::Backoff::nth(backoff as u32)
            .unwrap(),
        ..ContentionConfig::default()
    };
    let (mut calls, mut ms) = (0.0, 0.0);
    for seed in 1..=10 {
        let mut c = Contention::new(seed, config);
        let mut t = 0;
        while c.done_at().is_none() && t < 600 * SECOND {
            t += SECOND / 10;
            c.advance(t);
        }
        c.check().unwrap();
        calls += c.calls() as f64 / 10.0;
        ms += c.done_at().unwrap() as f64 / 1e6 / 10.0;
    }
    (calls, ms)
}

#[test]
fn jitter_does_the_least_work_and_unjittered_exponential_the_most() {
    // none, exponential, full, equal, decorrelated: the post's five.
    let at = |n| (0..5).map(|b| race(n, b)).collect::<Vec<_>>();
    let (ten, fifty) = (at(10), at(50));
    for b in 1..5 {
        assert!(
            fifty[b].0 > ten[b].0 && fifty[b].1 > ten[b].1,
            "more writers, more work and time: {b}"
        );
    }
    let calls: Vec<f64> = fifty.iter().map(|r| r.0).collect();
    // Among the backoffs, exponential without jitter makes the most calls, full and
    // decorrelated jitter the fewest.
    assert!(
        calls[1] > calls[3] && calls[3] > calls[2].max(calls[4]),
        "{calls:?}"
    );
    // Without any backoff the race ends soonest, at the calls of unjittered exponential.
    assert_eq!(calls[0], calls[1]);
    assert!((1..5).all(|b| fifty[0].1 < fifty[b].1), "{fifty:?}");
}

#[test]
fn littles_law_holds_measured_whatever_the_arrivals() {
    let p = PRESETS.all().iter().find(|p| p.id == "little").unwrap();
    for arrivals in p.values {
        let c = config(p, arrivals);
        let l = Summary::of(&seeds(c, 10, 5, 30, |s| s.window().mean_in_system)).unwrap();
        let lw = Summary::of(&seeds(c, 10, 5, 30, |s| s.window().little_l())).unwrap();
        assert!(l.mean > 1.0, "{arrivals}: {l:?}");
        assert!(
            (l.mean - lw.mean).abs() < 0.01 * l.mean,
            "{arrivals}: L {l:?} against λW {lw:?}"
        );
    }
}

/// Every lab's presets file reads, and a file that does not is named and offers none.
#[test]
fn every_lab_s_presets_read() {
    use scaling_lab::course::experiment::Presets;
    use scaling_lab::labs::{backpressure, cqrs, event_sourcing, gateway, pipeline};
    for (lab, presets) in [
        ("backpressure", &backpressure::experiments::PRESETS),
        ("event-sourcing", &event_sourcing::experiments::PRESETS),
        ("gateway", &gateway::experiments::PRESETS),
        ("pipeline", &pipeline::experiments::PRESETS),
        ("cqrs", &cqrs::fanout::experiments::PRESETS),
    ] {
        assert_eq!(presets.problem(), None, "{lab}");
        assert!(!presets.all().is_empty(), "{lab}");
    }
    let broken = Presets::new(r#"[{"id": 1}]"#);
    assert!(broken.problem().unwrap().contains("do not read"));
    assert!(broken.all().is_empty());
}
