//! One subscriber: its buffer, its overflow policy, where its messages went, its status and
//! its settings.

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, QueueStatus, SubscriberId};
use crate::sim::{ProcessingTime, SubscriberActivity, SubscriberView};
use crate::ui::components::buffer_gauge::BufferGauge;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::ledger_line::LedgerLine;
use crate::ui::components::policy_select::{policy_summary, PolicySelect};
use crate::ui::components::{text_setter, Outcome};
use crate::ui::format::{format_millis, format_number};
use crate::ui::parse::{parse_capacity, parse_processing_millis};

/// Props of [`SubscriberCard`].
#[derive(Debug, Properties, PartialEq)]
pub struct SubscriberCardProps {
    /// The subscriber.
    pub view: SubscriberView,
    /// Changes its capacity and processing time while it runs; a refusal comes back.
    pub on_update: Callback<(SubscriberId, Capacity, ProcessingTime), Outcome>,
    /// Changes its overflow policy while it runs; a refusal comes back.
    pub on_set_policy: Callback<(SubscriberId, OverflowPolicy), Outcome>,
    /// Removes it; what it had queued is discarded and counted.
    pub on_remove: Callback<SubscriberId, Outcome>,
}

/// Whether an overflow under the disconnect policy cut the subscriber off.
pub fn is_disconnected(view: &SubscriberView) -> bool {
    view.status == QueueStatus::Disconnected
        || matches!(view.activity, SubscriberActivity::Disconnected { .. })
}

/// What a subscriber is doing, in the words of the card, with an explanation.
pub fn status_text(view: &SubscriberView) -> (&'static str, &'static str) {
    match (view.status, view.activity) {
        (QueueStatus::Disconnected, _) | (_, SubscriberActivity::Disconnected { .. }) => {
            ("disconnected", "buffer overflow (disconnect policy)")
        }
        (_, SubscriberActivity::Drained { .. }) | (QueueStatus::Removed, _) => (
            "drained-closed",
            "its topic was closed and it received everything that was queued",
        ),
        (QueueStatus::Closed, _) => (
            "closed-draining",
            "its topic was closed; it still receives what is queued",
        ),
        (QueueStatus::Open, SubscriberActivity::Processing { .. }) => (
            "processing",
            "working on a message; new ones wait in the buffer, or meet its policy when it is full",
        ),
        (QueueStatus::Open, SubscriberActivity::Waiting) => (
            "waiting",
            "waiting at its channel: the next message is handed over at once",
        ),
    }
}

