//! The ledger holds in any scenario: a property test over thousands of random simulations.
//!
//! Each case draws topics, publishers with random rates, subscribers with random capacities,
//! policies, processing times and jitter, and a timeline of closes, removals, policy,
//! capacity and rate changes at random instants. Over every case it asserts that nothing
//! panics, that every subscriber's and every topic's ledger balances, and that each
//! subscriber receives its messages in publish order.
//!
//! Native only: proptest's runner is not built for the browser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use mini_kafka_playground::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use mini_kafka_playground::sim::{
    EventKind, Jitter, PayloadPattern, ProcessingTime, PublisherId, PublisherSpec, Rate, SimTime,
    Simulation, SubscriberSpec,
};
use proptest::prelude::*;

const RUN_MICROS: u64 = 6_000_000;

#[derive(Clone, Debug)]
struct SubscriberPlan {
    topic: usize,
    capacity: usize,
    policy: OverflowPolicy,
    processing_ms: f64,
    jitter: f64,
}

#[derive(Clone, Debug)]
enum Action {
    Close {
        topic: usize,
    },
    Remove {
        subscriber: usize,
    },
    SetPolicy {
        subscriber: usize,
        policy: OverflowPolicy,
    },
    SetCapacity {
        subscriber: usize,
        capacity: usize,
        processing_ms: f64,
    },
    SetRate {
        publisher: usize,
        rate: f64,
    },
    RemovePublisher {
        publisher: usize,
    },
    AddSubscriber(SubscriberPlan),
}

#[derive(Clone, Debug)]
struct Scenario {
    seed: u64,
    topics: usize,
    publishers: Vec<(usize, f64)>,
    subscribers: Vec<SubscriberPlan>,
    timeline: Vec<(u64, Action)>,
}

fn policy() -> impl Strategy<Value = OverflowPolicy> {
    prop::sample::select(OverflowPolicy::ALL.to_vec())
}

fn subscriber_plan(topics: usize) -> impl Strategy<Value = SubscriberPlan> {
    (
        0..topics,
        0usize..=10,
        policy(),
        0.0f64..800.0,
        0.0f64..=1.0,
    )
        .prop_map(
            |(topic, capacity, policy, processing_ms, jitter)| SubscriberPlan {
                topic,
                capacity,
                policy,
                processing_ms,
                jitter,
            },
        )
}

fn action(topics: usize) -> impl Strategy<Value = Action> {
    // Indices may point past the end, or at something already removed: the simulation must
    // answer those with an error value, never a panic.
    prop_oneof![
        (0..topics).prop_map(|topic| Action::Close { topic }),
        (0usize..8).prop_map(|subscriber| Action::Remove { subscriber }),
        (0usize..8, policy())
            .prop_map(|(subscriber, policy)| Action::SetPolicy { subscriber, policy }),
        (0usize..8, 0usize..=10, 0.0f64..800.0).prop_map(
            |(subscriber, capacity, processing_ms)| Action::SetCapacity {
                subscriber,
                capacity,
                processing_ms,
            }
        ),
        (0usize..4, 0.5f64..60.0).prop_map(|(publisher, rate)| Action::SetRate { publisher, rate }),
        (0usize..4).prop_map(|publisher| Action::RemovePublisher { publisher }),
        subscriber_plan(topics).prop_map(Action::AddSubscriber),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1usize..=3).prop_flat_map(|topics| {
        (
            any::<u64>(),
            prop::collection::vec((0..topics, 0.5f64..60.0), 1..=4),
            prop::collection::vec(subscriber_plan(topics), 1..=6),
            prop::collection::vec((0..RUN_MICROS, action(topics)), 0..=8),
        )
            .prop_map(move |(seed, publishers, subscribers, timeline)| Scenario {
                seed,
                topics,
                publishers,
                subscribers,
                timeline,
            })
    })
}

fn subscriber_spec(topic: &TopicName, plan: &SubscriberPlan) -> SubscriberSpec {
    SubscriberSpec {
        topic: topic.clone(),
        capacity: Capacity::new(plan.capacity).unwrap(),
        policy: plan.policy,
        processing: ProcessingTime::from_millis(plan.processing_ms).unwrap(),
        jitter: Jitter::new(plan.jitter).unwrap(),
    }
}

