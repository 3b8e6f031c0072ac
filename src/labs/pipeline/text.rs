//! The pipeline lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "The guide's patterns wired together: a command is validated and \
    appended to an event store, published to a partitioned log, applied by consumers to \
    materialized views, and read from them; when the consumers fall behind, back-pressure \
    slows the appends. Every pitfall the guide lists is a switch here, and so is the plain \
    alternative: one service on one database, which wins until the load outgrows it.";

/// The model, in words.
pub const MODEL: &str = "A partition takes 100,000 events a second; a partition is read by \
    one consumer of each view's group, which splits its capacity over its partitions. An \
    append and its acknowledgement take 3 ms, a view read 1 ms. Back-pressure: while any \
    partition lags more than the threshold, appends go no faster than the slowest view \
    drained over the last second. The API's buffer holds 1,000,000 commands when bounded \
    (excess refused, 429); unbounded, the API dies at 10,000,000 and loses them. The simple \
    service: one database of 40,000 writes a second (a read costs a quarter), 1 ms a write, \
    and a queue.";

/// The faults.
pub const FAULTS: &str = "Faults: the first view's consumers crash and come back after 2 s \
    (the view rebuilt from its last snapshot, taken every 10 s, or from the start); a poison \
    event in partition 0 (retried for ever, or dead-lettered); a traffic spike of 10 s.";
