//! Scaling Lab: interactive, deterministic simulations of the patterns that let systems scale.
//!
//! - [`sim`]: the engine, pure Rust, tested natively.
//! - [`labs`]: one module per lab: its link parameters (pure) and its view (browser only).
//! - [`course`]: guided steps, challenges and the tour, as data (pure).
//! - `shell`: the app around the labs: tour, guide panel, embedding (browser only).
//! - `ui`: Leptos widgets the labs share (browser only).

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
