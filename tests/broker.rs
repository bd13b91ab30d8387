//! The broker core's channel semantics, as table tests over capacities 0, 1, 2 and 10.
//!
//! Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::rc::Rc;
use std::task::Poll;

use common::{capacity, drop_reasons, payloads, topic, Receiver, CAPACITIES};
use mini_kafka_playground::broker::OverflowPolicy::DropNewest;
use mini_kafka_playground::broker::{
    Broker, Capacity, DropReason, QueueStatus, TopicName, TopologyError, MAX_CAPACITY,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn capacity_is_exact_when_nobody_reads() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );

        for n in 1..=slots + 3 {
            broker.publish(&orders, format!("m{n}")).unwrap();
        }

        let ledger = receiver.subscription.ledger();
        assert_eq!(receiver.subscription.len(), slots, "capacity {slots}");
        assert_eq!(ledger.offered, slots as u64 + 3, "capacity {slots}");
        assert_eq!(ledger.queued, slots as u64, "capacity {slots}");
        assert_eq!(ledger.dropped(), 3, "capacity {slots}");
        if slots == 0 {
            assert_eq!(ledger.dropped_no_receiver, 3);
        } else {
            assert_eq!(ledger.dropped_buffer_full, 3, "capacity {slots}");
        }
        assert!(ledger.balances(), "capacity {slots}: {ledger:?}");

        // What was kept is the oldest, in order.
        assert_eq!(
            receiver.drain_ready(),
            payloads(1..=slots),
            "capacity {slots}"
        );
    }
}

#[test]
fn the_drop_names_the_subscriber_the_reason_and_the_buffer_level() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let subscription = broker
            .subscribe(&orders, capacity(slots), DropNewest)
            .unwrap();
        for n in 0..slots {
            let published = broker.publish(&orders, format!("m{n}")).unwrap();
            assert!(published.overflows.is_empty(), "capacity {slots}");
        }

        let published = broker.publish(&orders, "one too many").unwrap();
        assert_eq!(published.overflows.len(), 1, "capacity {slots}");
        let overflow = published.overflows[0];
        assert_eq!(overflow.subscriber, subscription.id());
        assert_eq!(overflow.buffered, slots);
        assert_eq!(overflow.capacity, capacity(slots));
        assert_eq!(overflow.policy, DropNewest);
        let expected = if slots == 0 {
            DropReason::NoReceiverWaiting
        } else {
            DropReason::BufferFull
        };
        assert_eq!(drop_reasons(&published), [expected], "capacity {slots}");
    }
}

#[test]
fn unbuffered_send_reaches_only_a_receiver_that_waits_at_that_instant() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let mut receiver = Receiver::new(
        broker
            .subscribe(&orders, Capacity::UNBUFFERED, DropNewest)
            .unwrap(),
    );

    // Nobody waits yet: the send fails.
    let published = broker.publish(&orders, "early").unwrap();
    assert_eq!(drop_reasons(&published), [DropReason::NoReceiverWaiting]);

    // The receiver parks; the next send pairs with it and wakes it.
    assert!(receiver.poll().is_pending());
    let published = broker.publish(&orders, "paired").unwrap();
    assert!(published.overflows.is_empty());
    assert_eq!(receiver.wakes(), 1);
    assert_eq!(receiver.subscription.len(), 0, "a rendezvous never buffers");

    // Before the receiver comes back, a second send finds nobody waiting.
    let published = broker.publish(&orders, "too soon").unwrap();
    assert_eq!(published.overflows.len(), 1);

    match receiver.poll() {
        Poll::Ready(Some(Ok(delivery))) => assert_eq!(&*delivery.payload, "paired"),
        other => panic!("expected the paired message, got {other:?}"),
    }
    let ledger = receiver.subscription.ledger();
    assert_eq!((ledger.delivered, ledger.dropped_no_receiver), (1, 2));
    assert!(ledger.balances());
}

#[test]
fn a_receiver_that_keeps_up_gets_every_message_in_order() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        assert!(receiver.poll().is_pending());

        let mut received = Vec::new();
        for n in 1..=50 {
            broker.publish(&orders, format!("m{n}")).unwrap();
            received.extend(receiver.drain_ready());
        }

        assert_eq!(received, payloads(1..=50), "capacity {slots}");
        let ledger = receiver.subscription.ledger();
        assert_eq!(
            (ledger.delivered, ledger.dropped()),
            (50, 0),
            "capacity {slots}"
        );
    }
}

