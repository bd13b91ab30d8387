//! The state one channel's handles share, and the parked operations waiting on it.
//!
//! Every method here runs to completion on one borrow of the channel and never wakes a
//! task itself: it returns the wakers to wake, and the caller wakes them once the borrow
//! is released, so that a waker can never find the channel borrowed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::mem;
use std::rc::Rc;
use std::task::Waker;

use super::error::{CloseError, TryRecvError, TrySendError};

/// A channel as its handles and parked operations share it.
pub(super) type Shared<T> = Rc<RefCell<Chan<T>>>;

/// A waiting operation: one `send`, one `recv`, or one whole `select`, whose cases all park
/// the same waiter. Whoever completes it first writes the outcome; the others then see it as
/// settled and pass over it, as Go's `selectDone` makes them do.
pub(super) type WaiterRef<T> = Rc<RefCell<Waiter<T>>>;

#[derive(Debug)]
pub(super) struct Waiter<T> {
    outcome: Option<Outcome<T>>,
    waker: Option<Waker>,
}

/// How a parked operation was completed, and by which of its cases.
#[derive(Debug)]
pub(super) enum Outcome<T> {
    /// A sender handed `value` straight to this receive case. `seq` orders the hand-offs,
    /// should the value have to come back to the channel.
    Received { case: usize, seq: u64, value: T },
    /// The channel of this receive case was closed while it waited.
    RecvClosed { case: usize },
    /// A receiver took the value of this send case.
    Sent { case: usize },
    /// The channel of this send case was closed while it waited; the value comes back.
    SendClosed { case: usize, value: T },
}

impl<T> Waiter<T> {
    pub(super) fn new(waker: &Waker) -> WaiterRef<T> {
        Rc::new(RefCell::new(Waiter {
            outcome: None,
            waker: Some(waker.clone()),
        }))
    }

    pub(super) fn is_settled(&self) -> bool {
        self.outcome.is_some()
    }

    pub(super) fn take_outcome(&mut self) -> Option<Outcome<T>> {
        self.outcome.take()
    }

    /// Leaves the waker of the latest poll, for whoever completes this waiter.
    pub(super) fn set_waker(&mut self, waker: &Waker) {
        match &mut self.waker {
            Some(old) => old.clone_from(waker),
            None => self.waker = Some(waker.clone()),
        }
    }
}

/// Settles `waiter` with `outcome` and returns the waker to wake.
fn settle<T>(waiter: &WaiterRef<T>, outcome: Outcome<T>) -> Option<Waker> {
    let mut waiter = waiter.borrow_mut();
    waiter.outcome = Some(outcome);
    waiter.waker.take()
}

fn is_live<T>(waiter: &WaiterRef<T>) -> bool {
    !waiter.borrow().is_settled()
}

/// A receive case parked on this channel.
#[derive(Debug)]
struct ParkedRecv<T> {
    waiter: WaiterRef<T>,
    case: usize,
}

/// A send case parked on this channel, holding its value until a receiver takes it.
#[derive(Debug)]
struct ParkedSend<T> {
    waiter: WaiterRef<T>,
    case: usize,
    value: T,
}

/// A value handed to a receive that was dropped before it took it.
#[derive(Debug)]
struct Handoff<T> {
    seq: u64,
    value: T,
}

/// What a successful receive took, and whom to wake for it.
pub(super) struct Taken<T> {
    pub(super) value: T,
    pub(super) wake: Option<Waker>,
}

#[derive(Debug)]
pub(super) struct Chan<T> {
    capacity: usize,
    /// Go's `buf`: never longer than `capacity`.
    buffer: VecDeque<T>,
    /// Values handed to receives that were dropped unpolled, oldest hand-off first. They
    /// come before the buffer and are not counted in `len`, like a value in flight.
    handoffs: VecDeque<Handoff<T>>,
    /// Go's `recvq`, oldest first. May hold settled waiters, which are skipped.
    receivers: VecDeque<ParkedRecv<T>>,
    /// Go's `sendq`, oldest first. May hold settled waiters, which are skipped.
    senders: VecDeque<ParkedSend<T>>,
    closed: bool,
    /// A receive has reported the end: closed and drained, for good.
    ended: bool,
    next_seq: u64,
}

impl<T> Chan<T> {
    pub(super) fn new(capacity: usize) -> Shared<T> {
        Rc::new(RefCell::new(Chan {
            capacity,
            // Never allocate the whole capacity up front: most buffers stay nearly empty.
            buffer: VecDeque::with_capacity(capacity.min(16)),
            handoffs: VecDeque::new(),
            receivers: VecDeque::new(),
            senders: VecDeque::new(),
            closed: false,
            ended: false,
            next_seq: 0,
        }))
    }

    pub(super) fn len(&self) -> usize {
        self.buffer.len()
    }

    pub(super) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(super) fn is_closed(&self) -> bool {
        self.closed
    }

    pub(super) fn has_ended(&self) -> bool {
        self.ended
    }

