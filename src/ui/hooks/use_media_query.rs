//! Whether the page matches a CSS media query, kept current as the window changes.
//!
//! The stylesheet handles most of what a screen's width changes. This is for the few places
//! where the Rust code itself draws differently, such as the fan-out diagram's coordinates.

use gloo::events::EventListener;
use web_sys::MediaQueryList;
use yew::prelude::*;

/// Whether `query` (such as `"(max-width: 589px)"`) matches now. The component renders again
/// when that changes: the browser fires `change` on the query's list as the window is
/// resized, zoomed or turned.
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let matches = use_state_eq(|| media_query_list(query).is_some_and(|list| list.matches()));
    {
        let matches = matches.setter();
        use_effect_with(query, move |query| {
            let listener = media_query_list(query).map(|list| {
                // The window may have changed between the first render and this effect,
                // before anything listened.
                matches.set(list.matches());
                let target = list.clone();
                EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            // Dropping the listener removes it.
            move || drop(listener)
        });
    }
    *matches
}

fn media_query_list(query: &str) -> Option<MediaQueryList> {
    web_sys::window()?.match_media(query).ok().flatten()
}
