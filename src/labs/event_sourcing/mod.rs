//! The event-sourcing lab: balances derived from an append-only log, time travel over it,
//! snapshots against replay cost, schema versions, and a read model that trails the log.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

page_modules!(EventSourcingLab: cost, panels, rebuild, scrub, tables, tape, timetravel, view);

lab_view!(
    EventSourcing,
    EventSourcingLab,
    [crate::sim::event_sourcing::EventSourcing]
);