#[test]
fn a_full_buffer_drops_for_that_subscriber_only() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut fast = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        let slow = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        assert!(fast.poll().is_pending());

        let mut fast_received = Vec::new();
        for n in 1..=20 {
            broker.publish(&orders, format!("m{n}")).unwrap();
            fast_received.extend(fast.drain_ready());
        }

        assert_eq!(fast_received, payloads(1..=20), "capacity {slots}");
        let slow_ledger = slow.subscription.ledger();
        assert_eq!(slow_ledger.dropped(), 20 - slots as u64, "capacity {slots}");
        assert_eq!(slow_ledger.queued, slots as u64, "capacity {slots}");
    }
}

#[test]
fn every_subscriber_receives_the_same_shared_payload() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let mut first = Receiver::new(broker.subscribe(&orders, capacity(1), DropNewest).unwrap());
    let mut second = Receiver::new(broker.subscribe(&orders, capacity(1), DropNewest).unwrap());

    let published = broker.publish(&orders, "shared").unwrap();
    let (Poll::Ready(Some(Ok(a))), Poll::Ready(Some(Ok(b)))) = (first.poll(), second.poll()) else {
        panic!("both subscribers should hold the message");
    };
    assert!(Rc::ptr_eq(&a, &b));
    assert!(Rc::ptr_eq(&a, &published.message));
    assert!(Rc::ptr_eq(&a.payload, &b.payload));
}

#[test]
fn close_drains_the_buffer_then_reports_closed_forever() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        for n in 1..=slots {
            broker.publish(&orders, format!("m{n}")).unwrap();
        }

        broker.close_topic(&orders).unwrap();

        assert_eq!(receiver.subscription.status(), QueueStatus::Closed);
        assert_eq!(
            receiver.drain_ready(),
            payloads(1..=slots),
            "capacity {slots}"
        );
        for _ in 0..3 {
            assert!(
                matches!(receiver.poll(), Poll::Ready(None)),
                "capacity {slots}"
            );
        }
        assert!(receiver.subscription.ledger().balances());
    }
}

#[test]
fn close_wakes_a_receiver_that_waits() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        assert!(receiver.poll().is_pending());

        broker.close_topic(&orders).unwrap();

        assert_eq!(receiver.wakes(), 1, "capacity {slots}");
        assert!(
            matches!(receiver.poll(), Poll::Ready(None)),
            "capacity {slots}"
        );
    }
}

#[test]
fn send_on_a_closed_topic_and_a_second_close_are_errors() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let subscription = broker.subscribe(&orders, capacity(2), DropNewest).unwrap();
    broker.close_topic(&orders).unwrap();

    let refused = broker.publish(&orders, "late").unwrap_err();
    assert_eq!(refused.to_string(), "send on closed channel");
    assert_eq!(&*refused.into_payload(), "late");
    assert_eq!(
        subscription.ledger().offered,
        0,
        "nothing reaches a closed queue"
    );

    let second = broker.close_topic(&orders).unwrap_err();
    assert!(second.is_already_closed());
    assert_eq!(second.to_string(), "close of closed channel");

    assert_eq!(
        broker
            .subscribe(&orders, capacity(2), DropNewest)
            .unwrap_err(),
        TopologyError::TopicClosed(orders.clone())
    );
    assert_eq!(
        broker.close_topic(&topic("nowhere")).unwrap_err(),
        TopologyError::UnknownTopic(topic("nowhere"))
    );
}

#[test]
fn removal_discards_what_was_queued_and_delivers_nothing_afterwards() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        // A parked receiver makes the first message a handoff, which removal must count too.
        assert!(receiver.poll().is_pending());
        for n in 1..=slots + 2 {
            broker.publish(&orders, format!("m{n}")).unwrap();
        }
        let queued_before = receiver.subscription.ledger().queued;

        let removed = broker.unsubscribe(receiver.subscription.id()).unwrap();
        broker.publish(&orders, "after removal").unwrap();

        assert_eq!(removed.discarded, queued_before, "capacity {slots}");
        assert_eq!(removed.discarded, slots as u64 + 1, "capacity {slots}");
        assert!(
            matches!(receiver.poll(), Poll::Ready(None)),
            "capacity {slots}"
        );
        let ledger = receiver.subscription.ledger();
        assert_eq!(ledger, removed.ledger, "nothing was offered after removal");
        assert_eq!((ledger.delivered, ledger.queued), (0, 0));
        assert!(ledger.balances(), "capacity {slots}: {ledger:?}");

        // The topic still accounts for what the removed subscriber was offered.
        let stats = broker.topic_stats(&orders).unwrap();
        assert!(stats.subscribers.is_empty());
        assert_eq!(stats.ledger.discarded, removed.discarded);
        assert_eq!(stats.ledger.offered, slots as u64 + 2);
        assert_eq!(
            broker.unsubscribe(receiver.subscription.id()).unwrap_err(),
            TopologyError::UnknownSubscriber(receiver.subscription.id())
        );
    }
}

