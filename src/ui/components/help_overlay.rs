//! The list of keyboard shortcuts, as a modal dialog.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::ui::hooks::Shortcut;

/// Props of [`HelpOverlay`].
#[derive(Debug, Properties, PartialEq)]
pub struct HelpOverlayProps {
    /// Close the dialog; the app puts the focus back where it was.
    pub on_close: Callback<()>,
    /// The page is an embed: G has no go-to field to focus there.
    #[prop_or_default]
    pub embed: bool,
    /// The page is a locked embed: only the keys of play, pause and the speed work.
    #[prop_or_default]
    pub locked: bool,
}

/// The dialog. It takes the focus when it opens, keeps it (its Close button is the one
/// thing in it to focus, so Tab stays there), and closes on Escape, on Close, or on a click
/// outside it.
#[component]
pub fn HelpOverlay(props: &HelpOverlayProps) -> Html {
    let close_button = use_node_ref();
    use_effect_with(close_button.clone(), |close_button| {
        if let Some(button) = close_button.cast::<HtmlElement>() {
            // Focus can fail only for a detached element; there is nothing to do then.
            let _ = button.focus();
        }
    });
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let on_backdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: MouseEvent| {
            if event.target() == event.current_target() {
                on_close.emit(());
            }
        })
    };
    // A key the page ignores has no place in the list.
    let (embed, locked) = (props.embed, props.locked);
    let shortcuts = Shortcut::HELP
        .into_iter()
        .filter(move |(shortcut, _, _)| shortcut.works_on(embed, locked));
    let on_keydown = Callback::from(|event: KeyboardEvent| {
        if event.key() == "Tab" {
            event.prevent_default();
        }
    });

    html! {
        <div class="help-backdrop" onclick={on_backdrop}>
            <div
                class="help"
                role="dialog"
                aria-modal="true"
                aria-labelledby="help-title"
                data-testid="help"
                onkeydown={on_keydown}
            >
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <p class="help-note">{ "They work anywhere except while you type in a field. On a focused button, Space presses that button." }</p>
                if props.locked {
                    <p class="help-note" data-testid="help-locked">
                        { "This example is locked to play, pause and the speed; the keys that step or seek the clock do nothing here." }
                    </p>
                }
                <dl class="help-keys">
                    {
                        for shortcuts.map(|(_, key, what)| html! {
                            <div class="help-key" key={key}>
                                <dt><kbd>{ key }</kbd></dt>
                                <dd>{ what }</dd>
                            </div>
                        })
                    }
                </dl>
                // An embed leaves the event log out, and its keys with it.
                if !props.embed {
                    <p class="help-note" data-testid="help-log-keys">
                        { "In the event log, once focused: \u{2191} and \u{2193}, Home and End move between the rows that name a message; Enter or Space follows it." }
                    </p>
                }
                <button
                    type="button"
                    class="button"
                    data-testid="help-close"
                    ref={close_button}
                    onclick={on_close}
                >
                    { "Close" }
                </button>
            </div>
        </div>
    }
}
