//! The broker core: topics, subscriber queues with Go's channel semantics, fan-out, and what
//! a full buffer does.
//!
//! This is the seed design, a `map[topic][]chan Message` where publishing is a non-blocking
//! send to every subscriber's channel, made exact and accountable:
//!
//! - **Capacity is exact.** A subscriber with capacity `n` holds at most `n` undelivered
//!   messages. Capacity 0 is Go's unbuffered channel: a publish reaches that subscriber only if
//!   it is waiting to receive at that instant.
//! - **A full buffer is the subscriber's own business.** Its [`OverflowPolicy`] decides: drop
//!   the new message (the seed design), evict the oldest, make the publisher wait, or cut the
//!   subscriber off. [`Published::overflows`] says who overflowed, what happened, under which
//!   policy, and how full the buffer was.
//! - **Payloads are shared.** Every subscriber receives the same [`Delivery`], an `Rc` of one
//!   [`Message`].
//! - **Every message is accounted for.** Each subscriber has a [`Ledger`] in which the messages
//!   published on its topic while it was subscribed equal those delivered, dropped, evicted,
//!   still queued and discarded on removal or disconnection. A topic's ledger sums those of
//!   every subscriber it ever had.
//!
//! # A slow subscriber
//!
//! Under [`OverflowPolicy::DropNewest`] and [`OverflowPolicy::DropOldest`] nobody else
//! notices: the publisher and the other subscribers go on. A drop-oldest subscriber receives a
//! [`Lagged`] notice with the number of evicted messages before its next message. Under
//! [`OverflowPolicy::Disconnect`] it is cut off: its stream ends and what it had buffered is
//! discarded. Under [`OverflowPolicy::Block`] the fan-out stops at that subscriber:
//! [`Published::blocked`] is set, the subscribers after it wait for the message, and the
//! publisher waits on [`Broker::room`] before it calls [`Broker::resume`].
//!
//! # Closing a topic
//!
//! [`Broker::close_topic`] closes every subscriber's queue. A subscriber first receives what is
//! already buffered, then its [`Subscription`] stream ends. Publishing on the closed topic
//! returns [`SendOnClosed`], Go's `panic: send on closed channel` as a value, and so does
//! resuming a publish that was blocked when the topic closed. A second close returns
//! [`TopologyError::AlreadyClosed`], Go's `close of closed channel`.
//!
//! # Removing a subscriber
//!
//! [`Broker::unsubscribe`] ends the subscription at once. Nothing reaches it afterwards, what
//! was still queued for it is counted as discarded rather than lost, and a publisher it
//! blocked goes on.
//!
//! # Go's channel itself
//!
//! The subscriber queue is a Go channel specialised for the broker: only non-blocking sends,
//! one receiver, a policy and a ledger. [`chan`] is the general one, with blocking sends,
//! several senders and receivers, and a `select` whose random choice comes from the caller's
//! seeded generator.
//!
//! # Threads
//!
//! The broker and its subscriptions share state through `Rc<RefCell<_>>` and live on one
//! thread: the browser's, or one task of a native executor. The broker's own methods never
//! wait; only the futures of [`chan`], [`Subscription`] and [`RoomWait`] do.

pub mod chan;
mod core;
mod error;
mod ledger;
mod message;
mod policy;
mod queue;
mod topic;
mod waiting_senders;

pub use self::core::{
    Blocked, Broker, Overflow, OverflowOutcome, Published, SubscriberStats, TopicStats,
    Unsubscribed,
};
pub use self::error::{InvalidName, SendOnClosed, TopologyError};
pub use self::ledger::Ledger;
pub use self::message::{
    Capacity, Delivery, Message, MessageId, SubscriberId, TopicName, MAX_CAPACITY,
    MAX_TOPIC_NAME_CHARS,
};
pub use self::policy::{DropReason, Lagged, OverflowPolicy};
pub use self::queue::{QueueStatus, RoomWait, Subscription};
