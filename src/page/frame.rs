//! What the shell hands every lab: whether it is embedded, the guide step the page is on,
//! and where to report the run's simulated time (the guide waits on it).

use leptos::prelude::*;

use crate::course::authored::Measure;
use crate::link::registry::{Authored, Lab, LabCodec, LabParams, Page};

/// A lab a bundle carries: which one, and how to show it. Each page bundle lists only its
/// own labs, so the code of the others never reaches its download.
#[derive(Clone, Copy)]
pub struct LabView {
    /// Which lab.
    pub lab: Lab,
    /// Mounts the lab for a link's parameters.
    pub view: fn(LabParams, LabFrame) -> AnyView,
    /// Its guided steps and challenges.
    pub guide: &'static dyn crate::course::LabGuide,
    /// How its links are read and written.
    pub codec: LabCodec,
    /// Runs it headless and reads every figure: what course authors' rules read.
    pub measure: Measure,
    /// One run of an experiment, headless: what the page's Web Workers run.
    pub sample: crate::course::experiment::Sample,
}

/// What a page bundle carries: the tour, if it is the tour's bundle, and its labs.
#[derive(Clone, Copy)]
pub struct Pages {
    /// Shows the tour.
    pub tour: Option<fn() -> AnyView>,
    /// The labs.
    pub labs: &'static [LabView],
}

/// The shell's side of a lab.
#[derive(Clone, Copy)]
pub struct LabFrame {
    /// Embedded in a course page: no site chrome, no introduction.
    pub embed: bool,
    /// The guide step shown, kept in the lab's links.
    pub step: RwSignal<Option<usize>>,
    /// The run's simulated time, seconds, written by the lab as its readouts refresh.
    pub sim_time: RwSignal<f64>,
    /// Shows another page of this lab (an imported run), as the guide's steps do.
    pub load: Callback<Page>,
    /// The comparison the link asks for: a second run beside this one.
    pub compare: Option<&'static crate::link::registry::Comparison>,
    /// Embedded: the origin the page's messages go to (`None`: any).
    pub parent_origin: Option<&'static str>,
    /// A course author's steps the link carries or names, kept in the lab's links.
    pub authored: Option<&'static Authored>,
    /// The guide offers to write a step, kept in the lab's links.
    pub author: bool,
    /// The experiment the link opened with, or last run: kept in the lab's links.
    pub experiment: RwSignal<Option<crate::link::experiment::Experiment>>,
    /// One run of an experiment on the page's thread, when no Web Worker can start.
    pub sample: Option<crate::course::experiment::Sample>,
}

impl LabFrame {
    /// The page a lab's parameters make inside this frame.
    pub fn page(&self, lab: LabParams) -> Page {
        Page {
            lab: Some(lab),
            embed: self.embed,
            step: self.step.get_untracked(),
            compare: self.compare,
            parent_origin: self.parent_origin.map(str::to_owned),
            authored: self.authored.cloned(),
            author: self.author,
            experiment: self.experiment.get_untracked(),
        }
    }

    /// Reports the lab's simulated time, ignored once the shell has moved on.
    pub fn report_time(&self, t_s: f64) {
        if self.sim_time.try_get_untracked().is_some_and(|t| t != t_s) {
            self.sim_time.set(t_s);
        }
    }
}
