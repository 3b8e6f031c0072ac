//! Materialized views, the guide's orders dashboard: a query that joins and groups the base
//! tables is either run on every read or stored ahead of time as a view, which is then
//! refreshed fully, incrementally or from a stream of changes, and is stale in between.
//!
//! The model: Poisson orders go into `orders` (see [`table`]); Poisson dashboard reads are
//! served by the query over today's orders or by a lookup in `daily_sales_by_category`;
//! three views (see [`view`]) are kept up to date by one [`refresh::Refresher`] each. Costs
//! follow the stated cost model in [`config`]; the row work is done for real, so every view
//! can be compared with its query at its watermark ([`ViewsSim::views_match_query`]).
//!
//! With the LinkedIn dataset (see [`feed`]) the table holds posts, users are members, and
//! one view, each member's feed, is kept by the stream.
//!
//! Bounds: the table holds [`table::MAX_ORDERS`] orders (then archives its oldest chunk out
//! of itself and every view); a view holds one row per user or product, or
//! [`view::DAYS_KEPT`] days × categories; a record cache at most one entry per view row.

pub mod config;
pub mod feed;
pub mod refresh;
pub mod table;
pub mod view;

use crate::sim::timeline::Column;
use crate::sim::window::ratio;
use std::hash::{Hash, Hasher};

pub use config::{Dataset, ReadFrom, Refresh, ViewsAction, ViewsConfig};
use config::{JOIN_NS, LOOKUP_NS, READ_BASE_NS, ROW_READ_NS};
use feed::{Feed, Network};
use refresh::Refresher;
use table::{Order, Orders, Products};
use view::{Agg, ViewKind};

use super::arrivals::{ArrivalPattern, Producer};
use super::rng::SimRng;
use super::window::{CountWindow, LatencyWindow};
use super::{seconds, Nanos, StableHasher, SECOND, TICK_NS};

/// Salts of the random streams.
const ORDERS: u64 = 1;
const READS: u64 = 2;
const PICKS: u64 = 3;
const CATALOGUE: u64 = 4;
const NETWORK: u64 = 5;
const READERS: u64 = 6;

/// Members whose feeds are compared with the query when the views are checked.
pub const FEED_SAMPLE: u32 = 16;

/// Running totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ViewsCounters {
    /// Orders placed (every one is in the table or was archived out of it).
    pub orders: u64,
    /// Dashboard reads served.
    pub reads: u64,
    /// Times a view went past the staleness threshold.
    pub stale_alerts: u64,
    /// Orders archived out of the table.
    pub archived: u64,
    /// Posts refused because the table was full (LinkedIn).
    pub refused: u64,
}

/// The whole model.
#[derive(Clone, Debug)]
pub struct ViewsSim {
    config: ViewsConfig,
    now: Nanos,
    orders: Orders,
    products: Products,
    views: [Refresher; 3],
    order_src: Producer,
    read_src: Producer,
    picks: SimRng,
    /// Who opens the app (LinkedIn).
    readers: SimRng,
    /// LinkedIn: the network and its feeds.
    feed: Option<(Network, Feed)>,
    counters: ViewsCounters,
    /// The query's answer for today, by category, kept as orders come (what a read at query
    /// time returns).
    today: Vec<Agg>,
    today_day: u32,
    /// The id of the first order of `today_day`.
    today_from: u64,
    /// When the next round of periodic refreshes starts (every view, one after another).
    next_round: Nanos,
    /// A running fingerprint of every order placed, for the state hash.
    fingerprint: u64,
    read_latency: LatencyWindow,
    reads_window: CountWindow,
    scanned_window: CountWindow,
    refresh_window: CountWindow,
}

