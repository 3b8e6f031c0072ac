//! The views lab's page: controls, the picture, live figures, charts and today's dashboard
//! as the query and the view give it.

use leptos::html;
use leptos::prelude::*;

use super::flow;
use super::guide::ViewsRun;
use super::panels::ViewsControls;
use super::params::Params;
use super::tables::ViewsTables;
use super::text;
use crate::labs::frame::LabFrame;
use crate::labs::link_actions::MAX_LINK_ACTIONS;
use crate::labs::{Lab, LabParams};
use crate::sim::views::view::{Agg, ViewKind};
use crate::sim::views::{Dataset, ViewsAction, ViewsCounters, ViewsSim};
use crate::text::group;
use crate::page::cadence::Cadence;
use crate::ui::chart::{column, ChartHandle, Series, TimeChart};
use crate::ui::frame::{frame_loop, PlayClock};
use crate::page::lab_page::LabPage;
use crate::page::lab_run::LabRun;
use crate::ui::metric::Metric;
use crate::ui::playback::Playback;
use crate::ui::theme;
use crate::page::versus::{Figure, Versus, VersusCanvases, VersusPicker};

/// How often the views are checked against their queries on their own, and up to what size.
const AUTO_CHECK_MS: f64 = 2_000.0;
const AUTO_CHECK_ROWS: usize = 200_000;
/// Seconds of simulated time the charts show.
const CHART_WINDOW_S: f64 = 120.0;
use super::tables::MEMBER_SHOWN;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Readout {
    now_s: f64,
    c: ViewsCounters,
    p50: f64,
    p99: f64,
    rows_per_read: f64,
    refresh_rows: u64,
    stale: [f64; 3],
    stalest: f64,
    alert: bool,
    lag: u64,
    base_rows: usize,
    /// Read by refreshing, and view rows written, since the start.
    totals: (u64, u64),
    /// LinkedIn: opening the app on the query and from the feed, ms.
    open: (f64, f64),
}

impl Readout {
    fn of(sim: &ViewsSim) -> Self {
        let (p50, p99, _) = sim.read_p50_p99();
        Self {
            now_s: sim.now_s(),
            c: *sim.counters(),
            p50,
            p99,
            rows_per_read: sim.rows_per_read(),
            refresh_rows: sim.refresh_rows_per_s(),
            stale: ViewKind::ALL.map(|k| sim.staleness_s(k)),
            stalest: sim.stalest_s(),
            alert: match sim.feed() {
                Some((_, f)) => f.alert,
                None => ViewKind::ALL.iter().any(|k| sim.view(*k).alert),
            },
            lag: sim.stream_lag(),
            base_rows: sim.orders().len(),
            totals: sim.refresh_totals(),
            open: sim.open_costs_ms().unwrap_or_default(),
        }
    }

    fn stalest(&self) -> f64 {
        self.stalest
    }
}

/// Draws chart `i` (0: read time, 1: staleness, 2: refresh work) from the run's rows.
fn draw_chart(
    i: usize,
    chart: &ChartHandle,
    run: &ViewsRun,
    b: Option<&ViewsRun>,
    p: theme::Palette,
) {
    let b = b.map(|b| lines(i, b, p)).unwrap_or_default();
    chart.draw_versus(&lines(i, run, p), &b, CHART_WINDOW_S, p);
}

/// The figures set side by side when two runs are compared.
const FIGURES: [Figure<Readout>; 6] = [
    ("read_p50_ms", "Read p50, ms", |r| format!("{:.2}", r.p50)),
    ("read_p99_ms", "Read p99, ms", |r| format!("{:.2}", r.p99)),
    ("rows_scanned_per_read", "Rows per read", |r| {
        format!("{:.0}", r.rows_per_read)
    }),
    ("staleness_s", "Stalest view, s behind", |r| {
        format!("{:.2}", r.stalest)
    }),
    ("refresh_rows_per_s", "Refresh work, rows/s", |r| {
        r.refresh_rows.to_string()
    }),
    ("stale_alerts_total", "Stale alerts", |r| {
        r.c.stale_alerts.to_string()
    }),
];

