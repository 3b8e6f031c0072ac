//! The course around the labs: guided "predict, then see" steps, challenges the engine
//! checks, the learner's progress and the embed snippet. Pure data and logic, tested
//! natively; the shell (`src/shell/`) shows it.
//!
//! A step or a challenge never carries canned numbers: it names a lab configuration, runs
//! the lab's own engine headless on it, and reads the figures off the engine.

pub mod authored;
pub mod experiment;
pub mod messages;
pub mod progress;
pub mod rule;
pub mod tour;

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use crate::link::{Link, Notice};

/// A lab engine the course can drive headless: built from the lab's own link parameters, so
/// a step's run is exactly the run the lab shows for the same link.
pub trait Engine: Sized {
    /// Builds the run a link describes (without `lab=`), advanced to its `t`, with the
    /// notices for whatever the link could not say.
    fn open(link: &mut Link) -> Self;
    /// The same, with the learner's settings in force from the start: every setting the
    /// link's action log changes is folded into the starting configuration, and only
    /// commands keep their moment. A challenge checks "my settings", not the path to them.
    fn open_settled(link: &mut Link) -> Self {
        Self::open(link)
    }
    /// Runs on to simulated second `t_s` (never backwards).
    fn run_to(&mut self, t_s: f64);
}

/// Folds every setting an action log reaches into the starting configuration and keeps only
/// the commands, at their moment: a challenge judges the learner's settings, not the path to
/// them. `setting` gives the configuration after an action, or `None` for a command.
pub fn settle<C: Copy, A: Copy>(
    config: &mut C,
    actions: &mut Vec<(u64, A)>,
    setting: impl Fn(C, A) -> Option<C>,
) {
    actions.retain(|(_, a)| match setting(*config, *a) {
        Some(c) => {
            *config = c;
            false
        }
        None => true,
    });
}

/// What the engine showed at the end of a step's run.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// Whether the step's stated answer held in this run.
    pub holds: bool,
    /// The measured figures, in words.
    pub figures: String,
    /// The engine's figure a number question is graded against, in the question's unit;
    /// `None` for a step with choices.
    pub value: Option<f64>,
}

/// A prediction in numbers: the learner types a figure before the run, and the reveal sets
/// it beside the engine's, with how far off it was.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberQuestion {
    /// The figure's unit, shown beside the field ("messages", "ms", "%").
    pub unit: &'static str,
    /// The least guess the field takes.
    pub min: f64,
    /// The largest guess the field takes.
    pub max: f64,
    /// A guess within this relative error of the engine's figure is close (0.25: 25 %).
    pub band: f64,
    /// The misconception the question addresses, if any.
    #[serde(default)]
    pub misconception: Option<Misconception>,
}

/// A wrong idea a number question is written to catch: a guess near `value` falls for it.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    /// The figure the wrong idea leads to, in the question's unit.
    pub value: f64,
    /// What the wrong idea is, said to a learner whose guess falls for it.
    pub says: &'static str,
}

/// How a guess compares with the engine's figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grade {
    /// |guess - measured| / |measured| (the plain difference when the engine measured 0).
    pub error: f64,
    /// Within the question's band.
    pub close: bool,
    /// The misconception the guess fell for: not close, and nearer its value than the
    /// engine's figure.
    pub misconception: Option<&'static str>,
}

impl NumberQuestion {
    /// Reads what the learner typed: digits with an optional sign, decimal point and
    /// exponent; spaces and thousands separators (",", "_", thin spaces) are ignored. Anything
    /// else, or a figure outside the field's bounds, is refused with a message saying why.
    pub fn parse_guess(&self, typed: &str) -> Result<f64, String> {
        const MAX_TYPED: usize = 40;
        if typed.chars().count() > MAX_TYPED {
            return Err(format!(
                "That is too long for a number (at most {MAX_TYPED} characters)."
            ));
        }
        let plain: String = typed
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
            .collect();
        if plain.is_empty() {
            return Err("Type a number first.".to_owned());
        }
        let guess: f64 = plain
            .parse()
            .ok()
            .filter(|g: &f64| g.is_finite())
            .ok_or_else(|| "That is not a number: use digits, such as 1500 or 2.5.".to_owned())?;
        if guess < self.min || guess > self.max {
            return Err(format!(
                "Guess between {} and {} {}.",
                crate::text::group(self.min),
                crate::text::group(self.max),
                self.unit
            ));
        }
        Ok(guess)
    }

