//! The event-sourcing lab's experiments that reproduce "Exponential Backoff And Jitter":
//! writers racing to append to one stream with an expected version.

use crate::course::experiment::Presets;

/// Published results, reproduced: the words and settings in `experiments.json`.
pub static PRESETS: Presets = Presets::new(include_str!("experiments.json"));
