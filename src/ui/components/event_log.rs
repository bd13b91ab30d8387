//! The event log: the newest events, filtered by category, newest first.

use std::collections::HashMap;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::broker::MessageId;
use crate::sim::{Event as SimEvent, EventCategory};
use crate::ui::state::EventFilter;

/// Props of [`EventLog`].
#[derive(Debug, Properties, PartialEq)]
pub struct EventLogProps {
    /// The newest events in the shown categories, newest first, already bounded.
    pub events: Vec<SimEvent>,
    /// How many events happened in all.
    pub total: u64,
    /// Which categories are shown.
    pub filter: EventFilter,
    /// A category was ticked or unticked.
    pub on_filter: Callback<EventFilter>,
    /// The message whose lineage is shown, if any; its rows show as picked.
    #[prop_or_default]
    pub followed: Option<MessageId>,
    /// A row that names a message was picked, by click, Enter or Space.
    #[prop_or_default]
    pub on_follow: Callback<MessageId>,
}

/// Filter checkboxes and the rows. Payloads are whatever a person typed into a pattern; they
/// go into text nodes, which Yew escapes, never into `inner_html`.
///
/// A row that names a message is a button: pressing it shows what became of every copy of
/// that message. The rows of the followed message are marked by a bar and by
/// `aria-pressed`, not by colour alone.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let filters = EventCategory::ALL.into_iter().map(|category| {
        let label = category.label();
        let filter = props.filter;
        let on_filter = props.on_filter.clone();
        let onchange = Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                on_filter.emit(filter.with(category, input.checked()));
            }
        });
        html! {
            <label key={label} class={classes!("filter", format!("kind-{label}"))}>
                <input
                    type="checkbox"
                    data-testid={format!("filter-{label}")}
                    checked={props.filter.shows(category)}
                    {onchange}
                />
                { label }
            </label>
        }
    });

    // Events carry no id, so a row's key is its time and text, with a counter for the rare
    // exact repeat. Keys keep rows in place as new ones arrive on top.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let rows = props.events.iter().map(|event| {
        let label = event.kind.category().label();
        let text = event.kind.to_string();
        let base = format!("{}|{text}", event.at.as_micros());
        let repeat = seen.entry(base.clone()).or_insert(0);
        *repeat += 1;
        let key = format!("{base}|{repeat}");
        let cells = html! {
            <>
                <span class="event-time">{ event.at.to_string() }</span>
                <span class="event-kind">{ label }</span>
                <span class="event-text">{ text }</span>
            </>
        };
        let Some(message) = event.kind.message() else {
            return html! {
                <li key={key} class={classes!("event", format!("kind-{label}"))} data-testid="event" data-kind={label}>
                    { cells }
                </li>
            };
        };
        let followed = props.followed == Some(message);
        let onclick = props.on_follow.reform(move |_: MouseEvent| message);
        html! {
            <li
                key={key}
                class={classes!("event", "followable", format!("kind-{label}"))}
                data-testid="event"
                data-kind={label}
            >
                <button
                    type="button"
                    class="event-row"
                    data-testid="event-follow"
                    data-message={message.0.to_string()}
                    aria-pressed={if followed { "true" } else { "false" }}
                    title={format!("Follow {message}: what became of each copy")}
                    {onclick}
                >
                    { cells }
                </button>
            </li>
        }
    });

    html! {
        <section class="event-log card" data-testid="event-log" aria-labelledby="event-log-title">
            <div class="event-log-head">
                <h2 id="event-log-title">{ "Event log" }</h2>
                <p class="muted">
                    { format!("newest first \u{b7} showing {} \u{b7} {} events in all", props.events.len(), props.total) }
                </p>
            </div>
            <fieldset class="filters">
                <legend>{ "Show" }</legend>
                { for filters }
            </fieldset>
            if props.events.is_empty() {
                <p class="empty-state">{ "No events in the chosen categories yet." }</p>
            }
            // Focusable, because it scrolls: the keyboard scrolls it with the arrow keys.
            <ol class="events" aria-live="off" tabindex="0" aria-labelledby="event-log-title">
                { for rows }
            </ol>
        </section>
    }
}
