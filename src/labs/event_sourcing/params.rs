//! The event-sourcing lab's link parameters.

use crate::link::actions::{self, split_code, LinkAction, MAX_ACTION_TICK};
use crate::link::{seconds_text, Link, Run};
use crate::sim::event_sourcing::account::Command;
use crate::sim::event_sourcing::contention::{ContentionConfig, MAX_BACKOFF_MS, MAX_WRITERS};
use crate::sim::event_sourcing::store::MAX_STREAMS;
use crate::sim::event_sourcing::{
    EsAction, EsConfig, EventSourcing, MAX_COMMAND_RATE, MAX_PROJECTION_DELAY_MS,
    MAX_SNAPSHOT_EVERY,
};
use crate::sim::Keyed;
use crate::sim::{nanos, seconds, TICK_NS};

/// Everything an event-sourcing link can say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// Seed, speed, start time, paused.
    pub run: Run,
    /// The model's parameters.
    pub config: EsConfig,
    /// Scrubber position; `None` follows the head of the log.
    pub offset: Option<u64>,
    /// The learner's actions, `(tick, action)` in order. Deploying v2 travels in links as
    /// `v2_at` (simulated seconds), the rest as `actions`.
    pub actions: Vec<(u64, EsAction)>,
}

impl Params {
    /// Takes this lab's parameters out of a link.
    pub fn read(link: &mut Link) -> Self {
        let c = EsConfig::default();
        let config = EsConfig {
            command_rate: link.integer("command_rate", 0, MAX_COMMAND_RATE, c.command_rate),
            accounts: link.integer("accounts", 1, MAX_STREAMS as u32, c.accounts),
            snapshot_every: link.integer("snapshot_every", 0, MAX_SNAPSHOT_EVERY, c.snapshot_every),
            projection_delay_ms: link.integer(
                "projection_delay_ms",
                0,
                MAX_PROJECTION_DELAY_MS,
                c.projection_delay_ms,
            ),
            upcaster: link.on_off("upcaster", c.upcaster),
            contention: read_contention(link),
        };
        let clamped = config.clamped();
        if clamped.snapshot_every != config.snapshot_every {
            link.note(
                "snapshot_every",
                format!(
                    "is 0 (off) or at least 100; using {}",
                    clamped.snapshot_every
                ),
            );
        }
        let v2_at = link
            .raw_present("v2_at")
            .then(|| link.decimal("v2_at", 0.0, seconds(MAX_ACTION_TICK * TICK_NS), &[], 0.0));
        let mut actions: Vec<(u64, EsAction)> = actions::read(link);
        actions.retain(|(_, a)| *a != EsAction::DeployV2);
        if let Some(v2) = v2_at {
            let at = nanos(v2) / TICK_NS;
            let i = actions.partition_point(|(t, _)| *t <= at);
            actions.insert(i, (at, EsAction::DeployV2));
        }
        Self {
            run: Run::read(link),
            config: clamped,
            offset: link
                .raw_present("offset")
                .then(|| u64::from(link.integer("offset", 0, u32::MAX, 0))),
            actions,
        }
    }

    /// When deposits moved to schema v2, simulated seconds, if they did.
    pub fn v2_at(&self) -> Option<f64> {
        v2_at(&self.actions)
    }

    /// Appends this lab's parameters.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>, max_actions: usize) {
        self.run.write(pairs);
        let c = &self.config;
        pairs.extend([
            ("command_rate", c.command_rate.to_string()),
            ("accounts", c.accounts.to_string()),
            ("snapshot_every", c.snapshot_every.to_string()),
            ("projection_delay_ms", c.projection_delay_ms.to_string()),
            ("upcaster", if c.upcaster { "on" } else { "off" }.to_owned()),
        ]);
        write_contention(&c.contention, pairs);
        if let Some(v2) = self.v2_at() {
            pairs.push(("v2_at", seconds_text(v2)));
        }
        let others: Vec<(u64, EsAction)> = self
            .actions
            .iter()
            .copied()
            .filter(|(_, a)| *a != EsAction::DeployV2)
            .collect();
        actions::write(&others, pairs, max_actions);
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
    }
}

/// The writers' race: `writers` (0, none, unless set), `backoff`, `backoff_base_ms`,
/// `backoff_cap_ms`.
fn read_contention(link: &mut Link) -> ContentionConfig {
    let d = ContentionConfig::default();
    ContentionConfig {
        writers: link.integer("writers", 0, MAX_WRITERS, d.writers),
        backoff: link.keyed("backoff", d.backoff),
        base_ms: link.integer("backoff_base_ms", 1, MAX_BACKOFF_MS, d.base_ms),
        cap_ms: link.integer("backoff_cap_ms", 1, MAX_BACKOFF_MS, d.cap_ms),
    }
}

/// Written only when writers race, so links from before read as they were written.
fn write_contention(c: &ContentionConfig, pairs: &mut Vec<(&'static str, String)>) {
    if c.writers == 0 {
        return;
    }
    pairs.extend([
        ("writers", c.writers.to_string()),
        ("backoff", c.backoff.key().to_owned()),
        ("backoff_base_ms", c.base_ms.to_string()),
        ("backoff_cap_ms", c.cap_ms.to_string()),
    ]);
}

/// The moment of the first "Deploy v2" in an action log, simulated seconds.
pub fn v2_at(actions: &[(u64, EsAction)]) -> Option<f64> {
    actions
        .iter()
        .find(|(_, a)| *a == EsAction::DeployV2)
        .map(|(t, _)| seconds(t * TICK_NS))
}

impl LinkAction for EsAction {
    fn code(&self) -> String {
        match *self {
            Self::CommandRate(v) => format!("r{v}"),
            Self::Accounts(v) => format!("n{v}"),
            Self::SnapshotEvery(v) => format!("s{v}"),
            Self::ProjectionDelay(v) => format!("d{v}"),
            Self::Upcaster(on) => format!("u{}", u8::from(on)),
            Self::DeployV2 => "v".to_owned(),
            Self::Manual { account, command } => match command {
                Command::Open => format!("O{account}"),
                Command::Deposit(a) => format!("D{account}.{a}"),
                Command::Withdraw(a) => format!("W{account}.{a}"),
            },
            Self::ConcurrentWithdrawals { account, amount } => format!("X{account}.{amount}"),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('r', &[v]) => Self::CommandRate(v),
            ('n', &[v]) => Self::Accounts(v),
            ('s', &[v]) => Self::SnapshotEvery(v),
            ('d', &[v]) => Self::ProjectionDelay(v),
            ('u', &[v]) if v <= 1 => Self::Upcaster(v == 1),
            ('v', &[]) => Self::DeployV2,
            ('O', &[account]) => Self::Manual {
                account,
                command: Command::Open,
            },
            ('D', &[account, a]) => Self::Manual {
                account,
                command: Command::Deposit(a),
            },
            ('W', &[account, a]) => Self::Manual {
                account,
                command: Command::Withdraw(a),
            },
            ('X', &[account, amount]) => Self::ConcurrentWithdrawals { account, amount },
            _ => return None,
        })
    }
}

run_params!(Params, EventSourcing);
