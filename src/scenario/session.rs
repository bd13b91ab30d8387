//! A scenario and the live simulation built from it, kept in step: the session applies the
//! timeline while time advances, records what the person changes, and goes back in time by
//! replaying.

use std::collections::BTreeMap;

use crate::sim::{
    EventCategory, PublisherId, SimDuration, SimError, SimTime, Simulation, Snapshot,
    DEFAULT_LOG_CAPACITY,
};

use super::action::{refusal, Action};
use super::document::{
    check_time, timeline_place, Measure, Question, Scenario, TimedAction, MAX_TIMELINE,
};
use super::error::ScenarioError;

/// A scenario running in a simulation.
///
/// # Recording
///
/// [`Session::apply`] changes the simulation now and writes the action into the scenario's
/// timeline at the current instant, so [`Session::scenario`] always replays to what the
/// person sees.
///
/// # Going back
///
/// A simulation cannot be copied, since its publishers and subscribers are suspended
/// futures, so [`Session::seek`] to an earlier instant rebuilds the simulation from the
/// scenario and replays it from time zero. That is deterministic, so the replay reaches the
/// same state and the same event log as the first run. Replaying a minute of the busiest
/// preset, fan-out, takes about 1.5 ms in a native release build, so going back costs in
/// proportion to how far from zero the target is, not to how far back it goes.
///
/// Keeping checkpoints would need a copy of the simulation, which its suspended tasks do
/// not allow; should replays of long sessions become slow, the fix is a `Clone` of the
/// simulation's world with tasks rebuilt from it, in `src/sim`.
///
/// ```
/// use mini_kafka_playground::scenario::preset_by_id;
/// use mini_kafka_playground::sim::SimTime;
///
/// let preset = preset_by_id("slow-consumer").unwrap();
/// let mut session = preset.session()?;
/// session.run_until(SimTime::from_secs_f64(10.0))?;
/// let ten_seconds = session.counts();
///
/// session.seek(SimTime::from_secs_f64(2.0))?;
/// session.seek(SimTime::from_secs_f64(10.0))?;
/// assert_eq!(session.counts(), ten_seconds);
/// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
/// ```
#[derive(Debug)]
pub struct Session {
    scenario: Scenario,
    schedule: Vec<Step>,
    /// The index in `schedule` of the first step not applied yet.
    next_step: usize,
    sim: Simulation,
    /// The ids of the listed publishers created so far, by their index in the list.
    started: BTreeMap<usize, PublisherId>,
}

/// Something the session does at an instant after the starting topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step {
    at: SimTime,
    kind: StepKind,
}

/// Steps at the same instant sort by kind, in this order: publishers start or stop before
/// the timeline runs, so that an action recorded at an instant comes after everything the
/// scenario itself does then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum StepKind {
    StartPublisher(usize),
    StopPublisher(usize),
    Timeline(usize),
}

impl StepKind {
    fn rank(self) -> u8 {
        match self {
            StepKind::StartPublisher(_) | StepKind::StopPublisher(_) => 0,
            StepKind::Timeline(_) => 1,
        }
    }
}

impl Session {
    /// Checks the scenario with [`Scenario::validate`] and builds its simulation at time zero.
    pub fn new(scenario: Scenario) -> Result<Session, ScenarioError> {
        scenario.validate()?;
        Session::build(scenario)
    }

    /// The simulated time.
    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    /// The live simulation, for snapshots and the event log.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The scenario with everything recorded so far, for sharing and exporting.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario's question, if it has one.
    pub fn question(&self) -> Option<&Question> {
        self.scenario.question.as_ref()
    }

