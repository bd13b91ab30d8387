//! The scenario document: what a JSON file or a share link holds, and the checks that run
//! before anything of it reaches a simulation.
//!
//! The document keeps plain numbers and text, exactly as written, so that it serializes back
//! to the same JSON. [`Scenario::validate`] turns each setting into the simulation's checked
//! type and replays the topology at time zero, so a document that passes it builds and runs.

use serde::Serialize;

use crate::broker::OverflowPolicy;
use crate::sim::{
    InputError, Jitter, PayloadPattern, ProcessingTime, PublisherSpec, Rate, SimTime,
    SubscriberSpec,
};

use super::action::{topic_name, Action};
use super::error::ScenarioError;
use super::read;
use super::session::dry_run;

/// The document version this playground writes and reads.
pub const SCENARIO_VERSION: u64 = 1;

/// The longest scenario, in bytes of JSON: 64 KiB. The presets take one to two KiB; a session
/// that recorded a few hundred actions stays well below.
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024;

/// The most topics a scenario may list.
pub const MAX_TOPICS: usize = 32;

/// The most publishers a scenario may list.
pub const MAX_PUBLISHERS: usize = 32;

/// The most subscribers a scenario may list.
pub const MAX_SUBSCRIBERS: usize = 128;

/// The most actions a timeline may hold.
pub const MAX_TIMELINE: usize = 500;

/// The latest instant a scenario may name, in simulated seconds: one hour.
pub const MAX_TIME_S: f64 = 3_600.0;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

/// The longest explanation, hint or question, in characters.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// The pattern a publisher gets when its entry names none.
pub const DEFAULT_PATTERN: &str = "message #{n}";

/// A playground scenario: a seed, the starting topology, a timeline of changes, and optional
/// words that explain what to look at.
///
/// Publishers and subscribers are named the way the simulation names them, in the order
/// they are created: publishers `P1`, `P2`, ..., subscribers `A`, `B`, ... . Creation follows
/// this order:
///
/// 1. the `topics`, in list order;
/// 2. the `publishers` without `start_s`, in list order;
/// 3. the `subscribers`, in list order;
/// 4. then, in time order, publishers reaching their `start_s` or `stop_s` and the
///    `timeline` actions. At the same instant, publishers start and stop first, in list
///    order, then the timeline actions run in their order.
///
/// The timeline must be listed in time order; an out-of-order timeline is refused rather
/// than sorted, because the order of actions at the same instant decides their names.
///
/// ```
/// use mini_kafka_playground::scenario::Scenario;
///
/// let scenario = Scenario::from_json(r#"{
///     "version": 1,
///     "seed": 7,
///     "topics": [{"name": "orders"}],
///     "publishers": [{"topic": "orders", "rate": 5, "pattern": "order #{n}"}],
///     "subscribers": [
///         {"topic": "orders", "capacity": 2, "policy": "drop-newest", "processing_ms": 600}
///     ],
///     "timeline": [
///         {"at_s": 3, "action": {"type": "set_policy", "subscriber": "A", "policy": "block"}}
///     ]
/// }"#)?;
/// assert_eq!(Scenario::from_json(&scenario.to_json_pretty())?, scenario);
/// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Always [`SCENARIO_VERSION`].
    pub version: u64,
    /// The seed of the simulation's random number generator.
    pub seed: u64,
    /// A short title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the scenario shows, in a few sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// What to look at while it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watch: Option<String>,
    /// Topics created first.
    pub topics: Vec<TopicEntry>,
    /// Publishers, created at the start or at their `start_s`.
    pub publishers: Vec<PublisherEntry>,
    /// Subscribers, created at the start.
    pub subscribers: Vec<SubscriberEntry>,
    /// Changes at later instants, in time order.
    pub timeline: Vec<TimedAction>,
    /// A question to answer before running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
}

/// A topic created at the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicEntry {
    /// Its name.
    pub name: String,
}

/// A publisher of the starting topology.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublisherEntry {
    /// The topic it publishes on; created if missing.
    pub topic: String,
    /// Messages per simulated second.
    pub rate: f64,
    /// What it publishes; `{n}` becomes its running number.
    pub pattern: String,
    /// When it is added, in seconds; at the start when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    /// When it is removed, in seconds; never when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_s: Option<f64>,
}

/// A subscriber: its topic, buffer, policy and pace. Used for the starting topology and by
/// [`Action::AddSubscriber`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubscriberEntry {
    /// The topic it subscribes to; created if missing.
    pub topic: String,
    /// Its buffer; zero is unbuffered.
    pub capacity: u64,
    /// What happens when its buffer is full.
    #[serde(serialize_with = "policy_label")]
    pub policy: OverflowPolicy,
    /// How long it works on each message, in simulated milliseconds.
    pub processing_ms: f64,
    /// How much that varies, from 0 to 1.
    #[serde(skip_serializing_if = "is_zero")]
    pub jitter: f64,
}

/// One timeline entry: an action and the instant it happens.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimedAction {
    /// When, in simulated seconds.
    pub at_s: f64,
    /// What.
    pub action: Action,
}

