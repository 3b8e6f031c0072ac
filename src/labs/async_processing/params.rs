//! The async lab's link parameters and action codes.

use crate::link::actions::{split_code, LinkAction};
use crate::link::registry::Comparison;
use crate::link::Link;
use crate::sim::async_processing::config::{
    MAX_API_THREADS, MAX_ATTEMPTS, MAX_ORDER_RATE, MAX_QUEUE_WORKERS,
};
use crate::sim::async_processing::{
    AsyncAction, AsyncConfig, AsyncSim, InvoicePattern, Mode, Outage, Task,
};
use crate::sim::Keyed;
use crate::sim::{nanos, seconds};

/// The runs this lab sets side by side.
pub const COMPARES: [Comparison; 3] = [
    Comparison {
        key: "sync-async",
        title: "Synchronous against asynchronous",
        a: ("synchronous", &[("mode", "sync")]),
        b: ("asynchronous", &[("mode", "async")]),
    },
    Comparison {
        key: "no-dlq-dlq",
        title: "Poison messages without and with a dead-letter queue",
        a: (
            "no dead-letter queue",
            &[("dlq", "off"), ("poison_pct", "2")],
        ),
        b: ("dead-letter queue", &[("dlq", "on"), ("poison_pct", "2")]),
    },
    Comparison {
        key: "duplicates",
        title: "Lost acknowledgements without and with idempotent consumers",
        a: (
            "not idempotent",
            &[("idempotent", "off"), ("redelivery_pct", "10")],
        ),
        b: (
            "idempotent",
            &[("idempotent", "on"), ("redelivery_pct", "10")],
        ),
    },
];

impl Params {
    /// Reads the lab's settings from a link.
    fn read_config(link: &mut Link) -> AsyncConfig {
        let c = AsyncConfig::default();
        let mode = link.keyed("mode", c.mode);
        let outage_task = link.choice(
            "outage",
            |k| match k {
                "none" => Some(None),
                k => Task::ALL.into_iter().find(|t| t.key() == k).map(Some),
            },
            &["none", "email", "inventory", "invoice"],
            None,
            "none",
        );
        let outage_at = link.decimal("outage_at", 0.0, 3_600.0, &[], 10.0);
        let outage_s = link.decimal("outage_s", 0.0, 3_600.0, &[], 20.0);

        AsyncConfig {
            mode,
            order_rate: link.integer("order_rate", 0, MAX_ORDER_RATE, c.order_rate),
            arrivals: link.keyed("arrivals", c.arrivals),
            service: link.keyed("service", c.service),
            api_threads: link.integer("api_threads", 1, MAX_API_THREADS, c.api_threads),
            workers: [
                link.integer("email_workers", 0, MAX_QUEUE_WORKERS, c.workers[0]),
                link.integer("inventory_workers", 0, MAX_QUEUE_WORKERS, c.workers[1]),
                link.integer("invoice_workers", 0, MAX_QUEUE_WORKERS, c.workers[2]),
            ],
            outage: outage_task.map(|task| Outage {
                task,
                at: nanos(outage_at),
                lasts: nanos(outage_s),
            }),
            fail_pct: link.integer("fail_pct", 0, 100, c.fail_pct),
            max_attempts: link.integer("max_attempts", 1, MAX_ATTEMPTS, c.max_attempts),
            poison_pct: link.integer("poison_pct", 0, 100, c.poison_pct),
            dlq: link.on_off("dlq", c.dlq),
            redelivery_pct: link.integer("redelivery_pct", 0, 100, c.redelivery_pct),
            idempotent: link.on_off("idempotent", c.idempotent),
            autoscale: link.on_off("autoscale", c.autoscale),
            invoice_pattern: link.choice(
                "invoice_pattern",
                |k| match k {
                    "fire_and_forget" => Some(InvoicePattern::FireAndForget),
                    "request_reply" => Some(InvoicePattern::RequestReply),
                    _ => None,
                },
                &["fire_and_forget", "request_reply"],
                c.invoice_pattern,
                "fire_and_forget",
            ),
        }
    }

