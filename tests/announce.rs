//! The live region's sentences: what a screen reader hears about drops, evictions, blocks,
//! disconnects, panics and closes, summed over a stretch of simulated time.
//!
//! Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown --test announce`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::{Capacity, OverflowPolicy, TopicName};
use mini_kafka_playground::sim::{
    summarise, Announcer, EventCategory, EventKind, Jitter, PayloadPattern, ProcessingTime,
    PublisherSpec, PublisherStatus, Rate, SimDuration, Simulation, SubscriberSpec, Tally,
    RELEASE_AFTER,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn publisher(topic: &TopicName, per_second: f64) -> PublisherSpec {
    PublisherSpec {
        topic: topic.clone(),
        rate: Rate::per_second(per_second).unwrap(),
        pattern: PayloadPattern::new("order #{n}").unwrap(),
    }
}

fn subscriber(
    topic: &TopicName,
    slots: usize,
    millis: f64,
    policy: OverflowPolicy,
) -> SubscriberSpec {
    SubscriberSpec {
        topic: topic.clone(),
        capacity: Capacity::new(slots).unwrap(),
        policy,
        processing: ProcessingTime::from_millis(millis).unwrap(),
        jitter: Jitter::new(0.0).unwrap(),
    }
}

fn tally(sim: &Simulation) -> Tally {
    Tally::of(&sim.snapshot(&EventCategory::ALL, 10))
}

fn seconds(s: u64) -> SimDuration {
    SimDuration::from_millis(s * 1_000)
}

/// How many events of this kind the whole log holds, for checking the counts said.
fn count_events(sim: &Simulation, matches: impl Fn(&EventKind) -> bool) -> u64 {
    sim.events()
        .iter()
        .filter(|event| matches(&event.kind))
        .count() as u64
}

#[test]
fn nothing_happened_says_nothing() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 5.0)).unwrap();
    sim.add_subscriber(subscriber(&orders, 4, 10.0, OverflowPolicy::DropNewest))
        .unwrap();
    let before = tally(&sim);
    sim.advance(seconds(5));
    assert_eq!(summarise(&before, &tally(&sim)), None);
    assert_eq!(summarise(&before, &before), None);
}

#[test]
fn drops_are_counted_exactly_though_the_snapshot_keeps_few_events() {
    let mut sim = Simulation::with_log_capacity(1, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 200.0)).unwrap();
    sim.add_subscriber(subscriber(&orders, 2, 600.0, OverflowPolicy::DropNewest))
        .unwrap();
    let before = tally(&sim);
    sim.advance(seconds(3));

    let dropped = count_events(&sim, |kind| matches!(kind, EventKind::Drop { .. }));
    assert!(
        dropped > 100,
        "the snapshot keeps 10 events, the run dropped {dropped}"
    );
    assert_eq!(
        summarise(&before, &tally(&sim)).as_deref(),
        Some(format!("{dropped} messages dropped at A (buffer full)").as_str())
    );
}

#[test]
fn one_drop_is_one_message_and_two_reasons_give_their_counts() {
    let mut sim = Simulation::with_log_capacity(1, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 1.0)).unwrap();
    let a = sim
        .add_subscriber(subscriber(&orders, 1, 2_500.0, OverflowPolicy::DropNewest))
        .unwrap();
    let before = tally(&sim);
    // Messages at 0, 1, 2 and 3 s: the first is taken at once, the second waits in the
    // one slot, the third finds it full.
    sim.advance(SimDuration::from_millis(2_500));
    assert_eq!(
        summarise(&before, &tally(&sim)).as_deref(),
        Some("1 message dropped at A (buffer full)")
    );

    // An unbuffered subscriber that is busy drops with the other reason.
    let before = tally(&sim);
    sim.update_subscriber(
        a,
        Capacity::new(0).unwrap(),
        ProcessingTime::from_millis(2_500.0).unwrap(),
    )
    .unwrap();
    sim.advance(seconds(5));
    let after = tally(&sim);
    let ledger = sim.snapshot(&[], 0).subscribers[0].ledger;
    let full = ledger.dropped_buffer_full - 1;
    let none = ledger.dropped_no_receiver;
    assert!(none > 0);
    let said = summarise(&before, &after).unwrap();
    let expected = if full > 0 {
        format!(
            "{} messages dropped at A ({full} buffer full, {none} no receiver waiting)",
            full + none
        )
    } else {
        format!(
            "{} dropped at A (no receiver waiting)",
            if none == 1 {
                "1 message".to_owned()
            } else {
                format!("{none} messages")
            }
        )
    };
    assert_eq!(said, expected);
}

