//! The root component: owns the session handle, wires the controls, the keyboard
//! shortcuts, the presets and the question to it, and lays out the page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::broker::{Capacity, OverflowPolicy, SubscriberId, TopicName};
use crate::codegen::Topology;
use crate::scenario::{Action, Preset, SubscriberEntry};
use crate::sim::{
    ProcessingTime, PublisherId, PublisherSpec, PublisherView, Rate, SimDuration, SimTime,
    SubscriberSpec, SubscriberView, Tally, TopicView,
};
use crate::ui::components::add_publisher::AddPublisher;
use crate::ui::components::add_subscriber::AddSubscriber;
use crate::ui::components::add_topic::AddTopic;
use crate::ui::components::announcer::Announcer;
use crate::ui::components::charts::live_charts::LiveCharts;
use crate::ui::components::code_pane::CodePane;
use crate::ui::components::compare_panel::{CompareChoice, ComparePanel};
use crate::ui::components::controls::ControlsBar;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::guide::Guide;
use crate::ui::components::header::Header;
use crate::ui::components::help_overlay::HelpOverlay;
use crate::ui::components::lineage_panel::LineagePanel;
use crate::ui::components::preset_picker::PresetPicker;
use crate::ui::components::question::QuestionCard;
use crate::ui::components::share_panel::SharePanel;
use crate::ui::components::topic_section::TopicSection;
use crate::ui::components::Outcome;
use crate::ui::embed::PageOptions;
use crate::ui::hooks::{
    use_focus_after_render, use_frame_loop, use_host_messages, use_node_refs, use_pace,
    use_shared_link, use_shortcuts, use_simulation, Shortcut, SimulationHandle, JUMP_FRAME_MILLIS,
};
use crate::ui::scenario::Start;
use crate::ui::state::{ControlAction, EventFilter, Speed, StepInterval};

/// The most wall time one animation frame spends simulating, in milliseconds: most of a
/// 60 Hz frame, leaving the rest for rendering.
const FRAME_BUDGET_MILLIS: f64 = 12.0;

/// The least wall time a frame spends simulating, however slow rendering gets, so that the
/// clock never stops while the page runs.
const MIN_FRAME_BUDGET_MILLIS: f64 = 2.0;

