//! The root component: owns the simulation handle and the controls, lays out the page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use crate::sim::{
    ProcessingTime, PublisherId, PublisherSpec, PublisherView, Rate, SimDuration, SubscriberSpec,
    SubscriberView, TopicView,
};
use crate::ui::components::add_publisher::AddPublisher;
use crate::ui::components::add_subscriber::AddSubscriber;
use crate::ui::components::add_topic::AddTopic;
use crate::ui::components::controls::ControlsBar;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::guide::Guide;
use crate::ui::components::header::Header;
use crate::ui::components::topic_section::TopicSection;
use crate::ui::components::Outcome;
use crate::ui::hooks::{
    use_focus_after_render, use_frame_loop, use_node_refs, use_pace, use_simulation,
};
use crate::ui::scenario::Start;
use crate::ui::state::{ControlAction, Controls, EventFilter, Speed};

/// The most wall time one animation frame spends simulating, in milliseconds: most of a
/// 60 Hz frame, leaving the rest for rendering.
const FRAME_BUDGET_MILLIS: f64 = 12.0;

/// How far one press of Step moves the clock.
pub const STEP: SimDuration = SimDuration::from_millis(100);

/// Props of [`App`].
#[derive(Debug, Properties, PartialEq)]
pub struct AppProps {
    /// Where the simulation starts, and where it starts again after a reset.
    #[prop_or_default]
    pub start: Start,
}