/// A question to answer before pressing run: the value of one count of one subscriber at
/// one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    /// The question, as the playground shows it.
    pub text: String,
    /// The subscriber it asks about, such as `B`.
    pub subscriber: String,
    /// Which of its counts.
    pub measure: Measure,
    /// At which instant, in simulated seconds.
    pub at_s: f64,
}

/// A count of one subscriber's ledger that a [`Question`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Messages published on its topic while it was subscribed.
    Offered,
    /// Messages it received.
    Delivered,
    /// Messages dropped for it, for any reason.
    Dropped,
    /// Messages evicted from its buffer by newer ones.
    Evicted,
    /// Messages waiting in its buffer.
    Queued,
    /// Messages discarded when it was removed or cut off.
    Discarded,
    /// Everything it will never receive: dropped, evicted and discarded.
    Lost,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 7] = [
        Measure::Offered,
        Measure::Delivered,
        Measure::Dropped,
        Measure::Evicted,
        Measure::Queued,
        Measure::Discarded,
        Measure::Lost,
    ];

    /// The measure's name as the document writes it.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Offered => "offered",
            Measure::Delivered => "delivered",
            Measure::Dropped => "dropped",
            Measure::Evicted => "evicted",
            Measure::Queued => "queued",
            Measure::Discarded => "discarded",
            Measure::Lost => "lost",
        }
    }
}

impl Scenario {
    /// A scenario with nothing in it but the seed.
    pub fn new(seed: u64) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            seed,
            title: None,
            explanation: None,
            watch: None,
            topics: Vec::new(),
            publishers: Vec::new(),
            subscribers: Vec::new(),
            timeline: Vec::new(),
            question: None,
        }
    }

    /// Reads and checks a scenario document.
    ///
    /// Refuses, with a message that says where: text longer than [`MAX_SCENARIO_BYTES`];
    /// anything that is not JSON or not the shape of a scenario, including unknown fields;
    /// a version other than [`SCENARIO_VERSION`]; and everything [`Scenario::validate`]
    /// refuses.
    ///
    /// ```
    /// use mini_kafka_playground::scenario::Scenario;
    ///
    /// let error = Scenario::from_json(r#"{"version": 1, "seed": 1,
    ///     "subscribers": [{"topic": "t", "capacity": 1, "policy": "drop-all",
    ///                      "processing_ms": 0}]}"#).unwrap_err();
    /// assert!(error.to_string().contains("unknown policy \"drop-all\""));
    /// ```
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        if json.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError::TooLarge {
                bytes: json.len(),
                max: MAX_SCENARIO_BYTES,
            });
        }

        // Syntax first, with serde_json's line and column, then the version on its own: a
        // document from a newer playground may have fields this one does not know, and
        // "unsupported version" says more than "unknown field".
        let value: serde_json::Value = serde_json::from_str(json).map_err(malformed)?;
        if !value.is_object() {
            return Err(ScenarioError::Malformed(
                "a scenario is a JSON object, in { and }".to_owned(),
            ));
        }
        match read::version(&value) {
            Some(SCENARIO_VERSION) => {}
            Some(other) => return Err(ScenarioError::UnsupportedVersion(other)),
            None => return Err(ScenarioError::MissingVersion),
        }

        let scenario = read::scenario(&value)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The scenario as indented JSON, which [`Scenario::from_json`] reads back equal.
    pub fn to_json_pretty(&self) -> String {
        // serde_json fails only for maps whose keys are not strings and for Serialize impls
        // that fail on purpose; the document has neither, so nothing is lost here.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario as compact JSON, for share links.
    pub fn to_json_compact(&self) -> String {
        // As in `to_json_pretty`: this cannot fail for the document's types.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks everything but the JSON syntax: the version, the limits on counts, texts and
    /// times, the order of the timeline, every setting through the simulation's checked
    /// constructors, and every name an action uses.
    ///
    /// Names are checked by replaying the topology on a scratch simulation at time zero,
    /// without running it: which topics, publishers and subscribers exist at each point of
    /// the timeline does not depend on time, so whatever passes here also applies when the
    /// scenario runs.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(ScenarioError::UnsupportedVersion(self.version));
        }
        self.check_limits()?;
        self.check_times()?;
        self.check_settings()?;
        dry_run(self)
    }

    fn check_limits(&self) -> Result<(), ScenarioError> {
        let counts = [
            ("topics", self.topics.len(), MAX_TOPICS),
            ("publishers", self.publishers.len(), MAX_PUBLISHERS),
            ("subscribers", self.subscribers.len(), MAX_SUBSCRIBERS),
            ("timeline actions", self.timeline.len(), MAX_TIMELINE),
        ];
        for (what, count, max) in counts {
            if count > max {
                return Err(ScenarioError::TooMany { what, count, max });
            }
        }

        let texts = [
            ("title", self.title.as_deref(), MAX_TITLE_CHARS),
            ("explanation", self.explanation.as_deref(), MAX_TEXT_CHARS),
            ("hint", self.watch.as_deref(), MAX_TEXT_CHARS),
            (
                "question",
                self.question
                    .as_ref()
                    .map(|question| question.text.as_str()),
                MAX_TEXT_CHARS,
            ),
        ];
        for (field, text, max) in texts {
            if text.is_some_and(|text| text.chars().count() > max) {
                return Err(ScenarioError::TextTooLong { field, max });
            }
        }
        Ok(())
    }

    fn check_times(&self) -> Result<(), ScenarioError> {
        for (index, publisher) in self.publishers.iter().enumerate() {
            let start = publisher
                .start_s
                .map(|start| check_time(&format!("publishers[{index}].start_s"), start))
                .transpose()?;
            let stop = publisher
                .stop_s
                .map(|stop| check_time(&format!("publishers[{index}].stop_s"), stop))
                .transpose()?;
            if let Some(stop) = stop {
                if stop <= start.unwrap_or(SimTime::ZERO) {
                    return Err(ScenarioError::Time {
                        place: format!("publishers[{index}].stop_s"),
                        problem: "the publisher must stop after it starts".to_owned(),
                    });
                }
            }
        }

        let mut previous_s = 0.0;
        for (index, entry) in self.timeline.iter().enumerate() {
            check_time(&format!("timeline[{index}].at_s"), entry.at_s)?;
            if entry.at_s < previous_s {
                return Err(ScenarioError::Unsorted {
                    index,
                    at_s: entry.at_s,
                    previous_s,
                });
            }
            previous_s = entry.at_s;
        }

        if let Some(question) = &self.question {
            check_time("question.at_s", question.at_s)?;
        }
        Ok(())
    }

    /// Every setting through its checked constructor, so that a bad number is reported
    /// where it was written even when the topology would fail first.
    fn check_settings(&self) -> Result<(), ScenarioError> {
        for (index, topic) in self.topics.iter().enumerate() {
            topic_name(&format!("topics[{index}]"), &topic.name)?;
        }
        for (index, publisher) in self.publishers.iter().enumerate() {
            publisher.spec(&format!("publishers[{index}]"))?;
        }
        for (index, subscriber) in self.subscribers.iter().enumerate() {
            subscriber.spec(&format!("subscribers[{index}]"))?;
        }
        for (index, entry) in self.timeline.iter().enumerate() {
            entry
                .action
                .check_settings(&timeline_place(index, entry.at_s))?;
        }
        Ok(())
    }
}

