//! The property every engine shares, written once: driven through its timeline with random
//! settings and random actions at random moments, the engine's invariants
//! (`Replay::check_invariants`: its accounting, its capacity and its bounds) hold at every
//! stop, and replay equals the live run: a seek back to an earlier moment, run on to the end
//! again, arrives at the same state hash. Each lab's test supplies its engine and its action
//! strategy; a failure names the tick and what broke, and replays from its seed.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use scaling_lab::sim::timeline::{Replay, Timeline};

/// Runs `start` with `actions` (any order) to tick `end`, checking the invariants at each of
/// `stops` (sorted and run through in order, then `end`), then seeks back to a third of the way
/// and runs to `end` again. Returns the state at `end`, for a lab's own further checks.
pub fn holds_its_invariants_and_replays<S: Replay>(
    start: S,
    mut actions: Vec<(u64, S::Action)>,
    stops: impl IntoIterator<Item = u64>,
    end: u64,
) -> Result<S, TestCaseError> {
    actions.sort_by_key(|(t, _)| *t);
    let mut run = Timeline::new(start, actions);
    let mut stops: Vec<u64> = stops.into_iter().filter(|t| *t < end).collect();
    stops.sort_unstable();
    stops.push(end);
    for tick in stops {
        run.run_to_tick(tick);
        if let Err(broken) = run.state().check_invariants() {
            return Err(TestCaseError::fail(format!("at tick {tick}: {broken}")));
        }
    }
    let live = run.state().state_hash();
    run.seek(end / 3);
    run.run_to_tick(end);
    prop_assert_eq!(
        run.state().state_hash(),
        live,
        "a replay from tick {} differs from the live run",
        end / 3
    );
    Ok(run.state().clone())
}

/// A lab's property test of [`holds_its_invariants_and_replays`]: random settings from
/// `$config`, up to six random actions from `$action` before tick `$end`, the invariants
/// checked at `$stops` and `$end`.
macro_rules! invariants_hold {
    ($(#[$doc:meta])* $name:ident: $sim:ident, $config:expr, $action:expr, $stops:expr, $end:expr) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]

            $(#[$doc])*
            #[test]
            fn $name(
                seed in any::<u64>(),
                c in $config,
                actions in prop::collection::vec((0u64..$end, $action), 0..6),
            ) {
                crate::model::holds_its_invariants_and_replays($sim::new(seed, c), actions, $stops, $end)?;
            }
        }
    };
}
pub(crate) use invariants_hold;

/// `sim` run for `ticks` more ticks, its invariants checked at the end: a scenario's run.
pub fn ran<S: Replay>(mut sim: S, ticks: u64) -> S {
    sim.advance_ticks(ticks);
    if let Err(broken) = sim.check_invariants() {
        panic!("after {ticks} ticks: {broken}");
    }
    sim
}

/// `sim` run to simulated time `t` (ns), its invariants checked at the end.
pub fn ran_to<S: Replay>(mut sim: S, t: u64) -> S {
    sim.advance_to(t);
    if let Err(broken) = sim.check_invariants() {
        panic!("at {t} ns: {broken}");
    }
    sim
}

/// The state hash of `start` run with `actions` to tick `end`, after seeking back to `back`
/// and forward to `end` again; checks it equals the hash of running straight there.
pub fn seek_equals_straight<S: Replay>(
    start: &S,
    actions: &[(u64, S::Action)],
    back: u64,
    end: u64,
) -> u64 {
    let mut straight = Timeline::new(start.clone(), actions.to_vec());
    straight.run_to_tick(end);
    let mut seeking = Timeline::new(start.clone(), actions.to_vec());
    seeking.run_to_tick(end);
    seeking.seek(back);
    seeking.seek(end);
    let hash = straight.state().state_hash();
    assert_eq!(
        seeking.state().state_hash(),
        hash,
        "a seek to {back} and back differs"
    );
    hash
}
