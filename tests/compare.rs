//! Side-by-side comparisons through the public API: which settings the two variants hold,
//! the counts they reach against a straight session run, the figures only a comparison
//! watches (buffer peaks, publishers held), the wording of differences, and refusals.
//!
//! Runs natively with `cargo test --test compare` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown --test compare`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::OverflowPolicy::{Block, DropNewest, DropOldest};
use mini_kafka_playground::scenario::{
    compare, compare_within, preset_by_id, subscriber_choices, variant, Action, Budget,
    CompareError, Comparison, ComparisonTable, Figure, PublisherEntry, Scenario, Session, Side,
    SubscriberEntry, SubscriberFigures, Target, TimedAction, TopicEntry, Variation, PRESETS,
};
use mini_kafka_playground::sim::{EventKind, PublisherStatus, SimDuration, SimTime};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn secs(seconds: f64) -> SimTime {
    SimTime::from_secs_f64(seconds)
}

fn preset(id: &str) -> Scenario {
    preset_by_id(id).unwrap().scenario()
}

fn one(name: &str) -> Target {
    Target::Subscriber(name.to_owned())
}

fn side<'a>(table: &'a ComparisonTable, name: &str, side: Side) -> &'a SubscriberFigures {
    let row = table.subscriber(name).unwrap();
    match side {
        Side::A => row.a.as_ref().unwrap(),
        Side::B => row.b.as_ref().unwrap(),
    }
}

/// The slow consumer's C under drop-newest (A) and block (B), for ten seconds.
fn slow_consumer_policies() -> (Comparison, ComparisonTable) {
    let comparison = Comparison {
        target: one("C"),
        variation: Variation::Policy {
            a: DropNewest,
            b: Block,
        },
        until: secs(10.0),
    };
    let table = compare(&preset("slow-consumer"), &comparison).unwrap();
    (comparison, table)
}

/// Each side's counts equal those of its variant run straight to the same instant in a
/// plain session, subscriber by subscriber and topic by topic.
fn assert_matches_straight_runs(scenario: &Scenario, comparison: &Comparison) {
    let table = compare(scenario, comparison).unwrap();
    for which in [Side::A, Side::B] {
        let mut session = Session::new(variant(scenario, comparison, which).unwrap()).unwrap();
        session.run_until(comparison.until).unwrap();
        let counts = session.counts();
        assert_eq!(
            table
                .subscribers
                .iter()
                .filter(|row| match which {
                    Side::A => row.a.is_some(),
                    Side::B => row.b.is_some(),
                })
                .count(),
            counts.subscribers.len()
        );
        for straight in &counts.subscribers {
            let figures = side(&table, &straight.name, which);
            assert_eq!(
                (
                    figures.offered,
                    figures.delivered,
                    figures.dropped,
                    figures.evicted,
                    figures.buffered,
                    figures.lost,
                ),
                (
                    straight.offered,
                    straight.delivered,
                    straight.dropped,
                    straight.evicted,
                    straight.queued,
                    straight.dropped + straight.evicted + straight.discarded,
                ),
                "{which}: {}",
                straight.name
            );
        }
        for topic in &counts.topics {
            let row = table.topic(&topic.name).unwrap();
            let figures = match which {
                Side::A => row.a.as_ref().unwrap(),
                Side::B => row.b.as_ref().unwrap(),
            };
            assert_eq!(
                figures.published, topic.published,
                "{which}: {}",
                topic.name
            );
        }
    }
}

