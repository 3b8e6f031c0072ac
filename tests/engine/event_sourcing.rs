//! Properties of the event-sourcing model: the log, the fold, snapshots, schema versions.

use proptest::prelude::*;
use scaling_lab::sim::event_sourcing::account::{Account, Command, Reader};
use scaling_lab::sim::event_sourcing::contention::ContentionConfig;
use scaling_lab::sim::event_sourcing::snapshot::MAX_SNAPSHOTS;
use scaling_lab::sim::event_sourcing::store::{
    AppendError, Currency, EventBody, EventStore, CHUNK, MAX_LIVE_EVENTS,
};
use scaling_lab::sim::event_sourcing::{
    EsAction, EsConfig, EventSourcing, Outcome, MIN_SNAPSHOT_EVERY,
};
use scaling_lab::sim::Keyed;
use scaling_lab::sim::Replay;
use scaling_lab::sim::SECOND;

prop_compose! {
    pub(crate) fn config()(
        command_rate in 0u32..=3_000,
        accounts in 1u32..=40,
        snapshot_every in prop_oneof![Just(0u32), 100u32..=2_000],
        projection_delay_ms in 0u32..=2_000,
        upcaster in any::<bool>(),
        writers in prop_oneof![Just(0u32), 1u32..=30],
        backoff in prop::sample::select(scaling_lab::sim::event_sourcing::contention::Backoff::all()),
        base_ms in 1u32..=20,
    ) -> EsConfig {
        let contention = ContentionConfig { writers, backoff, base_ms, cap_ms: 2_000 };
        EsConfig { command_rate, accounts, snapshot_every, projection_delay_ms, upcaster, contention }
    }
}

pub(crate) fn action() -> impl Strategy<Value = EsAction> {
    prop_oneof![
        (0u32..=3_000).prop_map(EsAction::CommandRate),
        (1u32..=40).prop_map(EsAction::Accounts),
        prop_oneof![Just(0u32), 100u32..=2_000].prop_map(EsAction::SnapshotEvery),
        any::<bool>().prop_map(EsAction::Upcaster),
        Just(EsAction::DeployV2),
        (0u32..40, 1u32..600)
            .prop_map(|(account, amount)| EsAction::ConcurrentWithdrawals { account, amount }),
        (0u32..40, 1u32..600).prop_map(|(account, a)| EsAction::Manual {
            account,
            command: Command::Deposit(a)
        }),
    ]
}

pub(crate) fn script() -> impl Strategy<Value = Vec<(u64, EsAction)>> {
    prop::collection::vec((0u64..2_000, action()), 0..10).prop_map(|mut v| {
        v.sort_by_key(|(t, _)| *t);
        v
    })
}

