//! After the answer: each order followed until its last background task is done, and the
//! client polling the reply queue for its invoices by correlation ID.

use super::*;

impl AsyncSim {
    /// Starts following an order's three background tasks.
    pub(super) fn track(&mut self, order: u64) {
        if order < self.tracked_from {
            return;
        }
        while self.tracked_from + (self.undone.len() as u64) < order {
            // Orders between (answered synchronously) have nothing in the background.
            self.undone.push_back(0);
        }
        self.undone.push_back(3);
        while self.undone.len() > MAX_TRACKED_ORDERS || self.undone.front() == Some(&0) {
            self.undone.pop_front();
            self.tracked_from += 1;
        }
    }

    /// A message's effect was applied for the first time: if it was its order's last
    /// background task, the order's background time is recorded.
    pub(super) fn background_done(&mut self, msg: Message) {
        let Some(i) = msg.order().checked_sub(self.tracked_from) else {
            return;
        };
        if let Some(left) = self.undone.get_mut(i as usize) {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.background.record(self.now, self.now - msg.accepted_at);
            }
        }
        while self.undone.front() == Some(&0) {
            self.undone.pop_front();
            self.tracked_from += 1;
        }
    }

    /// The client takes every reply waiting and matches each to its request by correlation
    /// ID, whatever order they come back in.
    pub(super) fn poll(&mut self) {
        if self.poll_at != Some(self.now) {
            return;
        }
        while let Some(reply) = self.replies.pop_front() {
            let c = &mut self.counters;
            if self.pending.remove(reply.correlation) {
                c.replies_matched += 1;
                self.recent.push_back(reply);
                if self.recent.len() > RECENT_REPLIES {
                    self.recent.pop_front();
                }
            } else if reply.correlation % 3 == Task::Invoice.index() as u64
                && reply.correlation / 3 < self.next_order
            {
                c.replies_duplicate += 1;
            } else {
                c.replies_mismatched += 1;
            }
        }
        // The client keeps polling while replies may still come: requests are pending.
        if self.config.invoice_pattern == InvoicePattern::RequestReply || !self.pending.is_empty() {
            self.poll_at = Some(self.now + POLL_EVERY_NS);
            self.schedule(self.now + POLL_EVERY_NS, Ev::Poll);
        } else {
            self.poll_at = None;
        }
    }
}
