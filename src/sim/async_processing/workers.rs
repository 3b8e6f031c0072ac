//! The consumer side: a free worker takes the next message, works it, and succeeds or
//! fails; a failure is retried with backoff or dead-lettered; the autoscaler adds workers to
//! a queue that falls behind and lets idle ones go.

use super::*;

impl AsyncSim {
    /// Idle workers of `task` take the next messages, unless the service is down.
    pub(super) fn dispatch(&mut self, task: Task) {
        // Most calls find nothing waiting or no one idle: no need to look through the
        // workers then.
        let q = &self.queues[task.index()];
        if self.is_down(task) || q.items.is_empty() || q.idle == 0 {
            return;
        }
        for w in 0..self.queues[task.index()].workers.len() {
            let q = &mut self.queues[task.index()];
            if q.workers[w] != Worker::Idle {
                continue;
            }
            let Some(msg) = q.items.pop_front() else {
                return;
            };
            let until = self.now + self.step_ns(task.work_ns());
            let q = &mut self.queues[task.index()];
            q.workers[w] = Worker::Busy { msg, until };
            q.idle -= 1;
            let done = q.idle == 0;
            self.schedule(
                until,
                Ev::Worker {
                    task,
                    worker: w as u32,
                },
            );
            if done {
                return;
            }
        }
    }

    pub(super) fn worker_event(&mut self, task: Task, w: usize) {
        let now = self.now;
        let Some(&state) = self.queues[task.index()].workers.get(w) else {
            return;
        };
        match state {
            Worker::Busy { msg, until } if until == now => {
                let failure = if msg.poison {
                    Some(Failure::Poison)
                } else if Self::chance(&mut self.fail_rng, self.config.fail_pct) {
                    Some(Failure::Transient)
                } else {
                    None
                };
                match failure {
                    None => {
                        let q = &mut self.queues[task.index()];
                        q.workers[w] = Worker::Idle;
                        q.idle += 1;
                        self.succeed(task, msg);
                    }
                    Some(error) => self.fail(task, w, msg, error),
                }
            }
            Worker::Backoff { msg, until } if until == now => {
                // A retry due while the service is down waits for it to come back.
                let back = self
                    .config
                    .outage
                    .filter(|o| o.covers(task, now))
                    .map(|o| o.at.saturating_add(o.lasts));
                let (next, until) = match back {
                    Some(at) => (Worker::Backoff { msg, until: at }, at),
                    None => {
                        let at = now + self.step_ns(task.work_ns());
                        (Worker::Busy { msg, until: at }, at)
                    }
                };
                self.queues[task.index()].workers[w] = next;
                self.schedule(
                    until,
                    Ev::Worker {
                        task,
                        worker: w as u32,
                    },
                );
            }
            // A stale event: the worker was removed and its slot reused, or already moved on.
            _ => {}
        }
        self.dispatch(task);
    }

    pub(super) fn succeed(&mut self, task: Task, msg: Message) {
        let c = &mut self.counters;
        c.completed += 1;
        let q = &mut self.queues[task.index()];
        let mut effect = true;
        if msg.delivery > 1 {
            c.duplicates_delivered += 1;
            if self.config.idempotent && q.seen.contains(msg.id) {
                c.duplicates_skipped += 1;
                effect = false;
            } else {
                // A copy exists only because the original was worked through.
                c.duplicate_effects += 1;
            }
        } else {
            c.processed += 1;
        }
        if self.config.idempotent {
            q.seen.insert(msg.id);
        }
        if msg.delivery == 1 {
            self.background_done(msg);
        }
        // A reply goes back for every request made by request-reply, even if the client has
        // since switched to fire-and-forget.
        if effect
            && task == Task::Invoice
            && (self.config.invoice_pattern == InvoicePattern::RequestReply
                || self.pending.contains(msg.id))
            && self.replies.len() < MAX_QUEUE
        {
            self.replies.push_back(Reply {
                correlation: msg.id,
                requested_at: msg.accepted_at,
                replied_at: self.now,
            });
        }
        // At-least-once: the work is done, but the broker may never hear so.
        if Self::chance(&mut self.redelivery_rng, self.config.redelivery_pct)
            && self.queues[task.index()].items.len() < MAX_QUEUE
        {
            self.queues[task.index()].items.push_back(Message {
                attempts: 0,
                delivery: msg.delivery + 1,
                ..msg
            });
            self.counters.redelivered += 1;
        }
    }

