//! The simulation handle: the one place the UI changes the session, moves its clock, starts
//! and pauses it, and takes snapshots.
//!
//! The page drives a [`Session`], so every change made by clicking is recorded in the
//! scenario's timeline through [`SimulationHandle::apply`], and the clock can go back as
//! well as forward ([`SimulationHandle::seek`]).
//!
//! # Driving the page from outside the app
//!
//! Everything a person does with the controls bar is a method here that needs no
//! `Callback`, so a hook that listens to the host page (such as `postMessage`) can do the
//! same with a clone of the handle: [`load`](SimulationHandle::load) a scenario,
//! [`set_running`](SimulationHandle::set_running) to play or pause,
//! [`set_speed`](SimulationHandle::set_speed), [`seek`](SimulationHandle::seek), and read
//! the recorded [`scenario`](SimulationHandle::scenario) back.
//!
//! # Long jumps
//!
//! Going to a time far ahead, or back (which replays from zero), can take seconds of wall
//! time under a heavy load. [`SimulationHandle::go_to`] runs the first
//! [`JUMP_AT_ONCE_MILLIS`] at once, which is all that a light scenario needs, and leaves the
//! rest as a [`Jump`] that the frame loop carries on with, [`JUMP_FRAME_MILLIS`] per frame,
//! so that the page keeps answering and shows how far it got; the person can stop it there.
//! How the clock is sliced never changes the run, so a finished jump equals a straight run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;
use yew::Reducible;

use crate::broker::SubscriberId;
use crate::scenario::{Action, Preset, Question, Scenario, Session, DEFAULT_SEED};
use crate::sim::{
    Charts, Event, PublisherId, SimDuration, SimTime, Simulation, Snapshot, MAX_CHART_LINES,
};
use crate::ui::scenario::Start;
use crate::ui::state::{ControlAction, Controls, EventFilter, Speed};

/// The first slice of simulated time [`SimulationHandle::advance_within`] runs in a frame,
/// in microseconds. Under the heavy-load preset a millisecond of simulated time costs about a
/// millisecond of wall time, so a frame starts small and lets the measured cost size the rest.
const FIRST_SLICE_MICROS: f64 = 1_000.0;

/// How much one slice may grow over the one before: enough to reach a light scenario's whole
/// frame at 100x in a dozen looks at the wall clock, little enough that one slow slice cannot
/// overrun the budget by much.
const MAX_SLICE_GROWTH: f64 = 4.0;

/// How many events the log shows at most.
pub const EVENT_ROWS: usize = 100;

/// The wall time a jump of the clock runs at once, in milliseconds, before it goes on over
/// the next frames: about what still feels immediate after a click.
pub const JUMP_AT_ONCE_MILLIS: f64 = 100.0;

/// The wall time each frame gives a jump that goes on, in milliseconds. Only the progress
/// line is drawn meanwhile, so frames of this length still answer a click on Stop at once,
/// and most of the wall time goes to the simulation.
pub const JUMP_FRAME_MILLIS: f64 = 40.0;

/// How often the log's rows change at most while the clock runs, in milliseconds of wall
/// time: ten times a second, which still reads as live.
pub const LOG_REFRESH_MILLIS: f64 = 100.0;

/// How many events the log shows while the clock runs: rows that are replaced ten times a
/// second are not read one by one, and each refresh of a hundred new rows costs the browser
/// more than a frame under a heavy load. Stopping the clock shows [`EVENT_ROWS`] again.
pub const RUNNING_EVENT_ROWS: usize = 25;

/// What the page renders: one snapshot, the live charts' series, the log filter it was
/// taken with, and which session it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The simulation at one instant.
    pub snapshot: Snapshot,
    /// The live charts' series over the last simulated seconds, as of the same instant.
    /// Only the drawn lines carry points, so this stays small with many subscribers.
    pub charts: Rc<Charts>,
    /// The categories the snapshot's events were taken with.
    pub filter: EventFilter,
    /// Counts the sessions since the page opened; each load starts a new one. Keys of cards
    /// include it, so that a card of the new P1 does not keep the old P1's text.
    pub generation: u64,
    /// The furthest instant this session has reached, the end of the timeline scrubber.
    pub furthest: SimTime,
    /// What the loaded scenario teaches; the same `Rc` for the whole session.
    pub lesson: Rc<Lesson>,
    /// The last thing that went wrong outside a form: a starting setup that could not be
    /// built, or a timeline step that failed.
    pub failure: Option<String>,
}

