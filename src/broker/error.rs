//! Errors the broker returns. None of them is fatal: the caller shows it and carries on.

use std::error::Error;
use std::fmt;
use std::rc::Rc;

use super::message::{SubscriberId, TopicName};

/// A topic name that [`TopicName::new`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidName {
    /// Nothing but whitespace.
    Empty,
    /// Longer than the limit, in characters.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A control character, such as a newline, somewhere in the name.
    ControlCharacter,
}

impl fmt::Display for InvalidName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidName::Empty => f.write_str("a topic name cannot be empty"),
            InvalidName::TooLong { max } => write!(f, "a topic name has at most {max} characters"),
            InvalidName::ControlCharacter => {
                f.write_str("a topic name cannot contain control characters")
            }
        }
    }
}

impl Error for InvalidName {}

/// A publish on a closed topic: Go's `panic: send on closed channel`, as a value.
///
/// The refused payload comes back with the error.
///
/// ```
/// use mini_kafka_playground::broker::{Broker, TopicName};
///
/// let mut broker = Broker::new();
/// let topic = TopicName::new("orders")?;
/// broker.create_topic(topic.clone())?;
/// broker.close_topic(&topic)?;
///
/// let refused = broker.publish(&topic, "order #1").unwrap_err();
/// assert_eq!(refused.to_string(), "send on closed channel");
/// assert_eq!(&*refused.into_payload(), "order #1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SendOnClosed {
    pub(crate) payload: Rc<str>,
}

impl SendOnClosed {
    /// The payload that was not sent.
    pub fn into_payload(self) -> Rc<str> {
        self.payload
    }
}

impl fmt::Debug for SendOnClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendOnClosed").finish_non_exhaustive()
    }
}

impl fmt::Display for SendOnClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("send on closed channel")
    }
}

impl Error for SendOnClosed {}

/// A change to topics or subscriptions that the broker refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TopologyError {
    /// No topic has this name.
    UnknownTopic(TopicName),
    /// A topic with this name exists already.
    TopicExists(TopicName),
    /// The topic was closed before: Go's `panic: close of closed channel`.
    AlreadyClosed(TopicName),
    /// Nobody can subscribe to a closed topic.
    TopicClosed(TopicName),
    /// No current subscription has this id; it may have been removed already.
    UnknownSubscriber(SubscriberId),
}

impl TopologyError {
    /// Whether this is the second close of a topic.
    pub fn is_already_closed(&self) -> bool {
        matches!(self, TopologyError::AlreadyClosed(_))
    }
}

impl fmt::Display for TopologyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopologyError::UnknownTopic(name) => write!(f, "no topic is named {name:?}"),
            TopologyError::TopicExists(name) => write!(f, "a topic named {name:?} exists already"),
            TopologyError::AlreadyClosed(_) => f.write_str("close of closed channel"),
            TopologyError::TopicClosed(name) => {
                write!(f, "topic {name:?} is closed; nobody can subscribe to it")
            }
            TopologyError::UnknownSubscriber(id) => write!(f, "no subscription has id {}", id.0),
        }
    }
}

impl Error for TopologyError {}
