//! The Rust-test exporter: its output for a preset is the committed `exported_scenario.rs`,
//! which compiles and passes as a test of its own.
//!
//! After a deliberate change to the exporter or to the preset, regenerate the file with
//! `UPDATE_EXPORTED=1 cargo test --test scenario_export` and review the diff.
//!
//! Runs natively and in headless Chromium.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::OverflowPolicy;
use mini_kafka_playground::scenario::{
    export_rust_test, preset_by_id, Action, Scenario, Session, SubscriberEntry,
};
use mini_kafka_playground::sim::SimTime;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The committed export.
const EXPORTED: &str = include_str!("exported_scenario.rs");

/// The preset and the instant the committed export was taken from.
const PRESET: &str = "drop-oldest-vs-newest";
const SECONDS: f64 = 8.0;

/// The session the committed export was taken from: the preset, with one change recorded
/// at 4 s so that the export carries a timeline too.
fn exported_session() -> Session {
    let mut session = preset_by_id(PRESET).unwrap().session().unwrap();
    session.run_until(SimTime::from_secs_f64(4.0)).unwrap();
    session
        .apply(Action::AddSubscriber(SubscriberEntry {
            topic: "prices".to_owned(),
            capacity: 2,
            policy: OverflowPolicy::Disconnect,
            processing_ms: 450.0,
            jitter: 0.0,
        }))
        .unwrap();
    session.run_until(SimTime::from_secs_f64(SECONDS)).unwrap();
    session
}

#[test]
fn the_committed_export_is_what_the_exporter_writes() {
    let exported = export_rust_test(&exported_session());
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_EXPORTED").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/exported_scenario.rs");
        std::fs::write(path, &exported).unwrap();
        return;
    }
    assert_eq!(exported, EXPORTED);
}

#[test]
fn the_export_asserts_every_count() {
    let session = exported_session();
    let exported = export_rust_test(&session);
    let counts = session.counts();
    assert!(exported.contains("fn drop_oldest_vs_drop_newest_at_8_000_s()"));
    assert!(exported.contains("SimTime::from_micros(8_000_000)"));
    for subscriber in &counts.subscribers {
        let name = &subscriber.name;
        assert!(exported.contains(&format!(
            "assert_eq!(subscriber.delivered, {}, \"{name} delivered\");",
            subscriber.delivered
        )));
        for count in ["offered", "dropped", "evicted", "queued", "discarded"] {
            assert!(
                exported.contains(&format!("\"{name} {count}\")")),
                "{name} {count}"
            );
        }
    }
    assert!(exported.contains("\"P1 published\""));
    assert!(exported.contains("\"prices published\""));
    assert!(counts
        .subscribers
        .iter()
        .any(|subscriber| subscriber.evicted > 0));
    assert!(counts
        .subscribers
        .iter()
        .any(|subscriber| subscriber.discarded > 0));
}

#[test]
fn the_embedded_json_is_the_sessions_scenario() {
    let session = exported_session();
    let exported = export_rust_test(&session);
    let json = embedded_json(&exported);
    assert_eq!(Scenario::from_json(json).unwrap(), *session.scenario());
}

#[test]
fn awkward_titles_still_make_valid_names_and_strings() {
    let mut scenario = preset_by_id("empty").unwrap().scenario();
    scenario.title = Some("\"#1\" \"## <script> 9 lives".to_owned());
    let session = Session::new(scenario.clone()).unwrap();
    let exported = export_rust_test(&session);
    assert!(
        exported.contains("fn scenario_1_script_9_lives_at_0_000_s()"),
        "{exported}"
    );
    // The title holds `"#` and `"##`, so the raw string needs three hashes.
    assert!(exported.contains("let json = r###\"{"));
    assert_eq!(
        Scenario::from_json(embedded_json(&exported)).unwrap(),
        scenario
    );

    scenario.title = None;
    let exported = export_rust_test(&Session::new(scenario).unwrap());
    assert!(exported.contains("fn untitled_scenario_at_0_000_s()"));
}

#[test]
fn braces_in_names_do_not_become_format_arguments() {
    let mut session = preset_by_id("empty").unwrap().session().unwrap();
    session
        .apply(Action::AddPublisher {
            topic: "q{1}x".to_owned(),
            rate: 5.0,
            pattern: "{n}}".to_owned(),
        })
        .unwrap();
    session.run_until(SimTime::from_secs_f64(1.0)).unwrap();
    let exported = export_rust_test(&session);
    assert!(
        exported.contains("assert_eq!(topic.published, 5, \"q{{1}}x published\");"),
        "{exported}"
    );
    // Every message of an assertion is a format string without arguments: once the doubled
    // braces are taken out, none is left.
    for line in exported.lines().filter(|line| line.contains("assert_eq!(")) {
        let message = &line[line.find(", \"").unwrap()..];
        let bare = message.replace("{{", "").replace("}}", "");
        assert!(!bare.contains('{') && !bare.contains('}'), "{line}");
    }
    assert!(exported.contains("counts.topic(\"q{1}x\")"), "{exported}");
}

/// The JSON between the raw string's delimiters in an export.
fn embedded_json(exported: &str) -> &str {
    let start = exported.find("let json = r").unwrap() + "let json = r".len();
    let hashes = exported[start..].chars().take_while(|&c| c == '#').count();
    let open = start + hashes + 1;
    let close = format!("\"{};", "#".repeat(hashes));
    let end = exported[open..].find(&close).unwrap() + open;
    &exported[open..end]
}