impl ViewsSim {
    /// A run of `config` from `seed`, at time zero with empty tables.
    pub fn new(seed: u64, config: ViewsConfig) -> Self {
        let config = config.clamped();
        let products = Products::new(
            config.products,
            config.categories,
            f64::from(config.skew) / 100.0,
            &mut SimRng::new(seed, CATALOGUE),
        );
        // With LinkedIn the feed is the one view: the shop's views stay a row each, so they
        // cost nothing in memory or in checkpoints.
        let shop = match config.dataset {
            Dataset::Orders => config,
            Dataset::Linkedin => ViewsConfig {
                users: 1,
                products: 1,
                ..config
            },
        };
        Self {
            views: ViewKind::ALL.map(|k| Refresher::new(k, &shop, 0)),
            order_src: Producer::new(
                config.order_rate,
                ArrivalPattern::Poisson,
                SimRng::new(seed, ORDERS),
                0,
            ),
            read_src: Producer::new(
                config.read_rate,
                ArrivalPattern::Poisson,
                SimRng::new(seed, READS),
                0,
            ),
            picks: SimRng::new(seed, PICKS),
            readers: SimRng::new(seed, READERS),
            feed: (config.dataset == Dataset::Linkedin).then(|| {
                let net = Network::new(
                    config.users,
                    config.connections,
                    &mut SimRng::new(seed, NETWORK),
                );
                let feed = Feed::new(&net);
                (net, feed)
            }),
            now: 0,
            orders: Orders::default(),
            products,
            counters: ViewsCounters::default(),
            today: vec![Agg::default(); config.categories as usize],
            today_day: 0,
            today_from: 0,
            next_round: u64::from(config.refresh_every_s) * SECOND,
            fingerprint: 0,
            read_latency: LatencyWindow::default(),
            reads_window: CountWindow::default(),
            scanned_window: CountWindow::default(),
            refresh_window: CountWindow::default(),
            config,
        }
    }

    /// Its settings now.
    pub fn config(&self) -> &ViewsConfig {
        &self.config
    }

    /// Simulated time.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Simulated time in seconds.
    pub fn now_s(&self) -> f64 {
        seconds(self.now)
    }

    /// Running totals.
    pub fn counters(&self) -> &ViewsCounters {
        &self.counters
    }

    /// The `orders` table.
    pub fn orders(&self) -> &Orders {
        &self.orders
    }

    /// The `products` table.
    pub fn products(&self) -> &Products {
        &self.products
    }

    /// LinkedIn: the network and the feeds.
    pub fn feed(&self) -> Option<&(Network, Feed)> {
        self.feed.as_ref()
    }

    /// LinkedIn: how stale the feeds are, seconds (0 for the shop).
    pub fn feed_staleness_s(&self) -> f64 {
        self.feed.as_ref().map_or(0.0, |(_, f)| {
            seconds(f.staleness_ns(&self.orders, self.now))
        })
    }

    /// Base rows or change events read by refreshing, and view rows written, over every view
    /// since the start (LinkedIn: posts fanned out, and feed writes).
    pub fn refresh_totals(&self) -> (u64, u64) {
        if let Some((_, f)) = &self.feed {
            return (f.upto(), f.writes);
        }
        self.views.iter().fold((0, 0), |(r, w), v| {
            (r + v.stats().rows_read, w + v.stats().rows_written)
        })
    }

    /// LinkedIn: what opening the app costs now, ms, computed on open (the mean over the
    /// sampled members) and read from the feed; whichever way reads go.
    pub fn open_costs_ms(&self) -> Option<(f64, f64)> {
        let (net, f) = self.feed.as_ref()?;
        let n = FEED_SAMPLE.min(net.members());
        let total: u64 = (0..n)
            .map(|i| {
                f.open_cost(
                    net,
                    (u64::from(i) * u64::from(net.members()) / u64::from(n)) as u32,
                )
                .1
            })
            .sum();
        Some((
            total as f64 / f64::from(n.max(1)) / 1e6,
            (READ_BASE_NS + LOOKUP_NS) as f64 / 1e6,
        ))
    }

    /// The stalest view, seconds.
    pub fn stalest_s(&self) -> f64 {
        match self.config.dataset {
            Dataset::Linkedin => self.feed_staleness_s(),
            Dataset::Orders => ViewKind::ALL
                .iter()
                .map(|k| self.staleness_s(*k))
                .fold(0.0, f64::max),
        }
    }

    /// One view and its refresher.
    pub fn view(&self, kind: ViewKind) -> &Refresher {
        &self.views[kind.index()]
    }

    fn day_ms(&self) -> u64 {
        u64::from(self.config.day_s) * 1_000
    }

    /// The simulated day now (0 is the first).
    pub fn day(&self) -> u32 {
        (self.now / 1_000_000 / self.day_ms()) as u32
    }

    /// How stale a view is, seconds.
    pub fn staleness_s(&self, kind: ViewKind) -> f64 {
        seconds(self.view(kind).staleness_ns(&self.orders, self.now))
    }

    /// The stream processor's lag: orders not yet applied to the view furthest behind (0
    /// unless the views are refreshed by the stream).
    pub fn stream_lag(&self) -> u64 {
        if let Some((_, f)) = &self.feed {
            return f.lag(&self.orders);
        }
        self.views
            .iter()
            .enumerate()
            .filter(|(i, _)| self.config.refresh_of(*i) == Refresh::Stream)
            .map(|(_, v)| v.lag(&self.orders))
            .max()
            .unwrap_or(0)
    }

