//! A figure against a swept setting: the mean at each value, its 95 % confidence band across
//! seeds, and a formula's curve beside them where there is one. One drawing function
//! ([`plot`]) serves the canvas and the SVG export, as for the time charts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::canvas::{context_2d, fit};
use super::theme::Palette;

/// An exported chart's size, CSS px.
pub const SVG_SIZE: (u32, u32) = (640, 320);

/// What the chart shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// The swept values as written (the axis's labels when they are not numbers).
    pub labels: Vec<String>,
    /// Per value, once measured: mean, low and high of the band.
    pub points: Vec<Option<(f64, f64, f64)>>,
    /// Per value, the formula's figure, where it has one.
    pub theory: Vec<Option<f64>>,
}

impl Band {
    /// The x of value `i`: the value itself when every value is a number, else its place.
    fn xs(&self) -> Vec<f64> {
        let numbers: Option<Vec<f64>> = self.labels.iter().map(|l| l.parse().ok()).collect();
        numbers.unwrap_or_else(|| (0..self.labels.len()).map(|i| i as f64).collect())
    }

    fn numeric(&self) -> bool {
        self.labels.iter().all(|l| l.parse::<f64>().is_ok())
    }
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Draws `band` on `root`, sizes scaled by `scale` (the device pixel ratio).
pub fn plot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    band: &Band,
    p: Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    root.fill(&rgb(p.bg))?;
    let xs = band.xs();
    let (x0, x1) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let pad = ((x1 - x0) * 0.05).max(0.5);
    let y_max = band
        .points
        .iter()
        .flatten()
        .map(|&(_, _, hi)| hi)
        .chain(band.theory.iter().flatten().copied())
        .filter(|y| y.is_finite())
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.1;
    let y_min = band
        .points
        .iter()
        .flatten()
        .map(|&(_, lo, _)| lo)
        .filter(|y| y.is_finite())
        .fold(0.0f64, f64::min);
    let font = ("sans-serif", 11.0 * scale).into_font().color(&rgb(p.fg));
    let mut chart = ChartBuilder::on(root)
        .margin(px(8.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d((x0 - pad)..(x1 + pad), y_min..y_max)?;
    let labels = band.labels.clone();
    let numeric = band.numeric();
    let x_label = move |x: &f64| {
        if numeric {
            format!("{x}")
        } else {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(band.labels.len().clamp(2, 10))
        .y_labels(6)
        .max_light_lines(0)
        .x_label_formatter(&x_label)
        .y_label_formatter(&|y: &f64| super::chart::short(*y))
        .label_style(font)
        .axis_style(rgb(p.fg).stroke_width(px(1.0)))
        .bold_line_style(rgb(p.grid).stroke_width(px(1.0)))
        .draw()?;
    let measured: Vec<(f64, (f64, f64, f64))> = xs
        .iter()
        .zip(&band.points)
        .filter_map(|(&x, m)| m.map(|m| (x, m)))
        .collect();
    // The band: the polygon along the highs and back along the lows.
    if measured.len() > 1 {
        let outline: Vec<(f64, f64)> = measured
            .iter()
            .map(|&(x, (_, _, hi))| (x, hi))
            .chain(measured.iter().rev().map(|&(x, (_, lo, _))| (x, lo)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            rgb(p.arrival).mix(0.2).filled(),
        )))?;
    }
    let style = rgb(p.arrival).stroke_width(px(2.0));
    chart.draw_series(LineSeries::new(
        measured.iter().map(|&(x, (m, _, _))| (x, m)),
        style,
    ))?;
    // The interval itself as an error bar, which shows for a single value too.
    chart.draw_series(measured.iter().map(|&(x, (_, lo, hi))| {
        PathElement::new(vec![(x, lo), (x, hi)], rgb(p.arrival).stroke_width(px(1.0)))
    }))?;
    chart.draw_series(
        measured
            .iter()
            .map(|&(x, (m, _, _))| Circle::new((x, m), px(3.0), rgb(p.arrival).filled())),
    )?;
    let theory: Vec<(f64, f64)> = xs
        .iter()
        .zip(&band.theory)
        .filter_map(|(&x, t)| t.filter(|y| y.is_finite()).map(|y| (x, y)))
        .collect();
    if !theory.is_empty() {
        chart.draw_series(DashedLineSeries::new(
            theory,
            px(6.0),
            px(4.0),
            rgb(p.dropped).stroke_width(px(2.0)),
        ))?;
    }
    root.present()
}

/// Draws `band` on `canvas`, fitted to its size.
pub fn draw(canvas: &HtmlCanvasElement, band: &Band, palette: Palette) {
    let dpr = fit(canvas);
    if let Some(ctx) = context_2d(canvas) {
        let _ = ctx.reset_transform();
    }
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        // A failed draw leaves the chart as it was; the next result draws it again.
        let _ = plot(&backend.into_drawing_area(), dpr, band, palette);
    }
}

/// `band` as an SVG document.
pub fn svg(band: &Band, palette: Palette) -> String {
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, SVG_SIZE);
        let _ = plot(&backend.into_drawing_area(), 1.0, band, palette);
    }
    out
}
