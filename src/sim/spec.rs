//! Checked settings for publishers and subscribers, and the error that explains a refusal.
//!
//! Every value a person types goes through one of these constructors before it reaches the
//! simulation, so an out-of-range number becomes a message next to the field, never a panic
//! or a simulation that grinds to a halt.

use std::error::Error;
use std::fmt;
use std::rc::Rc;

use crate::broker::{Capacity, InvalidName, OverflowPolicy, TopicName, MAX_CAPACITY};

use super::clock::SimDuration;

/// The fastest a publisher may publish, in messages per simulated second.
pub const MAX_RATE: f64 = 10_000.0;

/// The slowest a publisher may publish: one message per 100 simulated seconds. Anything
/// slower would look like a stopped publisher, and rounds to zero on the page.
pub const MIN_RATE: f64 = 0.01;

/// The longest a subscriber may take to process one message, in simulated seconds.
pub const MAX_PROCESSING_SECS: f64 = 60.0;

/// The longest payload pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 80;

/// The placeholder in a payload pattern that becomes the publisher's running number.
pub const SEQUENCE_PLACEHOLDER: &str = "{n}";

/// How often a publisher publishes: a finite number of messages per simulated second, from
/// [`MIN_RATE`] to [`MAX_RATE`].
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Rate(f64);

impl Rate {
    /// Checks a rate in messages per simulated second.
    ///
    /// ```
    /// use mini_kafka_playground::sim::Rate;
    ///
    /// assert!(Rate::per_second(5.0).is_ok());
    /// assert!(Rate::per_second(0.0).is_err());
    /// assert!(Rate::per_second(1e-300).is_err());
    /// assert!(Rate::per_second(f64::NAN).is_err());
    /// assert!(Rate::per_second(1e9).is_err());
    /// ```
    pub fn per_second(messages: f64) -> Result<Rate, InputError> {
        if messages.is_nan() {
            return Err(InputError::NotANumber { field: "rate" });
        }
        if messages <= 0.0 {
            return Err(InputError::RateNotPositive);
        }
        if messages < MIN_RATE {
            return Err(InputError::RateTooLow { min: MIN_RATE });
        }
        if messages > MAX_RATE {
            return Err(InputError::RateTooHigh { max: MAX_RATE });
        }
        Ok(Rate(messages))
    }

    /// Messages per simulated second.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The time between two messages.
    pub fn interval(self) -> SimDuration {
        SimDuration::from_secs_f64(1.0 / self.0)
    }
}

/// The text a publisher sends, where `{n}` stands for its running number: `order #{n}`
/// becomes `order #1`, `order #2`, and so on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadPattern(Rc<str>);

impl PayloadPattern {
    /// Checks a pattern: not empty, at most [`MAX_PATTERN_CHARS`] characters.
    pub fn new(pattern: &str) -> Result<PayloadPattern, InputError> {
        if pattern.trim().is_empty() {
            return Err(InputError::PatternEmpty);
        }
        if pattern.chars().count() > MAX_PATTERN_CHARS {
            return Err(InputError::PatternTooLong {
                max: MAX_PATTERN_CHARS,
            });
        }
        Ok(PayloadPattern(pattern.into()))
    }

    /// The pattern as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The payload of message number `n`.
    ///
    /// ```
    /// use mini_kafka_playground::sim::PayloadPattern;
    ///
    /// let pattern = PayloadPattern::new("order #{n}")?;
    /// assert_eq!(pattern.render(7), "order #7");
    /// # Ok::<(), mini_kafka_playground::sim::InputError>(())
    /// ```
    pub fn render(&self, n: u64) -> String {
        self.0.replace(SEQUENCE_PLACEHOLDER, &n.to_string())
    }
}

/// How long a subscriber works on each message before it receives the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProcessingTime(SimDuration);

impl ProcessingTime {
    /// No work at all: the subscriber is back at its channel at once.
    pub const NONE: ProcessingTime = ProcessingTime(SimDuration::ZERO);

    /// Checks a processing time in simulated milliseconds: zero up to
    /// [`MAX_PROCESSING_SECS`].
    pub fn from_millis(millis: f64) -> Result<ProcessingTime, InputError> {
        if millis.is_nan() {
            return Err(InputError::NotANumber {
                field: "processing time",
            });
        }
        if millis < 0.0 {
            return Err(InputError::ProcessingNegative);
        }
        if millis > MAX_PROCESSING_SECS * 1_000.0 {
            return Err(InputError::ProcessingTooLong {
                max_secs: MAX_PROCESSING_SECS,
            });
        }
        Ok(ProcessingTime(SimDuration::from_secs_f64(millis / 1_000.0)))
    }

