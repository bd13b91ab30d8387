//! The sampled history behind the live charts: cumulative counters read at fixed instants of
//! simulated time, kept over a sliding window, and the rates derived from them.
//!
//! # Sampling
//!
//! Every [`SAMPLE_INTERVAL`] of simulated time (0.1 s), at the instants 0, 0.1 s, 0.2 s, …,
//! the simulation reads each topic's count of published messages and, for each subscriber,
//! its delivered and lost counts (lost is dropped plus evicted), how many messages its buffer
//! holds and its capacity. A sample at instant `t` sees every timer due at or before `t`,
//! and none after; a change made by hand at `t` falls in the next sample.
//!
//! The samples come from the virtual clock, never from animation frames or messages: the
//! same scenario with the same seed gives the same history whatever the frame rate and
//! however the clock was moved, natively and in the browser. Going back in time replays the
//! run from zero, and with it the history, so a seek ends with the history of a straight run.
//! A sample costs one reading per topic and per subscriber, however many messages flowed.
//!
//! # Window
//!
//! The charts show the last [`WINDOW`] (30 simulated seconds), so 301 samples, plus the
//! [`RATE_SPAN`] before them that the oldest rate needs. Older samples are dropped as new
//! ones come, so memory stays bounded however long the run.
//!
//! # Rates
//!
//! A rate at instant `t` is the count at `t` minus the count one [`RATE_SPAN`] (1 s) earlier:
//! the messages of the last simulated second. A publisher at 10 messages per second reads
//! exactly 10 msg/s, not 0 and 10 alternately as a rate per sample would. A series younger
//! than one span has no rate yet.
//!
//! # Series that come and go
//!
//! A topic or subscriber that appears mid-window starts a series at its first sample; one
//! that is removed ends at its last, and stays in the charts, marked as ended, until it
//! slides out of the window. A renamed topic keeps its series under the new name. A topic
//! removed and added again under the same name starts a new series, as its counts start over.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::broker::{SubscriberId, TopicName};

use super::clock::{SimDuration, SimTime};

/// How often the history samples the counters, in simulated time.
pub const SAMPLE_INTERVAL: SimDuration = SimDuration::from_millis(100);

/// How much simulated time the charts show.
pub const WINDOW: SimDuration = SimDuration::from_millis(30_000);

/// The span a rate is measured over: a rate is the messages of the last simulated second.
pub const RATE_SPAN: SimDuration = SimDuration::from_millis(1_000);

/// How many series a chart draws at most; the rest are listed in its table only. Six
/// marker shapes and two dash patterns tell them apart without colour.
pub const MAX_CHART_LINES: usize = 6;

const WINDOW_SAMPLES: u64 = WINDOW.as_micros() / SAMPLE_INTERVAL.as_micros();
const RATE_SAMPLES: u64 = RATE_SPAN.as_micros() / SAMPLE_INTERVAL.as_micros();

/// One subscriber's counters at one sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SubscriberReading {
    /// Messages it received so far.
    pub(crate) delivered: u64,
    /// Messages it lost so far: dropped, or evicted from its buffer by newer ones.
    pub(crate) lost: u64,
    /// Messages in its buffer.
    pub(crate) buffered: usize,
    /// Its capacity.
    pub(crate) capacity: usize,
}

/// The samples of one topic or subscriber, contiguous from sample number `first`.
#[derive(Clone, Debug, PartialEq)]
struct Track<K, T> {
    /// The topic's name or the subscriber's id, while the track is open.
    key: K,
    /// Whether the newest sample saw it; an ended track takes no more readings.
    open: bool,
    name: Rc<str>,
    first: u64,
    /// Never empty: a track is made with one reading and dropped when trimmed empty.
    readings: VecDeque<T>,
}

impl<K: PartialEq, T: Copy> Track<K, T> {
    /// One past the number of its newest sample.
    fn end(&self) -> u64 {
        self.first + self.readings.len() as u64
    }

    fn last(&self) -> u64 {
        self.end().saturating_sub(1)
    }

    fn at(&self, sample: u64) -> Option<T> {
        let offset = usize::try_from(sample.checked_sub(self.first)?).ok()?;
        self.readings.get(offset).copied()
    }

    /// The rate of `count` at sample `sample`, in messages per second; `None` until the
    /// track is one [`RATE_SPAN`] old.
    fn rate(&self, sample: u64, count: impl Fn(&T) -> u64) -> Option<f64> {
        let now = self.at(sample)?;
        let before = self.at(sample.checked_sub(RATE_SAMPLES)?)?;
        // Counts never go down within a track; saturating keeps a surprise from wrapping.
        let delta = count(&now).saturating_sub(count(&before));
        Some(delta as f64 / RATE_SPAN.as_secs_f64())
    }

