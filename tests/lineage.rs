//! Message lineage: what became of each copy of a message, with the buffer level at that
//! moment, through [`Simulation::lineage`].
//!
//! One publisher sends ten messages a second, so message `mk` is published at
//! `t1 + (k - 1) × 0.1 s`, where `t1` is the first publish. The tests stop the clock halfway
//! between two publishes and check each copy's fate against what Go's channels would do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::{Capacity, DropReason, MessageId, OverflowPolicy};
use mini_kafka_playground::scenario::{preset_by_id, Session};
use mini_kafka_playground::sim::{
    Ending, Fate, Jitter, Lineage, LineageError, NotOffered, PayloadPattern, ProcessingTime,
    PublisherSpec, Rate, SimDuration, SimTime, Simulation, SubscriberSpec, LINEAGE_WINDOW,
};

fn m(id: u64) -> MessageId {
    MessageId(id)
}

fn cap(slots: usize) -> Capacity {
    Capacity::new(slots).unwrap()
}

/// A simulation with topic `orders` and a publisher at `rate` messages per second.
fn orders(rate: f64, pattern: &str) -> Simulation {
    let mut sim = Simulation::new(11);
    let topic = sim.add_topic("orders").unwrap();
    sim.add_publisher(PublisherSpec {
        topic,
        rate: Rate::per_second(rate).unwrap(),
        pattern: PayloadPattern::new(pattern).unwrap(),
    })
    .unwrap();
    sim
}

fn subscribe(sim: &mut Simulation, slots: usize, policy: OverflowPolicy, millis: f64) {
    sim.add_subscriber(SubscriberSpec {
        topic: mini_kafka_playground::broker::TopicName::new("orders").unwrap(),
        capacity: cap(slots),
        policy,
        processing: ProcessingTime::from_millis(millis).unwrap(),
        jitter: Jitter::NONE,
    })
    .unwrap();
}

/// Runs until the first message is out and returns its instant.
fn first_publish(sim: &mut Simulation) -> SimTime {
    sim.advance(SimDuration::from_millis(100));
    sim.lineage(m(1)).unwrap().published_at
}

/// The instant `millis` after `t`.
fn after(t: SimTime, millis: u64) -> SimTime {
    SimTime::from_micros(t.as_micros() + millis * 1_000)
}

fn fate(lineage: &Lineage, subscriber: &str) -> Fate {
    lineage.copy_for(subscriber).unwrap().fate.clone()
}

#[test]
fn a_slow_subscriber_with_two_slots_drops_the_fourth_message() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    subscribe(&mut sim, 2, OverflowPolicy::DropNewest, 1_000.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 1_050));

    // m1 went straight to both waiting receivers; B then worked on it for a second.
    let first = sim.lineage(m(1)).unwrap();
    let delivered_at_once = Fate::Delivered {
        at: t1,
        buffered: 0,
        capacity: cap(2),
    };
    assert_eq!(fate(&first, "B"), delivered_at_once);
    assert_eq!(&*first.payload, "order #1");
    assert_eq!(&*first.publisher.name, "P1");
    assert_eq!(first.topic.as_str(), "orders");

    // m2 and m3 filled B's two slots; m4 found them full.
    let fourth = sim.lineage(m(4)).unwrap();
    assert_eq!(
        fate(&fourth, "B"),
        Fate::Dropped {
            at: fourth.published_at,
            reason: DropReason::BufferFull,
            policy: OverflowPolicy::DropNewest,
            buffered: 2,
            capacity: cap(2),
        }
    );
    assert_eq!(fate(&fourth, "B").to_string(), "buffer full (drop-newest)");
    assert!(fate(&fourth, "A").is_delivered());
    assert_eq!(
        (fourth.delivered(), fourth.lost(), fourth.pending()),
        (1, 1, 0)
    );
    assert_eq!(
        fourth
            .copies
            .iter()
            .map(|copy| &*copy.subscriber.name)
            .collect::<Vec<_>>(),
        ["A", "B"]
    );

    // A second after m1, B took m2 and left m3 in its buffer: one of two.
    let second = sim.lineage(m(2)).unwrap();
    assert_eq!(
        fate(&second, "B"),
        Fate::Delivered {
            at: after(t1, 1_000),
            buffered: 1,
            capacity: cap(2),
        }
    );
    assert_eq!(
        second.after_publish(&fate(&second, "B")),
        Some(SimDuration::from_micros(
            after(t1, 1_000).as_micros() - second.published_at.as_micros()
        ))
    );

    // m3 still waits in B's buffer, which now also holds m11 (published at t1 + 1 s).
    let third = sim.lineage(m(3)).unwrap();
    assert_eq!(
        fate(&third, "B"),
        Fate::Queued {
            buffered: 2,
            capacity: cap(2),
        }
    );
    assert_eq!(third.pending(), 1);
    assert_eq!(third.as_of, after(t1, 1_050));
}

