//! The pipeline lab's picture: the API and its buffer, the event store's partitions filling,
//! each view's consumers with their lag, the views and the read API; or the one database.

use web_sys::HtmlCanvasElement;

use crate::sim::pipeline::config::{API_BUFFER, SIMPLE_MAX_QUEUE};
use crate::sim::pipeline::{Arch, PipelineSim};
use crate::text::group;
use crate::ui::canvas::Picture;
use crate::ui::theme::{css, Palette};

const VIEW_NAMES: [&str; 2] = ["orders by account", "revenue"];

fn share(n: u64, max: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        (libm::log10(1.0 + n as f64) / libm::log10(1.0 + max as f64)).clamp(0.02, 1.0)
    }
}

/// The picture and where its columns are.
struct Stage {
    pic: Picture,
    p: Palette,
    /// Canvas width and height, CSS px.
    w: f64,
    h: f64,
    /// A column's width; the boxes' top and height.
    cw: f64,
    y: f64,
    bh: f64,
    /// A phone's width: shorter words.
    small: bool,
}

impl Stage {
    /// `n` dots flowing from `from` to `to`, at height `y`.
    fn flow(&self, color: (u8, u8, u8), (from, to): (f64, f64), y: f64, n: usize) {
        self.pic.flow(color, (from, y), (to, y), n);
    }

    /// A box with lines of text.
    fn label(&self, rect: (f64, f64, f64, f64), lines: &[String]) {
        self.pic.labelled(self.p, rect, lines);
    }
}

/// Draws the run onto `canvas`; `still` keeps the dots from moving (reduced motion).
pub fn draw(canvas: &HtmlCanvasElement, sim: &PipelineSim, p: Palette, still: bool) {
    let Some(pic) = Picture::open(canvas, p, sim.now_s(), still) else {
        return;
    };
    let (w, h, small) = (pic.w, pic.h, pic.small);
    let stage = Stage {
        pic,
        p,
        w,
        h,
        cw: (w - 16.0) / 5.0,
        y: 8.0,
        bh: h - 16.0,
        small,
    };
    api(&stage, sim);
    if sim.config().arch == Arch::Simple {
        simple(&stage, sim);
        return;
    }
    let x1 = 8.0 + stage.cw;
    log(&stage, sim, x1);
    let x2 = x1 + stage.cw;
    for v in 0..sim.views().len() {
        view(&stage, sim, x2, v);
    }
    read_api(&stage, sim, x2 + 2.0 * stage.cw);
}

/// The API and its buffer.
fn api(s: &Stage, sim: &PipelineSim) {
    let (c, k, p) = (sim.config(), sim.counters(), s.p);
    let max = if c.arch == Arch::Simple {
        SIMPLE_MAX_QUEUE
    } else {
        API_BUFFER
    };
    s.label(
        (8.0, s.y, s.cw - 10.0, s.bh),
        &[
            "API".to_owned(),
            format!("{} /s", group(sim.per_s().0 as f64)),
            format!("buffer {}", group(sim.buffer() as f64)),
            if k.lost > 0 {
                format!("lost {}", group(k.lost as f64))
            } else {
                format!("429 {}", group(k.refused as f64))
            },
        ],
    );
    s.pic
        .ctx
        .set_fill_style_str(&css(if k.lost > 0 { p.rejected } else { p.queue }, 0.8));
    let fill = share(sim.buffer(), max) * (s.bh - 70.0);
    s.pic
        .ctx
        .fill_rect(14.0, s.y + s.bh - 6.0 - fill, 10.0, fill);
}

/// The simple architecture: one database for writes and reads.
fn simple(s: &Stage, sim: &PipelineSim) {
    let x = 8.0 + s.cw;
    s.flow(s.p.arrival, (x - 10.0, x + 10.0), s.h / 2.0, 3);
    s.label(
        (x + 10.0, s.y, s.w - x - 18.0, s.bh),
        &[
            "one database: writes and reads".to_owned(),
            format!(
                "{} reads/s, queue {}",
                group(sim.per_s().1 as f64),
                group(sim.buffer() as f64)
            ),
            format!("{} moving parts", sim.components()),
        ],
    );
}