    /// How much `count` grew over the visible part of the window, for ranking.
    fn growth(&self, visible: u64, count: impl Fn(&T) -> u64) -> u64 {
        let from = self.at(visible.max(self.first));
        let to = self.at(self.last());
        match (from, to) {
            (Some(from), Some(to)) => count(&to).saturating_sub(count(&from)),
            _ => 0,
        }
    }
}

/// The tracks of one kind, in the order they were made: the order of legends and tables.
///
/// A plain vector, searched from where the last search ended: subscribers arrive in id
/// order, which is the tracks' order, so each is found at once; the few topics are found
/// within a short scan. It keeps the page smaller than a map of each kind would.
#[derive(Clone, Debug, PartialEq)]
struct Tracks<K, T> {
    tracks: Vec<Track<K, T>>,
    cursor: usize,
}

impl<K, T> Default for Tracks<K, T> {
    fn default() -> Self {
        Tracks {
            tracks: Vec::new(),
            cursor: 0,
        }
    }
}

impl<K: PartialEq, T: Copy> Tracks<K, T> {
    /// The open track of `key`.
    fn open_mut(&mut self, key: &K) -> Option<&mut Track<K, T>> {
        let count = self.tracks.len();
        let found = (0..count)
            .map(|step| (self.cursor + step) % count)
            .find(|index| {
                self.tracks
                    .get(*index)
                    .is_some_and(|track| track.open && track.key == *key)
            })?;
        self.cursor = found + 1;
        self.tracks.get_mut(found)
    }

    /// Adds `reading` of `key` as sample `sample`: to its open track, or to a new one.
    fn push(&mut self, key: K, name: impl FnOnce() -> Rc<str>, sample: u64, reading: T) {
        if let Some(track) = self.open_mut(&key) {
            track.readings.push_back(reading);
            return;
        }
        self.tracks.push(Track {
            key,
            open: true,
            name: name(),
            first: sample,
            readings: VecDeque::from([reading]),
        });
    }

    /// Ends the tracks that sample `sample` did not see, and drops the samples before
    /// number `oldest`, with the tracks left empty.
    fn close_and_trim(&mut self, sample: u64, oldest: u64) {
        for track in &mut self.tracks {
            if track.end() <= sample {
                track.open = false;
            }
        }
        self.tracks.retain_mut(|track| {
            while track.first < oldest && track.readings.pop_front().is_some() {
                track.first += 1;
            }
            !track.readings.is_empty()
        });
        self.cursor = 0;
    }
}

/// The sampled counters of the last [`WINDOW`] of simulated time, from which the live charts
/// are drawn. The simulation records a sample every [`SAMPLE_INTERVAL`]; see the module
/// documentation for when exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// The number of the next sample; sample `n` is taken at `n` × [`SAMPLE_INTERVAL`].
    next: u64,
    topics: Tracks<TopicName, u64>,
    subscribers: Tracks<SubscriberId, SubscriberReading>,
}

impl History {
    /// An empty history, whose first sample is due at time zero.
    pub fn new() -> History {
        History::default()
    }

    /// The instant of the newest sample, or `None` before the first.
    pub fn latest(&self) -> Option<SimTime> {
        self.next.checked_sub(1).map(sample_time)
    }

    /// When the next sample is due.
    pub(crate) fn next_sample_at(&self) -> SimTime {
        sample_time(self.next)
    }

