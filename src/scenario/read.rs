//! Reading a scenario out of parsed JSON, field by field.
//!
//! serde_json parses the text into a [`Value`], which reports syntax errors with line and
//! column; this module then walks the value by hand. Deriving `Deserialize` would be
//! shorter here, but it compiles to twice the WebAssembly for the same checks (measured
//! in the release page after `wasm-opt`: 120 KB against 59 KB, Value parser included), and
//! bundle size matters for a page. Walking by hand also lets every message name the field
//! by its path, such as `subscribers[2].capacity`, which says more than a column number.

use serde_json::{Map, Value};

use crate::broker::OverflowPolicy;
use crate::sim::InputError;

use super::action::Action;
use super::document::{
    Measure, PublisherEntry, Question, Scenario, SubscriberEntry, TimedAction, TopicEntry,
    DEFAULT_PATTERN,
};
use super::error::ScenarioError;

/// The scenario in a parsed document whose version was checked already.
pub(crate) fn scenario(value: &Value) -> Result<Scenario, ScenarioError> {
    let root = Object::new("the scenario".to_owned(), value)?;
    root.only(&[
        "version",
        "seed",
        "title",
        "explanation",
        "watch",
        "topics",
        "publishers",
        "subscribers",
        "timeline",
        "question",
    ])?;
    Ok(Scenario {
        version: root.whole("version")?,
        seed: root.whole("seed")?,
        title: root.optional_text("title")?,
        explanation: root.optional_text("explanation")?,
        watch: root.optional_text("watch")?,
        topics: root.list("topics", topic)?,
        publishers: root.list("publishers", publisher)?,
        subscribers: root.list("subscribers", subscriber)?,
        timeline: root.list("timeline", timed_action)?,
        question: root
            .optional("question")
            .map(|value| question(root.place_of("question"), value))
            .transpose()?,
    })
}

/// The version of a parsed document: `None` when it has none, or not a whole number.
pub(crate) fn version(value: &Value) -> Option<u64> {
    value.get("version").and_then(Value::as_u64)
}

fn topic(object: Object<'_>) -> Result<TopicEntry, ScenarioError> {
    object.only(&["name"])?;
    Ok(TopicEntry {
        name: object.text("name")?,
    })
}

fn publisher(object: Object<'_>) -> Result<PublisherEntry, ScenarioError> {
    object.only(&["topic", "rate", "pattern", "start_s", "stop_s"])?;
    Ok(PublisherEntry {
        topic: object.text("topic")?,
        rate: object.number("rate")?,
        pattern: object
            .optional_text("pattern")?
            .unwrap_or_else(|| DEFAULT_PATTERN.to_owned()),
        start_s: object.optional_number("start_s")?,
        stop_s: object.optional_number("stop_s")?,
    })
}

fn subscriber(object: Object<'_>) -> Result<SubscriberEntry, ScenarioError> {
    object.only(&["topic", "capacity", "policy", "processing_ms", "jitter"])?;
    subscriber_fields(&object)
}

/// The fields of a subscriber, shared by the list and the `add_subscriber` action.
fn subscriber_fields(object: &Object<'_>) -> Result<SubscriberEntry, ScenarioError> {
    Ok(SubscriberEntry {
        topic: object.text("topic")?,
        capacity: object.capacity("capacity")?,
        // Optional, as on the page: a subscriber that names no policy has the seed
        // design's drop-newest.
        policy: match object.optional("policy") {
            Some(_) => object.policy("policy")?,
            None => OverflowPolicy::default(),
        },
        processing_ms: object.number("processing_ms")?,
        jitter: object.optional_number("jitter")?.unwrap_or(0.0),
    })
}

fn timed_action(object: Object<'_>) -> Result<TimedAction, ScenarioError> {
    object.only(&["at_s", "action"])?;
    let place = object.place_of("action");
    let value = object.required("action")?;
    Ok(TimedAction {
        at_s: object.number("at_s")?,
        action: action(Object::new(place, value)?)?,
    })
}