impl PublisherEntry {
    /// The simulation's checked form of this entry.
    pub fn spec(&self, place: &str) -> Result<PublisherSpec, ScenarioError> {
        publisher_spec(place, &self.topic, self.rate, &self.pattern)
    }
}

impl SubscriberEntry {
    /// The simulation's checked form of this entry.
    pub fn spec(&self, place: &str) -> Result<SubscriberSpec, ScenarioError> {
        let at = |error| ScenarioError::input(place, error);
        Ok(SubscriberSpec {
            topic: topic_name(place, &self.topic)?,
            capacity: capacity(self.capacity).map_err(at)?,
            policy: self.policy,
            processing: ProcessingTime::from_millis(self.processing_ms).map_err(at)?,
            jitter: Jitter::new(self.jitter).map_err(at)?,
        })
    }
}

/// A publisher's settings, checked.
pub(crate) fn publisher_spec(
    place: &str,
    topic: &str,
    rate: f64,
    pattern: &str,
) -> Result<PublisherSpec, ScenarioError> {
    let at = |error| ScenarioError::input(place, error);
    Ok(PublisherSpec {
        topic: topic_name(place, topic)?,
        rate: Rate::per_second(rate).map_err(at)?,
        pattern: PayloadPattern::new(pattern).map_err(at)?,
    })
}

/// A capacity, checked; the document's number is wider than the platform's `usize` on wasm32.
pub(crate) fn capacity(slots: u64) -> Result<crate::broker::Capacity, InputError> {
    usize::try_from(slots)
        .ok()
        .and_then(crate::broker::Capacity::new)
        .ok_or_else(InputError::capacity_out_of_range)
}

/// How an error names a timeline entry: its index and its time.
pub(crate) fn timeline_place(index: usize, at_s: f64) -> String {
    format!("timeline[{index}] at {at_s} s")
}

/// Checks a time in seconds and converts it to the simulation's microseconds.
pub(crate) fn check_time(place: &str, seconds: f64) -> Result<SimTime, ScenarioError> {
    if !seconds.is_finite() || !(0.0..=MAX_TIME_S).contains(&seconds) {
        return Err(ScenarioError::Time {
            place: place.to_owned(),
            problem: format!("the time must be a number of seconds from 0 to {MAX_TIME_S}"),
        });
    }
    Ok(SimTime::from_secs_f64(seconds))
}

fn malformed(error: serde_json::Error) -> ScenarioError {
    ScenarioError::Malformed(error.to_string())
}

fn is_zero(value: &f64) -> bool {
    *value == 0.0
}

/// Writes a policy as its label, such as `drop-newest`.
pub(crate) fn policy_label<S: serde::Serializer>(
    policy: &OverflowPolicy,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(policy.label())
}
