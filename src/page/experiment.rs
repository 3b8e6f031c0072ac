//! The experiment panel every lab page has: one of the lab's settings swept over values, some
//! of its figures measured over many seeds, off the page's main thread in Web Workers; each
//! value's mean with its 95 % confidence band, a formula's curve where the lab has one, the
//! table, the CSV of every run, and the chart as PNG and SVG. The experiment is kept in the
//! lab's links (`exp=`); a link that carries one opens it ready to run, not running.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::course::experiment::{Job, Preset, Reply, Results, Sample, Summary};
use crate::link::experiment::Experiment;
use crate::ui::band_chart::{self, Band};
use crate::ui::download::{save_text, save_url};
use crate::ui::theme::Palette;

/// Most workers an experiment starts.
const MAX_WORKERS: usize = 8;

/// What runs an experiment's jobs: Web Workers, or the page's own thread between frames
/// when no worker can start (a page opened without its loader).
struct Runner {
    workers: Vec<Worker>,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
    cancelled: Rc<Cell<bool>>,
}

impl Runner {
    /// Stops every run at once: workers are terminated mid-run.
    fn cancel(&self) {
        self.cancelled.set(true);
        for w in &self.workers {
            w.terminate();
        }
    }
}

/// The bundle this page started from (`scalingLab.urls`, set by the loader).
fn bundle_urls() -> Option<(JsValue, JsValue)> {
    let lab = js_sys::Reflect::get(&js_sys::global(), &"scalingLab".into()).ok()?;
    let urls = js_sys::Reflect::get(&lab, &"urls".into()).ok()?;
    let js = js_sys::Reflect::get(&urls, &"js".into()).ok()?;
    let wasm = js_sys::Reflect::get(&urls, &"wasm".into()).ok()?;
    (js.is_string() && wasm.is_string()).then_some((js, wasm))
}

/// Workers to start: one a core, leaving one core to the page so it keeps its frame rate.
fn worker_count(jobs: usize) -> usize {
    let cores = web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency());
    ((cores as usize).saturating_sub(1))
        .clamp(1, MAX_WORKERS)
        .min(jobs.max(1))
}

/// Starts `jobs` in Web Workers, each reply to `on_reply`.
fn in_workers(jobs: VecDeque<Job>, on_reply: &Rc<dyn Fn(Reply)>) -> Option<Runner> {
    let (js, wasm) = bundle_urls()?;
    let n = worker_count(jobs.len());
    let queue = Rc::new(RefCell::new(jobs));
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let (mut workers, mut listeners) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let worker = Worker::new_with_options("experiment-worker.js", &options).ok()?;
        let (me, queue, on_reply) = (worker.clone(), queue.clone(), on_reply.clone());
        let next = move || {
            let job = queue.borrow_mut().pop_front();
            if let Some(json) = job.and_then(|j| serde_json::to_string(&j).ok()) {
                let _ = me.post_message(&JsValue::from_str(&json));
            }
        };
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            match ev.data().as_string() {
                Some(s) if s == "ready" => {}
                Some(s) => match serde_json::from_str::<Reply>(&s) {
                    Ok(r) => on_reply(r),
                    Err(e) => on_reply(Reply {
                        point: 0,
                        seed: 0,
                        values: Err(format!("a worker's answer could not be read: {e}")),
                    }),
                },
                None => return,
            }
            next();
        });
        worker.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        let start = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&start, &"js".into(), &js);
        let _ = js_sys::Reflect::set(&start, &"wasm".into(), &wasm);
        let _ = worker.post_message(&start);
        workers.push(worker);
        listeners.push(listener);
    }
    Some(Runner {
        workers,
        _listeners: listeners,
        cancelled: Rc::new(Cell::new(false)),
    })
}

