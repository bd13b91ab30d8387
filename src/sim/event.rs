//! What happened in a simulation, and the bounded log that keeps the newest of it.

use std::fmt;
use std::rc::Rc;

use crate::broker::{Capacity, DropReason, MessageId, OverflowPolicy, TopicName};

use super::clock::{SimDuration, SimTime};

/// A publisher or subscriber as events name it: its id, and the name it had at the time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Actor {
    /// The id the simulation gave it.
    pub id: u64,
    /// Its display name, such as `P1` or `B`.
    pub name: Rc<str>,
}

/// Something that happened at an instant of simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When.
    pub at: SimTime,
    /// What.
    pub kind: EventKind,
}

/// The kinds of events.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EventKind {
    /// A publisher sent a message to every subscriber of a topic.
    Publish {
        /// Who published.
        publisher: Actor,
        /// On which topic.
        topic: TopicName,
        /// The message.
        message: MessageId,
        /// Its text.
        payload: Rc<str>,
        /// How many subscribers it was offered to.
        fanout: usize,
    },
    /// A subscriber received a message.
    Deliver {
        /// Who received it.
        subscriber: Actor,
        /// The message.
        message: MessageId,
        /// Its text.
        payload: Rc<str>,
        /// How many messages its buffer held right after it took this one: Go's `len(ch)`.
        buffered: usize,
        /// Its capacity then.
        capacity: Capacity,
    },
    /// A subscriber did not accept a message.
    Drop {
        /// Who dropped it.
        subscriber: Actor,
        /// The message.
        message: MessageId,
        /// Why.
        reason: DropReason,
        /// The policy that dropped it.
        policy: OverflowPolicy,
        /// How many messages its buffer held then.
        buffered: usize,
        /// Its capacity then.
        capacity: Capacity,
    },
    /// A drop-oldest subscriber evicted its oldest buffered message to make room.
    Evict {
        /// Who.
        subscriber: Actor,
        /// The message evicted.
        evicted: MessageId,
        /// The message that took its place.
        by: MessageId,
        /// How many messages its buffer held then.
        buffered: usize,
        /// Its capacity then.
        capacity: Capacity,
    },
    /// A drop-oldest subscriber learned how many evicted messages it missed.
    Lagged {
        /// Who.
        subscriber: Actor,
        /// How many since its last notice.
        missed: u64,
    },
    /// A disconnect-policy subscriber overflowed and was cut off.
    Disconnect {
        /// Who.
        subscriber: Actor,
        /// The message that overflowed it.
        message: MessageId,
        /// Buffered messages discarded with it.
        discarded: u64,
        /// How many messages its buffer held then.
        buffered: usize,
        /// Its capacity then.
        capacity: Capacity,
    },
    /// A publisher stopped, waiting for room at a block-policy subscriber.
    Blocked {
        /// Who waits.
        publisher: Actor,
        /// The subscriber without room.
        subscriber: Rc<str>,
        /// The message that waits.
        message: MessageId,
    },
    /// A blocked publisher went on.
    Unblocked {
        /// Who.
        publisher: Actor,
        /// How long it waited.
        waited: SimDuration,
    },
    /// A subscriber joined a topic.
    Subscribe {
        /// Who.
        subscriber: Actor,
        /// Which topic.
        topic: TopicName,
        /// With what buffer.
        capacity: Capacity,
        /// And what happens when it is full.
        policy: OverflowPolicy,
    },
    /// A subscriber was removed; what was still queued for it was discarded.
    Unsubscribe {
        /// Who.
        subscriber: Actor,
        /// How many queued messages were discarded.
        discarded: u64,
    },
    /// A topic was closed.
    Close {
        /// Which topic.
        topic: TopicName,
    },
    /// A subscriber received everything buffered after its topic closed, and saw it closed.
    Drained {
        /// Who.
        subscriber: Actor,
    },
    /// A publisher sent on a closed topic, which in Go panics. The publisher stops; the rest of
    /// the simulation runs on.
    Panic {
        /// Who.
        publisher: Actor,
        /// On which topic.
        topic: TopicName,
        /// Go's panic message.
        message: &'static str,
    },
    /// The topology or a setting changed: a topic or publisher added, renamed or removed, a
    /// rate or capacity changed.
    Setup {
        /// What changed, in words.
        change: Rc<str>,
    },
}

