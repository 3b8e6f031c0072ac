//! The back-pressure lab: what happens when a producer outruns its consumers, and what each
//! overflow policy does about it.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod charts;
#[cfg(target_arch = "wasm32")]
mod figures;
#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::BackpressureLab;

lab_view!(
    Backpressure,
    BackpressureLab,
    [crate::sim::backpressure::BackpressureSim],
    &params::COMPARES
);
