//! The timeline scene's experiment that reproduces Twitter's published fan-out figures.

use crate::course::experiment::Presets;

/// Published results, reproduced: the words and settings in `experiments.json`.
pub static PRESETS: Presets = Presets::new(include_str!("experiments.json"));
