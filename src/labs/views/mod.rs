//! The materialized-views lab: the orders dashboard read by query or from a view, the three
//! refresh strategies, staleness and its alert.

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
pub use view::ViewsLab;

lab_view!(
    Views,
    ViewsLab,
    [crate::sim::views::ViewsSim],
    &params::COMPARES
);