#[test]
fn block_drops_nothing_and_holds_the_publisher_instead() {
    let (_, table) = slow_consumer_policies();
    let (a, b) = (side(&table, "C", Side::A), side(&table, "C", Side::B));

    assert_eq!((a.policy, b.policy), (DropNewest, Block));
    // Under drop-newest C loses 31 of 50 and P1 never waits; under block it loses none,
    // and P1 waits so long that it publishes 20 instead of 50. C receives 17 either way:
    // its 600 ms of work, not the policy, sets its pace.
    assert_eq!(
        (
            a.offered,
            a.delivered,
            a.dropped,
            a.buffered,
            a.max_buffered
        ),
        (50, 17, 31, 2, 2)
    );
    assert_eq!(a.held_publishers, SimDuration::ZERO);
    assert_eq!(
        (
            b.offered,
            b.delivered,
            b.dropped,
            b.buffered,
            b.max_buffered
        ),
        (19, 17, 0, 2, 2)
    );
    assert_eq!(b.held_publishers, SimDuration::from_micros(6_167_975));

    // The quick subscribers keep everything either way, but get fewer messages under block.
    assert_eq!(side(&table, "A", Side::A).delivered, 50);
    assert_eq!(side(&table, "A", Side::B).delivered, 20);
    assert_eq!(side(&table, "A", Side::B).dropped, 0);

    let orders = table.topic("orders").unwrap();
    let (ta, tb) = (orders.a.as_ref().unwrap(), orders.b.as_ref().unwrap());
    assert_eq!((ta.published, ta.delivered, ta.lost), (50, 117, 31));
    assert_eq!((tb.published, tb.delivered, tb.lost), (20, 57, 0));
    assert_eq!(tb.held_publishers, b.held_publishers);
    assert_eq!(table.totals(Side::B).held_publishers, b.held_publishers);
    assert_eq!(table.describe(Side::B), "C with policy block");
}

#[test]
fn the_time_publishers_were_held_matches_the_event_log() {
    let (comparison, table) = slow_consumer_policies();
    let mut session =
        Session::new(variant(&preset("slow-consumer"), &comparison, Side::B).unwrap()).unwrap();
    session.run_until(comparison.until).unwrap();

    // Every wait that ended is in the log with its length; one may still be going on.
    let ended: u64 = session
        .sim()
        .events()
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Unblocked { waited, .. } => Some(waited.as_micros()),
            _ => None,
        })
        .sum();
    let ongoing: u64 = session
        .snapshot(0)
        .publishers
        .iter()
        .filter_map(|publisher| match &publisher.status {
            PublisherStatus::Blocked { since, .. } => {
                Some(comparison.until.saturating_since(*since).as_micros())
            }
            _ => None,
        })
        .sum();
    assert!(ended > 0 && ongoing > 0, "ended {ended}, ongoing {ongoing}");
    assert_eq!(
        side(&table, "C", Side::B).held_publishers.as_micros(),
        ended + ongoing
    );
}

#[test]
fn a_bigger_buffer_drops_fewer() {
    let comparison = Comparison {
        target: one("C"),
        variation: Variation::Capacity { a: 2, b: 20 },
        until: secs(10.0),
    };
    let table = compare(&preset("slow-consumer"), &comparison).unwrap();
    let (a, b) = (side(&table, "C", Side::A), side(&table, "C", Side::B));
    assert_eq!((a.capacity, b.capacity), (2, 20));
    assert_eq!((a.dropped, a.buffered, a.max_buffered), (31, 2, 2));
    assert_eq!((b.dropped, b.buffered, b.max_buffered), (13, 20, 20));
    assert_eq!(a.delivered, b.delivered);
    // Only C was varied: A and B keep their four slots and the same counts.
    assert_eq!(side(&table, "A", Side::A), side(&table, "A", Side::B));
    assert_eq!(side(&table, "B", Side::B).capacity, 4);

    assert_eq!(
        Figure::Dropped.describe_change(a.dropped, b.dropped),
        "\u{2212}18 dropped"
    );
    assert_eq!(
        Figure::MaxBuffered.describe_change(a.max_buffered, b.max_buffered),
        "+18 max buffered"
    );
    assert_eq!(
        Figure::Delivered.describe_change(a.delivered, b.delivered),
        "same delivered"
    );
    assert_matches_straight_runs(&preset("slow-consumer"), &comparison);
}

#[test]
fn every_subscriber_can_be_varied_at_once() {
    let comparison = Comparison {
        target: Target::All,
        variation: Variation::Capacity { a: 2, b: 20 },
        until: secs(60.0),
    };
    let table = compare(&preset("slow-consumer"), &comparison).unwrap();
    for name in ["A", "B", "C"] {
        assert_eq!(side(&table, name, Side::A).capacity, 2);
        assert_eq!(side(&table, name, Side::B).capacity, 20);
    }
    assert_eq!(side(&table, "C", Side::A).dropped, 198);
    assert_eq!(side(&table, "C", Side::B).dropped, 180);
    assert_eq!(table.totals(Side::A).lost, 198);
    assert_eq!(table.totals(Side::B).lost, 180);
    assert_eq!(table.describe(Side::A), "every subscriber with capacity 2");
    assert_matches_straight_runs(&preset("slow-consumer"), &comparison);
}

