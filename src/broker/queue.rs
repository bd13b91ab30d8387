//! One subscriber's queue: a Go channel that the broker sends to, with a policy for overflow.
//!
//! # Design
//!
//! The queue is shared between the broker, which offers messages to it, and the
//! [`Subscription`], which receives them as a [`Stream`]. Both live on one thread, so the shared
//! state is an `Rc<RefCell<_>>` and nothing here ever needs a lock.
//!
//! The queue keeps four invariants:
//!
//! 1. `buffer` holds at most `capacity` messages that the broker accepted. Capacity is exact,
//!    zero included. (Lowering the capacity keeps what is buffered; nothing more is accepted
//!    until the buffer is below the new capacity.)
//! 2. `handoff` holds a message only while the receiver has not yet been polled since it was
//!    handed one. A handoff never waits in the buffer, so an unbuffered queue still holds none.
//! 3. Every message offered is counted exactly once in the [`Ledger`]: delivered, dropped,
//!    evicted, still queued, or discarded on removal or disconnection.
//! 4. A publisher that the [`Block`](OverflowPolicy::Block) policy holds back has offered
//!    nothing yet: its message is counted when it is finally accepted.
//! 5. Publishers held back are served in the order they blocked, as Go serves the senders
//!    blocked on a channel: a freed slot goes to the first in line, never to a later one
//!    (see [`WaitingSenders`]).
//!
//! An offer takes these steps:
//!
//! 1. Under the block policy, an offer that is not first in line waits behind the line, and so
//!    does one that finds no room; it gets a [`SendTicket`] that keeps its place.
//! 2. If the receiver is parked waiting, the message goes straight to it, as Go hands a value
//!    to a waiting receiver without touching the buffer. The receiver is woken.
//! 3. Otherwise, if the buffer has room, the message is buffered.
//! 4. Otherwise the policy decides: drop the new message, evict the oldest and buffer the new
//!    one, or cut the subscriber off.
//!
//! A receive takes these steps:
//!
//! 1. If evictions happened since the last receive, it returns one [`Lagged`] notice with
//!    their number first.
//! 2. A handed-off message is returned next, then the oldest buffered one. Either frees room,
//!    so the first publisher in line is woken.
//! 3. With nothing queued, a closed, removed or disconnected queue reports the end of the
//!    stream, at once and forever after: Go's `v, ok := <-ch` with `ok == false`.
//! 4. Otherwise the receiver parks: it records that it waits and leaves its waker. A waiting
//!    receiver is what an unbuffered queue needs, so the first publisher in line is woken.
//!
//! # Why not futures-channel
//!
//! `futures_channel::mpsc::channel(n)` holds `n` plus one message per sender, and
//! `channel(0)` still buffers one message per sender rather than making a rendezvous. The
//! playground exists to show exactly when a bounded buffer overflows, so the queue is built on
//! `Stream` and `Waker` directly instead.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::Stream;

use super::ledger::Ledger;
use super::message::{Capacity, Delivery, MessageId, SubscriberId, TopicName};
use super::policy::{DropReason, Lagged, OverflowPolicy};
use super::waiting_senders::{Ticket, WaitingSenders};

/// What happened to one message offered to one subscriber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Offer {
    /// Handed straight to the waiting receiver.
    HandedOff,
    /// Put in the buffer.
    Buffered,
    /// Put in the buffer after evicting the oldest message, this one.
    Evicted(MessageId),
    /// Not accepted, for this reason.
    Dropped(DropReason),
    /// Not accepted yet: the publisher waits in line with this ticket.
    Blocked(Ticket),
    /// Not accepted, and the subscriber was cut off, discarding this many buffered messages.
    Disconnected { discarded: u64 },
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
    /// Cut off by an overflow under [`OverflowPolicy::Disconnect`]: what was queued was
    /// discarded and the stream has ended.
    Disconnected,
}