/// The event store and its partitions, at `x1`.
fn log(s: &Stage, sim: &PipelineSim, x1: f64) {
    s.flow(s.p.arrival, (x1 - 10.0, x1 + 4.0), s.h / 2.0, 2);
    s.label(
        (x1 + 4.0, s.y, s.cw - 10.0, s.bh),
        &[
            if s.small { "log" } else { "event store · log" }.to_owned(),
            format!("{} /s", group(sim.per_s().2 as f64)),
        ],
    );
    let parts = sim.log().len().max(1);
    let most = sim.log().iter().copied().max().unwrap_or(1).max(1);
    let row = ((s.bh - 40.0) / parts as f64).min(10.0);
    for (i, n) in sim.log().iter().enumerate() {
        s.pic.ctx.set_fill_style_str(&css(s.p.served, 0.7));
        s.pic.ctx.fill_rect(
            x1 + 10.0,
            s.y + 34.0 + i as f64 * row,
            (s.cw - 24.0) * (*n as f64 / most as f64),
            (row - 1.0).max(1.0),
        );
    }
}

/// View `v`'s consumers, lag and totals, at `x2`.
fn view(s: &Stage, sim: &PipelineSim, x2: f64, v: usize) {
    let (c, p) = (sim.config(), s.p);
    let Some(view) = sim.views().get(v) else {
        return;
    };
    let vh = (s.bh - 8.0) / 2.0;
    let vy = s.y + v as f64 * (vh + 8.0);
    s.flow(p.served, (x2 - 6.0, x2 + 8.0), vy + vh / 2.0, 2);
    let lag: u64 = view
        .cursors
        .iter()
        .zip(sim.log())
        .map(|(c, n)| n.saturating_sub(c.applied))
        .max()
        .unwrap_or(0);
    let name = VIEW_NAMES.get(v).copied().unwrap_or("view");
    let name = if s.small {
        name.split(' ').next().unwrap_or(name)
    } else {
        name
    };
    let consumers = c.consumers.min(c.partitions);
    s.label(
        (x2 + 8.0, vy, 2.0 * s.cw - 18.0, vh),
        &[
            if s.small {
                format!("{consumers}× → {name}")
            } else {
                format!("{consumers} consumers → {name}")
            },
            format!("lag {}", group(lag as f64)),
            if v == 0 {
                format!("orders {}", group(view.fold.total_orders() as f64))
            } else {
                format!("revenue {}", group(view.fold.revenue as f64))
            },
        ],
    );
    let late = lag > u64::from(c.lag_threshold);
    s.pic
        .ctx
        .set_fill_style_str(&css(if late { p.rejected } else { p.queue }, 0.8));
    s.pic.ctx.fill_rect(
        x2 + 14.0,
        vy + vh - 10.0,
        (2.0 * s.cw - 30.0) * share(lag, 10_000_000),
        5.0,
    );
}

/// The read API and the views' staleness, at `x4`.
fn read_api(s: &Stage, sim: &PipelineSim, x4: f64) {
    let c = sim.config();
    s.flow(s.p.arrival, (x4 - 10.0, x4 + 6.0), s.h / 2.0, 2);
    let stale = sim.staleness_s();
    let alarm = stale > f64::from(c.stale_alert_s);
    s.label(
        (x4 + 6.0, s.y, s.w - x4 - 14.0, s.bh),
        &[
            "read API".to_owned(),
            format!("{} /s", group(sim.per_s().1 as f64)),
            format!("{stale:.1} s stale"),
            if alarm && c.stale_monitor {
                "ALERT".to_owned()
            } else {
                String::new()
            },
        ],
    );
    if alarm {
        s.pic.ctx.set_fill_style_str(&css(s.p.rejected, 0.8));
        s.pic
            .ctx
            .fill_rect(x4 + 12.0, s.y + s.bh - 12.0, s.w - x4 - 26.0, 5.0);
    }
}
