//! The state at the cursor, rebuilt twice (from the first event and from the latest
//! snapshot), a slice per frame, and the words for what the log holds.

use crate::sim::event_sourcing::account::{Account, FoldError};
use crate::sim::event_sourcing::store::EventBody;
use crate::sim::event_sourcing::{EventSourcing, Outcome, Rebuild, RebuildJob};

/// The two rebuilds of the state at the cursor, side by side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RebuildView {
    pub offset: u64,
    /// The state shown: from the snapshot path, or the full path if that failed.
    pub accounts: Vec<Account>,
    pub full: Option<Result<(u64, f64), FoldError>>,
    pub snapshot: Option<Result<(u64, u64, f64), FoldError>>,
    pub same: Option<bool>,
    /// The event just left of the cursor, if in memory.
    pub under_cursor: Option<(u64, u32, u32, EventBody)>,
}

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Both rebuilds of one offset, advanced a slice per frame so that replaying a million
/// events never stalls the page; timings add up the slices.
pub struct Rebuilding {
    full: RebuildJob,
    snapshot: RebuildJob,
    full_done: Option<(Result<Rebuild, FoldError>, f64)>,
    snapshot_done: Option<(Result<Rebuild, FoldError>, f64)>,
    full_ms: f64,
    snapshot_ms: f64,
}

impl Rebuilding {
    /// The offset being rebuilt.
    pub fn target(&self) -> u64 {
        self.full.target()
    }

    pub fn start(sim: &EventSourcing, offset: u64) -> Self {
        Self {
            full: sim.start_rebuild(offset, false),
            snapshot: sim.start_rebuild(offset, true),
            full_done: None,
            snapshot_done: None,
            full_ms: 0.0,
            snapshot_ms: 0.0,
        }
    }

    /// Folds up to `budget` events; returns the view once both rebuilds are done.
    pub fn step(&mut self, sim: &EventSourcing, budget: u64) -> Option<RebuildView> {
        // The snapshot path first: it is the state shown, and usually short.
        for (job, done, ms) in [
            (
                &mut self.snapshot,
                &mut self.snapshot_done,
                &mut self.snapshot_ms,
            ),
            (&mut self.full, &mut self.full_done, &mut self.full_ms),
        ] {
            if done.is_none() {
                let t0 = now_ms();
                let result = sim.continue_rebuild(job, budget);
                *ms += now_ms() - t0;
                *done = result.map(|r| (r, *ms));
                if done.is_none() {
                    return None;
                }
            }
        }
        let (full, full_ms) = self.full_done.take()?;
        let (snap, snap_ms) = self.snapshot_done.take()?;
        Some(view_of(
            sim,
            self.full.target(),
            full,
            full_ms,
            snap,
            snap_ms,
        ))
    }
}

pub fn view_of(
    sim: &EventSourcing,
    offset: u64,
    full: Result<Rebuild, FoldError>,
    full_ms: f64,
    snap: Result<Rebuild, FoldError>,
    snap_ms: f64,
) -> RebuildView {
    let same = match (&full, &snap) {
        (Ok(a), Ok(b)) => Some(a.accounts == b.accounts),
        _ => None,
    };
    let accounts = match (&snap, &full) {
        (Ok(s), _) => s.accounts.clone(),
        (_, Ok(f)) => f.accounts.clone(),
        _ => Vec::new(),
    };
    let under_cursor = event_before(sim, offset);
    RebuildView {
        offset,
        accounts,
        full: Some(full.map(|r| (r.replayed, full_ms))),
        snapshot: Some(snap.map(|r| (r.replayed, r.from, snap_ms))),
        same,
        under_cursor,
    }
}

/// The event just before `offset` (the last one folded into the state at `offset`).
pub fn event_before(sim: &EventSourcing, offset: u64) -> Option<(u64, u32, u32, EventBody)> {
    let o = offset.checked_sub(1)?;
    sim.store().get(o).map(|e| (o, e.stream, e.version, e.body))
}

pub fn describe(body: &EventBody) -> String {
    match body {
        EventBody::AccountCreated => "AccountCreated { balance: 0 }".to_owned(),
        EventBody::MoneyDepositedV1 { amount } => {
            format!("MoneyDeposited v1 {{ amount: {amount} }}")
        }
        EventBody::MoneyDepositedV2 { amount, currency } => {
            format!(
                "MoneyDeposited v2 {{ amount: {amount}, currency: {} }}",
                currency.code()
            )
        }
        EventBody::MoneyWithdrawn { amount } => format!("MoneyWithdrawn {{ amount: {amount} }}"),
    }
}

pub fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Appended(offset) => format!("appended at offset {offset}"),
        Outcome::Refused(r) => format!("refused ({r:?}); nothing written"),
        Outcome::Conflict { expected, actual } => {
            format!("conflict: expected version {expected}, stream is at {actual}; nothing written")
        }
    }
}
