//! The async lab's picture, drawn from the engine's state every frame: each order in a
//! request thread moves across the API as its request runs (its number beside it); each
//! queue shows the messages waiting, the next to be taken nearest the workers (poison red,
//! redelivered copies outlined), with the order the next one belongs to; each queue's
//! workers show what they hold (working, waiting to retry, a poison message, down); then the
//! dead-letter queue, the reply queue and the duplicates.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::sim::async_processing::{AsyncSim, InvoicePattern, Task, Worker, MAX_QUEUE};
use crate::ui::canvas::prepare;
use crate::ui::controls::group;
use crate::ui::theme::{css, Palette};

/// How full a bar looks for `n` of at most `max`: logarithmic, so 10 and 100,000 both show.
fn fill(n: usize, max: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (libm::log10(1.0 + n as f64) / libm::log10(1.0 + max as f64)).clamp(0.02, 1.0)
    }
}

/// The labels' font: smaller where the picture is narrow (a phone, two runs side by side).
fn font(compact: bool) -> &'static str {
    if compact {
        "10px system-ui, sans-serif"
    } else {
        "12px system-ui, sans-serif"
    }
}

/// Height of one order's lane in the API.
const LANE: f64 = 11.0;

/// Draws the run onto `canvas`; `still` (reduced motion) shows each order's progress as a
/// bar filling instead of a dot travelling.
pub fn draw(canvas: &HtmlCanvasElement, sim: &AsyncSim, p: Palette, still: bool) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    let compact = w < 520.0;
    ctx.set_font(font(compact));
    ctx.set_text_baseline("middle");
    let api_w = if compact { 0.3 * w } else { 0.22 * w };
    draw_api(&ctx, sim, p, (still, compact), (8.0, 8.0, api_w, h - 16.0));
    let qx = api_w + 20.0;
    let qw = (w - qx) * 0.5;
    let row_h = (h - 40.0) / 3.0;
    for (i, task) in Task::ALL.into_iter().enumerate() {
        let y = 8.0 + i as f64 * row_h;
        draw_queue(&ctx, sim, p, task, compact, (qx, y, qw - 8.0, row_h - 6.0));
        draw_workers(
            &ctx,
            sim,
            p,
            task,
            (qx + qw, y, w - qx - qw - 8.0, row_h - 6.0),
        );
    }
    let c = sim.counters();
    ctx.set_fill_style_str(&css(
        if sim.dlq().is_empty() {
            p.fg
        } else {
            p.rejected
        },
        1.0,
    ));
    let (dlq, delivered, twice) = (
        group(sim.dlq().len() as f64),
        group(c.duplicates_delivered as f64),
        group(c.duplicate_effects as f64),
    );
    let replies = (sim.config().invoice_pattern == InvoicePattern::RequestReply)
        .then(|| group(sim.replies_pending() as f64));
    let line = match (compact, replies) {
        (true, Some(r)) => format!("DLQ {dlq} · replies due {r}"),
        (true, None) => format!("DLQ {dlq} · twice {twice}"),
        (false, r) => format!(
            "dead-letter queue: {dlq}{}   duplicates: {delivered} delivered, {twice} applied twice",
            r.map_or(String::new(), |r| format!("   reply queue: {r} awaited"))
        ),
    };
    let _ = ctx.fill_text(&line, qx, h - 14.0);
}

