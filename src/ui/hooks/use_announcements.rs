//! What the live region says, and when: at most once every few seconds of wall time.
//!
//! Each render brings the newest [`Tally`]. When the region has been quiet for
//! [`ANNOUNCE_EVERY_MILLIS`], a change worth saying is said at once; otherwise the region
//! waits out the rest of that time and then says, in one sentence, everything that changed
//! meanwhile ([`Announcer`] sums it). So a screen reader hears a drop within a moment, and
//! under a flood of drops one sentence every few seconds, never one per message.
//!
//! A new scenario (a reset, a preset, a loaded link) starts silently from its own first
//! tally, and so does a clock moved back. While muted, the region is empty and the tally
//! moves on silently, so that unmuting does not read out what happened meanwhile. The
//! choice is remembered in the browser's local storage.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::sim::{Announcer, Tally};

/// The least wall time between two announcements, in milliseconds.
pub const ANNOUNCE_EVERY_MILLIS: u32 = 4_000;

/// The local-storage key that remembers a muted region.
const MUTED_KEY: &str = "mini-kafka-playground.announcements-muted";

/// What the live region shows, and the switch that mutes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcements {
    /// The latest sentence; empty before the first and while muted.
    pub text: String,
    /// Whether announcements are off.
    pub muted: bool,
    /// Mutes (`true`) or unmutes (`false`) them.
    pub on_mute: Callback<bool>,
}

/// The quiet time after an announcement: the timer that ends it, and whether it has.
struct Quiet {
    _timer: Timeout,
    over: Rc<Cell<bool>>,
}

/// What survives between renders.
#[derive(Default)]
struct Speaker {
    announcer: Announcer,
    generation: Option<u64>,
    quiet: Option<Quiet>,
}

/// The live region's text for `tally`, from the session numbered `generation`.
#[hook]
pub fn use_announcements(tally: &Tally, generation: u64) -> Announcements {
    let text = use_state_eq(String::new);
    let muted = use_state_eq(read_muted);
    // Bumped when a quiet time ends, to look again at what changed during it.
    let woken = use_state_eq(|| 0_u64);
    let speaker = use_mut_ref(Speaker::default);

    {
        let text = text.clone();
        let woken = woken.clone();
        use_effect_with(
            (tally.clone(), generation, *muted, *woken),
            move |(tally, generation, muted, wakes)| {
                let Ok(mut speaker) = speaker.try_borrow_mut() else {
                    return;
                };
                if speaker.generation != Some(*generation) || *muted {
                    speaker.generation = Some(*generation);
                    speaker.announcer.rebase(tally.clone());
                    return;
                }
                match &speaker.quiet {
                    Some(quiet) if !quiet.over.get() => return,
                    _ => speaker.quiet = None,
                }
                let Some(sentence) = speaker.announcer.announce(tally.clone()) else {
                    return;
                };
                // A live region reads out changes only: the same sentence twice in a row
                // gets a trailing no-break space so that it is heard again.
                let sentence = if *text == sentence {
                    format!("{sentence}\u{a0}")
                } else {
                    sentence
                };
                text.set(sentence);
                let over = Rc::new(Cell::new(false));
                let wakes = *wakes;
                let timer = {
                    let over = over.clone();
                    Timeout::new(ANNOUNCE_EVERY_MILLIS, move || {
                        over.set(true);
                        woken.set(wakes.wrapping_add(1));
                    })
                };
                speaker.quiet = Some(Quiet {
                    _timer: timer,
                    over,
                });
            },
        );
    }

    let on_mute = use_callback(
        (muted.clone(), text.clone()),
        |mute: bool, (muted, text)| {
            write_muted(mute);
            if mute {
                text.set(String::new());
            }
            muted.set(mute);
        },
    );
    Announcements {
        text: (*text).clone(),
        muted: *muted,
        on_mute,
    }
}

/// Whether an earlier visit muted the region. Storage may be unavailable (private modes,
/// sandboxed frames): then it is on.
fn read_muted() -> bool {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(MUTED_KEY).ok().flatten())
        .is_some_and(|value| value == "1")
}

/// Remembers the choice, if the browser lets the page store anything.
fn write_muted(muted: bool) {
    let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten())
    else {
        return;
    };
    let stored = if muted {
        storage.set_item(MUTED_KEY, "1")
    } else {
        storage.remove_item(MUTED_KEY)
    };
    if stored.is_err() {
        gloo::console::debug!("the mute setting could not be stored; it lasts this visit only");
    }
}
