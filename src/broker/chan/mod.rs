//! Go's channels, exactly: buffered or unbuffered, with waiting sends, closing and `select`.
//!
//! # Design
//!
//! A channel is one `Chan` behind an `Rc<RefCell<_>>`, shared by its [`Sender`]s and
//! [`Receiver`]s. It holds, as Go's `hchan` does, the buffer, a queue of parked receivers
//! (`recvq`), a queue of parked senders (`sendq`) with their values, and whether it is
//! closed. An operation that has to wait parks a *waiter* on the channel: one waiter for a
//! `send` or `recv`, one waiter shared by every case of a `select`. Whoever first makes one
//! of its cases proceed *settles* the waiter, writing the outcome into it and waking its
//! task; its other parked cases are then stale, and everyone passes over them.
//!
//! The channel keeps these invariants:
//!
//! 1. The buffer holds at most `capacity` values, zero included, and [`Sender::len`] is
//!    exactly how many it holds.
//! 2. A receiver is parked only while there is nothing to receive: the channel is open, no
//!    value was given back, the buffer is empty and no sender is parked.
//! 3. A sender is parked only while its value cannot go anywhere: the channel is open, no
//!    receiver is parked and the buffer is full (always, when unbuffered).
//! 4. Every value is in exactly one place: with its sending future or select, parked with
//!    it, in the buffer, given back to the channel, in a settled receive, or with whoever
//!    received it. No step copies a value, and none drops one except as said under
//!    [Cancellation](#cancellation).
//! 5. Once a receive has reported the end (closed and drained), every later one does.
//! 6. A parked waiter never stays parked while one of its cases could proceed: whoever
//!    makes a case ready settles it. So a parked operation has nothing to try again until
//!    it is woken, and keeps its place in line.
//!
//! A send takes these steps; [`Sender::try_send`] stops at step 4:
//!
//! 1. On a closed channel it fails, Go's `panic: send on closed channel`, and the value
//!    comes back in the error.
//! 2. If a receiver is parked, the value goes straight to the oldest one, which is settled
//!    and woken: a rendezvous, the buffer untouched, as in Go.
//! 3. Otherwise, if the buffer has room, the value is appended to it.
//! 4. Otherwise the send would wait; `try_send` gives the value back as full.
//! 5. [`Sender::send`] parks the value in `sendq` and waits to be settled: a receive takes
//!    the value, or a close gives it back in a [`SendError`].
//!
//! A receive takes these steps; [`Receiver::try_recv`] stops at step 5:
//!
//! 1. A value given back by a dropped receive comes first (see
//!    [Cancellation](#cancellation)).
//! 2. Otherwise the oldest buffered value. Taking it makes room, and the value of the
//!    oldest parked sender moves into the buffer behind the others; that sender is settled.
//! 3. Otherwise, on an unbuffered channel, the oldest parked sender hands its value over.
//! 4. Otherwise, on a closed channel, the end: `None`, Go's `ok == false`, at once and
//!    forever after.
//! 5. Otherwise the receive would wait; `try_recv` says empty.
//! 6. [`Receiver::recv`] parks and waits to be settled with a value or with the close.
//!
//! A close takes these steps:
//!
//! 1. On a closed channel it fails with [`CloseError`], Go's `panic: close of closed
//!    channel`; the first close still holds.
//! 2. The channel is marked closed; buffered values stay, to be received.
//! 3. Every parked receiver is settled with the end, every parked sender with its value in
//!    a [`SendError`], and all of them are woken.
//!
//! A [`Select`] takes these steps:
//!
//! 1. The caller's [`Pick`] shuffles the cases into a uniformly random order, as Go's
//!    `pollorder`, and the cases are tried in that order with the steps above. The first
//!    that can proceed completes, so each ready case has the same chance. A receive from a
//!    closed channel is ready (with the end), and so is a send on one (with its error).
//! 2. If none is ready, [`Select::try_select`] takes the default case and gives the select
//!    back, values included.
//! 3. Otherwise [`Select::select`] parks every case, sends with their values, all with the
//!    same waiter, and waits.
//! 4. Once woken, it withdraws all its parked cases, then returns the one that settled it.
//!    The values of its other send cases are dropped, as Go discards them.
//!
//! A select never pairs its own send with its own receive, as Go's runtime forbids: a value
//! moves only while an operation tries its cases in step 1, and a select tries nothing once
//! parked; it only waits for another operation to try. "Own" means one select (or one
//! `send` or `recv`), not one task: two futures joined in one task are two goroutines in Go
//! terms and may pair.
//!
//! # Cancellation
//!
//! A dropped [`SendFuture`] or [`SelectFuture`] withdraws its parked cases at once, so no
//! receive pairs with it afterwards. A value not yet taken is dropped with it, never
//! received; a value taken was received exactly once, whether or not the future saw it.
//!
//! A dropped [`RecvFuture`] (or a dropped select, or [`Receiver`] midway through its
//! stream) withdraws its parked cases, so no send pairs with it afterwards. If a sender
//! had already handed it a value, the value is given back: to the oldest parked receiver,
//! or else to the front of the channel, ahead of the buffer and in the order the values
//! were handed over, for the next receive. A given-back value is in flight, not buffered,
//! so [`Receiver::len`] does not count it; on an unbuffered channel `len` stays 0.
//!
//! One exception keeps invariant 5: if the channel was closed and some receive has already
//! reported the end, a value given back after that is dropped, as if the dropped receive
//! had received and discarded it. It takes a receive future settled with a value before a
//! close and dropped unpolled after the end was seen.
//!
//! # Closing
//!
//! ```
//! use futures::executor::block_on;
//! use mini_kafka_playground::broker::chan::{channel, TryRecvError};
//!
//! let (tx, rx) = channel::<&str>(2);
//! tx.try_send("a")?;
//! tx.close()?;
//!
//! // Sending on a closed channel fails and gives the value back.
//! let refused = tx.try_send("b").unwrap_err();
//! assert!(refused.is_closed());
//! assert_eq!(refused.to_string(), "send on closed channel");
//! assert_eq!(refused.into_inner(), "b");
//! let refused = block_on(tx.send("c")).unwrap_err();
//! assert_eq!(refused.into_inner(), "c");
//!
//! // A second close is an error; the first still holds.
//! assert_eq!(tx.close().unwrap_err().to_string(), "close of closed channel");
//!
//! // What was buffered is received, then the end, forever.
//! assert_eq!(block_on(rx.recv()), Some("a"));
//! assert_eq!(block_on(rx.recv()), None);
//! assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A full channel
//!
//! `try_send` on a full buffer gives the value back; on an unbuffered channel "full" means
//! that no receiver is waiting.
//!
//! ```
//! use futures::FutureExt;
//! use mini_kafka_playground::broker::chan::channel;
//!
//! let (tx, rx) = channel(1);
//! tx.try_send(1)?;
//! let refused = tx.try_send(2).unwrap_err();
//! assert!(refused.is_full());
//! assert_eq!(refused.to_string(), "channel is full");
//! assert_eq!((refused.into_inner(), tx.len(), tx.capacity()), (2, 1, 1));
//!
//! // Unbuffered: nobody waits, so the send would wait, and a waiting send is withdrawn
//! // when its future is dropped.
//! let (tx, rx) = channel(0);
//! assert!(tx.try_send("hello").unwrap_err().is_full());
//! assert_eq!(tx.send("hello").now_or_never(), None);
//! assert!(rx.try_recv().unwrap_err().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Select
//!
//! ```
//! use mini_kafka_playground::broker::chan::{channel, Select, Selected};
//! use rand_core::{Rng, SeedableRng};
//!
//! let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
//! let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
//!
//! // Sending to and receiving from the same unbuffered channel: the select never pairs
//! // with itself, so nothing is ready and it takes the default.
//! let (tx, rx) = channel(0);
//! let mut select = Select::new();
//! select.send(&tx, "ping");
//! select.recv(&rx);
//! let select = select.try_select(&mut pick).unwrap_err();
//! assert_eq!(select.len(), 2);
//!
//! // A buffered channel with room makes the send ready.
//! let (tx, rx) = channel(1);
//! let mut select = Select::new();
//! let send = select.send(&tx, "ping");
//! select.recv(&rx);
//! match select.try_select(&mut pick) {
//!     Ok(Selected::Send { case, result }) => assert!(case == send && result.is_ok()),
//!     other => panic!("expected the send case, got {other:?}"),
//! }
//! assert_eq!(rx.try_recv(), Ok("ping"));
//! ```
//!
//! # Threads
//!
//! Handles and futures share state through `Rc<RefCell<_>>` and stay on one thread: the
//! browser's, or one native executor's. No borrow is held while a task is woken.
//!
//! # Why not futures-channel
//!
//! `futures_channel::mpsc::channel(n)` buffers `n` values plus one per sender, so its
//! capacity depends on how many senders exist, and `channel(0)` still buffers one value
//! per sender instead of making a rendezvous. It has no select with fair random choice
//! and no way to send and receive on one channel in one select. Go's exact semantics need
//! the buffer, the two wait queues and the waiters under one roof, so they are built here
//! on `Waker` directly.
//!
//! # Known shortcomings
//!
//! A select waits on channels of one element type only, where Go mixes any channels. The
//! fix is a case trait that erases the element type, each case keeping its own value and
//! outcome; it is due when the simulation first needs to select over different types.

mod error;
mod handles;
mod select;
mod shared;
mod wait;

pub use self::error::{CloseError, SendError, TryRecvError, TrySendError};
pub use self::handles::{channel, Receiver, RecvFuture, SendFuture, Sender};
pub use self::select::{Pick, Select, SelectFuture, Selected};
