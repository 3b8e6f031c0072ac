//! Scaling Lab: interactive, deterministic simulations of the patterns that let systems scale.
//!
//! The layers, each importing only those above it in this list:
//! - [`sim`]: the engines, pure Rust, deterministic from a seed, tested natively.
//! - [`link`]: the link contract, the action log, the run file and the registry of labs.
//! - [`course`]: guided steps, challenges, the tour and the course-page messages, as data.
//! - `ui`: Leptos widgets that know no lab (browser only).
//! - `page`: the one lab page every lab fills in, and the run behind it (browser only).
//! - [`labs`]: one module per lab: its parameters, guide, picture and tables of figures,
//!   charts and controls.
//! - `shell`: the app around the labs: header, tour, guide panel, embedding (browser only).

pub mod course;
pub mod labs;
pub mod link;
pub mod sim;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(target_arch = "wasm32")]
pub mod shell;
#[cfg(target_arch = "wasm32")]
pub mod ui;
