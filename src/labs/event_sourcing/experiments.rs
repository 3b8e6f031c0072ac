//! The event-sourcing lab's experiments that reproduce "Exponential Backoff And Jitter":
//! writers racing to append to one stream with an expected version.

use crate::course::experiment::Preset;

/// Published results, reproduced.
pub const PRESETS: [Preset; 2] = [
    Preset {
        id: "backoff-jitter",
        title: "Backoff and jitter: 50 writers, one stream",
        source: "Marc Brooker, “Exponential Backoff And Jitter”, AWS Architecture Blog (2015)",
        published: "Clients contending with optimistic concurrency, base 5 ms and cap 2 s: exponential backoff without jitter does the most work and takes the longest of the backoffs, since the clients that collided back off alike and collide again; full and decorrelated jitter do the least.",
        leaves_out: "An append's round trip is a fixed 1 ms and every writer starts at once; the post's simulator differs in detail, so the figures differ, not the order. Without any backoff the race ends soonest but costs as many calls as unjittered exponential backoff.",
        setup: "command_rate=0&writers=50&backoff=full&backoff_base_ms=5&backoff_cap_ms=2000",
        sweep: "backoff",
        values: &["none", "exponential", "full", "equal", "decorrelated"],
        metrics: &["race_calls_total", "race_time_ms"],
        seeds: 10,
        duration_s: 100.0,
        warmup_s: 95.0,
    },
    Preset {
        id: "backoff-writers",
        title: "Backoff and jitter: more writers, more work",
        source: "Marc Brooker, “Exponential Backoff And Jitter”, AWS Architecture Blog (2015)",
        published: "With full jitter, the calls made and the time to finish grow with the number of contending clients (10 to 50 in the post).",
        leaves_out: "As in the backoff preset: a fixed 1 ms round trip, and every writer starting at once.",
        setup: "command_rate=0&writers=10&backoff=full&backoff_base_ms=5&backoff_cap_ms=2000",
        sweep: "writers",
        values: &["10", "20", "30", "40", "50"],
        metrics: &["race_calls_total", "race_time_ms"],
        seeds: 10,
        duration_s: 10.0,
        warmup_s: 5.0,
    },
];
