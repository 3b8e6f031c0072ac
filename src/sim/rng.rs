//! Seeded randomness for the simulation.
//!
//! xoshiro256++ (Blackman and Vigna): four 64-bit words of state, so clones are cheap, and
//! only 64-bit adds, shifts and rotations, so it is as fast in WebAssembly as natively (the
//! PCG-64 used before needs a 128-bit multiply a draw, a library call in wasm32). It gives
//! the same stream on every platform. The logarithm comes from `libm`, a pure-Rust port of
//! musl's maths, so exponential variates are bit-identical natively and in WebAssembly.

/// A deterministic random stream. Streams are derived from the run's seed and a fixed
/// per-purpose salt, so changing how often one part of the model draws numbers never
/// perturbs another part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng([u64; 4]);

/// SplitMix64, the seeding its authors recommend: consecutive outputs are never all zero.
fn split_mix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SimRng {
    /// A stream for `purpose` under `seed`.
    pub fn new(seed: u64, purpose: u64) -> Self {
        // Mix the salt in with a splitmix constant so nearby seeds give unrelated streams.
        let mut x = seed ^ purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Self([
            split_mix(&mut x),
            split_mix(&mut x),
            split_mix(&mut x),
            split_mix(&mut x),
        ])
    }

    /// A stream from its raw state, which must not be all zeros (for checking the generator
    /// against its authors' published outputs).
    pub fn from_words(words: [u64; 4]) -> Option<Self> {
        (words != [0; 4]).then_some(Self(words))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// A uniform number in `[0, 1)` with 53 bits of precision.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// An exponential variate with the given mean, by inversion.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        -libm::log(1.0 - self.unit()) * mean
    }

    /// A fingerprint of the stream's position, for state hashes.
    pub fn fingerprint(&self) -> u64 {
        self.clone().next_u64()
    }
}