/// Runs `jobs` on the page's thread, one a timer tick.
fn on_page(jobs: VecDeque<Job>, sample: Sample, on_reply: Rc<dyn Fn(Reply)>) -> Runner {
    let cancelled = Rc::new(Cell::new(false));
    fn step(
        mut jobs: VecDeque<Job>,
        sample: Sample,
        on_reply: Rc<dyn Fn(Reply)>,
        stop: Rc<Cell<bool>>,
    ) {
        if stop.get() {
            return;
        }
        if let Some(job) = jobs.pop_front() {
            on_reply(job.run(sample));
            gloo_timers::callback::Timeout::new(0, move || step(jobs, sample, on_reply, stop))
                .forget();
        }
    }
    let stop = cancelled.clone();
    gloo_timers::callback::Timeout::new(0, move || step(jobs, sample, on_reply, stop)).forget();
    Runner {
        workers: Vec::new(),
        _listeners: Vec::new(),
        cancelled,
    }
}

/// The panel's fields, as typed, and the experiment's state.
#[derive(Clone, Copy)]
pub struct Panel {
    open: RwSignal<bool>,
    sweep: RwSignal<String>,
    values: RwSignal<String>,
    /// From, to and points: what "Fill" spreads into the values.
    range: [RwSignal<String>; 3],
    metrics: RwSignal<Vec<String>>,
    seeds: RwSignal<String>,
    duration: RwSignal<String>,
    warmup: RwSignal<String>,
    /// The experiment shown (being run, run, or opened from a link).
    shown: RwSignal<Option<Experiment>>,
    results: RwSignal<Results>,
    running: RwSignal<bool>,
    started_ms: StoredValue<f64>,
    problem: RwSignal<Option<String>>,
    chart: RwSignal<usize>,
    /// The formula's figure per value and figure of the shown experiment, worked out once.
    theory: RwSignal<Vec<Vec<Option<f64>>>>,
    runner: StoredValue<Option<Runner>, LocalStorage>,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Whether a setting (`sweep`) takes `value`, with the lab's reason if not.
pub type Accepts = Box<dyn Fn(&str, &str) -> Result<(), String>>;
/// The formula's figure for `metric` with `sweep` at `value`.
pub type Theory = Box<dyn Fn(&str, &str, &str) -> Option<f64>>;

/// The lab's side, kept for the panel's closures.
type Side = StoredValue<LabSide, LocalStorage>;

/// What the lab page hands the panel.
pub struct LabSide {
    /// The lab's link parameters as they stand, every setting written out (no `lab=`).
    pub base: Box<dyn Fn() -> String>,
    /// Whether `value` is one `sweep` takes, with the lab's reason if not.
    pub accepts: Accepts,
    /// The figures: name and label.
    pub figures: Vec<(&'static str, &'static str)>,
    /// The formula's figure for `metric` with `sweep` at `value`, where the lab has one.
    pub theory: Theory,
    pub presets: &'static [Preset],
    pub sample: Option<Sample>,
    /// Writes the page's link with the experiment in it.
    pub keep: Box<dyn Fn(Option<Experiment>)>,
    /// Loads the lab at a preset's settings, with its experiment ready.
    pub load_preset: Box<dyn Fn(&'static Preset)>,
}

impl Panel {
    /// The panel, filled from `shown` (an experiment from the link) or with defaults.
    pub fn new(shown: Option<Experiment>, first_metric: &str) -> Self {
        let text = |s: String| RwSignal::new(s);
        let e = shown.clone();
        Self {
            open: RwSignal::new(e.is_some()),
            sweep: text(e.as_ref().map_or_else(String::new, |e| e.sweep.clone())),
            values: text(e.as_ref().map_or_else(String::new, |e| e.values.join(", "))),
            range: [
                text(String::new()),
                text(String::new()),
                text("5".to_owned()),
            ],
            metrics: RwSignal::new(
                e.as_ref()
                    .map_or_else(|| vec![first_metric.to_owned()], |e| e.metrics.clone()),
            ),
            seeds: text(e.as_ref().map_or(10, |e| e.seeds).to_string()),
            duration: text(e.as_ref().map_or(30.0, |e| e.duration_s).to_string()),
            warmup: text(e.as_ref().map_or(5.0, |e| e.warmup_s).to_string()),
            shown: RwSignal::new(shown),
            results: RwSignal::new(Results::default()),
            running: RwSignal::new(false),
            started_ms: StoredValue::new(0.0),
            problem: RwSignal::new(None),
            chart: RwSignal::new(0),
            theory: RwSignal::new(Vec::new()),
            runner: StoredValue::new_local(None),
        }
    }

