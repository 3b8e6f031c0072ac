//! Time-series charts over a sliding window, drawn with plotters on two stacked canvases.
//!
//! One drawing function ([`plot`]) serves every backend: the canvas (plotters-canvas) and the
//! SVG a course author exports for slides. On the page the axes, grid and labels live on a
//! bottom canvas redrawn only when the scale, size or colours change (plotters measures every
//! label through the page, a few milliseconds a chart); the lines live on a top canvas
//! redrawn with the data. Canvases are sized to CSS pixels × the device pixel ratio, and
//! sizes scale with it, so lines and text stay sharp on HiDPI screens.

use leptos::html;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::canvas::{context_2d, fit};
use super::download::{save_text, save_url};
use super::theme::{css, Palette};
use wasm_bindgen::JsCast;

/// Space around the plot area for the labels, CSS px: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (44.0, 18.0, 6.0, 20.0);
/// Labels along a time axis: every 10 s of a minute.
const TIME_TICKS: usize = 7;
/// Labels up the value axis, about.
const VALUE_TICKS: usize = 6;
/// An exported chart's size, CSS px: a slide's half width.
const SVG_SIZE: (u32, u32) = (640, 240);

/// One line of a chart: its colour and its `(seconds relative to now, value)` points.
pub struct Line<'a> {
    /// Stroke colour.
    pub color: (u8, u8, u8),
    /// Points in x order, in the chart's [`XAxis`] units.
    pub points: &'a [(f64, f64)],
    /// Drawn faintly and dashed: an earlier run, or a compared one.
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
            Self::SecondsAgo(_) if x.abs() < 1e-9 => "now".to_owned(),
            Self::SecondsAgo(_) => format!("{x:.0}s"),
            Self::Count(_) => short(x),
        }
    }
}

/// Everything the axes' layer depends on: when none of it changes, it is not redrawn.
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
    /// The lines last drawn, and whether each is faint, for the SVG export.
    shown: StoredValue<Vec<(Series, bool)>>,
}

impl Default for ChartHandle {
    fn default() -> Self {
        Self {
            base: NodeRef::new(),
            lines: NodeRef::new(),
            axes: StoredValue::new(None),
            shown: StoredValue::new(Vec::new()),
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
pub fn short(y: f64) -> String {
    match y.abs() {
        a if a >= 1e6 => format!("{:.1}M", y / 1e6),
        a if a >= 1e4 => format!("{:.0}k", y / 1e3),
        a if a >= 1e3 => format!("{:.1}k", y / 1e3),
        a if a >= 10.0 || y.fract() == 0.0 => format!("{y:.0}"),
        _ => format!("{y:.1}"),
    }
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Draws a chart on any plotters backend, `scale` backend pixels to a CSS pixel: the
/// background, grid, axes and labels when `axes` is set, then `lines` over them.
fn plot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    a: &Axes,
    axes: bool,
    lines: &[Line<'_>],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    let p = a.palette;
    let range = a.x.range();
    let (left, right, top, bottom) = MARGIN;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(top))
        .margin_right(px(right))
        .x_label_area_size(px(bottom))
        .y_label_area_size(px(left))
        .build_cartesian_2d(range.clone(), 0.0..a.y_max)?;
    if axes {
        root.fill(&rgb(p.bg))?;
        let font = ("sans-serif", 11.0 * scale).into_font().color(&rgb(p.fg));
        let x_label = |x: &f64| a.x.label(*x);
        let y_label = |y: &f64| short(*y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(match a.x {
                XAxis::SecondsAgo(_) => TIME_TICKS,
                XAxis::Count(_) => VALUE_TICKS,
            })
            .y_labels(VALUE_TICKS)
            .max_light_lines(0)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .label_style(font)
            .axis_style(rgb(p.fg).stroke_width(px(1.0)))
            .bold_line_style(rgb(p.grid).stroke_width(px(1.0)))
            .draw()?;
    }
    for line in lines {
        let alpha = if line.faint { 0.45 } else { 1.0 };
        let style = rgb(line.color).mix(alpha).stroke_width(px(2.0));
        let points = line
            .points
            .iter()
            .map(|&(x, y)| (x.clamp(range.start, range.end), y.clamp(0.0, a.y_max)));
        // Faint lines are also dashed, so the other run reads apart without telling colours.
        if line.faint {
            let dash = DashedLineSeries::new(points, px(6.0), px(4.0), style);
            chart.draw_series(dash)?;
        } else {
            chart.draw_series(LineSeries::new(points, style))?;
        }
    }
    root.present()
}

/// Draws on a canvas (cleared first: the lines' layer is transparent).
fn plot_canvas(canvas: &HtmlCanvasElement, dpr: f64, a: &Axes, axes: bool, lines: &[Line<'_>]) {
    if let Some(ctx) = context_2d(canvas) {
        let _ = ctx.reset_transform();
        ctx.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
    }
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        // A failed draw leaves the chart as it was; the next one tries again.
        let _ = plot(&backend.into_drawing_area(), dpr, a, axes, lines);
    }
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
            plot_canvas(&base, dpr, &axes, true, &[]);
            self.axes.set_value(Some(axes));
        }
        plot_canvas(&top, dpr, &axes, false, lines);
        self.shown.set_value(
            lines
                .iter()
                .map(|l| ((l.color, l.points.to_vec()), l.faint))
                .collect(),
        );
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

    /// The chart as an SVG document: the same drawing, as vectors, at a slide's size.
    fn svg(&self) -> Option<String> {
        let axes = Axes {
            width: SVG_SIZE.0,
            height: SVG_SIZE.1,
            ..self.axes.get_value()?
        };
        let mut out = String::new();
        self.shown.with_value(|shown| {
            let lines: Vec<Line<'_>> = shown
                .iter()
                .map(|((color, points), faint)| Line {
                    color: *color,
                    points,
                    faint: *faint,
                })
                .collect();
            let root = SVGBackend::with_string(&mut out, SVG_SIZE).into_drawing_area();
            plot(&root, 1.0, &axes, true, &lines).ok()
        })?;
        Some(out)
    }
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

/// A chart's export button: `data-action="export-<format>"`, the format's name as its text.
fn export_button(
    format: &'static str,
    title: &'static str,
    label: String,
    save: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="chart-png" data-action=format!("export-{format}") title=title aria-label=label on:click=move |_| save()>
            {format.to_uppercase()}
        </button>
    }
}

/// A file name from a chart's title.
fn file_name(title: &str, ext: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{name}.{ext}")
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
                <span class="chart-exports">
                    {export_button("png", "Save this chart as a picture", format!("Save the chart “{title}” as a PNG picture"), move || {
                        if let Some(url) = handle.png() {
                            save_url(&file_name(title, "png"), &url);
                        }
                    })}
                    {export_button("svg", "Save this chart as a vector figure, for slides", format!("Save the chart “{title}” as an SVG figure"), move || {
                        if let Some(svg) = handle.svg() {
                            save_text(&file_name(title, "svg"), "image/svg+xml", &svg);
                        }
                    })}
                </span>
            </figcaption>
            <div class="chart-canvases" role="img" aria-label=move || summary.get()>
                <canvas node_ref=handle.base></canvas>
                <canvas node_ref=handle.lines></canvas>
            </div>
        </figure>
    }
}
