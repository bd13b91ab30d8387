//! What a subscriber's queue does when a message arrives and its buffer is full.

use std::error::Error;
use std::fmt;

/// What happens to a message that finds a subscriber's buffer full.
///
/// Each policy is named after what happens to a message, and each answers the seed design's
/// slow-consumer problem differently:
///
/// | policy | the new message | the publisher | the other subscribers |
/// |---|---|---|---|
/// | [`DropNewest`](Self::DropNewest) | dropped for this subscriber | goes on | unaffected |
/// | [`DropOldest`](Self::DropOldest) | buffered; the oldest is evicted | goes on | unaffected |
/// | [`Block`](Self::Block) | waits for room | waits too | wait for the publisher |
/// | [`Disconnect`](Self::Disconnect) | lost with the whole buffer; the subscriber is cut off | goes on | unaffected |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverflowPolicy {
    /// The seed design's non-blocking send: the incoming message is dropped for this
    /// subscriber only.
    #[default]
    DropNewest,
    /// The oldest buffered message is evicted to make room. The subscriber later receives one
    /// [`Lagged`] notice with the number it missed, then keeps receiving.
    DropOldest,
    /// Backpressure: the publisher waits until this subscriber has room, which stalls the
    /// publisher and every other subscriber of the topic behind it.
    Block,
    /// The subscriber is cut off on overflow, as Redis cuts off a pub/sub client whose output
    /// buffer exceeds its limit. What it had buffered is discarded.
    Disconnect,
}

impl OverflowPolicy {
    /// Every policy, in the order the playground lists them.
    pub const ALL: [OverflowPolicy; 4] = [
        OverflowPolicy::DropNewest,
        OverflowPolicy::DropOldest,
        OverflowPolicy::Block,
        OverflowPolicy::Disconnect,
    ];

    /// The policy's name, in lower case with hyphens.
    pub fn label(self) -> &'static str {
        match self {
            OverflowPolicy::DropNewest => "drop-newest",
            OverflowPolicy::DropOldest => "drop-oldest",
            OverflowPolicy::Block => "block",
            OverflowPolicy::Disconnect => "disconnect",
        }
    }

    /// The policy named by [`label`](Self::label).
    pub fn from_label(label: &str) -> Option<OverflowPolicy> {
        OverflowPolicy::ALL
            .into_iter()
            .find(|policy| policy.label() == label)
    }
}

impl fmt::Display for OverflowPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a message did not reach one subscriber.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// The buffer held `capacity` messages already.
    BufferFull,
    /// The queue is unbuffered and its receiver was not waiting at that instant.
    NoReceiverWaiting,
    /// It overflowed a subscriber whose policy is [`OverflowPolicy::Disconnect`], which was
    /// cut off by it.
    Disconnected,
}

impl DropReason {
    /// A short label for the reason, as the playground shows it.
    pub fn label(self) -> &'static str {
        match self {
            DropReason::BufferFull => "buffer full",
            DropReason::NoReceiverWaiting => "no receiver waiting",
            DropReason::Disconnected => "overflow disconnected the subscriber",
        }
    }
}

/// The notice a [`DropOldest`](OverflowPolicy::DropOldest) subscriber receives in place of
/// the messages that were evicted from its buffer: how many it missed since the last notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lagged(pub u64);

impl fmt::Display for Lagged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "missed {} message(s) evicted from the buffer", self.0)
    }
}

impl Error for Lagged {}
