//! The async lab's picture: the API's request threads, the three queues filling and
//! draining, each queue's workers (working, waiting to retry, idle, or down), and the
//! dead-letter queue, with dots for orders coming in and messages on their way to the queues.
//! Drawn from the engine's state every frame.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::sim::async_processing::{AsyncSim, Mode, Task, Worker, MAX_QUEUE};
use crate::ui::canvas::{dots, prepare};
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

/// Dots on each moving path.
const DOTS: usize = 5;

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &AsyncSim, p: Palette, still: bool) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let compact = w < 520.0;
    let api_w = if compact { 0.26 * w } else { 0.2 * w };
    draw_api(&ctx, sim, p, (8.0, 8.0, api_w, h - 16.0));
    let qx = api_w + 20.0;
    let qw = (w - qx) * 0.5;
    let row_h = (h - 40.0) / 3.0;
    let phase = if still {
        0.0
    } else {
        (sim.now_s() * 0.8).fract()
    };
    let flowing = sim.config().order_rate > 0;
    let dot = css(p.arrival, 0.9);
    if flowing {
        // Orders arriving at the API.
        let y = 8.0 + (h - 16.0) * 0.62;
        dots(&ctx, &dot, (8.0, y), (8.0 + api_w, y), DOTS, phase);
    }
    for (i, task) in Task::ALL.into_iter().enumerate() {
        let y = 8.0 + i as f64 * row_h;
        if flowing && sim.config().mode == Mode::Async {
            // Each order's message on its way to this queue.
            let from = (8.0 + api_w, 8.0 + (h - 16.0) / 2.0);
            dots(&ctx, &dot, from, (qx, y + row_h / 2.0), DOTS, phase);
        }
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
    let line = if compact {
        format!("dead letters {dlq} · duplicates {delivered}, twice {twice}")
    } else {
        format!(
            "dead-letter queue: {dlq}   duplicates: {delivered} delivered, {twice} applied twice"
        )
    };
    let _ = ctx.fill_text(&line, qx, h - 14.0);
}

fn draw_api(
    ctx: &CanvasRenderingContext2d,
    sim: &AsyncSim,
    p: Palette,
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
    let refused = sim.counters().refused;
    if refused > 0 {
        ctx.set_fill_style_str(&css(p.rejected, 1.0));
        let _ = ctx.fill_text(
            &format!("{} refused", group(refused as f64)),
            x + 6.0,
            y + h - 14.0,
        );
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
    let _ = ctx.fill_text(
        &format!(
            "{}: {}",
            if compact {
                task.key()
            } else {
                task.queue_name()
            },
            group(depth as f64)
        ),
        x,
        y + 8.0,
    );
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, bar_y, w, bar_h);
    ctx.set_fill_style_str(&css(p.queue, 0.8));
    // The queue fills from the right, where the workers take from it.
    let f = fill(depth, MAX_QUEUE) * w;
    ctx.fill_rect(x + w - f, bar_y, f, bar_h);
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
    let cols = 16.0;
    let size = ((w / cols) - 2.0).clamp(3.0, 12.0);
    for (i, worker) in workers.iter().enumerate() {
        let (col, row) = ((i % 16) as f64, (i / 16) as f64);
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
