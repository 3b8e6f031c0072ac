//! Steps and challenges a course author writes: the same "predict, then see" steps as the
//! built-in ones, decided by a [`Rule`] over the lab's named figures instead of code. They
//! come in a link (`authored=`, the course as JSON) or in a course file beside the site
//! (`course=`), in one format, [`Course`].
//!
//! Everything here is untrusted input: every length is bounded, each problem is named, and a
//! step with a problem is left out while the rest of the course opens.

use serde::{Deserialize, Serialize};

use super::rule::{self, Rule};
use super::{leak, ChallengeText, LabGuide, NumberQuestion, Observed, Preset, StepText, Verdict};
use crate::link::Notice;

/// The course format this page reads.
pub const FORMAT: u32 = 1;
/// The largest course file, bytes.
pub const MAX_COURSE_BYTES: usize = 64 * 1024;
/// The longest link the page writes for an authored step, characters; longer goes to a
/// course file.
pub const MAX_LINK_CHARS: usize = 8_000;
/// Most steps in a course (over all its labs).
pub const MAX_STEPS: usize = 24;
/// Most challenges in a course.
pub const MAX_CHALLENGES: usize = 12;
/// The shortest and longest run of a step or challenge, simulated seconds.
pub const RUN_S: (f64, f64) = (0.5, super::MAX_RUN_S);

/// A course: its title, and its steps and challenges over one or several labs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// [`FORMAT`].
    pub format: u32,
    /// What the course is called; the guide panel names it as the steps' author.
    pub title: String,
    /// In order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<AuthoredStep>,
    /// In order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub challenges: Vec<AuthoredChallenge>,
}

/// A "predict, then see" step: choices, or a figure to guess.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthoredStep {
    /// The lab it runs in (`lab=` of its links). Left out in a link: the link's lab.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<String>,
    pub title: String,
    /// The lab's link parameters the step starts from (settings, seed, actions).
    pub setup: String,
    /// What the learner reads before predicting.
    pub setting: String,
    /// Simulated seconds the lab runs before the reveal.
    pub run_s: f64,
    pub question: String,
    /// Two to four choices; empty for a number step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// The right choice (0-based); the rule must hold in the step's run.
    #[serde(default)]
    pub answer: usize,
    /// For choices: the rule that holds when `answer` is right. For a number step: the
    /// name of the figure the guess is graded against.
    pub rule: String,
    /// A prediction in numbers instead of choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<AuthoredNumber>,
    /// Why, shown with the engine's figures.
    pub explain: String,
}

/// A number step's field: its unit, the guesses it takes, and how close counts as close.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthoredNumber {
    pub unit: String,
    pub min: f64,
    pub max: f64,
    /// A guess within this relative error of the engine's figure is close (0.25: 25 %).
    pub band: f64,
}

/// A goal the engine checks on the learner's settings, by a rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthoredChallenge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<String>,
    /// Stable id: letters, digits, `-` and `_`.
    pub id: String,
    pub title: String,
    pub goal: String,
    #[serde(default)]
    pub hint: String,
    /// Where it starts: the lab's link parameters.
    pub start: String,
    pub run_s: f64,
    /// Passed when it holds on the learner's settings.
    pub rule: String,
}

/// The longest of each text, characters.
mod max {
    pub const TITLE: usize = 100;
    pub const SETUP: usize = 1_500;
    pub const TEXT: usize = 600;
    pub const QUESTION: usize = 240;
    pub const CHOICE: usize = 160;
    pub const EXPLAIN: usize = 1_000;
    pub const UNIT: usize = 20;
    pub const ID: usize = 40;
}

/// Refuses `text` (the field `field`) when it is longer than `max` characters or, unless
/// `may_be_empty`, empty.
fn bounded(field: &str, text: &str, max: usize, may_be_empty: bool) -> Result<(), String> {
    let n = text.chars().count();
    if n > max {
        return Err(format!("“{field}” is {n} characters long; at most {max}"));
    }
    if !may_be_empty && text.trim().is_empty() {
        return Err(format!("“{field}” is empty"));
    }
    Ok(())
}

