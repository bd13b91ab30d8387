//! A labelled one-line text field, as the add forms and the cards' settings use it.

use yew::prelude::*;

use crate::ui::components::text_setter;

/// Props of [`TextField`].
#[derive(Debug, Properties, PartialEq)]
pub struct TextFieldProps {
    /// The `id` of the `<input>`, which its label points at.
    pub id: AttrValue,
    /// The `data-testid` of the `<input>`.
    pub testid: AttrValue,
    /// The visible words of the label.
    pub label: AttrValue,
    /// Words read after the label but not shown, so that fields with the same visible label
    /// (every card has a "Capacity") get distinct accessible names. They follow the visible
    /// words, so that speech input can still say what it sees.
    #[prop_or_default]
    pub label_suffix: Option<AttrValue>,
    /// The text, kept equal to what is typed.
    pub value: UseStateHandle<String>,
    /// The keyboard a touch screen offers: `numeric`, `decimal`, or the default.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// What shows while the field is empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Whether the browser checks the spelling; off for patterns, which are not words.
    #[prop_or(true)]
    pub spellcheck: bool,
    /// Whether the field is locked.
    #[prop_or_default]
    pub disabled: bool,
    /// Whether the last submit refused what is in the field.
    #[prop_or_default]
    pub invalid: bool,
    /// The ids of what explains the field (its error, why it is locked), space-separated.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Classes of the wrapper besides `field`, such as `grow`.
    #[prop_or_default]
    pub class: Classes,
    /// The `<input>`, for whoever moves the focus to it.
    #[prop_or_default]
    pub field: NodeRef,
}

/// A `field` wrapper with the label and the input. The input never autocompletes: its
/// values are settings of the simulation, not anything the browser has seen before.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    html! {
        <div class={classes!("field", props.class.clone())}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if let Some(suffix) = props.label_suffix.clone() {
                    <span class="visually-hidden">{ suffix }</span>
                }
            </label>
            <input
                ref={props.field.clone()}
                id={props.id.clone()}
                data-testid={props.testid.clone()}
                type="text"
                inputmode={props.inputmode.clone()}
                autocomplete="off"
                placeholder={props.placeholder.clone()}
                spellcheck={(!props.spellcheck).then_some("false")}
                disabled={props.disabled}
                value={(*props.value).clone()}
                aria-invalid={props.invalid.then_some("true")}
                aria-describedby={props.described_by.clone()}
                oninput={text_setter(&props.value)}
            />
        </div>
    }
}