impl QueueStatus {
    /// Whether the queue still accepts messages.
    pub fn is_open(self) -> bool {
        self == QueueStatus::Open
    }
}

/// The state shared by the broker and one [`Subscription`].
///
/// `repr(C)` keeps the fields in the order written: the ones every offer and receive touch
/// come first, next to the `RefCell`'s borrow flag, and the cold ones last. One publish walks
/// every subscriber's queue, so with the compiler's own order (by alignment) each offer
/// touched three or four cache lines and most deliveries missed the L1 cache; see
/// BENCHMARKS.md.
#[derive(Debug)]
#[repr(C)]
pub(crate) struct Queue {
    buffer: VecDeque<Delivery>,
    capacity: Capacity,
    /// Counted apart from the rest of the ledger: every offer writes it, so it belongs with
    /// the hot fields, while the ledger's other counts change only on overflow or receive.
    offered: u64,
    handoff: Option<Delivery>,
    missed_since_notice: u64,
    receiver_waiting: bool,
    status: QueueStatus,
    policy: OverflowPolicy,
    /// The publishers that wait for room under the block policy, in order.
    waiting_senders: WaitingSenders,
    ledger: Ledger,
    receiver: Option<Waker>,
    id: SubscriberId,
    topic: TopicName,
}

pub(crate) type SharedQueue = Rc<RefCell<Queue>>;

impl Queue {
    pub(crate) fn new(
        id: SubscriberId,
        topic: TopicName,
        capacity: Capacity,
        policy: OverflowPolicy,
    ) -> Queue {
        Queue {
            id,
            topic,
            capacity,
            offered: 0,
            policy,
            // Never allocate the whole capacity up front: most buffers stay nearly empty.
            buffer: VecDeque::with_capacity(capacity.get().min(16)),
            handoff: None,
            receiver: None,
            receiver_waiting: false,
            waiting_senders: WaitingSenders::default(),
            missed_since_notice: 0,
            status: QueueStatus::Open,
            ledger: Ledger::default(),
        }
    }

    pub(crate) fn id(&self) -> SubscriberId {
        self.id
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

    pub(crate) fn set_capacity(&mut self, capacity: Capacity) {
        self.capacity = capacity;
        // A larger buffer may have room for the publishers that wait.
        self.waiting_senders.wake_all();
    }

    pub(crate) fn policy(&self) -> OverflowPolicy {
        self.policy
    }

    pub(crate) fn set_policy(&mut self, policy: OverflowPolicy) {
        self.policy = policy;
        // The publishers waiting under the old policy retry under the new one.
        self.waiting_senders.wake_all();
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
            offered: self.offered,
            queued: self.buffer.len() as u64 + u64::from(self.handoff.is_some()),
            ..self.ledger
        }
    }

    /// Whether a message offered now would be accepted without overflowing.
    fn has_room(&self) -> bool {
        self.receiver_waiting || self.buffer.len() < self.capacity.get()
    }

    /// Offers `message` without waiting; see the module docs for the steps. `ticket` is the
    /// place in line of a fan-out that this queue held back before, if it is one.
    pub(crate) fn offer(&mut self, message: &Delivery, ticket: Option<Ticket>) -> Offer {
        let ticket = ticket.filter(|ticket| self.waiting_senders.contains(*ticket));
        if self.policy == OverflowPolicy::Block {
            let first_in_line = match ticket {
                Some(ticket) => self.waiting_senders.is_first(ticket),
                None => self.waiting_senders.is_empty(),
            };
            if !first_in_line || !self.has_room() {
                return Offer::Blocked(ticket.unwrap_or_else(|| self.waiting_senders.join()));
            }
        }
        let offer = self.accept_or_overflow(message);
        if let Some(ticket) = ticket {
            // Its turn came, or the policy changed under it: either way it leaves the line,
            // and the next in line may find room too.
            self.waiting_senders.leave(ticket);
            if self.has_room() {
                self.wake_first_sender();
            }
        }
        offer
    }

