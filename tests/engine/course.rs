//! The course's steps and challenges: every step's link parses and its stated answer holds
//! when the engine runs it; every challenge fails from its start and passes when solved.

use scaling_lab::course::progress::Progress;
use scaling_lab::course::{embed_snippet, LabGuide};
use scaling_lab::labs::{
    async_processing, backpressure, cqrs, event_sourcing, gateway, pipeline, streams, views,
};
use scaling_lab::link::registry::{Lab, Page};

/// Every lab's guide, by the lab's key.
pub(crate) fn guides() -> [(&'static str, &'static dyn LabGuide); 8] {
    [
        ("backpressure", &backpressure::guide::GUIDE),
        ("event-sourcing", &event_sourcing::guide::GUIDE),
        ("async", &async_processing::guide::GUIDE),
        ("views", &views::guide::GUIDE),
        ("cqrs", &cqrs::guide::GUIDE),
        ("gateway", &gateway::guide::GUIDE),
        ("streams", &streams::guide::GUIDE),
        ("pipeline", &pipeline::guide::GUIDE),
    ]
}

/// The parameters of `query` that `lab` does not take as written, read as the shell reads a
/// step's, a preset's or a challenge's link.
fn lab_params_parse(lab: &str, query: &str) -> Vec<String> {
    scaling_lab::labs::register_all();
    assert!(Lab::from_key(lab).is_some(), "unknown lab {lab}");
    let (page, notices) = Page::from_query(&format!("lab={lab}&{query}"));
    assert_eq!(page.lab.map(|p| p.lab().key()), Some(lab));
    notices.into_iter().map(|n| n.key).collect()
}

#[test]
fn every_lab_has_six_steps_and_three_challenges() {
    for (lab, guide) in guides() {
        assert_eq!(guide.problem(), None, "{lab}");
        assert!(
            guide.step_count() >= 6,
            "{lab}: {} steps",
            guide.step_count()
        );
        assert!(guide.challenge_count() >= 3, "{lab}");
    }
}

/// A guide whose words do not read, or do not match its code, says so and shows nothing.
#[test]
fn a_guide_that_does_not_match_its_code_is_named() {
    use scaling_lab::course::{Guide, Observed};
    use scaling_lab::labs::backpressure::guide::BpRun;
    let broken: Guide<BpRun> = Guide::new("{\"steps\": [", &[], &[], &[]);
    assert!(broken.problem().unwrap().contains("do not read"));
    let escaped: Guide<BpRun> = Guide::new(
        r#"{"presets": [{"name": "a \"b\"", "query": ""}]}"#,
        &[],
        &[],
        &[],
    );
    assert!(
        escaped
            .problem()
            .unwrap()
            .contains("without backslash escapes"),
        "{:?}",
        escaped.problem()
    );
    assert_eq!((broken.step_count(), broken.challenge_count()), (0, 0));
    let step = r#"{"steps": [{"title": "t", "setup": "", "setting": "s", "run_s": 1.0,
        "question": "q", "choices": ["a", "b"], "explain": "e"}]}"#;
    let unobserved: Guide<BpRun> = Guide::new(step, &[], &[], &[]);
    assert_eq!(
        unobserved.problem().as_deref(),
        Some("1 steps, 0 observations")
    );
    assert_eq!(unobserved.step_count(), 0);
    let observe: &[fn(&BpRun) -> Observed] = &[|_| Observed {
        holds: true,
        figures: String::new(),
        value: None,
    }];
    let whole: Guide<BpRun> = Guide::new(step, observe, &[], &[]);
    assert_eq!(whole.problem(), None);
    assert_eq!(whole.step(0).map(|s| s.choices.len()), Some(2));
    assert!(whole.reveal(0).is_some_and(|o| o.holds));
}

#[test]
fn every_preset_is_a_link_the_lab_takes_as_written() {
    for (lab, guide) in guides() {
        assert!(guide.presets().len() >= 3, "{lab}");
        for p in guide.presets() {
            assert_eq!(
                lab_params_parse(lab, p.query),
                Vec::<String>::new(),
                "{lab}: {}",
                p.name
            );
        }
    }
}