fn draw_api(
    ctx: &CanvasRenderingContext2d,
    sim: &AsyncSim,
    p: Palette,
    (still, compact): (bool, bool),
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let threads = sim.config().api_threads;
    let busy = sim.threads_busy();
    ctx.set_stroke_style_str(&css(p.arrival, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(x, y, w, h);
    let share = f64::from(busy) / f64::from(threads.max(1));
    ctx.set_fill_style_str(&css(p.arrival, 0.25));
    ctx.fill_rect(x, y + h * (1.0 - share.min(1.0)), w, h * share.min(1.0));
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text("API", x + 6.0, y + 14.0);
    let _ = ctx.fill_text(&format!("{busy} / {threads}"), x + 6.0, y + 32.0);
    let _ = ctx.fill_text("threads busy", x + 6.0, y + 48.0);
    // One lane an order, oldest at the top, as many as fit.
    let top = y + 60.0;
    // Lanes end above the "+N more" and "refused" lines.
    let lanes = ((h - 100.0) / LANE).max(0.0) as usize;
    let orders = sim.in_threads(lanes);
    let now = sim.now();
    ctx.set_font("10px system-ui, sans-serif");
    let track = (x + 6.0, x + w - 8.0);
    let label_w = if w > 90.0 { 34.0 } else { 0.0 };
    for (i, (order, from, until)) in orders.iter().enumerate() {
        let ly = top + i as f64 * LANE + LANE / 2.0;
        let done = (now.saturating_sub(*from) as f64 / until.saturating_sub(*from).max(1) as f64)
            .clamp(0.0, 1.0);
        let (a, b) = (track.0 + label_w, track.1);
        if label_w > 0.0 {
            ctx.set_fill_style_str(&css(p.fg, 0.75));
            let _ = ctx.fill_text(&format!("#{order}"), track.0, ly);
        }
        ctx.set_fill_style_str(&css(p.grid, 1.0));
        ctx.fill_rect(a, ly - 0.5, b - a, 1.0);
        ctx.set_fill_style_str(&css(p.arrival, 1.0));
        if still {
            ctx.fill_rect(a, ly - 2.5, (b - a) * done, 5.0);
        } else {
            ctx.begin_path();
            let _ = ctx.arc(a + (b - a) * done, ly, 3.5, 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
    }
    let more = (sim.threads_busy() as usize).saturating_sub(orders.len()) as u64;
    ctx.set_font(font(compact));
    // Under the lanes: the orders not drawn, and those refused.
    for (n, sign, what, color, up) in [
        (more, "+", "more", p.fg, 30.0),
        (sim.counters().refused, "", "refused", p.rejected, 14.0),
    ] {
        if n > 0 {
            ctx.set_fill_style_str(&css(color, 1.0));
            let text = format!("{sign}{} {what}", group(n as f64));
            let _ = ctx.fill_text(&text, x + 6.0, y + h - up);
        }
    }
}

fn draw_queue(
    ctx: &CanvasRenderingContext2d,
    sim: &AsyncSim,
    p: Palette,
    task: Task,
    compact: bool,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let depth = sim.queue(task).depth();
    let bar_y = y + 18.0;
    let bar_h = (h - 22.0).max(6.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let label = format!(
        "{}{} {}",
        if compact {
            task.key()
        } else {
            task.queue_name()
        },
        if compact { "" } else { ":" },
        group(depth as f64)
    );
    let _ = ctx.fill_text(&label, x, y + 8.0);
    // Widths estimated from the character count: 12 px system-ui averages under 7 px.
    let label_w = label.chars().count() as f64 * 7.0;
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, bar_y, w, bar_h);
    ctx.set_fill_style_str(&css(p.queue, 0.25));
    // The queue fills from the right, where the workers take from it: the bar on a log
    // scale, and the messages themselves, one square each, as many as fit.
    let f = fill(depth, MAX_QUEUE) * w;
    ctx.fill_rect(x + w - f, bar_y, f, bar_h);
    let size = (bar_h - 6.0).clamp(4.0, 9.0);
    let fits = ((w - 4.0) / (size + 2.0)).max(0.0) as usize;
    let my = bar_y + (bar_h - size) / 2.0;
    for (i, msg) in sim.queue(task).waiting().take(fits).enumerate() {
        let mx = x + w - 2.0 - (i + 1) as f64 * (size + 2.0);
        let color = if msg.poison { p.rejected } else { p.queue };
        ctx.set_fill_style_str(&css(color, 1.0));
        ctx.fill_rect(mx, my, size, size);
        if msg.delivery > 1 {
            ctx.set_stroke_style_str(&css(p.dropped, 1.0));
            ctx.stroke_rect(mx - 1.0, my - 1.0, size + 2.0, size + 2.0);
        }
    }
    if let Some(next) = sim.queue(task).waiting().next().filter(|_| !compact) {
        ctx.set_font("10px system-ui, sans-serif");
        let text = format!("next: order #{}", next.order());
        // Only where it clears the queue's name.
        if text.chars().count() as f64 * 6.0 + label_w + 8.0 < w {
            ctx.set_fill_style_str(&css(p.fg, 0.75));
            ctx.set_text_align("right");
            let _ = ctx.fill_text(&text, x + w, y + 8.0);
            ctx.set_text_align("left");
        }
        ctx.set_font(font(compact));
    }
}

fn draw_workers(
    ctx: &CanvasRenderingContext2d,
    sim: &AsyncSim,
    p: Palette,
    task: Task,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let workers = sim.queue(task).workers();
    let down = sim.is_down(task);
    ctx.set_fill_style_str(&css(if down { p.rejected } else { p.fg }, 1.0));
    let label = if down {
        "workers: service DOWN".to_owned()
    } else {
        format!("{} workers", workers.len())
    };
    let _ = ctx.fill_text(&label, x, y + 8.0);
    // Up to 64 workers in rows of 16; more (up to 256) in rows of 32, so they still fit.
    let cols = if workers.len() > 64 { 32 } else { 16 };
    let size = ((w / cols as f64) - 2.0).clamp(2.0, 12.0);
    for (i, worker) in workers.iter().enumerate() {
        let (col, row) = ((i % cols) as f64, (i / cols) as f64);
        let (wx, wy) = (x + col * (size + 2.0), y + 18.0 + row * (size + 2.0));
        if wy + size > y + h + 4.0 {
            break;
        }
        let color = match worker {
            _ if down => css(p.rejected, 0.35),
            Worker::Idle => css(p.grid, 1.0),
            Worker::Busy { msg, .. } if msg.poison => css(p.rejected, 1.0),
            Worker::Busy { .. } => css(p.served, 1.0),
            Worker::Backoff { .. } => css(p.dropped, 1.0),
        };
        ctx.set_fill_style_str(&color);
        ctx.fill_rect(wx, wy, size, size);
    }
}
