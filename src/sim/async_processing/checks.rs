//! The state hash and the invariants: the accounting of every message, and every bound.

use super::*;

impl AsyncSim {
    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (self.seed, self.config, self.now, self.next_order).hash(&mut h);
        (
            self.api_busy,
            self.counters,
            self.producer.next_at(),
            self.starting,
            self.autoscale_at,
        )
            .hash(&mut h);
        (
            self.producer.rng_fingerprint(),
            self.service_rng.fingerprint(),
            self.fail_rng.fingerprint(),
            self.poison_rng.fingerprint(),
            self.redelivery_rng.fingerprint(),
        )
            .hash(&mut h);
        for q in &self.queues {
            q.items.iter().for_each(|m| m.hash(&mut h));
            q.workers.hash(&mut h);
            q.seen.hash(&mut h);
        }
        self.dlq.iter().for_each(|d| d.hash(&mut h));
        (&self.pending, &self.replies, &self.recent).hash(&mut h);
        (&self.undone, self.tracked_from, self.poll_at).hash(&mut h);
        let mut events: Vec<_> = self.events.iter().map(|Reverse(e)| *e).collect();
        events.sort_unstable();
        events.hash(&mut h);
        h.finish()
    }

    /// Checks every invariant of the model; `Err` names the first one broken.
    pub fn check_invariants(&self) -> Result<(), String> {
        let c = &self.counters;
        let waiting: u64 = self.queues.iter().map(|q| q.items.len() as u64).sum();
        let held: u64 = self.queues.iter().map(|q| q.held() as u64).sum();
        let entered = c.enqueued + c.redelivered + c.redriven;
        let left = c.completed + c.dead_lettered;
        if entered != left + waiting + held {
            return Err(format!(
                "conservation: entered {entered} != left {left} + waiting {waiting} + held {held} ({c:?})"
            ));
        }
        for q in &self.queues {
            let idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
            if q.idle != idle {
                return Err(format!("{} workers counted idle, {idle} are", q.idle));
            }
        }
        if c.lost != 0 {
            return Err(format!("{} messages lost", c.lost));
        }
        if c.offered != c.accepted + c.refused {
            return Err(format!("orders: {c:?}"));
        }
        if c.accepted != c.responses + u64::from(self.api_busy) {
            return Err(format!("threads: busy {} ({c:?})", self.api_busy));
        }
        if self.dlq.len() as u64 != c.dead_lettered - c.redriven {
            return Err(format!(
                "dead-letter queue holds {} ({c:?})",
                self.dlq.len()
            ));
        }
        for (task, q) in Task::ALL.iter().zip(&self.queues) {
            if q.items.len() > MAX_QUEUE || q.seen.words() > MAX_REMEMBERED / 64 {
                return Err(format!("{} over its bound", task.queue_name()));
            }
            if q.workers.len() != self.config.workers[task.index()] as usize {
                return Err(format!(
                    "{} has {} workers",
                    task.queue_name(),
                    q.workers.len()
                ));
            }
        }
        if c.replies_mismatched != 0 {
            return Err(format!(
                "{} replies matched no request",
                c.replies_mismatched
            ));
        }
        if self.undone.len() > MAX_TRACKED_ORDERS {
            return Err("background tracking over its bound".to_owned());
        }
        if self.dlq.len() > MAX_DLQ {
            return Err("dead-letter queue over its bound".to_owned());
        }
        Ok(())
    }
}
