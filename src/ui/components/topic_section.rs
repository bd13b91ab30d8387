//! One topic: its header and counters, its fan-out diagram, and the cards of its publishers
//! and subscribers.

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use crate::sim::{
    ProcessingTime, PublisherId, PublisherStatus, PublisherView, Rate, SimDuration, SimTime,
    SubscriberView, TopicView,
};
use crate::ui::components::fanout::{Fanout, FanoutLayout, NARROW_FANOUT_QUERY};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::ledger_line::LedgerLine;
use crate::ui::components::publisher_card::{self, PublisherCard};
use crate::ui::components::subscriber_card::{self, SubscriberCard};
use crate::ui::components::topic_title::{dom_id, TopicTitle};
use crate::ui::components::Outcome;
use crate::ui::hooks::{
    use_focus_after_render, use_held_while_running, use_media_query, use_node_refs, FocusHandoff,
    NodeRefs,
};

/// How many subscribers a topic draws and lists before the rest fold away behind a button.
/// A hundred cards and diagram rows cost more to render than a frame allows (BENCHMARKS.md,
/// "The page under load"), and nobody reads a hundred at once; the topic's own counts and
/// the charts still cover every subscriber.
pub const SUBSCRIBERS_SHOWN: usize = 12;

/// Props of [`TopicSection`].
#[derive(Debug, Properties, PartialEq)]
pub struct TopicSectionProps {
    /// The topic.
    pub topic: TopicView,
    /// Its publishers.
    pub publishers: Vec<PublisherView>,
    /// Its subscribers.
    pub subscribers: Vec<SubscriberView>,
    /// The simulated time, for the diagram's marks.
    pub now: SimTime,
    /// How many times longer than at 1× the diagram's marks travel: see
    /// [`FanoutProps::travel_scale`](crate::ui::components::fanout::FanoutProps::travel_scale).
    pub travel_scale: f64,
    /// Whether the clock runs: then the cards refresh ten times a second, not in every frame.
    #[prop_or_default]
    pub running: bool,
    /// The topic's heading, which takes the focus after Close here, and after Remove of
    /// the topic next to this one (the app asks for that).
    #[prop_or_default]
    pub heading: NodeRef,
    /// Which simulation the views come from, for the cards' keys.
    pub generation: u64,
    /// Renames the topic.
    pub on_rename: Callback<(TopicName, String), Outcome>,
    /// Closes the topic.
    pub on_close: Callback<TopicName, Outcome>,
    /// Removes the topic with its publishers and subscribers.
    pub on_remove: Callback<TopicName, Outcome>,
    /// Changes a publisher's rate.
    pub on_set_rate: Callback<(PublisherId, Rate), Outcome>,
    /// Removes a publisher.
    pub on_remove_publisher: Callback<PublisherId, Outcome>,
    /// Changes a subscriber's capacity and processing time.
    pub on_update_subscriber: Callback<(SubscriberId, Capacity, ProcessingTime), Outcome>,
    /// Changes a subscriber's overflow policy.
    pub on_set_policy: Callback<(SubscriberId, OverflowPolicy), Outcome>,
    /// Removes a subscriber.
    pub on_remove_subscriber: Callback<SubscriberId, Outcome>,
}

