//! Back-pressure at an API gateway, as Netflix runs it: per-client rate limits (token
//! buckets), priority load shedding, request-thread pools shared or split into bulkheads,
//! circuit breakers that fail fast, and client retries that can turn a slowdown into an
//! outage.
//!
//! Model: four clients send Poisson requests, each to service A or B at random. An attempt
//! passes, in order: its client's [`TokenBucket`] (none left: 429 at once); load shedding
//! (the share of its pool's threads busy, past [`config::SHED_LOW_AT`] low-priority requests
//! are refused with a 503, past [`config::SHED_HIGH_AT`] high ones too); the service's
//! [`CircuitBreaker`] (open: a fallback at once); a free thread of its pool (none: a 503). The
//! call then holds the thread until the service answers or the timeout passes (a failure).
//! Each service is a [`Backend`] of [`backend::WORKERS`] workers and a queue, whose service
//! times are exponential around `latency_ms` (service B's multiplied after `slow_b_at`). A
//! service answers a share of calls (`fail_pct`) with an error. The gateway itself may try a
//! failed call again at once (`gateway_attempts`, a second layer of retries). A client retries
//! a 503, an error or a timeout up to `attempts` attempts, at once, after an exponential
//! backoff with full jitter, or at once while its retry budget lasts (a token bucket: a
//! success adds a tenth of a token, a retry takes one); it takes a 429 or a fallback as the
//! answer. A change of the timeout applies to calls under way too.
//!
//! Bounds: calls under way ≤ 2 × [`config::MAX_THREADS`] (the pools may shrink under calls);
//! [`MAX_RETRIES_WAITING`] retries waiting (past it, a retry is given up, counted); the
//! backends' queues; the breakers' windows.

pub mod backend;
pub mod breaker;
pub mod bucket;
pub mod config;
pub mod throttle;

use crate::sim::timeline::Column;
use crate::sim::window::ratio;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::hash::{Hash, Hasher};

pub use backend::Backend;
use backend::Job;
pub use breaker::{CircuitBreaker, State};
pub use bucket::TokenBucket;
pub use config::{Breaker, GatewayAction, GatewayConfig, Pool, Retry};
use config::{
    Priority, BACKOFF_BASE_NS, BUDGET_TENTHS, CLIENTS, PRIORITY, SERVICES, SHED_HIGH_AT,
    SHED_LOW_AT,
};
pub use throttle::Throttle;

use super::poisson::Poisson;
use super::rng::SimRng;
use super::window::{CountWindow, LatencyWindow};
use super::{nanos, seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Retries waiting for their moment.
pub const MAX_RETRIES_WAITING: usize = 65_536;

/// One request as its client sees it, attempt by attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Request {
    /// Numbered as they arrive.
    pub id: u64,
    /// Client 0 to 3 (A to D).
    pub client: u8,
    /// Service 0 (A) or 1 (B).
    pub service: u8,
    /// The attempt about to be made or under way, from 1.
    pub attempt: u8,
    /// The gateway's attempt at the service within the client's attempt, from 1.
    pub hop: u8,
}

/// As before the gateway retried: `hop` only when it is not the first.
impl Hash for Request {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.id, self.client, self.service, self.attempt).hash(h);
        if self.hop != 1 {
            self.hop.hash(h);
        }
    }
}

/// A call under way: its request, when it started, whether it is a breaker's trial call, and
/// which use of its slot it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Call {
    req: Request,
    started: Nanos,
    trial: bool,
    gen: u32,
}

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Over its client's limit (429).
    RateLimited,
    /// Shed by the gateway (503).
    Shed,
    /// The breaker was open: a fallback answer.
    Fallback,
    /// No free thread in its pool (503).
    PoolFull,
    /// The service's queue was full (503).
    Refused,
    /// The call took longer than the timeout.
    Timeout,
    /// The service answered with an error (a 500).
    Error,
    /// The client rejected it itself (adaptive throttling), without sending it.
    Throttled,
    /// Answered.
    Success,
}