#[test]
fn block_disconnect_eviction_panic_and_close_are_each_said_once() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    let audit = sim.add_topic("audit").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    sim.add_publisher(publisher(&audit, 10.0)).unwrap();
    sim.add_subscriber(subscriber(&orders, 1, 1_000.0, OverflowPolicy::DropOldest))
        .unwrap();
    sim.add_subscriber(subscriber(&orders, 1, 1_000.0, OverflowPolicy::Disconnect))
        .unwrap();
    sim.add_subscriber(subscriber(&audit, 1, 5_000.0, OverflowPolicy::Block))
        .unwrap();
    let mut announcer = Announcer::new(tally(&sim));
    sim.advance(seconds(2));

    let said = announcer.announce(tally(&sim)).unwrap();
    let evicted = sim.snapshot(&[], 0).subscribers[0].ledger.evicted;
    assert!(evicted > 1);
    assert_eq!(
        said,
        format!(
            "{evicted} messages evicted at A; B disconnected, 1 message discarded; P2 blocked by C"
        )
    );

    // Still blocked by the same subscriber, and B still cut off: nothing new to say but
    // A's evictions.
    sim.advance(seconds(1));
    let said = announcer.announce(tally(&sim)).unwrap();
    assert!(said.ends_with("evicted at A"), "{said}");

    // Closing audit under the blocked P2 is Go's panic.
    sim.close_topic(&audit).unwrap();
    sim.advance(SimDuration::from_millis(1));
    let said = announcer.announce(tally(&sim)).unwrap();
    assert!(
        said.ends_with("P2 panicked: send on closed topic audit; topic audit closed"),
        "{said}"
    );
    assert!(!said.contains("no longer blocked"), "{said}");
}

#[test]
fn unblocking_is_said() {
    let (mut sim, a) = one_slot_blocking(5_000.0);
    let mut announcer = Announcer::new(tally(&sim));
    sim.advance(seconds(1));
    assert_eq!(
        announcer.announce(tally(&sim)).as_deref(),
        Some("P1 blocked by A")
    );
    // More room takes the held message in, so nothing is lost on the way, and lasts ten
    // seconds at ten messages a second.
    sim.update_subscriber(
        a,
        Capacity::new(100).unwrap(),
        ProcessingTime::from_millis(5_000.0).unwrap(),
    )
    .unwrap();
    // Running a moment after a block could be one of its spells between blocks; a second
    // without one is a release.
    sim.advance(SimDuration::from_millis(10));
    assert_eq!(announcer.announce(tally(&sim)), None);
    sim.advance(RELEASE_AFTER);
    assert_eq!(
        announcer.announce(tally(&sim)).as_deref(),
        Some("P1 no longer blocked")
    );
}

/// P1's status and how many times it has been blocked so far.
fn first_publisher(sim: &Simulation) -> (bool, u64) {
    let snapshot = sim.snapshot(&[], 0);
    let publisher = &snapshot.publishers[0];
    (
        matches!(publisher.status, PublisherStatus::Blocked { .. }),
        publisher.times_blocked,
    )
}

/// Moves the clock a millisecond at a time until P1 is `blocked` (or running).
fn advance_until_first_publisher_is(sim: &mut Simulation, blocked: bool) {
    for _ in 0..5_000 {
        if first_publisher(sim).0 == blocked {
            return;
        }
        sim.advance(SimDuration::from_millis(1));
    }
    panic!(
        "P1 never became {}",
        if blocked { "blocked" } else { "free" }
    );
}

/// A publisher sending ten messages a second to a subscriber with one slot and the block
/// policy, which takes `processing_millis` over each message.
fn one_slot_blocking(
    processing_millis: f64,
) -> (Simulation, mini_kafka_playground::broker::SubscriberId) {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let a = sim
        .add_subscriber(subscriber(
            &orders,
            1,
            processing_millis,
            OverflowPolicy::Block,
        ))
        .unwrap();
    (sim, a)
}

/// A subscriber that takes a message a second from a publisher that sends ten: the
/// publisher waits most of the time and runs for a moment after each take.
fn blocked_again_and_again() -> (Simulation, mini_kafka_playground::broker::SubscriberId) {
    one_slot_blocking(1_000.0)
}

#[test]
fn a_publisher_blocked_again_and_again_is_not_released_in_between() {
    let (mut sim, a) = blocked_again_and_again();
    let mut announcer = Announcer::new(tally(&sim));
    advance_until_first_publisher_is(&mut sim, true);
    assert_eq!(
        announcer.announce(tally(&sim)).as_deref(),
        Some("P1 blocked by A")
    );

    // Four seconds on, caught in one of its moments of running after a take: it was blocked
    // again in between, so nothing changed.
    sim.advance(seconds(4));
    advance_until_first_publisher_is(&mut sim, false);
    let (_, blocks) = first_publisher(&sim);
    assert!(blocks >= 4, "blocked {blocks} times");
    assert_eq!(announcer.announce(tally(&sim)), None);

    // Room for all it sends: now it runs for good, which is said once.
    sim.update_subscriber(
        a,
        Capacity::new(100).unwrap(),
        ProcessingTime::from_millis(10.0).unwrap(),
    )
    .unwrap();
    sim.advance(seconds(4));
    assert_eq!(first_publisher(&sim), (false, blocks));
    assert_eq!(
        announcer.announce(tally(&sim)).as_deref(),
        Some("P1 no longer blocked")
    );
    sim.advance(seconds(4));
    assert_eq!(announcer.announce(tally(&sim)), None);
}

