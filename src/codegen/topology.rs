//! The part of a snapshot that the code depends on: topics, publishers and subscribers with
//! their settings, and no counters, so it changes only when the topology does.

use std::rc::Rc;

use crate::broker::TopicName;
use crate::sim::{PublisherSpec, Snapshot, SubscriberSpec};

/// What the generated programs set up: every topic, publisher and subscriber, in the order the
/// playground lists them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Topology {
    /// Every topic.
    pub topics: Vec<TopicSetup>,
    /// Every publisher, oldest first.
    pub publishers: Vec<Named<PublisherSpec>>,
    /// Every current subscriber, oldest first.
    pub subscribers: Vec<Named<SubscriberSpec>>,
}

impl Topology {
    /// The topology of `snapshot`. Two snapshots of the same setup at different instants
    /// give equal topologies, however many messages flowed in between, so a UI keyed on it
    /// regenerates the code only when the setup changes.
    ///
    /// ```
    /// use mini_kafka_playground::codegen::Topology;
    /// use mini_kafka_playground::scenario::preset_by_id;
    /// use mini_kafka_playground::sim::SimTime;
    ///
    /// let mut session = preset_by_id("slow-consumer").unwrap().session()?;
    /// let before = Topology::of(&session.snapshot(0));
    /// session.run_until(SimTime::from_secs_f64(5.0))?;
    /// assert_eq!(Topology::of(&session.snapshot(0)), before);
    /// assert_eq!(before.subscribers.len(), 3);
    /// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
    /// ```
    pub fn of(snapshot: &Snapshot) -> Topology {
        Topology {
            topics: snapshot
                .topics
                .iter()
                .map(|topic| TopicSetup {
                    name: topic.name.clone(),
                    closed: topic.closed,
                })
                .collect(),
            publishers: snapshot
                .publishers
                .iter()
                .map(|publisher| Named {
                    name: publisher.name.clone(),
                    spec: PublisherSpec {
                        topic: publisher.topic.clone(),
                        rate: publisher.rate,
                        pattern: publisher.pattern.clone(),
                    },
                })
                .collect(),
            subscribers: snapshot
                .subscribers
                .iter()
                .map(|subscriber| Named {
                    name: subscriber.name.clone(),
                    spec: SubscriberSpec {
                        topic: subscriber.topic.clone(),
                        capacity: subscriber.capacity,
                        policy: subscriber.policy,
                        processing: subscriber.processing,
                        jitter: subscriber.jitter,
                    },
                })
                .collect(),
        }
    }
}

/// One topic: its name, and whether it was closed.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicSetup {
    /// Its name.
    pub name: TopicName,
    /// Whether it was closed.
    pub closed: bool,
}

/// A publisher or subscriber with the name the playground shows for it, `P1` or `A`.
#[derive(Clone, Debug, PartialEq)]
pub struct Named<S> {
    /// Its name.
    pub name: Rc<str>,
    /// Its settings.
    pub spec: S,
}