#[test]
fn drop_oldest_names_the_message_that_evicted_each_copy() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 2, OverflowPolicy::DropOldest, 1_000.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 450));

    // m1 is being worked on; m2 and m3 filled the buffer; m4 evicted m2 and m5 evicted m3.
    let second = sim.lineage(m(2)).unwrap();
    assert_eq!(
        fate(&second, "A"),
        Fate::Evicted {
            at: sim.lineage(m(4)).unwrap().published_at,
            by: m(4),
            buffered: 2,
            capacity: cap(2),
        }
    );
    assert_eq!(
        fate(&second, "A").to_string(),
        "evicted for m4 (drop-oldest)"
    );
    let Fate::Evicted { by, .. } = fate(&sim.lineage(m(3)).unwrap(), "A") else {
        panic!("m3 should have been evicted");
    };
    assert_eq!(by, m(5));
    // The evicting messages themselves sit in the buffer.
    assert_eq!(
        fate(&sim.lineage(m(5)).unwrap(), "A"),
        Fate::Queued {
            buffered: 2,
            capacity: cap(2),
        }
    );
}

#[test]
fn an_unbuffered_channel_drops_when_nobody_waits() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 0, OverflowPolicy::DropNewest, 150.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 250));

    assert!(fate(&sim.lineage(m(1)).unwrap(), "A").is_delivered());
    assert_eq!(
        fate(&sim.lineage(m(2)).unwrap(), "A"),
        Fate::Dropped {
            at: sim.lineage(m(2)).unwrap().published_at,
            reason: DropReason::NoReceiverWaiting,
            policy: OverflowPolicy::DropNewest,
            buffered: 0,
            capacity: cap(0),
        }
    );
    // Back at its channel at t1 + 150 ms, A was waiting when m3 came.
    assert_eq!(
        fate(&sim.lineage(m(3)).unwrap(), "A"),
        Fate::Delivered {
            at: sim.lineage(m(3)).unwrap().published_at,
            buffered: 0,
            capacity: cap(0),
        }
    );
}

#[test]
fn a_disconnect_loses_the_overflowing_copy_and_discards_the_buffered_one() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    subscribe(&mut sim, 1, OverflowPolicy::Disconnect, 1_000.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 350));

    // m1 went to B at once, m2 took its one slot, and m3 overflowed it.
    let third = sim.lineage(m(3)).unwrap();
    assert_eq!(
        fate(&third, "B"),
        Fate::Disconnected {
            at: third.published_at,
            buffered: 1,
            capacity: cap(1),
        }
    );
    assert_eq!(
        fate(&sim.lineage(m(2)).unwrap(), "B"),
        Fate::Discarded {
            at: third.published_at,
            ending: Ending::Disconnected,
        }
    );
    // From m4 on, B is no longer in the fan-out: its only copy is A's.
    let fourth = sim.lineage(m(4)).unwrap();
    assert_eq!(fourth.copies.len(), 1);
    assert!(fourth.copy_for("B").is_none());
}