/// The whole playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let sim = use_simulation(props.start);
    let controls = use_reducer_eq({
        let start = props.start;
        move || Controls::at_start(start.runs_at_once())
    });
    let pace = use_pace();
    let topic_keys = SharedTopicKeys(use_mut_ref(TopicKeys::default));
    let handoff = use_focus_after_render();
    let topic_headings = use_node_refs::<u64>();
    let add_topic_field = use_node_ref();
    let frame = sim.frame();
    let snapshot = &frame.snapshot;
    let generation = frame.generation;
    let section_keys: Vec<u64> = match topic_keys.0.try_borrow_mut() {
        Ok(mut keys) => keys.assign(generation, &snapshot.topics),
        Err(_) => (0..snapshot.topics.len() as u64).collect(),
    };
    topic_headings.retain(&section_keys);

    // The clock: one advance and one snapshot per animation frame while running. The
    // callback changes only with the speed, which restarts the loop. The pace meter gets
    // the frame's wall time and what the budget let the clock achieve; it speaks up once
    // a second at most.
    let on_frame = use_callback(
        (sim.clone(), controls.speed, pace.clone()),
        |step_millis: f64, (sim, speed, pace)| {
            let asked = SimDuration::from_secs_f64(step_millis / 1_000.0 * speed.get());
            let achieved = sim.advance_within(asked, FRAME_BUDGET_MILLIS);
            pace.record(step_millis, achieved, *speed);
        },
    );
    use_frame_loop(controls.run.is_running(), on_frame);
    // A new speed, a pause or a start begins a new measurement: a shortfall at 100× says
    // nothing about 1×, and a paused clock is not behind.
    use_effect_with(
        (controls.run, controls.speed, pace.clone()),
        |(_, _, pace)| pace.reset(),
    );

    let on_toggle = {
        let controls = controls.dispatcher();
        Callback::from(move |()| controls.dispatch(ControlAction::Toggle))
    };
    let on_step = {
        let controls = controls.dispatcher();
        let sim = sim.clone();
        Callback::from(move |()| {
            sim.advance(STEP);
            controls.dispatch(ControlAction::Stepped);
        })
    };
    let on_set_speed = {
        let controls = controls.dispatcher();
        Callback::from(move |speed: Speed| controls.dispatch(ControlAction::SetSpeed(speed)))
    };
    let on_reset = {
        let controls = controls.dispatcher();
        let sim = sim.clone();
        Callback::from(move |start: Start| {
            sim.reset(start);
            controls.dispatch(ControlAction::Restarted {
                running: start.runs_at_once(),
            });
        })
    };
    let on_filter = use_callback(sim.clone(), |filter: EventFilter, sim| {
        sim.set_filter(filter)
    });

    // Changes to the topology. Each is built once per simulation handle, so the cards that
    // receive them re-render only when their own view changes.
    let on_add_topic = use_callback(sim.clone(), |name: String, sim| -> Outcome {
        sim.change(|sim| sim.add_topic(&name).map(drop))
    });
    let on_rename_topic = use_callback(
        (sim.clone(), topic_keys.clone()),
        |(from, to): (TopicName, String), (sim, topic_keys)| {
            let renamed = sim.change(|sim| sim.rename_topic(&from, &to))?;
            if let Ok(mut keys) = topic_keys.0.try_borrow_mut() {
                keys.rename(&from, &renamed);
            }
            Ok(())
        },
    );
    let on_close_topic = use_callback(sim.clone(), |topic: TopicName, sim| -> Outcome {
        sim.change(|sim| sim.close_topic(&topic))
    });
    // A removed topic takes its section, and the focus on its Remove button, with it. The
    // focus goes to the heading of the topic that takes its place, else of the one before
    // it, else to the field that adds a topic.
    let topic_order: Vec<(TopicName, u64)> = snapshot
        .topics
        .iter()
        .map(|topic| topic.name.clone())
        .zip(section_keys.iter().copied())
        .collect();
    let on_remove_topic = use_callback(
        (
            sim.clone(),
            topic_order,
            topic_headings.clone(),
            add_topic_field.clone(),
            handoff.clone(),
        ),
        |topic: TopicName, (sim, order, headings, add_topic_field, handoff)| -> Outcome {
            sim.change(|sim| sim.remove_topic(&topic))?;
            let index = order.iter().position(|(name, _)| *name == topic);
            let next = index.and_then(|index| order.get(index + 1));
            let previous = index
                .and_then(|index| index.checked_sub(1))
                .and_then(|index| order.get(index));
            let candidates = next
                .into_iter()
                .chain(previous)
                .map(|(_, key)| headings.get(key))
                .chain([add_topic_field.clone()]);
            handoff.request(candidates);
            Ok(())
        },
    );
    let on_add_publisher = use_callback(sim.clone(), |spec: PublisherSpec, sim| -> Outcome {
        sim.change(|sim| sim.add_publisher(spec).map(drop))
    });
    let on_set_rate = use_callback(sim.clone(), |(id, rate): (PublisherId, Rate), sim| {
        sim.change(|sim| sim.set_rate(id, rate))
    });
    let on_remove_publisher = use_callback(sim.clone(), |id: PublisherId, sim| -> Outcome {
        sim.change(|sim| sim.remove_publisher(id))
    });
    let on_add_subscriber = use_callback(sim.clone(), |spec: SubscriberSpec, sim| -> Outcome {
        sim.change(|sim| sim.add_subscriber(spec).map(drop))
    });
    let on_update_subscriber = use_callback(
        sim.clone(),
        |(id, capacity, processing): (SubscriberId, Capacity, ProcessingTime), sim| {
            sim.change(|sim| sim.update_subscriber(id, capacity, processing))
        },
    );
    let on_set_policy = use_callback(
        sim.clone(),
        |(id, policy): (SubscriberId, OverflowPolicy), sim| {
            sim.change(|sim| sim.set_policy(id, policy))
        },
    );
    let on_remove_subscriber = use_callback(sim.clone(), |id: SubscriberId, sim| -> Outcome {
        sim.change(|sim| sim.remove_subscriber(id))
    });

    let topic_choices: Vec<(TopicName, bool)> = snapshot
        .topics
        .iter()
        .map(|topic| (topic.name.clone(), topic.closed))
        .collect();

    html! {
        <main class="playground" data-testid="playground">
            <Header />
            <ControlsBar
                run={controls.run}
                speed={controls.speed}
                now={snapshot.now}
                behind={pace.behind()}
                seed={crate::ui::scenario::DEFAULT_SEED}
                {on_toggle}
                {on_step}
                {on_set_speed}
                {on_reset}
            />
            if let Some(failure) = frame.failure.clone() {
                <p class="inline-error" role="alert">
                    { format!("the starting setup could not be built: {failure}") }
                </p>
            }
            <div class="workspace">
                <section class="topics" aria-label="Topics">
                    if snapshot.topics.is_empty() {
                        <p class="empty-state">
                            { "No topics yet. Add one with the form, then a publisher and a subscriber." }
                        </p>
                    }
                    {
                        for snapshot.topics.iter().zip(section_keys).map(|(topic, key)| {
                            let publishers: Vec<PublisherView> =
                                snapshot.publishers_on(&topic.name).cloned().collect();
                            let subscribers: Vec<SubscriberView> =
                                snapshot.subscribers_of(&topic.name).cloned().collect();
                            html! {
                                <TopicSection
                                    key={format!("{generation}/{key}")}
                                    heading={topic_headings.get(&key)}
                                    topic={topic.clone()}
                                    {publishers}
                                    {subscribers}
                                    now={snapshot.now}
                                    speed={controls.speed}
                                    {generation}
                                    on_rename={on_rename_topic.clone()}
                                    on_close={on_close_topic.clone()}
                                    on_remove={on_remove_topic.clone()}
                                    on_set_rate={on_set_rate.clone()}
                                    on_remove_publisher={on_remove_publisher.clone()}
                                    on_update_subscriber={on_update_subscriber.clone()}
                                    on_set_policy={on_set_policy.clone()}
                                    on_remove_subscriber={on_remove_subscriber.clone()}
                                />
                            }
                        })
                    }
                </section>
                <aside class="forms" aria-label="Add to the simulation">
                    <AddTopic field={add_topic_field} on_add={on_add_topic} />
                    <AddPublisher topics={topic_choices.clone()} on_add={on_add_publisher} />
                    <AddSubscriber topics={topic_choices} on_add={on_add_subscriber} />
                    <Guide />
                </aside>
            </div>
            <EventLog
                events={snapshot.events.clone()}
                total={snapshot.events_total}
                filter={frame.filter}
                {on_filter}
            />
        </main>
    }
}