    /// Grades `guess` against the engine's `measured` figure.
    pub fn grade(&self, guess: f64, measured: f64) -> Grade {
        let off = (guess - measured).abs();
        let error = if measured == 0.0 {
            off
        } else {
            off / measured.abs()
        };
        let close = error <= self.band;
        let misconception = self
            .misconception
            .filter(|m| !close && (guess - m.value).abs() < off)
            .map(|m| m.says);
        Grade {
            error,
            close,
            misconception,
        }
    }
}

/// What a step says: everything but its engine.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepText {
    /// A short title.
    pub title: &'static str,
    /// The lab's link parameters this step opens with (no `lab`, no `step`).
    pub setup: &'static str,
    /// What the learner does or watches, before predicting.
    pub setting: &'static str,
    /// Simulated seconds the step runs before the answer is shown (at most [`MAX_RUN_S`]).
    pub run_s: f64,
    /// The question.
    pub question: &'static str,
    /// The answer choices.
    #[serde(default, deserialize_with = "leaked_list")]
    pub choices: &'static [&'static str],
    /// Index of the right choice.
    #[serde(default)]
    pub answer: usize,
    /// A prediction in numbers instead of choices (then `choices` is empty).
    #[serde(default)]
    pub number: Option<NumberQuestion>,
    /// Why, in a few sentences.
    pub explain: &'static str,
}

/// The outcome of checking a challenge.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Goal met.
    pub pass: bool,
    /// The measured figure(s) the verdict rests on, in words.
    pub measured: String,
}

/// What a challenge says: everything but its check.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeText {
    /// Stable id, used in links, progress and `data-challenge`.
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// The goal.
    pub goal: &'static str,
    /// A nudge, shown on request.
    pub hint: &'static str,
    /// Where the challenge starts: the lab's link parameters.
    pub start: &'static str,
    /// Simulated seconds the learner's configuration is run for (at most [`MAX_RUN_S`]).
    pub run_s: f64,
    /// The settings the challenge keeps fixed, in words; a run that changed them fails,
    /// saying so.
    #[serde(default)]
    pub keeps: Option<&'static str>,
}

/// How a challenge is judged: whether the learner's run kept the settings the challenge
/// fixes ([`ChallengeText::keeps`]), then whether it met the goal.
pub struct Check<S> {
    keeps: fn(&S) -> bool,
    judge: fn(&S) -> Verdict,
}

/// A challenge that fixes some settings (`keeps`) and is judged by `judge`.
pub const fn check<S>(keeps: fn(&S) -> bool, judge: fn(&S) -> Verdict) -> Check<S> {
    Check { keeps, judge }
}

/// A challenge that fixes no setting, or checks what it fixes itself.
pub const fn judged<S>(judge: fn(&S) -> Verdict) -> Check<S> {
    Check {
        keeps: |_| true,
        judge,
    }
}

pub use crate::link::MAX_ITEMS;
/// The longest run a step or a challenge may ask the engine for, simulated seconds.
pub const MAX_RUN_S: f64 = 120.0;

/// A step that asks the learner to act, and the same actions on the headless run.
pub type Prepare<S> = (usize, fn(&mut S));

/// A lab's guide: its words (presets, steps and challenges) in a JSON file beside the lab,
/// where anyone can edit them without reading Rust, and the code that reads the engine at
/// the end of each step and judges each challenge.
pub struct Guide<S: 'static> {
    /// The words, JSON in the shape of [`Words`].
    words: &'static str,
    /// What each step reads off the engine, in step order.
    observe: &'static [fn(&S) -> Observed],
    /// Steps that ask the learner to act: `(step, the same actions on the headless run)`.
    prepare: &'static [Prepare<S>],
    /// How each challenge is judged, in challenge order.
    check: &'static [Check<S>],
    /// The words, read on first use.
    read: OnceLock<Words>,
}

/// What a guide says.
#[derive(Debug, Default, Deserialize)]
// The texts are `&'static str` borrowed from the file, which is part of the program: a text
// must be written without backslash escapes (“ ” for quotes).
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Words {
    /// Named starting points for free play, in menu order.
    #[serde(default)]
    pub presets: Vec<Preset>,
    /// In order.
    #[serde(default)]
    pub steps: Vec<StepText>,
    /// In order.
    #[serde(default)]
    pub challenges: Vec<ChallengeText>,
}

/// A named configuration a learner can load with one click.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// What it shows.
    pub name: &'static str,
    /// The lab's link parameters.
    pub query: &'static str,
}

/// A hint for a text that cannot be borrowed from its file: it has a backslash escape.
pub(crate) fn escapes(e: &serde_json::Error) -> &'static str {
    if e.to_string().contains("borrowed") {
        " (write the text without backslash escapes: “ ” for quotes)"
    } else {
        ""
    }
}