    /// Read latency over the last second: median, 99th percentile (ms) and reads.
    pub fn read_p50_p99(&self) -> (f64, f64, u64) {
        self.read_latency.p50_p99_ms(self.now)
    }

    /// Base or view rows each read touched, mean over the last second.
    pub fn rows_per_read(&self) -> f64 {
        let scanned = self.scanned_window.last_second(self.now);
        ratio(scanned, self.reads_window.last_second(self.now), 0.0)
    }

    /// Rows read and written by refreshing over the last second.
    pub fn refresh_rows_per_s(&self) -> u64 {
        self.refresh_window.last_second(self.now)
    }

    /// Today's orders: what a read at query time scans.
    pub fn rows_today(&self) -> u64 {
        if self.day() != self.today_day {
            return 0;
        }
        self.orders.next_id() - self.today_from.max(self.orders.first_id())
    }

    /// Today's sales by category as the query over the base tables gives them now.
    pub fn today_by_query(&self) -> Vec<Agg> {
        if self.day() != self.today_day {
            return vec![Agg::default(); self.today.len()];
        }
        self.today.clone()
    }

    /// Today's sales by category as `daily_sales_by_category` has them.
    pub fn today_by_view(&self) -> Vec<Agg> {
        let view = self.view(ViewKind::Daily).table();
        let day = u64::from(self.day());
        (0..self.config.categories)
            .map(|c| view.get(day * 256 + u64::from(c)))
            .collect()
    }

    /// Runs every view's query for real over the base tables at the view's watermark and
    /// compares: `true` when every view holds exactly its query's result.
    pub fn views_match_query(&self) -> bool {
        if let Some((net, f)) = &self.feed {
            let n = net.members();
            return (0..FEED_SAMPLE.min(n)).all(|i| {
                let m = (u64::from(i) * u64::from(n) / u64::from(FEED_SAMPLE.min(n))) as u32;
                f.feed_of(m) == Feed::query(net, &self.orders, m, f.upto())
            });
        }
        let day_ms = self.day_ms();
        self.views.iter().all(|v| {
            let q = v
                .table()
                .query(&self.orders, &self.products, day_ms, v.upto());
            q.nonzero() == v.table().nonzero()
        })
    }

    fn tick(&mut self) {
        let end = self.now + TICK_NS;
        loop {
            let order = self.order_src.next_at().filter(|t| *t <= end);
            let read = self.read_src.next_at().filter(|t| *t <= end);
            match (order, read) {
                (Some(o), Some(r)) if r < o => self.read(r),
                (Some(o), _) => self.place(o),
                (None, Some(r)) => self.read(r),
                (None, None) => break,
            }
        }
        self.now = end;
        if let Some((net, f)) = &mut self.feed {
            let writes = f.tick(net, &self.orders, self.config.stream_capacity);
            if writes > 0 {
                self.refresh_window.add(end, writes);
            }
            let stale =
                f.staleness_ns(&self.orders, end) > u64::from(self.config.stale_alert_s) * SECOND;
            if stale && !f.alert {
                self.counters.stale_alerts += 1;
            }
            f.alert = stale;
            return;
        }
        if self.config.any_periodic() && end >= self.next_round {
            self.start_round();
        }
        let mut work = 0;
        let mut worker = TICK_NS;
        for (i, v) in self.views.iter_mut().enumerate() {
            let refresh = self.config.refresh_of(i);
            work += v.tick(
                refresh,
                &self.config,
                &self.orders,
                &self.products,
                end,
                &mut worker,
            );
            let stale =
                v.staleness_ns(&self.orders, end) > u64::from(self.config.stale_alert_s) * SECOND;
            if stale && !v.alert {
                self.counters.stale_alerts += 1;
            }
            v.alert = stale;
        }
        if work > 0 {
            self.refresh_window.add(end, work);
        }
    }

    /// Starts a round of periodic refreshes if the last one is over: each view's refresh
    /// covers the orders placed until now, and the views take the refresh worker in turn.
    /// The round after starts a period later, or as soon as this one ends if it overruns.
    fn start_round(&mut self) {
        if !self.views.iter().all(Refresher::is_idle) {
            return;
        }
        let now = self.now;
        for (i, v) in self.views.iter_mut().enumerate() {
            v.start(self.config.refresh_of(i), &self.orders, now);
        }
        let period = u64::from(self.config.refresh_every_s) * SECOND;
        self.next_round = self.next_round.max(now.saturating_sub(period) + 1) + period;
        while self.next_round <= now {
            self.next_round += period;
        }
    }

