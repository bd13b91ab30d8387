//! The live region: a screen reader hears what was lost, blocked or closed, in one short
//! sentence at most every few seconds, and a switch turns that off.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::Tally;
use crate::ui::hooks::use_announcements;

/// Props of [`Announcer`].
#[derive(Debug, Properties, PartialEq)]
pub struct AnnouncerProps {
    /// The counters and states of the frame on screen.
    pub tally: Tally,
    /// Which session they come from; a new one starts silently.
    pub generation: u64,
    /// Whether to show the switch that mutes announcements (not in a chromeless embed).
    #[prop_or(true)]
    pub show_switch: bool,
}

/// A visually hidden `role="status"` region, polite and read whole, and the checkbox that
/// mutes it.
#[component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    let announcements = use_announcements(&props.tally, props.generation);
    let onchange = {
        let on_mute = announcements.on_mute.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                on_mute.emit(!input.checked());
            }
        })
    };
    html! {
        <div class="announcer">
            if props.show_switch {
                <label class="announce-switch">
                    <input
                        type="checkbox"
                        data-testid="announce-toggle"
                        checked={!announcements.muted}
                        {onchange}
                    />
                    { "Announce drops, blocks and closes to screen readers" }
                </label>
            }
            <p
                class="visually-hidden"
                role="status"
                aria-live="polite"
                aria-atomic="true"
                data-testid="announcer"
            >
                { announcements.text }
            </p>
        </div>
    }
}
