//! The run timeline: a run is where it started, the learner's actions stamped with the tick
//! they happened at, and checkpoints (clones of the whole state) taken as it goes. Any moment
//! already run is shown again by cloning the nearest earlier checkpoint and running forward,
//! replaying the recorded actions at their ticks; acting at an earlier moment forks the run.
//!
//! Bounds: at most [`MAX_ACTIONS`] actions and [`MAX_CHECKPOINTS`] checkpoints, whose memory
//! stays within [`CHECKPOINT_BUDGET`] bytes (as the engine counts it): past either, every
//! other checkpoint is dropped and the interval doubles, so seeking slows down gently
//! instead of memory growing.

use std::fmt::Debug;

/// One figure an engine records once a simulated second: its name and how it is read.
pub type Column<S> = (&'static str, fn(&S) -> f64);

/// An engine the timeline can record, rewind and replay.
pub trait Replay: Clone + 'static {
    /// A learner's change, applied at the start of a tick.
    type Action: Copy + Debug + PartialEq;
    /// Whole ticks run since the start.
    fn ticks(&self) -> u64;
    /// Runs one tick: every event due before its end, in time order.
    fn tick(&mut self);
    /// Runs `n` ticks.
    fn advance_ticks(&mut self, n: u64) {
        for _ in 0..n {
            self.tick();
        }
    }
    /// Runs whole ticks until simulated time reaches `t` (ns); never goes back.
    fn advance_to(&mut self, t: u64) {
        self.advance_ticks((t / crate::sim::TICK_NS).saturating_sub(self.ticks()));
    }
    /// This run carried on to `until_tick`, each of `actions` applied at the start of its
    /// tick, in order.
    fn replayed(mut self, actions: &[(u64, Self::Action)], until_tick: u64) -> Self {
        for &(tick, action) in actions {
            self.advance_ticks(tick.min(until_tick).saturating_sub(self.ticks()));
            self.apply(action);
        }
        self.advance_ticks(until_tick.saturating_sub(self.ticks()));
        self
    }
    /// Applies an action now.
    fn apply(&mut self, action: Self::Action);
    /// Bytes a checkpoint of this state holds that `earlier` (a checkpoint of the same run)
    /// does not already share; `None` for the first.
    fn added_bytes(&self, earlier: Option<&Self>) -> usize;
    /// Whether `new`, made at the same tick as `old`, makes `old` pointless (a slider
    /// dragged while paused): then `old` is dropped instead of both being kept.
    fn supersedes(new: &Self::Action, old: &Self::Action) -> bool;
    /// A hash of the whole state: equal runs give equal hashes on every platform.
    fn state_hash(&self) -> u64;
    /// Checks the model's invariants: its accounting (what was offered is served, refused,
    /// lost or still waiting), that nothing was served faster than its capacity, and its
    /// stated bounds. The error names what broke. The timeline checks it once a simulated
    /// second in debug builds; the property tests after random actions.
    fn check_invariants(&self) -> Result<(), String>;
    /// The figures recorded once a simulated second: each one's name (for the CSV export)
    /// and how it is read off the state.
    const COLUMNS: &'static [Column<Self>];
    /// The figures recorded once a simulated second, in [`Replay::COLUMNS`] order.
    fn row(&self) -> Vec<f64> {
        Self::COLUMNS.iter().map(|(_, read)| read(self)).collect()
    }
}

/// Most actions one run records.
pub const MAX_ACTIONS: usize = 10_000;
/// Most checkpoints kept.
pub const MAX_CHECKPOINTS: usize = 1_024;
/// Memory the checkpoints may hold, bytes.
pub const CHECKPOINT_BUDGET: usize = 64 << 20;
/// Ticks between checkpoints at first: one simulated second.
pub const FIRST_INTERVAL: u64 = 1_000;
/// Most rows of figures kept (an hour at one a second); past it, every other one is
/// dropped and the interval doubles.
pub const MAX_ROWS: usize = 3_600;

