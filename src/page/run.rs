//! The run every lab shows: [`RunCtl`] holds the run's [`Timeline`], records the learner's
//! actions, seeks, exports and imports, and spreads long computations (a link's large `t`, a
//! seek far from a checkpoint, checking an imported file) over frames. The bar that shows it
//! is in `run_bar`.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use crate::link::actions::{self, MAX_LINK_ACTIONS};
use crate::link::registry::{Lab, LabParams, Page};
use crate::link::run_file::RunFile;
use crate::link::seconds_text;
use crate::sim::timeline::{LogFull, Replay, Timeline, MAX_ACTIONS};
use crate::sim::{Nanos, TICK_NS};
use crate::ui::download::save_text;
use crate::ui::frame::PlayClock;

thread_local! {
    /// A run an import has replayed and checked, for the lab mounted to show it.
    static HANDOFF: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
    /// A run file of another scene of the lab, for that scene's page (mounted next) to import.
    static PENDING_IMPORT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The function behind `scalingLab.engine`, kept alive while it is the page's.
    static ENGINE_HOOK: RefCell<Option<EngineTimer>> = const { RefCell::new(None) };
}

/// Simulated seconds in, real milliseconds out.
type EngineTimer = Closure<dyn Fn(f64, f64) -> f64>;

/// Real time a frame may spend computing a run ahead, ms: the rest is for drawing.
pub const SLICE_MS: f64 = 12.0;
/// Real time spent on it before the first frame: most links open at their moment at once.
const FIRST_SLICE_MS: f64 = 40.0;
/// Real time a seek may take at once: the checkpoints make most seeks quicker than this,
/// and one that is not goes on over frames, so a drag never freezes the page.
const SEEK_MS: f64 = 40.0;
/// Ticks run between clock checks.
const CHUNK_TICKS: u64 = 50;

enum Job<S: Replay> {
    /// The live run catching up to a link's `t`.
    CatchUp(u64),
    /// The live run, restored from a checkpoint at `from`, running forward to the moment
    /// the learner dragged the timeline to; the bar shows that moment meanwhile.
    Seek { from: u64, target: u64 },
    /// An imported run replayed to its end to check its hash before it replaces this one.
    Verify {
        run: Box<Timeline<S>>,
        file: RunFile,
        page: Page,
    },
}

/// What the run bar shows.
#[derive(Clone, Copy)]
pub struct RunView {
    /// The moment shown, simulated seconds.
    pub now_s: RwSignal<f64>,
    /// Where the run starts and how far it has gone, simulated seconds.
    pub span_s: RwSignal<(f64, f64)>,
    /// The engine's state hash at the moment shown; `None` while time moves (it reads the
    /// whole state, and nobody can read a hash that changes ten times a second).
    pub hash: RwSignal<Option<u64>>,
    /// The last thing the bar has to say (an import refused, a fork).
    pub status: RwSignal<String>,
    /// How far a computation spread over frames has come, 0 to 1.
    pub progress: RwSignal<Option<f64>>,
    /// An earlier run is drawn faintly on the charts.
    pub ghost: RwSignal<bool>,
}

/// A lab's run: its timeline and the work pending on it.
pub struct RunCtl<S: Replay + 'static> {
    tl: StoredValue<Timeline<S>, LocalStorage>,
    job: StoredValue<Option<Job<S>>, LocalStorage>,
    load: Callback<Page>,
    /// Whether the lab's charts draw the run before a fork.
    keeps_ghost: bool,
    /// What the bar shows.
    pub view: RunView,
}

impl<S: Replay + 'static> Clone for RunCtl<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Replay + 'static> Copy for RunCtl<S> {}

/// The page's clock, ms.
pub fn clock() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn seconds(tick: u64) -> f64 {
    tick as f64 / 1e3
}

