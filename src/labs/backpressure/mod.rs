//! The back-pressure lab: what happens when a producer outruns its consumers, and what each
//! overflow policy does about it.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

page_modules!(BackpressureLab: charts, figures, flow, panels, view);

lab_view!(
    Backpressure,
    BackpressureLab,
    [crate::sim::backpressure::BackpressureSim],
    &params::COMPARES
);
