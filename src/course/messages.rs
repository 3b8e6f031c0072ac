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
use serde_json::{json, Value};

/// The version of both messages' shape.
pub const VERSION: u32 = 1;
/// The `type` of a size message.
pub const RESIZE: &str = "scaling-lab:resize";
/// The `type` of a progress message.
pub const PROGRESS: &str = "scaling-lab:progress";
/// The longest origin `parent_origin=` may name.
pub const MAX_ORIGIN: usize = 200;

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

/// The two size messages for a page `height` CSS pixels tall: this project's, then Canvas's.
pub fn resize(height: u32) -> [Value; 2] {
    [
        json!({ "type": RESIZE, "version": VERSION, "height": height }),
        json!({ "subject": "lti.frameResize", "height": height }),
    ]
}

/// The progress message for `event` on the page at `url` (the statement's activities are
/// named by it).
pub fn progress(event: &Progress, url: &str) -> Value {
    json!({
        "type": PROGRESS,
        "version": VERSION,
        "event": event,
        "statement": statement(event, url),
    })
}

/// `event` as an xAPI statement with no actor: verb, object and result.
fn statement(event: &Progress, url: &str) -> Value {
    let verb = |name: &str| json!({ "id": format!("http://adlnet.gov/expapi/verbs/{name}"), "display": { "en-US": name } });
    let activity = |id: String, name: &str| json!({ "objectType": "Activity", "id": id, "definition": { "name": { "en-US": name } } });
    let base = url.split('#').next().unwrap_or(url);
    match event {
        Progress::Opened { lab, .. } => json!({
            "verb": verb("launched"),
            "object": activity(base.to_owned(), &format!("Scaling Lab: {lab}")),
        }),
        Progress::StepAnswered {
            step,
            title,
            answer,
            right,
            figure,
            ..
        } => {
            let response = match answer {
                Answer::Choice(c) => format!("choice {c}"),
                Answer::Guess(g) => g.to_string(),
            };
            let mut result = json!({ "success": right, "response": response });
            if let Some(f) = figure {
                result["extensions"] = json!({ "urn:scaling-lab:engine-figure": f });
            }
            json!({
                "verb": verb("answered"),
                "object": activity(format!("{base}#step-{step}"), title),
                "result": result,
            })
        }
        Progress::ChallengeChecked {
            challenge,
            pass,
            measured,
            ..
        } => json!({
            "verb": verb(if *pass { "passed" } else { "failed" }),
            "object": activity(format!("{base}#challenge-{challenge}"), challenge),
            "result": { "success": pass, "response": measured },
        }),
    }
}

/// Whether `origin` is one a message may be addressed to: `http` or `https`, a host of
/// letters, digits, dots and hyphens, an optional port, and nothing after.
pub fn valid_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    origin.len() <= MAX_ORIGIN
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && port.is_none_or(|p| (1..=5).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}
