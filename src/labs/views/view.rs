//! The views lab's page: controls, the picture, live figures, charts and today's dashboard
//! as the query and the view give it.

use leptos::prelude::*;

use super::flow;
use super::guide::ViewsRun;
use super::panels::ViewsControls;
use super::params::Params;
use super::tables::{ViewsTables, MEMBER_SHOWN};
use super::text;
use crate::link::registry::{Lab, LabParams};
use crate::page::frame::LabFrame;
use crate::page::lab::{figure, key, series, ChartSpec, Figure, LabParts, LabShell, LabUi, chart, Draw};
use crate::sim::views::view::{Agg, ViewKind};
use crate::sim::views::{Dataset, ViewsConfig, ViewsCounters, ViewsSim};
use crate::text::group;
use crate::ui::chart::Series;
use crate::ui::metric::Metric;
use crate::ui::theme::Palette;

/// How often the views are checked against their queries on their own, and up to what size.
const AUTO_CHECK_MS: f64 = 2_000.0;
const AUTO_CHECK_ROWS: usize = 200_000;

/// Figures copied out of the engine for the page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readout {
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

impl From<&ViewsSim> for Readout {
    fn from(sim: &ViewsSim) -> Self {
        let (p50, p99, _) = sim.read_p50_p99();
        Self {
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
}

/// The figures set side by side when two runs are compared.
const VERSUS: [&str; 6] = [
    "read_p50_ms",
    "read_p99_ms",
    "rows_scanned_per_read",
    "staleness_s",
    "refresh_rows_per_s",
    "stale_alerts_total",
];

lab_model!(ViewsSim, ViewsConfig);

/// The dashboard's figures, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const ORDERS: [Figure<Readout>; 15] = [
    key(figure("read_p99_ms", "Read p99", "ms", 2, |r| r.p99)),
    key(figure("rows_scanned_per_read", "Rows per read", "mean", 0, |r| r.rows_per_read)),
    key(figure("refresh_rows_per_s", "Refresh work", "rows/s", 0, |r| r.refresh_rows as f64)),
    key(figure("staleness_s", "Stalest view", "s behind", 2, |r| r.stalest)),
    figure("orders_total", "Orders", "total", 0, |r| r.c.orders as f64),
    figure("reads_total", "Dashboard reads", "total", 0, |r| r.c.reads as f64),
    figure("read_p50_ms", "Read p50", "ms", 2, |r| r.p50),
    figure("staleness_by_user_s", "orders_by_user", "s behind", 2, |r| r.stale[0]),
    figure("staleness_by_product_s", "orders_by_product", "s behind", 2, |r| r.stale[1]),
    figure("staleness_daily_s", "daily_sales_by_category", "s behind", 2, |r| r.stale[2]),
    figure("changes_read_total", "Rows and changes read by refreshing", "total", 0, |r| r.totals.0 as f64),
    figure("view_writes_total", "View rows written", "total", 0, |r| r.totals.1 as f64),
    figure("stale_alerts_total", "Stale alerts", "total", 0, |r| r.c.stale_alerts as f64),
    figure("stream_lag_events", "Stream lag", "changes", 0, |r| r.lag as f64),
    figure("base_rows", "Rows in orders", "rows", 0, |r| r.base_rows as f64),
];

/// LinkedIn's figures, the key ones first.
#[rustfmt::skip] // One figure a line: a table to read down.
const LINKEDIN: [Figure<Readout>; 14] = [
    key(figure("read_p99_ms", "Read p99", "ms", 2, |r| r.p99)),
    key(figure("open_by_query_ms", "Opening the app, ranked on open", "ms", 2, |r| r.open.0)),
    key(figure("open_by_feed_ms", "Opening the app, from the feed", "ms", 2, |r| r.open.1)),
    key(figure("staleness_s", "Stalest view", "s behind", 2, |r| r.stalest)),
    figure("orders_total", "Posts", "total", 0, |r| r.c.orders as f64),
    figure("reads_total", "App opens", "total", 0, |r| r.c.reads as f64),
    figure("read_p50_ms", "Read p50", "ms", 2, |r| r.p50),
    figure("rows_scanned_per_read", "Rows per read", "mean", 0, |r| r.rows_per_read),
    figure("refresh_rows_per_s", "Refresh work", "rows/s", 0, |r| r.refresh_rows as f64),
    figure("changes_read_total", "Posts fanned out", "total", 0, |r| r.totals.0 as f64),
    figure("view_writes_total", "Feed writes", "total", 0, |r| r.totals.1 as f64),
    figure("stale_alerts_total", "Stale alerts", "total", 0, |r| r.c.stale_alerts as f64),
    figure("stream_lag_events", "Stream lag", "changes", 0, |r| r.lag as f64),
    figure("base_rows", "Rows in posts", "rows", 0, |r| r.base_rows as f64),
];

/// The charts of the dashboard, and of LinkedIn's feed.
#[rustfmt::skip] // One chart a line: a table to read down.
const CHARTS: [[ChartSpec<Readout>; 3]; 2] = [
    [
        chart("Dashboard read time (ms), one point a second", &[("p50", "served"), ("p99", "rejected")], read_summary),
        chart("Staleness (s behind), with the alert threshold", &[("by user", "arrival"), ("by product", "served"), ("daily", "dropped"), ("threshold", "rejected")], stale_summary),
        chart("Refresh work (rows read and written a second)", &[("rows/s", "queue")], work_summary),
    ],
    [
        chart("Time to open the app (ms), one point a second", &[("p50", "served"), ("p99", "rejected")], read_summary),
        chart("Staleness (s behind), with the alert threshold", &[("feed", "arrival"), ("threshold", "rejected")], stale_summary),
        chart("Fan-out work (feed writes a second)", &[("rows/s", "queue")], work_summary),
    ],
];

fn read_summary(r: &Readout) -> String {
    format!(
        "Read time chart: median {:.1} ms, 99th percentile {:.1} ms",
        r.p50, r.p99
    )
}

fn stale_summary(r: &Readout) -> String {
    let s = r.stale;
    format!("Staleness chart: orders_by_user {:.1} s, orders_by_product {:.1} s, daily_sales_by_category {:.1} s behind", s[0], s[1], s[2])
}

fn work_summary(r: &Readout) -> String {
    format!(
        "Refresh work chart: {} rows a second",
        group(r.refresh_rows as f64)
    )
}

impl LabUi for ViewsSim {
    type Readout = Readout;
    const LAB: Lab = Lab::Views;
    const FIGURES: &'static [Figure<Readout>] = &ORDERS;
    const CHARTS: &'static [ChartSpec<Readout>] = &CHARTS[0];
    const CHART_WINDOW_S: f64 = 120.0;
    const VERSUS: &'static [&'static str] = &VERSUS;

