//! Scenario documents, sessions, presets and share links, through the public API.
//!
//! Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown --test scenario`. The random properties and
//! the fuzzing are in `scenario_props.rs` and `scenario_fuzz.rs`, which run natively only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::OverflowPolicy;
use mini_kafka_playground::broker::{Capacity, QueueStatus, TopicName};
use mini_kafka_playground::scenario::{
    decode_fragment, encode_fragment, preset_by_id, Action, Measure, PublisherEntry, Scenario,
    ScenarioError, Session, SubscriberEntry, TimedAction, TopicEntry, DEFAULT_PRESET,
    MAX_SCENARIO_BYTES, MAX_TIMELINE, PRESETS,
};
use mini_kafka_playground::sim::{
    EventCategory, EventKind, Jitter, PayloadPattern, ProcessingTime, PublisherSpec,
    PublisherStatus, Rate, SimDuration, SimTime, Simulation, SubscriberActivity, SubscriberSpec,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn secs(seconds: f64) -> SimTime {
    SimTime::from_secs_f64(seconds)
}

fn preset(id: &str) -> Scenario {
    preset_by_id(id).unwrap().scenario()
}

fn session(id: &str) -> Session {
    Session::new(preset(id)).unwrap()
}

fn run(id: &str, seconds: f64) -> Session {
    let mut session = session(id);
    session.run_until(secs(seconds)).unwrap();
    session
}

/// The error text `from_json` gives for `json`.
fn refusal(json: &str) -> String {
    Scenario::from_json(json).unwrap_err().to_string()
}

/// A small valid document with one of each actor, to edit in tests.
const SMALL: &str = r#"{
  "version": 1,
  "seed": 7,
  "topics": [{"name": "orders"}],
  "publishers": [{"topic": "orders", "rate": 5, "pattern": "order #{n}"}],
  "subscribers": [{"topic": "orders", "capacity": 2, "policy": "drop-newest", "processing_ms": 600}],
  "timeline": [{"at_s": 2, "action": {"type": "set_policy", "subscriber": "A", "policy": "block"}}]
}"#;

fn small_with(from: &str, to: &str) -> String {
    assert!(SMALL.contains(from), "{from}");
    SMALL.replacen(from, to, 1)
}

// --- Documents ---------------------------------------------------------------------------

#[test]
fn a_small_document_reads_and_round_trips() {
    let scenario = Scenario::from_json(SMALL).unwrap();
    assert_eq!(scenario.seed, 7);
    assert_eq!(scenario.subscribers[0].policy, OverflowPolicy::DropNewest);
    assert_eq!(
        scenario.timeline[0].action,
        Action::SetPolicy {
            subscriber: "A".to_owned(),
            policy: OverflowPolicy::Block
        }
    );
    let json = scenario.to_json_pretty();
    assert_eq!(Scenario::from_json(&json).unwrap(), scenario);
}

#[test]
fn every_action_type_reads_and_round_trips() {
    let json = r#"{"version": 1, "seed": 3, "topics": [{"name": "a"}, {"name": "b"}],
      "timeline": [
        {"at_s": 0, "action": {"type": "add_topic", "topic": "c"}},
        {"at_s": 0.5, "action": {"type": "add_publisher", "topic": "a", "rate": 2, "pattern": "x{n}"}},
        {"at_s": 0.5, "action": {"type": "add_subscriber", "topic": "a", "capacity": 1,
                                 "policy": "drop-oldest", "processing_ms": 100, "jitter": 0.5}},
        {"at_s": 1, "action": {"type": "set_rate", "publisher": "P1", "rate": 4}},
        {"at_s": 1, "action": {"type": "update_subscriber", "subscriber": "A", "capacity": 3,
                               "processing_ms": 50}},
        {"at_s": 1.5, "action": {"type": "set_policy", "subscriber": "A", "policy": "disconnect"}},
        {"at_s": 2, "action": {"type": "rename_topic", "topic": "a", "to": "renamed"}},
        {"at_s": 2, "action": {"type": "close_topic", "topic": "b"}},
        {"at_s": 3, "action": {"type": "remove_subscriber", "subscriber": "A"}},
        {"at_s": 3, "action": {"type": "remove_publisher", "publisher": "P1"}},
        {"at_s": 4, "action": {"type": "remove_topic", "topic": "renamed"}}
      ]}"#;
    let scenario = Scenario::from_json(json).unwrap();
    assert_eq!(scenario.timeline.len(), 11);
    assert_eq!(
        Scenario::from_json(&scenario.to_json_pretty()).unwrap(),
        scenario
    );
    let mut session = Session::new(scenario).unwrap();
    session.run_until(secs(5.0)).unwrap();
    let counts = session.counts();
    assert_eq!(counts.topics.len(), 2, "{counts:?}");
    assert!(counts.publishers.is_empty());
    assert!(counts.subscribers.is_empty());
}

