//! The gateway lab's picture: four clients with their token buckets, the gateway's threads
//! (coloured by the service each call waits on, split when bulkheaded), and the two services
//! with their queues, workers and breakers.

use web_sys::CanvasRenderingContext2d;
use web_sys::HtmlCanvasElement;

use crate::sim::gateway::backend::{MAX_QUEUE, WORKERS};
use crate::sim::gateway::config::{Priority, PRIORITY};
use crate::sim::gateway::{GatewaySim, Pool, State};
use crate::text::group;
use crate::ui::canvas::{dots, Picture};
use crate::ui::theme::{css, Palette};

const NAMES: [&str; 4] = ["A", "B", "C", "D"];

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &GatewaySim, p: Palette, still: bool) {
    let Some(pic) = Picture::open(canvas, p, sim.now_s(), still) else {
        return;
    };
    let Picture { ctx, w, h, small, phase } = pic;
    let c = sim.config();
    let now = crate::sim::nanos(sim.now_s());
    // Clients, with their buckets.
    let (cw, ch) = (w * 0.16, (h - 16.0) / 4.0);
    let (gx, gw) = (w * 0.27, w * 0.38);
    for (i, name) in NAMES.iter().enumerate() {
        let y = 8.0 + i as f64 * ch;
        ctx.set_stroke_style_str(&css(p.grid, 1.0));
        ctx.stroke_rect(8.0, y, cw, ch - 8.0);
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        let low = PRIORITY[i] == Priority::Low;
        let _ = ctx.fill_text(
            &if small {
                format!("{name} {}", group(f64::from(c.rates[i])))
            } else {
                format!(
                    "{name}{} {}/s",
                    if low { " (low)" } else { "" },
                    group(f64::from(c.rates[i]))
                )
            },
            14.0,
            y + 12.0,
        );
        if c.limit > 0 {
            let tokens = sim.bucket(i).map_or(0.0, |b| b.tokens(now));
            let share = (tokens / f64::from(c.burst.max(1))).clamp(0.0, 1.0);
            ctx.set_fill_style_str(&css(p.served, 0.8));
            ctx.fill_rect(14.0, y + 24.0, (cw - 12.0) * share, 5.0);
            if sim.rate_limited_per_s(i) > 0 && !small {
                ctx.set_fill_style_str(&css(p.rejected, 1.0));
                let _ = ctx.fill_text(
                    &format!("429 × {}/s", group(sim.rate_limited_per_s(i) as f64)),
                    14.0,
                    y + 38.0,
                );
            }
        }
        if c.rates[i] > 0 {
            dots(
                &ctx,
                &css(if low { p.queue } else { p.arrival }, 0.9),
                (8.0 + cw, y + ch / 2.0),
                (gx, 8.0 + (h - 16.0) / 2.0),
                3,
                phase,
            );
        }
    }
    draw_gateway(&ctx, sim, p, small, (gx, 8.0, gw, h - 16.0));
    // The services.
    let (sx, sw) = (gx + gw + 24.0, w - gx - gw - 32.0);
    let sh = (h - 24.0) / 2.0;
    for s in 0..2 {
        let y = 8.0 + s as f64 * (sh + 8.0);
        if sim.busy()[s] > 0 {
            dots(
                &ctx,
                &css(if s == 0 { p.arrival } else { p.dropped }, 0.9),
                (gx + gw, y + sh / 2.0),
                (sx, y + sh / 2.0),
                3,
                phase,
            );
        }
        draw_service(&ctx, sim, p, (s, small), (sx, y, sw, sh));
    }
}