#[test]
fn a_blocked_publisher_holds_copies_until_it_panics_on_the_closed_topic() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    subscribe(&mut sim, 1, OverflowPolicy::Block, 1_000.0);
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 250));

    // m2 filled B's one slot; at m3 B had no room, so P1 stopped there: A has m3, B and C
    // have not been offered it.
    let third = sim.lineage(m(3)).unwrap();
    assert!(fate(&third, "A").is_delivered());
    let waiting = Fate::Waiting { behind: "B".into() };
    assert_eq!(fate(&third, "B"), waiting);
    assert_eq!(fate(&third, "C"), waiting);
    assert_eq!(third.pending(), 2);
    assert_eq!(
        fate(&sim.lineage(m(2)).unwrap(), "B"),
        Fate::Queued {
            buffered: 1,
            capacity: cap(1),
        }
    );

    // Closing the topic under the blocked publisher is Go's send on a closed channel.
    sim.close_topic(&mini_kafka_playground::broker::TopicName::new("orders").unwrap())
        .unwrap();
    let at_close = sim.now();
    let third = sim.lineage(m(3)).unwrap();
    let never = Fate::NeverOffered {
        at: at_close,
        why: NotOffered::PublisherPanicked,
    };
    assert_eq!(fate(&third, "B"), never);
    assert_eq!(fate(&third, "C"), never);
    assert_eq!(third.lost(), 2);

    // B still drains m2 after the close.
    sim.run_until(after(t1, 1_500));
    assert_eq!(
        fate(&sim.lineage(m(2)).unwrap(), "B"),
        Fate::Delivered {
            at: after(t1, 1_000),
            buffered: 0,
            capacity: cap(1),
        }
    );
}

#[test]
fn removing_the_blocking_subscriber_discards_its_queue_and_lets_the_rest_through() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 1, OverflowPolicy::Block, 1_000.0);
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 250));
    let blocker = sim.subscriber_named("A").unwrap();
    sim.remove_subscriber(blocker).unwrap();
    let removed_at = sim.now();

    // m2 was in A's buffer; m3 was never offered to A, and went to B once A was gone.
    assert_eq!(
        fate(&sim.lineage(m(2)).unwrap(), "A"),
        Fate::Discarded {
            at: removed_at,
            ending: Ending::Removed,
        }
    );
    let third = sim.lineage(m(3)).unwrap();
    assert_eq!(
        fate(&third, "A"),
        Fate::NeverOffered {
            at: removed_at,
            why: NotOffered::SubscriberLeft,
        }
    );
    assert_eq!(
        fate(&third, "B"),
        Fate::Delivered {
            at: removed_at,
            buffered: 0,
            capacity: cap(4),
        }
    );
}

#[test]
fn removing_a_blocked_publisher_leaves_the_rest_of_its_fan_out_unoffered() {
    let mut sim = orders(10.0, "order #{n}");
    subscribe(&mut sim, 1, OverflowPolicy::Block, 1_000.0);
    subscribe(&mut sim, 4, OverflowPolicy::DropNewest, 0.0);
    let t1 = first_publish(&mut sim);
    sim.run_until(after(t1, 250));
    assert_eq!(
        fate(&sim.lineage(m(3)).unwrap(), "B"),
        Fate::Waiting { behind: "A".into() }
    );

    let publisher = sim.publisher_named("P1").unwrap();
    sim.remove_publisher(publisher).unwrap();
    let removed_at = sim.now();
    sim.run_until(after(t1, 2_000));
    let never = Fate::NeverOffered {
        at: removed_at,
        why: NotOffered::PublisherRemoved,
    };
    let third = sim.lineage(m(3)).unwrap();
    assert_eq!(fate(&third, "A"), never);
    assert_eq!(fate(&third, "B"), never);
    assert_eq!(
        fate(&third, "B").to_string(),
        "publisher removed while it was blocked"
    );
}

