//! A materialized view: the stored answer to one query over the base tables, and the
//! `Agg` rows it is made of. The three views of the guide's shop: `orders_by_user` ("my
//! orders"), `orders_by_product` (product analytics) and `daily_sales_by_category` (the
//! dashboard: one row per day and category, for the last [`DAYS_KEPT`] days).
//!
//! Bound: one row per user or product; [`DAYS_KEPT`] × categories rows for the daily view.

use std::collections::BTreeMap;

use super::table::{Order, Orders, Products};

/// Days of history the daily view keeps, ending at the day of its newest order.
pub const DAYS_KEPT: u32 = 7;

/// The three views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewKind {
    /// `orders_by_user (user_id, order_count, total_amount)`.
    ByUser,
    /// `orders_by_product (product_id, order_count, total_amount)`.
    ByProduct,
    /// `daily_sales_by_category (date, category, total_amount, order_count)`.
    Daily,
}

impl ViewKind {
    /// Every view, in display order.
    pub const ALL: [Self; 3] = [Self::ByUser, Self::ByProduct, Self::Daily];

    /// Its table name.
    pub fn name(self) -> &'static str {
        match self {
            Self::ByUser => "orders_by_user",
            Self::ByProduct => "orders_by_product",
            Self::Daily => "daily_sales_by_category",
        }
    }

    /// Its position in [`ViewKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Simulated time to read one base row for this view: the daily view joins each order
    /// to its product for the category.
    pub fn read_ns(self) -> u64 {
        use super::config::{JOIN_NS, ROW_READ_NS};
        match self {
            Self::Daily => ROW_READ_NS + JOIN_NS,
            _ => ROW_READ_NS,
        }
    }
}

/// An aggregate row: how many orders, for how many cents. Signed, because archiving an order
/// takes it back out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Agg {
    /// Orders.
    pub count: i64,
    /// Their amounts, cents.
    pub total: i64,
}

impl Agg {
    /// One order's contribution, added (`sign` 1) or taken out (`sign` -1).
    pub fn of(order: &Order, sign: i64) -> Self {
        Self {
            count: sign,
            total: sign * i64::from(order.amount),
        }
    }

    fn add(&mut self, other: Self) {
        self.count += other.count;
        self.total += other.total;
    }

    /// Whether it holds nothing (a row that would not be in the query's result).
    pub fn is_zero(&self) -> bool {
        self.count == 0 && self.total == 0
    }
}

/// Where an order lands in a view: a dense row index (user, product) or, for the daily view,
/// `day × 256 + category`, so keys sort by day.
pub type Key = u64;

/// A view's rows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ViewTable {
    kind: ViewKind,
    rows: Vec<Agg>,
    /// Daily view: the day of its newest order (the last day it keeps) and whether it has one.
    end_day: Option<u32>,
    /// Daily view: categories per day.
    width: u32,
}

impl ViewTable {
    /// An empty view for `users` / `products` / `categories`.
    pub fn new(kind: ViewKind, users: u32, products: u32, categories: u32) -> Self {
        let rows = match kind {
            ViewKind::ByUser => users as usize,
            ViewKind::ByProduct => products as usize,
            ViewKind::Daily => 0,
        };
        Self {
            kind,
            rows: vec![Agg::default(); rows],
            end_day: None,
            width: categories.max(1),
        }
    }

    /// The same view, emptied (the allocation kept for a full refresh's rebuild).
    pub fn emptied(&self) -> Self {
        Self {
            kind: self.kind,
            rows: vec![
                Agg::default();
                if self.kind == ViewKind::Daily {
                    0
                } else {
                    self.rows.len()
                }
            ],
            end_day: None,
            width: self.width,
        }
    }

    /// Which view.
    pub fn kind(&self) -> ViewKind {
        self.kind
    }

    /// The key an order has in this view.
    pub fn key(&self, order: &Order, products: &Products, day_ms: u64) -> Key {
        match self.kind {
            ViewKind::ByUser => Key::from(order.user),
            ViewKind::ByProduct => Key::from(order.product),
            ViewKind::Daily => {
                (u64::from(order.at_ms) / day_ms.max(1)) * 256
                    + u64::from(products.category(order.product))
            }
        }
    }

