//! The one engine behind `send`, `recv` and `select`: try every case, park on every
//! channel, and collect the outcome or give it back when dropped.
//!
//! A single `send` or `recv` is a wait with one case and no default, as in Go's runtime,
//! where a one-case select compiles to a plain channel operation.

use std::fmt;
use std::mem;
use std::task::{Context, Poll, Waker};

use super::error::{SendError, TryRecvError};
use super::select::Selected;
use super::shared::{Outcome, Shared, Waiter, WaiterRef};

/// One case of a wait.
pub(super) enum Case<T> {
    /// Receive from this channel.
    Recv(Shared<T>),
    /// Send this value on this channel. The value leaves the case when it is parked on the
    /// channel or sent.
    Send { chan: Shared<T>, value: Option<T> },
}

impl<T> Case<T> {
    fn chan(&self) -> &Shared<T> {
        match self {
            Case::Recv(chan) | Case::Send { chan, .. } => chan,
        }
    }
}

/// The cases of one `send`, `recv` or `select`, and its waiter once parked.
pub(super) struct Wait<T> {
    cases: Vec<Case<T>>,
    /// The order in which the cases are tried: random for a select, so that every ready
    /// case has the same chance.
    order: Vec<usize>,
    /// Present while parked, and until the outcome has been collected.
    waiter: Option<WaiterRef<T>>,
}

impl<T> Wait<T> {
    pub(super) fn new(cases: Vec<Case<T>>, order: Vec<usize>) -> Wait<T> {
        Wait {
            cases,
            order,
            waiter: None,
        }
    }

    /// A wait with one case.
    pub(super) fn single(case: Case<T>) -> Wait<T> {
        Wait::new(vec![case], vec![0])
    }

    /// The cases, taken out of a wait that never parked: the default case of a select.
    pub(super) fn into_cases(mut self) -> Vec<Case<T>> {
        mem::take(&mut self.cases)
    }

    /// Select step 1: tries the cases in their order and completes the first one that can
    /// proceed without waiting. A send case that could not proceed keeps its value.
    pub(super) fn try_now(&mut self) -> Option<Selected<T>> {
        let mut selected = None;
        for &case in &self.order {
            let Some(slot) = self.cases.get_mut(case) else {
                continue;
            };
            selected = match slot {
                Case::Recv(chan) => {
                    let received = chan.borrow_mut().try_recv();
                    match received {
                        Ok(taken) => {
                            wake(taken.wake);
                            Some(Selected::Recv {
                                case,
                                value: Some(taken.value),
                            })
                        }
                        Err(TryRecvError::Closed) => Some(Selected::Recv { case, value: None }),
                        Err(TryRecvError::Empty) => None,
                    }
                }
                Case::Send { chan, value } => {
                    let Some(outgoing) = value.take() else {
                        continue;
                    };
                    let sent = chan.borrow_mut().try_send(outgoing);
                    match sent {
                        Ok(waker) => {
                            wake(waker);
                            Some(Selected::Send {
                                case,
                                result: Ok(()),
                            })
                        }
                        Err(refused) if refused.is_closed() => Some(Selected::Send {
                            case,
                            result: Err(SendError::closed(refused.into_inner())),
                        }),
                        Err(refused) => {
                            *value = Some(refused.into_inner());
                            None
                        }
                    }
                }
            };
            if selected.is_some() {
                break;
            }
        }

        // The values of the send cases not taken go with the wait, as Go discards them.
        if selected.is_some() {
            self.cases.clear();
        }
        selected
    }

    /// Select steps 1-4 for a wait without default; see the module docs.
    pub(super) fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Selected<T>> {
        if let Some(waiter) = &self.waiter {
            // Parked: whoever makes a case ready settles the waiter, so until then there
            // is nothing to try again, and the parked cases keep their place in line.
            let settled = waiter.borrow().is_settled();
            if !settled {
                waiter.borrow_mut().set_waker(cx.waker());
                return Poll::Pending;
            }
            return match self.unpark() {
                Some(outcome) => Poll::Ready(self.finish(outcome)),
                None => Poll::Pending,
            };
        }

        if let Some(selected) = self.try_now() {
            return Poll::Ready(selected);
        }
        self.park(cx.waker());
        Poll::Pending
    }

    /// Select step 2: parks every case, all with the same waiter.
    fn park(&mut self, waker: &Waker) {
        let waiter = Waiter::new(waker);
        for (case, slot) in self.cases.iter_mut().enumerate() {
            match slot {
                Case::Recv(chan) => chan.borrow_mut().park_receiver(&waiter, case),
                Case::Send { chan, value } => {
                    if let Some(outgoing) = value.take() {
                        chan.borrow_mut().park_sender(&waiter, case, outgoing);
                    }
                }
            }
        }
        self.waiter = Some(waiter);
    }

    /// Select step 4: removes every parked case, then takes the outcome, if any. Unparking
    /// comes first so that no channel ever sees this waiter unsettled again.
    fn unpark(&mut self) -> Option<Outcome<T>> {
        let waiter = self.waiter.take()?;
        let mut unsent = Vec::new();
        for slot in &self.cases {
            let values = slot.chan().borrow_mut().unpark(&waiter);
            unsent.extend(values);
        }
        // Dropped here, outside any borrow of a channel.
        drop(unsent);

        let outcome = waiter.borrow_mut().take_outcome();
        outcome
    }

    fn finish(&mut self, outcome: Outcome<T>) -> Selected<T> {
        let selected = match outcome {
            Outcome::Received { case, value, .. } => Selected::Recv {
                case,
                value: Some(value),
            },
            Outcome::RecvClosed { case } => {
                // A value given back after the close still comes before the end.
                let value = self.cases.get(case).and_then(|slot| {
                    let received = slot.chan().borrow_mut().try_recv();
                    received.ok().map(|taken| {
                        wake(taken.wake);
                        taken.value
                    })
                });
                Selected::Recv { case, value }
            }
            Outcome::Sent { case } => Selected::Send {
                case,
                result: Ok(()),
            },
            Outcome::SendClosed { case, value } => Selected::Send {
                case,
                result: Err(SendError::closed(value)),
            },
        };
        self.cases.clear();
        selected
    }
}

// A wait moves its values around freely and never pins them, so it can be moved itself
// whatever `T` is; this makes the futures built on it `Unpin` for every `T`.
impl<T> Unpin for Wait<T> {}

impl<T> Drop for Wait<T> {
    fn drop(&mut self) {
        // Cancellation: a value handed to this wait but never returned goes back to the
        // channel it came from; see "Cancellation" in the module docs.
        if let Some(Outcome::Received { case, seq, value }) = self.unpark() {
            if let Some(slot) = self.cases.get(case) {
                let (waker, _ended) = slot.chan().borrow_mut().give_back(seq, value);
                wake(waker);
            }
        }
    }
}

impl<T> fmt::Debug for Wait<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("cases", &self.cases.len())
            .field("parked", &self.waiter.is_some())
            .finish()
    }
}

fn wake(waker: Option<Waker>) {
    if let Some(waker) = waker {
        waker.wake();
    }
}
