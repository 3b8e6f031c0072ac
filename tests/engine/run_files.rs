//! Run files: a run exported and imported arrives at the same state hash; a file that is
//! not a run of this lab is refused with a message naming what is wrong, never a panic.

use proptest::prelude::*;
use scaling_lab::labs::backpressure::params::Params;
use scaling_lab::link::run_file::{RunFile, RunFileError};

type Case = (&'static str, String, fn(&RunFileError) -> bool);
use scaling_lab::labs::{with_timeline, WithTimeline};
use scaling_lab::link::registry::{Lab, LabParams, Page};
use scaling_lab::sim::backpressure::BackpressureAction;
use scaling_lab::sim::timeline::{Replay, Timeline};

/// Opens the run a page describes and returns its state hash at its `t`.
fn hash_at_t(page: &Page) -> u64 {
    struct HashAt(f64);
    impl WithTimeline for HashAt {
        type Out = u64;
        fn run<S: Replay>(self, run: Timeline<S>) -> u64 {
            run.at_second(self.0).state().state_hash()
        }
    }
    page.lab.as_ref().map_or(0, |lab| {
        let t = lab.clone().run_mut().t;
        with_timeline(lab, HashAt(t)).unwrap_or(0)
    })
}

fn exported() -> RunFile {
    scaling_lab::labs::register_all();
    let (page, _) = Page::from_query("lab=backpressure&seed=9&producer_rate=8000&arrivals=poisson&workers=1&policy=reject&capacity=500");
    let Some(p) = page.lab.as_ref().and_then(|l| {
        l.get::<scaling_lab::labs::backpressure::params::Params>()
            .cloned()
    }) else {
        unreachable!()
    };
    let mut run = p.start();
    run.run_to_tick(1_200);
    run.act(BackpressureAction::Workers(3)).unwrap();
    run.run_to_tick(2_500);
    run.act(BackpressureAction::Policy(
        scaling_lab::sim::queue::OverflowPolicy::DropOldest,
    ))
    .unwrap();
    run.run_to_tick(4_000);
    let with = Page {
        lab: Some(LabParams::new(Params {
            actions: run.actions().to_vec(),
            ..p
        })),
        ..page
    };
    RunFile {
        lab: "backpressure".to_owned(),
        link: with.to_query(),
        t_s: 4.0,
        state_hash: run.state().state_hash(),
    }
}

#[test]
fn an_exported_run_imports_to_the_same_state_hash() {
    scaling_lab::labs::register_all();
    let file = exported();
    let read = RunFile::parse(&file.to_json()).unwrap();
    assert_eq!(read, file);
    let (page, notices) = Page::from_run_file(&read, Lab::Backpressure).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(hash_at_t(&page), file.state_hash);
}

#[test]
fn event_sourcing_runs_with_hand_commands_round_trip() {
    scaling_lab::labs::register_all();
    let q = "lab=event-sourcing&seed=5&command_rate=30&actions=0O0_100D0.200_150W0.50_200X0.100_1300r50&v2_at=1";
    let (page, notices) = Page::from_query(q);
    assert!(notices.is_empty(), "{notices:?}");
    let Some(mut p) = page.lab.as_ref().and_then(|l| {
        l.get::<scaling_lab::labs::event_sourcing::params::Params>()
            .cloned()
    }) else {
        unreachable!()
    };
    p.run.t = 2.0;
    let hash = Replay::state_hash(p.start().state());
    let file = RunFile {
        lab: "event-sourcing".to_owned(),
        link: page.to_query(),
        t_s: 2.0,
        state_hash: hash,
    };
    let (again, _) = Page::from_run_file(
        &RunFile::parse(&file.to_json()).unwrap(),
        Lab::EventSourcing,
    )
    .unwrap();
    assert_eq!(hash_at_t(&again), hash);
    // The other lab's page refuses it, naming both.
    let err = Page::from_run_file(&file, Lab::Backpressure).unwrap_err();
    assert!(
        err.contains("event-sourcing") && err.contains("backpressure"),
        "{err}"
    );
}

#[test]
fn hostile_files_are_refused_with_a_reason() {
    let good = exported().to_json();
    let junk = "x".repeat(10 << 20);
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = good.replacen(
        "\"lab\"",
        &format!(
            "\"deep\": {}1{}, \"lab\"",
            "{\"a\":".repeat(5_000),
            "}".repeat(5_000)
        ),
        1,
    );
    let newer = good.replace("\"version\": 1", "\"version\": 7");
    let huge_t = RunFile {
        t_s: 1e308,
        ..exported()
    }
    .to_json();
    let cases: Vec<Case> = vec![
        ("10 MB of junk", junk, |e| {
            matches!(e, RunFileError::TooLarge(_))
        }),
        ("nested arrays", nested, |e| {
            matches!(e, RunFileError::NotJson(..))
        }),
        (
            "a deep object",
            deep_object,
            |e| matches!(e, RunFileError::NotJson(_, _, why) if why.contains("nested")),
        ),
        ("truncated", good[..good.len() / 2].to_owned(), |e| {
            matches!(e, RunFileError::NotJson(..))
        }),
        ("newer", newer, |e| matches!(e, RunFileError::Newer(7))),
        ("huge t", huge_t, |e| {
            matches!(e, RunFileError::Field("t_s"))
        }),
        ("not a run", "{\"format\": \"other\"}".to_owned(), |e| {
            *e == RunFileError::NotARun
        }),
        (
            "empty",
            String::new(),
            |e| matches!(e, RunFileError::NotJson(1, 0, why) if why.contains("ends")),
        ),
    ];
    for (name, text, expected) in cases {
        let err = RunFile::parse(&text).expect_err(name);
        assert!(expected(&err), "{name}: {err:?}");
        assert!(!err.to_string().is_empty());
    }
}

/// The replay's verdict is a pure function: the file's own run, replayed, proves it; a file
/// whose recorded hash differs by one bit is refused, naming both hashes.
#[test]
fn a_replay_that_misses_the_recorded_hash_is_refused() {
    scaling_lab::labs::register_all();
    let file = exported();
    let (page, _) = Page::from_run_file(&file, Lab::Backpressure).unwrap();
    let replayed = hash_at_t(&page);
    assert_eq!(file.check_replay(replayed), Ok(()));
    let mut edited = file;
    edited.state_hash ^= 1;
    let (page, _) = Page::from_run_file(&edited, Lab::Backpressure).unwrap();
    let err = edited.check_replay(hash_at_t(&page)).unwrap_err();
    assert_eq!(
        err,
        RunFileError::Mismatch {
            recorded: edited.state_hash,
            replayed
        }
    );
    assert!(err.to_string().contains(&format!("{replayed:016x}")));
}

/// A file written by the page before its writer and reader were serde's opens as it did.
#[test]
fn a_file_from_the_earlier_writer_still_opens() {
    let earlier = "{\n  \"format\": \"scaling-lab-run\",\n  \"version\": 1,\n  \"lab\": \"backpressure\",\n  \"link\": \"lab=backpressure&seed=9\",\n  \"t_s\": 4,\n  \"state_hash\": \"00ff00ff00ff00ff\"\n}\n";
    let file = RunFile::parse(earlier).unwrap();
    assert_eq!(
        file,
        RunFile {
            lab: "backpressure".to_owned(),
            link: "lab=backpressure&seed=9".to_owned(),
            t_s: 4.0,
            state_hash: 0x00ff_00ff_00ff_00ff,
        }
    );
    assert_eq!(RunFile::parse(&file.to_json()).unwrap(), file);
}

/// `base` with `edits`: each inserts, removes or replaces one character (for the fuzzers).
pub(crate) fn mutate(base: &str, edits: Vec<(prop::sample::Index, char, u8)>) -> String {
    let mut text: Vec<char> = base.chars().collect();
    for (at, c, how) in edits {
        let i = at.index(text.len() + 1);
        match how {
            0 => text.insert(i, c),
            1 if i < text.len() => {
                text.remove(i);
            }
            _ if i < text.len() => text[i] = c,
            _ => text.push(c),
        }
    }
    text.into_iter().collect()
}

/// Up to eight edits for [`mutate`].
pub(crate) fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, char, u8)>> {
    prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0u8..3), 0..8)
}

/// The exported file, made once: the fuzz cases mutate it.
static EXPORTED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| exported().to_json());

proptest! {
    // Cheap cases: parsing is microseconds; one in 50 also opens the run.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Mutated and random run files: each either opens a run or is refused with a reason.
    #[test]
    fn mutated_run_files_open_or_name_what_is_wrong(
        edits in edits(),
        random in prop::option::weighted(0.1, ".{0,200}"),
        open in 0u8..50,
    ) {
        let text = random.unwrap_or_else(|| mutate(&EXPORTED, edits));
        match RunFile::parse(&text) {
            Err(e) => prop_assert!(!e.to_string().is_empty()),
            Ok(file) => {
                if let Ok((mut page, _)) = Page::from_run_file(&file, Lab::Backpressure) {
                    if open == 0 {
                        if let Some(p) = page.lab.as_mut().and_then(|l| l.get_mut::<scaling_lab::labs::backpressure::params::Params>()) {
                            p.run.t = p.run.t.min(0.2);
                        }
                        hash_at_t(&page);
                    }
                }
            }
        }
    }
}
