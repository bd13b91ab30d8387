//! The state that the simulated tasks share: the broker, the actors' settings and counters,
//! the event log and the random number generator.
//!
//! Tasks borrow the world only between two awaits, never across one, so a `RefCell` is enough
//! and no borrow can be outstanding when another task runs.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::broker::{
    Blocked, Broker, Capacity, Delivery, DropReason, OverflowOutcome, Published, RoomWait,
    SubscriberId, TopicName,
};

use super::clock::{SimDuration, SimTime};
use super::event::{Actor, Event, EventKind, EventLog};
use super::lineage::LineageLog;
use super::marks::RecentMarks;
use super::spec::{Jitter, PayloadPattern, ProcessingTime, Rate};

/// How many recent drops and evictions each subscriber remembers for the animation.
pub(crate) const RECENT_MARKS: usize = 24;

/// Identifies one publisher in a simulation. Ids are never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublisherId(pub u64);

/// Whether a publisher is still publishing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublisherStatus {
    /// Publishing at its rate.
    Running,
    /// Held back by a subscriber with the block policy whose buffer is full: it cannot
    /// publish, and the subscribers after that one wait for its current message.
    Blocked {
        /// The subscriber without room.
        by: SubscriberId,
        /// Its name.
        by_name: Rc<str>,
        /// Since when.
        since: SimTime,
    },
    /// It sent on a closed topic at this instant, which in Go panics, and stopped.
    Panicked {
        /// When.
        at: SimTime,
    },
}

#[derive(Debug)]
pub(crate) struct PublisherState {
    pub(crate) actor: Actor,
    pub(crate) topic: TopicName,
    pub(crate) rate: Rate,
    pub(crate) pattern: PayloadPattern,
    pub(crate) published: u64,
    pub(crate) status: PublisherStatus,
    /// Publishes are due at `phase_start + first_after + k / rate` for k = 0, 1, 2, ...;
    /// counting from a fixed start, rather than adding a rounded interval each time, keeps long
    /// runs from drifting.
    pub(crate) phase_start: SimTime,
    pub(crate) first_after: SimDuration,
    pub(crate) ticks_since_phase_start: u64,
    pub(crate) recent: RecentMarks,
    /// How many times it has had to wait for a full subscriber with the block policy.
    pub(crate) times_blocked: u64,
    /// The fan-out a block-policy subscriber holds back, while the publisher waits.
    pub(crate) pending: Option<Blocked>,
}

impl PublisherState {
    pub(crate) fn next_due(&self) -> SimTime {
        let ticks = self.ticks_since_phase_start as f64;
        let since_start = self.first_after.as_secs_f64() + ticks / self.rate.get();
        self.phase_start + SimDuration::from_secs_f64(since_start)
    }
}

/// What a subscriber is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriberActivity {
    /// Waiting at its channel for the next message.
    Waiting,
    /// Working on a message until this instant.
    Processing {
        /// When it will be done.
        until: SimTime,
    },
    /// Its topic closed and it has received everything that was buffered.
    Drained {
        /// When it saw the channel closed.
        at: SimTime,
    },
    /// An overflow under the disconnect policy cut it off.
    Disconnected {
        /// When.
        at: SimTime,
    },
}

#[derive(Debug)]
pub(crate) struct SubscriberState {
    pub(crate) actor: Actor,
    pub(crate) processing: ProcessingTime,
    pub(crate) jitter: Jitter,
    pub(crate) activity: SubscriberActivity,
    pub(crate) recent_deliveries: RecentMarks,
    pub(crate) recent_drops: VecDeque<(SimTime, DropReason)>,
    pub(crate) recent_evictions: VecDeque<SimTime>,
}

/// The subscribers by id, in id order, each in the slot its id numbers.
///
/// The broker numbers subscribers 1, 2, 3, ... and never reuses an id, so the id is a dense
/// index and finding a subscriber costs one bounds check. Every delivery looks its subscriber
/// up, a million times per simulated second under the heavy-load preset, where a `BTreeMap`
/// search over a hundred subscribers was a fifth of the simulation's instructions. A removed
/// subscriber leaves an empty slot behind: one per subscriber ever added, never per message.
#[derive(Debug, Default)]
pub(crate) struct Subscribers {
    slots: Vec<Option<(SubscriberId, SubscriberState)>>,
}

