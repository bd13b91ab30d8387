//! The two starting points of the playground: the demo a first-time visitor watches, and an
//! empty topic to build on (which the browser and end-to-end tests use).

use crate::broker::{Capacity, OverflowPolicy};
use crate::sim::{
    InputError, Jitter, PayloadPattern, ProcessingTime, PublisherSpec, Rate, SimError, Simulation,
    SubscriberSpec,
};

/// The seed every run starts from, so that a run can be told and repeated exactly.
pub const DEFAULT_SEED: u64 = 1;

/// The topic both starting points have.
pub const STARTING_TOPIC: &str = "orders";

/// Where a new simulation starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// Topic `orders`, publisher P1 at 5 msg/s, two quick subscribers A and B and a slow one,
    /// C, whose small buffer overflows: fan-out and drops from the first second. Runs at once.
    #[default]
    Demo,
    /// Only topic `orders`, paused at time zero.
    Empty,
}

impl Start {
    /// Reads the page's query string: `?start=empty` means [`Start::Empty`], anything else
    /// the demo.
    pub fn from_query(search: &str) -> Start {
        let empty = search
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "start=empty");
        if empty {
            Start::Empty
        } else {
            Start::Demo
        }
    }

    /// Whether the clock runs as soon as this start is shown.
    pub fn runs_at_once(self) -> bool {
        self == Start::Demo
    }

    /// A new simulation at time zero, set up for this start.
    pub fn build(self, seed: u64) -> Result<Simulation, SimError> {
        let mut sim = Simulation::new(seed);
        let topic = sim.add_topic(STARTING_TOPIC)?;
        if self == Start::Empty {
            return Ok(sim);
        }

        sim.add_publisher(PublisherSpec {
            topic: topic.clone(),
            rate: Rate::per_second(5.0)?,
            pattern: PayloadPattern::new("order #{n}")?,
        })?;
        // A and B keep up easily; C takes 600 ms per message against 200 ms between messages,
        // so its two slots fill within a second and it starts to drop. All three keep the
        // seed's drop-newest policy, so the demo shows the seed design before any change.
        for (slots, millis) in [(4, 20.0), (4, 20.0), (2, 600.0)] {
            sim.add_subscriber(SubscriberSpec {
                topic: topic.clone(),
                capacity: Capacity::new(slots).ok_or_else(InputError::capacity_out_of_range)?,
                processing: ProcessingTime::from_millis(millis)?,
                jitter: Jitter::NONE,
                policy: OverflowPolicy::DropNewest,
            })?;
        }
        Ok(sim)
    }
}
