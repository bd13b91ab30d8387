//! The event log: the newest events, filtered by category, newest first.
//!
//! # Holding still
//!
//! While the clock runs, new events arrive on top many times a second and push every row
//! down. A row moves between the press and the release of a click, and the click lands on
//! the list instead of the row. So while the pointer is over the list, or the keyboard focus
//! is in it, the list holds still: it keeps the rows it showed when the hold began, and a
//! status line says how many newer events wait. Leaving releases it and shows the newest.
//! The hold is only the view's: the simulation goes on.
//!
//! - A paused clock needs no hold: a step or a seek shows its events at once, as always.
//! - Changing a filter while held takes the rows of the new filter and holds those.
//! - A total that falls (a reset, or a seek back) takes the rows afresh too.
//! - Focus left behind by a mouse click does not hold: only focus that shows (the keyboard's,
//!   `:focus-visible`) does, so the log does not stay frozen after a click elsewhere.
//!
//! # Keyboard
//!
//! The rows that name a message form one Tab stop (a roving tabindex): Tab reaches the last
//! row used, or the newest, and ArrowUp, ArrowDown, Home and End move between them.

use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
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
    /// Whether the clock runs; only a running log holds still under the pointer.
    #[prop_or_default]
    pub running: bool,
    /// The message whose lineage is shown, if any; its rows show as picked.
    #[prop_or_default]
    pub followed: Option<MessageId>,
    /// A row that names a message was picked, by click, Enter or Space.
    #[prop_or_default]
    pub on_follow: Callback<MessageId>,
}

/// The rows the list shows, and what they were taken from.
#[derive(Debug, Default)]
struct ShownRows {
    events: Vec<SimEvent>,
    /// The total of events when the rows were taken; the newer ones are counted from it.
    total: u64,
    filter: EventFilter,
}

/// What holds the list still.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Hold {
    pointer: bool,
    focus: bool,
}

impl Hold {
    fn is_held(self) -> bool {
        self.pointer || self.focus
    }
}

/// A change to what holds the list, applied to the newest [`Hold`], so that a pointer and
/// a focus event in the same moment do not undo each other.
enum HoldChange {
    Pointer(bool),
    Focus(bool),
}

impl Reducible for Hold {
    type Action = HoldChange;

