//! Whether the clock keeps up with the chosen speed.
//!
//! Each animation frame may spend only a fixed budget of wall time simulating (see
//! [`SimulationHandle::advance_within`](super::SimulationHandle::advance_within)). Under a
//! heavy load at a high speed the budget runs out first and the simulation falls behind the
//! speed the selector shows. The frame handler reports each frame here: how much wall time
//! it covered and how much simulated time it achieved. Once a second the meter compares the
//! two, and the controls bar says so if the clock ran noticeably slower than asked. The
//! diagrams scale their marks' travel by the pace measured, not by the one asked for
//! ([`travel_scale`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{travel_scale, SimDuration};
use crate::ui::state::Speed;

/// How much wall time one measurement covers, in milliseconds.
pub const PACE_WINDOW_MILLIS: f64 = 1_000.0;

/// Within this fraction of the chosen speed, the clock counts as keeping up: frame timing
/// alone makes the achieved speed wobble by a few percent.
pub const PACE_TOLERANCE: f64 = 0.1;

/// Wall and simulated time added up since the current window began.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Window {
    wall_millis: f64,
    simulated_secs: f64,
}

/// The frame handler's view of the pace: it records frames and publishes the achieved speed
/// when the clock falls behind. Cloning it is cheap and every clone shares the same window.
#[derive(Clone)]
pub struct PaceHandle {
    window: Rc<RefCell<Window>>,
    behind: UseStateHandle<Option<f64>>,
    /// The marks' travel scale from the last full window, and the speed chosen then.
    /// Unlike `behind` it outlasts a pause: see [`travel_scale`](Self::travel_scale).
    last: Rc<Cell<Option<(Speed, f64)>>>,
}

impl PartialEq for PaceHandle {
    /// Handles of the same meter are equal, so a callback built on one is not rebuilt.
    fn eq(&self, other: &PaceHandle) -> bool {
        Rc::ptr_eq(&self.window, &other.window)
    }
}

impl std::fmt::Debug for PaceHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaceHandle")
            .field("behind", &*self.behind)
            .finish_non_exhaustive()
    }
}

impl PaceHandle {
    /// The speed the clock achieved over the last full window, if it fell short of the
    /// chosen one by more than [`PACE_TOLERANCE`]; `None` while it keeps up.
    pub fn behind(&self) -> Option<f64> {
        *self.behind
    }

    /// How many times longer than at 1× the diagrams' marks travel at the chosen `speed`
    /// ([`travel_scale`]): scaled by the pace of the last full window at that speed, which
    /// is the speed itself unless the clock fell behind it. A pause keeps it, so that marks
    /// frozen where the running clock drew them stay there, and so does the first second
    /// after the clock starts again, before it has been measured anew.
    pub fn travel_scale(&self, speed: Speed) -> f64 {
        match self.last.get() {
            Some((measured_at, scale)) if measured_at == speed => scale,
            _ => travel_scale(speed.get(), None),
        }
    }

    /// Adds one frame that covered `wall_millis` and advanced the clock by `simulated`.
    /// At the end of each window, updates [`behind`](Self::behind); between windows this
    /// is two additions, so it costs nothing per message.
    pub fn record(&self, wall_millis: f64, simulated: SimDuration, target: Speed) {
        let Ok(mut window) = self.window.try_borrow_mut() else {
            return;
        };
        window.wall_millis += wall_millis;
        window.simulated_secs += simulated.as_secs_f64();
        if window.wall_millis < PACE_WINDOW_MILLIS {
            return;
        }
        let achieved = window.simulated_secs / (window.wall_millis / 1_000.0);
        *window = Window::default();
        drop(window);
        let fell_behind = achieved < target.get() * (1.0 - PACE_TOLERANCE);
        let pace = if fell_behind { achieved } else { target.get() };
        let held = self
            .last
            .get()
            .and_then(|(measured_at, scale)| (measured_at == target).then_some(scale));
        self.last.set(Some((target, travel_scale(pace, held))));
        // Rounded as it is shown, so that the state, compared by value, changes only when
        // the words on the page would.
        self.behind.set(fell_behind.then(|| round_speed(achieved)));
    }

    /// Forgets the current window and any shortfall: the speed changed, or the clock
    /// stopped or started.
    pub fn reset(&self) {
        if let Ok(mut window) = self.window.try_borrow_mut() {
            *window = Window::default();
        }
        self.behind.set(None);
    }
}

/// A speed as the indicator shows it: two decimals below 1×, one below 10×, whole numbers
/// above. A clock that moves never reads 0×, however slowly it moves: the least shown is
/// 0.01×.
fn round_speed(speed: f64) -> f64 {
    if speed < 1.0 {
        ((speed * 100.0).round() / 100.0).max(0.01)
    } else if speed < 10.0 {
        (speed * 10.0).round() / 10.0
    } else {
        speed.round()
    }
}

/// The pace meter of the page's clock.
#[hook]
pub fn use_pace() -> PaceHandle {
    let window = use_mut_ref(Window::default);
    let behind = use_state_eq(|| None::<f64>);
    let last = use_memo((), |()| Cell::new(None));
    PaceHandle {
        window,
        behind,
        last: Rc::clone(&last),
    }
}
