//! The recent publishes and deliveries an actor remembers, for the page to draw as marks
//! travelling along the edges of its diagram.
//!
//! # What the page asks of them
//!
//! The page draws a message as a mark that travels its edge for some span of simulated time,
//! the *travel*: 0.4 s at 1×, stretched with the speed up to 40 s at 100×. A fast stream
//! sends far more messages than an edge has room for, so the page cuts the clock into fixed
//! *stretches* and lets the first message of each stretch stand for it. The stretches are
//! fixed on the clock, not counted from the newest message, so that a mark keeps standing
//! for its stretch from frame to frame and glides along its edge. [`mark_stretch`] gives the
//! stretch for a travel: a power-of-two multiple of [`MARK_SPACING`], at least an eighth of
//! the travel.
//!
//! # What is remembered
//!
//! Remembering each message is out of the question: under the heavy-load preset a subscriber
//! receives one every 0.1 ms. Remembering the newest few is not enough either: 64 marks 50 ms
//! apart cover 3.2 s, and at 100× the marks then bunched up in the first twelfth of each
//! edge. So [`RecentMarks`] remembers in tiers. The newer a message, the finer the stretch it
//! may have to stand for, so a mark is kept while it is the first of its stretch at the
//! finest tier that still covers its age: tier `k` has stretches of `MARK_SPACING × 2^k` and
//! covers the ages up to [`STRETCHES_PER_TRAVEL`] of them. Each tier's stretch is made of two
//! of the tier below, and the first of a stretch is also the first of one of its halves, so
//! thinning a tier never removes a mark that a coarser tier needs. The page's stretch for any
//! travel is one of the tiers' stretches, so every mark it looks for is there, and a mark
//! never vanishes from the middle of an edge. About forty marks cover the 51.2 s of the
//! coarsest tier.
//!
//! The counters are exact either way: marks are only for the eye. Drops and evictions are
//! not kept here but one by one, since the page counts them.

use std::collections::VecDeque;

use super::clock::{SimDuration, SimTime};

/// The finest stretch: the least simulated time between two remembered messages of one actor.
pub const MARK_SPACING: SimDuration = SimDuration::from_millis(50);

/// How many stretches each tier covers, and so how many marks at most one edge shows.
pub const STRETCHES_PER_TRAVEL: u64 = 8;

/// How many tiers there are: the coarsest has stretches of 6.4 s and covers 51.2 s, more than
/// the page's longest travel.
pub const MARK_TIERS: u32 = 8;

/// How many marks an actor holds at most. The tiers need about forty; the rest lets a batch
/// of newer ones gather before the next thinning.
const CAPACITY: usize = 64;

/// The stretch that one mark stands for when marks travel for `travel`: the finest tier's
/// stretch with [`STRETCHES_PER_TRAVEL`] of them covering `travel`, or the coarsest tier's
/// for a travel longer than any tier covers.
pub fn mark_stretch(travel: SimDuration) -> SimDuration {
    tier_of(travel).map_or(stretch_of(MARK_TIERS - 1), stretch_of)
}

/// How many times longer than at 1× a mark travels when the clock runs at `pace` simulated
/// seconds per wall second: 1 up to 1×, and above it the pace rounded up to a power of two,
/// at most `2^(MARK_TIERS - 1)`, so that a travel is always eight of some tier's stretches.
///
/// `held` is the scale in use. It is kept while the pace stays within a tenth
/// (`SCALE_HYSTERESIS`) of the powers of two around it: a pace that wobbles about 64
/// would otherwise flip the travel between two lengths once a second, and every mark would
/// jump along its edge each time.
pub fn travel_scale(pace: f64, held: Option<f64>) -> f64 {
    let fitting = scale_fitting(pace);
    match held {
        Some(held)
            if pace <= held * (1.0 + SCALE_HYSTERESIS)
                && pace > held / 2.0 * (1.0 - SCALE_HYSTERESIS) =>
        {
            held
        }
        _ => fitting,
    }
}

/// How far past a power of two the pace must go, as a fraction of it, before
/// [`travel_scale`] moves the scale up or down.
const SCALE_HYSTERESIS: f64 = 0.1;

/// The power of two that [`travel_scale`] rounds `pace` up to, with no scale held.
fn scale_fitting(pace: f64) -> f64 {
    let mut scale = 1.0;
    for _ in 1..MARK_TIERS {
        if scale >= pace {
            break;
        }
        scale *= 2.0;
    }
    scale
}

/// The stretch of tier `tier`.
fn stretch_of(tier: u32) -> SimDuration {
    SimDuration::from_micros(MARK_SPACING.as_micros() << tier)
}

/// The finest tier that covers `age`, if any does.
fn tier_of(age: SimDuration) -> Option<u32> {
    (0..MARK_TIERS)
        .find(|&tier| age.as_micros() <= stretch_of(tier).as_micros() * STRETCHES_PER_TRAVEL)
}

/// One actor's remembered publishes or deliveries, oldest first (see the module docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct RecentMarks {
    times: VecDeque<SimTime>,
}

impl RecentMarks {
    /// Remembers a message sent or received at `now`, unless the newest mark is less than
    /// [`MARK_SPACING`] before it.
    pub(crate) fn remember(&mut self, now: SimTime) {
        let spaced = self
            .times
            .back()
            .is_none_or(|newest| now.saturating_since(*newest) >= MARK_SPACING);
        if !spaced {
            return;
        }
        if self.times.len() >= CAPACITY {
            self.thin(now);
        }
        if self.times.len() >= CAPACITY {
            // Only a burst denser than the tiers allow for gets here; the oldest goes.
            self.times.pop_front();
        }
        self.times.push_back(now);
    }

