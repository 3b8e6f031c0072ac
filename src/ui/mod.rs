//! Leptos widgets the labs share: controls, charts, metric readouts, the frame loop and the
//! lab page frame. The shell (`crate::shell`) sits above the labs; nothing here imports a lab
//! (only the shared link contract, for the playback speeds).

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
