//! The form that adds a topic.

use yew::prelude::*;

use crate::ui::components::inline_error::InlineError;
use crate::ui::components::text_field::TextField;
use crate::ui::components::Outcome;

/// Props of [`AddTopic`].
#[derive(Debug, Properties, PartialEq)]
pub struct AddTopicProps {
    /// Adds a topic with the name typed; a refusal (bad or duplicate name) comes back.
    pub on_add: Callback<String, Outcome>,
    /// The name field, which takes the focus when the last topic is removed.
    #[prop_or_default]
    pub field: NodeRef,
}

/// A name field and an Add button; Enter submits.
#[component]
pub fn AddTopic(props: &AddTopicProps) -> Html {
    let name = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);

    let onsubmit = {
        let name = name.clone();
        let error = error.clone();
        let on_add = props.on_add.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match on_add.emit((*name).clone()) {
                Ok(()) => {
                    name.set(String::new());
                    error.set(None);
                }
                Err(message) => error.set(Some(message.into())),
            }
        })
    };

    html! {
        <form class="card form" {onsubmit} aria-labelledby="add-topic-title" novalidate=true>
            <h2 id="add-topic-title">{ "Add a topic" }</h2>
            <TextField
                id="add-topic-name"
                testid="add-topic-name"
                label="Name"
                value={name}
                placeholder="payments"
                invalid={error.is_some()}
                described_by={error.is_some().then_some(AttrValue::from("add-topic-error"))}
                field={props.field.clone()}
            />
            <button type="submit" class="button primary" data-testid="add-topic">
                { "Add topic" }
            </button>
            <InlineError id="add-topic-error" testid="add-topic-error" message={(*error).clone()} />
        </form>
    }
}
