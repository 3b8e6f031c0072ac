//! The streams lab: back-pressure as a protocol, Reactive Streams' demand and TCP's receive
//! window.

pub mod guide;
pub mod params;
pub mod text;

page_modules!(StreamsLab: flow, panels, view);

lab_view!(Streams, StreamsLab, [crate::sim::streams::StreamsSim]);
