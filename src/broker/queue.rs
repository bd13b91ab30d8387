//! One subscriber's queue: a Go channel that the broker sends to without blocking.
//!
//! # Design
//!
//! The queue is shared between the broker, which offers messages to it, and the
//! [`Subscription`], which receives them as a [`Stream`]. Both live on one thread, so the shared
//! state is an `Rc<RefCell<_>>` and nothing here ever needs a lock.
//!
//! The queue keeps three invariants:
//!
//! 1. `buffer` holds at most `capacity` messages that the broker accepted. Capacity is exact,
//!    zero included.
//! 2. `handoff` holds a message only while the receiver has not yet been polled since it was
//!    handed one. A handoff never waits in the buffer, so an unbuffered queue still holds none.
//! 3. Every message offered is counted exactly once in the [`Ledger`]: delivered, dropped,
//!    still queued, or discarded when the subscription was removed.
//!
//! An offer (the seed design's `select { case ch <- msg: default: }`) takes these steps:
//!
//! 1. If the receiver is parked waiting, the message goes straight to it, as Go hands a value
//!    to a waiting receiver without touching the buffer. The receiver is woken.
//! 2. Otherwise, if the buffer has room, the message is buffered.
//! 3. Otherwise the message is dropped for this subscriber and the reason is returned: a full
//!    buffer, or, when unbuffered, that nobody was waiting.
//!
//! A receive takes these steps:
//!
//! 1. A handed-off message is returned first, then the oldest buffered one.
//! 2. With nothing queued, a closed or removed queue reports the end of the stream, at once and
//!    forever after; this is Go's `v, ok := <-ch` with `ok == false`.
//! 3. Otherwise the receiver parks: it records that it waits and leaves its waker.
//!
//! # Why not futures-channel
//!
//! `futures_channel::mpsc::channel(n)` holds `n` plus one message per sender, and
//! `channel(0)` still buffers one message per sender rather than making a rendezvous. The
//! playground exists to show exactly when a bounded buffer overflows, so the queue is built on
//! `Stream` and `Waker` directly instead.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::Stream;

use super::message::{Capacity, Delivery, SubscriberId, TopicName};

/// Why a message did not reach one subscriber.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// The buffer held `capacity` messages already.
    BufferFull,
    /// The queue is unbuffered and its receiver was not waiting at that instant.
    NoReceiverWaiting,
}

impl DropReason {
    /// A short label for the reason, as the playground shows it.
    pub fn label(self) -> &'static str {
        match self {
            DropReason::BufferFull => "buffer full",
            DropReason::NoReceiverWaiting => "no receiver waiting",
        }
    }
}

/// What happened to one message offered to one subscriber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Offer {
    /// Handed straight to the waiting receiver.
    HandedOff,
    /// Put in the buffer.
    Buffered,
    /// Not accepted, for this reason.
    Dropped(DropReason),
}

/// The state of a subscription's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueStatus {
    /// Receiving.
    Open,
    /// Its topic was closed: what is queued is still received, then the stream ends.
    Closed,
    /// Unsubscribed: what was queued was discarded and the stream has ended.
    Removed,
}

/// Where every message offered to one subscriber went.
///
/// The counts always add up: `offered == delivered + dropped() + queued + discarded`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ledger {
    /// Messages published on the topic while subscribed.
    pub offered: u64,
    /// Messages the subscriber received.
    pub delivered: u64,
    /// Messages dropped because the buffer was full.
    pub dropped_buffer_full: u64,
    /// Messages dropped because the queue is unbuffered and nobody was receiving.
    pub dropped_no_receiver: u64,
    /// Messages accepted but not yet received, counted from the queue itself.
    pub queued: u64,
    /// Messages that were still queued when the subscription was removed.
    pub discarded: u64,
}

impl Ledger {
    /// All dropped messages, whatever the reason.
    pub fn dropped(&self) -> u64 {
        self.dropped_buffer_full + self.dropped_no_receiver
    }

    /// The counts of `self` and `other` together.
    pub fn combined(self, other: Ledger) -> Ledger {
        Ledger {
            offered: self.offered + other.offered,
            delivered: self.delivered + other.delivered,
            dropped_buffer_full: self.dropped_buffer_full + other.dropped_buffer_full,
            dropped_no_receiver: self.dropped_no_receiver + other.dropped_no_receiver,
            queued: self.queued + other.queued,
            discarded: self.discarded + other.discarded,
        }
    }

    /// Whether every offered message is accounted for.
    pub fn balances(&self) -> bool {
        self.offered == self.delivered + self.dropped() + self.queued + self.discarded
    }
}

/// The state shared by the broker and one [`Subscription`].
#[derive(Debug)]
pub(crate) struct Queue {
    id: SubscriberId,
    topic: TopicName,
    capacity: Capacity,
    buffer: VecDeque<Delivery>,
    handoff: Option<Delivery>,
    receiver: Option<Waker>,
    receiver_waiting: bool,
    status: QueueStatus,
    ledger: Ledger,
}

pub(crate) type SharedQueue = Rc<RefCell<Queue>>;

