//! The pipeline lab: the guide's six steps wired together, every pitfall as a switch, and
//! the simple architecture it should only replace when a bottleneck demands it.

pub mod experiments;
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
pub use view::PipelineLab;

lab_view!(Pipeline, PipelineLab, [crate::sim::pipeline::PipelineSim]);
