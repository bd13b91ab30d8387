//! The form that adds a subscriber to a topic.

use yew::prelude::*;

use crate::broker::{OverflowPolicy, TopicName};
use crate::sim::SubscriberSpec;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::policy_select::{policy_hint, PolicySelect};
use crate::ui::components::text_field::TextField;
use crate::ui::components::topic_select::{chosen_topic, TopicSelect};
use crate::ui::components::Outcome;
use crate::ui::parse::{parse_capacity, parse_jitter, parse_processing_millis};

/// Props of [`AddSubscriber`].
#[derive(Debug, Properties, PartialEq)]
pub struct AddSubscriberProps {
    /// Every topic, with whether it is closed.
    pub topics: Vec<(TopicName, bool)>,
    /// Adds the subscriber; a refusal comes back.
    pub on_add: Callback<SubscriberSpec, Outcome>,
}

/// Topic, capacity, processing time, jitter and overflow policy, and an Add button; Enter
/// submits. The chosen policy is explained in a sentence under its picker.
#[component]
pub fn AddSubscriber(props: &AddSubscriberProps) -> Html {
    let picked = use_state(|| None::<String>);
    let capacity = use_state(|| "4".to_owned());
    let processing = use_state(|| "100".to_owned());
    // Empty, so that the placeholder shows: jitter is optional and empty means none.
    let jitter = use_state(String::new);
    let policy = use_state(OverflowPolicy::default);
    let error = use_state(|| None::<AttrValue>);
    let topic = chosen_topic(&props.topics, picked.as_deref());

    let on_pick_policy = {
        let policy = policy.clone();
        Callback::from(move |picked: OverflowPolicy| policy.set(picked))
    };
    let onsubmit = {
        let (capacity, processing, jitter) = (capacity.clone(), processing.clone(), jitter.clone());
        let (policy, error) = (*policy, error.clone());
        let topic = topic.clone();
        let on_add = props.on_add.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let spec = || -> Result<SubscriberSpec, String> {
                let topic = topic.clone().ok_or("add a topic first")?;
                Ok(SubscriberSpec {
                    topic,
                    capacity: parse_capacity(&capacity).map_err(|error| error.to_string())?,
                    processing: parse_processing_millis(&processing)
                        .map_err(|error| error.to_string())?,
                    jitter: parse_jitter(&jitter).map_err(|error| error.to_string())?,
                    policy,
                })
            };
            match spec().and_then(|spec| on_add.emit(spec)) {
                Ok(()) => error.set(None),
                Err(message) => error.set(Some(message.into())),
            }
        })
    };
    let invalid = error.is_some();
    let described = invalid.then_some(AttrValue::from("add-subscriber-error"));

    html! {
        <form class="card form" {onsubmit} aria-labelledby="add-subscriber-title" novalidate=true>
            <h2 id="add-subscriber-title">{ "Add a subscriber" }</h2>
            <TopicSelect
                id="add-subscriber-topic"
                testid="add-subscriber-topic"
                label_suffix=" for the new subscriber"
                topics={props.topics.clone()}
                selected={topic}
                {picked}
            />
            <div class="field-row">
                <TextField
                    id="add-subscriber-capacity"
                    testid="add-subscriber-capacity"
                    label="Capacity (0 = unbuffered)"
                    value={capacity}
                    inputmode="numeric"
                    {invalid}
                    described_by={described.clone()}
                />
                <TextField
                    id="add-subscriber-processing"
                    testid="add-subscriber-processing"
                    label="Processing (ms)"
                    value={processing}
                    inputmode="decimal"
                    {invalid}
                    described_by={described.clone()}
                />
                <TextField
                    id="add-subscriber-jitter"
                    testid="add-subscriber-jitter"
                    label="Jitter (0\u{2013}1)"
                    value={jitter}
                    inputmode="decimal"
                    placeholder="0 (optional)"
                    {invalid}
                    described_by={described}
                    class="jitter"
                />
            </div>
            <div class="field">
                <label for="add-subscriber-policy">{ "When the buffer is full" }</label>
                <PolicySelect
                    id="add-subscriber-policy"
                    testid="add-subscriber-policy"
                    selected={*policy}
                    described_by="add-subscriber-policy-hint"
                    on_pick={on_pick_policy}
                />
                <p
                    class="hint"
                    id="add-subscriber-policy-hint"
                    data-testid="add-subscriber-policy-hint"
                >
                    { policy_hint(*policy) }
                </p>
            </div>
            <button type="submit" class="button primary" data-testid="add-subscriber">
                { "Add subscriber" }
            </button>
            <InlineError
                id="add-subscriber-error"
                testid="add-subscriber-error"
                message={(*error).clone()}
            />
        </form>
    }
}
