//! The controls bar: start and pause, the steps (a fixed one, forward and back by a chosen
//! interval, to the next event), speed, go to a time, the timeline scrubber, the simulated
//! clock, seed, reset and the shortcuts' help.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::scenario::MAX_TIME_S;
use crate::sim::SimTime;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::text_setter;
use crate::ui::components::timeline::Timeline;
use crate::ui::format::format_number;
use crate::ui::hooks::{use_sticky_height, Jump};
use crate::ui::scenario::Start;
use crate::ui::state::{RunState, Speed, StepInterval};

/// Props of [`ControlsBar`].
#[derive(Debug, Properties, PartialEq)]
pub struct ControlsBarProps {
    /// Whether the clock runs.
    pub run: RunState,
    /// How fast.
    pub speed: Speed,
    /// How far step forward and step back move the clock.
    pub interval: StepInterval,
    /// The simulated time.
    pub now: SimTime,
    /// A jump of the clock that goes on over several frames, with its progress.
    #[prop_or_default]
    pub jump: Option<Jump>,
    /// Stop the jump where it got to.
    pub on_stop_jump: Callback<()>,
    /// The furthest instant reached, the end of the scrubber.
    pub furthest: SimTime,
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
    /// Step forward by the interval, pausing.
    pub on_step_forward: Callback<()>,
    /// Step back by the interval, pausing.
    pub on_step_back: Callback<()>,
    /// Run to the next event, pausing.
    pub on_next_event: Callback<()>,
    /// Show the state at this instant, pausing: forward by running, back by replaying.
    pub on_seek: Callback<SimTime>,
    /// A new speed.
    pub on_set_speed: Callback<Speed>,
    /// A new step interval.
    pub on_set_interval: Callback<StepInterval>,
    /// Open the list of keyboard shortcuts.
    pub on_help: Callback<()>,
    /// The go-to field, which the G shortcut focuses.
    pub goto_field: NodeRef,
    /// The button that opens the help, which gets the focus back when the help closes.
    pub help_button: NodeRef,
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
    let on_step_forward = props.on_step_forward.reform(|_: MouseEvent| ());
    let on_step_back = props.on_step_back.reform(|_: MouseEvent| ());
    let on_next_event = props.on_next_event.reform(|_: MouseEvent| ());
    let on_help = props.on_help.reform(|_: MouseEvent| ());
    let on_interval = {
        let on_set_interval = props.on_set_interval.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|select| StepInterval::from_text(&select.value()));
            if let Some(interval) = picked {
                on_set_interval.emit(interval);
            }
        })
    };
    let goto_text = use_state(String::new);
    let goto_error = use_state(|| None::<AttrValue>);
    let on_goto = {
        let goto_text = goto_text.clone();
        let goto_error = goto_error.clone();
        let on_seek = props.on_seek.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse_time(&goto_text) {
                Ok(target) => {
                    goto_error.set(None);
                    on_seek.emit(target);
                }
                Err(reason) => goto_error.set(Some(reason.into())),
            }
        })
    };
    let interval = props.interval.as_text();
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
            <div class="control-group steps" role="group" aria-label="Step through time">
                <button
                    type="button"
                    class="button"
                    data-testid="step-back"
                    title={format!("Go back {interval} s (\u{2190})")}
                    aria-label={format!("Step back {interval} s")}
                    onclick={on_step_back}
                >
                    { "\u{25c0}" }
                </button>
                <select
                    id="step-interval"
                    data-testid="step-interval"
                    aria-label="Step interval"
                    onchange={on_interval}
                >
                    {
                        for StepInterval::CHOICES.into_iter().map(|choice| {
                            let value = choice.as_text();
                            html! {
                                <option
                                    key={value.clone()}
                                    value={value.clone()}
                                    selected={choice == props.interval}
                                >
                                    { format!("{value} s") }
                                </option>
                            }
                        })
                    }
                </select>
                <button
                    type="button"
                    class="button"
                    data-testid="step-forward"
                    title={format!("Go forward {interval} s (\u{2192})")}
                    aria-label={format!("Step forward {interval} s")}
                    onclick={on_step_forward}
                >
                    { "\u{25b6}" }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="step-event"
                    title="Run to the next instant at which anything happens (N)"
                    onclick={on_next_event}
                >
                    { "Next event" }
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
            <form class="control-group goto" onsubmit={on_goto} novalidate=true>
                <label for="goto-time">{ "Go to" }</label>
                <input
                    id="goto-time"
                    type="number"
                    min="0"
                    max={format_number(MAX_TIME_S)}
                    step="0.01"
                    inputmode="decimal"
                    placeholder="s"
                    data-testid="goto-time"
                    ref={props.goto_field.clone()}
                    value={(*goto_text).clone()}
                    aria-invalid={goto_error.is_some().then_some("true")}
                    aria-describedby={goto_error.is_some().then_some("goto-error")}
                    oninput={text_setter(&goto_text)}
                />
                <button type="submit" class="button" data-testid="goto" title="Go to this time (G)">
                    { "Go" }
                </button>
                <InlineError testid="goto-error" id="goto-error" message={(*goto_error).clone()} />
            </form>
            if let Some(jump) = props.jump {
                { jump_progress(jump, props.on_stop_jump.reform(|_: MouseEvent| ())) }
            }
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
            <div class="control-group">
                <button
                    type="button"
                    class="button"
                    data-testid="help-open"
                    aria-haspopup="dialog"
                    ref={props.help_button.clone()}
                    onclick={on_help}
                >
                    { "Keyboard shortcuts" }
                </button>
            </div>
            <Timeline now={props.now} furthest={props.furthest} on_seek={props.on_seek.clone()} />
        </section>
    }
}

/// The line that follows a long jump of the clock: where it goes, how far it got, and a
/// button that stops it there. Only the first words are a live region, so a screen reader
/// hears the jump begin, not each frame's progress.
fn jump_progress(jump: Jump, on_stop: Callback<MouseEvent>) -> Html {
    let goal = if jump.replays {
        format!("Replaying from 0 to {}", jump.target)
    } else {
        format!("Going to {}", jump.target)
    };
    let percent = (jump.done() * 100.0).floor().clamp(0.0, 100.0);
    html! {
        <div class="control-group jump" data-testid="jump-progress">
            <span role="status" id="jump-goal">{ goal }</span>
            <progress
                max="100"
                value={format_number(percent)}
                aria-labelledby="jump-goal"
                data-testid="jump-bar"
            />
            <span class="jump-reached" data-testid="jump-reached">
                { format!("at {}", jump.reached) }
            </span>
            <button type="button" class="button" data-testid="jump-stop" onclick={on_stop}>
                { "Stop here" }
            </button>
        </div>
    }
}

/// The go-to field's text as an instant: seconds from 0 to the longest scenario.
fn parse_time(text: &str) -> Result<SimTime, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| "enter a time in seconds, such as 12.5".to_owned())?;
    if !(0.0..=MAX_TIME_S).contains(&seconds) {
        return Err(format!(
            "enter a time from 0 to {} s",
            format_number(MAX_TIME_S)
        ));
    }
    Ok(SimTime::from_secs_f64(seconds))
}
