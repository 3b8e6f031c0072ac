//! The pipeline lab's picture: the API and its buffer, the event store's partitions filling,
//! each view's consumers with their lag, the views and the read API; or the one database.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::sim::pipeline::config::{API_BUFFER, SIMPLE_MAX_QUEUE};
use crate::sim::pipeline::{Arch, PipelineSim};
use crate::text::group;
use crate::ui::canvas::{dots, prepare};
use crate::ui::theme::{css, Palette};

const VIEW_NAMES: [&str; 2] = ["orders by account", "revenue"];

fn share(n: u64, max: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        (libm::log10(1.0 + n as f64) / libm::log10(1.0 + max as f64)).clamp(0.02, 1.0)
    }
}

fn label(
    ctx: &CanvasRenderingContext2d,
    p: Palette,
    (x, y, w, h): (f64, f64, f64, f64),
    lines: &[String],
) {
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    ctx.set_line_width(1.5);
    ctx.stroke_rect(x, y, w, h);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    for (i, l) in lines.iter().enumerate() {
        let _ = ctx.fill_text(l, x + 5.0, y + 11.0 + 14.0 * i as f64);
    }
}

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &PipelineSim, p: Palette, still: bool) {
    let Some((ctx, w, h)) = prepare(canvas, &css(p.bg, 1.0)) else {
        return;
    };
    let small = w < 560.0;
    ctx.set_font(if small {
        "10px system-ui, sans-serif"
    } else {
        "12px system-ui, sans-serif"
    });
    ctx.set_text_baseline("middle");
    let phase = if still {
        0.0
    } else {
        (sim.now_s() * 0.8).fract()
    };
    let (writes, reads, published) = sim.per_s();
    let c = sim.config();
    let k = sim.counters();
    let cw = (w - 16.0) / 5.0;
    let (y, bh) = (8.0, h - 16.0);
    // The API.
    let max = if c.arch == Arch::Simple {
        SIMPLE_MAX_QUEUE
    } else {
        API_BUFFER
    };
    label(
        &ctx,
        p,
        (8.0, y, cw - 10.0, bh),
        &[
            "API".to_owned(),
            format!("{} /s", group(writes as f64)),
            format!("buffer {}", group(sim.buffer() as f64)),
            if k.lost > 0 {
                format!("lost {}", group(k.lost as f64))
            } else {
                format!("429 {}", group(k.refused as f64))
            },
        ],
    );
    ctx.set_fill_style_str(&css(if k.lost > 0 { p.rejected } else { p.queue }, 0.8));
    let fill = share(sim.buffer(), max) * (bh - 70.0);
    ctx.fill_rect(14.0, y + bh - 6.0 - fill, 10.0, fill);
    if c.arch == Arch::Simple {
        let x = 8.0 + cw;
        dots(
            &ctx,
            &css(p.arrival, 0.9),
            (x - 10.0, h / 2.0),
            (x + 10.0, h / 2.0),
            3,
            phase,
        );
        label(
            &ctx,
            p,
            (x + 10.0, y, w - x - 18.0, bh),
            &[
                "one database: writes and reads".to_owned(),
                format!(
                    "{} reads/s, queue {}",
                    group(reads as f64),
                    group(sim.buffer() as f64)
                ),
                format!("{} moving parts", sim.components()),
            ],
        );
        return;
    }
    // The event store and its partitions.
    let x1 = 8.0 + cw;
    dots(
        &ctx,
        &css(p.arrival, 0.9),
        (x1 - 10.0, h / 2.0),
        (x1 + 4.0, h / 2.0),
        2,
        phase,
    );
    label(
        &ctx,
        p,
        (x1 + 4.0, y, cw - 10.0, bh),
        &[
            if small { "log" } else { "event store · log" }.to_owned(),
            format!("{} /s", group(published as f64)),
        ],
    );
    let parts = sim.log().len().max(1);
    let most = sim.log().iter().copied().max().unwrap_or(1).max(1);
    let row = ((bh - 40.0) / parts as f64).min(10.0);
    for (i, n) in sim.log().iter().enumerate() {
        ctx.set_fill_style_str(&css(p.served, 0.7));
        ctx.fill_rect(
            x1 + 10.0,
            y + 34.0 + i as f64 * row,
            (cw - 24.0) * (*n as f64 / most as f64),
            (row - 1.0).max(1.0),
        );
    }
    // The consumers and views.
    let x2 = x1 + cw;
    let vh = (bh - 8.0) / 2.0;
    for (v, view) in sim.views().iter().enumerate() {
        let vy = y + v as f64 * (vh + 8.0);
        dots(
            &ctx,
            &css(p.served, 0.9),
            (x2 - 6.0, vy + vh / 2.0),
            (x2 + 8.0, vy + vh / 2.0),
            2,
            phase,
        );
        let lag: u64 = view
            .cursors
            .iter()
            .zip(sim.log())
            .map(|(c, n)| n.saturating_sub(c.applied))
            .max()
            .unwrap_or(0);
        let name = VIEW_NAMES.get(v).copied().unwrap_or("view");
        let name = if small {
            name.split(' ').next().unwrap_or(name)
        } else {
            name
        };
        label(
            &ctx,
            p,
            (x2 + 8.0, vy, 2.0 * cw - 18.0, vh),
            &[
                if small {
                    format!("{}× → {name}", c.consumers.min(c.partitions))
                } else {
                    format!("{} consumers → {name}", c.consumers.min(c.partitions))
                },
                format!("lag {}", group(lag as f64)),
                if v == 0 {
                    format!("orders {}", group(view.fold.total_orders() as f64))
                } else {
                    format!("revenue {}", group(view.fold.revenue as f64))
                },
            ],
        );
        ctx.set_fill_style_str(&css(
            if lag > u64::from(c.lag_threshold) {
                p.rejected
            } else {
                p.queue
            },
            0.8,
        ));
        ctx.fill_rect(
            x2 + 14.0,
            vy + vh - 10.0,
            (2.0 * cw - 30.0) * share(lag, 10_000_000),
            5.0,
        );
    }
    // The read API.
    let x4 = x2 + 2.0 * cw;
    dots(
        &ctx,
        &css(p.arrival, 0.9),
        (x4 - 10.0, h / 2.0),
        (x4 + 6.0, h / 2.0),
        2,
        phase,
    );
    let stale = sim.staleness_s();
    let alarm = stale > f64::from(c.stale_alert_s);
    label(
        &ctx,
        p,
        (x4 + 6.0, y, w - x4 - 14.0, bh),
        &[
            "read API".to_owned(),
            format!("{} /s", group(reads as f64)),
            format!("{stale:.1} s stale"),
            if alarm && c.stale_monitor {
                "ALERT".to_owned()
            } else {
                String::new()
            },
        ],
    );
    if alarm {
        ctx.set_fill_style_str(&css(p.rejected, 0.8));
        ctx.fill_rect(x4 + 12.0, y + bh - 12.0, w - x4 - 26.0, 5.0);
    }
}