#[test]
fn the_current_setting_as_a_reproduces_the_run_itself() {
    // Nothing in the slow consumer changes C's policy, so holding drop-newest is the
    // scenario as it is: A's counts are those of the preset run straight.
    let (comparison, table) = slow_consumer_policies();
    assert_eq!(
        variant(&preset("slow-consumer"), &comparison, Side::A).unwrap(),
        preset("slow-consumer")
    );
    let mut session = preset_by_id("slow-consumer").unwrap().session().unwrap();
    session.run_until(secs(10.0)).unwrap();
    let c = session.counts();
    let c = c.subscriber("C").unwrap();
    assert_eq!(
        (c.delivered, c.dropped, c.queued),
        (
            side(&table, "C", Side::A).delivered,
            side(&table, "C", Side::A).dropped,
            side(&table, "C", Side::A).buffered
        )
    );
}

#[test]
fn the_same_inputs_give_the_same_table() {
    for preset in PRESETS {
        let scenario = preset.scenario();
        // The lessons, not the benchmark loads, for which a_run_over_its_budget_is_refused
        // stands.
        if subscriber_choices(&scenario).len() > 10 {
            continue;
        }
        let Some(first) = subscriber_choices(&scenario).into_iter().next() else {
            continue;
        };
        for variation in [
            Variation::Policy {
                a: first.policy,
                b: DropOldest,
            },
            Variation::Capacity { a: 0, b: 7 },
        ] {
            let comparison = Comparison {
                target: one(&first.name),
                variation,
                until: secs(12.5),
            };
            let once = compare(&scenario, &comparison).unwrap();
            assert_eq!(
                once,
                compare(&scenario, &comparison).unwrap(),
                "{}",
                preset.id
            );
            assert_matches_straight_runs(&scenario, &comparison);
        }
    }
}

/// A scenario whose timeline changes C's policy and capacity and adds D.
fn changing_scenario() -> Scenario {
    let entry = |capacity, policy, processing_ms| SubscriberEntry {
        topic: "orders".to_owned(),
        capacity,
        policy,
        processing_ms,
        jitter: 0.0,
    };
    let mut scenario = preset("slow-consumer");
    scenario.timeline = vec![
        TimedAction {
            at_s: 2.0,
            action: Action::SetPolicy {
                subscriber: "C".to_owned(),
                policy: DropOldest,
            },
        },
        TimedAction {
            at_s: 3.0,
            action: Action::UpdateSubscriber {
                subscriber: "C".to_owned(),
                capacity: 5,
                processing_ms: 300.0,
            },
        },
        TimedAction {
            at_s: 4.0,
            action: Action::AddSubscriber(entry(1, DropNewest, 900.0)),
        },
        TimedAction {
            at_s: 5.0,
            action: Action::SetPolicy {
                subscriber: "D".to_owned(),
                policy: Block,
            },
        },
        TimedAction {
            at_s: 6.0,
            action: Action::UpdateSubscriber {
                subscriber: "D".to_owned(),
                capacity: 3,
                processing_ms: 800.0,
            },
        },
    ];
    scenario.validate().unwrap();
    scenario
}

fn kinds(scenario: &Scenario) -> Vec<&'static str> {
    scenario
        .timeline
        .iter()
        .map(|timed| timed.action.kind())
        .collect()
}

