//! The broker core: topics, subscriber queues with Go's channel semantics, and fan-out.
//!
//! This is the seed design, a `map[topic][]chan Message` where publishing is a non-blocking
//! send to every subscriber's channel, made exact and accountable:
//!
//! - **Capacity is exact.** A subscriber with capacity `n` holds at most `n` undelivered
//!   messages. Capacity 0 is Go's unbuffered channel: a publish reaches that subscriber only if
//!   it is waiting to receive at that instant.
//! - **A full buffer drops the message for that subscriber only.** The others still receive
//!   it, and [`Published::drops`] says who dropped it, why, and how full the buffer was.
//! - **Payloads are shared.** Every subscriber receives the same [`Delivery`], an `Rc` of one
//!   [`Message`].
//! - **Every message is accounted for.** Each subscriber has a [`Ledger`] in which the messages
//!   published on its topic while it was subscribed equal those delivered, dropped, still
//!   queued and discarded on removal.
//!
//! # Closing a topic
//!
//! [`Broker::close_topic`] closes every subscriber's queue. A subscriber first receives what is
//! already buffered, then its [`Subscription`] stream ends. Publishing on the closed topic
//! returns [`SendOnClosed`], Go's `panic: send on closed channel` as a value, and a second close
//! returns [`TopologyError::AlreadyClosed`], Go's `close of closed channel`.
//!
//! # Removing a subscriber
//!
//! [`Broker::unsubscribe`] ends the subscription at once. Nothing reaches it afterwards, and
//! what was still queued for it is counted as discarded rather than lost.
//!
//! # Threads
//!
//! The broker and its subscriptions share state through `Rc<RefCell<_>>` and live on one
//! thread: the browser's, or one task of a native executor. Nothing in it blocks or waits.

pub mod chan;
mod core;
mod error;
mod ledger;
mod message;
mod policy;
mod queue;
mod topic;

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