/// A frame that took longer than this, in milliseconds, missed 60 Hz: the next frames give
/// the simulation less time until frames fit again.
const LATE_FRAME_MILLIS: f64 = 1_000.0 / 57.0;

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
    // The address: a share link to open, the embed options, the host page's commands.
    let page = use_memo((), |()| PageOptions::from_location());
    let load_error = use_shared_link(&sim, &page);
    use_host_messages(&sim, page.origin.clone());
    let controls = sim.controls();
    let pace = use_pace();
    let topic_keys = SharedTopicKeys(use_mut_ref(TopicKeys::default));
    let handoff = use_focus_after_render();
    let topic_headings = use_node_refs::<u64>();
    let add_topic_field = use_node_ref();
    let goto_field = use_node_ref();
    let help_button = use_node_ref();
    let help_open = use_state_eq(|| false);
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
    let budget = FrameBudget(use_mut_ref(|| FRAME_BUDGET_MILLIS));
    let on_frame = use_callback(
        (sim.clone(), controls.speed, pace.clone(), budget),
        |step_millis: f64, (sim, speed, pace, budget)| {
            // A long jump of the clock goes on instead; the clock does not run meanwhile.
            if sim.is_jumping() {
                sim.continue_jump(JUMP_FRAME_MILLIS);
                return;
            }
            // The loop stops only at the render after a pause, and a frame may fire before
            // it: the live state, not this render's, decides whether the clock moves.
            if !sim.is_running() {
                return;
            }
            let asked = SimDuration::from_secs_f64(step_millis / 1_000.0 * speed.get());
            let achieved = sim.advance_within(asked, budget.next(step_millis));
            pace.record(step_millis, achieved, *speed);
        },
    );
    use_frame_loop(controls.run.is_running() || sim.jump().is_some(), on_frame);
    // A new speed, a pause or a start begins a new measurement: a shortfall at 100× says
    // nothing about 1×, and a paused clock is not behind.
    use_effect_with(
        (controls.run, controls.speed, pace.clone()),
        |(_, _, pace)| pace.reset(),
    );

    // Time control. Every move by hand pauses the clock first, so that what it shows stays
    // put until the person presses play again.
    let on_time = use_callback(
        (sim.clone(), controls.interval),
        |motion: TimeMotion, (sim, interval)| {
            sim.dispatch(ControlAction::Stepped);
            match motion {
                TimeMotion::Forward => {
                    if let Some(now) = sim.with_session(|session| session.now()) {
                        sim.go_to(now + interval.get());
                    }
                }
                TimeMotion::Back => sim.step_back(interval.get()),
                TimeMotion::NextEvent => {
                    sim.step_to_next_event();
                }
                TimeMotion::To(target) => sim.go_to(target),
            }
        },
    );
    let on_toggle = use_callback(sim.clone(), |(), sim| sim.dispatch(ControlAction::Toggle));
    let on_stop_jump = use_callback(sim.clone(), |(), sim| sim.stop_jump());
    let on_step = use_callback(sim.clone(), |(), sim| {
        sim.advance(STEP);
        sim.dispatch(ControlAction::Stepped);
    });
    let on_set_speed = use_callback(sim.clone(), |speed: Speed, sim| sim.set_speed(speed));
    let on_set_interval = use_callback(sim.clone(), |interval: StepInterval, sim| {
        sim.dispatch(ControlAction::SetInterval(interval))
    });
    let on_reset = use_callback(sim.clone(), |start: Start, sim| sim.reset(start));
    let on_help = use_callback(help_open.clone(), |(), help_open| help_open.set(true));
    let on_close_help = use_callback(
        (help_open.clone(), help_button.clone()),
        |(), (help_open, help_button)| {
            help_open.set(false);
            if let Some(button) = help_button.cast::<web_sys::HtmlElement>() {
                // Focus fails only for a detached button; then there is nowhere to return.
                let _ = button.focus();
            }
        },
    );
    let on_shortcut = use_callback(
        (
            sim.clone(),
            controls.speed,
            on_time.clone(),
            goto_field.clone(),
            on_help.clone(),
            on_close_help.clone(),
            *help_open,
        ),
        |shortcut: Shortcut, (sim, speed, on_time, goto_field, on_help, on_close_help, open)| {
            // While the help is open, only the key that closes it does anything.
            if *open {
                if matches!(shortcut, Shortcut::Close | Shortcut::Help) {
                    on_close_help.emit(());
                }
                return;
            }
            match shortcut {
                Shortcut::Toggle => sim.dispatch(ControlAction::Toggle),
                Shortcut::StepForward => on_time.emit(TimeMotion::Forward),
                Shortcut::StepBack => on_time.emit(TimeMotion::Back),
                Shortcut::NextEvent => on_time.emit(TimeMotion::NextEvent),
                Shortcut::Slower => sim.set_speed(speed.slower()),
                Shortcut::Faster => sim.set_speed(speed.faster()),
                Shortcut::GoTo => {
                    if let Some(field) = goto_field.cast::<web_sys::HtmlElement>() {
                        let _ = field.focus();
                    }
                }
                Shortcut::Help => on_help.emit(()),
                Shortcut::Close => {}
            }
        },
    );
    use_shortcuts(on_shortcut, page.embed, page.is_locked());

    // Presets, and the question that comes with some of them.
    let on_pick_preset = use_callback(sim.clone(), |preset: &'static Preset, sim| {
        if let Err(failure) = sim.load_preset(preset) {
            gloo::console::debug!(format!("the preset {} failed: {failure}", preset.id));
        }
    });
    let on_check_guess = use_callback(
        (sim.clone(), frame.lesson.clone()),
        |(), (sim, lesson)| -> Result<u64, String> {
            let question = lesson
                .question
                .as_ref()
                .ok_or_else(|| "this scenario asks no question".to_owned())?;
            sim.dispatch(ControlAction::Stepped);
            sim.seek(SimTime::from_secs_f64(question.at_s));
            sim.with_session(|session| question.answer(session))
                .ok_or_else(|| "the simulation is busy; try again".to_owned())?
                .map_err(|error| error.to_string())
        },
    );
    let on_filter = use_callback(sim.clone(), |filter: EventFilter, sim| {
        sim.set_filter(filter)
    });

    // The message followed in the lineage panel, read afresh from the simulation each frame.
    // It belongs to one session: after a reset or a load, m12 is another message.
    let followed = use_state_eq(|| None::<(u64, crate::broker::MessageId)>);
    let followed_id = (*followed)
        .filter(|(session, _)| *session == generation)
        .map(|(_, message)| message);
    let lineage =
        followed_id.and_then(|message| sim.with_session(|session| session.sim().lineage(message)));
    let on_follow = use_callback(
        (followed.clone(), generation),
        |message, (followed, generation)| followed.set(Some((*generation, message))),
    );
    let on_unfollow = use_callback(followed.clone(), |(), followed| followed.set(None));

    // Changes to the topology. Each goes through the session as an action, so that the
    // scenario's timeline records it. Each is built once per handle, so the cards that
    // receive them re-render only when their own view changes.
    let on_add_topic = use_callback(sim.clone(), |topic: String, sim| -> Outcome {
        sim.apply(Action::AddTopic { topic })
    });
    let on_rename_topic = use_callback(
        (sim.clone(), topic_keys.clone()),
        |(from, to): (TopicName, String), (sim, topic_keys)| {
            // The action takes the name as typed; the session checks it, and the key moves
            // to the name as the simulation spells it.
            sim.apply(Action::RenameTopic {
                topic: from.as_str().to_owned(),
                to: to.clone(),
            })?;
            let renamed = TopicName::new(to.trim()).map_err(|error| error.to_string())?;
            if let Ok(mut keys) = topic_keys.0.try_borrow_mut() {
                keys.rename(&from, &renamed);
            }
            Ok(())
        },
    );
    let on_close_topic = use_callback(sim.clone(), |topic: TopicName, sim| -> Outcome {
        sim.apply(Action::CloseTopic {
            topic: topic.as_str().to_owned(),
        })
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
            sim.apply(Action::RemoveTopic {
                topic: topic.as_str().to_owned(),
            })?;
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
        sim.apply(Action::AddPublisher {
            topic: spec.topic.as_str().to_owned(),
            rate: spec.rate.get(),
            pattern: spec.pattern.as_str().to_owned(),
        })
    });
    let on_set_rate = use_callback(sim.clone(), |(id, rate): (PublisherId, Rate), sim| {
        sim.apply_with(|session| {
            Ok(Action::SetRate {
                publisher: SimulationHandle::publisher_name(session, id)?,
                rate: rate.get(),
            })
        })
    });
    let on_remove_publisher = use_callback(sim.clone(), |id: PublisherId, sim| -> Outcome {
        sim.apply_with(|session| {
            Ok(Action::RemovePublisher {
                publisher: SimulationHandle::publisher_name(session, id)?,
            })
        })
    });
    let on_add_subscriber = use_callback(sim.clone(), |spec: SubscriberSpec, sim| -> Outcome {
        sim.apply(Action::AddSubscriber(SubscriberEntry {
            topic: spec.topic.as_str().to_owned(),
            capacity: spec.capacity.get() as u64,
            policy: spec.policy,
            processing_ms: millis(spec.processing),
            jitter: spec.jitter.get(),
        }))
    });
    let on_update_subscriber = use_callback(
        sim.clone(),
        |(id, capacity, processing): (SubscriberId, Capacity, ProcessingTime), sim| {
            sim.apply_with(|session| {
                Ok(Action::UpdateSubscriber {
                    subscriber: SimulationHandle::subscriber_name(session, id)?,
                    capacity: capacity.get() as u64,
                    processing_ms: millis(processing),
                })
            })
        },
    );
    let on_set_policy = use_callback(
        sim.clone(),
        |(id, policy): (SubscriberId, OverflowPolicy), sim| {
            sim.apply_with(|session| {
                Ok(Action::SetPolicy {
                    subscriber: SimulationHandle::subscriber_name(session, id)?,
                    policy,
                })
            })
        },
    );
    let on_remove_subscriber = use_callback(sim.clone(), |id: SubscriberId, sim| -> Outcome {
        sim.apply_with(|session| {
            Ok(Action::RemoveSubscriber {
                subscriber: SimulationHandle::subscriber_name(session, id)?,
            })
        })
    });

    let compare_choices: Vec<CompareChoice> =
        snapshot.subscribers.iter().map(CompareChoice::of).collect();
    let topic_choices: Vec<(TopicName, bool)> = snapshot
        .topics
        .iter()
        .map(|topic| (topic.name.clone(), topic.closed))
        .collect();

    // The loaded scenario's seed, which a share link or a file may have set.
    let seed = sim
        .with_session(|session| session.scenario().seed)
        .unwrap_or(crate::ui::scenario::DEFAULT_SEED);
    // The diagrams' marks travel as fast as the clock really goes: under a heavy load it
    // can run at a fraction of the chosen speed.
    let travel_scale = pace.travel_scale(controls.speed);
    html! {
        <main
            class={classes!(
                "playground",
                page.embed.then_some("embed"),
                page.is_locked().then_some("locked"),
                sim.jump().is_some().then_some("is-jumping"),
            )}
            data-testid="playground"
        >
            if !page.embed {
                <Header />
            }
            <Announcer
                tally={Tally::of(snapshot)}
                {generation}
                show_switch={!page.embed}
            />
            if let Some(error) = load_error {
                <p class="inline-error load-error" role="alert" data-testid="load-error">
                    { error }
                </p>
            }
            <ControlsBar
                run={controls.run}
                speed={controls.speed}
                interval={controls.interval}
                now={snapshot.now}
                jump={sim.jump()}
                {on_stop_jump}
                furthest={frame.furthest}
                behind={pace.behind()}
                {seed}
                {on_toggle}
                {on_step}
                on_step_forward={on_time.reform(|()| TimeMotion::Forward)}
                on_step_back={on_time.reform(|()| TimeMotion::Back)}
                on_next_event={on_time.reform(|()| TimeMotion::NextEvent)}
                on_seek={on_time.reform(TimeMotion::To)}
                {on_set_speed}
                {on_set_interval}
                {on_help}
                {goto_field}
                {help_button}
                {on_reset}
            />
            if *help_open {
                <HelpOverlay on_close={on_close_help} embed={page.embed} locked={page.is_locked()} />
            }
            if !page.embed {
                <PresetPicker lesson={frame.lesson.clone()} on_pick={on_pick_preset} />
            }
            if let Some(question) = frame.lesson.question.clone().filter(|_| !page.embed) {
                <QuestionCard key={generation} {question} on_check={on_check_guess} />
            }
            if let Some(failure) = frame.failure.clone() {
                <p class="inline-error" role="alert">
                    { format!("the starting setup could not be built: {failure}") }
                </p>
            }
            // While a long jump goes on, what is drawn is where the jump began: it is dimmed
            // (with the charts, the lineage and the log; see `is-jumping`), marked busy and
            // inert until the jump ends and shows the new state. A change made here would land
            // at whatever instant the jump had reached, which nothing on the screen shows; the
            // controls bar stays live, with Stop here.
            <div
                class="workspace"
                aria-busy={sim.jump().is_some().then_some("true")}
                inert={sim.jump().is_some()}
            >
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
                                    travel_scale={travel_scale}
                                    running={controls.run.is_running()}
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
                if !page.embed {
                    <aside class="forms" aria-label="Add to the simulation">
                        <AddTopic field={add_topic_field} on_add={on_add_topic} />
                        <AddPublisher topics={topic_choices.clone()} on_add={on_add_publisher} />
                        <AddSubscriber topics={topic_choices} on_add={on_add_subscriber} />
                        <Guide />
                    </aside>
                }
            </div>
            if !page.embed {
                <LiveCharts charts={frame.charts.clone()} />
            }
            if !page.embed {
                <SharePanel sim={sim.clone()} />
                <ComparePanel
                    key={generation}
                    sim={sim.clone()}
                    now={snapshot.now}
                    subscribers={compare_choices}
                />
                <LineagePanel
                    followed={followed_id}
                    {lineage}
                    on_follow={on_follow.clone()}
                    on_close={on_unfollow}
                />
                <EventLog
                    events={snapshot.events.clone()}
                    total={snapshot.events_total}
                    filter={frame.filter}
                    {on_filter}
                    running={controls.run.is_running()}
                    followed={followed_id}
                    {on_follow}
                />
                <CodePane topology={Rc::new(Topology::of(snapshot))} />
            }
        </main>
    }
}