/// The section of one topic.
///
/// Where the keyboard focus goes when the element that had it goes away: after Close (whose
/// button turns disabled), to the topic's heading; after a card's ✕, to the remove button
/// of the card that takes its place, or of the one before it, or to the lane's heading when
/// the lane is empty. After Remove, the app moves it, since this section is gone.
#[component]
pub fn TopicSection(props: &TopicSectionProps) -> Html {
    let topic = &props.topic;
    let error = use_state(|| None::<AttrValue>);
    let error_id = format!("topic-{}-error", dom_id(&topic.name));
    let handoff = use_focus_after_render();
    let heading = props.heading.clone();
    let remove_button = use_node_ref();
    let publishers_heading = use_node_ref();
    let subscribers_heading = use_node_ref();
    let publisher_refs = use_node_refs::<PublisherId>();
    let subscriber_refs = use_node_refs::<SubscriberId>();
    let layout = if use_media_query(NARROW_FANOUT_QUERY) {
        FanoutLayout::Narrow
    } else {
        FanoutLayout::Wide
    };

    let on_close = {
        let (on_close, error, name) = (props.on_close.clone(), error.clone(), topic.name.clone());
        let (handoff, heading, remove_button) =
            (handoff.clone(), heading.clone(), remove_button.clone());
        Callback::from(move |_: MouseEvent| {
            let outcome = on_close.emit(name.clone());
            if outcome.is_ok() {
                handoff.request([heading.clone(), remove_button.clone()]);
            }
            error.set(outcome.err().map(AttrValue::from));
        })
    };
    let on_remove = {
        let (on_remove, error, name) = (props.on_remove.clone(), error.clone(), topic.name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(message) = on_remove.emit(name.clone()) {
                error.set(Some(message.into()));
            }
        })
    };

    // The cards' remove callbacks change only when their lane's cards do, so a card does
    // not re-render for a new callback every frame.
    let publisher_ids: Vec<PublisherId> = props.publishers.iter().map(|view| view.id).collect();
    let subscriber_ids: Vec<SubscriberId> = props.subscribers.iter().map(|view| view.id).collect();
    publisher_refs.retain(&publisher_ids);
    subscriber_refs.retain(&subscriber_ids);
    let on_remove_publisher = use_remove_from_lane(
        props.on_remove_publisher.clone(),
        publisher_ids,
        publisher_refs.clone(),
        publishers_heading.clone(),
        handoff.clone(),
    );
    let on_remove_subscriber = use_remove_from_lane(
        props.on_remove_subscriber.clone(),
        subscriber_ids,
        subscriber_refs.clone(),
        subscribers_heading.clone(),
        handoff.clone(),
    );
    let generation = props.generation;
    let ledger = topic.ledger;

    // Past `SUBSCRIBERS_SHOWN`, the first ones stay in view, and so does any subscriber a
    // publisher waits for, so that the diagram can still draw the line to it.
    let show_all = use_state_eq(|| false);
    let total = props.subscribers.len();
    let shown: Vec<SubscriberView> = if *show_all || total <= SUBSCRIBERS_SHOWN {
        props.subscribers.clone()
    } else {
        props
            .subscribers
            .iter()
            .enumerate()
            .filter(|(index, view)| {
                *index < SUBSCRIBERS_SHOWN || is_blocking(view, &props.publishers)
            })
            .map(|(_, view)| view.clone())
            .collect()
    };
    let folded = total - shown.len();

    // The diagram moves in every frame; the cards change at a readable pace (see the hook).
    let publisher_cards = use_held_while_running(
        &props.publishers,
        props.running,
        |view| view.id.0,
        publisher_card::changed_by_hand,
    );
    let subscriber_cards = use_held_while_running(
        &shown,
        props.running,
        |view| view.id.0,
        subscriber_card::changed_by_hand,
    );
    let on_toggle_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };

    html! {
        <section
            class={classes!("topic", topic.closed.then_some("is-closed"))}
            data-testid="topic"
            data-topic={topic.name.as_str().to_owned()}
        >
            <header class="topic-head">
                <TopicTitle
                    name={topic.name.clone()}
                    closed={topic.closed}
                    {heading}
                    on_rename={props.on_rename.clone()}
                />
                if topic.closed {
                    <span class="badge badge-closed" data-testid="topic-closed">
                        { "closed" }
                    </span>
                }
                <div class="topic-actions">
                    <button
                        type="button"
                        class="button small"
                        data-testid="close-topic"
                        disabled={topic.closed}
                        title="Close the topic: subscribers drain, publishers panic on their next send"
                        aria-label={format!("Close topic {}", topic.name)}
                        onclick={on_close}
                    >
                        { "Close" }
                    </button>
                    <button
                        ref={remove_button}
                        type="button"
                        class="button small danger"
                        data-testid="remove-topic"
                        title="Remove the topic with its publishers and subscribers"
                        aria-label={format!("Remove topic {}", topic.name)}
                        onclick={on_remove}
                    >
                        { "Remove" }
                    </button>
                </div>
            </header>
            <InlineError id={error_id} testid="topic-error" message={(*error).clone()} />
            <dl class="counts topic-counts">
                <div>
                    <dt>{ "published" }</dt>
                    <dd data-testid="topic-published">{ topic.published }</dd>
                </div>
                <div>
                    <dt>{ "subscribers" }</dt>
                    <dd data-testid="topic-subscribers">{ topic.subscriber_count }</dd>
                </div>
                <div>
                    <dt>{ "dropped" }</dt>
                    <dd data-testid="topic-dropped">{ ledger.dropped() }</dd>
                </div>
                <div>
                    <dt>{ "evicted" }</dt>
                    <dd data-testid="topic-evicted">{ ledger.evicted }</dd>
                </div>
                <div title="never received: dropped + evicted + discarded">
                    <dt>{ "lost in all" }</dt>
                    <dd data-testid="topic-lost">{ ledger.lost() }</dd>
                </div>
            </dl>
            <LedgerLine {ledger} />
            <Fanout
                topic={topic.clone()}
                publishers={props.publishers.clone()}
                subscribers={shown.clone()}
                now={props.now}
                travel_scale={props.travel_scale}
                {layout}
            />
            if total > SUBSCRIBERS_SHOWN {
                <p class="hint folded-subscribers" data-testid="folded-subscribers">
                    if folded > 0 {
                        { format!("{} of {total} subscribers drawn and listed; the counts above cover all of them. ", shown.len()) }
                    }
                    <button
                        type="button"
                        class="button small"
                        aria-expanded={(*show_all).to_string()}
                        data-testid="toggle-all-subscribers"
                        onclick={on_toggle_all}
                    >
                        if *show_all {
                            { format!("Show only the first {SUBSCRIBERS_SHOWN}") }
                        } else {
                            { format!("Show all {total} subscribers") }
                        }
                    </button>
                </p>
            }
            <div class="lanes">
                <div class="lane" aria-label="Publishers" role="group">
                    <h3 class="lane-title" ref={publishers_heading} tabindex="-1">
                        { "Publishers" }
                    </h3>
                    if props.publishers.is_empty() {
                        <p class="empty-state">{ "None yet: add one with the form." }</p>
                    }
                    { for publisher_cards.iter().map(|view| html! {
                        <PublisherCard
                            key={format!("{generation}/{}", view.id.0)}
                            view={view.clone()}
                            blocked_for={blocked_for(view, props.now)}
                            remove_button={publisher_refs.get(&view.id)}
                            on_set_rate={props.on_set_rate.clone()}
                            on_remove={on_remove_publisher.clone()}
                        />
                    }) }
                </div>
                <div class="lane" aria-label="Subscribers" role="group">
                    <h3 class="lane-title" ref={subscribers_heading} tabindex="-1">
                        { "Subscribers" }
                    </h3>
                    if props.subscribers.is_empty() {
                        <p class="empty-state">{ "None yet: add one with the form." }</p>
                    }
                    { for subscriber_cards.iter().map(|view| html! {
                        <SubscriberCard
                            key={format!("{generation}/{}", view.id.0)}
                            view={view.clone()}
                            remove_button={subscriber_refs.get(&view.id)}
                            on_update={props.on_update_subscriber.clone()}
                            on_set_policy={props.on_set_policy.clone()}
                            on_remove={on_remove_subscriber.clone()}
                        />
                    }) }
                </div>
            </div>
        </section>
    }
}

