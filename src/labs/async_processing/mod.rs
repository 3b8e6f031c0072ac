//! The async-processing lab: a checkout answered synchronously or through message queues,
//! with outages, retries, a dead-letter queue and at-least-once delivery.

pub mod guide;
pub mod params;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod tables;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::AsyncLab;

lab_view!(
    Async,
    AsyncLab,
    [crate::sim::async_processing::AsyncSim],
    &params::COMPARES
);