#[test]
fn optional_fields_take_their_defaults() {
    let scenario = Scenario::from_json(
        r#"{"version": 1, "seed": 1,
            "publishers": [{"topic": "t", "rate": 1}],
            "subscribers": [{"topic": "t", "capacity": 0, "policy": "block", "processing_ms": 0}]}"#,
    )
    .unwrap();
    assert!(scenario.topics.is_empty() && scenario.timeline.is_empty());
    assert_eq!(scenario.publishers[0].pattern, "message #{n}");
    assert_eq!(scenario.subscribers[0].jitter, 0.0);
    assert_eq!(scenario.title, None);
}

#[test]
fn versions_other_than_one_are_refused_by_number() {
    assert_eq!(
        refusal(&small_with("\"version\": 1", "\"version\": 2")),
        "unsupported scenario version 2 (this playground reads version 1)"
    );
    // A newer document may have fields this playground does not know; the version still
    // speaks first.
    let future = r#"{"version": 9, "seed": 1, "lanes": [{"width": 3}]}"#;
    let error = Scenario::from_json(future).unwrap_err();
    assert!(error.is_unsupported_version());
    assert!(refusal(r#"{"seed": 1}"#).contains("needs a whole-number \"version\""));
    assert!(refusal(r#"{"version": "1", "seed": 1}"#).contains("version"));
    assert!(refusal(r#"{"version": 1.5, "seed": 1}"#).contains("version"));
}

#[test]
fn malformed_json_says_where() {
    let truncated = &SMALL[..SMALL.len() / 2];
    let message = refusal(truncated);
    assert!(message.starts_with("not a valid scenario: "), "{message}");
    assert!(message.contains("line"), "{message}");

    let message = refusal(&small_with("\"seed\": 7", "\"seed\": 7,,"));
    assert!(message.contains("line 3 column"), "{message}");

    assert_eq!(
        refusal(&small_with("\"seed\": 7", "\"seed\": \"seven\"")),
        "seed: expected a whole number, found text"
    );
    assert_eq!(
        refusal(&small_with("\"seed\": 7", "\"seed\": -7")),
        "seed: expected a whole number from 0 to 18446744073709551615"
    );
    let message = refusal(&small_with(
        "\"seed\": 7",
        "\"seed\": 7, \"colour\": \"red\"",
    ));
    assert!(
        message.starts_with("the scenario: unknown field \"colour\" (expected version, seed,"),
        "{message}"
    );
    assert_eq!(
        refusal(&small_with("\"capacity\": 2,", "")),
        "subscribers[0].capacity: missing"
    );
    assert_eq!(
        refusal(&small_with(
            "\"processing_ms\": 600",
            "\"processing_ms\": \"slow\""
        )),
        "subscribers[0].processing_ms: expected a number, found text"
    );
    assert_eq!(
        refusal(&small_with(
            "[{\"name\": \"orders\"}]",
            "{\"name\": \"orders\"}"
        )),
        "topics: expected a list, found an object"
    );
    let message = refusal(&small_with(
        "\"type\": \"set_policy\"",
        "\"type\": \"explode\"",
    ));
    assert!(
        message.starts_with("timeline[0].action.type: unknown action type \"explode\" (expected"),
        "{message}"
    );
    let message = refusal(&small_with(
        "\"policy\": \"block\"",
        "\"policy\": \"block\", \"rate\": 3",
    ));
    assert_eq!(
        message,
        "timeline[0].action: unknown field \"rate\" (expected type, subscriber, policy)"
    );
}

#[test]
fn out_of_range_settings_use_the_simulations_words() {
    let cases = [
        (
            "\"rate\": 5",
            "\"rate\": 0",
            "publishers[0]: the rate must be above zero",
        ),
        (
            "\"rate\": 5",
            "\"rate\": 1e9",
            "publishers[0]: the rate can be at most 10000 messages per second",
        ),
        (
            "\"pattern\": \"order #{n}\"",
            "\"pattern\": \"  \"",
            "publishers[0]: the payload pattern cannot be empty",
        ),
        (
            "\"processing_ms\": 600",
            "\"processing_ms\": -1",
            "subscribers[0]: the processing time cannot be negative",
        ),
        (
            "\"processing_ms\": 600",
            "\"processing_ms\": 600, \"jitter\": 2",
            "subscribers[0]: the jitter must be between 0 and 1",
        ),
        (
            "\"capacity\": 2",
            "\"capacity\": 20000",
            "subscribers[0]: the capacity must be a whole number from 0 to 10000",
        ),
        (
            "[{\"name\": \"orders\"}]",
            "[{\"name\": \"\"}]",
            "topics[0]: a topic name cannot be empty",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(refusal(&small_with(from, to)), expected, "{to}");
    }
    // A negative or fractional capacity is refused while reading, with the same words.
    for capacity in ["-1", "2.5"] {
        let message = refusal(&small_with(
            "\"capacity\": 2",
            &format!("\"capacity\": {capacity}"),
        ));
        assert!(
            message.contains("the capacity must be a whole number from 0 to 10000"),
            "{message}"
        );
    }
    let message = refusal(&small_with("\"drop-newest\"", "\"drop-everything\""));
    assert!(
        message.contains("unknown policy \"drop-everything\""),
        "{message}"
    );
}

#[test]
fn times_must_be_in_range_and_in_order() {
    let message = refusal(&small_with("\"at_s\": 2", "\"at_s\": -1"));
    assert_eq!(
        message,
        "timeline[0].at_s: the time must be a number of seconds from 0 to 3600"
    );
    assert!(refusal(&small_with("\"at_s\": 2", "\"at_s\": 1e9")).contains("from 0 to 3600"));
    assert!(refusal(&small_with("\"at_s\": 2", "\"at_s\": NaN")).contains("line"));

    let unsorted = r#"{"version": 1, "seed": 1, "topics": [{"name": "t"}], "timeline": [
        {"at_s": 5, "action": {"type": "add_topic", "topic": "u"}},
        {"at_s": 2, "action": {"type": "add_topic", "topic": "v"}}]}"#;
    assert_eq!(
        refusal(unsorted),
        "timeline[1] at 2 s comes after an action at 5 s; list the timeline in time order"
    );

    let stop_first = small_with(
        "\"pattern\": \"order #{n}\"",
        "\"pattern\": \"o\", \"start_s\": 5, \"stop_s\": 4",
    );
    assert_eq!(
        refusal(&stop_first),
        "publishers[0].stop_s: the publisher must stop after it starts"
    );
}

#[test]
fn unknown_names_are_refused_where_they_are_used() {
    let message = refusal(&small_with(
        "\"subscriber\": \"A\"",
        "\"subscriber\": \"Z\"",
    ));
    assert_eq!(
        message,
        "timeline[0] at 2 s: no subscriber is named \"Z\" at that time"
    );

    let json = r#"{"version": 1, "seed": 1, "publishers": [{"topic": "t", "rate": 1}],
      "timeline": [
        {"at_s": 1, "action": {"type": "remove_publisher", "publisher": "P1"}},
        {"at_s": 2, "action": {"type": "set_rate", "publisher": "P1", "rate": 3}}]}"#;
    let error = Scenario::from_json(json).unwrap_err();
    assert!(error.is_unknown_actor());
    assert_eq!(
        error.to_string(),
        "timeline[1] at 2 s: no publisher is named \"P1\" at that time"
    );

    let closed_twice = r#"{"version": 1, "seed": 1, "topics": [{"name": "t"}], "timeline": [
        {"at_s": 1, "action": {"type": "close_topic", "topic": "t"}},
        {"at_s": 2, "action": {"type": "close_topic", "topic": "t"}}]}"#;
    assert_eq!(
        refusal(closed_twice),
        "timeline[1] at 2 s: close of closed channel"
    );

    let stopped_after_removal = r#"{"version": 1, "seed": 1,
      "publishers": [{"topic": "t", "rate": 1, "stop_s": 5}],
      "timeline": [{"at_s": 1, "action": {"type": "remove_topic", "topic": "t"}}]}"#;
    assert_eq!(
        refusal(stopped_after_removal),
        "publishers[0].stop_s: the publisher was removed before it stops"
    );

    let twin_topics = r#"{"version": 1, "seed": 1, "topics": [{"name": "t"}, {"name": " t "}]}"#;
    assert_eq!(
        refusal(twin_topics),
        "topics[1]: a topic named \"t\" exists already"
    );
}

#[test]
fn the_question_must_name_a_subscriber_of_its_time() {
    let json = small_with(
        "\"timeline\"",
        r#""question": {"text": "?", "subscriber": "B", "measure": "dropped", "at_s": 5},
  "timeline""#,
    );
    assert_eq!(
        refusal(&json),
        "the question asks about subscriber \"B\", which does not exist at its time"
    );
}

#[test]
fn limits_are_enforced() {
    let padding = " ".repeat(MAX_SCENARIO_BYTES);
    let message = refusal(&format!("{SMALL}{padding}"));
    assert!(message.starts_with("the scenario is "), "{message}");
    assert!(
        message.ends_with("bytes long; the limit is 65536"),
        "{message}"
    );

    let topics: Vec<String> = (0..40).map(|n| format!("{{\"name\": \"t{n}\"}}")).collect();
    let json = format!(
        "{{\"version\": 1, \"seed\": 1, \"topics\": [{}]}}",
        topics.join(",")
    );
    assert_eq!(
        refusal(&json),
        "the scenario has 40 topics; the limit is 32"
    );

    let long_title = small_with(
        "\"seed\": 7",
        &format!("\"seed\": 7, \"title\": \"{}\"", "x".repeat(200)),
    );
    assert_eq!(refusal(&long_title), "the title has at most 120 characters");
}

#[test]
fn markup_in_names_and_patterns_stays_plain_text() {
    let hostile = "<script>alert(1)</script>";
    let json = SMALL
        .replace("\"orders\"", "\"<b>orders</b>\"")
        .replace("order #{n}", &format!("{hostile} #{{n}}"));
    let mut session = Session::new(Scenario::from_json(&json).unwrap()).unwrap();
    session.run_until(secs(2.0)).unwrap();
    let snapshot = session.snapshot(usize::MAX);
    assert_eq!(snapshot.topics[0].name.as_str(), "<b>orders</b>");
    let delivered = snapshot.events.iter().find_map(|event| match &event.kind {
        EventKind::Deliver { payload, .. } => Some(payload.to_string()),
        _ => None,
    });
    assert!(delivered.unwrap().starts_with(hostile));
    assert_eq!(
        Scenario::from_json(&session.scenario().to_json_pretty()).unwrap(),
        *session.scenario()
    );
}

// --- Sessions ----------------------------------------------------------------------------

#[test]
fn the_slow_consumer_preset_is_the_old_demo() {
    // The demo exactly as the playground built it before presets existed.
    let mut demo = Simulation::new(1);
    let topic = demo.add_topic("orders").unwrap();
    demo.add_publisher(PublisherSpec {
        topic: topic.clone(),
        rate: Rate::per_second(5.0).unwrap(),
        pattern: PayloadPattern::new("order #{n}").unwrap(),
    })
    .unwrap();
    for (slots, millis) in [(4, 20.0), (4, 20.0), (2, 600.0)] {
        demo.add_subscriber(SubscriberSpec {
            topic: topic.clone(),
            capacity: Capacity::new(slots).unwrap(),
            processing: ProcessingTime::from_millis(millis).unwrap(),
            jitter: Jitter::NONE,
            policy: OverflowPolicy::DropNewest,
        })
        .unwrap();
    }
    demo.run_until(secs(10.0));

    let session = run(DEFAULT_PRESET, 10.0);
    assert_eq!(
        session.sim().snapshot(&EventCategory::ALL, usize::MAX),
        demo.snapshot(&EventCategory::ALL, usize::MAX)
    );
    assert_eq!(session.sim().events(), demo.events());
}

#[test]
fn every_preset_builds_runs_and_round_trips() {
    assert!(PRESETS.len() >= 10);
    let mut ids: Vec<&str> = PRESETS.iter().map(|preset| preset.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), PRESETS.len(), "preset ids are unique");

    for preset in PRESETS {
        let scenario = preset.scenario();
        assert_eq!(scenario.title.as_deref(), Some(preset.title));
        assert!(!preset.explanation.is_empty() && !preset.watch.is_empty());

        let json = scenario.to_json_pretty();
        assert_eq!(
            Scenario::from_json(&json).unwrap(),
            scenario,
            "{}",
            preset.id
        );
        assert_eq!(
            decode_fragment(&encode_fragment(&scenario)).unwrap(),
            scenario
        );

        // The heavy-load benchmark makes a million deliveries per simulated second; a fifth of
        // a second of it checks its ledgers without minutes of a debug build.
        let until = if preset.id == "heavy-load" { 0.2 } else { 10.0 };
        let mut session = preset.session().unwrap();
        session.run_until(secs(until)).unwrap();
        let snapshot = session.snapshot(0);
        for subscriber in &snapshot.subscribers {
            assert!(
                subscriber.ledger.balances(),
                "{}: {subscriber:?}",
                preset.id
            );
        }
        assert_eq!(
            preset_by_id(preset.id).map(|found| found.title),
            Some(preset.title)
        );
    }
}

