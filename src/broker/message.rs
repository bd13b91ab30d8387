//! What travels through the broker, and the names and numbers that identify it.

use std::fmt;
use std::rc::Rc;

use super::error::InvalidName;

/// The longest topic name the broker accepts, in characters.
pub const MAX_TOPIC_NAME_CHARS: usize = 40;

/// The largest buffer a subscriber may ask for.
///
/// A bigger buffer only delays the moment a slow consumer starts losing messages; past this size
/// the picture stops being readable and the memory is better spent elsewhere.
pub const MAX_CAPACITY: usize = 10_000;

/// The name of a topic: trimmed, non-empty, at most [`MAX_TOPIC_NAME_CHARS`] characters, no
/// control characters.
///
/// Cloning is cheap; the text is shared.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicName(Rc<str>);

impl TopicName {
    /// Checks `name` and makes a topic name of it.
    ///
    /// ```
    /// use mini_kafka_playground::broker::TopicName;
    ///
    /// assert_eq!(TopicName::new("  orders ")?.as_str(), "orders");
    /// assert!(TopicName::new("   ").is_err());
    /// # Ok::<(), mini_kafka_playground::broker::InvalidName>(())
    /// ```
    pub fn new(name: &str) -> Result<Self, InvalidName> {
        let name = name.trim();
        if name.is_empty() {
            return Err(InvalidName::Empty);
        }
        if name.chars().count() > MAX_TOPIC_NAME_CHARS {
            return Err(InvalidName::TooLong {
                max: MAX_TOPIC_NAME_CHARS,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(InvalidName::ControlCharacter);
        }
        Ok(TopicName(name.into()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TopicName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TopicName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// How many undelivered messages a subscriber's queue holds.
///
/// Zero is Go's unbuffered channel: a message gets through only to a receiver that is waiting
/// at that instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Capacity(usize);

impl Capacity {
    /// Go's unbuffered channel.
    pub const UNBUFFERED: Capacity = Capacity(0);

    /// A capacity of `slots`, if it is at most [`MAX_CAPACITY`].
    ///
    /// ```
    /// use mini_kafka_playground::broker::{Capacity, MAX_CAPACITY};
    ///
    /// assert_eq!(Capacity::new(2).map(Capacity::get), Some(2));
    /// assert_eq!(Capacity::new(MAX_CAPACITY + 1), None);
    /// ```
    pub fn new(slots: usize) -> Option<Capacity> {
        (slots <= MAX_CAPACITY).then_some(Capacity(slots))
    }

    /// The number of slots.
    pub fn get(self) -> usize {
        self.0
    }

    /// Whether this is Go's unbuffered channel.
    pub fn is_unbuffered(self) -> bool {
        self.0 == 0
    }
}

/// Identifies one published message. Ids grow by one with every publish on a broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub u64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}

/// Identifies one subscription on a broker. Ids are never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubscriberId(pub u64);

/// A published message.
///
/// Every subscriber receives the same `Rc<Message>`: fan-out to a hundred subscribers shares one
/// payload instead of copying it a hundred times.
#[derive(Debug, PartialEq, Eq)]
pub struct Message {
    /// The broker-wide id.
    pub id: MessageId,
    /// The topic it was published on.
    pub topic: TopicName,
    /// The text the publisher sent.
    pub payload: Rc<str>,
}

/// A message as a subscriber receives it: shared with every other subscriber of the topic.
pub type Delivery = Rc<Message>;
