//! A topic: the list of subscriber queues that one publish fans out to.

use super::ledger::Ledger;
use super::message::SubscriberId;
use super::queue::SharedQueue;

/// One topic's subscribers and counters. The broker keys topics by name.
#[derive(Debug, Default)]
pub(crate) struct Topic {
    /// Current subscribers, in the order they subscribed; fan-out follows this order.
    pub(crate) subscribers: Vec<(SubscriberId, SharedQueue)>,
    pub(crate) published: u64,
    pub(crate) closed: bool,
    /// The final ledgers of removed subscribers, summed, so the topic's own ledger still
    /// accounts for every message they were offered.
    pub(crate) retired: Ledger,
}

impl Topic {
    /// The ledger of every subscriber this topic ever had.
    pub(crate) fn ledger(&self) -> Ledger {
        self.subscribers
            .iter()
            .fold(self.retired, |sum, (_, queue)| {
                sum.combined(queue.borrow().ledger())
            })
    }
}