/// The gateway: its threads, one square each, coloured by the service their call waits on.
fn draw_gateway(
    ctx: &CanvasRenderingContext2d,
    sim: &GatewaySim,
    p: Palette,
    small: bool,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let c = sim.config();
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(x, y, w, h);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let pool = match (c.pool, small) {
        (Pool::Shared, false) => "one shared pool",
        (Pool::Bulkhead, false) => "bulkheads: A's pool, then B's",
        (Pool::Shared, true) => "shared",
        (Pool::Bulkhead, true) => "bulkheads",
    };
    let _ = ctx.fill_text(
        &format!("gateway, {} threads", c.threads),
        x + 6.0,
        y + 12.0,
    );
    let _ = ctx.fill_text(pool, x + 6.0, y + 28.0);
    let k = sim.counters();
    let _ = ctx.fill_text(
        &format!(
            "{} {} · 503 {} · {} {}",
            if small { "sh" } else { "shed" },
            group((k.shed_high + k.shed_low) as f64),
            group((k.pool_full + k.refused) as f64),
            if small { "fb" } else { "fallbacks" },
            group(k.fallbacks as f64)
        ),
        x + 6.0,
        y + h - 10.0,
    );
    let threads = c.threads as usize;
    let cols = (threads as f64).sqrt().ceil().max(1.0) as usize;
    let rows = threads.div_ceil(cols);
    let (gy, gh) = (y + 40.0, h - 64.0);
    let size = ((w - 12.0) / cols as f64).min(gh / rows.max(1) as f64);
    let [a, b] = sim.busy().map(|n| n as usize);
    let split = c.pool_threads(0) as usize;
    for t in 0..threads {
        // Shared: A's calls first, then B's; bulkheads: each pool its own part.
        let used = match c.pool {
            Pool::Shared if t < a => Some(0),
            Pool::Shared if t < a + b => Some(1),
            Pool::Bulkhead if t < split && t < a => Some(0),
            Pool::Bulkhead if t >= split && t - split < b => Some(1),
            _ => None,
        };
        // A bulkhead's free threads are tinted by the service they are kept for.
        ctx.set_fill_style_str(&match used {
            Some(0) => css(p.arrival, 0.9),
            Some(_) => css(p.dropped, 0.9),
            None if c.pool == Pool::Bulkhead && t >= split => css(p.dropped, 0.15),
            None if c.pool == Pool::Bulkhead => css(p.arrival, 0.15),
            None => css(p.grid, 1.0),
        });
        let (col, row) = ((t % cols) as f64, (t / cols) as f64);
        let gap = if size > 4.0 { 1.0 } else { 0.0 };
        ctx.fill_rect(
            x + 6.0 + col * size,
            gy + row * size,
            (size - gap).max(0.5),
            (size - gap).max(0.5),
        );
    }
}

/// A service: its workers busy, its queue, its breaker and whether it is slow.
fn draw_service(
    ctx: &CanvasRenderingContext2d,
    sim: &GatewaySim,
    p: Palette,
    (s, small): (usize, bool),
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let Some(backend) = sim.backend(s) else {
        return;
    };
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.stroke_rect(x, y, w, h);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let slow = if s == 1 && sim.b_is_slow() {
        format!(" {}× slower", sim.config().slow_b_factor)
    } else {
        String::new()
    };
    let name = if small { "" } else { "service " };
    let _ = ctx.fill_text(&format!("{name}{}{slow}", NAMES[s]), x + 6.0, y + 12.0);
    let _ = ctx.fill_text(
        &format!(
            "{:.0} %{} {:.0} ms",
            sim.success_pct(s),
            if small { "" } else { " ok · p99" },
            sim.p99_ms(s)
        ),
        x + 6.0,
        y + 28.0,
    );
    let busy = backend.running() as f64 / WORKERS as f64;
    ctx.set_fill_style_str(&css(p.served, 0.8));
    ctx.fill_rect(x + 6.0, y + 38.0, (w - 12.0) * busy, 6.0);
    let queued = (libm::log10(1.0 + backend.queued() as f64) / libm::log10(1.0 + MAX_QUEUE as f64))
        .clamp(0.0, 1.0);
    ctx.set_fill_style_str(&css(p.queue, 0.8));
    ctx.fill_rect(x + 6.0, y + 48.0, (w - 12.0) * queued, 6.0);
    if let Some(b) = sim
        .breaker(s)
        .filter(|_| sim.config().breaker != crate::sim::gateway::Breaker::Off)
    {
        let (label, color) = match b.state() {
            State::Closed => ("closed", p.served),
            State::Open(_) => ("OPEN: fallbacks", p.rejected),
            State::HalfOpen { .. } => ("half-open: trying", p.queue),
        };
        let label = if small {
            label.to_owned()
        } else {
            format!("breaker {label}")
        };
        ctx.set_fill_style_str(&css(color, 1.0));
        ctx.begin_path();
        let _ = ctx.arc(x + 12.0, y + h - 12.0, 5.0, 0.0, std::f64::consts::TAU);
        ctx.fill();
        let _ = ctx.fill_text(&label, x + 22.0, y + h - 12.0);
    }
}