/// The [`TopicKeys`] of one app. Two handles are equal when they share the keys, so the
/// callbacks built on one are not rebuilt as the keys change.
#[derive(Clone, Debug)]
struct SharedTopicKeys(Rc<RefCell<TopicKeys>>);

impl PartialEq for SharedTopicKeys {
    fn eq(&self, other: &SharedTopicKeys) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Keys for the topic sections that survive a rename: each topic gets a number when it first
/// appears and keeps it under its new name, so that renaming keeps its section (and whatever
/// it holds: the focus, an error, a half-typed field) instead of building a new one.
#[derive(Debug, Default)]
struct TopicKeys {
    generation: u64,
    next: u64,
    by_name: HashMap<TopicName, u64>,
}

impl TopicKeys {
    /// The key of each of `topics`, in order. Names not seen before get new keys; names no
    /// longer there are forgotten. A new simulation starts the numbering over.
    fn assign(&mut self, generation: u64, topics: &[TopicView]) -> Vec<u64> {
        if generation != self.generation {
            *self = TopicKeys {
                generation,
                ..TopicKeys::default()
            };
        }
        self.by_name
            .retain(|name, _| topics.iter().any(|topic| &topic.name == name));
        topics
            .iter()
            .map(|topic| {
                *self.by_name.entry(topic.name.clone()).or_insert_with(|| {
                    self.next += 1;
                    self.next
                })
            })
            .collect()
    }

    /// `from` is called `to` now.
    fn rename(&mut self, from: &TopicName, to: &TopicName) {
        if let Some(key) = self.by_name.remove(from) {
            self.by_name.insert(to.clone(), key);
        }
    }
}