    /// Every count the playground shows, at the current instant.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.sim.snapshot(&[], 0))
    }

    /// Everything the playground draws, with the `event_limit` newest events of all
    /// categories.
    pub fn snapshot(&self, event_limit: usize) -> Snapshot {
        self.sim.snapshot(&EventCategory::ALL, event_limit)
    }

    /// Applies `action` to the simulation now and records it in the timeline at the current
    /// instant, after the actions already there for this instant.
    ///
    /// Later timeline actions stay, unless `action` adds a publisher while a later step adds
    /// one too, or adds a subscriber while a later action does: the later actors would then
    /// take different names than the timeline expects, so the timeline after now is
    /// dropped, as recording over a tape drops what followed. Publishers listed with a
    /// `start_s` or `stop_s` stay either way; they are known by their place in the list.
    ///
    /// A refused action changes nothing, neither the simulation nor the scenario. When the
    /// action itself is refused, the error names no place: the action has none in the
    /// document yet. When it would break a later step, the error names that step.
    pub fn apply(&mut self, action: Action) -> Result<(), ScenarioError> {
        let split = self.timeline_index_at(self.now());
        let own_entry = format!("timeline[{split}]");
        self.apply_placed(action, split).map_err(|error| {
            let own = error
                .place()
                .is_some_and(|place| place.starts_with(&own_entry));
            if own {
                error.without_place()
            } else {
                error
            }
        })
    }

    /// Where an action recorded at `now` goes in the timeline: after those already there for
    /// this instant.
    fn timeline_index_at(&self, now: SimTime) -> usize {
        self.scenario
            .timeline
            .iter()
            .position(|entry| SimTime::from_secs_f64(entry.at_s) > now)
            .unwrap_or(self.scenario.timeline.len())
    }

    /// [`apply`](Self::apply) as timeline entry `split`, with errors placed in the document
    /// as it would become.
    fn apply_placed(&mut self, action: Action, split: usize) -> Result<(), ScenarioError> {
        let now = self.now();
        let at_s = now.as_secs_f64();

        // Build the scenario as it will be and check it whole, so that an action which the
        // simulation would accept now but which breaks a later step is refused up front.
        let mut recorded = self.scenario.clone();
        if self.renames_later_actors(&action, now, split) {
            recorded.timeline.truncate(split);
        }
        if recorded.timeline.len() >= MAX_TIMELINE {
            return Err(ScenarioError::TooMany {
                what: "timeline actions",
                count: recorded.timeline.len() + 1,
                max: MAX_TIMELINE,
            });
        }
        let place = timeline_place(split, at_s);
        recorded
            .timeline
            .insert(split, TimedAction { at_s, action });
        recorded.validate()?;

        if let Some(entry) = recorded.timeline.get(split) {
            entry.action.apply_to(&mut self.sim, &place)?;
        }
        self.scenario = recorded;
        self.schedule = schedule(&self.scenario);
        self.next_step = self
            .schedule
            .iter()
            .position(|step| step.at > now)
            .unwrap_or(self.schedule.len());
        Ok(())
    }

    /// Runs the simulation to `target`, applying each timeline step at its instant. An
    /// earlier target does nothing; see [`Session::seek`] to go back.
    ///
    /// A step that fails stops the run at its instant with the error; the step is skipped,
    /// and the next call goes on from there. A validated scenario has no such step, since
    /// which actors exist does not depend on time.
    pub fn run_until(&mut self, target: SimTime) -> Result<(), ScenarioError> {
        while let Some(step) = self.schedule.get(self.next_step).copied() {
            if step.at > target {
                break;
            }
            self.sim.run_until(step.at);
            self.next_step += 1;
            execute(&mut self.sim, &self.scenario, step.kind, &mut self.started)?;
        }
        self.sim.run_until(target);
        Ok(())
    }

    /// Runs the simulation on by `span`.
    pub fn advance(&mut self, span: SimDuration) -> Result<(), ScenarioError> {
        self.run_until(self.now() + span)
    }

    /// Moves to `target`: forward by running, backward by rebuilding the simulation and
    /// replaying the scenario from time zero. Either way the state and the event log equal
    /// those of a single run straight to `target`.
    pub fn seek(&mut self, target: SimTime) -> Result<(), ScenarioError> {
        if target < self.now() {
            *self = Session::build(self.scenario.clone())?;
        }
        self.run_until(target)
    }

    /// The next instant at which anything can happen: a timer of the simulation (a
    /// publisher due, a subscriber done with its work) or a timeline step. `None` when
    /// nothing is left to happen, such as in an empty scenario.
    pub fn next_event_time(&self) -> Option<SimTime> {
        let timeline = self.schedule.get(self.next_step).map(|step| step.at);
        match (self.sim.next_event_time(), timeline) {
            (Some(timer), Some(step)) => Some(timer.min(step)),
            (timer, step) => timer.or(step),
        }
    }

    /// Runs to [`Session::next_event_time`] and returns it, or does nothing and returns
    /// `None` when nothing is left to happen.
    pub fn step_to_next_event(&mut self) -> Result<Option<SimTime>, ScenarioError> {
        let Some(next) = self.next_event_time() else {
            return Ok(None);
        };
        self.run_until(next)?;
        Ok(Some(next))
    }

    /// The simulation at time zero with the starting topology; the scenario is trusted.
    fn build(scenario: Scenario) -> Result<Session, ScenarioError> {
        let mut sim = Simulation::with_log_capacity(scenario.seed, DEFAULT_LOG_CAPACITY);
        let mut started = BTreeMap::new();
        set_up(&mut sim, &scenario, &mut started)?;
        let mut session = Session {
            schedule: schedule(&scenario),
            scenario,
            next_step: 0,
            sim,
            started,
        };
        // Steps at time zero belong to the start: every step up to `now` has run, always, so
        // that an action recorded now lands after them in the replay too.
        session.run_until(SimTime::ZERO)?;
        Ok(session)
    }

    /// Whether adding `action` at `now` would shift the names of actors that steps after
    /// `now` create.
    fn renames_later_actors(&self, action: &Action, now: SimTime, split: usize) -> bool {
        let later_actions = || {
            self.scenario
                .timeline
                .iter()
                .skip(split)
                .map(|entry| &entry.action)
        };
        if action.adds_subscriber() {
            return later_actions().any(Action::adds_subscriber);
        }
        if action.adds_publisher() {
            let later_start = self
                .schedule
                .iter()
                .any(|step| step.at > now && matches!(step.kind, StepKind::StartPublisher(_)));
            return later_start || later_actions().any(Action::adds_publisher);
        }
        false
    }
}

