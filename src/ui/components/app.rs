//! The root component: owns the simulation handle and the controls, lays out the page.

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use crate::sim::{
    ProcessingTime, PublisherId, PublisherSpec, PublisherView, Rate, SimDuration, SubscriberSpec,
    SubscriberView,
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
use crate::ui::hooks::{use_frame_loop, use_simulation};
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
    let frame = sim.frame();
    let snapshot = &frame.snapshot;

    // The clock: one advance and one snapshot per animation frame while running. The
    // callback changes only with the speed, which restarts the loop.
    let on_frame = use_callback(
        (sim.clone(), controls.speed),
        |step_millis: f64, (sim, speed)| {
            let simulated = step_millis / 1_000.0 * speed.get();
            sim.advance_within(SimDuration::from_secs_f64(simulated), FRAME_BUDGET_MILLIS);
        },
    );
    use_frame_loop(controls.run.is_running(), on_frame);

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
    let on_rename_topic = use_callback(sim.clone(), |(from, to): (TopicName, String), sim| {
        sim.change(|sim| sim.rename_topic(&from, &to).map(drop))
    });
    let on_close_topic = use_callback(sim.clone(), |topic: TopicName, sim| -> Outcome {
        sim.change(|sim| sim.close_topic(&topic))
    });
    let on_remove_topic = use_callback(sim.clone(), |topic: TopicName, sim| -> Outcome {
        sim.change(|sim| sim.remove_topic(&topic))
    });
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
    let generation = frame.generation;

    html! {
        <main class="playground" data-testid="playground">
            <Header />
            <ControlsBar
                run={controls.run}
                speed={controls.speed}
                now={snapshot.now}
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
                        for snapshot.topics.iter().map(|topic| {
                            let publishers: Vec<PublisherView> =
                                snapshot.publishers_on(&topic.name).cloned().collect();
                            let subscribers: Vec<SubscriberView> =
                                snapshot.subscribers_of(&topic.name).cloned().collect();
                            html! {
                                <TopicSection
                                    key={format!("{generation}/{}", topic.name)}
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
                    <AddTopic on_add={on_add_topic} />
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