#[test]
fn every_step_parses_and_its_answer_holds() {
    for (lab, guide) in guides() {
        for i in 0..guide.step_count() {
            let step = guide.step(i).unwrap();
            assert_eq!(
                lab_params_parse(lab, step.setup),
                Vec::<String>::new(),
                "{lab} step {}",
                i + 1
            );
            assert!(step.run_s > 0.0 && step.run_s <= scaling_lab::course::MAX_RUN_S);
            let seen = guide.reveal(i).unwrap();
            match step.number {
                None => {
                    assert!(step.answer < step.choices.len(), "{lab} step {}", i + 1);
                    assert!(step.choices.len() >= 2);
                    assert_eq!(seen.value, None, "{lab} step {}", i + 1);
                }
                Some(q) => {
                    // A number question grades against the engine's figure, which its field
                    // can hold; the right figure is close and the misconception's is not.
                    assert!(step.choices.is_empty(), "{lab} step {}", i + 1);
                    let measured = seen.value.unwrap_or(f64::NAN);
                    assert!(
                        measured.is_finite() && (q.min..=q.max).contains(&measured),
                        "{lab} step {}: the engine's figure {measured} is outside the field",
                        i + 1
                    );
                    assert!(q.grade(measured, measured).close);
                    if let Some(m) = q.misconception {
                        let g = q.grade(m.value, measured);
                        assert!(
                            !g.close && g.misconception == Some(m.says),
                            "{lab} step {}: the misconception's figure {} is close to the engine's {measured}",
                            i + 1,
                            m.value
                        );
                    }
                }
            }
            assert!(
                seen.holds,
                "{lab} step {} ({}): {}",
                i + 1,
                step.title,
                seen.figures
            );
            assert!(!seen.figures.is_empty());
        }
        assert!(guide.step(guide.step_count()).is_none());
        assert!(guide.reveal(guide.step_count()).is_none());
    }
}

