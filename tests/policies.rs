//! Overflow policies, and removal and close racing a blocked publisher, as table tests over
//! capacities 0, 1, 2 and 10.
//!
//! Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common::{capacity, payloads, topic, Receiver, CAPACITIES};
use mini_kafka_playground::broker::OverflowPolicy::{Block, Disconnect, DropNewest, DropOldest};
use mini_kafka_playground::broker::{
    Broker, DropReason, MessageId, OverflowOutcome, OverflowPolicy, QueueStatus, RoomWait,
    TopicName,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn is_ready(room: &mut RoomWait) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    pin!(room).poll(&mut cx).is_ready()
}

#[test]
fn drop_oldest_evicts_and_then_tells_how_many_were_missed() {
    for slots in CAPACITIES.into_iter().filter(|slots| *slots > 0) {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut receiver = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropOldest)
                .unwrap(),
        );

        for n in 1..=slots + 3 {
            let published = broker.publish(&orders, format!("m{n}")).unwrap();
            if n > slots {
                let evicted = published.message.id.0 - slots as u64;
                let overflow = published.overflows[0];
                assert_eq!(
                    overflow.outcome,
                    OverflowOutcome::Evicted(MessageId(evicted))
                );
                assert_eq!((overflow.policy, overflow.buffered), (DropOldest, slots));
            }
        }

        // One notice for the three evicted, then the newest `slots` messages in order.
        let mut expected = vec!["missed 3".to_owned()];
        expected.extend(payloads(4..=slots + 3));
        assert_eq!(receiver.drain_ready(), expected, "capacity {slots}");
        let ledger = receiver.subscription.ledger();
        assert_eq!(
            (ledger.evicted, ledger.dropped()),
            (3, 0),
            "capacity {slots}"
        );
        assert!(ledger.balances(), "capacity {slots}: {ledger:?}");

        // After the notice it keeps receiving.
        assert!(receiver.poll().is_pending());
        broker.publish(&orders, "after").unwrap();
        assert_eq!(receiver.drain_ready(), ["after"]);
    }
}

#[test]
fn drop_oldest_unbuffered_has_nothing_to_evict_and_drops() {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let receiver = Receiver::new(broker.subscribe(&orders, capacity(0), DropOldest).unwrap());
    let published = broker.publish(&orders, "m1").unwrap();
    assert_eq!(
        published.overflows[0].outcome,
        OverflowOutcome::Dropped(DropReason::NoReceiverWaiting)
    );
    assert_eq!(receiver.subscription.ledger().evicted, 0);
}

#[test]
fn disconnect_cuts_off_only_the_overflowing_subscriber() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut slow = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), Disconnect)
                .unwrap(),
        );
        let mut fast = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots), DropNewest)
                .unwrap(),
        );
        assert!(fast.poll().is_pending());

        let mut fast_received = Vec::new();
        for n in 1..=slots + 3 {
            let published = broker.publish(&orders, format!("m{n}")).unwrap();
            if n == slots + 1 {
                let overflow = published.overflows[0];
                assert_eq!(overflow.subscriber, slow.subscription.id());
                let discarded = slots as u64;
                assert_eq!(
                    overflow.outcome,
                    OverflowOutcome::Disconnected { discarded }
                );
                assert_eq!(overflow.buffered, slots);
            }
            fast_received.extend(fast.drain_ready());
        }

        assert_eq!(fast_received, payloads(1..=slots + 3), "capacity {slots}");
        assert_eq!(slow.subscription.status(), QueueStatus::Disconnected);
        assert!(
            matches!(slow.poll(), Poll::Ready(None)),
            "its stream ends at once"
        );
        let ledger = slow.subscription.ledger();
        assert_eq!(
            ledger.offered,
            slots as u64 + 1,
            "nothing after the disconnect"
        );
        assert_eq!(
            (ledger.dropped_disconnected, ledger.discarded),
            (1, slots as u64)
        );
        assert!(ledger.balances(), "capacity {slots}: {ledger:?}");

        let stats = broker.topic_stats(&orders).unwrap();
        assert_eq!(stats.subscribers, [fast.subscription.id()]);
        assert!(
            stats.ledger.balances(),
            "capacity {slots}: {:?}",
            stats.ledger
        );
        // Removing it later neither fails nor counts it twice.
        broker.unsubscribe(slow.subscription.id()).unwrap();
        assert_eq!(broker.topic_stats(&orders).unwrap().ledger, stats.ledger);
    }
}