/// Link keys a step's setup may not set: the page's own (which lab, which step, embedding,
/// the authored steps themselves) and the moment (a step runs from its start).
const SHELL_KEYS: [&str; 13] = [
    "lab",
    "step",
    "embed",
    "parent_origin",
    "vs",
    "author",
    "authored",
    "course",
    "t",
    "paused",
    "speed",
    "guide",
    "exp",
];

/// A lab query with the page's own keys taken out.
pub fn lab_query(query: &str) -> String {
    let kept: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .take(64)
            .filter(|(k, _)| !SHELL_KEYS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &kept {
        out.append_pair(k, v);
    }
    out.finish()
}

fn run_s(run_s: f64) -> Result<(), String> {
    if !(RUN_S.0..=RUN_S.1).contains(&run_s) {
        return Err(format!(
            "“run_s” is {run_s}; a run lasts {} to {} simulated seconds",
            RUN_S.0, RUN_S.1
        ));
    }
    Ok(())
}

/// How an authored step or challenge is decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Judge {
    /// A rule over figures.
    Rule(Rule),
    /// The figure a guess is graded against.
    Figure(String),
}

impl Judge {
    /// The figures it reads.
    pub fn metrics(&self) -> Vec<&str> {
        match self {
            Self::Rule(r) => r.metrics(),
            Self::Figure(f) => vec![f.as_str()],
        }
    }
}

impl AuthoredStep {
    /// Checks the step's shape and bounds, and reads its rule.
    pub fn check(&self) -> Result<Judge, String> {
        bounded("title", &self.title, max::TITLE, false)?;
        bounded("setup", &self.setup, max::SETUP, true)?;
        bounded("setting", &self.setting, max::TEXT, true)?;
        bounded("question", &self.question, max::QUESTION, false)?;
        bounded("explain", &self.explain, max::EXPLAIN, true)?;
        run_s(self.run_s)?;
        match &self.number {
            Some(n) => {
                if !self.choices.is_empty() {
                    return Err("a step has choices or a number to guess, not both".to_owned());
                }
                bounded("unit", &n.unit, max::UNIT, true)?;
                if !(n.min.is_finite() && n.max.is_finite() && n.min < n.max) {
                    return Err("a number step's “min” must be below its “max”".to_owned());
                }
                if !(n.band > 0.0 && n.band <= 10.0) {
                    return Err("a number step's “band” is a relative error above 0 and at most 10 (0.25 is 25 %)".to_owned());
                }
                Ok(Judge::Figure(
                    rule::metric_name(&self.rule).map_err(|e| format!("“rule”: {e}"))?,
                ))
            }
            None => {
                if !(2..=4).contains(&self.choices.len()) {
                    return Err(format!(
                        "a step has 2 to 4 choices, not {}",
                        self.choices.len()
                    ));
                }
                for c in &self.choices {
                    bounded("choices", c, max::CHOICE, false)?;
                }
                if self.answer >= self.choices.len() {
                    return Err(format!(
                        "“answer” is {}; the choices are numbered 0 to {}",
                        self.answer,
                        self.choices.len() - 1
                    ));
                }
                Ok(Judge::Rule(
                    Rule::parse(&self.rule).map_err(|e| format!("“rule”: {e}"))?,
                ))
            }
        }
    }
}

impl AuthoredChallenge {
    /// Checks the challenge's shape and bounds, and reads its rule.
    pub fn check(&self) -> Result<Rule, String> {
        bounded("id", &self.id, max::ID, false)?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err("“id” takes letters, digits, - and _ only".to_owned());
        }
        bounded("title", &self.title, max::TITLE, false)?;
        bounded("goal", &self.goal, max::TEXT, false)?;
        bounded("hint", &self.hint, max::TEXT, true)?;
        bounded("start", &self.start, max::SETUP, true)?;
        run_s(self.run_s)?;
        Rule::parse(&self.rule).map_err(|e| format!("“rule”: {e}"))
    }
}

