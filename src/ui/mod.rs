//! The playground UI: a Yew app that drives a [`Simulation`](crate::sim::Simulation) on the
//! sim's virtual clock and draws what it sees.
//!
//! # How a frame flows
//!
//! 1. While the simulation runs, one animation frame loop
//!    ([`hooks::use_frame_loop`]) reports the wall time since the previous frame, clamped to
//!    250 ms so a tab that was in the background does not jump ahead by minutes.
//! 2. The app advances the simulation by that time multiplied by the speed, within a budget
//!    of wall time per frame. Every message in that span flows through the broker without
//!    touching the DOM. The pace meter ([`hooks::use_pace`]) adds up the frame's wall time
//!    and the simulated time achieved; once a second it tells the controls bar whether the
//!    budget held the clock below the chosen speed.
//! 3. It takes one [`Snapshot`](crate::sim::Snapshot) and stores it in a `use_state_eq`, so
//!    Yew re-renders only when something visible changed, and each card re-renders only when
//!    its own view changed.
//!
//! A change made by clicking (add a subscriber, set a rate) goes through the same handle,
//! takes a fresh snapshot at once, and hands any refusal back to the form that asked, which
//! shows it next to the field.
//!
//! # Layout of this module
//!
//! - [`scenario`]: the two starting points, the demo and the empty topic.
//! - [`parse`]: the text of number fields into checked settings.
//! - [`state`]: the controls' reducer: running or paused, speed, event filter.
//! - [`format`](mod@format): numbers and durations as the cards show them.
//! - [`embed`]: what the address asks for: a share link, embed mode, lock, the host's origin.
//! - [`hooks`]: the simulation handle, the animation frame loop, the pace meter, focus
//!   hand-offs for elements that go away, and the sticky bar's height for the stylesheet.
//! - [`components`]: one file per component, each with its own `Props`.

pub mod components;
pub mod embed;
pub mod format;
pub mod hooks;
pub mod parse;
pub mod scenario;
pub mod state;

use web_sys::Element;
use yew::AppHandle;

pub use self::components::app::{App, AppProps};
pub use self::scenario::{Start, DEFAULT_SEED};

/// Mounts the playground on the page's body. The query `?start=empty` starts with only the
/// topic `orders`, paused at time zero; anything else starts the running demo. A share link
/// in the fragment replaces either; [`embed`] lists everything the address may hold.
pub fn mount() {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    // A good share link replaces the start as soon as the app mounts
    // (hooks::use_shared_link); starting paused keeps the demo's clock from running a frame
    // before it. A bad link keeps the usual start, which the page falls back to.
    let start = match embed::PageOptions::from_location().shared_scenario() {
        Some(Ok(_)) => Start::Empty,
        _ => Start::from_query(&search),
    };
    gloo::console::debug!(format!("mounting the playground, start: {start:?}"));
    yew::Renderer::<App>::with_props(AppProps { start }).render();
    // Yew renders from a task queued by `render`; a task queued after it runs once the first
    // render is in the document.
    wasm_bindgen_futures::spawn_local(async { mark_first_render() });
}

/// The `performance.mark` set once the first render is in the document and the play button
/// can be pressed. The page benchmark (BENCHMARKS.md) measures load time up to it.
pub const INTERACTIVE_MARK: &str = "playground-interactive";

/// The mark set instead of [`INTERACTIVE_MARK`] when the first render has no enabled play
/// button, so that a benchmark reports that rather than a time it did not measure.
pub const FIRST_RENDER_MARK: &str = "playground-first-render";

fn mark_first_render() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let play_enabled = window
        .document()
        .and_then(|document| document.query_selector("[data-testid=\"start\"]").ok())
        .flatten()
        .is_some_and(|button| !button.has_attribute("disabled"));
    let name = if play_enabled {
        INTERACTIVE_MARK
    } else {
        FIRST_RENDER_MARK
    };
    if let Some(performance) = window.performance() {
        // A mark fails only for a reserved name; these are not.
        let _ = performance.mark(name);
    }
}

/// Mounts the playground inside `element`, as the browser tests do. The handle keeps the app;
/// call [`AppHandle::destroy`] to remove it.
pub fn mount_in(element: Element, start: Start) -> AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(element, AppProps { start }).render()
}