    /// The experiment the fields describe, checked against the lab.
    fn read(&self, side: &LabSide) -> Result<Experiment, String> {
        let number = |field: &str, s: String| {
            s.trim()
                .parse::<f64>()
                .map_err(|_| format!("“{field}” is not a number"))
        };
        let e = Experiment {
            sweep: self.sweep.get_untracked(),
            values: self
                .values
                .get_untracked()
                .split(',')
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect(),
            metrics: self.metrics.get_untracked(),
            seeds: number("Seeds", self.seeds.get_untracked())? as u32,
            duration_s: number("Run for", self.duration.get_untracked())?,
            warmup_s: number("Warm-up", self.warmup.get_untracked())?,
        };
        e.check().map_err(|m| format!("The experiment {m}."))?;
        for v in &e.values {
            (side.accepts)(&e.sweep, v)?;
        }
        Ok(e)
    }

    /// Runs the experiment the fields describe.
    fn run(self, side: Side) {
        self.cancel();
        let e = match side.with_value(|side| self.read(side)) {
            Ok(e) => e,
            Err(why) => return self.problem.set(Some(why)),
        };
        self.problem.set(None);
        side.with_value(|side| (side.keep)(Some(e.clone())));
        let base = side.with_value(|side| (side.base)());
        let jobs: VecDeque<Job> = Job::all(&e, &base).into();
        let total = jobs.len();
        self.results.set(Results::new(e.values.len()));
        self.shown.set(Some(e));
        self.running.set(true);
        self.started_ms.set_value(now_ms());
        let on_reply: Rc<dyn Fn(Reply)> = Rc::new(move |r: Reply| {
            let _ = self.results.try_update(|res| res.add(r));
            if self
                .results
                .with_untracked(|r| r.done() >= total || r.failed.is_some())
            {
                let _ = self.running.try_set(false);
                self.cancel();
            }
        });
        let runner = in_workers(jobs.clone(), &on_reply).or_else(|| {
            side.with_value(|side| side.sample)
                .map(|s| on_page(jobs, s, on_reply))
        });
        if runner.is_none() {
            self.running.set(false);
            self.problem.set(Some(
                "This page cannot run experiments: it has no engine to start.".to_owned(),
            ));
        }
        self.runner.set_value(runner);
    }

    /// Spreads `points` values evenly from `from` to `to` into the values (whole numbers when
    /// both ends are), or says what is wrong.
    fn fill(self) {
        let read = |i: usize| {
            self.range[i]
                .get_untracked()
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
        };
        let points = self.range[2].get_untracked().trim().parse::<usize>().ok();
        let max = crate::link::experiment::MAX_POINTS;
        match (read(0), read(1), points) {
            (Some(from), Some(to), Some(n)) if (2..=max).contains(&n) => {
                let whole = from.fract() == 0.0 && to.fract() == 0.0;
                let mut values: Vec<String> = (0..n)
                    .map(|i| from + (to - from) * i as f64 / (n - 1) as f64)
                    .map(|x| {
                        if whole {
                            format!("{}", x.round())
                        } else {
                            format!("{}", (x * 1e6).round() / 1e6)
                        }
                    })
                    .collect();
                values.dedup();
                self.values.set(values.join(", "));
                self.problem.set(None);
            }
            _ => self.problem.set(Some(format!(
                "“From” and “To” are numbers, and “Points” 2 to {max}."
            ))),
        }
    }

    /// Stops the runs; what is done stays.
    fn cancel(self) {
        self.runner.update_value(|r| {
            if let Some(r) = r.take() {
                r.cancel();
                // Dropped a moment later: a worker's reply may be what is cancelling it.
                gloo_timers::callback::Timeout::new(0, move || drop(r)).forget();
            }
        });
        let _ = self.running.try_set(false);
    }

