//! Message lineage: what became of every copy of one recent message.
//!
//! A publish offers one copy of a message to each subscriber of its topic. Each copy then
//! meets its own fate, which the page shows when a person picks the message:
//!
//! | fate | when | buffer level shown |
//! |---|---|---|
//! | [`Fate::Delivered`] | the subscriber took it from its channel | `len(ch)` right after the take |
//! | [`Fate::Dropped`] | the buffer was full, or nobody waited at an unbuffered channel | when it arrived |
//! | [`Fate::Evicted`] | a drop-oldest buffer pushed it out for a newer message | when the newer one arrived |
//! | [`Fate::Disconnected`] | it overflowed a disconnect-policy buffer, cutting the subscriber off | when it arrived |
//! | [`Fate::Discarded`] | it was still queued when the subscriber was removed or cut off | none |
//! | [`Fate::Queued`] | it waits in the buffer now | now |
//! | [`Fate::Waiting`] | a block-policy subscriber holds its publisher, so it is not offered yet | none |
//! | [`Fate::NeverOffered`] | the publisher panicked or was removed, or the subscriber left, before the fan-out got there | none |
//!
//! # What is kept
//!
//! The simulation keeps the lineage of the newest [`LINEAGE_WINDOW`] messages, in a ring
//! indexed by message id. Asking for an older one is a [`LineageError::NoLongerKept`], never a
//! panic. Memory is bounded by the window times the largest fan-out: one small record per
//! copy that met a fate (about 48 bytes; 5 MB for 1 024 messages to 100 subscribers), plus
//! one list of subscribers per distinct topic membership, shared by every message published
//! while that membership held. A ring slot reuses its vectors, so recording costs no
//! allocation once the ring is full.
//!
//! # How it is recorded
//!
//! Every event the simulation logs passes through [`LineageLog::observe`] first, which does
//! constant work per event: a publish fills the message's slot, a delivery, drop, eviction or
//! overflow appends one record to it. Copies that have met no fate yet are not recorded at
//! all; asking works them out from the topic's membership at the publish, the blocks and
//! resumes of the publisher, and when each subscriber left. Everything follows the event
//! order, so the same scenario with the same seed gives the same lineage, and a seek, which
//! replays from time zero, gives that of a straight run.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;
use std::rc::Rc;

use crate::broker::{
    Broker, Capacity, DropReason, MessageId, OverflowPolicy, SubscriberId, TopicName,
};

use super::clock::{SimDuration, SimTime};
use super::event::{Actor, EventKind};

/// How many of the newest messages keep their lineage.
pub const LINEAGE_WINDOW: usize = 1_024;

/// One message and the fate of each of its copies, as of one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Lineage {
    /// The message.
    pub message: MessageId,
    /// Who published it.
    pub publisher: Actor,
    /// On which topic, by the name it had then.
    pub topic: TopicName,
    /// Its text, exactly as published; it may hold anything a person typed.
    pub payload: Rc<str>,
    /// When it was published.
    pub published_at: SimTime,
    /// One copy per subscriber it was, or is still to be, offered to, in fan-out order.
    pub copies: Vec<CopyFate>,
    /// The instant the fates are told as of: queued and waiting copies may move on later.
    pub as_of: SimTime,
}

impl Lineage {
    /// How many copies reached their subscriber.
    pub fn delivered(&self) -> usize {
        self.count(Fate::is_delivered)
    }

    /// How many copies will never reach their subscriber.
    pub fn lost(&self) -> usize {
        self.count(Fate::is_lost)
    }

    /// How many copies are still on their way: queued, or waiting for a blocked publisher.
    pub fn pending(&self) -> usize {
        self.count(Fate::is_pending)
    }

    /// The copy that went, or goes, to the subscriber shown as `name`.
    pub fn copy_for(&self, name: &str) -> Option<&CopyFate> {
        self.copies
            .iter()
            .find(|copy| &*copy.subscriber.name == name)
    }

    /// How long after the publish a copy met its fate; `None` for a copy still on its way
    /// or one that was never offered.
    pub fn after_publish(&self, fate: &Fate) -> Option<SimDuration> {
        fate.at().map(|at| at.saturating_since(self.published_at))
    }

    fn count(&self, which: fn(&Fate) -> bool) -> usize {
        self.copies.iter().filter(|copy| which(&copy.fate)).count()
    }
}

