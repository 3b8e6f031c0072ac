//! The base tables the views are computed from: `orders (id, user_id, product_id, amount,
//! created_at)`, appended to by the order stream, and `products (id, name, category)`, fixed
//! for a run.
//!
//! Orders live in fixed-size chunks; full chunks are shared (`Arc`), so a checkpoint of the
//! table copies pointers, not rows. Bound: [`MAX_ORDERS`] rows (32 MiB); past it the oldest
//! chunk is archived out of the table, as when the oldest partition is dropped, and out of
//! every view with it.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::sim::rng::SimRng;

/// Orders per chunk.
pub const CHUNK: usize = 8_192;
/// Orders the table holds: 2²¹ (about two million), 32 MiB at 16 bytes an order.
pub const MAX_ORDERS: usize = 256 * CHUNK;

/// One order. Its id is its position in the order stream; amounts are in cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Order {
    /// Who ordered.
    pub user: u32,
    /// What.
    pub product: u32,
    /// For how much, in cents.
    pub amount: u32,
    /// When, in simulated milliseconds (`created_at`).
    pub at_ms: u32,
}

/// The `orders` table.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    /// In id order; every chunk but the last is full.
    chunks: VecDeque<Arc<Vec<Order>>>,
    /// The id of the first row held (a multiple of [`CHUNK`]).
    first: u64,
    /// The number of rows ever appended, so the next id.
    next: u64,
}

impl Orders {
    /// The id the next order gets.
    pub fn next_id(&self) -> u64 {
        self.next
    }

    /// The oldest id still in the table.
    pub fn first_id(&self) -> u64 {
        self.first
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        (self.next - self.first) as usize
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.next == self.first
    }

    /// The row with this id, if the table holds it.
    pub fn get(&self, id: u64) -> Option<&Order> {
        let i = id.checked_sub(self.first)?;
        let chunk = self.chunks.get((i / CHUNK as u64) as usize)?;
        chunk.get((i % CHUNK as u64) as usize)
    }

    /// Rows `from..to` (ids), those the table holds, in id order.
    pub fn range(&self, from: u64, to: u64) -> impl Iterator<Item = (u64, &Order)> + '_ {
        let from = from.max(self.first);
        let to = to.min(self.next);
        (from..to).filter_map(move |id| self.get(id).map(|o| (id, o)))
    }

    /// The rows from `id` to the end of its chunk (empty if the table does not hold `id`):
    /// scans walk the table a slice at a time.
    pub fn slice_from(&self, id: u64) -> &[Order] {
        let Some(i) = id.checked_sub(self.first) else {
            return &[];
        };
        self.chunks
            .get((i / CHUNK as u64) as usize)
            .and_then(|c| c.get((i % CHUNK as u64) as usize..))
            .unwrap_or(&[])
    }

    /// Appends an order; when the table is past its bound, returns the archived chunk with
    /// the id of its first row.
    pub fn push(&mut self, order: Order) -> Option<(u64, Arc<Vec<Order>>)> {
        crate::sim::chunked::push_chunked::<_, CHUNK>(&mut self.chunks, order);
        self.next += 1;
        if self.len() > MAX_ORDERS {
            let first = self.first;
            let chunk = self.chunks.pop_front()?;
            self.first += chunk.len() as u64;
            return Some((first, chunk));
        }
        None
    }

    /// Bytes of this table not shared with `earlier` (a checkpoint of the same run).
    pub fn unshared_bytes(&self, earlier: Option<&Self>) -> usize {
        let shared = |c: &Arc<Vec<Order>>| {
            earlier.is_some_and(|e| e.chunks.iter().any(|d| Arc::ptr_eq(c, d)))
        };
        self.chunks
            .iter()
            .rev()
            .take_while(|c| !shared(c))
            .map(|c| c.len() * std::mem::size_of::<Order>())
            .sum()
    }
}

/// The `products` table and how popular each product is. Fixed for a run, so shared by
/// every copy of the state.
#[derive(Clone, Debug)]
pub struct Products {
    /// Category of each product.
    category: Arc<Vec<u8>>,
    /// Cumulative popularity (Zipf), for picking the product of an order; empty when all
    /// are equally popular.
    cdf: Arc<Vec<f64>>,
}

impl Products {
    /// `n` products spread over `categories` at random; the `k`-th most popular is ordered
    /// in proportion to `1 / k^skew`.
    pub fn new(n: u32, categories: u32, skew: f64, rng: &mut SimRng) -> Self {
        let categories = categories.clamp(1, 255);
        let category = (0..n.max(1))
            .map(|_| ((rng.unit() * f64::from(categories)) as u32).min(categories - 1) as u8)
            .collect();
        let cdf = if skew > 0.0 {
            let mut sum = 0.0;
            let mut cdf: Vec<f64> = (1..=n.max(1))
                .map(|k| {
                    // libm, so the table is bit-identical natively and in WebAssembly.
                    sum += 1.0 / libm::pow(f64::from(k), skew);
                    sum
                })
                .collect();
            cdf.iter_mut().for_each(|c| *c /= sum);
            cdf
        } else {
            Vec::new()
        };
        Self {
            category: Arc::new(category),
            cdf: Arc::new(cdf),
        }
    }

    /// Products in the table.
    pub fn len(&self) -> usize {
        self.category.len()
    }

    /// Whether there are none (never: a run has at least one product).
    pub fn is_empty(&self) -> bool {
        self.category.is_empty()
    }

    /// The category of a product (the join).
    pub fn category(&self, product: u32) -> u8 {
        self.category.get(product as usize).copied().unwrap_or(0)
    }

    /// Picks the product of an order from `u`, uniform in `[0, 1)`.
    pub fn pick(&self, u: f64) -> u32 {
        let n = self.category.len();
        let i = if self.cdf.is_empty() {
            (u * n as f64) as usize
        } else {
            self.cdf.partition_point(|c| *c <= u)
        };
        i.min(n.saturating_sub(1)) as u32
    }
}
