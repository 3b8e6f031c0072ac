//! The one lab page. A lab describes itself through [`LabUi`]: its figures and charts as
//! tables, its picture as a drawing function, the sentence read to screen readers. The page
//! does the rest the same way for every lab: the run and its link, the frame loop, the
//! picture (two, when comparing), the key figures under it and "All figures" further down,
//! the charts, playback, the run bar and the comparison picker.
//!
//! A lab's component opens a [`LabShell`] (the run and its signals), builds its own controls
//! and extras from it, and hands them to [`LabShell::page`].

use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use super::cadence::Cadence;
use super::lab_page::LabPage;
use super::lab_run::LabModel;
use super::lab_run::LabRun;
use super::versus::{Versus, VersusCanvases, VersusPicker};
use crate::course::authored::Measured;
use crate::course::Engine;
use crate::link::actions::MAX_LINK_ACTIONS;
use crate::link::registry::{Lab, LabParams, Page};
use crate::link::Link;
use crate::page::frame::LabFrame;
use crate::sim::timeline::{Replay, Timeline};
use crate::ui::chart::{column, ChartHandle, Series, TimeChart, XAxis};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme::{self, Palette, Preferences};

/// One figure of a lab: its `data-metric` name, label, unit, decimals shown, whether it is
/// one of the few shown large under the picture, and how it reads off the lab's readout.
pub struct Figure<R> {
    /// The `data-metric` name: the contract with tests and course authors.
    pub name: &'static str,
    /// What the learner reads beside it.
    pub label: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// Decimal places shown.
    pub decimals: usize,
    /// Shown large under the picture (four to six a lab), not only under "All figures".
    pub key: bool,
    /// Its value in a readout.
    pub value: fn(&R) -> f64,
}

impl<R> Clone for Figure<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Figure<R> {}

/// A figure shown with `decimals` places.
pub const fn figure<R>(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    decimals: usize,
    value: fn(&R) -> f64,
) -> Figure<R> {
    Figure {
        name,
        label,
        unit,
        decimals,
        key: false,
        value,
    }
}

/// A key figure: one of the few shown large under the picture.
pub const fn key<R>(figure: Figure<R>) -> Figure<R> {
    Figure {
        key: true,
        ..figure
    }
}

/// Draws a lab's picture of a state: `(canvas, state, palette, still)`.
pub type Draw<S> = fn(&HtmlCanvasElement, &S, Palette, bool);

/// One time-series chart: its title, its legend (label and swatch class per line, in the
/// order of [`LabUi::chart_lines`]) and the sentence a screen reader hears in its place.
pub struct ChartSpec<R> {
    /// Its title.
    pub title: &'static str,
    /// `(label, swatch class)` per line.
    pub legend: &'static [(&'static str, &'static str)],
    /// What it shows now, in words.
    pub summary: fn(&R) -> String,
}

/// A chart of `title` with `legend`, summarised by `summary`: one chart a line in a lab's
/// table.
pub const fn chart<R>(
    title: &'static str,
    legend: &'static [(&'static str, &'static str)],
    summary: fn(&R) -> String,
) -> ChartSpec<R> {
    ChartSpec {
        title,
        legend,
        summary,
    }
}

impl<R> Clone for ChartSpec<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for ChartSpec<R> {}

