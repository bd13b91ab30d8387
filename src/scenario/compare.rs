//! Side-by-side runs: the same scenario and seed under two settings of one subscriber, or of
//! all of them, with the difference in every count.
//!
//! # What differs between A and B
//!
//! A comparison varies one thing, the overflow policy or the buffer capacity, and builds two
//! variants of the scenario that hold the chosen value for the whole run:
//!
//! - **Policy.** The subscriber's creation entry (in `subscribers`, or the timeline's
//!   `add_subscriber`) gets the policy, and every `set_policy` action for it is left out, so
//!   that nothing changes it later.
//! - **Capacity.** The creation entry gets the capacity, and every `update_subscriber` for it
//!   keeps its processing time but takes the capacity.
//!
//! With [`Target::All`] this applies to every subscriber the scenario creates. Everything
//! else, the seed included, stays as it is, so any difference in the counts comes from the
//! setting alone.
//!
//! # Running both
//!
//! Both variants run from time zero to the same instant, one event instant at a time, which
//! gives exactly the counts of a straight [`Session::run_until`] (a test checks it), and on
//! the way two figures that the final counts do not hold: the highest buffer level each
//! subscriber reached at the end of any instant, and how long publishers were held back by
//! each blocking subscriber. A run that needs more event instants or offered messages than
//! its [`Budget`] allows is refused rather than left to freeze the page.
//!
//! ```
//! use mini_kafka_playground::broker::OverflowPolicy;
//! use mini_kafka_playground::scenario::{compare, preset_by_id, Comparison, Target, Variation};
//! use mini_kafka_playground::sim::SimTime;
//!
//! let scenario = preset_by_id("slow-consumer").unwrap().scenario();
//! let table = compare(&scenario, &Comparison {
//!     target: Target::Subscriber("C".to_owned()),
//!     variation: Variation::Policy { a: OverflowPolicy::DropNewest, b: OverflowPolicy::Block },
//!     until: SimTime::from_secs_f64(10.0),
//! })?;
//! let c = table.subscriber("C").unwrap();
//! assert!(c.a.as_ref().unwrap().dropped > 0);
//! assert_eq!(c.b.as_ref().unwrap().dropped, 0);
//! # Ok::<(), mini_kafka_playground::scenario::CompareError>(())
//! ```

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;

use crate::broker::{OverflowPolicy, MAX_CAPACITY};
use crate::sim::{PublisherStatus, SimDuration, SimTime, Snapshot};

use super::action::Action;
use super::document::{capacity, Scenario, SubscriberEntry, MAX_TIME_S};
use super::error::ScenarioError;
use super::session::Session;

/// How much work one side of a comparison may do before it is refused: a comparison runs
/// in one go, on a button press, so a run beyond this would hold the page for seconds.
///
/// Event instants bound a run with few subscribers, offers one with many: every message
/// offered to a subscriber is work, whether delivered or dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The most event instants.
    pub instants: usize,
    /// The most messages offered, added over subscribers.
    pub offers: u64,
}

impl Budget {
    /// The page's budget, about half a second per side in the browser. Fan-out, the
    /// busiest lesson, has about 70 event instants and 60 offers per simulated second, so
    /// it compares up to some 20 minutes; the slow consumer, a whole hour; the heavy-load
    /// benchmark, at a million offers a second, half a second.
    pub const PAGE: Budget = Budget {
        instants: 100_000,
        offers: 500_000,
    };
}

/// Which subscribers get the varied setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every subscriber the scenario creates.
    All,
    /// One subscriber, by name, such as `C`.
    Subscriber(String),
}

/// The setting that differs, with its value for A and for B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variation {
    /// The overflow policy.
    Policy {
        /// A's policy.
        a: OverflowPolicy,
        /// B's policy.
        b: OverflowPolicy,
    },
    /// The buffer capacity; zero is unbuffered.
    Capacity {
        /// A's capacity.
        a: u64,
        /// B's capacity.
        b: u64,
    },
}

