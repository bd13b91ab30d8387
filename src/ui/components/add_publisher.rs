//! The form that adds a publisher on a topic.

use yew::prelude::*;

use crate::broker::TopicName;
use crate::sim::{PayloadPattern, PublisherSpec};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::text_field::TextField;
use crate::ui::components::topic_select::{chosen_topic, TopicSelect};
use crate::ui::components::Outcome;
use crate::ui::parse::parse_rate;

/// Props of [`AddPublisher`].
#[derive(Debug, Properties, PartialEq)]
pub struct AddPublisherProps {
    /// Every topic, with whether it is closed.
    pub topics: Vec<(TopicName, bool)>,
    /// Adds the publisher; a refusal comes back.
    pub on_add: Callback<PublisherSpec, Outcome>,
}

/// Topic, rate and payload pattern, and an Add button; Enter submits.
#[component]
pub fn AddPublisher(props: &AddPublisherProps) -> Html {
    let picked = use_state(|| None::<String>);
    let rate = use_state(|| "5".to_owned());
    let pattern = use_state(|| "order #{n}".to_owned());
    let error = use_state(|| None::<AttrValue>);
    let topic = chosen_topic(&props.topics, picked.as_deref());

    let onsubmit = {
        let (rate, pattern, error) = (rate.clone(), pattern.clone(), error.clone());
        let topic = topic.clone();
        let on_add = props.on_add.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let spec = || -> Result<PublisherSpec, String> {
                let topic = topic.clone().ok_or("add a topic first")?;
                Ok(PublisherSpec {
                    topic,
                    rate: parse_rate(&rate).map_err(|error| error.to_string())?,
                    pattern: PayloadPattern::new(&pattern).map_err(|error| error.to_string())?,
                })
            };
            match spec().and_then(|spec| on_add.emit(spec)) {
                Ok(()) => error.set(None),
                Err(message) => error.set(Some(message.into())),
            }
        })
    };
    let invalid = error.is_some();
    let described = invalid.then_some(AttrValue::from("add-publisher-error"));

    html! {
        <form class="card form" {onsubmit} aria-labelledby="add-publisher-title" novalidate=true>
            <h2 id="add-publisher-title">{ "Add a publisher" }</h2>
            <TopicSelect
                id="add-publisher-topic"
                testid="add-publisher-topic"
                label_suffix=" for the new publisher"
                topics={props.topics.clone()}
                selected={topic}
                {picked}
            />
            <div class="field-row">
                <TextField
                    id="add-publisher-rate"
                    testid="add-publisher-rate"
                    label="Rate (msg/s)"
                    value={rate}
                    inputmode="decimal"
                    {invalid}
                    described_by={described.clone()}
                />
                <TextField
                    id="add-publisher-pattern"
                    testid="add-publisher-pattern"
                    label="Payload ({n} = number)"
                    value={pattern}
                    spellcheck={false}
                    {invalid}
                    described_by={described}
                    class="grow"
                />
            </div>
            <button type="submit" class="button primary" data-testid="add-publisher">
                { "Add publisher" }
            </button>
            <InlineError
                id="add-publisher-error"
                testid="add-publisher-error"
                message={(*error).clone()}
            />
        </form>
    }
}
