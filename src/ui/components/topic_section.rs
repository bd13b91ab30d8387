//! One topic: its header and counters, its fan-out diagram, and the cards of its publishers
//! and subscribers.

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use crate::sim::{
    ProcessingTime, PublisherId, PublisherStatus, PublisherView, Rate, SimDuration, SimTime,
    SubscriberView, TopicView,
};
use crate::ui::components::fanout::Fanout;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::ledger_line::LedgerLine;
use crate::ui::components::publisher_card::PublisherCard;
use crate::ui::components::subscriber_card::SubscriberCard;
use crate::ui::components::topic_title::{dom_id, TopicTitle};
use crate::ui::components::Outcome;
use crate::ui::state::Speed;

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
    /// The speed, for the diagram's marks.
    pub speed: Speed,
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
#[component]
pub fn TopicSection(props: &TopicSectionProps) -> Html {
    let topic = &props.topic;
    let error = use_state(|| None::<AttrValue>);
    let error_id = format!("topic-{}-error", dom_id(&topic.name));

    let act = |callback: &Callback<TopicName, Outcome>| {
        let (callback, error) = (callback.clone(), error.clone());
        let name = topic.name.clone();
        Callback::from(move |_: MouseEvent| {
            error.set(callback.emit(name.clone()).err().map(AttrValue::from));
        })
    };
    let on_close = act(&props.on_close);
    let on_remove = act(&props.on_remove);
    let generation = props.generation;
    let ledger = topic.ledger;

    html! {
        <section
            class={classes!("topic", topic.closed.then_some("is-closed"))}
            data-testid="topic"
            data-topic={topic.name.as_str().to_owned()}
        >
            <header class="topic-head">
                <TopicTitle name={topic.name.clone()} on_rename={props.on_rename.clone()} />
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
                subscribers={props.subscribers.clone()}
                now={props.now}
                speed={props.speed}
            />
            <div class="lanes">
                <div class="lane" aria-label="Publishers" role="group">
                    <h3 class="lane-title">{ "Publishers" }</h3>
                    if props.publishers.is_empty() {
                        <p class="empty-state">{ "None yet: add one with the form." }</p>
                    }
                    { for props.publishers.iter().map(|view| html! {
                        <PublisherCard
                            key={format!("{generation}/{}", view.id.0)}
                            view={view.clone()}
                            blocked_for={blocked_for(view, props.now)}
                            on_set_rate={props.on_set_rate.clone()}
                            on_remove={props.on_remove_publisher.clone()}
                        />
                    }) }
                </div>
                <div class="lane" aria-label="Subscribers" role="group">
                    <h3 class="lane-title">{ "Subscribers" }</h3>
                    if props.subscribers.is_empty() {
                        <p class="empty-state">{ "None yet: add one with the form." }</p>
                    }
                    { for props.subscribers.iter().map(|view| html! {
                        <SubscriberCard
                            key={format!("{generation}/{}", view.id.0)}
                            view={view.clone()}
                            on_update={props.on_update_subscriber.clone()}
                            on_set_policy={props.on_set_policy.clone()}
                            on_remove={props.on_remove_subscriber.clone()}
                        />
                    }) }
                </div>
            </div>
        </section>
    }
}

/// How long `publisher` has waited for room at `now`, if it waits.
fn blocked_for(publisher: &PublisherView, now: SimTime) -> Option<SimDuration> {
    match publisher.status {
        PublisherStatus::Blocked { since, .. } => Some(now.saturating_since(since)),
        _ => None,
    }
}