/// One value of the varied setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// An overflow policy.
    Policy(OverflowPolicy),
    /// A capacity.
    Capacity(u64),
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Setting::Policy(policy) => write!(f, "policy {policy}"),
            Setting::Capacity(slots) => write!(f, "capacity {slots}"),
        }
    }
}

/// One of the two runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The first run, usually the current setting.
    A,
    /// The second run, the alternative.
    B,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::A => "A",
            Side::B => "B",
        })
    }
}

impl Variation {
    /// The setting one side holds.
    pub fn setting(self, side: Side) -> Setting {
        match (self, side) {
            (Variation::Policy { a, .. }, Side::A) => Setting::Policy(a),
            (Variation::Policy { b, .. }, Side::B) => Setting::Policy(b),
            (Variation::Capacity { a, .. }, Side::A) => Setting::Capacity(a),
            (Variation::Capacity { b, .. }, Side::B) => Setting::Capacity(b),
        }
    }
}

/// What to compare: which subscribers, which setting, and up to which instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Which subscribers get the setting.
    pub target: Target,
    /// The setting and its two values.
    pub variation: Variation,
    /// Both runs stop here.
    pub until: SimTime,
}

/// A comparison the playground refused, or a run that could not finish.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CompareError {
    /// No subscriber of that name is ever created by the scenario.
    UnknownSubscriber(String),
    /// The scenario has no subscriber to vary.
    NoSubscribers,
    /// A capacity above [`MAX_CAPACITY`].
    Capacity {
        /// Which side asked for it.
        side: Side,
        /// The value asked for.
        slots: u64,
    },
    /// An instant beyond [`MAX_TIME_S`].
    TooLate(SimTime),
    /// The run would take more work than the [`Budget`] allows.
    TooLong {
        /// Which side.
        side: Side,
        /// The budget it went over.
        budget: Budget,
    },
    /// A variant did not validate, or a step failed while it ran.
    Run {
        /// Which side.
        side: Side,
        /// What went wrong.
        error: ScenarioError,
    },
}

impl CompareError {
    /// Whether the subscriber asked for does not exist.
    pub fn is_unknown_subscriber(&self) -> bool {
        matches!(self, CompareError::UnknownSubscriber(_))
    }

    /// Whether a capacity was out of range.
    pub fn is_capacity(&self) -> bool {
        matches!(self, CompareError::Capacity { .. })
    }
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::UnknownSubscriber(name) => {
                write!(f, "this scenario has no subscriber named \"{name}\"")
            }
            CompareError::NoSubscribers => f.write_str("this scenario has no subscriber to vary"),
            CompareError::Capacity { side, slots } => write!(
                f,
                "{side}: the capacity {slots} is out of range; it must be a whole number from \
                 0 to {MAX_CAPACITY}"
            ),
            CompareError::TooLate(at) => write!(
                f,
                "{at} is too late to compare; pick an instant up to {MAX_TIME_S} s"
            ),
            CompareError::TooLong { side, budget } => write!(
                f,
                "{side}: the run is too long to compare here (over {} event instants or {} \
                 offered messages); pick an earlier instant",
                budget.instants, budget.offers
            ),
            CompareError::Run { side, error } => write!(f, "{side}: {error}"),
        }
    }
}

