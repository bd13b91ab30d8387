//! The playground's entry point: mounts the Yew app in the browser.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable
    )
)]

#[cfg(target_arch = "wasm32")]
fn main() {
    mini_kafka_playground::ui::mount();
}

/// Natively there is no page to mount; the core and simulation are used through the library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("The playground runs in the browser: see README.md for the command that serves it.");
}
