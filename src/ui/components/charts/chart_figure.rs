//! One live chart: its title, the canvas, the legend, a note when series are left out, and
//! a table of every series' newest value.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::sim::{Chart, ChartValue, SimTime};

use super::draw::{draw, format_value, Axes};
use super::series_style::{describe, glyph};

/// Props of [`ChartFigure`].
#[derive(Debug, Properties, PartialEq)]
pub struct ChartFigureProps {
    /// Names it for tests and ids: `publish-rate`, `delivery-rate`, `drop-rate`, `buffer-fill`.
    pub id: &'static str,
    /// Its title, such as "Publish rate per topic".
    pub title: &'static str,
    /// The unit on its value axis, such as `msg/s`.
    pub unit: &'static str,
    /// What its series are, in the plural: "topics" or "subscribers".
    pub series: &'static str,
    /// The heading of its table's first column: "Topic" or "Subscriber".
    pub series_heading: &'static str,
    /// How the drawn series were chosen when not all are drawn.
    pub ranking: &'static str,
    /// What the canvas says while there is nothing to draw.
    pub empty: &'static str,
    /// The values.
    pub chart: Rc<Chart>,
    /// The instant of the newest sample.
    pub latest: Option<SimTime>,
    /// Changes when the canvas must be drawn again with the same values: its size or the
    /// colour scheme changed.
    pub redraw: u64,
    /// How many frames after a change this chart draws. The four charts change at the same
    /// sample; drawn in the same frame they would make it late, so each gets its own.
    #[prop_or_default]
    pub stagger: u32,
}

/// Roughly one frame at 60 Hz, in milliseconds: the step between staggered draws.
const FRAME_MILLIS: u32 = 17;

/// The chart, drawn after each render that changed its values or its size.
#[component]
pub fn ChartFigure(props: &ChartFigureProps) -> Html {
    let canvas = use_node_ref();
    let stagger = props.stagger;
    let axes = Axes {
        unit: props.unit,
        empty: props.empty,
    };
    // The draw waits in a timer; a newer draw replaces it, and dropping the timer cancels it.
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(
        (props.chart.clone(), props.redraw, axes, canvas.clone()),
        move |(chart, _, axes, canvas)| {
            let (chart, axes, canvas) = (Rc::clone(chart), *axes, canvas.clone());
            let draw_now = move || {
                if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                    if let Err(error) = draw(&canvas, &chart, axes) {
                        gloo::console::debug!(format!("a chart could not be drawn: {error}"));
                    }
                }
            };
            let timer = Timeout::new(stagger * FRAME_MILLIS, draw_now);
            if let Ok(mut pending) = pending.try_borrow_mut() {
                *pending = Some(timer);
            }
        },
    );

    let chart = &props.chart;
    let title_id = format!("chart-{}-title", props.id);
    let legend = chart.lines.iter().map(|line| {
        let mut name = line.name.to_string();
        if let Some(capacity) = line.capacity {
            name.push_str(&format!(" (capacity {capacity})"));
        }
        if line.ended {
            name.push_str(" \u{2014} removed");
        }
        html! {
            <li key={format!("{}-{}", line.style, line.name)} title={describe(line.style)}>
                { glyph(line.style) }
                <span>{ name }</span>
            </li>
        }
    });
    let hidden = chart.hidden();
    let rows = chart.values.iter().enumerate().map(|(index, value)| {
        html! {
            <tr key={format!("{index}-{}", value.name)}>
                <th scope="row">
                    { value.name.to_string() }
                    if value.ended {
                        { " (removed)" }
                    }
                </th>
                <td class="chart-number">{ value_text(value) }</td>
                <td>{ if value.drawn { "yes" } else { "no" } }</td>
            </tr>
        }
    });

    html! {
        <figure class="chart" data-testid="chart" data-chart={props.id} aria-labelledby={title_id.clone()}>
            <figcaption class="chart-head">
                <h3 id={title_id}>{ props.title }</h3>
                <span class="muted">{ props.unit }</span>
            </figcaption>
            <canvas
                ref={canvas}
                class="chart-canvas"
                role="img"
                aria-label={summary(props)}
                data-testid="chart-canvas"
            />
            if !chart.lines.is_empty() {
                <ul class="chart-legend" aria-label={format!("{} legend", props.title)}>
                    { for legend }
                </ul>
            }
            if hidden > 0 {
                <p class="chart-note" data-testid="chart-note">
                    { format!(
                        "Showing the {} {} {}; {hidden} more in the table.",
                        chart.lines.len(),
                        props.series,
                        props.ranking,
                    ) }
                </p>
            }
            if !chart.values.is_empty() {
                <details class="chart-data">
                    <summary>{ format!("Newest values ({})", chart.values.len()) }</summary>
                    <table>
                        <caption class="visually-hidden">{ format!("{}, newest values", props.title) }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ props.series_heading }</th>
                                <th scope="col">{ props.unit }</th>
                                <th scope="col">{ "drawn" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </details>
            }
        </figure>
    }
}

/// A value with its capacity, or a dash while a rate has less than a second of history.
fn value_text(value: &ChartValue) -> String {
    match (value.value, value.capacity) {
        (Some(level), Some(capacity)) => format!("{} of {capacity}", format_value(level)),
        (Some(rate), None) => format_value(rate),
        (None, _) => "\u{2014}".to_owned(),
    }
}

/// The canvas's text alternative: the title, the instant, and the newest value of each drawn
/// series, with how many more the table lists.
fn summary(props: &ChartFigureProps) -> String {
    let chart = &props.chart;
    let Some(latest) = props.latest.filter(|_| !chart.values.is_empty()) else {
        return format!("{}: {}", props.title, props.empty);
    };
    let items: Vec<String> = chart
        .values
        .iter()
        .filter(|value| value.drawn)
        .map(|value| {
            let text = match value.value {
                Some(_) => format!("{} {}", value_text(value), props.unit),
                None => "no rate yet".to_owned(),
            };
            let removed = if value.ended { " (removed)" } else { "" };
            format!("{}{removed} {text}", value.name)
        })
        .collect();
    let more = match chart.hidden() {
        0 => String::new(),
        hidden => format!("; {hidden} more in the table"),
    };
    format!("{} at {latest}: {}{more}", props.title, items.join(", "))
}
