//! The topic picker of the add-publisher and add-subscriber forms.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::broker::TopicName;

/// Props of [`TopicSelect`].
#[derive(Debug, Properties, PartialEq)]
pub struct TopicSelectProps {
    /// The element id, for the label.
    pub id: AttrValue,
    /// The `data-testid`.
    pub testid: AttrValue,
    /// Every topic, with whether it is closed.
    pub topics: Vec<(TopicName, bool)>,
    /// The topic chosen now.
    pub selected: Option<TopicName>,
    /// Called with the name of the topic picked.
    pub on_pick: Callback<String>,
}

/// A `<select>` of the topics; closed topics say so in their label.
#[component]
pub fn TopicSelect(props: &TopicSelectProps) -> Html {
    let onchange = props.on_pick.reform(|event: Event| {
        event
            .target_dyn_into::<HtmlSelectElement>()
            .map(|select| select.value())
            .unwrap_or_default()
    });
    html! {
        <select
            id={props.id.clone()}
            data-testid={props.testid.clone()}
            disabled={props.topics.is_empty()}
            {onchange}
        >
            {
                for props.topics.iter().map(|(name, closed)| {
                    let selected = props.selected.as_ref() == Some(name);
                    let label = if *closed { format!("{name} (closed)") } else { name.to_string() };
                    html! {
                        <option key={name.as_str()} value={name.as_str().to_owned()} {selected}>
                            { label }
                        </option>
                    }
                })
            }
        </select>
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
