//! The async lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "A customer places an order. Validating it and charging the card \
    must happen before we answer; the confirmation email, the stock update and the invoice \
    need not. Done synchronously, the customer waits for all five steps (800 ms); done \
    asynchronously, the API answers after the first two (200 ms) and puts one message on each \
    of three queues, worked off by their own pools of workers. Then break things: take a \
    worker service down, make messages fail, lose acknowledgements.";

/// What the dead-letter queue is for.
pub const DLQ: &str = "A message that keeps failing is set aside in the dead-letter queue \
    after its last allowed attempt, so the worker can move on. Without one, a message that can \
    never succeed (a poison message) is retried forever and holds its worker.";

/// What idempotency buys.
pub const IDEMPOTENT: &str = "Delivery is at-least-once: when an acknowledgement is lost, the \
    broker delivers the message again, after the work was done. An idempotent consumer \
    remembers the IDs it processed (the last 65,536 per queue) and skips a copy.";

/// The autoscaler's rule.
pub const AUTOSCALE: &str = "Each second, a queue with more than 20 messages waiting per \
    worker asks for a quarter more workers (at least one), which start 10 seconds later; an \
    empty queue with a quarter of its workers idle gives one back.";
