//! The topic field of the add-publisher and add-subscriber forms.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::broker::TopicName;

/// Props of [`TopicSelect`].
#[derive(Debug, Properties, PartialEq)]
pub struct TopicSelectProps {
    /// The `id` of the `<select>`, which its label points at.
    pub id: AttrValue,
    /// The `data-testid` of the `<select>`.
    pub testid: AttrValue,
    /// Words read after the label "Topic" but not shown, which tell the two forms' pickers
    /// apart: " for the new publisher".
    pub label_suffix: AttrValue,
    /// Every topic, with whether it is closed.
    pub topics: Vec<(TopicName, bool)>,
    /// The topic chosen now, as [`chosen_topic`] makes it of `picked`.
    pub selected: Option<TopicName>,
    /// The name of the topic last picked, which a pick sets.
    pub picked: UseStateHandle<Option<String>>,
}

/// A `field` wrapper with the label and a `<select>` of the topics; closed topics say so
/// in their option's text.
#[component]
pub fn TopicSelect(props: &TopicSelectProps) -> Html {
    let onchange = {
        let picked = props.picked.clone();
        Callback::from(move |event: Event| {
            let name = event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default();
            picked.set(Some(name));
        })
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>
                { "Topic" }
                <span class="visually-hidden">{ props.label_suffix.clone() }</span>
            </label>
            <select
                id={props.id.clone()}
                data-testid={props.testid.clone()}
                disabled={props.topics.is_empty()}
                {onchange}
            >
                {
                    for props.topics.iter().map(|(name, closed)| {
                        let selected = props.selected.as_ref() == Some(name);
                        let label =
                            if *closed { format!("{name} (closed)") } else { name.to_string() };
                        html! {
                            <option key={name.as_str()} value={name.as_str().to_owned()} {selected}>
                                { label }
                            </option>
                        }
                    })
                }
            </select>
        </div>
    }
}

/// The topic a form acts on: the one picked if it still exists, else the first open topic,
/// else the first topic. A topic renamed or removed under the form thus never stays chosen.
pub fn chosen_topic(topics: &[(TopicName, bool)], picked: Option<&str>) -> Option<TopicName> {
    let still_there = picked.and_then(|picked| {
        topics
            .iter()
            .find(|(name, _)| name.as_str() == picked)
            .map(|(name, _)| name.clone())
    });
    still_there
        .or_else(|| {
            topics
                .iter()
                .find(|(_, closed)| !closed)
                .map(|(name, _)| name.clone())
        })
        .or_else(|| topics.first().map(|(name, _)| name.clone()))
}
