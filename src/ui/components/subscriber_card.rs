//! One subscriber: its buffer, its overflow policy, where its messages went, its status and
//! its settings.

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, QueueStatus, SubscriberId};
use crate::sim::{ProcessingTime, SubscriberActivity, SubscriberView};
use crate::ui::components::buffer_gauge::BufferGauge;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::ledger_line::LedgerLine;
use crate::ui::components::policy_select::{policy_summary, PolicySelect};
use crate::ui::components::remove_button::RemoveButton;
use crate::ui::components::text_field::TextField;
use crate::ui::components::Outcome;
use crate::ui::format::{format_millis, format_number};
use crate::ui::parse::{parse_capacity, parse_processing_millis};

/// Props of [`SubscriberCard`].
#[derive(Debug, Properties, PartialEq)]
pub struct SubscriberCardProps {
    /// The subscriber.
    pub view: SubscriberView,
    /// The ✕ button, which the topic focuses when a neighbouring card is removed.
    #[prop_or_default]
    pub remove_button: NodeRef,
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

/// What a subscriber is doing, as its card and the diagram tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Working on a message.
    Processing,
    /// Waiting at its channel.
    Waiting,
    /// Its topic was closed; it still receives what is buffered.
    Draining,
    /// Its topic was closed and it has received everything that was buffered.
    Drained,
    /// An overflow under the disconnect policy cut it off.
    Disconnected,
}

impl Stage {
    /// The stage of `view`.
    pub fn of(view: &SubscriberView) -> Stage {
        match (view.status, view.activity) {
            (QueueStatus::Disconnected, _) | (_, SubscriberActivity::Disconnected { .. }) => {
                Stage::Disconnected
            }
            (_, SubscriberActivity::Drained { .. }) | (QueueStatus::Removed, _) => Stage::Drained,
            // Closed with nothing buffered and no message in hand: the next step of its task
            // sees the end of the stream, so "draining 0" would only flicker past.
            (QueueStatus::Closed, SubscriberActivity::Waiting) if view.len == 0 => Stage::Drained,
            (QueueStatus::Closed, _) => Stage::Draining,
            (QueueStatus::Open, SubscriberActivity::Processing { .. }) => Stage::Processing,
            (QueueStatus::Open, SubscriberActivity::Waiting) => Stage::Waiting,
        }
    }

    /// A word for the class names: `status-draining`, `is-drained`.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Processing => "processing",
            Stage::Waiting => "waiting",
            Stage::Draining => "draining",
            Stage::Drained => "drained",
            Stage::Disconnected => "disconnected",
        }
    }

    /// The status as the card shows it. Both closed stages start with "closed".
    pub fn text(self, view: &SubscriberView) -> String {
        match self {
            Stage::Draining if view.len == 0 => "closed \u{b7} finishing its last message".into(),
            Stage::Draining => format!("closed \u{b7} draining {} buffered", view.len),
            Stage::Drained => "closed (drained)".into(),
            other => other.slug().into(),
        }
    }

    /// One sentence on what the status means, for the tooltip.
    pub fn hint(self) -> &'static str {
        match self {
            Stage::Processing => {
                "working on a message; new ones wait in the buffer, or meet its policy when it \
                 is full"
            }
            Stage::Waiting => "waiting at its channel: the next message is handed over at once",
            Stage::Draining => "its topic was closed; it still receives what is buffered",
            Stage::Drained => "its topic was closed and it received everything that was buffered",
            Stage::Disconnected => "buffer overflow (disconnect policy)",
        }
    }

    /// Why its settings can no longer change, if they cannot: a closed or disconnected
    /// subscriber is offered nothing more, so its capacity and policy would never matter.
    pub fn locked_reason(self) -> Option<&'static str> {
        match self {
            Stage::Processing | Stage::Waiting => None,
            Stage::Draining | Stage::Drained => {
                Some("Settings locked: its topic is closed, so nothing new arrives.")
            }
            Stage::Disconnected => Some("Settings locked: it is cut off for good."),
        }
    }
}

/// Whether more is buffered than the capacity allows: the capacity was lowered below what
/// was already there, which stays until the subscriber works through it.
pub fn is_over_capacity(view: &SubscriberView) -> bool {
    view.len > view.capacity.get()
}

/// The buffer's fill as the card shows it: `3 of 4`, or `10 of 1 (over)`.
pub fn fill_text(view: &SubscriberView) -> String {
    let over = if is_over_capacity(view) {
        " (over)"
    } else {
        ""
    };
    format!("{} of {}{over}", view.len, view.capacity.get())
}

