//! The one lab page every lab fills in, and the run behind it: the page frame and its shared
//! parts (`lab`), the run's timeline and the work spread over frames (`run`), the bar that
//! shows it (`run_bar`), a second run compared side by side (`versus`) and how often each
//! part refreshes (`cadence`). It sits above the widgets of `crate::ui` and below the labs,
//! which describe themselves to it through [`lab::LabUi`].

pub mod cadence;
pub mod experiment;
pub mod frame;
pub mod lab;
pub mod lab_page;
pub mod lab_run;
pub mod run;
pub mod run_bar;
pub mod versus;