#[test]
fn presets_teach_what_they_say() {
    let counts = run("slow-consumer", 10.0).counts();
    let [a, b, c] = [0, 1, 2].map(|index| &counts.subscribers[index]);
    assert_eq!((a.dropped, b.dropped), (0, 0));
    assert!(c.dropped > 20, "{c:?}");

    let counts = run("unbuffered-rendezvous", 10.0).counts();
    let (a, b) = (
        counts.subscriber("A").unwrap(),
        counts.subscriber("B").unwrap(),
    );
    assert_eq!(a.dropped, 0);
    assert!(
        b.delivered.abs_diff(b.dropped) <= 1,
        "every other message: {b:?}"
    );

    let session = run("buffer-of-two", 10.0);
    let counts = session.counts();
    let a = counts.subscriber("A").unwrap();
    assert_eq!((a.delivered, a.queued), (1, 2));
    assert!(a.dropped > 0);
    let snapshot = session.snapshot(0);
    assert!(matches!(
        snapshot.publishers[1].status,
        PublisherStatus::Blocked { .. }
    ));

    let counts = run("fan-out", 10.0).counts();
    let published = counts.topic("news").unwrap().published;
    let delivered: u64 = counts
        .subscribers
        .iter()
        .map(|s| s.delivered + s.queued)
        .sum();
    assert_eq!(delivered, 6 * published);

    let session = run("close-then-drain", 10.0);
    let snapshot = session.snapshot(usize::MAX);
    assert_eq!(snapshot.subscribers[0].status, QueueStatus::Closed);
    assert_eq!(snapshot.subscribers[0].ledger.queued, 0);
    assert_eq!(snapshot.subscribers[0].ledger.dropped(), 0);
    assert!(snapshot
        .events
        .iter()
        .any(|event| matches!(event.kind, EventKind::Drained { .. })));

    let snapshot = run("send-on-closed", 10.0).snapshot(0);
    assert!(matches!(
        snapshot.publishers[0].status,
        PublisherStatus::Panicked { .. }
    ));
    assert_eq!(snapshot.publishers[1].status, PublisherStatus::Running);

    let counts = run("block-stalls-everyone", 10.0).counts();
    let a = counts.subscriber("A").unwrap();
    assert!((9..=13).contains(&a.delivered), "A at B's pace: {a:?}");
    assert_eq!(counts.subscribers.iter().map(|s| s.dropped).sum::<u64>(), 0);

    let counts = run("drop-oldest-vs-newest", 10.0).counts();
    let (a, b) = (
        counts.subscriber("A").unwrap(),
        counts.subscriber("B").unwrap(),
    );
    assert!(a.dropped > 0 && a.evicted == 0);
    assert!(b.evicted > 0 && b.dropped == 0);

    let snapshot = run("disconnect-slow-consumer", 10.0).snapshot(0);
    assert_eq!(snapshot.subscribers[1].status, QueueStatus::Disconnected);
    assert!(snapshot.subscribers[1].ledger.discarded > 0);
    assert_eq!(snapshot.subscribers[0].ledger.dropped(), 0);

    let counts = run("empty", 10.0).counts();
    assert_eq!(counts.topics.len(), 1);
    assert!(counts.publishers.is_empty() && counts.subscribers.is_empty());
}

