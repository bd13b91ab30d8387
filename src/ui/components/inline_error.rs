//! A refusal shown next to the field that caused it.

use yew::prelude::*;

/// Props of [`InlineError`].
#[derive(Debug, Properties, PartialEq)]
pub struct InlineErrorProps {
    /// The `data-testid` of the message.
    pub testid: AttrValue,
    /// The `id` the field points at with `aria-describedby`.
    pub id: AttrValue,
    /// The message; nothing is rendered without one.
    pub message: Option<AttrValue>,
}

/// Renders the message with `role="alert"`, so a screen reader announces it as it appears.
/// The text goes in as a text node; Yew escapes it.
#[component]
pub fn InlineError(props: &InlineErrorProps) -> Html {
    let Some(message) = props.message.clone() else {
        return Html::default();
    };
    html! {
        <p class="inline-error" role="alert" id={props.id.clone()} data-testid={props.testid.clone()}>
            <span class="inline-error-icon" aria-hidden="true">{ "⚠ " }</span>
            { message }
        </p>
    }
}