    /// Adds `agg` to the row at `key`. For the daily view a newer day moves the window (the
    /// oldest days fall out) and a day before it is not kept.
    pub fn add(&mut self, key: Key, agg: Agg) {
        if self.kind != ViewKind::Daily {
            if let Some(row) = self.rows.get_mut(key as usize) {
                row.add(agg);
            }
            return;
        }
        let (day, cat) = ((key / 256) as u32, (key % 256) as u32);
        let width = self.width as usize;
        let end = match self.end_day {
            Some(end) if day > end => {
                let shift = ((day - end) as usize).min(DAYS_KEPT as usize) * width;
                self.rows.drain(..shift.min(self.rows.len()));
                self.rows.resize(DAYS_KEPT as usize * width, Agg::default());
                self.end_day = Some(day);
                day
            }
            Some(end) => end,
            None => {
                if agg.count < 0 {
                    return;
                }
                self.rows = vec![Agg::default(); DAYS_KEPT as usize * width];
                self.end_day = Some(day);
                day
            }
        };
        if day + DAYS_KEPT <= end || cat >= self.width {
            return;
        }
        let slot = (DAYS_KEPT - 1 - (end - day)) as usize * width + cat as usize;
        if let Some(row) = self.rows.get_mut(slot) {
            row.add(agg);
        }
    }

    /// Applies one order.
    pub fn apply(&mut self, order: &Order, sign: i64, products: &Products, day_ms: u64) {
        let key = self.key(order, products, day_ms);
        self.add(key, Agg::of(order, sign));
    }

    /// The row at `key`, zero if absent.
    pub fn get(&self, key: Key) -> Agg {
        if self.kind != ViewKind::Daily {
            return self.rows.get(key as usize).copied().unwrap_or_default();
        }
        let (day, cat) = ((key / 256) as u32, (key % 256) as u32);
        match self.end_day {
            Some(end) if day <= end && day + DAYS_KEPT > end && cat < self.width => {
                let slot =
                    (DAYS_KEPT - 1 - (end - day)) as usize * self.width as usize + cat as usize;
                self.rows.get(slot).copied().unwrap_or_default()
            }
            _ => Agg::default(),
        }
    }

    /// The rows that are not zero, by key: what a query's result would list.
    pub fn nonzero(&self) -> Vec<(Key, Agg)> {
        let width = u64::from(self.width);
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.is_zero())
            .map(|(i, a)| {
                let key = match (self.kind, self.end_day) {
                    (ViewKind::Daily, Some(end)) => {
                        // Slots before day 0 stay zero, so this never goes below it.
                        let day = (u64::from(end) + 1 + i as u64 / width)
                            .saturating_sub(u64::from(DAYS_KEPT));
                        day * 256 + i as u64 % width
                    }
                    _ => i as Key,
                };
                (key, *a)
            })
            .collect()
    }

    /// Rows that are not zero.
    pub fn row_count(&self) -> usize {
        self.rows.iter().filter(|a| !a.is_zero()).count()
    }

    /// Bytes its rows take.
    pub fn bytes(&self) -> usize {
        self.rows.len() * std::mem::size_of::<Agg>()
    }

    /// Runs the view's query for real over the base tables: every order held with an id
    /// below `upto`, grouped by the view's key (the daily view over the last days up to the
    /// newest of them).
    pub fn query(&self, orders: &Orders, products: &Products, day_ms: u64, upto: u64) -> Self {
        let mut result = self.emptied();
        for (_, order) in orders.range(orders.first_id(), upto) {
            result.apply(order, 1, products, day_ms);
        }
        result
    }
}

/// The stream processor's record cache (as in Kafka Streams): changes to one key between two
/// commits are folded into one, so the view takes one write per key and commit. Bound: one
/// entry per key of the view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecordCache {
    entries: BTreeMap<Key, Agg>,
}

impl RecordCache {
    /// Folds a change in.
    pub fn add(&mut self, key: Key, agg: Agg) {
        self.entries.entry(key).or_default().add(agg);
    }

    /// Keys waiting for the commit.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes every entry into `view` in key order (so day by day) and empties the cache;
    /// returns the writes.
    pub fn flush(&mut self, view: &mut ViewTable) -> u64 {
        let n = self.entries.len() as u64;
        for (key, agg) in std::mem::take(&mut self.entries) {
            view.add(key, agg);
        }
        n
    }
}