#[test]
fn a_payload_with_markup_comes_back_as_the_same_text() {
    let mut sim = orders(10.0, "<img src=x onerror=alert({n})>");
    subscribe(&mut sim, 2, OverflowPolicy::DropNewest, 0.0);
    first_publish(&mut sim);
    let first = sim.lineage(m(1)).unwrap();
    assert_eq!(&*first.payload, "<img src=x onerror=alert(1)>");
}

#[test]
fn only_the_newest_messages_are_kept() {
    let mut sim = orders(1_000.0, "tick {n}");
    subscribe(&mut sim, 10, OverflowPolicy::DropNewest, 0.0);
    sim.advance(SimDuration::from_millis(3_000));
    let newest = 3_000;
    assert!(sim.lineage(m(newest)).is_ok());
    assert_eq!(
        sim.lineage(m(newest + 1)),
        Err(LineageError::NotPublished(m(newest + 1)))
    );
    assert_eq!(sim.lineage(m(0)), Err(LineageError::NotPublished(m(0))));

    let oldest = newest - LINEAGE_WINDOW as u64 + 1;
    assert!(sim.lineage(m(oldest)).is_ok());
    let forgotten = sim.lineage(m(oldest - 1)).unwrap_err();
    assert_eq!(
        forgotten,
        LineageError::NoLongerKept {
            message: m(oldest - 1),
            oldest_kept: m(oldest),
        }
    );
    assert!(forgotten.is_no_longer_kept());
    assert_eq!(
        forgotten.to_string(),
        "m1976 is no longer kept: only the newest 1024 messages are, from m1977 on"
    );
    assert!(sim.lineage(m(1)).unwrap_err().is_no_longer_kept());
}

/// The lineage of messages 1 to `last`, for comparing runs.
fn fates(session: &Session, last: u64) -> Vec<Result<Lineage, LineageError>> {
    (1..=last).map(|id| session.sim().lineage(m(id))).collect()
}

#[test]
fn lineage_after_a_seek_back_equals_that_of_a_straight_run() {
    for (preset, loses) in [
        ("slow-consumer", true),
        ("drop-oldest-vs-newest", true),
        ("disconnect-slow-consumer", true),
        ("block-stalls-everyone", false),
    ] {
        let preset = preset_by_id(preset).unwrap();
        let mut straight = preset.session().unwrap();
        straight.run_until(SimTime::from_secs_f64(12.0)).unwrap();

        let mut seeking = preset.session().unwrap();
        seeking.run_until(SimTime::from_secs_f64(20.0)).unwrap();
        seeking.seek(SimTime::from_secs_f64(4.0)).unwrap();
        seeking.seek(SimTime::from_secs_f64(12.0)).unwrap();

        let expected = fates(&straight, 200);
        assert_eq!(fates(&seeking, 200), expected, "{}", preset.id);
        // The run is not trivial: something was lost, and something delivered.
        let kept: Vec<&Lineage> = expected.iter().filter_map(|l| l.as_ref().ok()).collect();
        assert_eq!(kept.iter().any(|l| l.lost() > 0), loses, "{}", preset.id);
        assert!(kept.iter().any(|l| l.delivered() > 0), "{}", preset.id);
    }
}

#[test]
fn every_copy_of_a_kept_message_is_accounted_for_under_heavy_load() {
    let preset = preset_by_id("heavy-load").unwrap();
    let mut session = preset.session().unwrap();
    session.run_until(SimTime::from_secs_f64(0.2)).unwrap();
    let snapshot = session.snapshot(0);
    let newest = snapshot.topics.iter().map(|t| t.published).sum::<u64>();
    let lineage = session.sim().lineage(m(newest - 10)).unwrap();
    assert_eq!(lineage.copies.len(), snapshot.subscribers.len());
    assert!(lineage
        .copies
        .iter()
        .all(|copy| copy.fate.is_delivered() || copy.fate.is_pending() || copy.fate.is_lost()));
    assert!(session.sim().lineage(m(1)).unwrap_err().is_no_longer_kept());
}
