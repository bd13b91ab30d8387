//! The changes a timeline records, and how each reaches the simulation.
//!
//! An action names publishers and subscribers by their display names (`P1`, `A`) rather
//! than by id: names are what a person sees and types, and the simulation gives them in
//! creation order, so a name means the same actor in every replay of the same timeline.

use serde::Serialize;

use crate::broker::{OverflowPolicy, SubscriberId, TopicName};
use crate::sim::{InputError, ProcessingTime, PublisherId, Rate, SimError, Simulation};

use super::document::{capacity, policy_label, publisher_spec, SubscriberEntry};
use super::error::ScenarioError;

/// One change to a running simulation, as a timeline records it.
///
/// In JSON each action is an object whose `"type"` says which:
///
/// ```json
/// {"type": "add_publisher", "topic": "orders", "rate": 5, "pattern": "order #{n}"}
/// {"type": "update_subscriber", "subscriber": "C", "capacity": 8, "processing_ms": 100}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Adds an empty topic.
    AddTopic {
        /// Its name.
        topic: String,
    },
    /// Renames a topic; its publishers and subscribers follow it.
    RenameTopic {
        /// The current name.
        topic: String,
        /// The new name.
        to: String,
    },
    /// Removes a topic with its publishers and subscribers.
    RemoveTopic {
        /// Its name.
        topic: String,
    },
    /// Closes a topic: subscribers drain, publishers panic on their next send.
    CloseTopic {
        /// Its name.
        topic: String,
    },
    /// Adds a publisher.
    AddPublisher {
        /// The topic; created if missing.
        topic: String,
        /// Messages per simulated second.
        rate: f64,
        /// What it publishes; `{n}` becomes its running number.
        pattern: String,
    },
    /// Removes a publisher.
    RemovePublisher {
        /// Its name, such as `P1`.
        publisher: String,
    },
    /// Changes a publisher's rate.
    SetRate {
        /// Its name.
        publisher: String,
        /// Messages per simulated second.
        rate: f64,
    },
    /// Adds a subscriber.
    AddSubscriber(SubscriberEntry),
    /// Removes a subscriber; what it had queued is discarded.
    RemoveSubscriber {
        /// Its name, such as `A`.
        subscriber: String,
    },
    /// Changes a subscriber's capacity and processing time.
    UpdateSubscriber {
        /// Its name.
        subscriber: String,
        /// Its new buffer.
        capacity: u64,
        /// Its new processing time, in simulated milliseconds.
        processing_ms: f64,
    },
    /// Changes what a subscriber does when its buffer is full.
    SetPolicy {
        /// Its name.
        subscriber: String,
        /// The new policy.
        #[serde(serialize_with = "policy_label")]
        policy: OverflowPolicy,
    },
}

impl Action {
    /// Every action's `"type"`, as a message lists them.
    pub const KINDS: &'static str = "add_topic, rename_topic, remove_topic, close_topic, \
        add_publisher, remove_publisher, set_rate, add_subscriber, remove_subscriber, \
        update_subscriber or set_policy";