impl Error for CompareError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CompareError::Run { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A subscriber a scenario creates, with the settings it is created with.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriberChoice {
    /// Its name, such as `C`.
    pub name: String,
    /// The topic it subscribes to when created.
    pub topic: String,
    /// Its capacity when created.
    pub capacity: u64,
    /// Its policy when created.
    pub policy: OverflowPolicy,
}

/// Every subscriber `scenario` creates, in creation order: the `subscribers` list, then the
/// timeline's `add_subscriber` actions.
pub fn subscriber_choices(scenario: &Scenario) -> Vec<SubscriberChoice> {
    creation_entries(scenario)
        .enumerate()
        .map(|(index, entry)| SubscriberChoice {
            name: subscriber_name(index),
            topic: entry.topic.clone(),
            capacity: entry.capacity,
            policy: entry.policy,
        })
        .collect()
}

/// The scenario as one side of a comparison runs it: that side's setting held by the
/// target for the whole run, by the rule in the [module docs](self). Refuses an unknown
/// subscriber and a capacity out of range.
pub fn variant(
    scenario: &Scenario,
    comparison: &Comparison,
    side: Side,
) -> Result<Scenario, CompareError> {
    variant_for(
        scenario,
        &comparison.target,
        comparison.variation.setting(side),
        side,
    )
}

/// Runs both variants of `scenario` to `comparison.until` within [`Budget::PAGE`] and
/// tabulates the counts.
///
/// The same scenario and comparison always give the same table.
pub fn compare(
    scenario: &Scenario,
    comparison: &Comparison,
) -> Result<ComparisonTable, CompareError> {
    compare_within(scenario, comparison, Budget::PAGE)
}

/// [`compare`] with another budget.
pub fn compare_within(
    scenario: &Scenario,
    comparison: &Comparison,
    budget: Budget,
) -> Result<ComparisonTable, CompareError> {
    if comparison.until.as_secs_f64() > MAX_TIME_S {
        return Err(CompareError::TooLate(comparison.until));
    }
    let choices = subscriber_choices(scenario);
    let a = variant(scenario, comparison, Side::A)?;
    let b = variant(scenario, comparison, Side::B)?;
    let a = run(a, comparison.until, Side::A, budget)?;
    let b = run(b, comparison.until, Side::B, budget)?;
    Ok(ComparisonTable::of(comparison, &choices, a, b))
}

/// Everything a comparison found.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonTable {
    /// Which subscribers had the setting.
    pub target: Target,
    /// The setting and its two values.
    pub variation: Variation,
    /// How far both runs went.
    pub until: SimTime,
    /// One row per subscriber that exists at the end of either run, in creation order.
    pub subscribers: Vec<SubscriberRow>,
    /// One row per topic that exists at the end of either run, A's order first.
    pub topics: Vec<TopicRow>,
}

/// One subscriber in both runs.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriberRow {
    /// Its name.
    pub name: String,
    /// Its topic at the end.
    pub topic: String,
    /// Its figures in A; `None` when it does not exist at the end of A.
    pub a: Option<SubscriberFigures>,
    /// Its figures in B.
    pub b: Option<SubscriberFigures>,
}

/// One topic in both runs.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicRow {
    /// Its name.
    pub name: String,
    /// Its figures in A; `None` when it does not exist at the end of A.
    pub a: Option<TopicFigures>,
    /// Its figures in B.
    pub b: Option<TopicFigures>,
}

/// One subscriber's counts at the end of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriberFigures {
    /// Its capacity at the end.
    pub capacity: u64,
    /// Its policy at the end.
    pub policy: OverflowPolicy,
    /// Messages offered to it.
    pub offered: u64,
    /// Messages it received.
    pub delivered: u64,
    /// Messages dropped for it, for any reason.
    pub dropped: u64,
    /// Messages evicted from its buffer.
    pub evicted: u64,
    /// Messages it will never receive: dropped, evicted and discarded.
    pub lost: u64,
    /// Messages still in its buffer.
    pub buffered: u64,
    /// The highest buffer level at the end of any instant.
    pub max_buffered: u64,
    /// How long publishers waited for room in its buffer, added over publishers.
    pub held_publishers: SimDuration,
}