/// Why an action was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogFull;

#[derive(Clone, Debug)]
struct Checkpoint<S> {
    state: S,
    /// Actions already applied in `state`.
    applied: usize,
    bytes: usize,
}

/// One run: its live state, its action log and its checkpoints.
#[derive(Clone, Debug)]
pub struct Timeline<S: Replay> {
    live: S,
    /// `actions[..applied]` are in `live`; the rest lie ahead of it.
    applied: usize,
    actions: Vec<(u64, S::Action)>,
    /// In tick order; the first is the start.
    checkpoints: Vec<Checkpoint<S>>,
    interval: u64,
    /// The furthest tick this run has reached.
    end: u64,
    /// The lab's figures, `(tick, row)`, once every `row_interval` ticks from the start.
    rows: Vec<(u64, Vec<f64>)>,
    row_interval: u64,
    /// The rows of the run before the last fork, for comparison.
    ghost: Vec<(u64, Vec<f64>)>,
}

impl<S: Replay> Timeline<S> {
    /// A run from `start` with actions planned at later ticks (from a link or a file):
    /// they must be in tick order (those out of order, before the start or past
    /// [`MAX_ACTIONS`] are dropped).
    pub fn new(start: S, mut actions: Vec<(u64, S::Action)>) -> Self {
        let t0 = start.ticks();
        let mut last = t0;
        actions.retain(|(at, _)| {
            let keep = *at >= last;
            last = last.max(*at);
            keep
        });
        actions.truncate(MAX_ACTIONS);
        let bytes = start.added_bytes(None);
        let start_row = start.row();
        let mut run = Self {
            checkpoints: vec![Checkpoint {
                state: start.clone(),
                applied: 0,
                bytes,
            }],
            live: start,
            applied: 0,
            actions,
            interval: FIRST_INTERVAL,
            end: t0,
            rows: vec![(t0, start_row)],
            row_interval: FIRST_INTERVAL,
            ghost: Vec::new(),
        };
        // The state at a tick includes the actions stamped with it.
        run.run_to_tick(t0);
        run
    }

    /// The same run, run on to simulated second `t_s` (a link's `t`).
    pub fn at_second(mut self, t_s: f64) -> Self {
        self.run_to_tick(super::nanos(t_s) / super::TICK_NS);
        self
    }

    /// The state shown.
    pub fn state(&self) -> &S {
        &self.live
    }

    /// The action log: `(tick, action)` in order, including those ahead of the live state.
    pub fn actions(&self) -> &[(u64, S::Action)] {
        &self.actions
    }

    /// The state the run started from.
    pub fn start(&self) -> &S {
        // The first checkpoint is the start, and is never dropped.
        self.checkpoints.first().map_or(&self.live, |c| &c.state)
    }

    /// The tick the run started at.
    pub fn start_tick(&self) -> u64 {
        self.checkpoints.first().map_or(0, |c| c.state.ticks())
    }

    /// The furthest tick reached: the timeline can be dragged anywhere up to here.
    pub fn end_tick(&self) -> u64 {
        self.end
    }

    /// Checkpoints kept, and the bytes they hold.
    pub fn checkpoint_use(&self) -> (usize, usize) {
        (
            self.checkpoints.len(),
            self.checkpoints.iter().map(|c| c.bytes).sum(),
        )
    }

    /// Ticks between checkpoints now.
    pub fn interval(&self) -> u64 {
        self.interval
    }

