//! The async-processing lab: a checkout answered synchronously or through message queues,
//! with outages, retries, a dead-letter queue and at-least-once delivery.

pub mod guide;
pub mod params;
pub mod text;

page_modules!(AsyncLab: flow, panels, tables, view);

lab_view!(
    Async,
    AsyncLab,
    [crate::sim::async_processing::AsyncSim],
    &params::COMPARES
);