/// One topic's counts at the end of one run, over every subscriber it ever had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicFigures {
    /// Messages published on it.
    pub published: u64,
    /// Messages its subscribers received.
    pub delivered: u64,
    /// Messages dropped for its subscribers.
    pub dropped: u64,
    /// Messages evicted from its subscribers' buffers.
    pub evicted: u64,
    /// Messages its subscribers will never receive.
    pub lost: u64,
    /// Messages still buffered.
    pub buffered: u64,
    /// How long its publishers were held back, added over publishers.
    pub held_publishers: SimDuration,
}

/// One figure of a row, as the table lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Messages published on a topic.
    Published,
    /// Messages offered to a subscriber.
    Offered,
    /// Messages received.
    Delivered,
    /// Messages dropped.
    Dropped,
    /// Messages evicted.
    Evicted,
    /// Messages never to be received.
    Lost,
    /// Messages still buffered.
    Buffered,
    /// The highest buffer level.
    MaxBuffered,
    /// Time publishers were held back, in microseconds.
    HeldPublishers,
}

impl Figure {
    /// A subscriber's figures, in table order.
    pub const SUBSCRIBER: [Figure; 8] = [
        Figure::Offered,
        Figure::Delivered,
        Figure::Dropped,
        Figure::Evicted,
        Figure::Lost,
        Figure::Buffered,
        Figure::MaxBuffered,
        Figure::HeldPublishers,
    ];

    /// A topic's figures, in table order.
    pub const TOPIC: [Figure; 7] = [
        Figure::Published,
        Figure::Delivered,
        Figure::Dropped,
        Figure::Evicted,
        Figure::Lost,
        Figure::Buffered,
        Figure::HeldPublishers,
    ];

    /// The figure's name, as a row header and in a difference: "+12 dropped".
    pub fn label(self) -> &'static str {
        match self {
            Figure::Published => "published",
            Figure::Offered => "offered",
            Figure::Delivered => "delivered",
            Figure::Dropped => "dropped",
            Figure::Evicted => "evicted",
            Figure::Lost => "lost",
            Figure::Buffered => "still buffered",
            Figure::MaxBuffered => "max buffered",
            Figure::HeldPublishers => "publishers held",
        }
    }

    /// Whether the figure is a time, kept in microseconds.
    pub fn is_time(self) -> bool {
        self == Figure::HeldPublishers
    }

    /// A value of this figure as the table shows it: `12`, or `1.500 s` for a time.
    pub fn format(self, value: u64) -> String {
        if self.is_time() {
            SimTime::from_micros(value).to_string()
        } else {
            value.to_string()
        }
    }

    /// The difference B − A in words, with its sign: `+12 dropped`, `−3 delivered`,
    /// `+1.500 s publishers held`, or `same delivered` when there is none.
    pub fn describe_change(self, a: u64, b: u64) -> String {
        let label = self.label();
        match b.cmp(&a) {
            std::cmp::Ordering::Equal => format!("same {label}"),
            std::cmp::Ordering::Greater => format!("+{} {label}", self.format(b - a)),
            std::cmp::Ordering::Less => format!("\u{2212}{} {label}", self.format(a - b)),
        }
    }
}

impl SubscriberFigures {
    /// The value of `figure`, or `None` for one a subscriber does not have (published).
    pub fn get(&self, figure: Figure) -> Option<u64> {
        match figure {
            Figure::Published => None,
            Figure::Offered => Some(self.offered),
            Figure::Delivered => Some(self.delivered),
            Figure::Dropped => Some(self.dropped),
            Figure::Evicted => Some(self.evicted),
            Figure::Lost => Some(self.lost),
            Figure::Buffered => Some(self.buffered),
            Figure::MaxBuffered => Some(self.max_buffered),
            Figure::HeldPublishers => Some(self.held_publishers.as_micros()),
        }
    }
}