impl Subscribers {
    pub(crate) fn get(&self, id: &SubscriberId) -> Option<&SubscriberState> {
        let slot = self.slots.get(slot_of(*id)?)?.as_ref()?;
        Some(&slot.1)
    }

    pub(crate) fn get_mut(&mut self, id: &SubscriberId) -> Option<&mut SubscriberState> {
        let slot = self.slots.get_mut(slot_of(*id)?)?.as_mut()?;
        Some(&mut slot.1)
    }

    /// Adds or replaces the subscriber `id`.
    pub(crate) fn insert(&mut self, id: SubscriberId, state: SubscriberState) {
        let Some(index) = slot_of(id) else {
            return;
        };
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, || None);
        }
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Some((id, state));
        }
    }

    pub(crate) fn remove(&mut self, id: &SubscriberId) -> Option<SubscriberState> {
        let (_, state) = self.slots.get_mut(slot_of(*id)?)?.take()?;
        Some(state)
    }

    /// Every subscriber with its id, in id order, which is the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&SubscriberId, &SubscriberState)> {
        self.slots
            .iter()
            .filter_map(|slot| slot.as_ref().map(|(id, state)| (id, state)))
    }

    /// Every subscriber's id, in id order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &SubscriberId> {
        self.iter().map(|(id, _)| id)
    }
}

/// The slot a subscriber id numbers; `None` only for an id no `usize` can index.
fn slot_of(id: SubscriberId) -> Option<usize> {
    usize::try_from(id.0).ok()
}

/// What a publisher's task does after a tick.
#[derive(Debug)]
pub(crate) enum Tick {
    /// Sleep until the next message is due.
    Continue,
    /// End: the publisher was removed or panicked.
    Stop,
    /// Wait for room at a block-policy subscriber, then resume the fan-out; `None` when that
    /// subscriber is already gone, so resume at once.
    Wait(Option<RoomWait>),
}

#[derive(Debug)]
pub(crate) struct World {
    pub(crate) broker: Broker,
    pub(crate) publishers: BTreeMap<PublisherId, PublisherState>,
    pub(crate) subscribers: Subscribers,
    pub(crate) log: EventLog,
    /// What became of each copy of the newest messages, fed by every recorded event.
    pub(crate) lineage: LineageLog,
    rng: Pcg64,
}

impl World {
    pub(crate) fn new(seed: u64, log_capacity_per_category: usize) -> World {
        World {
            broker: Broker::new(),
            publishers: BTreeMap::new(),
            subscribers: Subscribers::default(),
            log: EventLog::new(log_capacity_per_category),
            lineage: LineageLog::new(),
            rng: Pcg64::seed_from_u64(seed),
        }
    }

    pub(crate) fn record(&mut self, at: SimTime, kind: EventKind) {
        self.lineage.observe(at, &kind, &self.broker);
        if let EventKind::Setup { .. } = kind {
            // A publisher removed while blocked takes its unfinished fan-out with it.
            let publishers = &self.publishers;
            self.lineage
                .on_publishers_removed(at, |id| !publishers.contains_key(&PublisherId(id)));
        }
        self.log.push(Event { at, kind });
    }

    /// A uniformly distributed number in `[0, 1)` from the seeded generator.
    pub(crate) fn next_unit(&mut self) -> f64 {
        unit_from(&mut self.rng)
    }

    /// One publish of publisher `id` at `now`, as its task calls it when the publish is due.
    pub(crate) fn publish_tick(&mut self, id: PublisherId, now: SimTime) -> Tick {
        let Some(publisher) = self.publishers.get_mut(&id) else {
            return Tick::Stop;
        };
        let sequence = publisher.published + 1;
        let payload = publisher.pattern.render(sequence);
        let topic = publisher.topic.clone();
        let actor = publisher.actor.clone();

        let published = match self.broker.publish(&topic, payload) {
            Ok(published) => published,
            Err(_send_on_closed) => return self.panic(id, now),
        };

        publisher.published = sequence;
        publisher.ticks_since_phase_start += 1;
        publisher.recent.remember(now);
        self.record(
            now,
            EventKind::Publish {
                publisher: actor,
                topic,
                message: published.message.id,
                payload: Rc::clone(&published.message.payload),
                fanout: published.fanout,
            },
        );
        self.after_fan_out(id, published, now)
    }

