//! mini-kafka playground: a Kafka-inspired pub/sub broker that runs inside the web page.
//!
//! The crate has three layers, and each depends only on the ones above it in this list:
//!
//! - [`broker`]: the broker core. Topics, subscriber queues with Go's channel semantics, and the
//!   seed design's non-blocking fan-out. Pure Rust, no clock, no randomness.
//! - [`sim`]: the simulation. A virtual clock, a seeded random number generator and
//!   futures' single-threaded executor drive publishers and subscribers as async tasks on top of
//!   the broker, and record what happens as events. Pure Rust as well.
//! - [`scenario`]: scenarios as versioned JSON documents on top of the simulation: ready-made
//!   presets, sessions that record every change and replay to any instant, share links, and
//!   export as a Rust test. Pure Rust as well.
//! - [`codegen`]: the current topology as a Go program in the seed design's style and as the
//!   equivalent Rust program with std's channels. Pure Rust as well.
//! - `ui` (browser builds only): the Yew playground, which renders a snapshot of the simulation
//!   once per animation frame.
//!
//! The first four never import a browser crate, so they build and test natively with
//! `cargo test`, and the same scenario with the same seed produces the same events natively and
//! in the browser.

// A panic aborts the whole page in WebAssembly, so the app never opts into one. Tests may.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod broker;
pub mod codegen;
pub mod scenario;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
