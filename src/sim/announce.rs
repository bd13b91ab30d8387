//! Short sentences for a screen reader: what was lost, blocked or closed since the last one.
//!
//! A live region that spoke once per dropped message would talk without end, so the page
//! speaks at most once every few seconds, and each time it says everything that happened
//! since it last spoke in one sentence:
//!
//! `3 messages dropped at C (buffer full); P1 blocked by B; topic orders closed`
//!
//! # Counting exactly
//!
//! A snapshot keeps only the newest events, so counting events would undercount under load.
//! The sentence is instead the difference between two [`Tally`]s, each taken from a
//! snapshot's counters and states: the ledgers give exact drop and eviction counts however
//! many messages flowed in between, and the statuses say who is blocked, disconnected,
//! panicked or closed now that was not before.
//!
//! # What it says
//!
//! In this order, each only when it changed: drops per subscriber with their reasons, drops
//! at subscribers removed since, evictions, disconnects, publishers that became blocked (or
//! blocked by another subscriber) or no longer blocked, panics, and closed topics. The
//! numbers of a long list are summed into "and n more" so that the sentence stays short.
//!
//! A publisher that is blocked again and again by the same subscriber is said once, when it
//! starts. Its status alone cannot tell that apart from a release: a tally may catch it in
//! one of its short spells of running. So each tally carries how many times it has been
//! blocked, and [`Announcer::announce`] keeps a publisher that was blocked when last told
//! counted as blocked until it has run for [`RELEASE_AFTER`] of simulated time without a
//! new block. Only then is it "no longer blocked". Once the page may speak again it
//! compares each tally with the one a frame before, and two tallies a frame apart can both
//! fall in one spell of running, so the rule needs a span of time, not only the tally
//! before. A publisher that was running when last told, was blocked and released in
//! between, and runs now is "briefly blocked 3 times".
//!
//! # Moving the clock back
//!
//! [`Announcer::announce`] says nothing about a tally older than the last one: the clock went
//! back, what it shows was already said once, and it becomes the new starting point. Moving
//! forward by hand (a step, Go to) is said like running: everything that happened on the way.

use std::rc::Rc;

use crate::broker::{DropReason, Ledger, QueueStatus, SubscriberId, TopicName};

use super::clock::{SimDuration, SimTime};
use super::snapshot::Snapshot;
use super::world::{PublisherId, PublisherStatus};

/// How many subscribers a sentence names for each kind of loss before it sums the rest.
const NAMED_PER_KIND: usize = 3;

/// How many parts a sentence has at most before it points to the event log instead.
const MAX_PARTS: usize = 6;

/// How long a publisher said to be blocked must run without a new block before it is said
/// to be no longer blocked.
pub const RELEASE_AFTER: SimDuration = SimDuration::from_millis(1_000);

/// The counters and states of one snapshot that announcements compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    now: SimTime,
    subscribers: Vec<SubscriberTally>,
    publishers: Vec<PublisherTally>,
    topics: Vec<TopicTally>,
}

#[derive(Clone, Debug, PartialEq)]
struct SubscriberTally {
    id: SubscriberId,
    name: Rc<str>,
    topic: TopicName,
    ledger: Ledger,
    disconnected: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct PublisherTally {
    id: PublisherId,
    name: Rc<str>,
    blocked_by: Option<Rc<str>>,
    times_blocked: u64,
    /// The latest instant it is known to have been blocked at: the tally's own instant if
    /// it is blocked then. Read only while it counts as blocked.
    last_blocked_at: SimTime,
    panicked_on: Option<TopicName>,
}

#[derive(Clone, Debug, PartialEq)]
struct TopicTally {
    name: TopicName,
    closed: bool,
    ledger: Ledger,
}

impl Tally {
    /// The tally of `snapshot`.
    pub fn of(snapshot: &Snapshot) -> Tally {
        Tally {
            now: snapshot.now,
            subscribers: snapshot
                .subscribers
                .iter()
                .map(|subscriber| SubscriberTally {
                    id: subscriber.id,
                    name: subscriber.name.clone(),
                    topic: subscriber.topic.clone(),
                    ledger: subscriber.ledger,
                    disconnected: subscriber.status == QueueStatus::Disconnected,
                })
                .collect(),
            publishers: snapshot
                .publishers
                .iter()
                .map(|publisher| PublisherTally {
                    id: publisher.id,
                    name: publisher.name.clone(),
                    blocked_by: match &publisher.status {
                        PublisherStatus::Blocked { by_name, .. } => Some(by_name.clone()),
                        _ => None,
                    },
                    times_blocked: publisher.times_blocked,
                    last_blocked_at: snapshot.now,
                    panicked_on: matches!(publisher.status, PublisherStatus::Panicked { .. })
                        .then(|| publisher.topic.clone()),
                })
                .collect(),
            topics: snapshot
                .topics
                .iter()
                .map(|topic| TopicTally {
                    name: topic.name.clone(),
                    closed: topic.closed,
                    ledger: topic.ledger,
                })
                .collect(),
        }
    }