/// For each challenge: its start fails, and the listed changes make it pass.
fn solutions(lab: &str) -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    match lab {
        "backpressure" => vec![
            (
                "bursts",
                "producer_rate=10000&arrivals=burst&consumer_rate=5000&workers=3&policy=reject&capacity=10000",
                &["producer_rate=10000&arrivals=burst&consumer_rate=5000&workers=3&policy=reject&capacity=1000", "producer_rate=5000&arrivals=burst&consumer_rate=5000&workers=3&policy=reject&capacity=10000"],
            ),
            (
                "fresh",
                "producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400",
                &["producer_rate=10000&consumer_rate=5000&workers=1&policy=reject&capacity=10000", "producer_rate=10000&consumer_rate=5000&workers=3&policy=unbounded"],
            ),
            (
                "scale",
                "producer_rate=18000&arrivals=poisson&consumer_rate=5000&workers=5&service=exponential&policy=reject&capacity=10000",
                &["producer_rate=18000&arrivals=poisson&consumer_rate=5000&workers=4&service=exponential&policy=reject&capacity=10000", "producer_rate=18000&arrivals=poisson&consumer_rate=5000&workers=8&service=exponential&policy=reject&capacity=10000"],
            ),
        ],
        "cqrs" => vec![
            (
                "read-heavy",
                "arch=cqrs&write_rate=300&read_rate=30000&joins=4&read_replicas=4",
                &["arch=traditional&write_rate=300&read_rate=30000&joins=4&read_replicas=8"],
            ),
            (
                "own-writes",
                "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=3000&ryw=on",
                &["arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=1500&ryw=on", "arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=5000&ryw=off"],
            ),
            (
                "catch-up",
                "arch=cqrs&write_rate=3000&read_rate=5000&sync_capacity=5000",
                &["arch=cqrs&write_rate=3000&read_rate=5000&sync_capacity=2900", "arch=traditional&write_rate=3000&read_rate=5000&sync_capacity=5000"],
            ),
            (
                "celebrity-on-time",
                "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b",
                &["scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=1000000&actions=0b", "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=read&fanout_capacity=1000000&actions=0b", "scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000000&fanout_capacity=1000000"],
            ),
            (
                "small-site",
                "scene=timeline&users=10000&zipf=0.84&tweet_rate=50&timeline_rate=2000&fanout=read",
                &["scene=timeline&users=10000&zipf=0.84&tweet_rate=50&timeline_rate=2000&fanout=write", "scene=timeline&users=10000&zipf=0.84&tweet_rate=50&timeline_rate=2000&fanout=hybrid&celebrity_threshold=1000"],
            ),
            (
                "peak-on-budget",
                "scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=hybrid&celebrity_threshold=10000&fanout_capacity=750000",
                &["scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=write&fanout_capacity=750000", "scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000000&fanout_capacity=750000", "scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=hybrid&celebrity_threshold=1000&fanout_capacity=750000", "scene=timeline&users=10000000&zipf=0.84&tweet_rate=12000&timeline_rate=300000&fanout=hybrid&celebrity_threshold=10000&fanout_capacity=900000"],
            ),
        ],
        "gateway" => vec![
            (
                "noisy-neighbour",
                "rate_a=1000&rate_b=1000&rate_c=8000&rate_d=500&limit=1100",
                &["rate_a=1000&rate_b=1000&rate_c=8000&rate_d=500&shedding=on", "rate_a=1000&rate_b=1000&rate_c=8000&rate_d=500&limit=1100&threads=400"],
            ),
            (
                "slow-dependency",
                "slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=on",
                &["slow_b_at=5&slow_b_factor=50&pool=bulkhead", "slow_b_at=5&slow_b_factor=50&timeout_ms=100&pool=bulkhead"],
            ),
            (
                "stop-the-storm",
                "threads=1024&slow_b_at=2&slow_b_factor=2&retry=immediate&breaker=on",
                &["threads=1024&slow_b_at=2&slow_b_factor=2&retry=backoff", "threads=1024&slow_b_at=2&slow_b_factor=2&retry=none&breaker=on"],
            ),
        ],
        "streams" => vec![
            (
                "bounded-buffer",
                "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=128",
                &["scene=demand&producer_rate=10000&consumer_rate=5000&mode=unbounded", "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=512", "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=1"],
            ),
            (
                "protocol",
                "scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256&actions=2000Z_3000S",
                &["scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256", "scene=demand&producer_rate=10000&consumer_rate=5000&mode=push&actions=2000Z"],
            ),
            (
                "fill-the-pipe",
                "scene=tcp&rwnd_kb=1024&read_kbps=1000000&send_kbps=1000000&rtt_ms=100",
                &["scene=tcp&rwnd_kb=256&read_kbps=1000000&send_kbps=1000000&rtt_ms=100", "scene=tcp&rwnd_kb=1024&read_kbps=1000000&send_kbps=1000000&rtt_ms=10"],
            ),
        ],
        "pipeline" => vec![
            (
                "flash-sale",
                "write_rate=200000&partitions=4&spike_at=5&spike_x=10&backpressure=off&bounded=on",
                &["write_rate=200000&partitions=4&spike_at=5&spike_x=10&backpressure=on&bounded=off", "write_rate=200000&partitions=4&spike_at=5&spike_x=10&backpressure=off&bounded=on&arch=simple"],
            ),
            (
                "exactly-once-effect",
                "redelivery_pct=20&idempotent=on",
                &["redelivery_pct=0&idempotent=on", "redelivery_pct=20&idempotent=off&dlq=on"],
            ),
            (
                "poison-pill",
                "poison_at=2&dlq=on&backpressure=off",
                &["poison_at=2&dlq=off&backpressure=on"],
            ),
            (
                "a-million",
                "write_rate=1000000&partitions=64&consumers=64",
                &["write_rate=1000000&partitions=16&consumers=16", "write_rate=1000000&partitions=64&consumers=32"],
            ),
            (
                "quiet-crud",
                "arch=simple&write_rate=500&read_rate=2000",
                &["arch=patterns&write_rate=500&read_rate=2000"],
            ),
        ],
        "views" => vec![
            (
                "fast-dashboard",
                "read_from=view&order_rate=2000&read_rate=500&day_s=600&refresh=stream&stream_capacity=5000&stale_alert_s=5",
                &["read_from=query&order_rate=2000&read_rate=500&day_s=600&refresh=stream&stream_capacity=5000&stale_alert_s=5", "read_from=view&order_rate=2000&read_rate=500&day_s=600&refresh=full&refresh_every_s=60&stale_alert_s=5"],
            ),
            (
                "cheap-fresh",
                "read_from=view&order_rate=5000&users=100000&products=10000&refresh=incremental&refresh_every_s=10&stale_alert_s=15",
                &["read_from=view&order_rate=5000&users=100000&products=10000&refresh=full&refresh_every_s=10&stale_alert_s=15", "read_from=view&order_rate=5000&users=100000&products=10000&refresh=incremental&refresh_every_s=30&stale_alert_s=15"],
            ),
            (
                "keep-up",
                "read_from=view&order_rate=4000&refresh=incremental&refresh_every_s=5&stream_capacity=3000&stale_alert_s=10",
                &["read_from=view&order_rate=4000&refresh=stream&stream_capacity=3000&stale_alert_s=10", "read_from=view&order_rate=4000&refresh=incremental&refresh_every_s=20&stream_capacity=3000&stale_alert_s=10"],
            ),
        ],
        "async" => vec![
            (
                "rush",
                "mode=async&order_rate=400&api_threads=100&email_workers=100&inventory_workers=50&invoice_workers=150",
                // Answering fast while the queues behind grow without end is not a pass.
                &["mode=sync&order_rate=400&api_threads=100", "mode=async&order_rate=400&api_threads=60&email_workers=100&inventory_workers=50&invoice_workers=150", "mode=async&order_rate=400&api_threads=100"],
            ),
            (
                "poison",
                "mode=async&order_rate=100&poison_pct=2&fail_pct=10&dlq=on&max_attempts=5",
                // More workers than the minute's poison messages (about 120) keep the queue short,
                // yet every poison message still holds a worker: not a fix.
                &["mode=async&order_rate=100&poison_pct=2&fail_pct=10&dlq=off&email_workers=200", "mode=async&order_rate=100&poison_pct=2&fail_pct=10&dlq=on&email_workers=5"],
            ),
            (
                "once",
                "mode=async&order_rate=200&redelivery_pct=10&idempotent=on&email_workers=64&inventory_workers=64&invoice_workers=64",
                &["mode=async&order_rate=200&redelivery_pct=10&idempotent=off&email_workers=64&inventory_workers=64&invoice_workers=64", "mode=async&order_rate=200&redelivery_pct=10&idempotent=on&email_workers=10&inventory_workers=10&invoice_workers=10"],
            ),
        ],
        _ => vec![
            (
                "cheap-rebuild",
                "command_rate=5000&accounts=100&snapshot_every=1000",
                &["command_rate=5000&accounts=100&snapshot_every=100", "command_rate=5000&accounts=100&snapshot_every=5000", "command_rate=1000&accounts=100&snapshot_every=1000"],
            ),
            (
                "schema",
                "command_rate=200&accounts=10&upcaster=on&v2_at=8",
                &["command_rate=200&accounts=10&upcaster=off&v2_at=8", "command_rate=200&accounts=10&upcaster=on&v2_at=25", "command_rate=200&accounts=10&upcaster=on"],
            ),
            (
                "fresh-read",
                "command_rate=2000&accounts=50&projection_delay_ms=20",
                &["command_rate=2000&accounts=50&projection_delay_ms=100", "command_rate=20&accounts=50&projection_delay_ms=1000"],
            ),
        ],
    }
}

