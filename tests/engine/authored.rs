//! Steps and challenges course authors write: the rule language, the course format and its
//! bounds, the guide they make (with a stand-in for the page's headless run), the link keys
//! that carry them, and fuzzed links and course files.

use crate::run_files::{edits, mutate};
use proptest::prelude::*;
use scaling_lab::course::authored::{
    AuthoredGuide, AuthoredStep, Course, Measured, FORMAT, MAX_COURSE_BYTES,
};
use scaling_lab::course::rule::{metric_name, Rule};
use scaling_lab::course::LabGuide;
use scaling_lab::link::registry::{Authored, Lab, Page};
use scaling_lab::link::{valid_course_path, MAX_AUTHORED};

/// The example course the site serves beside the page (`courses/example.json`).
const EXAMPLE: &str = include_str!("../../docs/courses/example.json");

/// Stands in for the page's headless run: the queue grows 2,000 a second from its start, and
/// a link with `scene=timeline` opens another engine.
fn measure(query: &str, run_s: f64, settled: bool) -> Option<Vec<Measured>> {
    if query.contains("scene=timeline") {
        return None;
    }
    let figure = |name, value| Measured {
        name,
        label: "A figure",
        unit: "msg",
        decimals: 0,
        value,
    };
    Some(vec![
        figure("queue_depth", 2_000.0 * run_s),
        figure("rejected_total", 0.0),
        figure("settled", if settled { 1.0 } else { 0.0 }),
    ])
}

fn holds(rule: &str, depth: f64) -> Result<bool, String> {
    Rule::parse(rule)?.holds(|n| match n {
        "queue_depth" => Some(depth),
        "rejected_total" => Some(0.0),
        _ => None,
    })
}

#[test]
fn rules_compare_figures_with_and_binding_tighter_than_or() {
    assert_eq!(holds("queue_depth > 1000", 1500.0), Ok(true));
    assert_eq!(holds("queue_depth > 1_000", 900.0), Ok(false));
    assert_eq!(
        holds("queue_depth>=1e3 && rejected_total == 0", 1000.0),
        Ok(true)
    );
    assert_eq!(
        holds(
            "queue_depth < 10 or queue_depth > 100 and rejected_total > 0",
            500.0
        ),
        Ok(false)
    );
    assert_eq!(
        holds("queue_depth < 10 OR rejected_total = 0", 500.0),
        Ok(true)
    );
    assert_eq!(holds("rejected_total < queue_depth", 1.0), Ok(true));
    assert_eq!(holds("queue_depth != 500", 500.0), Ok(false));
    assert_eq!(holds("queue_depth <= -3", -3.0), Ok(true));
    let rule = Rule::parse("queue_depth > 1 and rejected_total < queue_depth").unwrap();
    assert_eq!(rule.metrics(), vec!["queue_depth", "rejected_total"]);
}

#[test]
fn a_bad_rule_is_named_not_guessed() {
    for (rule, says) in [
        ("", "a rule compares"),
        ("queue_depth", "a rule compares"),
        ("queue_depth >", "ends where"),
        ("queue_depth > > 3", "where a figure or a number belongs"),
        ("3 > 2", "a figure on one side"),
        ("queue_depth > 1 rejected_total < 2", "join comparisons"),
        ("queue_depth => 5", "where a figure or a number belongs"),
        ("queue_depth > 5; drop", "has no place"),
        ("queue_depth > 1x", "not a number"),
        ("<script>", "where a figure or a number belongs"),
    ] {
        let e = Rule::parse(rule).unwrap_err();
        assert!(e.contains(says), "{rule:?}: {e}");
    }
    let long = ["queue_depth > 1"; 9].join(" and ");
    assert!(Rule::parse(&long).unwrap_err().contains("at most 8"));
    assert!(Rule::parse(&"a".repeat(201))
        .unwrap_err()
        .contains("longer than 200"));
    assert!(holds("depht > 3", 1.0).unwrap_err().contains("“depht”"));
    assert_eq!(metric_name(" queue_depth ").unwrap(), "queue_depth");
    assert!(metric_name("queue_depth > 3")
        .unwrap_err()
        .contains("one figure"));
}

fn step() -> AuthoredStep {
    AuthoredStep {
        lab: None,
        title: "The queue grows".to_owned(),
        setup: "producer_rate=12000&t=40&lab=gateway&step=9".to_owned(),
        setting: "Two thousand more a second.".to_owned(),
        run_s: 10.0,
        question: "How deep?".to_owned(),
        choices: vec!["Deep".to_owned(), "Shallow".to_owned()],
        answer: 0,
        rule: "queue_depth > 15000".to_owned(),
        number: None,
        explain: "It grows.".to_owned(),
    }
}

