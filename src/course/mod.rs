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
#[derive(Clone, Copy, Debug)]
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
    pub misconception: Option<Misconception>,
}

/// A wrong idea a number question is written to catch: a guess near `value` falls for it.
#[derive(Clone, Copy, Debug)]
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
#[derive(Clone, Copy, Debug)]
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
    pub choices: &'static [&'static str],
    /// Index of the right choice.
    pub answer: usize,
    /// A prediction in numbers instead of choices (then `choices` is empty).
    pub number: Option<NumberQuestion>,
    /// Why, in a few sentences.
    pub explain: &'static str,
}

/// One "predict, then see" step.
pub struct Step<S> {
    /// What it says.
    pub text: StepText,
    /// Actions the learner is asked to take at the start (hand commands), applied to the
    /// headless run in the same way; `None` when the step is traffic alone.
    pub prepare: Option<fn(&mut S)>,
    /// Reads the engine at the end of the run.
    pub observe: fn(&S) -> Observed,
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
#[derive(Clone, Copy, Debug)]
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
}

/// A goal stated in numbers that the engine checks on the learner's configuration.
pub struct Challenge<S> {
    /// What it says.
    pub text: ChallengeText,
    /// Judges the run (including the rules the learner must keep, such as a fixed rate).
    pub check: fn(&S) -> Verdict,
}

pub use crate::link::MAX_ITEMS;
/// The longest run a step or a challenge may ask the engine for, simulated seconds.
pub const MAX_RUN_S: f64 = 120.0;

/// A lab's guide: its steps, then its challenges.
pub struct Guide<S: 'static> {
    /// Named starting points for free play, in menu order.
    pub presets: &'static [Preset],
    /// In order.
    pub steps: &'static [Step<S>],
    /// In order.
    pub challenges: &'static [Challenge<S>],
}

/// A named configuration a learner can load with one click.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// What it shows.
    pub name: &'static str,
    /// The lab's link parameters.
    pub query: &'static str,
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
}

impl<S: Engine + 'static> Guide<S> {
    /// The engine at the end of step `i`'s run.
    pub fn run_step(&self, i: usize) -> Option<S> {
        let step = self.steps.get(i)?;
        let mut link = Link::parse(step.text.setup);
        let mut sim = S::open(&mut link);
        if let Some(prepare) = step.prepare {
            prepare(&mut sim);
        }
        sim.run_to(step.text.run_s.min(MAX_RUN_S));
        Some(sim)
    }

    /// The engine after running `query` for challenge `i`'s time, with the link's notices.
    pub fn run_challenge(&self, i: usize, query: &str) -> Option<(S, Vec<Notice>)> {
        let c = self.challenges.get(i)?;
        let mut link = Link::parse(query);
        // Whatever moment the link was shared at, a challenge runs from the start.
        let _ = link.raw("t");
        for shell_key in ["lab", "step", "embed", "paused", "speed", "guide"] {
            let _ = link.raw(shell_key);
        }
        let mut sim = S::open_settled(&mut link);
        sim.run_to(c.text.run_s.min(MAX_RUN_S));
        Some((sim, link.finish()))
    }
}

impl<S: Engine + 'static> LabGuide for Guide<S> {
    fn step_count(&self) -> usize {
        self.steps.len().min(MAX_ITEMS)
    }

    fn step(&self, i: usize) -> Option<&StepText> {
        self.steps.get(i).map(|s| &s.text)
    }

    fn reveal(&self, i: usize) -> Option<Observed> {
        let sim = self.run_step(i)?;
        Some((self.steps.get(i)?.observe)(&sim))
    }

    fn presets(&self) -> &[Preset] {
        self.presets
    }

    fn challenge_count(&self) -> usize {
        self.challenges.len().min(MAX_ITEMS)
    }

    fn challenge(&self, i: usize) -> Option<&ChallengeText> {
        self.challenges.get(i).map(|c| &c.text)
    }

    fn check(&self, i: usize, query: &str) -> Option<(Verdict, Vec<Notice>)> {
        let (sim, notices) = self.run_challenge(i, query)?;
        Some(((self.challenges.get(i)?.check)(&sim), notices))
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