impl<S: Replay + 'static> RunCtl<S> {
    /// A run shown from `run`, brought to `target` tick over the next frames; a run an import
    /// has just checked is taken instead. `load` shows another page of this lab;
    /// `keeps_ghost` says whether its charts draw the run before a fork.
    pub fn open(run: Timeline<S>, target: u64, load: Callback<Page>, keeps_ghost: bool) -> Self {
        let handed = HANDOFF
            .with(|h| h.borrow_mut().take())
            .and_then(|b| b.downcast::<Timeline<S>>().ok())
            .filter(|t| t.state().ticks() == target);
        let (run, job) = match handed {
            Some(run) => (*run, None),
            None => {
                let job = (target > run.state().ticks()).then_some(Job::CatchUp(target));
                (run, job)
            }
        };
        let view = RunView {
            now_s: RwSignal::new(0.0),
            span_s: RwSignal::new((0.0, 0.0)),
            hash: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            progress: RwSignal::new(None),
            ghost: RwSignal::new(false),
        };
        let ctl = Self {
            tl: StoredValue::new_local(run),
            job: StoredValue::new_local(job),
            load,
            keeps_ghost,
            view,
        };
        ctl.work(FIRST_SLICE_MS);
        ctl.update(true);
        ctl.expose_engine();
        ctl
    }

    /// `scalingLab.engine(s, n)` runs `n` copies (1 to 32, 1 if left out) of the state shown
    /// `s` simulated seconds (at most 60) on and returns the real milliseconds each took on
    /// average: the copies are made first and timed together, since the browser's clock
    /// counts only tenths of a millisecond. `cargo xtask bench` times the same copy of the
    /// same state natively, which gives the engine's speed in WebAssembly.
    fn expose_engine(&self) {
        let tl = self.tl;
        let hook = EngineTimer::new(move |s: f64, n: f64| {
            let ticks = (s.clamp(0.0, 60.0) * 1e3) as u64;
            let n = if n.is_finite() {
                n.clamp(1.0, 32.0) as usize
            } else {
                1
            };
            tl.try_with_value(|t| {
                let mut copies = vec![t.state().clone(); n];
                let start = clock();
                for copy in &mut copies {
                    copy.advance_ticks(ticks);
                }
                (clock() - start) / n as f64
            })
            .unwrap_or(f64::NAN)
        });
        let Some(window) = web_sys::window() else {
            return;
        };
        let key = wasm_bindgen::JsValue::from_str("scalingLab");
        let lab = js_sys::Reflect::get(&window, &key)
            .ok()
            .filter(wasm_bindgen::JsValue::is_object)
            .unwrap_or_else(|| js_sys::Object::new().into());
        let set = js_sys::Reflect::set(&lab, &"engine".into(), hook.as_ref())
            .and_then(|_| js_sys::Reflect::set(&window, &key, &lab));
        if set.is_ok() {
            ENGINE_HOOK.with(|h| *h.borrow_mut() = Some(hook));
        }
    }

    /// Reads the run.
    pub fn with<R>(&self, f: impl FnOnce(&Timeline<S>) -> R) -> Option<R> {
        self.tl.try_with_value(f)
    }

    /// What a link of this run says: its starting configuration (read by `config_of`,
    /// `fallback` if the run is gone) and up to `max` actions (past a link's limit, none,
    /// and the bar says so; a run file passes [`MAX_ACTIONS`]).
    pub fn link_parts<C>(
        &self,
        config_of: impl FnOnce(&S) -> C,
        fallback: C,
        max: usize,
    ) -> (C, Vec<(u64, S::Action)>) {
        let (config, actions) = self
            .with(|tl| (config_of(tl.start()), tl.actions().to_vec()))
            .unwrap_or((fallback, Vec::new()));
        if max >= MAX_ACTIONS {
            (config, actions)
        } else {
            (config, link_actions(&actions, self.view.status))
        }
    }

    /// The run bar for this lab, wired: a drag of the timeline seeks (then `redraw` shows
    /// the moment), its buttons export `page(t, paused, max_actions)` and import runs that
    /// `start` builds from a page of this lab.
    pub fn bar(
        self,
        lab: Lab,
        paused: RwSignal<bool>,
        redraw: impl Fn() + Copy + Send + Sync + 'static,
        page: impl Fn(f64, bool, usize) -> Page + Copy + Send + Sync + 'static,
        start: fn(&LabParams) -> Option<Timeline<S>>,
    ) -> impl IntoView {
        let run = self;
        // A run file dropped on another scene of this lab opened this one: import it here.
        if let Some(text) = PENDING_IMPORT.with(|p| p.borrow_mut().take()) {
            run.import(&text, lab, start, false);
        }
        view! {
            <super::run_bar::RunBar
                view=run.view
                paused=paused
                on_seek=move |t: f64| {
                    run.seek(t);
                    redraw();
                }
                on_action=move |kind: &'static str| bar_action(run, kind, lab, &page(0.0, true, MAX_ACTIONS))
                on_import=move |text: String| run.import(&text, lab, start, true)
            />
        }
    }

    /// A frame's share of the run: pending work first; otherwise, unless paused, the play
    /// clock moves the run on by the frame's real time at `speed`. Returns whether the run is
    /// still being computed ahead (a link's `t`).
    pub fn play(&self, clock: &mut PlayClock, dt_ms: f64, speed: f64, paused: bool) -> bool {
        let catching_up = self.frame();
        if !paused && !catching_up {
            if let Some(now) = self.with(|tl| tl.state().ticks() * TICK_NS) {
                clock.advance(dt_ms, speed, now, |t| self.advance_to(t));
            }
        }
        catching_up
    }

    /// Moves the live run on to simulated time `t` (for the play clock); returns where it is.
    pub fn advance_to(&self, t: Nanos) -> Nanos {
        self.tl
            .try_update_value(|tl| {
                tl.run_to_tick(t / TICK_NS);
                tl.state().ticks() * TICK_NS
            })
            .unwrap_or(t)
    }

    /// Runs `n` more ticks (the step button).
    pub fn step(&self, n: u64) {
        self.settle();
        self.tl.update_value(|tl| {
            let to = tl.state().ticks() + n;
            tl.run_to_tick(to);
        });
        self.update(true);
    }

    /// Shows the moment `t_s`: at once if the checkpoints make it quick, else over the next
    /// frames with the progress shown. A further drag while one runs only moves the target,
    /// so the page answers the drag at its frame rate however heavy the lab.
    pub fn seek(&self, t_s: f64) {
        let tick = (t_s.max(0.0) * 1e3).round() as u64;
        let verifying = self
            .job
            .try_with_value(|j| matches!(j, Some(Job::Verify { .. })))
            .unwrap_or(false);
        if verifying {
            // An import's replay has the job slot: this seek is done at once.
            self.tl.update_value(|tl| tl.seek(tick));
            self.update(true);
            return;
        }
        let Some((from, target)) = self.tl.try_update_value(|tl| {
            let target = tl.start_seek(tick);
            (tl.state().ticks(), target)
        }) else {
            return;
        };
        let dragging = self.seeking().is_some();
        self.job.set_value(Some(Job::Seek { from, target }));
        self.work(if dragging { 0.0 } else { SEEK_MS });
    }

    /// The moment the timeline shows, simulated seconds: where a seek still running is bound
    /// for, else the live run's. A link of it opens there.
    pub fn shown_s(&self) -> f64 {
        self.seeking()
            .or_else(|| self.with(|tl| tl.state().ticks()))
            .map_or(0.0, seconds)
    }

    /// The tick a seek still running is bound for.
    fn seeking(&self) -> Option<u64> {
        self.job
            .try_with_value(|j| match j {
                Some(Job::Seek { target, .. }) => Some(*target),
                _ => None,
            })
            .flatten()
    }

    /// Finishes a seek still running, so what the learner does next happens at the moment
    /// the timeline shows.
    fn settle(&self) {
        if self.seeking().is_some() {
            self.work(f64::INFINITY);
        }
    }

    /// Records and applies a learner's action; says so if it forked the run or the log is
    /// full. Returns whether it was taken.
    pub fn act(&self, action: S::Action) -> bool {
        self.settle();
        let keeps_ghost = self.keeps_ghost;
        let outcome = self.tl.try_update_value(|tl| {
            let outcome = tl.act(action);
            if !keeps_ghost {
                tl.clear_ghost();
            }
            outcome
        });
        let status = match outcome {
            Some(Ok(true)) => format!(
                "Changed at {} s: the run goes on from here; {}",
                seconds_text(self.view.now_s.get_untracked()),
                if keeps_ghost {
                    "the run it replaces stays on the charts as faint lines until you clear it."
                } else {
                    "what came after is gone."
                }
            ),
            Some(Err(LogFull)) => format!(
                "This run has {MAX_ACTIONS} recorded changes, as many as a run keeps: reset to change more."
            ),
            _ => String::new(),
        };
        if !status.is_empty() || !self.view.status.get_untracked().is_empty() {
            self.view.status.set(status);
        }
        self.update(true);
        matches!(outcome, Some(Ok(_)))
    }

    /// Forgets the run before the last fork.
    pub fn clear_ghost(&self) {
        self.tl.update_value(Timeline::clear_ghost);
        self.view.status.set(String::new());
        self.update(true);
    }

    /// Starts a new run.
    pub fn reset(&self, run: Timeline<S>) {
        self.tl.set_value(run);
        self.job.set_value(None);
        self.view.progress.set(None);
        self.view.status.set(String::new());
        self.update(true);
    }

    /// Updates what the bar shows from the live state; the hash once time stands still.
    pub fn refresh(&self) {
        self.update(false);
    }

    fn update(&self, changed: bool) {
        let v = self.view;
        let Some(span) = self
            .tl
            .try_with_value(|tl| (seconds(tl.start_tick()), seconds(tl.end_tick())))
        else {
            return;
        };
        let seeking = self.seeking().is_some();
        // The thumb stays where the learner put it while the state runs there.
        let now = self.shown_s();
        let moving = v.now_s.get_untracked() != now;
        if moving {
            v.now_s.set(now);
        }
        let hash = if seeking || (moving && !changed) {
            None
        } else if changed || v.hash.get_untracked().is_none() {
            self.tl.try_with_value(|tl| tl.state().state_hash())
        } else {
            v.hash.get_untracked()
        };
        if v.hash.get_untracked() != hash {
            v.hash.set(hash);
        }
        if v.span_s.get_untracked() != span {
            v.span_s.set(span);
        }
        let ghost = self
            .tl
            .try_with_value(|tl| !tl.ghost().is_empty())
            .unwrap_or(false);
        if v.ghost.get_untracked() != ghost {
            v.ghost.set(ghost);
        }
    }

    /// Does a frame's share of pending work; `true` while the live run is catching up.
    pub fn frame(&self) -> bool {
        self.work(SLICE_MS)
    }

    /// Whether the live run is still being computed up to a link's moment.
    pub fn catching_up(&self) -> bool {
        self.job
            .try_with_value(|j| matches!(j, Some(Job::CatchUp(_))))
            .unwrap_or(false)
    }

    fn work(&self, budget_ms: f64) -> bool {
        let Some(job) = self.job.try_update_value(Option::take) else {
            return false;
        };
        let deadline = clock() + budget_ms;
        let live = |from: u64, target: u64| {
            self.tl
                .try_update_value(|tl| run_until(tl, from, target, deadline))
                .unwrap_or(0.0)
        };
        // How far the live run has come, when the job runs it.
        let (next, done) = match job {
            None => return false,
            Some(Job::CatchUp(target)) => {
                let done = live(0, target);
                ((done < 1.0).then_some(Job::CatchUp(target)), Some(done))
            }
            Some(Job::Seek { from, target }) => {
                let done = live(from, target);
                let next = (done < 1.0).then_some(Job::Seek { from, target });
                (next, Some(done))
            }
            Some(Job::Verify {
                mut run,
                file,
                page,
            }) => {
                let target = (file.t_s * 1e3).round() as u64;
                let done = run_until(&mut run, 0, target, deadline);
                if done < 1.0 {
                    self.view.progress.set(Some(done));
                    (Some(Job::Verify { run, file, page }), None)
                } else {
                    self.view.progress.set(None);
                    self.finish_import(*run, &file, &page);
                    (None, None)
                }
            }
        };
        let catching_up = matches!(next, Some(Job::CatchUp(_) | Job::Seek { .. }));
        self.job.set_value(next);
        if let Some(done) = done {
            self.view.progress.set((done < 1.0).then_some(done));
            // Arrived: the moment stands still, so its hash is shown at once.
            self.update(done >= 1.0);
        }
        catching_up
    }

    fn finish_import(&self, run: Timeline<S>, file: &RunFile, page: &Page) {
        match file.check_replay(run.state().state_hash()) {
            Ok(()) => {
                HANDOFF.with(|h| *h.borrow_mut() = Some(Box::new(run)));
                self.load.run(page.clone());
            }
            Err(e) => self
                .view
                .status
                .set(format!("Not opened: {e}. Your run is unchanged.")),
        }
    }

    /// Checks a run file and, if it replays to its recorded state hash, shows its run.
    /// `start` builds the run a page of this lab describes, from its start; a file of another
    /// scene of the lab opens that scene's page, which imports it (`other_scene`: whether this
    /// import may do so, so a file no scene can start cannot bounce between them).
    pub fn import(
        &self,
        text: &str,
        lab: Lab,
        start: fn(&LabParams) -> Option<Timeline<S>>,
        other_scene: bool,
    ) {
        // The replay takes the job slot, and a refused file must leave the run as shown.
        self.settle();
        let opened = RunFile::parse(text)
            .map_err(|e| e.to_string())
            .and_then(|file| {
                let (page, notices) = Page::from_run_file(&file, lab)?;
                if let Some(n) = notices.first() {
                    return Err(format!(
                        "the file's link has “{}”, which {}",
                        n.key, n.message
                    ));
                }
                let run = page.lab.as_ref().and_then(start);
                if run.is_none() && !other_scene {
                    return Err("the file's link does not open this lab".to_owned());
                }
                let Some(run) = run else {
                    // A run of another scene of this lab: open that scene, whose run bar
                    // imports (replays and checks) the file as it mounts.
                    let mut other = page;
                    if let Some(p) = other.lab.as_mut() {
                        (p.run_mut().t, p.run_mut().paused) = (0.0, true);
                    }
                    PENDING_IMPORT.with(|p| *p.borrow_mut() = Some(text.to_owned()));
                    self.load.run(other);
                    return Ok(None);
                };
                Ok(Some((file, page, run)))
            });
        match opened {
            Ok(None) => {}
            Ok(Some((file, page, run))) => {
                self.view.status.set(format!(
                    "Replaying the file's run to {} s to check it…",
                    seconds_text(file.t_s)
                ));
                self.job.set_value(Some(Job::Verify {
                    run: Box::new(run),
                    file,
                    page,
                }));
            }
            Err(e) => self
                .view
                .status
                .set(format!("Not opened: {e}. Your run is unchanged.")),
        }
    }
}