impl Queue {
    pub(crate) fn new(id: SubscriberId, topic: TopicName, capacity: Capacity) -> Queue {
        Queue {
            id,
            topic,
            capacity,
            // Never allocate the whole capacity up front: most buffers stay nearly empty.
            buffer: VecDeque::with_capacity(capacity.get().min(16)),
            handoff: None,
            receiver: None,
            receiver_waiting: false,
            status: QueueStatus::Open,
            ledger: Ledger::default(),
        }
    }

    pub(crate) fn topic(&self) -> &TopicName {
        &self.topic
    }

    pub(crate) fn set_topic(&mut self, topic: TopicName) {
        self.topic = topic;
    }

    pub(crate) fn capacity(&self) -> Capacity {
        self.capacity
    }

    /// Changes the capacity. Messages already buffered beyond a smaller capacity stay and are
    /// received as usual; new ones are dropped until the buffer is below the new capacity.
    pub(crate) fn set_capacity(&mut self, capacity: Capacity) {
        self.capacity = capacity;
    }

    /// Go's `len(ch)`: buffered messages, not counting one handed to a receiver.
    pub(crate) fn len(&self) -> usize {
        self.buffer.len()
    }

    pub(crate) fn status(&self) -> QueueStatus {
        self.status
    }

    pub(crate) fn ledger(&self) -> Ledger {
        Ledger {
            queued: self.buffer.len() as u64 + u64::from(self.handoff.is_some()),
            ..self.ledger
        }
    }

    /// Offers `message` without waiting; see the module docs for the steps.
    pub(crate) fn offer(&mut self, message: &Delivery) -> Offer {
        self.ledger.offered += 1;

        // A parked receiver takes the message directly, buffered or not.
        if self.receiver_waiting {
            self.receiver_waiting = false;
            self.handoff = Some(Rc::clone(message));
            if let Some(waker) = self.receiver.take() {
                waker.wake();
            }
            return Offer::HandedOff;
        }

        if self.buffer.len() < self.capacity.get() {
            self.buffer.push_back(Rc::clone(message));
            return Offer::Buffered;
        }

        let reason = if self.capacity.is_unbuffered() {
            self.ledger.dropped_no_receiver += 1;
            DropReason::NoReceiverWaiting
        } else {
            self.ledger.dropped_buffer_full += 1;
            DropReason::BufferFull
        };
        Offer::Dropped(reason)
    }

    /// Closes the queue: the receiver drains what is queued, then sees the end of the stream.
    pub(crate) fn close(&mut self) {
        if self.status == QueueStatus::Open {
            self.status = QueueStatus::Closed;
        }
        self.wake_receiver();
    }

    /// Removes the subscription: everything queued is discarded and counted, the stream ends.
    /// Returns how many messages were discarded.
    pub(crate) fn remove(&mut self) -> u64 {
        let discarded = self.buffer.len() as u64 + u64::from(self.handoff.is_some());
        self.buffer.clear();
        self.handoff = None;
        self.ledger.discarded += discarded;
        self.status = QueueStatus::Removed;
        self.wake_receiver();
        discarded
    }

    fn wake_receiver(&mut self) {
        self.receiver_waiting = false;
        if let Some(waker) = self.receiver.take() {
            waker.wake();
        }
    }

    fn poll_receive(&mut self, cx: &mut Context<'_>) -> Poll<Option<Delivery>> {
        let next = self.handoff.take().or_else(|| self.buffer.pop_front());
        if let Some(message) = next {
            self.receiver_waiting = false;
            self.ledger.delivered += 1;
            return Poll::Ready(Some(message));
        }

        if self.status != QueueStatus::Open {
            return Poll::Ready(None);
        }

        self.receiver_waiting = true;
        match &mut self.receiver {
            Some(waker) => waker.clone_from(cx.waker()),
            None => self.receiver = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

/// The receiving end of one subscription: a [`Stream`] of the messages published on its topic.
///
/// The stream ends when the topic is closed, after everything queued has been received, or at
/// once when the subscription is removed. Dropping it stops receiving, but the broker keeps
/// offering messages to the queue (and counting them) until the subscription is removed with
/// [`Broker::unsubscribe`](super::Broker::unsubscribe).
#[derive(Debug)]
pub struct Subscription {
    queue: SharedQueue,
}

impl Subscription {
    pub(crate) fn new(queue: SharedQueue) -> Subscription {
        Subscription { queue }
    }

    /// This subscription's id.
    pub fn id(&self) -> SubscriberId {
        self.queue.borrow().id
    }

    /// Go's `len(ch)`: messages waiting in the buffer.
    pub fn len(&self) -> usize {
        self.queue.borrow().len()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Go's `cap(ch)`.
    pub fn capacity(&self) -> Capacity {
        self.queue.borrow().capacity()
    }

    /// Where every message offered to this subscription went.
    pub fn ledger(&self) -> Ledger {
        self.queue.borrow().ledger()
    }

    /// Whether the queue is open, closed or removed.
    pub fn status(&self) -> QueueStatus {
        self.queue.borrow().status()
    }
}

impl Stream for Subscription {
    type Item = Delivery;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Delivery>> {
        self.queue.borrow_mut().poll_receive(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Nobody is left to rendezvous with, so an unbuffered queue must stop accepting.
        let mut queue = self.queue.borrow_mut();
        queue.receiver_waiting = false;
        queue.receiver = None;
    }
}
