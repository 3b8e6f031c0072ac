//! Experiments over many seeds: the work a run is (a [`Job`]) and what it gives back (a
//! [`Reply`]), both crossing to a Web Worker as JSON; the summary of a point across its
//! seeds (mean and 95 % confidence interval, Student's t); the CSV of every run; and the
//! presets that reproduce published results.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{escapes, leaked_list};

use crate::link::experiment::Experiment;

/// Runs lab `query` (its link parameters, no `lab=`) from the start with the settings in
/// force, for `duration_s`, and gives each figure of `metrics` averaged over its readings
/// at every whole second after `warmup_s`; `Err` names a figure the lab lacks. `None` when
/// the query opens another engine of the lab.
pub type Sample = fn(
    query: &str,
    warmup_s: f64,
    duration_s: f64,
    metrics: &[String],
) -> Option<Result<Vec<f64>, String>>;

/// One run of an experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Which value of the sweep (0-based).
    pub point: usize,
    pub seed: u64,
    /// The run's lab query.
    pub query: String,
    pub warmup_s: f64,
    pub duration_s: f64,
    pub metrics: Vec<String>,
}

/// What a run gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub point: usize,
    pub seed: u64,
    /// The figures in the job's order, or why the run could not be made.
    pub values: Result<Vec<f64>, String>,
}

impl Job {
    /// Every run of `e` over the lab's link parameters `base`, point by point (so results
    /// arrive a point at a time).
    pub fn all(e: &Experiment, base: &str) -> Vec<Self> {
        (0..e.values.len())
            .flat_map(|point| {
                (1..=u64::from(e.seeds)).map(move |seed| Self {
                    point,
                    seed,
                    query: e.query(base, point, seed),
                    warmup_s: e.warmup_s,
                    duration_s: e.duration_s,
                    metrics: e.metrics.clone(),
                })
            })
            .collect()
    }

    /// Runs it with `sample`.
    pub fn run(&self, sample: Sample) -> Reply {
        let values = sample(&self.query, self.warmup_s, self.duration_s, &self.metrics)
            .unwrap_or_else(|| Err("the sweep opens another scene of the lab".to_owned()))
            // JSON has no NaN: a figure that is not a number is named, not carried.
            .and_then(|v| match v.iter().position(|x| !x.is_finite()) {
                Some(i) => Err(format!(
                    "“{}” was not a number in the run with seed {}",
                    self.metrics.get(i).map_or("", String::as_str),
                    self.seed
                )),
                None => Ok(v),
            });
        Reply {
            point: self.point,
            seed: self.seed,
            values,
        }
    }
}

/// Student's t at 97.5 % for `df` degrees of freedom: the half-width of a 95 % interval is
/// t × s / √n.
pub fn t975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => T[df - 1],
        // Beyond the table, within 0.1 % of the exact quantile.
        _ => 1.960 + 2.4 / df as f64,
    }
}

/// A figure at one point, across its seeds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    /// The 95 % confidence interval of the mean (the mean itself, for one seed).
    pub low: f64,
    pub high: f64,
}

impl Summary {
    /// Of `xs`.
    pub fn of(xs: &[f64]) -> Option<Self> {
        let n = xs.len();
        if n == 0 {
            return None;
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        let half = if n < 2 {
            0.0
        } else {
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            t975(n - 1) * (var / n as f64).sqrt()
        };
        Some(Self {
            n,
            mean,
            low: mean - half,
            high: mean + half,
        })
    }
}

/// The results so far: per point, per seed (in seed order), the figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// `runs[point]` holds `(seed, figures)` as they arrived, kept sorted by seed.
    pub runs: Vec<Vec<(u64, Vec<f64>)>>,
    /// The first failure, if any run failed.
    pub failed: Option<String>,
}

impl Results {
    /// Empty, for `points` values.
    pub fn new(points: usize) -> Self {
        Self {
            runs: vec![Vec::new(); points],
            failed: None,
        }
    }

