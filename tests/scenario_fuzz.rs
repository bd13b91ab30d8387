//! Both scenario readers, `Scenario::from_json` and `decode_fragment`, against hostile
//! input: proptest used as a fuzzer, and the regression corpus in `tests/corpus/scenario/`.
//!
//! Whatever the input, neither reader panics, and a refusal comes with a message. Whatever
//! they accept builds a session that runs.
//!
//! Native only: proptest and the corpus on disk are not available in the browser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::PathBuf;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use mini_kafka_playground::scenario::{
    decode_fragment, encode_fragment, Scenario, ScenarioError, Session, MAX_SCENARIO_BYTES, PRESETS,
};
use mini_kafka_playground::sim::SimTime;
use proptest::prelude::*;

/// Checks one outcome: an error has text, and an accepted scenario builds and runs.
fn check(outcome: Result<Scenario, ScenarioError>) -> Result<(), TestCaseError> {
    match outcome {
        Err(error) => {
            prop_assert!(!error.to_string().trim().is_empty(), "{error:?}");
        }
        Ok(scenario) => {
            let mut session = Session::new(scenario).unwrap();
            session.run_until(SimTime::from_secs_f64(0.5)).unwrap();
        }
    }
    Ok(())
}

/// A share link around arbitrary bytes, deflated as the playground would.
fn packed(bytes: &[u8]) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(bytes, 6);
    format!("s1.{}", URL_SAFE_NO_PAD.encode(deflated))
}

fn preset_json() -> impl Strategy<Value = String> {
    prop::sample::select(
        PRESETS
            .iter()
            .map(|preset| preset.scenario().to_json_pretty())
            .collect::<Vec<_>>(),
    )
}

