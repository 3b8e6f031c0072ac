//! Reference runs: fixed scenarios whose state hashes are pinned in the tests, natively and
//! in the browser, so any difference between platforms (or any change to the model) shows.

use super::arrivals::ArrivalPattern;
use super::async_processing::{AsyncAction, AsyncConfig, AsyncSim, Mode, Task};
use super::backpressure::{BackpressureAction, BackpressureConfig, BackpressureSim};
use super::cqrs::fanout::{Fanout, FanoutAction, FanoutConfig, FanoutSim};
use super::cqrs::{Arch, CqrsAction, CqrsConfig, CqrsSim};
use super::event_sourcing::{EsAction, EsConfig, EventSourcing};
use super::gateway::{Breaker, GatewayAction, GatewayConfig, GatewaySim, Pool, Retry};
use super::pipeline::{PipelineAction, PipelineConfig, PipelineSim};
use super::queue::OverflowPolicy;
use super::service::ServiceDist;
use super::streams::{
    Mode as StreamMode, Scene as StreamScene, StreamsAction, StreamsConfig, StreamsSim,
};
use super::timeline::Replay;
use super::views::{Dataset, ReadFrom, Refresh, ViewsAction, ViewsConfig, ViewsSim};

/// The state hash of [`backpressure`]. Change it only on purpose, when the model changes.
pub const BACKPRESSURE_HASH: u64 = 0x5fb2_cc52_f9d2_1076;
/// The state hash of [`event_sourcing`]. Change it only on purpose, when the model changes.
pub const EVENT_SOURCING_HASH: u64 = 0xef55_0dde_c0e8_1701;

/// The state hash of [`async_checkout`]. Change it only on purpose, when the model changes.
pub const ASYNC_HASH: u64 = 0x7007_3a25_fc0a_f0b6;
/// The state hash of [`views`]. Change it only on purpose, when the model changes.
pub const VIEWS_HASH: u64 = 0xf3d9_e815_207b_d2a2;
/// The state hash of [`linkedin`]. Change it only on purpose, when the model changes.
pub const LINKEDIN_HASH: u64 = 0x3087_f8e1_941d_f391;

/// The state hash of [`cqrs`]. Change it only on purpose, when the model changes.
pub const CQRS_HASH: u64 = 0x8cbc_7cf0_b371_9c61;

/// Ten simulated seconds of the CQRS split scene: a slow projector (stale reads), then the
/// read-your-writes mitigation, then the traditional database.
pub fn cqrs() -> CqrsSim {
    let config = CqrsConfig {
        write_rate: 1_500,
        read_rate: 9_000,
        sync_capacity: 1_200,
        ..CqrsConfig::default()
    };
    replay(
        CqrsSim::new(42, config),
        &[
            (4_000, CqrsAction::Ryw(true)),
            (7_000, CqrsAction::Arch(Arch::Traditional)),
        ],
        10_000,
    )
}

/// The state hash of [`timelines`]. Change it only on purpose, when the model changes.
pub const TIMELINES_HASH: u64 = 0x0692_30d6_eae4_3b90;

/// Ten simulated seconds of the CQRS timeline scene: fan-out on write, the most followed
/// account's tweet, then the hybrid, a lower threshold and fan-out on read.
pub fn timelines() -> FanoutSim {
    let config = FanoutConfig {
        users: 200_000,
        tweet_rate: 2_000,
        timeline_rate: 30_000,
        fanout_capacity: 150_000,
        ..FanoutConfig::default()
    };
    replay(
        FanoutSim::new(42, config),
        &[
            (2_000, FanoutAction::CelebrityTweets),
            (4_000, FanoutAction::Strategy(Fanout::Hybrid)),
            (5_000, FanoutAction::Threshold(5_000)),
            (8_000, FanoutAction::Strategy(Fanout::Read)),
        ],
        10_000,
    )
}

/// The state hash of [`gateway`]. Change it only on purpose, when the model changes.
pub const GATEWAY_HASH: u64 = 0x59b3_8851_8889_fdc5;

/// Ten simulated seconds of the gateway: a noisy client under a rate limit with shedding,
/// service B slowing down, then bulkheads, Hystrix breakers and retries with backoff.
pub fn gateway() -> GatewaySim {
    let config = GatewayConfig {
        rates: [1_200, 900, 3_000, 400],
        limit: 1_500,
        shedding: true,
        slow_b_at: Some(3),
        slow_b_factor: 30,
        retry: Retry::Immediate,
        ..GatewayConfig::default()
    };
    replay(
        GatewaySim::new(42, config),
        &[
            (5_000, GatewayAction::Pool(Pool::Bulkhead)),
            (6_000, GatewayAction::Breaker(Breaker::Hystrix)),
            (8_000, GatewayAction::Retry(Retry::Backoff)),
        ],
        10_000,
    )
}

/// The state hashes of [`streams`]. Change them only on purpose, when the model changes.
pub const STREAMS_HASHES: [u64; 2] = [0xfa28_dbbc_2097_f2b4, 0x7057_c5e2_193f_4b48];

