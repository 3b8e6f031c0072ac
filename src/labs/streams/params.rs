//! The streams lab's link parameters and action codes.

use crate::link::actions::{split_code, LinkAction};
use crate::link::Link;
use crate::sim::streams::config::{MAX_BATCH, MAX_ITEM_RATE, MAX_KBPS, MAX_RTT_MS, MAX_RWND_KB};
use crate::sim::streams::{Mode, Scene, StreamsAction, StreamsConfig, StreamsSim};
use crate::sim::Keyed;

/// The demand scene's parameters in links.
const DEMAND_KEYS: [&str; 4] = ["producer_rate", "consumer_rate", "mode", "batch"];
/// The TCP scene's.
const TCP_KEYS: [&str; 4] = ["rwnd_kb", "read_kbps", "send_kbps", "rtt_ms"];

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> StreamsConfig {
        let c = StreamsConfig::default();
        let scene = link.keyed("scene", c.scene);

        match scene {
            Scene::Demand => {
                link.other_scene(&TCP_KEYS, "tcp");
                StreamsConfig {
                    scene,
                    producer_rate: link.integer("producer_rate", 0, MAX_ITEM_RATE, c.producer_rate),
                    consumer_rate: link.integer("consumer_rate", 1, MAX_ITEM_RATE, c.consumer_rate),
                    mode: link.keyed("mode", c.mode),
                    batch: link.integer("batch", 1, MAX_BATCH, c.batch),
                    ..c
                }
            }
            Scene::Tcp => {
                link.other_scene(&DEMAND_KEYS, "demand");
                StreamsConfig {
                    scene,
                    rwnd_kb: link.integer("rwnd_kb", 1, MAX_RWND_KB, c.rwnd_kb),
                    read_kbps: link.integer("read_kbps", 1, MAX_KBPS, c.read_kbps),
                    send_kbps: link.integer("send_kbps", 1, MAX_KBPS, c.send_kbps),
                    rtt_ms: link.integer("rtt_ms", 1, MAX_RTT_MS, c.rtt_ms),
                    ..c
                }
            }
        }
    }

    /// Appends the lab's settings (the other scene's are left out).
    fn write_config(c: &StreamsConfig, pairs: &mut Vec<(&'static str, String)>) {
        pairs.push(("scene", c.scene.key().to_owned()));
        match c.scene {
            Scene::Demand => pairs.extend([
                ("producer_rate", c.producer_rate.to_string()),
                ("consumer_rate", c.consumer_rate.to_string()),
                ("mode", c.mode.key().to_owned()),
                ("batch", c.batch.to_string()),
            ]),
            Scene::Tcp => pairs.extend([
                ("rwnd_kb", c.rwnd_kb.to_string()),
                ("read_kbps", c.read_kbps.to_string()),
                ("send_kbps", c.send_kbps.to_string()),
                ("rtt_ms", c.rtt_ms.to_string()),
            ]),
        }
    }
}

impl LinkAction for StreamsAction {
    fn code(&self) -> String {
        match *self {
            Self::ProducerRate(v) => format!("p{v}"),
            Self::ConsumerRate(v) => format!("c{v}"),
            Self::Mode(m) => format!("m{}", m.index()),
            Self::Batch(v) => format!("n{v}"),
            Self::ReadKbps(v) => format!("r{v}"),
            Self::SendKbps(v) => format!("s{v}"),
            Self::Rtt(v) => format!("t{v}"),
            Self::RequestZero => "Z".to_owned(),
            Self::Resubscribe => "S".to_owned(),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('p', &[v]) => Self::ProducerRate(v),
            ('c', &[v]) => Self::ConsumerRate(v),
            ('m', &[v]) => Self::Mode(Mode::nth(v)?),
            ('n', &[v]) => Self::Batch(v),
            ('r', &[v]) => Self::ReadKbps(v),
            ('s', &[v]) => Self::SendKbps(v),
            ('t', &[v]) => Self::Rtt(v),
            ('Z', &[]) => Self::RequestZero,
            ('S', &[]) => Self::Resubscribe,
            _ => return None,
        })
    }
}

run_params!(pub struct Params for StreamsSim, StreamsConfig);