#[test]
fn every_message_is_accounted_for_under_any_interleaving() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receivers: Vec<Receiver> = (0..3)
            .map(|_| {
                Receiver::new(
                    broker
                        .subscribe(&orders, capacity(slots), DropNewest)
                        .unwrap(),
                )
            })
            .collect();

        // A fixed linear congruential sequence picks the next step: publish, or one receiver
        // tries to receive. Deterministic, so a failure is reproducible.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d ^ slots as u64;
        let mut published = 0u64;
        for _ in 0..2_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            match (state >> 33) % 5 {
                0 | 1 => {
                    broker.publish(&orders, "m").unwrap();
                    published += 1;
                }
                pick => {
                    let _ = receivers[pick as usize - 2].poll();
                }
            }
            for receiver in &receivers {
                let ledger = receiver.subscription.ledger();
                assert!(ledger.balances(), "capacity {slots}: {ledger:?}");
                assert!(ledger.queued <= slots as u64 + 1, "capacity {slots}");
                assert!(receiver.subscription.len() <= slots, "capacity {slots}");
            }
        }

        let removed = broker.unsubscribe(receivers[0].subscription.id()).unwrap();
        assert!(removed.ledger.balances());
        let topic_ledger = broker.topic_stats(&orders).unwrap().ledger;
        assert_eq!(topic_ledger.offered, published * 3, "capacity {slots}");
        assert!(
            topic_ledger.balances(),
            "capacity {slots}: {topic_ledger:?}"
        );
    }
}

#[test]
fn a_smaller_capacity_keeps_what_is_buffered_and_refuses_more() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let mut receiver = Receiver::new(broker.subscribe(&orders, capacity(10), DropNewest).unwrap());
    for n in 1..=5 {
        broker.publish(&orders, format!("m{n}")).unwrap();
    }

    broker
        .set_capacity(receiver.subscription.id(), capacity(2))
        .unwrap();
    let published = broker.publish(&orders, "m6").unwrap();

    assert_eq!(drop_reasons(&published), [DropReason::BufferFull]);
    assert_eq!(receiver.subscription.capacity(), capacity(2));
    assert_eq!(receiver.drain_ready(), payloads(1..=5));
}

#[test]
fn topics_are_created_on_first_use_renamed_and_removed() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    broker.publish(&orders, "nobody listens").unwrap();
    assert_eq!(broker.topic_stats(&orders).unwrap().published, 1);
    assert_eq!(
        broker.create_topic(orders.clone()).unwrap_err(),
        TopologyError::TopicExists(orders.clone())
    );

    let subscription = broker.subscribe(&orders, capacity(4), DropNewest).unwrap();
    let invoices = topic("invoices");
    broker.rename_topic(&orders, invoices.clone()).unwrap();
    assert!(!broker.has_topic(&orders));
    broker.publish(&invoices, "moved").unwrap();
    assert_eq!(subscription.len(), 1);
    assert_eq!(
        broker.subscriber_stats(subscription.id()).unwrap().topic,
        invoices
    );

    let removed = broker.remove_topic(&invoices).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].1.discarded, 1);
    assert!(!broker.has_topic(&invoices));
    assert_eq!(subscription.status(), QueueStatus::Removed);
}

#[test]
fn names_and_capacities_out_of_range_are_refused() {
    assert!(TopicName::new("").is_err());
    assert!(TopicName::new(" \t ").is_err());
    assert!(TopicName::new(&"x".repeat(41)).is_err());
    assert!(TopicName::new("line\nbreak").is_err());
    assert_eq!(TopicName::new(&"x".repeat(40)).unwrap().as_str().len(), 40);

    assert_eq!(
        Capacity::new(MAX_CAPACITY).map(Capacity::get),
        Some(MAX_CAPACITY)
    );
    assert_eq!(Capacity::new(MAX_CAPACITY + 1), None);
    assert!(Capacity::new(0).unwrap().is_unbuffered());
}