#[test]
fn a_policy_is_held_for_the_whole_run() {
    let scenario = changing_scenario();
    let comparison = Comparison {
        target: one("C"),
        variation: Variation::Policy {
            a: DropNewest,
            b: Block,
        },
        until: secs(20.0),
    };
    let b = variant(&scenario, &comparison, Side::B).unwrap();
    assert_eq!(b.subscribers[2].policy, Block);
    assert_eq!(
        (b.subscribers[0].policy, b.subscribers[1].policy),
        (DropNewest, DropNewest)
    );
    // C's set_policy is left out; D's stays, and so do the other actions.
    assert_eq!(
        kinds(&b),
        [
            "update_subscriber",
            "add_subscriber",
            "set_policy",
            "update_subscriber"
        ]
    );

    let all = variant(
        &scenario,
        &Comparison {
            target: Target::All,
            ..comparison.clone()
        },
        Side::B,
    )
    .unwrap();
    assert!(all.subscribers.iter().all(|entry| entry.policy == Block));
    assert_eq!(
        kinds(&all),
        ["update_subscriber", "add_subscriber", "update_subscriber"]
    );
    let Action::AddSubscriber(d) = &all.timeline[1].action else {
        panic!("not D: {:?}", all.timeline[1]);
    };
    assert_eq!(d.policy, Block);

    let table = compare(&scenario, &comparison).unwrap();
    assert_eq!(side(&table, "C", Side::A).policy, DropNewest);
    assert_eq!(side(&table, "C", Side::B).policy, Block);
    assert_eq!(side(&table, "D", Side::A).policy, Block);
    assert_matches_straight_runs(&scenario, &comparison);
}

#[test]
fn a_capacity_replaces_every_later_update_but_keeps_its_processing_time() {
    let scenario = changing_scenario();
    let comparison = Comparison {
        target: one("D"),
        variation: Variation::Capacity { a: 1, b: 8 },
        until: secs(20.0),
    };
    let b = variant(&scenario, &comparison, Side::B).unwrap();
    assert_eq!(kinds(&b), kinds(&scenario));
    assert_eq!(b.timeline[..2], scenario.timeline[..2]);
    let Action::AddSubscriber(d) = &b.timeline[2].action else {
        panic!("not D: {:?}", b.timeline[2]);
    };
    assert_eq!(d.capacity, 8);
    assert_eq!(
        b.timeline[4].action,
        Action::UpdateSubscriber {
            subscriber: "D".to_owned(),
            capacity: 8,
            processing_ms: 800.0,
        }
    );
    let table = compare(&scenario, &comparison).unwrap();
    assert_eq!(side(&table, "D", Side::A).capacity, 1);
    assert_eq!(side(&table, "D", Side::B).capacity, 8);
    assert_eq!(side(&table, "C", Side::B).capacity, 5);
    assert_matches_straight_runs(&scenario, &comparison);
}

#[test]
fn choices_are_named_as_the_simulation_names_them() {
    let mut scenario = Scenario::new(3);
    scenario.topics = vec![TopicEntry {
        name: "t".to_owned(),
    }];
    let entry = |capacity| SubscriberEntry {
        topic: "t".to_owned(),
        capacity,
        policy: DropNewest,
        processing_ms: 10.0,
        jitter: 0.0,
    };
    scenario.subscribers = (0..28).map(entry).collect();
    scenario.timeline = (0..3)
        .map(|index| TimedAction {
            at_s: 1.0,
            action: Action::AddSubscriber(entry(100 + index)),
        })
        .collect();
    let mut session = Session::new(scenario.clone()).unwrap();
    session.run_until(secs(1.0)).unwrap();
    let live: Vec<(String, u64)> = session
        .snapshot(0)
        .subscribers
        .iter()
        .map(|view| (view.name.to_string(), view.capacity.get() as u64))
        .collect();
    let choices: Vec<(String, u64)> = subscriber_choices(&scenario)
        .into_iter()
        .map(|choice| (choice.name, choice.capacity))
        .collect();
    assert_eq!(choices, live);
    assert_eq!(choices[26].0, "A2");
    assert_eq!(choices[30].0, "E2");
}