impl TopicFigures {
    /// The value of `figure`, or `None` for one a topic does not have.
    pub fn get(&self, figure: Figure) -> Option<u64> {
        match figure {
            Figure::Published => Some(self.published),
            Figure::Delivered => Some(self.delivered),
            Figure::Dropped => Some(self.dropped),
            Figure::Evicted => Some(self.evicted),
            Figure::Lost => Some(self.lost),
            Figure::Buffered => Some(self.buffered),
            Figure::HeldPublishers => Some(self.held_publishers.as_micros()),
            Figure::Offered | Figure::MaxBuffered => None,
        }
    }
}

/// One side's totals over every topic, for the summaries above the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Messages published.
    pub published: u64,
    /// Messages received.
    pub delivered: u64,
    /// Messages never to be received.
    pub lost: u64,
    /// Messages still buffered.
    pub buffered: u64,
    /// Time publishers were held back.
    pub held_publishers: SimDuration,
}

impl ComparisonTable {
    /// The row of the subscriber named `name`.
    pub fn subscriber(&self, name: &str) -> Option<&SubscriberRow> {
        self.subscribers.iter().find(|row| row.name == name)
    }

    /// The row of the topic named `name`.
    pub fn topic(&self, name: &str) -> Option<&TopicRow> {
        self.topics.iter().find(|row| row.name == name)
    }

    /// One side's totals over every topic.
    pub fn totals(&self, side: Side) -> Totals {
        self.topics
            .iter()
            .filter_map(|row| match side {
                Side::A => row.a.as_ref(),
                Side::B => row.b.as_ref(),
            })
            .fold(Totals::default(), |sum, topic| Totals {
                published: sum.published + topic.published,
                delivered: sum.delivered + topic.delivered,
                lost: sum.lost + topic.lost,
                buffered: sum.buffered + topic.buffered,
                held_publishers: SimDuration::from_micros(
                    sum.held_publishers.as_micros() + topic.held_publishers.as_micros(),
                ),
            })
    }

    /// What one side varied, in words: `C with policy block`, `every subscriber with
    /// capacity 20`.
    pub fn describe(&self, side: Side) -> String {
        let who = match &self.target {
            Target::All => "every subscriber".to_owned(),
            Target::Subscriber(name) => name.clone(),
        };
        format!("{who} with {}", self.variation.setting(side))
    }

    fn of(
        comparison: &Comparison,
        choices: &[SubscriberChoice],
        a: RunResult,
        b: RunResult,
    ) -> ComparisonTable {
        // Creation order, which both runs share: removals and disconnections only take
        // names out, they never reorder them.
        let subscribers = choices
            .iter()
            .filter_map(|choice| {
                let in_a = a.subscribers.get(&choice.name).cloned();
                let in_b = b.subscribers.get(&choice.name).cloned();
                if in_a.is_none() && in_b.is_none() {
                    return None;
                }
                let topic = a
                    .topic_of
                    .get(&choice.name)
                    .or_else(|| b.topic_of.get(&choice.name))
                    .cloned()
                    .unwrap_or_else(|| choice.topic.clone());
                Some(SubscriberRow {
                    name: choice.name.clone(),
                    topic,
                    a: in_a,
                    b: in_b,
                })
            })
            .collect();

        let mut topic_names: Vec<&String> = a.topic_order.iter().collect();
        topic_names.extend(
            b.topic_order
                .iter()
                .filter(|name| !a.topic_order.contains(name)),
        );
        let topics = topic_names
            .into_iter()
            .map(|name| TopicRow {
                name: name.clone(),
                a: a.topics.get(name).cloned(),
                b: b.topics.get(name).cloned(),
            })
            .collect();

        ComparisonTable {
            target: comparison.target.clone(),
            variation: comparison.variation,
            until: comparison.until,
            subscribers,
            topics,
        }
    }
}

