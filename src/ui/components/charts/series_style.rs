//! How a series looks, shared by the canvas and the HTML legend: a colour from the
//! stylesheet, a marker shape and a solid or dashed line, so that no two drawn series
//! differ by colour alone.

use yew::prelude::*;

use crate::sim::MAX_CHART_LINES;

/// The marker drawn on a series once per simulated second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Marker {
    Dot,
    Triangle,
    Square,
    Cross,
    Ring,
    Diamond,
}

const MARKERS: [Marker; MAX_CHART_LINES] = [
    Marker::Dot,
    Marker::Triangle,
    Marker::Square,
    Marker::Cross,
    Marker::Ring,
    Marker::Diamond,
];

/// The marker of style `style`.
pub(super) fn marker(style: usize) -> Marker {
    MARKERS
        .get(style % MAX_CHART_LINES)
        .copied()
        .unwrap_or(Marker::Dot)
}

/// Whether style `style` draws a dashed line; every other one does.
pub(super) fn is_dashed(style: usize) -> bool {
    style % 2 == 1
}

/// The CSS custom property that holds the colour of style `style`, in www/charts.css.
pub(super) fn colour_property(style: usize) -> String {
    format!("--chart-{}", style % MAX_CHART_LINES + 1)
}

/// Words for the marker and line of style `style`, for the legend's hover title.
pub(super) fn describe(style: usize) -> String {
    let shape = match marker(style) {
        Marker::Dot => "dots",
        Marker::Triangle => "triangles",
        Marker::Square => "squares",
        Marker::Cross => "crosses",
        Marker::Ring => "rings",
        Marker::Diamond => "diamonds",
    };
    let line = if is_dashed(style) { "dashed" } else { "solid" };
    format!("{line} line with {shape}")
}

/// The legend's sample of style `style`: a short stretch of its line with its marker, in
/// its colour (the `series-N` class sets `color`).
pub(super) fn glyph(style: usize) -> Html {
    let marker = match marker(style) {
        Marker::Dot => html! { <circle cx="14" cy="6" r="3.5" fill="currentColor" /> },
        Marker::Triangle => {
            html! { <polygon points="14,1.5 18.5,9.5 9.5,9.5" fill="currentColor" /> }
        }
        Marker::Square => {
            html! { <rect x="10.5" y="2.5" width="7" height="7" fill="currentColor" /> }
        }
        Marker::Cross => html! {
            <path d="M10.5 2.5 L17.5 9.5 M17.5 2.5 L10.5 9.5" stroke="currentColor" stroke-width="2" />
        },
        Marker::Ring => html! {
            <circle class="ring" cx="14" cy="6" r="3.5" stroke="currentColor" stroke-width="2" />
        },
        Marker::Diamond => {
            html! { <polygon points="14,1.5 18.5,6 14,10.5 9.5,6" fill="currentColor" /> }
        }
    };
    let dash = is_dashed(style).then_some("5 3");
    html! {
        <svg
            class={classes!("chart-glyph", format!("series-{}", style % MAX_CHART_LINES))}
            width="28"
            height="12"
            viewBox="0 0 28 12"
            aria-hidden="true"
            focusable="false"
        >
            <line x1="0" y1="6" x2="28" y2="6" stroke="currentColor" stroke-width="2" stroke-dasharray={dash} />
            { marker }
        </svg>
    }
}
