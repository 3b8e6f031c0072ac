//! Time-series charts over a sliding window, drawn with plotters on two stacked canvases.
//!
//! Axis labels are expensive (plotters measures every label through the DOM), so the axes
//! live on a bottom canvas redrawn only when the scale, size or colours change; the lines
//! live on a top canvas redrawn with the data. Canvases are sized to CSS pixels × the device
//! pixel ratio so lines and text stay sharp on HiDPI screens.

use leptos::html;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::canvas::{context_2d, fit};
use super::theme::Palette;

/// One line of a chart: its colour and its `(seconds relative to now, value)` points.
pub struct Line<'a> {
    /// Stroke colour.
    pub color: (u8, u8, u8),
    /// Points in x order, in the chart's [`XAxis`] units.
    pub points: &'a [(f64, f64)],
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

/// The smallest of 1, 2, 5 × 10ⁿ at or above `x`: a scale that changes rarely.
fn nice_ceiling(x: f64) -> f64 {
    if x.is_nan() || x <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
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

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

macro_rules! plot_area {
    ($root:expr, $dpr:expr, $x:expr, $y_max:expr) => {
        ChartBuilder::on($root)
            .margin((6.0 * $dpr) as u32)
            .margin_right((18.0 * $dpr) as u32)
            .x_label_area_size((20.0 * $dpr) as u32)
            .y_label_area_size((44.0 * $dpr) as u32)
            .build_cartesian_2d($x.range(), 0.0..$y_max)
    };
}

impl ChartHandle {
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
}

fn draw_axes(canvas: &HtmlCanvasElement, dpr: f64, axes: Axes) -> Option<()> {
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let p = axes.palette;
    root.fill(&rgb(p.bg)).ok()?;
    let mut chart = plot_area!(&root, dpr, axes.x, axes.y_max).ok()?;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&rgb(p.fg));
    chart
        .configure_mesh()
        .x_labels(7)
        .y_labels(5)
        .label_style(font)
        .axis_style(rgb(p.fg))
        .bold_line_style(rgb(p.grid))
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&|x| axes.x.label(*x))
        .y_label_formatter(&|y| short(*y))
        .draw()
        .ok()?;
    root.present().ok()
}

fn draw_lines(
    canvas: &HtmlCanvasElement,
    dpr: f64,
    x: XAxis,
    y_max: f64,
    lines: &[Line<'_>],
) -> Option<()> {
    let ctx = context_2d(canvas)?;
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let mut chart = plot_area!(&root, dpr, x, y_max).ok()?;
    for line in lines {
        let style = ShapeStyle {
            color: rgb(line.color).to_rgba(),
            filled: false,
            stroke_width: (2.0 * dpr) as u32,
        };
        chart
            .draw_series(LineSeries::new(line.points.iter().copied(), style))
            .ok()?;
    }
    root.present().ok()
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
            </figcaption>
            <div class="chart-canvases" role="img" aria-label=move || summary.get()>
                <canvas node_ref=handle.base></canvas>
                <canvas node_ref=handle.lines></canvas>
            </div>
        </figure>
    }
}
