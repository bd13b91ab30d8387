//! The controls bar: start and pause, step, speed, the simulated clock, seed and reset.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::sim::SimTime;
use crate::ui::format::format_number;
use crate::ui::hooks::use_sticky_height;
use crate::ui::scenario::Start;
use crate::ui::state::{RunState, Speed};

/// Props of [`ControlsBar`].
#[derive(Debug, Properties, PartialEq)]
pub struct ControlsBarProps {
    /// Whether the clock runs.
    pub run: RunState,
    /// How fast.
    pub speed: Speed,
    /// The simulated time.
    pub now: SimTime,
    /// The speed the clock achieved over the last second, when it fell behind the chosen
    /// one; `None` while it keeps up.
    #[prop_or_default]
    pub behind: Option<f64>,
    /// The seed of the run.
    pub seed: u64,
    /// Start, pause or resume.
    pub on_toggle: Callback<()>,
    /// Move the clock by one step while paused.
    pub on_step: Callback<()>,
    /// A new speed.
    pub on_set_speed: Callback<Speed>,
    /// Throw the simulation away and start again.
    pub on_reset: Callback<Start>,
}

/// The bar above the topics.
#[component]
pub fn ControlsBar(props: &ControlsBarProps) -> Html {
    let on_toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let on_reset_demo = props.on_reset.reform(|_: MouseEvent| Start::Demo);
    let on_reset_empty = props.on_reset.reform(|_: MouseEvent| Start::Empty);
    let on_speed = {
        let on_set_speed = props.on_set_speed.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|select| Speed::from_text(&select.value()));
            if let Some(speed) = picked {
                on_set_speed.emit(speed);
            }
        })
    };
    let running = props.run.is_running();
    let bar = use_node_ref();
    use_sticky_height(bar.clone(), props.behind.is_some());

    html! {
        <section class="controls" aria-label="Simulation controls" ref={bar}>
            <div class="control-group">
                <button
                    type="button"
                    class={classes!("button", "primary", running.then_some("is-running"))}
                    data-testid="start"
                    onclick={on_toggle}
                >
                    <svg class="button-icon" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
                        if running {
                            <rect x="2" y="1.5" width="3" height="9" rx="0.5" />
                            <rect x="7" y="1.5" width="3" height="9" rx="0.5" />
                        } else {
                            <path d="M3 1.5 L10.5 6 L3 10.5 Z" />
                        }
                    </svg>
                    { props.run.button_label() }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="step"
                    disabled={running}
                    title="Advance the simulated clock by 0.1 s"
                    onclick={on_step}
                >
                    { "Step +0.1 s" }
                </button>
            </div>
            <div class="control-group">
                <label for="speed">{ "Speed" }</label>
                <select id="speed" data-testid="speed" onchange={on_speed}>
                    {
                        for Speed::CHOICES.into_iter().map(|speed| {
                            let value = speed.as_text();
                            html! {
                                <option
                                    key={value.clone()}
                                    value={value.clone()}
                                    selected={speed == props.speed}
                                >
                                    { format!("{value}\u{d7}") }
                                </option>
                            }
                        })
                    }
                </select>
                if let Some(achieved) = props.behind {
                    <span
                        class="pace"
                        title="Each frame may spend only a few milliseconds simulating, so that \
                               the page stays responsive. With this many messages the clock \
                               runs as fast as that allows; lower the speed or the rates to \
                               match it."
                    >
                        <span class="pace-icon" aria-hidden="true">{ "\u{25d4} " }</span>
                        <span data-testid="pace">
                            { format!(
                                "running at {}\u{d7} (can\u{2019}t keep up with {}\u{d7})",
                                format_number(achieved),
                                props.speed.as_text()
                            ) }
                        </span>
                    </span>
                }
            </div>
            <div class="control-group clock">
                <span class="label">{ "Simulated time" }</span>
                <output class="sim-time" data-testid="sim-time">{ props.now.to_string() }</output>
            </div>
            <div class="control-group">
                <span class="label">{ "Seed" }</span>
                <code data-testid="seed">{ props.seed }</code>
            </div>
            <div class="control-group reset" role="group" aria-label="Reset the simulation">
                <span class="label">{ "Reset" }</span>
                <button
                    type="button"
                    class="button"
                    data-testid="reset-demo"
                    title="Start over with the demo: P1 and subscribers A, B and a slow C"
                    onclick={on_reset_demo}
                >
                    { "Demo" }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="reset-empty"
                    title="Start over with only the topic orders, paused"
                    onclick={on_reset_empty}
                >
                    { "Empty" }
                </button>
            </div>
        </section>
    }
}