#[test]
fn block_stalls_the_publisher_and_every_later_subscriber_until_there_is_room() {
    for slots in CAPACITIES {
        let mut broker = Broker::new();
        let orders = topic("orders");
        let mut slow = Receiver::new(broker.subscribe(&orders, capacity(slots), Block).unwrap());
        let mut later = Receiver::new(
            broker
                .subscribe(&orders, capacity(slots + 5), DropNewest)
                .unwrap(),
        );
        for n in 1..=slots {
            assert!(broker
                .publish(&orders, format!("m{n}"))
                .unwrap()
                .blocked
                .is_none());
        }

        // The next message finds the slow buffer full: the fan-out stops before `later`.
        let published = broker.publish(&orders, "waits").unwrap();
        let blocked = published
            .blocked
            .expect("the block policy holds the publish back");
        assert_eq!(blocked.subscriber(), Some(slow.subscription.id()));
        assert!(published.overflows.is_empty(), "blocking loses nothing");
        assert_eq!(later.drain_ready(), payloads(1..=slots), "capacity {slots}");
        assert_eq!(slow.subscription.ledger().offered, slots as u64);
        let mut room = broker.room(&blocked).unwrap();
        assert!(!is_ready(&mut room), "capacity {slots}");

        // The slow subscriber takes one (or, unbuffered, starts waiting): now there is room.
        let taken = slow.poll();
        assert!(taken.is_ready() == (slots > 0), "capacity {slots}");
        assert_eq!(slow.wakes(), 0);
        assert!(is_ready(&mut room), "capacity {slots}");
        let resumed = broker.resume(blocked).unwrap();
        assert!(resumed.blocked.is_none());
        assert_eq!(
            later.drain_ready(),
            ["waits"],
            "then the rest of the fan-out"
        );
        assert!(slow.subscription.ledger().balances());
        assert!(later.subscription.ledger().balances());
    }
}

#[test]
fn a_blocked_publisher_is_released_when_the_blocker_goes_away() {
    type Release = fn(&mut Broker, &Receiver);
    let releases: [(&str, Release); 3] = [
        ("removed", |broker, slow| {
            broker.unsubscribe(slow.subscription.id()).unwrap();
        }),
        ("policy changed", |broker, slow| {
            broker
                .set_policy(slow.subscription.id(), DropNewest)
                .unwrap();
        }),
        ("capacity raised", |broker, slow| {
            broker
                .set_capacity(slow.subscription.id(), capacity(20))
                .unwrap();
        }),
    ];
    for slots in CAPACITIES {
        for (how, release) in releases {
            let mut broker = Broker::new();
            let orders = topic("orders");
            let slow = Receiver::new(broker.subscribe(&orders, capacity(slots), Block).unwrap());
            let mut later =
                Receiver::new(broker.subscribe(&orders, capacity(20), DropNewest).unwrap());
            for n in 1..=slots {
                broker.publish(&orders, format!("m{n}")).unwrap();
            }
            let blocked = broker.publish(&orders, "waits").unwrap().blocked.unwrap();
            let mut room = broker.room(&blocked);

            release(&mut broker, &slow);

            assert!(
                room.as_mut().is_none_or(is_ready),
                "capacity {slots}, {how}"
            );
            let resumed = broker.resume(blocked).unwrap();
            assert!(resumed.blocked.is_none(), "capacity {slots}, {how}");
            let received = later.drain_ready();
            assert_eq!(received.last().map(String::as_str), Some("waits"), "{how}");
            let ledger = slow.subscription.ledger();
            assert!(ledger.balances(), "capacity {slots}, {how}: {ledger:?}");
            if how == "removed" {
                assert_eq!(ledger.delivered, 0, "nothing reaches it after removal");
            }
        }
    }
}

/// A broker whose topic `orders` has one block-policy subscriber with `slots` slots, all
/// taken by `m1`, `m2`, ...: the next publish is held back.
fn full_blocking_subscriber(slots: usize) -> (Broker, TopicName, Receiver) {
    let mut broker = Broker::new();
    let orders = topic("orders");
    let slow = Receiver::new(broker.subscribe(&orders, capacity(slots), Block).unwrap());
    for n in 1..=slots {
        broker.publish(&orders, format!("m{n}")).unwrap();
    }
    (broker, orders, slow)
}

/// Lets exactly one held-back publisher go on: takes one message, and an unbuffered receiver
/// then waits at the channel again. What it took goes to `taken`.
fn free_one_slot(slow: &mut Receiver, slots: usize, taken: &mut Vec<String>) {
    for _ in 0..if slots == 0 { 2 } else { 1 } {
        if let Poll::Ready(Some(Ok(delivery))) = slow.poll() {
            taken.push(delivery.payload.to_string());
        }
    }
}

