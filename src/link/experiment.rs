//! An experiment in a link (`exp=`): one of the lab's settings swept over a list of values,
//! some of its figures measured, over many seeds. The rest of the run is the lab's link as
//! it stands. Read through serde; every count and length is bounded, and what is wrong is
//! named.

use serde::{Deserialize, Serialize};

/// Most values a sweep takes.
pub const MAX_POINTS: usize = 20;
/// Most figures an experiment measures.
pub const MAX_METRICS: usize = 6;
/// Most seeds a point runs.
pub const MAX_SEEDS: u32 = 200;
/// The longest run, simulated seconds.
pub const MAX_DURATION_S: f64 = 600.0;
/// The longest `exp=` value, characters.
pub const MAX_EXP: usize = 2_000;
/// The longest name or value in it.
const MAX_WORD: usize = 40;

/// An experiment: `seeds` runs of `duration_s` for each value of `sweep`, each figure of
/// `metrics` averaged over its per-second readings after `warmup_s`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experiment {
    /// The link parameter swept (`workers`, `policy`, ...).
    pub sweep: String,
    /// Its values, in order, as the link writes them.
    pub values: Vec<String>,
    /// The figures measured, by their `data-metric` names.
    pub metrics: Vec<String>,
    /// Runs a point, with seeds 1 to `seeds`.
    pub seeds: u32,
    /// Simulated seconds a run lasts.
    pub duration_s: f64,
    /// Simulated seconds at the start of each run left out of the averages.
    pub warmup_s: f64,
}

fn word(field: &str, w: &str) -> Result<(), String> {
    let ok = !w.is_empty()
        && w.len() <= MAX_WORD
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "“{field}” holds “{}”: names and values are letters, digits, _, - and . (at most {MAX_WORD})",
            w.chars().take(MAX_WORD).collect::<String>()
        ))
    }
}

/// Checks a list of 1 to `most` words; `says` is how the count reads (`{}` is replaced by it).
fn words(field: &str, list: &[String], most: usize, says: &str) -> Result<(), String> {
    if !(1..=most).contains(&list.len()) {
        return Err(format!(
            "{}; 1 to {most}",
            says.replace("{}", &list.len().to_string())
        ));
    }
    list.iter().try_for_each(|w| word(field, w))
}

impl Experiment {
    /// Reads an experiment from its JSON, or says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.chars().count() > MAX_EXP {
            return Err(format!("is longer than {MAX_EXP} characters"));
        }
        let e: Self = serde_json::from_str(text).map_err(|e| {
            let s = e.to_string();
            format!("is not an experiment: {}", crate::text::clip(&s, 120))
        })?;
        e.check()?;
        Ok(e)
    }

    /// Checks the bounds.
    pub fn check(&self) -> Result<(), String> {
        word("sweep", &self.sweep)?;
        words("values", &self.values, MAX_POINTS, "sweeps {} values")?;
        words("metrics", &self.metrics, MAX_METRICS, "measures {} figures")?;
        if !(1..=MAX_SEEDS).contains(&self.seeds) {
            return Err(format!("runs {} seeds; 1 to {MAX_SEEDS}", self.seeds));
        }
        if !(self.duration_s >= 1.0 && self.duration_s <= MAX_DURATION_S) {
            return Err(format!(
                "runs for {} s; 1 to {MAX_DURATION_S} simulated seconds",
                self.duration_s
            ));
        }
        if !(self.warmup_s >= 0.0 && self.warmup_s + 1.0 <= self.duration_s) {
            return Err(format!(
                "warms up for {} s; at least 0, and a second less than the run ({} s)",
                self.warmup_s, self.duration_s
            ));
        }
        Ok(())
    }

    /// The experiment as the link's `exp=` value.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Runs in all: values × seeds.
    pub fn runs(&self) -> usize {
        self.values.len() * self.seeds as usize
    }

    /// The lab's link for value `point` and `seed`: `base` (the lab's link parameters) with
    /// the swept setting and the seed set, and no moment or action log (each run is from
    /// its start, with the settings in force).
    pub fn query(&self, base: &str, point: usize, seed: u64) -> String {
        let value = self.values.get(point).map_or("", String::as_str);
        with_setting(
            &with_setting(base, &self.sweep, value),
            "seed",
            &seed.to_string(),
        )
    }
}

/// `query` with `key` set to `value` (last, in place of what it said).
pub fn with_setting(query: &str, key: &str, value: &str) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()).take(64) {
        if k != key {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair(key, value);
    out.finish()
}
