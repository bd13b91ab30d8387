//! The playground's current topology as source code: the seed design in Go, and the same
//! design in Rust with only the standard library.
//!
//! [`go_program`] writes one self-contained `package main` in the seed article's style: a
//! `Broker` with a map from topic to one channel per subscriber, `make(chan string, n)` for a
//! buffer of `n` (and `make(chan string)` for Go's unbuffered rendezvous), a publisher that
//! waits for a slow subscriber only when that subscriber's policy is block, and a goroutine
//! per publisher and per subscriber. The comments in each program describe only the
//! policies its topology uses, so the header's promise about waiting follows them too.
//! [`rust_program`] writes the equivalent with `std::sync::mpsc::sync_channel`, whose
//! capacity is exact and whose capacity 0 is a rendezvous too, and a thread per goroutine.
//!
//! # What each overflow policy becomes
//!
//! | policy | Go | Rust |
//! |---|---|---|
//! | drop-newest | `select { case ch <- msg: default: }` | `try_send`, `TrySendError::Full` is a drop |
//! | drop-oldest | on full, a non-blocking receive, then the send again | a `VecDeque` behind a `Mutex` and a `Condvar`: std's receiver owns its queue |
//! | block | `ch <- msg` | `send` |
//! | disconnect | close the channel and take it out of the slice | drop the sender |
//!
//! Only what the topology uses is written: a run of drop-newest subscribers gives the seed
//! design itself, without a policy type.
//!
//! # Bounded runs
//!
//! Both programs run for [`RUN_SECONDS`] of real time, then print each publisher's and each
//! subscriber's counts and return, which ends every goroutine or thread with them.
//!
//! # Text from the page
//!
//! Topic names, actor names and payload patterns appear only inside string literals,
//! escaped by each language's rules ([`go_quote`] and [`rust_quote`]), so a pattern such as
//! `"<script>` is data in the program, never code, and never reaches a comment.

mod go;
mod literal;
mod plan;
mod rust;
mod topology;

pub use self::go::go_program;
pub use self::literal::{go_quote, rust_quote};
pub use self::rust::rust_program;
pub use self::topology::{Named, TopicSetup, Topology};

/// How long a generated program runs before it prints its counts, in seconds of real time.
pub const RUN_SECONDS: u64 = 3;
