//! Canvas set-up shared by every drawing: a backing store matched to the CSS size × the
//! device pixel ratio, so lines and text stay sharp on HiDPI screens.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::theme::{css, Palette};

/// Matches the backing store to the CSS size × device pixel ratio; returns that ratio.
pub fn fit(canvas: &HtmlCanvasElement) -> f64 {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0);
    let w = (f64::from(canvas.client_width()) * dpr).round().max(1.0) as u32;
    let h = (f64::from(canvas.client_height()) * dpr).round().max(1.0) as u32;
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    dpr
}

/// The canvas's 2D context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Fits the canvas and returns a context that draws in CSS pixels, with the CSS width and
/// height, the whole area cleared to `background`.
pub fn prepare(
    canvas: &HtmlCanvasElement,
    background: &str,
) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let ctx = context_2d(canvas)?;
    let dpr = fit(canvas);
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let (w, h) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    ctx.set_fill_style_str(background);
    ctx.fill_rect(0.0, 0.0, w, h);
    Some((ctx, w, h))
}

/// Things on their way along a path: `n` dots from `from` to `to`, moved on by `phase` (0 to
/// 1; hold it still for reduced motion).
pub fn dots(
    ctx: &CanvasRenderingContext2d,
    color: &str,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    n: usize,
    phase: f64,
) {
    ctx.set_fill_style_str(color);
    for d in 0..n {
        let f = (phase + d as f64 / n.max(1) as f64).fract();
        ctx.begin_path();
        let _ = ctx.arc(
            x0 + (x1 - x0) * f,
            y0 + (y1 - y0) * f,
            3.0,
            0.0,
            std::f64::consts::TAU,
        );
        ctx.fill();
    }
}

/// Below this width (CSS px) a picture uses its small font and shorter words: a phone.
pub const SMALL_W: f64 = 560.0;

/// A lab picture's frame: its context (drawing in CSS pixels, cleared to the background), its
/// size, whether it is narrow, and where its moving dots are along their paths.
pub struct Picture {
    /// The context, in CSS pixels.
    pub ctx: CanvasRenderingContext2d,
    /// Width and height, CSS px.
    pub w: f64,
    pub h: f64,
    /// Narrower than [`SMALL_W`]: a smaller font, shorter labels.
    pub small: bool,
    /// The dots' place along their paths, 0 to 1, moving with simulated time.
    pub phase: f64,
}

impl Picture {
    /// Fits `canvas` and clears it to the palette's background, with the font its width
    /// calls for; the dots move with simulated time `now_s` unless the picture is `still`
    /// (reduced motion).
    pub fn open(canvas: &HtmlCanvasElement, p: Palette, now_s: f64, still: bool) -> Option<Self> {
        let (ctx, w, h) = prepare(canvas, &css(p.bg, 1.0))?;
        let small = w < SMALL_W;
        ctx.set_font(if small {
            "10px system-ui, sans-serif"
        } else {
            "12px system-ui, sans-serif"
        });
        ctx.set_text_baseline("middle");
        let phase = if still { 0.0 } else { (now_s * 0.8).fract() };
        Some(Self {
            ctx,
            w,
            h,
            small,
            phase,
        })
    }

    /// A box outlined in the foreground colour with `lines` of text inside, from its top left.
    pub fn labelled(&self, p: Palette, (x, y, w, h): (f64, f64, f64, f64), lines: &[String]) {
        let ctx = &self.ctx;
        ctx.set_stroke_style_str(&css(p.fg, 1.0));
        ctx.set_line_width(1.5);
        ctx.stroke_rect(x, y, w, h);
        ctx.set_fill_style_str(&css(p.fg, 1.0));
        for (i, l) in lines.iter().enumerate() {
            let _ = ctx.fill_text(l, x + 5.0, y + 11.0 + 14.0 * i as f64);
        }
    }

    /// `n` dots in `color` flowing from `from` to `to`.
    pub fn flow(&self, color: (u8, u8, u8), from: (f64, f64), to: (f64, f64), n: usize) {
        dots(&self.ctx, &css(color, 0.9), from, to, n, self.phase);
    }
}
