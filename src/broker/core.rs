//! The broker: topics by name, and the seed design's non-blocking fan-out.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::error::{SendOnClosed, TopologyError};
use super::message::{Capacity, Delivery, Message, MessageId, SubscriberId, TopicName};
use super::queue::{DropReason, Ledger, Offer, Queue, QueueStatus, SharedQueue, Subscription};
use super::topic::Topic;

/// A pub/sub broker: Go's `map[topic][]chan Message`, with every message accounted for.
///
/// All methods return at once; nothing here waits. Subscribers receive through their
/// [`Subscription`] stream, which any single-threaded executor can drive.
#[derive(Debug, Default)]
pub struct Broker {
    topics: BTreeMap<TopicName, Topic>,
    subscriptions: BTreeMap<SubscriberId, SharedQueue>,
    next_message_id: u64,
    next_subscriber_id: u64,
}

/// What one publish did.
#[derive(Debug)]
pub struct Published {
    /// The message, as every subscriber that accepted it will receive it.
    pub message: Delivery,
    /// How many subscribers it was offered to.
    pub fanout: usize,
    /// The subscribers that did not accept it. Empty, and not allocated, when none dropped it.
    pub drops: Vec<Dropped>,
}

/// One subscriber that dropped a published message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// Who dropped it.
    pub subscriber: SubscriberId,
    /// Why.
    pub reason: DropReason,
    /// How many messages that subscriber's buffer held at that moment.
    pub buffered: usize,
    /// That subscriber's capacity at that moment.
    pub capacity: Capacity,
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
    /// Open, or closed with its topic.
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

    /// Subscribes to `topic`, creating it if needed, with a queue of `capacity`.
    ///
    /// The subscriber receives only messages published from now on.
    pub fn subscribe(
        &mut self,
        topic: &TopicName,
        capacity: Capacity,
    ) -> Result<Subscription, TopologyError> {
        let entry = self.topics.entry(topic.clone()).or_default();
        if entry.closed {
            return Err(TopologyError::TopicClosed(topic.clone()));
        }

        self.next_subscriber_id += 1;
        let id = SubscriberId(self.next_subscriber_id);
        let queue = Rc::new(RefCell::new(Queue::new(id, topic.clone(), capacity)));
        entry.subscribers.push((id, Rc::clone(&queue)));
        self.subscriptions.insert(id, Rc::clone(&queue));
        Ok(Subscription::new(queue))
    }

    /// Publishes `payload` on `topic`, creating the topic if needed, with a non-blocking send to
    /// every current subscriber.
    ///
    /// A subscriber whose buffer is full, or who is unbuffered and not waiting, drops the
    /// message; the others still get it. On a closed topic nothing is sent and the payload comes
    /// back in the error.
    ///
    /// ```
    /// use futures::StreamExt;
    /// use mini_kafka_playground::broker::{Broker, Capacity, DropReason, TopicName};
    ///
    /// let mut broker = Broker::new();
    /// let topic = TopicName::new("orders")?;
    /// let mut slow = broker.subscribe(&topic, Capacity::new(2).unwrap())?;
    ///
    /// for n in 1..=3 {
    ///     broker.publish(&topic, format!("order #{n}"))?;
    /// }
    /// // The third message found the buffer full.
    /// assert_eq!(slow.ledger().dropped_buffer_full, 1);
    /// let first = futures::executor::block_on(slow.next()).unwrap();
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

        let mut drops = Vec::new();
        for (id, queue) in &entry.subscribers {
            let mut queue = queue.borrow_mut();
            if let Offer::Dropped(reason) = queue.offer(&message) {
                drops.push(Dropped {
                    subscriber: *id,
                    reason,
                    buffered: queue.len(),
                    capacity: queue.capacity(),
                });
            }
        }

        Ok(Published {
            message,
            fanout: entry.subscribers.len(),
            drops,
        })
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
        let discarded = queue.remove();
        let ledger = queue.ledger();

        if let Some(topic) = self.topics.get_mut(queue.topic()) {
            topic.subscribers.retain(|(other, _)| *other != id);
            topic.retired = topic.retired.combined(ledger);
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
        for (_, queue) in &topic.subscribers {
            queue.borrow_mut().set_topic(to.clone());
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
        let ids = self.topic_stats(topic)?.subscribers;
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
        let queue = self
            .subscriptions
            .get(&id)
            .ok_or(TopologyError::UnknownSubscriber(id))?;
        queue.borrow_mut().set_capacity(capacity);
        Ok(())
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
        let queue = self
            .subscriptions
            .get(&id)
            .ok_or(TopologyError::UnknownSubscriber(id))?
            .borrow();
        Ok(SubscriberStats {
            id,
            topic: queue.topic().clone(),
            capacity: queue.capacity(),
            len: queue.len(),
            status: queue.status(),
            ledger: queue.ledger(),
        })
    }
}
