//! The seeded generator: its reference outputs, and uniform and exponential draws that are
//! what the queueing formulas assume.

use scaling_lab::sim::rng::SimRng;

#[test]
fn the_generator_gives_xoshiro256_plus_plus_reference_outputs() {
    // The first outputs of xoshiro256++ from the state [1, 2, 3, 4], as its authors' C code
    // and other ports give them.
    let mut r = SimRng::from_words([1, 2, 3, 4]).unwrap();
    let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
    assert_eq!(
        got,
        [
            41_943_041,
            58_720_359,
            3_588_806_011_781_223,
            3_591_011_842_654_386,
            9_228_616_714_210_784_205
        ]
    );
    assert!(SimRng::from_words([0; 4]).is_none());
}

#[test]
fn draws_are_uniform_and_exponential_means_hold() {
    let mut r = SimRng::new(7, 1);
    let n = 200_000;
    let mut bins = [0u32; 16];
    let mut sum = 0.0;
    for _ in 0..n {
        let u = r.unit();
        assert!((0.0..1.0).contains(&u));
        bins[(u * 16.0) as usize] += 1;
        sum += r.exponential(2.0);
    }
    let expected = f64::from(n) / 16.0;
    let chi2: f64 = bins
        .iter()
        .map(|&b| (f64::from(b) - expected).powi(2) / expected)
        .sum();
    // 15 degrees of freedom: 37.7 is the 0.1 % tail.
    assert!(chi2 < 37.7, "χ² {chi2}: {bins:?}");
    let mean = sum / f64::from(n);
    assert!((mean - 2.0).abs() < 0.03, "exponential mean {mean}");
    // Different purposes under one seed are unrelated streams.
    assert_ne!(SimRng::new(7, 1).next_u64(), SimRng::new(7, 2).next_u64());
}