fn course(steps: Vec<AuthoredStep>) -> Course {
    Course {
        format: FORMAT,
        title: "Tests".to_owned(),
        steps,
        challenges: Vec::new(),
    }
}

#[test]
fn an_authored_step_runs_like_a_built_in_one() {
    let mut number = step();
    number.choices.clear();
    number.rule = "queue_depth".to_owned();
    number.number = Some(scaling_lab::course::authored::AuthoredNumber {
        unit: "messages".to_owned(),
        min: 0.0,
        max: 1e6,
        band: 0.25,
    });
    let text = course(vec![step(), number]).to_json();
    let c = Course::parse(&text).unwrap();
    let built = AuthoredGuide::build(&c, "backpressure", measure);
    assert!(built.problems.is_empty(), "{:?}", built.problems);
    let g = built.guide.unwrap();
    assert_eq!(g.step_count(), 2);
    assert_eq!(g.author(), Some("Tests"));
    // The page's own keys are not the setup's: the step runs in its lab, from its start.
    assert_eq!(g.step(0).unwrap().setup, "producer_rate=12000");
    let seen = g.reveal(0).unwrap();
    assert!(seen.holds, "{seen:?}");
    assert_eq!(seen.figures, "A figure (queue_depth): 20000 msg");
    let seen = g.reveal(1).unwrap();
    assert_eq!(seen.value, Some(20_000.0));
    let q = g.step(1).unwrap().number.unwrap();
    assert!(q.grade(18_000.0, seen.value.unwrap()).close);
}

#[test]
fn what_is_wrong_with_a_step_is_named_and_the_rest_opens() {
    let mut unknown = step();
    unknown.rule = "depth_email > 3".to_owned();
    let mut one_choice = step();
    one_choice.choices.truncate(1);
    let mut answer = step();
    answer.answer = 5;
    let mut long = step();
    long.title = "x".repeat(101);
    let mut run = step();
    run.run_s = 1e9;
    let mut other_scene = step();
    other_scene.setup = "scene=timeline".to_owned();
    let mut elsewhere = step();
    elsewhere.lab = Some("gateway".to_owned());
    let c = course(vec![
        unknown,
        one_choice,
        answer,
        long,
        run,
        other_scene,
        elsewhere,
        step(),
    ]);
    let built = AuthoredGuide::build(&c, "backpressure", measure);
    let said: Vec<String> = built
        .problems
        .iter()
        .map(|n| format!("{}: {}", n.key, n.message))
        .collect();
    for (i, says) in [
        (
            1,
            "no figure “depth_email”; it measures queue_depth, rejected_total",
        ),
        (2, "2 to 4 choices"),
        (3, "“answer” is 5"),
        (4, "“title” is 101 characters"),
        (5, "a run lasts"),
        (6, "another scene"),
    ] {
        assert!(
            said.iter()
                .any(|s| s.starts_with(&format!("step {i}:")) && s.contains(says)),
            "step {i}: {said:?}"
        );
    }
    assert_eq!(built.elsewhere, vec!["gateway".to_owned()]);
    assert_eq!(built.guide.unwrap().step_count(), 1);
}

#[test]
fn an_authored_challenge_judges_the_learners_settled_run() {
    let text = r#"{"format":1,"title":"T","challenges":[
        {"id":"deep","title":"Deep","goal":"Grow it","start":"","run_s":30,"rule":"queue_depth > 50000 and settled == 1"},
        {"id":"bad id!","title":"Bad","goal":"x","start":"","run_s":30,"rule":"queue_depth > 1"}]}"#;
    let built = AuthoredGuide::build(&Course::parse(text).unwrap(), "backpressure", measure);
    assert!(
        built.problems[0].message.contains("“id”"),
        "{:?}",
        built.problems
    );
    let g = built.guide.unwrap();
    assert_eq!(g.challenge_count(), 1);
    let (verdict, _) = g
        .check(0, "lab=backpressure&step=2&t=3&producer_rate=1")
        .unwrap();
    assert!(verdict.pass, "{verdict:?}");
    assert!(verdict.measured.contains("60000"), "{verdict:?}");
}

