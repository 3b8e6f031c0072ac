//! Two runs side by side: a comparison's link round-trips, each side takes its settings, and
//! the two runs, on one seed, see the same arrivals, so every difference is the pattern's.

use scaling_lab::labs::{async_processing, backpressure, cqrs, views};
use scaling_lab::link::registry::{comparisons, Lab, LabLink, LabParams, Page};
use scaling_lab::sim::async_processing::Mode;
use scaling_lab::sim::cqrs::fanout::config::Fanout;
use scaling_lab::sim::queue::OverflowPolicy;
use scaling_lab::sim::views::config::Refresh;
use scaling_lab::sim::Replay;

/// The two sides of `lab`'s comparison `key`, from a link of the lab.
fn sides(query: &str, lab: Lab, key: &str) -> (Page, LabParams, LabParams) {
    scaling_lab::labs::register_all();
    let compare = comparisons(lab).iter().find(|c| c.key == key).unwrap();
    let page = Page::from_query(query).0.comparing(Some(compare));
    assert_eq!(page.compare.map(|c| c.key), Some(key));
    let (again, notices) = Page::from_query(&page.to_query());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again, page);
    let b = page.versus().unwrap();
    (page.clone(), page.lab.unwrap(), b)
}

/// The two sides' own parameters, of the lab's type `P`.
fn typed<P: LabLink + Clone>(query: &str, lab: Lab, key: &str) -> (P, P) {
    let (_, a, b) = sides(query, lab, key);
    let (Some(a), Some(b)) = (a.get::<P>().cloned(), b.get::<P>().cloned()) else {
        unreachable!()
    };
    (a, b)
}

/// Both runs at tick `end`.
fn both<S: Replay>(
    mut a: scaling_lab::sim::timeline::Timeline<S>,
    mut b: scaling_lab::sim::timeline::Timeline<S>,
    end: u64,
) -> (S, S) {
    a.run_to_tick(end);
    b.run_to_tick(end);
    (a.state().clone(), b.state().clone())
}

#[test]
fn every_comparison_round_trips_and_leaves_again() {
    scaling_lab::labs::register_all();
    for lab in Lab::ALL {
        for c in comparisons(lab) {
            let (page, a, b) = sides(&format!("lab={}&seed=7", lab.key()), lab, c.key);
            assert_ne!(a, b, "{}: both sides are the same run", c.key);
            let alone = page.comparing(None);
            assert_eq!(alone.compare, None);
            assert!(!alone.to_query().contains("vs="));
        }
    }
}

#[test]
fn a_comparison_the_lab_does_not_have_is_named() {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query("lab=gateway&vs=sync-async");
    assert_eq!(page.compare, None);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].key, "vs");
    let (page, notices) = Page::from_query("lab=async&vs=nonsense");
    assert_eq!(page.compare, None);
    assert!(notices[0].message.contains("sync-async"), "{notices:?}");
}

#[test]
fn sync_and_async_see_the_same_orders() {
    let (a, b): (async_processing::params::Params, _) =
        typed("lab=async&order_rate=400&seed=3", Lab::Async, "sync-async");
    assert_eq!((a.config.mode, b.config.mode), (Mode::Sync, Mode::Async));
    let (ra, rb) = both(a.timeline(), b.timeline(), 5_000);
    let (ca, cb) = (ra.counters(), rb.counters());
    assert!(ca.offered > 1_000);
    assert_eq!(ca.offered, cb.offered);
    assert_ne!(ra.state_hash(), rb.state_hash());
}

#[test]
fn reject_and_drop_oldest_see_the_same_arrivals() {
    let (a, b): (backpressure::params::Params, _) = typed(
        "lab=backpressure&producer_rate=2000&consumer_rate=100&workers=4&capacity=50",
        Lab::Backpressure,
        "reject-drop-oldest",
    );
    assert_eq!(
        (a.config.policy, b.config.policy),
        (OverflowPolicy::Reject, OverflowPolicy::DropOldest)
    );
    let (ra, rb) = both(a.timeline(), b.timeline(), 5_000);
    let (ta, tb) = (ra.totals(), rb.totals());
    assert_eq!(ta.arrived, tb.arrived);
    assert!(ta.rejected > 0 && ta.dropped == 0);
    assert!(tb.dropped > 0 && tb.rejected == 0);
}

#[test]
fn full_refresh_and_stream_see_the_same_orders() {
    let (a, b): (views::params::Params, _) = typed("lab=views", Lab::Views, "full-stream");
    assert_eq!(
        (a.config.refresh, b.config.refresh),
        (Refresh::Full, Refresh::Stream)
    );
    let (ra, rb) = both(a.timeline(), b.timeline(), 3_000);
    assert_eq!(ra.counters().orders, rb.counters().orders);
    assert!(ra.counters().orders > 0);
}

#[test]
fn fan_out_on_write_and_hybrid_see_the_same_tweets() {
    let (a, b): (cqrs::params::Params, _) =
        typed("lab=cqrs&scene=split", Lab::Cqrs, "write-hybrid");
    assert_eq!(
        (a.fanout.fanout, b.fanout.fanout),
        (Fanout::Write, Fanout::Hybrid)
    );
    let (ra, rb) = both(a.fanout_timeline(), b.fanout_timeline(), 2_000);
    assert_eq!(ra.counters().tweets, rb.counters().tweets);
    assert!(ra.counters().tweets > 0);
}

#[test]
fn the_first_run_takes_its_side_whatever_the_link_says() {
    scaling_lab::labs::register_all();
    let (page, notices) = Page::from_query("lab=async&mode=async&vs=sync-async");
    assert!(notices.is_empty(), "{notices:?}");
    let (Some(a), Some(b)) = (
        page.lab.as_ref().and_then(|l| {
            l.get::<scaling_lab::labs::async_processing::params::Params>()
                .cloned()
        }),
        page.versus().and_then(|l| {
            l.get::<scaling_lab::labs::async_processing::params::Params>()
                .cloned()
        }),
    ) else {
        unreachable!()
    };
    assert_eq!((a.config.mode, b.config.mode), (Mode::Sync, Mode::Async));
}
