//! The broker: topics by name, and the seed design's non-blocking fan-out.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::error::{SendOnClosed, TopologyError};
use super::ledger::Ledger;
use super::message::{Capacity, Delivery, Message, MessageId, SubscriberId, TopicName};
use super::policy::{DropReason, OverflowPolicy};
use super::queue::{Offer, Queue, QueueStatus, RoomWait, SendTicket, SharedQueue, Subscription};
use super::topic::Topic;

/// A pub/sub broker: Go's `map[topic][]chan Message`, with every message accounted for.
///
/// No method waits. Subscribers receive through their [`Subscription`] stream, which any
/// single-threaded executor can drive. A publish that a [`Block`](OverflowPolicy::Block)
/// subscriber holds back returns [`Published::blocked`]; the caller waits on
/// [`Broker::room`] and then continues the fan-out with [`Broker::resume`].
#[derive(Debug, Default)]
pub struct Broker {
    topics: BTreeMap<TopicName, Topic>,
    subscriptions: BTreeMap<SubscriberId, SharedQueue>,
    next_message_id: u64,
    next_subscriber_id: u64,
}

/// What one publish, or one resumed fan-out, did.
#[derive(Debug)]
pub struct Published {
    /// The message, as every subscriber that accepted it will receive it.
    pub message: Delivery,
    /// How many subscribers the topic had when it was published.
    pub fanout: usize,
    /// The subscribers whose full buffer did something other than accept it, in fan-out
    /// order. Empty, and not allocated, when every subscriber had room.
    pub overflows: Vec<Overflow>,
    /// Set when a subscriber with the block policy had no room: the fan-out stopped there,
    /// and the subscribers after it have not been offered the message yet.
    pub blocked: Option<Blocked>,
}

/// One subscriber whose full buffer overflowed, and what its policy did about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// Who.
    pub subscriber: SubscriberId,
    /// What happened.
    pub outcome: OverflowOutcome,
    /// The policy that decided it.
    pub policy: OverflowPolicy,
    /// How many messages the buffer held when the message arrived.
    pub buffered: usize,
    /// The buffer's capacity then.
    pub capacity: Capacity,
}

/// What a full buffer did with an incoming message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverflowOutcome {
    /// The incoming message was dropped for this subscriber.
    Dropped(DropReason),
    /// The oldest buffered message, this one, was evicted to make room.
    Evicted(MessageId),
    /// The subscriber was cut off; the incoming message and this many buffered ones are lost.
    Disconnected {
        /// Buffered messages discarded with the subscriber.
        discarded: u64,
    },
}

/// A fan-out that waits for a subscriber with the block policy to have room.
#[derive(Debug)]
pub struct Blocked {
    message: Delivery,
    fanout: usize,
    /// The subscribers not yet offered the message, the blocking one first.
    remaining: Vec<SubscriberId>,
    /// Its place in the blocking subscriber's line of held-back publishers.
    ticket: SendTicket,
}

impl Blocked {
    /// The subscriber that has no room.
    pub fn subscriber(&self) -> Option<SubscriberId> {
        self.remaining.first().copied()
    }

    /// The message that waits.
    pub fn message(&self) -> &Delivery {
        &self.message
    }
}

/// One topic as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicStats {
    /// Its name.
    pub name: TopicName,
    /// Messages published on it.
    pub published: u64,
    /// Its current subscribers, in fan-out order.
    pub subscribers: Vec<SubscriberId>,
    /// Whether it was closed.
    pub closed: bool,
    /// The ledger of every subscriber it ever had, removed ones included.
    pub ledger: Ledger,
}

/// One current subscription as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriberStats {
    /// Its id.
    pub id: SubscriberId,
    /// The topic it subscribes to.
    pub topic: TopicName,
    /// Go's `cap(ch)`.
    pub capacity: Capacity,
    /// Go's `len(ch)`.
    pub len: usize,
    /// What happens when its buffer is full.
    pub policy: OverflowPolicy,
    /// Open, closed with its topic, or disconnected by an overflow.
    pub status: QueueStatus,
    /// Where every message offered to it went.
    pub ledger: Ledger,
}

/// What removing a subscription did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribed {
    /// Messages that were still queued for it and are now discarded.
    pub discarded: u64,
    /// Its final ledger.
    pub ledger: Ledger,
}

impl Broker {
    /// An empty broker.
    pub fn new() -> Broker {
        Broker::default()
    }

    /// Creates an empty topic. Publishing or subscribing creates topics too; this exists so
    /// that a name can be claimed before anyone uses it.
    pub fn create_topic(&mut self, name: TopicName) -> Result<(), TopologyError> {
        if self.topics.contains_key(&name) {
            return Err(TopologyError::TopicExists(name));
        }
        self.topics.insert(name, Topic::default());
        Ok(())
    }