/// One copy of a message: the subscriber it was for, and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyFate {
    /// The subscriber, by the name it had.
    pub subscriber: Actor,
    /// What became of the copy.
    pub fate: Fate,
}

/// What became of one copy of a message. Levels are Go's `len(ch)` of `cap(ch)`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fate {
    /// The subscriber received it.
    Delivered {
        /// When.
        at: SimTime,
        /// Messages left in its buffer right after it took this one.
        buffered: usize,
        /// The buffer's capacity then.
        capacity: Capacity,
    },
    /// The full buffer, or the absent receiver of an unbuffered channel, dropped it.
    Dropped {
        /// When.
        at: SimTime,
        /// Why.
        reason: DropReason,
        /// The policy that dropped it.
        policy: OverflowPolicy,
        /// Messages in the buffer when it arrived.
        buffered: usize,
        /// The buffer's capacity then.
        capacity: Capacity,
    },
    /// A drop-oldest buffer evicted it to make room.
    Evicted {
        /// When.
        at: SimTime,
        /// The newer message that took its place.
        by: MessageId,
        /// Messages in the buffer when the newer one arrived.
        buffered: usize,
        /// The buffer's capacity then.
        capacity: Capacity,
    },
    /// It overflowed a disconnect-policy buffer, which cut the subscriber off.
    Disconnected {
        /// When.
        at: SimTime,
        /// Messages in the buffer when it arrived, discarded with the subscriber.
        buffered: usize,
        /// The buffer's capacity then.
        capacity: Capacity,
    },
    /// It was still queued when the subscriber left.
    Discarded {
        /// When the subscriber left.
        at: SimTime,
        /// How it left.
        ending: Ending,
    },
    /// It waits in the subscriber's buffer now.
    Queued {
        /// Messages in the buffer now, this one included.
        buffered: usize,
        /// The buffer's capacity now.
        capacity: Capacity,
    },
    /// Not offered yet: a block-policy subscriber without room holds the publisher, and this
    /// subscriber comes at or after it in the fan-out.
    Waiting {
        /// The subscriber that holds the publisher.
        behind: Rc<str>,
    },
    /// Never offered, and it never will be.
    NeverOffered {
        /// When that became certain.
        at: SimTime,
        /// Why.
        why: NotOffered,
    },
}

/// How a subscriber left, taking what it had queued with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ending {
    /// It was removed, or its topic was.
    Removed,
    /// An overflow under the disconnect policy cut it off.
    Disconnected,
}

/// Why a copy was never offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotOffered {
    /// The publisher waited at a blocking subscriber, and its topic closed meanwhile: Go's
    /// `panic: send on closed channel`.
    PublisherPanicked,
    /// The publisher was removed, or its topic, while it waited at a blocking subscriber.
    PublisherRemoved,
    /// The subscriber left while the publisher was blocked before it in the fan-out.
    SubscriberLeft,
}

impl Fate {
    /// A word or two for the fate, as the page's table shows it.
    pub fn label(&self) -> &'static str {
        match self {
            Fate::Delivered { .. } => "delivered",
            Fate::Dropped { .. } => "dropped",
            Fate::Evicted { .. } => "evicted",
            Fate::Disconnected { .. } => "disconnected",
            Fate::Discarded { .. } => "discarded",
            Fate::Queued { .. } => "queued",
            Fate::Waiting { .. } => "waiting",
            Fate::NeverOffered { .. } => "never offered",
        }
    }

    /// When the copy met this fate; `None` while it is on its way.
    pub fn at(&self) -> Option<SimTime> {
        match self {
            Fate::Delivered { at, .. }
            | Fate::Dropped { at, .. }
            | Fate::Evicted { at, .. }
            | Fate::Disconnected { at, .. }
            | Fate::Discarded { at, .. }
            | Fate::NeverOffered { at, .. } => Some(*at),
            Fate::Queued { .. } | Fate::Waiting { .. } => None,
        }
    }

    /// The buffer level that goes with the fate, as `(len, cap)`; `None` when no buffer
    /// was involved.
    pub fn level(&self) -> Option<(usize, Capacity)> {
        match self {
            Fate::Delivered {
                buffered, capacity, ..
            }
            | Fate::Dropped {
                buffered, capacity, ..
            }
            | Fate::Evicted {
                buffered, capacity, ..
            }
            | Fate::Disconnected {
                buffered, capacity, ..
            }
            | Fate::Queued { buffered, capacity } => Some((*buffered, *capacity)),
            Fate::Discarded { .. } | Fate::Waiting { .. } | Fate::NeverOffered { .. } => None,
        }
    }

    /// Whether the subscriber received the copy.
    pub fn is_delivered(&self) -> bool {
        matches!(self, Fate::Delivered { .. })
    }

    /// Whether the copy will never reach its subscriber.
    pub fn is_lost(&self) -> bool {
        matches!(
            self,
            Fate::Dropped { .. }
                | Fate::Evicted { .. }
                | Fate::Disconnected { .. }
                | Fate::Discarded { .. }
                | Fate::NeverOffered { .. }
        )
    }

    /// Whether the copy is still on its way: queued, or not offered yet.
    pub fn is_pending(&self) -> bool {
        matches!(self, Fate::Queued { .. } | Fate::Waiting { .. })
    }
}

