//! How one view is kept up to date: a full refresh (rebuild from the base tables, then swap
//! it in), an incremental refresh (fold in the orders added since the last one) or a stream
//! processor (apply each order as a change event, up to its capacity, optionally through a
//! record cache committed once a second).
//!
//! Every refresh does its row work for real, as fast as the cost model lets it: in each tick
//! of simulated time it reads and writes only the rows that tick's time pays for.

use super::config::{Refresh, ViewsConfig, COMMIT_NS, ROW_WRITE_NS};
use super::table::{Order, Orders, Products};
use super::view::{Agg, RecordCache, ViewKind, ViewTable};
use crate::sim::{Nanos, SECOND, TICK_NS};

/// Running totals of one view's refreshing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RefreshStats {
    /// Base rows (or change events) read.
    pub rows_read: u64,
    /// View rows written.
    pub rows_written: u64,
    /// Change events the stream applied (without a cache, one write each).
    pub events_applied: u64,
    /// Full or incremental refreshes completed.
    pub refreshes: u64,
    /// Orders archived out of the table before this view took them in.
    pub skipped: u64,
    /// The longest a refresh took, from its start to its swap.
    pub longest_ns: Nanos,
}

/// A refresh under way.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    /// Waiting for the next period.
    Idle,
    /// Rebuilding into `shadow` from the base rows below `target`; then writing its rows.
    Full {
        /// The rebuilt view.
        shadow: ViewTable,
        /// The next base row to read.
        scan: u64,
        /// The rows the rebuild covers: every one below this id.
        target: u64,
        /// Simulated time of writing still to pay once the scan is done.
        write_ns: Option<Nanos>,
        /// When it started.
        started: Nanos,
    },
    /// Folding the rows below `target` in, one at a time.
    Incremental {
        /// The watermark it started from.
        from: u64,
        /// The rows it covers.
        target: u64,
        /// When it started.
        started: Nanos,
    },
}

/// One materialized view and its refresher.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Refresher {
    /// What readers see.
    table: ViewTable,
    /// The view holds every order in the table with an id below this (its watermark).
    upto: u64,
    job: Job,
    /// Stream: the next order to apply.
    stream_next: u64,
    /// Stream: work time owed, in event-nanoseconds (capacity × time).
    credit: u64,
    /// Stream: changes applied since the last commit.
    cache: RecordCache,
    /// Stream with the cache: when it commits next.
    next_commit: Nanos,
    /// Whether the staleness alert is raised.
    pub alert: bool,
    stats: RefreshStats,
}

impl Refresher {
    /// An empty view, its stream (if any) committing from `now`.
    pub fn new(kind: ViewKind, c: &ViewsConfig, now: Nanos) -> Self {
        Self {
            table: ViewTable::new(kind, c.users, c.products, c.categories),
            upto: 0,
            job: Job::Idle,
            stream_next: 0,
            credit: 0,
            cache: RecordCache::default(),
            next_commit: now + COMMIT_NS,
            alert: false,
            stats: RefreshStats::default(),
        }
    }

    /// The rows readers see.
    pub fn table(&self) -> &ViewTable {
        &self.table
    }

    /// Its watermark: it holds every order in the table with an id below this.
    pub fn upto(&self) -> u64 {
        self.upto
    }

    /// The refresh under way.
    pub fn job(&self) -> &Job {
        &self.job
    }

    /// Its totals.
    pub fn stats(&self) -> &RefreshStats {
        &self.stats
    }

    /// Stream: orders not yet applied.
    pub fn lag(&self, orders: &Orders) -> u64 {
        orders
            .next_id()
            .saturating_sub(self.stream_next.max(orders.first_id()))
    }

    /// Stream: keys waiting in the record cache.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// How far the refresh under way is, 0 to 1.
    pub fn progress(&self, orders: &Orders) -> Option<f64> {
        match &self.job {
            Job::Idle => None,
            Job::Full {
                scan,
                target,
                write_ns,
                ..
            } => {
                let from = orders.first_id();
                let span = target.saturating_sub(from).max(1) as f64;
                Some(if write_ns.is_some() {
                    1.0
                } else {
                    scan.saturating_sub(from) as f64 / span
                })
            }
            Job::Incremental { from, target, .. } => Some(
                self.upto.saturating_sub(*from) as f64 / target.saturating_sub(*from).max(1) as f64,
            ),
        }
    }