fn balances(accounts: &[Account]) -> Vec<(bool, u64, u32)> {
    accounts
        .iter()
        .map(|a| (a.open, a.balance, a.version))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The model's invariants (every command appended, refused or in conflict; accounts at
    /// their streams' versions; nothing ahead of the log) at every tick, and replay equals
    /// the live run.
    #[test]
    fn the_model_holds_its_invariants_and_replays(seed: u64, config in config(), actions in script()) {
        crate::model::holds_its_invariants_and_replays(EventSourcing::new(seed, config), actions, 1..2_000, 2_000)?;
    }

    #[test]
    fn live_state_is_always_the_fold_of_the_log(seed: u64, config in config(), actions in script()) {
        let mut sim = EventSourcing::new(seed, config);
        let mut pending = actions.iter().peekable();
        // Our own fold of the log, advanced over each new event, compared after every step.
        let (mut folded, mut upto) = (Vec::new(), 0u64);
        for tick in 0..2_000u64 {
            while let Some((_, a)) = pending.next_if(|(t, _)| *t <= tick) {
                sim.apply(*a);
            }
            sim.advance_ticks(1);
            // Folded with an upcaster, whatever the learner set: the write side must agree.
            let reader = Reader { schema: sim.schema(), upcaster: true };
            for (offset, event) in sim.store().range(upto, sim.store().head()) {
                reader.apply(&mut folded, offset, &event).unwrap();
            }
            upto = sim.store().head();
            prop_assert_eq!(balances(&folded), balances(sim.live()));
        }
    }

    #[test]
    fn snapshot_plus_tail_equals_full_replay_at_every_cut(seed: u64, mut config in config(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 1..20)) {
        config.upcaster = true;
        config.snapshot_every = config.snapshot_every.max(100);
        config.command_rate = config.command_rate.max(500);
        let sim = EventSourcing::new(seed, config).replayed(&[], 3_000);
        let head = sim.store().head();
        for cut in cuts {
            let k = cut.index(head as usize + 1) as u64;
            let full = sim.rebuild(k, false).unwrap();
            let fast = sim.rebuild(k, true).unwrap();
            prop_assert_eq!(full.replayed, k);
            prop_assert!(fast.replayed <= full.replayed);
            prop_assert_eq!(balances(&full.accounts), balances(&fast.accounts));
        }
    }

    #[test]
    fn a_rebuild_in_slices_equals_one_in_one_go(seed: u64, config in config(), budgets in prop::collection::vec(1u64..700, 1..50), cut in any::<prop::sample::Index>(), snapshots: bool) {
        let mut sim = EventSourcing::new(seed, EsConfig { upcaster: true, ..config }).replayed(&[], 2_000);
        let k = cut.index(sim.store().head() as usize + 1) as u64;
        let whole = sim.rebuild(k, snapshots);
        let mut job = sim.start_rebuild(k, snapshots);
        let mut result = None;
        for budget in budgets.iter().cycle().take(10_000) {
            // The log keeps growing between slices, as it does between browser frames.
            sim.advance_ticks(1);
            if let Some(done) = sim.continue_rebuild(&mut job, *budget) {
                result = Some(done);
                break;
            }
        }
        let result = result.expect("the job finished");
        prop_assert_eq!(result.map(|r| (r.replayed, balances(&r.accounts))), whole.map(|r| (r.replayed, balances(&r.accounts))));
    }

    #[test]
    fn stream_versions_run_from_zero_without_gaps(seed: u64, config in config(), actions in script()) {
        let sim = EventSourcing::new(seed, config).replayed(&actions, 2_000);
        let mut next = vec![0u32; 1_000];
        for (_, e) in sim.store().range(0, sim.store().head()) {
            prop_assert_eq!(e.version, next[e.stream as usize]);
            next[e.stream as usize] += 1;
        }
    }

    /// Events of any time, stream and body, across packed chunks and the archive: every
    /// read gives back what was appended, wherever it starts and ends.
    #[test]
    fn the_packed_log_gives_back_every_event_as_appended(
        events in prop::collection::vec((any::<u64>(), 0u32..1_000, 0u8..5, any::<u32>()), 1..400),
        repeat in 1usize..12,
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0u64..3_000), 1..12),
    ) {
        let mut store = EventStore::new();
        let mut appended = Vec::new();
        // Repeated so that the log runs through several chunks.
        for (at, stream, kind, amount) in events.iter().cycle().take(events.len() * repeat * 10) {
            let body = match kind {
                0 => EventBody::AccountCreated,
                1 => EventBody::MoneyDepositedV1 { amount: *amount },
                2 => EventBody::MoneyDepositedV2 { amount: *amount, currency: Currency::Eur },
                3 => EventBody::MoneyDepositedV2 { amount: *amount, currency: Currency::Usd },
                _ => EventBody::MoneyWithdrawn { amount: *amount },
            };
            let version = store.stream_version(*stream);
            prop_assert!(store.append(*stream, version, body, *at).is_ok());
            appended.push((*at, *stream, version, body));
        }
        let head = store.head();
        let earlier = store.clone();
        for (from, n) in cuts {
            let from = from.index(appended.len()) as u64;
            let got: Vec<_> = store.range(from, from + n).map(|(o, e)| (o, e.at, e.stream, e.version, e.body)).collect();
            let want: Vec<_> = (from..(from + n).min(head)).map(|o| {
                let (at, stream, version, body) = appended[o as usize];
                (o, at, stream, version, body)
            }).collect();
            prop_assert_eq!(got, want);
            let one = store.get(from).map(|e| (e.at, e.stream, e.version, e.body));
            prop_assert_eq!(one, Some(appended[from as usize]));
        }
        prop_assert!(store.get(head).is_none());
        // A copy shares the packed chunks: it adds only the unpacked tail.
        prop_assert!(store.unshared_bytes(Some(&earlier)) <= CHUNK * 24 + head as usize / CHUNK * 8 + 4_000 + 64);
    }

    #[test]
    fn an_append_succeeds_iff_the_stream_is_at_the_expected_version(ops in prop::collection::vec((0u32..5, 0u32..6), 1..200)) {
        let mut store = EventStore::new();
        for (stream, expected) in ops {
            let actual = store.stream_version(stream);
            let head = store.head();
            match store.append(stream, expected, EventBody::AccountCreated, 0) {
                Ok(offset) => {
                    prop_assert_eq!(expected, actual);
                    prop_assert_eq!(offset, head);
                }
                Err(AppendError::Conflict { expected: e, actual: a }) => {
                    prop_assert_ne!(expected, actual);
                    prop_assert_eq!((e, a), (expected, actual));
                    prop_assert_eq!(store.head(), head, "a conflict wrote something");
                }
                Err(AppendError::UnknownStream) => prop_assert!(false),
            }
        }
    }

    #[test]
    fn upcast_then_fold_equals_fold_of_the_originals(seed: u64, mut config in config()) {
        config.command_rate = config.command_rate.max(200);
        let sim = EventSourcing::new(seed, config).replayed(&[], 1_500);
        let (mut v1, mut v2) = (Vec::new(), Vec::new());
        let old = Reader { schema: 1, upcaster: false };
        let new = Reader { schema: 2, upcaster: true };
        for (offset, e) in sim.store().range(0, sim.store().head()) {
            old.apply(&mut v1, offset, &e).unwrap();
            new.apply(&mut v2, offset, &e).unwrap();
        }
        prop_assert_eq!(balances(&v1), balances(&v2));
    }

    #[test]
    fn no_balance_ever_goes_negative(seed: u64, config in config(), actions in script()) {
        let sim = EventSourcing::new(seed, config).replayed(&actions, 2_000);
        // Re-add the amounts with signed arithmetic: every prefix of every stream stays >= 0.
        let mut signed = vec![0i64; 1_000];
        for (_, e) in sim.store().range(0, sim.store().head()) {
            let b = &mut signed[e.stream as usize];
            match e.body {
                EventBody::AccountCreated => *b = 0,
                EventBody::MoneyDepositedV1 { amount } | EventBody::MoneyDepositedV2 { amount, .. } => *b += i64::from(amount),
                EventBody::MoneyWithdrawn { amount } => *b -= i64::from(amount),
            }
            prop_assert!(*b >= 0, "stream {} went to {}", e.stream, b);
        }
    }

    #[test]
    fn same_seed_and_script_same_state(seed: u64, config in config(), actions in script()) {
        let a = EventSourcing::new(seed, config).replayed(&actions, 2_000);
        let b = EventSourcing::new(seed, config).replayed(&actions, 2_000);
        prop_assert_eq!(a.state_hash(), b.state_hash());
        prop_assert_eq!(a, b);
    }
}