/// Why the fate happened, in words: `buffer full (drop-newest)`.
impl fmt::Display for Fate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fate::Delivered { .. } => f.write_str("received"),
            Fate::Dropped { reason, policy, .. } => write!(f, "{} ({policy})", reason.label()),
            Fate::Evicted { by, .. } => write!(f, "evicted for {by} (drop-oldest)"),
            Fate::Disconnected { .. } => {
                f.write_str("overflowed the buffer; subscriber cut off (disconnect)")
            }
            Fate::Discarded {
                ending: Ending::Removed,
                ..
            } => f.write_str("still queued when the subscriber was removed"),
            Fate::Discarded {
                ending: Ending::Disconnected,
                ..
            } => f.write_str("still queued when the subscriber was cut off"),
            Fate::Queued { .. } => f.write_str("in the buffer, not received yet"),
            Fate::Waiting { behind } => {
                write!(f, "publisher blocked by {behind}; not offered yet (block)")
            }
            Fate::NeverOffered {
                why: NotOffered::PublisherPanicked,
                ..
            } => f.write_str("publisher panicked: send on closed channel"),
            Fate::NeverOffered {
                why: NotOffered::PublisherRemoved,
                ..
            } => f.write_str("publisher removed while it was blocked"),
            Fate::NeverOffered {
                why: NotOffered::SubscriberLeft,
                ..
            } => f.write_str("subscriber left while the publisher was blocked"),
        }
    }
}

/// Why there is no lineage for a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineageError {
    /// No message with this id has been published yet.
    NotPublished(MessageId),
    /// The message is older than the newest [`LINEAGE_WINDOW`] messages.
    NoLongerKept {
        /// The message asked for.
        message: MessageId,
        /// The oldest message still kept.
        oldest_kept: MessageId,
    },
}

impl LineageError {
    /// Whether the message was published once but is older than what is kept.
    pub fn is_no_longer_kept(&self) -> bool {
        matches!(self, LineageError::NoLongerKept { .. })
    }
}

impl fmt::Display for LineageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineageError::NotPublished(message) => {
                write!(f, "{message} has not been published yet")
            }
            LineageError::NoLongerKept {
                message,
                oldest_kept,
            } => write!(
                f,
                "{message} is no longer kept: only the newest {LINEAGE_WINDOW} messages are, \
                 from {oldest_kept} on"
            ),
        }
    }
}

impl Error for LineageError {}

/// The fates the events report, kept per copy.
#[derive(Clone, Copy, Debug)]
enum Recorded {
    Delivered,
    Dropped(DropReason, OverflowPolicy),
    Evicted(MessageId),
    Disconnected,
}

/// One copy that met a fate: 48 bytes natively, 40 in wasm32.
#[derive(Clone, Copy, Debug)]
struct CopyRecord {
    subscriber: SubscriberId,
    at: SimTime,
    buffered: usize,
    capacity: Capacity,
    fate: Recorded,
}

/// A block-policy subscriber that held the message's fan-out, and the event after which the
/// fan-out went on past it, if it did.
#[derive(Debug)]
struct Hold {
    by: Rc<str>,
    resumed: Option<u64>,
}

/// What a publish said about the message.
#[derive(Debug)]
struct PublishRecord {
    id: MessageId,
    at: SimTime,
    sequence: u64,
    publisher: Actor,
    topic: TopicName,
    payload: Rc<str>,
    members: Rc<[SubscriberId]>,
}

