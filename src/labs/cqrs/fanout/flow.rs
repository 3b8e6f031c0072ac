//! The timeline scene's picture: tweets entering the fan-out service (each job a block as
//! wide as its followers, celebrities marked), the tweet lists merged at read time, and the
//! tracked readers' timelines lighting up as tweets reach them.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::labs::cqrs::flow::fill;
use crate::sim::cqrs::fanout::{Fanout, FanoutSim, MAX_JOBS};
use crate::sim::{nanos, Nanos};
use crate::text::group;
use crate::ui::canvas::{dots, Picture};
use crate::ui::theme::{css, Palette};

/// Jobs drawn from the head of the queue.
const JOBS_SHOWN: usize = 40;
/// How long a timeline stays lit after a delivery.
const GLOW_NS: Nanos = 400_000_000;

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &FanoutSim, p: Palette, still: bool) {
    let Some(pic) = Picture::open(canvas, p, sim.now_s(), still) else {
        return;
    };
    let Picture { ctx, w, h, small, phase } = pic;
    let c = sim.config();
    let tweet_dot = css(p.dropped, 0.9);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text("tweets", 8.0, h * 0.3);
    let from = (56.0, h * 0.3);

    // The fan-out service and its queue of jobs.
    let (fx, fy, fw, fh) = (w * 0.15, 12.0, w * 0.5, h * 0.46);
    let fanning = c.fanout != Fanout::Read;
    if fanning && c.tweet_rate > 0 {
        dots(&ctx, &tweet_dot, from, (fx, fy + fh / 2.0), 4, phase);
    }
    ctx.set_stroke_style_str(&css(if fanning { p.fg } else { p.grid }, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(fx, fy, fw, fh);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(
        &format!(
            "{}{} writes/s",
            if small {
                "fan-out, "
            } else {
                "fan-out service, "
            },
            group(f64::from(c.fanout_capacity))
        ),
        fx + 6.0,
        fy + 12.0,
    );
    let late = sim.oldest_waiting_ms() > 5_000.0;
    ctx.set_fill_style_str(&css(if late { p.rejected } else { p.fg }, 1.0));
    let waiting = if fanning || sim.backlog() > 0 {
        format!(
            "{} waiting, oldest {:.1} s",
            group(sim.backlog() as f64),
            sim.oldest_waiting_ms() / 1e3
        )
    } else {
        "idle: nothing to write".to_owned()
    };
    let line = if small { 13.0 } else { 16.0 };
    let _ = ctx.fill_text(&waiting, fx + 6.0, fy + 12.0 + line);
    let bar = fill(sim.jobs().len(), MAX_JOBS) * (fw - 12.0);
    ctx.set_fill_style_str(&css(p.queue, 0.8));
    ctx.fill_rect(fx + 6.0, fy + 10.0 + 2.0 * line, bar, 5.0);
    let jobs_y = fy + 20.0 + 2.0 * line;
    draw_jobs(
        &ctx,
        sim,
        p,
        (fx + 6.0, jobs_y, fw - 12.0, fy + fh - jobs_y - 6.0),
    );

    // The tweet lists, merged at read time.
    let (lx, ly, lw, lh) = (fx, fy + fh + 14.0, fw, h - fy - fh - 26.0);
    if c.tweet_rate > 0 {
        dots(&ctx, &tweet_dot, from, (lx, ly + lh / 2.0), 3, phase);
    }
    let merging = sim.merges_per_read() > 1.0;
    ctx.set_stroke_style_str(&css(if merging { p.fg } else { p.grid }, 1.0));
    ctx.stroke_rect(lx, ly, lw, lh);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let lists = if small {
        "tweet lists"
    } else {
        "each account's recent tweets"
    };
    let _ = ctx.fill_text(lists, lx + 6.0, ly + 12.0);
    let _ = ctx.fill_text(
        &format!(
            "{:.1} lists an open, {:.1} ms p99",
            sim.merges_per_read(),
            sim.read_p50_p99().1
        ),
        lx + 6.0,
        ly + 12.0 + line,
    );

    draw_costs(
        &ctx,
        sim,
        p,
        (lx + 6.0, ly + 18.0 + line, lw - 12.0, lh - 24.0 - line),
    );

    // The tracked readers' timelines, fed by the fan-out and read from the lists.
    let lines = ((fx + fw, fy + fh / 2.0), (lx + lw, ly + lh / 2.0));
    let flows = (fanning && sim.per_s().0 > 0, merging && c.timeline_rate > 0);
    readers(&ctx, sim, p, (w, h), lines, flows, phase, small);
}

/// The tracked readers' timelines right of `fan_out` (the fan-out service's right edge) and
/// `lists` (the tweet lists'), with dots from the one and to the other when each `flows`.
#[allow(clippy::too_many_arguments)] // One picture's geometry, passed as it was computed.
fn readers(
    ctx: &CanvasRenderingContext2d,
    sim: &FanoutSim,
    p: Palette,
    (w, h): (f64, f64),
    (fan_out, lists): ((f64, f64), (f64, f64)),
    flows: (bool, bool),
    phase: f64,
    small: bool,
) {
    let (gx, gy) = (fan_out.0 + 24.0, 28.0);
    let (gw, gh) = (w - gx - 8.0, h - gy - 8.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let readers = sim.audience().readers.len();
    let label = if small {
        "timelines"
    } else {
        "followers' timelines"
    };
    let _ = ctx.fill_text(&format!("{readers} {label}"), gx, 14.0);
    if flows.0 {
        dots(
            ctx,
            &css(p.served, 0.9),
            fan_out,
            (gx, gy + gh * 0.3),
            3,
            phase,
        );
    }
    if flows.1 {
        dots(
            ctx,
            &css(p.arrival, 0.9),
            (gx, gy + gh * 0.7),
            lists,
            3,
            phase,
        );
    }
    draw_timelines(ctx, sim, p, readers, (gx, gy, gw, gh));
}

/// The jobs at the head of the queue: width by followers (logarithmic), celebrities marked,
/// the one under way filled as far as it has got.
fn draw_jobs(
    ctx: &CanvasRenderingContext2d,
    sim: &FanoutSim,
    p: Palette,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let largest = libm::log10(1.0 + sim.graph().followers(1) as f64).max(1.0);
    let mut at = x;
    for (i, job) in sim.jobs().iter().take(JOBS_SHOWN).enumerate() {
        let width = (libm::log10(1.0 + f64::from(job.total)) / largest * w * 0.5).max(2.0);
        if at + width > x + w {
            break;
        }
        let celebrity = job.author <= sim.celebrities();
        ctx.set_fill_style_str(&css(if celebrity { p.dropped } else { p.queue }, 0.8));
        ctx.fill_rect(at, y, width, h);
        if i == 0 {
            let done = sim.head_done() as f64 / f64::from(job.total.max(1));
            ctx.set_fill_style_str(&css(p.served, 0.9));
            ctx.fill_rect(at, y, width * done, h);
        }
        at += width + 2.0;
    }
}

/// What an open costs each tracked reader now against how many accounts it follows (both
/// scales logarithmic): flat under fan-out on write, rising with the follows on read.
fn draw_costs(
    ctx: &CanvasRenderingContext2d,
    sim: &FanoutSim,
    p: Palette,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    if h < 12.0 {
        return;
    }
    let readers = &sim.audience().readers;
    let most = readers
        .iter()
        .map(|r| r.follows.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let scale = |v: f64, max: f64| libm::log10(1.0 + v) / libm::log10(1.0 + max).max(1e-9);
    let worst = (0..readers.len())
        .map(|r| sim.open_cost(r))
        .max()
        .unwrap_or(1) as f64;
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, y, w, h);
    // The points keep clear of the axis labels along the top and bottom edges when there is
    // room for both.
    let band = if h >= 48.0 { 15.0 } else { 0.0 };
    let (py, ph) = (y + band, h - 2.0 * band - 3.0);
    ctx.set_fill_style_str(&css(p.arrival, 0.8));
    for (r, reader) in readers.iter().enumerate() {
        let fx = scale(reader.follows.len() as f64, most as f64);
        let fy = sim.open_cost(r) as f64 / worst.max(1.0);
        ctx.fill_rect(x + fx * (w - 3.0), py + (1.0 - fy) * ph, 3.0, 3.0);
    }
    ctx.set_fill_style_str(&css(p.fg, 0.8));
    let _ = ctx.fill_text(&format!("follows → (up to {most})"), x + 4.0, y + h - 8.0);
    let _ = ctx.fill_text(
        &format!("↑ open cost, up to {:.1} ms", worst / 1e6),
        x + 4.0,
        y + 8.0,
    );
}

/// A cell a tracked reader: lit for a moment when a tweet reaches its timeline.
fn draw_timelines(
    ctx: &CanvasRenderingContext2d,
    sim: &FanoutSim,
    p: Palette,
    readers: usize,
    (x, y, w, h): (f64, f64, f64, f64),
) {
    let cols = (readers as f64).sqrt().ceil().max(1.0) as usize;
    let rows = readers.div_ceil(cols);
    let size = (w / cols as f64).min(h / rows.max(1) as f64);
    let now = nanos(sim.now_s());
    for r in 0..readers {
        let lit = sim
            .last_delivery(r)
            .filter(|t| *t > 0 && now.saturating_sub(*t) < GLOW_NS)
            .map(|t| 1.0 - now.saturating_sub(t) as f64 / GLOW_NS as f64);
        let (cx, cy) = ((r % cols) as f64 * size, (r / cols) as f64 * size);
        match lit {
            Some(a) => ctx.set_fill_style_str(&css(p.served, 0.3 + 0.7 * a)),
            None => ctx.set_fill_style_str(&css(p.grid, 1.0)),
        }
        ctx.fill_rect(x + cx, y + cy, (size - 1.5).max(1.0), (size - 1.5).max(1.0));
    }
}