/// Replays the scenario's topology on a scratch simulation at time zero, without running
/// it: every step in order, and the question's subscriber at the question's instant.
pub(crate) fn dry_run(scenario: &Scenario) -> Result<(), ScenarioError> {
    // No log: nothing reads it, and every action would otherwise format a line.
    let mut sim = Simulation::with_log_capacity(scenario.seed, 0);
    let mut started = BTreeMap::new();
    set_up(&mut sim, scenario, &mut started)?;

    let question = scenario
        .question
        .as_ref()
        .map(|question| {
            Ok::<_, ScenarioError>((question, check_time("question.at_s", question.at_s)?))
        })
        .transpose()?;
    let mut asked = false;
    for step in schedule(scenario) {
        if let Some((question, at)) = question {
            if !asked && step.at > at {
                check_question(&sim, question)?;
                asked = true;
            }
        }
        execute(&mut sim, scenario, step.kind, &mut started)?;
    }
    if let (Some((question, _)), false) = (question, asked) {
        check_question(&sim, question)?;
    }
    Ok(())
}

fn check_question(sim: &Simulation, question: &Question) -> Result<(), ScenarioError> {
    match sim.subscriber_named(&question.subscriber) {
        Some(_) => Ok(()),
        None => Err(ScenarioError::QuestionUnanswerable {
            subscriber: question.subscriber.clone(),
        }),
    }
}

