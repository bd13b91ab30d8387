//! The playground's components, one per file, each with its own `Props`.
//!
//! [`app::App`] owns the simulation handle and the controls' reducer and hands each child
//! the part of the snapshot it draws plus `on_<verb>` callbacks. A callback that changes the
//! simulation returns an [`Outcome`], so the form that asked shows a refusal next to its own
//! fields.

pub mod add_publisher;
pub mod add_subscriber;
pub mod add_topic;
pub mod announcer;
pub mod app;
pub mod buffer_gauge;
pub mod charts;
pub mod code_pane;
pub mod compare_panel;
pub mod controls;
pub mod event_log;
pub mod fanout;
pub mod guide;
pub mod header;
pub mod help_overlay;
pub mod inline_error;
pub mod ledger_line;
pub mod lineage_panel;
pub mod policy_select;
pub mod preset_picker;
pub mod publisher_card;
pub mod question;
pub mod remove_button;
pub mod share_panel;
pub mod subscriber_card;
pub mod text_field;
pub mod timeline;
pub mod topic_section;
pub mod topic_select;
pub mod topic_title;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::{Callback, InputEvent, TargetCast, UseStateHandle};

/// The result of a change: done, or refused with the text to show next to the field.
pub type Outcome = Result<(), String>;

/// An `oninput` handler that keeps `state` equal to the text of the `<input>` or
/// `<textarea>` it is set on.
pub fn text_setter(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |event: InputEvent| {
        if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
            state.set(input.value());
        } else if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
            state.set(area.value());
        }
    })
}