    /// Steps 2 to 4 of an offer: hand off, buffer, or overflow under a policy other than block.
    fn accept_or_overflow(&mut self, message: &Delivery) -> Offer {
        if self.receiver_waiting {
            self.offered += 1;
            self.receiver_waiting = false;
            self.handoff = Some(Rc::clone(message));
            if let Some(waker) = self.receiver.take() {
                waker.wake();
            }
            return Offer::HandedOff;
        }

        if self.buffer.len() < self.capacity.get() {
            self.offered += 1;
            self.buffer.push_back(Rc::clone(message));
            return Offer::Buffered;
        }

        // Full: the policy decides. (Under Block the first step already waited.)
        self.offered += 1;
        match self.policy {
            OverflowPolicy::DropOldest if !self.buffer.is_empty() => {
                let Some(evicted) = self.buffer.pop_front() else {
                    return Offer::Dropped(DropReason::BufferFull);
                };
                self.buffer.push_back(Rc::clone(message));
                self.ledger.evicted += 1;
                self.missed_since_notice += 1;
                Offer::Evicted(evicted.id)
            }
            OverflowPolicy::Disconnect => {
                self.ledger.dropped_disconnected += 1;
                let discarded = self.discard_queued();
                self.end(QueueStatus::Disconnected);
                Offer::Disconnected { discarded }
            }
            // Drop-newest, and drop-oldest with nothing buffered to evict (unbuffered).
            _ => Offer::Dropped(self.count_drop()),
        }
    }

    fn count_drop(&mut self) -> DropReason {
        if self.capacity.is_unbuffered() {
            self.ledger.dropped_no_receiver += 1;
            DropReason::NoReceiverWaiting
        } else {
            self.ledger.dropped_buffer_full += 1;
            DropReason::BufferFull
        }
    }

    /// Closes the queue: the receiver drains what is queued, then sees the end of the stream.
    pub(crate) fn close(&mut self) {
        if self.status.is_open() {
            self.status = QueueStatus::Closed;
        }
        self.wake_receiver();
        self.waiting_senders.wake_all();
    }

    /// Removes the subscription: everything queued is discarded and counted, the stream ends.
    /// Returns how many messages were discarded.
    pub(crate) fn remove(&mut self) -> u64 {
        let discarded = self.discard_queued();
        self.end(QueueStatus::Removed);
        discarded
    }

    fn discard_queued(&mut self) -> u64 {
        let discarded = self.buffer.len() as u64 + u64::from(self.handoff.is_some());
        self.buffer.clear();
        self.handoff = None;
        self.ledger.discarded += discarded;
        discarded
    }

    fn end(&mut self, status: QueueStatus) {
        self.status = status;
        self.wake_receiver();
        self.waiting_senders.wake_all();
    }

    fn wake_receiver(&mut self) {
        self.receiver_waiting = false;
        if let Some(waker) = self.receiver.take() {
            waker.wake();
        }
    }

    /// A slot came free: it belongs to the first publisher in line, if one waits.
    fn wake_first_sender(&mut self) {
        self.waiting_senders.wake_first();
    }

