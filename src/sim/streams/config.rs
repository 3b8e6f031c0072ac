//! The streams lab's parameters and the learner's actions.
use crate::sim::action::actions;
use crate::sim::keyed::keyed;

/// Most items a second either side of the demand scene.
pub const MAX_ITEM_RATE: u32 = 100_000;
/// Largest `request(n)`.
pub const MAX_BATCH: u32 = 10_000;
/// Largest receive buffer, KB.
pub const MAX_RWND_KB: u32 = 65_535;
/// Fastest reader or sender, kbit/s.
pub const MAX_KBPS: u32 = 1_000_000;
/// Longest round trip, ms.
pub const MAX_RTT_MS: u32 = 1_000;

keyed! {
    /// Which scene runs.
    #[derive(Default)]
    pub enum Scene {
        /// A publisher and a subscriber, with or without demand.
        #[default]
        Demand = "demand",
        /// A TCP sender and receiver, with the receive window.
        Tcp = "tcp",
    }
}

keyed! {
    /// How the publisher is allowed to emit.
    pub enum Mode {
        /// As fast as it can: no back-pressure.
        Push = "push",
        /// Never more than the subscriber has requested (Reactive Streams).
        Demand = "demand",
        /// A subscriber that requests unbounded demand (`Long.MAX_VALUE`): push again, through
        /// the demand protocol.
        Unbounded = "unbounded",
    }
}

/// Everything the streams lab is set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamsConfig {
    /// The scene.
    pub scene: Scene,
    /// Items a second the publisher can emit.
    pub producer_rate: u32,
    /// Items a second the subscriber handles.
    pub consumer_rate: u32,
    /// Push or demand.
    pub mode: Mode,
    /// The `n` of `request(n)`: the most the subscriber asks for, and holds.
    pub batch: u32,
    /// The receiver's buffer, KB.
    pub rwnd_kb: u32,
    /// How fast the receiving application reads, kbit/s.
    pub read_kbps: u32,
    /// How fast the sender can send, kbit/s.
    pub send_kbps: u32,
    /// The round trip, ms.
    pub rtt_ms: u32,
}

impl Default for StreamsConfig {
    fn default() -> Self {
        Self {
            scene: Scene::Demand,
            producer_rate: 10_000,
            consumer_rate: 5_000,
            mode: Mode::Push,
            batch: 256,
            rwnd_kb: 64,
            read_kbps: 8_000,
            send_kbps: 80_000,
            rtt_ms: 50,
        }
    }
}

impl StreamsConfig {
    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        Self {
            producer_rate: self.producer_rate.min(MAX_ITEM_RATE),
            consumer_rate: self.consumer_rate.clamp(1, MAX_ITEM_RATE),
            batch: self.batch.clamp(1, MAX_BATCH),
            rwnd_kb: self.rwnd_kb.clamp(1, MAX_RWND_KB),
            read_kbps: self.read_kbps.clamp(1, MAX_KBPS),
            send_kbps: self.send_kbps.clamp(1, MAX_KBPS),
            rtt_ms: self.rtt_ms.clamp(1, MAX_RTT_MS),
            ..self
        }
    }
}

actions! {
    /// A learner's change while the run goes on (the scene and the receive buffer are fixed for
    /// a run).
    pub enum StreamsAction for StreamsConfig {
        /// The publisher's rate.
        ProducerRate(u32) => producer_rate,
        /// The subscriber's rate.
        ConsumerRate(u32) => consumer_rate,
        /// Push, demand or unbounded demand.
        Mode(Mode) => mode,
        /// The `n` of `request(n)`.
        Batch(u32) => batch,
        /// The receiving application's read rate.
        ReadKbps(u32) => read_kbps,
        /// The sender's rate.
        SendKbps(u32) => send_kbps,
        /// The round trip.
        Rtt(u32) => rtt_ms,
        /// The subscriber calls `request(0)`: a protocol error (Reactive Streams rule 3.9).
        RequestZero,
        /// The subscriber subscribes again after an error.
        Resubscribe,
    }
}