/// Creates the starting topology: topics, publishers without a start time, subscribers.
fn set_up(
    sim: &mut Simulation,
    scenario: &Scenario,
    started: &mut BTreeMap<usize, PublisherId>,
) -> Result<(), ScenarioError> {
    for (index, topic) in scenario.topics.iter().enumerate() {
        sim.add_topic(&topic.name)
            .map_err(|error| refusal(&format!("topics[{index}]"), error))?;
    }
    for (index, publisher) in scenario.publishers.iter().enumerate() {
        if publisher.start_s.is_none() {
            start_publisher(sim, scenario, index, started)?;
        }
    }
    for (index, subscriber) in scenario.subscribers.iter().enumerate() {
        let place = format!("subscribers[{index}]");
        let spec = subscriber.spec(&place)?;
        sim.add_subscriber(spec)
            .map_err(|error| refusal(&place, error))?;
    }
    Ok(())
}

/// Every step after the starting topology, in the order it happens.
fn schedule(scenario: &Scenario) -> Vec<Step> {
    let mut steps = Vec::new();
    for (index, publisher) in scenario.publishers.iter().enumerate() {
        if let Some(start) = publisher.start_s {
            steps.push(Step {
                at: SimTime::from_secs_f64(start),
                kind: StepKind::StartPublisher(index),
            });
        }
        if let Some(stop) = publisher.stop_s {
            steps.push(Step {
                at: SimTime::from_secs_f64(stop),
                kind: StepKind::StopPublisher(index),
            });
        }
    }
    for (index, entry) in scenario.timeline.iter().enumerate() {
        steps.push(Step {
            at: SimTime::from_secs_f64(entry.at_s),
            kind: StepKind::Timeline(index),
        });
    }
    // Stable, so equal keys keep the order they were listed in.
    steps.sort_by_key(|step| (step.at, step.kind.rank()));
    steps
}

fn execute(
    sim: &mut Simulation,
    scenario: &Scenario,
    step: StepKind,
    started: &mut BTreeMap<usize, PublisherId>,
) -> Result<(), ScenarioError> {
    match step {
        StepKind::StartPublisher(index) => start_publisher(sim, scenario, index, started),
        StepKind::StopPublisher(index) => {
            let place = format!("publishers[{index}].stop_s");
            let id = started
                .get(&index)
                .copied()
                .ok_or_else(|| ScenarioError::Time {
                    place: place.clone(),
                    problem: "the publisher stops before it starts".to_owned(),
                })?;
            // Removing its topic removes a publisher too; then there is nothing to stop.
            sim.remove_publisher(id).map_err(|error| match error {
                SimError::UnknownPublisher(_) => ScenarioError::Time {
                    place,
                    problem: "the publisher was removed before it stops".to_owned(),
                },
                other => refusal(&place, other),
            })
        }
        StepKind::Timeline(index) => match scenario.timeline.get(index) {
            Some(entry) => entry
                .action
                .apply_to(sim, &timeline_place(index, entry.at_s)),
            None => Ok(()),
        },
    }
}

fn start_publisher(
    sim: &mut Simulation,
    scenario: &Scenario,
    index: usize,
    started: &mut BTreeMap<usize, PublisherId>,
) -> Result<(), ScenarioError> {
    let Some(publisher) = scenario.publishers.get(index) else {
        return Ok(());
    };
    let place = format!("publishers[{index}]");
    let spec = publisher.spec(&place)?;
    let id = sim
        .add_publisher(spec)
        .map_err(|error| refusal(&place, error))?;
    started.insert(index, id);
    Ok(())
}

/// Every count the playground shows, by display name: what an exported test asserts and
/// what a question reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    /// When they were taken.
    pub at: SimTime,
    /// Every topic, by name.
    pub topics: Vec<TopicCount>,
    /// Every publisher, oldest first.
    pub publishers: Vec<PublisherCount>,
    /// Every current subscriber, oldest first.
    pub subscribers: Vec<SubscriberCount>,
}

/// A topic's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicCount {
    /// Its name.
    pub name: String,
    /// Messages published on it.
    pub published: u64,
}

/// A publisher's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublisherCount {
    /// Its name, such as `P1`.
    pub name: String,
    /// Messages it published.
    pub published: u64,
}