/// A jump of the clock that goes on over several frames (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// Where the clock was when the jump began.
    pub from: SimTime,
    /// Where it goes.
    pub target: SimTime,
    /// Where it is now.
    pub reached: SimTime,
    /// Whether it went back, and so replays the scenario from time zero.
    pub replays: bool,
}

impl Jump {
    /// How much of the way is done, from 0 to 1. A replay counts from time zero.
    pub fn done(&self) -> f64 {
        let start = if self.replays {
            SimTime::ZERO
        } else {
            self.from
        };
        let whole = self.target.saturating_since(start).as_micros();
        let run = self.reached.saturating_since(start).as_micros();
        if whole == 0 {
            1.0
        } else {
            run as f64 / whole as f64
        }
    }
}

/// The words that come with a scenario, as the preset panel and the question show them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    /// The id of the preset it was loaded from, if it was.
    pub preset: Option<&'static str>,
    /// Its title.
    pub title: Option<String>,
    /// What it shows.
    pub explanation: Option<String>,
    /// What to look at.
    pub watch: Option<String>,
    /// What to predict before running.
    pub question: Option<Question>,
}

impl Lesson {
    fn of(scenario: &Scenario, preset: Option<&'static str>) -> Lesson {
        Lesson {
            preset,
            title: scenario.title.clone(),
            explanation: scenario.explanation.clone(),
            watch: scenario.watch.clone(),
            question: scenario.question.clone(),
        }
    }
}

/// The live session, which only this module touches.
#[derive(Debug)]
struct Engine {
    /// `None` only if not even an empty session could be built, which cannot happen.
    session: Option<Session>,
    filter: EventFilter,
    generation: u64,
    furthest: SimTime,
    lesson: Rc<Lesson>,
    failure: Option<String>,
    /// The log rows the page shows, kept between refreshes while the clock runs.
    shown_log: RefCell<ShownLog>,
    /// A jump of the clock that the frame loop goes on with.
    jump: Option<Jump>,
}

/// The event log as last handed to the page. Under a heavy load every row is new in every
/// frame; replacing a hundred rows sixty times a second costs the browser most of a frame and
/// nobody can read them, so while the clock runs the rows change at most every
/// [`LOG_REFRESH_MILLIS`], and only the newest [`RUNNING_EVENT_ROWS`] are shown. Any other
/// change (a step, a seek, a filter, a pause) shows the newest [`EVENT_ROWS`] at once.
#[derive(Debug)]
struct ShownLog {
    /// When the rows were last refreshed by a running clock, in the page's milliseconds.
    refreshed_at: f64,
    events: Vec<Event>,
    total: u64,
}

impl Default for ShownLog {
    fn default() -> ShownLog {
        ShownLog {
            refreshed_at: f64::NEG_INFINITY,
            events: Vec::new(),
            total: 0,
        }
    }
}

impl Engine {
    fn new(start: Start, generation: u64) -> Engine {
        // The presets use only valid settings, so building them cannot fail today; if a
        // change to them ever makes it fail, the page says so instead of dying.
        let built = match start.preset() {
            Some(preset) => preset
                .session()
                .map(|session| (session, Some(preset.id)))
                .map_err(|error| error.to_string()),
            None => Err(format!("no preset is called {start:?}")),
        };
        match built {
            Ok((session, preset)) => Engine::with(Some(session), preset, generation),
            Err(failure) => {
                // A scenario with nothing in it always validates, so `ok()` loses nothing.
                let blank = Session::new(Scenario::new(DEFAULT_SEED)).ok();
                let mut engine = Engine::with(blank, None, generation);
                engine.failure = Some(failure);
                engine
            }
        }
    }

    fn with(session: Option<Session>, preset: Option<&'static str>, generation: u64) -> Engine {
        let lesson = session
            .as_ref()
            .map(|session| Lesson::of(session.scenario(), preset))
            .unwrap_or_default();
        Engine {
            lesson: Rc::new(lesson),
            furthest: SimTime::ZERO,
            session,
            filter: EventFilter::default(),
            generation,
            failure: None,
            shown_log: RefCell::default(),
            jump: None,
        }
    }