    /// The chart's data for metric `m` of the shown experiment.
    fn band(self, m: usize) -> Option<Band> {
        let e = self.shown.get()?;
        e.metrics.get(m)?;
        let results = self.results.get();
        Some(Band {
            labels: e.values.clone(),
            points: (0..e.values.len())
                .map(|p| results.summary(p, m).map(|s| (s.mean, s.low, s.high)))
                .collect(),
            theory: self
                .theory
                .with(|t| t.iter().map(|row| row.get(m).copied().flatten()).collect()),
        })
    }
}

/// Progress: runs and values done, and the time left.
fn progress_view(panel: Panel) -> impl IntoView {
    move || {
        let e = panel.shown.get()?;
        let (done, total) = (panel.results.with(Results::done), e.runs());
        if done == 0 && !panel.running.get() {
            return None;
        }
        let points = panel.results.with(|r| r.points_done(e.seeds));
        let elapsed = now_ms() - panel.started_ms.get_value();
        let left = if done > 0 && done < total && panel.running.get() {
            format!(
                " · about {:.0} s left",
                elapsed / done as f64 * (total - done) as f64 / 1000.0
            )
        } else {
            String::new()
        };
        Some(view! {
            <p class="experiment-progress">
                <progress max=total value=done></progress>
                {format!(" {done} of {total} runs · ")}
                <span data-metric="experiment_points_done">{points}</span>
                {format!(" of {} values done{left}", e.values.len())}
                {(!panel.running.get() && done < total).then_some(" · stopped")}
            </p>
        })
    }
}

/// The results table: a row a value (`data-point`), each figure's mean and band.
fn table_view(panel: Panel) -> impl IntoView {
    move || {
        let e = panel.shown.get()?;
        let results = panel.results.get();
        let head = e
            .metrics
            .iter()
            .map(|m| view! { <th scope="col">{m.clone()}" (mean)"</th><th scope="col">"95 % band"</th><th scope="col">"formula"</th> })
            .collect_view();
        let rows = e
            .values
            .iter()
            .enumerate()
            .map(|(p, v)| {
                let cells = e
                    .metrics
                    .iter()
                    .enumerate()
                    .map(|(m, metric)| {
                        let s: Option<Summary> = results.summary(p, m);
                        let f = |x: f64| format!("{x:.3}");
                        let formula = panel.theory.with(|t| t.get(p).and_then(|row| row.get(m).copied().flatten())).map(f).unwrap_or_default();
                        view! {
                            <td data-metric-name=metric.clone() data-mean=s.map(|s| f(s.mean))>{s.map(|s| f(s.mean))}</td>
                            <td data-low=s.map(|s| f(s.low)) data-high=s.map(|s| f(s.high))>{s.map(|s| format!("{} – {}", f(s.low), f(s.high)))}</td>
                            <td>{formula}</td>
                        }
                    })
                    .collect_view();
                view! { <tr data-point=p + 1 data-value=v.clone()><th scope="row">{v.clone()}</th><td>{results.runs.get(p).map_or(0, Vec::len)}</td>{cells}</tr> }
            })
            .collect_view();
        Some(view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Experiment results">
                <table class="experiment-results">
                    <thead><tr><th scope="col">{e.sweep}</th><th scope="col">"runs"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    }
}

/// A labelled text field bound to `value`.
fn field(
    label: &'static str,
    hook: &'static str,
    value: RwSignal<String>,
    width: &'static str,
) -> impl IntoView {
    view! {
        <label class="experiment-field">
            <span>{label}</span>
            <input type="text" data-experiment=hook style=format!("width:{width}") autocomplete="off"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// The lab's settings to sweep (its link's keys), and the figures to measure, as checkboxes.
fn choose_view(panel: Panel, side: Side) -> impl IntoView {
    let keys: Vec<String> = form_urlencoded::parse(side.with_value(|s| (s.base)()).as_bytes())
        .map(|(k, _)| k.into_owned())
        .filter(|k| !matches!(k.as_str(), "seed" | "actions" | "scene" | "dataset"))
        .collect();
    if panel.sweep.get_untracked().is_empty() {
        if let Some(k) = keys.first() {
            panel.sweep.set(k.clone());
        }
    }
    let figures = side.with_value(|s| s.figures.clone());
    let boxes = figures
        .into_iter()
        .map(|(name, label)| {
            let checked = move || panel.metrics.with(|m| m.iter().any(|x| x == name));
            view! {
                <label class="experiment-metric">
                    <input type="checkbox" data-experiment-metric=name prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            panel.metrics.update(|m| {
                                m.retain(|x| x != name);
                                if on { m.push(name.to_owned()); }
                            });
                        } />
                    <code>{name}</code>" "{label}
                </label>
            }
        })
        .collect_view();
    view! {
        <label class="experiment-field">
            <span>"Setting to sweep"</span>
            <select data-experiment="sweep" on:change=move |ev| panel.sweep.set(event_target_value(&ev))>
                {keys.into_iter().map(|k| {
                    let (value, shown) = (k.clone(), k.clone());
                    view! { <option value=value selected=move || panel.sweep.get() == k>{shown}</option> }
                }).collect_view()}
            </select>
        </label>
        <div class="experiment-row">
            {field("From", "from", panel.range[0], "8ch")}
            {field("To", "to", panel.range[1], "8ch")}
            {field("Points", "points", panel.range[2], "4ch")}
            <button type="button" class="experiment-fill" data-action="experiment-fill" on:click=move |_| panel.fill()>"Fill the values"</button>
        </div>
        {field("Values (comma-separated: numbers, or a choice's names)", "values", panel.values, "100%")}
        <details class="experiment-metrics">
            <summary>{move || format!("Figures to measure ({} chosen, at most {})", panel.metrics.with(Vec::len), crate::link::experiment::MAX_METRICS)}</summary>
            <div>{boxes}</div>
        </details>
        <div class="experiment-row">
            {field("Seeds (1–200)", "seeds", panel.seeds, "6ch")}
            {field("Run for (simulated s)", "duration", panel.duration, "6ch")}
            {field("Warm-up left out (s)", "warmup", panel.warmup, "6ch")}
        </div>
    }
}

/// The presets that reproduce published results, and the notes of the one shown.
fn presets_view(panel: Panel, side: Side) -> impl IntoView {
    let presets = side.with_value(|s| s.presets);
    let notes = move || {
        let e = panel.shown.get()?;
        let p = presets.iter().find(|p| p.experiment() == e)?;
        Some(view! {
            <div class="experiment-source" data-experiment-preset=p.id>
                <p><strong>"Source: "</strong>{p.source}</p>
                <p><strong>"Published: "</strong>{p.published}</p>
                <p><strong>"What the model leaves out: "</strong>{p.leaves_out}</p>
            </div>
        })
    };
    (!presets.is_empty()).then(|| {
        view! {
            <div class="presets" role="group" aria-label="Published results to reproduce">
                <span>"Reproduce:"</span>
                {presets.iter().enumerate().map(|(i, p)| view! {
                    <button type="button" data-action="experiment-preset" data-index=i
                        on:click=move |_| side.with_value(|s| (s.load_preset)(p))>{p.title}</button>
                }).collect_view()}
            </div>
            {notes}
        }
    })
}

/// The chart, its figure picker and the exports.
fn chart_view(panel: Panel, palette: Signal<Palette>) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| {
        let (m, p) = (panel.chart.get(), palette.get());
        if let (Some(c), Some(band)) = (canvas.get(), panel.band(m)) {
            band_chart::draw(&c, &band, p);
        }
    });
    let metrics = move || panel.shown.get().map(|e| e.metrics).unwrap_or_default();
    let png = move |_| {
        if let Some(url) = canvas.get_untracked().and_then(|c| c.to_data_url().ok()) {
            save_url("experiment.png", &url);
        }
    };
    let svg = move |_| {
        if let Some(band) = panel.band(panel.chart.get_untracked()) {
            save_text(
                "experiment.svg",
                "image/svg+xml",
                &band_chart::svg(&band, palette.get_untracked()),
            );
        }
    };
    let csv = move |_| {
        if let Some(e) = panel.shown.get_untracked() {
            save_text(
                "experiment.csv",
                "text/csv",
                &panel.results.with_untracked(|r| r.csv(&e)),
            );
        }
    };
    view! {
        <div class="experiment-chart" class:hidden=move || panel.results.with(|r| r.done() == 0)>
            <div class="buttons">
                <label class="experiment-field inline"><span>"Chart"</span>
                    <select data-experiment="chart" on:change=move |ev| panel.chart.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || metrics().into_iter().enumerate().map(|(i, m)| view! { <option value=i selected=move || panel.chart.get() == i>{m}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" data-action="experiment-csv" on:click=csv>"CSV"</button>
                <button type="button" data-action="experiment-png" on:click=png>"PNG"</button>
                <button type="button" data-action="experiment-svg" on:click=svg>"SVG"</button>
            </div>
            <canvas node_ref=canvas class="experiment-canvas" role="img"
                aria-label="The figure's mean at each value, with its 95 % band across seeds, and the formula's curve dashed where the lab has one"></canvas>
        </div>
    }
}

/// The panel.
pub fn panel_view(panel: Panel, side: LabSide, palette: Signal<Palette>) -> impl IntoView {
    let side: Side = StoredValue::new_local(side);
    on_cleanup(move || panel.cancel());
    // The formula's figures change with the experiment, not with each result.
    Effect::new(move |_| {
        let rows = panel.shown.with(|e| {
            e.as_ref().map_or_else(Vec::new, |e| {
                side.with_value(|side| {
                    e.values
                        .iter()
                        .map(|v| {
                            e.metrics
                                .iter()
                                .map(|m| (side.theory)(&e.sweep, v, m))
                                .collect()
                        })
                        .collect()
                })
            })
        });
        panel.theory.set(rows);
    });
    let described = move || {
        let e = panel.shown.get()?;
        (panel.results.with(|r| r.done() == 0) && !panel.running.get()).then(|| view! {
            <p class="hint" data-experiment-description="">{format!(
                "Ready: {} over {} ({} values), measuring {}, {} seeds each, {} simulated s a run after a {} s warm-up: {} runs in all. Nothing runs until you press Run.",
                e.sweep, e.values.join(", "), e.values.len(), e.metrics.join(", "), e.seeds, e.duration_s, e.warmup_s, e.runs()
            )}</p>
        })
    };
    view! {
        <section class="experiment" aria-labelledby="experiment-title">
            <h2 id="experiment-title">
                <button type="button" data-action="experiment" aria-expanded=move || panel.open.get().to_string()
                    on:click=move |_| panel.open.update(|o| *o = !*o)>
                    "Experiment: sweep a setting over many seeds"
                </button>
            </h2>
            <div class:hidden=move || !panel.open.get()>
                <p class="hint">"One seeded run is one possible day. Sweep a setting, run each value with many seeds, and see each figure's mean with its 95 % confidence band: the pattern, or luck. The other settings are the lab's as they stand; runs go to background workers, so the lab stays usable."</p>
                {presets_view(panel, side)}
                {choose_view(panel, side)}
                {described}
                <div class="buttons">
                    <button type="button" data-action="experiment-run" on:click=move |_| panel.run(side)
                        disabled=move || panel.running.get()>"Run"</button>
                    <button type="button" data-action="experiment-cancel" on:click=move |_| panel.cancel()
                        disabled=move || !panel.running.get()>"Cancel"</button>
                </div>
                <p class="refused" role="alert">{move || panel.problem.get()}</p>
                <p class="refused" role="alert">{move || panel.results.with(|r| r.failed.clone())}</p>
                {progress_view(panel)}
                {chart_view(panel, palette)}
                {table_view(panel)}
            </div>
        </section>
    }
}