/// One message's place in the ring. The vectors keep their capacity across messages.
#[derive(Debug, Default)]
struct Slot {
    published: Option<PublishRecord>,
    fates: Vec<CopyRecord>,
    holds: Vec<Hold>,
    /// Set when the fan-out stopped for good at its last hold.
    abandoned: Option<(SimTime, NotOffered)>,
}

/// A subscriber as lineage remembers it: its name, and when and how it left.
#[derive(Debug)]
struct Track {
    name: Rc<str>,
    left: Option<(u64, SimTime, Ending)>,
}

/// The recorder: a ring of the newest messages' slots, the subscribers' names and exits,
/// and each topic's current membership.
#[derive(Debug)]
pub(crate) struct LineageLog {
    slots: Vec<Slot>,
    newest: Option<MessageId>,
    /// Counts observed events; orders a subscriber's exit against a publisher's resume.
    sequence: u64,
    /// Every subscriber ever added. Small: one entry per subscriber, never per message.
    subscribers: BTreeMap<SubscriberId, Track>,
    /// Each topic's subscribers in fan-out order, read from the broker at the first publish
    /// after a change and shared by the messages published until the next change.
    memberships: Vec<(TopicName, Rc<[SubscriberId]>)>,
    /// The message each blocked publisher waits with, by publisher id.
    held: Vec<(u64, MessageId)>,
}

impl LineageLog {
    pub(crate) fn new() -> LineageLog {
        LineageLog {
            slots: Vec::new(),
            newest: None,
            sequence: 0,
            subscribers: BTreeMap::new(),
            memberships: Vec::new(),
            held: Vec::new(),
        }
    }

    /// Takes note of an event before the log keeps it.
    pub(crate) fn observe(&mut self, at: SimTime, kind: &EventKind, broker: &Broker) {
        self.sequence += 1;
        match kind {
            EventKind::Deliver {
                subscriber,
                message,
                buffered,
                capacity,
                ..
            } => self.add_fate(
                *message,
                subscriber,
                at,
                *buffered,
                *capacity,
                Recorded::Delivered,
            ),
            EventKind::Publish {
                publisher,
                topic,
                message,
                payload,
                ..
            } => self.on_publish(at, publisher, topic, *message, payload, broker),
            EventKind::Drop {
                subscriber,
                message,
                reason,
                policy,
                buffered,
                capacity,
            } => self.add_fate(
                *message,
                subscriber,
                at,
                *buffered,
                *capacity,
                Recorded::Dropped(*reason, *policy),
            ),
            EventKind::Evict {
                subscriber,
                evicted,
                by,
                buffered,
                capacity,
            } => self.add_fate(
                *evicted,
                subscriber,
                at,
                *buffered,
                *capacity,
                Recorded::Evicted(*by),
            ),
            EventKind::Disconnect {
                subscriber,
                message,
                buffered,
                capacity,
                ..
            } => {
                self.add_fate(
                    *message,
                    subscriber,
                    at,
                    *buffered,
                    *capacity,
                    Recorded::Disconnected,
                );
                self.on_left(subscriber, at, Ending::Disconnected);
            }
            EventKind::Blocked {
                publisher,
                subscriber,
                message,
            } => self.on_blocked(publisher, subscriber, *message),
            EventKind::Unblocked { publisher, .. } => self.on_unblocked(publisher),
            EventKind::Subscribe { subscriber, .. } => {
                self.subscribers.insert(
                    SubscriberId(subscriber.id),
                    Track {
                        name: Rc::clone(&subscriber.name),
                        left: None,
                    },
                );
                self.memberships.clear();
            }
            EventKind::Unsubscribe { subscriber, .. } => {
                self.on_left(subscriber, at, Ending::Removed)
            }
            // A rename or removal of a topic changes whom a name fans out to.
            EventKind::Setup { .. } => self.memberships.clear(),
            _ => {}
        }
    }

    /// The publisher of `message` waited at a blocking subscriber and panicked when it
    /// tried to go on, because the topic closed: the rest of the fan-out never happens.
    pub(crate) fn on_panicked(&mut self, message: MessageId, at: SimTime) {
        self.abandon(message, at, NotOffered::PublisherPanicked);
    }

