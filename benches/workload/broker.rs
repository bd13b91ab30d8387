//! W1 on this crate's broker: `Broker::publish`, and each `Subscription` drained as a stream.

use std::cell::Cell;
use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::executor::LocalPool;
use futures::task::{noop_waker_ref, LocalSpawnExt};
use futures::StreamExt;
use mini_kafka_playground::broker::{
    Broker, Capacity, Delivery, OverflowPolicy, Subscription, TopicName,
};

use super::{payload, topic, Outcome, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

/// One item of a subscription's stream, whatever its shape: a `Result` that may report that
/// the subscriber lagged, or a bare [`Delivery`] as in the first version of the broker. An
/// error delivers nothing; the ledger has the exact loss.
trait Received {
    fn into_delivery(self) -> Option<Delivery>;
}

impl Received for Delivery {
    fn into_delivery(self) -> Option<Delivery> {
        Some(self)
    }
}

impl<E> Received for Result<Delivery, E> {
    fn into_delivery(self) -> Option<Delivery> {
        self.ok()
    }
}

fn subscribe_all(broker: &mut Broker) -> Vec<Subscription> {
    let topic = topic();
    let capacity = Capacity::new(CAPACITY).expect("W1's capacity is allowed");
    (0..SUBSCRIBERS)
        // Drop-newest is the seed's `select { case ch <- msg: default: }`.
        .map(|_| {
            broker
                .subscribe(&topic, capacity, OverflowPolicy::DropNewest)
                .expect("the topic is open")
        })
        .collect()
}

/// What the broker's own ledgers say was lost, over all subscribers.
fn lost(subscriptions: &[Subscription]) -> u64 {
    subscriptions.iter().map(|s| s.ledger().lost()).sum()
}

/// Publishes one batch and returns how many offers overflowed a buffer.
fn publish_batch(broker: &mut Broker, topic: &TopicName) -> u64 {
    let payload = payload();
    let mut refused = 0;
    for _ in 0..BATCH {
        let published = broker
            .publish(topic, Rc::clone(&payload))
            .expect("the topic is never closed");
        refused += published.overflows.len() as u64;
    }
    refused
}

/// Drives every subscription by hand: after each batch, poll each one with a no-op waker until
/// it is pending. No executor, no task, no wake-up queue.
pub fn run_manual_poll() -> Outcome {
    let mut broker = Broker::new();
    let topic = topic();
    let mut subscriptions = subscribe_all(&mut broker);
    let mut cx = Context::from_waker(noop_waker_ref());
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        outcome.lost += publish_batch(&mut broker, &topic);
        for subscription in &mut subscriptions {
            while let Poll::Ready(Some(item)) = subscription.poll_next_unpin(&mut cx) {
                if let Some(message) = item.into_delivery() {
                    black_box(message);
                    outcome.delivered += 1;
                }
            }
        }
    }

    // Overflows and the ledgers must agree; report the larger if they ever do not.
    outcome.lost = outcome.lost.max(lost(&subscriptions));
    outcome
}

/// Yields once: returns pending after waking itself, as a cooperative task does.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Runs the publisher and every subscriber as tasks on futures' single-threaded `LocalPool`,
/// as the playground's simulation does. Subscribers wait with `next().await` and are woken by
/// the broker; the publisher yields after each batch, which queues it behind the subscribers
/// the batch woke.
pub fn run_local_pool() -> Outcome {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    let delivered = Rc::new(Cell::new(0u64));
    let mut broker = Broker::new();
    let subscriptions = subscribe_all(&mut broker);
    let ledgers: Vec<_> = subscriptions.iter().map(|s| s.id()).collect();

    for mut subscription in subscriptions {
        let delivered = Rc::clone(&delivered);
        spawner
            .spawn_local(async move {
                while let Some(item) = subscription.next().await {
                    if let Some(message) = item.into_delivery() {
                        black_box(message);
                        delivered.set(delivered.get() + 1);
                    }
                }
            })
            .expect("the pool accepts tasks");
    }

    let refused = Rc::new(Cell::new(0u64));
    let publisher_refused = Rc::clone(&refused);
    spawner
        .spawn_local(async move {
            let topic = topic();
            for _ in 0..MESSAGES / BATCH {
                let lost = publish_batch(&mut broker, &topic);
                publisher_refused.set(publisher_refused.get() + lost);
                YieldNow(false).await;
            }
            let ledger_drops: u64 = ledgers
                .iter()
                .filter_map(|id| broker.subscriber_stats(*id).ok())
                .map(|stats| stats.ledger.lost())
                .sum();
            publisher_refused.set(publisher_refused.get().max(ledger_drops));
            // Closing ends every subscriber's stream, so the pool runs out of work.
            broker.close_topic(&topic).expect("closed once");
        })
        .expect("the pool accepts tasks");

    pool.run();
    Outcome {
        delivered: delivered.get(),
        lost: refused.get(),
    }
}