#[test]
fn publishers_blocked_on_one_subscriber_are_served_in_the_order_they_blocked() {
    for slots in CAPACITIES {
        let (mut broker, orders, mut slow) = full_blocking_subscriber(slots);
        let mut taken = Vec::new();
        // Two publishers block, first and second, as two goroutines on `ch <- v`.
        let first = broker.publish(&orders, "first").unwrap().blocked.unwrap();
        let second = broker.publish(&orders, "second").unwrap().blocked.unwrap();
        let mut first_room = broker.room(&first).unwrap();
        let mut second_room = broker.room(&second).unwrap();
        assert!(!is_ready(&mut first_room) && !is_ready(&mut second_room));

        // One slot comes free (or, unbuffered, the receiver waits): it is the first's.
        free_one_slot(&mut slow, slots, &mut taken);
        assert!(is_ready(&mut first_room), "capacity {slots}");
        assert!(
            !is_ready(&mut second_room),
            "capacity {slots}: second waits its turn"
        );
        // A third publish finds the slot free but a line waiting, and joins the line.
        let third = broker.publish(&orders, "third").unwrap().blocked;
        let third = third.expect("a newcomer never jumps the line");
        let mut third_room = broker.room(&third).unwrap();
        assert!(broker.resume(first).unwrap().blocked.is_none());

        // The next free slot is the second's, then the third's.
        assert!(
            !is_ready(&mut second_room),
            "capacity {slots}: the slot went to first"
        );
        free_one_slot(&mut slow, slots, &mut taken);
        assert!(is_ready(&mut second_room), "capacity {slots}");
        assert!(!is_ready(&mut third_room), "capacity {slots}");
        assert!(broker.resume(second).unwrap().blocked.is_none());
        free_one_slot(&mut slow, slots, &mut taken);
        assert!(is_ready(&mut third_room), "capacity {slots}");
        assert!(broker.resume(third).unwrap().blocked.is_none());

        taken.extend(slow.drain_ready());
        let mut expected = payloads(1..=slots);
        expected.extend(["first", "second", "third"].map(String::from));
        assert_eq!(taken, expected, "capacity {slots}");
        assert!(slow.subscription.ledger().balances(), "capacity {slots}");
    }
}

#[test]
fn a_removed_publisher_leaves_the_line_and_the_next_one_goes() {
    for slots in CAPACITIES {
        let (mut broker, orders, mut slow) = full_blocking_subscriber(slots);
        let first = broker.publish(&orders, "first").unwrap().blocked.unwrap();
        let second = broker.publish(&orders, "second").unwrap().blocked.unwrap();
        let mut second_room = broker.room(&second).unwrap();

        // The first publisher is removed while it waits: its fan-out is dropped.
        drop(first);
        free_one_slot(&mut slow, slots, &mut Vec::new());
        assert!(
            is_ready(&mut second_room),
            "capacity {slots}: nobody waits for the gone"
        );
        assert!(broker.resume(second).unwrap().blocked.is_none());
        assert!(slow.subscription.ledger().balances(), "capacity {slots}");
    }
}

#[test]
fn closing_the_topic_under_a_blocked_publisher_is_send_on_closed() {
    for slots in CAPACITIES {
        let (mut broker, orders, mut slow) = full_blocking_subscriber(slots);
        let blocked = broker.publish(&orders, "waits").unwrap().blocked.unwrap();
        let mut room = broker.room(&blocked).unwrap();

        broker.close_topic(&orders).unwrap();

        assert!(is_ready(&mut room), "close wakes the blocked publisher");
        let refused = broker.resume(blocked).unwrap_err();
        assert_eq!(refused.to_string(), "send on closed channel");
        assert_eq!(&*refused.into_payload(), "waits");
        // The subscriber still drains what it had, then sees the close.
        assert_eq!(slow.drain_ready(), payloads(1..=slots));
        assert!(matches!(slow.poll(), Poll::Ready(None)));
        assert!(slow.subscription.ledger().balances());
    }
}

#[test]
fn every_policy_keeps_the_ledger_under_any_interleaving() {
    for policy in OverflowPolicy::ALL {
        for slots in CAPACITIES {
            let mut broker = Broker::new();
            let orders = topic("orders");
            let mut receivers: Vec<Receiver> = (0..3)
                .map(|_| Receiver::new(broker.subscribe(&orders, capacity(slots), policy).unwrap()))
                .collect();
            let mut pending = None;
            let mut last_seen = vec![0u64; receivers.len()];

            // A fixed linear congruential sequence picks each step, so failures reproduce.
            let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ slots as u64;
            for _ in 0..3_000 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                match (state >> 33) % 5 {
                    0 | 1 => {
                        pending = match pending.take() {
                            Some(blocked) => broker.resume(blocked).unwrap().blocked,
                            None => broker.publish(&orders, "m").unwrap().blocked,
                        }
                    }
                    pick => {
                        let index = pick as usize - 2;
                        if let Poll::Ready(Some(Ok(delivery))) = receivers[index].poll() {
                            // FIFO per subscriber: ids only ever grow.
                            assert!(delivery.id.0 > last_seen[index], "{policy} {slots}");
                            last_seen[index] = delivery.id.0;
                        }
                    }
                }
                for receiver in &receivers {
                    let ledger = receiver.subscription.ledger();
                    assert!(ledger.balances(), "{policy} capacity {slots}: {ledger:?}");
                    assert!(receiver.subscription.len() <= slots, "{policy} {slots}");
                }
            }
            let topic_ledger = broker.topic_stats(&orders).unwrap().ledger;
            assert!(
                topic_ledger.balances(),
                "{policy} {slots}: {topic_ledger:?}"
            );
        }
    }
}