#[test]
fn every_challenge_fails_from_its_start_and_passes_when_solved() {
    for (lab, guide) in guides() {
        let cases = solutions(lab);
        assert_eq!(
            cases.len(),
            guide.challenge_count(),
            "{lab}: a solution per challenge"
        );
        for (i, (id, right, wrongs)) in cases.into_iter().enumerate() {
            let c = guide.challenge(i).unwrap();
            assert_eq!(c.id, id);
            assert_eq!(
                lab_params_parse(lab, c.start),
                Vec::<String>::new(),
                "{lab}/{id} start"
            );
            let (start, _) = guide.check(i, c.start).unwrap();
            assert!(
                !start.pass,
                "{lab}/{id} passes from its start: {}",
                start.measured
            );
            let (v, notices) = guide.check(i, right).unwrap();
            assert!(notices.is_empty(), "{notices:?}");
            assert!(v.pass, "{lab}/{id} right answer fails: {}", v.measured);
            for wrong in wrongs {
                let (v, _) = guide.check(i, wrong).unwrap();
                assert!(!v.pass, "{lab}/{id} passes with {wrong}: {}", v.measured);
            }
        }
    }
}

#[test]
fn a_challenge_ignores_the_moment_and_shell_parameters_of_a_shared_link() {
    let guide: &dyn LabGuide = &backpressure::guide::GUIDE;
    let q = "lab=backpressure&step=2&embed=1&t=50&paused=1&speed=4&producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400";
    let (v, notices) = guide.check(1, q).unwrap();
    assert!(v.pass, "{}", v.measured);
    assert!(notices.is_empty(), "{notices:?}");
    // Junk in a link never panics: it is named, and the check still runs.
    let (v, notices) = guide.check(1, "workers=lots&%%%&capacity=-5").unwrap();
    assert!(!v.pass);
    assert!(!notices.is_empty());
}