    /// Subscribes to `topic`, creating it if needed, with a queue of `capacity` and what to do
    /// when it is full.
    ///
    /// The subscriber receives only messages published from now on.
    pub fn subscribe(
        &mut self,
        topic: &TopicName,
        capacity: Capacity,
        policy: OverflowPolicy,
    ) -> Result<Subscription, TopologyError> {
        let entry = self.topics.entry(topic.clone()).or_default();
        if entry.closed {
            return Err(TopologyError::TopicClosed(topic.clone()));
        }

        self.next_subscriber_id += 1;
        let id = SubscriberId(self.next_subscriber_id);
        let queue = Rc::new(RefCell::new(Queue::new(
            id,
            topic.clone(),
            capacity,
            policy,
        )));
        entry.subscribers.push((id, Rc::clone(&queue)));
        self.subscriptions.insert(id, Rc::clone(&queue));
        Ok(Subscription::new(queue))
    }

    /// Publishes `payload` on `topic`, creating the topic if needed, with a non-blocking send to
    /// every current subscriber in the order they subscribed.
    ///
    /// A subscriber whose buffer is full applies its [`OverflowPolicy`], and
    /// [`Published::overflows`] says what each did; the others still get the message. A
    /// subscriber with the block policy stops the fan-out: see [`Published::blocked`]. On a
    /// closed topic nothing is sent and the payload comes back in the error.
    ///
    /// ```
    /// use futures::StreamExt;
    /// use mini_kafka_playground::broker::{
    ///     Broker, Capacity, DropReason, OverflowOutcome, OverflowPolicy, TopicName,
    /// };
    ///
    /// let mut broker = Broker::new();
    /// let topic = TopicName::new("orders")?;
    /// let two = Capacity::new(2).unwrap();
    /// let mut slow = broker.subscribe(&topic, two, OverflowPolicy::DropNewest)?;
    ///
    /// broker.publish(&topic, "order #1")?;
    /// broker.publish(&topic, "order #2")?;
    /// let third = broker.publish(&topic, "order #3")?;
    ///
    /// // The third message found the buffer full and was dropped for this subscriber.
    /// let overflow = third.overflows[0];
    /// assert_eq!(overflow.outcome, OverflowOutcome::Dropped(DropReason::BufferFull));
    /// assert_eq!(overflow.buffered, 2);
    /// let first = futures::executor::block_on(slow.next()).unwrap()?;
    /// assert_eq!(&*first.payload, "order #1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish(
        &mut self,
        topic: &TopicName,
        payload: impl Into<Rc<str>>,
    ) -> Result<Published, SendOnClosed> {
        let payload = payload.into();
        let entry = self.topics.entry(topic.clone()).or_default();
        if entry.closed {
            return Err(SendOnClosed { payload });
        }

        self.next_message_id += 1;
        entry.published += 1;
        let message = Rc::new(Message {
            id: MessageId(self.next_message_id),
            topic: topic.clone(),
            payload,
        });

        let fanout = entry.subscribers.len();
        let (overflows, blocked_at) = fan_out(&entry.subscribers, &message, None);
        let blocked = blocked_at.map(|(from, ticket)| Blocked {
            message: Rc::clone(&message),
            fanout,
            remaining: entry
                .subscribers
                .iter()
                .skip(from)
                .map(|(id, _)| *id)
                .collect(),
            ticket,
        });
        let published = Published {
            message,
            fanout,
            overflows,
            blocked,
        };
        self.retire_disconnected(&published.overflows);
        Ok(published)
    }

    /// A future that completes once the subscriber that blocks this fan-out has room or stops
    /// blocking. `None` if that subscriber is gone, in which case resume at once.
    pub fn room(&self, blocked: &Blocked) -> Option<RoomWait> {
        let id = blocked.subscriber()?;
        self.subscriptions.get(&id)?;
        Some(RoomWait::new(&blocked.ticket))
    }

    /// Continues a fan-out that a subscriber with the block policy held back, from that
    /// subscriber on. Subscribers removed in the meantime are skipped. It may block again.
    ///
    /// If the topic was closed while the publisher waited, nothing more is sent and the
    /// payload comes back in the error: in Go, closing a channel panics a sender blocked on it.
    pub fn resume(&mut self, blocked: Blocked) -> Result<Published, SendOnClosed> {
        let queues: Vec<(SubscriberId, SharedQueue)> = blocked
            .remaining
            .iter()
            .filter_map(|id| Some((*id, Rc::clone(self.subscriptions.get(id)?))))
            .collect();
        if queues
            .iter()
            .any(|(_, queue)| queue.borrow().status() == QueueStatus::Closed)
        {
            return Err(SendOnClosed {
                payload: Rc::clone(&blocked.message.payload),
            });
        }

        let (overflows, blocked_at) = fan_out(&queues, &blocked.message, Some(blocked.ticket));
        let still_blocked = blocked_at.map(|(from, ticket)| Blocked {
            message: Rc::clone(&blocked.message),
            fanout: blocked.fanout,
            remaining: queues.iter().skip(from).map(|(id, _)| *id).collect(),
            ticket,
        });
        let published = Published {
            message: blocked.message,
            fanout: blocked.fanout,
            overflows,
            blocked: still_blocked,
        };
        self.retire_disconnected(&published.overflows);
        Ok(published)
    }

    /// Takes subscribers that an overflow disconnected out of their topic's fan-out. They stay
    /// known, with their final ledger, until they are unsubscribed.
    fn retire_disconnected(&mut self, overflows: &[Overflow]) {
        for overflow in overflows {
            if !matches!(overflow.outcome, OverflowOutcome::Disconnected { .. }) {
                continue;
            }
            let Some(queue) = self.subscriptions.get(&overflow.subscriber) else {
                continue;
            };
            let queue = queue.borrow();
            if let Some(topic) = self.topics.get_mut(queue.topic()) {
                topic
                    .subscribers
                    .retain(|(id, _)| *id != overflow.subscriber);
                topic.retired = topic.retired.combined(queue.ledger());
            }
        }
    }

    /// Closes `topic`: its subscribers receive what is buffered, then their streams end.
    /// Publishing on it afterwards fails with [`SendOnClosed`].
    ///
    /// Closing twice fails, as Go's `close` of a closed channel panics:
    ///
    /// ```
    /// use mini_kafka_playground::broker::{Broker, TopicName};
    ///
    /// let mut broker = Broker::new();
    /// let topic = TopicName::new("orders")?;
    /// broker.create_topic(topic.clone())?;
    /// broker.close_topic(&topic)?;
    /// assert!(broker.close_topic(&topic).unwrap_err().is_already_closed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn close_topic(&mut self, topic: &TopicName) -> Result<(), TopologyError> {
        let entry = self
            .topics
            .get_mut(topic)
            .ok_or_else(|| TopologyError::UnknownTopic(topic.clone()))?;
        if entry.closed {
            return Err(TopologyError::AlreadyClosed(topic.clone()));
        }
        entry.closed = true;
        for (_, queue) in &entry.subscribers {
            queue.borrow_mut().close();
        }
        Ok(())
    }

    /// Removes the subscription `id`. It receives nothing afterwards; what was still queued for
    /// it is discarded and counted in its ledger and its topic's.
    pub fn unsubscribe(&mut self, id: SubscriberId) -> Result<Unsubscribed, TopologyError> {
        let queue = self
            .subscriptions
            .remove(&id)
            .ok_or(TopologyError::UnknownSubscriber(id))?;
        let mut queue = queue.borrow_mut();
        // A disconnected subscriber left its topic's fan-out, and its ledger was retired, then.
        let still_in_topic = queue.status() != QueueStatus::Disconnected;
        let discarded = queue.remove();
        let ledger = queue.ledger();

        if let Some(topic) = self.topics.get_mut(queue.topic()) {
            if still_in_topic {
                topic.subscribers.retain(|(other, _)| *other != id);
                topic.retired = topic.retired.combined(ledger);
            }
        }
        Ok(Unsubscribed { discarded, ledger })
    }

    /// Renames a topic. Its subscribers and counters move with it.
    pub fn rename_topic(&mut self, from: &TopicName, to: TopicName) -> Result<(), TopologyError> {
        if self.topics.contains_key(&to) {
            return Err(TopologyError::TopicExists(to));
        }
        let topic = self
            .topics
            .remove(from)
            .ok_or_else(|| TopologyError::UnknownTopic(from.clone()))?;
        // Every subscription of the topic, including disconnected ones that left its fan-out.
        for queue in self.subscriptions.values() {
            let mut queue = queue.borrow_mut();
            if queue.topic() == from {
                queue.set_topic(to.clone());
            }
        }
        self.topics.insert(to, topic);
        Ok(())
    }

    /// Removes a topic and every subscription to it, as [`Broker::unsubscribe`] would.
    /// Returns what each removed subscription discarded.
    pub fn remove_topic(
        &mut self,
        topic: &TopicName,
    ) -> Result<Vec<(SubscriberId, Unsubscribed)>, TopologyError> {
        if !self.topics.contains_key(topic) {
            return Err(TopologyError::UnknownTopic(topic.clone()));
        }
        let ids: Vec<SubscriberId> = self.subscriptions_of(topic).collect();
        let mut removed = Vec::with_capacity(ids.len());
        for id in ids {
            removed.push((id, self.unsubscribe(id)?));
        }
        self.topics.remove(topic);
        Ok(removed)
    }

    /// Changes the capacity of subscription `id` while it runs. Messages buffered beyond a
    /// smaller capacity stay and are received; new ones are dropped until there is room.
    pub fn set_capacity(
        &mut self,
        id: SubscriberId,
        capacity: Capacity,
    ) -> Result<(), TopologyError> {
        self.queue(id)?.borrow_mut().set_capacity(capacity);
        Ok(())
    }

    /// Changes what subscription `id` does when its buffer is full, while it runs. A publisher
    /// that it blocked retries under the new policy.
    pub fn set_policy(
        &mut self,
        id: SubscriberId,
        policy: OverflowPolicy,
    ) -> Result<(), TopologyError> {
        self.queue(id)?.borrow_mut().set_policy(policy);
        Ok(())
    }

    fn queue(&self, id: SubscriberId) -> Result<&SharedQueue, TopologyError> {
        self.subscriptions
            .get(&id)
            .ok_or(TopologyError::UnknownSubscriber(id))
    }

    /// Every subscription of `topic`, disconnected ones included, in subscription order.
    fn subscriptions_of<'a>(
        &'a self,
        topic: &'a TopicName,
    ) -> impl Iterator<Item = SubscriberId> + 'a {
        self.subscriptions
            .iter()
            .filter(move |(_, queue)| queue.borrow().topic() == topic)
            .map(|(id, _)| *id)
    }

    /// Whether a topic of that name exists.
    pub fn has_topic(&self, topic: &TopicName) -> bool {
        self.topics.contains_key(topic)
    }

    /// The names of all topics, in order.
    pub fn topic_names(&self) -> impl Iterator<Item = &TopicName> {
        self.topics.keys()
    }

    /// One topic as it stands.
    pub fn topic_stats(&self, topic: &TopicName) -> Result<TopicStats, TopologyError> {
        let entry = self
            .topics
            .get(topic)
            .ok_or_else(|| TopologyError::UnknownTopic(topic.clone()))?;
        Ok(TopicStats {
            name: topic.clone(),
            published: entry.published,
            subscribers: entry.subscribers.iter().map(|(id, _)| *id).collect(),
            closed: entry.closed,
            ledger: entry.ledger(),
        })
    }

    /// One current subscription as it stands.
    pub fn subscriber_stats(&self, id: SubscriberId) -> Result<SubscriberStats, TopologyError> {
        let queue = self.queue(id)?.borrow();
        Ok(SubscriberStats {
            id,
            topic: queue.topic().clone(),
            capacity: queue.capacity(),
            len: queue.len(),
            policy: queue.policy(),
            status: queue.status(),
            ledger: queue.ledger(),
        })
    }
}

