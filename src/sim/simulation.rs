//! The simulation handle: builds the topology, advances virtual time, and takes snapshots.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::error::Error;
use std::fmt;
use std::rc::Rc;

use futures::executor::{LocalPool, LocalSpawner};

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName, TopologyError};

use super::clock::{Clock, SimDuration, SimTime};
use super::event::{Actor, Event, EventCategory, EventKind};
use super::marks::RecentMarks;
use super::series::{History, SubscriberReading};
use super::snapshot::{PublisherView, Snapshot, SubscriberView, TopicView};
use super::spec::{InputError, ProcessingTime, PublisherSpec, Rate, SubscriberSpec};
use super::tasks::{run_publisher, run_subscriber, spawn, TaskHandle};
use super::world::{
    PublisherId, PublisherState, PublisherStatus, SubscriberActivity, SubscriberState, World,
};

/// How many events of each category a simulation keeps unless told otherwise.
pub const DEFAULT_LOG_CAPACITY: usize = 500;

/// A change the simulation refused.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SimError {
    /// A setting out of range.
    Input(InputError),
    /// A topic or subscription change the broker refused.
    Topology(TopologyError),
    /// No publisher has this id; it may have been removed already.
    UnknownPublisher(PublisherId),
    /// The executor refused a new task. It does so only while shutting down.
    Spawn,
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Input(error) => error.fmt(f),
            SimError::Topology(error) => error.fmt(f),
            SimError::UnknownPublisher(id) => write!(f, "no publisher has id {}", id.0),
            SimError::Spawn => f.write_str("the simulation is shutting down"),
        }
    }
}

impl Error for SimError {}

impl From<InputError> for SimError {
    fn from(error: InputError) -> SimError {
        SimError::Input(error)
    }
}

impl From<TopologyError> for SimError {
    fn from(error: TopologyError) -> SimError {
        SimError::Topology(error)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TaskKey {
    Publisher(PublisherId),
    Subscriber(SubscriberId),
}

/// A simulated broker with publishers and subscribers as tasks on futures' single-threaded
/// executor, driven by a virtual clock and a seeded random number generator.
///
/// Nothing happens until time is advanced. The same changes at the same simulated instants
/// with the same seed always produce the same events, on any machine, natively and in the
/// browser.
///
/// ```
/// use mini_kafka_playground::broker::{Capacity, OverflowPolicy};
/// use mini_kafka_playground::sim::*;
///
/// let mut sim = Simulation::new(7);
/// let topic = sim.add_topic("orders")?;
/// sim.add_publisher(PublisherSpec {
///     topic: topic.clone(),
///     rate: Rate::per_second(10.0)?,
///     pattern: PayloadPattern::new("order #{n}")?,
/// })?;
/// sim.add_subscriber(SubscriberSpec {
///     topic,
///     capacity: Capacity::new(2).unwrap(),
///     policy: OverflowPolicy::DropNewest,
///     processing: ProcessingTime::from_millis(500.0)?,
///     jitter: Jitter::NONE,
/// })?;
///
/// sim.advance(SimDuration::from_millis(10_000));
/// let snapshot = sim.snapshot(&EventCategory::ALL, 10);
/// let slow = &snapshot.subscribers[0];
/// assert_eq!(snapshot.publishers[0].published, 100);
/// assert!(slow.ledger.dropped() > 0);
/// assert!(slow.ledger.balances());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Simulation {
    clock: Rc<Clock>,
    world: Rc<RefCell<World>>,
    pool: LocalPool,
    spawner: LocalSpawner,
    tasks: BTreeMap<TaskKey, TaskHandle>,
    seed: u64,
    next_publisher: u64,
    next_subscriber_name: u64,
    history: History,
}

impl Simulation {
    /// An empty simulation at time zero whose randomness comes from `seed`.
    pub fn new(seed: u64) -> Simulation {
        Simulation::with_log_capacity(seed, DEFAULT_LOG_CAPACITY)
    }