    fn reduce(self: Rc<Self>, change: HoldChange) -> Rc<Self> {
        let next = match change {
            HoldChange::Pointer(pointer) => Hold { pointer, ..*self },
            HoldChange::Focus(focus) => Hold { focus, ..*self },
        };
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// Filter checkboxes, the hold's status line and the rows. Payloads are whatever a person
/// typed into a pattern; they go into text nodes, which Yew escapes, never into `inner_html`.
///
/// A row that names a message is a button: pressing it shows what became of every copy of
/// that message. The rows of the followed message are marked by a bar and by
/// `aria-pressed`, not by colour alone.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let hold = use_reducer_eq(Hold::default);
    let shown = use_mut_ref(ShownRows::default);
    // The key of the row that is the list's one Tab stop, once the keyboard or a click has
    // been on one.
    let tab_stop = use_state_eq(|| None::<String>);
    let list = use_node_ref();

    // Take the rows afresh unless held. Held, the list keeps what it showed last, which is
    // what the person saw when the pointer or the focus came in.
    let held = props.running && hold.is_held();
    {
        let mut shown = shown.borrow_mut();
        if !held || shown.filter != props.filter || props.total < shown.total {
            *shown = ShownRows {
                events: props.events.clone(),
                total: props.total,
                filter: props.filter,
            };
        }
    }
    let shown = shown.borrow();
    let waiting = props.total.saturating_sub(shown.total);

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
    let keyed: Vec<(String, &SimEvent)> = shown
        .events
        .iter()
        .map(|event| {
            let base = format!("{}|{}", event.at.as_micros(), event.kind);
            let repeat = seen.entry(base.clone()).or_insert(0);
            *repeat += 1;
            (format!("{base}|{repeat}"), event)
        })
        .collect();
    // The Tab stop: the row last used if it is still shown, or else the newest that names a
    // message.
    let followable = |(_, event): &&(String, &SimEvent)| event.kind.message().is_some();
    let stop = keyed
        .iter()
        .filter(followable)
        .find(|(key, _)| tab_stop.as_deref() == Some(key.as_str()))
        .or_else(|| keyed.iter().find(followable))
        .map(|(key, _)| key.clone());

    let rows = keyed.iter().map(|(key, event)| {
        let label = event.kind.category().label();
        let cells = html! {
            <>
                <span class="event-time">{ event.at.to_string() }</span>
                <span class="event-kind">{ label }</span>
                <span class="event-text">{ event.kind.to_string() }</span>
            </>
        };
        let Some(message) = event.kind.message() else {
            return html! {
                <li key={key.clone()} class={classes!("event", format!("kind-{label}"))} data-testid="event" data-kind={label}>
                    { cells }
                </li>
            };
        };
        let followed = props.followed == Some(message);
        let onclick = props.on_follow.reform(move |_: MouseEvent| message);
        let onfocus = {
            let tab_stop = tab_stop.clone();
            let key = key.clone();
            Callback::from(move |_: FocusEvent| tab_stop.set(Some(key.clone())))
        };
        let tabindex = if stop.as_deref() == Some(key.as_str()) { "0" } else { "-1" };
        html! {
            <li
                key={key.clone()}
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
                    {tabindex}
                    {onclick}
                    {onfocus}
                >
                    { cells }
                </button>
            </li>
        }
    });

    let onpointerenter = {
        let hold = hold.clone();
        Callback::from(move |_: PointerEvent| hold.dispatch(HoldChange::Pointer(true)))
    };
    let onpointerleave = {
        let hold = hold.clone();
        Callback::from(move |_: PointerEvent| hold.dispatch(HoldChange::Pointer(false)))
    };
    let onfocusin = {
        let hold = hold.clone();
        Callback::from(move |event: FocusEvent| {
            let shows = event
                .target_dyn_into::<Element>()
                .and_then(|element| element.matches(":focus-visible").ok())
                .unwrap_or(true);
            hold.dispatch(HoldChange::Focus(shows));
        })
    };
    let onfocusout = {
        let hold = hold.clone();
        let list = list.clone();
        Callback::from(move |event: FocusEvent| {
            // Moving between rows stays inside; the focusin that follows decides.
            let into = event
                .related_target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
            let inside = list
                .cast::<Element>()
                .is_some_and(|list| list.contains(into.as_ref()));
            if !inside {
                hold.dispatch(HoldChange::Focus(false));
            }
        })
    };
    let onkeydown = {
        let list = list.clone();
        Callback::from(move |event: KeyboardEvent| move_focus(&list, &event))
    };

    let status = match (held, hold.pointer) {
        (false, _) => {
            "Holds still while the pointer or the keyboard focus is in the list".to_owned()
        }
        (true, pointer) => format!(
            "Held while the {} \u{b7} {waiting} newer event{}",
            if pointer {
                "pointer is over the log"
            } else {
                "focus is in the log"
            },
            if waiting == 1 { "" } else { "s" },
        ),
    };
    // Without a row to take the focus, the list itself does, so that the keyboard can
    // scroll it.
    let list_tabindex = (stop.is_none() && !keyed.is_empty()).then_some("0");

    html! {
        <section class="event-log card" data-testid="event-log" aria-labelledby="event-log-title">
            <div class="event-log-head">
                <h2 id="event-log-title">{ "Event log" }</h2>
                <p class="muted">
                    { format!("newest first \u{b7} showing {} \u{b7} {} events in all", shown.events.len(), props.total) }
                </p>
                // The lineage opens in the panel above, often out of sight from here. The
                // page does not jump there by itself: that would move the log from under
                // the pointer that is picking rows. The button keeps its place while no
                // message is followed (hidden, out of the tab order), so that its showing up
                // never moves the rows either.
                <button
                    type="button"
                    class={classes!(
                        "button", "small", "event-log-to-lineage",
                        props.followed.is_none().then_some("is-idle"),
                    )}
                    data-testid="event-log-to-lineage"
                    onclick={Callback::from(|_: MouseEvent| show_lineage_panel())}
                >
                    {
                        match props.followed {
                            Some(message) => format!("Lineage of {message} above"),
                            None => "Lineage above".to_owned(),
                        }
                    }
                    <span aria-hidden="true">{ " \u{2191}" }</span>
                </button>
            </div>
            <fieldset class="filters">
                <legend>{ "Show" }</legend>
                { for filters }
            </fieldset>
            if shown.events.is_empty() {
                <p class="empty-state">{ "No events in the chosen categories yet." }</p>
            }
            // Always there, one or two lines tall, so that the hold starting never moves the
            // rows under the pointer.
            <p
                class={classes!("event-log-hold", held.then_some("is-held"))}
                data-testid="event-log-hold"
                data-held={if held { "true" } else { "false" }}
                data-waiting={waiting.to_string()}
            >
                <span class="event-log-hold-mark" aria-hidden="true">{ if held { "\u{275a}\u{275a} " } else { "\u{25cf} " } }</span>
                { status }
            </p>
            <ol
                ref={list}
                class="events"
                data-testid="event-list"
                aria-live="off"
                aria-labelledby="event-log-title"
                tabindex={list_tabindex}
                {onpointerenter}
                {onpointerleave}
                {onfocusin}
                {onfocusout}
                {onkeydown}
            >
                { for rows }
            </ol>
        </section>
    }
}

/// Scrolls the lineage panel's heading into view, under the sticky controls bar, and moves
/// the keyboard focus there, so that the next Tab goes on into the panel.
fn show_lineage_panel() {
    let heading = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("lineage-title"));
    if let Some(heading) = heading {
        heading.scroll_into_view();
        if let Ok(heading) = heading.dyn_into::<HtmlElement>() {
            // Focus fails only for a detached heading; then there is nowhere to go.
            let _ = heading.focus();
        }
    }
}

/// Moves the focus between the rows that name a message, for ArrowUp, ArrowDown, Home and
/// End. At either end an arrow does what it does anyway: it scrolls the list.
fn move_focus(list: &NodeRef, event: &KeyboardEvent) {
    let Some(list) = list.cast::<Element>() else {
        return;
    };
    let Ok(rows) = list.query_selector_all("button.event-row") else {
        return;
    };
    let rows: Vec<HtmlElement> = (0..rows.length())
        .filter_map(|index| rows.item(index))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect();
    let focused = gloo::utils::document().active_element();
    let Some(at) = rows
        .iter()
        .position(|row| focused.as_ref() == Some(row.as_ref()))
    else {
        return;
    };
    let to = match event.key().as_str() {
        "ArrowDown" => at.checked_add(1),
        "ArrowUp" => at.checked_sub(1),
        "Home" => Some(0),
        "End" => rows.len().checked_sub(1),
        _ => return,
    };
    if let Some(row) = to.and_then(|to| rows.get(to)) {
        event.prevent_default();
        let _ = row.focus();
    }
}