/// [`variant`], naming `side` in its errors.
fn variant_for(
    scenario: &Scenario,
    target: &Target,
    setting: Setting,
    side: Side,
) -> Result<Scenario, CompareError> {
    if let Setting::Capacity(slots) = setting {
        capacity(slots).map_err(|_| CompareError::Capacity { side, slots })?;
    }
    let names: Vec<String> = subscriber_choices(scenario)
        .into_iter()
        .map(|choice| choice.name)
        .collect();
    let chosen = |name: &str| match target {
        Target::All => true,
        Target::Subscriber(wanted) => wanted == name,
    };
    match target {
        Target::All if names.is_empty() => return Err(CompareError::NoSubscribers),
        Target::Subscriber(wanted) if !names.contains(wanted) => {
            return Err(CompareError::UnknownSubscriber(wanted.clone()))
        }
        _ => {}
    }

    let mut variant = scenario.clone();
    let mut names = names.into_iter();
    for entry in variant.subscribers.iter_mut() {
        if names.next().is_some_and(|name| chosen(&name)) {
            hold(entry, setting);
        }
    }
    // The rest of the names belong to the timeline's add_subscriber actions, in order.
    variant
        .timeline
        .retain_mut(|timed| match &mut timed.action {
            Action::AddSubscriber(entry) => {
                if names.next().is_some_and(|name| chosen(&name)) {
                    hold(entry, setting);
                }
                true
            }
            Action::SetPolicy { subscriber, .. } => {
                !(matches!(setting, Setting::Policy(_)) && chosen(subscriber))
            }
            Action::UpdateSubscriber {
                subscriber,
                capacity,
                ..
            } => {
                if let Setting::Capacity(slots) = setting {
                    if chosen(subscriber) {
                        *capacity = slots;
                    }
                }
                true
            }
            _ => true,
        });
    Ok(variant)
}

fn hold(entry: &mut SubscriberEntry, setting: Setting) {
    match setting {
        Setting::Policy(policy) => entry.policy = policy,
        Setting::Capacity(slots) => entry.capacity = slots,
    }
}

/// The subscriber entries of a scenario in creation order.
fn creation_entries(scenario: &Scenario) -> impl Iterator<Item = &SubscriberEntry> {
    let later = scenario
        .timeline
        .iter()
        .filter_map(|timed| match &timed.action {
            Action::AddSubscriber(entry) => Some(entry),
            _ => None,
        });
    scenario.subscribers.iter().chain(later)
}

/// The name the simulation gives the subscriber created `index`th: A to Z, then A2 to Z2,
/// and so on. It must match the simulation's own naming, which is private to it; a test
/// compares the two over more than 26 subscribers.
fn subscriber_name(index: usize) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    match index / 26 {
        0 => letter.to_string(),
        round => format!("{letter}{}", round + 1),
    }
}

/// What one run found at its end.
#[derive(Debug, Default)]
struct RunResult {
    subscribers: BTreeMap<String, SubscriberFigures>,
    topic_of: BTreeMap<String, String>,
    topics: BTreeMap<String, TopicFigures>,
    topic_order: Vec<String>,
}

/// Runs `scenario` to `until`, one event instant at a time, watching buffer levels and
/// blocked publishers on the way.
fn run(
    scenario: Scenario,
    until: SimTime,
    side: Side,
    budget: Budget,
) -> Result<RunResult, CompareError> {
    let failed = |error| CompareError::Run { side, error };
    let too_long = CompareError::TooLong { side, budget };
    let mut session = Session::new(scenario).map_err(failed)?;
    let mut watch = Watch::default();
    watch.observe(&session.sim().snapshot(&[], 0));

    // Every change in a buffer or a publisher's status happens at an event instant, so
    // looking at each one sees them all.
    let mut instants = 0;
    while let Some(next) = session.next_event_time() {
        if next > until || next <= session.now() {
            break;
        }
        instants += 1;
        if instants > budget.instants {
            return Err(too_long);
        }
        session.run_until(next).map_err(failed)?;
        let snapshot = session.sim().snapshot(&[], 0);
        let offered: u64 = snapshot
            .topics
            .iter()
            .map(|topic| topic.ledger.offered)
            .sum();
        if offered > budget.offers {
            return Err(too_long);
        }
        watch.observe(&snapshot);
    }
    session.run_until(until).map_err(failed)?;
    let end = session.sim().snapshot(&[], 0);
    watch.observe(&end);
    Ok(watch.finish(&end))
}

