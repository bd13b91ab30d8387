//! One publisher: its count, its status, its rate, and its controls.

use yew::prelude::*;

use crate::sim::{PublisherId, PublisherStatus, PublisherView, Rate, SimDuration};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::remove_button::RemoveButton;
use crate::ui::components::text_field::TextField;
use crate::ui::components::Outcome;
use crate::ui::format::format_number;
use crate::ui::parse::parse_rate;

/// Props of [`PublisherCard`].
#[derive(Debug, Properties, PartialEq)]
pub struct PublisherCardProps {
    /// The publisher.
    pub view: PublisherView,
    /// How long it has been blocked, on the simulated clock; `None` while it is not. Only a
    /// blocked card thus re-renders as the clock moves.
    #[prop_or_default]
    pub blocked_for: Option<SimDuration>,
    /// The ✕ button, which the topic focuses when a neighbouring card is removed.
    #[prop_or_default]
    pub remove_button: NodeRef,
    /// Changes its rate while it runs; a refusal comes back.
    pub on_set_rate: Callback<(PublisherId, Rate), Outcome>,
    /// Removes it.
    pub on_remove: Callback<PublisherId, Outcome>,
}

/// Whether `now` differs from `shown` in what the user changes or must see at once, so that a
/// card paced by [`use_held_while_running`](crate::ui::hooks::use_held_while_running) shows it
/// without waiting for its turn: its rate, or whether it runs, is blocked or panicked.
pub fn changed_by_hand(shown: &PublisherView, now: &PublisherView) -> bool {
    shown.rate != now.rate
        || std::mem::discriminant(&shown.status) != std::mem::discriminant(&now.status)
        || shown.name != now.name
}

/// A card per publisher. A panicked publisher says so in words, with a ⚠ and in red; a
/// blocked one names the subscriber it waits for, with a ❚❚, and says for how long.
#[component]
pub fn PublisherCard(props: &PublisherCardProps) -> Html {
    let view = &props.view;
    let rate = use_state(|| format_number(view.rate.get()));
    let error = use_state(|| None::<AttrValue>);
    let id = view.id;
    let field_id = format!("rate-{}", id.0);
    let error_id = format!("rate-{}-error", id.0);

    let onsubmit = {
        let (rate, error) = (rate.clone(), error.clone());
        let on_set_rate = props.on_set_rate.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let outcome = parse_rate(&rate)
                .map_err(|error| error.to_string())
                .and_then(|parsed| on_set_rate.emit((id, parsed)));
            error.set(outcome.err().map(AttrValue::from));
        })
    };

    let status = match &view.status {
        PublisherStatus::Running => html! {
            <span class="status status-running">
                <span class="status-icon" aria-hidden="true">{ "\u{25cf} " }</span>
                <span data-testid="status">{ "running" }</span>
            </span>
        },
        PublisherStatus::Blocked { by_name, since, .. } => html! {
            <span
                class="status status-blocked"
                title={format!("waiting since {since} for room at {by_name} (block policy)")}
            >
                <span class="status-icon" aria-hidden="true">{ "\u{275a}\u{275a} " }</span>
                <span data-testid="status">{ format!("blocked by {by_name}") }</span>
            </span>
        },
        PublisherStatus::Panicked { at } => html! {
            <span class="status status-panic" title={format!("stopped at {at}")}>
                <span class="status-icon" aria-hidden="true">{ "\u{26a0} " }</span>
                <span data-testid="status">{ "panic: send on closed channel" }</span>
            </span>
        },
    };

    let blocked_note = match &view.status {
        PublisherStatus::Blocked { by_name, .. } => html! {
            <p class="blocked-note" data-testid="blocked-note">
                { "waiting " }
                <span data-testid="blocked-for">
                    { format!("{:.1} s", props.blocked_for.unwrap_or_default().as_secs_f64()) }
                </span>
                { format!(
                    " for room at {by_name}: its buffer is full and its policy is block, so \
                     every subscriber of {} waits too",
                    view.topic
                ) }
            </p>
        },
        _ => Html::default(),
    };
    let state_class = match view.status {
        PublisherStatus::Running => None,
        PublisherStatus::Blocked { .. } => Some("is-blocked"),
        PublisherStatus::Panicked { .. } => Some("is-panicked"),
    };

    html! {
        <article
            class={classes!("card", "actor", "publisher", state_class)}
            data-testid="publisher"
            data-name={view.name.to_string()}
            aria-label={format!("Publisher {}", view.name)}
        >
            <header class="actor-head">
                <h3 class="actor-name">{ view.name.to_string() }</h3>
                { status }
                <RemoveButton<PublisherId>
                    {id}
                    label={format!("Remove publisher {}", view.name)}
                    button={props.remove_button.clone()}
                    on_remove={props.on_remove.clone()}
                    error={error.clone()}
                />
            </header>
            { blocked_note }
            <dl class="counts">
                <div>
                    <dt>{ "published" }</dt>
                    <dd data-testid="published">{ view.published }</dd>
                </div>
                <div>
                    <dt>{ "rate" }</dt>
                    <dd>{ format!("{}/s", format_number(view.rate.get())) }</dd>
                </div>
            </dl>
            <p class="pattern">
                <span class="label">{ "payload " }</span>
                <code>{ view.pattern.as_str() }</code>
            </p>
            <form class="tune" {onsubmit} novalidate=true>
                // The name says whose rate it is: every card, and the add form, has a
                // "Rate (msg/s)" field.
                <TextField
                    id={field_id}
                    testid="rate"
                    label="Rate (msg/s)"
                    label_suffix={format!(" for {}", view.name)}
                    value={rate}
                    inputmode="decimal"
                    invalid={error.is_some()}
                    described_by={error.is_some().then_some(AttrValue::from(error_id.clone()))}
                />
                <button
                    type="submit"
                    class="button small"
                    data-testid="set-rate"
                    aria-label={format!("Set the rate of {}", view.name)}
                >
                    { "Set" }
                </button>
            </form>
            <InlineError id={error_id} testid="rate-error" message={(*error).clone()} />
        </article>
    }
}
