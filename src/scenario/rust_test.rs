//! Turns a session into a Rust test that replays it and checks every count.
//!
//! A person who found something surprising in the playground can paste the result into
//! `tests/` and keep it as a regression test: the scenario travels inside as JSON, and the
//! assertions pin what the playground showed at that instant.

use std::fmt::Write;

use super::session::Session;

/// A complete test file: the `use` lines and one `#[test]` function that builds the session's
/// scenario from embedded JSON, runs it to the session's current instant, and asserts every
/// count of every topic, publisher and subscriber.
///
/// The file runs natively and, through `wasm-bindgen-test`, in the browser. The output is
/// already formatted as `rustfmt` would format it.
///
/// ```
/// use mini_kafka_playground::scenario::{export_rust_test, preset_by_id};
/// use mini_kafka_playground::sim::SimTime;
///
/// let mut session = preset_by_id("slow-consumer").unwrap().session()?;
/// session.run_until(SimTime::from_secs_f64(3.0))?;
/// let test = export_rust_test(&session);
/// assert!(test.contains("fn slow_consumer_at_3_000_s()"));
/// assert!(test.contains("Scenario::from_json(json)"));
/// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
/// ```
pub fn export_rust_test(session: &Session) -> String {
    let scenario = session.scenario();
    let now = session.now();
    let counts = session.counts();
    let title = scenario.title.as_deref().unwrap_or("Untitled scenario");
    let micros = now.as_micros();
    let seconds = format!("{}.{:03}", micros / 1_000_000, micros % 1_000_000 / 1_000);
    let name = format!("{}_at_{}_s", identifier(title), seconds.replace('.', "_"));
    let json = scenario.to_json_pretty();
    let hashes = "#".repeat(raw_string_hashes(&json));

    let mut out = String::new();
    // Writing to a String cannot fail; `let _ =` keeps the many writes readable.
    let _ = writeln!(
        out,
        "//! Exported from the mini-kafka playground: {}, run to {seconds} s.",
        quoted_for_doc(title)
    );
    out.push_str(
        "//!\n\
         //! The scenario is embedded as JSON. The test replays it and checks every count the\n\
         //! playground showed at that instant.\n\
         \n\
         use mini_kafka_playground::scenario::{Scenario, Session};\n\
         use mini_kafka_playground::sim::SimTime;\n\
         \n\
         #[cfg(target_arch = \"wasm32\")]\n\
         use wasm_bindgen_test::wasm_bindgen_test as test;\n\
         #[cfg(target_arch = \"wasm32\")]\n\
         wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);\n\
         \n\
         #[test]\n",
    );
    let _ = writeln!(out, "fn {name}() {{");
    let _ = writeln!(out, "    let json = r{hashes}\"{json}\"{hashes};");
    out.push_str(
        "    let scenario = Scenario::from_json(json).expect(\"the embedded scenario is valid\");\n\
         \x20   let mut session = Session::new(scenario).expect(\"the scenario builds\");\n\
         \x20   session\n",
    );
    let _ = writeln!(
        out,
        "        .run_until(SimTime::from_micros({}))",
        grouped(micros)
    );
    out.push_str(
        "        .expect(\"the timeline applies\");\n\
         \x20   let counts = session.counts();\n",
    );

    for topic in &counts.topics {
        let _ = write!(
            out,
            "\n    let topic = counts.topic({name:?}).expect(\"topic exists\");\n",
            name = topic.name
        );
        assert_line(
            &mut out,
            "topic.published",
            topic.published,
            &topic.name,
            "published",
        );
    }
    for publisher in &counts.publishers {
        let _ = write!(
            out,
            "\n    let publisher = counts.publisher({name:?}).expect(\"publisher exists\");\n",
            name = publisher.name
        );
        assert_line(
            &mut out,
            "publisher.published",
            publisher.published,
            &publisher.name,
            "published",
        );
    }
    for subscriber in &counts.subscribers {
        let _ = write!(
            out,
            "\n    let subscriber = counts.subscriber({name:?}).expect(\"subscriber exists\");\n",
            name = subscriber.name
        );
        let fields = [
            ("offered", subscriber.offered),
            ("delivered", subscriber.delivered),
            ("dropped", subscriber.dropped),
            ("evicted", subscriber.evicted),
            ("queued", subscriber.queued),
            ("discarded", subscriber.discarded),
        ];
        for (field, value) in fields {
            let expression = format!("subscriber.{field}");
            assert_line(&mut out, &expression, value, &subscriber.name, field);
        }
    }
    out.push_str("}\n");
    out
}

/// One `assert_eq!` whose message names the actor and the count.
fn assert_line(out: &mut String, expression: &str, value: u64, actor: &str, count: &str) {
    // `assert_eq!` reads its message as a format string: a brace in a name such as `q{1}`
    // must be doubled, or the test does not compile.
    let message = format!("{actor} {count}")
        .replace('{', "{{")
        .replace('}', "}}");
    let _ = writeln!(
        out,
        "    assert_eq!({expression}, {}, {message:?});",
        grouped(value)
    );
}

/// A snake_case identifier from a title: letters and digits kept, everything else one `_`.
fn identifier(title: &str) -> String {
    let mut name = String::new();
    for character in title.chars().flat_map(char::to_lowercase) {
        if character.is_ascii_alphanumeric() {
            name.push(character);
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_');
    match name.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => name.to_owned(),
        Some(_) => format!("scenario_{name}"),
        None => "scenario".to_owned(),
    }
}

/// How many `#` a raw string needs so that nothing in `text` ends it early.
fn raw_string_hashes(text: &str) -> usize {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    hashes
}

/// A title for a doc comment: quoted, on one line.
fn quoted_for_doc(title: &str) -> String {
    let one_line: String = title
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    format!("\"{one_line}\"")
}

/// A number with `_` between groups of three digits, as rustfmt leaves them and clippy
/// asks for past four digits.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push('_');
        }
        out.push(digit);
    }
    out
}