    /// Keeps a publisher that `before` had as blocked blocked here too while it has not run
    /// for [`RELEASE_AFTER`] without a new block: see the module docs.
    fn carry_blocks_from(&mut self, before: &Tally) {
        let now = self.now;
        for publisher in &mut self.publishers {
            if publisher.blocked_by.is_some() || publisher.panicked_on.is_some() {
                continue;
            }
            let Some(earlier) = before.publisher(publisher.id) else {
                continue;
            };
            let Some(blocked_by) = &earlier.blocked_by else {
                continue;
            };
            // Blocked again since: at some instant after the earlier tally, at most now.
            let last_blocked_at = if publisher.times_blocked > earlier.times_blocked {
                now
            } else {
                earlier.last_blocked_at
            };
            if now.saturating_since(last_blocked_at) < RELEASE_AFTER {
                publisher.blocked_by = Some(blocked_by.clone());
                publisher.last_blocked_at = last_blocked_at;
            }
        }
    }

    /// The simulated instant it was taken at.
    pub fn now(&self) -> SimTime {
        self.now
    }

    fn subscriber(&self, id: SubscriberId) -> Option<&SubscriberTally> {
        self.subscribers
            .iter()
            .find(|subscriber| subscriber.id == id)
    }

    fn publisher(&self, id: PublisherId) -> Option<&PublisherTally> {
        self.publishers.iter().find(|publisher| publisher.id == id)
    }

    fn topic(&self, name: &TopicName) -> Option<&TopicTally> {
        self.topics.iter().find(|topic| &topic.name == name)
    }
}

/// Remembers what was last said and says what changed since.
#[derive(Clone, Debug, Default)]
pub struct Announcer {
    told: Tally,
}

impl Announcer {
    /// An announcer that takes `tally` as already said.
    pub fn new(tally: Tally) -> Announcer {
        Announcer { told: tally }
    }

    /// Takes `tally` as said without saying anything: for a new scenario, a muted page, or
    /// a clock moved back.
    pub fn rebase(&mut self, tally: Tally) {
        self.told = tally;
    }

