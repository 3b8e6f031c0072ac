//! The gateway lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "Every request to Netflix passes a gateway that decides what gets \
    through. When one client floods it, a token bucket per client refuses the excess with a \
    429. When it is overloaded, it sheds the requests that matter least first. When a service \
    behind it slows down, bulkheads keep the slow calls from taking every thread, and a \
    circuit breaker stops calling the service at all until it recovers. Client retries, the \
    natural reaction to failure, can make all of it worse.";

/// The model, in words.
pub const MODEL: &str = "Each request goes to service A or B at random. The gateway's threads \
    are shared, or split half and half into bulkheads; a call holds its thread until the \
    service answers or the timeout passes. Each service has 100 workers and a queue, with \
    exponential service times around the latency, so the gateway's room is threads / latency \
    and a service's is 100 / latency.";

/// The breakers.
pub const BREAKERS: &str = "Hystrix: opens when at least 20 calls in a 10-second window failed \
    50 % of the time; after 5 s, one trial call. Resilience4j: the last 100 calls, at least \
    100, 50 % failures; 60 s open, 10 trial calls.";

/// Shedding.
pub const SHEDDING: &str = "Shedding watches the share of the pool's threads busy: past 80 % \
    low-priority requests (C, D) get a 503, past 98 % high-priority ones (A, B) too.";
