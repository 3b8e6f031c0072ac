//! The simulation engine: pure Rust, no web dependencies, deterministic from a seed.
//!
//! Simulated time is an integer count of nanoseconds. The engine only ever moves forward in
//! whole [`TICK_NS`] steps, so the state after `n` ticks is the same whether the caller asked
//! for them one at a time or all at once, and whatever the browser's frame rate was. Inside a
//! tick, arrivals and service completions are handled one by one in time order, so latencies
//! are exact to the nanosecond rather than rounded to the tick.
//!
//! Every structure has a stated bound (see the constants in each module); the state is
//! plain data, so cloning it is a memcpy-sized operation that later labs use for checkpoints.

pub mod action;
pub mod arrivals;
pub mod async_processing;
pub mod backpressure;
pub mod chunked;
pub mod cqrs;
pub mod event_sourcing;
pub mod gateway;
pub mod keyed;
pub mod metrics;
pub mod packed;
pub mod pipeline;
pub mod poisson;
pub mod queue;
pub mod reference;
pub mod rng;
pub mod service;
pub mod streams;
pub mod theory;
pub mod timeline;
pub mod varint;
pub mod views;
pub mod window;

pub use keyed::Keyed;
pub use timeline::Replay;

/// Simulated time in nanoseconds since the start of the run.
pub type Nanos = u64;

/// One second of simulated time.
pub const SECOND: Nanos = 1_000_000_000;

/// The fixed step of the engine: one simulated millisecond.
pub const TICK_NS: Nanos = 1_000_000;

/// Converts nanoseconds to seconds for display and formulas.
pub fn seconds(t: Nanos) -> f64 {
    t as f64 / SECOND as f64
}

/// Converts a duration in (possibly fractional) seconds to whole nanoseconds, saturating.
/// Negative and NaN inputs give zero: callers pass durations, which cannot be negative.
pub fn nanos(seconds: f64) -> Nanos {
    if seconds.is_nan() || seconds <= 0.0 {
        0
    } else {
        // Rounds half away from zero, as `f64::round` does, without calling it: WebAssembly
        // has no such instruction, and the call was a twentieth of the engine's time. `as`
        // truncates (saturating above u64::MAX), and below 2^53 the fraction is exact.
        let x = seconds * SECOND as f64;
        let whole = x as Nanos;
        if x - whole as f64 >= 0.5 {
            whole.saturating_add(1)
        } else {
            whole
        }
    }
}

/// A hasher whose output is the same on 32- and 64-bit targets: `usize`, `isize` (slice
/// lengths, enum discriminants) are widened to 64 bits before hashing. Used for state hashes
/// that are compared across native and WebAssembly builds.
#[derive(Default)]
pub struct StableHasher(std::hash::DefaultHasher);

impl std::hash::Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0.finish()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn write_usize(&mut self, n: usize) {
        self.0.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.0.write_i64(n as i64);
    }
}