    /// Appends the lab's settings.
    fn write_config(c: &AsyncConfig, pairs: &mut Vec<(&'static str, String)>) {
        let on = |b: bool| if b { "on" } else { "off" }.to_owned();
        pairs.extend([
            ("mode", c.mode.key().to_owned()),
            ("order_rate", c.order_rate.to_string()),
            ("arrivals", c.arrivals.key().to_owned()),
            ("service", c.service.key().to_owned()),
            ("api_threads", c.api_threads.to_string()),
            ("email_workers", c.workers[0].to_string()),
            ("inventory_workers", c.workers[1].to_string()),
            ("invoice_workers", c.workers[2].to_string()),
        ]);
        if let Some(o) = c.outage {
            pairs.extend([
                ("outage", o.task.key().to_owned()),
                ("outage_at", crate::link::seconds_text(seconds(o.at))),
                ("outage_s", crate::link::seconds_text(seconds(o.lasts))),
            ]);
        }
        pairs.extend([
            ("fail_pct", c.fail_pct.to_string()),
            ("max_attempts", c.max_attempts.to_string()),
            ("poison_pct", c.poison_pct.to_string()),
            ("dlq", on(c.dlq)),
            ("redelivery_pct", c.redelivery_pct.to_string()),
            ("idempotent", on(c.idempotent)),
            ("autoscale", on(c.autoscale)),
            (
                "invoice_pattern",
                match c.invoice_pattern {
                    InvoicePattern::FireAndForget => "fire_and_forget",
                    InvoicePattern::RequestReply => "request_reply",
                }
                .to_owned(),
            ),
        ]);
    }
}

impl LinkAction for AsyncAction {
    fn code(&self) -> String {
        match *self {
            Self::Mode(m) => format!("y{}", u8::from(m == Mode::Async)),
            Self::OrderRate(v) => format!("r{v}"),
            Self::ApiThreads(v) => format!("t{v}"),
            Self::Workers(task, v) => format!("w{}.{v}", task.index()),
            Self::FailPct(v) => format!("f{v}"),
            Self::MaxAttempts(v) => format!("m{v}"),
            Self::PoisonPct(v) => format!("p{v}"),
            Self::Dlq(on) => format!("q{}", u8::from(on)),
            Self::RedeliveryPct(v) => format!("d{v}"),
            Self::Idempotent(on) => format!("i{}", u8::from(on)),
            Self::Redrive => "R".to_owned(),
            Self::Autoscale(on) => format!("a{}", u8::from(on)),
            Self::Invoice(p) => format!("v{}", u8::from(p == InvoicePattern::RequestReply)),
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        let (letter, n) = split_code(code)?;
        Some(match (letter, &n[..]) {
            ('y', &[v]) if v <= 1 => Self::Mode(if v == 1 { Mode::Async } else { Mode::Sync }),
            ('r', &[v]) => Self::OrderRate(v),
            ('t', &[v]) => Self::ApiThreads(v),
            ('w', &[t, v]) => Self::Workers(*Task::ALL.get(t as usize)?, v),
            ('f', &[v]) => Self::FailPct(v),
            ('m', &[v]) => Self::MaxAttempts(v),
            ('p', &[v]) => Self::PoisonPct(v),
            ('q', &[v]) if v <= 1 => Self::Dlq(v == 1),
            ('d', &[v]) => Self::RedeliveryPct(v),
            ('i', &[v]) if v <= 1 => Self::Idempotent(v == 1),
            ('R', &[]) => Self::Redrive,
            ('a', &[v]) if v <= 1 => Self::Autoscale(v == 1),
            ('v', &[v]) if v <= 1 => Self::Invoice(if v == 1 {
                InvoicePattern::RequestReply
            } else {
                InvoicePattern::FireAndForget
            }),
            _ => return None,
        })
    }
}

run_params!(pub struct Params for AsyncSim, AsyncConfig);
