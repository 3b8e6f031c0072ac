//! The materialized-views lab: the orders dashboard read by query or from a view, the three
//! refresh strategies, staleness and its alert.

pub mod guide;
pub mod params;
pub mod text;

page_modules!(ViewsLab: flow, panels, tables, view);

lab_view!(
    Views,
    ViewsLab,
    [crate::sim::views::ViewsSim],
    &params::COMPARES
);