#[test]
fn progress_round_trips_and_survives_junk() {
    let mut p = Progress::default();
    assert!(p.see_step("backpressure", 0));
    assert!(!p.see_step("backpressure", 0));
    assert!(p.pass("event-sourcing", "schema"));
    let q = Progress::parse(&p.to_line());
    assert_eq!(p, q);
    assert!(q.seen("backpressure", 0) && !q.seen("backpressure", 1));
    assert!(q.passed("event-sourcing", "schema"));
    let junk = Progress::parse(&format!("<script>,{},a/b,,", "x".repeat(10_000)));
    assert_eq!(junk.to_line(), "a/b");
    let many: Vec<String> = (0..10_000).map(|i| format!("l/step/{i}")).collect();
    assert_eq!(
        Progress::parse(&many.join(","))
            .to_line()
            .split(',')
            .count(),
        scaling_lab::course::progress::MAX_ENTRIES
    );
}

#[test]
fn the_embed_snippet_is_an_escaped_lazy_iframe() {
    let s = embed_snippet(
        "https://h/lab/?lab=backpressure&step=3&embed=1",
        "Back-pressure \"lab\"",
        900,
    );
    assert!(s.starts_with("<iframe src=\"https://h/lab/?lab=backpressure&amp;step=3&amp;embed=1\""));
    assert!(s.contains("title=\"Back-pressure &quot;lab&quot;\""));
    assert!(s.contains("loading=\"lazy\"") && s.contains("height=\"900\""));
    // The helper that sizes the iframe, from beside the page.
    assert!(s.ends_with("<script src=\"https://h/lab/embed.js\" async></script>"));
}

