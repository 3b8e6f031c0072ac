//! Leptos components the labs share: controls, charts, metric readouts, the frame loop,
//! and the page around the labs.

pub mod app;
pub mod canvas;
pub mod chart;
pub mod controls;
pub mod frame;
pub mod lab_page;
pub mod metric;
pub mod page_url;
pub mod playback;
pub mod theme;

pub use app::{mount, App};
