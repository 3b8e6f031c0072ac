//! The async lab's parameters, the work an order needs and the learner's actions.

use crate::sim::action::actions;
use crate::sim::arrivals::ArrivalPattern;
use crate::sim::keyed::keyed;
use crate::sim::service::ServiceDist;
use crate::sim::{Nanos, SECOND};

/// Most orders a second the clients send.
pub const MAX_ORDER_RATE: u32 = 5_000;
/// Most API request threads.
pub const MAX_API_THREADS: u32 = 512;
/// Most workers on one queue.
pub const MAX_QUEUE_WORKERS: u32 = 256;
/// Most attempts a message may be given before the dead-letter queue takes it.
pub const MAX_ATTEMPTS: u32 = 20;

const MS: Nanos = SECOND / 1_000;
/// Validating an order: part of the request either way.
pub const VALIDATE_NS: Nanos = 50 * MS;
/// Charging the payment: part of the request either way.
pub const CHARGE_NS: Nanos = 150 * MS;

keyed! {
    /// How a request is answered.
    pub enum Mode {
        /// The request thread does the whole chain before answering.
        Sync = "sync",
        /// The request thread validates and charges, enqueues the rest, and answers.
        Async = "async",
    }
}

/// The background work of an order, one queue each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Task {
    /// `email-tasks`: the confirmation email.
    Email,
    /// `inventory-updates`: stock taken off.
    Inventory,
    /// `invoice-generation`: the invoice.
    Invoice,
}

impl Task {
    /// Every queue, in display order.
    pub const ALL: [Self; 3] = [Self::Email, Self::Inventory, Self::Invoice];

    /// The queue's name, as the guide names it.
    pub fn queue_name(self) -> &'static str {
        match self {
            Self::Email => "email-tasks",
            Self::Inventory => "inventory-updates",
            Self::Invoice => "invoice-generation",
        }
    }

    /// The name used in links.
    pub fn key(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Inventory => "inventory",
            Self::Invoice => "invoice",
        }
    }

    /// Mean time one attempt takes. Validate + charge + all three is 800 ms, the guide's
    /// synchronous checkout; validate + charge alone is its 200 ms asynchronous answer.
    pub fn work_ns(self) -> Nanos {
        match self {
            Self::Email => 200 * MS,
            Self::Inventory => 100 * MS,
            Self::Invoice => 300 * MS,
        }
    }

    /// Its index in [`Task::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl crate::sim::action::Slot for Task {
    fn slot(self) -> usize {
        self.index()
    }
}

/// How the client learns its invoice is ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoicePattern {
    /// Nobody waits for it.
    FireAndForget,
    /// The request carries a correlation ID; the worker posts the result on a reply queue,
    /// which the client polls and matches by that ID.
    RequestReply,
}

/// One worker service down for a while: its workers start nothing until it is back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Outage {
    /// Which service.
    pub task: Task,
    /// When it goes down.
    pub at: Nanos,
    /// For how long.
    pub lasts: Nanos,
}

impl Outage {
    /// Whether the service is down at `t`.
    pub fn covers(&self, task: Task, t: Nanos) -> bool {
        self.task == task && t >= self.at && t < self.at.saturating_add(self.lasts)
    }
}