    /// One sentence about what changed between the last tally said and `tally`, which
    /// becomes the last said; `None` if nothing worth saying changed, or if `tally` is older
    /// than the last one (the clock went back, and `tally` is taken as it is).
    pub fn announce(&mut self, mut tally: Tally) -> Option<String> {
        let sentence = if tally.now < self.told.now {
            None
        } else {
            tally.carry_blocks_from(&self.told);
            summarise(&self.told, &tally)
        };
        self.told = tally;
        sentence
    }
}

/// One sentence about what changed from `before` to `after`, or `None` if nothing worth
/// saying did. See the [module docs](self) for what counts.
pub fn summarise(before: &Tally, after: &Tally) -> Option<String> {
    let mut parts = Vec::new();
    parts.extend(drops(before, after));
    parts.extend(evictions(before, after));
    parts.extend(disconnects(before, after));
    parts.extend(publisher_changes(before, after));
    parts.extend(closes(before, after));
    if parts.is_empty() {
        return None;
    }
    if parts.len() > MAX_PARTS {
        let hidden = parts.len() - (MAX_PARTS - 1);
        parts.truncate(MAX_PARTS - 1);
        parts.push(format!("{hidden} more changes in the event log"));
    }
    Some(parts.join("; "))
}

/// What `after`'s ledger gained over `before`'s; a subscriber new since starts from zero.
fn gained(before: Option<&Ledger>, after: &Ledger) -> Ledger {
    let before = before.copied().unwrap_or_default();
    Ledger {
        offered: after.offered.saturating_sub(before.offered),
        delivered: after.delivered.saturating_sub(before.delivered),
        dropped_buffer_full: after
            .dropped_buffer_full
            .saturating_sub(before.dropped_buffer_full),
        dropped_no_receiver: after
            .dropped_no_receiver
            .saturating_sub(before.dropped_no_receiver),
        dropped_disconnected: after
            .dropped_disconnected
            .saturating_sub(before.dropped_disconnected),
        evicted: after.evicted.saturating_sub(before.evicted),
        queued: after.queued.saturating_sub(before.queued),
        discarded: after.discarded.saturating_sub(before.discarded),
    }
}

/// Drops per subscriber, with their reasons. The drop that disconnects a subscriber is said
/// with the disconnect instead.
fn drops(before: &Tally, after: &Tally) -> Vec<String> {
    let mut named: Vec<(u64, String)> = Vec::new();
    let mut counted_per_topic: Vec<(&TopicName, u64)> = Vec::new();
    for subscriber in &after.subscribers {
        let earlier = before.subscriber(subscriber.id).map(|tally| &tally.ledger);
        let gain = gained(earlier, &subscriber.ledger);
        let total = overflowed(&gain);
        match counted_per_topic
            .iter_mut()
            .find(|(topic, _)| *topic == &subscriber.topic)
        {
            Some((_, counted)) => *counted += total,
            None => counted_per_topic.push((&subscriber.topic, total)),
        }
        if total == 0 {
            continue;
        }
        let reasons: Vec<(u64, &str)> = [
            (gain.dropped_buffer_full, DropReason::BufferFull.label()),
            (
                gain.dropped_no_receiver,
                DropReason::NoReceiverWaiting.label(),
            ),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .collect();
        // One reason reads "(buffer full)"; two give their own counts.
        let why = match reasons.as_slice() {
            [(_, label)] => (*label).to_owned(),
            _ => reasons
                .iter()
                .map(|(count, label)| format!("{count} {label}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        named.push((
            total,
            format!("{} dropped at {} ({why})", messages(total), subscriber.name),
        ));
    }
    let mut parts = summed(named, "dropped");

    // Subscribers removed since the last tally took their drops with them; the topic's
    // ledger, which keeps every subscriber it ever had, still counts them.
    for topic in &after.topics {
        let Some(earlier) = before.topic(&topic.name) else {
            continue;
        };
        let counted = counted_per_topic
            .iter()
            .find(|(name, _)| *name == &topic.name)
            .map_or(0, |(_, counted)| *counted);
        let unseen =
            overflowed(&gained(Some(&earlier.ledger), &topic.ledger)).saturating_sub(counted);
        if unseen > 0 {
            parts.push(format!(
                "{} dropped on {} at subscribers removed since",
                messages(unseen),
                topic.name
            ));
        }
    }
    parts
}

/// The drops that are said as drops: a full buffer or no receiver waiting.
fn overflowed(ledger: &Ledger) -> u64 {
    ledger.dropped_buffer_full + ledger.dropped_no_receiver
}

/// Evictions per drop-oldest subscriber.
fn evictions(before: &Tally, after: &Tally) -> Vec<String> {
    let named = after
        .subscribers
        .iter()
        .filter_map(|subscriber| {
            let earlier = before.subscriber(subscriber.id).map(|tally| &tally.ledger);
            let evicted = gained(earlier, &subscriber.ledger).evicted;
            (evicted > 0).then(|| {
                (
                    evicted,
                    format!("{} evicted at {}", messages(evicted), subscriber.name),
                )
            })
        })
        .collect();
    summed(named, "evicted")
}

/// Subscribers cut off by an overflow since.
fn disconnects(before: &Tally, after: &Tally) -> Vec<String> {
    after
        .subscribers
        .iter()
        .filter(|subscriber| subscriber.disconnected)
        .filter(|subscriber| {
            !before
                .subscriber(subscriber.id)
                .is_some_and(|earlier| earlier.disconnected)
        })
        .map(|subscriber| {
            let earlier = before.subscriber(subscriber.id).map(|tally| &tally.ledger);
            let discarded = gained(earlier, &subscriber.ledger).discarded;
            if discarded > 0 {
                format!(
                    "{} disconnected, {} discarded",
                    subscriber.name,
                    messages(discarded)
                )
            } else {
                format!("{} disconnected", subscriber.name)
            }
        })
        .collect()
}

/// Publishers blocked, no longer blocked, or panicked since.
fn publisher_changes(before: &Tally, after: &Tally) -> Vec<String> {
    let mut parts = Vec::new();
    for publisher in &after.publishers {
        let earlier = before.publisher(publisher.id);
        let was_blocked_by = earlier.and_then(|earlier| earlier.blocked_by.as_ref());
        let blocked_since = publisher
            .times_blocked
            .saturating_sub(earlier.map_or(0, |earlier| earlier.times_blocked));
        match (&publisher.blocked_by, was_blocked_by) {
            (Some(by), Some(was)) if by == was => {}
            (Some(by), _) => parts.push(format!("{} blocked by {by}", publisher.name)),
            // Running at this instant, but blocked again in between: still held back.
            (None, Some(_)) if blocked_since > 0 => {}
            (None, Some(_)) if publisher.panicked_on.is_none() => {
                parts.push(format!("{} no longer blocked", publisher.name));
            }
            (None, None) if blocked_since > 0 => parts.push(format!(
                "{} briefly blocked {}",
                publisher.name,
                times(blocked_since)
            )),
            _ => {}
        }
        let was_panicked = earlier.is_some_and(|earlier| earlier.panicked_on.is_some());
        if let (Some(topic), false) = (&publisher.panicked_on, was_panicked) {
            parts.push(format!(
                "{} panicked: send on closed topic {topic}",
                publisher.name
            ));
        }
    }
    parts
}

/// Topics closed since.
fn closes(before: &Tally, after: &Tally) -> Vec<String> {
    after
        .topics
        .iter()
        .filter(|topic| topic.closed)
        .filter(|topic| {
            !before
                .topic(&topic.name)
                .is_some_and(|earlier| earlier.closed)
        })
        .map(|topic| format!("topic {} closed", topic.name))
        .collect()
}

/// The first [`NAMED_PER_KIND`] parts, largest count first, and the rest summed:
/// "and 7 more dropped at 2 other subscribers".
fn summed(mut named: Vec<(u64, String)>, verb: &str) -> Vec<String> {
    // Stable: subscribers with equal counts keep the page's order.
    named.sort_by(|(a, _), (b, _)| b.cmp(a));
    let rest: Vec<u64> = named
        .iter()
        .skip(NAMED_PER_KIND)
        .map(|(count, _)| *count)
        .collect();
    let mut parts: Vec<String> = named
        .into_iter()
        .take(NAMED_PER_KIND)
        .map(|(_, part)| part)
        .collect();
    if !rest.is_empty() {
        let others = rest.len();
        let sum: u64 = rest.iter().sum();
        parts.push(format!(
            "{sum} more {verb} at {others} other subscriber{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    parts
}

/// "once", "3 times".
fn times(count: u64) -> String {
    if count == 1 {
        "once".to_owned()
    } else {
        format!("{count} times")
    }
}

/// "1 message", "3 messages".
fn messages(count: u64) -> String {
    if count == 1 {
        "1 message".to_owned()
    } else {
        format!("{count} messages")
    }
}