#[test]
fn scheduling_loss_depends_on_the_seed_alone() {
    let losses: Vec<(u64, u64)> = (1..=8)
        .map(|seed| {
            let mut scenario = preset("scheduling-loss");
            scenario.seed = seed;
            let mut session = Session::new(scenario).unwrap();
            session.run_until(secs(10.0)).unwrap();
            let counts = session.counts();
            (
                counts.subscriber("A").unwrap().dropped,
                counts.subscriber("B").unwrap().dropped,
            )
        })
        .collect();
    assert!(
        losses[0].0 + losses[0].1 > 0,
        "the default seed loses messages: {losses:?}"
    );
    let mut distinct = losses.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() > 1, "seeds change the losses: {losses:?}");
}

#[test]
fn questions_are_answered_by_running_to_their_time() {
    let with_questions: Vec<_> = PRESETS
        .iter()
        .filter(|preset| preset.scenario().question.is_some())
        .collect();
    assert!(!with_questions.is_empty());
    for preset in with_questions {
        let session = preset.session().unwrap();
        let question = session.question().unwrap().clone();
        let answer = question.answer(&session).unwrap();
        assert_eq!(
            session.now(),
            SimTime::ZERO,
            "answering leaves the session alone"
        );

        let mut at_time = preset.session().unwrap();
        at_time.run_until(secs(question.at_s)).unwrap();
        let subscriber = at_time.counts();
        let subscriber = subscriber.subscriber(&question.subscriber).unwrap();
        assert_eq!(
            answer,
            subscriber.measure(question.measure),
            "{}",
            preset.id
        );
        assert_eq!(question.answer(&at_time).unwrap(), answer);
    }
    let question = preset("buffer-of-two").question.unwrap();
    assert_eq!(question.measure, Measure::Dropped);
    assert_eq!(question.answer(&session("buffer-of-two")).unwrap(), 7);
}