/// A store with no traffic, after `commands` sent by hand, `(account, command)`.
fn by_hand(commands: &[(u32, Command)]) -> EventSourcing {
    let quiet = EsConfig {
        command_rate: 0,
        ..EsConfig::default()
    };
    let mut sim = EventSourcing::new(1, quiet);
    for &(account, command) in commands {
        sim.apply(EsAction::Manual { account, command });
    }
    sim
}

#[test]
fn concurrent_withdrawals_one_wins_one_conflicts() {
    let mut sim = by_hand(&[(3, Command::Open), (3, Command::Deposit(100))]);
    let head = sim.store().head();
    sim.apply(EsAction::ConcurrentWithdrawals {
        account: 3,
        amount: 30,
    });
    assert_eq!(
        sim.last_outcomes(),
        [
            Some(Outcome::Appended(head)),
            Some(Outcome::Conflict {
                expected: 2,
                actual: 3
            })
        ]
    );
    assert_eq!(sim.live()[3].balance, 70);
    assert_eq!(sim.counters().conflicts, 1);
}

#[test]
fn an_overdraft_is_refused_and_writes_nothing() {
    let mut sim = by_hand(&[(0, Command::Open)]);
    let head = sim.store().head();
    sim.apply(EsAction::Manual {
        account: 0,
        command: Command::Withdraw(1),
    });
    assert_eq!(sim.store().head(), head);
    assert_eq!(sim.counters().rejected, 1);
}

