//! The pipeline lab's experiment that reproduces how a consumer group shares a log's
//! partitions.

use crate::course::experiment::Presets;

/// Published results, reproduced: the words and settings in `experiments.json`.
pub static PRESETS: Presets = Presets::new(include_str!("experiments.json"));
