//! Virtual time: instants, durations, and a clock whose timers wake simulated tasks.
//!
//! Nothing here reads a real clock. Time moves only when the simulation advances it: each
//! animation frame in the browser, by hand in tests. Timers fire in deadline order, and timers
//! with the same deadline fire in the order they were set, so a run never depends on the
//! machine it runs on.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::fmt;
use std::future::Future;
use std::ops::{Add, Sub};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Microseconds per simulated second.
const MICROS_PER_SECOND: f64 = 1_000_000.0;

/// An instant of simulated time, in microseconds since the simulation started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(u64);

impl SimTime {
    /// The start of every simulation.
    pub const ZERO: SimTime = SimTime(0);

    /// The instant `micros` microseconds after the start.
    pub const fn from_micros(micros: u64) -> SimTime {
        SimTime(micros)
    }

    /// The instant `seconds` after the start, rounded to the microsecond. Negative and NaN
    /// become zero.
    pub fn from_secs_f64(seconds: f64) -> SimTime {
        SimTime(SimDuration::from_secs_f64(seconds).as_micros())
    }

    /// Microseconds since the start.
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// Seconds since the start.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / MICROS_PER_SECOND
    }

    /// The time from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} s", self.as_secs_f64())
    }
}

/// A span of simulated time, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(u64);

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A span of `micros` microseconds.
    pub const fn from_micros(micros: u64) -> SimDuration {
        SimDuration(micros)
    }

    /// A span of `millis` milliseconds.
    pub const fn from_millis(millis: u64) -> SimDuration {
        SimDuration(millis.saturating_mul(1_000))
    }

    /// A span of `seconds`, rounded to the microsecond. Negative and NaN become zero and
    /// infinity saturates, so no input can make time run backwards or overflow.
    pub fn from_secs_f64(seconds: f64) -> SimDuration {
        // `as` saturates for floats: NaN becomes 0, out-of-range values clamp.
        SimDuration((seconds * MICROS_PER_SECOND).round().max(0.0) as u64)
    }

    /// The span in microseconds.
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// The span in seconds.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / MICROS_PER_SECOND
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;

    fn add(self, span: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(span.0))
    }
}

impl Sub<SimDuration> for SimTime {
    type Output = SimTime;

    fn sub(self, span: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(span.0))
    }
}

/// The virtual clock and its pending timers.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    now: Cell<SimTime>,
    /// Deadlines in firing order: by instant, then by the order they were set.
    deadlines: RefCell<BinaryHeap<Reverse<(SimTime, u64)>>>,
    /// The waker of each pending timer, by its sequence number.
    wakers: RefCell<BTreeMap<u64, Waker>>,
    next_timer: Cell<u64>,
}

impl Clock {
    pub(crate) fn now(&self) -> SimTime {
        self.now.get()
    }

    /// The earliest deadline of a timer that is still wanted. Cancelled timers found on the
    /// way are discarded, so they never make the simulation stop at an instant where nothing
    /// happens.
    pub(crate) fn next_deadline(&self) -> Option<SimTime> {
        let mut deadlines = self.deadlines.borrow_mut();
        let wakers = self.wakers.borrow();
        while let Some(Reverse((at, timer))) = deadlines.peek() {
            if wakers.contains_key(timer) {
                return Some(*at);
            }
            deadlines.pop();
        }
        None
    }

    /// Moves the clock to `instant` without firing anything. Time never goes backwards.
    pub(crate) fn set_now(&self, instant: SimTime) {
        if instant > self.now.get() {
            self.now.set(instant);
        }
    }

    /// Wakes every timer whose deadline has come, in firing order.
    pub(crate) fn wake_due(&self) {
        let now = self.now.get();
        loop {
            let timer = {
                let mut deadlines = self.deadlines.borrow_mut();
                match deadlines.peek() {
                    Some(Reverse((at, timer))) if *at <= now => {
                        let timer = *timer;
                        deadlines.pop();
                        timer
                    }
                    _ => break,
                }
            };
            // Take the waker out before waking, so a task that sets a new timer while being
            // woken finds the map free.
            let waker = self.wakers.borrow_mut().remove(&timer);
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    fn register(&self, deadline: SimTime, waker: &Waker) -> u64 {
        let timer = self.next_timer.get();
        self.next_timer.set(timer + 1);
        self.deadlines.borrow_mut().push(Reverse((deadline, timer)));
        self.wakers.borrow_mut().insert(timer, waker.clone());
        timer
    }

    fn refresh(&self, timer: u64, waker: &Waker) {
        if let Some(stored) = self.wakers.borrow_mut().get_mut(&timer) {
            stored.clone_from(waker);
        }
    }

    fn cancel(&self, timer: u64) {
        // The deadline stays in the heap until it reaches the top, where `next_deadline` and
        // `wake_due` discard it; removing it from the middle of a binary heap costs more.
        self.wakers.borrow_mut().remove(&timer);
    }
}

/// A future that completes once the virtual clock reaches its deadline.
#[derive(Debug)]
pub(crate) struct Sleep {
    clock: Rc<Clock>,
    deadline: SimTime,
    timer: Option<u64>,
}

impl Sleep {
    pub(crate) fn until(clock: &Rc<Clock>, deadline: SimTime) -> Sleep {
        Sleep {
            clock: Rc::clone(clock),
            deadline,
            timer: None,
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.deadline {
            if let Some(timer) = self.timer.take() {
                self.clock.cancel(timer);
            }
            return Poll::Ready(());
        }
        match self.timer {
            Some(timer) => self.clock.refresh(timer, cx.waker()),
            None => {
                let timer = self.clock.register(self.deadline, cx.waker());
                self.timer = Some(timer);
            }
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            self.clock.cancel(timer);
        }
    }
}