/// Runs a scenario to its end. Refusals (removing twice, closing twice, subscribing to a
/// closed topic) are expected and ignored; they are error values by design.
fn run(scenario: &Scenario) -> Simulation {
    let mut sim = Simulation::with_log_capacity(scenario.seed, usize::MAX);
    let topics: Vec<TopicName> = (0..scenario.topics)
        .map(|index| sim.add_topic(&format!("t{index}")).unwrap())
        .collect();
    let mut publishers: Vec<PublisherId> = Vec::new();
    for (topic, rate) in &scenario.publishers {
        let spec = PublisherSpec {
            topic: topics[*topic].clone(),
            rate: Rate::per_second(*rate).unwrap(),
            pattern: PayloadPattern::new("m{n}").unwrap(),
        };
        publishers.push(sim.add_publisher(spec).unwrap());
    }
    let mut subscribers: Vec<SubscriberId> = Vec::new();
    for plan in &scenario.subscribers {
        let spec = subscriber_spec(&topics[plan.topic], plan);
        subscribers.push(sim.add_subscriber(spec).unwrap());
    }

    let mut timeline = scenario.timeline.clone();
    timeline.sort_by_key(|(at, _)| *at);
    for (at, action) in timeline {
        sim.run_until(SimTime::from_micros(at));
        let subscriber = |index: usize| subscribers.get(index).copied();
        let _refused_or_done = match action {
            Action::Close { topic } => sim.close_topic(&topics[topic]).map(drop),
            Action::Remove { subscriber: index } => match subscriber(index) {
                Some(id) => sim.remove_subscriber(id),
                None => Ok(()),
            },
            Action::SetPolicy {
                subscriber: index,
                policy,
            } => match subscriber(index) {
                Some(id) => sim.set_policy(id, policy),
                None => Ok(()),
            },
            Action::SetCapacity {
                subscriber: index,
                capacity,
                processing_ms,
            } => match subscriber(index) {
                Some(id) => sim.update_subscriber(
                    id,
                    Capacity::new(capacity).unwrap(),
                    ProcessingTime::from_millis(processing_ms).unwrap(),
                ),
                None => Ok(()),
            },
            Action::SetRate {
                publisher: index,
                rate,
            } => match publishers.get(index) {
                Some(id) => sim.set_rate(*id, Rate::per_second(rate).unwrap()),
                None => Ok(()),
            },
            Action::RemovePublisher { publisher: index } => match publishers.get(index) {
                Some(id) => sim.remove_publisher(*id),
                None => Ok(()),
            },
            Action::AddSubscriber(plan) => sim
                .add_subscriber(subscriber_spec(&topics[plan.topic], &plan))
                .map(|id| subscribers.push(id)),
        };
    }
    sim.run_until(SimTime::from_micros(RUN_MICROS));
    sim
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_message_is_accounted_for_in_order(scenario in scenario()) {
        let sim = run(&scenario);
        let snapshot = sim.snapshot(&[], 0);

        for subscriber in &snapshot.subscribers {
            prop_assert!(
                subscriber.ledger.balances(),
                "{} on {}: {:?}", subscriber.name, subscriber.topic, subscriber.ledger
            );
            prop_assert!(
                subscriber.len <= subscriber.capacity.get().max(10),
                "{} holds {} of {}", subscriber.name, subscriber.len, subscriber.capacity.get()
            );
        }
        for topic in &snapshot.topics {
            prop_assert!(topic.ledger.balances(), "{}: {:?}", topic.name, topic.ledger);
        }

        // FIFO per subscriber: the messages each receives come in publish order.
        let mut last_received: BTreeMap<u64, u64> = BTreeMap::new();
        for event in sim.events() {
            if let EventKind::Deliver { subscriber, message, .. } = event.kind {
                let last = last_received.insert(subscriber.id, message.0).unwrap_or(0);
                prop_assert!(
                    message.0 > last,
                    "{} received m{} after m{}", subscriber.name, message.0, last
                );
            }
        }
    }
}
