//! Virtual time: instants, durations, and a clock whose timers wake simulated tasks.
//!
//! Nothing here reads a real clock. Time moves only when the simulation advances it: each
//! animation frame in the browser, by hand in tests. Timers fire in deadline order, and timers
//! with the same deadline fire in the order they were set, so a run never depends on the
//! machine it runs on.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
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
        SimDuration(round_to_micros(seconds * MICROS_PER_SECOND))
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

/// `micros.round().max(0.0) as u64`, without `f64::round`: that is a libm call natively and a
/// software routine in wasm (whose own rounding instruction rounds half to even), and the
/// simulation converts every processing time and publish instant through here.
///
/// Exact: below 2^53 the fraction `micros - truncated` is computed without rounding, and
/// from 2^52 on every f64 is a whole number. `as` saturates, so NaN and negatives become 0
/// and huge values `u64::MAX`, as before.
fn round_to_micros(micros: f64) -> u64 {
    let truncated = micros as u64;
    if micros - truncated as f64 >= 0.5 {
        truncated.saturating_add(1)
    } else {
        truncated
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
///
/// Each task that sleeps owns one [`Timer`], a slot here that it arms again and again: a
/// subscriber sleeps once per message, so a timer costs one heap push and pop and no
/// allocation, and the task's waker is cloned once, not once per sleep.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    now: Cell<SimTime>,
    /// Deadlines in firing order: by instant, then by the order they were set. Each names the
    /// slot of its timer; an entry whose slot was disarmed or armed again since is stale.
    deadlines: RefCell<BinaryHeap<Reverse<Deadline>>>,
    slots: RefCell<Vec<Slot>>,
    /// Slots of timers that were dropped, to reuse.
    free: RefCell<Vec<usize>>,
    next_timer: Cell<u64>,
}

/// One pending deadline: the instant, the sequence number of the arming, and the slot.
/// Sequence numbers are unique, so the slot never decides the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Deadline {
    at: SimTime,
    timer: u64,
    slot: usize,
}

/// A timer's slot: the sequence number of its pending arming, if any, and the waker of the
/// task that owns it, kept between armings.
#[derive(Debug, Default)]
struct Slot {
    armed: Option<u64>,
    waker: Option<Waker>,
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
        let slots = self.slots.borrow();
        while let Some(Reverse(deadline)) = deadlines.peek() {
            if is_pending(&slots, deadline) {
                return Some(deadline.at);
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
            let (slot, waker) = {
                let mut deadlines = self.deadlines.borrow_mut();
                let mut slots = self.slots.borrow_mut();
                let deadline = match deadlines.peek() {
                    Some(Reverse(deadline)) if deadline.at <= now => *deadline,
                    _ => break,
                };
                deadlines.pop();
                if !is_pending(&slots, &deadline) {
                    continue;
                }
                let Some(slot) = slots.get_mut(deadline.slot) else {
                    continue;
                };
                slot.armed = None;
                (deadline.slot, slot.waker.take())
            };
            // Wake with no borrow held, so that a waker which runs its task at once finds the
            // clock free; then keep the waker for the timer's next arming.
            let Some(waker) = waker else { continue };
            waker.wake_by_ref();
            if let Some(slot) = self.slots.borrow_mut().get_mut(slot) {
                if slot.waker.is_none() {
                    slot.waker = Some(waker);
                }
            }
        }
    }

    /// A slot for a new timer.
    fn open_slot(&self) -> usize {
        if let Some(slot) = self.free.borrow_mut().pop() {
            return slot;
        }
        let mut slots = self.slots.borrow_mut();
        slots.push(Slot::default());
        slots.len() - 1
    }

    fn close_slot(&self, slot: usize) {
        let waker = match self.slots.borrow_mut().get_mut(slot) {
            Some(entry) => {
                entry.armed = None;
                entry.waker.take()
            }
            None => return,
        };
        self.free.borrow_mut().push(slot);
        // Dropped with no borrow held: it may be the last reference to a task.
        drop(waker);
    }

    /// Arms `slot` for `deadline`, or only updates its waker if it is armed already.
    fn arm(&self, slot: usize, deadline: SimTime, waker: &Waker) {
        let mut slots = self.slots.borrow_mut();
        let Some(entry) = slots.get_mut(slot) else {
            return;
        };
        match &mut entry.waker {
            Some(stored) => stored.clone_from(waker),
            None => entry.waker = Some(waker.clone()),
        }
        if entry.armed.is_some() {
            return;
        }
        let timer = self.next_timer.get();
        self.next_timer.set(timer + 1);
        entry.armed = Some(timer);
        self.deadlines.borrow_mut().push(Reverse(Deadline {
            at: deadline,
            timer,
            slot,
        }));
    }

    fn disarm(&self, slot: usize) {
        // The deadline stays in the heap until it reaches the top, where `next_deadline` and
        // `wake_due` discard it; removing it from the middle of a binary heap costs more.
        if let Some(entry) = self.slots.borrow_mut().get_mut(slot) {
            entry.armed = None;
        }
    }
}

/// Whether `deadline` is the pending arming of its slot, not a cancelled or older one.
fn is_pending(slots: &[Slot], deadline: &Deadline) -> bool {
    slots
        .get(deadline.slot)
        .is_some_and(|slot| slot.armed == Some(deadline.timer))
}

/// A task's timer on the virtual clock, armed by each [`Timer::sleep_until`].
#[derive(Debug)]
pub(crate) struct Timer {
    clock: Rc<Clock>,
    slot: usize,
}

impl Timer {
    pub(crate) fn new(clock: &Rc<Clock>) -> Timer {
        Timer {
            clock: Rc::clone(clock),
            slot: clock.open_slot(),
        }
    }

    /// A future that completes once the clock reaches `deadline`; at once if it has.
    pub(crate) fn sleep_until(&mut self, deadline: SimTime) -> Sleep<'_> {
        Sleep {
            timer: self,
            deadline,
            armed: false,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clock.close_slot(self.slot);
    }
}

/// A future that completes once the virtual clock reaches its deadline.
#[derive(Debug)]
pub(crate) struct Sleep<'timer> {
    timer: &'timer mut Timer,
    deadline: SimTime,
    armed: bool,
}

impl Future for Sleep<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let clock = &self.timer.clock;
        if clock.now() >= self.deadline {
            if self.armed {
                clock.disarm(self.timer.slot);
                self.armed = false;
            }
            return Poll::Ready(());
        }
        clock.arm(self.timer.slot, self.deadline, cx.waker());
        self.armed = true;
        Poll::Pending
    }
}

impl Drop for Sleep<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.timer.clock.disarm(self.timer.slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rounding without `f64::round` gives what `round` gives, halves and edges included.
    #[test]
    fn micros_round_as_f64_round_does() {
        let mut samples = vec![
            0.0,
            -0.0,
            0.4999999999999999,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            -0.5,
            -1.7,
            49.99999999999999,
            0.05 / 1_000.0 * MICROS_PER_SECOND,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            1.8e19,
            1.9e19,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        // Many rates' intervals and processing times, as the simulation computes them.
        samples.extend((1..5_000).map(|n| 1.0 / (n as f64 * 0.37) * MICROS_PER_SECOND));
        samples.extend((0..5_000).map(|n| n as f64 * 0.05 / 1_000.0 * MICROS_PER_SECOND));
        for micros in samples {
            let expected = micros.round().max(0.0) as u64;
            assert_eq!(round_to_micros(micros), expected, "{micros:e}");
        }
    }
}