/// What the page needs to know of a lab beyond its engine.
pub trait LabUi: LabModel<Action: Copy + Send + Sync> {
    /// The figures copied out of the engine ten times a second.
    type Readout: Clone + PartialEq + Default + Send + Sync + 'static + for<'a> From<&'a Self>;
    /// Which lab.
    const LAB: Lab;
    /// Simulated seconds the charts show.
    const CHART_WINDOW_S: f64 = 60.0;
    /// The figures set side by side when two runs are compared.
    const VERSUS: &'static [&'static str] = &[];
    /// The charts draw the run before the last fork faintly ([`LabUi::faint_lines`]).
    const KEEPS_GHOST: bool = false;

    /// Its figures, in the order "All figures" shows them.
    const FIGURES: &'static [Figure<Self::Readout>];
    /// Its charts.
    const CHARTS: &'static [ChartSpec<Self::Readout>];

    /// The figures of a scene or dataset: [`LabUi::FIGURES`] unless a lab has several sets.
    fn figures(_config: &Self::Config) -> &'static [Figure<Self::Readout>] {
        Self::FIGURES
    }
    /// The charts of a scene or dataset: [`LabUi::CHARTS`] unless a lab has several sets.
    fn charts(_config: &Self::Config) -> &'static [ChartSpec<Self::Readout>] {
        Self::CHARTS
    }
    /// Chart `i`'s lines for one run, in its legend's order.
    fn chart_lines(i: usize, run: &Timeline<Self>, palette: Palette) -> Vec<Series>;
    /// Chart `i`'s x axis: the last [`LabUi::CHART_WINDOW_S`] seconds, by default.
    fn x_axis(_i: usize, _run: &Timeline<Self>) -> XAxis {
        XAxis::SecondsAgo(Self::CHART_WINDOW_S)
    }
    /// Chart `i`'s faint lines: the compared run's (`versus`), by default.
    fn faint_lines(
        i: usize,
        _run: &Timeline<Self>,
        versus: Option<&Timeline<Self>>,
        palette: Palette,
    ) -> Vec<Series> {
        versus.map_or_else(Vec::new, |b| Self::chart_lines(i, b, palette))
    }
    /// Draws the picture of a state: `(canvas, state, palette, still)`, `still` under
    /// reduced motion. A lab whose picture is not a canvas draws nothing here.
    const DRAW: Draw<Self> = |_, _, _, _| {};
    /// The calm summary read to screen readers every few seconds.
    fn live(readout: &Self::Readout) -> String;
    /// Something alarming: a change of it is read out at once.
    fn alarm(_readout: &Self::Readout) -> bool {
        false
    }
    /// Experiments that reproduce published results.
    const EXPERIMENTS: &'static crate::course::experiment::Presets =
        &crate::course::experiment::NO_PRESETS;
    /// What queueing theory (or another formula) predicts for figure `metric` under
    /// `config`, where the lab has a formula for it.
    fn theory(_config: &Self::Config, _metric: &str) -> Option<f64> {
        None
    }
}

/// The simulated time of a state, seconds.
fn seconds<S: Replay>(state: &S) -> f64 {
    crate::sim::seconds(state.ticks() * crate::sim::TICK_NS)
}

/// Lab `S`'s run of its link parameters `query` (no `lab=`; the page's own keys are taken
/// out), from its start, settled or not (see [`Measure`]). `None` when `query` opens another
/// engine of the lab (another scene).
///
/// [`Measure`]: crate::course::authored::Measure
fn headless<S: LabUi>(query: &str, settled: bool) -> Option<Timeline<S>>
where
    Timeline<S>: Engine,
{
    let query = crate::course::authored::lab_query(query);
    let (page, _) = Page::from_query(&format!("lab={}&{query}", S::LAB.key()));
    S::start(page.lab.as_ref()?)?;
    let mut link = Link::parse(&query);
    Some(if settled {
        Timeline::<S>::open_settled(&mut link)
    } else {
        Timeline::<S>::open(&mut link)
    })
}

/// Runs lab `S` headless for `run_s` simulated seconds and reads every figure of its table:
/// what course authors' rules and number steps are judged by.
pub fn measure<S: LabUi>(query: &str, run_s: f64, settled: bool) -> Option<Vec<Measured>>
where
    Timeline<S>: Engine,
{
    let mut run = headless::<S>(query, settled)?;
    run.run_to(run_s.clamp(0.0, crate::course::MAX_RUN_S));
    let readout = S::Readout::from(run.state());
    Some(
        S::figures(&run.state().settings())
            .iter()
            .map(|f| Measured {
                name: f.name,
                label: f.label,
                unit: f.unit,
                decimals: f.decimals,
                value: (f.value)(&readout),
            })
            .collect(),
    )
}