/// Whether one of `publishers` waits for room at `subscriber`.
fn is_blocking(subscriber: &SubscriberView, publishers: &[PublisherView]) -> bool {
    publishers.iter().any(|publisher| {
        matches!(publisher.status, PublisherStatus::Blocked { by, .. } if by == subscriber.id)
    })
}

/// How long `publisher` has waited for room at `now`, if it waits.
fn blocked_for(publisher: &PublisherView, now: SimTime) -> Option<SimDuration> {
    match publisher.status {
        PublisherStatus::Blocked { since, .. } => Some(now.saturating_since(since)),
        _ => None,
    }
}

/// A card's remove callback for a lane that holds `ids`: it removes the card with
/// `on_remove` and, when that is done, hands the focus on as [`after_removal`] says. It
/// changes only when its inputs do.
#[hook]
fn use_remove_from_lane<K: Copy + Eq + std::hash::Hash + 'static>(
    on_remove: Callback<K, Outcome>,
    ids: Vec<K>,
    refs: NodeRefs<K>,
    lane_heading: NodeRef,
    handoff: FocusHandoff,
) -> Callback<K, Outcome> {
    use_callback(
        (on_remove, ids, refs, lane_heading, handoff),
        |id: K, (on_remove, ids, refs, lane_heading, handoff)| {
            on_remove.emit(id)?;
            handoff.request(after_removal(id, ids, refs, lane_heading));
            Ok(())
        },
    )
}

/// Where the focus goes after the card of `removed` left a lane that held `ids`: the remove
/// button of the card that moves into its place, else of the card before it, else the
/// lane's heading.
fn after_removal<K: Copy + Eq + std::hash::Hash>(
    removed: K,
    ids: &[K],
    refs: &NodeRefs<K>,
    lane_heading: &NodeRef,
) -> Vec<NodeRef> {
    let index = ids.iter().position(|id| *id == removed).unwrap_or(0);
    let next = ids.get(index + 1);
    let previous = index.checked_sub(1).and_then(|before| ids.get(before));
    next.into_iter()
        .chain(previous)
        .map(|id| refs.get(id))
        .chain([lane_heading.clone()])
        .collect()
}
