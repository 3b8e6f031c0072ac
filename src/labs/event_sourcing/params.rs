//! The event-sourcing lab's link parameters.

use crate::labs::link::{seconds_text, Link, Run, MAX_OPEN_T};
use crate::sim::event_sourcing::store::MAX_STREAMS;
use crate::sim::event_sourcing::{
    EsAction, EsConfig, EventSourcing, MAX_COMMAND_RATE, MAX_PROJECTION_DELAY_MS,
    MAX_SNAPSHOT_EVERY,
};
use crate::sim::{nanos, Nanos};

/// Everything an event-sourcing link can say.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// Seed, speed, start time, paused.
    pub run: Run,
    /// The model's parameters.
    pub config: EsConfig,
    /// Scrubber position; `None` follows the head of the log.
    pub offset: Option<u64>,
    /// Simulated second at which deposits moved to schema v2, if they did.
    pub v2_at: Option<f64>,
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
            upcaster: link.choice(
                "upcaster",
                |k| match k {
                    "on" => Some(true),
                    "off" => Some(false),
                    _ => None,
                },
                &["on", "off"],
                true,
                "on",
            ),
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
        Self {
            run: Run::read(link),
            config: clamped,
            offset: link
                .raw_present("offset")
                .then(|| u64::from(link.integer("offset", 0, u32::MAX, 0))),
            v2_at: link
                .raw_present("v2_at")
                .then(|| link.decimal("v2_at", 0.0, MAX_OPEN_T, &[], 0.0)),
        }
    }

    /// Appends this lab's parameters.
    pub fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        self.run.write(pairs);
        let c = &self.config;
        pairs.extend([
            ("command_rate", c.command_rate.to_string()),
            ("accounts", c.accounts.to_string()),
            ("snapshot_every", c.snapshot_every.to_string()),
            ("projection_delay_ms", c.projection_delay_ms.to_string()),
            ("upcaster", if c.upcaster { "on" } else { "off" }.to_owned()),
        ]);
        if let Some(v2) = self.v2_at {
            pairs.push(("v2_at", seconds_text(v2)));
        }
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
    }

    /// The run this link describes, at its `t`.
    pub fn start(&self) -> EventSourcing {
        let mut sim = EventSourcing::new(self.run.seed, self.config);
        advance(&mut sim, self.v2_at, nanos(self.run.t));
        sim
    }
}

/// Runs `sim` on to `t`, deploying deposits v2 at the moment `v2_at` if the run crosses it,
/// so a link that names a future v2 moment replays it exactly there.
pub fn advance(sim: &mut EventSourcing, v2_at: Option<f64>, t: Nanos) {
    if let Some(v2) = v2_at.map(nanos) {
        if sim.schema() == 1 && v2 <= t {
            sim.advance_to(v2);
            sim.apply(EsAction::DeployV2);
        }
    }
    sim.advance_to(t);
}
