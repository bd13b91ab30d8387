//! Draws one chart onto its canvas with plotters.
//!
//! The canvas is sized to its element's CSS size times the device pixel ratio, so lines and
//! text stay sharp on any screen and the chart fits a 390 px phone as well as a desktop;
//! every length below is in CSS pixels and scaled by that ratio. Colours are read from the
//! stylesheet's custom properties at each draw, so the chart follows light and dark mode.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

use crate::sim::{Chart, ChartLine, MAX_CHART_LINES, SAMPLE_INTERVAL};

use super::series_style::{colour_property, is_dashed, marker, Marker};

/// Below this CSS width the axes get fewer labels.
const NARROW_PIXELS: f64 = 480.0;

/// Markers go on every this many samples: once per simulated second.
const MARKER_EVERY: u64 = 10;

/// What the axes say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Axes {
    /// The unit of the values, such as `msg/s`.
    pub(super) unit: &'static str,
    /// What the canvas says while there is nothing to draw.
    pub(super) empty: &'static str,
}

type Plot<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The colours of the page as it is now styled.
struct Theme {
    text: RGBColor,
    muted: RGBColor,
    grid: RGBColor,
    surface: RGBColor,
    series: Vec<RGBColor>,
}

impl Theme {
    /// Reads the custom properties of www/playground.css and www/charts.css as they apply
    /// to `element`; a missing or unreadable one falls back to a grey that shows on both
    /// light and dark backgrounds.
    fn of(element: &Element) -> Theme {
        let style = web_sys::window().and_then(|window| window.get_computed_style(element).ok()?);
        let read = |property: &str| {
            style
                .as_ref()
                .and_then(|style| style.get_property_value(property).ok())
                .and_then(|value| parse_hex(&value))
                .unwrap_or(RGBColor(128, 128, 128))
        };
        Theme {
            text: read("--text"),
            muted: read("--muted"),
            grid: read("--border"),
            surface: read("--surface"),
            series: (0..MAX_CHART_LINES)
                .map(|style| read(&colour_property(style)))
                .collect(),
        }
    }

    fn series(&self, style: usize) -> RGBColor {
        self.series
            .get(style % MAX_CHART_LINES)
            .copied()
            .unwrap_or(self.text)
    }
}

/// Draws `chart` onto `canvas`. Does nothing while the canvas takes no room (it is hidden).
pub(super) fn draw(canvas: &HtmlCanvasElement, chart: &Chart, axes: Axes) -> Result<(), String> {
    let css_width = f64::from(canvas.client_width());
    let css_height = f64::from(canvas.client_height());
    if css_width < 1.0 || css_height < 1.0 {
        return Ok(());
    }
    let ratio = web_sys::window()
        .map(|window| window.device_pixel_ratio())
        .filter(|ratio| ratio.is_finite() && *ratio > 0.0)
        .unwrap_or(1.0);
    // A new size clears the canvas; an unchanged one is cleared by hand instead, since
    // setting it would invalidate the page's layout, and the next chart's read of its
    // client size would then force a fresh layout in the same frame.
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    } else if let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
    {
        context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    }
    let px = |css: f64| (css * ratio).round() as u32;
    let theme = Theme::of(canvas);
    let font = |size: f64, colour: &RGBColor| {
        (FontFamily::SansSerif, size * ratio)
            .into_font()
            .color(colour)
    };

    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the canvas has no 2D context".to_owned())?;
    let root = backend.into_drawing_area();
    let (from, to) = chart.axis;
    let top = nice_ceiling(chart.highest() * 1.1);
    let narrow = css_width < NARROW_PIXELS;
    let mut plot = ChartBuilder::on(&root)
        .margin_top(px(18.0))
        .margin_right(px(12.0))
        .margin_left(px(4.0))
        .margin_bottom(px(4.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(52.0))
        // A little room under zero, so that a line at zero is not cut in half by the edge.
        .build_cartesian_2d(from..to.max(from + 1.0), -top * 0.04..top)
        .map_err(|error| error.to_string())?;
    plot.configure_mesh()
        .x_labels(if narrow { 4 } else { 7 })
        .y_labels(5)
        .x_desc("simulated seconds")
        .y_desc(axes.unit)
        .x_label_formatter(&|seconds| format!("{seconds:.0}"))
        .y_label_formatter(&|value| {
            if *value < 0.0 {
                String::new()
            } else {
                format_value(*value)
            }
        })
        .label_style(font(11.0, &theme.muted))
        .axis_desc_style(font(11.0, &theme.muted))
        .axis_style(theme.muted.stroke_width(px(1.0)))
        .bold_line_style(theme.grid.stroke_width(px(1.0)))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(|error| error.to_string())?;

    for line in &chart.lines {
        draw_line(&mut plot, line, &theme, ratio)?;
    }

    // Say on the chart itself when it leaves series out, and when it has nothing yet.
    let hidden = chart.hidden();
    if hidden > 0 {
        let note = format!("{} of {} drawn", chart.lines.len(), chart.values.len());
        let style = font(11.0, &theme.text).pos(Pos::new(HPos::Right, VPos::Top));
        let right = width as i32 - px(12.0) as i32;
        root.draw_text(&note, &style, (right, px(2.0) as i32))
            .map_err(|error| error.to_string())?;
    }
    if chart.lines.iter().all(|line| line.points.is_empty()) {
        let style = font(12.0, &theme.muted).pos(Pos::new(HPos::Center, VPos::Center));
        let (x, y) = plot.backend_coord(&((from + to) / 2.0, top / 2.0));
        root.draw_text(axes.empty, &style, (x, y))
            .map_err(|error| error.to_string())?;
    }
    root.present().map_err(|error| error.to_string())
}