fn action(object: Object<'_>) -> Result<Action, ScenarioError> {
    let kind = object.text("type")?;
    let action = match kind.as_str() {
        "add_topic" => {
            object.only(&["type", "topic"])?;
            Action::AddTopic {
                topic: object.text("topic")?,
            }
        }
        "rename_topic" => {
            object.only(&["type", "topic", "to"])?;
            Action::RenameTopic {
                topic: object.text("topic")?,
                to: object.text("to")?,
            }
        }
        "remove_topic" => {
            object.only(&["type", "topic"])?;
            Action::RemoveTopic {
                topic: object.text("topic")?,
            }
        }
        "close_topic" => {
            object.only(&["type", "topic"])?;
            Action::CloseTopic {
                topic: object.text("topic")?,
            }
        }
        "add_publisher" => {
            object.only(&["type", "topic", "rate", "pattern"])?;
            Action::AddPublisher {
                topic: object.text("topic")?,
                rate: object.number("rate")?,
                pattern: object
                    .optional_text("pattern")?
                    .unwrap_or_else(|| DEFAULT_PATTERN.to_owned()),
            }
        }
        "remove_publisher" => {
            object.only(&["type", "publisher"])?;
            Action::RemovePublisher {
                publisher: object.text("publisher")?,
            }
        }
        "set_rate" => {
            object.only(&["type", "publisher", "rate"])?;
            Action::SetRate {
                publisher: object.text("publisher")?,
                rate: object.number("rate")?,
            }
        }
        "add_subscriber" => {
            object.only(&[
                "type",
                "topic",
                "capacity",
                "policy",
                "processing_ms",
                "jitter",
            ])?;
            Action::AddSubscriber(subscriber_fields(&object)?)
        }
        "remove_subscriber" => {
            object.only(&["type", "subscriber"])?;
            Action::RemoveSubscriber {
                subscriber: object.text("subscriber")?,
            }
        }
        "update_subscriber" => {
            object.only(&["type", "subscriber", "capacity", "processing_ms"])?;
            Action::UpdateSubscriber {
                subscriber: object.text("subscriber")?,
                capacity: object.capacity("capacity")?,
                processing_ms: object.number("processing_ms")?,
            }
        }
        "set_policy" => {
            object.only(&["type", "subscriber", "policy"])?;
            Action::SetPolicy {
                subscriber: object.text("subscriber")?,
                policy: object.policy("policy")?,
            }
        }
        other => {
            return Err(object.wrong(
                "type",
                format!(
                    "unknown action type {other:?} (expected one of {})",
                    Action::KINDS
                ),
            ))
        }
    };
    Ok(action)
}

fn question(place: String, value: &Value) -> Result<Question, ScenarioError> {
    let object = Object::new(place, value)?;
    object.only(&["text", "subscriber", "measure", "at_s"])?;
    let label = object.text("measure")?;
    let measure = Measure::ALL
        .into_iter()
        .find(|measure| measure.label() == label)
        .ok_or_else(|| {
            object.wrong(
                "measure",
                format!(
                    "unknown measure {label:?} (expected offered, delivered, dropped, evicted, \
                     queued, discarded or lost)"
                ),
            )
        })?;
    Ok(Question {
        text: object.text("text")?,
        subscriber: object.text("subscriber")?,
        measure,
        at_s: object.number("at_s")?,
    })
}

