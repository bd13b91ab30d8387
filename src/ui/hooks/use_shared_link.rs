//! Opens the share link in the page's address: once when the playground mounts, and again
//! whenever a new link is pasted into the address bar of the open page.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::scenario::Scenario;
use crate::ui::embed::PageOptions;
use crate::ui::hooks::SimulationHandle;

/// Loads the scenario of the share link in `options`, if there is one, in place of the
/// starting preset, paused at time zero. Gives back what went wrong with the address (a
/// link that does not decode or validate, a preset that does not exist), for the page to
/// show; the running session stays then.
///
/// A link pasted into the address bar of the open page changes only the fragment, which
/// browsers do not reload for; the `hashchange` listener loads it instead. The share
/// button writes its link with `history.replaceState`, which fires no `hashchange`, so
/// sharing never reloads the run it shares.
#[hook]
pub fn use_shared_link(sim: &SimulationHandle, options: &PageOptions) -> Option<String> {
    let failure = use_state(|| options.unknown_preset());
    use_effect_with(sim.clone(), {
        let shared = options.shared_scenario();
        let failure = failure.clone();
        move |sim| {
            open_link(sim, shared, &failure);
            let sim = sim.clone();
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let shared = PageOptions::from_location().shared_scenario();
                    if shared.is_some() {
                        open_link(&sim, shared, &failure);
                    }
                })
            });
            // Dropping the listener removes it from the window.
            move || drop(listener)
        }
    });
    (*failure).clone()
}

/// Loads `shared`, if there is a link, and records the outcome in `failure`.
fn open_link(
    sim: &SimulationHandle,
    shared: Option<Result<Scenario, String>>,
    failure: &UseStateHandle<Option<String>>,
) {
    let Some(shared) = shared else {
        return;
    };
    match shared.and_then(|scenario| sim.load(scenario)) {
        Ok(()) => failure.set(None),
        Err(error) => {
            gloo::console::debug!(format!("the address's share link was refused: {error}"));
            failure.set(Some(error));
        }
    }
}
