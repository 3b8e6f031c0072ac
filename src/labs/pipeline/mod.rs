//! The pipeline lab: the guide's six steps wired together, every pitfall as a switch, and
//! the simple architecture it should only replace when a bottleneck demands it.

pub mod experiments;
pub mod guide;
pub mod params;
pub mod text;

page_modules!(PipelineLab: flow, panels, view);

lab_view!(Pipeline, PipelineLab, [crate::sim::pipeline::PipelineSim]);
