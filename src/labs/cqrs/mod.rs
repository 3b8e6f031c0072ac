//! The CQRS lab: one database for commands and queries against separate write and read
//! paths, read replicas, eventual consistency and read-your-writes (the split scene); and
//! Twitter's home timelines, fan-out on write, on read and the hybrid (the timeline scene,
//! in [`fanout`]).

pub mod fanout;
pub mod guide;
pub mod params;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod scene;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::CqrsLab;

lab_view!(
    Cqrs,
    CqrsLab,
    [
        crate::sim::cqrs::CqrsSim,
        crate::sim::cqrs::fanout::FanoutSim
    ],
    &params::COMPARES
);
