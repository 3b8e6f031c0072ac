//! TCP flow control: the receiver advertises its free buffer as the window, and the sender
//! never has more unacknowledged data in flight than the last window it was told. A slow
//! reader fills the buffer, the window closes, the sender stalls and, while the window stays
//! zero, probes it on the persist timer (RFC 9293): the first probe one retransmission
//! timeout after the zero window, then at doubling intervals.
//!
//! Model: an endless source at `send_kbps`, 1 KB segments, a lossless link of `rtt_ms / 2`
//! each way, an acknowledgement for every segment. The receiver avoids silly windows: it
//! advertises zero until a whole segment fits, and sends a window update once its right edge
//! can move by a segment (or half the buffer, if that is less).
//! Bounds: segments and acknowledgements in flight ≤ the buffer in segments (+ probes), held
//! as runs of paced segments ([`runs`](super::runs)), so a checkpoint holds a few runs.

use std::hash::Hash;

use super::config::StreamsConfig;
use super::runs::{Affine, Runs};
use crate::sim::{Nanos, SECOND, TICK_NS};

/// Segment size, bytes.
pub const MSS: u64 = 1_024;
/// The retransmission timeout the persist timer starts from.
pub const RTO_NS: Nanos = SECOND;
/// The longest interval between probes.
pub const MAX_PROBE_INTERVAL_NS: Nanos = 60 * SECOND;

/// Running totals. Conservation: bytes sent = bytes delivered + bytes in flight; bytes
/// delivered = bytes read + bytes buffered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TcpCounters {
    /// Bytes sent.
    pub sent: u64,
    /// Bytes that reached the receiver's buffer.
    pub delivered: u64,
    /// Bytes the application read.
    pub read: u64,
    /// Acknowledgements that advertised a zero window.
    pub zero_windows: u64,
    /// Window probes sent.
    pub probes: u64,
    /// Time the sender was told a zero window (it could not send at all), ns.
    pub stalled_ns: u64,
    /// Bytes that arrived with no room for them (never, if the sender keeps to the window).
    pub overflow: u64,
}

/// An acknowledgement on its way back: when it arrives, what it acknowledges, its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Ack {
    at: Nanos,
    ack: u64,
    window: u64,
}

/// Acknowledgements of paced segments come a gap apart, a segment apart, with one window.
impl Affine for Ack {
    type Step = (Nanos, u64);

    fn step_to(&self, next: &Self) -> Option<(Nanos, u64)> {
        if next.window != self.window {
            return None;
        }
        Some((
            next.at.checked_sub(self.at)?,
            next.ack.checked_sub(self.ack)?,
        ))
    }

    fn after(&self, (at, ack): (Nanos, u64)) -> Self {
        Self {
            at: self.at + at,
            ack: self.ack + ack,
            window: self.window,
        }
    }
}

/// One connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TcpConnection {
    /// Bytes sent so far (the next sequence number).
    pub snd_nxt: u64,
    /// Bytes acknowledged.
    pub snd_una: u64,
    /// The last window the sender was told, and the ack it came with.
    pub window: u64,
    right_edge: u64,
    /// The earliest the next segment may leave (the sender's pacing).
    next_send: Nanos,
    /// Segments on the way: arrival time and length.
    data: Runs<(Nanos, u64)>,
    acks: Runs<Ack>,
    /// Bytes in the receive buffer.
    pub buffer: u64,
    read_credit: u64,
    read_at: Nanos,
    /// The last window the receiver advertised, and its right edge.
    advertised: u64,
    advertised_right: u64,
    /// The persist timer: when the next probe goes, and the interval after it.
    persist: Option<(Nanos, Nanos)>,
    /// Bytes delivered in each of the last ten 100 ms buckets, for the throughput.
    window_bytes: crate::sim::window::CountWindow,
    /// Running totals.
    pub counters: TcpCounters,
}

impl TcpConnection {
    /// A connection whose handshake advertised the whole buffer.
    pub fn new(c: &StreamsConfig) -> Self {
        let capacity = u64::from(c.rwnd_kb) * 1_024;
        Self {
            snd_nxt: 0,
            snd_una: 0,
            window: capacity,
            right_edge: capacity,
            next_send: 0,
            data: Runs::default(),
            acks: Runs::default(),
            buffer: 0,
            read_credit: 0,
            read_at: 0,
            advertised: capacity,
            advertised_right: capacity,
            persist: None,
            window_bytes: crate::sim::window::CountWindow::default(),
            counters: TcpCounters::default(),
        }
    }

    /// Segments and acknowledgements on the way.
    pub fn queued(&self) -> usize {
        self.data.len() + self.acks.len()
    }

    /// Runs of segments and acknowledgements held: what the link costs in memory.
    pub fn held_runs(&self) -> usize {
        self.data.runs() + self.acks.runs()
    }

    /// Bytes in flight.
    pub fn in_flight(&self) -> u64 {
        self.snd_nxt - self.snd_una
    }

    /// Bytes delivered to the receiver over the last second.
    pub fn delivered_per_s(&self, now: Nanos) -> u64 {
        self.window_bytes.last_second(now)
    }

    /// When the next window probe goes, if the persist timer runs.
    pub fn next_probe(&self) -> Option<Nanos> {
        self.persist.map(|(at, _)| at)
    }

    fn free(&self, c: &StreamsConfig) -> u64 {
        (u64::from(c.rwnd_kb) * 1_024).saturating_sub(self.buffer)
    }

    /// The window the receiver advertises: zero until a whole segment fits (no silly windows).
    fn window_to_advertise(&self, c: &StreamsConfig) -> u64 {
        let free = self.free(c);
        if free < MSS {
            0
        } else {
            free
        }
    }

