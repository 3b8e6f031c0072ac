//! The run file: a run as JSON, to keep, hand in or reopen. It holds the run's link (seed,
//! starting parameters and the whole action log), how far it ran and the engine's state
//! hash there, so an import replays it and proves it arrived at the same state.
//!
//! Written and read with serde. Reading checks the size before parsing (serde_json also
//! refuses nesting past its recursion limit), then the format, the version and each field,
//! and names whatever is wrong.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the `format` field says.
pub const FORMAT: &str = "scaling-lab-run";
/// The version this page writes and reads.
pub const VERSION: u32 = 1;
/// The largest run file read: far above a real one (10,000 actions are about 100 KB).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// The longest run a file may describe, simulated seconds.
pub const MAX_T_S: f64 = 3_600.0;

/// A run, as the file says it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunFile {
    /// The lab's link name.
    pub lab: String,
    /// The link that starts the run (its `t` is ignored), including its actions.
    pub link: String,
    /// How far the run went, simulated seconds.
    pub t_s: f64,
    /// The engine's state hash there.
    pub state_hash: u64,
}

/// Why a file is not a run this page can open.
#[derive(Clone, Debug, PartialEq)]
pub enum RunFileError {
    /// Bigger than [`MAX_FILE_BYTES`].
    TooLarge(usize),
    /// Not JSON, or not an object: the line and column where reading stopped, and why.
    NotJson(usize, usize, String),
    /// Not a Scaling Lab run file.
    NotARun,
    /// Written by a newer version of the page.
    Newer(u64),
    /// A field is missing or has the wrong kind of value.
    Field(&'static str),
    /// The run, replayed, does not arrive at the state the file recorded.
    Mismatch {
        /// The hash the file recorded.
        recorded: u64,
        /// The hash the replay arrived at.
        replayed: u64,
    },
}

impl fmt::Display for RunFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(
                f,
                "the file is {} KB; a run file is at most {} KB",
                n / 1024,
                MAX_FILE_BYTES / 1024
            ),
            Self::NotJson(line, column, why) => write!(
                f,
                "the file is not a run file: {why} (line {line}, column {column})"
            ),
            Self::NotARun => write!(f, "the file is JSON but not a Scaling Lab run (its \"format\" is not \"{FORMAT}\")"),
            Self::Newer(v) => write!(
                f,
                "the file is format version {v}, newer than this page reads ({VERSION}); open it in a newer copy of the lab"
            ),
            Self::Field(name) => write!(f, "the file's \"{name}\" is missing or not valid"),
            Self::Mismatch { recorded, replayed } => write!(
                f,
                "the file's run does not arrive at its recorded state: its hash is {recorded:016x}, the replay gives {replayed:016x} (edited by hand, or made by another version of the engine)"
            ),
        }
    }
}

/// The file as it is written: its fields in this order.
#[derive(Serialize)]
struct Written<'a> {
    format: &'a str,
    version: u32,
    lab: &'a str,
    link: &'a str,
    t_s: f64,
    state_hash: String,
}

/// The fields a reader needs, each read leniently (any JSON value) so that a field of the
/// wrong kind is named rather than reported as a parse error.
#[derive(Deserialize)]
struct Read {
    format: Option<Value>,
    version: Option<Value>,
    lab: Option<Value>,
    link: Option<Value>,
    t_s: Option<Value>,
    state_hash: Option<Value>,
}

impl RunFile {
    /// The file's text.
    pub fn to_json(&self) -> String {
        let written = Written {
            format: FORMAT,
            version: VERSION,
            lab: &self.lab,
            link: &self.link,
            t_s: self.t_s,
            state_hash: format!("{:016x}", self.state_hash),
        };
        // Serialising a struct of strings and numbers cannot fail (a non-finite t_s is
        // written as null, and refused on reading).
        serde_json::to_string_pretty(&written).unwrap_or_default() + "\n"
    }

    /// Reads a file's text.
    pub fn parse(text: &str) -> Result<Self, RunFileError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(RunFileError::TooLarge(text.len()));
        }
        // Into a value first: serde_json refuses nesting past its recursion limit there, even
        // under a field this reader would ignore.
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let why = match e.classify() {
                serde_json::error::Category::Eof => "the text ends too early".to_owned(),
                _ if e.to_string().contains("recursion limit") => {
                    "it is nested too deeply".to_owned()
                }
                _ => first_clause(&e.to_string()),
            };
            RunFileError::NotJson(e.line(), e.column(), why)
        })?;
        if !value.is_object() {
            return Err(RunFileError::NotJson(
                1,
                1,
                "it is not one JSON object".to_owned(),
            ));
        }
        let read: Read = serde_json::from_value(value)
            .map_err(|e| RunFileError::NotJson(1, 1, first_clause(&e.to_string())))?;
        if read.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
            return Err(RunFileError::NotARun);
        }
        match read.version.as_ref().and_then(Value::as_f64) {
            Some(v) if v == f64::from(VERSION) => {}
            Some(v) if v > f64::from(VERSION) && v.fract() == 0.0 => {
                return Err(RunFileError::Newer(v.min(1e15) as u64));
            }
            _ => return Err(RunFileError::Field("version")),
        }
        let text_of = |value: Option<Value>, name: &'static str| match value {
            Some(Value::String(s)) => Ok(s),
            _ => Err(RunFileError::Field(name)),
        };
        let t_s = read
            .t_s
            .as_ref()
            .and_then(Value::as_f64)
            .filter(|t| t.is_finite() && (0.0..=MAX_T_S).contains(t))
            .ok_or(RunFileError::Field("t_s"))?;
        let hash = text_of(read.state_hash, "state_hash")?;
        let state_hash = (hash.len() == 16)
            .then(|| u64::from_str_radix(&hash, 16).ok())
            .flatten()
            .ok_or(RunFileError::Field("state_hash"))?;
        Ok(Self {
            lab: text_of(read.lab, "lab")?,
            link: text_of(read.link, "link")?,
            t_s,
            state_hash,
        })
    }

    /// Whether a replay of this run that arrived at `replayed` proves the file: the same
    /// state hash it recorded, or the mismatch, named.
    pub fn check_replay(&self, replayed: u64) -> Result<(), RunFileError> {
        if replayed == self.state_hash {
            Ok(())
        } else {
            Err(RunFileError::Mismatch {
                recorded: self.state_hash,
                replayed,
            })
        }
    }
}

/// serde_json's message without its own position (the error says it once, as line and
/// column), and never longer than a line.
fn first_clause(message: &str) -> String {
    let clause = message.split(" at line ").next().unwrap_or(message);
    clause.chars().take(120).collect()
}
