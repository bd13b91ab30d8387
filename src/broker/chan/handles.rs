//! The public ends of a channel: [`Sender`], [`Receiver`], and the futures of a waiting
//! send and receive.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::stream::FusedStream;
use futures::Stream;

use super::error::{CloseError, SendError, TryRecvError, TrySendError};
use super::select::Selected;
use super::shared::{Chan, Shared};
use super::wait::{Case, Wait};

/// Creates a channel that buffers up to `capacity` values, Go's `make(chan T, capacity)`.
///
/// Capacity 0 is Go's unbuffered channel: every send waits for a receive and hands its
/// value over directly.
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let chan = Chan::new(capacity);
    let sender = Sender {
        chan: Rc::clone(&chan),
    };
    let receiver = Receiver { chan, next: None };
    (sender, receiver)
}

/// The sending end of a channel. Clone it for more producers; all clones send on the same
/// channel, and dropping them does not close it: only [`close`](Sender::close) does, as in
/// Go.
pub struct Sender<T> {
    chan: Shared<T>,
}

impl<T> Sender<T> {
    /// Sends `value` if that needs no waiting: a receiver is waiting for it, or the buffer
    /// has room. Otherwise the value comes back in the error, which says whether the
    /// channel was full or closed.
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let sent = self.chan.borrow_mut().try_send(value);
        sent.map(|waker| {
            if let Some(waker) = waker {
                waker.wake();
            }
        })
    }

    /// Sends `value`, waiting until the channel accepts it: into the buffer, or, when
    /// unbuffered, into the hands of a receiver. Waiting senders are served oldest first.
    ///
    /// If the channel is closed before or while the send waits, the future completes with
    /// the value in a [`SendError`]. Dropping the future while it waits withdraws the send:
    /// the value is dropped with it and was never received.
    pub fn send(&self, value: T) -> SendFuture<T> {
        SendFuture {
            wait: Wait::single(Case::Send {
                chan: self.shared(),
                value: Some(value),
            }),
        }
    }

    /// Closes the channel: waiting receivers and senders wake at once, receivers still get
    /// every buffered value, then the end; waiting and later sends fail. Closing twice is
    /// an error, Go's `panic: close of closed channel`.
    pub fn close(&self) -> Result<(), CloseError> {
        let wakers = self.chan.borrow_mut().close()?;
        for waker in wakers {
            waker.wake();
        }
        Ok(())
    }

    /// Go's `len(ch)`: values in the buffer. Always 0 for an unbuffered channel.
    pub fn len(&self) -> usize {
        self.chan.borrow().len()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Go's `cap(ch)`: how many values the buffer holds at most.
    #[doc(alias = "cap")]
    pub fn capacity(&self) -> usize {
        self.chan.borrow().capacity()
    }

    /// Whether the channel was closed.
    pub fn is_closed(&self) -> bool {
        self.chan.borrow().is_closed()
    }

    pub(super) fn shared(&self) -> Shared<T> {
        Rc::clone(&self.chan)
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        Sender {
            chan: self.shared(),
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_chan(f.debug_struct("Sender"), &self.chan)
    }
}

/// The receiving end of a channel, also a [`Stream`] of its values that ends once the
/// channel is closed and drained. Clone it for more consumers; each value goes to exactly
/// one of them.
pub struct Receiver<T> {
    chan: Shared<T>,
    /// The receive the stream is waiting on, kept between polls.
    next: Option<Wait<T>>,
}

impl<T> Receiver<T> {
    /// Receives a value if that needs no waiting. Otherwise says whether a receive would
    /// wait, or the channel is closed and drained.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let received = self.chan.borrow_mut().try_recv();
        received.map(|taken| {
            if let Some(waker) = taken.wake {
                waker.wake();
            }
            taken.value
        })
    }

    /// Receives a value, waiting until there is one: `None` once the channel is closed and
    /// drained, at once and forever after.
    ///
    /// Dropping the future while it waits withdraws the receive; a value already handed to
    /// it goes back to the channel for the next receive.
    pub fn recv(&self) -> RecvFuture<T> {
        RecvFuture {
            wait: Wait::single(Case::Recv(self.shared())),
        }
    }

    /// Go's `len(ch)`: values in the buffer. Always 0 for an unbuffered channel.
    pub fn len(&self) -> usize {
        self.chan.borrow().len()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Go's `cap(ch)`: how many values the buffer holds at most.
    #[doc(alias = "cap")]
    pub fn capacity(&self) -> usize {
        self.chan.borrow().capacity()
    }

    /// Whether the channel was closed. Values may still be waiting to be received.
    pub fn is_closed(&self) -> bool {
        self.chan.borrow().is_closed()
    }

    pub(super) fn shared(&self) -> Shared<T> {
        Rc::clone(&self.chan)
    }
}

impl<T> Clone for Receiver<T> {
    /// Another receiver on the same channel, not waiting on anything yet.
    fn clone(&self) -> Receiver<T> {
        Receiver {
            chan: self.shared(),
            next: None,
        }
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_chan(f.debug_struct("Receiver"), &self.chan)
    }
}

impl<T> Stream for Receiver<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = self.get_mut();
        let chan = &this.chan;
        let wait = this
            .next
            .get_or_insert_with(|| Wait::single(Case::Recv(Rc::clone(chan))));
        let Poll::Ready(selected) = wait.poll(cx) else {
            return Poll::Pending;
        };
        this.next = None;
        Poll::Ready(received(selected))
    }
}

impl<T> FusedStream for Receiver<T> {
    fn is_terminated(&self) -> bool {
        self.chan.borrow().has_ended()
    }
}

/// A send waiting for the channel to accept its value; see [`Sender::send`].
#[must_use = "a send does nothing unless polled"]
#[derive(Debug)]
pub struct SendFuture<T> {
    wait: Wait<T>,
}

impl<T> Future for SendFuture<T> {
    type Output = Result<(), SendError<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), SendError<T>>> {
        match self.get_mut().wait.poll(cx) {
            Poll::Ready(Selected::Send { result, .. }) => Poll::Ready(result),
            // A wait whose only case sends never receives; and if it has completed already,
            // polling it again finds nothing to do.
            Poll::Ready(Selected::Recv { .. }) | Poll::Pending => Poll::Pending,
        }
    }
}

/// A receive waiting for a value; see [`Receiver::recv`].
#[must_use = "a receive does nothing unless polled"]
#[derive(Debug)]
pub struct RecvFuture<T> {
    wait: Wait<T>,
}

impl<T> Future for RecvFuture<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.get_mut().wait.poll(cx).map(received)
    }
}

fn received<T>(selected: Selected<T>) -> Option<T> {
    match selected {
        Selected::Recv { value, .. } => value,
        // A wait whose only case receives never sends.
        Selected::Send { .. } => None,
    }
}

fn debug_chan<T>(mut f: fmt::DebugStruct<'_, '_>, chan: &Shared<T>) -> fmt::Result {
    let chan = chan.borrow();
    f.field("len", &chan.len())
        .field("capacity", &chan.capacity())
        .field("closed", &chan.is_closed())
        .finish()
}