/// Running totals. Conservation: every attempt made has ended in one [`Outcome`] or is a call
/// under way; every request has been answered (a success or a fallback), given up, or is
/// still being tried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GatewayCounters {
    /// Requests made (first attempts).
    pub requests: u64,
    /// Attempts made, retries included.
    pub attempts: u64,
    /// Attempts refused by each client's rate limit.
    pub rate_limited: [u64; CLIENTS],
    /// High-priority attempts shed.
    pub shed_high: u64,
    /// Low-priority attempts shed.
    pub shed_low: u64,
    /// Attempts answered by a fallback (a breaker open).
    pub fallbacks: u64,
    /// Attempts refused for want of a thread.
    pub pool_full: u64,
    /// Calls the services refused (their queues full).
    pub refused: u64,
    /// Calls that timed out.
    pub timeouts: u64,
    /// Jobs the services finished for calls already timed out (wasted work).
    pub wasted: u64,
    /// Calls answered, by service.
    pub successes: [u64; SERVICES],
    /// Requests answered (a success or a fallback).
    pub answered: u64,
    /// Requests given up after their last attempt failed (or a 429).
    pub gave_up: u64,
    /// Retries dropped because too many were waiting.
    pub retries_dropped: u64,
    /// Retries scheduled.
    pub retries: u64,
    /// Calls the services answered with an error.
    pub errors: u64,
    /// Attempts the gateway made again itself (its layer of retries).
    pub gateway_retries: u64,
    /// Retries a client's empty retry budget refused.
    pub budget_denied: u64,
    /// Attempts clients rejected themselves (adaptive throttling).
    pub throttled: u64,
}

/// The totals of earlier versions in their order, then the later ones only when any is not
/// zero: every run from before keeps its state hash.
impl Hash for GatewayCounters {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (
            self.requests,
            self.attempts,
            self.rate_limited,
            self.shed_high,
        )
            .hash(h);
        (self.shed_low, self.fallbacks, self.pool_full, self.refused).hash(h);
        (self.timeouts, self.wasted, self.successes, self.answered).hash(h);
        (self.gave_up, self.retries_dropped, self.retries).hash(h);
        let later = (
            self.errors,
            self.gateway_retries,
            self.budget_denied,
            self.throttled,
        );
        if later != (0, 0, 0, 0) {
            later.hash(h);
        }
    }
}

/// The whole gateway lab.
#[derive(Clone, Debug)]
pub struct GatewaySim {
    config: GatewayConfig,
    now: Nanos,
    sources: [Poisson; CLIENTS],
    picks: SimRng,
    backends: [Backend; SERVICES],
    jitter: SimRng,
    next_id: u64,
    buckets: [TokenBucket; CLIENTS],
    breakers: [CircuitBreaker; SERVICES],
    /// Calls under way, by slot; free slots are reused.
    calls: Vec<Option<Call>>,
    free: Vec<u32>,
    /// The calls under way by start, `(started, slot)`: the first is the next to time out.
    alive: BTreeSet<(Nanos, u32)>,
    next_gen: u32,
    /// Threads held, by service.
    busy: [u32; SERVICES],
    /// Retries waiting, soonest first.
    retries: BinaryHeap<Reverse<(Nanos, Request)>>,
    counters: GatewayCounters,
    latency: [LatencyWindow; SERVICES],
    ended: [CountWindow; SERVICES],
    succeeded: [CountWindow; SERVICES],
    limited: [CountWindow; CLIENTS],
    attempts_window: CountWindow,
    requests_window: CountWindow,
    /// Requests each client got an answer to (a success), and that ended at all.
    client_ok: [CountWindow; CLIENTS],
    client_done: [CountWindow; CLIENTS],
    /// Shedding decisions, for the invariant: the lowest load a high-priority attempt was
    /// shed at, and the highest a low-priority one was let in at (permille).
    shed_high_min: u32,
    admit_low_max: u32,
    /// Salts which answers are errors: drawn from the seed, so the draw keeps no state.
    error_salt: u64,
    /// Each client's retry budget, tenths of a token ([`config::BUDGET_TENTHS`] full).
    budget: [u32; CLIENTS],
    /// Each client's adaptive throttle.
    throttles: [Throttle; CLIENTS],
    /// Attempts clients rejected themselves, for the share sent.
    throttled_window: CountWindow,
}