    /// Notes how far the clock got, and what a failed step said.
    fn moved(&mut self, outcome: Result<(), String>) {
        if let Some(session) = &self.session {
            self.furthest = self.furthest.max(session.now());
        }
        if let Err(failure) = outcome {
            self.failure = Some(failure);
        }
    }

    fn frame(&self) -> Frame {
        Frame {
            snapshot: match &self.session {
                Some(session) => session
                    .sim()
                    .snapshot(&self.filter.categories(), EVENT_ROWS),
                None => Simulation::new(DEFAULT_SEED).snapshot(&[], 0),
            },
            charts: Rc::new(match &self.session {
                Some(session) => session.sim().history().charts(MAX_CHART_LINES),
                None => Charts::default(),
            }),
            filter: self.filter,
            generation: self.generation,
            furthest: self.furthest,
            lesson: Rc::clone(&self.lesson),
            failure: self.failure.clone(),
        }
    }
}

/// The handle to the page's session and its controls. Cloning it is cheap, and every
/// clone reaches the same session, so it can live in long-lived callbacks without going
/// stale; only [`controls`](Self::controls) is as of the render the clone was made in,
/// while [`is_running`](Self::is_running) is always as of now.
#[derive(Clone)]
pub struct SimulationHandle {
    engine: Rc<RefCell<Engine>>,
    frame: UseStateHandle<Rc<Frame>>,
    /// The jump going on, as the page last showed it.
    jump: UseStateHandle<Option<Jump>>,
    controls: UseReducerHandle<Controls>,
    /// The controls as of the last dispatch, ahead of the render that shows them. The frame
    /// loop stops only after that render, and an animation frame can fire in between: a
    /// pause (or a `load`, which pauses) must already hold for that frame.
    live: Rc<Cell<Controls>>,
}

impl PartialEq for SimulationHandle {
    /// Two handles are equal when they reach the same session; which frame each last saw
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

    /// Running or paused, the speed and the step interval, as of this handle's render.
    pub fn controls(&self) -> Controls {
        *self.controls
    }

    /// Whether the clock runs now: after the last dispatch, not as of this handle's render.
    /// The frame loop asks this before it moves the clock.
    pub fn is_running(&self) -> bool {
        self.live.get().run.is_running()
    }

    /// The jump of the clock going on, as of this handle's render.
    pub fn jump(&self) -> Option<Jump> {
        *self.jump
    }

    /// Whether a jump goes on now, not as of this handle's render.
    pub fn is_jumping(&self) -> bool {
        self.engine
            .try_borrow()
            .is_ok_and(|engine| engine.jump.is_some())
    }

    /// Changes the controls: start, pause, speed, step interval. Starting the clock stops a
    /// jump where it got to, and runs on from there.
    pub fn dispatch(&self, action: ControlAction) {
        // The same reducer on the live copy, so both see the same actions in the same order.
        let was_running = self.live.get().run.is_running();
        self.live.set(*Rc::new(self.live.get()).reduce(action));
        if self.live.get().run.is_running() {
            self.stop_jump();
        }
        self.controls.dispatch(action);
        // A running clock shows fewer log rows (see `ShownLog`); a stopped one shows them all.
        if was_running && !self.live.get().run.is_running() {
            self.publish();
        }
    }

    /// Plays (`true`) or pauses (`false`) the clock.
    pub fn set_running(&self, running: bool) {
        self.dispatch(ControlAction::SetRunning(running));
    }

    /// Sets the speed.
    pub fn set_speed(&self, speed: Speed) {
        self.dispatch(ControlAction::SetSpeed(speed));
    }

    /// Applies a change now, records it in the scenario's timeline, and shows its result at
    /// once. A refusal comes back as the text the form shows next to its fields, and
    /// changes nothing.
    pub fn apply(&self, action: Action) -> Result<(), String> {
        self.apply_with(|_| Ok(action))
    }