    /// Forgets the fan-outs of blocked publishers that `is_gone` says were removed: their
    /// messages are never offered to the rest of their subscribers.
    pub(crate) fn on_publishers_removed(&mut self, at: SimTime, is_gone: impl Fn(u64) -> bool) {
        let mut index = 0;
        while let Some(&(publisher, message)) = self.held.get(index) {
            if is_gone(publisher) {
                self.held.swap_remove(index);
                self.abandon(message, at, NotOffered::PublisherRemoved);
            } else {
                index += 1;
            }
        }
    }

    fn abandon(&mut self, message: MessageId, at: SimTime, why: NotOffered) {
        if let Some(slot) = self.slot_of_mut(message) {
            if let Some(hold) = slot.holds.last_mut() {
                hold.resumed = None;
            }
            slot.abandoned = Some((at, why));
        }
    }

    /// The lineage of `message` as of `now`, with the queued copies' buffer levels read
    /// from `broker`.
    pub(crate) fn lineage(
        &self,
        message: MessageId,
        now: SimTime,
        broker: &Broker,
    ) -> Result<Lineage, LineageError> {
        let newest = match self.newest {
            Some(newest) if message.0 >= 1 && message <= newest => newest,
            _ => return Err(LineageError::NotPublished(message)),
        };
        let kept = self
            .slot_of(message)
            .and_then(|slot| Some((slot, slot.published.as_ref()?)));
        let Some((slot, published)) = kept else {
            let window = LINEAGE_WINDOW as u64;
            let oldest_kept = MessageId(newest.0.saturating_sub(window - 1).max(1));
            return Err(LineageError::NoLongerKept {
                message,
                oldest_kept,
            });
        };

        // Fan-out order is subscription order, which is id order; a subscriber cut off by
        // this very message had left the membership before its publish was seen, and comes
        // back in through its fate.
        let fates: BTreeMap<SubscriberId, &CopyRecord> = slot
            .fates
            .iter()
            .map(|record| (record.subscriber, record))
            .collect();
        let mut order: Vec<SubscriberId> = published.members.to_vec();
        order.extend(fates.keys());
        order.sort_unstable();
        order.dedup();

        // Walk the fan-out as the publisher did: everyone before the first hold was offered
        // at the publish, everyone from a hold on when the publisher went on past it.
        let mut offered = Some(published.sequence);
        let mut holding: Option<&Rc<str>> = None;
        let mut holds = slot.holds.iter().peekable();
        let mut copies = Vec::with_capacity(order.len());
        for id in order {
            let track = self.subscribers.get(&id);
            let name = track.map_or_else(|| Rc::from(format!("#{}", id.0)), |t| t.name.clone());
            while let Some(hold) = holds.next_if(|hold| hold.by == name) {
                offered = hold.resumed;
                holding = Some(&hold.by);
            }
            let fate = match (fates.get(&id), offered) {
                (Some(record), _) => record.fate(),
                (None, None) => match (slot.abandoned, holding) {
                    (Some((at, why)), _) => Fate::NeverOffered { at, why },
                    (None, behind) => Fate::Waiting {
                        behind: behind.map_or_else(|| Rc::clone(&name), Rc::clone),
                    },
                },
                (None, Some(offered)) => match track.and_then(|track| track.left) {
                    Some((left, at, _)) if left < offered => Fate::NeverOffered {
                        at,
                        why: NotOffered::SubscriberLeft,
                    },
                    Some((_, at, ending)) => Fate::Discarded { at, ending },
                    None => {
                        let stats = broker.subscriber_stats(id).ok();
                        Fate::Queued {
                            buffered: stats.as_ref().map_or(0, |stats| stats.len),
                            capacity: stats.map_or(Capacity::UNBUFFERED, |stats| stats.capacity),
                        }
                    }
                },
            };
            copies.push(CopyFate {
                subscriber: Actor { id: id.0, name },
                fate,
            });
        }

        Ok(Lineage {
            message,
            publisher: published.publisher.clone(),
            topic: published.topic.clone(),
            payload: Rc::clone(&published.payload),
            published_at: published.at,
            copies,
            as_of: now,
        })
    }

