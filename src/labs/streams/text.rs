//! The streams lab's words.

/// The lab's opening paragraph.
pub const INTRO: &str = "Back-pressure does not have to be a queue that fills up: it can be \
    part of the protocol. In Reactive Streams the subscriber tells the publisher how many items \
    it can take, request(n), and the publisher never sends more. In TCP the receiver tells the \
    sender how much room its buffer has, the window, and the sender never has more than that \
    in flight. Either way the fast side slows to the pace of the slow one, and nothing piles \
    up or is lost.";

/// The demand scene, in words.
pub const DEMAND: &str = "Demand: the subscriber asks for n items at the start and tops its \
    demand up once half of n is used, so what it holds plus what it has asked for never \
    exceeds n. request(0) is a protocol error (rule 3.9): the subscription ends with onError.";

/// The TCP scene, in words.
pub const TCP: &str = "1 KB segments over a lossless link, half the round trip each way; the \
    receiver acknowledges every segment with its free buffer as the window (zero until a \
    segment fits) and sends a window update when a segment's worth frees up. With a zero \
    window the sender probes after 1 s, then 2, 4, 8 s later.";

/// The scene switch.
pub const SCENES: &str = "Two scenes: a publisher and a subscriber (Reactive Streams), and a \
    TCP connection. Switching starts a new run.";