/// Lives as long as the page: an author's course is read once a page load, and the guide
/// panel takes `'static` text.
pub(crate) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

pub(crate) fn leaked_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<&'static [&'static str], D::Error> {
    let all = Vec::<String>::deserialize(d)?;
    Ok(Box::leak(all.iter().map(|s| leak(s)).collect()))
}

impl<S> Guide<S> {
    /// A guide from its words (`include_str!` of its JSON file) and its code: one `observe` a
    /// step and one `check` a challenge, in the file's order.
    pub const fn new(
        words: &'static str,
        observe: &'static [fn(&S) -> Observed],
        prepare: &'static [Prepare<S>],
        check: &'static [Check<S>],
    ) -> Self {
        Self {
            words,
            observe,
            prepare,
            check,
            read: OnceLock::new(),
        }
    }

    /// The words. A file that does not read gives a guide with no steps; [`LabGuide::problem`]
    /// says why, and the tests ask it of every guide.
    pub fn words(&self) -> &Words {
        self.read
            .get_or_init(|| serde_json::from_str(self.words).unwrap_or_default())
    }

    /// Why the words do not read, or do not match the code (one `observe` a step, one
    /// `check` a challenge, unique challenge ids); `None` when all is well.
    fn read_problem(&self) -> Option<String> {
        let words: Words = match serde_json::from_str(self.words) {
            Ok(w) => w,
            Err(e) => return Some(format!("the guide's words do not read: {e}{}", escapes(&e))),
        };
        let ids: std::collections::BTreeSet<_> = words.challenges.iter().map(|c| c.id).collect();
        if words.steps.len() != self.observe.len() {
            Some(format!(
                "{} steps, {} observations",
                words.steps.len(),
                self.observe.len()
            ))
        } else if words.challenges.len() != self.check.len() {
            Some(format!(
                "{} challenges, {} checks",
                words.challenges.len(),
                self.check.len()
            ))
        } else if ids.len() != words.challenges.len() {
            Some("two challenges share an id".to_owned())
        } else if self.prepare.iter().any(|(i, _)| *i >= self.observe.len()) {
            Some("a step to prepare is not in the guide".to_owned())
        } else {
            None
        }
    }
}

/// A guide with its engine type erased, so the shell shows every lab's guide with one
/// component.
pub trait LabGuide: Sync {
    /// Number of steps.
    fn step_count(&self) -> usize;
    /// Step `i` (0-based).
    fn step(&self, i: usize) -> Option<&StepText>;
    /// Runs step `i` headless and reads the engine.
    fn reveal(&self, i: usize) -> Option<Observed>;
    /// Number of challenges.
    fn challenge_count(&self) -> usize;
    /// The presets.
    fn presets(&self) -> &[Preset];
    /// Challenge `i`.
    fn challenge(&self, i: usize) -> Option<&ChallengeText>;
    /// Runs the learner's link (a lab query string) for challenge `i`'s time and judges it.
    /// The link's own `t` is ignored: a challenge always runs from the start.
    fn check(&self, i: usize, query: &str) -> Option<(Verdict, Vec<Notice>)>;
    /// Who wrote the steps when a course author did (the course's title): the panel says so.
    fn author(&self) -> Option<&str> {
        None
    }
    /// Why the guide's words do not read or do not match its code; `None` when all is well.
    fn problem(&self) -> Option<String> {
        None
    }
}

impl<S: Engine + 'static> Guide<S> {
    /// The engine at the end of step `i`'s run.
    pub fn run_step(&self, i: usize) -> Option<S> {
        let step = self.words().steps.get(i)?;
        let mut link = Link::parse(step.setup);
        let mut sim = S::open(&mut link);
        for (_, prepare) in self.prepare.iter().filter(|(at, _)| *at == i) {
            prepare(&mut sim);
        }
        sim.run_to(step.run_s.min(MAX_RUN_S));
        Some(sim)
    }

    /// The engine after running `query` for challenge `i`'s time, with the link's notices.
    pub fn run_challenge(&self, i: usize, query: &str) -> Option<(S, Vec<Notice>)> {
        let c = self.words().challenges.get(i)?;
        let mut link = Link::parse(query);
        // Whatever moment the link was shared at, a challenge runs from the start.
        let _ = link.raw("t");
        for shell_key in ["lab", "step", "embed", "paused", "speed", "guide"] {
            let _ = link.raw(shell_key);
        }
        let mut sim = S::open_settled(&mut link);
        sim.run_to(c.run_s.min(MAX_RUN_S));
        Some((sim, link.finish()))
    }
}

