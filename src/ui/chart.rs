//! Time-series charts over a sliding window, drawn straight onto two stacked canvases.
//!
//! The axes, grid and labels live on a bottom canvas redrawn only when the scale, size or
//! colours change; the lines live on a top canvas redrawn with the data. Canvases are sized to
//! CSS pixels × the device pixel ratio so lines and text stay sharp on HiDPI screens. (A
//! charting library cost about 12 KB of the gzipped download and measured every label through
//! the DOM; these charts need lines, a grid and a few labels.)

use leptos::html;
use leptos::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::{context_2d, fit};
use super::download::save_url;
use super::theme::{css, Palette};
use wasm_bindgen::JsCast;

/// Space around the plot area for the labels, CSS px: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (44.0, 18.0, 6.0, 20.0);
/// Labels on each axis.
/// Labels along a time axis: every 10 s of a minute.
const TIME_TICKS: u32 = 6;

/// Divisions of a scale from [`nice_ceiling`], so every label is a round number: 1.2 × 10ⁿ
/// in sixths, 2 × 10ⁿ in quarters, 1 and 5 × 10ⁿ in fifths.
fn y_ticks(y_max: f64) -> u32 {
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= y_max {
        magnitude *= 10.0;
    }
    let is = |m: f64| (y_max / magnitude - m).abs() < 1e-9;
    if is(1.2) {
        6
    } else if is(2.0) {
        4
    } else {
        5
    }
}

/// One line of a chart: its colour and its `(seconds relative to now, value)` points.
pub struct Line<'a> {
    /// Stroke colour.
    pub color: (u8, u8, u8),
    /// Points in x order, in the chart's [`XAxis`] units.
    pub points: &'a [(f64, f64)],
    /// Drawn faintly: an earlier run, for comparison.
    pub faint: bool,
}

/// What the horizontal axis counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum XAxis {
    /// Seconds before now, over a window of this many seconds (x from `-window` to 0).
    SecondsAgo(f64),
    /// A quantity from 0 to this maximum (x from 0 up).
    Count(f64),
}

impl XAxis {
    fn range(self) -> std::ops::Range<f64> {
        match self {
            Self::SecondsAgo(window) => -window..0.0,
            Self::Count(max) => 0.0..nice_ceiling(max),
        }
    }

