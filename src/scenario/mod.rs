//! Scenarios: the playground's setups as documents that can be saved, shared, replayed and
//! turned into tests.
//!
//! A [`Scenario`] is a versioned JSON document: a seed, the starting topics, publishers and
//! subscribers, a timeline of changes at later instants, and optionally a title, an
//! explanation, a hint of what to watch and a question to answer before running. A
//! [`Session`] runs one in a [`Simulation`](crate::sim::Simulation) and records every change
//! the person makes into its timeline, so the scenario always replays to what is on screen.
//!
//! ```json
//! {
//!   "version": 1,
//!   "seed": 1,
//!   "topics": [{"name": "orders"}],
//!   "publishers": [{"topic": "orders", "rate": 5.0, "pattern": "order #{n}"}],
//!   "subscribers": [
//!     {"topic": "orders", "capacity": 2, "policy": "drop-newest", "processing_ms": 600.0}
//!   ],
//!   "timeline": [
//!     {"at_s": 4.0, "action": {"type": "set_policy", "subscriber": "A", "policy": "block"}}
//!   ],
//!   "question": {"text": "How many will A drop in 10 s?", "subscriber": "A",
//!                "measure": "dropped", "at_s": 10.0}
//! }
//! ```
//!
//! # Names
//!
//! Actions name publishers and subscribers as the playground shows them, `P1` or `A`. The
//! simulation gives these names in creation order and never reuses one, so the same
//! scenario names the same actors in every replay; see [`Scenario`] for the order.
//!
//! # Refusals
//!
//! Nothing here panics on any input. Reading a document or a link checks its size, its
//! JSON, its version, every number through the simulation's checked constructors, the
//! order of the timeline and every name an action uses, and refuses with a
//! [`ScenarioError`] whose text says where and what: `timeline[2] at 4 s: no subscriber is
//! named "D" at that time`. Titles, names and payload patterns are plain text, never markup.
//!
//! # Time travel
//!
//! [`Session::seek`] goes back by replaying from time zero, which gives the same state and
//! event log as the first run; [`Session::step_to_next_event`] jumps over quiet time to the
//! next instant at which anything happens.
//!
//! # Sharing and exporting
//!
//! [`encode_fragment`] packs a scenario into a URL fragment and [`decode_fragment`] reads
//! one back, bounded against hostile links. [`export_rust_test`] writes a `#[test]` that
//! replays a session and asserts every count it shows. [`PRESETS`] holds the ready-made
//! lessons, each with a stable id for [`preset_by_id`].
//!
//! # Comparing
//!
//! [`compare`] runs a scenario twice with the same seed, under two policies or two
//! capacities of one subscriber or of all, and tabulates every count with B − A.

mod action;
mod compare;
mod document;
mod error;
mod presets;
mod read;
mod rust_test;
mod session;
mod share;

pub use self::action::Action;
pub use self::compare::{
    compare, compare_within, subscriber_choices, variant, Budget, CompareError, Comparison,
    ComparisonTable, Figure, Setting, Side, SubscriberChoice, SubscriberFigures, SubscriberRow,
    Target, TopicFigures, TopicRow, Totals, Variation,
};
pub use self::document::{
    Measure, PublisherEntry, Question, Scenario, SubscriberEntry, TimedAction, TopicEntry,
    DEFAULT_PATTERN, MAX_PUBLISHERS, MAX_SCENARIO_BYTES, MAX_SUBSCRIBERS, MAX_TEXT_CHARS,
    MAX_TIMELINE, MAX_TIME_S, MAX_TITLE_CHARS, MAX_TOPICS, SCENARIO_VERSION,
};
pub use self::error::ScenarioError;
pub use self::presets::{preset_by_id, Preset, DEFAULT_PRESET, DEFAULT_SEED, PRESETS};
pub use self::rust_test::export_rust_test;
pub use self::session::{Counts, PublisherCount, Session, SubscriberCount, TopicCount};
pub use self::share::{decode_fragment, encode_fragment, FRAGMENT_PREFIX, MAX_FRAGMENT_CHARS};
