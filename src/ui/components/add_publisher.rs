//! The form that adds a publisher on a topic.

use yew::prelude::*;

use crate::broker::TopicName;
use crate::sim::{PayloadPattern, PublisherSpec};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::topic_select::{chosen_topic, TopicSelect};
use crate::ui::components::{text_setter, Outcome};
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

    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |name: String| picked.set(Some(name)))
    };
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
    let invalid = error.is_some().then_some("true");
    let described = error.is_some().then_some("add-publisher-error");

    html! {
        <form class="card form" {onsubmit} aria-labelledby="add-publisher-title" novalidate=true>
            <h2 id="add-publisher-title">{ "Add a publisher" }</h2>
            <div class="field">
                // Both add forms have a topic picker; the hidden words tell them apart.
                <label for="add-publisher-topic">
                    { "Topic" }
                    <span class="visually-hidden">{ " for the new publisher" }</span>
                </label>
                <TopicSelect
                    id="add-publisher-topic"
                    testid="add-publisher-topic"
                    topics={props.topics.clone()}
                    selected={topic}
                    {on_pick}
                />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="add-publisher-rate">{ "Rate (msg/s)" }</label>
                    <input
                        id="add-publisher-rate"
                        data-testid="add-publisher-rate"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        value={(*rate).clone()}
                        aria-invalid={invalid}
                        aria-describedby={described}
                        oninput={text_setter(&rate)}
                    />
                </div>
                <div class="field grow">
                    <label for="add-publisher-pattern">{ "Payload ({n} = number)" }</label>
                    <input
                        id="add-publisher-pattern"
                        data-testid="add-publisher-pattern"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        value={(*pattern).clone()}
                        aria-invalid={invalid}
                        aria-describedby={described}
                        oninput={text_setter(&pattern)}
                    />
                </div>
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