    /// Like [`apply`](Self::apply), with an action built from the session as it is now, as
    /// a change that knows a publisher by id needs for its name.
    pub fn apply_with(
        &self,
        action: impl FnOnce(&Session) -> Result<Action, String>,
    ) -> Result<(), String> {
        // A change lands at the instant the page shows, so a jump stops there first.
        self.stop_jump();
        let outcome = {
            let mut engine = self.engine.try_borrow_mut().map_err(|_| BUSY.to_owned())?;
            let session = engine.session.as_mut().ok_or_else(|| BUSY.to_owned())?;
            let action = action(session)?;
            gloo::console::debug!(format!("recording {} at {}", action.kind(), session.now()));
            session.apply(action).map_err(|error| error.to_string())
        };
        self.publish();
        outcome
    }

    /// Moves the virtual clock forward by `span` and shows the result.
    pub fn advance(&self, span: SimDuration) {
        self.move_clock(|session| session.advance(span));
    }

    /// Moves the clock to `target`: forward by running, back by replaying from zero. The
    /// state equals that of a straight run to `target`. It runs to the end before it
    /// returns, however long that takes; [`go_to`](Self::go_to) does not.
    pub fn seek(&self, target: SimTime) {
        self.move_clock(|session| session.seek(target));
    }

    /// Like [`seek`](Self::seek), but a jump that takes longer than
    /// [`JUMP_AT_ONCE_MILLIS`] goes on over the next frames (see the module docs), and
    /// [`jump`](Self::jump) says how far it got.
    pub fn go_to(&self, target: SimTime) {
        let Some(performance) = web_sys::window().and_then(|window| window.performance()) else {
            self.seek(target);
            return;
        };
        let started = performance.now();
        let mut jump = None;
        self.run_session(|session| {
            let from = session.now();
            let replays = target < from;
            if replays {
                session.seek(SimTime::ZERO)?;
            }
            run_toward(session, target, &performance, started, JUMP_AT_ONCE_MILLIS)?;
            jump = (session.now() < target).then_some(Jump {
                from,
                target,
                reached: session.now(),
                replays,
            });
            Ok(())
        });
        self.set_jump(jump);
    }

    /// Goes on with the jump for `budget_millis` of wall time, if one goes on; the frame
    /// loop calls it each frame.
    pub fn continue_jump(&self, budget_millis: f64) {
        let Some(performance) = web_sys::window().and_then(|window| window.performance()) else {
            return;
        };
        let started = performance.now();
        let Ok(mut engine) = self.engine.try_borrow_mut() else {
            return;
        };
        let Some(mut jump) = engine.jump else {
            return;
        };
        let Some(session) = engine.session.as_mut() else {
            return;
        };
        let outcome = run_toward(session, jump.target, &performance, started, budget_millis)
            .map_err(|error| error.to_string());
        jump.reached = session.now();
        // A failed step ends the jump where it failed, and the page says why.
        let goes_on = outcome.is_ok() && jump.reached < jump.target;
        engine.moved(outcome);
        drop(engine);
        self.set_jump(goes_on.then_some(jump));
    }

    /// Stops the jump going on, if any, where it got to, and shows that instant.
    pub fn stop_jump(&self) {
        if self.is_jumping() {
            self.set_jump(None);
        }
    }

    /// Moves the clock back by `span`, to zero at the earliest, as [`go_to`](Self::go_to)
    /// does.
    pub fn step_back(&self, span: SimDuration) {
        let now = self
            .with_session(|session| session.now().as_micros())
            .unwrap_or(0);
        self.go_to(SimTime::from_micros(now.saturating_sub(span.as_micros())));
    }

    /// Runs to the next instant at which anything happens and returns it; `None`, with the
    /// clock left alone, when nothing is left to happen.
    pub fn step_to_next_event(&self) -> Option<SimTime> {
        let mut reached = None;
        self.move_clock(|session| {
            reached = session.step_to_next_event()?;
            Ok(())
        });
        reached
    }

