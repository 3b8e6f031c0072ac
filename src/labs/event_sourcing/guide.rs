//! The event-sourcing lab's guided steps and challenges. Every figure a step reveals is read
//! off the engine after running the step's own configuration (and the hand commands the step
//! asks the learner to send).

use super::params::v2_at;
use crate::course::{judged, rule, Guide, Observed, Verdict};
use crate::sim::event_sourcing::account::Command;
use crate::sim::event_sourcing::store::EventBody;
use crate::sim::event_sourcing::{EsAction, EventSourcing};
use crate::sim::timeline::Timeline;
use crate::sim::{Nanos, SECOND};
use crate::text::group;

/// A run of the lab as a link describes it, with the learner's recorded actions.
pub type EsRun = Timeline<EventSourcing>;

guide_engine!(EsRun);

fn hand(run: &mut EsRun, command: Command) {
    // A headless run's log is never near its bound.
    let _ = run.act(EsAction::Manual {
        account: 0,
        command,
    });
}

/// Events a rebuild of the head folds, with or without snapshots; `None` if it fails.
fn replay_cost(sim: &EventSourcing, use_snapshots: bool) -> Option<u64> {
    sim.rebuild(sim.store().head(), use_snapshots)
        .ok()
        .map(|r| r.replayed)
}

/// Per account, what the log says came in and went out, folded from offset 0 with logic
/// the write side never had; and how many events that took.
fn money_moved(sim: &EventSourcing, until: Option<Nanos>) -> (Vec<(u64, u64)>, u64) {
    let mut moved = vec![(0u64, 0u64); sim.live().len()];
    let mut folded = 0;
    let events = sim.store().range(0, sim.store().head());
    for (_, e) in events.take_while(|(_, e)| until.is_none_or(|t| e.at <= t)) {
        folded += 1;
        if let Some(m) = moved.get_mut(e.stream as usize) {
            match e.body {
                EventBody::MoneyDepositedV1 { amount }
                | EventBody::MoneyDepositedV2 { amount, .. } => {
                    m.0 += u64::from(amount);
                }
                EventBody::MoneyWithdrawn { amount } => m.1 += u64::from(amount),
                EventBody::AccountCreated => {}
            }
        }
    }
    (moved, folded)
}

fn balance0(sim: &EventSourcing) -> u64 {
    sim.live().first().map_or(0, |a| a.balance)
}

