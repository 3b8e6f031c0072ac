//! The gateway lab: per-client rate limits, priority load shedding, bulkheads, circuit
//! breakers and client retries in front of two backend services.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

page_modules!(GatewayLab: flow, panels, view);

lab_view!(Gateway, GatewayLab, [crate::sim::gateway::GatewaySim]);
