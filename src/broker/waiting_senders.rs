//! The publishers that one full block-policy queue holds back, in the order they blocked.
//!
//! Go keeps the goroutines blocked on a full channel in a queue of their own and serves them
//! first come, first served: when a receive frees a slot, the sender that blocked first fills
//! it, and a sender that arrives later waits behind, even at an instant when the slot looks
//! free. The broker does the same with this line. A fan-out that blocks joins it with a
//! ticket; a freed slot wakes only the first in line; an offer from anyone else, a new
//! fan-out included, waits while the line is not empty. Without the line, two publishers
//! blocked on one subscriber raced for every freed slot and the one that blocked first could
//! wait forever.

use std::collections::VecDeque;
use std::task::Waker;

/// A place in the line, unique within one queue.
pub(crate) type Ticket = u64;

/// The line of one queue's blocked publishers.
#[derive(Debug, Default)]
pub(crate) struct WaitingSenders {
    next_ticket: Ticket,
    /// Oldest first, each with the waker of its last poll for room.
    line: VecDeque<(Ticket, Option<Waker>)>,
}

impl WaitingSenders {
    /// Takes a place at the end of the line.
    pub(crate) fn join(&mut self) -> Ticket {
        self.next_ticket += 1;
        self.line.push_back((self.next_ticket, None));
        self.next_ticket
    }

    /// Leaves the line; whether `ticket` was in it.
    pub(crate) fn leave(&mut self, ticket: Ticket) -> bool {
        let before = self.line.len();
        self.line.retain(|(waiting, _)| *waiting != ticket);
        self.line.len() < before
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    pub(crate) fn contains(&self, ticket: Ticket) -> bool {
        self.line.iter().any(|(waiting, _)| *waiting == ticket)
    }

    /// Whether `ticket` is first in line.
    pub(crate) fn is_first(&self, ticket: Ticket) -> bool {
        self.line.front().is_some_and(|(first, _)| *first == ticket)
    }

    /// Keeps `waker` to wake `ticket` when its turn may have come.
    pub(crate) fn park(&mut self, ticket: Ticket, waker: &Waker) {
        if let Some((_, slot)) = self.line.iter_mut().find(|(waiting, _)| *waiting == ticket) {
            match slot {
                Some(stored) => stored.clone_from(waker),
                None => *slot = Some(waker.clone()),
            }
        }
    }

    /// Wakes the first in line: a slot came free, and it is theirs.
    pub(crate) fn wake_first(&mut self) {
        if let Some((_, slot)) = self.line.front_mut() {
            if let Some(waker) = slot.take() {
                waker.wake();
            }
        }
    }

    /// Wakes everyone in line: the queue changed in a way that may let each of them go on (a
    /// new policy, a close or a removal), or let more than one in (a larger capacity). Each
    /// looks again, in the order of the line, and those whose turn has not come wait again.
    pub(crate) fn wake_all(&mut self) {
        for (_, slot) in &mut self.line {
            if let Some(waker) = slot.take() {
                waker.wake();
            }
        }
    }
}
