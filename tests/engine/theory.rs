//! Closed-form queueing results against known values.

use scaling_lab::sim::theory::{fluid_loss, mmck, offered_load};

#[test]
fn mm1k_matches_the_textbook_formula() {
    // P_K = (1 - ρ) ρ^K / (1 - ρ^(K+1)).
    for (rho, k) in [(0.5, 5u64), (0.9, 20), (2.0, 10), (1.5, 100)] {
        let expected =
            (1.0 - rho) * f64::powi(rho, k as i32) / (1.0 - f64::powi(rho, k as i32 + 1));
        let got = mmck(rho * 100.0, 100.0, 1, k).unwrap().loss;
        assert!(
            (got - expected).abs() < 1e-12,
            "ρ={rho} K={k}: {got} vs {expected}"
        );
    }
}

#[test]
fn mmck_survives_huge_overload_and_capacity() {
    // 10,000 into 5,000 with K = 10,001: half the traffic is lost, no overflow to NaN.
    let r = mmck(10_000.0, 5_000.0, 1, 10_001).unwrap();
    assert!((r.loss - 0.5).abs() < 1e-9, "{r:?}");
    assert!(r.mean_in_system > 9_990.0);
}

#[test]
fn mmck_with_rho_one_is_uniform() {
    // At ρ = 1 with one worker every state is equally likely: P_K = 1 / (K + 1).
    let r = mmck(100.0, 100.0, 1, 9).unwrap();
    assert!((r.loss - 0.1).abs() < 1e-12);
}

#[test]
fn degenerate_inputs_give_none_or_zero() {
    assert!(mmck(1.0, 0.0, 1, 10).is_none());
    assert!(mmck(1.0, 1.0, 0, 10).is_none());
    assert!(mmck(f64::NAN, 1.0, 1, 10).is_none());
    assert_eq!(mmck(0.0, 1.0, 1, 10).unwrap().loss, 0.0);
    assert_eq!(fluid_loss(10_000.0, 1, 5_000.0), 0.5);
    assert_eq!(offered_load(10_000.0, 2, 5_000.0), 1.0);
}
