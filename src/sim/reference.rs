//! Reference runs: fixed scenarios whose state hashes are pinned in the tests, natively and
//! in the browser, so any difference between platforms (or any change to the model) shows.

use super::arrivals::ArrivalPattern;
use super::backpressure::{Action, Config, Simulation};
use super::event_sourcing::{EsAction, EsConfig, EventSourcing};
use super::queue::OverflowPolicy;
use super::service::ServiceDist;

/// The state hash of [`backpressure`]. Change it only on purpose, when the model changes.
pub const BACKPRESSURE_HASH: u64 = 0x6bb2_3e79_208b_c0a3;
/// The state hash of [`event_sourcing`]. Change it only on purpose, when the model changes.
pub const EVENT_SOURCING_HASH: u64 = 0xe942_4b24_01b0_557a;

/// Ten simulated seconds of random arrivals and service with a mid-run change of policy.
pub fn backpressure() -> Simulation {
    let config = Config {
        producer_rate: 9_000,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 2_000,
        workers: 4,
        service: ServiceDist::Exponential,
        capacity: 3_000,
        policy: OverflowPolicy::DropOldest,
        memory_mb: 4,
    };
    Simulation::replay(
        42,
        config,
        &[
            (4_000, Action::Policy(OverflowPolicy::Unbounded)),
            (7_000, Action::Workers(5)),
        ],
        10_000,
    )
}

/// Ten simulated seconds of account traffic with a schema change half-way.
pub fn event_sourcing() -> EventSourcing {
    let config = EsConfig {
        command_rate: 800,
        accounts: 30,
        snapshot_every: 250,
        ..EsConfig::default()
    };
    EventSourcing::replay(42, config, &[(5_000, EsAction::DeployV2)], 10_000)
}

/// Each reference run's name, its state hash now, and the pinned hash it must equal.
pub fn hashes() -> [(&'static str, u64, u64); 2] {
    [
        (
            "backpressure",
            backpressure().state_hash(),
            BACKPRESSURE_HASH,
        ),
        (
            "event_sourcing",
            event_sourcing().state_hash(),
            EVENT_SOURCING_HASH,
        ),
    ]
}
