//! Leptos widgets that know no lab: controls (`RadioGroup`, `Toggle`, `Slider`,
//! `NumberField`), charts (plotters), metric readouts, the canvas set-up, the frame loop,
//! the theme, downloads and the address bar. They import only the link contract (for the
//! playback speeds and a crash report's link); the lab page (`crate::page`) and the labs sit
//! above them.

pub mod band_chart;
pub mod canvas;
pub mod chart;
pub mod controls;
pub mod download;
pub mod frame;
pub mod metric;
pub mod page_url;
pub mod panic;
pub mod playback;
pub mod theme;