#[test]
fn a_course_file_is_bounded_and_in_its_format() {
    for (text, says) in [
        ("", "not in the course format"),
        ("[]", "not in the course format"),
        (r#"{"format":2,"title":"T"}"#, "format 2"),
        (r#"{"format":1,"title":""}"#, "“title” is empty"),
        (r#"{"format":1,"title":"T","bogus":1}"#, "unknown field"),
        (
            r#"{"format":1,"title":"T","steps":{}}"#,
            "not in the course format",
        ),
    ] {
        let e = Course::parse(text).unwrap_err();
        assert!(e.contains(says), "{text:?}: {e}");
    }
    let many = course(vec![step(); 25]).to_json();
    assert!(Course::parse(&many).unwrap_err().contains("25 steps"));
    let huge = format!("{}{}", " ".repeat(MAX_COURSE_BYTES), "{}");
    assert!(Course::parse(&huge).unwrap_err().contains("KB"));
}

#[test]
fn the_example_course_opens_in_each_of_its_labs() {
    scaling_lab::labs::register_all();
    let c = Course::parse(EXAMPLE).unwrap();
    assert!(!c.steps.is_empty() && !c.challenges.is_empty());
    for s in &c.steps {
        let lab = s.lab.as_deref().unwrap();
        assert!(Lab::from_key(lab).is_some(), "{lab}");
        s.check().unwrap_or_else(|e| panic!("{}: {e}", s.title));
        let (_, notices) = Page::from_query(&format!("lab={lab}&{}", s.setup));
        assert!(notices.is_empty(), "{}: {notices:?}", s.title);
    }
    for ch in &c.challenges {
        ch.check().unwrap();
        let lab = ch.lab.as_deref().unwrap();
        let (_, notices) = Page::from_query(&format!("lab={lab}&{}", ch.start));
        assert!(notices.is_empty(), "{}: {notices:?}", ch.title);
    }
}

#[test]
fn links_carry_authored_steps_and_course_files() {
    scaling_lab::labs::register_all();
    let json = course(vec![step()]).to_json();
    let q = scaling_lab::link::build(&[
        ("lab", "backpressure".to_owned()),
        ("step", "1".to_owned()),
        ("authored", json.clone()),
    ]);
    let (page, notices) = Page::from_query(&q);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(page.authored, Some(Authored::Inline(json)));
    assert_eq!(Page::from_query(&page.to_query()).0, page);
    let (page, _) = Page::from_query("lab=gateway&course=courses/example.json&author=1");
    assert_eq!(
        page.authored,
        Some(Authored::File("courses/example.json".to_owned()))
    );
    assert!(page.author);
    assert!(page.to_query().contains("course=courses%2Fexample.json"));
    for bad in [
        "../secret.json",
        "/etc/x.json",
        "https://elsewhere.example/x.json",
        "a//b.json",
        "x.js",
        "a/./b.json",
    ] {
        assert!(!valid_course_path(bad), "{bad}");
        let (page, notices) = Page::from_query(&format!("lab=gateway&course={bad}"));
        assert_eq!(page.authored, None);
        assert!(
            notices.iter().any(|n| n.key == "course"),
            "{bad}: {notices:?}"
        );
    }
    let (page, notices) = Page::from_query(&format!(
        "lab=gateway&authored={}",
        "x".repeat(MAX_AUTHORED + 1)
    ));
    assert_eq!(page.authored, None);
    assert!(notices
        .iter()
        .any(|n| n.key == "authored" && n.message.contains("course file")));
}

/// A course in a link, made once: the fuzz cases mutate it.
static LINKED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    scaling_lab::link::build(&[
        ("lab", "backpressure".to_owned()),
        ("step", "1".to_owned()),
        ("authored", course(vec![step()]).to_json()),
    ])
});

/// Opens what a page would: the course, then this lab's guide of it, revealing each step.
fn open(text: &str) -> Result<(), String> {
    let c = Course::parse(text)?;
    let built = AuthoredGuide::build(&c, "backpressure", measure);
    for n in &built.problems {
        assert!(!n.message.is_empty());
    }
    if let Some(g) = built.guide {
        for i in 0..g.step_count() {
            g.reveal(i);
        }
        for i in 0..g.challenge_count() {
            g.check(i, "producer_rate=5");
        }
    }
    Ok(())
}

proptest! {
    // Cheap cases: parsing is microseconds.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Mutated and random links with authored steps: each opens a page whose course either
    /// opens or is refused with a reason.
    #[test]
    fn mutated_authored_links_open_or_name_what_is_wrong(
        edits in edits(),
        random in prop::option::weighted(0.1, ".{0,300}"),
    ) {
        scaling_lab::labs::register_all();
        let q = random.unwrap_or_else(|| mutate(&LINKED, edits));
        let (page, _) = Page::from_query(&q);
        if let Some(Authored::Inline(json)) = &page.authored {
            if let Err(e) = open(json) {
                prop_assert!(!e.is_empty());
            }
        }
    }

    /// Mutated and random course files: each opens or is refused with a reason.
    #[test]
    fn mutated_course_files_open_or_name_what_is_wrong(
        edits in edits(),
        random in prop::option::weighted(0.1, ".{0,300}"),
    ) {
        let text = random.unwrap_or_else(|| mutate(EXAMPLE, edits));
        if let Err(e) = open(&text) {
            prop_assert!(!e.is_empty());
        }
    }
}