    /// Like [`Simulation::new`], keeping the newest `per_category` events of each category.
    pub fn with_log_capacity(seed: u64, per_category: usize) -> Simulation {
        let pool = LocalPool::new();
        let spawner = pool.spawner();
        Simulation {
            clock: Rc::new(Clock::default()),
            world: Rc::new(RefCell::new(World::new(seed, per_category))),
            pool,
            spawner,
            tasks: BTreeMap::new(),
            seed,
            next_publisher: 0,
            next_subscriber_name: 0,
            history: History::new(),
        }
    }

    /// The seed this simulation was created with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.clock.now()
    }

    /// When the next timer fires: the earliest instant at which a publisher is due, a
    /// subscriber finishes its work, or anything else asleep wakes. `None` when nothing waits
    /// for time, such as in an empty simulation. Stepping to this instant with
    /// [`Simulation::run_until`] skips the quiet time in between.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.clock.next_deadline()
    }

    /// The publisher shown as `name`, such as `P1`, if it still exists. Names are given in
    /// creation order and never reused, so a name means the same publisher in every run of
    /// the same changes.
    pub fn publisher_named(&self, name: &str) -> Option<PublisherId> {
        self.world
            .borrow()
            .publishers
            .iter()
            .find(|(_, publisher)| &*publisher.actor.name == name)
            .map(|(id, _)| *id)
    }

    /// The subscriber shown as `name`, such as `A`, if it still exists. Names are given in
    /// creation order and never reused, like publishers' names.
    pub fn subscriber_named(&self, name: &str) -> Option<SubscriberId> {
        self.world
            .borrow()
            .subscribers
            .iter()
            .find(|(_, subscriber)| &*subscriber.actor.name == name)
            .map(|(id, _)| *id)
    }

    /// Advances simulated time by `span`, running every task that becomes ready on the way,
    /// timer by timer and in order.
    pub fn advance(&mut self, span: SimDuration) {
        let target = self.clock.now() + span;
        self.run_until(target);
    }

    /// Advances simulated time to `target`; an earlier target does nothing.
    ///
    /// On the way it samples the counters for the [`History`] at each sample instant, after
    /// the timers due at that instant and before the later ones, so that how the clock is
    /// moved (in frames, in steps, in one go) never changes the samples.
    pub fn run_until(&mut self, target: SimTime) {
        self.pool.run_until_stalled();
        while let Some(deadline) = self.clock.next_deadline() {
            if deadline > target {
                break;
            }
            self.sample_before(deadline);
            self.clock.set_now(deadline);
            self.clock.wake_due();
            self.pool.run_until_stalled();
        }
        self.sample_through(target);
        self.clock.set_now(target);
    }

    /// The sampled counters of the last simulated seconds, for the live charts.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Adds an empty topic.
    pub fn add_topic(&mut self, name: &str) -> Result<TopicName, SimError> {
        let name = TopicName::new(name).map_err(InputError::from)?;
        self.world.borrow_mut().broker.create_topic(name.clone())?;
        self.record_setup(format!("topic {name} added"));
        Ok(name)
    }

    /// Renames a topic; its publishers and subscribers follow it.
    pub fn rename_topic(&mut self, from: &TopicName, to: &str) -> Result<TopicName, SimError> {
        let to = TopicName::new(to).map_err(InputError::from)?;
        if &to == from {
            // Renaming to the same name is no change, not a clash with itself.
            return Ok(to);
        }
        let mut world = self.world.borrow_mut();
        world.broker.rename_topic(from, to.clone())?;
        self.history.rename_topic(from, &to);
        for publisher in world.publishers.values_mut() {
            if &publisher.topic == from {
                publisher.topic = to.clone();
            }
        }
        drop(world);
        self.record_setup(format!("topic {from} renamed to {to}"));
        Ok(to)
    }

    /// Removes a topic with its publishers and subscribers. What was queued for the
    /// subscribers is discarded and counted.
    pub fn remove_topic(&mut self, topic: &TopicName) -> Result<(), SimError> {
        let (publishers, subscribers) = {
            let world = self.world.borrow();
            // Check that the topic exists before touching anything.
            world.broker.topic_stats(topic)?;
            let publishers: Vec<PublisherId> = world
                .publishers
                .iter()
                .filter(|(_, publisher)| &publisher.topic == topic)
                .map(|(id, _)| *id)
                .collect();
            // Every subscriber of the topic, including one that an overflow disconnected and
            // that has left the topic's fan-out already.
            let subscribers: Vec<SubscriberId> = world
                .subscribers
                .keys()
                .copied()
                .filter(|id| {
                    world
                        .broker
                        .subscriber_stats(*id)
                        .is_ok_and(|stats| &stats.topic == topic)
                })
                .collect();
            (publishers, subscribers)
        };
        for id in publishers {
            self.remove_publisher(id)?;
        }
        for id in subscribers {
            self.remove_subscriber(id)?;
        }
        self.world.borrow_mut().broker.remove_topic(topic)?;
        self.history.end_topic(topic);
        self.record_setup(format!("topic {topic} removed"));
        Ok(())
    }

    /// Closes a topic: its subscribers drain their buffers and then see it closed, and its
    /// publishers panic on their next send. Closing it again is an error, as in Go.
    pub fn close_topic(&mut self, topic: &TopicName) -> Result<(), SimError> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        world.broker.close_topic(topic)?;
        world.record(
            now,
            EventKind::Close {
                topic: topic.clone(),
            },
        );
        drop(world);
        // Subscribers that wait at an empty channel see it closed right away.
        self.pool.run_until_stalled();
        Ok(())
    }

    /// Adds a publisher. Its first message is due within one interval, at a point drawn from
    /// the seeded generator, so that publishers added together do not tick in lockstep.
    pub fn add_publisher(&mut self, spec: PublisherSpec) -> Result<PublisherId, SimError> {
        let now = self.now();
        self.next_publisher += 1;
        let id = PublisherId(self.next_publisher);
        let actor = Actor {
            id: id.0,
            name: format!("P{}", id.0).into(),
        };

        let mut world = self.world.borrow_mut();
        if !world.broker.has_topic(&spec.topic) {
            world.broker.create_topic(spec.topic.clone())?;
        }
        // Somewhere in (0, interval]: never before the publisher exists, never a full extra
        // interval late.
        let first_after = spec.rate.interval().as_secs_f64() * (1.0 - world.next_unit());
        world.publishers.insert(
            id,
            PublisherState {
                actor: actor.clone(),
                topic: spec.topic.clone(),
                rate: spec.rate,
                pattern: spec.pattern,
                published: 0,
                status: PublisherStatus::Running,
                phase_start: now,
                first_after: SimDuration::from_secs_f64(first_after),
                ticks_since_phase_start: 0,
                recent: RecentMarks::default(),
                times_blocked: 0,
                pending: None,
            },
        );
        drop(world);
        self.record_setup(format!(
            "{} publishes on {} at {}/s",
            actor.name,
            spec.topic,
            spec.rate.get()
        ));
        self.spawn_publisher(id)?;
        Ok(id)
    }

    /// Changes a publisher's rate. The next message is due one new interval from now.
    pub fn set_rate(&mut self, id: PublisherId, rate: Rate) -> Result<(), SimError> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        let publisher = world
            .publishers
            .get_mut(&id)
            .ok_or(SimError::UnknownPublisher(id))?;
        publisher.rate = rate;
        publisher.phase_start = now;
        publisher.first_after = rate.interval();
        publisher.ticks_since_phase_start = 0;
        let running = publisher.status == PublisherStatus::Running;
        let change = format!("{} now publishes at {}/s", publisher.actor.name, rate.get());
        drop(world);
        self.record_setup(change);
        // The task may be asleep until a deadline of the old rate; start it afresh.
        if running {
            self.spawn_publisher(id)?;
        }
        Ok(())
    }

    /// Removes a publisher. It publishes nothing afterwards.
    pub fn remove_publisher(&mut self, id: PublisherId) -> Result<(), SimError> {
        let removed = self
            .world
            .borrow_mut()
            .publishers
            .remove(&id)
            .ok_or(SimError::UnknownPublisher(id))?;
        self.tasks.remove(&TaskKey::Publisher(id));
        self.record_setup(format!("{} removed", removed.actor.name));
        Ok(())
    }

    /// Adds a subscriber. It receives messages published from now on.
    pub fn add_subscriber(&mut self, spec: SubscriberSpec) -> Result<SubscriberId, SimError> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        let subscription = world
            .broker
            .subscribe(&spec.topic, spec.capacity, spec.policy)?;
        let id = subscription.id();
        let name = subscriber_name(self.next_subscriber_name);
        self.next_subscriber_name += 1;
        let actor = Actor {
            id: id.0,
            name: name.into(),
        };
        world.subscribers.insert(
            id,
            SubscriberState {
                actor: actor.clone(),
                processing: spec.processing,
                jitter: spec.jitter,
                activity: SubscriberActivity::Waiting,
                recent_deliveries: RecentMarks::default(),
                recent_drops: VecDeque::new(),
                recent_evictions: VecDeque::new(),
            },
        );
        world.record(
            now,
            EventKind::Subscribe {
                subscriber: actor,
                topic: spec.topic,
                capacity: spec.capacity,
                policy: spec.policy,
            },
        );
        drop(world);

        let task = run_subscriber(
            Rc::clone(&self.world),
            Rc::clone(&self.clock),
            id,
            subscription,
        );
        let handle = spawn(&self.spawner, task).map_err(|_| SimError::Spawn)?;
        self.tasks.insert(TaskKey::Subscriber(id), handle);
        // Let it reach its channel, so that it is waiting before the next publish.
        self.pool.run_until_stalled();
        Ok(id)
    }

    /// Changes a subscriber's capacity and processing time while it runs. A smaller capacity
    /// keeps what is already buffered; the new processing time applies from its next message.
    pub fn update_subscriber(
        &mut self,
        id: SubscriberId,
        capacity: Capacity,
        processing: ProcessingTime,
    ) -> Result<(), SimError> {
        let mut world = self.world.borrow_mut();
        world.broker.set_capacity(id, capacity)?;
        let subscriber = world
            .subscribers
            .get_mut(&id)
            .ok_or(TopologyError::UnknownSubscriber(id))?;
        subscriber.processing = processing;
        let change = format!(
            "{} now has capacity {} and takes {} ms per message",
            subscriber.actor.name,
            capacity.get(),
            processing.get().as_secs_f64() * 1_000.0
        );
        drop(world);
        self.record_setup(change);
        // A larger buffer may release a publisher it blocked; show that at once.
        self.pool.run_until_stalled();
        Ok(())
    }

    /// Changes what a subscriber does when its buffer is full, while it runs. A publisher it
    /// blocked retries under the new policy at once.
    pub fn set_policy(&mut self, id: SubscriberId, policy: OverflowPolicy) -> Result<(), SimError> {
        let mut world = self.world.borrow_mut();
        world.broker.set_policy(id, policy)?;
        let change = match world.subscribers.get(&id) {
            Some(subscriber) => format!("{} now uses the {policy} policy", subscriber.actor.name),
            None => format!("subscriber {} now uses the {policy} policy", id.0),
        };
        drop(world);
        self.record_setup(change);
        // A publisher waiting on this subscriber may go on now.
        self.pool.run_until_stalled();
        Ok(())
    }

    /// Removes a subscriber. It receives nothing afterwards; what was still queued for it is
    /// discarded and counted in its topic's ledger.
    pub fn remove_subscriber(&mut self, id: SubscriberId) -> Result<(), SimError> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        let removed = world.broker.unsubscribe(id)?;
        let state = world.subscribers.remove(&id);
        if let Some(state) = state {
            world.record(
                now,
                EventKind::Unsubscribe {
                    subscriber: state.actor,
                    discarded: removed.discarded,
                },
            );
        }
        drop(world);
        self.tasks.remove(&TaskKey::Subscriber(id));
        // A publisher this subscriber blocked goes on now, not at the next tick of the clock,
        // so that a paused page shows it released at once.
        self.pool.run_until_stalled();
        Ok(())
    }

    /// Everything the playground draws, with up to `event_limit` of the newest events in the
    /// given categories.
    pub fn snapshot(&self, categories: &[EventCategory], event_limit: usize) -> Snapshot {
        let world = self.world.borrow();
        let topics = world
            .broker
            .topic_names()
            .filter_map(|name| world.broker.topic_stats(name).ok())
            .map(|stats| TopicView {
                name: stats.name,
                closed: stats.closed,
                published: stats.published,
                subscriber_count: stats.subscribers.len(),
                ledger: stats.ledger,
            })
            .collect();
        let publishers = world
            .publishers
            .iter()
            .map(|(id, publisher)| PublisherView {
                id: *id,
                name: Rc::clone(&publisher.actor.name),
                topic: publisher.topic.clone(),
                rate: publisher.rate,
                pattern: publisher.pattern.clone(),
                published: publisher.published,
                status: publisher.status.clone(),
                recent: publisher.recent.iter().collect(),
                times_blocked: publisher.times_blocked,
            })
            .collect();
        let subscribers = world
            .subscribers
            .iter()
            .filter_map(|(id, subscriber)| {
                let stats = world.broker.subscriber_stats(*id).ok()?;
                Some(SubscriberView {
                    id: *id,
                    name: Rc::clone(&subscriber.actor.name),
                    topic: stats.topic,
                    capacity: stats.capacity,
                    len: stats.len,
                    policy: stats.policy,
                    processing: subscriber.processing,
                    jitter: subscriber.jitter,
                    status: stats.status,
                    activity: subscriber.activity,
                    ledger: stats.ledger,
                    recent_deliveries: subscriber.recent_deliveries.iter().collect(),
                    recent_drops: subscriber.recent_drops.iter().copied().collect(),
                    recent_evictions: subscriber.recent_evictions.iter().copied().collect(),
                })
            })
            .collect();
        Snapshot {
            now: self.now(),
            topics,
            publishers,
            subscribers,
            events: world.log.newest(categories, event_limit),
            events_total: world.log.total(),
        }
    }

    /// Every event still kept, oldest first.
    pub fn events(&self) -> Vec<Event> {
        self.world.borrow().log.all()
    }

    /// What became of each copy of `message` so far: delivered, dropped, evicted, queued
    /// and so on, with the buffer level at that moment. Only the newest
    /// [`LINEAGE_WINDOW`](super::LINEAGE_WINDOW) messages are kept; an older one is
    /// [`LineageError::NoLongerKept`](super::LineageError::NoLongerKept).
    pub fn lineage(
        &self,
        message: crate::broker::MessageId,
    ) -> Result<super::Lineage, super::LineageError> {
        let world = self.world.borrow();
        world.lineage.lineage(message, self.now(), &world.broker)
    }

    /// Takes the samples due strictly before `instant`.
    fn sample_before(&mut self, instant: SimTime) {
        while self.history.next_sample_at() < instant {
            self.sample();
        }
    }

    /// Takes the samples due at or before `instant`.
    fn sample_through(&mut self, instant: SimTime) {
        while self.history.next_sample_at() <= instant {
            self.sample();
        }
    }

    /// Records one sample of every topic's and subscriber's counters: a reading each, so the
    /// cost does not grow with the messages that flowed since the last one.
    fn sample(&mut self) {
        let world = self.world.borrow();
        let topics = world.broker.topic_names().filter_map(|name| {
            let stats = world.broker.topic_stats(name).ok()?;
            Some((name, stats.published))
        });
        let subscribers = world.subscribers.iter().filter_map(|(id, subscriber)| {
            let stats = world.broker.subscriber_stats(*id).ok()?;
            let reading = SubscriberReading {
                delivered: stats.ledger.delivered,
                lost: stats.ledger.dropped() + stats.ledger.evicted,
                buffered: stats.len,
                capacity: stats.capacity.get(),
            };
            Some((*id, &subscriber.actor.name, reading))
        });
        self.history.record(topics, subscribers);
    }

    fn spawn_publisher(&mut self, id: PublisherId) -> Result<(), SimError> {
        let task = run_publisher(Rc::clone(&self.world), Rc::clone(&self.clock), id);
        let handle = spawn(&self.spawner, task).map_err(|_| SimError::Spawn)?;
        // Replacing the old handle drops it, which cancels the old task.
        self.tasks.insert(TaskKey::Publisher(id), handle);
        self.pool.run_until_stalled();
        Ok(())
    }

    fn record_setup(&mut self, change: String) {
        let now = self.now();
        self.world.borrow_mut().record(
            now,
            EventKind::Setup {
                change: change.into(),
            },
        );
    }
}

