//! Errors of the channel. Each refused value comes back inside its error.

use std::error::Error;
use std::fmt;

/// Why [`Sender::try_send`](super::Sender::try_send) refused a value, with the value.
///
/// The channel was full (for an unbuffered channel: no receiver was waiting), or it was
/// closed, Go's `panic: send on closed channel` as a value.
#[derive(Clone, PartialEq, Eq)]
pub struct TrySendError<T> {
    kind: TrySendKind,
    value: T,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrySendKind {
    Full,
    Closed,
}

impl<T> TrySendError<T> {
    pub(super) fn full(value: T) -> TrySendError<T> {
        TrySendError {
            kind: TrySendKind::Full,
            value,
        }
    }

    pub(super) fn closed(value: T) -> TrySendError<T> {
        TrySendError {
            kind: TrySendKind::Closed,
            value,
        }
    }

    /// Whether the send would have had to wait: the buffer was full, or the channel is
    /// unbuffered and no receiver was waiting.
    pub fn is_full(&self) -> bool {
        self.kind == TrySendKind::Full
    }

    /// Whether the channel was closed.
    pub fn is_closed(&self) -> bool {
        self.kind == TrySendKind::Closed
    }

    /// The value that was not sent.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrySendError")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TrySendKind::Full => f.write_str("channel is full"),
            TrySendKind::Closed => f.write_str("send on closed channel"),
        }
    }
}

impl<T> Error for TrySendError<T> {}

/// Why a waiting send failed: the channel was closed before or while it waited, Go's
/// `panic: send on closed channel` as a value. The value comes back with it.
#[derive(Clone, PartialEq, Eq)]
pub struct SendError<T> {
    value: T,
}

impl<T> SendError<T> {
    pub(super) fn closed(value: T) -> SendError<T> {
        SendError { value }
    }

    /// Whether the channel was closed. Always true, since closing is the only thing that
    /// makes a waiting send fail; it is here so that both send errors read alike.
    pub fn is_closed(&self) -> bool {
        true
    }

    /// The value that was not sent.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendError").finish_non_exhaustive()
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("send on closed channel")
    }
}

impl<T> Error for SendError<T> {}

/// Why [`Receiver::try_recv`](super::Receiver::try_recv) returned no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TryRecvError {
    /// Nothing to receive yet: a receive would wait.
    Empty,
    /// The channel is closed and everything sent on it was received: Go's `v, ok := <-ch`
    /// with `ok == false`. Every later receive says the same.
    Closed,
}

impl TryRecvError {
    /// Whether a receive would have had to wait.
    pub fn is_empty(&self) -> bool {
        *self == TryRecvError::Empty
    }

    /// Whether the channel is closed and drained.
    pub fn is_closed(&self) -> bool {
        *self == TryRecvError::Closed
    }
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => f.write_str("channel is empty"),
            TryRecvError::Closed => f.write_str("channel is closed"),
        }
    }
}

impl Error for TryRecvError {}

/// A second [`Sender::close`](super::Sender::close): Go's `panic: close of closed channel`,
/// as a value. The first close still holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CloseError;

impl fmt::Display for CloseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("close of closed channel")
    }
}

impl Error for CloseError {}