#[test]
fn applied_actions_are_recorded_and_replay_the_same() {
    let mut live = session("slow-consumer");
    live.run_until(secs(2.0)).unwrap();
    live.apply(Action::UpdateSubscriber {
        subscriber: "C".to_owned(),
        capacity: 10,
        processing_ms: 100.0,
    })
    .unwrap();
    live.run_until(secs(3.5)).unwrap();
    live.apply(Action::AddSubscriber(SubscriberEntry {
        topic: "orders".to_owned(),
        capacity: 0,
        policy: OverflowPolicy::DropNewest,
        processing_ms: 300.0,
        jitter: 0.25,
    }))
    .unwrap();
    live.apply(Action::SetRate {
        publisher: "P1".to_owned(),
        rate: 12.0,
    })
    .unwrap();
    live.run_until(secs(8.0)).unwrap();

    let recorded = live.scenario().clone();
    assert_eq!(recorded.timeline.len(), 3);
    assert_eq!(recorded.timeline[0].at_s, 2.0);
    assert_eq!(recorded.timeline[2].at_s, 3.5);

    let mut replay =
        Session::new(Scenario::from_json(&recorded.to_json_pretty()).unwrap()).unwrap();
    replay.run_until(secs(8.0)).unwrap();
    assert_eq!(replay.snapshot(usize::MAX), live.snapshot(usize::MAX));
    assert_eq!(replay.sim().events(), live.sim().events());
    assert!(live.counts().subscriber("D").is_some());
}

