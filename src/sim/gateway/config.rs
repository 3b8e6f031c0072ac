//! The gateway lab's parameters and the learner's actions.

use crate::sim::action::actions;
use crate::sim::keyed::keyed;
use crate::sim::Nanos;

/// Clients A to D.
pub const CLIENTS: usize = 4;
/// Backend services A and B.
pub const SERVICES: usize = 2;
/// Most requests a second from one client.
pub const MAX_RATE: u32 = 20_000;
/// Largest token-bucket burst.
pub const MAX_BURST: u32 = 10_000;
/// Most gateway threads.
pub const MAX_THREADS: u32 = 1_024;
/// Slowest normal backend latency, ms.
pub const MAX_LATENCY_MS: u32 = 1_000;
/// Longest call timeout, ms.
pub const MAX_TIMEOUT_MS: u32 = 60_000;
/// Largest slowdown of service B.
pub const MAX_SLOW_FACTOR: u32 = 100;
/// Attempts a client makes for one request when it retries, unless set (the first and two
/// retries).
pub const MAX_ATTEMPTS: u32 = 3;
/// The most attempts either layer may be set to make.
pub const ATTEMPTS_LIMIT: u32 = 10;
/// A client's retry budget, tenths of a token: it starts full, a success adds one tenth, a
/// retry takes ten (Brooker's token bucket for retries).
pub const BUDGET_TENTHS: u32 = 100;
/// The first backoff; each retry doubles it, and full jitter draws the wait below it.
pub const BACKOFF_BASE_NS: Nanos = 100_000_000;

/// Load shedding watches the gateway's concurrency: the share of the request's pool's threads
/// busy. Past the first threshold low-priority requests are shed, past the second high ones
/// too, so a high-priority request is never shed while a low one would be let in.
pub const SHED_LOW_AT: f64 = 0.8;
/// See [`SHED_LOW_AT`].
pub const SHED_HIGH_AT: f64 = 0.98;

keyed! {
    /// How the gateway's request threads are pooled.
    pub enum Pool {
        /// One pool for calls to both services.
        Shared = "shared",
        /// Half the threads for each service (a bulkhead).
        Bulkhead = "bulkhead",
    }
}

keyed! {
    /// What a client does when an attempt fails.
    pub enum Retry {
        /// Gives up.
        None = "none",
        /// Tries again at once, up to [`MAX_ATTEMPTS`].
        Immediate = "immediate",
        /// Tries again after an exponential backoff with full jitter.
        Backoff = "backoff",
        /// Tries again at once while its retry budget has a token ([`BUDGET_TENTHS`]).
        Budget = "budget",
    }
}

keyed! {
    /// The circuit breakers, if any, and whose defaults they take.
    pub enum Breaker {
        /// No breakers: every call waits for its answer or its timeout.
        Off = "off",
        /// Hystrix's defaults: a 10 s rolling window, at least 20 calls, 50 % errors, 5 s open,
        /// one trial call.
        Hystrix = "on",
        /// Resilience4j's: the last 100 calls, at least 100, 50 % failures, 60 s open, 10 trial
        /// calls.
        Resilience4j = "resilience4j",
    }
}

/// A request's priority at the gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Priority {
    /// Checkout, playback.
    High,
    /// Recommendations, analytics.
    Low,
}

/// The priority of each client: A and B high, C and D low.
pub const PRIORITY: [Priority; CLIENTS] =
    [Priority::High, Priority::High, Priority::Low, Priority::Low];

/// Everything the gateway lab is set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GatewayConfig {
    /// Requests a second from each client (Poisson).
    pub rates: [u32; CLIENTS],
    /// Each client's token-bucket rate, requests a second (0: no limit).
    pub limit: u32,
    /// Each bucket's burst, tokens.
    pub burst: u32,
    /// Priority load shedding.
    pub shedding: bool,
    /// Gateway request threads.
    pub threads: u32,
    /// Both services' normal mean latency, ms (exponential).
    pub latency_ms: u32,
    /// A call slower than this fails, ms.
    pub timeout_ms: u32,
    /// Shared pool or bulkheads.
    pub pool: Pool,
    /// The breakers.
    pub breaker: Breaker,
    /// When service B slows down, simulated seconds (`None`: never).
    pub slow_b_at: Option<u32>,
    /// How many times slower it gets.
    pub slow_b_factor: u32,
    /// The clients' retries.
    pub retry: Retry,
    /// Share of calls a service answers with an error (a 500), percent.
    pub fail_pct: u32,
    /// Attempts a client makes for one request when it retries, the first included.
    pub attempts: u32,
    /// Attempts the gateway makes at a service for one client attempt (a second layer of
    /// retries, at once, after an error, a timeout or a full queue).
    pub gateway_attempts: u32,
    /// Clients throttle themselves adaptively ([`super::throttle`]).
    pub throttle: bool,
}

