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

/// The timeline scene's opening paragraph.
pub const TIMELINE_INTRO: &str = "A home timeline is a read model: the tweets of everyone a \
    user follows, newest first. Twitter built it on the write path: when someone tweets, a \
    fan-out service writes the tweet's ID into every follower's cached timeline, so an open \
    reads one list. That breaks for accounts with millions of followers, whose one tweet is \
    millions of writes; the hybrid leaves them out of the fan-out and merges their tweets in \
    when a timeline is opened.";

/// The timeline scene's model, in words.
pub const TIMELINE_MODEL: &str = "The k-th most followed of N users has (N − 1) / k^zipf \
    followers; every user tweets alike. A tweet's fan-out is one cache write per follower, \
    served oldest tweet first at the service's capacity. An open costs 1 ms for its cache and \
    0.1 ms for each further list it merges. 256 readers, who follow accounts in proportion to \
    their followers, have real timelines of up to 800 entries; everyone else's writes are \
    counted.";

/// The scene switch.
pub const SCENES: &str = "Two scenes: one store against separate write and read paths, and \
    Twitter's timelines, where the read model is built by fan-out. Switching starts a new run.";
