//! Native tests of the engine and the link contract: one test binary, as the engine's
//! invariants are properties of the whole model.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod async_processing;
mod audit;
mod authored;
mod backpressure;
mod bundles;
mod chunked;
mod compare;
mod course;
mod cqrs;
mod event_sourcing;
mod experiments;
mod fanout;
mod gateway;
mod links;
mod model;
mod pipeline;
mod rng;
mod run_files;
mod streams;
mod theory;
mod timeline;
mod views;
mod window;
