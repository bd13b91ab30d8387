//! A card's counts at a pace a reader can follow while the clock runs.
//!
//! Under a heavy load every count on every card changes in every frame. Nobody reads a number
//! that changes sixty times a second, and each change costs the browser a layout and a paint
//! of the card: twelve subscriber and ten publisher cards took more than a third of each
//! frame. So while the clock runs a card takes a new view at most every
//! [`CARD_REFRESH_MILLIS`], which still reads as live, and the cards take turns: a frame
//! refreshes a sixth of them, rather than every card in every sixth frame, which would make
//! that frame late.
//!
//! Whatever the user asked for shows at once: a paused clock, a step or a seek shows the
//! newest view, and so does a change the caller names, such as a new policy or capacity.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// The longest a running card keeps a view, in wall milliseconds: ten refreshes a second.
pub const CARD_REFRESH_MILLIS: f64 = 100.0;

/// How many turns the cards are spread over, one per frame at 60 Hz.
const TURNS: u64 = 6;

/// What a card showed last, and when, on the page's clock.
#[derive(Debug)]
struct Held<T> {
    shown: T,
    /// The start of the card's current refresh period, or `None` while the clock is stopped.
    period_start: Option<f64>,
}

/// The view a card shows now: `value` when the clock is stopped, when `must_show(shown,
/// value)` says the difference matters at once, or when the card's turn has come; otherwise
/// the view it showed last. `turn` spreads the cards' refreshes (an id will do).
#[hook]
pub fn use_held_while_running<T>(
    value: &T,
    running: bool,
    turn: u64,
    must_show: fn(&T, &T) -> bool,
) -> T
where
    T: Clone + 'static,
{
    let held: Rc<RefCell<Held<T>>> = use_mut_ref(|| Held {
        shown: value.clone(),
        period_start: None,
    });
    let now = web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now());
    let Ok(mut held) = held.try_borrow_mut() else {
        return value.clone();
    };
    let now = match now {
        Some(now) if running => now,
        // Stopped, or no clock to pace by: always the newest.
        _ => {
            held.period_start = None;
            held.shown = value.clone();
            return value.clone();
        }
    };

    let period_start = match held.period_start {
        Some(start) => start,
        // The clock just started: this card's first period began `turn` sixths ago, so the
        // cards come due in different frames.
        None => {
            let offset = (turn % TURNS) as f64 * CARD_REFRESH_MILLIS / TURNS as f64;
            held.shown = value.clone();
            held.period_start = Some(now - offset);
            return value.clone();
        }
    };
    let elapsed = now - period_start;
    if elapsed >= CARD_REFRESH_MILLIS || must_show(&held.shown, value) {
        // Whole periods keep the card on its turn, however late this frame came.
        if elapsed >= CARD_REFRESH_MILLIS {
            held.period_start = Some(now - elapsed % CARD_REFRESH_MILLIS);
        }
        held.shown = value.clone();
    }
    held.shown.clone()
}
