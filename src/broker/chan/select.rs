//! Go's `select` over channels of one element type, with or without a default case.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::SendError;
use super::handles::{Receiver, Sender};
use super::wait::{Case, Wait};

/// A source of random choices for [`Select`]: `pick(n)` returns a number in `0..n`.
///
/// Every closure `FnMut(usize) -> usize` is one, so a seeded generator plugs in as
/// `&mut |n| (rng.next_u64() % n as u64) as usize`. A number out of range is reduced modulo
/// `n` rather than trusted.
pub trait Pick {
    /// A number in `0..n`; `n` is at least 1.
    fn pick(&mut self, n: usize) -> usize;
}

impl<F: FnMut(usize) -> usize> Pick for F {
    fn pick(&mut self, n: usize) -> usize {
        self(n)
    }
}

/// The case a select completed, and what it gave.
#[derive(Debug)]
pub enum Selected<T> {
    /// Receive case `case` received `Some(value)`, or `None` because its channel is closed
    /// and drained (Go's `v, ok := <-ch` with `ok == false`).
    Recv {
        /// The index [`Select::recv`] returned.
        case: usize,
        /// The value, or `None` at the end of the channel.
        value: Option<T>,
    },
    /// Send case `case` sent its value, or found its channel closed: Go's `panic: send on
    /// closed channel`, as an error that carries the value back.
    Send {
        /// The index [`Select::send`] returned.
        case: usize,
        /// Whether the value was sent.
        result: Result<(), SendError<T>>,
    },
}

impl<T> Selected<T> {
    /// The index of the completed case.
    pub fn case(&self) -> usize {
        match self {
            Selected::Recv { case, .. } | Selected::Send { case, .. } => *case,
        }
    }
}

/// A select under construction: add cases, then run it once with
/// [`try_select`](Select::try_select) (with a default case) or [`select`](Select::select)
/// (waiting).
///
/// All its channels carry the same element type `T`; see "Known shortcomings" in the
/// module docs.
pub struct Select<T> {
    cases: Vec<Case<T>>,
}

impl<T> Select<T> {
    /// A select without cases. Run as it is, it waits forever, like Go's `select {}`.
    pub fn new() -> Select<T> {
        Select { cases: Vec::new() }
    }

    /// Adds `case <-receiver` and returns its index.
    pub fn recv(&mut self, receiver: &Receiver<T>) -> usize {
        self.cases.push(Case::Recv(receiver.shared()));
        self.cases.len() - 1
    }

    /// Adds `case sender <- value` and returns its index. If another case is chosen, the
    /// value is dropped with the select.
    pub fn send(&mut self, sender: &Sender<T>, value: T) -> usize {
        self.cases.push(Case::Send {
            chan: sender.shared(),
            value: Some(value),
        });
        self.cases.len() - 1
    }

    /// How many cases were added.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether no case was added.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// Runs the select with a default case: completes a ready case, chosen uniformly at
    /// random among the ready ones, or, when none is ready, takes the default and returns
    /// the select unchanged in `Err`, its values still in it.
    pub fn try_select(self, pick: &mut impl Pick) -> Result<Selected<T>, Select<T>> {
        let order = poll_order(self.cases.len(), pick);
        let mut wait = Wait::new(self.cases, order);
        match wait.try_now() {
            Some(selected) => Ok(selected),
            None => Err(Select {
                cases: wait.into_cases(),
            }),
        }
    }

    /// Runs the select without a default case: the future completes a ready case, chosen
    /// uniformly at random among those ready when it is first polled, or waits until
    /// another task makes one ready. It never pairs its own send and receive cases.
    ///
    /// The random order is drawn here, so the future does not hold on to `pick`.
    pub fn select(self, pick: &mut impl Pick) -> SelectFuture<T> {
        let order = poll_order(self.cases.len(), pick);
        SelectFuture {
            wait: Wait::new(self.cases, order),
        }
    }
}

impl<T> Default for Select<T> {
    fn default() -> Select<T> {
        Select::new()
    }
}

impl<T> fmt::Debug for Select<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Select")
            .field("cases", &self.cases.len())
            .finish()
    }
}

/// A select waiting for one of its cases; see [`Select::select`].
///
/// Dropping it while it waits withdraws every case: the values of its send cases are
/// dropped unsent, and a value already handed to one of its receive cases goes back to
/// its channel.
#[must_use = "a select does nothing unless polled"]
#[derive(Debug)]
pub struct SelectFuture<T> {
    wait: Wait<T>,
}

impl<T> Future for SelectFuture<T> {
    type Output = Selected<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Selected<T>> {
        self.get_mut().wait.poll(cx)
    }
}

/// A uniformly random order of `n` cases, drawn like Go's `pollorder`: an inside-out
/// Fisher-Yates shuffle.
fn poll_order(n: usize, pick: &mut impl Pick) -> Vec<usize> {
    let mut order = Vec::with_capacity(n);
    for i in 0..n {
        order.push(i);
        if i > 0 {
            let j = pick.pick(i + 1) % (i + 1);
            order.swap(i, j);
        }
    }
    order
}
