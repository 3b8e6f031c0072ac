//! The event-sourcing lab: balances derived from an append-only log, time travel over it,
//! snapshots against replay cost, schema versions, and a read model that trails the log.

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
mod tables;
#[cfg(target_arch = "wasm32")]
mod tape;
#[cfg(target_arch = "wasm32")]
mod timetravel;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::EventSourcingLab;

/// This lab, for the shell.
#[cfg(target_arch = "wasm32")]
pub const VIEW: super::frame::LabView = super::frame::LabView {
    lab: super::Lab::EventSourcing,
    view: |params, frame| {
        use leptos::prelude::*;
        match params {
            super::LabParams::EventSourcing(params) => {
                view! { <EventSourcingLab params=params frame=frame /> }.into_any()
            }
            _ => ().into_any(),
        }
    },
    guide: &guide::GUIDE,
};
