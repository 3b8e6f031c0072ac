//! The views lab's parameters, its cost model and the learner's actions.

use crate::sim::action::actions;
use crate::sim::keyed::keyed;
use crate::sim::{Nanos, SECOND};

/// Most orders a second.
pub const MAX_ORDER_RATE: u32 = 20_000;
/// Most dashboard reads a second.
pub const MAX_READ_RATE: u32 = 20_000;
/// Most users.
pub const MAX_USERS: u32 = 1_000_000;
/// Most products.
pub const MAX_PRODUCTS: u32 = 100_000;
/// Most categories.
pub const MAX_CATEGORIES: u32 = 100;
/// Longest refresh period and staleness threshold, seconds.
pub const MAX_PERIOD_S: u32 = 3_600;
/// Fastest stream processor, change events a second.
pub const MAX_STREAM_CAPACITY: u32 = 1_000_000;
/// Shortest and longest simulated day, seconds.
pub const MIN_DAY_S: u32 = 10;
/// See [`MIN_DAY_S`].
pub const MAX_DAY_S: u32 = 86_400;
/// Strongest popularity skew (the Zipf exponent × 100).
pub const MAX_SKEW: u32 = 200;

// The cost model: what each operation costs in simulated time. A read's latency and a
// refresh's duration are these costs added up over the rows it touches; the engine does the
// same row work for real while the simulated time passes.

/// Reading one base-table row (a scan step).
pub const ROW_READ_NS: Nanos = 2_000;
/// Joining one order row to its product (a primary-key lookup).
pub const JOIN_NS: Nanos = 2_000;
/// Writing one view row (with its index).
pub const ROW_WRITE_NS: Nanos = 5_000;
/// Looking one view row up by its key.
pub const LOOKUP_NS: Nanos = 20_000;
/// What every read pays before touching a row: the round trip and the parse.
pub const READ_BASE_NS: Nanos = 200_000;
/// The stream processor's commit interval: with the record cache on, updates to one key
/// within it are compacted into one write at the commit.
pub const COMMIT_NS: Nanos = SECOND;

keyed! {
    /// What the tables hold.
    pub enum Dataset {
        /// The guide's shop: orders, products, the dashboard.
        Orders = "orders",
        /// LinkedIn: members, their connections, posts and each member's feed.
        Linkedin = "linkedin",
    }
}

keyed! {
    /// Where dashboard reads are served from.
    pub enum ReadFrom {
        /// Run the join and group-by over the base tables on every read.
        Query = "query",
        /// Look the rows up in `daily_sales_by_category`.
        View = "view",
    }
}

keyed! {
    /// How the views are kept up to date.
    pub enum Refresh {
        /// Recompute each view from the base tables every period.
        Full = "full",
        /// Every period, fold in only the orders added since the last refresh.
        Incremental = "incremental",
        /// A stream processor applies each change event as it arrives, up to its capacity.
        Stream = "stream",
    }
}

/// Everything the model is set up with. The data's shape (users, products, categories,
/// skew, day) is fixed for a run; the rest can change while it goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ViewsConfig {
    /// Orders a second (Poisson).
    pub order_rate: u32,
    /// Users placing them (uniformly).
    pub users: u32,
    /// Products ordered (by popularity, see `skew`).
    pub products: u32,
    /// Product categories.
    pub categories: u32,
    /// Popularity skew of products: the Zipf exponent × 100 (0: all equally popular).
    pub skew: u32,
    /// Dashboard reads a second (Poisson).
    pub read_rate: u32,
    /// Where reads are served from.
    pub read_from: ReadFrom,
    /// How the views are refreshed, unless a view has its own strategy.
    pub refresh: Refresh,
    /// A strategy of its own for a view (in [`super::view::ViewKind::ALL`] order).
    pub per_view: [Option<Refresh>; 3],
    /// Seconds between full or incremental refreshes.
    pub refresh_every_s: u32,
    /// Change events a second the stream processor applies.
    pub stream_capacity: u32,
    /// The record cache of the stream processor.
    pub cache: bool,
    /// A view staler than this many seconds raises an alert.
    pub stale_alert_s: u32,
    /// Simulated seconds in a day.
    pub day_s: u32,
    /// The shop, or LinkedIn (then orders are posts, users are members, reads open the app).
    pub dataset: Dataset,
    /// LinkedIn: connections per member.
    pub connections: u32,
}

impl Default for ViewsConfig {
    fn default() -> Self {
        Self {
            order_rate: 200,
            users: 10_000,
            products: 1_000,
            categories: 8,
            skew: 100,
            read_rate: 50,
            read_from: ReadFrom::View,
            refresh: Refresh::Full,
            per_view: [None; 3],
            refresh_every_s: 10,
            stream_capacity: 5_000,
            cache: false,
            stale_alert_s: 30,
            day_s: 120,
            dataset: Dataset::Orders,
            connections: 100,
        }
    }
}

impl ViewsConfig {
    /// The strategy view `i` (in [`super::view::ViewKind::ALL`] order) is refreshed by.
    pub fn refresh_of(&self, i: usize) -> Refresh {
        self.per_view
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(self.refresh)
    }

    /// Whether any view is refreshed periodically (full or incremental).
    pub fn any_periodic(&self) -> bool {
        (0..3).any(|i| self.refresh_of(i) != Refresh::Stream)
    }

    /// The same, every number within its stated range.
    pub fn clamped(self) -> Self {
        Self {
            order_rate: self.order_rate.min(MAX_ORDER_RATE),
            users: self.users.clamp(
                1,
                match self.dataset {
                    Dataset::Orders => MAX_USERS,
                    Dataset::Linkedin => super::feed::MAX_MEMBERS,
                },
            ),
            products: self.products.clamp(1, MAX_PRODUCTS),
            categories: self.categories.clamp(1, MAX_CATEGORIES),
            skew: self.skew.min(MAX_SKEW),
            read_rate: self.read_rate.min(MAX_READ_RATE),
            refresh_every_s: self.refresh_every_s.clamp(1, MAX_PERIOD_S),
            stream_capacity: self.stream_capacity.clamp(1, MAX_STREAM_CAPACITY),
            stale_alert_s: self.stale_alert_s.clamp(1, MAX_PERIOD_S),
            day_s: self.day_s.clamp(MIN_DAY_S, MAX_DAY_S),
            connections: self.connections.clamp(2, super::feed::MAX_CONNECTIONS),
            ..self
        }
    }
}

actions! {
    /// A learner's change while the run goes on.
    pub enum ViewsAction for ViewsConfig {
        /// Orders a second.
        OrderRate(u32) => order_rate,
        /// Reads a second.
        ReadRate(u32) => read_rate,
        /// Where reads go.
        ReadFrom(ReadFrom) => read_from,
        /// The refresh strategy.
        Refresh(Refresh) => refresh,
        /// One view's own strategy (`None`: the one for all), by its index.
        ViewRefresh(u8, Option<Refresh>) in per_view,
        /// Seconds between periodic refreshes.
        RefreshEvery(u32) => refresh_every_s,
        /// The stream processor's capacity.
        StreamCapacity(u32) => stream_capacity,
        /// The record cache.
        Cache(bool) => cache,
        /// The staleness alert threshold.
        StaleAlert(u32) => stale_alert_s,
        /// Start a full or incremental refresh now (a command).
        RefreshNow,
    }
}