#[test]
fn without_the_upcaster_a_full_rebuild_names_the_old_event() {
    let mut sim = crate::model::ran_to(
        EventSourcing::new(
            5,
            EsConfig {
                command_rate: 500,
                snapshot_every: 100,
                ..EsConfig::default()
            },
        ),
        2 * SECOND,
    );
    sim.apply(EsAction::DeployV2);
    sim.advance_to(4 * SECOND);
    let head = sim.store().head();
    assert!(
        sim.rebuild(head, false).is_ok(),
        "with the upcaster, all is readable"
    );
    sim.apply(EsAction::Upcaster(false));
    let err = sim.rebuild(head, false).unwrap_err();
    let first_v1_deposit = sim
        .store()
        .range(0, head)
        .find(|(_, e)| matches!(e.body, EventBody::MoneyDepositedV1 { .. }))
        .map(|(o, _)| o)
        .unwrap();
    assert_eq!(
        (err.offset, err.schema, err.reader),
        (first_v1_deposit, 1, 2)
    );
    assert!(err
        .to_string()
        .contains(&format!("offset {first_v1_deposit}")));
    // A snapshot taken after the switch skips the old events entirely.
    let v2 = sim.v2_since().unwrap();
    if sim
        .snapshots()
        .at_or_before(head)
        .is_some_and(|s| s.offset >= v2)
    {
        assert!(sim.rebuild(head, true).is_ok());
    }
    // And the app carries on: new commands still append.
    sim.advance_to(5 * SECOND);
    assert!(sim.store().head() > head);
}

#[test]
fn the_log_stays_within_its_memory_bound_past_a_million_events() {
    let sim = crate::model::ran_to(
        EventSourcing::new(
            9,
            EsConfig {
                command_rate: 10_000,
                accounts: 1_000,
                snapshot_every: 0,
                ..EsConfig::default()
            },
        ),
        115 * SECOND,
    );
    let store = sim.store();
    assert!(
        store.head() > MAX_LIVE_EVENTS as u64,
        "head {}",
        store.head()
    );
    assert!(store.archived_before() > 0);
    assert!(store.head() - store.archived_before() <= MAX_LIVE_EVENTS as u64);
    // The archive boundary keeps a snapshot, so the state is still the fold of what is kept.
    let rebuilt = sim.rebuild(store.head(), false).unwrap();
    assert_eq!(rebuilt.from, store.archived_before());
    assert_eq!(balances(&rebuilt.accounts), balances(sim.live()));
}

#[test]
fn snapshots_stay_within_their_bound_and_the_newest_is_kept() {
    let every = MIN_SNAPSHOT_EVERY;
    let mut sim = EventSourcing::new(
        4,
        EsConfig {
            command_rate: 2_000,
            accounts: 50,
            snapshot_every: every,
            ..EsConfig::default()
        },
    );
    // About 40,000 events: 400 snapshots taken, thinned three times.
    sim.advance_to(20 * SECOND);
    let offsets: Vec<u64> = sim.snapshots().offsets().collect();
    assert!(
        !offsets.is_empty() && offsets.len() <= MAX_SNAPSHOTS,
        "{}",
        offsets.len()
    );
    assert!(offsets.windows(2).all(|w| w[0] < w[1]));
    let head = sim.store().head();
    assert_eq!(
        offsets.last().copied(),
        Some(head / u64::from(every) * u64::from(every))
    );
    // A rebuild at the head still folds less than one interval.
    let rebuilt = sim.rebuild(head, true).unwrap();
    assert!(rebuilt.replayed < u64::from(every), "{}", rebuilt.replayed);
    assert_eq!(balances(&rebuilt.accounts), balances(sim.live()));
}

#[test]
fn the_read_model_trails_by_its_delay() {
    let mut sim = crate::model::ran_to(
        EventSourcing::new(
            2,
            EsConfig {
                command_rate: 1_000,
                projection_delay_ms: 2_000,
                ..EsConfig::default()
            },
        ),
        5 * SECOND,
    );
    // About two seconds of events (~1,800 appended of 2,000 commands) are not in yet.
    let lag = sim.projection_lag();
    assert!((1_000..2_600).contains(&lag), "lag {lag}");
    sim.apply(EsAction::CommandRate(0));
    sim.advance_to(8 * SECOND);
    assert_eq!(sim.projection_lag(), 0);
    assert_eq!(balances(&sim.projection().accounts), balances(sim.live()));
}