/// A subscriber's counts, from its ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriberCount {
    /// Its name, such as `A`.
    pub name: String,
    /// Messages published on its topic while it was subscribed.
    pub offered: u64,
    /// Messages it received.
    pub delivered: u64,
    /// Messages dropped for it, for any reason.
    pub dropped: u64,
    /// Messages evicted from its buffer.
    pub evicted: u64,
    /// Messages waiting in its buffer.
    pub queued: u64,
    /// Messages discarded when it was cut off.
    pub discarded: u64,
}

impl SubscriberCount {
    /// The value of one measure.
    pub fn measure(&self, measure: Measure) -> u64 {
        match measure {
            Measure::Offered => self.offered,
            Measure::Delivered => self.delivered,
            Measure::Dropped => self.dropped,
            Measure::Evicted => self.evicted,
            Measure::Queued => self.queued,
            Measure::Discarded => self.discarded,
            Measure::Lost => self.dropped + self.evicted + self.discarded,
        }
    }
}

impl Counts {
    /// The counts in a snapshot.
    pub fn of(snapshot: &Snapshot) -> Counts {
        Counts {
            at: snapshot.now,
            topics: snapshot
                .topics
                .iter()
                .map(|topic| TopicCount {
                    name: topic.name.as_str().to_owned(),
                    published: topic.published,
                })
                .collect(),
            publishers: snapshot
                .publishers
                .iter()
                .map(|publisher| PublisherCount {
                    name: publisher.name.to_string(),
                    published: publisher.published,
                })
                .collect(),
            subscribers: snapshot
                .subscribers
                .iter()
                .map(|subscriber| SubscriberCount {
                    name: subscriber.name.to_string(),
                    offered: subscriber.ledger.offered,
                    delivered: subscriber.ledger.delivered,
                    dropped: subscriber.ledger.dropped(),
                    evicted: subscriber.ledger.evicted,
                    queued: subscriber.ledger.queued,
                    discarded: subscriber.ledger.discarded,
                })
                .collect(),
        }
    }

    /// The topic named `name`.
    pub fn topic(&self, name: &str) -> Option<&TopicCount> {
        self.topics.iter().find(|topic| topic.name == name)
    }

    /// The publisher named `name`.
    pub fn publisher(&self, name: &str) -> Option<&PublisherCount> {
        self.publishers
            .iter()
            .find(|publisher| publisher.name == name)
    }

    /// The subscriber named `name`.
    pub fn subscriber(&self, name: &str) -> Option<&SubscriberCount> {
        self.subscribers
            .iter()
            .find(|subscriber| subscriber.name == name)
    }
}

impl Question {
    /// The answer: the measure of the subscriber at the question's instant, in the
    /// session's scenario with everything recorded so far.
    ///
    /// When the session stands at that instant the answer is read from it; otherwise the
    /// scenario is replayed to that instant on the side, and the session is left as it is.
    /// It fails when the subscriber does not exist then, which [`Scenario::validate`] rules
    /// out for the scenario as written, but a recorded removal can bring about.
    ///
    /// ```
    /// use mini_kafka_playground::scenario::preset_by_id;
    ///
    /// let session = preset_by_id("slow-consumer").unwrap().session()?;
    /// let question = session.question().unwrap();
    /// let answer = question.answer(&session)?;
    /// assert!(answer > 0, "{}: {answer}", question.text);
    /// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
    /// ```
    pub fn answer(&self, session: &Session) -> Result<u64, ScenarioError> {
        let at = check_time("question.at_s", self.at_s)?;
        let counts = if session.now() == at {
            session.counts()
        } else {
            let mut replay = Session::build(session.scenario().clone())?;
            replay.run_until(at)?;
            replay.counts()
        };
        counts
            .subscriber(&self.subscriber)
            .map(|subscriber| subscriber.measure(self.measure))
            .ok_or_else(|| ScenarioError::QuestionUnanswerable {
                subscriber: self.subscriber.clone(),
            })
    }
}
