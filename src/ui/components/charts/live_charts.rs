//! The live charts section: four charts over the last simulated seconds.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::sim::{Charts, MAX_CHART_LINES, RATE_SPAN, SAMPLE_INTERVAL, WINDOW};

use super::chart_figure::ChartFigure;

/// Props of [`LiveCharts`].
#[derive(Debug, Properties, PartialEq)]
pub struct LiveChartsProps {
    /// The frame's series.
    pub charts: Rc<Charts>,
}

/// Counts the reasons to draw the same values again.
#[derive(Debug, Default, PartialEq)]
struct Redraws(u64);

impl Reducible for Redraws {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Redraws(self.0.wrapping_add(1)))
    }
}

/// Publish rate per topic, delivery and drop rate per subscriber, and buffer fill per
/// subscriber. The canvases are drawn again when the window is resized or the colour scheme
/// changes, even while the clock is paused.
#[component]
pub fn LiveCharts(props: &LiveChartsProps) -> Html {
    let redraws = use_reducer_eq(Redraws::default);
    {
        let dispatcher = redraws.dispatcher();
        use_effect_with((), move |()| {
            let window = gloo::utils::window();
            let on_resize = {
                let dispatcher = dispatcher.clone();
                EventListener::new(&window, "resize", move |_| dispatcher.dispatch(()))
            };
            let on_scheme = window
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .map(|query| {
                    EventListener::new(&query, "change", move |_| dispatcher.dispatch(()))
                });
            // Dropping the listeners removes them.
            move || drop((on_resize, on_scheme))
        });
    }
    let redraw = redraws.0;
    let charts = &props.charts;
    let note = format!(
        "The last {} simulated seconds, sampled every {} s. A rate is the number of messages \
         in the {} s before each sample. Each chart draws at most {MAX_CHART_LINES} series.",
        WINDOW.as_secs_f64(),
        SAMPLE_INTERVAL.as_secs_f64(),
        RATE_SPAN.as_secs_f64(),
    );
    let by_loss = "that lost the most messages in the window";

    html! {
        <section class="live-charts card" data-testid="live-charts" aria-labelledby="live-charts-title">
            <div class="live-charts-head">
                <h2 id="live-charts-title">{ "Live charts" }</h2>
                <p class="muted">{ note }</p>
            </div>
            <div class="chart-grid">
                <ChartFigure
                    id="publish-rate"
                    stagger={0}
                    title="Publish rate per topic"
                    unit="msg/s"
                    series="topics"
                    series_heading="Topic"
                    ranking="that published the most in the window"
                    empty="no topic has published for a whole second yet"
                    chart={charts.publish_rate.clone()}
                    latest={charts.latest}
                    {redraw}
                />
                <ChartFigure
                    id="delivery-rate"
                    stagger={1}
                    title="Delivery rate per subscriber"
                    unit="msg/s"
                    series="subscribers"
                    series_heading="Subscriber"
                    ranking={by_loss}
                    empty="no subscriber has a whole second of history yet"
                    chart={charts.delivery_rate.clone()}
                    latest={charts.latest}
                    {redraw}
                />
                <ChartFigure
                    id="drop-rate"
                    stagger={2}
                    title="Drop rate per subscriber (dropped or evicted)"
                    unit="msg/s"
                    series="subscribers"
                    series_heading="Subscriber"
                    ranking={by_loss}
                    empty="no subscriber has a whole second of history yet"
                    chart={charts.drop_rate.clone()}
                    latest={charts.latest}
                    {redraw}
                />
                <ChartFigure
                    id="buffer-fill"
                    stagger={3}
                    title="Buffer fill per subscriber"
                    unit="messages"
                    series="subscribers"
                    series_heading="Subscriber"
                    ranking={by_loss}
                    empty="no subscribers yet"
                    chart={charts.buffer_fill.clone()}
                    latest={charts.latest}
                    {redraw}
                />
            </div>
        </section>
    }
}