    /// Records the sample due at [`next_sample_at`](Self::next_sample_at): the count of
    /// published messages of every topic, and the readings of every current subscriber with
    /// its name, in id order. Each topic and subscriber appears once.
    pub(crate) fn record<'a>(
        &mut self,
        topics: impl IntoIterator<Item = (&'a TopicName, u64)>,
        subscribers: impl IntoIterator<Item = (SubscriberId, &'a Rc<str>, SubscriberReading)>,
    ) {
        let sample = self.next;
        self.next += 1;
        for (name, published) in topics {
            let label = || Rc::from(name.as_str());
            self.topics.push(name.clone(), label, sample, published);
        }
        for (id, name, reading) in subscribers {
            self.subscribers
                .push(id, || Rc::clone(name), sample, reading);
        }
        // Whatever this sample did not see has gone; keep the window and the span its
        // oldest rate needs.
        let oldest = sample.saturating_sub(WINDOW_SAMPLES + RATE_SAMPLES);
        self.topics.close_and_trim(sample, oldest);
        self.subscribers.close_and_trim(sample, oldest);
    }

    /// The topic `from` is called `to` now: its series goes on under the new name.
    pub(crate) fn rename_topic(&mut self, from: &TopicName, to: &TopicName) {
        // A topic of the new name removed since the last sample has ended.
        self.end_topic(to);
        if let Some(track) = self.topics.open_mut(from) {
            track.key = to.clone();
            track.name = Rc::from(to.as_str());
        }
    }

    /// The topic `name` was removed: its series ends, so that a new topic of the same name,
    /// whose count starts at zero again, starts a series of its own.
    pub(crate) fn end_topic(&mut self, name: &TopicName) {
        if let Some(track) = self.topics.open_mut(name) {
            track.open = false;
        }
    }

    /// What the four live charts draw now: at most `max_lines` series each, the rest in the
    /// values only. Subscribers that lost the most messages within the window are drawn
    /// first, then those that received the most; topics that published the most. Ties go to
    /// the older series.
    pub fn charts(&self, max_lines: usize) -> Charts {
        let Some(latest) = self.next.checked_sub(1) else {
            return Charts::default();
        };
        let visible = latest.saturating_sub(WINDOW_SAMPLES);
        let to_s = sample_time(latest).as_secs_f64();
        // Until a whole window has passed, the axis spans the window from zero and the lines
        // grow into it; after that it slides.
        let axis = (
            sample_time(visible).as_secs_f64(),
            to_s.max(WINDOW.as_secs_f64()),
        );
        let view = View { visible, axis };

        let topics = &self.topics.tracks;
        let topic_drawn = drawn(topics, max_lines, |track| {
            (track.growth(visible, |published| *published), 0)
        });
        let publish_rate = view.chart(topics, &topic_drawn, &|track, sample| {
            track.rate(sample, |published| *published)
        });

        let subscribers = &self.subscribers.tracks;
        let subscriber_drawn = drawn(subscribers, max_lines, |track| {
            (
                track.growth(visible, |reading| reading.lost),
                track.growth(visible, |reading| reading.delivered),
            )
        });
        let delivery_rate = view.chart(subscribers, &subscriber_drawn, &|track, sample| {
            track.rate(sample, |reading| reading.delivered)
        });
        let drop_rate = view.chart(subscribers, &subscriber_drawn, &|track, sample| {
            track.rate(sample, |reading| reading.lost)
        });
        let mut buffer_fill = view.chart(subscribers, &subscriber_drawn, &|track, sample| {
            track.at(sample).map(|reading| reading.buffered as f64)
        });
        let capacities = subscribers
            .iter()
            .map(|track| track.at(track.last()).map(|reading| reading.capacity));
        for ((value, capacity), drawn) in buffer_fill
            .values
            .iter_mut()
            .zip(capacities)
            .zip(&subscriber_drawn)
        {
            value.capacity = capacity;
            if let Some(line) = drawn.and_then(|style| buffer_fill.lines.get_mut(style)) {
                line.capacity = capacity;
            }
        }

        Charts {
            latest: Some(sample_time(latest)),
            publish_rate: Rc::new(publish_rate),
            delivery_rate: Rc::new(delivery_rate),
            drop_rate: Rc::new(drop_rate),
            buffer_fill: Rc::new(buffer_fill),
        }
    }
}

/// What a chart shows of a track at a sample. A `dyn`, so that the three subscriber charts
/// share one copy of the code that builds a chart, in the page.
type Reading<K, T> = dyn Fn(&Track<K, T>, u64) -> Option<f64>;

/// The window a chart shows.
struct View {
    visible: u64,
    axis: (f64, f64),
}

impl View {
    /// A chart of `value` over `tracks`; `drawn` holds the style of each drawn track.
    fn chart<K: PartialEq, T: Copy>(
        &self,
        tracks: &[Track<K, T>],
        drawn: &[Option<usize>],
        value: &Reading<K, T>,
    ) -> Chart {
        let mut lines = Vec::new();
        let mut values = Vec::with_capacity(tracks.len());
        for (track, style) in tracks.iter().zip(drawn) {
            let ended = !track.open;
            if let Some(style) = *style {
                lines.push(ChartLine {
                    name: Rc::clone(&track.name),
                    style,
                    ended,
                    capacity: None,
                    points: (self.visible.max(track.first)..track.end())
                        .filter_map(|sample| {
                            let value = value(track, sample)?;
                            Some((sample_time(sample).as_secs_f64(), value))
                        })
                        .collect(),
                });
            }
            values.push(ChartValue {
                name: Rc::clone(&track.name),
                value: value(track, track.last()),
                ended,
                capacity: None,
                drawn: style.is_some(),
            });
        }
        Chart {
            axis: self.axis,
            lines,
            values,
        }
    }
}

/// For each of `tracks`, its style if it is among the (at most) `max_lines` that rank
/// highest by `score`, else `None`. Styles follow the tracks' order, so a series keeps its
/// style while the set drawn stays the same. Ties go to the older track.
fn drawn<K, T>(
    tracks: &[Track<K, T>],
    max_lines: usize,
    score: impl Fn(&Track<K, T>) -> (u64, u64),
) -> Vec<Option<usize>> {
    let scores: Vec<(u64, u64)> = tracks.iter().map(score).collect();
    let mut chosen = vec![false; tracks.len()];
    // A few passes over a short list, rather than a sort: at most `max_lines` of them.
    for _ in 0..max_lines.min(tracks.len()) {
        let best = scores
            .iter()
            .zip(&chosen)
            .enumerate()
            .filter(|(_, (_, taken))| !**taken)
            .fold(
                None,
                |best: Option<(usize, (u64, u64))>, (index, (score, _))| match best {
                    Some((_, top)) if top >= *score => best,
                    _ => Some((index, *score)),
                },
            );
        if let Some(slot) = best.and_then(|(index, _)| chosen.get_mut(index)) {
            *slot = true;
        }
    }
    let mut style = 0;
    chosen
        .into_iter()
        .map(|taken| {
            taken.then(|| {
                style += 1;
                style - 1
            })
        })
        .collect()
}

/// The four live charts at one instant, as [`History::charts`] computes them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charts {
    /// The instant of the newest sample; `None` before the first.
    pub latest: Option<SimTime>,
    /// Messages published per simulated second, per topic.
    pub publish_rate: Rc<Chart>,
    /// Messages received per simulated second, per subscriber.
    pub delivery_rate: Rc<Chart>,
    /// Messages lost (dropped or evicted) per simulated second, per subscriber.
    pub drop_rate: Rc<Chart>,
    /// Messages held in the buffer, per subscriber.
    pub buffer_fill: Rc<Chart>,
}