/// Groups of event kinds, for filtering the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventCategory {
    /// [`EventKind::Publish`].
    Publish,
    /// [`EventKind::Deliver`].
    Deliver,
    /// [`EventKind::Drop`], [`EventKind::Evict`], [`EventKind::Lagged`] and
    /// [`EventKind::Disconnect`]: every way a message is lost.
    Drop,
    /// [`EventKind::Blocked`] and [`EventKind::Unblocked`].
    Block,
    /// [`EventKind::Subscribe`].
    Subscribe,
    /// [`EventKind::Unsubscribe`].
    Unsubscribe,
    /// [`EventKind::Close`], [`EventKind::Drained`] and [`EventKind::Panic`].
    Close,
    /// [`EventKind::Setup`].
    Setup,
}

impl EventCategory {
    /// Every category, in the order the playground lists them.
    pub const ALL: [EventCategory; 8] = [
        EventCategory::Publish,
        EventCategory::Deliver,
        EventCategory::Drop,
        EventCategory::Block,
        EventCategory::Subscribe,
        EventCategory::Unsubscribe,
        EventCategory::Close,
        EventCategory::Setup,
    ];

    /// The category's name, in lower case.
    pub fn label(self) -> &'static str {
        match self {
            EventCategory::Publish => "publish",
            EventCategory::Deliver => "deliver",
            EventCategory::Drop => "drop",
            EventCategory::Block => "block",
            EventCategory::Subscribe => "subscribe",
            EventCategory::Unsubscribe => "unsubscribe",
            EventCategory::Close => "close",
            EventCategory::Setup => "setup",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl EventKind {
    /// The category the log filters this kind by.
    pub fn category(&self) -> EventCategory {
        match self {
            EventKind::Publish { .. } => EventCategory::Publish,
            EventKind::Deliver { .. } => EventCategory::Deliver,
            EventKind::Drop { .. }
            | EventKind::Evict { .. }
            | EventKind::Lagged { .. }
            | EventKind::Disconnect { .. } => EventCategory::Drop,
            EventKind::Blocked { .. } | EventKind::Unblocked { .. } => EventCategory::Block,
            EventKind::Subscribe { .. } => EventCategory::Subscribe,
            EventKind::Unsubscribe { .. } => EventCategory::Unsubscribe,
            EventKind::Close { .. } | EventKind::Drained { .. } | EventKind::Panic { .. } => {
                EventCategory::Close
            }
            EventKind::Setup { .. } => EventCategory::Setup,
        }
    }

    /// The message the event is about, if it names one: for an eviction, the message that
    /// was evicted. The log lets a person pick it to follow that message's copies.
    pub fn message(&self) -> Option<MessageId> {
        match self {
            EventKind::Publish { message, .. }
            | EventKind::Deliver { message, .. }
            | EventKind::Drop { message, .. }
            | EventKind::Disconnect { message, .. }
            | EventKind::Blocked { message, .. } => Some(*message),
            EventKind::Evict { evicted, .. } => Some(*evicted),
            _ => None,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventKind::Publish {
                publisher,
                topic,
                message,
                payload,
                fanout,
            } => write!(
                f,
                "{} published {message} {payload:?} on {topic} to {fanout} subscriber(s)",
                publisher.name
            ),
            // Deliveries are most of the log, so their line stays short; the lineage view
            // shows the buffer level.
            EventKind::Deliver {
                subscriber,
                message,
                payload,
                ..
            } => write!(f, "{} received {message} {payload:?}", subscriber.name),
            EventKind::Drop {
                subscriber,
                message,
                reason,
                policy,
                buffered,
                capacity,
            } => write!(
                f,
                "{} dropped {message}: {} ({buffered} of {} buffered, {policy})",
                subscriber.name,
                reason.label(),
                capacity.get()
            ),
            EventKind::Evict {
                subscriber,
                evicted,
                by,
                buffered,
                capacity,
            } => write!(
                f,
                "{} evicted {evicted} to make room for {by} ({buffered} of {} buffered, \
                 drop-oldest)",
                subscriber.name,
                capacity.get()
            ),
            EventKind::Lagged { subscriber, missed } => write!(
                f,
                "{} was told it missed {missed} evicted message(s)",
                subscriber.name
            ),
            EventKind::Disconnect {
                subscriber,
                message,
                discarded,
                buffered,
                capacity,
            } => write!(
                f,
                "{} disconnected: {message} overflowed its buffer ({buffered} of {} buffered, \
                 disconnect); {discarded} buffered message(s) discarded",
                subscriber.name,
                capacity.get()
            ),
            EventKind::Blocked {
                publisher,
                subscriber,
                message,
            } => write!(
                f,
                "{} blocked: {subscriber} has no room for {message} (block)",
                publisher.name
            ),
            EventKind::Unblocked { publisher, waited } => write!(
                f,
                "{} unblocked after {:.3} s",
                publisher.name,
                waited.as_secs_f64()
            ),
            EventKind::Subscribe {
                subscriber,
                topic,
                capacity,
                policy,
            } => write!(
                f,
                "{} subscribed to {topic} with capacity {} ({policy})",
                subscriber.name,
                capacity.get()
            ),
            EventKind::Unsubscribe {
                subscriber,
                discarded,
            } => write!(
                f,
                "{} unsubscribed; {discarded} queued message(s) discarded",
                subscriber.name
            ),
            EventKind::Close { topic } => write!(f, "topic {topic} closed"),
            EventKind::Drained { subscriber } => {
                write!(
                    f,
                    "{} drained its buffer and saw the channel closed",
                    subscriber.name
                )
            }
            EventKind::Panic {
                publisher,
                topic,
                message,
            } => write!(f, "{} on {topic}: panic: {message}", publisher.name),
            EventKind::Setup { change } => f.write_str(change),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>10}  {:<11}  {}",
            self.at,
            self.kind.category().label(),
            self.kind
        )
    }
}

/// The newest events, kept per category so that rare events such as a close stay visible while
/// thousands of deliveries scroll past.
#[derive(Debug)]
pub struct EventLog {
    per_category: [Ring; EventCategory::ALL.len()],
    capacity_per_category: usize,
    total: u64,
}

impl EventLog {
    /// A log that keeps the newest `capacity_per_category` events of each category.
    pub fn new(capacity_per_category: usize) -> EventLog {
        EventLog {
            per_category: Default::default(),
            capacity_per_category,
            total: 0,
        }
    }