/// The steps and challenges.
pub static GUIDE: Guide<EsRun> = Guide::new(
    include_str!("guide.json"),
    &[
        // A balance is a fold
        |run| {
            let s: &EventSourcing = run;
            let rebuilt = s
                .rebuild(s.store().head(), false)
                .ok()
                .and_then(|r| r.accounts.first().map(|a| a.balance));
            Observed {
 value: None,
                    holds: balance0(s) == 150 && rebuilt == Some(150) && s.store().head() == 3,
                    figures: format!(
                        "{} events in the log; the write side's balance is {}; folding the log from the first event gives {}.",
                        s.store().head(),
                        balance0(s),
                        rebuilt.map_or("an error".to_owned(), |b| b.to_string())
                    ),
                }
        },
        // Time travel
        |run| {
            let s: &EventSourcing = run;
            let total = |o: u64| {
                s.rebuild(o, true)
                    .ok()
                    .map(|r| r.accounts.iter().map(|a| a.balance).sum::<u64>())
            };
            let (then, now) = (total(1_500), total(s.store().head()));
            Observed {
 value: None,
                    holds: s.store().head() > 1_500 && then.is_some() && now.is_some(),
                    figures: format!(
                        "at offset 1,500 the accounts held {} in all; at the head ({} events) they hold {}; the log still has all {} events.",
                        then.map_or("—".to_owned(), |b| group(b as f64)),
                        group(s.store().head() as f64),
                        now.map_or("—".to_owned(), |b| group(b as f64)),
                        group(s.store().head() as f64)
                    ),
                }
        },
        // Replay without snapshots
        |run| {
            let s: &EventSourcing = run;
            let full = replay_cost(s, true);
            let in_memory = s.store().head() - s.store().archived_before();
            Observed {
                value: Some(in_memory as f64),
                holds: full == Some(in_memory) && (150_000..250_000).contains(&in_memory),
                figures: format!(
                    "a rebuild at the head folded {} events; the log holds {}.",
                    full.map_or("—".to_owned(), |n| group(n as f64)),
                    group(s.store().head() as f64)
                ),
            }
        },
        // Snapshots
        |run| {
            let s: &EventSourcing = run;
            let (snap, full) = (replay_cost(s, true), replay_cost(s, false));
            Observed {
                value: None,
                holds: snap.is_some_and(|n| n < 1_000),
                figures: format!(
                    "with snapshots {} events; from the first event {}; {} snapshots kept.",
                    snap.map_or("—".to_owned(), |n| group(n as f64)),
                    full.map_or("—".to_owned(), |n| group(n as f64)),
                    s.snapshots().len()
                ),
            }
        },
        // A schema change without an upcaster
        |run| {
            let s: &EventSourcing = run;
            let err = s.rebuild(s.store().head(), false).err();
            Observed {
                value: None,
                holds: err.is_some(),
                figures: match err {
                    Some(e) => format!("the rebuild stopped: {e}."),
                    None => "the rebuild completed.".to_owned(),
                },
            }
        },
        // Two writers, one version
        |run| {
            let s: &EventSourcing = run;
            Observed {
                value: None,
                holds: s.counters().conflicts == 1 && balance0(s) == 400,
                figures: format!(
                    "{} conflict(s); balance {}; {} events in the log.",
                    s.counters().conflicts,
                    balance0(s),
                    s.store().head()
                ),
            }
        },
        // The read model lags
        |run| {
            let lag = run.projection_lag();
            Observed {
                value: Some(lag as f64),
                holds: (1_600..=2_400).contains(&lag),
                figures: format!(
                    "the read model is {} events behind the log.",
                    group(lag as f64)
                ),
            }
        },
        // A read model nobody built yet
        |run| {
            let s: &EventSourcing = run;
            let (moved, folded) = money_moved(s, None);
            let agrees = moved
                .iter()
                .zip(s.live())
                .all(|((i, o), a)| i.checked_sub(*o) == Some(a.balance));
            let out: u64 = moved.iter().map(|m| m.1).sum();
            Observed {
                    value: Some(folded as f64),
                    holds: folded == s.store().head() && s.store().archived_before() == 0 && agrees,
                    figures: format!(
                        "the new projection folded {} events from offset 0 and found {} withdrawn in all; deposits minus withdrawals match the write side's balance of every account: {}.",
                        group(folded as f64),
                        group(out as f64),
                        if agrees { "yes" } else { "no" }
                    ),
                }
        },
        // The audit trail, as of a moment
        |run| {
            let s: &EventSourcing = run;
            let at = 5 * SECOND;
            let mine: Vec<_> = s
                .store()
                .range(0, s.store().head())
                .filter(|(_, e)| e.stream == 3)
                .collect();
            let (then_moved, _) = money_moved(s, Some(at));
            let as_of = then_moved.get(3).and_then(|(i, o)| i.checked_sub(*o));
            // The whole store rebuilt to the last event at or before 5 s.
            let offset = s
                .store()
                .range(0, s.store().head())
                .take_while(|(_, e)| e.at <= at)
                .count() as u64;
            let rebuilt = s
                .rebuild(offset, false)
                .ok()
                .and_then(|r| r.accounts.get(3).map(|a| a.balance));
            let now = s.live().get(3).map(|a| a.balance);
            Observed {
                    value: None,
                    holds: mine.len() > 10 && as_of.is_some() && as_of == rebuilt && now != as_of,
                    figures: format!(
                        "account 3 has {} events in the log, the first at {:.2} s; as of 5 s its balance was {} (a rebuild of the store to offset {} gives {}); now it is {}.",
                        mine.len(),
                        mine.first().map_or(0.0, |(_, e)| e.at as f64 / SECOND as f64),
                        as_of.map_or("—".to_owned(), |b| group(b as f64)),
                        group(offset as f64),
                        rebuilt.map_or("—".to_owned(), |b| group(b as f64)),
                        now.map_or("—".to_owned(), |b| group(b as f64))
                    ),
                }
        },
    ],
    &[
        (0, |run| {
            hand(run, Command::Open);
            hand(run, Command::Deposit(200));
            hand(run, Command::Withdraw(50));
        }),
        (5, |run| {
            hand(run, Command::Open);
            hand(run, Command::Deposit(500));
            let _ = run.act(EsAction::ConcurrentWithdrawals {
                account: 0,
                amount: 100,
            });
        }),
    ],
    &[
        // cheap-rebuild
        judged(|run| {
            let s: &EventSourcing = run;
            let c = s.config();
            if let Some(v) = rule(
                c.command_rate == 5_000,
                "the traffic at 5,000 commands a second",
            ) {
                return v;
            }
            let n = replay_cost(s, true);
            Verdict {
                pass: n.is_some_and(|n| n < 2_000) && c.snapshot_every >= 500,
                measured: format!(
                    "a rebuild at the head folded {} events; a snapshot every {} events",
                    n.map_or("—".to_owned(), |n| group(n as f64)),
                    if c.snapshot_every == 0 {
                        "∞ (off)".to_owned()
                    } else {
                        group(f64::from(c.snapshot_every))
                    }
                ),
            }
        }),
        // schema
        judged(|run| {
            let s: &EventSourcing = run;
            let deployed = v2_at(run.actions()).filter(|t| *t <= 20.0);
            let rebuilt = s.rebuild(s.store().head(), false);
            Verdict {
                    pass: deployed.is_some() && s.schema() == 2 && rebuilt.is_ok(),
                    measured: match (deployed, rebuilt) {
                        (None, _) => "v2 was not deployed in the first 20 seconds (press “Deploy deposits v2 now”)".to_owned(),
                        (Some(t), Err(e)) => format!("v2 deployed at {t:.1} s; the rebuild stopped: {e}"),
                        (Some(t), Ok(r)) => format!("v2 deployed at {t:.1} s; the rebuild folded {} events, old and new", group(r.replayed as f64)),
                    },
                }
        }),
        // fresh-read
        judged(|run| {
            let s: &EventSourcing = run;
            if let Some(v) = rule(
                s.config().command_rate == 2_000,
                "the traffic at 2,000 commands a second",
            ) {
                return v;
            }
            let lag = s.projection_lag();
            Verdict {
                pass: lag < 100,
                measured: format!(
                    "the read model is {} events behind (delay {} ms)",
                    group(lag as f64),
                    s.config().projection_delay_ms
                ),
            }
        }),
    ],
);