/// Ten simulated seconds of each streams scene: demand with a `request(0)` and a new
/// subscription, then push; a TCP connection whose reader slows to a zero window and
/// recovers.
pub fn streams() -> [StreamsSim; 2] {
    let demand = StreamsConfig {
        mode: StreamMode::Demand,
        batch: 128,
        ..StreamsConfig::default()
    };
    let tcp = StreamsConfig {
        scene: StreamScene::Tcp,
        ..StreamsConfig::default()
    };
    [
        replay(
            StreamsSim::new(42, demand),
            &[
                (3_000, StreamsAction::RequestZero),
                (4_000, StreamsAction::Resubscribe),
                (7_000, StreamsAction::Mode(StreamMode::Push)),
            ],
            10_000,
        ),
        replay(
            StreamsSim::new(42, tcp),
            &[
                (2_000, StreamsAction::ReadKbps(1)),
                (7_000, StreamsAction::ReadKbps(50_000)),
            ],
            10_000,
        ),
    ]
}

/// The state hash of [`pipeline`]. Change it only on purpose, when the model changes. (The
/// run ends on the simple database, which counts a write as committed when it is served and
/// answers reads only within its capacity.)
pub const PIPELINE_HASH: u64 = 0x9651_9404_b0ef_c0c9;

/// Ten simulated seconds of the pipeline: lost acknowledgements, a spike, a poison event, a
/// consumer crash, idempotency switched off, then the simple architecture.
pub fn pipeline() -> PipelineSim {
    let config = PipelineConfig {
        write_rate: 60_000,
        redelivery_pct: 5,
        lag_threshold: 30_000,
        ..PipelineConfig::default()
    };
    replay(
        PipelineSim::new(42, config),
        &[
            (1_000, PipelineAction::SpikeNow),
            (2_000, PipelineAction::PoisonNow),
            (3_000, PipelineAction::CrashNow),
            (6_000, PipelineAction::Idempotent(false)),
            (8_000, PipelineAction::Arch(super::pipeline::Arch::Simple)),
        ],
        10_000,
    )
}

/// Runs `sim` to `until_tick`, applying each action at its tick.
fn replay<S: Replay>(sim: S, actions: &[(u64, S::Action)], until_tick: u64) -> S {
    sim.replayed(actions, until_tick)
}

/// Ten simulated seconds of checkout with failures, lost acknowledgements and a switch to
/// synchronous half-way.
pub fn async_checkout() -> AsyncSim {
    let config = AsyncConfig {
        order_rate: 300,
        arrivals: ArrivalPattern::Poisson,
        service: ServiceDist::Exponential,
        fail_pct: 10,
        redelivery_pct: 5,
        poison_pct: 1,
        ..AsyncConfig::default()
    };
    replay(
        AsyncSim::new(42, config),
        &[
            (5_000, AsyncAction::Mode(Mode::Sync)),
            (6_000, AsyncAction::Workers(Task::Email, 3)),
        ],
        10_000,
    )
}

/// Ten simulated seconds of the orders dashboard with skewed products (the Zipf table uses
/// `pow`), moving from the stream with its cache to incremental and full refresh.
pub fn views() -> ViewsSim {
    let config = ViewsConfig {
        order_rate: 3_000,
        users: 700,
        products: 300,
        categories: 9,
        skew: 120,
        read_from: ReadFrom::Query,
        refresh: Refresh::Stream,
        cache: true,
        stream_capacity: 2_500,
        day_s: 10,
        ..ViewsConfig::default()
    };
    replay(
        ViewsSim::new(42, config),
        &[
            (4_000, ViewsAction::Refresh(Refresh::Incremental)),
            (6_000, ViewsAction::RefreshNow),
            (7_000, ViewsAction::Refresh(Refresh::Full)),
        ],
        10_000,
    )
}

/// Ten simulated seconds of the LinkedIn feed with a fan-out slower than the posts.
pub fn linkedin() -> ViewsSim {
    let config = ViewsConfig {
        dataset: Dataset::Linkedin,
        users: 3_000,
        connections: 60,
        order_rate: 1_000,
        stream_capacity: 40_000,
        read_from: ReadFrom::Query,
        ..ViewsConfig::default()
    };
    replay(
        ViewsSim::new(42, config),
        &[(5_000, ViewsAction::StreamCapacity(90_000))],
        10_000,
    )
}

/// Ten simulated seconds of random arrivals and service with a mid-run change of policy.
pub fn backpressure() -> BackpressureSim {
    let config = BackpressureConfig {
        producer_rate: 9_000,
        arrivals: ArrivalPattern::Poisson,
        consumer_rate: 2_000,
        workers: 4,
        service: ServiceDist::Exponential,
        capacity: 3_000,
        policy: OverflowPolicy::DropOldest,
        memory_mb: 4,
    };
    BackpressureSim::new(42, config).replayed(
        &[
            (4_000, BackpressureAction::Policy(OverflowPolicy::Unbounded)),
            (7_000, BackpressureAction::Workers(5)),
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
    EventSourcing::new(42, config).replayed(&[(5_000, EsAction::DeployV2)], 10_000)
}

/// Each reference run's name, its state hash now, and the pinned hash it must equal.
pub fn hashes() -> [(&'static str, u64, u64); 11] {
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
        ("async", async_checkout().state_hash(), ASYNC_HASH),
        ("views", views().state_hash(), VIEWS_HASH),
        ("linkedin", linkedin().state_hash(), LINKEDIN_HASH),
        ("cqrs", cqrs().state_hash(), CQRS_HASH),
        ("timelines", timelines().state_hash(), TIMELINES_HASH),
        ("gateway", gateway().state_hash(), GATEWAY_HASH),
        (
            "streams_demand",
            streams()[0].state_hash(),
            STREAMS_HASHES[0],
        ),
        ("streams_tcp", streams()[1].state_hash(), STREAMS_HASHES[1]),
        ("pipeline", pipeline().state_hash(), PIPELINE_HASH),
    ]
}