    /// Continues the fan-out that publisher `id` waited on, once the subscriber that blocked
    /// it has room or stopped blocking.
    pub(crate) fn resume_tick(&mut self, id: PublisherId, now: SimTime) -> Tick {
        let Some(publisher) = self.publishers.get_mut(&id) else {
            return Tick::Stop;
        };
        let Some(pending) = publisher.pending.take() else {
            return Tick::Continue;
        };
        if let PublisherStatus::Blocked { since, .. } = publisher.status {
            let actor = publisher.actor.clone();
            self.record(
                now,
                EventKind::Unblocked {
                    publisher: actor,
                    waited: now.saturating_since(since),
                },
            );
        }
        let message = pending.message().id;
        match self.broker.resume(pending) {
            Ok(published) => self.after_fan_out(id, published, now),
            Err(_send_on_closed) => {
                self.lineage.on_panicked(message, now);
                self.panic(id, now)
            }
        }
    }

    /// Records what the full buffers did with a message, and blocks the publisher if one has
    /// the block policy.
    fn after_fan_out(&mut self, id: PublisherId, published: Published, now: SimTime) -> Tick {
        for overflow in &published.overflows {
            let Some(subscriber) = self.subscribers.get_mut(&overflow.subscriber) else {
                continue;
            };
            let actor = subscriber.actor.clone();
            let message = published.message.id;
            let kind = match overflow.outcome {
                OverflowOutcome::Dropped(reason) => {
                    push_bounded(&mut subscriber.recent_drops, (now, reason), RECENT_MARKS);
                    EventKind::Drop {
                        subscriber: actor,
                        message,
                        reason,
                        policy: overflow.policy,
                        buffered: overflow.buffered,
                        capacity: overflow.capacity,
                    }
                }
                OverflowOutcome::Evicted(evicted) => {
                    push_bounded(&mut subscriber.recent_evictions, now, RECENT_MARKS);
                    EventKind::Evict {
                        subscriber: actor,
                        evicted,
                        by: message,
                        buffered: overflow.buffered,
                        capacity: overflow.capacity,
                    }
                }
                OverflowOutcome::Disconnected { discarded } => {
                    push_bounded(
                        &mut subscriber.recent_drops,
                        (now, DropReason::Disconnected),
                        RECENT_MARKS,
                    );
                    subscriber.activity = SubscriberActivity::Disconnected { at: now };
                    EventKind::Disconnect {
                        subscriber: actor,
                        message,
                        discarded,
                        buffered: overflow.buffered,
                        capacity: overflow.capacity,
                    }
                }
            };
            self.record(now, kind);
        }

        let Some(blocked) = published.blocked else {
            if let Some(publisher) = self.publishers.get_mut(&id) {
                if matches!(publisher.status, PublisherStatus::Blocked { .. }) {
                    // Back on schedule: the next message is one interval after the wait.
                    publisher.status = PublisherStatus::Running;
                    publisher.phase_start = now;
                    publisher.first_after = publisher.rate.interval();
                    publisher.ticks_since_phase_start = 0;
                }
            }
            return Tick::Continue;
        };

        let room = self.broker.room(&blocked);
        let by = blocked.subscriber();
        let by_name = by
            .and_then(|by| self.subscribers.get(&by))
            .map(|subscriber| Rc::clone(&subscriber.actor.name));
        let Some(publisher) = self.publishers.get_mut(&id) else {
            return Tick::Stop;
        };
        if let (Some(by), Some(by_name)) = (by, by_name) {
            let actor = publisher.actor.clone();
            let message = blocked.message().id;
            publisher.status = PublisherStatus::Blocked {
                by,
                by_name: Rc::clone(&by_name),
                since: now,
            };
            publisher.times_blocked += 1;
            publisher.pending = Some(blocked);
            self.record(
                now,
                EventKind::Blocked {
                    publisher: actor,
                    subscriber: by_name,
                    message,
                },
            );
        } else {
            publisher.pending = Some(blocked);
        }
        Tick::Wait(room)
    }