/// Whether `now` differs from `shown` in what the user changes or must see at once, so that a
/// card paced by [`use_held_while_running`](crate::ui::hooks::use_held_while_running) shows it
/// without waiting for its turn: a setting, or whether it is still open.
pub fn changed_by_hand(shown: &SubscriberView, now: &SubscriberView) -> bool {
    shown.policy != now.policy
        || shown.capacity != now.capacity
        || shown.processing != now.processing
        || shown.status != now.status
        || shown.name != now.name
}

/// A card per subscriber. A closed or disconnected one keeps its numbers, and its settings
/// are disabled with the reason underneath.
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

    let ledger = view.ledger;
    let stage = Stage::of(view);
    let slug = stage.slug();
    let status_hint = stage.hint();
    let dropping = ledger.dropped() > 0;
    let evicting = ledger.evicted > 0;
    let disconnected = stage == Stage::Disconnected;
    let over = is_over_capacity(view);
    let locked = stage.locked_reason();
    let locked_id = format!("subscriber-{}-locked", id.0);
    let policy_id = format!("policy-{}", id.0);
    let policy_hint_id = format!("policy-{}-hint", id.0);
    let invalid = error.is_some();
    // A field points at the error when there is one, and at why it is locked when it is.
    let described = [
        error.is_some().then_some(error_id.as_str()),
        locked.is_some().then_some(locked_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(AttrValue::from(described));
    let policy_described = match locked {
        Some(_) => format!("{policy_hint_id} {locked_id}"),
        None => policy_hint_id.clone(),
    };
    let name = &view.name;

    html! {
        <article
            class={classes!("card", "actor", "subscriber", format!("is-{slug}"))}
            data-testid="subscriber"
            data-name={view.name.to_string()}
            data-policy={view.policy.label()}
            aria-label={format!("Subscriber {}", view.name)}
        >
            <header class="actor-head">
                <h3 class="actor-name">{ view.name.to_string() }</h3>
                <span class={classes!("status", format!("status-{slug}"))} title={status_hint}>
                    if disconnected {
                        <span class="status-icon" aria-hidden="true">{ "\u{2702} " }</span>
                    }
                    <span data-testid="status">{ stage.text(view) }</span>
                </span>
                <RemoveButton<SubscriberId>
                    {id}
                    label={format!("Remove subscriber {}", view.name)}
                    button={props.remove_button.clone()}
                    on_remove={props.on_remove.clone()}
                    error={error.clone()}
                />
            </header>
            <p class="fill-line">
                <span class="label">{ "buffer " }</span>
                <span data-testid="fill" class={classes!(over.then_some("is-over"))}>
                    { fill_text(view) }
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
            if over {
                <p class="over-note" data-testid="over-capacity">
                    { "over capacity after shrinking: already-buffered messages stay; new ones \
                       overflow until it drains" }
                </p>
            }
            <BufferGauge len={view.len} capacity={view.capacity.get()} />
            <div class="policy-line">
                <label for={policy_id.clone()}>
                    { "when full" }
                    <span class="visually-hidden">{ format!(" for {name}") }</span>
                </label>
                <PolicySelect
                    id={policy_id}
                    testid="policy"
                    selected={view.policy}
                    disabled={locked.is_some()}
                    described_by={policy_described}
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
                // Each card's fields say whose they are: the add form and every other
                // card have a "Capacity" field too.
                <TextField
                    id={capacity_id}
                    testid="capacity"
                    label="Capacity"
                    label_suffix={format!(" for {name}")}
                    value={capacity}
                    inputmode="numeric"
                    disabled={locked.is_some()}
                    {invalid}
                    described_by={described.clone()}
                />
                <TextField
                    id={processing_id}
                    testid="processing"
                    label="Processing (ms)"
                    label_suffix={format!(" for {name}")}
                    value={processing}
                    inputmode="decimal"
                    disabled={locked.is_some()}
                    {invalid}
                    described_by={described}
                />
                <button
                    type="submit"
                    class="button small"
                    data-testid="apply"
                    disabled={locked.is_some()}
                    aria-label={format!("Apply capacity and processing time to {name}")}
                >
                    { "Apply" }
                </button>
            </form>
            if let Some(reason) = locked {
                <p class="hint locked-note" id={locked_id} data-testid="settings-locked">
                    { reason }
                </p>
            }
            <InlineError id={error_id} testid="subscriber-error" message={(*error).clone()} />
        </article>
    }
}
