//! Canvas set-up shared by every drawing: a backing store matched to the CSS size × the
//! device pixel ratio, so lines and text stay sharp on HiDPI screens.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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
