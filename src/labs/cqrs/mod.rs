//! The CQRS lab: one database for commands and queries against separate write and read
//! paths, read replicas, eventual consistency and read-your-writes (the split scene); and
//! Twitter's home timelines, fan-out on write, on read and the hybrid (the timeline scene,
//! in [`fanout`]).

pub mod fanout;
pub mod guide;
pub mod params;
pub mod text;

page_modules!(CqrsLab: flow, panels, scene, view);

lab_view!(
    Cqrs,
    CqrsLab,
    [
        crate::sim::cqrs::CqrsSim,
        crate::sim::cqrs::fanout::FanoutSim
    ],
    &params::COMPARES
);