/// What a run shows only while it runs: buffer peaks and the time publishers wait.
#[derive(Debug, Default)]
struct Watch {
    max_len: BTreeMap<String, u64>,
    /// Each blocked publisher, by name: who holds it, on which topic, since when.
    blocked: BTreeMap<String, Hold>,
    held_by_subscriber: BTreeMap<String, u64>,
    held_on_topic: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Hold {
    by: String,
    topic: String,
    since: SimTime,
}

impl Watch {
    fn observe(&mut self, snapshot: &Snapshot) {
        for subscriber in &snapshot.subscribers {
            let level = self.max_len.entry(subscriber.name.to_string()).or_default();
            *level = (*level).max(subscriber.len as u64);
        }

        let mut still: BTreeMap<String, Hold> = BTreeMap::new();
        for publisher in &snapshot.publishers {
            if let PublisherStatus::Blocked { by_name, since, .. } = &publisher.status {
                still.insert(
                    publisher.name.to_string(),
                    Hold {
                        by: by_name.to_string(),
                        topic: publisher.topic.as_str().to_owned(),
                        since: *since,
                    },
                );
            }
        }
        // A wait that is over, or replaced by another one, ended at this instant.
        let ended: Vec<Hold> = std::mem::take(&mut self.blocked)
            .into_iter()
            .filter(|(name, hold)| still.get(name).map(|now| now.since) != Some(hold.since))
            .map(|(_, hold)| hold)
            .collect();
        for hold in ended {
            self.add_wait(&hold, snapshot.now);
        }
        self.blocked = still;
    }

    fn add_wait(&mut self, hold: &Hold, end: SimTime) {
        let waited = end.saturating_since(hold.since).as_micros();
        *self.held_by_subscriber.entry(hold.by.clone()).or_default() += waited;
        *self.held_on_topic.entry(hold.topic.clone()).or_default() += waited;
    }

    fn finish(mut self, end: &Snapshot) -> RunResult {
        for hold in std::mem::take(&mut self.blocked).into_values() {
            self.add_wait(&hold, end.now);
        }
        let held = |map: &BTreeMap<String, u64>, key: &str| {
            SimDuration::from_micros(map.get(key).copied().unwrap_or(0))
        };

        let mut result = RunResult::default();
        for subscriber in &end.subscribers {
            let name = subscriber.name.to_string();
            let ledger = subscriber.ledger;
            result
                .topic_of
                .insert(name.clone(), subscriber.topic.as_str().to_owned());
            result.subscribers.insert(
                name.clone(),
                SubscriberFigures {
                    capacity: subscriber.capacity.get() as u64,
                    policy: subscriber.policy,
                    offered: ledger.offered,
                    delivered: ledger.delivered,
                    dropped: ledger.dropped(),
                    evicted: ledger.evicted,
                    lost: ledger.lost(),
                    buffered: ledger.queued,
                    max_buffered: self.max_len.get(&name).copied().unwrap_or(0),
                    held_publishers: held(&self.held_by_subscriber, &name),
                },
            );
        }
        for topic in &end.topics {
            let name = topic.name.as_str().to_owned();
            let ledger = topic.ledger;
            result.topic_order.push(name.clone());
            result.topics.insert(
                name.clone(),
                TopicFigures {
                    published: topic.published,
                    delivered: ledger.delivered,
                    dropped: ledger.dropped(),
                    evicted: ledger.evicted,
                    lost: ledger.lost(),
                    buffered: ledger.queued,
                    held_publishers: held(&self.held_on_topic, &name),
                },
            );
        }
        result
    }
}