/// The settings of earlier versions in their order, then the later ones only when they are
/// not their defaults: every run from before keeps its state hash.
impl std::hash::Hash for GatewayConfig {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (
            self.rates,
            self.limit,
            self.burst,
            self.shedding,
            self.threads,
        )
            .hash(h);
        (self.latency_ms, self.timeout_ms, self.pool, self.breaker).hash(h);
        (self.slow_b_at, self.slow_b_factor, self.retry).hash(h);
        let later = (
            self.fail_pct,
            self.attempts,
            self.gateway_attempts,
            self.throttle,
        );
        if later != (0, MAX_ATTEMPTS, 1, false) {
            later.hash(h);
        }
    }
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            rates: [1_000, 1_000, 500, 500],
            limit: 0,
            burst: 100,
            shedding: false,
            threads: 200,
            latency_ms: 50,
            timeout_ms: 1_000,
            pool: Pool::Shared,
            breaker: Breaker::Off,
            slow_b_at: None,
            slow_b_factor: 10,
            retry: Retry::None,
            fail_pct: 0,
            attempts: MAX_ATTEMPTS,
            gateway_attempts: 1,
            throttle: false,
        }
    }
}

impl GatewayConfig {
    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        Self {
            rates: self.rates.map(|r| r.min(MAX_RATE)),
            limit: self.limit.min(MAX_RATE),
            burst: self.burst.clamp(1, MAX_BURST),
            threads: self.threads.clamp(1, MAX_THREADS),
            latency_ms: self.latency_ms.clamp(1, MAX_LATENCY_MS),
            timeout_ms: self.timeout_ms.clamp(1, MAX_TIMEOUT_MS),
            slow_b_factor: self.slow_b_factor.clamp(1, MAX_SLOW_FACTOR),
            slow_b_at: self.slow_b_at.map(|t| t.min(3_600)),
            fail_pct: self.fail_pct.min(100),
            attempts: self.attempts.clamp(1, ATTEMPTS_LIMIT),
            gateway_attempts: self.gateway_attempts.clamp(1, ATTEMPTS_LIMIT),
            ..self
        }
    }

    /// Threads of the pool serving `service`.
    pub fn pool_threads(&self, service: usize) -> u32 {
        match self.pool {
            Pool::Shared => self.threads,
            Pool::Bulkhead => {
                let a = (self.threads / 2).max(1);
                if service == 0 {
                    a
                } else {
                    self.threads.saturating_sub(a).max(1)
                }
            }
        }
    }
}

actions! {
    /// A learner's change while the run goes on.
    pub enum GatewayAction for GatewayConfig {
        /// Client `i`'s rate.
        Rate(u8, u32) in rates,
        /// The token-bucket rate.
        Limit(u32) => limit,
        /// The token-bucket burst.
        Burst(u32) => burst,
        /// Load shedding on or off.
        Shedding(bool) => shedding,
        /// Gateway threads (calls under way keep theirs).
        Threads(u32) => threads,
        /// The call timeout, for calls from now on.
        Timeout(u32) => timeout_ms,
        /// Both services' normal latency, for calls from now on.
        Latency(u32) => latency_ms,
        /// Shared pool or bulkheads, for calls from now on.
        Pool(Pool) => pool,
        /// The breakers (a change starts them closed and empty).
        Breaker(Breaker) => breaker,
        /// Service B's slowdown.
        SlowFactor(u32) => slow_b_factor,
        /// The clients' retries.
        Retry(Retry) => retry,
        /// Service B slows down from the current simulated second on.
        SlowBNow,
        /// The services' error share, percent.
        FailPct(u32) => fail_pct,
        /// The clients' attempts a request.
        Attempts(u32) => attempts,
        /// The gateway's attempts a client attempt.
        GatewayAttempts(u32) => gateway_attempts,
        /// Client-side adaptive throttling on or off.
        Throttle(bool) => throttle,
    }
}