#[test]
fn refused_actions_change_nothing() {
    let mut live = run("slow-consumer", 1.0);
    let before = live.scenario().clone();
    let error = live
        .apply(Action::RemoveSubscriber {
            subscriber: "Q".to_owned(),
        })
        .unwrap_err();
    // The action has no place in the document yet, so the reason stands alone, as the
    // page's forms show it.
    assert_eq!(
        error.to_string(),
        "no subscriber is named \"Q\" at that time"
    );
    assert_eq!(error.place(), None);
    let error = live
        .apply(Action::SetRate {
            publisher: "P1".to_owned(),
            rate: -3.0,
        })
        .unwrap_err();
    assert_eq!(error.to_string(), "the rate must be above zero");
    let error = live
        .apply(Action::AddTopic {
            topic: "orders".to_owned(),
        })
        .unwrap_err();
    assert_eq!(error.to_string(), "a topic named \"orders\" exists already");
    assert_eq!(*live.scenario(), before);
}

#[test]
fn an_action_that_breaks_a_later_part_of_the_scenario_names_that_part() {
    // close-then-drain stops P1 at 3 s; removing jobs at 1 s would remove P1 before that.
    let mut live = run("close-then-drain", 1.0);
    let before = live.scenario().clone();
    let error = live
        .apply(Action::RemoveTopic {
            topic: "jobs".to_owned(),
        })
        .unwrap_err();
    assert_eq!(error.place(), Some("publishers[0].stop_s"), "{error}");
    assert_eq!(
        error.to_string(),
        "publishers[0].stop_s: the publisher was removed before it stops"
    );
    assert_eq!(*live.scenario(), before);
}

