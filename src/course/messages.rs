//! What an embedded page tells the course page around it, as `postMessage` data. Pure and
//! tested natively; the shell posts them (`src/shell/course_page.rs`).
//!
//! Two messages, each a JSON object with a `type` and a `version`:
//! - **Size**: `{"type": "scaling-lab:resize", "version": 1, "height": 1234}` whenever the
//!   page's height changes, and the same height as Canvas's `{"subject": "lti.frameResize",
//!   "height": 1234}`, which Canvas and other learning platforms act on. `embed.js`, served with
//!   the site, sizes every Scaling Lab iframe on a page from the first.
//! - **Progress**: `{"type": "scaling-lab:progress", "version": 1, "event": {...},
//!   "statement": {...}}` when the lab opens, a guide step is answered or a challenge is
//!   checked. `event` is this project's own record; `statement` is the same as an xAPI
//!   statement without its actor (the host knows its learner), for a learning record store.
//!
//! Nothing in them is private (a lab, a step, a figure the engine measured), so they go to any
//! origin unless the link names one with `parent_origin=`.

use serde::Serialize;

/// The version of both messages' shape.
pub const VERSION: u32 = 1;
/// The `type` of a size message.
pub const RESIZE: &str = "scaling-lab:resize";
/// The `type` of a progress message.
pub const PROGRESS: &str = "scaling-lab:progress";
pub use crate::link::{valid_origin, MAX_ORIGIN};

/// How a step was answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The index of the choice (0-based, as `data-choice`).
    Choice(usize),
    /// The figure typed, in the question's unit.
    Guess(f64),
}

/// Something the learner did that a course page may record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Progress {
    /// The page opened a lab (or the tour, `lab` "tour"), at a guide step or not.
    Opened {
        /// The lab's link name.
        lab: String,
        /// The guide step open, 1-based.
        step: Option<usize>,
    },
    /// A guide step's prediction was made and its run revealed.
    StepAnswered {
        /// The lab's link name.
        lab: String,
        /// The step, 1-based (as `step=` in a link).
        step: usize,
        /// The step's title.
        title: String,
        /// What the learner predicted.
        answer: Answer,
        /// Whether it was right (a number prediction: within the question's band).
        right: bool,
        /// The engine's figure a number prediction is graded against, in its unit.
        figure: Option<f64>,
        /// The figures the engine measured, in words.
        figures: String,
    },
    /// A challenge was checked on the learner's settings.
    ChallengeChecked {
        /// The lab's link name.
        lab: String,
        /// The challenge's id (as `data-challenge`).
        challenge: String,
        /// Whether the goal was met.
        pass: bool,
        /// The measured figures the verdict rests on, in words.
        measured: String,
        /// A link to the settings checked.
        link: Option<String>,
    },
}

/// A size message of this project's own.
#[derive(Serialize)]
struct Resize {
    #[serde(rename = "type")]
    kind: &'static str,
    version: u32,
    height: u32,
}

/// Canvas's size message.
#[derive(Serialize)]
struct LtiResize {
    subject: &'static str,
    height: u32,
}

/// A progress message: the event and its xAPI statement.
#[derive(Serialize)]
struct ProgressMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    version: u32,
    event: &'a Progress,
    statement: Statement,
}

/// An xAPI statement without its actor.
#[derive(Serialize)]
struct Statement {
    verb: Verb,
    object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Outcome>,
}

#[derive(Serialize)]
struct Verb {
    id: String,
    display: English,
}

#[derive(Serialize)]
struct English {
    #[serde(rename = "en-US")]
    en_us: String,
}

#[derive(Serialize)]
struct Activity {
    #[serde(rename = "objectType")]
    object_type: &'static str,
    id: String,
    definition: Definition,
}

#[derive(Serialize)]
struct Definition {
    name: English,
}

#[derive(Serialize)]
struct Outcome {
    success: bool,
    response: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<Extensions>,
}

#[derive(Serialize)]
struct Extensions {
    #[serde(rename = "urn:scaling-lab:engine-figure")]
    engine_figure: f64,
}

/// Serialises a message; its fields are strings, numbers and booleans, so this cannot fail.
fn text(message: &impl Serialize) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

/// The two size messages for a page `height` CSS pixels tall, as JSON: this project's, then
/// Canvas's.
pub fn resize(height: u32) -> [String; 2] {
    [
        text(&Resize {
            kind: RESIZE,
            version: VERSION,
            height,
        }),
        text(&LtiResize {
            subject: "lti.frameResize",
            height,
        }),
    ]
}

/// The progress message for `event` on the page at `url` (the statement's activities are
/// named by it), as JSON.
pub fn progress(event: &Progress, url: &str) -> String {
    text(&ProgressMessage {
        kind: PROGRESS,
        version: VERSION,
        event,
        statement: statement(event, url),
    })
}

/// `event` as an xAPI statement with no actor: verb, object and result.
fn statement(event: &Progress, url: &str) -> Statement {
    let english = |s: &str| English {
        en_us: s.to_owned(),
    };
    let verb = |name: &str| Verb {
        id: format!("http://adlnet.gov/expapi/verbs/{name}"),
        display: english(name),
    };
    let activity = |id: String, name: &str| Activity {
        object_type: "Activity",
        id,
        definition: Definition {
            name: english(name),
        },
    };
    let base = url.split('#').next().unwrap_or(url);
    match event {
        Progress::Opened { lab, .. } => Statement {
            verb: verb("launched"),
            object: activity(base.to_owned(), &format!("Scaling Lab: {lab}")),
            result: None,
        },
        Progress::StepAnswered {
            step,
            title,
            answer,
            right,
            figure,
            ..
        } => Statement {
            verb: verb("answered"),
            object: activity(format!("{base}#step-{step}"), title),
            result: Some(Outcome {
                success: *right,
                response: match answer {
                    Answer::Choice(c) => format!("choice {c}"),
                    Answer::Guess(g) => g.to_string(),
                },
                extensions: figure.map(|f| Extensions { engine_figure: f }),
            }),
        },
        Progress::ChallengeChecked {
            challenge,
            pass,
            measured,
            ..
        } => Statement {
            verb: verb(if *pass { "passed" } else { "failed" }),
            object: activity(format!("{base}#challenge-{challenge}"), challenge),
            result: Some(Outcome {
                success: *pass,
                response: measured.clone(),
                extensions: None,
            }),
        },
    }
}
