//! The CQRS lab's timeline scene: tweets fanned out into followers' timeline caches, or
//! merged when a timeline is opened, or both by follower count.

pub mod experiments;
pub mod guide;

page_modules!(FanoutLab: flow, panels, view);
