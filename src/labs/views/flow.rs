//! The views lab's picture: the orders table filling, changes flowing into the three views
//! (a dot per batch of changes; a sweep while a refresh reads the table), each view's
//! staleness against the alert threshold, and where reads go. Drawn from the engine's state
//! every frame.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::sim::views::feed::{Feed, Network};
use crate::sim::views::refresh::Job;
use crate::sim::views::table::MAX_ORDERS;
use crate::sim::views::view::ViewKind;
use crate::sim::views::{ReadFrom, Refresh, ViewsSim};
use crate::text::group;
use crate::ui::canvas::{dots, prepare};
use crate::ui::theme::{css, Palette};

/// Dots on each path from the table to a view while changes flow.
const DOTS: usize = 6;

/// Below this width (a phone, two runs side by side) the picture is drawn compact.
const COMPACT_W: f64 = 520.0;

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &ViewsSim, p: Palette, still: bool) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    if let Some((net, feed)) = sim.feed() {
        draw_feed(&ctx, sim, net, feed, p, still, (w, h));
        return;
    }
    let compact = w < COMPACT_W;
    let table_w = if compact { 0.3 * w } else { 0.24 * w };
    let (tx, ty, th) = (8.0, 8.0, h - 46.0);
    draw_table(&ctx, sim, p, (tx, ty, table_w, th));
    let vx = w * if compact { 0.58 } else { 0.55 };
    let vw = w - vx - 8.0;
    let row_h = th / 3.0;
    let c = sim.config();
    let phase = if still {
        0.0
    } else {
        (sim.now_s() * 0.8).fract()
    };
    for (i, kind) in ViewKind::ALL.into_iter().enumerate() {
        let y = ty + i as f64 * row_h;
        let v = sim.view(kind);
        let (x0, y0, x1, y1) = (tx + table_w, ty + th / 2.0, vx, y + row_h / 2.0);
        let flowing = match c.refresh_of(i) {
            Refresh::Stream => c.order_rate > 0,
            _ => !v.is_idle(),
        };
        ctx.set_stroke_style_str(&css(p.grid, 1.0));
        ctx.begin_path();
        ctx.move_to(x0, y0);
        ctx.line_to(x1, y1);
        ctx.stroke();
        if flowing {
            dots(&ctx, &css(p.arrival, 0.9), (x0, y0), (x1, y1), DOTS, phase);
        }
        draw_view(&ctx, sim, p, kind, compact, (vx, y + 2.0, vw, row_h - 8.0));
    }
    let (p50, _, _) = sim.read_p50_p99();
    let reads = group(f64::from(c.read_rate));
    // A narrow picture (a phone, two runs side by side) gets the same figures in fewer words,
    // so the line ends inside the canvas.
    let line = match (c.read_from, compact) {
        (ReadFrom::Query, false) => format!(
            "{reads} reads/s → query: {} rows scanned, {p50:.1} ms each",
            group(sim.rows_per_read()),
        ),
        (ReadFrom::Query, true) => format!(
            "{reads}/s → query: {} rows, {p50:.1} ms",
            group(sim.rows_per_read()),
        ),
        (ReadFrom::View, false) => format!(
            "{reads} reads/s → view: {} row lookups, {p50:.2} ms each",
            c.categories,
        ),
        (ReadFrom::View, true) => {
            format!("{reads}/s → view: {} lookups, {p50:.2} ms", c.categories)
        }
    };
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(&line, 8.0, h - 18.0);
}

/// LinkedIn: the posts table, each post fanned out to its author's connections' feeds, the
/// feeds' staleness, and how the app is opened.
fn draw_feed(
    ctx: &CanvasRenderingContext2d,
    sim: &ViewsSim,
    net: &Network,
    feed: &Feed,
    p: Palette,
    still: bool,
    (w, h): (f64, f64),
) {
    let c = sim.config();
    let (tx, ty, th) = (8.0, 8.0, h - 46.0);
    // A phone's picture is some 360 px wide: a smaller font and fewer words keep every line
    // inside its box.
    let compact = w < COMPACT_W;
    if compact {
        ctx.set_font("11px system-ui, sans-serif");
    }
    let table_w = if compact { 0.3 * w } else { 0.26 * w };
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(tx, ty, table_w, th);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text("posts", tx + 6.0, ty + 14.0);
    let _ = ctx.fill_text(
        &format!("{} rows", group(sim.orders().len() as f64)),
        tx + 6.0,
        ty + 32.0,
    );
    let _ = ctx.fill_text(
        &format!("{} members", group(f64::from(net.members()))),
        tx + 6.0,
        ty + 50.0,
    );
    let _ = ctx.fill_text(
        &format!(
            "{} connections{}",
            net.degree(),
            if compact { "" } else { " each" }
        ),
        tx + 6.0,
        ty + 68.0,
    );
    let (vx, vw) = (w * 0.58, w * 0.42 - 8.0);
    let (x0, y0) = (tx + table_w, ty + th / 2.0);
    let phase = if still {
        0.0
    } else {
        (sim.now_s() * 0.8).fract()
    };
    // A post fans out: one path per row of feeds it is written to.
    for k in 0..4 {
        let y1 = ty + th * (0.15 + 0.7 * f64::from(k) / 3.0);
        ctx.set_stroke_style_str(&css(p.grid, 1.0));
        ctx.begin_path();
        ctx.move_to(x0, y0);
        ctx.line_to(vx, y1);
        ctx.stroke();
        if c.order_rate > 0 {
            dots(ctx, &css(p.arrival, 0.9), (x0, y0), (vx, y1), DOTS, phase);
        }
    }
    ctx.set_stroke_style_str(&css(if feed.alert { p.rejected } else { p.served }, 1.0));
    ctx.set_line_width(if feed.alert { 2.5 } else { 1.5 });
    ctx.stroke_rect(vx, ty, vw, th);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let stale = sim.feed_staleness_s();
    let title = if compact {
        "feeds (10 posts)"
    } else {
        "feed (10 posts a member)"
    };
    let _ = ctx.fill_text(title, vx + 6.0, ty + 14.0);
    let _ = ctx.fill_text(
        &format!(
            "{stale:.1} s behind{}",
            if feed.alert { ": ALERT" } else { "" }
        ),
        vx + 6.0,
        ty + 32.0,
    );
    let _ = ctx.fill_text(
        &format!(
            "{} {}waiting",
            group(feed.lag(sim.orders()) as f64),
            if compact { "" } else { "posts " }
        ),
        vx + 6.0,
        ty + 50.0,
    );
    let _ = ctx.fill_text(
        &format!("{} writes", group(feed.writes as f64)),
        vx + 6.0,
        ty + 68.0,
    );
    let share = (stale / f64::from(c.stale_alert_s)).clamp(0.0, 1.0);
    ctx.set_fill_style_str(&css(if feed.alert { p.rejected } else { p.dropped }, 0.8));
    ctx.fill_rect(vx + 6.0, ty + th - 14.0, (vw - 12.0) * share, 6.0);
    let (p50, _, _) = sim.read_p50_p99();
    let line = match c.read_from {
        ReadFrom::Query => format!(
            "{} opens/s → ranked on open: {} posts{}, {:.1} ms",
            group(f64::from(c.read_rate)),
            group(sim.rows_per_read()),
            if compact { "" } else { " each" },
            p50
        ),
        ReadFrom::View => format!(
            "{} opens/s → one feed row, {:.2} ms",
            group(f64::from(c.read_rate)),
            p50
        ),
    };
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(&line, 8.0, h - 18.0);
}