    /// Runs the live state on to `tick`, applying recorded actions at their ticks and taking
    /// checkpoints on ground not covered before.
    pub fn run_to_tick(&mut self, tick: u64) {
        loop {
            let now = self.live.ticks();
            while let Some(&(at, action)) = self.actions.get(self.applied) {
                if at > now {
                    break;
                }
                self.live.apply(action);
                self.applied += 1;
            }
            if now >= tick {
                break;
            }
            let next_checkpoint = self
                .checkpoints
                .last()
                .map_or(now, |c| c.state.ticks())
                .saturating_add(self.interval);
            let next_action = self.actions.get(self.applied).map_or(u64::MAX, |a| a.0);
            let next_row = self
                .rows
                .last()
                .map_or(now, |r| r.0)
                .saturating_add(self.row_interval);
            let stop = tick
                .min(next_checkpoint)
                .min(next_action)
                .min(next_row)
                .max(now + 1);
            self.live.advance_ticks(stop - now);
            self.end = self.end.max(stop);
            if stop >= next_checkpoint {
                self.checkpoint();
            }
            if stop >= next_row {
                self.record_row();
                // Debug builds (and the tests) check the model once a simulated second; a
                // broken invariant stops the run here, at the tick it was found.
                #[cfg(debug_assertions)]
                if let Err(broken) = self.live.check_invariants() {
                    panic!("an invariant broke by tick {stop}: {broken}");
                }
            }
        }
    }

    fn checkpoint(&mut self) {
        let bytes = self
            .live
            .added_bytes(self.checkpoints.last().map(|c| &c.state));
        self.checkpoints.push(Checkpoint {
            state: self.live.clone(),
            applied: self.applied,
            bytes,
        });
        while self.checkpoints.len() > 2
            && (self.checkpoints.len() > MAX_CHECKPOINTS
                || self.checkpoint_use().1 > CHECKPOINT_BUDGET)
        {
            self.thin();
        }
    }

    fn record_row(&mut self) {
        self.rows.push((self.live.ticks(), self.live.row()));
        if self.rows.len() > MAX_ROWS {
            let mut i = 0;
            self.rows.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.row_interval = self.row_interval.saturating_mul(2);
        }
    }

    /// The figures recorded so far, `(tick, row)`, in [`Replay::COLUMNS`] order.
    pub fn rows(&self) -> &[(u64, Vec<f64>)] {
        &self.rows
    }

    /// The rows of the run before the last fork, from the fork on; empty if none.
    pub fn ghost(&self) -> &[(u64, Vec<f64>)] {
        &self.ghost
    }

    /// Forgets the run before the last fork.
    pub fn clear_ghost(&mut self) {
        self.ghost.clear();
    }

    /// The rows as CSV: a header (`t_s` and the columns), then one line a row.
    pub fn csv(&self) -> String {
        let mut out = String::from("t_s");
        for (c, _) in S::COLUMNS {
            out.push(',');
            out.push_str(c);
        }
        out.push('\n');
        for (tick, row) in &self.rows {
            out.push_str(&number(*tick as f64 / 1e3));
            for x in row {
                out.push(',');
                out.push_str(&number(*x));
            }
            out.push('\n');
        }
        out
    }

    /// Keeps the start, every other checkpoint and the newest; the interval doubles.
    fn thin(&mut self) {
        let last = self.checkpoints.len() - 1;
        let mut i = 0;
        self.checkpoints.retain(|_| {
            i += 1;
            (i - 1) % 2 == 0 || i - 1 == last
        });
        let mut earlier: Option<&S> = None;
        for c in &mut self.checkpoints {
            c.bytes = c.state.added_bytes(earlier);
            earlier = Some(&c.state);
        }
        self.interval = self.interval.saturating_mul(2);
    }

    /// Shows the moment `tick` (clamped to what was run): the nearest checkpoint at or
    /// before it, run forward. Actions later than `tick` stay in the log and replay if the
    /// run plays on.
    pub fn seek(&mut self, tick: u64) {
        let tick = self.start_seek(tick);
        self.run_to_tick(tick);
    }