    /// Records an event, forgetting the oldest of its category if that one is full.
    pub fn push(&mut self, event: Event) {
        let sequence = self.total;
        self.total += 1;
        if self.capacity_per_category == 0 {
            return;
        }
        let capacity = self.capacity_per_category;
        if let Some(ring) = self.per_category.get_mut(event.kind.category().index()) {
            ring.push(capacity, (sequence, event));
        }
    }

    /// How many events were ever recorded, including those forgotten since.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Up to `limit` of the newest kept events in the given categories, newest first.
    pub fn newest(&self, categories: &[EventCategory], limit: usize) -> Vec<Event> {
        let mut rings: Vec<_> = categories
            .iter()
            .filter_map(|category| self.per_category.get(category.index()))
            .map(|ring| ring.newest_first().peekable())
            .collect();
        let mut newest = Vec::with_capacity(limit.min(256));
        while newest.len() < limit {
            // Merge the rings by sequence number, taking the highest each round.
            let mut highest: Option<(usize, u64)> = None;
            for (index, ring) in rings.iter_mut().enumerate() {
                if let Some((sequence, _)) = ring.peek() {
                    if highest.is_none_or(|(_, best)| *sequence > best) {
                        highest = Some((index, *sequence));
                    }
                }
            }
            let Some((index, _)) = highest else { break };
            match rings.get_mut(index).and_then(Iterator::next) {
                Some((_, event)) => newest.push(event.clone()),
                None => break,
            }
        }
        newest
    }

    /// Every kept event, oldest first.
    pub fn all(&self) -> Vec<Event> {
        let mut newest = self.newest(&EventCategory::ALL, usize::MAX);
        newest.reverse();
        newest
    }
}

/// One category's newest events, oldest overwritten first.
///
/// Once full, a push overwrites the oldest entry where it lies, dropping it in place, rather
/// than moving it out of a `VecDeque` and moving the new one in: every delivery is logged, a
/// million times per simulated second under the heavy-load preset.
#[derive(Debug, Default)]
struct Ring {
    /// In push order from `oldest` to the end, then from the start up to `oldest`.
    entries: Vec<(u64, Event)>,
    /// Where the oldest entry lies once the ring is full, and the next push goes.
    oldest: usize,
}

impl Ring {
    fn push(&mut self, capacity: usize, entry: (u64, Event)) {
        if self.entries.len() < capacity {
            self.entries.push(entry);
            return;
        }
        if let Some(slot) = self.entries.get_mut(self.oldest) {
            *slot = entry;
        }
        self.oldest += 1;
        if self.oldest >= self.entries.len() {
            self.oldest = 0;
        }
    }

    fn newest_first(&self) -> impl Iterator<Item = &(u64, Event)> {
        let (wrapped, oldest_on) = self.entries.split_at(self.oldest.min(self.entries.len()));
        wrapped.iter().rev().chain(oldest_on.iter().rev())
    }
}