impl Course {
    /// Reads a course from its JSON text: the format, the size bounds, and the shape; what is
    /// wrong with a single step is left to [`AuthoredGuide::build`], which leaves that step
    /// out and names it.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() > MAX_COURSE_BYTES {
            return Err(format!(
                "the course is {} KB; at most {} KB",
                text.len().div_ceil(1024),
                MAX_COURSE_BYTES / 1024
            ));
        }
        let course: Self = serde_json::from_str(text).map_err(|e| {
            format!(
                "the course is not in the course format (line {}, column {}): {}",
                e.line(),
                e.column(),
                crate::text::clip(&e.to_string(), 160)
            )
        })?;
        if course.format != FORMAT {
            return Err(format!(
                "the course is in format {}; this page reads format {FORMAT}",
                course.format
            ));
        }
        bounded("title", &course.title, max::TITLE, false)?;
        if course.steps.len() > MAX_STEPS {
            return Err(format!(
                "the course has {} steps; at most {MAX_STEPS}",
                course.steps.len()
            ));
        }
        if course.challenges.len() > MAX_CHALLENGES {
            return Err(format!(
                "the course has {} challenges; at most {MAX_CHALLENGES}",
                course.challenges.len()
            ));
        }
        Ok(course)
    }

    /// The course as JSON (what a link's `authored=` and a course file hold).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The course as a file to read and edit.
    pub fn to_file(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// One figure a lab measured, by its `data-metric` name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// Decimal places the lab shows it with.
    pub decimals: usize,
    pub value: f64,
}

/// Runs a lab headless: a link of the lab (its page's own keys, such as `lab=` and `t=`, are
/// taken out), for `run_s` simulated
/// seconds from the start, with the link's changes of setting folded into the start when
/// `settled` (a challenge judges settings, not the path to them). `None` when the
/// parameters are another scene's.
pub type Measure = fn(query: &str, run_s: f64, settled: bool) -> Option<Vec<Measured>>;

/// The value of figure `name` among `figures`.
pub fn value_of(figures: &[Measured], name: &str) -> Option<f64> {
    figures.iter().find(|m| m.name == name).map(|m| m.value)
}

/// The figures `names` read, in words, as the lab shows them: "Label (name): 1234 unit; …".
pub fn figures_text(figures: &[Measured], names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| figures.iter().find(|m| m.name == *n))
        .map(|m| {
            let unit = if m.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", m.unit)
            };
            format!("{} ({}): {:.*}{unit}", m.label, m.name, m.decimals, m.value)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks that the lab measures every figure `judge` reads, on the run `query` starts.
fn known(measure: Measure, query: &str, judge: &Judge) -> Result<(), String> {
    let figures = measure(query, 0.0, false)
        .ok_or("its setup opens another scene of the lab than the one it was written for")?;
    match judge
        .metrics()
        .into_iter()
        .find(|n| value_of(&figures, n).is_none())
    {
        None => Ok(()),
        Some(n) => {
            let names: Vec<&str> = figures.iter().map(|m| m.name).take(40).collect();
            Err(format!(
                "“rule”: {}; it measures {}",
                rule::unknown(n),
                names.join(", ")
            ))
        }
    }
}

struct Step {
    text: StepText,
    judge: Judge,
}

struct Challenge {
    text: ChallengeText,
    rule: Rule,
}

/// A lab's part of a course, shown by the guide panel like a built-in guide.
pub struct AuthoredGuide {
    title: &'static str,
    steps: Vec<Step>,
    challenges: Vec<Challenge>,
    measure: Measure,
}

/// What building an authored guide found: the guide (if any step or challenge of this lab is
/// usable), what was left out and why, and the course's other labs.
pub struct Built {
    pub guide: Option<AuthoredGuide>,
    /// Each as a notice: `key` names the step or challenge, `message` what is wrong.
    pub problems: Vec<Notice>,
    /// The other labs the course has steps or challenges in, each once, in order.
    pub elsewhere: Vec<String>,
}

impl AuthoredGuide {
    /// The steps and challenges of `course` in `lab` (those without a lab count as
    /// `lab`'s), each checked: its shape, its rule, and the figures the lab measures.
    pub fn build(course: &Course, lab: &str, measure: Measure) -> Built {
        let mut problems = Vec::new();
        let mut elsewhere: Vec<String> = Vec::new();
        let mut here = |item_lab: &Option<String>| match item_lab {
            Some(l) if l != lab => {
                let l: String = l.chars().take(40).collect();
                if !elsewhere.contains(&l) {
                    elsewhere.push(l);
                }
                false
            }
            _ => true,
        };
        let steps = usable(
            &course.steps,
            "step",
            |s| here(&s.lab),
            &mut problems,
            |s| {
                let setup = lab_query(&s.setup);
                let judge = s.check()?;
                known(measure, &setup, &judge)?;
                Ok(Step {
                    text: step_text(s, &setup),
                    judge,
                })
            },
        );
        let challenges = usable(
            &course.challenges,
            "challenge",
            |c| here(&c.lab),
            &mut problems,
            |c| {
                let start = lab_query(&c.start);
                let rule = c.check()?;
                known(measure, &start, &Judge::Rule(rule.clone()))?;
                Ok(Challenge {
                    text: ChallengeText {
                        id: leak(&c.id),
                        title: leak(&c.title),
                        goal: leak(&c.goal),
                        hint: leak(&c.hint),
                        start: leak(&start),
                        run_s: c.run_s,
                        keeps: None,
                    },
                    rule,
                })
            },
        );
        let guide = (!steps.is_empty() || !challenges.is_empty()).then(|| Self {
            title: leak(&course.title),
            steps,
            challenges,
            measure,
        });
        Built {
            guide,
            problems,
            elsewhere,
        }
    }
}

/// What `make` makes of each of `items` that is in this lab (`here`); each it refuses is
/// named in `problems` as `kind` and its number in the course.
fn usable<T, U>(
    items: &[T],
    kind: &str,
    mut here: impl FnMut(&T) -> bool,
    problems: &mut Vec<Notice>,
    make: impl Fn(&T) -> Result<U, String>,
) -> Vec<U> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate().filter(|(_, x)| here(x)) {
        match make(item) {
            Ok(u) => out.push(u),
            Err(message) => problems.push(Notice {
                key: format!("{kind} {}", i + 1),
                message,
            }),
        }
    }
    out
}

