//! Seeded randomness for the simulation.
//!
//! PCG-64 is small (two 128-bit words, so clones are cheap), fast, and gives the same stream
//! on every platform. The logarithm comes from `libm`, a pure-Rust port of musl's maths, so
//! exponential variates are bit-identical natively and in WebAssembly.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

/// A deterministic random stream. Streams are derived from the run's seed and a fixed
/// per-purpose salt, so changing how often one part of the model draws numbers never
/// perturbs another part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng(Pcg64);

impl SimRng {
    /// A stream for `purpose` under `seed`.
    pub fn new(seed: u64, purpose: u64) -> Self {
        // Mix the salt in with a splitmix constant so nearby seeds give unrelated streams.
        let mixed = seed ^ purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Self(Pcg64::seed_from_u64(mixed))
    }

    /// A uniform number in `[0, 1)` with 53 bits of precision.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// An exponential variate with the given mean, by inversion.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        -libm::log(1.0 - self.unit()) * mean
    }

    /// A fingerprint of the stream's position, for state hashes.
    pub fn fingerprint(&self) -> u64 {
        self.0.clone().next_u64()
    }
}
