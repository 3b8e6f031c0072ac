//! What the shell hands every lab: whether it is embedded, the guide step the page is on,
//! and where to report the run's simulated time (the guide waits on it).

use leptos::prelude::*;

use super::{LabParams, Page};

/// The shell's side of a lab.
#[derive(Clone, Copy)]
pub struct LabFrame {
    /// Embedded in a course page: no site chrome, no introduction.
    pub embed: bool,
    /// The guide step shown, kept in the lab's links.
    pub step: RwSignal<Option<usize>>,
    /// The run's simulated time, seconds, written by the lab as its readouts refresh.
    pub sim_time: RwSignal<f64>,
}

impl LabFrame {
    /// The page a lab's parameters make inside this frame.
    pub fn page(&self, lab: LabParams) -> Page {
        Page {
            lab: Some(lab),
            embed: self.embed,
            step: self.step.get_untracked(),
        }
    }

    /// Reports the lab's simulated time, ignored once the shell has moved on.
    pub fn report_time(&self, t_s: f64) {
        if self.sim_time.try_get_untracked().is_some_and(|t| t != t_s) {
            self.sim_time.set(t_s);
        }
    }
}