    /// Like [`advance`](Self::advance), but stops early once `budget_millis` of wall time
    /// have been spent, so that a frame never freezes the page. At 10 000 messages per second
    /// and 100× speed one frame would otherwise simulate 250 000 messages. The clock then
    /// falls behind the chosen speed rather than the page falling behind the person, and the
    /// simulated time it did advance comes back, for the pace meter
    /// ([`use_pace`](super::use_pace)) to compare with the wall time.
    pub fn advance_within(&self, span: SimDuration, budget_millis: f64) -> SimDuration {
        let performance = web_sys::window().and_then(|window| window.performance());
        let Some(performance) = performance else {
            // No wall clock to budget against: run the whole span, as `advance` does.
            self.advance(span);
            return span;
        };
        let started = performance.now();
        let mut achieved = SimDuration::ZERO;
        self.run_session(|session| {
            let from = session.now();
            let outcome = run_toward(session, from + span, &performance, started, budget_millis);
            achieved = session.now().saturating_since(from);
            outcome
        });
        self.publish_frame(Some(started));
        achieved
    }

    /// Shows the log's events in these categories from now on.
    pub fn set_filter(&self, filter: EventFilter) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            engine.filter = filter;
        }
        self.publish();
    }

    /// Replaces the session with `start`'s preset at time zero, running if the preset
    /// runs at once.
    pub fn reset(&self, start: Start) {
        self.replace(Engine::new(start, 0));
        self.dispatch(ControlAction::Restarted {
            running: start.runs_at_once(),
        });
        gloo::console::debug!(format!("playground reset to {start:?}"));
    }

    /// Replaces the session with `preset`'s at time zero, running if the preset runs at
    /// once. A preset that cannot be built keeps the current session and says why.
    pub fn load_preset(&self, preset: &'static Preset) -> Result<(), String> {
        let session = preset.session().map_err(|error| error.to_string())?;
        self.replace(Engine::with(Some(session), Some(preset.id), 0));
        self.dispatch(ControlAction::Restarted {
            running: preset.runs_at_once,
        });
        gloo::console::debug!(format!("loaded the preset {}", preset.id));
        Ok(())
    }

    /// Replaces the session with one of `scenario`, paused at time zero; call
    /// [`set_running`](Self::set_running) to play it. A scenario that does not validate
    /// keeps the current session and comes back as the reason.
    pub fn load(&self, scenario: Scenario) -> Result<(), String> {
        let session = Session::new(scenario).map_err(|error| error.to_string())?;
        self.replace(Engine::with(Some(session), None, 0));
        self.dispatch(ControlAction::Restarted { running: false });
        gloo::console::debug!("loaded a scenario");
        Ok(())
    }

    /// The scenario as it stands, with every change recorded so far: what a share link or
    /// an export holds.
    pub fn scenario(&self) -> Scenario {
        self.with_session(|session| session.scenario().clone())
            .unwrap_or_else(|| Scenario::new(DEFAULT_SEED))
    }

    /// Reads the session; `None` only while the session is being changed, which Yew's one
    /// callback at a time rules out.
    pub fn with_session<T>(&self, read: impl FnOnce(&Session) -> T) -> Option<T> {
        let engine = self.engine.try_borrow().ok()?;
        engine.session.as_ref().map(read)
    }

    /// The display name of a publisher, for an action.
    pub fn publisher_name(session: &Session, id: PublisherId) -> Result<String, String> {
        let snapshot = session.sim().snapshot(&[], 0);
        snapshot
            .publishers
            .iter()
            .find(|publisher| publisher.id == id)
            .map(|publisher| publisher.name.to_string())
            .ok_or_else(|| "that publisher is gone".to_owned())
    }

    /// The display name of a subscriber, for an action.
    pub fn subscriber_name(session: &Session, id: SubscriberId) -> Result<String, String> {
        let snapshot = session.sim().snapshot(&[], 0);
        snapshot
            .subscribers
            .iter()
            .find(|subscriber| subscriber.id == id)
            .map(|subscriber| subscriber.name.to_string())
            .ok_or_else(|| "that subscriber is gone".to_owned())
    }

    /// Puts `engine` in place as the next generation, keeping the log filter.
    fn replace(&self, mut engine: Engine) {
        self.stop_jump();
        if let Ok(mut current) = self.engine.try_borrow_mut() {
            engine.generation = current.generation + 1;
            engine.filter = current.filter;
            *current = engine;
        }
        self.publish();
    }

    /// Moves the session's clock and shows where it got to. A jump going on stops first.
    fn move_clock(
        &self,
        motion: impl FnOnce(&mut Session) -> Result<(), crate::scenario::ScenarioError>,
    ) {
        self.stop_jump();
        self.run_session(motion);
        self.publish();
    }

    /// Makes `jump` the one going on, or ends the jump with `None`, and shows it. While a
    /// jump goes on only its progress line is redrawn; the page shows the whole state again
    /// when it ends.
    fn set_jump(&self, jump: Option<Jump>) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            engine.jump = jump;
        }
        if jump.is_none() {
            self.publish();
        }
        self.jump.set(jump);
    }

    fn run_session(
        &self,
        motion: impl FnOnce(&mut Session) -> Result<(), crate::scenario::ScenarioError>,
    ) {
        if let Ok(mut engine) = self.engine.try_borrow_mut() {
            if let Some(session) = engine.session.as_mut() {
                let outcome = motion(session).map_err(|error| error.to_string());
                engine.moved(outcome);
            }
        }
    }

    /// Takes one snapshot and hands it to Yew, which compares it with the last one.
    fn publish(&self) {
        self.publish_frame(None);
    }

    /// Like [`publish`](Self::publish), for a frame of the running clock at `now` (the
    /// page's milliseconds): the log rows stay as they were if they changed less than
    /// [`LOG_REFRESH_MILLIS`] ago (see [`ShownLog`]).
    fn publish_frame(&self, running_at: Option<f64>) {
        let Ok(engine) = self.engine.try_borrow() else {
            return;
        };
        let mut frame = engine.frame();
        if let Ok(mut shown) = engine.shown_log.try_borrow_mut() {
            match running_at {
                Some(now) if now - shown.refreshed_at < LOG_REFRESH_MILLIS => {
                    frame.snapshot.events.clone_from(&shown.events);
                    frame.snapshot.events_total = shown.total;
                }
                _ => {
                    if running_at.is_some() {
                        frame.snapshot.events.truncate(RUNNING_EVENT_ROWS);
                    }
                    *shown = ShownLog {
                        refreshed_at: running_at.unwrap_or(f64::NEG_INFINITY),
                        events: frame.snapshot.events.clone(),
                        total: frame.snapshot.events_total,
                    };
                }
            }
        }
        self.frame.set(Rc::new(frame));
    }
}

