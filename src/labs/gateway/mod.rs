//! The gateway lab: per-client rate limits, priority load shedding, bulkheads, circuit
//! breakers and client retries in front of two backend services.

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
pub use view::GatewayLab;

lab_view!(Gateway, GatewayLab, [crate::sim::gateway::GatewaySim]);
