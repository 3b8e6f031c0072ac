//! The link contract: every lab's state lives in the query string, and a bad value never
//! stops the page. Each parameter that is not taken as written (out of range, not a number,
//! unknown) is replaced by something valid and named in a [`Notice`] the page shows.
//!
//! Below every other module but the engine: the action log in a link (`actions`), the run
//! file (`run_file`) and the registry of labs and pages (`registry`) are here too, so the
//! course, the widgets, the lab page and the labs all read links the same way.

use crate::sim::Keyed;
use std::fmt::Display;

pub mod actions;
pub mod experiment;
pub mod registry;
pub mod run_file;

/// Most steps or challenges a lab may have (a link's `step` is checked against it).
pub const MAX_ITEMS: usize = 32;
/// The longest origin a link's `parent_origin` may name.
pub const MAX_ORIGIN: usize = 200;

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

/// The longest path `course=` may name.
pub const MAX_COURSE_PATH: usize = 200;
/// The longest course a link carries itself (`authored=`), characters of JSON.
pub const MAX_AUTHORED: usize = 6_000;

/// Whether `path` may be a course file's (`course=`): a path relative to the page, inside
/// its folder, of letters, digits, `-`, `_`, `.` and `/`, ending in `.json`. Anything else
/// could leave the site.
pub fn valid_course_path(path: &str) -> bool {
    path.len() <= MAX_COURSE_PATH
        && path.ends_with(".json")
        && !path.starts_with('/')
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// One parameter from a link that was not taken as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The parameter's name.
    pub key: String,
    /// What was done about it, in words.
    pub message: String,
}

/// A parsed query string; each reader takes its parameters out of it.
#[derive(Debug)]
pub struct Link {
    pairs: Vec<(String, String, bool)>,
    notices: Vec<Notice>,
    /// Most actions taken from `actions`: a link's limit, or a run file's.
    pub max_actions: usize,
}

/// Longest value quoted back in a notice: a link is user input and may be huge.
const QUOTE_MAX: usize = 40;

fn quote(raw: &str) -> String {
    format!("“{}”", crate::text::clip(raw, QUOTE_MAX))
}

impl Link {
    /// Parses `query`, with or without its leading `?`. Bound: the first 64 parameters.
    pub fn parse(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs = form_urlencoded::parse(query.as_bytes())
            .take(64)
            .map(|(k, v)| (k.into_owned(), v.trim().to_owned(), false))
            .collect();
        Self {
            pairs,
            notices: Vec::new(),
            max_actions: actions::MAX_LINK_ACTIONS,
        }
    }

    /// Takes the raw value of `key` (the last one if repeated).
    pub fn raw(&mut self, key: &str) -> Option<String> {
        let mut found = None;
        for (k, v, used) in &mut self.pairs {
            if k == key {
                *used = true;
                found = Some(v.clone());
            }
        }
        found
    }

    /// Sets `key` to `value`, replacing what the link said.
    pub fn set(&mut self, key: &str, value: &str) {
        self.remove(key);
        self.pairs.push((key.to_owned(), value.to_owned(), false));
    }

    /// Takes `key` out of the link.
    pub fn remove(&mut self, key: &str) {
        self.pairs.retain(|(k, _, _)| k != key);
    }

