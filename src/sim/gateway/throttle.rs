//! Client-side adaptive throttling, as Google's SRE book describes it ("Handling Overload"):
//! each client counts, over the last two minutes, the requests it made and those the backend
//! accepted, and rejects a new request itself, before sending it, with probability
//! `max(0, (requests − K × accepts) / (requests + 1))`. While the backend accepts what it is
//! sent, nothing is rejected; once it refuses, a client sends about K times what it accepts,
//! so the backend's load stays near K times its capacity however hard the clients push.
//!
//! Bound: two counts a second over [`WINDOW_S`] seconds.

/// The window, seconds.
pub const WINDOW_S: usize = 120;
/// How many times what the backend accepts a client keeps sending.
pub const K: u64 = 2;

/// One client's window.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Throttle {
    /// The second the newest slot counts.
    second: u64,
    /// Slot `s % WINDOW_S` counts second `s`: requests, and those accepted.
    requests: [u32; WINDOW_S],
    accepts: [u32; WINDOW_S],
    /// The sums over the window.
    sums: (u64, u64),
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            second: 0,
            requests: [0; WINDOW_S],
            accepts: [0; WINDOW_S],
            sums: (0, 0),
        }
    }
}

impl Throttle {
    /// Moves the window on to second `now_s`, forgetting what fell out of it.
    fn roll(&mut self, now_s: u64) {
        if now_s <= self.second {
            return;
        }
        let from = self.second.max(now_s.saturating_sub(WINDOW_S as u64)) + 1;
        for s in from..=now_s {
            let i = (s % WINDOW_S as u64) as usize;
            self.sums.0 -= u64::from(self.requests[i]);
            self.sums.1 -= u64::from(self.accepts[i]);
            self.requests[i] = 0;
            self.accepts[i] = 0;
        }
        self.second = now_s;
    }

    /// The probability of rejecting a request made at second `now_s`.
    pub fn reject_probability(&mut self, now_s: u64) -> f64 {
        self.roll(now_s);
        let (requests, accepts) = self.sums;
        (requests.saturating_sub(K * accepts)) as f64 / (requests + 1) as f64
    }

    /// Counts a request made at second `now_s` (rejected here or sent).
    pub fn request(&mut self, now_s: u64) {
        self.roll(now_s);
        let i = (now_s % WINDOW_S as u64) as usize;
        self.requests[i] = self.requests[i].saturating_add(1);
        self.sums.0 += 1;
    }

    /// Counts a request the backend accepted at second `now_s`.
    pub fn accept(&mut self, now_s: u64) {
        self.roll(now_s);
        let i = (now_s % WINDOW_S as u64) as usize;
        self.accepts[i] = self.accepts[i].saturating_add(1);
        self.sums.1 += 1;
    }

    /// Requests and accepts over the window.
    pub fn sums(&self) -> (u64, u64) {
        self.sums
    }
}
