//! The ✕ button in the head of a publisher's or a subscriber's card.

use yew::prelude::*;

use crate::ui::components::Outcome;

/// Props of [`RemoveButton`].
#[derive(Debug, Properties, PartialEq)]
pub struct RemoveButtonProps<K: PartialEq + 'static> {
    /// What the button removes.
    pub id: K,
    /// Its accessible name, which says whom it removes: the ✕ alone says nothing.
    pub label: AttrValue,
    /// The button, which the topic focuses when a neighbouring card is removed.
    pub button: NodeRef,
    /// Removes `id`; a refusal comes back.
    pub on_remove: Callback<K, Outcome>,
    /// The card's error line, which shows a refusal.
    pub error: UseStateHandle<Option<AttrValue>>,
}

/// The button. It keeps the card's error as it is on success: the card goes away.
#[component]
pub fn RemoveButton<K: Copy + PartialEq + 'static>(props: &RemoveButtonProps<K>) -> Html {
    let onclick = {
        let (id, error) = (props.id, props.error.clone());
        let on_remove = props.on_remove.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(message) = on_remove.emit(id) {
                error.set(Some(message.into()));
            }
        })
    };
    html! {
        <button
            ref={props.button.clone()}
            type="button"
            class="button icon danger"
            data-testid="remove"
            aria-label={props.label.clone()}
            title="Remove"
            {onclick}
        >
            { "\u{2715}" }
        </button>
    }
}