/// Offers `message` to each queue in order, until one with the block policy holds it back.
/// Returns what overflowed, and where the fan-out stopped if it did, with its place in that
/// queue's line. A resumed fan-out passes the `ticket` it held: its place in the line of the
/// queue that held it back, which keeps it ahead of those who blocked later. Queues that are
/// no longer open (removed, or disconnected earlier in a resumed fan-out) are skipped.
fn fan_out(
    queues: &[(SubscriberId, SharedQueue)],
    message: &Delivery,
    mut ticket: Option<SendTicket>,
) -> (Vec<Overflow>, Option<(usize, SendTicket)>) {
    let mut overflows = Vec::new();
    for (index, (id, shared)) in queues.iter().enumerate() {
        let held = ticket
            .as_ref()
            .filter(|ticket| ticket.is_for(shared))
            .map(SendTicket::ticket);
        let mut queue = shared.borrow_mut();
        if !queue.status().is_open() {
            continue;
        }
        let buffered = queue.len();
        let outcome = match queue.offer(message, held) {
            Offer::HandedOff | Offer::Buffered => continue,
            Offer::Blocked(number) => {
                drop(queue);
                let place = match ticket.take() {
                    Some(kept) if held == Some(number) => kept,
                    _ => SendTicket::new(Rc::clone(shared), number),
                };
                return (overflows, Some((index, place)));
            }
            Offer::Dropped(reason) => OverflowOutcome::Dropped(reason),
            Offer::Evicted(evicted) => OverflowOutcome::Evicted(evicted),
            Offer::Disconnected { discarded } => OverflowOutcome::Disconnected { discarded },
        };
        overflows.push(Overflow {
            subscriber: *id,
            outcome,
            policy: queue.policy(),
            buffered,
            capacity: queue.capacity(),
        });
    }
    (overflows, None)
}