    fn figures(config: &ViewsConfig) -> &'static [Figure<Readout>] {
        match config.dataset {
            Dataset::Linkedin => &LINKEDIN,
            _ => &ORDERS,
        }
    }

    fn charts(config: &ViewsConfig) -> &'static [ChartSpec<Readout>] {
        &CHARTS[usize::from(config.dataset == Dataset::Linkedin)]
    }

    fn chart_lines(i: usize, run: &ViewsRun, p: Palette) -> Vec<Series> {
        let s = |col| series(run, col);
        match i {
            0 => vec![(p.served, s(2)), (p.rejected, s(3))],
            1 => {
                let threshold = f64::from(run.config().stale_alert_s);
                let span = vec![(-Self::CHART_WINDOW_S, threshold), (0.0, threshold)];
                if run.feed().is_some() {
                    vec![(p.arrival, s(12)), (p.rejected, span)]
                } else {
                    vec![
                        (p.arrival, s(6)),
                        (p.served, s(7)),
                        (p.dropped, s(8)),
                        (p.rejected, span),
                    ]
                }
            }
            _ => vec![(p.queue, s(5))],
        }
    }

    const DRAW: Draw<Self> = flow::draw;

    fn live(r: &Readout) -> String {
        format!(
            "Reads take {:.1} ms at the median; the stalest view is {:.1} s behind{}.",
            r.p50,
            r.stalest,
            if r.alert {
                ", past the alert threshold"
            } else {
                ""
            }
        )
    }

    fn alarm(r: &Readout) -> bool {
        r.alert
    }
}

/// The materialized-views lab.
#[component]
#[allow(clippy::needless_pass_by_value)] // Leptos hands a component its props by value.
pub fn ViewsLab(params: Params, frame: LabFrame) -> impl IntoView {
    let shell = LabShell::<ViewsSim>::open(frame, LabParams::new(params.clone()));
    let linkedin = params.config.dataset == Dataset::Linkedin;
    let dashboard = RwSignal::new((Vec::<Agg>::new(), Vec::<Agg>::new()));
    // LinkedIn: a member's feed as (post, author, relevance).
    let member_feed = RwSignal::new(Vec::<(u32, u32, u32)>::new());
    let matches = RwSignal::new(true);
    let checked_at = RwSignal::new(0.0_f64);
    let check = move || {
        if let Some((ok, t)) = shell.with(|s| (s.views_match_query(), s.now_s())) {
            matches.set(ok);
            checked_at.set(t);
        }
    };
    let mut last_check = f64::MIN;
    let on_readout = move |now_ms: f64| {
        if linkedin {
            shell.mirror(member_feed, |s| {
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
            });
        } else {
            shell.mirror(dashboard, |s| (s.today_by_query(), s.today_by_view()));
        }
        let small = shell
            .with(|s| s.orders().len() <= AUTO_CHECK_ROWS)
            .unwrap_or(false);
        if now_ms - last_check >= AUTO_CHECK_MS && small {
            last_check = now_ms;
            check();
        }
    };
    let mut parts = LabParts::new(
        "Materialized views: compute once, read many times",
        if linkedin { text::LINKEDIN } else { text::INTRO },
        "Animation: the orders table, changes flowing into the three views, each view's staleness against the alert threshold, and where reads go",
    );
    let (readout, config) = (shell.readout, shell.config());
    parts.controls =
        view! { <ViewsControls config=config act=move |a| shell.act(a) linkedin=linkedin /> }
            .into_any();
    parts.key = view! {
        <span class="swatch arrival"></span>{if linkedin { "posts fanned out to feeds " } else { "changes flowing, today's orders " }}
        <span class="swatch dropped"></span>"staleness (full at the threshold) "
        <span class="swatch rejected"></span>"alert"
    }
    .into_any();
    parts.notices = view! {
        {move || readout.get().alert.then(|| view! {
            <p class="notice" role="alert" data-alert="stale">{move || format!("Stale view: {:.1} s behind, past the {} s threshold. Users are reading old totals.", readout.get().stalest, config.get().stale_alert_s)}</p>
        })}
    }
    .into_any();
    parts.extra = view! {
        <div class="readouts" aria-label="The views checked">
            <Metric name="view_matches_query" label="Views equal their queries" unit="1 = yes" value=Signal::derive(move || f64::from(u8::from(matches.get()))) />
        </div>
        <ViewsTables linkedin=linkedin dashboard=dashboard member_feed=member_feed matches=matches checked_at=checked_at on_check=move |()| check() />
    }
    .into_any();
    parts.on_readout = Some(Box::new(on_readout));
    shell.page(parts)
}