    /// One tick ending at `end`.
    pub fn tick(&mut self, c: &StreamsConfig, start: Nanos) {
        let end = start + TICK_NS;
        let half = u64::from(c.rtt_ms) * 1_000_000 / 2;
        // In time order: segments at the receiver, acknowledgements at the sender, and the
        // sender's next segment (paced at its rate, while the window has room).
        let gap = (MSS * SECOND / (u64::from(c.send_kbps) * 1_000 / 8).max(1)).max(1);
        let mut cursor = start;
        loop {
            let d = self.data.front().map(|(t, _)| t);
            let a = self.acks.front().map(|a| a.at);
            let s = (self.snd_nxt + MSS <= self.right_edge).then(|| self.next_send.max(cursor));
            let next = [d.map(|t| (t, 0)), a.map(|t| (t, 1)), s.map(|t| (t, 2))]
                .into_iter()
                .flatten()
                .min()
                .filter(|(t, _)| *t <= end);
            match next {
                Some((t, 0)) => {
                    cursor = t;
                    self.segment_arrives(c, t, half);
                }
                Some((t, 1)) => {
                    cursor = t;
                    self.ack_arrives(t);
                }
                Some((t, _)) => {
                    cursor = t;
                    self.snd_nxt += MSS;
                    self.counters.sent += MSS;
                    self.push_data(t + half, MSS);
                    self.next_send = t + gap;
                }
                None => break,
            }
        }
        // The persist timer: probe a zero window.
        if let Some((at, interval)) = self.persist.filter(|(at, _)| *at <= end) {
            // A probe is an empty segment: the receiver answers it with its window then.
            self.counters.probes += 1;
            self.push_data(at + half, 0);
            self.persist = Some((at + interval, (interval * 2).min(MAX_PROBE_INTERVAL_NS)));
        }
        if self.window < MSS {
            self.counters.stalled_ns += TICK_NS;
        }
        self.read_until(c, end);
        // A window update once the right edge can move by a segment or half the buffer,
        // whichever is less (RFC 1122's receiver-side silly window avoidance).
        let window = self.window_to_advertise(c);
        let right = self.counters.delivered + window;
        let step = MSS.min(u64::from(c.rwnd_kb) * 1_024 / 2).max(1);
        if right >= self.advertised_right + step {
            self.advertised = window;
            self.advertised_right = right;
            let ack = self.counters.delivered;
            self.push_ack(Ack {
                at: end + half,
                ack,
                window,
            });
        }
    }

    /// Queues an acknowledgement. The link keeps order: after a shorter round trip is set,
    /// nothing overtakes what is already on the way.
    fn push_ack(&mut self, a: Ack) {
        let at = a.at.max(self.acks.back().map_or(0, |b| b.at));
        self.acks.push_back(Ack { at, ..a });
    }

    /// Queues a segment (or a probe, of length 0), in order as the acknowledgements.
    fn push_data(&mut self, at: Nanos, len: u64) {
        let at = at.max(self.data.back().map_or(0, |(t, _)| t));
        self.data.push_back((at, len));
    }

    /// The application reads what its rate allows up to `t` (continuously, so a fast reader
    /// empties the buffer between segments).
    fn read_until(&mut self, c: &StreamsConfig, t: Nanos) {
        let dt = t.saturating_sub(self.read_at);
        self.read_at = self.read_at.max(t);
        self.read_credit += u64::from(c.read_kbps) * 1_000 / 8 * dt;
        let take = (self.read_credit / SECOND).min(self.buffer);
        self.read_credit -= take * SECOND;
        if take == self.buffer {
            // A reader with nothing to read does not save up its speed.
            self.read_credit = self.read_credit.min(SECOND);
        }
        self.buffer -= take;
        self.counters.read += take;
    }

    fn segment_arrives(&mut self, c: &StreamsConfig, at: Nanos, half: Nanos) {
        let Some((_, len)) = self.data.pop_front() else {
            return;
        };
        self.read_until(c, at);
        let room = self.free(c);
        if len > room {
            self.counters.overflow += len;
        }
        self.buffer += len;
        self.counters.delivered += len;
        self.window_bytes.add(at, len);
        self.advertised = self.window_to_advertise(c);
        self.advertised_right = self.counters.delivered + self.advertised;
        let ack = self.counters.delivered;
        self.push_ack(Ack {
            at: at + half,
            ack,
            window: self.advertised,
        });
    }

    fn ack_arrives(&mut self, now: Nanos) {
        let Some(a) = self.acks.pop_front() else {
            return;
        };
        self.snd_una = self.snd_una.max(a.ack);
        self.window = a.window;
        self.right_edge = a.ack + a.window;
        if a.window == 0 {
            self.counters.zero_windows += 1;
            if self.persist.is_none() {
                self.persist = Some((now + RTO_NS, 2 * RTO_NS));
            }
        } else {
            self.persist = None;
        }
    }

    /// Checks conservation and that the sender kept to the window.
    pub fn check(&self, c: &StreamsConfig) -> Result<(), String> {
        let k = &self.counters;
        let flying: u64 = self.data.iter().map(|(_, l)| l).sum();
        if k.sent != k.delivered + flying || k.delivered != k.read + self.buffer {
            return Err(format!(
                "bytes: {} sent, {} delivered, {flying} in flight, {} read, {} buffered",
                k.sent, k.delivered, k.read, self.buffer
            ));
        }
        if self.in_flight() > self.window {
            return Err("more in flight than the window".to_owned());
        }
        if k.overflow > 0 || self.buffer > u64::from(c.rwnd_kb) * 1_024 {
            return Err("the receive buffer overflowed".to_owned());
        }
        Ok(())
    }
}