impl<S: Engine + 'static> LabGuide for Guide<S> {
    fn step_count(&self) -> usize {
        self.words()
            .steps
            .len()
            .min(self.observe.len())
            .min(MAX_ITEMS)
    }

    fn step(&self, i: usize) -> Option<&StepText> {
        self.words().steps.get(i)
    }

    fn reveal(&self, i: usize) -> Option<Observed> {
        let observe = self.observe.get(i)?;
        Some(observe(&self.run_step(i)?))
    }

    fn presets(&self) -> &[Preset] {
        &self.words().presets
    }

    fn challenge_count(&self) -> usize {
        self.words()
            .challenges
            .len()
            .min(self.check.len())
            .min(MAX_ITEMS)
    }

    fn challenge(&self, i: usize) -> Option<&ChallengeText> {
        self.words().challenges.get(i)
    }

    fn problem(&self) -> Option<String> {
        self.read_problem()
    }

    fn check(&self, i: usize, query: &str) -> Option<(Verdict, Vec<Notice>)> {
        let check = self.check.get(i)?;
        let (sim, notices) = self.run_challenge(i, query)?;
        let keeps = self.words().challenges.get(i)?.keeps;
        let verdict = match rule((check.keeps)(&sim), keeps.unwrap_or("its fixed settings")) {
            Some(broken) => broken,
            None => (check.judge)(&sim),
        };
        Some((verdict, notices))
    }
}

/// The guide of a lab with several scenes, each with its own engine: the parts' steps and
/// challenges, one part after another. A part added at the end keeps the number of every
/// step before it, so links to steps stay true. Presets are the first part's (list every
/// scene there).
pub struct Scenes(pub &'static [&'static dyn LabGuide]);

impl Scenes {
    /// The part holding item `i` of the items `count` counts, and the item's index there.
    fn find(
        &self,
        mut i: usize,
        count: fn(&dyn LabGuide) -> usize,
    ) -> Option<(&'static dyn LabGuide, usize)> {
        for part in self.0 {
            let n = count(*part);
            if i < n {
                return Some((*part, i));
            }
            i -= n;
        }
        None
    }
}

impl LabGuide for Scenes {
    fn problem(&self) -> Option<String> {
        self.0.iter().find_map(|g| g.problem())
    }

    fn step_count(&self) -> usize {
        self.0
            .iter()
            .map(|g| g.step_count())
            .sum::<usize>()
            .min(MAX_ITEMS)
    }

    fn step(&self, i: usize) -> Option<&StepText> {
        let (g, i) = self.find(i, |g| g.step_count())?;
        g.step(i)
    }

    fn reveal(&self, i: usize) -> Option<Observed> {
        let (g, i) = self.find(i, |g| g.step_count())?;
        g.reveal(i)
    }

    fn challenge_count(&self) -> usize {
        self.0
            .iter()
            .map(|g| g.challenge_count())
            .sum::<usize>()
            .min(MAX_ITEMS)
    }

    fn presets(&self) -> &[Preset] {
        self.0.first().map_or(&[], |g| g.presets())
    }

    fn challenge(&self, i: usize) -> Option<&ChallengeText> {
        let (g, i) = self.find(i, |g| g.challenge_count())?;
        g.challenge(i)
    }

    fn check(&self, i: usize, query: &str) -> Option<(Verdict, Vec<Notice>)> {
        let (g, i) = self.find(i, |g| g.challenge_count())?;
        g.check(i, query)
    }
}

/// Fails a challenge whose fixed rule the learner changed: `Some(verdict)` when `ok` is
/// false, naming the rule.
pub fn rule(ok: bool, rule: &str) -> Option<Verdict> {
    (!ok).then(|| Verdict {
        pass: false,
        measured: format!("the challenge keeps {rule}; change it back and check again"),
    })
}

/// What a course author pastes to embed `url` (which should already carry `embed=1`): the
/// `<iframe>`, and `embed.js` from beside the page, which sizes the iframe to the lab as it
/// changes (`height_px` is its height until then). The title names the lab for screen
/// readers; `loading="lazy"` keeps the host page fast.
pub fn embed_snippet(url: &str, title: &str, height_px: u32) -> String {
    let escape = crate::text::escape_html;
    let page = url.split(['?', '#']).next().unwrap_or(url);
    let folder = page.rfind('/').map_or(page, |at| &page[..=at]);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height_px}\" loading=\"lazy\" style=\"border:0\"></iframe>\n<script src=\"{}embed.js\" async></script>",
        escape(url),
        escape(title),
        escape(folder)
    )
}
