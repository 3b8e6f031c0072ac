//! The views lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "The shop's dashboard asks for today's sales by category. Asked of the \
    base tables, that is a join of every order placed today with its product, grouped by \
    category: the later in the day, the more rows each read must scan. A materialized view \
    stores the answer instead, so a read is one row per category; the price is keeping it \
    up to date, and the time in between, when it is stale.";

/// The three refresh strategies.
pub const STRATEGIES: &str = "Full: every period, recompute each view from all the orders, \
    then swap it in. Incremental: every period, fold in only the orders placed since the last \
    refresh. Stream: a stream processor applies each new order as a change event, as fast as \
    its capacity allows. Periodic refreshes share one refresh worker, so the views are \
    refreshed one after another.";

/// The record cache.
pub const CACHE: &str = "The record cache (as in Kafka Streams) folds the changes to one row \
    between two commits (one a second) into one write: A+1, D+5, A+20, A+300 becomes two \
    writes, A=321 and D=5, instead of four. Fewer writes; the view moves once a second.";

/// The cost model, in words.
pub const COSTS: &str = "Cost model: reading a base row 2 µs, joining it to its product 2 µs, \
    writing a view row 5 µs, looking one up 20 µs, and 0.2 ms for every read's round trip. \
    The orders table keeps the newest 2,097,152 orders; older ones are archived out of it and \
    out of every view.";

/// The LinkedIn feed's opening paragraph.
pub const LINKEDIN: &str = "LinkedIn precomputes each member's feed: the most relevant posts of \
    their connections. Computed when the app opens, the feed means fetching every connection's \
    posts and ranking them, and the more the network posts, the more there is to rank. \
    Precomputed, opening the app is one row read; the work moves to a stream processor that \
    writes every new post into the feed of each of its author's connections.";

/// How the feed is kept.
pub const FEED: &str = "Each post is written into the feed of every connection of its author \
    (one write each), keeping each member's 10 most relevant posts. The stream processor makes \
    at most its capacity of writes a second; past that, new posts wait and the feeds fall \
    behind. The posts table holds 2,097,152 posts; past that new posts are refused and counted.";