/// A card per subscriber.
#[component]
pub fn SubscriberCard(props: &SubscriberCardProps) -> Html {
    let view = &props.view;
    let capacity = use_state(|| view.capacity.get().to_string());
    let processing = use_state(|| format_millis(view.processing));
    let error = use_state(|| None::<AttrValue>);
    let id = view.id;
    let error_id = format!("subscriber-{}-error", id.0);
    let capacity_id = format!("capacity-{}", id.0);
    let processing_id = format!("processing-{}", id.0);

    let onsubmit = {
        let (capacity, processing, error) = (capacity.clone(), processing.clone(), error.clone());
        let on_update = props.on_update.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let parsed = parse_capacity(&capacity).and_then(|capacity| {
                parse_processing_millis(&processing).map(|processing| (capacity, processing))
            });
            let outcome = parsed
                .map_err(|error| error.to_string())
                .and_then(|(capacity, processing)| on_update.emit((id, capacity, processing)));
            error.set(outcome.err().map(AttrValue::from));
        })
    };
    let on_set_policy = {
        let error = error.clone();
        let on_set_policy = props.on_set_policy.clone();
        Callback::from(move |policy: OverflowPolicy| {
            error.set(on_set_policy.emit((id, policy)).err().map(AttrValue::from));
        })
    };
    let on_remove = {
        let error = error.clone();
        let on_remove = props.on_remove.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(message) = on_remove.emit(id) {
                error.set(Some(message.into()));
            }
        })
    };

    let ledger = view.ledger;
    let (status, status_hint) = status_text(view);
    let dropping = ledger.dropped() > 0;
    let evicting = ledger.evicted > 0;
    let disconnected = is_disconnected(view);
    let policy_id = format!("policy-{}", id.0);
    let policy_hint_id = format!("policy-{}-hint", id.0);
    let invalid = error.is_some().then_some("true");
    let described = error.is_some().then_some(error_id.clone());

    html! {
        <article
            class={classes!("card", "actor", "subscriber", format!("is-{status}"))}
            data-testid="subscriber"
            data-name={view.name.to_string()}
            data-policy={view.policy.label()}
            aria-label={format!("Subscriber {}", view.name)}
        >
            <header class="actor-head">
                <h3 class="actor-name">{ view.name.to_string() }</h3>
                <span class={classes!("status", format!("status-{status}"))} title={status_hint}>
                    if disconnected {
                        <span class="status-icon" aria-hidden="true">{ "\u{2702} " }</span>
                    }
                    <span data-testid="status">{ status }</span>
                </span>
                <button
                    type="button"
                    class="button icon danger"
                    data-testid="remove"
                    aria-label={format!("Remove subscriber {}", view.name)}
                    title="Remove"
                    onclick={on_remove}
                >
                    { "\u{2715}" }
                </button>
            </header>
            <p class="fill-line">
                <span class="label">{ "buffer " }</span>
                <span data-testid="fill">
                    { format!("{} of {}", view.len, view.capacity.get()) }
                </span>
                <span class="muted">
                    { format!(" \u{b7} {} ms per message", format_millis(view.processing)) }
                    if view.jitter.get() > 0.0 {
                        { format!(" \u{b1}{}%", format_number(view.jitter.get() * 100.0)) }
                    }
                </span>
            </p>
            if disconnected {
                <p class="status-reason" data-testid="status-reason">
                    { format!("cut off: {status_hint}; it receives nothing more") }
                </p>
            }
            <BufferGauge len={view.len} capacity={view.capacity.get()} />
            <div class="policy-line">
                <label for={policy_id.clone()}>{ "when full" }</label>
                <PolicySelect
                    id={policy_id}
                    testid="policy"
                    selected={view.policy}
                    described_by={policy_hint_id.clone()}
                    on_pick={on_set_policy}
                />
                <span class="hint" id={policy_hint_id}>{ policy_summary(view.policy) }</span>
            </div>
            <dl class="counts">
                <div>
                    <dt>{ "delivered" }</dt>
                    <dd data-testid="delivered">{ ledger.delivered }</dd>
                </div>
                <div class={classes!(dropping.then_some("is-dropping"))}>
                    <dt>
                        if dropping {
                            <span aria-hidden="true">{ "\u{2715} " }</span>
                        }
                        { "dropped" }
                    </dt>
                    <dd data-testid="dropped">{ ledger.dropped() }</dd>
                </div>
                <div class={classes!(evicting.then_some("is-evicting"))}>
                    <dt>
                        if evicting {
                            <span aria-hidden="true">{ "\u{25c7} " }</span>
                        }
                        { "evicted" }
                    </dt>
                    <dd data-testid="evicted">{ ledger.evicted }</dd>
                </div>
                <div>
                    <dt>{ "queued" }</dt>
                    <dd data-testid="queued">{ ledger.queued }</dd>
                </div>
                <div>
                    <dt>{ "discarded" }</dt>
                    <dd data-testid="discarded">{ ledger.discarded }</dd>
                </div>
                <div>
                    <dt>{ "offered" }</dt>
                    <dd data-testid="offered">{ ledger.offered }</dd>
                </div>
            </dl>
            <p class="drop-reasons">
                { "dropped because: buffer full " }
                <span data-testid="dropped-buffer-full">{ ledger.dropped_buffer_full }</span>
                { " \u{b7} no receiver waiting " }
                <span data-testid="dropped-no-receiver">{ ledger.dropped_no_receiver }</span>
                if ledger.dropped_disconnected > 0 {
                    { " \u{b7} overflow disconnected it " }
                    <span data-testid="dropped-disconnected">{ ledger.dropped_disconnected }</span>
                }
            </p>
            <LedgerLine {ledger} />
            <form class="tune" {onsubmit} novalidate=true>
                <div class="field">
                    <label for={capacity_id.clone()}>{ "Capacity" }</label>
                    <input
                        id={capacity_id}
                        data-testid="capacity"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        value={(*capacity).clone()}
                        aria-invalid={invalid}
                        aria-describedby={described.clone()}
                        oninput={text_setter(&capacity)}
                    />
                </div>
                <div class="field">
                    <label for={processing_id.clone()}>{ "Processing (ms)" }</label>
                    <input
                        id={processing_id}
                        data-testid="processing"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        value={(*processing).clone()}
                        aria-invalid={invalid}
                        aria-describedby={described}
                        oninput={text_setter(&processing)}
                    />
                </div>
                <button
                    type="submit"
                    class="button small"
                    data-testid="apply"
                    aria-label={format!("Apply capacity and processing time to {}", view.name)}
                >
                    { "Apply" }
                </button>
            </form>
            <InlineError id={error_id} testid="subscriber-error" message={(*error).clone()} />
        </article>
    }
}
