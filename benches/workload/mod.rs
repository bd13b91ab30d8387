//! Workload W1 and the implementations that run it, shared by every benchmark in `benches/`.
//!
//! # W1
//!
//! One topic, [`SUBSCRIBERS`] subscribers with a buffer of [`CAPACITY`] each, and
//! [`MESSAGES`] messages published. The publisher yields every [`BATCH`] messages, and each
//! subscriber then drains what it has before the next batch, so no buffer ever overflows and
//! every implementation must lose nothing. One run is [`DELIVERIES`] deliveries:
//!
//! 1. publish [`BATCH`] messages, each fanned out to every subscriber;
//! 2. every subscriber, in subscription order, receives until its queue is empty;
//! 3. repeat until [`MESSAGES`] messages are published.
//!
//! # Fairness
//!
//! - Every implementation carries the same item, a [`Delivery`] (`Rc<Message>`): one
//!   allocation per published message, one reference-count increment per delivery.
//! - A run includes building the channel and its hundred receivers; that is a few
//!   microseconds against tens of milliseconds of fan-out.
//! - The broker's only receive API is its [`Stream`], so it is polled with a no-op waker, the
//!   cheapest way a single-threaded executor can drive it. It still registers that waker each
//!   time a queue runs empty, as any stream must. The channel peers receive with `try_recv`,
//!   which registers nothing. [`Contender::BrokerLocalPool`] adds the real cost of an executor:
//!   one task per subscriber woken through the broker's own wake-ups.
//! - Loss is what an implementation reports (refused sends, lag), and the count of deliveries
//!   is checked against [`DELIVERIES`], so a silent loss shows up as well.

// Each bench target compiles this module and uses only part of it.
#![allow(dead_code)]

mod broker;
mod floor;
mod go_chan;
mod mpsc;
#[cfg(not(target_arch = "wasm32"))]
mod peers;
pub mod table;

use std::rc::Rc;

use mini_kafka_playground::broker::{Delivery, Message, MessageId, TopicName};

/// Subscribers on the one topic.
pub const SUBSCRIBERS: usize = 100;
/// Each subscriber's buffer.
pub const CAPACITY: usize = 64;
/// Messages published in one run.
pub const MESSAGES: usize = 200_000;
/// Messages published between two drains.
pub const BATCH: usize = 64;
/// Deliveries in one run without loss: every message to every subscriber.
pub const DELIVERIES: u64 = (MESSAGES * SUBSCRIBERS) as u64;

const _: () = assert!(MESSAGES % BATCH == 0, "W1 publishes whole batches");
const _: () = assert!(BATCH <= CAPACITY, "W1 must fit every batch in every buffer");

/// One implementation of W1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contender {
    /// This crate's `Broker::publish`, each `Subscription` polled by hand with a no-op waker.
    Broker,
    /// The same, with each subscriber and the publisher an async task on futures' `LocalPool`.
    BrokerLocalPool,
    /// The seed's Go design at its leanest: a bounded queue and a waker per subscriber behind
    /// `Rc<RefCell<_>>`, a non-blocking send, no ledger and no handoff.
    GoChan,
    /// `tokio::sync::broadcast`, capacity 64, `try_recv`.
    #[cfg(not(target_arch = "wasm32"))]
    TokioBroadcast,
    /// `async-broadcast`, capacity 64, overflow off, `try_broadcast` and `try_recv`.
    #[cfg(not(target_arch = "wasm32"))]
    AsyncBroadcast,
    /// One `futures::channel::mpsc::channel(64)` per subscriber, `try_send` and `try_recv`.
    FuturesMpsc,
    /// The floor: a `VecDeque` per subscriber, push and pop, nothing else.
    VecDequeFloor,
}

impl Contender {
    /// Every implementation this target can build, the broker first.
    pub const ALL: &'static [Contender] = &[
        Contender::Broker,
        Contender::BrokerLocalPool,
        Contender::GoChan,
        #[cfg(not(target_arch = "wasm32"))]
        Contender::TokioBroadcast,
        #[cfg(not(target_arch = "wasm32"))]
        Contender::AsyncBroadcast,
        Contender::FuturesMpsc,
        Contender::VecDequeFloor,
    ];

    /// A short name, for benchmark ids and tables.
    pub fn name(self) -> &'static str {
        match self {
            Contender::Broker => "broker (manual poll)",
            Contender::BrokerLocalPool => "broker (LocalPool tasks)",
            Contender::GoChan => "Go chan emulation",
            #[cfg(not(target_arch = "wasm32"))]
            Contender::TokioBroadcast => "tokio broadcast",
            #[cfg(not(target_arch = "wasm32"))]
            Contender::AsyncBroadcast => "async-broadcast",
            Contender::FuturesMpsc => "futures mpsc per sub",
            Contender::VecDequeFloor => "VecDeque floor",
        }
    }

    /// Runs W1 once.
    pub fn run(self) -> Outcome {
        match self {
            Contender::Broker => broker::run_manual_poll(),
            Contender::BrokerLocalPool => broker::run_local_pool(),
            Contender::GoChan => go_chan::run(),
            #[cfg(not(target_arch = "wasm32"))]
            Contender::TokioBroadcast => peers::run_tokio_broadcast(),
            #[cfg(not(target_arch = "wasm32"))]
            Contender::AsyncBroadcast => peers::run_async_broadcast(),
            Contender::FuturesMpsc => mpsc::run(),
            Contender::VecDequeFloor => floor::run(),
        }
    }
}

/// What one run delivered and lost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Messages received, over all subscribers.
    pub delivered: u64,
    /// Messages the implementation itself reported as not delivered.
    pub lost: u64,
}

impl Outcome {
    /// Whether every message reached every subscriber and nothing was reported lost.
    pub fn is_lossless(&self) -> bool {
        self.delivered == DELIVERIES && self.lost == 0
    }

    /// Deliveries missing from the expected count, whether reported or not.
    pub fn missing(&self) -> u64 {
        DELIVERIES.saturating_sub(self.delivered)
    }
}

/// Makes the messages every implementation publishes: one allocation per message, the topic
/// and the payload shared, just as `Broker::publish` builds them.
#[derive(Debug)]
pub struct MessageMaker {
    topic: TopicName,
    payload: Rc<str>,
    next_id: u64,
}

impl MessageMaker {
    pub fn new() -> MessageMaker {
        MessageMaker {
            topic: topic(),
            payload: payload(),
            next_id: 0,
        }
    }

    pub fn next(&mut self) -> Delivery {
        self.next_id += 1;
        Rc::new(Message {
            id: MessageId(self.next_id),
            topic: self.topic.clone(),
            payload: Rc::clone(&self.payload),
        })
    }
}

/// W1's topic.
pub fn topic() -> TopicName {
    TopicName::new("w1").expect("a valid topic name")
}

/// W1's payload, shared by every message.
pub fn payload() -> Rc<str> {
    Rc::from("order #1: 2 x espresso")
}