    fn place(&mut self, at: Nanos) {
        self.order_src.fire(at);
        if let Some((net, f)) = &mut self.feed {
            if self.orders.len() >= table::MAX_ORDERS {
                self.counters.refused += 1;
                return;
            }
            let post = Order {
                user: ((self.picks.unit() * f64::from(net.members())) as u32)
                    .min(net.members() - 1),
                product: 0,
                amount: (self.picks.unit() * 1_000.0) as u32,
                at_ms: (at / 1_000_000).min(u64::from(u32::MAX)) as u32,
            };
            f.posted(post.user);
            let mut h = StableHasher::default();
            (self.fingerprint, post).hash(&mut h);
            self.fingerprint = h.finish();
            self.counters.orders += 1;
            let _ = self.orders.push(post);
            return;
        }
        let c = &self.config;
        let order = Order {
            user: ((self.picks.unit() * f64::from(c.users)) as u32).min(c.users - 1),
            product: self.products.pick(self.picks.unit()),
            amount: 500 + (self.picks.unit() * 19_501.0) as u32,
            at_ms: (at / 1_000_000).min(u64::from(u32::MAX)) as u32,
        };
        let day = (u64::from(order.at_ms) / self.day_ms()) as u32;
        if day != self.today_day {
            self.today_day = day;
            self.today.iter_mut().for_each(|a| *a = Agg::default());
            self.today_from = self.orders.next_id();
        }
        let cat = self.products.category(order.product) as usize;
        if let Some(a) = self.today.get_mut(cat) {
            a.count += 1;
            a.total += i64::from(order.amount);
        }
        let mut h = StableHasher::default();
        (self.fingerprint, order).hash(&mut h);
        self.fingerprint = h.finish();
        self.counters.orders += 1;
        if let Some((first, chunk)) = self.orders.push(order) {
            self.archive(first, &chunk);
        }
    }

    fn archive(&mut self, first: u64, rows: &[Order]) {
        let day_ms = self.day_ms();
        self.counters.archived += rows.len() as u64;
        for v in &mut self.views {
            v.archive(first, rows, &self.products, day_ms);
        }
        for o in rows {
            if (u64::from(o.at_ms) / day_ms) as u32 == self.today_day {
                if let Some(a) = self
                    .today
                    .get_mut(self.products.category(o.product) as usize)
                {
                    a.count -= 1;
                    a.total -= i64::from(o.amount);
                }
            }
        }
    }

    fn read(&mut self, at: Nanos) {
        self.read_src.fire(at);
        let c = &self.config;
        let (rows, cost) = match (&self.feed, c.read_from) {
            (Some((net, f)), ReadFrom::Query) => {
                let m = ((self.readers.unit() * f64::from(net.members())) as u32)
                    .min(net.members() - 1);
                f.open_cost(net, m)
            }
            (Some(_), ReadFrom::View) => (1, READ_BASE_NS + LOOKUP_NS),
            (None, from) => self.dashboard_cost(at, from),
        };
        self.counters.reads += 1;
        self.read_latency.record(at, cost);
        self.reads_window.add(at, 1);
        self.scanned_window.add(at, rows);
    }

    /// Rows a dashboard read touches at `at`, and what it costs.
    fn dashboard_cost(&self, at: Nanos, from: ReadFrom) -> (u64, Nanos) {
        let c = &self.config;
        match from {
            ReadFrom::Query => {
                let rows = if (at / 1_000_000 / self.day_ms()) as u32 == self.today_day {
                    self.orders.next_id() - self.today_from.max(self.orders.first_id())
                } else {
                    0
                };
                (rows, READ_BASE_NS + rows * (ROW_READ_NS + JOIN_NS))
            }
            ReadFrom::View => {
                let rows = u64::from(c.categories);
                (rows, READ_BASE_NS + rows * LOOKUP_NS)
            }
        }
    }

