//! A topic's name, with the inline rename form it turns into.

use yew::prelude::*;

use crate::broker::TopicName;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::{text_setter, Outcome};
use crate::ui::hooks::use_focus_after_render;

/// Props of [`TopicTitle`].
#[derive(Debug, Properties, PartialEq)]
pub struct TopicTitleProps {
    /// The topic's name now.
    pub name: TopicName,
    /// Whether the topic is closed, which the heading says to a screen reader (the badge
    /// next to it says it to the eye).
    #[prop_or_default]
    pub closed: bool,
    /// The heading, which the section focuses after Close. It can take the focus from a
    /// script but is not a stop of the Tab key.
    #[prop_or_default]
    pub heading: NodeRef,
    /// Renames the topic; a refusal (bad or duplicate name) comes back.
    pub on_rename: Callback<(TopicName, String), Outcome>,
}

/// The heading and a Rename button; the button opens a field with Rename and Cancel. Enter
/// confirms, Escape cancels. Either way the focus returns to the Rename button, where it
/// was before the form opened, instead of falling to the page's body with the form.
#[component]
pub fn TopicTitle(props: &TopicTitleProps) -> Html {
    let editing = use_state(|| false);
    let text = use_state(|| props.name.to_string());
    let error = use_state(|| None::<AttrValue>);
    let field = use_node_ref();
    let rename_button = use_node_ref();
    let handoff = use_focus_after_render();

    // Move the focus into the field when it opens, so the keyboard can type at once.
    use_effect_with((*editing, field.clone()), |(editing, field)| {
        if *editing {
            if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                let _focused = input.focus();
                input.select();
            }
        }
    });

    let open = {
        let (editing, text, error) = (editing.clone(), text.clone(), error.clone());
        let name = props.name.to_string();
        Callback::from(move |_: MouseEvent| {
            text.set(name.clone());
            error.set(None);
            editing.set(true);
        })
    };
    let close_form = {
        let (editing, error) = (editing.clone(), error.clone());
        let (handoff, rename_button) = (handoff.clone(), rename_button.clone());
        Callback::from(move |()| {
            error.set(None);
            editing.set(false);
            handoff.request([rename_button.clone()]);
        })
    };
    let cancel = close_form.clone();
    let onsubmit = {
        let (text, error) = (text.clone(), error.clone());
        let name = props.name.clone();
        let on_rename = props.on_rename.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match on_rename.emit((name.clone(), (*text).clone())) {
                Ok(()) => close_form.emit(()),
                Err(message) => error.set(Some(message.into())),
            }
        })
    };
    let onkeydown = {
        let cancel = cancel.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                cancel.emit(());
            }
        })
    };

    if !*editing {
        return html! {
            <div class="topic-title">
                <h2 ref={props.heading.clone()} tabindex="-1" data-testid="topic-heading">
                    <span class="visually-hidden">{ "Topic " }</span>
                    <span class="topic-name">{ props.name.as_str() }</span>
                    if props.closed {
                        <span class="visually-hidden">{ " (closed)" }</span>
                    }
                </h2>
                <button
                    ref={rename_button}
                    type="button"
                    class="button small"
                    data-testid="rename-topic"
                    aria-label={format!("Rename topic {}", props.name)}
                    onclick={open}
                >
                    <span aria-hidden="true">{ "\u{270e} " }</span>
                    { "Rename" }
                </button>
            </div>
        };
    }

    let error_id = format!("rename-{}-error", dom_id(&props.name));
    html! {
        <form class="topic-title rename" {onsubmit} novalidate=true>
            <label class="visually-hidden" for={format!("rename-{}", dom_id(&props.name))}>
                { format!("New name for topic {}", props.name) }
            </label>
            <input
                id={format!("rename-{}", dom_id(&props.name))}
                ref={field}
                data-testid="rename-topic-name"
                type="text"
                autocomplete="off"
                value={(*text).clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then_some(error_id.clone())}
                oninput={text_setter(&text)}
                {onkeydown}
            />
            <button type="submit" class="button small primary" data-testid="rename-topic-confirm">
                { "Rename" }
            </button>
            <button
                type="button"
                class="button small"
                data-testid="rename-topic-cancel"
                onclick={cancel.reform(|_: MouseEvent| ())}
            >
                { "Cancel" }
            </button>
            <InlineError id={error_id} testid="rename-topic-error" message={(*error).clone()} />
        </form>
    }
}

/// A topic name made safe for an element id: letters and digits kept, the rest `-`, plus a
/// hash of the whole name so that `a b` and `a-b` differ.
pub fn dom_id(name: &TopicName) -> String {
    let readable: String = name
        .as_str()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let hash = name.as_str().bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    format!("{readable}-{hash:08x}")
}