    /// Takes a run's reply.
    pub fn add(&mut self, r: Reply) {
        match (r.values, self.runs.get_mut(r.point)) {
            (Ok(v), Some(point)) => {
                let at = point.partition_point(|(s, _)| *s < r.seed);
                point.insert(at, (r.seed, v));
            }
            (Err(e), _) => {
                self.failed.get_or_insert(e);
            }
            (Ok(_), None) => {}
        }
    }

    /// Runs done.
    pub fn done(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    /// Points whose every seed is done.
    pub fn points_done(&self, seeds: u32) -> usize {
        self.runs
            .iter()
            .filter(|p| p.len() >= seeds as usize)
            .count()
    }

    /// Figure `m` at point `p`, across the seeds done.
    pub fn summary(&self, p: usize, m: usize) -> Option<Summary> {
        let xs: Vec<f64> = self
            .runs
            .get(p)?
            .iter()
            .filter_map(|(_, v)| v.get(m).copied())
            .collect();
        Summary::of(&xs)
    }

    /// Every run as CSV: one row a point and seed, the swept value, then each figure (in
    /// Rust's shortest exact form, so two runs of one experiment give the same bytes).
    pub fn csv(&self, e: &Experiment) -> String {
        let mut out = format!("point,{},seed,{}\n", e.sweep, e.metrics.join(","));
        for (p, runs) in self.runs.iter().enumerate() {
            for (seed, values) in runs {
                let v: Vec<String> = values.iter().map(|x| format!("{x}")).collect();
                out += &format!(
                    "{},{},{seed},{}\n",
                    p + 1,
                    e.values.get(p).map_or("", String::as_str),
                    v.join(",")
                );
            }
        }
        out
    }
}

/// An experiment that reproduces a published result, with where it comes from and what the
/// model leaves out.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Stable id.
    pub id: &'static str,
    pub title: &'static str,
    /// The source, cited.
    pub source: &'static str,
    /// What the source says, in figures or shape.
    pub published: &'static str,
    /// What the simulation leaves out, or why it cannot match.
    pub leaves_out: &'static str,
    /// The lab's link parameters the runs start from.
    pub setup: &'static str,
    pub sweep: &'static str,
    #[serde(deserialize_with = "leaked_list")]
    pub values: &'static [&'static str],
    #[serde(deserialize_with = "leaked_list")]
    pub metrics: &'static [&'static str],
    pub seeds: u32,
    pub duration_s: f64,
    pub warmup_s: f64,
}

/// A lab's experiment presets: a JSON list of [`Preset`]s in a file beside the lab, read on
/// first use.
pub struct Presets {
    json: &'static str,
    read: OnceLock<Vec<Preset>>,
}

/// A lab with no presets.
pub static NO_PRESETS: Presets = Presets::new("[]");

impl Presets {
    /// The presets `json` lists (`include_str!` of the lab's file).
    pub const fn new(json: &'static str) -> Self {
        Self {
            json,
            read: OnceLock::new(),
        }
    }

    /// Every preset; none when the file does not read ([`Presets::problem`] says why).
    pub fn all(&self) -> &[Preset] {
        self.read
            .get_or_init(|| serde_json::from_str(self.json).unwrap_or_default())
    }

    /// Why the file does not read, or names two presets alike; `None` when all is well.
    pub fn problem(&self) -> Option<String> {
        let all: Vec<Preset> = match serde_json::from_str(self.json) {
            Ok(all) => all,
            Err(e) => return Some(format!("the presets do not read: {e}{}", escapes(&e))),
        };
        let ids: std::collections::BTreeSet<_> = all.iter().map(|p| p.id).collect();
        (ids.len() != all.len()).then(|| "two presets share an id".to_owned())
    }
}

impl Preset {
    /// The experiment it runs.
    pub fn experiment(&self) -> Experiment {
        Experiment {
            sweep: self.sweep.to_owned(),
            values: self.values.iter().map(|v| (*v).to_owned()).collect(),
            metrics: self.metrics.iter().map(|m| (*m).to_owned()).collect(),
            seeds: self.seeds,
            duration_s: self.duration_s,
            warmup_s: self.warmup_s,
        }
    }
}