fn step_text(s: &AuthoredStep, setup: &str) -> StepText {
    let choices: Vec<&'static str> = s.choices.iter().map(|c| leak(c)).collect();
    StepText {
        title: leak(&s.title),
        setup: leak(setup),
        setting: leak(&s.setting),
        run_s: s.run_s,
        question: leak(&s.question),
        choices: Box::leak(choices.into_boxed_slice()),
        answer: s.answer,
        number: s.number.as_ref().map(|n| NumberQuestion {
            unit: leak(&n.unit),
            min: n.min,
            max: n.max,
            band: n.band,
            misconception: None,
        }),
        explain: leak(&s.explain),
    }
}

/// What a step's run showed: whether its rule held, and the figures it read.
pub fn observe(judge: &Judge, figures: &[Measured]) -> Observed {
    let names = judge.metrics();
    let text = figures_text(figures, &names);
    match judge {
        Judge::Figure(f) => Observed {
            holds: true,
            figures: text,
            value: value_of(figures, f),
        },
        Judge::Rule(r) => match r.holds(|n| value_of(figures, n)) {
            Ok(holds) => Observed {
                holds,
                figures: text,
                value: None,
            },
            Err(e) => Observed {
                holds: false,
                figures: e,
                value: None,
            },
        },
    }
}

impl LabGuide for AuthoredGuide {
    fn step_count(&self) -> usize {
        self.steps.len()
    }

    fn step(&self, i: usize) -> Option<&StepText> {
        self.steps.get(i).map(|s| &s.text)
    }

    fn reveal(&self, i: usize) -> Option<Observed> {
        let s = self.steps.get(i)?;
        let figures = (self.measure)(s.text.setup, s.text.run_s, false)?;
        Some(observe(&s.judge, &figures))
    }

    fn challenge_count(&self) -> usize {
        self.challenges.len()
    }

    fn presets(&self) -> &[Preset] {
        &[]
    }

    fn challenge(&self, i: usize) -> Option<&ChallengeText> {
        self.challenges.get(i).map(|c| &c.text)
    }

    fn check(&self, i: usize, query: &str) -> Option<(Verdict, Vec<Notice>)> {
        let c = self.challenges.get(i)?;
        let figures = (self.measure)(query, c.text.run_s, true)?;
        let verdict = match c.rule.holds(|n| value_of(&figures, n)) {
            Ok(pass) => Verdict {
                pass,
                measured: figures_text(&figures, &c.rule.metrics()),
            },
            Err(e) => Verdict {
                pass: false,
                measured: e,
            },
        };
        Some((verdict, Vec::new()))
    }

    fn author(&self) -> Option<&str> {
        Some(self.title)
    }
}
