//! The streams lab's pictures: the publisher, its items and the subscriber's buffer with the
//! request(n) signals travelling back; or the TCP sender's sliding window, the segments and
//! acknowledgements on the link, and the receiver's buffer.

use web_sys::HtmlCanvasElement;

use crate::sim::streams::tcp::MSS;
use crate::sim::streams::{Mode, Scene, StreamsSim};
use crate::text::group;
use crate::ui::canvas::{dots, Picture};
use crate::ui::theme::{css, Palette};

/// How long a request(n) signal takes to cross the picture (it is instant in the model).
const SIGNAL_NS: u64 = 300_000_000;

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &StreamsSim, p: Palette, still: bool) {
    let Some(pic) = Picture::open(canvas, p, sim.now_s(), still) else {
        return;
    };
    match sim.config().scene {
        Scene::Demand => draw_demand(&pic, sim, p),
        Scene::Tcp => draw_tcp(&pic, sim, p),
    }
}

fn draw_demand(pic: &Picture, sim: &StreamsSim, p: Palette) {
    let (ctx, w, h, small, phase) = (&pic.ctx, pic.w, pic.h, pic.small, pic.phase);
    let c = sim.config();
    let d = &sim.demand;
    let (emitted, consumed) = sim.per_s();
    let (bw, bh) = (w * 0.24, h * 0.5);
    let (px, sx) = (8.0, w - bw - 8.0);
    let y = h * 0.25;
    pic.labelled(
        p,
        (px, y, bw, bh),
        &[
            "publisher".to_owned(),
            format!("{} /s", group(emitted as f64)),
            if d.errored {
                "onError: done".to_owned()
            } else {
                format!("can {} /s", group(f64::from(c.producer_rate)))
            },
        ],
    );
    let (head, demand) = match c.mode {
        Mode::Push => ("push:", "no demand".to_owned()),
        Mode::Unbounded => ("demand:", "unbounded".to_owned()),
        Mode::Demand => ("demand", group(d.outstanding as f64)),
    };
    let mut lines = vec![
        "subscriber".to_owned(),
        format!("{} /s", group(consumed as f64)),
    ];
    // A phone's box is a quarter of 360 px: the demand takes two lines there.
    if small {
        lines.extend([head.to_owned(), demand]);
    } else {
        lines.push(format!("{head} {demand}"));
    }
    pic.labelled(p, (sx, y, bw, bh), &lines);
    // Items on their way, and the buffer.
    if emitted > 0 {
        dots(
            ctx,
            &css(p.arrival, 0.9),
            (px + bw, y + bh * 0.35),
            (sx, y + bh * 0.35),
            5,
            phase,
        );
    }
    let bar_w = sx - px - bw - 24.0;
    let full = match c.mode {
        Mode::Demand => f64::from(c.batch),
        _ => crate::sim::streams::demand::MAX_BUFFER as f64,
    };
    let share = if c.mode == Mode::Demand {
        d.buffer as f64 / full.max(1.0)
    } else {
        libm::log10(1.0 + d.buffer as f64) / libm::log10(1.0 + full)
    };
    let (bx, by) = (px + bw + 12.0, y + bh * 0.55);
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(bx, by, bar_w, 12.0);
    ctx.set_fill_style_str(&css(
        if d.counters.crashes > 0 {
            p.rejected
        } else {
            p.queue
        },
        0.85,
    ));
    ctx.fill_rect(bx, by, bar_w * share.clamp(0.0, 1.0), 12.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(&format!("buffer {}", group(d.buffer as f64)), bx, by + 24.0);
    // request(n) signals travelling upstream, for a moment after each is sent.
    let now = sim.now();
    // Each recent one a dot on its way back; the newest also named.
    let newest = d.signals.iter().copied().max_by_key(|(at, _)| *at);
    for (at, n) in d.signals {
        let age = now.saturating_sub(at);
        if n == 0 || age >= SIGNAL_NS {
            continue;
        }
        let f = age as f64 / SIGNAL_NS as f64;
        let x = sx - (sx - px - bw) * f;
        ctx.set_fill_style_str(&css(p.served, 1.0 - 0.6 * f));
        ctx.begin_path();
        let _ = ctx.arc(x, y + bh * 0.15, 3.0, 0.0, std::f64::consts::TAU);
        ctx.fill();
        if newest == Some((at, n)) {
            let _ = ctx.fill_text(&format!("request({n})"), x - 40.0, y + bh * 0.15 - 12.0);
        }
    }
}

fn draw_tcp(pic: &Picture, sim: &StreamsSim, p: Palette) {
    let (ctx, w, h, small, phase) = (&pic.ctx, pic.w, pic.h, pic.small, pic.phase);
    let c = sim.config();
    let t = &sim.tcp;
    let capacity = u64::from(c.rwnd_kb) * 1_024;
    let kb = |b: u64| b as f64 / 1_024.0;
    // The sender's sliding window: acknowledged | in flight | may send | beyond the window.
    let (x, y, ww) = (8.0, 12.0, w - 16.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(
        &format!(
            "sender: {:.0} KB in flight of a {:.0} KB window",
            kb(t.in_flight()),
            kb(t.window)
        ),
        x,
        y,
    );
    let span = (capacity * 2).max(1) as f64;
    let scale = |b: u64| (b as f64 / span).min(1.0) * ww;
    let bar_y = y + 12.0;
    ctx.set_fill_style_str(&css(p.served, 0.35));
    ctx.fill_rect(x, bar_y, ww * 0.1, 14.0);
    ctx.set_fill_style_str(&css(p.arrival, 0.85));
    ctx.fill_rect(x + ww * 0.1, bar_y, scale(t.in_flight()), 14.0);
    let usable = t.window.saturating_sub(t.in_flight());
    ctx.set_fill_style_str(&css(p.queue, 0.5));
    ctx.fill_rect(
        x + ww * 0.1 + scale(t.in_flight()),
        bar_y,
        scale(usable),
        14.0,
    );
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, bar_y, ww, 14.0);
    // The link.
    let (ly, lh) = (bar_y + 34.0, h * 0.3);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let _ = ctx.fill_text(&format!("link, {} ms round trip", c.rtt_ms), x, ly);
    if t.in_flight() >= MSS {
        dots(
            ctx,
            &css(p.arrival, 0.9),
            (x + 20.0, ly + lh * 0.35),
            (w - 28.0, ly + lh * 0.35),
            6,
            phase,
        );
    }
    if t.in_flight() >= MSS {
        dots(
            ctx,
            &css(p.served, 0.9),
            (w - 28.0, ly + lh * 0.75),
            (x + 20.0, ly + lh * 0.75),
            3,
            phase,
        );
    }
    // The receiver's buffer.
    let ry = ly + lh + 12.0;
    let share = t.buffer as f64 / capacity.max(1) as f64;
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let zero = if t.window < MSS {
        ", window zero: probing"
    } else {
        ""
    };
    let _ = ctx.fill_text(
        &format!(
            "receiver buffer: {:.0} of {} KB{zero}",
            kb(t.buffer),
            c.rwnd_kb
        ),
        x,
        ry,
    );
    ctx.set_fill_style_str(&css(
        if t.window < MSS { p.rejected } else { p.queue },
        0.85,
    ));
    ctx.fill_rect(x, ry + 10.0, ww * share.clamp(0.0, 1.0), 14.0);
    ctx.set_stroke_style_str(&css(p.grid, 1.0));
    ctx.stroke_rect(x, ry + 10.0, ww, 14.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    let rate = format!("{:.0} kbit/s", sim.throughput_kbps());
    let least = format!(
        "send {}, read {}, window/RTT {:.0}",
        group(f64::from(c.send_kbps)),
        group(f64::from(c.read_kbps)),
        f64::from(c.rwnd_kb) * 8.192 / (f64::from(c.rtt_ms) / 1e3)
    );
    // On a phone the sentence takes two lines, so it ends inside the canvas.
    if small {
        let _ = ctx.fill_text(&format!("{rate}: the least of"), x, ry + 38.0);
        let _ = ctx.fill_text(&least, x, ry + 52.0);
    } else {
        let _ = ctx.fill_text(&format!("{rate}; the least of {least}"), x, ry + 40.0);
    }
}