/// Subscribers are named A to Z, then A2 to Z2, and so on, to read well in a log.
fn subscriber_name(index: u64) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    match index / 26 {
        0 => letter.to_string(),
        round => format!("{letter}{}", round + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::Capacity;
    use crate::sim::spec::{Jitter, PayloadPattern};

    fn running(seed: u64) -> (Simulation, PublisherId, SubscriberId) {
        let mut sim = Simulation::new(seed);
        let Ok(topic) = sim.add_topic("orders") else {
            panic!("the topic is refused");
        };
        let (Ok(rate), Ok(pattern), Ok(processing)) = (
            Rate::per_second(100.0),
            PayloadPattern::new("order #{n}"),
            ProcessingTime::from_millis(5.0),
        ) else {
            panic!("a setting is refused");
        };
        let publisher = sim.add_publisher(PublisherSpec {
            topic: topic.clone(),
            rate,
            pattern,
        });
        let subscriber = sim.add_subscriber(SubscriberSpec {
            topic,
            capacity: Capacity::new(4).unwrap_or(Capacity::UNBUFFERED),
            policy: OverflowPolicy::DropNewest,
            processing,
            jitter: Jitter::NONE,
        });
        let (Ok(publisher), Ok(subscriber)) = (publisher, subscriber) else {
            panic!("an actor is refused");
        };
        sim.advance(SimDuration::from_millis(1_000));
        (sim, publisher, subscriber)
    }

    /// Each task holds the world; removal must end the task at the executor's next run, not
    /// leave it parked.
    #[test]
    fn removing_an_actor_ends_its_task() {
        let (mut sim, publisher, subscriber) = running(3);
        assert_eq!(Rc::strong_count(&sim.world), 3);

        // Removing a subscriber runs the executor, to release a publisher it blocked.
        sim.remove_subscriber(subscriber).unwrap();
        assert_eq!(Rc::strong_count(&sim.world), 2);
        sim.remove_publisher(publisher).unwrap();
        sim.advance(SimDuration::ZERO);
        assert_eq!(Rc::strong_count(&sim.world), 1);
        // No timer of a removed task is left to stop the clock.
        assert_eq!(sim.next_event_time(), None);
    }

    /// A new rate starts a new task; the old one ends and leaves no timer behind.
    #[test]
    fn a_new_rate_replaces_the_publisher_task() {
        let (mut sim, publisher, _) = running(4);
        sim.set_rate(publisher, Rate::per_second(2.0).unwrap())
            .unwrap();
        assert_eq!(Rc::strong_count(&sim.world), 3);
        let published = |sim: &Simulation| sim.snapshot(&[], 0).publishers[0].published;
        let before = published(&sim);
        sim.advance(SimDuration::from_millis(1_000));
        assert_eq!(published(&sim), before + 2);
    }

    /// The tasks, the clock's wakers and the queues' wakers refer to one another; dropping
    /// the simulation must still free the world.
    #[test]
    fn dropping_the_simulation_frees_the_world() {
        let (sim, _, _) = running(5);
        let world = Rc::downgrade(&sim.world);
        let clock = Rc::downgrade(&sim.clock);
        drop(sim);
        assert!(world.upgrade().is_none());
        assert!(clock.upgrade().is_none());
    }
}