    pub(super) fn fail(&mut self, task: Task, w: usize, mut msg: Message, error: Failure) {
        msg.attempts += 1;
        let q = &mut self.queues[task.index()];
        if self.config.dlq && msg.attempts >= self.config.max_attempts && self.dlq.len() < MAX_DLQ {
            q.workers[w] = Worker::Idle;
            q.idle += 1;
            self.dlq.push_back(DeadLetter {
                msg,
                task,
                last_error: error,
            });
            self.counters.dead_lettered += 1;
            return;
        }
        self.counters.retries += 1;
        let shift = (msg.attempts - 1).min(20);
        let until = self.now + (BACKOFF_BASE_NS << shift).min(BACKOFF_CAP_NS);
        q.workers[w] = Worker::Backoff { msg, until };
        self.schedule(
            until,
            Ev::Worker {
                task,
                worker: w as u32,
            },
        );
    }

    /// The autoscaler's rule, each second, per queue: more than
    /// [`AUTOSCALE_BACKLOG_PER_WORKER`] messages a worker asks for a quarter more workers (at
    /// least one), up after [`AUTOSCALE_START_NS`]; an empty queue with a quarter or more of
    /// its workers idle loses one idle worker at once (never the last).
    pub(super) fn autoscale(&mut self) {
        if !self.config.autoscale || self.autoscale_at != Some(self.now) {
            return;
        }
        for task in Task::ALL {
            let i = task.index();
            let q = &self.queues[i];
            let workers = self.config.workers[i];
            let planned = workers + self.starting[i];
            let idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
            if q.items.len() > AUTOSCALE_BACKLOG_PER_WORKER * planned.max(1) as usize
                && planned < MAX_QUEUE_WORKERS
            {
                let n = (planned / 4).max(1).min(MAX_QUEUE_WORKERS - planned);
                self.starting[i] += n;
                self.schedule(self.now + AUTOSCALE_START_NS, Ev::WorkersUp { task, n });
            } else if q.items.is_empty()
                && workers > 1
                && idle * 4 >= workers as usize
                // Workers are taken from the end, and only an idle one: pending events name
                // workers by position.
                && q.workers.last() == Some(&Worker::Idle)
            {
                self.set_workers(task, workers - 1);
            }
        }
        self.autoscale_at = Some(self.now + AUTOSCALE_EVERY_NS);
        self.schedule(self.now + AUTOSCALE_EVERY_NS, Ev::Autoscale);
    }

    /// Sets a queue's workers; workers taken away hand their messages back to the front of
    /// the queue, in order.
    pub(super) fn set_workers(&mut self, task: Task, want: u32) {
        self.config.workers[task.index()] = want;
        let want = want as usize;
        let q = &mut self.queues[task.index()];
        let mut returned: Vec<Message> = q
            .workers
            .drain(want.min(q.workers.len())..)
            .filter_map(|w| match w {
                Worker::Busy { msg, .. } | Worker::Backoff { msg, .. } => Some(msg),
                Worker::Idle => None,
            })
            .collect();
        returned.sort_by_key(|m| m.id);
        for msg in returned.into_iter().rev() {
            q.items.push_front(msg);
        }
        q.workers.resize(want, Worker::Idle);
        q.idle = q.workers.iter().filter(|w| **w == Worker::Idle).count();
        self.dispatch(task);
    }
}
