//! The generated Go and Rust programs: what each setting becomes, how text from the page is
//! escaped, and proof that the Rust program compiles.
//!
//! `tests/generated/` holds the programs for two topologies: the slow-consumer preset, and
//! one that uses every policy, an unbuffered channel, a closed topic, jitter and a payload
//! full of markup. The tests check that the generators still write exactly those files
//! (regenerate them with `UPDATE_GENERATED=1 cargo test --test codegen` after an intended
//! change) and the Rust files are compiled twice: as modules of this test, and, natively,
//! by `rustc` as the standalone programs they are, with every warning an error.

use std::rc::Rc;

use mini_kafka_playground::broker::{Capacity, OverflowPolicy, TopicName};
use mini_kafka_playground::codegen::{
    go_program, go_quote, rust_program, rust_quote, Named, TopicSetup, Topology,
};
use mini_kafka_playground::scenario::{preset_by_id, Action, SubscriberEntry, PRESETS};
use mini_kafka_playground::sim::{
    Jitter, PayloadPattern, ProcessingTime, PublisherSpec, Rate, SimTime, SubscriberSpec,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

// The checked-in programs, compiled with this test, so that output which stops compiling
// fails the build. Their private `main` is never called from here, hence the allowance;
// the standalone compile below denies dead code.
#[allow(dead_code)]
#[path = "generated/every_feature.rs"]
mod every_feature;
#[allow(dead_code)]
#[path = "generated/slow_consumer.rs"]
mod slow_consumer;

const SLOW_CONSUMER_GO: &str = include_str!("generated/slow_consumer.go");
const SLOW_CONSUMER_RS: &str = include_str!("generated/slow_consumer.rs");
const EVERY_FEATURE_GO: &str = include_str!("generated/every_feature.go");
const EVERY_FEATURE_RS: &str = include_str!("generated/every_feature.rs");

/// The payload the brief of every escaping test uses: markup, quotes and a backslash.
const HOSTILE: &str = r#""<script>alert(1)</script>\""#;

fn topic(name: &str) -> TopicName {
    TopicName::new(name).unwrap()
}

fn publisher(name: &str, topic_name: &str, rate: f64, pattern: &str) -> Named<PublisherSpec> {
    Named {
        name: Rc::from(name),
        spec: PublisherSpec {
            topic: topic(topic_name),
            rate: Rate::per_second(rate).unwrap(),
            pattern: PayloadPattern::new(pattern).unwrap(),
        },
    }
}

fn subscriber(
    name: &str,
    topic_name: &str,
    capacity: usize,
    policy: OverflowPolicy,
    processing_ms: f64,
) -> Named<SubscriberSpec> {
    Named {
        name: Rc::from(name),
        spec: SubscriberSpec {
            topic: topic(topic_name),
            capacity: Capacity::new(capacity).unwrap(),
            policy,
            processing: ProcessingTime::from_millis(processing_ms).unwrap(),
            jitter: Jitter::NONE,
        },
    }
}

fn open_topic(name: &str) -> TopicSetup {
    TopicSetup {
        name: topic(name),
        closed: false,
    }
}

/// The slow-consumer preset as it starts.
fn slow_consumer_topology() -> Topology {
    let session = preset_by_id("slow-consumer").unwrap().session().unwrap();
    Topology::of(&session.snapshot(0))
}

/// Every policy, both kinds of drop-oldest, an unbuffered channel, a closed topic with a
/// subscriber and a publisher, an empty topic, jitter, a fractional rate and `HOSTILE`.
fn every_feature_topology() -> Topology {
    let mut jittery = subscriber("B", "orders", 3, OverflowPolicy::DropOldest, 500.0);
    jittery.spec.jitter = Jitter::new(0.2).unwrap();
    Topology {
        topics: vec![
            open_topic("orders"),
            TopicSetup {
                name: topic("audit"),
                closed: true,
            },
            open_topic("<b>empty</b>"),
        ],
        publishers: vec![
            publisher("P1", "orders", 5.0, "order #{n}"),
            publisher("P2", "orders", 2.5, HOSTILE),
            publisher("P3", "audit", 3.0, "audit {n}"),
        ],
        subscribers: vec![
            subscriber("A", "orders", 4, OverflowPolicy::DropNewest, 20.0),
            jittery,
            subscriber("C", "orders", 1, OverflowPolicy::Block, 1_000.0),
            subscriber("D", "orders", 2, OverflowPolicy::Disconnect, 450.0),
            subscriber("E", "orders", 0, OverflowPolicy::DropNewest, 0.0),
            subscriber("F", "orders", 0, OverflowPolicy::DropOldest, 1_500.0),
            subscriber("G", "audit", 2, OverflowPolicy::DropNewest, 100.0),
        ],
    }
}

/// Compares `generated` with the checked-in `expected`, or rewrites the file under
/// `UPDATE_GENERATED`.
fn check_generated(file: &str, generated: &str, expected: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        let path = format!("{}/tests/generated/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(path, generated).unwrap();
        return;
    }
    if generated != expected {
        let line = generated
            .lines()
            .zip(expected.lines())
            .position(|(ours, theirs)| ours != theirs)
            .unwrap_or_else(|| generated.lines().count().min(expected.lines().count()));
        panic!(
            "tests/generated/{file} differs from the generator's output at line {}; \
             regenerate it with UPDATE_GENERATED=1 cargo test --test codegen",
            line + 1
        );
    }
}

#[test]
fn the_checked_in_programs_are_what_the_generators_write() {
    let slow = slow_consumer_topology();
    check_generated("slow_consumer.go", &go_program(&slow), SLOW_CONSUMER_GO);
    check_generated("slow_consumer.rs", &rust_program(&slow), SLOW_CONSUMER_RS);
    let every = every_feature_topology();
    check_generated("every_feature.go", &go_program(&every), EVERY_FEATURE_GO);
    check_generated("every_feature.rs", &rust_program(&every), EVERY_FEATURE_RS);
}

/// Compiles each checked-in Rust program as the standalone binary a person would build,
/// with every warning an error, so unused code or a lint in the generator's output fails.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_checked_in_rust_programs_compile_standalone_without_warnings() {
    let out_dir = std::env::temp_dir().join(format!("codegen-check-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for file in ["slow_consumer.rs", "every_feature.rs"] {
        let path = format!("{}/tests/generated/{file}", env!("CARGO_MANIFEST_DIR"));
        let output = std::process::Command::new("rustc")
            .args([
                "--edition",
                "2021",
                "--crate-type",
                "bin",
                "--emit",
                "metadata",
            ])
            .args(["-D", "warnings", "--out-dir"])
            .arg(&out_dir)
            .arg(&path)
            .output()
            .expect("rustc runs");
        assert!(
            output.status.success(),
            "{file} does not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn capacities_become_unbuffered_and_buffered_channels() {
    let topology = Topology {
        topics: vec![open_topic("orders")],
        publishers: vec![publisher("P1", "orders", 5.0, "order #{n}")],
        subscribers: vec![
            subscriber("A", "orders", 0, OverflowPolicy::DropNewest, 20.0),
            subscriber("B", "orders", 2, OverflowPolicy::DropNewest, 600.0),
        ],
    };

    let go = go_program(&topology);
    assert!(go.contains("\tsubA := b.Subscribe(\"orders\", \"A\", make(chan string))\n"));
    assert!(go.contains("\tsubB := b.Subscribe(\"orders\", \"B\", make(chan string, 2))\n"));
    assert!(go.contains("Its channel is unbuffered, a rendezvous:"));
    assert!(go.contains("\tgo subA.consume(20 * time.Millisecond)\n"));
    assert!(go.contains("\tgo subB.consume(600 * time.Millisecond)\n"));
    assert!(go.contains("\tgo pubP1.run(b, 200*time.Millisecond)\n"));

    let rust = rust_program(&topology);
    let a = rust
        .find("let (sender, receiver) = sync_channel(0);")
        .unwrap();
    let b = rust
        .find("let (sender, receiver) = sync_channel(2);")
        .unwrap();
    assert!(a < b, "A is subscribed before B");
    assert!(rust
        .contains("let sub_a = broker.subscribe(\"orders\", \"A\", Queue::DropNewest(sender));"));
    assert!(rust.contains("spawn_consumer(receiver, Duration::from_millis(600), &sub_b);"));
    assert!(rust.contains("pub_p1.spawn(&broker, Duration::from_millis(200));"));
    assert!(rust.contains("a rendezvous: a message gets through only\n    // while A is waiting"));
}

#[test]
fn one_policy_gives_the_seed_design_without_a_policy_type() {
    let go = go_program(&slow_consumer_topology());
    assert!(!go.contains("type policy int"));
    assert!(go.contains(
        "func (b *Broker) Subscribe(topic, name string, ch chan string) *subscription {"
    ));
    assert!(go.contains(
        "\tfor _, s := range b.topics[topic] {\n\
         \t\tselect {\n\
         \t\tcase s.ch <- msg:\n\
         \t\tdefault:\n\
         \t\t\t// subscriber too slow: message dropped\n\
         \t\t\ts.dropped.Add(1)\n\
         \t\t}\n\
         \t}\n"
    ));
    assert!(!go.contains("Close("), "no topic is closed");
    assert!(!go.contains("recover()"));

    let rust = rust_program(&slow_consumer_topology());
    assert!(rust.contains("enum Queue {\n    /// The seed design"));
    assert!(!rust.contains("Queue::Block"));
    assert!(!rust.contains("RingSender"));
    assert!(!rust.contains("allow(dead_code)"));
}

#[test]
fn each_policy_maps_to_its_send() {
    let every = every_feature_topology();
    let go = go_program(&every);
    assert!(go
        .contains("const (\n\tdropNewest policy = iota\n\tdropOldest\n\tblock\n\tdisconnect\n)\n"));
    // Drop-oldest: a non-blocking receive, then the send again.
    assert!(go.contains(
        "\t\tcase dropOldest:\n\
         \t\t\tselect {\n\
         \t\t\tcase s.ch <- msg:\n\
         \t\t\tdefault:\n"
    ));
    assert!(go.contains("\t\t\t\tcase <-s.ch:\n\t\t\t\t\ts.evicted.Add(1)\n"));
    // Block: a plain send.
    assert!(go.contains("\t\tcase block:\n"));
    assert!(go.contains("\t\t\ts.ch <- msg\n\t\tcase disconnect:\n"));
    // Disconnect: closed and taken out of the slice under the write lock.
    assert!(go.contains("\t\t\t\tcut = append(cut, s)\n"));
    assert!(go.contains("subs = append(subs[:i], subs[i+1:]...)\n\t\t\t\tclose(s.ch)\n"));
    assert!(go.contains("subC := b.Subscribe(\"orders\", \"C\", make(chan string, 1), block)"));
    assert!(go.contains("subD := b.Subscribe(\"orders\", \"D\", make(chan string, 2), disconnect)"));
    assert!(go.contains("subF := b.Subscribe(\"orders\", \"F\", make(chan string), dropOldest)"));

    let rust = rust_program(&every);
    assert!(rust.contains("Queue::DropNewest(sender) => {\n                    if let Err(TrySendError::Full(_)) = sender.try_send(message.to_owned()) {"));
    assert!(rust.contains("Queue::Block(sender) => {"));
    assert!(rust.contains("let _ = sender.send(message.to_owned());"));
    assert!(
        rust.contains(".retain(|kept| !cut.iter().any(|gone| Arc::ptr_eq(gone, &kept.counts)));")
    );
    // Drop-oldest with a buffer needs the evicting queue; without one it drops.
    assert!(rust.contains("let (sender, receiver) = ring(3);"));
    assert!(rust
        .contains("let sub_b = broker.subscribe(\"orders\", \"B\", Queue::DropOldest(sender));"));
    assert!(rust
        .contains("let sub_f = broker.subscribe(\"orders\", \"F\", Queue::DropNewest(sender));"));
    assert!(rust.contains("std's channel keeps its buffer on the\n/// receiving side"));
    assert!(rust.contains("Queue::Disconnect(sender));"));
}

#[test]
fn a_closed_topic_is_closed_before_its_publishers_start() {
    let every = every_feature_topology();
    let go = go_program(&every);
    let close = go.find("\tb.Close(\"audit\")\n").unwrap();
    let subscribe = go.find("subG := b.Subscribe(\"audit\"").unwrap();
    let publish = go.find("go pubP3.run(b, 333333*time.Microsecond)").unwrap();
    assert!(subscribe < close && close < publish);
    assert!(go.contains("if r := recover(); r != nil {"));

    let rust = rust_program(&every);
    let close = rust.find("    broker.close(\"audit\");\n").unwrap();
    let publish = rust
        .find("pub_p3.spawn(&broker, Duration::from_micros(333333));")
        .unwrap();
    assert!(close < publish);
    assert!(rust.contains("return Err(\"send on closed channel\");"));
}

#[test]
fn markup_in_payloads_and_names_stays_inside_escaped_literals() {
    assert_eq!(go_quote(HOSTILE), r#""\"<script>alert(1)</script>\\\"""#);
    assert_eq!(rust_quote(HOSTILE), r#""\"<script>alert(1)</script>\\\"""#);

    let every = every_feature_topology();
    let go = go_program(&every);
    assert!(go.contains(
        r#"pubP2 := &publisher{name: "P2", topic: "orders", pattern: "\"<script>alert(1)</script>\\\""}"#
    ));
    assert!(go.contains("// Topic \"<b>empty</b>\" has no publishers or subscribers yet."));
    let rust = rust_program(&every);
    assert!(rust.contains(
        r#"let pub_p2 = Publisher::new("P2", "orders", "\"<script>alert(1)</script>\\\"");"#
    ));
    // The raw text never appears unescaped.
    assert!(!go.contains(HOSTILE));
    assert!(!rust.contains(HOSTILE));
}

#[test]
fn control_and_invisible_characters_are_escaped_in_each_language() {
    let text = "a\nb\t\u{7}\u{0}\u{202e}\u{feff}\u{e9}\u{1F600}\u{10FFFF}";
    assert_eq!(go_quote(text), r#""a\nb\t\a\x00\u202e\ufeffé😀\U0010ffff""#);
    assert_eq!(
        rust_quote(text),
        r#""a\nb\t\u{7}\0\u{202e}\u{feff}é😀\u{10ffff}""#
    );

    // A line break in a pattern cannot end a comment or a literal.
    let topology = Topology {
        topics: vec![open_topic("orders")],
        publishers: vec![publisher("P1", "orders", 1.0, "line\n// injected {n}")],
        subscribers: Vec::new(),
    };
    for program in [go_program(&topology), rust_program(&topology)] {
        assert!(program.contains(r#""line\n// injected {n}""#));
        assert!(!program
            .lines()
            .any(|line| line.trim_start() == "// injected {n}\","));
    }
}

#[test]
fn names_that_are_not_identifiers_get_numbered_variables() {
    let topology = Topology {
        topics: vec![open_topic("orders")],
        publishers: vec![publisher("<P>", "orders", 1.0, "x")],
        subscribers: vec![
            subscriber("A", "orders", 1, OverflowPolicy::DropNewest, 1.0),
            subscriber("a", "orders", 1, OverflowPolicy::DropNewest, 1.0),
            subscriber("💥", "orders", 1, OverflowPolicy::DropNewest, 1.0),
        ],
    };
    let go = go_program(&topology);
    assert!(go.contains("pubP := &publisher{name: \"<P>\""));
    assert!(go.contains("// \"<P>\" publishes 1 message a second."));
    assert!(go.contains("suba := b.Subscribe(\"orders\", \"a\""));
    assert!(go.contains("sub3 := b.Subscribe(\"orders\", \"💥\""));
    let rust = rust_program(&topology);
    assert!(rust.contains("let sub_a = broker.subscribe(\"orders\", \"A\""));
    assert!(rust.contains("let sub2 = broker.subscribe(\"orders\", \"a\""));
    assert!(rust.contains("let sub3 = broker.subscribe(\"orders\", \"💥\""));
}

#[test]
fn a_long_topic_name_lays_calls_out_one_argument_per_line() {
    let long = "a-topic-name-of-exactly-forty-characters";
    assert_eq!(long.chars().count(), 40);
    let topology = Topology {
        topics: vec![open_topic(long)],
        publishers: vec![publisher("P1", long, 1.0, "x {n}")],
        subscribers: vec![subscriber("A", long, 1, OverflowPolicy::DropNewest, 1.0)],
    };
    let rust = rust_program(&topology);
    assert!(rust.contains(&format!(
        "    let sub_a = broker.subscribe(\n        \"{long}\",\n        \"A\",\n        \
         Queue::DropNewest(sender),\n    );\n"
    )));
    assert!(rust.contains(&format!(
        "    let pub_p1 = Publisher::new(\"P1\", \"{long}\", \"x {{n}}\");\n"
    )));
}

#[test]
fn an_empty_topology_still_makes_whole_programs() {
    let topology = Topology {
        topics: vec![open_topic("orders")],
        ..Topology::default()
    };
    let go = go_program(&topology);
    assert!(go.contains("// Topic \"orders\" has no publishers or subscribers yet."));
    // Go refuses a variable that is never used, so main has no broker.
    assert!(!go.contains("b := NewBroker()"));
    let rust = rust_program(&topology);
    assert!(rust.contains("#![allow(dead_code)]"));
    assert!(!rust.contains("let broker = Arc::new"));
    assert!(!rust.contains("= sync_channel("), "nothing makes a channel");
}

#[test]
fn the_code_follows_the_topology_and_ignores_the_counters() {
    let mut session = preset_by_id("slow-consumer").unwrap().session().unwrap();
    let start = Topology::of(&session.snapshot(0));
    session.run_until(SimTime::from_secs_f64(4.0)).unwrap();
    let later = Topology::of(&session.snapshot(0));
    assert_eq!(later, start, "messages flowed, the topology stayed");

    session
        .apply(Action::AddSubscriber(SubscriberEntry {
            topic: "orders".to_owned(),
            capacity: 7,
            policy: OverflowPolicy::Block,
            processing_ms: 250.0,
            jitter: 0.0,
        }))
        .unwrap();
    let grown = Topology::of(&session.snapshot(0));
    assert_ne!(grown, start);
    assert_eq!(grown.subscribers.len(), 4);
    let go = go_program(&grown);
    assert!(go.contains("subD := b.Subscribe(\"orders\", \"D\", make(chan string, 7), block)"));
    assert!(go.contains("go subD.consume(250 * time.Millisecond)"));
    let rust = rust_program(&grown);
    assert!(rust.contains("let sub_d = broker.subscribe(\"orders\", \"D\", Queue::Block(sender));"));
}

#[test]
fn every_preset_gives_both_programs_with_every_actor() {
    for preset in PRESETS {
        let topology = Topology::of(&preset.session().unwrap().snapshot(0));
        let go = go_program(&topology);
        let rust = rust_program(&topology);
        let subscribers = topology.subscribers.len();
        let actors = subscribers + topology.publishers.len();
        assert_eq!(
            go.matches(" := b.Subscribe(").count(),
            subscribers,
            "{}",
            preset.id
        );
        assert_eq!(
            rust.matches(" = broker.subscribe(").count(),
            subscribers,
            "{}",
            preset.id
        );
        assert_eq!(go.matches(".report()\n").count(), actors, "{}", preset.id);
        assert_eq!(
            rust.matches(".report();\n").count(),
            actors,
            "{}",
            preset.id
        );
        for topic in &topology.topics {
            let comment = format!("// Topic {}", go_quote(topic.name.as_str()));
            assert!(go.contains(&comment), "{}: {comment}", preset.id);
        }
    }
}

/// The slow-consumer preset with the subscribers named in `blocking` set to block.
fn slow_consumer_with_block(blocking: &[&str]) -> Topology {
    let mut topology = slow_consumer_topology();
    for subscriber in &mut topology.subscribers {
        if blocking.contains(&&*subscriber.name) {
            subscriber.spec.policy = OverflowPolicy::Block;
        }
    }
    topology
}

#[test]
fn the_header_promises_no_waiting_only_without_a_block_subscriber() {
    let drop_newest = slow_consumer_topology();
    assert!(drop_newest
        .subscribers
        .iter()
        .all(|subscriber| subscriber.spec.policy == OverflowPolicy::DropNewest));
    assert!(go_program(&drop_newest).starts_with(
        "// Generated by the mini-kafka playground from its current topology: the seed\n\
         // design, a map from topic to one channel per subscriber, where a publisher never\n\
         // waits for a slow subscriber.\n//\n"
    ));
    assert!(rust_program(&drop_newest).starts_with(
        "//! Generated by the mini-kafka playground from its current topology: the seed\n\
         //! design in Rust with only the standard library. Each subscriber has a bounded\n\
         //! channel, `sync_channel(n)`, and a publisher never waits for a slow one.\n//!\n"
    ));

    // The playground's demo with C's "when full" set to block.
    let one_blocks = slow_consumer_with_block(&["C"]);
    let go = go_program(&one_blocks);
    assert!(go.starts_with(
        "// Generated by the mini-kafka playground from its current topology: the seed\n\
         // design, a map from topic to one channel per subscriber, where a publisher waits\n\
         // only for a subscriber whose policy is block: while its buffer is full, the\n\
         // publisher waits for room, and the subscribers after it in the fan-out wait for\n\
         // the message.\n//\n"
    ));
    assert!(!go.contains("never waits"));
    assert!(go.contains(
        "\t// P1 publishes 5 messages a second when no block subscriber holds it back.\n"
    ));
    assert!(go.contains(
        "// The ticker drops the ticks that come while it waits for a block subscriber,\n"
    ));
    let rust = rust_program(&one_blocks);
    assert!(rust.starts_with(
        "//! Generated by the mini-kafka playground from its current topology: the seed\n\
         //! design in Rust with only the standard library. Each subscriber has a bounded\n\
         //! channel, `sync_channel(n)`. A publisher waits only for a subscriber whose\n\
         //! policy is block: while its buffer is full, the publisher waits for room, and\n\
         //! the subscribers after it in the fan-out wait for the message.\n//!\n"
    ));
    assert!(!rust.contains("never waits"));
    assert!(rust.contains(
        "    // P1 publishes 5 messages a second when no block subscriber holds it back.\n"
    ));
    assert!(rust.contains(
        "/// After a wait for a block subscriber it sends the messages it fell behind by\n"
    ));

    let all_block = slow_consumer_with_block(&["A", "B", "C"]);
    assert!(go_program(&all_block).starts_with(
        "// Generated by the mini-kafka playground from its current topology: the seed\n\
         // design, a map from topic to one channel per subscriber, with backpressure: a\n\
         // publisher waits for room in each subscriber's buffer in turn, so a slow\n\
         // subscriber holds back the publisher and every subscriber after it in the\n\
         // fan-out.\n//\n"
    ));
    let rust = rust_program(&all_block);
    assert!(rust.starts_with(
        "//! Generated by the mini-kafka playground from its current topology: the seed\n\
         //! design in Rust with only the standard library. Each subscriber has a bounded\n\
         //! channel, `sync_channel(n)`, and a publisher waits for room in each one's buffer\n\
         //! in turn, so a slow subscriber holds back the publisher and every subscriber\n\
         //! after it in the fan-out.\n//!\n"
    ));
    // A blocking send counts nothing, so the broker holds no counts to share.
    assert!(rust
        .contains("/// One subscriber's counts, shared by `main` and the subscriber's thread.\n"));
}
