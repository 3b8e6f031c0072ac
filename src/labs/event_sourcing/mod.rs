//! The event-sourcing lab: balances derived from an append-only log, time travel over it,
//! snapshots against replay cost, schema versions, and a read model that trails the log.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod cost;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod rebuild;
#[cfg(target_arch = "wasm32")]
mod scrub;
#[cfg(target_arch = "wasm32")]
mod tables;
#[cfg(target_arch = "wasm32")]
mod tape;
#[cfg(target_arch = "wasm32")]
mod timetravel;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::EventSourcingLab;

lab_view!(
    EventSourcing,
    EventSourcingLab,
    [crate::sim::event_sourcing::EventSourcing]
);
