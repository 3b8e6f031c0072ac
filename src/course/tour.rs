//! The tour: the guide's path through the patterns, in our own words, with the lab each part
//! leads to, and more labs on the same idea.

/// One part of the tour.
#[derive(Clone, Copy, Debug)]
pub struct Part {
    /// Anchor id and heading.
    pub id: &'static str,
    pub title: &'static str,
    /// A few sentences on the idea.
    pub body: &'static str,
    /// When the pattern pays for itself.
    pub use_when: &'static str,
    /// When it costs more than it gives.
    pub avoid_when: &'static str,
    /// The lab's link key, if the part has a lab.
    pub lab: Option<&'static str>,
    /// More labs on the same idea: `(link text, query)`.
    pub more: &'static [(&'static str, &'static str)],
}

/// The tour, in reading order.
pub const PARTS: [Part; 9] = [
    Part {
        id: "breaks",
        title: "What breaks as systems grow",
        body: "A single service on a single database answers every request directly. That is \
               the right start, and it stays right for a long time. It breaks when one part of \
               the load outgrows the rest: reads that need expensive joins, writes that must \
               never be lost, bursts the database cannot absorb, a slow dependency that holds \
               every request hostage. Each pattern below removes one such bottleneck, and each \
               adds moving parts.",
        use_when: "",
        avoid_when: "",
        lab: None,
        more: &[],
    },
    Part {
        id: "cqrs",
        title: "CQRS: separate paths for writing and reading",
        body: "Commands go through a write model kept normalized for correctness; queries go \
               through a read model shaped for the screen that asks. Something carries each \
               change from one side to the other, so the read side is a little behind. The \
               payoff is that each side scales and is tuned on its own, as a timeline service \
               does when it precomputes every follower's feed.",
        use_when: "reads and writes differ by orders of magnitude, reads need complex \
                   denormalized shapes, or each side wants a different kind of store.",
        avoid_when: "plain CRUD with balanced reads and writes, or a small team that cannot run \
                     two data paths.",
        lab: Some("cqrs"),
        more: &[(
            "Twitter's home timelines: the CQRS lab's second scene",
            "?lab=cqrs&scene=timeline",
        )],
    },
    Part {
        id: "event-sourcing",
        title: "Event sourcing: the log is the truth",
        body: "Instead of overwriting a balance, record what happened: an account was opened, \
               200 came in, 50 went out. The balance, 150, is whatever folding those facts \
               gives. You get an audit trail and time travel for free, and pay with replay time \
               (so you take snapshots), schema changes on facts you may never rewrite (so you \
               version and upcast), and read models that lag.",
        use_when: "the history matters as much as the state (money, health records, \
                   compliance), or you will want to replay the past through new logic.",
        avoid_when: "nobody will ever ask what happened before, and the team has no appetite \
                     for versioned events and snapshots.",
        lab: Some("event-sourcing"),
        more: &[],
    },
    Part {
        id: "views",
        title: "Materialized views: compute once, read many times",
        body: "A query that joins and groups big tables on every read is computed ahead of \
               time and stored as a table of answers, so a dashboard read is a row lookup. The \
               cost moves to the write side: the view must be refreshed, fully, incrementally \
               or from a stream of changes, and between refreshes it is stale.",
        use_when: "the same expensive query is read far more often than its data changes.",
        avoid_when: "the data changes faster than anyone reads it, or readers cannot tolerate \
                     any staleness and the query is cheap enough to run.",
        lab: Some("views"),
        more: &[],
    },
    Part {
        id: "async",
        title: "Async processing: answer now, finish later",
        body: "Only the work the user must wait for stays in the request: validate and charge, \
               about 200 ms instead of the 800 ms the whole chain takes. Emails, inventory and \
               invoices go onto queues that workers drain at their own pace, which also \
               absorbs bursts and survives a worker outage. Messages may then arrive twice or \
               fail forever, hence idempotent consumers and dead-letter queues.",
        use_when: "part of the work is not needed for the response, or arrives in bursts the \
                   downstream service cannot take at once.",
        avoid_when: "the caller needs the result of that work before it can go on.",
        lab: Some("async"),
        more: &[],
    },
    Part {
        id: "backpressure",
        title: "Back-pressure: when producers outrun consumers",
        body: "Send 10,000 messages a second to a consumer that handles 5,000 and the \
               difference has to go somewhere. Without a bound it piles up in memory until the \
               consumer dies. With a bound you choose who pays: the producer waits, the caller \
               gets a 429, or the oldest messages are thrown away. Rate limits, load shedding, \
               reactive demand and TCP windows are the same idea at other layers.",
        use_when: "always, wherever one component can send faster than the next can take: the \
                   question is only which overflow policy fits the data.",
        avoid_when: "never skip it; but drop-oldest is wrong for orders, and blocking is wrong \
                     where the producer must stay responsive.",
        lab: Some("backpressure"),
        more: &[
            (
                "Rate limits, shedding, bulkheads and breakers: the gateway lab",
                "?lab=gateway&step=1",
            ),
            (
                "Demand and TCP windows: the streams lab",
                "?lab=streams&step=1",
            ),
        ],
    },
    Part {
        id: "combining",
        title: "Combining the patterns",
        body: "A command is validated and appended to an event store; the events are published \
               to a queue; consumers build materialized views; a read API serves from them; \
               and when the consumers fall behind, back-pressure slows the publishers. Each \
               lab above is one link of that chain.",
        use_when: "each link removes a bottleneck you have measured.",
        avoid_when: "a plain request-response service still carries today's load and the load \
                     you can foresee.",
        lab: Some("pipeline"),
        more: &[],
    },
    Part {
        id: "pitfalls",
        title: "Common pitfalls",
        body: "CQRS everywhere; event sourcing without snapshots; materialized views nobody \
               watches for staleness; async consumers that double-apply a redelivered message; \
               no dead-letter queue, so one poison message blocks the rest; unbounded queues; \
               and building for a scale that never comes. The labs let you switch each one on \
               and watch it bite.",
        use_when: "",
        avoid_when: "",
        lab: None,
        more: &[],
    },
    Part {
        id: "takeaways",
        title: "Key takeaways",
        body: "Separate reads from writes when their loads differ. Keep the history when it is \
               worth more than the state. Precompute what is read far more often than it \
               changes. Take non-critical work out of the request path. Bound every queue and \
               decide deliberately who pays when it fills. And add none of this until a \
               measured bottleneck asks for it.",
        use_when: "",
        avoid_when: "",
        lab: None,
        more: &[],
    },
];
