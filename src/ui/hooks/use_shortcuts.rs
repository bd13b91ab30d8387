//! The keyboard shortcuts of the time controls, as one listener on the document that lives
//! as long as the component that asked for it.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// What a shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: play or pause.
    Toggle,
    /// →: step forward by the chosen interval.
    StepForward,
    /// ←: step back by the chosen interval.
    StepBack,
    /// N: run to the next event.
    NextEvent,
    /// `[`: the next slower speed.
    Slower,
    /// `]`: the next faster speed.
    Faster,
    /// G: put the focus on the go-to field.
    GoTo,
    /// `?`: open the list of shortcuts.
    Help,
    /// Escape: close it.
    Close,
}

impl Shortcut {
    /// Every shortcut with its key as the help lists it and what it does.
    pub const HELP: [(Shortcut, &'static str, &'static str); 9] = [
        (Shortcut::Toggle, "Space", "Play or pause"),
        (
            Shortcut::StepForward,
            "\u{2192}",
            "Step forward by the chosen interval",
        ),
        (
            Shortcut::StepBack,
            "\u{2190}",
            "Step back by the chosen interval",
        ),
        (Shortcut::NextEvent, "N", "Run to the next event"),
        (Shortcut::Slower, "[", "Slower"),
        (Shortcut::Faster, "]", "Faster"),
        (Shortcut::GoTo, "G", "Go to a time: focus the field"),
        (Shortcut::Help, "?", "Show these shortcuts"),
        (Shortcut::Close, "Esc", "Close this list"),
    ];

    /// Whether the shortcut works in a locked embed (`?embed=1&lock=1`), which offers only
    /// play, pause and the speed: the keys that would step or seek the clock, or focus the
    /// hidden go-to field, do nothing there. `?` and Escape stay, so that a keyboard user can
    /// still find out which keys are left.
    pub fn works_when_locked(self) -> bool {
        matches!(
            self,
            Shortcut::Toggle
                | Shortcut::Slower
                | Shortcut::Faster
                | Shortcut::Help
                | Shortcut::Close
        )
    }

    /// Whether the shortcut works in an embed (`?embed=1`), whose compact controls bar leaves
    /// out the go-to field that G would focus.
    pub fn works_when_embedded(self) -> bool {
        self != Shortcut::GoTo
    }

    /// Whether the shortcut works on a page that is an embed or not, locked or not: the one
    /// rule for the keys the page answers and the keys its help lists.
    pub fn works_on(self, embed: bool, locked: bool) -> bool {
        (!embed || self.works_when_embedded()) && (!locked || self.works_when_locked())
    }

    /// The shortcut of a key as `KeyboardEvent.key` names it.
    pub fn from_key(key: &str) -> Option<Shortcut> {
        Some(match key {
            " " | "Spacebar" => Shortcut::Toggle,
            "ArrowRight" => Shortcut::StepForward,
            "ArrowLeft" => Shortcut::StepBack,
            "n" | "N" => Shortcut::NextEvent,
            "[" => Shortcut::Slower,
            "]" => Shortcut::Faster,
            "g" | "G" => Shortcut::GoTo,
            "?" => Shortcut::Help,
            "Escape" | "Esc" => Shortcut::Close,
            _ => return None,
        })
    }
}

/// Whether a key pressed on `target` belongs to it rather than to the shortcuts: typing in
/// a field or a select, and Space on a button, which presses the button. Escape always
/// reaches the shortcuts, so that it closes the help from anywhere.
fn belongs_to_target(target: Option<Element>, shortcut: Shortcut) -> bool {
    let Some(element) = target else {
        return false;
    };
    if shortcut == Shortcut::Close {
        return false;
    }
    let tag = element.tag_name().to_ascii_lowercase();
    let typing = matches!(tag.as_str(), "input" | "select" | "textarea")
        || element
            .get_attribute("contenteditable")
            .is_some_and(|value| value != "false");
    let pressing =
        shortcut == Shortcut::Toggle && matches!(tag.as_str(), "button" | "a" | "summary");
    typing || pressing
}

/// Calls `on_shortcut` for each shortcut pressed anywhere on the page, except while the
/// person types in a field, and never with Ctrl, Alt or Meta held (those belong to the
/// browser). In an embed, and more so a locked one, only the shortcuts that
/// [work there](Shortcut::works_on) are called; the other keys keep their browser meaning.
/// The default action of a handled key (Space scrolling the page) is prevented.
#[hook]
pub fn use_shortcuts(on_shortcut: Callback<Shortcut>, embed: bool, locked: bool) {
    use_effect_with(
        (on_shortcut, embed, locked),
        |(on_shortcut, embed, locked)| {
            let (embed, locked) = (*embed, *locked);
            let on_shortcut = on_shortcut.clone();
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if event.ctrl_key() || event.alt_key() || event.meta_key() {
                        return;
                    }
                    let Some(shortcut) = Shortcut::from_key(&event.key()) else {
                        return;
                    };
                    if !shortcut.works_on(embed, locked) {
                        return;
                    }
                    // Holding an arrow steps on; holding Space must not flicker play and pause.
                    let repeats = matches!(shortcut, Shortcut::StepForward | Shortcut::StepBack);
                    if event.repeat() && !repeats {
                        return;
                    }
                    let target = event
                        .target()
                        .and_then(|target| target.dyn_into::<Element>().ok());
                    if belongs_to_target(target, shortcut) {
                        return;
                    }
                    event.prevent_default();
                    on_shortcut.emit(shortcut);
                },
            );
            // Dropping the listener removes it, when the callback changes or the app goes.
            move || drop(listener)
        },
    );
}