/// One edit of a document's text.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    /// Replaces the number that starts at or after a position.
    Number(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let hostile_numbers = prop::sample::select(vec![
        "1e400",
        "-1e400",
        "18446744073709551616",
        "-9223372036854775809",
        "1.7976931348623157e308",
        "-0",
        "0.0000000000000000000001",
        "4294967296",
        "NaN",
        "Infinity",
        "-1",
        "\"5\"",
        "null",
        "[]",
        "{}",
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Insert(at, c)),
        (
            any::<usize>(),
            prop::sample::select(vec!['{', '}', '[', ']', '"', ',', ':', '0', '-'])
        )
            .prop_map(|(at, c)| Mutation::Replace(at, c)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        (any::<usize>(), hostile_numbers).prop_map(|(at, n)| Mutation::Number(at, n.to_owned())),
        (any::<usize>(), any::<f64>()).prop_map(|(at, n)| Mutation::Number(at, n.to_string())),
        (any::<usize>(), any::<i64>()).prop_map(|(at, n)| Mutation::Number(at, n.to_string())),
    ]
}

fn mutate(json: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = json.chars().collect();
    for mutation in mutations {
        let len = chars.len().max(1);
        match mutation {
            Mutation::Delete(at) => {
                if !chars.is_empty() {
                    chars.remove(at % len);
                }
            }
            Mutation::Insert(at, c) => chars.insert(at % (chars.len() + 1), *c),
            Mutation::Replace(at, c) => {
                if !chars.is_empty() {
                    chars[at % len] = *c;
                }
            }
            Mutation::Number(at, number) => {
                let start = chars
                    .iter()
                    .skip(at % len)
                    .position(|c| c.is_ascii_digit())
                    .map(|offset| at % len + offset);
                if let Some(start) = start {
                    let end = chars[start..]
                        .iter()
                        .position(|c| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | '-')))
                        .map_or(chars.len(), |offset| start + offset);
                    chars.splice(start..end, number.chars());
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_are_refused_with_a_message(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        let text = String::from_utf8_lossy(&bytes);
        check(Scenario::from_json(&text))?;
        check(decode_fragment(&text))?;
        check(decode_fragment(&format!("s1.{text}")))?;
        check(decode_fragment(&format!("s1.{}", URL_SAFE_NO_PAD.encode(&bytes))))?;
        check(decode_fragment(&packed(&bytes)))?;
    }

    #[test]
    fn random_text_is_refused_with_a_message(text in "\\PC{0,300}") {
        check(Scenario::from_json(&text))?;
        check(decode_fragment(&text))?;
        check(decode_fragment(&packed(text.as_bytes())))?;
    }

    #[test]
    fn base64url_garbage_is_refused_with_a_message(text in "[A-Za-z0-9_-]{0,600}") {
        check(decode_fragment(&format!("s1.{text}")))?;
    }

    #[test]
    fn mutated_documents_never_panic(
        json in preset_json(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mutated = mutate(&json, &mutations);
        check(Scenario::from_json(&mutated))?;
        check(decode_fragment(&packed(mutated.as_bytes())))?;
    }

    #[test]
    fn truncated_documents_are_refused(json in preset_json(), cut in any::<prop::sample::Index>()) {
        let boundaries: Vec<usize> = json.char_indices().map(|(at, _)| at).collect();
        let end = boundaries[cut.index(boundaries.len())];
        let error = Scenario::from_json(&json[..end]).unwrap_err();
        prop_assert!(!error.to_string().is_empty());
        let fragment = encode_fragment(&Scenario::from_json(&json).unwrap());
        let cut_fragment = &fragment[..cut.index(fragment.len())];
        prop_assert!(decode_fragment(cut_fragment).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack(depth in 1usize..100_000, object in any::<bool>()) {
        let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        check(Scenario::from_json(&nested))?;
        let in_title = format!("{{\"version\": 1, \"seed\": 1, \"title\": {nested}}}");
        check(Scenario::from_json(&in_title))?;
        check(decode_fragment(&packed(in_title.as_bytes())))?;
    }
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    // Valid JSON all through, so only the size can refuse it.
    let title = "x".repeat(MAX_SCENARIO_BYTES);
    let json = format!("{{\"version\": 1, \"seed\": 1, \"title\": \"{title}\"}}");
    let error = Scenario::from_json(&json).unwrap_err();
    assert!(matches!(error, ScenarioError::TooLarge { .. }), "{error}");
    assert_eq!(
        decode_fragment(&packed(json.as_bytes())).unwrap_err(),
        ScenarioError::LinkTooLarge {
            max: MAX_SCENARIO_BYTES
        }
    );
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/scenario");
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext != "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_corpus_is_refused_with_clear_messages() {
    let files = corpus();
    assert!(files.len() >= 12, "{} files", files.len());
    for (name, bytes) in files {
        if name.starts_with("accept-") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let error = Scenario::from_json(&text).unwrap_err();
        let message = error.to_string();
        assert!(!message.trim().is_empty(), "{name}");
        assert!(
            message.len() < 400,
            "{name}: a message, not a dump: {message}"
        );

        let packed_error = decode_fragment(&packed(&bytes)).unwrap_err();
        if !bytes.is_empty() && std::str::from_utf8(&bytes).is_ok() {
            // Inside a link the document is refused for the same reason.
            assert_eq!(packed_error, error, "{name}");
        }
        let garbage = decode_fragment(&text).unwrap_err();
        assert!(
            garbage.is_damaged_link() || garbage == error,
            "{name}: {garbage}"
        );
        let garbage = decode_fragment(&format!("s1.{text}")).unwrap_err();
        assert!(!garbage.to_string().is_empty(), "{name}");
    }
}

#[test]
fn the_corpus_messages_say_what_is_wrong() {
    let expected = [
        (
            "binary-garbage.bin",
            "not a valid scenario: expected value at line 1 column 1",
        ),
        (
            "close-twice.json",
            "timeline[1] at 1 s: close of closed channel",
        ),
        (
            "deeply-nested.json",
            "recursion limit exceeded at line 1 column",
        ),
        (
            "deeply-nested-version.json",
            "recursion limit exceeded at line 1 column",
        ),
        ("empty.json", "EOF while parsing a value at line 1 column 0"),
        (
            "hostile-control-characters.json",
            "topics[0]: a topic name cannot contain control characters",
        ),
        (
            "hostile-script-in-topic.json",
            "topics[0]: a topic name has at most 40 characters",
        ),
        (
            "hostile-unknown-field.json",
            "topics[0]: unknown field \"onclick\" (expected name)",
        ),
        (
            "huge-exponent.json",
            "number out of range at line 1 column 74",
        ),
        (
            "huge-numbers.json",
            "seed: expected a whole number from 0 to 18446744073709551615",
        ),
        (
            "huge-rate.json",
            "publishers[0]: the rate can be at most 10000 messages per second",
        ),
        (
            "malformed-trailing-comma.json",
            "trailing comma at line 1 column 57",
        ),
        (
            "missing-version.json",
            "the scenario needs a whole-number \"version\"",
        ),
        (
            "nan-as-string.json",
            "publishers[0].rate: expected a number, found text",
        ),
        ("nan-rate.json", "expected value at line 1 column 70"),
        (
            "negative-capacity.json",
            "subscribers[0]: the capacity must be a whole number from 0 to 10000",
        ),
        (
            "negative-time.json",
            "timeline[0].at_s: the time must be a number of seconds from 0 to 3600",
        ),
        ("not-an-object.json", "a scenario is a JSON object"),
        (
            "question-unknown-subscriber.json",
            "subscriber \"A\", which does not exist at its time",
        ),
        (
            "truncated.json",
            "EOF while parsing a string at line 1 column 109",
        ),
        (
            "unknown-action-field.json",
            "timeline[0].action: unknown field \"html\"",
        ),
        (
            "unknown-actor.json",
            "timeline[0] at 1 s: no publisher is named \"P2\" at that time",
        ),
        (
            "unknown-policy.json",
            "subscribers[0].policy: unknown policy \"drop-everything\"",
        ),
        (
            "unknown-version.json",
            "unsupported scenario version 2 (this playground reads version 1)",
        ),
        ("unsorted-timeline.json", "list the timeline in time order"),
        (
            "wrong-types.json",
            "seed: expected a whole number, found text",
        ),
    ];
    let files = corpus();
    let mut checked = Vec::new();
    for (name, part) in expected {
        let (_, bytes) = files.iter().find(|(file, _)| file == name).unwrap();
        checked.push(name);
        let message = Scenario::from_json(&String::from_utf8_lossy(bytes))
            .unwrap_err()
            .to_string();
        assert!(message.contains(part), "{name}: {message}");
    }
    // Every refused file has its message pinned here.
    for (name, _) in &files {
        assert!(
            name.starts_with("accept-") || checked.contains(&name.as_str()),
            "{name} needs an expected message"
        );
    }
}

#[test]
fn hostile_text_in_accepted_files_is_kept_verbatim() {
    for (name, bytes) in corpus() {
        if !name.starts_with("accept-") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let scenario = Scenario::from_json(&text).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(scenario.title.as_deref(), raw["title"].as_str(), "{name}");
        assert_eq!(scenario.watch.as_deref(), raw["watch"].as_str(), "{name}");
        assert_eq!(
            Some(scenario.publishers[0].pattern.as_str()),
            raw["publishers"][0]["pattern"].as_str()
        );
        assert_eq!(
            decode_fragment(&encode_fragment(&scenario)).unwrap(),
            scenario
        );
        check(Ok(scenario)).unwrap();
    }
}
