//! Scaling Lab: interactive, deterministic simulations of the patterns that let systems scale.
//!
//! - [`sim`]: the engine, pure Rust, tested natively.
//! - [`labs`]: one module per lab: its link parameters (pure) and its view (browser only).
//! - `ui`: Leptos components the labs share (browser only).

pub mod course;
pub mod labs;
pub mod sim;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod ui;