/// One chart: the series it draws and the newest value of every series in the window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// The time axis, in simulated seconds: from, to.
    pub axis: (f64, f64),
    /// The series drawn, in creation order; at most the `max_lines` asked for.
    pub lines: Vec<ChartLine>,
    /// Every series in the window, drawn or not, in creation order.
    pub values: Vec<ChartValue>,
}

impl Chart {
    /// How many series in the window are not drawn.
    pub fn hidden(&self) -> usize {
        self.values.len().saturating_sub(self.lines.len())
    }

    /// The highest value any drawn line reaches, or zero.
    pub fn highest(&self) -> f64 {
        self.lines
            .iter()
            .flat_map(|line| line.points.iter().map(|(_, value)| *value))
            .chain(
                self.lines
                    .iter()
                    .filter_map(|line| line.capacity.map(|capacity| capacity as f64)),
            )
            .fold(0.0, f64::max)
    }
}

/// One series as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// The topic's or subscriber's name.
    pub name: Rc<str>,
    /// Which of [`MAX_CHART_LINES`] styles it is drawn in. A subscriber has the same style
    /// in every chart.
    pub style: usize,
    /// Whether it was removed within the window.
    pub ended: bool,
    /// Its capacity, in the buffer chart.
    pub capacity: Option<usize>,
    /// (simulated seconds, value), oldest first, one per sample.
    pub points: Vec<(f64, f64)>,
}

/// The newest value of one series, for the chart's text alternative.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartValue {
    /// The topic's or subscriber's name.
    pub name: Rc<str>,
    /// Its value at its newest sample; `None` for a rate under one [`RATE_SPAN`] old.
    pub value: Option<f64>,
    /// Whether it was removed within the window.
    pub ended: bool,
    /// Its capacity, in the buffer chart.
    pub capacity: Option<usize>,
    /// Whether the chart draws it.
    pub drawn: bool,
}

/// The instant of sample number `sample`.
fn sample_time(sample: u64) -> SimTime {
    SimTime::from_micros(sample.saturating_mul(SAMPLE_INTERVAL.as_micros()))
}
