//! The overflow policy picker, used by the add-subscriber form and by each subscriber card,
//! and the words that explain each policy to someone who has never met one.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::broker::OverflowPolicy;

/// Props of [`PolicySelect`].
#[derive(Debug, Properties, PartialEq)]
pub struct PolicySelectProps {
    /// The element id, for the label.
    pub id: AttrValue,
    /// The `data-testid`.
    pub testid: AttrValue,
    /// The policy shown as chosen.
    pub selected: OverflowPolicy,
    /// Whether it can be changed; the caller says why not next to it.
    #[prop_or_default]
    pub disabled: bool,
    /// The id of the text that explains the chosen policy.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Called with the policy picked.
    pub on_pick: Callback<OverflowPolicy>,
}

/// A `<select>` of every policy, by label, in the order [`OverflowPolicy::ALL`] lists them.
#[component]
pub fn PolicySelect(props: &PolicySelectProps) -> Html {
    let on_pick = props.on_pick.clone();
    let onchange = Callback::from(move |event: Event| {
        let label = event
            .target_dyn_into::<HtmlSelectElement>()
            .map(|select| select.value())
            .unwrap_or_default();
        // The options are the policies' own labels, so this finds one unless the DOM was
        // edited by hand; then the old policy simply stays.
        match OverflowPolicy::from_label(&label) {
            Some(policy) => on_pick.emit(policy),
            None => gloo::console::debug!(format!("ignored an unknown policy {label:?}")),
        }
    });
    html! {
        <select
            id={props.id.clone()}
            data-testid={props.testid.clone()}
            aria-describedby={props.described_by.clone()}
            disabled={props.disabled}
            {onchange}
        >
            {
                for OverflowPolicy::ALL.into_iter().map(|policy| html! {
                    <option
                        key={policy.label()}
                        value={policy.label()}
                        selected={policy == props.selected}
                    >
                        { policy.label() }
                    </option>
                })
            }
        </select>
    }
}

/// One sentence on what a full buffer does under `policy`, for the add-subscriber form.
pub fn policy_hint(policy: OverflowPolicy) -> &'static str {
    match policy {
        OverflowPolicy::DropNewest => {
            "The seed's behaviour: when the buffer is full, the new message is dropped for this \
             subscriber only, and the publisher goes on."
        }
        OverflowPolicy::DropOldest => {
            "When the buffer is full, the oldest buffered message is evicted to make room; the \
             subscriber later learns how many it missed."
        }
        OverflowPolicy::Block => {
            "Backpressure: when the buffer is full, the publisher waits for room, which stalls \
             every subscriber of the topic."
        }
        OverflowPolicy::Disconnect => {
            "When the buffer overflows, the subscriber is cut off and its buffer discarded, like \
             Redis output-buffer limits."
        }
    }
}

/// A few words on what a full buffer does under `policy`, for a subscriber card.
pub fn policy_summary(policy: OverflowPolicy) -> &'static str {
    match policy {
        OverflowPolicy::DropNewest => "full buffer: the new message is dropped",
        OverflowPolicy::DropOldest => "full buffer: the oldest message is evicted",
        OverflowPolicy::Block => "full buffer: the publisher waits",
        OverflowPolicy::Disconnect => "full buffer: this subscriber is cut off",
    }
}
