//! The lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "Nothing here stores a balance. Every change to an account is an \
    event appended to a log that is never rewritten, and a balance is whatever you get by \
    replaying an account's events from the start: 0 + 200 − 50 = 150. Drag the scrubber to \
    travel back in time, turn snapshots off to feel the cost of replaying everything, and \
    change the deposit schema to see why old events must be upcast.";

/// What snapshots are for.
pub const SNAPSHOTS: &str = "A snapshot saves the folded state every N events. Rebuilding \
    then starts from the latest snapshot and replays only the events after it. Without \
    snapshots, the cost of a rebuild grows with the whole log.";

/// What the schema switch does.
pub const SCHEMA: &str = "Deploying v2 changes the code: new deposits carry a currency, and \
    the reader expects v2. Old v1 events cannot be rewritten, so an upcaster translates \
    them as they are read (a v1 deposit becomes a v2 deposit in euros). Turn it off and any \
    rebuild that reaches a v1 deposit stops.";

/// What the read model shows.
pub const READ_MODEL: &str = "The read model is a separate copy of the balances, fed from \
    the log after a delay, as a query service would be. It is eventually consistent: \
    right, but late.";

/// What optimistic concurrency does.
pub const CONCURRENCY: &str = "Two clients read the account at the same version and both \
    try to withdraw. The store accepts the first append and refuses the second, because the \
    stream has moved past the version it expected: nothing is written for it.";

/// The writers' race, under its controls.
pub const RACE: &str = "Each writer appends one event with the stream's version it read as the expected version; an append that lands after another's is a conflict, and the writer sleeps by its backoff before reading again. The figures count the calls and the time until every writer has appended.";
