//! Follow one message: where it came from, and what became of each of its copies.
//!
//! The app reads the lineage from the simulation once per frame, so the table moves on while
//! the clock runs: a queued copy turns delivered, a waiting one is offered. This component
//! only draws it. Everything a person typed (the payload above all) goes into text nodes,
//! which Yew escapes.

use yew::prelude::*;

use crate::broker::MessageId;
use crate::sim::{Fate, Lineage, LineageError};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::text_setter;

/// Props of [`LineagePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct LineagePanelProps {
    /// The message followed, if any.
    pub followed: Option<MessageId>,
    /// Its lineage as of this frame, or why there is none.
    pub lineage: Option<Result<Lineage, LineageError>>,
    /// A message number was typed and submitted.
    pub on_follow: Callback<MessageId>,
    /// The panel was closed; the focus moves to the number field.
    pub on_close: Callback<()>,
}

/// The number field, the message's details, and one table row per copy.
#[component]
pub fn LineagePanel(props: &LineagePanelProps) -> Html {
    let text = use_state(String::new);
    let error = use_state(|| None::<AttrValue>);
    let field = use_node_ref();

    let onsubmit = {
        let text = text.clone();
        let error = error.clone();
        let on_follow = props.on_follow.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match parse_message(&text) {
                Ok(message) => {
                    error.set(None);
                    on_follow.emit(message);
                }
                Err(reason) => error.set(Some(reason.into())),
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        let field = field.clone();
        move || {
            on_close.emit(());
            // The close button goes away with the table; the field stays, next to where
            // the person was. Focus fails only for a detached field.
            if let Some(field) = field.cast::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        }
    };
    let onkeydown = {
        let close = close.clone();
        let following = props.followed.is_some();
        Callback::from(move |event: KeyboardEvent| {
            if following && event.key() == "Escape" {
                event.prevent_default();
                close();
            }
        })
    };
    let on_close_click = Callback::from(move |_: MouseEvent| close());

    html! {
        <section
            class="lineage card"
            data-testid="lineage-panel"
            aria-labelledby="lineage-title"
            {onkeydown}
        >
            <div class="lineage-head">
                // Takes the focus from the log's "Lineage of … above" button (hence the tabindex).
                <h2 id="lineage-title" tabindex="-1">{ "Follow one message" }</h2>
                <form class="lineage-pick" {onsubmit} novalidate=true>
                    <label for="lineage-message">{ "Message number" }</label>
                    <input
                        id="lineage-message"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        placeholder="12"
                        data-testid="lineage-message"
                        ref={field}
                        value={(*text).clone()}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={error.is_some().then_some("lineage-message-error")}
                        oninput={text_setter(&text)}
                    />
                    <button type="submit" class="button small" data-testid="lineage-follow">
                        { "Follow" }
                    </button>
                </form>
                if let Some(message) = props.followed {
                    <button
                        type="button"
                        class="button small lineage-close"
                        data-testid="lineage-close"
                        aria-label={format!("Close the lineage of {message}")}
                        onclick={on_close_click}
                    >
                        <span aria-hidden="true">{ "✕ " }</span>
                        { "Close" }
                    </button>
                }
            </div>
            <InlineError
                id="lineage-message-error"
                testid="lineage-message-error"
                message={(*error).clone()}
            />
            // Announced once per pick, not once per frame as the table moves on.
            <p class="visually-hidden" aria-live="polite" data-testid="lineage-status">
                { props.followed.map(|message| format!("Following {message}.")).unwrap_or_default() }
            </p>
            {
                match &props.lineage {
                    None => html! {
                        <p class="empty-state">
                            { "Pick a row of the event log that names a message, or type its number, to see every copy of it: delivered, dropped, evicted or still on its way." }
                        </p>
                    },
                    Some(Err(reason)) => html! {
                        <p class="lineage-missing" role="status" data-testid="lineage-missing">
                            <span aria-hidden="true">{ "⌀ " }</span>
                            { reason.to_string() }
                        </p>
                    },
                    Some(Ok(lineage)) => view(lineage),
                }
            }
        </section>
    }
}

/// The message and its copies.
fn view(lineage: &Lineage) -> Html {
    let summary = format!(
        "{} cop{} \u{b7} {} delivered \u{b7} {} lost \u{b7} {} on the way \u{b7} as of {}",
        lineage.copies.len(),
        if lineage.copies.len() == 1 {
            "y"
        } else {
            "ies"
        },
        lineage.delivered(),
        lineage.lost(),
        lineage.pending(),
        lineage.as_of,
    );
    let rows = lineage.copies.iter().map(|copy| {
        let fate = &copy.fate;
        let time = match (fate.at(), lineage.after_publish(fate)) {
            (Some(at), Some(after)) => html! {
                <>
                    { at.to_string() }
                    <span class="lineage-after">{ format!("+{:.3} s", after.as_secs_f64()) }</span>
                </>
            },
            _ => html! { { "now" } },
        };
        let level = match fate.level() {
            Some((buffered, capacity)) => format!("{buffered}/{}", capacity.get()),
            None => "\u{2014}".to_owned(),
        };
        html! {
            <tr
                key={copy.subscriber.id}
                class={classes!("lineage-copy", fate_class(fate))}
                data-testid="lineage-copy"
                data-subscriber={copy.subscriber.name.to_string()}
                data-fate={fate.label()}
            >
                <th scope="row">{ copy.subscriber.name.to_string() }</th>
                // The reason sits under the fate rather than in a column of its own, so
                // that four columns fit a phone.
                <td class="lineage-fate">
                    <span class="lineage-fate-label">
                        <span class="fate-symbol" aria-hidden="true">{ fate_symbol(fate) }</span>
                        { fate.label() }
                    </span>
                    <span class="lineage-reason">{ fate.to_string() }</span>
                </td>
                <td class="lineage-time">{ time }</td>
                <td class="lineage-level" data-testid="lineage-level">{ level }</td>
            </tr>
        }
    });

    html! {
        <div class="lineage-body" data-testid="lineage" data-message={lineage.message.0.to_string()}>
            <dl class="lineage-message">
                <div>
                    <dt>{ "Message" }</dt>
                    <dd data-testid="lineage-id">{ lineage.message.to_string() }</dd>
                </div>
                <div>
                    <dt>{ "Published" }</dt>
                    <dd>
                        { format!("by {} on {} at {}", lineage.publisher.name, lineage.topic, lineage.published_at) }
                    </dd>
                </div>
                <div class="lineage-payload-item">
                    <dt>{ "Payload" }</dt>
                    <dd><code class="lineage-payload" data-testid="lineage-payload">{ lineage.payload.to_string() }</code></dd>
                </div>
            </dl>
            <p class="muted lineage-summary" data-testid="lineage-summary">{ summary }</p>
            if lineage.copies.is_empty() {
                <p class="empty-state">{ "The topic had no subscribers when it was published: nobody was offered a copy." }</p>
            } else {
                // Scrolls sideways on a narrow screen rather than widening the page; it takes
                // the focus so that the keyboard can scroll it too.
                <div class="lineage-scroll" tabindex="0" role="region" aria-label={format!("Copies of {}", lineage.message)}>
                    <table class="lineage-table" data-testid="lineage-table">
                        <caption class="visually-hidden">
                            { format!("What became of each copy of {}, one row per subscriber", lineage.message) }
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Subscriber" }</th>
                                <th scope="col">{ "Fate, and why" }</th>
                                <th scope="col">{ "Time" }</th>
                                <th scope="col"><abbr title="messages in the buffer of its capacity: len(ch)/cap(ch)">{ "Buffer" }</abbr></th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </div>
    }
}

/// A shape for each fate, so that the table reads without colour.
fn fate_symbol(fate: &Fate) -> &'static str {
    match fate {
        Fate::Delivered { .. } => "✓ ",
        Fate::Dropped { .. } => "✕ ",
        Fate::Evicted { .. } => "◇ ",
        Fate::Disconnected { .. } => "✂ ",
        Fate::Discarded { .. } => "⊘ ",
        Fate::Queued { .. } => "… ",
        Fate::Waiting { .. } => "❚❚ ",
        _ => "∅ ",
    }
}

fn fate_class(fate: &Fate) -> &'static str {
    if fate.is_delivered() {
        "fate-delivered"
    } else if fate.is_pending() {
        "fate-pending"
    } else {
        "fate-lost"
    }
}

/// A message number as typed: `12` or `m12`, with spaces around it.
fn parse_message(text: &str) -> Result<MessageId, String> {
    let text = text.trim();
    let digits = text
        .strip_prefix('m')
        .or_else(|| text.strip_prefix('M'))
        .unwrap_or(text);
    match digits.parse::<u64>() {
        Ok(number) if number > 0 => Ok(MessageId(number)),
        _ if text.is_empty() => Err("type a message number, such as 12 or m12".to_owned()),
        _ => Err(format!(
            "{text:?} is not a message number; type one such as 12 or m12"
        )),
    }
}