fn draw_table(
    ctx: &CanvasRenderingContext2d,
    sim: &ViewsSim,
    p: Palette,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let rows = sim.orders().len();
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(x, y, w, h);
    let share = (rows as f64 / MAX_ORDERS as f64).clamp(0.0, 1.0);
    ctx.set_fill_style_str(&css(p.queue, 0.35));
    ctx.fill_rect(x, y + h * (1.0 - share), w, h * share);
    let today = sim.rows_today() as f64 / MAX_ORDERS as f64;
    ctx.set_fill_style_str(&css(p.arrival, 0.35));
    ctx.fill_rect(x, y + h * (1.0 - today.min(1.0)), w, h * today.min(1.0));
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text("orders", x + 6.0, y + 14.0);
    let _ = ctx.fill_text(&format!("{} rows", group(rows as f64)), x + 6.0, y + 32.0);
    let _ = ctx.fill_text(
        &format!("today {}", group(sim.rows_today() as f64)),
        x + 6.0,
        y + 50.0,
    );
    let _ = ctx.fill_text(&format!("day {}", sim.day() + 1), x + 6.0, y + 68.0);
}

fn draw_view(
    ctx: &CanvasRenderingContext2d,
    sim: &ViewsSim,
    p: Palette,
    kind: ViewKind,
    compact: bool,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let v = sim.view(kind);
    let c = sim.config();
    let stale = sim.staleness_s(kind);
    ctx.set_stroke_style_str(&css(if v.alert { p.rejected } else { p.served }, 1.0));
    ctx.set_line_width(if v.alert { 2.5 } else { 1.5 });
    ctx.stroke_rect(x, y, w, h);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let name = if compact {
        match kind {
            ViewKind::ByUser => "by user",
            ViewKind::ByProduct => "by product",
            ViewKind::Daily => "daily",
        }
    } else {
        kind.name()
    };
    let _ = ctx.fill_text(name, x + 6.0, y + 12.0);
    ctx.set_fill_style_str(&css(if v.alert { p.rejected } else { p.fg }, 1.0));
    let status = if v.alert {
        format!("{stale:.1} s behind: ALERT")
    } else {
        format!("{stale:.1} s behind")
    };
    let _ = ctx.fill_text(&status, x + 6.0, y + 26.0);
    // Staleness against the threshold, right under the figure it draws: the bar is full at
    // the threshold. Placed from the top so the detail line below never runs into it.
    let share = (stale / f64::from(c.stale_alert_s)).clamp(0.0, 1.0);
    ctx.set_fill_style_str(&css(if v.alert { p.rejected } else { p.dropped }, 0.8));
    ctx.fill_rect(x + 6.0, y + 33.0, (w - 12.0) * share, 4.0);
    let detail = match (c.refresh_of(kind.index()), v.job()) {
        (Refresh::Stream, _) if c.cache => format!(
            "lag {} · cache {} keys",
            group(v.lag(sim.orders()) as f64),
            v.cached()
        ),
        (Refresh::Stream, _) => format!("lag {}", group(v.lag(sim.orders()) as f64)),
        (_, Job::Idle) => format!("{} refreshes", v.stats().refreshes),
        (
            _,
            Job::Full {
                write_ns: Some(_), ..
            },
        ) => "writing the rebuilt view".to_owned(),
        (_, _) => format!(
            "refreshing {:.0} %",
            v.progress(sim.orders()).unwrap_or(0.0) * 100.0
        ),
    };
    ctx.set_fill_style_str(&css(p.fg, 0.8));
    if h > 50.0 {
        let _ = ctx.fill_text(&detail, x + 6.0, y + 46.0);
    }
}
