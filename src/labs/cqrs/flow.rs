//! The CQRS lab's picture: commands and queries on their paths, each store's queue and
//! connections, and the projector's backlog between the write store and the replicas.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::sim::cqrs::config::CONNECTIONS;
use crate::sim::cqrs::{Arch, CqrsSim, Store, MAX_WAITING};
use crate::text::group;
use crate::ui::canvas::{dots, Picture};
use crate::ui::theme::{css, Palette};

const DOTS: usize = 5;

/// How full a bar looks for `n` of at most `max`: logarithmic, so 10 and 100,000 both show.
pub(super) fn fill(n: usize, max: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (libm::log10(1.0 + n as f64) / libm::log10(1.0 + max as f64)).clamp(0.02, 1.0)
    }
}

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &CqrsSim, p: Palette, still: bool) {
    let Some(Picture {
        ctx, w, h, phase, ..
    }) = Picture::open(canvas, p, sim.now_s(), still)
    else {
        return;
    };
    let c = sim.config();
    let (write_dot, read_dot) = (css(p.dropped, 0.9), css(p.arrival, 0.9));
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text("clients", 8.0, h / 2.0);
    let from = (58.0, h / 2.0);
    match c.arch {
        Arch::Traditional => {
            let (x, y, bw, bh) = (w * 0.35, 16.0, w * 0.6, h - 32.0);
            if c.write_rate > 0 {
                dots(&ctx, &write_dot, from, (x, y + bh * 0.3), DOTS, phase);
            }
            if c.read_rate > 0 {
                dots(&ctx, &read_dot, from, (x, y + bh * 0.7), DOTS, phase);
            }
            if let Some(db) = sim.store(0) {
                draw_store(
                    &ctx,
                    db,
                    p,
                    "one database: commands and queries",
                    (x, y, bw, bh),
                );
            }
        }
        Arch::Cqrs => {
            let (x, bw) = (w * 0.3, w * 0.3);
            let (wy, wh) = (12.0, h * 0.3);
            if c.write_rate > 0 {
                dots(&ctx, &write_dot, from, (x, wy + wh / 2.0), DOTS, phase);
            }
            if let Some(ws) = sim.store(1) {
                draw_store(&ctx, ws, p, "write store (normalized)", (x, wy, bw, wh));
            }
            // The projector: from the write store down to the read store.
            let (px, py) = (x + bw / 2.0, wy + wh + 8.0);
            ctx.set_fill_style_str(&css(
                if sim.backlog() > 1_000 {
                    p.rejected
                } else {
                    p.fg
                },
                1.0,
            ));
            let _ = ctx.fill_text(
                &format!(
                    "projector: {} waiting, {:.0} ms behind",
                    group(sim.backlog() as f64),
                    sim.sync_lag_ms()
                ),
                px - bw / 2.0,
                py + 8.0,
            );
            if sim.counters().synced > 0 {
                dots(
                    &ctx,
                    &css(p.served, 0.9),
                    (px, py + 16.0),
                    (px, py + 40.0),
                    3,
                    phase,
                );
            }
            let replicas = c.read_replicas as usize;
            let (ry, rh) = (py + 46.0, h - py - 54.0);
            let rx = x;
            let rw = w - rx - 8.0;
            if c.read_rate > 0 {
                dots(&ctx, &read_dot, from, (rx, ry + rh / 2.0), DOTS, phase);
            }
            ctx.set_fill_style_str(&css(p.fg, 1.0));
            let _ = ctx.fill_text(
                &format!("read store (denormalized), {replicas} replicas"),
                rx,
                ry - 2.0,
            );
            let cols = replicas.min(8);
            let rows = replicas.div_ceil(cols.max(1));
            let (cw, ch) = (rw / cols.max(1) as f64, (rh - 8.0) / rows.max(1) as f64);
            for i in 0..replicas {
                let (col, row) = ((i % cols.max(1)) as f64, (i / cols.max(1)) as f64);
                if let Some(r) = sim.store(2 + i) {
                    draw_mini(
                        &ctx,
                        r,
                        p,
                        (rx + col * cw, ry + 6.0 + row * ch, cw - 4.0, ch - 4.0),
                    );
                }
            }
        }
    }
}

/// A store with its name, its queue and its 16 connections.
fn draw_store(
    ctx: &CanvasRenderingContext2d,
    s: &Store,
    p: Palette,
    name: &str,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(x, y, w, h);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(name, x + 6.0, y + 12.0);
    let _ = ctx.fill_text(
        &format!("{} waiting", group(s.waiting() as f64)),
        x + 6.0,
        y + 28.0,
    );
    let bar = fill(s.waiting(), MAX_WAITING) * (w - 12.0);
    ctx.set_fill_style_str(&css(p.queue, 0.8));
    ctx.fill_rect(x + 6.0, y + 36.0, bar, 8.0);
    let size = ((w - 12.0) / CONNECTIONS as f64 - 2.0).clamp(3.0, 14.0);
    let busy = s.in_service();
    for i in 0..CONNECTIONS {
        ctx.set_fill_style_str(&css(if i < busy { p.served } else { p.grid }, 1.0));
        ctx.fill_rect(x + 6.0 + i as f64 * (size + 2.0), y + 50.0, size, size);
    }
}

/// A replica: its queue as a bar and how many of its connections are busy.
fn draw_mini(
    ctx: &CanvasRenderingContext2d,
    s: &Store,
    p: Palette,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, y, w, h);
    let busy = s.in_service() as f64 / CONNECTIONS as f64;
    ctx.set_fill_style_str(&css(p.served, 0.6));
    ctx.fill_rect(x, y + h * (1.0 - busy), w * 0.5, h * busy);
    let q = fill(s.waiting(), MAX_WAITING);
    ctx.set_fill_style_str(&css(p.queue, 0.8));
    ctx.fill_rect(x + w * 0.5, y + h * (1.0 - q), w * 0.5, h * q);
}
