//! The pipeline's events, held implicitly: the event at offset `o` of partition `p` is an
//! order for account `(37 o + 11 p) mod 64` of `10 + (o mod 91)`, so a partition's log is just
//! its length, and the fold of any range of it is computed in closed form. Views are folds,
//! so "a view equals the fold of the events up to its offset" is checked exactly at any scale.

/// Accounts the orders are spread over.
pub const ACCOUNTS: usize = 64;
/// 37 × 45 ≡ 1 (mod 64): to find the offsets of an account.
const INV_37: u64 = 45;

/// An event's account.
pub fn account(p: u32, o: u64) -> usize {
    ((37 * (o % 64) + 11 * u64::from(p)) % 64) as usize
}

/// An event's amount.
pub fn amount(o: u64) -> u64 {
    10 + o % 91
}

/// What a view holds: orders by account (the first view) and revenue (the second).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fold {
    /// Orders per account.
    pub orders: [u64; ACCOUNTS],
    /// Total of the amounts.
    pub revenue: u64,
}

impl Default for Fold {
    fn default() -> Self {
        Self {
            orders: [0; ACCOUNTS],
            revenue: 0,
        }
    }
}

impl Fold {
    /// Adds the events `[a, b)` of partition `p`.
    pub fn add_range(&mut self, p: u32, a: u64, b: u64) {
        if b <= a {
            return;
        }
        for (k, n) in self.orders.iter_mut().enumerate() {
            // Offsets o with 37 o + 11 p ≡ k: o ≡ 45 (k − 11 p) (mod 64).
            let r = (INV_37 * ((k as u64 + 64 * 64 - 11 * u64::from(p) % 64) % 64)) % 64;
            *n += below(b, r) - below(a, r);
        }
        self.revenue += revenue_below(b) - revenue_below(a);
    }

    /// Takes the event at offset `o` of partition `p` back out (a dead-lettered event).
    pub fn remove_one(&mut self, p: u32, o: u64) {
        if let Some(n) = self.orders.get_mut(account(p, o)) {
            *n = n.saturating_sub(1);
        }
        self.revenue = self.revenue.saturating_sub(amount(o));
    }

    /// Adds another fold.
    pub fn add(&mut self, other: &Fold) {
        for (a, b) in self.orders.iter_mut().zip(other.orders) {
            *a += b;
        }
        self.revenue += other.revenue;
    }

    /// Orders in the view.
    pub fn total_orders(&self) -> u64 {
        self.orders.iter().sum()
    }
}

/// Offsets below `x` congruent to `r` mod 64.
fn below(x: u64, r: u64) -> u64 {
    if x <= r {
        0
    } else {
        (x - r - 1) / 64 + 1
    }
}

/// The sum of the amounts of offsets below `x`.
fn revenue_below(x: u64) -> u64 {
    let (cycles, rest) = (x / 91, x % 91);
    10 * x + cycles * (90 * 91 / 2) + rest * rest.saturating_sub(1) / 2
}