/// A JSON object and where it stands in the document, for messages.
struct Object<'a> {
    place: String,
    fields: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    fn new(place: String, value: &'a Value) -> Result<Object<'a>, ScenarioError> {
        match value {
            Value::Object(fields) => Ok(Object { place, fields }),
            other => Err(ScenarioError::Field {
                problem: format!("expected an object, found {}", kind_of(other)),
                place,
            }),
        }
    }

    fn place_of(&self, key: &str) -> String {
        if self.place == "the scenario" {
            key.to_owned()
        } else {
            format!("{}.{key}", self.place)
        }
    }

    fn wrong(&self, key: &str, problem: String) -> ScenarioError {
        ScenarioError::Field {
            place: self.place_of(key),
            problem,
        }
    }

    /// Refuses fields other than `allowed`, which are most likely misspelt.
    fn only(&self, allowed: &[&str]) -> Result<(), ScenarioError> {
        match self
            .fields
            .keys()
            .find(|key| !allowed.contains(&key.as_str()))
        {
            None => Ok(()),
            Some(unknown) => Err(ScenarioError::Field {
                place: self.place.clone(),
                problem: format!(
                    "unknown field {unknown:?} (expected {})",
                    allowed.join(", ")
                ),
            }),
        }
    }

    /// A field that may be left out; `null` counts as left out.
    fn optional(&self, key: &str) -> Option<&'a Value> {
        self.fields.get(key).filter(|value| !value.is_null())
    }

    fn required(&self, key: &str) -> Result<&'a Value, ScenarioError> {
        self.optional(key)
            .ok_or_else(|| self.wrong(key, "missing".to_owned()))
    }

    fn text(&self, key: &str) -> Result<String, ScenarioError> {
        let value = self.required(key)?;
        self.as_text(key, value)
    }

    fn optional_text(&self, key: &str) -> Result<Option<String>, ScenarioError> {
        self.optional(key)
            .map(|value| self.as_text(key, value))
            .transpose()
    }

    fn as_text(&self, key: &str, value: &Value) -> Result<String, ScenarioError> {
        match value {
            Value::String(text) => Ok(text.clone()),
            other => Err(self.expected(key, "text", other)),
        }
    }

    fn number(&self, key: &str) -> Result<f64, ScenarioError> {
        let value = self.required(key)?;
        self.as_number(key, value)
    }

    fn optional_number(&self, key: &str) -> Result<Option<f64>, ScenarioError> {
        self.optional(key)
            .map(|value| self.as_number(key, value))
            .transpose()
    }

    fn as_number(&self, key: &str, value: &Value) -> Result<f64, ScenarioError> {
        value
            .as_f64()
            .ok_or_else(|| self.expected(key, "a number", value))
    }

    fn whole(&self, key: &str) -> Result<u64, ScenarioError> {
        let value = self.required(key)?;
        match value {
            Value::Number(number) => number.as_u64().ok_or_else(|| {
                self.wrong(
                    key,
                    format!("expected a whole number from 0 to {}", u64::MAX),
                )
            }),
            other => Err(self.expected(key, "a whole number", other)),
        }
    }

    /// A capacity: any number that is not a whole one gets the capacity's own message.
    fn capacity(&self, key: &str) -> Result<u64, ScenarioError> {
        let value = self.required(key)?;
        match value {
            Value::Number(number) => number.as_u64().ok_or_else(|| {
                ScenarioError::input(self.place.clone(), InputError::capacity_out_of_range())
            }),
            other => Err(self.expected(key, "a number", other)),
        }
    }

    fn policy(&self, key: &str) -> Result<OverflowPolicy, ScenarioError> {
        let label = self.text(key)?;
        OverflowPolicy::from_label(&label).ok_or_else(|| {
            self.wrong(
                key,
                format!(
                    "unknown policy {label:?} (expected drop-newest, drop-oldest, block or \
                     disconnect)"
                ),
            )
        })
    }

    /// The list under `key`, each item read by `item`; an absent list is empty.
    fn list<T>(
        &self,
        key: &str,
        item: fn(Object<'_>) -> Result<T, ScenarioError>,
    ) -> Result<Vec<T>, ScenarioError> {
        let Some(value) = self.optional(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(values) = value else {
            return Err(self.expected(key, "a list", value));
        };
        let place = self.place_of(key);
        values
            .iter()
            .enumerate()
            .map(|(index, value)| item(Object::new(format!("{place}[{index}]"), value)?))
            .collect()
    }

    fn expected(&self, key: &str, what: &str, found: &Value) -> ScenarioError {
        self.wrong(key, format!("expected {what}, found {}", kind_of(found)))
    }
}

/// How a message names the kind of a JSON value.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