#[test]
fn bad_choices_are_refused_with_the_reason() {
    let scenario = preset("slow-consumer");
    let ask = |target, variation, until| {
        compare(
            &scenario,
            &Comparison {
                target,
                variation,
                until,
            },
        )
        .unwrap_err()
    };
    let unknown = ask(one("Z"), Variation::Capacity { a: 2, b: 3 }, secs(1.0));
    assert!(unknown.is_unknown_subscriber());
    assert_eq!(
        unknown.to_string(),
        "this scenario has no subscriber named \"Z\""
    );

    let too_big = ask(one("C"), Variation::Capacity { a: 2, b: 10_001 }, secs(1.0));
    assert!(too_big.is_capacity());
    assert_eq!(
        too_big,
        CompareError::Capacity {
            side: Side::B,
            slots: 10_001
        }
    );
    assert_eq!(
        too_big.to_string(),
        "B: the capacity 10001 is out of range; it must be a whole number from 0 to 10000"
    );

    let late = ask(one("C"), Variation::Capacity { a: 2, b: 3 }, secs(3_600.5));
    assert_eq!(late, CompareError::TooLate(secs(3_600.5)));

    let empty = compare(
        &preset("empty"),
        &Comparison {
            target: Target::All,
            variation: Variation::Policy {
                a: DropNewest,
                b: Block,
            },
            until: secs(1.0),
        },
    )
    .unwrap_err();
    assert_eq!(empty, CompareError::NoSubscribers);
}

#[test]
fn differences_are_worded_with_their_sign() {
    assert_eq!(Figure::Dropped.describe_change(0, 12), "+12 dropped");
    assert_eq!(
        Figure::Delivered.describe_change(50, 20),
        "\u{2212}30 delivered"
    );
    assert_eq!(Figure::Lost.describe_change(4, 4), "same lost");
    assert_eq!(
        Figure::HeldPublishers.describe_change(0, 6_167_975),
        "+6.168 s publishers held"
    );
    assert_eq!(Figure::HeldPublishers.format(1_500_000), "1.500 s");
    assert_eq!(Figure::Buffered.format(7), "7");
}

#[test]
fn a_run_over_its_budget_is_refused() {
    // 64 subscribers of one publisher at 10 000 messages a second: 640 offers a simulated
    // millisecond, so 50 000 offers run out after about 78 ms.
    let budget = Budget {
        instants: 10_000,
        offers: 50_000,
    };
    let mut scenario = firehose(64);
    let comparison = Comparison {
        target: Target::All,
        variation: Variation::Capacity { a: 4, b: 8 },
        until: secs(1.0),
    };
    let refused = compare_within(&scenario, &comparison, budget).unwrap_err();
    assert_eq!(
        refused,
        CompareError::TooLong {
            side: Side::A,
            budget
        }
    );
    assert_eq!(
        refused.to_string(),
        "A: the run is too long to compare here (over 10000 event instants or 50000 offered \
         messages); pick an earlier instant"
    );

    // Within it the same scenario compares: 70 ms is 700 messages, offered to 64 each.
    let shorter = Comparison {
        until: secs(0.07),
        ..comparison.clone()
    };
    let table = compare_within(&scenario, &shorter, budget).unwrap();
    let topic = table.topic("firehose").unwrap().a.clone().unwrap();
    assert_eq!(topic.published, 700);
    assert_eq!(topic.delivered + topic.lost + topic.buffered, 700 * 64);

    // A publisher with nobody to offer to still makes instants to run through: 10 000 in
    // one simulated second, and the budget's last instant comes just before it ends.
    scenario.subscribers.truncate(1);
    let comparison = Comparison {
        until: secs(1.5),
        ..comparison
    };
    assert_eq!(
        compare_within(&scenario, &comparison, budget).unwrap_err(),
        CompareError::TooLong {
            side: Side::A,
            budget
        }
    );

    // The page's budget is far above every lesson's first minutes.
    let fan_out = Comparison {
        target: Target::All,
        variation: Variation::Capacity { a: 4, b: 8 },
        until: secs(300.0),
    };
    assert!(compare(&preset("fan-out"), &fan_out).is_ok());
}

/// One publisher at 10 000 messages a second to `subscribers` quick subscribers.
fn firehose(subscribers: usize) -> Scenario {
    let mut scenario = Scenario::new(1);
    scenario.topics = vec![TopicEntry {
        name: "firehose".to_owned(),
    }];
    scenario.publishers = vec![PublisherEntry {
        topic: "firehose".to_owned(),
        rate: 10_000.0,
        pattern: "#{n}".to_owned(),
        start_s: None,
        stop_s: None,
    }];
    scenario.subscribers = (0..subscribers)
        .map(|_| SubscriberEntry {
            topic: "firehose".to_owned(),
            capacity: 4,
            policy: DropNewest,
            processing_ms: 0.0,
            jitter: 0.0,
        })
        .collect();
    scenario
}
