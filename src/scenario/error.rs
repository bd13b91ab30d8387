//! The error every scenario operation returns: reading a document, opening a link, building
//! or running a session.

use std::error::Error;
use std::fmt;

use crate::sim::{InputError, SimError};

use super::document::SCENARIO_VERSION;
use super::share::FRAGMENT_PREFIX;

/// A scenario the playground refused, or an action it could not apply, with the reason in
/// words a person can act on.
///
/// The text names the place in the document, such as `subscribers[2]` or
/// `timeline[4] at 2.5 s`, then what is wrong there.
///
/// ```
/// use mini_kafka_playground::scenario::Scenario;
///
/// let error = Scenario::from_json(r#"{"version": 2, "seed": 1}"#).unwrap_err();
/// assert!(error.is_unsupported_version());
/// assert_eq!(
///     error.to_string(),
///     "unsupported scenario version 2 (this playground reads version 1)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The JSON is longer than the limit, in bytes.
    TooLarge {
        /// Its length.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The text is not JSON, or not an object. serde_json's own message, which says where,
    /// with line and column.
    Malformed(String),
    /// A field missing, of the wrong kind, or unknown.
    Field {
        /// Where, such as `subscribers[2].capacity`.
        place: String,
        /// What is wrong, such as "expected a number, found text".
        problem: String,
    },
    /// The document has no `version`, or one that is not a whole number.
    MissingVersion,
    /// A version this playground cannot read, probably written by a newer one.
    UnsupportedVersion(u64),
    /// More topics, publishers, subscribers or timeline actions than the limit.
    TooMany {
        /// What there are too many of, in the plural.
        what: &'static str,
        /// How many there are.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A text field longer than its limit, in characters.
    TextTooLong {
        /// Which field.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// A setting out of range, at a place in the document.
    Input {
        /// Where, such as `publishers[0]`.
        place: String,
        /// What is wrong.
        error: InputError,
    },
    /// A time that is not a number of seconds within the limits.
    Time {
        /// Where, such as `timeline[3].at_s`.
        place: String,
        /// What is wrong, such as "must be from 0 to 3600 s".
        problem: String,
    },
    /// The timeline lists an action before one that happens earlier.
    Unsorted {
        /// The index of the action that is out of order.
        index: usize,
        /// Its time, in seconds.
        at_s: f64,
        /// The time of the action before it, in seconds.
        previous_s: f64,
    },
    /// An action names a publisher that does not exist at that point of the timeline.
    UnknownPublisher {
        /// Where.
        place: String,
        /// The name, such as `P3`.
        name: String,
    },
    /// An action names a subscriber that does not exist at that point of the timeline.
    UnknownSubscriber {
        /// Where.
        place: String,
        /// The name, such as `C`.
        name: String,
    },
    /// The simulation refused a change, at a place in the document.
    Simulation {
        /// Where.
        place: String,
        /// What the simulation said.
        error: SimError,
    },
    /// A share link longer than the limit, in characters.
    LinkTooLong {
        /// Its length.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A share link without the prefix this playground writes.
    NotALink,
    /// A share link whose text is not base64url.
    LinkDamaged,
    /// A share link that ends too early, as one copied or pasted only in part does, the
    /// most common damage; a link whose text was changed can look the same.
    LinkIncomplete,
    /// A share link whose compressed data does not inflate.
    LinkCorrupt,
    /// A share link that inflates to more than the document limit, in bytes.
    LinkTooLarge {
        /// The limit.
        max: usize,
    },
    /// The question's subscriber does not exist at the question's time.
    QuestionUnanswerable {
        /// The subscriber's name.
        subscriber: String,
    },
}

impl ScenarioError {
    /// Whether the document was written for a version this playground cannot read.
    pub fn is_unsupported_version(&self) -> bool {
        matches!(self, ScenarioError::UnsupportedVersion(_))
    }

    /// Whether an action names a publisher or subscriber that does not exist.
    pub fn is_unknown_actor(&self) -> bool {
        matches!(
            self,
            ScenarioError::UnknownPublisher { .. } | ScenarioError::UnknownSubscriber { .. }
        )
    }

    /// Whether a share link, rather than the document inside it, was refused.
    pub fn is_damaged_link(&self) -> bool {
        matches!(
            self,
            ScenarioError::LinkTooLong { .. }
                | ScenarioError::NotALink
                | ScenarioError::LinkDamaged
                | ScenarioError::LinkIncomplete
                | ScenarioError::LinkCorrupt
                | ScenarioError::LinkTooLarge { .. }
        )
    }

    /// Where in the document the error is, such as `timeline[4] at 2.5 s`, if it names a
    /// place.
    pub fn place(&self) -> Option<&str> {
        match self {
            ScenarioError::Field { place, .. }
            | ScenarioError::Input { place, .. }
            | ScenarioError::Time { place, .. }
            | ScenarioError::UnknownPublisher { place, .. }
            | ScenarioError::UnknownSubscriber { place, .. }
            | ScenarioError::Simulation { place, .. } => {
                Some(place.as_str()).filter(|place| !place.is_empty())
            }
            _ => None,
        }
    }

    /// The same error without its place: for a change made now, which has no place in the
    /// document until it is accepted.
    pub(crate) fn without_place(mut self) -> ScenarioError {
        if let ScenarioError::Field { place, .. }
        | ScenarioError::Input { place, .. }
        | ScenarioError::Time { place, .. }
        | ScenarioError::UnknownPublisher { place, .. }
        | ScenarioError::UnknownSubscriber { place, .. }
        | ScenarioError::Simulation { place, .. } = &mut self
        {
            place.clear();
        }
        self
    }

    pub(crate) fn input(place: impl Into<String>, error: InputError) -> ScenarioError {
        ScenarioError::Input {
            place: place.into(),
            error,
        }
    }

    pub(crate) fn simulation(place: impl Into<String>, error: SimError) -> ScenarioError {
        ScenarioError::Simulation {
            place: place.into(),
            error,
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::TooLarge { bytes, max } => {
                write!(f, "the scenario is {bytes} bytes long; the limit is {max}")
            }
            ScenarioError::Malformed(message) => write!(f, "not a valid scenario: {message}"),
            ScenarioError::Field { place, problem } => write!(f, "{}{problem}", At(place)),
            ScenarioError::MissingVersion => f.write_str(
                "the scenario needs a whole-number \"version\" (this playground reads version 1)",
            ),
            ScenarioError::UnsupportedVersion(version) => write!(
                f,
                "unsupported scenario version {version} (this playground reads version \
                 {SCENARIO_VERSION})"
            ),
            ScenarioError::TooMany { what, count, max } => {
                write!(f, "the scenario has {count} {what}; the limit is {max}")
            }
            ScenarioError::TextTooLong { field, max } => {
                write!(f, "the {field} has at most {max} characters")
            }
            ScenarioError::Input { place, error } => write!(f, "{}{error}", At(place)),
            ScenarioError::Time { place, problem } => write!(f, "{}{problem}", At(place)),
            ScenarioError::Unsorted {
                index,
                at_s,
                previous_s,
            } => write!(
                f,
                "timeline[{index}] at {at_s} s comes after an action at {previous_s} s; \
                 list the timeline in time order"
            ),
            ScenarioError::UnknownPublisher { place, name } => {
                write!(
                    f,
                    "{}no publisher is named {name:?} at that time",
                    At(place)
                )
            }
            ScenarioError::UnknownSubscriber { place, name } => {
                write!(
                    f,
                    "{}no subscriber is named {name:?} at that time",
                    At(place)
                )
            }
            ScenarioError::Simulation { place, error } => write!(f, "{}{error}", At(place)),
            ScenarioError::LinkTooLong { chars, max } => {
                write!(f, "the link is {chars} characters long; the limit is {max}")
            }
            ScenarioError::NotALink => {
                write!(
                    f,
                    "not a scenario link: it should start with {FRAGMENT_PREFIX:?}"
                )
            }
            ScenarioError::LinkDamaged => {
                f.write_str("the link is damaged: it has characters base64url does not use")
            }
            ScenarioError::LinkIncomplete => {
                f.write_str("the link is cut off or damaged: copy it again, to its last character")
            }
            ScenarioError::LinkCorrupt => {
                f.write_str("the link is damaged: its compressed data does not unpack")
            }
            ScenarioError::LinkTooLarge { max } => {
                write!(f, "the link unpacks to more than {max} bytes")
            }
            ScenarioError::QuestionUnanswerable { subscriber } => write!(
                f,
                "the question asks about subscriber {subscriber:?}, which does not exist at \
                 its time"
            ),
        }
    }
}

impl Error for ScenarioError {}

/// A place as the start of an error's text, `timeline[2] at 4 s: `, or nothing for an error
/// without one.
struct At<'a>(&'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}
