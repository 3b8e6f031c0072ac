//! The event-sourcing lab's guided steps and challenges. Every figure a step reveals is read
//! off the engine after running the step's own configuration (and the hand commands the step
//! asks the learner to send).

use super::params::v2_at;
use crate::course::{
    rule, Challenge, ChallengeText, Guide, Misconception, NumberQuestion, Observed, Preset, Step,
    StepText, Verdict,
};
use crate::sim::event_sourcing::account::Command;
use crate::sim::event_sourcing::store::EventBody;
use crate::sim::event_sourcing::{EsAction, EventSourcing};
use crate::sim::timeline::Timeline;
use crate::sim::{Nanos, SECOND};
use crate::text::group;

/// A run of the lab as a link describes it, with the learner's recorded actions.
pub type EsRun = Timeline<EventSourcing>;

guide_engine!(EsRun, |c, a| c.with(a));

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
pub static GUIDE: Guide<EsRun> = Guide {
    presets: &[
        Preset {
            name: "One quiet account, by hand",
            query: "command_rate=0&accounts=1",
        },
        Preset {
            name: "A busy bank: 400 commands/s, 8 accounts",
            query: "command_rate=400&accounts=8&snapshot_every=200",
        },
        Preset {
            name: "A million events, no snapshots",
            query: "command_rate=10000&accounts=1000&snapshot_every=0&speed=16",
        },
        Preset {
            name: "Schema v2 at 5 s, no upcaster",
            query: "command_rate=200&accounts=10&v2_at=5&upcaster=off",
        },
        Preset {
            name: "A read model 5 s behind",
            query: "command_rate=1000&accounts=10&projection_delay_ms=5000",
        },
    ],
    steps: &[
        Step {
            text: StepText {
            title: "A balance is a fold",
            setup: "command_rate=0&accounts=1",
            setting: "Traffic is off. Under “By hand”, with account 0: press Open, then Deposit with amount 200, then Withdraw with amount 50. Watch what lands on the tape.",
            run_s: 1.0,
            question: "No balance is stored anywhere. What does the log hold, and what does folding it give?",
            choices: &["Three events, the opening too; folding them gives 150", "Two events, a deposit and a withdrawal; folding them gives 150", "One event holding the balance after both commands, 150"],
            answer: 0,
            number: None,
            explain: "The log holds facts: the account was created with 0, 200 came in, 50 went out. The balance is whatever folding them in order gives, 0 + 200 − 50 = 150, and it can be derived again at any time, by anyone, from the same facts.",
            },
            prepare: Some(|run| {
                hand(run, Command::Open);
                hand(run, Command::Deposit(200));
                hand(run, Command::Withdraw(50));
            }),
            observe: |run| {
                let s: &EventSourcing = run;
                let rebuilt = s.rebuild(s.store().head(), false).ok().and_then(|r| r.accounts.first().map(|a| a.balance));
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
        },
        Step {
            text: StepText {
            title: "Time travel",
            setup: "command_rate=400&accounts=8&snapshot_every=200&speed=2",
            setting: "400 commands a second over 8 accounts. After ten seconds, pause and drag the offset slider back to 1,500.",
            run_s: 10.0,
            question: "What does moving the cursor back to offset 1,500 do?",
            choices: &["It deletes the events after 1,500, so the log ends there from now on", "It rolls the accounts back to offset 1,500 for good, and new events follow", "It shows the state folded from the first 1,500 events; the log is untouched"],
            answer: 2,
            number: None,
            explain: "Time travel is a read: the state at any moment is the fold of the events up to it. Nothing is removed from the log, and going back to the head shows today's state again. This is how an event-sourced system answers “what did this account look like last Tuesday?” and reproduces a bug exactly.",
            },
            prepare: None,
            observe: |run| {
                let s: &EventSourcing = run;
                let total = |o: u64| s.rebuild(o, true).ok().map(|r| r.accounts.iter().map(|a| a.balance).sum::<u64>());
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
        },
        Step {
            text: StepText {
            title: "Replay without snapshots",
            setup: "command_rate=10000&accounts=1000&snapshot_every=0&speed=4",
            setting: "10,000 commands a second over 1,000 accounts, snapshots off. Let it run for 20 seconds and watch the rebuild cost.",
            run_s: 20.0,
            question: "At 20 s, how many events does a rebuild of the current state fold?",
            choices: &[],
            answer: 0,
            number: Some(NumberQuestion { unit: "events", min: 0.0, max: 1_000_000_000.0, band: 0.25, misconception: Some(Misconception { value: 1_000.0, says: "A rebuild does not fold one event per account: without a snapshot the only way to any account's balance is through every event written since the start." }) }),
            explain: "Without snapshots the only way to the current state is from the first event, so the rebuild's work grows with the log without end: at 10,000 commands a second, every second of history adds about 10,000 events to the next rebuild. A real store with billions of events, read from disk, takes hours.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
            title: "Snapshots",
            setup: "command_rate=10000&accounts=1000&snapshot_every=1000&speed=4",
            setting: "The same traffic with a snapshot of every account every 1,000 events.",
            run_s: 20.0,
            question: "What does a snapshot every 1,000 events buy, and what does it cost?",
            choices: &["A rebuild folds only the events since the last snapshot; each snapshot is one more write", "A rebuild folds nothing at all: the snapshots replace the log, which can then be deleted", "A rebuild folds half as many events, and the snapshots cost nothing to keep"],
            answer: 0,
            number: None,
            explain: "A rebuild starts from the latest snapshot and folds only the events after it, fewer than the snapshot interval. Snapshots are a cache of the fold, not the truth: the log still holds every event, and the lab checks that snapshot + tail equals a full replay.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
            title: "A schema change without an upcaster",
            setup: "command_rate=200&accounts=10&v2_at=5&upcaster=off&speed=2",
            setting: "At 5 seconds deposits switch to version 2 (amount and currency), and the reader only understands v2. The upcaster, which would translate old events, is off.",
            run_s: 10.0,
            question: "What happens to a rebuild from the first event?",
            choices: &["It works: old events are simply read as if they were new ones", "It skips the v1 deposits and gives lower balances without a word", "It stops at the first v1 deposit, with an error naming it"],
            answer: 2,
            number: None,
            explain: "Events are immutable, so the old shape never goes away: every reader must understand every version ever written. An upcaster turns a v1 event into a v2 event as it is read; without one the rebuild must stop (silently skipping money would be far worse). Turn the upcaster on and the rebuild works again.",
            },
            prepare: None,
            observe: |run| {
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
        },
        Step {
            text: StepText {
            title: "Two writers, one version",
            setup: "command_rate=0&accounts=1",
            setting: "Traffic is off. With account 0: Open it, Deposit 500, then set the amount to 100 and press “Concurrent withdrawals”: two clients read the same version and each withdraws 100.",
            run_s: 1.0,
            question: "What ends up in the log?",
            choices: &["Both withdrawals are appended: the balance is 300", "One withdrawal; the other is refused as a conflict: 400", "Neither: both writers are refused, the balance stays 500"],
            answer: 1,
            number: None,
            explain: "Each append names the stream version its writer read. The first one matches and is appended, moving the stream on; the second names a version that is no longer current and is refused with nothing written. The client reloads and decides again: optimistic concurrency, with no locks held while a user thinks.",
            },
            prepare: Some(|run| {
                hand(run, Command::Open);
                hand(run, Command::Deposit(500));
                let _ = run.act(EsAction::ConcurrentWithdrawals { account: 0, amount: 100 });
            }),
            observe: |run| {
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
        },
        Step {
            text: StepText {
            title: "The read model lags",
            setup: "command_rate=1000&accounts=10&projection_delay_ms=2000&speed=2",
            setting: "1,000 commands a second; the read model takes each event in two seconds after it was written.",
            run_s: 10.0,
            question: "At 10 s, how many events behind the log is the read model?",
            choices: &[],
            answer: 0,
            number: Some(NumberQuestion { unit: "events", min: 0.0, max: 1_000_000_000.0, band: 0.25, misconception: Some(Misconception { value: 0.0, says: "The read model does not read the log as it is written: it applies each event after its delay, and meanwhile every new event adds to the lag." }) }),
            explain: "Lag in events is the write rate times the delay: 1,000 a second for 2 seconds. A read from the read model during that window shows old balances: eventual consistency. Monitor the lag, and read your own writes from the write side when it matters.",
            },
            prepare: None,
            observe: |run| {
                let lag = run.projection_lag();
                Observed {
 value: Some(lag as f64),
                    holds: (1_600..=2_400).contains(&lag),
                    figures: format!("the read model is {} events behind the log.", group(lag as f64)),
                }
            },
        },
        Step {
            text: StepText {
            title: "A read model nobody built yet",
            setup: "command_rate=400&accounts=8",
            setting: "400 commands a second over 8 accounts for 10 seconds. Then the business asks for a report no projection keeps: how much money has gone out of each account, ever. The write side only knows balances.",
            run_s: 10.0,
            question: "To answer it, a new projection is built from the log. How many events does it fold before it is complete at 10 s?",
            choices: &[],
            answer: 0,
            number: Some(NumberQuestion { unit: "events", min: 0.0, max: 1_000_000_000.0, band: 0.2, misconception: Some(Misconception { value: 0.0, says: "A new projection does not start empty and wait for new events: it replays the history from the first event, so it knows everything that happened before it existed." }) }),
            explain: "A projection is a fold you can write at any time. Replay the log from offset 0 through the new logic and the new read model knows the whole history, as if it had been there from the start; the lab checks it against the write side: deposits minus withdrawals give every balance. The price is one full replay before it can serve, after which it follows new events like any other projection. It is how Kafka consumers and event-sourced systems add reports, search indexes and features over data collected before anyone asked for them.",
            },
            prepare: None,
            observe: |run| {
                let s: &EventSourcing = run;
                let (moved, folded) = money_moved(s, None);
                let agrees = moved.iter().zip(s.live()).all(|((i, o), a)| i.checked_sub(*o) == Some(a.balance));
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
        },
        Step {
            text: StepText {
            title: "The audit trail, as of a moment",
            setup: "command_rate=400&accounts=8",
            setting: "Ten seconds of traffic. An auditor asks about account 3: every change made to it, in order and with its moment, and its balance at exactly 5 s. Only the log is kept; the write side holds today's balances and nothing else.",
            run_s: 10.0,
            question: "What can the system answer?",
            choices: &["Only today's balance: each command overwrote the one before", "Only what a snapshot taken at 5 s would hold, if one was", "Every change with its moment, and the balance as of any instant"],
            answer: 2,
            number: None,
            explain: "The log is the audit trail: nothing is overwritten, so every change to the account is there, in its order and with its moment, and the balance as of any instant is the fold of its events up to then. Datomic makes this a query of its own (a database value as of a moment); here the lab folds account 3's events up to 5 s and checks the result against a rebuild of the whole store at that moment.",
            },
            prepare: None,
            observe: |run| {
                let s: &EventSourcing = run;
                let at = 5 * SECOND;
                let mine: Vec<_> = s.store().range(0, s.store().head()).filter(|(_, e)| e.stream == 3).collect();
                let (then_moved, _) = money_moved(s, Some(at));
                let as_of = then_moved.get(3).and_then(|(i, o)| i.checked_sub(*o));
                // The whole store rebuilt to the last event at or before 5 s.
                let offset = s.store().range(0, s.store().head()).take_while(|(_, e)| e.at <= at).count() as u64;
                let rebuilt = s.rebuild(offset, false).ok().and_then(|r| r.accounts.get(3).map(|a| a.balance));
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
        },
    ],
    challenges: &[
        Challenge {
            text: ChallengeText {
            id: "cheap-rebuild",
            title: "Cheap rebuilds, few snapshots",
            goal: "At 5,000 commands a second for 60 simulated seconds (about 300,000 events), make a rebuild at the head fold fewer than 2,000 events, while taking a snapshot no more often than every 500 events (each one costs a write).",
            hint: "The replay after a snapshot is at most the snapshot interval long.",
            start: "command_rate=5000&accounts=100&snapshot_every=0",
            run_s: 60.0,
            },
            check: |run| {
                let s: &EventSourcing = run;
                let c = s.config();
                if let Some(v) = rule(c.command_rate == 5_000, "the traffic at 5,000 commands a second") {
                    return v;
                }
                let n = replay_cost(s, true);
                Verdict {
                    pass: n.is_some_and(|n| n < 2_000) && c.snapshot_every >= 500,
                    measured: format!(
                        "a rebuild at the head folded {} events; a snapshot every {} events",
                        n.map_or("—".to_owned(), |n| group(n as f64)),
                        if c.snapshot_every == 0 { "∞ (off)".to_owned() } else { group(f64::from(c.snapshot_every)) }
                    ),
                }
            },
        },
        Challenge {
            text: ChallengeText {
            id: "schema",
            title: "Ship v2 without breaking history",
            goal: "Deploy deposits v2 within the first 20 simulated seconds, and keep a rebuild from the very first event working at 30 seconds.",
            hint: "Old events never change. Something has to translate them when they are read.",
            start: "command_rate=200&accounts=10&upcaster=off",
            run_s: 30.0,
            },
            check: |run| {
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
            },
        },
        Challenge {
            text: ChallengeText {
            id: "fresh-read",
            title: "A fresh read model",
            goal: "At 2,000 commands a second, keep the read model fewer than 100 events behind the log after 20 simulated seconds.",
            hint: "Lag in events is the command rate times the read model's delay.",
            start: "command_rate=2000&accounts=50&projection_delay_ms=1000",
            run_s: 20.0,
            },
            check: |run| {
                let s: &EventSourcing = run;
                if let Some(v) = rule(s.config().command_rate == 2_000, "the traffic at 2,000 commands a second") {
                    return v;
                }
                let lag = s.projection_lag();
                Verdict {
                    pass: lag < 100,
                    measured: format!("the read model is {} events behind (delay {} ms)", group(lag as f64), s.config().projection_delay_ms),
                }
            },
        },
    ],
};