/// A challenge checks the settings in force, however the learner got there: settings
/// changed along the way count from the start, commands keep their moment.
#[test]
fn a_challenge_checks_the_settings_reached_by_actions_from_the_start() {
    use scaling_lab::labs::backpressure::guide::GUIDE as BP;
    use scaling_lab::labs::event_sourcing::guide::GUIDE as ES;
    // "fresh": start unbounded; at 12 s the learner picks drop-oldest with 400 places.
    let bp = "producer_rate=10000&consumer_rate=5000&workers=1&policy=unbounded&actions=12000o3_12500k400";
    let (verdict, notices) = BP.check(1, bp).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert!(verdict.pass, "{}", verdict.measured);
    // "schema": v2 deployed at 8 s and the upcaster turned back on at 20 s.
    let es = "command_rate=200&accounts=10&upcaster=off&v2_at=8&actions=20000u1";
    let (verdict, _) = ES.check(1, es).unwrap();
    assert!(verdict.pass, "{}", verdict.measured);
    // Without the fix, both still fail.
    assert!(
        !BP.check(
            1,
            "producer_rate=10000&consumer_rate=5000&workers=1&policy=unbounded&actions=12000w1"
        )
        .unwrap()
        .0
        .pass
    );
    assert!(
        !ES.check(
            1,
            "command_rate=200&accounts=10&upcaster=off&v2_at=8&actions=20000n10"
        )
        .unwrap()
        .0
        .pass
    );
}

/// The lunchtime rush can be met without sizing the workers by hand: the autoscaler grows
/// each queue's workers from its depth and drains the backlog within the minute.
#[test]
fn the_autoscaler_alone_meets_the_lunchtime_rush() {
    let guide: &dyn LabGuide = &async_processing::guide::GUIDE;
    let i = (0..guide.challenge_count())
        .find(|&i| guide.challenge(i).map(|c| c.id) == Some("rush"))
        .unwrap();
    let (v, notices) = guide
        .check(i, "mode=async&order_rate=400&api_threads=100&autoscale=on")
        .unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert!(v.pass, "{}", v.measured);
}

/// A question must need the run: per lab, no position holds the right answer in more than
/// half of the steps, and the right answer is the single longest choice in at most half.
#[test]
fn no_position_or_length_gives_the_answer_away() {
    for (lab, guide) in guides() {
        let choice_steps: Vec<_> = (0..guide.step_count())
            .map(|i| guide.step(i).unwrap())
            .filter(|s| s.number.is_none())
            .collect();
        let n = choice_steps.len();
        let mut at = [0usize; 4];
        let mut longest = 0;
        for step in choice_steps {
            at[step.answer] += 1;
            let len = |c: &str| c.chars().count();
            let right = len(step.choices[step.answer]);
            if step
                .choices
                .iter()
                .enumerate()
                .all(|(k, c)| k == step.answer || len(c) < right)
            {
                longest += 1;
            }
        }
        for (pos, count) in at.iter().enumerate() {
            assert!(
                count * 2 <= n,
                "{lab}: choice {} is right in {count} of {n} steps",
                pos + 1
            );
        }
        assert!(
            longest * 2 <= n,
            "{lab}: the right answer is the single longest choice in {longest} of {n} steps"
        );
    }
}

/// Every lab asks for at least two predictions in numbers.
#[test]
fn every_lab_has_two_number_predictions() {
    for (lab, guide) in guides() {
        let numbers = (0..guide.step_count())
            .filter(|&i| guide.step(i).unwrap().number.is_some())
            .count();
        assert!(numbers >= 2, "{lab}: {numbers} number predictions");
    }
}

/// A guess is read leniently (separators, exponents) and refused with a reason otherwise;
/// the grade is the relative error, and a guess that falls for the misconception names it.
#[test]
fn a_guess_is_read_and_graded() {
    use scaling_lab::course::{Misconception, NumberQuestion};
    let q = NumberQuestion {
        unit: "messages",
        min: 0.0,
        max: 100_000.0,
        band: 0.2,
        misconception: Some(Misconception {
            value: 0.0,
            says: "the queue keeps them",
        }),
    };
    assert_eq!(q.parse_guess(" 1,500 "), Ok(1_500.0));
    assert_eq!(q.parse_guess("2.5e3"), Ok(2_500.0));
    assert_eq!(q.parse_guess("1\u{202f}000"), Ok(1_000.0));
    for bad in [
        "",
        "abc",
        "1e400",
        "NaN",
        "inf",
        "-5",
        "100001",
        "<b>1</b>",
        &"9".repeat(41),
    ] {
        let e = q.parse_guess(bad).unwrap_err();
        assert!(!e.is_empty(), "{bad}");
    }
    assert!(q
        .parse_guess("-5")
        .unwrap_err()
        .contains("between 0 and 100"));
    let g = q.grade(1_800.0, 2_000.0);
    assert!((g.error - 0.1).abs() < 1e-9 && g.close && g.misconception.is_none());
    let g = q.grade(100.0, 2_000.0);
    assert!(!g.close && g.misconception == Some("the queue keeps them"));
    let g = q.grade(5_000.0, 2_000.0);
    assert!(!g.close && g.misconception.is_none(), "{g:?}");
    // The engine measured nothing: the error is the plain difference.
    assert_eq!(q.grade(3.0, 0.0).error, 3.0);
}

