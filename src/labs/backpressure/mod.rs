//! The back-pressure lab: what happens when a producer outruns its consumers, and what each
//! overflow policy does about it.

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

/// This lab, for the shell.
#[cfg(target_arch = "wasm32")]
pub const VIEW: super::frame::LabView = super::frame::LabView {
    lab: super::Lab::Backpressure,
    view: |params, frame| {
        use leptos::prelude::*;
        match params {
            super::LabParams::Backpressure(params) => {
                view! { <BackpressureLab params=params frame=frame /> }.into_any()
            }
            _ => ().into_any(),
        }
    },
    guide: &guide::GUIDE,
};