    /// The time as a duration.
    pub fn get(self) -> SimDuration {
        self.0
    }
}

/// How much a subscriber's processing time varies from message to message: a fraction from 0
/// (always the same) to 1 (anywhere from nothing to twice the time), drawn from the
/// simulation's seeded random number generator.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Jitter(f64);

impl Jitter {
    /// No variation.
    pub const NONE: Jitter = Jitter(0.0);

    /// Checks a jitter fraction between 0 and 1.
    pub fn new(fraction: f64) -> Result<Jitter, InputError> {
        if !(0.0..=1.0).contains(&fraction) {
            return Err(InputError::JitterOutOfRange);
        }
        Ok(Jitter(fraction))
    }

    /// The fraction.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A publisher to add: the topic it publishes on, how often, and what.
#[derive(Clone, Debug, PartialEq)]
pub struct PublisherSpec {
    /// The topic; created if it does not exist.
    pub topic: TopicName,
    /// How often it publishes.
    pub rate: Rate,
    /// What it publishes.
    pub pattern: PayloadPattern,
}

/// A subscriber to add: its topic, its buffer, and how slowly it works.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriberSpec {
    /// The topic; created if it does not exist.
    pub topic: TopicName,
    /// Its buffer capacity; zero is unbuffered.
    pub capacity: Capacity,
    /// What happens when its buffer is full.
    pub policy: OverflowPolicy,
    /// How long each message takes.
    pub processing: ProcessingTime,
    /// How much that time varies.
    pub jitter: Jitter,
}

/// A setting the playground refused, with the reason in words a person can act on.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum InputError {
    /// A number field that did not hold a number.
    NotANumber {
        /// Which field.
        field: &'static str,
    },
    /// A rate of zero or below.
    RateNotPositive,
    /// A rate above zero but below the limit.
    RateTooLow {
        /// The limit, in messages per second.
        min: f64,
    },
    /// A rate above the limit.
    RateTooHigh {
        /// The limit, in messages per second.
        max: f64,
    },
    /// A capacity above the limit, or not a whole number.
    CapacityOutOfRange {
        /// The limit.
        max: usize,
    },
    /// A negative processing time.
    ProcessingNegative,
    /// A processing time above the limit.
    ProcessingTooLong {
        /// The limit, in seconds.
        max_secs: f64,
    },
    /// A jitter outside 0 to 1.
    JitterOutOfRange,
    /// An empty payload pattern.
    PatternEmpty,
    /// A payload pattern above the limit.
    PatternTooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A topic name that is empty, too long or has control characters.
    TopicName(InvalidName),
}

impl InputError {
    /// The error for a capacity above [`MAX_CAPACITY`].
    pub fn capacity_out_of_range() -> InputError {
        InputError::CapacityOutOfRange { max: MAX_CAPACITY }
    }
}

impl From<InvalidName> for InputError {
    fn from(error: InvalidName) -> InputError {
        InputError::TopicName(error)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotANumber { field } => write!(f, "the {field} must be a number"),
            InputError::RateNotPositive => f.write_str("the rate must be above zero"),
            InputError::RateTooLow { min } => {
                write!(f, "the rate must be at least {min} messages per second")
            }
            InputError::RateTooHigh { max } => {
                write!(f, "the rate can be at most {max} messages per second")
            }
            InputError::CapacityOutOfRange { max } => {
                write!(f, "the capacity must be a whole number from 0 to {max}")
            }
            InputError::ProcessingNegative => f.write_str("the processing time cannot be negative"),
            InputError::ProcessingTooLong { max_secs } => {
                write!(f, "the processing time can be at most {max_secs} s")
            }
            InputError::JitterOutOfRange => f.write_str("the jitter must be between 0 and 1"),
            InputError::PatternEmpty => f.write_str("the payload pattern cannot be empty"),
            InputError::PatternTooLong { max } => {
                write!(f, "the payload pattern has at most {max} characters")
            }
            InputError::TopicName(error) => error.fmt(f),
        }
    }
}

impl Error for InputError {}
