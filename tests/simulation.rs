//! The simulation: slow consumers, close, removal, bad input, and determinism.
//!
//! Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown`. Both compare the same scenario's event log
//! with `tests/golden/determinism.log`, which proves the browser and a native build produce
//! the same events.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::{
    Capacity, OverflowPolicy, QueueStatus, SubscriberId, TopicName,
};
use mini_kafka_playground::sim::{
    Event, EventCategory, EventKind, InputError, Jitter, PayloadPattern, ProcessingTime,
    PublisherSpec, PublisherStatus, Rate, SimDuration, SimError, SimTime, Simulation, Snapshot,
    SubscriberActivity, SubscriberSpec, SubscriberView,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const CAPACITIES: [usize; 4] = [0, 1, 2, 10];

/// The scenario whose events are pinned in the golden file: three publishers; fast, slow,
/// unbuffered, drop-oldest, disconnecting and blocking subscribers with jitter; a close and a
/// removal.
const GOLDEN_LOG: &str = include_str!("golden/determinism.log");

fn publisher(topic: &TopicName, per_second: f64) -> PublisherSpec {
    PublisherSpec {
        topic: topic.clone(),
        rate: Rate::per_second(per_second).unwrap(),
        pattern: PayloadPattern::new("order #{n}").unwrap(),
    }
}

fn subscriber(topic: &TopicName, slots: usize, millis: f64, jitter: f64) -> SubscriberSpec {
    SubscriberSpec {
        topic: topic.clone(),
        capacity: Capacity::new(slots).unwrap(),
        policy: OverflowPolicy::DropNewest,
        processing: ProcessingTime::from_millis(millis).unwrap(),
        jitter: Jitter::new(jitter).unwrap(),
    }
}

fn with_policy(spec: SubscriberSpec, policy: OverflowPolicy) -> SubscriberSpec {
    SubscriberSpec { policy, ..spec }
}

fn seconds(s: u64) -> SimDuration {
    SimDuration::from_millis(s * 1_000)
}

fn snapshot(sim: &Simulation) -> Snapshot {
    sim.snapshot(&EventCategory::ALL, 50)
}

fn view(snapshot: &Snapshot, id: SubscriberId) -> &SubscriberView {
    snapshot
        .subscribers
        .iter()
        .find(|view| view.id == id)
        .unwrap()
}

/// Builds and runs the golden scenario, returning its whole event log as text.
fn golden_scenario(seed: u64) -> String {
    let mut sim = Simulation::with_log_capacity(seed, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    let audit = sim.add_topic("audit").unwrap();
    sim.add_publisher(publisher(&orders, 8.0)).unwrap();
    sim.add_publisher(publisher(&orders, 3.0)).unwrap();
    sim.add_publisher(publisher(&audit, 2.0)).unwrap();
    sim.add_subscriber(subscriber(&orders, 4, 20.0, 0.5))
        .unwrap();
    let slow = sim
        .add_subscriber(subscriber(&orders, 2, 400.0, 0.8))
        .unwrap();
    sim.add_subscriber(subscriber(&orders, 0, 50.0, 1.0))
        .unwrap();
    sim.add_subscriber(with_policy(
        subscriber(&orders, 2, 250.0, 0.5),
        OverflowPolicy::DropOldest,
    ))
    .unwrap();
    sim.add_subscriber(with_policy(
        subscriber(&orders, 3, 900.0, 0.0),
        OverflowPolicy::Disconnect,
    ))
    .unwrap();
    sim.add_subscriber(with_policy(
        subscriber(&audit, 1, 900.0, 0.3),
        OverflowPolicy::Block,
    ))
    .unwrap();

    sim.advance(seconds(3));
    sim.remove_subscriber(slow).unwrap();
    sim.advance(seconds(1));
    sim.close_topic(&audit).unwrap();
    sim.advance(seconds(2));

    let mut log = String::new();
    for event in sim.events() {
        log.push_str(&event.to_string());
        log.push('\n');
    }
    log
}

#[test]
fn the_same_seed_gives_the_same_events_natively_and_in_the_browser() {
    let log = golden_scenario(42);
    // Regenerate with `UPDATE_GOLDEN=1 cargo test --test simulation` after an intended change.
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/determinism.log");
        std::fs::write(path, &log).unwrap();
        return;
    }
    assert!(log.lines().count() > 200, "the scenario should be busy");
    if log != GOLDEN_LOG {
        let first_difference = log
            .lines()
            .zip(GOLDEN_LOG.lines())
            .position(|(ours, golden)| ours != golden);
        panic!("event log differs from the golden file at line {first_difference:?}");
    }
}

#[test]
fn the_same_seed_repeats_and_another_seed_differs() {
    assert_eq!(golden_scenario(7), golden_scenario(7));
    assert_ne!(golden_scenario(7), golden_scenario(8));
}

#[test]
fn a_slow_consumer_drops_while_fast_ones_receive_everything() {
    let mut sim = Simulation::new(1);
    let orders = sim.add_topic("orders").unwrap();
    let p1 = sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let fast: Vec<_> = (0..2)
        .map(|_| {
            sim.add_subscriber(subscriber(&orders, 4, 10.0, 0.0))
                .unwrap()
        })
        .collect();
    let slow = sim
        .add_subscriber(subscriber(&orders, 2, 500.0, 0.0))
        .unwrap();

    sim.advance(seconds(10));

    let snapshot = snapshot(&sim);
    let published = snapshot
        .publishers
        .iter()
        .find(|p| p.id == p1)
        .unwrap()
        .published;
    assert_eq!(published, 100);
    assert_eq!(snapshot.topics[0].published, 100);
    assert_eq!(snapshot.topics[0].subscriber_count, 3);
    for id in fast {
        let ledger = view(&snapshot, id).ledger;
        assert_eq!(
            (ledger.offered, ledger.delivered, ledger.dropped()),
            (100, 100, 0)
        );
    }
    let slow = view(&snapshot, slow);
    // It takes one every 0.5 s and buffers two, so it receives about 20 of 100.
    assert!(
        (19..=22).contains(&slow.ledger.delivered),
        "{:?}",
        slow.ledger
    );
    assert_eq!(
        slow.ledger.dropped_buffer_full,
        100 - slow.ledger.delivered - slow.ledger.queued
    );
    assert_eq!(slow.len, 2);
    assert!(slow.ledger.balances());
}

#[test]
fn publishers_blocked_by_one_subscriber_take_turns() {
    // Two publishers, one fast and one slow, and a block-policy subscriber that takes one
    // message every 0.5 s: both are blocked nearly all the time. Go serves blocked senders
    // in the order they blocked, so they alternate; neither waits for ever.
    for slots in CAPACITIES {
        let mut sim = Simulation::new(1);
        let orders = sim.add_topic("orders").unwrap();
        let fast = sim.add_publisher(publisher(&orders, 10.0)).unwrap();
        let slow = sim.add_publisher(publisher(&orders, 3.0)).unwrap();
        let blocker = with_policy(
            subscriber(&orders, slots, 500.0, 0.0),
            OverflowPolicy::Block,
        );
        let blocker = sim.add_subscriber(blocker).unwrap();

        sim.advance(seconds(23));

        let snapshot = snapshot(&sim);
        let published = |id| {
            let publisher = snapshot.publishers.iter().find(|p| p.id == id).unwrap();
            publisher.published
        };
        let (fast, slow) = (published(fast), published(slow));
        let blocker = view(&snapshot, blocker);
        // 46 messages taken in 23 s, and what the buffer holds, shared about evenly: the
        // fast one fills the buffer before the slow one first publishes, then they alternate.
        assert!(
            fast.abs_diff(slow) <= slots as u64 + 3 && slow >= 20,
            "capacity {slots}: fast published {fast}, slow {slow}"
        );
        // A blocked publisher has published its message, but offered it to nobody yet.
        let waiting = snapshot
            .publishers
            .iter()
            .filter(|p| matches!(p.status, PublisherStatus::Blocked { .. }))
            .count() as u64;
        assert_eq!(
            fast + slow,
            blocker.ledger.offered + waiting,
            "capacity {slots}"
        );
        assert!(blocker.ledger.balances(), "capacity {slots}");
    }
}

#[test]
fn capacity_sets_how_much_a_slow_consumer_absorbs() {
    for slots in CAPACITIES {
        let mut sim = Simulation::new(3);
        let orders = sim.add_topic("orders").unwrap();
        sim.add_publisher(publisher(&orders, 10.0)).unwrap();
        let slow = sim
            .add_subscriber(subscriber(&orders, slots, 1_000.0, 0.0))
            .unwrap();

        sim.advance(seconds(5));

        let slow = view(&snapshot(&sim), slow).clone();
        assert_eq!(slow.ledger.offered, 50, "capacity {slots}");
        assert!(slow.len <= slots, "capacity {slots}");
        assert_eq!(slow.len, slots, "a slow consumer keeps its buffer full");
        // One message per second of work, plus whatever the buffer still holds.
        assert_eq!(slow.ledger.delivered, 5, "capacity {slots}");
        assert_eq!(slow.ledger.dropped(), 45 - slots as u64, "capacity {slots}");
        assert!(slow.ledger.balances(), "capacity {slots}");
    }
}

#[test]
fn an_unbuffered_subscriber_that_always_waits_misses_nothing() {
    let mut sim = Simulation::new(5);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 20.0)).unwrap();
    let waiting = sim
        .add_subscriber(subscriber(&orders, 0, 0.0, 0.0))
        .unwrap();
    let busy = sim
        .add_subscriber(subscriber(&orders, 0, 30.0, 0.0))
        .unwrap();

    sim.advance(seconds(2));

    let snapshot = snapshot(&sim);
    let waiting = view(&snapshot, waiting).ledger;
    assert_eq!((waiting.delivered, waiting.dropped()), (40, 0));
    // Done after 30 ms, it is back at its channel before the next send 50 ms later.
    let busy = view(&snapshot, busy).ledger;
    assert_eq!((busy.delivered, busy.dropped()), (40, 0));
}

