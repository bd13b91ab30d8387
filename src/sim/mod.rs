//! The simulation: publishers and subscribers as async tasks on a virtual clock.
//!
//! A [`Simulation`] owns a [`Broker`](crate::broker::Broker), a virtual clock, a seeded random
//! number generator and futures' single-threaded executor. Each publisher and each subscriber
//! is a task, the way each would be a goroutine in Go:
//!
//! - A publisher sleeps until its next message is due, then publishes with the broker's
//!   non-blocking fan-out. Sending on a closed topic is Go's `panic: send on closed channel`:
//!   the publisher stops and the event is logged; everything else runs on.
//! - A subscriber receives from its subscription, then works on the message for its processing
//!   time, optionally varied by a seeded jitter, before it receives again. A slow subscriber
//!   therefore fills its buffer and starts dropping.
//!
//! # Time
//!
//! Nothing reads a real clock. [`Simulation::advance`] moves the virtual clock forward timer
//! by timer and runs whatever each timer wakes before moving on. The browser advances it each
//! animation frame by the elapsed time multiplied by the speed; tests advance it by hand.
//!
//! # Determinism
//!
//! The executor polls tasks in the order they were woken, timers with equal deadlines fire in
//! the order they were set, and all randomness comes from the seed. So the same changes at the
//! same simulated instants with the same seed give the same [`Event`]s, natively and in the
//! browser.
//!
//! # Rendering
//!
//! [`Simulation::snapshot`] copies what the playground draws: counters, settings, a few
//! recent marks per actor for the animation, and the newest events. The UI takes one per
//! animation frame, never one per message.
//!
//! # Charts
//!
//! As [`Simulation::run_until`] moves the clock, it samples every topic's and subscriber's
//! counters each 0.1 s of simulated time into a bounded [`History`], from which
//! [`History::charts`] computes the live charts' rates and levels.

mod announce;
mod clock;
mod event;
mod lineage;
mod marks;
mod series;
mod simulation;
mod snapshot;
mod spec;
mod tasks;
mod world;

pub use self::announce::{summarise, Announcer, Tally, RELEASE_AFTER};
pub use self::clock::{SimDuration, SimTime};
pub use self::event::{Actor, Event, EventCategory, EventKind, EventLog};
pub use self::lineage::{
    CopyFate, Ending, Fate, Lineage, LineageError, NotOffered, LINEAGE_WINDOW,
};
pub use self::marks::{mark_stretch, travel_scale, STRETCHES_PER_TRAVEL};
pub use self::series::{
    Chart, ChartLine, ChartValue, Charts, History, MAX_CHART_LINES, RATE_SPAN, SAMPLE_INTERVAL,
    WINDOW,
};
pub use self::simulation::{SimError, Simulation, DEFAULT_LOG_CAPACITY};
pub use self::snapshot::{PublisherView, Snapshot, SubscriberView, TopicView};
pub use self::spec::{
    InputError, Jitter, PayloadPattern, ProcessingTime, PublisherSpec, Rate, SubscriberSpec,
    MAX_PATTERN_CHARS, MAX_PROCESSING_SECS, MAX_RATE, MIN_RATE, SEQUENCE_PLACEHOLDER,
};
pub use self::world::{PublisherId, PublisherStatus, SubscriberActivity};