/// The messages to a course page: their documented shape, the xAPI statement beside each
/// event, and which origins `parent_origin` may name.
#[test]
fn course_page_messages_have_their_documented_shape() {
    use scaling_lab::course::messages::{progress, resize, valid_origin, Answer, Progress};
    let [ours, canvas] = resize(812);
    assert_eq!(
        ours,
        r#"{"type":"scaling-lab:resize","version":1,"height":812}"#
    );
    assert_eq!(canvas, r#"{"subject":"lti.frameResize","height":812}"#);
    let read = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let m = read(progress(
        &Progress::StepAnswered {
            lab: "async".to_owned(),
            step: 4,
            title: "The email service goes down".to_owned(),
            answer: Answer::Guess(1_900.0),
            right: true,
            figure: Some(1_933.0),
            figures: "1 933 emails waiting".to_owned(),
        },
        "https://h/lab/?lab=async&step=4&embed=1",
    ));
    assert_eq!(m["type"], "scaling-lab:progress");
    assert_eq!(m["version"], 1);
    assert_eq!(m["event"]["kind"], "step-answered");
    assert_eq!(m["event"]["answer"]["guess"], 1_900.0);
    assert_eq!(m["event"]["figure"], 1_933.0);
    let s = &m["statement"];
    assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
    assert_eq!(
        s["object"]["id"],
        "https://h/lab/?lab=async&step=4&embed=1#step-4"
    );
    assert_eq!(s["result"]["success"], true);
    assert!(s.get("actor").is_none(), "the actor is the host's to add");
    let failed = read(progress(
        &Progress::ChallengeChecked {
            lab: "async".to_owned(),
            challenge: "rush".to_owned(),
            pass: false,
            measured: "68.8 % refused".to_owned(),
            link: None,
        },
        "https://h/lab/?lab=async",
    ));
    assert_eq!(
        failed["statement"]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed"
    );
    for ok in [
        "https://course.example.org",
        "http://127.0.0.1:8080",
        "https://a-b.c",
    ] {
        assert!(valid_origin(ok), "{ok}");
    }
    for bad in [
        "",
        "*",
        "course.example.org",
        "https://",
        "https://a.b/path",
        "javascript:alert(1)",
        "https://a.b:99999999",
        "https://a b",
        "https://a.b:",
    ] {
        assert!(!valid_origin(bad), "{bad}");
    }
}

/// `parent_origin` is kept in the page and its link when it is an origin, and named in a
/// notice (messages then go to any origin) when it is not.
#[test]
fn a_link_names_the_origin_its_messages_go_to() {
    scaling_lab::labs::register_all();
    let (page, notices) =
        Page::from_query("lab=async&embed=1&parent_origin=https://course.example.org");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(
        page.parent_origin.as_deref(),
        Some("https://course.example.org")
    );
    assert_eq!(Page::from_query(&page.to_query()).0, page);
    let (page, notices) = Page::from_query("lab=async&embed=1&parent_origin=<script>");
    assert_eq!(page.parent_origin, None);
    assert_eq!(
        notices.iter().map(|n| n.key.as_str()).collect::<Vec<_>>(),
        ["parent_origin"]
    );
}
