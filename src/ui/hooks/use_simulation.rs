//! The simulation handle: the one place the UI changes the simulation and takes snapshots.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{SimDuration, SimError, Simulation, Snapshot};
use crate::ui::scenario::{Start, DEFAULT_SEED};
use crate::ui::state::EventFilter;

/// How much simulated time [`SimulationHandle::advance_within`] runs between two looks at
/// the wall clock.
const ADVANCE_SLICE: SimDuration = SimDuration::from_millis(50);

/// How many events the log shows at most.
pub const EVENT_ROWS: usize = 100;

/// What the page renders: one snapshot, the log filter it was taken with, and which
/// simulation it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The simulation at one instant.
    pub snapshot: Snapshot,
    /// The categories the snapshot's events were taken with.
    pub filter: EventFilter,
    /// Counts the simulations since the page opened; each reset starts a new one. Keys of
    /// cards include it, so that a card of the new P1 does not keep the old P1's text.
    pub generation: u64,
    /// Why the starting simulation could not be built, if it could not.
    pub failure: Option<String>,
}

/// The live simulation, which only this module touches.
#[derive(Debug)]
struct Engine {
    sim: Simulation,
    filter: EventFilter,
    generation: u64,
    failure: Option<String>,
}

impl Engine {
    fn new(start: Start, generation: u64) -> Engine {
        // The starting topologies use only valid settings, so building them cannot fail
        // today; if a change to them ever makes it fail, the page says so instead of dying.
        let (sim, failure) = match start.build(DEFAULT_SEED) {
            Ok(sim) => (sim, None),
            Err(error) => (Simulation::new(DEFAULT_SEED), Some(error.to_string())),
        };
        Engine {
            sim,
            filter: EventFilter::default(),
            generation,
            failure,
        }
    }

    fn frame(&self) -> Frame {
        Frame {
            snapshot: self.sim.snapshot(&self.filter.categories(), EVENT_ROWS),
            filter: self.filter,
            generation: self.generation,
            failure: self.failure.clone(),
        }
    }
}

/// The handle to the page's simulation. Cloning it is cheap, and every clone reaches the
/// same simulation, so it can live in long-lived callbacks without going stale.
#[derive(Clone)]
pub struct SimulationHandle {
    engine: Rc<RefCell<Engine>>,
    frame: UseStateHandle<Rc<Frame>>,
}

impl PartialEq for SimulationHandle {
    /// Two handles are equal when they reach the same simulation; which frame each last saw
    /// does not matter, since both publish to the same state.
    fn eq(&self, other: &SimulationHandle) -> bool {
        Rc::ptr_eq(&self.engine, &other.engine)
    }
}

impl std::fmt::Debug for SimulationHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulationHandle").finish_non_exhaustive()
    }
}

impl SimulationHandle {
    /// The frame of the current render.
    pub fn frame(&self) -> Rc<Frame> {
        Rc::clone(&self.frame)
    }

    /// Applies a change and shows its result at once. A refusal comes back as the text the
    /// form shows next to its fields.
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut Simulation) -> Result<T, SimError>,
    ) -> Result<T, String> {
        let outcome = {
            let mut engine = self.engine.try_borrow_mut().map_err(|_| BUSY.to_owned())?;
            change(&mut engine.sim).map_err(|error| error.to_string())
        };
        self.publish();
        outcome
    }

    /// Moves the virtual clock forward by `span` and shows the result. Yew re-renders only
    /// if the new frame differs from the last.
    pub fn advance(&self, span: SimDuration) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            engine.sim.advance(span);
        }
        self.publish();
    }

    /// Like [`advance`](Self::advance), but stops early once `budget_millis` of wall time
    /// have been spent, so that a frame never freezes the page. At 10 000 messages per second
    /// and 100× speed one frame would otherwise simulate 250 000 messages. The clock then
    /// falls behind the chosen speed rather than the page falling behind the person, and the
    /// simulated time it did advance comes back, for the pace meter
    /// ([`use_pace`](super::use_pace)) to compare with the wall time.
    pub fn advance_within(&self, span: SimDuration, budget_millis: f64) -> SimDuration {
        let performance = web_sys::window().and_then(|window| window.performance());
        let started = performance.as_ref().map(|performance| performance.now());
        let mut left = span;
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            while left > SimDuration::ZERO {
                let slice = left.min(ADVANCE_SLICE);
                engine.sim.advance(slice);
                left = SimDuration::from_micros(left.as_micros().saturating_sub(slice.as_micros()));
                let spent = match (&performance, started) {
                    (Some(performance), Some(started)) => performance.now() - started,
                    _ => 0.0,
                };
                if spent > budget_millis {
                    break;
                }
            }
        }
        self.publish();
        SimDuration::from_micros(span.as_micros().saturating_sub(left.as_micros()))
    }

    /// Shows the log's events in these categories from now on.
    pub fn set_filter(&self, filter: EventFilter) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            engine.filter = filter;
        }
        self.publish();
    }

    /// Replaces the simulation with a new one at time zero.
    pub fn reset(&self, start: Start) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            let filter = engine.filter;
            *engine = Engine::new(start, engine.generation + 1);
            engine.filter = filter;
        }
        gloo::console::debug!(format!("playground reset to {start:?}"));
        self.publish();
    }

    /// Takes one snapshot and hands it to Yew, which compares it with the last one.
    fn publish(&self) {
        if let Ok(engine) = self.engine.try_borrow() {
            self.frame.set(Rc::new(engine.frame()));
        }
    }
}

/// The refusal shown if a change arrives while another is still being applied. Yew runs
/// callbacks one at a time, so this is a net rather than something a person should see.
const BUSY: &str = "the simulation is busy; try again";

/// The page's simulation, built once from `start`.
#[hook]
pub fn use_simulation(start: Start) -> SimulationHandle {
    let engine = use_mut_ref(|| Engine::new(start, 0));
    let frame = use_state_eq({
        let engine = Rc::clone(&engine);
        move || {
            let frame = engine.try_borrow().map(|engine| engine.frame()).ok();
            Rc::new(frame.unwrap_or_else(|| Engine::new(start, 0).frame()))
        }
    });
    SimulationHandle { engine, frame }
}