    /// Send step 1-4 without waiting; see the module docs.
    pub(super) fn try_send(&mut self, value: T) -> Result<Option<Waker>, TrySendError<T>> {
        if self.closed {
            return Err(TrySendError::closed(value));
        }

        // A parked receiver takes the value directly, buffered channel or not: it parked
        // because nothing was buffered, so nothing is overtaken.
        if let Some(receiver) = self.pop_live_receiver() {
            let seq = self.next_seq;
            self.next_seq = self.next_seq.wrapping_add(1);
            let outcome = Outcome::Received {
                case: receiver.case,
                seq,
                value,
            };
            return Ok(settle(&receiver.waiter, outcome));
        }

        if self.buffer.len() < self.capacity {
            self.buffer.push_back(value);
            return Ok(None);
        }
        Err(TrySendError::full(value))
    }

    /// Receive steps 1-4 without waiting; see the module docs.
    pub(super) fn try_recv(&mut self) -> Result<Taken<T>, TryRecvError> {
        if let Some(handoff) = self.handoffs.pop_front() {
            return Ok(Taken {
                value: handoff.value,
                wake: None,
            });
        }

        // Taking from the buffer makes room for the oldest parked sender, as in Go, so
        // its value queues behind those already buffered.
        if let Some(value) = self.buffer.pop_front() {
            let mut wake = None;
            if let Some(sender) = self.pop_live_sender() {
                self.buffer.push_back(sender.value);
                wake = settle(&sender.waiter, Outcome::Sent { case: sender.case });
            }
            return Ok(Taken { value, wake });
        }

        // Nothing buffered: a parked sender of an unbuffered channel hands over directly.
        if let Some(sender) = self.pop_live_sender() {
            let wake = settle(&sender.waiter, Outcome::Sent { case: sender.case });
            return Ok(Taken {
                value: sender.value,
                wake,
            });
        }

        if self.closed {
            self.ended = true;
            return Err(TryRecvError::Closed);
        }
        Err(TryRecvError::Empty)
    }

    /// Close steps 1-3; see the module docs. Returns the wakers of every parked operation.
    pub(super) fn close(&mut self) -> Result<Vec<Waker>, CloseError> {
        if self.closed {
            return Err(CloseError);
        }
        self.closed = true;

        let mut wakers = Vec::new();
        for receiver in mem::take(&mut self.receivers) {
            if is_live(&receiver.waiter) {
                let outcome = Outcome::RecvClosed {
                    case: receiver.case,
                };
                wakers.extend(settle(&receiver.waiter, outcome));
            }
        }
        for sender in mem::take(&mut self.senders) {
            if is_live(&sender.waiter) {
                let outcome = Outcome::SendClosed {
                    case: sender.case,
                    value: sender.value,
                };
                wakers.extend(settle(&sender.waiter, outcome));
            }
        }
        Ok(wakers)
    }

    /// Parks a receive case of `waiter`.
    pub(super) fn park_receiver(&mut self, waiter: &WaiterRef<T>, case: usize) {
        self.receivers.push_back(ParkedRecv {
            waiter: Rc::clone(waiter),
            case,
        });
    }

    /// Parks a send case of `waiter` with its value.
    pub(super) fn park_sender(&mut self, waiter: &WaiterRef<T>, case: usize, value: T) {
        self.senders.push_back(ParkedSend {
            waiter: Rc::clone(waiter),
            case,
            value,
        });
    }

    /// Removes every case `waiter` parked here. Returns the values of its send cases, for
    /// the caller to drop once the channel is no longer borrowed.
    pub(super) fn unpark(&mut self, waiter: &WaiterRef<T>) -> Vec<T> {
        self.receivers
            .retain(|parked| !Rc::ptr_eq(&parked.waiter, waiter));

        let mut values = Vec::new();
        let mut kept = VecDeque::with_capacity(self.senders.len());
        for parked in self.senders.drain(..) {
            if Rc::ptr_eq(&parked.waiter, waiter) {
                values.push(parked.value);
            } else {
                kept.push_back(parked);
            }
        }
        self.senders = kept;
        values
    }

    /// Gives back a value handed to a receive that was dropped before it took it, so that
    /// it is neither lost nor received twice. Returns the waker to wake, and the value
    /// itself when the channel has already reported its end (see the module docs).
    pub(super) fn give_back(&mut self, seq: u64, value: T) -> (Option<Waker>, Option<T>) {
        // Another receiver waiting now was the next in line for it anyway.
        if let Some(receiver) = self.pop_live_receiver() {
            let outcome = Outcome::Received {
                case: receiver.case,
                seq,
                value,
            };
            return (settle(&receiver.waiter, outcome), None);
        }

        // A receive has already said that nothing more comes; that stays true.
        if self.ended {
            return (None, Some(value));
        }

        // Hand-offs happen only while the buffer is empty, so every hand-off is older than
        // every buffered value; among themselves they keep the order they were handed in.
        let at = self.handoffs.partition_point(|handoff| handoff.seq < seq);
        self.handoffs.insert(at, Handoff { seq, value });
        (None, None)
    }

    fn pop_live_receiver(&mut self) -> Option<ParkedRecv<T>> {
        while let Some(parked) = self.receivers.pop_front() {
            if is_live(&parked.waiter) {
                return Some(parked);
            }
        }
        None
    }

    fn pop_live_sender(&mut self) -> Option<ParkedSend<T>> {
        while let Some(parked) = self.senders.pop_front() {
            if is_live(&parked.waiter) {
                return Some(parked);
            }
        }
        None
    }
}
