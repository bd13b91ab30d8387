//! The controls' state: whether the clock runs, how fast, and which events the log shows.
//!
//! The simulation itself is not here: it lives behind the handle of
//! [`use_simulation`](super::hooks::use_simulation). This reducer holds only what the
//! controls bar and the event log's filter decide, and the frame loop reads it.

use std::rc::Rc;

use yew::Reducible;

use crate::sim::{EventCategory, SimDuration};

/// Whether the virtual clock runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Never started since the last reset; the button says Start.
    NotStarted,
    /// Advancing every animation frame; the button says Pause.
    Running,
    /// Stopped after having run or stepped; the button says Resume.
    Paused,
}

impl RunState {
    /// The label of the start button in this state.
    pub fn button_label(self) -> &'static str {
        match self {
            RunState::NotStarted => "Start",
            RunState::Running => "Pause",
            RunState::Paused => "Resume",
        }
    }

    /// Whether the clock advances by itself.
    pub fn is_running(self) -> bool {
        self == RunState::Running
    }
}

/// How many simulated seconds pass per wall-clock second.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Speed(f64);

impl Speed {
    /// The speeds the selector offers, slow motion to fast forward.
    pub const CHOICES: [Speed; 10] = [
        Speed(0.1),
        Speed(0.25),
        Speed(0.5),
        Speed(1.0),
        Speed(2.0),
        Speed(5.0),
        Speed(10.0),
        Speed(25.0),
        Speed(50.0),
        Speed(100.0),
    ];

    /// Real time.
    pub const REAL_TIME: Speed = Speed(1.0);

    /// The choice whose text is `text` (as the selector's option values are), if any.
    pub fn from_text(text: &str) -> Option<Speed> {
        let value: f64 = text.trim().parse().ok()?;
        Speed::CHOICES.into_iter().find(|speed| speed.0 == value)
    }

    /// The multiplier.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The multiplier as an option value: `0.25`, `1`, `100`.
    pub fn as_text(self) -> String {
        super::format::format_number(self.0)
    }

    /// The next slower choice, or this one if it is the slowest.
    pub fn slower(self) -> Speed {
        Speed::CHOICES
            .into_iter()
            .rev()
            .find(|speed| speed.0 < self.0)
            .unwrap_or(self)
    }

    /// The next faster choice, or this one if it is the fastest.
    pub fn faster(self) -> Speed {
        Speed::CHOICES
            .into_iter()
            .find(|speed| speed.0 > self.0)
            .unwrap_or(self)
    }
}

/// How far one press of step forward or step back moves the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepInterval(SimDuration);

impl StepInterval {
    /// The intervals the selector offers.
    pub const CHOICES: [StepInterval; 4] = [
        StepInterval(SimDuration::from_millis(10)),
        StepInterval(SimDuration::from_millis(100)),
        StepInterval(SimDuration::from_millis(1_000)),
        StepInterval(SimDuration::from_millis(10_000)),
    ];

    /// A tenth of a second, as the Step button has always moved.
    pub const DEFAULT: StepInterval = StepInterval(SimDuration::from_millis(100));

    /// The choice whose text is `text` (as the selector's option values are), if any.
    pub fn from_text(text: &str) -> Option<StepInterval> {
        StepInterval::CHOICES
            .into_iter()
            .find(|interval| interval.as_text() == text.trim())
    }

    /// The span.
    pub fn get(self) -> SimDuration {
        self.0
    }

    /// The span in seconds as an option value: `0.01`, `0.1`, `1`, `10`.
    pub fn as_text(self) -> String {
        super::format::format_number(self.0.as_secs_f64())
    }
}

/// Which event categories the log shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventFilter([bool; EventCategory::ALL.len()]);

impl Default for EventFilter {
    /// Everything shown.
    fn default() -> EventFilter {
        EventFilter([true; EventCategory::ALL.len()])
    }
}

impl EventFilter {
    /// Whether `category` is shown.
    pub fn shows(self, category: EventCategory) -> bool {
        self.0.get(category as usize).copied().unwrap_or(false)
    }

    /// The same filter with `category` shown or hidden.
    pub fn with(mut self, category: EventCategory, shown: bool) -> EventFilter {
        if let Some(slot) = self.0.get_mut(category as usize) {
            *slot = shown;
        }
        self
    }

    /// The shown categories, as [`Simulation::snapshot`](crate::sim::Simulation::snapshot)
    /// takes them.
    pub fn categories(self) -> Vec<EventCategory> {
        EventCategory::ALL
            .into_iter()
            .filter(|category| self.shows(*category))
            .collect()
    }
}

/// The controls bar's state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Controls {
    /// Whether the clock runs.
    pub run: RunState,
    /// How fast.
    pub speed: Speed,
    /// How far a step moves the clock.
    pub interval: StepInterval,
}

impl Controls {
    /// The controls right after a start: the demo runs at once, the empty start waits.
    pub fn at_start(running: bool) -> Controls {
        Controls {
            run: if running {
                RunState::Running
            } else {
                RunState::NotStarted
            },
            speed: Speed::REAL_TIME,
            interval: StepInterval::DEFAULT,
        }
    }
}

/// What the controls bar can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ControlAction {
    /// Start, pause or resume.
    Toggle,
    /// The clock was moved by hand (a step): it is paused now.
    Stepped,
    /// Run or pause, whatever the state was.
    SetRunning(bool),
    /// A new speed.
    SetSpeed(Speed),
    /// A new step interval.
    SetInterval(StepInterval),
    /// A new simulation replaced the old one; it runs at once or waits.
    Restarted {
        /// Whether the clock runs right away.
        running: bool,
    },
}

impl Reducible for Controls {
    type Action = ControlAction;

    fn reduce(self: Rc<Controls>, action: ControlAction) -> Rc<Controls> {
        let mut next = *self;
        match action {
            ControlAction::Toggle => {
                next.run = match self.run {
                    RunState::Running => RunState::Paused,
                    RunState::NotStarted | RunState::Paused => RunState::Running,
                };
            }
            ControlAction::Stepped => next.run = RunState::Paused,
            ControlAction::SetRunning(true) => next.run = RunState::Running,
            ControlAction::SetRunning(false) => {
                if self.run == RunState::Running {
                    next.run = RunState::Paused;
                }
            }
            ControlAction::SetSpeed(speed) => next.speed = speed,
            ControlAction::SetInterval(interval) => next.interval = interval,
            ControlAction::Restarted { running } => {
                next.run = Controls::at_start(running).run;
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}
