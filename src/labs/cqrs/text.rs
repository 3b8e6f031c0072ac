//! The CQRS lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "Commands want a normalized schema; queries want their answer \
    pre-joined. One database serving both makes every read join its tables, and reads and \
    writes wait in the same queue for the same connections. CQRS splits them: commands go to \
    a write store, a projector carries each change to a denormalized read store, and queries \
    go to its replicas. The price is a second store, a sync path, and reads that can be \
    behind, even behind the reader's own last write.";

/// The cost model, in words.
pub const COSTS: &str = "Each store has 16 connections and one queue. A command costs 1 ms; a \
    normalized read 0.2 ms plus 0.2 ms for each table it joins; a read of the denormalized \
    read store 0.4 ms (times are exponential around these means). The projector applies a \
    change 50 ms after its commit at the earliest.";

/// Read-your-writes.
pub const RYW: &str = "Read-your-writes: while a client's last write has not reached the read \
    store, its reads go to the write store (a normalized read there), so it never sees its \
    own data older than what it wrote. Counted as redirects; they load the write store.";

/// The scene still to come.
pub const COMING: &str = "Coming to this lab: Twitter's home timelines (fan-out on write, on \
    read, and the celebrity hybrid).";
