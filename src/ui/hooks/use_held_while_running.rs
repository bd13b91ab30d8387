//! The cards' views at a pace a reader can follow while the clock runs.
//!
//! Under a heavy load every count on every card changes in every frame. Nobody reads a number
//! that changes sixty times a second, and each change costs Yew a render of the card and the
//! browser a layout and a paint of it: twelve subscriber and ten publisher cards took more
//! than a third of each frame. So while the clock runs a card gets a new view at most every
//! [`CARD_REFRESH_MILLIS`], which still reads as live, and in between it gets the very view it
//! had, so Yew skips it. The cards take turns: a frame refreshes a sixth of them, rather than
//! every card in every sixth frame, which would make that frame late.
//!
//! Whatever the user asked for shows at once: a paused clock, a step or a seek shows the
//! newest views, and so does a change the caller names, such as a new policy or capacity.

use std::collections::HashMap;

use yew::prelude::*;

/// The longest a running card keeps a view, in wall milliseconds: ten refreshes a second.
pub const CARD_REFRESH_MILLIS: f64 = 100.0;

/// How many turns the cards are spread over, one per frame at 60 Hz.
const TURNS: u64 = 6;

/// What one card showed last, and since when, on the page's clock.
#[derive(Debug)]
struct Held<T> {
    shown: T,
    /// The start of the card's current refresh period.
    period_start: f64,
}

/// The views the cards show now, one per `views` entry and in the same order. Each is the
/// newest when the clock is stopped, when `must_show(shown, newest)` says the difference
/// matters at once, or when the card's turn has come; otherwise the view that card showed
/// last. `key` tells the cards apart across frames, and spreads their turns.
#[hook]
pub fn use_held_while_running<T>(
    views: &[T],
    running: bool,
    key: fn(&T) -> u64,
    must_show: fn(&T, &T) -> bool,
) -> Vec<T>
where
    T: Clone + 'static,
{
    let held = use_mut_ref(HashMap::<u64, Held<T>>::new);
    // Only this hook borrows the map, so the borrow cannot fail; if it did, the newest views
    // are the safe answer.
    let Ok(mut held) = held.try_borrow_mut() else {
        return views.to_vec();
    };
    let page_clock = web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now());
    let now = match page_clock {
        Some(now) if running => now,
        // Stopped, or no clock to pace by: the newest, and every card starts afresh when the
        // clock runs again.
        _ => {
            held.clear();
            return views.to_vec();
        }
    };

    held.retain(|card, _| views.iter().any(|view| key(view) == *card));
    views
        .iter()
        .map(|view| {
            let card = key(view);
            let Some(entry) = held.get_mut(&card) else {
                // New to the running clock: its first period is set back by its key, a sixth
                // of a period per step (modulo six), so the cards come due in different frames.
                let offset = (card % TURNS) as f64 * CARD_REFRESH_MILLIS / TURNS as f64;
                let entry = Held {
                    shown: view.clone(),
                    period_start: now - offset,
                };
                held.insert(card, entry);
                return view.clone();
            };
            let elapsed = now - entry.period_start;
            if elapsed >= CARD_REFRESH_MILLIS {
                // Whole periods keep the card on its turn, however late this frame came.
                entry.period_start = now - elapsed % CARD_REFRESH_MILLIS;
                entry.shown = view.clone();
            } else if must_show(&entry.shown, view) {
                entry.shown = view.clone();
            }
            entry.shown.clone()
        })
        .collect()
}
