//! A copy of everything the playground draws, taken once per frame.
//!
//! The UI never reads the live simulation while it renders: it takes one snapshot per animation
//! frame and renders from that, however many messages flowed in between. Everything here is
//! small and bounded: counters, settings, a few recent marks per actor, and the newest events.

use std::rc::Rc;

use crate::broker::{
    Capacity, DropReason, Ledger, OverflowPolicy, QueueStatus, SubscriberId, TopicName,
};

use super::clock::SimTime;
use super::event::Event;
use super::spec::{Jitter, PayloadPattern, ProcessingTime, Rate};
use super::world::{PublisherId, PublisherStatus, SubscriberActivity};

/// The whole simulation at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The simulated time.
    pub now: SimTime,
    /// Every topic, by name.
    pub topics: Vec<TopicView>,
    /// Every publisher, oldest first.
    pub publishers: Vec<PublisherView>,
    /// Every current subscriber, oldest first.
    pub subscribers: Vec<SubscriberView>,
    /// The newest events that match the requested categories, newest first.
    pub events: Vec<Event>,
    /// How many events happened in all, including those no longer kept.
    pub events_total: u64,
}

impl Snapshot {
    /// The publishers on `topic`.
    pub fn publishers_on<'a>(
        &'a self,
        topic: &'a TopicName,
    ) -> impl Iterator<Item = &'a PublisherView> + 'a {
        self.publishers
            .iter()
            .filter(move |publisher| &publisher.topic == topic)
    }

    /// The subscribers of `topic`.
    pub fn subscribers_of<'a>(
        &'a self,
        topic: &'a TopicName,
    ) -> impl Iterator<Item = &'a SubscriberView> + 'a {
        self.subscribers
            .iter()
            .filter(move |subscriber| &subscriber.topic == topic)
    }
}

/// One topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicView {
    /// Its name.
    pub name: TopicName,
    /// Whether it was closed.
    pub closed: bool,
    /// Messages published on it.
    pub published: u64,
    /// How many subscribers it has now.
    pub subscriber_count: usize,
    /// Where every message offered to any of its subscribers, past or present, went.
    pub ledger: Ledger,
}

/// One publisher.
#[derive(Clone, Debug, PartialEq)]
pub struct PublisherView {
    /// Its id.
    pub id: PublisherId,
    /// Its name.
    pub name: Rc<str>,
    /// The topic it publishes on.
    pub topic: TopicName,
    /// How often.
    pub rate: Rate,
    /// What.
    pub pattern: PayloadPattern,
    /// How many messages it published.
    pub published: u64,
    /// Running, blocked by a subscriber, or stopped by a panic.
    pub status: PublisherStatus,
    /// When it published some of its recent messages, oldest first: at most one per 50 ms of
    /// simulated time, and fewer further back, which is what the animation draws of a fast
    /// stream (see `src/sim/marks.rs`).
    pub recent: Vec<SimTime>,
    /// How many times it has had to wait for a full subscriber with the block policy.
    pub times_blocked: u64,
}

/// One current subscriber.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriberView {
    /// Its id.
    pub id: SubscriberId,
    /// Its name.
    pub name: Rc<str>,
    /// The topic it subscribes to.
    pub topic: TopicName,
    /// Go's `cap(ch)`.
    pub capacity: Capacity,
    /// Go's `len(ch)`: how full its buffer is.
    pub len: usize,
    /// What happens when its buffer is full.
    pub policy: OverflowPolicy,
    /// How long each message takes it.
    pub processing: ProcessingTime,
    /// How much that varies.
    pub jitter: Jitter,
    /// Open, closed with its topic, or disconnected by an overflow.
    pub status: QueueStatus,
    /// What it is doing.
    pub activity: SubscriberActivity,
    /// Where every message offered to it went.
    pub ledger: Ledger,
    /// When it received some of its recent messages, as for a publisher's `recent`.
    pub recent_deliveries: Vec<SimTime>,
    /// When and why it dropped its most recent messages, oldest first.
    pub recent_drops: Vec<(SimTime, DropReason)>,
    /// When it evicted its most recent messages, oldest first.
    pub recent_evictions: Vec<SimTime>,
}