    /// The remembered times, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = SimTime> + '_ {
        self.times.iter().copied()
    }

    /// Forgets the marks older than the coarsest tier covers, and those that are not the
    /// first of their stretch at the tier their age falls in at `now`.
    fn thin(&mut self, now: SimTime) {
        let mut previous: Option<SimTime> = None;
        self.times.retain(|&at| {
            let before = previous.replace(at);
            let Some(tier) = tier_of(now.saturating_since(at)) else {
                return false;
            };
            let stretch = stretch_of(tier).as_micros();
            // Times are oldest first, so `at` is the first of its stretch unless the time just
            // before it falls in the same one.
            before.is_none_or(|before| before.as_micros() / stretch != at.as_micros() / stretch)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first time of each stretch of `stretch` among `times`, within `travel` of `now`.
    fn firsts(
        times: impl Iterator<Item = SimTime>,
        now: SimTime,
        stretch: SimDuration,
        travel: SimDuration,
    ) -> Vec<SimTime> {
        let mut last_stretch = None;
        times
            .filter(|at| {
                let this = at.as_micros() / stretch.as_micros();
                let first = last_stretch != Some(this);
                last_stretch = Some(this);
                first
            })
            .filter(|at| now.saturating_since(*at) <= travel)
            .collect()
    }

    /// Sends a message every `interval` ms for `total` ms, and checks now and then that the
    /// marks hold every mark the page would draw at each speed it offers, compared with
    /// every message spaced enough to be remembered at all.
    fn check_stream(interval: u64, total: u64) {
        let (interval, total) = (
            SimDuration::from_millis(interval),
            SimDuration::from_millis(total),
        );
        let mut marks = RecentMarks::default();
        let mut spaced: Vec<SimTime> = Vec::new();
        let steps = total.as_micros() / interval.as_micros();
        for step in 1..=steps {
            let now = SimTime::from_micros(step * interval.as_micros());
            if spaced
                .last()
                .is_none_or(|newest| now.saturating_since(*newest) >= MARK_SPACING)
            {
                spaced.push(now);
            }
            marks.remember(now);
            assert!(marks.times.len() <= CAPACITY);
            if step % 97 != 0 {
                continue;
            }
            for speed in [1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0] {
                let travel = SimDuration::from_secs_f64(0.4 * speed);
                let stretch = mark_stretch(travel);
                assert!(stretch.as_micros() * STRETCHES_PER_TRAVEL >= travel.as_micros());
                assert_eq!(
                    firsts(marks.iter(), now, stretch, travel),
                    firsts(spaced.iter().copied(), now, stretch, travel),
                    "at {now} and {speed}x",
                );
            }
        }
    }

    #[test]
    fn a_fast_stream_keeps_every_mark_the_page_looks_for_at_any_speed() {
        check_stream(7, 120_000);
    }

    #[test]
    fn a_stream_near_the_spacing_keeps_every_mark_the_page_looks_for() {
        check_stream(51, 300_000);
    }

    #[test]
    fn a_slow_stream_keeps_every_mark_the_page_looks_for() {
        check_stream(1_300, 600_000);
    }

    #[test]
    fn the_newest_mark_is_always_remembered() {
        let mut marks = RecentMarks::default();
        for millis in (0..10_000u64).step_by(3) {
            marks.remember(SimTime::from_micros(millis * 1_000));
        }
        let newest = marks.iter().last().map(|at| at.as_micros());
        assert!(
            newest.is_some_and(|newest| 9_999_000 - newest < MARK_SPACING.as_micros()),
            "{newest:?}"
        );
    }

    #[test]
    fn stretches_double_from_tier_to_tier() {
        assert_eq!(mark_stretch(SimDuration::from_millis(400)), MARK_SPACING);
        assert_eq!(
            mark_stretch(SimDuration::from_millis(401)),
            SimDuration::from_millis(100)
        );
        assert_eq!(
            mark_stretch(SimDuration::from_secs_f64(40.0)),
            SimDuration::from_millis(6_400)
        );
        assert_eq!(
            mark_stretch(SimDuration::from_secs_f64(600.0)),
            SimDuration::from_millis(6_400)
        );
    }

    #[test]
    fn the_travel_scale_is_the_pace_rounded_up_to_a_power_of_two() {
        let fitting: Vec<f64> = [0.25, 1.0, 1.5, 2.0, 3.0, 64.0, 64.5, 100.0, 1e6]
            .into_iter()
            .map(|pace| travel_scale(pace, None))
            .collect();
        assert_eq!(
            fitting,
            [1.0, 1.0, 2.0, 2.0, 4.0, 64.0, 128.0, 128.0, 128.0]
        );
    }

    #[test]
    fn a_pace_wobbling_about_a_power_of_two_keeps_the_travel_scale_it_has() {
        let mut held = None;
        let mut seen = Vec::new();
        for pace in [60.0, 66.0, 62.0, 70.0, 63.0, 58.0, 65.0] {
            let scale = travel_scale(pace, held);
            held = Some(scale);
            seen.push(scale);
        }
        assert_eq!(seen, [64.0; 7]);

        // Coming down from above, 128 stays until the pace is clearly below 64.
        assert_eq!(travel_scale(62.0, Some(128.0)), 128.0);
        assert_eq!(travel_scale(57.0, Some(128.0)), 64.0);
        // Going up, 64 stays until the pace is clearly above it.
        assert_eq!(travel_scale(70.0, Some(64.0)), 64.0);
        assert_eq!(travel_scale(71.0, Some(64.0)), 128.0);
        // A jump lands on the power of two that fits.
        assert_eq!(travel_scale(3.0, Some(64.0)), 4.0);
        assert_eq!(travel_scale(100.0, Some(1.0)), 128.0);
    }
}
