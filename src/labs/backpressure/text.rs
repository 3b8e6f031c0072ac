//! The lab's words. Kept apart from the view so they can be read and edited as prose.

use crate::sim::queue::OverflowPolicy;

/// The lab's opening paragraph.
pub const INTRO: &str = "A producer hands messages to a consumer through a queue. While the \
    workers keep up, the queue stays short. When the producer is faster, the difference piles \
    up somewhere, and the overflow policy decides where. Start with the guide's case: 10,000 \
    messages a second offered to one worker that serves 5,000.";

/// A policy's name as shown, and what it does and when it fits.
pub fn policy(p: OverflowPolicy) -> (&'static str, &'static str) {
    match p {
        OverflowPolicy::Unbounded => (
            "Unbounded",
            "Takes everything. Harmless while the workers keep up; once they fall behind, \
             the backlog sits in memory and grows until the process runs out and dies, losing \
             all it held. No signal ever reaches the producer.",
        ),
        OverflowPolicy::Block => (
            "Block producer",
            "A full queue makes the producer wait for a free slot, so it slows to the \
             workers' pace. Nothing is lost. Suits work that must not vanish, such as orders \
             or payments, when the sender can afford to wait.",
        ),
        OverflowPolicy::Reject => (
            "Reject with 429",
            "A full queue refuses new work with 429 Too Many Requests. The queue stays \
             healthy and the caller knows at once, so it can back off and retry. Suits APIs \
             facing clients that can retry.",
        ),
        OverflowPolicy::DropOldest => (
            "Drop oldest",
            "A full queue throws away its oldest message to make room. The freshest data \
             wins. Suits metrics and sensor readings, where a new value replaces a stale one; \
             never orders or payments.",
        ),
    }
}