/// One series: its line, solid or dashed, and its marker once per simulated second. The
/// markers of different series sit at different samples, so two series with the same
/// values still show both shapes.
fn draw_line(
    plot: &mut Plot<'_>,
    line: &ChartLine,
    theme: &Theme,
    ratio: f64,
) -> Result<(), String> {
    let colour = theme.series(line.style);
    let px = |css: f64| (css * ratio).round() as u32;
    let stroke = colour.stroke_width(px(2.0));
    let points = line.points.iter().copied();
    if is_dashed(line.style) {
        plot.draw_series(DashedLineSeries::new(points, px(6.0), px(4.0), stroke))
    } else {
        plot.draw_series(LineSeries::new(points, stroke))
    }
    .map_err(|error| error.to_string())?;

    let offset = (line.style as u64 * 2) % MARKER_EVERY;
    let sample_micros = SAMPLE_INTERVAL.as_micros() as f64;
    let marked = line.points.iter().copied().filter(|(seconds, _)| {
        let sample = (seconds * 1_000_000.0 / sample_micros).round() as u64;
        sample % MARKER_EVERY == offset
    });
    // Every marker is made of filled polygons around its point, in pixels: one kind of
    // element for all six shapes keeps the drawing code, and so the page, small.
    let size = f64::from(px(3.5));
    let shapes = marker_shapes(marker(line.style), size);
    let surface = theme.surface;
    plot.draw_series(marked.flat_map(|point| {
        shapes.iter().map(move |(corners, inner)| {
            let fill = if *inner { surface } else { colour };
            EmptyElement::at(point) + Polygon::new(corners.clone(), fill.filled())
        })
    }))
    .map(|_| ())
    .map_err(|error| error.to_string())
}

/// Marker outlines around (0, 0), in half-widths. An octagon is round enough at this size
/// and needs no trigonometry; the cross is two crossed bars.
const OCTAGON: &[(f64, f64)] = &[
    (1.0, 0.41),
    (0.41, 1.0),
    (-0.41, 1.0),
    (-1.0, 0.41),
    (-1.0, -0.41),
    (-0.41, -1.0),
    (0.41, -1.0),
    (1.0, -0.41),
];
const TRIANGLE: &[(f64, f64)] = &[(0.0, -1.2), (1.2, 0.9), (-1.2, 0.9)];
const SQUARE: &[(f64, f64)] = &[(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)];
const DIAMOND: &[(f64, f64)] = &[(0.0, -1.3), (1.3, 0.0), (0.0, 1.3), (-1.3, 0.0)];
const BAR_DOWN: &[(f64, f64)] = &[(-1.35, -0.65), (-0.65, -1.35), (1.35, 0.65), (0.65, 1.35)];
const BAR_UP: &[(f64, f64)] = &[(0.65, -1.35), (1.35, -0.65), (-0.65, 1.35), (-1.35, 0.65)];

/// The polygons of a marker of half-width `size` pixels, each with whether it is cut out
/// of the ones before it (drawn in the background colour, as the hole of the ring).
fn marker_shapes(marker: Marker, size: f64) -> Vec<(Vec<(i32, i32)>, bool)> {
    let scaled = |outline: &[(f64, f64)], scale: f64| -> Vec<(i32, i32)> {
        outline
            .iter()
            .map(|(x, y)| ((x * scale).round() as i32, (y * scale).round() as i32))
            .collect()
    };
    let filled = |outline: &[(f64, f64)]| (scaled(outline, size), false);
    match marker {
        Marker::Dot => vec![filled(OCTAGON)],
        Marker::Triangle => vec![filled(TRIANGLE)],
        Marker::Square => vec![filled(SQUARE)],
        Marker::Cross => vec![filled(BAR_DOWN), filled(BAR_UP)],
        Marker::Ring => vec![
            (scaled(OCTAGON, size * 1.15), false),
            (scaled(OCTAGON, size * 0.55), true),
        ],
        Marker::Diamond => vec![filled(DIAMOND)],
    }
}

/// The top of the value axis: the next of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten
/// at or above `value`, and at least 1, so the axis has round numbers and some headroom.
fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 1.0 {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|candidate| *candidate >= value)
        .unwrap_or(10.0 * power)
}

/// A value as the charts write it: whole numbers without decimals, others with one.
pub(super) fn format_value(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// `#rgb` or `#rrggbb`, as the stylesheet writes its colours.
fn parse_hex(value: &str) -> Option<RGBColor> {
    let hex = value.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|digit| {
            digit
                .to_digit(16)
                .and_then(|digit| u8::try_from(digit).ok())
        })
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some(RGBColor(r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => Some(RGBColor(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => None,
    }
}
