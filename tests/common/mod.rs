//! Helpers shared by the broker's integration tests: a receiver driven by hand, and short
//! constructors for the values every test needs.

#![allow(dead_code, clippy::unwrap_used)]

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use futures::Stream;
use mini_kafka_playground::broker::{
    Capacity, Delivery, DropReason, Lagged, OverflowOutcome, Published, Subscription, TopicName,
};

/// The capacities every table test runs over: unbuffered, the smallest buffers, and a roomy one.
pub const CAPACITIES: [usize; 4] = [0, 1, 2, 10];

/// Counts how often it was woken, to check who wakes a parked receiver.
#[derive(Default)]
pub struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A receiver driven by hand: each `poll` is one attempt to receive, as a task would make.
pub struct Receiver {
    pub subscription: Subscription,
    wakes: Arc<CountingWaker>,
}

impl Receiver {
    pub fn new(subscription: Subscription) -> Receiver {
        Receiver {
            subscription,
            wakes: Arc::default(),
        }
    }

    pub fn poll(&mut self) -> Poll<Option<Result<Delivery, Lagged>>> {
        let waker = Waker::from(Arc::clone(&self.wakes));
        let mut cx = Context::from_waker(&waker);
        Pin::new(&mut self.subscription).poll_next(&mut cx)
    }

    /// Receives everything ready, stopping at the first `Pending` or the end of the stream.
    pub fn drain_ready(&mut self) -> Vec<String> {
        let mut received = Vec::new();
        while let Poll::Ready(Some(item)) = self.poll() {
            match item {
                Ok(delivery) => received.push(delivery.payload.to_string()),
                Err(Lagged(missed)) => received.push(format!("missed {missed}")),
            }
        }
        received
    }

    pub fn wakes(&self) -> usize {
        self.wakes.0.load(Ordering::SeqCst)
    }
}

pub fn topic(name: &str) -> TopicName {
    TopicName::new(name).unwrap()
}

pub fn capacity(slots: usize) -> Capacity {
    Capacity::new(slots).unwrap()
}

/// The reasons of the messages a publish dropped, in fan-out order.
pub fn drop_reasons(published: &Published) -> Vec<DropReason> {
    published
        .overflows
        .iter()
        .filter_map(|overflow| match overflow.outcome {
            OverflowOutcome::Dropped(reason) => Some(reason),
            _ => None,
        })
        .collect()
}

pub fn payloads(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|n| format!("m{n}")).collect()
}