/// One run of an experiment in lab `S` (see [`Sample`]): settled, so the settings in force
/// are the run's from its start.
///
/// [`Sample`]: crate::course::experiment::Sample
pub fn sample<S: LabUi>(
    query: &str,
    warmup_s: f64,
    duration_s: f64,
    metrics: &[String],
) -> Option<Result<Vec<f64>, String>>
where
    Timeline<S>: Engine,
{
    let mut run = headless::<S>(query, true)?;
    let figures = S::figures(&run.state().settings());
    let mut read = Vec::with_capacity(metrics.len());
    for m in metrics {
        match figures.iter().find(|f| f.name == m) {
            Some(f) => read.push(f.value),
            None => return Some(Err(crate::course::rule::unknown(m))),
        }
    }
    let (first, last) = (
        warmup_s.max(0.0).floor() as u32 + 1,
        duration_s
            .min(crate::link::experiment::MAX_DURATION_S)
            .floor() as u32,
    );
    let mut sums = vec![0.0; read.len()];
    for t in first..=last {
        run.run_to(f64::from(t));
        let readout = S::Readout::from(run.state());
        for (sum, value) in sums.iter_mut().zip(&read) {
            *sum += value(&readout);
        }
    }
    let n = f64::from(last.saturating_sub(first) + 1);
    Some(Ok(sums.into_iter().map(|s| s / n).collect()))
}

/// Column `col` of a run's per-second rows over the lab's chart window.
pub fn series<S: LabUi>(run: &Timeline<S>, col: usize) -> Vec<(f64, f64)> {
    column(run.rows(), seconds(run.state()), S::CHART_WINDOW_S, col)
}

/// A lab's page before it is shown: its run, the signals its controls and extras read, and
/// the second run of a comparison.
pub struct LabShell<S: LabUi> {
    /// The run and its settings, seed, speed and pause.
    pub lab: LabRun<S>,
    /// The figures shown, refreshed ten times a second and after every change.
    pub readout: RwSignal<S::Readout>,
    /// The second run, when comparing.
    pub versus: Versus<S>,
    /// The simulated time of the readout, seconds.
    now: RwSignal<f64>,
    /// The picture's canvases: the run's, and the compared run's.
    pub canvases: (NodeRef<html::Canvas>, NodeRef<html::Canvas>),
    frame: LabFrame,
    charts: StoredValue<Vec<ChartHandle>>,
    /// What the lab itself clears when the run starts again.
    on_reset: StoredValue<Option<Callback<()>>>,
}

impl<S: LabUi> Clone for LabShell<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: LabUi> Copy for LabShell<S> {}

/// What a lab adds to the shared page.
pub struct LabParts {
    /// The page's title.
    pub title: &'static str,
    /// The introduction (left out when embedded).
    pub intro: &'static str,
    /// What the picture shows, for screen readers.
    pub picture: &'static str,
    /// The picture's class (`tall` for a taller one).
    pub picture_class: &'static str,
    /// The lab's own control panels.
    pub controls: AnyView,
    /// The key under the picture: what each colour means.
    pub key: AnyView,
    /// Shown above the charts: alerts and notices.
    pub notices: AnyView,
    /// Shown after "All figures": the lab's tables.
    pub extra: AnyView,
    /// Called with the time after each refresh of the readouts (tables kept current).
    pub on_readout: Option<Box<dyn FnMut(f64)>>,
    /// Called every frame, after the run has moved on and before the pictures are drawn
    /// (a picture that keeps state between frames draws itself here).
    pub on_frame: Option<Box<dyn FnMut(f64, Preferences)>>,
}

/// The key under a picture: a swatch of each colour class, `(class, what it stands for)`.
pub fn swatches(key: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let last = key.len().saturating_sub(1);
    key.iter()
        .enumerate()
        .map(|(i, (class, text))| {
            view! { <span class=format!("swatch {class}")></span>{*text}{(i < last).then_some(" ")} }
        })
        .collect_view()
}