/// The lab's parameters. [`AsyncConfig::clamped`] enforces every range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AsyncConfig {
    /// Synchronous or asynchronous checkout.
    pub mode: Mode,
    /// Orders per second, `0..=5000`.
    pub order_rate: u32,
    /// How orders are spread in time.
    pub arrivals: ArrivalPattern,
    /// Fixed or exponential step times.
    pub service: ServiceDist,
    /// API request threads, `1..=512`.
    pub api_threads: u32,
    /// Workers per queue, in [`Task::ALL`] order, `0..=256` each.
    pub workers: [u32; 3],
    /// A worker service down for a while.
    pub outage: Option<Outage>,
    /// Percent of attempts that fail for a passing reason, `0..=100`.
    pub fail_pct: u32,
    /// Attempts before the dead-letter queue takes a message, `1..=20`.
    pub max_attempts: u32,
    /// Percent of messages that always fail (poison), `0..=100`.
    pub poison_pct: u32,
    /// Whether failed messages go to the dead-letter queue after `max_attempts`.
    pub dlq: bool,
    /// Percent of successful deliveries whose acknowledgement is lost, `0..=100`.
    pub redelivery_pct: u32,
    /// Whether consumers remember processed message IDs and skip duplicates.
    pub idempotent: bool,
    /// Fire-and-forget or request-reply for the invoice.
    pub invoice_pattern: InvoicePattern,
    /// Whether an autoscaler sets each queue's workers from its depth (see
    /// `AUTOSCALE_*` in the engine for the rule).
    pub autoscale: bool,
}

impl Default for AsyncConfig {
    /// The guide's checkout, asynchronous, at a comfortable load.
    fn default() -> Self {
        Self {
            mode: Mode::Async,
            order_rate: 100,
            arrivals: ArrivalPattern::Poisson,
            service: ServiceDist::Fixed,
            api_threads: 100,
            workers: [30, 15, 40],
            outage: None,
            fail_pct: 0,
            max_attempts: 5,
            poison_pct: 0,
            dlq: true,
            redelivery_pct: 0,
            idempotent: true,
            autoscale: false,
            invoice_pattern: InvoicePattern::FireAndForget,
        }
    }
}

impl AsyncConfig {
    /// The same configuration with every number inside its range.
    pub fn clamped(self) -> Self {
        Self {
            order_rate: self.order_rate.min(MAX_ORDER_RATE),
            api_threads: self.api_threads.clamp(1, MAX_API_THREADS),
            workers: self.workers.map(|w| w.min(MAX_QUEUE_WORKERS)),
            fail_pct: self.fail_pct.min(100),
            max_attempts: self.max_attempts.clamp(1, MAX_ATTEMPTS),
            poison_pct: self.poison_pct.min(100),
            redelivery_pct: self.redelivery_pct.min(100),
            ..self
        }
    }

    /// The request thread's time per order at the mean step times.
    pub fn request_ns(&self) -> Nanos {
        match self.mode {
            Mode::Sync => {
                VALIDATE_NS + CHARGE_NS + Task::ALL.iter().map(|t| t.work_ns()).sum::<Nanos>()
            }
            Mode::Async => VALIDATE_NS + CHARGE_NS,
        }
    }
}

actions! {
    /// A change the learner makes while the run goes on.
    pub enum AsyncAction for AsyncConfig {
        /// Switch between synchronous and asynchronous checkout (for orders from now on).
        Mode(Mode) => mode,
        /// Set the order rate.
        OrderRate(u32) => order_rate,
        /// Set the API threads.
        ApiThreads(u32) => api_threads,
        /// Set one queue's workers.
        Workers(Task, u32) in workers,
        /// Set the transient failure percentage.
        FailPct(u32) => fail_pct,
        /// Set the attempts before dead-lettering.
        MaxAttempts(u32) => max_attempts,
        /// Set the poison percentage (for messages enqueued from now on).
        PoisonPct(u32) => poison_pct,
        /// Turn the dead-letter queue on or off.
        Dlq(bool) => dlq,
        /// Set the lost-acknowledgement percentage.
        RedeliveryPct(u32) => redelivery_pct,
        /// Turn the idempotent consumer on or off.
        Idempotent(bool) => idempotent,
        /// Turn the autoscaler on or off.
        Autoscale(bool) => autoscale,
        /// Fire-and-forget or request-reply for invoices requested from now on.
        Invoice(InvoicePattern) => invoice_pattern,
        /// Move every dead-lettered message back to its queue, attempts reset.
        Redrive,
    }
}