    /// The first half of [`Timeline::seek`], for a caller that spreads the running forward
    /// over frames: makes the live state the nearest checkpoint at or before `tick` (clamped
    /// to what was run), unless it already lies between the two, and returns the tick that
    /// [`Timeline::run_to_tick`] must reach to show the moment.
    pub fn start_seek(&mut self, tick: u64) -> u64 {
        let tick = tick.clamp(self.start_tick(), self.end);
        let live = self.live.ticks();
        let from = self.nearest(tick).map_or(0, |c| c.state.ticks());
        // Running on from the live state is quicker when it is already between the two.
        if !(from <= live && live <= tick) {
            self.restore(tick);
        }
        tick
    }

    fn nearest(&self, tick: u64) -> Option<&Checkpoint<S>> {
        let n = self
            .checkpoints
            .partition_point(|c| c.state.ticks() <= tick);
        n.checked_sub(1).and_then(|i| self.checkpoints.get(i))
    }

    /// Makes the live state the nearest checkpoint at or before `tick`.
    fn restore(&mut self, tick: u64) {
        if let Some((state, applied)) = self.nearest(tick).map(|c| (c.state.clone(), c.applied)) {
            self.live = state;
            self.applied = applied;
        }
    }

    /// Records and applies an action now. Acting before the end of the run forks it: what
    /// lay ahead (actions, checkpoints) is dropped and the run goes on from here. Returns
    /// whether it forked.
    pub fn act(&mut self, action: S::Action) -> Result<bool, LogFull> {
        let now = self.live.ticks();
        let forked = now < self.end || self.applied < self.actions.len();
        if forked {
            self.actions.truncate(self.applied);
            self.checkpoints.retain(|c| c.state.ticks() <= now);
            self.end = now;
            let keep = self.rows.partition_point(|r| r.0 <= now);
            self.ghost = self.rows.split_off(keep.saturating_sub(1));
            if let Some(r) = self.ghost.first().cloned() {
                self.rows.push(r);
            }
        }
        let replaces = self
            .actions
            .last()
            .is_some_and(|(at, old)| *at == now && S::supersedes(&action, old))
            // Only if no checkpoint already holds the old action.
            && self.checkpoints.last().is_some_and(|c| c.applied < self.applied);
        if replaces {
            self.actions.pop();
            self.actions.push((now, action));
            // The live state had the old action applied: rebuild it without.
            self.restore(now);
            self.run_to_tick(now);
            return Ok(forked);
        }
        if self.actions.len() >= MAX_ACTIONS {
            return Err(LogFull);
        }
        self.actions.push((now, action));
        self.live.apply(action);
        self.applied += 1;
        Ok(forked)
    }

    /// Starts again from the first checkpoint with no actions.
    pub fn restart(&mut self, start: S) {
        *self = Self::new(start, Vec::new());
    }
}

/// A figure with at most three decimals and no trailing zeros.
fn number(x: f64) -> String {
    if x.is_finite() {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        String::new()
    }
}

/// A timeline reads as its live state.
impl<S: Replay> std::ops::Deref for Timeline<S> {
    type Target = S;

    fn deref(&self) -> &S {
        &self.live
    }
}

/// The part of [`Replay`] every engine writes the same way: its action type, its clock in
/// ticks (from `self.now`, ns), its own `tick`, `apply`, `state_hash` and
/// `check_invariants`, and (unless it says `own supersedes`) that a setting's action
/// replaces the same setting's at the same tick.
macro_rules! replay_by_delegation {
    ($action:ty) => {
        $crate::sim::timeline::replay_by_delegation!($action, own supersedes);

        fn supersedes(new: &$action, old: &$action) -> bool {
            new.replaces(*old)
        }
    };
    ($action:ty, own supersedes) => {
        type Action = $action;

        fn ticks(&self) -> u64 {
            self.now / $crate::sim::TICK_NS
        }

        fn tick(&mut self) {
            Self::tick(self);
        }

        fn apply(&mut self, action: $action) {
            Self::apply(self, action);
        }

        fn state_hash(&self) -> u64 {
            Self::state_hash(self)
        }

        fn check_invariants(&self) -> Result<(), String> {
            Self::check_invariants(self)
        }
    };
}
pub(crate) use replay_by_delegation;