    fn on_publish(
        &mut self,
        at: SimTime,
        publisher: &Actor,
        topic: &TopicName,
        message: MessageId,
        payload: &Rc<str>,
        broker: &Broker,
    ) {
        let members = self.members_of(topic, broker);
        self.newest = Some(message);
        let index = ring_index(message);
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, Slot::default);
        }
        let sequence = self.sequence;
        if let Some(slot) = self.slots.get_mut(index) {
            slot.fates.clear();
            slot.holds.clear();
            slot.abandoned = None;
            slot.published = Some(PublishRecord {
                id: message,
                at,
                sequence,
                publisher: publisher.clone(),
                topic: topic.clone(),
                payload: Rc::clone(payload),
                members,
            });
        }
    }

    /// The topic's subscribers in fan-out order, read from the broker only when the
    /// membership may have changed since the last read.
    fn members_of(&mut self, topic: &TopicName, broker: &Broker) -> Rc<[SubscriberId]> {
        if let Some((_, members)) = self.memberships.iter().find(|(name, _)| name == topic) {
            return Rc::clone(members);
        }
        let members: Rc<[SubscriberId]> = broker
            .topic_stats(topic)
            .map(|stats| stats.subscribers.into())
            .unwrap_or_else(|_| Rc::from(Vec::new()));
        self.memberships.push((topic.clone(), Rc::clone(&members)));
        members
    }

    fn add_fate(
        &mut self,
        message: MessageId,
        subscriber: &Actor,
        at: SimTime,
        buffered: usize,
        capacity: Capacity,
        fate: Recorded,
    ) {
        if let Some(slot) = self.slot_of_mut(message) {
            slot.fates.push(CopyRecord {
                subscriber: SubscriberId(subscriber.id),
                at,
                buffered,
                capacity,
                fate,
            });
        }
    }

    fn on_blocked(&mut self, publisher: &Actor, by: &Rc<str>, message: MessageId) {
        if let Some(slot) = self.slot_of_mut(message) {
            slot.holds.push(Hold {
                by: Rc::clone(by),
                resumed: None,
            });
        }
        self.held.retain(|(id, _)| *id != publisher.id);
        self.held.push((publisher.id, message));
    }

    fn on_unblocked(&mut self, publisher: &Actor) {
        let Some(place) = self.held.iter().position(|(id, _)| *id == publisher.id) else {
            return;
        };
        let (_, message) = self.held.swap_remove(place);
        let sequence = self.sequence;
        if let Some(hold) = self
            .slot_of_mut(message)
            .and_then(|slot| slot.holds.last_mut())
        {
            hold.resumed = Some(sequence);
        }
    }

    fn on_left(&mut self, subscriber: &Actor, at: SimTime, ending: Ending) {
        let sequence = self.sequence;
        if let Some(track) = self.subscribers.get_mut(&SubscriberId(subscriber.id)) {
            // A disconnected subscriber that is removed later left when it was cut off.
            track.left.get_or_insert((sequence, at, ending));
        }
        self.memberships.clear();
    }

    /// The slot of `message` if it still holds that message.
    fn slot_of(&self, message: MessageId) -> Option<&Slot> {
        self.slots
            .get(ring_index(message))
            .filter(|slot| slot.published.as_ref().is_some_and(|p| p.id == message))
    }

    fn slot_of_mut(&mut self, message: MessageId) -> Option<&mut Slot> {
        self.slots
            .get_mut(ring_index(message))
            .filter(|slot| slot.published.as_ref().is_some_and(|p| p.id == message))
    }
}

impl CopyRecord {
    fn fate(&self) -> Fate {
        let at = self.at;
        let (buffered, capacity) = (self.buffered, self.capacity);
        match self.fate {
            Recorded::Delivered => Fate::Delivered {
                at,
                buffered,
                capacity,
            },
            Recorded::Dropped(reason, policy) => Fate::Dropped {
                at,
                reason,
                policy,
                buffered,
                capacity,
            },
            Recorded::Evicted(by) => Fate::Evicted {
                at,
                by,
                buffered,
                capacity,
            },
            Recorded::Disconnected => Fate::Disconnected {
                at,
                buffered,
                capacity,
            },
        }
    }
}

/// Message ids start at 1 and grow by one per publish, so consecutive messages take
/// consecutive slots.
fn ring_index(message: MessageId) -> usize {
    (message.0.wrapping_sub(1) % LINEAGE_WINDOW as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module docs promise a small record per copy; a million are written each
    /// simulated second under the heavy-load preset.
    #[test]
    fn a_copy_record_stays_small() {
        assert!(std::mem::size_of::<CopyRecord>() <= 48);
    }
}