impl LabParts {
    /// A page of `title` whose picture shows `picture`, with no controls or extras yet.
    pub fn new(title: &'static str, intro: &'static str, picture: &'static str) -> Self {
        Self {
            title,
            intro,
            picture,
            picture_class: "",
            controls: ().into_any(),
            key: ().into_any(),
            notices: ().into_any(),
            extra: ().into_any(),
            on_readout: None,
            on_frame: None,
        }
    }
}

impl<S: LabUi> LabShell<S> {
    /// Opens the run of `page` (one of this lab's own), moved on to its `t`.
    pub fn open(frame: LabFrame, page: LabParams) -> Self {
        let run = *page.run();
        // A page of this lab always starts its engine; a fresh default run is the fallback
        // the types ask for.
        let timeline = S::start(&page)
            .unwrap_or_else(|| Timeline::new(S::fresh(run.seed, S::Config::default()), Vec::new()));
        let config = timeline.start().settings();
        let versus = Versus::open(&frame, page);
        let lab = LabRun::open(&run, config, timeline, frame, S::KEEPS_GHOST);
        let readout = RwSignal::new(lab.run.with(|s| S::Readout::from(s)).unwrap_or_default());
        let now = RwSignal::new(lab.run.with(|s| seconds(s.state())).unwrap_or_default());
        let charts = S::charts(&config)
            .iter()
            .map(|_| ChartHandle::default())
            .collect();
        Self {
            lab,
            readout,
            versus,
            now,
            canvases: (NodeRef::new(), NodeRef::new()),
            frame,
            charts: StoredValue::new(charts),
            on_reset: StoredValue::new(None),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> RwSignal<S::Config> {
        self.lab.config
    }

    /// Shows the run's moment at once: settings, figures, charts (after a jump in time).
    pub fn redraw(&self) {
        if let Some((c, r, t)) = self
            .lab
            .run
            .with(|s| (s.settings(), S::Readout::from(s), seconds(s.state())))
        {
            self.lab.config.set(c);
            self.readout.set(r);
            self.now.set(t);
        }
        self.charts
            .with_value(|c| c.iter().for_each(ChartHandle::invalidate));
    }

    /// The learner's change, to the run (and the compared run).
    pub fn act(&self, action: S::Action) {
        self.lab.run.act(action);
        self.versus.act(self.lab.run, action);
        self.redraw();
    }

    /// Starts again from the settings in force and the seed.
    pub fn reset(&self) {
        self.lab.restart();
        self.versus.restart(self.lab.seed.get_untracked());
        if let Some(f) = self.on_reset.get_value() {
            f.run(());
        }
        self.redraw();
    }

    /// What the lab clears of its own when the run starts again.
    pub fn on_reset(&self, f: impl Fn() + Send + Sync + 'static) {
        self.on_reset.set_value(Some(Callback::new(move |()| f())));
    }

    /// Starts again from new settings (a change that needs a new run: a new graph, new
    /// partitions).
    pub fn restart_with(&self, config: S::Config) {
        self.lab.config.set(config);
        self.reset();
    }

    /// A figure of the readout as a signal.
    pub fn figure(&self, f: fn(&S::Readout) -> f64) -> Signal<f64> {
        let readout = self.readout;
        Signal::derive(move || readout.with(f))
    }

    /// The page of this run: its start, its actions (up to `max`), at `t`.
    pub fn page_at(&self, t: f64, paused: bool, max: usize) -> Page {
        self.lab.page(t, paused, max)
    }

    /// Reads the run.
    pub fn with<R>(&self, f: impl FnOnce(&Timeline<S>) -> R) -> Option<R> {
        self.lab.run.with(f)
    }

    /// Keeps `signal` equal to what `read` takes from the run, changing it only when it
    /// differs (so what shows it is not redrawn for nothing).
    pub fn mirror<T: PartialEq + Send + Sync + 'static>(
        &self,
        signal: RwSignal<T>,
        read: impl FnOnce(&Timeline<S>) -> T,
    ) {
        if let Some(next) = self.with(read) {
            if signal.with_untracked(|v| *v != next) {
                signal.set(next);
            }
        }
    }

    /// The frame loop: plays the run, draws the pictures, refreshes the figures, the words
    /// for screen readers and one chart a frame.
    fn animate(
        self,
        live: RwSignal<String>,
        mut on_frame: Option<Box<dyn FnMut(f64, Preferences)>>,
        mut on_readout: Option<Box<dyn FnMut(f64)>>,
    ) -> ReadSignal<crate::ui::frame::FrameStats> {
        let Self {
            lab,
            readout,
            versus,
            charts,
            now,
            canvases,
            ..
        } = self;
        let run = lab.run;
        let mut clock = PlayClock::default();
        let mut cadence = Cadence::new(charts.with_value(Vec::len));
        let prefs = theme::watch();
        frame_loop(move |now_ms| {
            let Some(prefs) = lab.play(&mut clock, now_ms, prefs) else {
                return;
            };
            versus.follow(run);
            if let Some(f) = on_frame.as_mut() {
                f(now_ms, prefs);
            }
            if let Some(c) = canvases.0.get_untracked() {
                run.with(|s| S::DRAW(&c, s, prefs.palette, prefs.reduced_motion));
            }
            if let Some(c) = canvases.1.get_untracked() {
                versus.with(|s| S::DRAW(&c, s, prefs.palette, prefs.reduced_motion));
            }
            if cadence.readout(now_ms) {
                let Some((r, t)) = run.with(|s| (S::Readout::from(s), seconds(s.state()))) else {
                    return;
                };
                if now.get_untracked() != t {
                    now.set(t);
                }
                let figures = || {
                    run.with(|s| S::figures(&s.state().settings()))
                        .unwrap_or(&[])
                };
                versus.tabulate(S::VERSUS, figures, &r, |s| S::Readout::from(s));
                let was_alarming = readout.with_untracked(S::alarm);
                if readout.with_untracked(|o| *o != r) {
                    readout.set(r.clone());
                }
                if let Some(f) = on_readout.as_mut() {
                    f(now_ms);
                }
                run.refresh();
                if cadence.live(now_ms, S::alarm(&r) != was_alarming) {
                    live.set(S::live(&r));
                }
            }
            if let Some(i) = cadence.chart(now_ms) {
                let chart = charts.with_value(|c| c.get(i).copied());
                if let Some(chart) = chart {
                    versus.with_both(run, |tl, b| {
                        chart.draw_series(
                            &S::chart_lines(i, tl, prefs.palette),
                            &S::faint_lines(i, tl, b, prefs.palette),
                            S::x_axis(i, tl),
                            prefs.palette,
                        );
                    });
                }
            }
        })
    }

    /// The experiment panel, for this lab.
    fn experiment(self) -> impl IntoView {
        use super::experiment::{panel_view, LabSide, Panel};
        let (frame, lab) = (self.frame, self.lab);
        let key = S::LAB.key();
        // The lab's settings as they stand, every one written out (the address may name only
        // some).
        let base = move || {
            let paused = lab.paused.get_untracked();
            crate::course::authored::lab_query(&lab.page(0.0, paused, MAX_LINK_ACTIONS).to_query())
        };
        // The lab's page with `sweep` at `value`: its notices, and its run.
        let with = move |sweep: &str, value: &str| {
            let q = crate::link::experiment::with_setting(&base(), sweep, value);
            Page::from_query(&format!("lab={key}&{q}"))
        };
        let figures: Vec<(&'static str, &'static str)> = self
            .lab
            .config
            .with_untracked(|c| S::figures(c).iter().map(|f| (f.name, f.label)).collect());
        let first = self
            .lab
            .config
            .with_untracked(|c| S::figures(c).iter().find(|f| f.key).map_or("", |f| f.name));
        let side = LabSide {
            base: Box::new(base),
            accepts: Box::new(move |sweep, value| {
                let (_, notices) = with(sweep, value);
                match notices.into_iter().find(|n| n.key == sweep) {
                    None => Ok(()),
                    Some(n) => Err(format!("“{sweep}={value}”: {}.", n.message)),
                }
            }),
            figures,
            theory: Box::new(move |sweep, value, metric| {
                let (page, _) = with(sweep, value);
                let run = S::start(page.lab.as_ref()?)?;
                S::theory(&run.start().settings(), metric)
            }),
            presets: S::EXPERIMENTS.all(),
            sample: frame.sample,
            keep: Box::new(move |e| {
                frame.experiment.set(e);
                let paused = lab.paused.get_untracked();
                crate::ui::page_url::replace(&lab.page(0.0, paused, MAX_LINK_ACTIONS).to_query());
            }),
            load_preset: Box::new(move |p| {
                frame.experiment.set(Some(p.experiment()));
                frame
                    .load
                    .run(Page::from_query(&format!("lab={key}&{}", p.setup)).0);
            }),
        };
        let prefs = crate::ui::theme::watch();
        let palette = Signal::derive(move || prefs.get().palette);
        panel_view(
            Panel::new(frame.experiment.get_untracked(), first),
            side,
            palette,
        )
    }

    /// The page, with the lab's `parts`.
    pub fn page(self, parts: LabParts) -> impl IntoView {
        let shell = self;
        let LabRun {
            seed,
            speed,
            paused,
            run,
            ..
        } = shell.lab;
        let frame = shell.frame;
        let readout = shell.readout;
        let now = shell.now;
        Effect::new(move |_| frame.report_time(now.get()));
        let canvases = shell.canvases;
        let live = RwSignal::new(String::new());
        let frame_stats = shell.animate(live, parts.on_frame, parts.on_readout);
        let config = shell.lab.config;
        // The figures change with a scene or a dataset, not with every slider's move.
        let shown = Memo::new(move |_| {
            config.with(|c| {
                S::figures(c)
                    .iter()
                    .map(|f| (f.name, f.label))
                    .collect::<Vec<_>>()
            })
        });
        let tiles = move |key: bool| {
            move || {
                // Read, not only tracked: a memo never read never runs, and so never learns
                // of the scene's change.
                shown.with(|_| ());
                config.with_untracked(|c| {
                    S::figures(c)
                        .iter()
                        .filter(|f| f.key == key)
                        .map(|f| view! { <Metric name=f.name label=f.label unit=f.unit decimals=f.decimals value=shell.figure(f.value) /> })
                        .collect_view()
                })
            }
        };
        let charts = shell.charts.get_value();
        let chart_views: Vec<_> = S::charts(&config.get_untracked())
            .iter()
            .copied()
            .zip(charts)
            .map(|(spec, handle)| {
                let summary = Signal::derive(move || readout.with(spec.summary));
                view! { <TimeChart handle=handle title=spec.title legend=spec.legend.to_vec() summary=summary /> }
            })
            .collect();
        let lab = shell.lab;
        let on_step = move |()| {
            run.step(100);
            shell.redraw();
        };
        let link = move |()| lab.link();
        let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
        let start_page =
            Callback::new(move |()| lab.page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS));
        let versus = shell.versus;
        view! {
            <LabPage title=parts.title intro=parts.intro embed=frame.embed live=live frame_stats=frame_stats>
                <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                    {parts.controls}
                    <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| shell.reset() link=link />
                    {run.bar(S::LAB, paused, move || shell.redraw(), page, S::start)}
                    <VersusPicker lab=S::LAB frame=frame page=start_page />
                </form>
                <div class="stage">
                    <div class="flow" class:versus=versus.compare.is_some()>
                        <VersusCanvases versus=versus.labels() a=canvases.0 b=canvases.1 label=parts.picture class=parts.picture_class />
                        <p class="flow-key">{parts.key}</p>
                    </div>
                    <div class="readouts key-figures" aria-label="Key figures">{tiles(true)}</div>
                    {versus.table()}
                    {parts.notices}
                    <div class="charts">{chart_views}</div>
                    <details class="all-figures" open>
                        <summary>"All figures"</summary>
                        <div class="readouts" aria-label="All figures">
                            <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=now />
                            {tiles(false)}
                        </div>
                    </details>
                    {parts.extra}
                    {shell.experiment()}
                </div>
            </LabPage>
        }
    }
}
