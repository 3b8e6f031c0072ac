//! Back-pressure as a protocol: Reactive Streams' demand (`request(n)`: a publisher never
//! emits more than was asked for) and TCP's receive window (a sender never has more in flight
//! than the receiver has room for). The two scenes of the streams lab; one runs at a time.
//!
//! Both are deterministic (fixed rates, no randomness): the seed is kept for the link only.
//! Bounds: see [`demand`] and [`tcp`].

pub mod config;
pub mod demand;
pub mod runs;
pub mod tcp;

use crate::sim::timeline::Column;
use std::hash::{Hash, Hasher};

pub use config::{Mode, Scene, StreamsAction, StreamsConfig};
use demand::DemandStage;
use tcp::TcpConnection;

use super::window::CountWindow;
use super::{seconds, Nanos, StableHasher, TICK_NS};

/// The streams lab's run.
#[derive(Clone, Debug)]
pub struct StreamsSim {
    config: StreamsConfig,
    now: Nanos,
    /// The demand scene.
    pub demand: DemandStage,
    /// The TCP scene.
    pub tcp: TcpConnection,
    emitted: CountWindow,
    consumed: CountWindow,
}

impl StreamsSim {
    /// A run of `config` (the seed changes nothing: both scenes are deterministic).
    pub fn new(_seed: u64, config: StreamsConfig) -> Self {
        let config = config.clamped();
        Self {
            demand: DemandStage::default(),
            tcp: TcpConnection::new(&config),
            emitted: CountWindow::default(),
            consumed: CountWindow::default(),
            now: 0,
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &StreamsConfig {
        &self.config
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Simulated time.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Items emitted and consumed over the last second.
    pub fn per_s(&self) -> (u64, u64) {
        (
            self.emitted.last_second(self.now),
            self.consumed.last_second(self.now),
        )
    }

    /// Bytes delivered to the receiver over the last second, in kbit/s.
    pub fn throughput_kbps(&self) -> f64 {
        self.tcp.delivered_per_s(self.now) as f64 * 8.0 / 1_000.0
    }

    /// The most the TCP scene can carry: the least of the send rate, the read rate and a
    /// full window a round trip, kbit/s.
    pub fn tcp_bound_kbps(&self) -> f64 {
        let c = &self.config;
        let window = f64::from(c.rwnd_kb) * 1_024.0 * 8.0 / 1_000.0 / (f64::from(c.rtt_ms) / 1e3);
        f64::from(c.send_kbps)
            .min(f64::from(c.read_kbps))
            .min(window)
    }

    fn tick(&mut self) {
        let start = self.now;
        match self.config.scene {
            Scene::Demand => {
                let before = self.demand.counters;
                self.demand.tick(&self.config, start + TICK_NS);
                let after = self.demand.counters;
                self.emitted
                    .add(start + TICK_NS, after.emitted - before.emitted);
                self.consumed
                    .add(start + TICK_NS, after.consumed - before.consumed);
            }
            Scene::Tcp => self.tcp.tick(&self.config, start),
        }
        self.now = start + TICK_NS;
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: StreamsAction) {
        match self.config.after(action) {
            Some(c) => self.config = c,
            None if action == StreamsAction::RequestZero => self.demand.request_zero(),
            None => self.demand.resubscribe(),
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.config, self.now, &self.demand, &self.tcp).hash(&mut h);
        (&self.emitted, &self.consumed).hash(&mut h);
        h.finish()
    }

    /// Checks both scenes' conservation and bounds.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.demand.check()?;
        self.tcp.check(&self.config)
    }
}

impl super::timeline::Replay for StreamsSim {
    crate::sim::timeline::replay_by_delegation!(StreamsAction);

    fn added_bytes(&self, _earlier: Option<&Self>) -> usize {
        std::mem::size_of::<Self>() + self.tcp.held_runs() * 64
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("emitted_per_s", |s| s.per_s().0 as f64),
        ("consumed_per_s", |s| s.per_s().1 as f64),
        ("buffer_depth", |s| s.demand.buffer as f64),
        ("outstanding_demand", |s| s.demand.outstanding as f64),
        ("throughput_kbps", |s| s.throughput_kbps()),
        ("window_kb", |s| s.tcp.window as f64 / 1_024.0),
        ("in_flight_kb", |s| s.tcp.in_flight() as f64 / 1_024.0),
    ];
}