/// Chart `i`'s lines for one run.
fn lines(i: usize, run: &ViewsRun, p: theme::Palette) -> Vec<Series> {
    let series = |col: usize| column(run.rows(), run.now_s(), CHART_WINDOW_S, col);
    match i {
        0 => vec![(p.served, series(2)), (p.rejected, series(3))],
        1 => {
            let threshold = f64::from(run.config().stale_alert_s);
            let span = vec![(-CHART_WINDOW_S, threshold), (0.0, threshold)];
            if run.feed().is_some() {
                vec![(p.arrival, series(12)), (p.rejected, span)]
            } else {
                vec![
                    (p.arrival, series(6)),
                    (p.served, series(7)),
                    (p.dropped, series(8)),
                    (p.rejected, span),
                ]
            }
        }
        _ => vec![(p.queue, series(5))],
    }
}

lab_model!(
    ViewsSim,
    crate::sim::views::ViewsConfig,
    |run, config, actions| LabParams::Views(Params {
        run,
        config,
        actions,
    })
);

/// The materialized-views lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn ViewsLab(params: Params, frame: LabFrame) -> impl IntoView {
    let start = |p: &LabParams| match p {
        LabParams::Views(p) => Some(p.timeline()),
        _ => None,
    };
    let versus = Versus::open(&frame, LabParams::Views(params.clone()), start);
    let lab = LabRun::open(&params.run, params.config, params.timeline(), frame);
    let LabRun {
        config,
        seed,
        speed,
        paused,
        run,
        ..
    } = lab;
    let readout = RwSignal::new(run.with(|s| Readout::of(s)).unwrap_or_default());
    let linkedin = params.config.dataset == Dataset::Linkedin;
    let dashboard = RwSignal::new((Vec::<Agg>::new(), Vec::<Agg>::new()));
    // LinkedIn: a member's feed as (post, author, relevance).
    let member_feed = RwSignal::new(Vec::<(u32, u32, u32)>::new());
    let matches = RwSignal::new(true);
    let checked_at = RwSignal::new(0.0_f64);
    let live = RwSignal::new(String::new());
    let charts: [ChartHandle; 3] = Default::default();
    let check = move || {
        if let Some((ok, t)) = run.with(|s| (s.views_match_query(), s.now_s())) {
            matches.set(ok);
            checked_at.set(t);
        }
    };
    let redraw = move || {
        if let Some((c, r)) = run.with(|s| (*s.config(), Readout::of(s))) {
            config.set(c);
            readout.set(r);
        }
        charts.iter().for_each(ChartHandle::invalidate);
    };
    let act = move |action: ViewsAction| {
        run.act(action);
        versus.act(run, action);
        redraw();
    };
    let reset = move || {
        lab.restart();
        versus.restart(seed.get_untracked());
        redraw();
        check();
    };
    let page = move |t: f64, paused: bool, max: usize| lab.page(t, paused, max);
    Effect::new(move |_| frame.report_time(readout.with(|r| r.now_s)));

    let canvas = NodeRef::<html::Canvas>::new();
    let canvas_b = NodeRef::<html::Canvas>::new();
    let mut clock = PlayClock::default();
    let mut cadence = Cadence::new(charts.len());
    let mut last_check = f64::MIN;
    let prefs = theme::watch();
    let frame_stats = frame_loop(move |now_ms| {
        let Some(prefs) = lab.play(&mut clock, now_ms, prefs) else {
            return;
        };
        versus.follow(run);
        if let Some(c) = canvas.get_untracked() {
            run.with(|s| flow::draw(&c, s, prefs.palette, prefs.reduced_motion));
        }
        if let Some(c) = canvas_b.get_untracked() {
            versus.with(|s| flow::draw(&c, s, prefs.palette, prefs.reduced_motion));
        }
        if cadence.readout(now_ms) {
            let Some(r) = run.with(|s| Readout::of(s)) else {
                return;
            };
            versus.tabulate(&FIGURES, &r, |s| Readout::of(s));
            let was_alert = readout.with_untracked(|o| o.alert);
            if readout.get_untracked() != r {
                readout.set(r);
            }
            if linkedin {
                let list: Vec<(u32, u32, u32)> = run
                    .with(|s| {
                        s.feed().map_or_else(Vec::new, |(_, f)| {
                            f.feed_of(MEMBER_SHOWN)
                                .iter()
                                .map(|e| {
                                    (
                                        e.post,
                                        s.orders().get(u64::from(e.post)).map_or(0, |o| o.user),
                                        e.rank - 1,
                                    )
                                })
                                .collect()
                        })
                    })
                    .unwrap_or_default();
                if member_feed.with_untracked(|m| *m != list) {
                    member_feed.set(list);
                }
            } else {
                let today = run
                    .with(|s| (s.today_by_query(), s.today_by_view()))
                    .unwrap_or_default();
                if dashboard.with_untracked(|d| *d != today) {
                    dashboard.set(today);
                }
            }
            if now_ms - last_check >= AUTO_CHECK_MS && r.base_rows <= AUTO_CHECK_ROWS {
                last_check = now_ms;
                check();
            }
            run.refresh();
            if cadence.live(now_ms, r.alert != was_alert) {
                live.set(format!(
                    "Reads take {:.1} ms at the median; the stalest view is {:.1} s behind{}.",
                    r.p50,
                    r.stalest(),
                    if r.alert {
                        ", past the alert threshold"
                    } else {
                        ""
                    }
                ));
            }
        }
        if let Some(i) = cadence.chart(now_ms) {
            versus.with_both(run, |tl, b| draw_chart(i, &charts[i], tl, b, prefs.palette));
        }
    });

    let on_step = move |()| {
        run.step(100);
        redraw();
    };
    let link = move |()| lab.link();
    let start_page =
        Callback::new(move |()| lab.page(0.0, paused.get_untracked(), MAX_LINK_ACTIONS));
    let r = move |f: fn(&Readout) -> f64| Signal::derive(move || f(&readout.get()));
    let any_alert = move || readout.get().alert;
    let open_both = linkedin.then(|| {
        view! {
            <Metric name="open_by_query_ms" label="Opening the app, ranked on open" unit="ms" decimals=2 value=r(|r| r.open.0) />
            <Metric name="open_by_feed_ms" label="Opening the app, from the feed" unit="ms" decimals=2 value=r(|r| r.open.1) />
        }
    });
    let per_view = (!linkedin).then(|| {
        view! {
            <Metric name="staleness_by_user_s" label="orders_by_user" unit="s behind" decimals=2 value=r(|r| r.stale[0]) />
            <Metric name="staleness_by_product_s" label="orders_by_product" unit="s behind" decimals=2 value=r(|r| r.stale[1]) />
            <Metric name="staleness_daily_s" label="daily_sales_by_category" unit="s behind" decimals=2 value=r(|r| r.stale[2]) />
        }
    });
    let staleness_legend = if linkedin {
        vec![("feed", "arrival"), ("threshold", "rejected")]
    } else {
        vec![
            ("by user", "arrival"),
            ("by product", "served"),
            ("daily", "dropped"),
            ("threshold", "rejected"),
        ]
    };
    let tables = view! {
        <ViewsTables linkedin=linkedin dashboard=dashboard member_feed=member_feed matches=matches checked_at=checked_at on_check=move |()| check() />
    };

    view! {
        <LabPage title="Materialized views: compute once, read many times" intro=if linkedin { text::LINKEDIN } else { text::INTRO } embed=frame.embed live=live frame_stats=frame_stats>
            <form class="controls" aria-label="Simulation controls" on:submit=|ev| ev.prevent_default()>
                <ViewsControls config=config act=act linkedin=linkedin />
                <Playback paused=paused speed=speed seed=seed on_step=on_step on_reset=move |()| reset() link=link />
                {run.bar(Lab::Views, paused, redraw, page, start)}
                <VersusPicker lab=Lab::Views frame=frame page=start_page />
            </form>
            <div class="stage">
                <div class="flow" class:versus=versus.compare.is_some()>
                    <VersusCanvases versus=versus.labels() a=canvas b=canvas_b label="Animation: the orders table, changes flowing into the three views, each view's staleness against the alert threshold, and where reads go" />
                    <p class="flow-key">
                        <span class="swatch arrival"></span>{if linkedin { "posts fanned out to feeds " } else { "changes flowing, today's orders " }}
                        <span class="swatch dropped"></span>"staleness (full at the threshold) "
                        <span class="swatch rejected"></span>"alert"
                    </p>
                </div>
                {versus.table()}
                {move || any_alert().then(|| view! {
                    <p class="notice" role="alert" data-alert="stale">{move || format!("Stale view: {:.1} s behind, past the {} s threshold. Users are reading old totals.", readout.get().stalest(), config.get().stale_alert_s)}</p>
                })}
                <div class="readouts" aria-label="Live figures">
                    <Metric name="sim_time_s" label="Simulated time" unit="s" decimals=1 value=r(|r| r.now_s) />
                    <Metric name="orders_total" label=if linkedin { "Posts" } else { "Orders" } unit="total" value=r(|r| r.c.orders as f64) />
                    <Metric name="reads_total" label=if linkedin { "App opens" } else { "Dashboard reads" } unit="total" value=r(|r| r.c.reads as f64) />
                    <Metric name="read_p50_ms" label="Read p50" unit="ms" decimals=2 value=r(|r| r.p50) />
                    <Metric name="read_p99_ms" label="Read p99" unit="ms" decimals=2 value=r(|r| r.p99) />
                    <Metric name="rows_scanned_per_read" label="Rows per read" unit="mean" value=r(|r| r.rows_per_read) />
                    <Metric name="refresh_rows_per_s" label="Refresh work" unit="rows/s" value=r(|r| r.refresh_rows as f64) />
                    <Metric name="staleness_s" label="Stalest view" unit="s behind" decimals=2 value=r(Readout::stalest) />
                    {per_view}
                    {open_both}
                    <Metric name="changes_read_total" label=if linkedin { "Posts fanned out" } else { "Rows and changes read by refreshing" } unit="total" value=r(|r| r.totals.0 as f64) />
                    <Metric name="view_writes_total" label=if linkedin { "Feed writes" } else { "View rows written" } unit="total" value=r(|r| r.totals.1 as f64) />
                    <Metric name="stale_alerts_total" label="Stale alerts" unit="total" value=r(|r| r.c.stale_alerts as f64) />
                    <Metric name="stream_lag_events" label="Stream lag" unit="changes" value=r(|r| r.lag as f64) />
                    <Metric name="base_rows" label=if linkedin { "Rows in posts" } else { "Rows in orders" } unit="rows" value=r(|r| r.base_rows as f64) />
                    <Metric name="view_matches_query" label="Views equal their queries" unit="1 = yes" value=Signal::derive(move || f64::from(u8::from(matches.get()))) />
                </div>
                <div class="charts">
                    <TimeChart
                        handle=charts[0]
                        title=if linkedin { "Time to open the app (ms), one point a second" } else { "Dashboard read time (ms), one point a second" }
                        legend=vec![("p50", "served"), ("p99", "rejected")]
                        summary=Signal::derive(move || format!("Read time chart: median {:.1} ms, 99th percentile {:.1} ms", readout.get().p50, readout.get().p99))
                    />
                    <TimeChart
                        handle=charts[1]
                        title="Staleness (s behind), with the alert threshold"
                        legend=staleness_legend
                        summary=Signal::derive(move || {
                            let s = readout.get().stale;
                            format!("Staleness chart: orders_by_user {:.1} s, orders_by_product {:.1} s, daily_sales_by_category {:.1} s behind", s[0], s[1], s[2])
                        })
                    />
                    <TimeChart
                        handle=charts[2]
                        title=if linkedin { "Fan-out work (feed writes a second)" } else { "Refresh work (rows read and written a second)" }
                        legend=vec![("rows/s", "queue")]
                        summary=Signal::derive(move || format!("Refresh work chart: {} rows a second", group(readout.get().refresh_rows as f64)))
                    />
                </div>
                {tables}
            </div>
        </LabPage>
    }
}