    /// Seconds since the oldest order the view does not hold yet was placed; 0 when it
    /// holds them all.
    pub fn staleness_ns(&self, orders: &Orders, now: Nanos) -> Nanos {
        let missing = self.upto.max(orders.first_id());
        orders
            .get(missing)
            .map_or(0, |o| now.saturating_sub(u64::from(o.at_ms) * 1_000_000))
    }

    /// Bytes it holds, for the timeline's memory bound.
    pub fn bytes(&self) -> usize {
        let shadow = match &self.job {
            Job::Full { shadow, .. } => shadow.bytes(),
            _ => 0,
        };
        self.table.bytes() + shadow + self.cache.len() * 48
    }

    /// Whether no refresh is under way.
    pub fn is_idle(&self) -> bool {
        self.job == Job::Idle
    }

    /// Starts a periodic refresh now, if none is under way.
    pub fn start(&mut self, refresh: Refresh, orders: &Orders, now: Nanos) {
        if self.job != Job::Idle {
            return;
        }
        let target = orders.next_id();
        self.job = match refresh {
            Refresh::Full => Job::Full {
                shadow: self.table.emptied(),
                scan: orders.first_id(),
                target,
                write_ns: None,
                started: now,
            },
            Refresh::Incremental => Job::Incremental {
                from: self.upto,
                target,
                started: now,
            },
            Refresh::Stream => Job::Idle,
        };
    }

    /// The strategy changes from `old` to `new` at `now`: what the old one held is kept,
    /// a rebuild under way is abandoned, and the new one starts from the view's watermark.
    pub fn switch(&mut self, old: Refresh, new: Refresh, now: Nanos) {
        if old == new {
            return;
        }
        if old == Refresh::Stream {
            self.commit();
        }
        self.job = Job::Idle;
        self.stream_next = self.upto;
        self.credit = 0;
        self.next_commit = now + COMMIT_NS;
    }

    /// The cache is switched: off commits what it holds now.
    pub fn set_cache(&mut self, on: bool, now: Nanos) {
        if !on {
            self.commit();
        }
        self.next_commit = now + COMMIT_NS;
    }

    fn commit(&mut self) {
        self.stats.rows_written += self.cache.flush(&mut self.table);
        self.upto = self.upto.max(self.stream_next);
    }

    /// One tick of refreshing, ending at `now`; returns the rows read and written. Periodic
    /// refreshes of all views share one refresh worker, whose time this tick is `budget`:
    /// what this view's job does not use is left for the next view's.
    pub fn tick(
        &mut self,
        refresh: Refresh,
        c: &ViewsConfig,
        orders: &Orders,
        products: &Products,
        now: Nanos,
        budget: &mut Nanos,
    ) -> u64 {
        let day_ms = u64::from(c.day_s) * 1_000;
        let before = self.stats.rows_read + self.stats.rows_written;
        match refresh {
            Refresh::Stream => self.stream_tick(c, orders, products, day_ms, now),
            _ => self.job_tick(orders, products, day_ms, now, budget),
        }
        self.stats.rows_read + self.stats.rows_written - before
    }