#[test]
fn closing_a_topic_drains_subscribers_then_the_publisher_panics() {
    let mut sim = Simulation::new(9);
    let orders = sim.add_topic("orders").unwrap();
    let other = sim.add_topic("other").unwrap();
    let p1 = sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let p2 = sim.add_publisher(publisher(&other, 10.0)).unwrap();
    let slow = sim
        .add_subscriber(subscriber(&orders, 3, 500.0, 0.0))
        .unwrap();
    sim.advance(seconds(2));
    let before_close = view(&snapshot(&sim), slow).clone();
    assert_eq!(before_close.len, 3);

    sim.close_topic(&orders).unwrap();
    let second = sim.close_topic(&orders).unwrap_err();
    assert_eq!(second.to_string(), "close of closed channel");
    sim.advance(seconds(3));

    let snapshot = snapshot(&sim);
    let slow = view(&snapshot, slow);
    assert_eq!(slow.status, QueueStatus::Closed);
    assert_eq!(slow.len, 0);
    assert_eq!(
        slow.ledger.delivered,
        before_close.ledger.delivered + 3,
        "drained the buffer"
    );
    assert!(slow.ledger.balances());
    let p1 = snapshot.publishers.iter().find(|p| p.id == p1).unwrap();
    assert!(matches!(p1.status, PublisherStatus::Panicked { .. }));
    let p2 = snapshot.publishers.iter().find(|p| p.id == p2).unwrap();
    assert_eq!(p2.status, PublisherStatus::Running);
    assert_eq!(p2.published, 50, "the other topic keeps running");

    let events = sim.events();
    let panics: Vec<_> = events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Panic { message, .. } => Some(*message),
            _ => None,
        })
        .collect();
    assert_eq!(panics, ["send on closed channel"]);
    let drained = events
        .iter()
        .position(|event| matches!(event.kind, EventKind::Drained { .. }))
        .unwrap();
    let last_delivery = events
        .iter()
        .rposition(|event| matches!(event.kind, EventKind::Deliver { .. }))
        .unwrap();
    assert!(
        drained > last_delivery,
        "closed is reported after the buffer is drained"
    );
}