/// Runs `session` toward `target` in slices, until it gets there or `budget_millis` of wall
/// time have passed since `started` (the page's milliseconds).
///
/// Slicing never changes the run: time moves timer by timer whatever the steps. The first
/// slice is small, and each next one is sized from what the last cost, so that it takes at
/// most half of the budget that is left and the run ends close to its budget.
fn run_toward(
    session: &mut Session,
    target: SimTime,
    performance: &web_sys::Performance,
    started: f64,
    budget_millis: f64,
) -> Result<(), crate::scenario::ScenarioError> {
    let mut slice = FIRST_SLICE_MICROS;
    while session.now() < target {
        let left = target.saturating_since(session.now()).as_micros();
        let this = (slice as u64).clamp(1, left);
        let slice_started = performance.now();
        session.advance(SimDuration::from_micros(this))?;

        let finished = performance.now();
        let remaining = budget_millis - (finished - started);
        if remaining <= 0.0 {
            break;
        }
        let cost = finished - slice_started;
        let growth = if cost > 0.0 {
            (remaining / (2.0 * cost)).min(MAX_SLICE_GROWTH)
        } else {
            MAX_SLICE_GROWTH
        };
        slice = (this as f64 * growth).max(1.0);
    }
    Ok(())
}

/// The refusal shown if a change arrives while another is still being applied. Yew runs
/// callbacks one at a time, so this is a net rather than something a person should see.
const BUSY: &str = "the simulation is busy; try again";

/// The page's session and its controls, built once from `start`.
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
    let jump = use_state_eq(|| None);
    let controls = use_reducer_eq(move || Controls::at_start(start.runs_at_once()));
    let live = use_memo((), move |()| {
        Cell::new(Controls::at_start(start.runs_at_once()))
    });
    SimulationHandle {
        engine,
        frame,
        jump,
        controls,
        live,
    }
}