    fn poll_receive(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Delivery, Lagged>>> {
        if self.missed_since_notice > 0 {
            let missed = std::mem::take(&mut self.missed_since_notice);
            return Poll::Ready(Some(Err(Lagged(missed))));
        }

        let next = self.handoff.take().or_else(|| self.buffer.pop_front());
        if let Some(message) = next {
            self.receiver_waiting = false;
            self.ledger.delivered += 1;
            self.wake_first_sender();
            return Poll::Ready(Some(Ok(message)));
        }

        if !self.status.is_open() {
            return Poll::Ready(None);
        }

        self.receiver_waiting = true;
        match &mut self.receiver {
            Some(waker) => waker.clone_from(cx.waker()),
            None => self.receiver = Some(cx.waker().clone()),
        }
        // An unbuffered queue has room exactly when its receiver waits.
        self.wake_first_sender();
        Poll::Pending
    }

    /// Ready when `ticket`'s fan-out may go on: its turn came and there is room, or the queue
    /// no longer holds anyone back.
    fn poll_room(&mut self, cx: &mut Context<'_>, ticket: Ticket) -> Poll<()> {
        let its_turn = self.waiting_senders.is_first(ticket) && self.has_room();
        if its_turn
            || self.policy != OverflowPolicy::Block
            || !self.status.is_open()
            || !self.waiting_senders.contains(ticket)
        {
            return Poll::Ready(());
        }
        self.waiting_senders.park(ticket, cx.waker());
        Poll::Pending
    }
}

/// The receiving end of one subscription: a [`Stream`] of the messages published on its topic.
///
/// Each item is a message, or, under [`OverflowPolicy::DropOldest`], a [`Lagged`] notice of
/// how many messages were evicted since the last one. The stream ends when the topic is closed,
/// after everything queued has been received, or at once when the subscription is removed or
/// disconnected. Dropping it stops receiving, but the broker keeps offering messages to the
/// queue (and counting them) until the subscription is removed with
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
        self.queue.borrow().id()
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

    /// Go's `len(ch)` and `cap(ch)` together, read with one borrow: the simulation reads
    /// both for every message its subscriber takes.
    pub fn level(&self) -> (usize, Capacity) {
        let queue = self.queue.borrow();
        (queue.len(), queue.capacity())
    }

    /// What happens when the buffer is full.
    pub fn policy(&self) -> OverflowPolicy {
        self.queue.borrow().policy()
    }

    /// Where every message offered to this subscription went.
    pub fn ledger(&self) -> Ledger {
        self.queue.borrow().ledger()
    }

    /// Whether the queue is open, closed, removed or disconnected.
    pub fn status(&self) -> QueueStatus {
        self.queue.borrow().status()
    }
}

impl Stream for Subscription {
    type Item = Result<Delivery, Lagged>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
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

/// A future that completes when a subscriber that blocks its publisher has room for it, its
/// turn in line having come, or no longer blocks: its policy changed, or it was closed,
/// removed or disconnected.
///
/// Get one from [`Broker::room`](super::Broker::room), await it without holding the broker,
/// then call [`Broker::resume`](super::Broker::resume).
#[derive(Debug)]
pub struct RoomWait {
    queue: SharedQueue,
    ticket: Ticket,
}

impl RoomWait {
    pub(crate) fn new(ticket: &SendTicket) -> RoomWait {
        RoomWait {
            queue: Rc::clone(&ticket.queue),
            ticket: ticket.ticket,
        }
    }
}

impl Future for RoomWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.queue.borrow_mut().poll_room(cx, self.ticket)
    }
}

/// A held-back fan-out's place in the line of the queue that holds it back. Dropping it (the
/// publisher was removed while it waited) leaves the line, so that nobody waits behind a
/// publisher that is gone.
#[derive(Debug)]
pub(crate) struct SendTicket {
    queue: SharedQueue,
    ticket: Ticket,
}

impl SendTicket {
    pub(crate) fn new(queue: SharedQueue, ticket: Ticket) -> SendTicket {
        SendTicket { queue, ticket }
    }

    pub(crate) fn ticket(&self) -> Ticket {
        self.ticket
    }

    /// Whether this is a place in `queue`'s line.
    pub(crate) fn is_for(&self, queue: &SharedQueue) -> bool {
        Rc::ptr_eq(&self.queue, queue)
    }
}

impl Drop for SendTicket {
    fn drop(&mut self) {
        // The queue is never borrowed while a fan-out's ticket is dropped: tickets live in the
        // broker's `Blocked` values, outside every queue method.
        if let Ok(mut queue) = self.queue.try_borrow_mut() {
            if queue.waiting_senders.leave(self.ticket) && queue.has_room() {
                queue.wake_first_sender();
            }
        }
    }
}