/// Runs `tl` towards `target` until the real-time `deadline`; returns the share done of the
/// way from `from`.
pub fn run_until<S: Replay>(tl: &mut Timeline<S>, from: u64, target: u64, deadline: f64) -> f64 {
    while tl.state().ticks() < target && clock() < deadline {
        let to = (tl.state().ticks() + CHUNK_TICKS).min(target);
        tl.run_to_tick(to);
    }
    let now = tl.state().ticks();
    if now >= target {
        1.0
    } else {
        now.saturating_sub(from) as f64 / (target - from.min(now)) as f64
    }
}

/// The actions for a link: all of them, or none with a note when a link cannot carry them.
pub fn link_actions<A: Copy>(actions: &[(u64, A)], status: RwSignal<String>) -> Vec<(u64, A)> {
    if actions.len() > MAX_LINK_ACTIONS {
        let note = actions::too_long(actions.len()).message;
        if status.get_untracked() != note {
            status.set(note);
        }
        Vec::new()
    } else {
        actions.to_vec()
    }
}

/// Saves the run as CSV or as a run file named after the lab (or, for `"clear-ghost"`,
/// forgets the run before the last fork).
pub fn bar_action<S: Replay + 'static>(ctl: RunCtl<S>, kind: &str, lab: Lab, page: &Page) {
    if kind == "clear-ghost" {
        ctl.clear_ghost();
        return;
    }
    if kind != "csv" {
        // The file is of the moment the timeline shows, with that moment's hash.
        ctl.settle();
    }
    let name = format!("scaling-lab-{}", lab.key());
    let Some((csv, t_s, hash)) = ctl.with(|tl| {
        (
            (kind == "csv").then(|| tl.csv()),
            seconds(tl.state().ticks()),
            tl.state().state_hash(),
        )
    }) else {
        return;
    };
    match csv {
        Some(csv) => save_text(&format!("{name}.csv"), "text/csv", &csv),
        None => {
            let file = RunFile {
                lab: lab.key().to_owned(),
                link: page.to_query_with(MAX_ACTIONS),
                t_s,
                state_hash: hash,
            };
            save_text(
                &format!("{name}-run.json"),
                "application/json",
                &file.to_json(),
            );
        }
    }
}