/// A move of the clock by hand.
#[derive(Clone, Copy, Debug, PartialEq)]
enum TimeMotion {
    /// Forward by the step interval.
    Forward,
    /// Back by the step interval.
    Back,
    /// To the next event.
    NextEvent,
    /// To an instant, either way.
    To(SimTime),
}

/// A processing time in milliseconds, as an action records it: counted from whole
/// microseconds, so that it reads back as the same time.
fn millis(processing: ProcessingTime) -> f64 {
    processing.get().as_micros() as f64 / 1_000.0
}

/// How much wall time the next frame may spend simulating. Rendering a large topology can
/// take most of a frame by itself; then the simulation gets less, so that the page keeps its
/// frame rate and the clock falls behind instead, which the pace meter reports. Two handles
/// are equal when they share the budget, so the frame callback is not rebuilt as it changes.
#[derive(Clone, Debug)]
struct FrameBudget(Rc<RefCell<f64>>);

impl FrameBudget {
    /// The budget for the frame after one that came `step_millis` after the frame before:
    /// 30 % less after a late frame, 0.01 ms more after one on time. It backs off fast and
    /// creeps back slowly (a millisecond takes 100 frames), so that it settles a little under
    /// what the frame allows and late frames stay rare, which is what keeps the
    /// 95th-percentile frame on time. Under the heavy-load preset a creep of 0.02 ms still
    /// made 3 to 7 % of frames late, and each late frame cost the clock 30 % of its budget;
    /// at 0.01 ms fewer frames are late and the clock runs faster (BENCHMARKS.md).
    fn next(&self, step_millis: f64) -> f64 {
        let Ok(mut budget) = self.0.try_borrow_mut() else {
            return FRAME_BUDGET_MILLIS;
        };
        *budget = if step_millis > LATE_FRAME_MILLIS {
            (*budget * 0.7).max(MIN_FRAME_BUDGET_MILLIS)
        } else {
            (*budget + 0.01).min(FRAME_BUDGET_MILLIS)
        };
        *budget
    }
}

impl PartialEq for FrameBudget {
    fn eq(&self, other: &FrameBudget) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
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