    /// Whether `key` is present, without taking it.
    pub fn raw_present(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _, _)| k == key)
    }

    /// Records a notice about `key` found by the caller.
    pub fn note(&mut self, key: &str, message: String) {
        self.notice(key, message);
    }

    /// Takes `keys` out unread, naming each present one as belonging to `scene`, the other
    /// scene of a lab with two.
    pub fn other_scene(&mut self, keys: &[&str], scene: &str) {
        for key in keys {
            if self.raw(key).is_some() {
                self.notice(
                    key,
                    format!("belongs to the other scene (scene={scene}); ignored"),
                );
            }
        }
    }

    /// Refuses the value of `key` (already taken), saying why.
    pub fn refuse(&mut self, key: &str, message: &str) {
        self.notice(key, message.to_owned());
    }

    fn notice(&mut self, key: &str, message: String) {
        self.notices.push(Notice {
            key: key.to_owned(),
            message,
        });
    }

    /// The number `key` holds and the text it was read from; `None` when absent, or when it
    /// is not a finite number (said in a notice: `default` is used).
    fn finite(&mut self, key: &str, default: impl Display) -> Option<(f64, String)> {
        let raw = self.raw(key)?;
        match raw.parse::<f64>() {
            Ok(x) if x.is_finite() => Some((x, raw)),
            _ => {
                let message = format!("{} is not a number; using {default}", quote(&raw));
                self.notice(key, message);
                None
            }
        }
    }

    /// Says, when `changed`, that `raw` (`key`'s text) is `why` it was changed.
    fn adjusted(&mut self, key: &str, raw: &str, changed: bool, why: &str) {
        if changed {
            self.notice(key, format!("{} is {why}", quote(raw)));
        }
    }

    /// A whole number in `min..=max`: text becomes `default`, out-of-range values are clamped.
    pub fn integer<T>(&mut self, key: &str, min: T, max: T, default: T) -> T
    where
        T: Copy + Display + TryFrom<u64> + Into<f64>,
    {
        let Some((x, raw)) = self.finite(key, default) else {
            return default;
        };
        let clamped = x.round().clamp(min.into(), max.into());
        let value = T::try_from(clamped as u64).unwrap_or(default);
        self.adjusted(
            key,
            &raw,
            clamped != x,
            &format!("outside {min}–{max} or not whole; using {value}"),
        );
        value
    }

    /// A number in `min..=max`, snapped to the nearest of `allowed` when that list is given.
    pub fn decimal(&mut self, key: &str, min: f64, max: f64, allowed: &[f64], default: f64) -> f64 {
        let Some((x, raw)) = self.finite(key, default) else {
            return default;
        };
        let clamped = x.clamp(min, max);
        let value = allowed
            .iter()
            .copied()
            .min_by(|a, b| (a - clamped).abs().total_cmp(&(b - clamped).abs()))
            .unwrap_or(clamped);
        let why = format!("not one of the allowed values ({min}–{max}); using {value}");
        self.adjusted(key, &raw, value != x, &why);
        value
    }

    /// One of a fixed set of names.
    pub fn choice<T: Copy>(
        &mut self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        names: &[&str],
        default: T,
        default_name: &str,
    ) -> T {
        let Some(raw) = self.raw(key) else {
            return default;
        };
        parse(&raw).unwrap_or_else(|| {
            self.notice(
                key,
                format!(
                    "{} is not one of {}; using {default_name}",
                    quote(&raw),
                    names.join(", ")
                ),
            );
            default
        })
    }

    /// A setting named by one of its values' names.
    pub fn keyed<T: Keyed>(&mut self, key: &str, default: T) -> T {
        self.choice(key, T::from_key, &T::names(), default, default.key())
    }

    /// A setting written `on` or `off`.
    pub fn on_off(&mut self, key: &str, default: bool) -> bool {
        self.choice(
            key,
            |k| match k {
                "on" => Some(true),
                "off" => Some(false),
                _ => None,
            },
            &["on", "off"],
            default,
            if default { "on" } else { "off" },
        )
    }

    /// A switch: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`; absent means off.
    pub fn flag(&mut self, key: &str) -> bool {
        match self.raw(key).as_deref() {
            None => false,
            Some("1" | "true" | "yes" | "on" | "") => true,
            Some("0" | "false" | "no" | "off") => false,
            Some(other) => {
                let message = format!("{} is not 1 or 0; using 0", quote(other));
                self.notice(key, message);
                false
            }
        }
    }

    /// Ends reading: every parameter nobody took is reported as unknown.
    pub fn finish(mut self) -> Vec<Notice> {
        let unknown: Vec<String> = self
            .pairs
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(k, _, _)| k.clone())
            .collect();
        for key in unknown {
            self.notice(&key, "is not a parameter of this lab; ignored".to_owned());
        }
        self.notices
    }
}

/// Builds a query string (without the `?`).
pub fn build(pairs: &[(&str, String)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

/// Playback speeds offered, simulated seconds per real second.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
/// The furthest `t=` may open a run (one simulated hour, as far as actions may reach); the
/// page computes it over frames, showing its progress.
pub const MAX_OPEN_T: f64 = 3_600.0;

/// The parameters every lab shares: which run, how fast, and from when.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    /// Seed of the run.
    pub seed: u64,
    /// Playback speed, one of [`SPEEDS`].
    pub speed: f64,
    /// Simulated seconds to open at, computed at once.
    pub t: f64,
    /// Open paused.
    pub paused: bool,
}

impl Default for Run {
    fn default() -> Self {
        Self {
            seed: 1,
            speed: 1.0,
            t: 0.0,
            paused: false,
        }
    }
}

impl Run {
    /// Takes `seed`, `speed`, `t` and `paused` out of a link.
    pub fn read(link: &mut Link) -> Self {
        let d = Self::default();
        Self {
            seed: u64::from(link.integer("seed", 0, u32::MAX, 1)),
            speed: link.decimal(
                "speed",
                SPEEDS[0],
                SPEEDS[SPEEDS.len() - 1],
                &SPEEDS,
                d.speed,
            ),
            // A run moves in millisecond ticks: a finer `t` names the same moment.
            t: (link.decimal("t", 0.0, MAX_OPEN_T, &[], d.t) * 1e3).round() / 1e3,
            paused: link.flag("paused"),
        }
    }

    /// Appends them; `t` only when set, `paused` only when on.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        pairs.push(("seed", self.seed.to_string()));
        pairs.push(("speed", self.speed.to_string()));
        if self.t > 0.0 {
            pairs.push(("t", seconds_text(self.t)));
        }
        if self.paused {
            pairs.push(("paused", "1".to_owned()));
        }
    }
}

/// Seconds with at most three decimals and no trailing zeros.
pub fn seconds_text(t: f64) -> String {
    let text = format!("{t:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}