/// The page compares a tally with the one a frame before whenever it may speak, and a frame
/// can land in any of the publisher's moments of running.
#[test]
fn frame_by_frame_a_publisher_blocked_again_and_again_is_said_once() {
    let (mut sim, _) = blocked_again_and_again();
    let mut announcer = Announcer::new(tally(&sim));
    let mut said = Vec::new();
    let mut caught_running = 0;
    for _ in 0..(30_000 / 16) {
        sim.advance(SimDuration::from_millis(16));
        caught_running += u32::from(!first_publisher(&sim).0);
        said.extend(announcer.announce(tally(&sim)));
    }
    assert!(
        caught_running > 100,
        "caught running in {caught_running} frames"
    );
    assert_eq!(said, ["P1 blocked by A"]);
}

#[test]
fn blocks_that_begin_and_end_between_two_tallies_are_counted() {
    let (mut sim, _) = blocked_again_and_again();
    let mut announcer = Announcer::new(tally(&sim));
    sim.advance(seconds(3));
    advance_until_first_publisher_is(&mut sim, false);
    let (_, blocks) = first_publisher(&sim);
    assert!(blocks >= 2, "blocked {blocks} times");
    assert_eq!(
        announcer.announce(tally(&sim)),
        Some(format!("P1 briefly blocked {blocks} times"))
    );
}

#[test]
fn drops_at_a_subscriber_removed_since_come_from_the_topic_ledger() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 20.0)).unwrap();
    let a = sim
        .add_subscriber(subscriber(&orders, 1, 1_000.0, OverflowPolicy::DropNewest))
        .unwrap();
    let before = tally(&sim);
    sim.advance(seconds(2));
    let dropped = sim.snapshot(&[], 0).subscribers[0].ledger.dropped();
    sim.remove_subscriber(a).unwrap();
    assert_eq!(
        summarise(&before, &tally(&sim)).as_deref(),
        Some(format!("{dropped} messages dropped on orders at subscribers removed since").as_str())
    );
}

#[test]
fn many_subscribers_are_summed_after_the_three_largest() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 20.0)).unwrap();
    for millis in [100.0, 200.0, 300.0, 400.0, 500.0] {
        sim.add_subscriber(subscriber(&orders, 1, millis, OverflowPolicy::DropNewest))
            .unwrap();
    }
    let before = tally(&sim);
    sim.advance(seconds(3));
    let snapshot = sim.snapshot(&[], 0);
    let dropped: Vec<u64> = snapshot
        .subscribers
        .iter()
        .map(|view| view.ledger.dropped())
        .collect();
    let said = summarise(&before, &tally(&sim)).unwrap();
    assert_eq!(
        said,
        format!(
            "{} messages dropped at E (buffer full); {} messages dropped at D (buffer full); \
             {} messages dropped at C (buffer full); {} more dropped at 2 other subscribers",
            dropped[4],
            dropped[3],
            dropped[2],
            dropped[0] + dropped[1]
        )
    );
}

#[test]
fn the_clock_moving_back_is_not_said_and_becomes_the_new_start() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 20.0)).unwrap();
    sim.add_subscriber(subscriber(&orders, 1, 1_000.0, OverflowPolicy::DropNewest))
        .unwrap();
    sim.advance(seconds(2));
    let mut announcer = Announcer::new(tally(&sim));

    // A replay from zero to 1 s, as seeking back does.
    let mut replay = Simulation::new(1);
    let orders = replay.add_topic("orders").unwrap();
    replay.add_publisher(publisher(&orders, 20.0)).unwrap();
    replay
        .add_subscriber(subscriber(&orders, 1, 1_000.0, OverflowPolicy::DropNewest))
        .unwrap();
    replay.advance(seconds(1));
    assert_eq!(announcer.announce(tally(&replay)), None);

    // Forward again from there: only what happened since 1 s.
    let at_one = replay.snapshot(&[], 0).subscribers[0].ledger.dropped();
    replay.advance(seconds(1));
    let since = replay.snapshot(&[], 0).subscribers[0].ledger.dropped() - at_one;
    assert_eq!(
        announcer.announce(tally(&replay)),
        Some(format!("{since} messages dropped at A (buffer full)"))
    );
}

#[test]
fn a_long_list_points_to_the_event_log() {
    let mut sim = Simulation::new(1);
    let mut topics = Vec::new();
    for name in ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"] {
        topics.push(sim.add_topic(name).unwrap());
    }
    let before = tally(&sim);
    for topic in &topics {
        sim.close_topic(topic).unwrap();
    }
    sim.advance(SimDuration::from_millis(1));
    let said = summarise(&before, &tally(&sim)).unwrap();
    assert_eq!(
        said,
        "topic t1 closed; topic t2 closed; topic t3 closed; topic t4 closed; topic t5 closed; \
         3 more changes in the event log"
    );
}