/// Whether shedding refuses an attempt of `priority` at `load` (the share of its pool busy):
/// low priority goes first, so a high-priority attempt is never shed where a low one is not.
pub fn sheds(priority: Priority, load: f64) -> bool {
    match priority {
        Priority::Low => load >= SHED_LOW_AT,
        Priority::High => load >= SHED_HIGH_AT,
    }
}

impl GatewaySim {
    /// A run of `config` from `seed`.
    pub fn new(seed: u64, config: GatewayConfig) -> Self {
        let config = config.clamped();
        let sources = std::array::from_fn(|i| {
            Poisson::new(config.rates[i], SimRng::new(seed, 30 + i as u64), 0)
        });
        Self {
            sources,
            picks: SimRng::new(seed, 34),
            backends: [
                Backend::new(SimRng::new(seed, 35)),
                Backend::new(SimRng::new(seed, 36)),
            ],
            jitter: SimRng::new(seed, 37),
            next_id: 0,
            buckets: [TokenBucket::new(config.limit, config.burst, 0); CLIENTS],
            breakers: [
                CircuitBreaker::new(config.breaker),
                CircuitBreaker::new(config.breaker),
            ],
            calls: Vec::new(),
            free: Vec::new(),
            alive: BTreeSet::new(),
            next_gen: 0,
            busy: [0; SERVICES],
            retries: BinaryHeap::new(),
            counters: GatewayCounters::default(),
            latency: Default::default(),
            ended: Default::default(),
            succeeded: Default::default(),
            limited: Default::default(),
            attempts_window: CountWindow::default(),
            requests_window: CountWindow::default(),
            client_ok: Default::default(),
            client_done: Default::default(),
            shed_high_min: u32::MAX,
            admit_low_max: 0,
            error_salt: SimRng::new(seed, 38).next_u64(),
            budget: [BUDGET_TENTHS; CLIENTS],
            throttles: Default::default(),
            throttled_window: CountWindow::default(),
            now: 0,
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Running totals.
    pub fn counters(&self) -> &GatewayCounters {
        &self.counters
    }

    /// Threads held by calls to each service.
    pub fn busy(&self) -> [u32; SERVICES] {
        self.busy
    }

    /// Service `s`.
    pub fn backend(&self, s: usize) -> Option<&Backend> {
        self.backends.get(s)
    }

    /// Service `s`'s breaker.
    pub fn breaker(&self, s: usize) -> Option<&CircuitBreaker> {
        self.breakers.get(s)
    }

    /// Client `c`'s token bucket.
    pub fn bucket(&self, c: usize) -> Option<&TokenBucket> {
        self.buckets.get(c)
    }

    /// Retries waiting.
    pub fn retries_waiting(&self) -> usize {
        self.retries.len()
    }

    /// Whether service B is slow now.
    pub fn b_is_slow(&self) -> bool {
        self.config
            .slow_b_at
            .is_some_and(|t| self.now >= u64::from(t) * SECOND)
            && self.config.slow_b_factor > 1
    }

    /// Share of calls to service `s` that succeeded over the last second, percent (100 when
    /// there were none).
    pub fn success_pct(&self, s: usize) -> f64 {
        let ended = self.ended.get(s).map_or(0, |w| w.last_second(self.now));
        let ok = self.succeeded.get(s).map_or(0, |w| w.last_second(self.now));
        ratio(ok * 100, ended, 100.0)
    }

    /// The 99th percentile of calls to service `s` over the last second, ms.
    pub fn p99_ms(&self, s: usize) -> f64 {
        self.latency
            .get(s)
            .map_or(0.0, |l| l.quantile_ms(self.now, 0.99).0)
    }

    /// Attempts per new request over the last second (1 without retries).
    pub fn attempts_per_request(&self) -> f64 {
        let attempts = self.attempts_window.last_second(self.now);
        ratio(attempts, self.requests_window.last_second(self.now), 0.0)
    }

    /// Attempts sent to the gateway (not rejected by their client) for each one answered,
    /// over the last second (0 when none was answered).
    pub fn sent_per_accepted(&self) -> f64 {
        let sent = self
            .attempts_window
            .last_second(self.now)
            .saturating_sub(self.throttled_window.last_second(self.now));
        let accepted: u64 = self.succeeded.iter().map(|w| w.last_second(self.now)).sum();
        ratio(sent, accepted, 0.0)
    }

    /// Share of client `c`'s requests that ended over the last second with a success,
    /// percent (100 when none ended).
    pub fn client_success_pct(&self, c: usize) -> f64 {
        let done = self
            .client_done
            .get(c)
            .map_or(0, |w| w.last_second(self.now));
        let ok = self.client_ok.get(c).map_or(0, |w| w.last_second(self.now));
        ratio(ok * 100, done, 100.0)
    }

    /// Attempts refused by client `c`'s limit over the last second.
    pub fn rate_limited_per_s(&self, c: usize) -> u64 {
        self.limited.get(c).map_or(0, |w| w.last_second(self.now))
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        let timeout = u64::from(self.config.timeout_ms) * 1_000_000;
        loop {
            let arrival = (0..CLIENTS)
                .filter_map(|c| self.sources[c].next_at().map(|t| (t, c)))
                .min();
            let deadline = self.alive.first().map(|(t, _)| t + timeout);
            let retry = self.retries.peek().map(|Reverse((t, _))| *t);
            let next = [
                self.backends[0].next_done().map(|t| (t, 0)),
                self.backends[1].next_done().map(|t| (t, 1)),
                deadline.map(|t| (t, 2)),
                retry.map(|t| (t, 3)),
                arrival.map(|(t, _)| (t, 4)),
            ]
            .into_iter()
            .flatten()
            .min()
            .filter(|(t, _)| *t <= end);
            match next {
                Some((t, s @ (0 | 1))) => self.answered(s, t),
                Some((t, 2)) => self.time_out(t),
                Some((t, 3)) => {
                    if let Some(Reverse((_, req))) = self.retries.pop() {
                        self.attempt(req, t);
                    }
                }
                Some((t, _)) => {
                    if let Some((_, c)) = arrival {
                        self.sources[c].fire(t);
                        self.arrive(c, t);
                    }
                }
                None => break,
            }
        }
        self.now = end;
    }

    /// Service `s`'s mean service time now, seconds.
    fn mean_s(&self, s: usize) -> f64 {
        let mut mean = f64::from(self.config.latency_ms) / 1e3;
        if s == 1 && self.b_is_slow() {
            mean *= f64::from(self.config.slow_b_factor);
        }
        mean
    }

    fn arrive(&mut self, client: usize, at: Nanos) {
        let service = u8::from(self.picks.unit() >= 0.5);
        let req = Request {
            id: self.next_id,
            client: client as u8,
            service,
            attempt: 1,
            hop: 1,
        };
        self.next_id += 1;
        self.counters.requests += 1;
        self.requests_window.add(at, 1);
        self.attempt(req, at);
    }

    /// One attempt of `req` at `at`, through the gateway's checks to a thread.
    fn attempt(&mut self, req: Request, at: Nanos) {
        self.counters.attempts += 1;
        self.attempts_window.add(at, 1);
        if self.throttles(req, at) {
            self.counters.throttled += 1;
            self.throttled_window.add(at, 1);
            return self.ended(req, at, Outcome::Throttled);
        }
        let (c, s) = (usize::from(req.client), usize::from(req.service));
        if self.config.limit > 0 && !self.buckets[c].take(at) {
            self.counters.rate_limited[c] += 1;
            self.limited[c].add(at, 1);
            return self.ended(req, at, Outcome::RateLimited);
        }
        let pool = self.config.pool_threads(s);
        let held = match self.config.pool {
            Pool::Shared => self.busy[0] + self.busy[1],
            Pool::Bulkhead => self.busy[s],
        };
        let load = f64::from(held) / f64::from(pool.max(1));
        if self.config.shedding {
            let permille = (load * 1e3).round() as u32;
            if sheds(PRIORITY[c], load) {
                match PRIORITY[c] {
                    Priority::High => {
                        self.counters.shed_high += 1;
                        self.shed_high_min = self.shed_high_min.min(permille);
                    }
                    Priority::Low => self.counters.shed_low += 1,
                }
                return self.ended(req, at, Outcome::Shed);
            }
            if PRIORITY[c] == Priority::Low {
                self.admit_low_max = self.admit_low_max.max(permille);
            }
        }
        let Some(trial) = self.breakers[s].admit(at) else {
            self.counters.fallbacks += 1;
            return self.ended(req, at, Outcome::Fallback);
        };
        if held >= pool {
            // A refused trial call still counts as the trial's failure.
            self.breakers[s].record(at, true, trial);
            self.counters.pool_full += 1;
            return self.ended(req, at, Outcome::PoolFull);
        }
        let gen = self.next_gen;
        self.next_gen = self.next_gen.wrapping_add(1);
        let slot = self.free.pop().unwrap_or(self.calls.len() as u32);
        let mean = self.mean_s(s);
        if !self.backends[s].offer(Job { slot, gen }, at, mean) {
            self.free.push(slot);
            self.breakers[s].record(at, true, trial);
            self.counters.refused += 1;
            return self.ended(req, at, Outcome::Refused);
        }
        let call = Call {
            req,
            started: at,
            trial,
            gen,
        };
        match self.calls.get_mut(slot as usize) {
            Some(c) => *c = Some(call),
            None => self.calls.push(Some(call)),
        }
        self.alive.insert((at, slot));
        self.busy[s] += 1;
    }

    /// Takes the call in `slot` off the books: its thread is free again.
    fn release(&mut self, slot: u32) -> Option<Call> {
        let call = self.calls.get_mut(slot as usize)?.take()?;
        self.alive.remove(&(call.started, slot));
        self.free.push(slot);
        let s = usize::from(call.req.service);
        self.busy[s] = self.busy[s].saturating_sub(1);
        Some(call)
    }

    /// Service `s` finished a job: an answer, unless its call already timed out.
    fn answered(&mut self, s: usize, at: Nanos) {
        let mean = self.mean_s(s);
        let Some(job) = self.backends[s].complete(at, mean) else {
            return;
        };
        let live = self
            .calls
            .get(job.slot as usize)
            .and_then(|c| c.as_ref())
            .is_some_and(|c| c.gen == job.gen);
        if !live {
            self.counters.wasted += 1;
            return;
        }
        if let Some(call) = self.release(job.slot) {
            let error = self.is_error(call.req);
            self.breakers[s].record(at, error, call.trial);
            self.latency[s].record(at, at - call.started);
            if error {
                self.counters.errors += 1;
                self.ended(call.req, at, Outcome::Error);
            } else {
                self.counters.successes[s] += 1;
                self.ended(call.req, at, Outcome::Success);
            }
        }
    }

    /// A uniform draw for attempt `req` and `purpose`, from the request alone: the same in
    /// every replay, and no state of its own.
    fn draw(&self, req: Request, purpose: u64) -> f64 {
        let attempt = purpose << 16 | u64::from(req.attempt) << 8 | u64::from(req.hop);
        SimRng::new(self.error_salt ^ req.id, attempt).unit()
    }

    /// Whether the service answers this attempt of `req` with an error (`fail_pct`).
    fn is_error(&self, req: Request) -> bool {
        self.config.fail_pct > 0 && self.draw(req, 0) * 100.0 < f64::from(self.config.fail_pct)
    }

    /// Whether the client rejects this attempt of `req` itself (adaptive throttling), which
    /// counts it in its window either way.
    fn throttles(&mut self, req: Request, at: Nanos) -> bool {
        if !self.config.throttle || req.hop != 1 {
            return false;
        }
        let (c, now_s) = (usize::from(req.client), at / SECOND);
        let p = self.throttles[c].reject_probability(now_s);
        self.throttles[c].request(now_s);
        p > 0.0 && self.draw(req, 1) < p
    }

    /// The oldest call under way passed the timeout: it fails, and its thread is free (the
    /// service still does its work).
    fn time_out(&mut self, at: Nanos) {
        let Some(&(_, slot)) = self.alive.first() else {
            return;
        };
        if let Some(call) = self.release(slot) {
            let s = usize::from(call.req.service);
            self.breakers[s].record(at, true, call.trial);
            self.latency[s].record(at, at - call.started);
            self.counters.timeouts += 1;
            self.ended(call.req, at, Outcome::Timeout);
        }
    }

    /// An attempt ended: the gateway tries the service again, or the request is answered,
    /// retried by its client or given up.
    fn ended(&mut self, req: Request, at: Nanos, outcome: Outcome) {
        let s = usize::from(req.service);
        // A service's success share counts the calls the gateway tried to make to it, not
        // the ones refused at the door (429, shed).
        if !matches!(
            outcome,
            Outcome::RateLimited | Outcome::Shed | Outcome::Throttled
        ) {
            self.ended[s].add(at, 1);
        }
        // The gateway's own layer: a failure of the service itself, tried again at once.
        let service_failed = matches!(
            outcome,
            Outcome::Error | Outcome::Timeout | Outcome::Refused
        );
        if service_failed && u32::from(req.hop) < self.config.gateway_attempts {
            self.counters.gateway_retries += 1;
            let again = Request {
                hop: req.hop + 1,
                ..req
            };
            return self.attempt(again, at);
        }
        let retriable = service_failed || matches!(outcome, Outcome::Shed | Outcome::PoolFull);
        let c = usize::from(req.client);
        match outcome {
            Outcome::Success => {
                self.succeeded[s].add(at, 1);
                self.counters.answered += 1;
                self.client_ok[c].add(at, 1);
                self.client_done[c].add(at, 1);
                self.budget[c] = (self.budget[c] + 1).min(BUDGET_TENTHS);
                if self.config.throttle {
                    self.throttles[c].accept(at / SECOND);
                }
            }
            Outcome::Fallback => {
                self.counters.answered += 1;
                self.client_done[c].add(at, 1);
            }
            _ if retriable
                && self.config.retry != Retry::None
                && u32::from(req.attempt) < self.config.attempts =>
            {
                self.retry(req, at);
            }
            _ => self.give_up(c, at),
        }
    }

    /// Client `c` gives its request up at `at`.
    fn give_up(&mut self, c: usize, at: Nanos) {
        self.counters.gave_up += 1;
        self.client_done[c].add(at, 1);
    }

    /// The client tries `req` again, at once or after its backoff, if its budget and the
    /// bound on retries waiting allow.
    fn retry(&mut self, req: Request, at: Nanos) {
        let c = usize::from(req.client);
        if self.retries.len() >= MAX_RETRIES_WAITING {
            self.counters.retries_dropped += 1;
            return self.give_up(c, at);
        }
        let wait = match self.config.retry {
            Retry::Backoff => {
                let cap = BACKOFF_BASE_NS << (req.attempt - 1).min(16);
                nanos(self.jitter.unit() * seconds(cap))
            }
            Retry::Budget if self.budget[c] < 10 => {
                self.counters.budget_denied += 1;
                return self.give_up(c, at);
            }
            Retry::Budget => {
                self.budget[c] -= 10;
                0
            }
            Retry::None | Retry::Immediate => 0,
        };
        self.counters.retries += 1;
        let next = Request {
            attempt: req.attempt + 1,
            hop: 1,
            ..req
        };
        self.retries.push(Reverse((at + wait, next)));
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: GatewayAction) {
        let old = self.config;
        self.config = self.config.with(action);
        if action == GatewayAction::SlowBNow {
            self.config.slow_b_at = Some((self.now / SECOND) as u32);
        }
        let (c, now) = (self.config, self.now);
        match action {
            GatewayAction::Rate(i, _) => {
                if let Some(src) = self.sources.get_mut(usize::from(i)) {
                    src.set_rate(c.rates[usize::from(i)], now);
                }
            }
            GatewayAction::Limit(_) | GatewayAction::Burst(_) => {
                for b in &mut self.buckets {
                    b.set(c.limit, c.burst, now);
                }
            }
            GatewayAction::Breaker(kind) if kind != old.breaker => {
                self.breakers = [CircuitBreaker::new(kind), CircuitBreaker::new(kind)];
            }
            _ => {}
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.config, self.now, self.counters, self.next_id).hash(&mut h);
        (&self.buckets, &self.breakers, self.busy).hash(&mut h);
        (&self.calls, &self.free, &self.alive, self.next_gen).hash(&mut h);
        for b in &self.backends {
            b.fingerprint().hash(&mut h);
        }
        let mut retries: Vec<(Nanos, Request)> = self.retries.iter().map(|Reverse(r)| *r).collect();
        retries.sort_unstable();
        retries.hash(&mut h);
        for s in &self.sources {
            (s.rng_fingerprint(), s.next_at()).hash(&mut h);
        }
        (self.picks.fingerprint(), self.jitter.fingerprint()).hash(&mut h);
        // Only once a budget has been spent: runs from before hash as they did.
        if self.budget != [BUDGET_TENTHS; CLIENTS] {
            self.budget.hash(&mut h);
        }
        if self.throttles.iter().any(|t| t.sums() != (0, 0)) {
            self.throttles.hash(&mut h);
        }
        h.finish()
    }

    /// Checks conservation, the bounds and the shedding order.
    pub fn check_invariants(&self) -> Result<(), String> {
        let k = &self.counters;
        let ended = k.rate_limited.iter().sum::<u64>()
            + k.shed_high
            + k.shed_low
            + k.fallbacks
            + k.pool_full
            + k.refused
            + k.timeouts
            + k.errors
            + k.throttled
            + k.successes.iter().sum::<u64>();
        let under_way = self.alive.len() as u64;
        if k.attempts != ended + under_way {
            return Err(format!(
                "attempts: {} made, {ended} ended, {under_way} under way",
                k.attempts
            ));
        }
        let trying = under_way + self.retries.len() as u64;
        if k.requests != k.answered + k.gave_up + trying {
            return Err(format!(
                "requests: {} made, {} answered, {} given up, {trying} still trying",
                k.requests, k.answered, k.gave_up
            ));
        }
        if u64::from(self.busy[0] + self.busy[1]) != under_way {
            return Err("threads held differ from the calls under way".to_owned());
        }
        let held = self.calls.iter().flatten().count();
        if held != self.alive.len() {
            return Err("calls in slots differ from the calls under way".to_owned());
        }
        if self.retries.len() > MAX_RETRIES_WAITING
            || self.budget.iter().any(|&b| b > BUDGET_TENTHS)
            || self.alive.len() > config::MAX_THREADS as usize * 2
            || self
                .backends
                .iter()
                .any(|b| b.queued() > backend::MAX_QUEUE || b.running() > backend::WORKERS)
        {
            return Err("a bound was passed".to_owned());
        }
        if self.shed_high_min != u32::MAX && self.admit_low_max > self.shed_high_min {
            return Err(format!(
                "a high-priority request was shed at {} ‰ busy, a low one let in at {} ‰",
                self.shed_high_min, self.admit_low_max
            ));
        }
        Ok(())
    }
}

impl super::timeline::Replay for GatewaySim {
    crate::sim::timeline::replay_by_delegation!(GatewayAction);

    fn added_bytes(&self, _earlier: Option<&Self>) -> usize {
        std::mem::size_of::<Self>()
            + self.calls.len() * std::mem::size_of::<Option<Call>>()
            + self.alive.len() * 32
            + self
                .backends
                .iter()
                .map(|b| (b.running() + b.queued()) * 24)
                .sum::<usize>()
            + self.retries.len() * std::mem::size_of::<(Nanos, Request)>()
            + self.breakers.len() * breaker::R4J_WINDOW
            + self.latency.iter().map(LatencyWindow::bytes).sum::<usize>()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("success_a_pct", |s| s.success_pct(0)),
        ("success_b_pct", |s| s.success_pct(1)),
        ("p99_a_ms", |s| s.p99_ms(0)),
        ("p99_b_ms", |s| s.p99_ms(1)),
        ("threads_busy", |s| f64::from(s.busy[0] + s.busy[1])),
        ("attempts_per_request", |s| s.attempts_per_request()),
        ("breaker_b_state", |s| f64::from(s.breakers[1].state().code())),
        ("rate_limited_per_s", |s| ((0..CLIENTS).map(|c| s.rate_limited_per_s(c)).sum::<u64>()) as f64),
        ("shed_total", |s| (s.counters.shed_high + s.counters.shed_low) as f64),
    ];
}