#[test]
fn a_removed_subscriber_receives_nothing_and_its_queue_is_counted() {
    let mut sim = Simulation::with_log_capacity(11, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let slow = sim
        .add_subscriber(subscriber(&orders, 5, 800.0, 0.0))
        .unwrap();
    sim.advance(seconds(3));
    let queued = view(&snapshot(&sim), slow).ledger.queued;
    assert!(queued > 0);

    sim.remove_subscriber(slow).unwrap();
    sim.advance(seconds(3));

    let snapshot = snapshot(&sim);
    assert!(snapshot.subscribers.is_empty());
    assert_eq!(snapshot.topics[0].subscriber_count, 0);
    assert_eq!(snapshot.topics[0].ledger.discarded, queued);
    assert!(snapshot.topics[0].ledger.balances());
    let events = sim.events();
    let removal = events
        .iter()
        .position(|event| matches!(&event.kind, EventKind::Unsubscribe { discarded, .. } if *discarded == queued))
        .unwrap();
    let delivered_after = events[removal..]
        .iter()
        .filter(|event| matches!(event.kind, EventKind::Deliver { .. }))
        .count();
    assert_eq!(delivered_after, 0);
    assert_eq!(
        sim.remove_subscriber(slow).unwrap_err().to_string(),
        format!("no subscription has id {}", slow.0)
    );
}

#[test]
fn a_rate_change_takes_effect_at_once() {
    let mut sim = Simulation::new(2);
    let orders = sim.add_topic("orders").unwrap();
    let p1 = sim.add_publisher(publisher(&orders, 0.1)).unwrap();
    sim.advance(seconds(1));
    sim.set_rate(p1, Rate::per_second(50.0).unwrap()).unwrap();
    sim.advance(seconds(2));

    let published = snapshot(&sim).publishers[0].published;
    assert!((100..=101).contains(&published), "published {published}");

    sim.remove_publisher(p1).unwrap();
    sim.advance(seconds(2));
    assert_eq!(snapshot(&sim).topics[0].published, published);
}

#[test]
fn topology_changes_while_running_keep_every_count() {
    let mut sim = Simulation::new(4);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let a = sim
        .add_subscriber(subscriber(&orders, 2, 50.0, 0.0))
        .unwrap();
    sim.advance(seconds(1));

    assert_eq!(
        sim.rename_topic(&orders, "orders").unwrap(),
        orders,
        "same name: no change"
    );
    let renamed = sim.rename_topic(&orders, "invoices").unwrap();
    sim.update_subscriber(
        a,
        Capacity::new(0).unwrap(),
        ProcessingTime::from_millis(300.0).unwrap(),
    )
    .unwrap();
    sim.advance(seconds(2));

    let snapshot = snapshot(&sim);
    assert_eq!(snapshot.topics.len(), 1);
    assert_eq!(snapshot.topics[0].name, renamed);
    assert_eq!(snapshot.publishers[0].topic, renamed);
    let a = view(&snapshot, a);
    assert_eq!(a.capacity, Capacity::UNBUFFERED);
    assert!(a.ledger.dropped_no_receiver > 0);
    assert!(a.ledger.balances());

    sim.remove_topic(&renamed).unwrap();
    let empty = self::snapshot(&sim);
    assert!(empty.topics.is_empty() && empty.publishers.is_empty());
    assert!(empty.subscribers.is_empty());
}

#[test]
fn bad_input_is_an_error_value() {
    assert_eq!(Rate::per_second(-1.0), Err(InputError::RateNotPositive));
    assert_eq!(Rate::per_second(0.0), Err(InputError::RateNotPositive));
    assert!(Rate::per_second(f64::NAN).is_err());
    assert!(Rate::per_second(f64::INFINITY).is_err());
    assert!(Rate::per_second(1e12).is_err());
    assert_eq!(
        Rate::per_second(1e-9).unwrap_err().to_string(),
        "the rate must be at least 0.01 messages per second"
    );
    assert!(Rate::per_second(5e-324).is_err());
    assert!(Rate::per_second(0.01).is_ok());
    assert!(ProcessingTime::from_millis(-5.0).is_err());
    assert!(ProcessingTime::from_millis(f64::NAN).is_err());
    assert!(ProcessingTime::from_millis(1e12).is_err());
    assert!(Jitter::new(1.5).is_err());
    assert!(Jitter::new(f64::NAN).is_err());
    assert!(PayloadPattern::new("   ").is_err());
    assert!(PayloadPattern::new(&"x".repeat(81)).is_err());

    let mut sim = Simulation::new(0);
    assert!(matches!(sim.add_topic(""), Err(SimError::Input(_))));
    sim.add_topic("orders").unwrap();
    assert_eq!(
        sim.add_topic("orders").unwrap_err().to_string(),
        "a topic named \"orders\" exists already"
    );
}

#[test]
fn time_only_moves_when_advanced() {
    let mut sim = Simulation::new(0);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    assert_eq!(snapshot(&sim).publishers[0].published, 0);

    sim.run_until(SimTime::from_micros(1_500_000));
    assert_eq!(sim.now(), SimTime::from_micros(1_500_000));
    sim.run_until(SimTime::from_micros(1_000_000));
    assert_eq!(
        sim.now(),
        SimTime::from_micros(1_500_000),
        "time never goes back"
    );
    assert_eq!(snapshot(&sim).publishers[0].published, 15);
}

#[test]
fn a_blocking_subscriber_stalls_its_publisher_and_the_whole_topic() {
    let mut sim = Simulation::with_log_capacity(6, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    let p1 = sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let slow_spec = with_policy(subscriber(&orders, 2, 1_000.0, 0.0), OverflowPolicy::Block);
    let slow = sim.add_subscriber(slow_spec).unwrap();
    let fast = sim
        .add_subscriber(subscriber(&orders, 4, 0.0, 0.0))
        .unwrap();

    sim.advance(seconds(5));

    let snapshot = snapshot(&sim);
    let p1_view = snapshot.publishers.iter().find(|p| p.id == p1).unwrap();
    match &p1_view.status {
        PublisherStatus::Blocked { by, by_name, .. } => {
            assert_eq!(*by, slow);
            assert_eq!(&**by_name, "A");
        }
        other => panic!("expected P1 blocked by A, got {other:?}"),
    }
    // Backpressure: the publisher runs at the slow subscriber's pace, and so does the fast one.
    assert!(
        (6..=9).contains(&p1_view.published),
        "{}",
        p1_view.published
    );
    let fast_ledger = view(&snapshot, fast).ledger;
    assert_eq!(fast_ledger.dropped(), 0);
    assert!(
        fast_ledger.delivered < p1_view.published,
        "the fast one waits too"
    );
    let slow_ledger = view(&snapshot, slow).ledger;
    assert_eq!(slow_ledger.lost(), 0, "blocking loses nothing");
    assert!(slow_ledger.balances() && fast_ledger.balances());
    let events = sim.events();
    let blocked = |event: &Event| matches!(event.kind, EventKind::Blocked { .. });
    let unblocked = |event: &Event| matches!(event.kind, EventKind::Unblocked { .. });
    assert!(events.iter().any(blocked) && events.iter().any(unblocked));

    // Switching the blocker to drop-newest releases the publisher at once.
    sim.set_policy(slow, OverflowPolicy::DropNewest).unwrap();
    sim.advance(seconds(2));
    let snapshot = self::snapshot(&sim);
    let p1_view = snapshot.publishers.iter().find(|p| p.id == p1).unwrap();
    assert_eq!(p1_view.status, PublisherStatus::Running);
    assert_eq!(view(&snapshot, fast).ledger.delivered, p1_view.published);
    assert!(view(&snapshot, slow).ledger.dropped() > 0);
}

#[test]
fn removing_or_closing_under_a_blocked_publisher_releases_it() {
    let status = |sim: &Simulation| snapshot(sim).publishers[0].status.clone();
    for close in [false, true] {
        let mut sim = Simulation::new(8);
        let orders = sim.add_topic("orders").unwrap();
        sim.add_publisher(publisher(&orders, 10.0)).unwrap();
        let slow_spec = with_policy(subscriber(&orders, 1, 5_000.0, 0.0), OverflowPolicy::Block);
        let slow = sim.add_subscriber(slow_spec).unwrap();
        sim.advance(seconds(2));
        assert!(matches!(status(&sim), PublisherStatus::Blocked { .. }));

        if close {
            sim.close_topic(&orders).unwrap();
            sim.advance(seconds(1));
            // Go panics a sender blocked on a channel that gets closed.
            assert!(matches!(status(&sim), PublisherStatus::Panicked { .. }));
        } else {
            sim.remove_subscriber(slow).unwrap();
            let before = snapshot(&sim).publishers[0].published;
            sim.advance(seconds(1));
            assert_eq!(status(&sim), PublisherStatus::Running);
            assert!(snapshot(&sim).publishers[0].published >= before + 9);
        }
        assert!(snapshot(&sim).topics[0].ledger.balances());
    }
}

#[test]
fn a_disconnected_subscriber_is_cut_off_and_the_rest_run_on() {
    let mut sim = Simulation::with_log_capacity(12, usize::MAX);
    let orders = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&orders, 10.0)).unwrap();
    let slow_spec = with_policy(
        subscriber(&orders, 3, 1_000.0, 0.0),
        OverflowPolicy::Disconnect,
    );
    let slow = sim.add_subscriber(slow_spec).unwrap();
    let fast = sim
        .add_subscriber(subscriber(&orders, 4, 0.0, 0.0))
        .unwrap();

    sim.advance(seconds(4));

    let snapshot = snapshot(&sim);
    let slow_view = view(&snapshot, slow);
    assert_eq!(slow_view.status, QueueStatus::Disconnected);
    let disconnected = matches!(slow_view.activity, SubscriberActivity::Disconnected { .. });
    assert!(disconnected);
    assert_eq!(slow_view.ledger.dropped_disconnected, 1);
    assert_eq!(slow_view.ledger.discarded, 3);
    assert!(slow_view.ledger.balances());
    assert_eq!(view(&snapshot, fast).ledger.delivered, 40);
    assert_eq!(snapshot.topics[0].subscriber_count, 1);
    assert!(snapshot.topics[0].ledger.balances());

    // Removing the topic takes the disconnected subscriber with it.
    sim.remove_topic(&orders).unwrap();
    let empty = self::snapshot(&sim);
    assert!(empty.subscribers.is_empty() && empty.topics.is_empty());
}

#[test]
fn a_paused_simulation_shows_a_released_publisher_at_once() {
    let status = |sim: &Simulation| snapshot(sim).publishers[0].status.clone();
    for raise_capacity in [false, true] {
        let mut sim = Simulation::new(13);
        let orders = sim.add_topic("orders").unwrap();
        sim.add_publisher(publisher(&orders, 10.0)).unwrap();
        let slow_spec = with_policy(subscriber(&orders, 1, 5_000.0, 0.0), OverflowPolicy::Block);
        let slow = sim.add_subscriber(slow_spec).unwrap();
        sim.advance(seconds(1));
        assert!(matches!(status(&sim), PublisherStatus::Blocked { .. }));

        // No time passes: the release must show without advancing the clock.
        if raise_capacity {
            let capacity = Capacity::new(20).unwrap();
            let processing = ProcessingTime::from_millis(5_000.0).unwrap();
            sim.update_subscriber(slow, capacity, processing).unwrap();
        } else {
            sim.remove_subscriber(slow).unwrap();
        }
        assert_eq!(
            status(&sim),
            PublisherStatus::Running,
            "raise {raise_capacity}"
        );
    }
}