    /// The action's `"type"` in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::AddTopic { .. } => "add_topic",
            Action::RenameTopic { .. } => "rename_topic",
            Action::RemoveTopic { .. } => "remove_topic",
            Action::CloseTopic { .. } => "close_topic",
            Action::AddPublisher { .. } => "add_publisher",
            Action::RemovePublisher { .. } => "remove_publisher",
            Action::SetRate { .. } => "set_rate",
            Action::AddSubscriber(_) => "add_subscriber",
            Action::RemoveSubscriber { .. } => "remove_subscriber",
            Action::UpdateSubscriber { .. } => "update_subscriber",
            Action::SetPolicy { .. } => "set_policy",
        }
    }

    /// Whether the action creates a publisher, which takes the next publisher name.
    pub fn adds_publisher(&self) -> bool {
        matches!(self, Action::AddPublisher { .. })
    }

    /// Whether the action creates a subscriber, which takes the next subscriber name.
    pub fn adds_subscriber(&self) -> bool {
        matches!(self, Action::AddSubscriber(_))
    }

    /// Checks the action's numbers and texts, without a simulation.
    pub(crate) fn check_settings(&self, place: &str) -> Result<(), ScenarioError> {
        let at = |error| ScenarioError::input(place, error);
        match self {
            Action::AddTopic { topic }
            | Action::RemoveTopic { topic }
            | Action::CloseTopic { topic } => topic_name(place, topic).map(drop),
            Action::RenameTopic { topic, to } => {
                topic_name(place, topic)?;
                topic_name(place, to).map(drop)
            }
            Action::AddPublisher {
                topic,
                rate,
                pattern,
            } => publisher_spec(place, topic, *rate, pattern).map(drop),
            Action::SetRate { rate, .. } => Rate::per_second(*rate).map(drop).map_err(at),
            Action::AddSubscriber(entry) => entry.spec(place).map(drop),
            Action::UpdateSubscriber {
                capacity: slots,
                processing_ms,
                ..
            } => {
                capacity(*slots).map_err(at)?;
                ProcessingTime::from_millis(*processing_ms)
                    .map(drop)
                    .map_err(at)
            }
            Action::RemovePublisher { .. }
            | Action::RemoveSubscriber { .. }
            | Action::SetPolicy { .. } => Ok(()),
        }
    }

    /// Applies the action to `sim` now. `place` says where the action stands in the
    /// document, for the error.
    pub(crate) fn apply_to(&self, sim: &mut Simulation, place: &str) -> Result<(), ScenarioError> {
        let refused = |error| refusal(place, error);
        match self {
            Action::AddTopic { topic } => sim.add_topic(topic).map(drop).map_err(refused),
            Action::RenameTopic { topic, to } => {
                let from = topic_name(place, topic)?;
                sim.rename_topic(&from, to).map(drop).map_err(refused)
            }
            Action::RemoveTopic { topic } => {
                let topic = topic_name(place, topic)?;
                sim.remove_topic(&topic).map_err(refused)
            }
            Action::CloseTopic { topic } => {
                let topic = topic_name(place, topic)?;
                sim.close_topic(&topic).map_err(refused)
            }
            Action::AddPublisher {
                topic,
                rate,
                pattern,
            } => {
                let spec = publisher_spec(place, topic, *rate, pattern)?;
                sim.add_publisher(spec).map(drop).map_err(refused)
            }
            Action::RemovePublisher { publisher } => {
                let id = publisher_named(sim, place, publisher)?;
                sim.remove_publisher(id).map_err(refused)
            }
            Action::SetRate { publisher, rate } => {
                let rate = Rate::per_second(*rate).map_err(|error| refused(error.into()))?;
                let id = publisher_named(sim, place, publisher)?;
                sim.set_rate(id, rate).map_err(refused)
            }
            Action::AddSubscriber(entry) => {
                let spec = entry.spec(place)?;
                sim.add_subscriber(spec).map(drop).map_err(refused)
            }
            Action::RemoveSubscriber { subscriber } => {
                let id = subscriber_named(sim, place, subscriber)?;
                sim.remove_subscriber(id).map_err(refused)
            }
            Action::UpdateSubscriber {
                subscriber,
                capacity: slots,
                processing_ms,
            } => {
                let slots = capacity(*slots).map_err(|error| refused(error.into()))?;
                let processing = ProcessingTime::from_millis(*processing_ms)
                    .map_err(|error| refused(error.into()))?;
                let id = subscriber_named(sim, place, subscriber)?;
                sim.update_subscriber(id, slots, processing)
                    .map_err(refused)
            }
            Action::SetPolicy { subscriber, policy } => {
                let id = subscriber_named(sim, place, subscriber)?;
                sim.set_policy(id, *policy).map_err(refused)
            }
        }
    }
}

/// A topic name, checked.
pub(crate) fn topic_name(place: &str, name: &str) -> Result<TopicName, ScenarioError> {
    TopicName::new(name).map_err(|error| ScenarioError::input(place, InputError::from(error)))
}

/// A simulation's refusal, with a setting out of range reported as such.
pub(crate) fn refusal(place: &str, error: SimError) -> ScenarioError {
    match error {
        SimError::Input(error) => ScenarioError::input(place, error),
        other => ScenarioError::simulation(place, other),
    }
}

fn publisher_named(
    sim: &Simulation,
    place: &str,
    name: &str,
) -> Result<PublisherId, ScenarioError> {
    sim.publisher_named(name)
        .ok_or_else(|| ScenarioError::UnknownPublisher {
            place: place.to_owned(),
            name: name.to_owned(),
        })
}

fn subscriber_named(
    sim: &Simulation,
    place: &str,
    name: &str,
) -> Result<SubscriberId, ScenarioError> {
    sim.subscriber_named(name)
        .ok_or_else(|| ScenarioError::UnknownSubscriber {
            place: place.to_owned(),
            name: name.to_owned(),
        })
}
