//! The CQRS lab's timeline scene: tweets fanned out into followers' timeline caches, or
//! merged when a timeline is opened, or both by follower count.

pub mod experiments;
pub mod guide;

#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::FanoutLab;
