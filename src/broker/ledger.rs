//! The ledger: where every message offered to a subscriber went.

/// Where every message offered to one subscriber, or to all subscribers of a topic, went.
///
/// The counts always add up:
/// `offered == delivered + dropped() + evicted + queued + discarded`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ledger {
    /// Messages published on the topic while subscribed.
    pub offered: u64,
    /// Messages the subscriber received.
    pub delivered: u64,
    /// Messages dropped because the buffer was full.
    pub dropped_buffer_full: u64,
    /// Messages dropped because the queue is unbuffered and nobody was receiving.
    pub dropped_no_receiver: u64,
    /// The message whose overflow disconnected the subscriber.
    pub dropped_disconnected: u64,
    /// Buffered messages evicted to make room for newer ones.
    pub evicted: u64,
    /// Messages accepted but not yet received, counted from the queue itself.
    pub queued: u64,
    /// Messages still queued when the subscription was removed or disconnected.
    pub discarded: u64,
}

impl Ledger {
    /// All dropped messages, whatever the reason. Evictions are counted apart.
    pub fn dropped(&self) -> u64 {
        self.dropped_buffer_full + self.dropped_no_receiver + self.dropped_disconnected
    }

    /// Every message that was offered and will never be received.
    pub fn lost(&self) -> u64 {
        self.dropped() + self.evicted + self.discarded
    }

    /// The counts of `self` and `other` together.
    pub fn combined(self, other: Ledger) -> Ledger {
        Ledger {
            offered: self.offered + other.offered,
            delivered: self.delivered + other.delivered,
            dropped_buffer_full: self.dropped_buffer_full + other.dropped_buffer_full,
            dropped_no_receiver: self.dropped_no_receiver + other.dropped_no_receiver,
            dropped_disconnected: self.dropped_disconnected + other.dropped_disconnected,
            evicted: self.evicted + other.evicted,
            queued: self.queued + other.queued,
            discarded: self.discarded + other.discarded,
        }
    }

    /// Whether every offered message is accounted for.
    pub fn balances(&self) -> bool {
        self.offered == self.delivered + self.lost() + self.queued
    }
}