#[test]
fn seeking_back_and_forth_equals_a_straight_run() {
    let mut scrubbed = session("drop-oldest-vs-newest");
    for seconds in [6.0, 2.5, 9.0, 0.0, 4.25, 12.0] {
        scrubbed.seek(secs(seconds)).unwrap();
        assert_eq!(scrubbed.now(), secs(seconds));
    }
    let straight = run("drop-oldest-vs-newest", 12.0);
    assert_eq!(scrubbed.snapshot(usize::MAX), straight.snapshot(usize::MAX));
    assert_eq!(scrubbed.sim().events(), straight.sim().events());
}

#[test]
fn an_action_after_seeking_back_keeps_the_future_unless_names_would_shift() {
    // The preset closes the topic at 3 s; changing a rate at 1 s keeps that.
    let mut live = run("send-on-closed", 5.0);
    live.seek(secs(1.0)).unwrap();
    live.apply(Action::SetRate {
        publisher: "P2".to_owned(),
        rate: 4.0,
    })
    .unwrap();
    let kinds: Vec<_> = live
        .scenario()
        .timeline
        .iter()
        .map(|e| e.action.kind())
        .collect();
    assert_eq!(kinds, ["set_rate", "close_topic"]);

    // A subscriber added at 1 s would take the name of one the timeline adds at 4 s, so
    // the timeline after 1 s is dropped.
    let mut scenario = preset("slow-consumer");
    scenario.timeline.push(TimedAction {
        at_s: 4.0,
        action: Action::AddSubscriber(SubscriberEntry {
            topic: "orders".to_owned(),
            capacity: 1,
            policy: OverflowPolicy::Block,
            processing_ms: 10.0,
            jitter: 0.0,
        }),
    });
    scenario.timeline.push(TimedAction {
        at_s: 5.0,
        action: Action::RemoveSubscriber {
            subscriber: "D".to_owned(),
        },
    });
    let mut live = Session::new(scenario).unwrap();
    live.seek(secs(1.0)).unwrap();
    live.apply(Action::AddSubscriber(SubscriberEntry {
        topic: "orders".to_owned(),
        capacity: 3,
        policy: OverflowPolicy::DropOldest,
        processing_ms: 10.0,
        jitter: 0.0,
    }))
    .unwrap();
    assert_eq!(live.scenario().timeline.len(), 1);
}

#[test]
fn the_timeline_has_a_length_limit_for_recording_too() {
    let mut live = session("empty");
    for n in 0..MAX_TIMELINE {
        live.apply(Action::AddTopic {
            topic: format!("t{n}"),
        })
        .unwrap();
    }
    let error = live
        .apply(Action::AddTopic {
            topic: "one too many".to_owned(),
        })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the scenario has 501 timeline actions; the limit is 500"
    );
}

#[test]
fn publishers_start_and_stop_on_time() {
    let mut scenario = Scenario::new(5);
    scenario.topics.push(TopicEntry {
        name: "t".to_owned(),
    });
    scenario.publishers.push(PublisherEntry {
        topic: "t".to_owned(),
        rate: 10.0,
        pattern: "m{n}".to_owned(),
        start_s: Some(2.0),
        stop_s: Some(4.0),
    });
    let mut session = Session::new(scenario).unwrap();
    session.run_until(secs(1.9)).unwrap();
    assert!(session.counts().publishers.is_empty());
    session.advance(SimDuration::from_millis(1_100)).unwrap();
    assert_eq!(session.now(), secs(3.0));
    assert_eq!(session.counts().publisher("P1").unwrap().published, 10);
    session.run_until(secs(9.0)).unwrap();
    assert!(session.counts().publishers.is_empty());
    assert_eq!(session.counts().topic("t").unwrap().published, 20);
}

#[test]
fn stepping_goes_to_the_next_instant_anything_happens() {
    let mut empty = session("empty");
    assert_eq!(empty.next_event_time(), None);
    assert_eq!(empty.step_to_next_event().unwrap(), None);

    // Step by step until nothing is left: A has drained its buffer after the close.
    let mut close = session("close-then-drain");
    let mut steps = 0;
    while let Some(next) = close.step_to_next_event().unwrap() {
        assert_eq!(close.now(), next);
        steps += 1;
        assert!(steps < 1_000, "stepping ends");
    }
    assert!(close.now() > secs(3.0));
    assert_eq!(
        close.snapshot(0).subscribers[0].activity,
        SubscriberActivity::Drained { at: close.now() }
    );
    assert_eq!(close.next_event_time(), None);

    // The timeline's close at 3 s is a step of its own, even between timers.
    let mut close = session("close-then-drain");
    close.run_until(secs(2.999)).unwrap();
    while close.now() < secs(3.0) {
        close.step_to_next_event().unwrap();
    }
    assert_eq!(close.now(), secs(3.0));
    let snapshot = close.snapshot(0);
    assert!(snapshot.topics[0].closed);
}