    fn job_tick(
        &mut self,
        orders: &Orders,
        products: &Products,
        day_ms: u64,
        now: Nanos,
        budget: &mut Nanos,
    ) {
        let read_ns = self.table.kind().read_ns();
        match &mut self.job {
            Job::Idle => {}
            Job::Full {
                shadow,
                scan,
                target,
                write_ns,
                started,
            } => {
                if write_ns.is_none() {
                    *scan = (*scan).max(orders.first_id());
                    while *scan < *target && *budget >= read_ns {
                        let n = (*budget / read_ns).min(*target - *scan);
                        let rows = orders.slice_from(*scan);
                        let rows = rows.get(..(n as usize).min(rows.len())).unwrap_or(&[]);
                        if rows.is_empty() {
                            break;
                        }
                        for o in rows {
                            shadow.apply(o, 1, products, day_ms);
                        }
                        let n = rows.len() as u64;
                        *scan += n;
                        *budget -= n * read_ns;
                        self.stats.rows_read += n;
                    }
                    if *scan >= *target {
                        *write_ns = Some(shadow.row_count() as u64 * ROW_WRITE_NS);
                    }
                }
                if let Some(left) = write_ns {
                    let paid = (*left).min(*budget);
                    *left -= paid;
                    *budget -= paid;
                    if *left == 0 {
                        self.stats.rows_written += shadow.row_count() as u64;
                        self.stats.refreshes += 1;
                        self.stats.longest_ns = self.stats.longest_ns.max(now - *started);
                        self.upto = self.upto.max(*target);
                        std::mem::swap(&mut self.table, shadow);
                        self.job = Job::Idle;
                    }
                }
            }
            Job::Incremental {
                target, started, ..
            } => {
                let cost = read_ns + ROW_WRITE_NS;
                self.upto = self.upto.max(orders.first_id());
                while self.upto < *target && *budget >= cost {
                    let n = (*budget / cost).min(*target - self.upto);
                    let rows = orders.slice_from(self.upto);
                    let rows = rows.get(..(n as usize).min(rows.len())).unwrap_or(&[]);
                    if rows.is_empty() {
                        break;
                    }
                    for o in rows {
                        self.table.apply(o, 1, products, day_ms);
                    }
                    let n = rows.len() as u64;
                    self.upto += n;
                    *budget -= n * cost;
                    self.stats.rows_read += n;
                    self.stats.rows_written += n;
                }
                if self.upto >= *target {
                    self.stats.refreshes += 1;
                    self.stats.longest_ns = self.stats.longest_ns.max(now - *started);
                    self.job = Job::Idle;
                }
            }
        }
    }

    fn stream_tick(
        &mut self,
        c: &ViewsConfig,
        orders: &Orders,
        products: &Products,
        day_ms: u64,
        now: Nanos,
    ) {
        self.stream_next = self.stream_next.max(orders.first_id());
        self.credit += u64::from(c.stream_capacity) * TICK_NS;
        let backlog = orders.next_id() - self.stream_next;
        let n = (self.credit / SECOND).min(backlog);
        self.credit -= n * SECOND;
        if n == backlog {
            // Capacity unused now cannot be saved up for a later burst.
            self.credit = self.credit.min(SECOND);
        }
        for (_, o) in orders.range(self.stream_next, self.stream_next + n) {
            if c.cache {
                let key = self.table.key(o, products, day_ms);
                self.cache.add(key, Agg::of(o, 1));
            } else {
                self.table.apply(o, 1, products, day_ms);
                self.stats.rows_written += 1;
            }
        }
        self.stream_next += n;
        self.stats.rows_read += n;
        self.stats.events_applied += n;
        if !c.cache {
            self.upto = self.stream_next;
        } else if now >= self.next_commit {
            self.commit();
            while self.next_commit <= now {
                self.next_commit += COMMIT_NS;
            }
        }
    }

    /// The table archived the chunk `rows` starting at id `first`: take its orders out of
    /// whatever holds them, and skip those never taken in.
    pub fn archive(&mut self, first: u64, rows: &[Order], products: &Products, day_ms: u64) {
        let end = first + rows.len() as u64;
        let take_out = |table: &mut ViewTable, below: u64| {
            for (i, o) in rows.iter().enumerate() {
                if first + (i as u64) < below {
                    table.apply(o, -1, products, day_ms);
                }
            }
        };
        take_out(&mut self.table, self.upto);
        // Stream with a cache: applied, not yet committed.
        for (i, o) in rows.iter().enumerate() {
            let id = first + i as u64;
            if id >= self.upto && id < self.stream_next {
                let key = self.table.key(o, products, day_ms);
                self.cache.add(key, Agg::of(o, -1));
            }
        }
        if let Job::Full { shadow, scan, .. } = &mut self.job {
            take_out(shadow, *scan);
            *scan = (*scan).max(end);
        }
        // Rows the view had neither taken in nor applied to its cache.
        let taken = self.upto.max(self.stream_next).max(first);
        self.stats.skipped += end.saturating_sub(taken);
        self.upto = self.upto.max(end);
        self.stream_next = self.stream_next.max(end);
    }
}