    /// Applies a learner's change now.
    pub fn apply(&mut self, action: ViewsAction) {
        let old = self.config;
        self.config = old.with(action);
        let (c, now) = (self.config, self.now);
        match action {
            ViewsAction::OrderRate(_) => {
                self.order_src
                    .reconfigure(c.order_rate, ArrivalPattern::Poisson, now);
            }
            ViewsAction::ReadRate(_) => {
                self.read_src
                    .reconfigure(c.read_rate, ArrivalPattern::Poisson, now);
            }
            ViewsAction::Refresh(_) | ViewsAction::ViewRefresh(..) => {
                for (i, v) in self.views.iter_mut().enumerate() {
                    v.switch(old.refresh_of(i), c.refresh_of(i), now);
                }
                self.next_round = self.next_round.min(now);
            }
            ViewsAction::RefreshEvery(_) => {
                let period = u64::from(c.refresh_every_s) * SECOND;
                self.next_round = self.next_round.min(now + period);
            }
            ViewsAction::Cache(_) if old.cache != c.cache => {
                self.views
                    .iter_mut()
                    .for_each(|v| v.set_cache(c.cache, now));
            }
            ViewsAction::RefreshNow if c.any_periodic() => self.start_round(),
            _ => {}
        }
    }

    /// A hash of the whole state: equal runs give equal hashes on every platform.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        self.config.hash(&mut h);
        self.now.hash(&mut h);
        self.counters.hash(&mut h);
        (
            self.orders.first_id(),
            self.orders.next_id(),
            self.fingerprint,
        )
            .hash(&mut h);
        self.views.hash(&mut h);
        self.today.hash(&mut h);
        (self.today_day, self.today_from, self.next_round).hash(&mut h);
        (
            self.order_src.rng_fingerprint(),
            self.read_src.rng_fingerprint(),
            self.picks.fingerprint(),
        )
            .hash(&mut h);
        (self.order_src.next_at(), self.read_src.next_at()).hash(&mut h);
        let (p50, p99, n) = self.read_p50_p99();
        (p50.to_bits(), p99.to_bits(), n).hash(&mut h);
        (
            self.reads_window.clone(),
            self.scanned_window.clone(),
            self.refresh_window.clone(),
        )
            .hash(&mut h);
        h.finish()
    }

    /// Checks the model's invariants: conservation of orders, the bounds, and every view
    /// equal to its query at its watermark.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.counters.orders != self.orders.next_id() {
            return Err(format!(
                "{} orders placed, {} ids given",
                self.counters.orders,
                self.orders.next_id()
            ));
        }
        if self
            .feed
            .as_ref()
            .is_some_and(|(_, f)| f.upto() > self.orders.next_id())
        {
            return Err("the feeds are ahead of the posts".to_owned());
        }
        if self.counters.archived != self.orders.first_id() {
            return Err("archived orders do not match the table's first id".to_owned());
        }
        if self.orders.len() > table::MAX_ORDERS {
            return Err(format!("table holds {} orders", self.orders.len()));
        }
        for v in &self.views {
            if v.upto() > self.orders.next_id() {
                return Err(format!("{} is ahead of the table", v.table().kind().name()));
            }
            if v.cached() > v.table().bytes() / std::mem::size_of::<Agg>() + 256 * 7 {
                return Err("record cache past its bound".to_owned());
            }
        }
        if !self.views_match_query() {
            return Err("a view differs from its query at its watermark".to_owned());
        }
        Ok(())
    }
}

impl super::timeline::Replay for ViewsSim {
    crate::sim::timeline::replay_by_delegation!(ViewsAction);

    fn added_bytes(&self, earlier: Option<&Self>) -> usize {
        std::mem::size_of::<Self>()
            + self.orders.unshared_bytes(earlier.map(|e| &e.orders))
            + self.views.iter().map(Refresher::bytes).sum::<usize>()
            + self.feed.as_ref().map_or(0, |(_, f)| f.bytes())
            + self.read_latency.bytes()
    }

    #[rustfmt::skip] // One column a line: its name beside what it reads.
    const COLUMNS: &'static [Column<Self>] = &[
        ("orders_total", |s| s.counters.orders as f64),
        ("reads_total", |s| s.counters.reads as f64),
        ("read_p50_ms", |s| s.read_p50_p99().0),
        ("read_p99_ms", |s| s.read_p50_p99().1),
        ("rows_scanned_per_read", |s| s.rows_per_read()),
        ("refresh_rows_per_s", |s| s.refresh_rows_per_s() as f64),
        ("staleness_by_user_s", |s| s.staleness_s(ViewKind::ByUser)),
        ("staleness_by_product_s", |s| s.staleness_s(ViewKind::ByProduct)),
        ("staleness_daily_s", |s| s.staleness_s(ViewKind::Daily)),
        ("stream_lag_events", |s| s.stream_lag() as f64),
        ("stale_alerts_total", |s| s.counters.stale_alerts as f64),
        ("base_rows", |s| s.orders.len() as f64),
        ("staleness_feed_s", |s| s.feed_staleness_s()),
    ];
}