    /// Publisher `id` sent on a closed topic: Go's goroutine dies with this panic, and the
    /// rest of the simulation keeps running.
    fn panic(&mut self, id: PublisherId, now: SimTime) -> Tick {
        let Some(publisher) = self.publishers.get_mut(&id) else {
            return Tick::Stop;
        };
        publisher.status = PublisherStatus::Panicked { at: now };
        publisher.pending = None;
        let actor = publisher.actor.clone();
        let topic = publisher.topic.clone();
        self.record(
            now,
            EventKind::Panic {
                publisher: actor,
                topic,
                message: "send on closed channel",
            },
        );
        Tick::Stop
    }

    /// Subscriber `id` received a notice that it missed `missed` evicted messages.
    pub(crate) fn on_lagged(&mut self, id: SubscriberId, missed: u64, now: SimTime) {
        if let Some(subscriber) = self.subscribers.get(&id) {
            let actor = subscriber.actor.clone();
            self.record(
                now,
                EventKind::Lagged {
                    subscriber: actor,
                    missed,
                },
            );
        }
    }

    /// Subscriber `id` received `delivery` at `now`, leaving `buffered` messages in its
    /// buffer of `capacity`. Returns how long it will work on it.
    ///
    /// The task passes the level from its own subscription, which it took the message from
    /// just now with no await in between; asking the broker would cost a map lookup per
    /// delivery for the same two numbers.
    pub(crate) fn on_delivered(
        &mut self,
        id: SubscriberId,
        delivery: &Delivery,
        (buffered, capacity): (usize, Capacity),
        now: SimTime,
    ) -> SimDuration {
        let Some(subscriber) = self.subscribers.get_mut(&id) else {
            return SimDuration::ZERO;
        };
        let jitter_draw = (subscriber.jitter.get() > 0.0).then(|| unit_from(&mut self.rng));

        let base = subscriber.processing.get().as_secs_f64();
        let work = match jitter_draw {
            // Spread the time evenly over base × (1 ± jitter).
            Some(unit) => base * (1.0 + subscriber.jitter.get() * (2.0 * unit - 1.0)),
            None => base,
        };
        let work = SimDuration::from_secs_f64(work);
        subscriber.activity = if work == SimDuration::ZERO {
            SubscriberActivity::Waiting
        } else {
            SubscriberActivity::Processing { until: now + work }
        };
        subscriber.recent_deliveries.remember(now);
        let actor = subscriber.actor.clone();
        self.record(
            now,
            EventKind::Deliver {
                subscriber: actor,
                message: delivery.id,
                payload: Rc::clone(&delivery.payload),
                buffered,
                capacity,
            },
        );
        work
    }

    /// Subscriber `id` finished its work and is back at its channel.
    pub(crate) fn on_idle(&mut self, id: SubscriberId) {
        if let Some(subscriber) = self.subscribers.get_mut(&id) {
            // A disconnect while it worked ends it; it does not go back to its channel.
            if let SubscriberActivity::Processing { .. } = subscriber.activity {
                subscriber.activity = SubscriberActivity::Waiting;
            }
        }
    }

    /// Subscriber `id` saw its stream end. That happens on removal and disconnection too,
    /// which are logged where they happen; only a drained, closed channel is logged here.
    pub(crate) fn on_stream_ended(&mut self, id: SubscriberId, now: SimTime) {
        let Some(subscriber) = self.subscribers.get_mut(&id) else {
            return;
        };
        if matches!(subscriber.activity, SubscriberActivity::Disconnected { .. }) {
            return;
        }
        subscriber.activity = SubscriberActivity::Drained { at: now };
        let actor = subscriber.actor.clone();
        self.record(now, EventKind::Drained { subscriber: actor });
    }
}

/// A uniformly distributed number in `[0, 1)` from `rng`.
fn unit_from(rng: &mut Pcg64) -> f64 {
    // The top 53 bits fill an f64's mantissa exactly.
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn push_bounded<T>(marks: &mut VecDeque<T>, mark: T, kept: usize) {
    if marks.len() >= kept {
        marks.pop_front();
    }
    marks.push_back(mark);
}