// --- Share links -------------------------------------------------------------------------

#[test]
fn opening_a_link_reproduces_the_run() {
    let mut original = session("disconnect-slow-consumer");
    original.run_until(secs(1.5)).unwrap();
    original
        .apply(Action::SetPolicy {
            subscriber: "B".to_owned(),
            policy: OverflowPolicy::DropOldest,
        })
        .unwrap();
    let fragment = format!("#{}", encode_fragment(original.scenario()));
    let mut opened = Session::new(decode_fragment(&fragment).unwrap()).unwrap();

    original.run_until(secs(7.0)).unwrap();
    opened.run_until(secs(7.0)).unwrap();
    assert_eq!(opened.snapshot(usize::MAX), original.snapshot(usize::MAX));
    assert_eq!(opened.counts(), original.counts());
}

#[test]
fn damaged_links_are_refused_with_a_reason() {
    let good = encode_fragment(&preset("fan-out"));
    let cases = [
        ("", "not a scenario link: it should start with \"s1.\""),
        (
            "s2.abc",
            "not a scenario link: it should start with \"s1.\"",
        ),
        (
            "s1.a+b/c",
            "the link is damaged: it has characters base64url does not use",
        ),
        // Whole base64url, but a DEFLATE block type that does not exist (0b11).
        (
            "s1.____",
            "the link is damaged: its compressed data does not unpack",
        ),
    ];
    for (fragment, expected) in cases {
        let error = decode_fragment(fragment).unwrap_err();
        assert!(error.is_damaged_link(), "{fragment}");
        assert_eq!(error.to_string(), expected, "{fragment}");
    }
    // A link that lost its end says so, however much of it is gone: the cut can leave a
    // length base64url never has, a last character it never ends on, or data that stops
    // before its final block.
    for lost in 1..=12 {
        let truncated = &good[..good.len() - lost];
        let error = decode_fragment(truncated).unwrap_err();
        assert!(error.is_damaged_link(), "{lost} lost");
        assert_eq!(
            error.to_string(),
            "the link is cut off or damaged: copy it again, to its last character",
            "{lost} lost"
        );
    }
    let too_long = format!("s1.{}", "A".repeat(40_000));
    assert_eq!(
        decode_fragment(&too_long).unwrap_err().to_string(),
        "the link is 40003 characters long; the limit is 32768"
    );
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    use base64::Engine;
    let bomb = vec![b' '; 4 * MAX_SCENARIO_BYTES];
    let deflated = miniz_oxide::deflate::compress_to_vec(&bomb, 9);
    let fragment = format!(
        "s1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated)
    );
    assert!(fragment.len() < 2_000);
    assert_eq!(
        decode_fragment(&fragment).unwrap_err(),
        ScenarioError::LinkTooLarge {
            max: MAX_SCENARIO_BYTES
        }
    );
}

#[test]
fn links_stay_short() {
    for preset in PRESETS {
        let fragment = encode_fragment(&preset.scenario());
        assert!(fragment.len() < 1_200, "{}: {}", preset.id, fragment.len());
    }
}

#[test]
fn topic_names_from_the_document_are_trimmed_like_typed_ones() {
    let scenario = Scenario::from_json(&small_with(
        "[{\"name\": \"orders\"}]",
        "[{\"name\": \" orders \"}]",
    ))
    .unwrap();
    let session = Session::new(scenario).unwrap();
    assert_eq!(
        session.snapshot(0).topics[0].name,
        TopicName::new("orders").unwrap()
    );
}

#[test]
fn a_subscriber_without_a_policy_drops_the_newest_as_on_the_page() {
    let scenario = Scenario::from_json(
        r#"{"version": 1, "seed": 1, "topics": [{"name": "orders"}],
            "subscribers": [{"topic": "orders", "capacity": 2, "processing_ms": 10}]}"#,
    )
    .unwrap();
    assert_eq!(scenario.subscribers[0].policy, OverflowPolicy::DropNewest);
}
