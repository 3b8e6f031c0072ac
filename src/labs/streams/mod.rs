//! The streams lab: back-pressure as a protocol, Reactive Streams' demand and TCP's receive
//! window.

pub mod guide;
pub mod params;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::StreamsLab;

lab_view!(Streams, StreamsLab, [crate::sim::streams::StreamsSim]);
