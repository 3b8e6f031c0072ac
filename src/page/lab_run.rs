//! The wiring every lab's page shares: its settings, seed, speed and pause as signals, its
//! run, the address kept current as they change, and the page a link or an export writes.

use leptos::prelude::*;

use super::run::RunCtl;
use crate::link::actions::MAX_LINK_ACTIONS;
use crate::link::registry::{LabParams, Page};
use crate::link::Run;
use crate::page::frame::LabFrame;
use crate::sim::timeline::{Replay, Timeline};
use crate::sim::{nanos, TICK_NS};
use crate::ui::frame::PlayClock;
use crate::ui::page_url;
use crate::ui::theme::Preferences;

/// A lab's engine as its page sees it.
pub trait LabModel: Replay + 'static {
    /// Its settings.
    type Config: Copy + PartialEq + Default + Send + Sync + 'static;
    /// A run of `config` from `seed`, at time zero.
    fn fresh(seed: u64, config: Self::Config) -> Self;
    /// The settings in force.
    fn settings(&self) -> Self::Config;
    /// The run one of this lab's pages starts (`None`: the page is another lab's or scene's).
    fn start(page: &LabParams) -> Option<Timeline<Self>>;
    /// The lab's parameters for a link.
    fn params(run: Run, config: Self::Config, actions: Vec<(u64, Self::Action)>) -> LabParams;
}

/// A lab page's run and the signals around it.
pub struct LabRun<S: LabModel> {
    /// The settings in force now (the controls show them).
    pub config: RwSignal<S::Config>,
    /// The run's seed.
    pub seed: RwSignal<u64>,
    /// Playback speed.
    pub speed: RwSignal<f64>,
    /// Paused.
    pub paused: RwSignal<bool>,
    /// The run itself.
    pub run: RunCtl<S>,
    frame: LabFrame,
    /// Adds the lab's own state to its links (the event log's cursor).
    amend: StoredValue<Option<Callback<LabParams, LabParams>>>,
}

impl<S: LabModel> Clone for LabRun<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: LabModel> Copy for LabRun<S> {}

impl<S: LabModel> LabRun<S> {
    /// Opens the run a link describes (`timeline` from `config`, moved on to `run.t`) and keeps
    /// the address current from then on; `keeps_ghost`: the charts draw the run before a fork.
    pub fn open(
        run: &Run,
        config: S::Config,
        timeline: Timeline<S>,
        frame: LabFrame,
        keeps_ghost: bool,
    ) -> Self {
        let lab = Self {
            config: RwSignal::new(config),
            seed: RwSignal::new(run.seed),
            speed: RwSignal::new(run.speed),
            paused: RwSignal::new(run.paused),
            run: RunCtl::open(timeline, nanos(run.t) / TICK_NS, frame.load, keeps_ghost),
            frame,
            amend: StoredValue::new(None),
        };
        Effect::new(move |ran: Option<()>| {
            let _ = (
                lab.seed.get(),
                lab.speed.get(),
                lab.paused.get(),
                lab.config.get(),
            );
            if ran.is_some() {
                let paused = lab.paused.get_untracked();
                page_url::replace(&lab.page(0.0, paused, MAX_LINK_ACTIONS).to_query());
            }
        });
        lab
    }

    /// The page of this run: its start, its actions (up to `max`), at `t`.
    pub fn page(&self, t: f64, paused: bool, max: usize) -> Page {
        let (start, actions) = self
            .run
            .link_parts(S::settings, self.config.get_untracked(), max);
        let params = S::params(
            Run {
                seed: self.seed.get_untracked(),
                speed: self.speed.get_untracked(),
                t,
                paused,
            },
            start,
            actions,
        );
        self.frame.page(match self.amend.get_value() {
            Some(amend) => amend.run(params),
            None => params,
        })
    }

    /// Adds the lab's own state (beyond its settings and actions) to every link it writes.
    pub fn amend_links(&self, f: impl Fn(LabParams) -> LabParams + Send + Sync + 'static) {
        self.amend.set_value(Some(Callback::new(f)));
    }

    /// The address of this moment, paused ("Link to this moment").
    pub fn link(&self) -> Option<String> {
        let t = self.run.shown_s();
        page_url::with_query(&self.page(t, true, MAX_LINK_ACTIONS).to_query())
    }

    /// A frame's share of the run: the play clock moves it on by the frame's real time at the
    /// chosen speed (unless paused). Returns the user's preferences to draw with, or `None`
    /// once the page is gone (a frame after unmount must not touch disposed signals).
    pub fn play(
        &self,
        clock: &mut PlayClock,
        now_ms: f64,
        prefs: ReadSignal<Preferences>,
    ) -> Option<Preferences> {
        let (paused, speed, prefs) = (
            self.paused.try_get_untracked()?,
            self.speed.try_get_untracked()?,
            prefs.try_get_untracked()?,
        );
        let dt = clock.frame(now_ms);
        self.run.play(clock, dt, speed, paused);
        Some(prefs)
    }

    /// Starts the run again from the settings in force and the seed.
    pub fn restart(&self) {
        self.run.reset(Timeline::new(
            S::fresh(self.seed.get_untracked(), self.config.get_untracked()),
            Vec::new(),
        ));
    }
}