    fn label(self, x: f64) -> String {
        match self {
            Self::SecondsAgo(_) if x == 0.0 => "now".to_owned(),
            Self::SecondsAgo(_) => format!("{x:.0}s"),
            Self::Count(_) => short(x),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Axes {
    width: u32,
    height: u32,
    x: XAxis,
    y_max: f64,
    palette: Palette,
}

/// What a lab holds to draw into a [`TimeChart`].
#[derive(Clone, Copy)]
pub struct ChartHandle {
    base: NodeRef<html::Canvas>,
    lines: NodeRef<html::Canvas>,
    axes: StoredValue<Option<Axes>>,
}

impl Default for ChartHandle {
    fn default() -> Self {
        Self {
            base: NodeRef::new(),
            lines: NodeRef::new(),
            axes: StoredValue::new(None),
        }
    }
}

/// The smallest of 1, 1.2, 2, 5 × 10ⁿ at or above `x`: a scale that changes rarely, and a
/// percentage at 100 (with its headroom) tops out at 120, not 200.
fn nice_ceiling(x: f64) -> f64 {
    if x.is_nan() || x <= 1.0 {
        return 1.0;
    }
    if !x.is_finite() {
        return f64::MAX;
    }
    // Powers of ten by multiplication: `powf` and `log10` cost the download more than this.
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= x {
        magnitude *= 10.0;
    }
    [1.0, 1.2, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * magnitude)
}

/// Short axis labels: 12k, 1.5M.
fn short(y: f64) -> String {
    match y.abs() {
        a if a >= 1e6 => format!("{:.1}M", y / 1e6),
        a if a >= 1e4 => format!("{:.0}k", y / 1e3),
        a if a >= 1e3 => format!("{:.1}k", y / 1e3),
        a if a >= 10.0 || a == 0.0 => format!("{y:.0}"),
        _ => format!("{y:.1}"),
    }
}

/// The plot area of a canvas `w` × `h` CSS px: left, right, top, bottom.
fn area(w: f64, h: f64) -> (f64, f64, f64, f64) {
    let (l, r, t, b) = MARGIN;
    (l, (w - r).max(l + 1.0), t, (h - b).max(t + 1.0))
}

/// A context drawing in CSS pixels, and the canvas's CSS size.
fn css_context(
    canvas: &HtmlCanvasElement,
    dpr: f64,
) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let ctx = context_2d(canvas)?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    Some((
        ctx,
        f64::from(canvas.width()) / dpr,
        f64::from(canvas.height()) / dpr,
    ))
}

/// A line to draw: its colour and its points.
pub type Series = ((u8, u8, u8), Vec<(f64, f64)>);

/// Column `col` of a run's per-second rows (`(tick, figures)`) as points `(seconds before
/// now_s, value)` over the last `window_s` seconds.
pub fn column(rows: &[(u64, Vec<f64>)], now_s: f64, window_s: f64, col: usize) -> Vec<(f64, f64)> {
    rows.iter()
        .filter_map(|(tick, row)| {
            let x = crate::sim::seconds(*tick * crate::sim::TICK_NS) - now_s;
            (x >= -window_s).then(|| (x, row.get(col).copied().unwrap_or(0.0)))
        })
        .collect()
}

impl ChartHandle {
    /// Draws the first run's `lines` solid and `faint` ones (a second run, an earlier one)
    /// faintly under them, against `x`.
    pub fn draw_series(&self, lines: &[Series], faint: &[Series], x: XAxis, palette: Palette) {
        let lines: Vec<Line<'_>> = faint
            .iter()
            .map(|(color, points)| Line {
                color: *color,
                points,
                faint: true,
            })
            .chain(lines.iter().map(|(color, points)| Line {
                color: *color,
                points,
                faint: false,
            }))
            .collect();
        self.draw(&lines, x, palette);
    }

    /// Draws `lines` against `x`; redraws the axes only if needed.
    pub fn draw(&self, lines: &[Line<'_>], x: XAxis, palette: Palette) {
        let (Some(base), Some(top)) = (self.base.get_untracked(), self.lines.get_untracked())
        else {
            return;
        };
        let dpr = fit(&base);
        fit(&top);
        let peak = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .fold(0.0f64, f64::max);
        let axes = Axes {
            width: base.width(),
            height: base.height(),
            x,
            // Headroom, so a line at the maximum does not hide in the frame.
            y_max: nice_ceiling(peak * 1.05),
            palette,
        };
        if self.axes.get_value() != Some(axes) {
            draw_axes(&base, dpr, axes);
            self.axes.set_value(Some(axes));
        }
        draw_lines(&top, dpr, x, axes.y_max, lines);
    }

    /// Forgets the drawn axes (after a reset), so the next draw repaints them.
    pub fn invalidate(&self) {
        self.axes.set_value(None);
    }

    /// The chart as a PNG `data:` URL: its two layers on the background colour.
    fn png(&self) -> Option<String> {
        let (base, top) = (self.base.get_untracked()?, self.lines.get_untracked()?);
        let bg = self.axes.get_value()?.palette.bg;
        let out: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
        out.set_width(base.width());
        out.set_height(base.height());
        let ctx = context_2d(&out)?;
        ctx.set_fill_style_str(&css(bg, 1.0));
        ctx.fill_rect(0.0, 0.0, f64::from(base.width()), f64::from(base.height()));
        ctx.draw_image_with_html_canvas_element(&base, 0.0, 0.0)
            .ok()?;
        ctx.draw_image_with_html_canvas_element(&top, 0.0, 0.0)
            .ok()?;
        out.to_data_url().ok()
    }
}

fn draw_axes(canvas: &HtmlCanvasElement, dpr: f64, axes: Axes) -> Option<()> {
    let (ctx, w, h) = css_context(canvas, dpr)?;
    let p = axes.palette;
    let (l, r, t, b) = area(w, h);
    ctx.set_fill_style_str(&css(p.bg, 1.0));
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_font("11px sans-serif");
    ctx.set_line_width(1.0);
    ctx.set_fill_style_str(&css(p.fg, 1.0));
    // Horizontal grid lines with their values.
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    let ticks = y_ticks(axes.y_max);
    for i in 0..=ticks {
        let v = axes.y_max * f64::from(i) / f64::from(ticks);
        let y = (b - (b - t) * f64::from(i) / f64::from(ticks)).round() + 0.5;
        ctx.set_stroke_style_str(&css(p.grid, 1.0));
        ctx.begin_path();
        ctx.move_to(l, y);
        ctx.line_to(r, y);
        ctx.stroke();
        let _ = ctx.fill_text(&short(v), l - 5.0, y);
    }
    // Ticks and labels along the bottom.
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let range = axes.x.range();
    let ticks = match axes.x {
        XAxis::SecondsAgo(_) => TIME_TICKS,
        XAxis::Count(_) => y_ticks(range.end),
    };
    ctx.set_stroke_style_str(&css(p.fg, 1.0));
    for i in 0..=ticks {
        let v = range.start + (range.end - range.start) * f64::from(i) / f64::from(ticks);
        let x = (l + (r - l) * f64::from(i) / f64::from(ticks)).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x, b);
        ctx.line_to(x, b + 4.0);
        ctx.stroke();
        let _ = ctx.fill_text(&axes.x.label(v), x, b + 5.0);
    }
    // The axes themselves.
    ctx.begin_path();
    ctx.move_to(l + 0.5, t);
    ctx.line_to(l + 0.5, b + 0.5);
    ctx.line_to(r, b + 0.5);
    ctx.stroke();
    Some(())
}

fn draw_lines(
    canvas: &HtmlCanvasElement,
    dpr: f64,
    x: XAxis,
    y_max: f64,
    lines: &[Line<'_>],
) -> Option<()> {
    let (ctx, w, h) = css_context(canvas, dpr)?;
    ctx.clear_rect(0.0, 0.0, w, h);
    let (l, r, t, b) = area(w, h);
    let range = x.range();
    let span = (range.end - range.start).max(f64::MIN_POSITIVE);
    let px = |v: f64| l + (r - l) * ((v - range.start) / span).clamp(0.0, 1.0);
    let py = |v: f64| b - (b - t) * (v / y_max).clamp(0.0, 1.0);
    ctx.set_line_width(2.0);
    ctx.set_line_join("round");
    // Faint lines are also dashed, so the other run reads apart without telling colours.
    let dashes = js_sys::Array::of2(&6.0.into(), &4.0.into());
    let solid = js_sys::Array::new();
    for line in lines {
        ctx.set_stroke_style_str(&css(line.color, if line.faint { 0.45 } else { 1.0 }));
        let _ = ctx.set_line_dash(if line.faint { &dashes } else { &solid });
        ctx.begin_path();
        for (i, &(vx, vy)) in line.points.iter().enumerate() {
            if i == 0 {
                ctx.move_to(px(vx), py(vy));
            } else {
                ctx.line_to(px(vx), py(vy));
            }
        }
        ctx.stroke();
    }
    Some(())
}

/// A titled chart with a legend. `summary` is read to screen readers in place of the picture.
#[component]
pub fn TimeChart(
    handle: ChartHandle,
    title: &'static str,
    /// `(label, CSS class of the swatch)` per line.
    legend: Vec<(&'static str, &'static str)>,
    #[prop(into)] summary: Signal<String>,
) -> impl IntoView {
    view! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{title}</span>
                <span class="legend" aria-hidden="true">
                    {legend
                        .into_iter()
                        .map(|(label, class)| {
                            view! {
                                <span class="legend-item">
                                    <span class=format!("swatch {class}")></span>
                                    {label}
                                </span>
                            }
                        })
                        .collect_view()}
                </span>
                <button
                    type="button"
                    class="chart-png"
                    data-action="export-png"
                    title="Save this chart as a picture"
                    aria-label=format!("Save the chart “{title}” as a PNG picture")
                    on:click=move |_| {
                        if let Some(url) = handle.png() {
                            let name: String = title
                                .chars()
                                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                                .collect();
                            save_url(&format!("{name}.png"), &url);
                        }
                    }
                >
                    "PNG"
                </button>
            </figcaption>
            <div class="chart-canvases" role="img" aria-label=move || summary.get()>
                <canvas node_ref=handle.base></canvas>
                <canvas node_ref=handle.lines></canvas>
            </div>
        </figure>
    }
}
