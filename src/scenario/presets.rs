//! The playground's ready-made scenarios, one lesson each.
//!
//! Each preset is a Rust constructor with a stable id, which share links, the page's query
//! string and tests use to name it. The id never changes once published; the title and the
//! words may.

use crate::broker::OverflowPolicy::{self, Block, Disconnect, DropNewest, DropOldest};

use super::action::Action;
use super::document::{
    Measure, PublisherEntry, Question, Scenario, SubscriberEntry, TimedAction, TopicEntry,
};
use super::error::ScenarioError;
use super::session::Session;

/// The seed every preset starts from, so that a run can be told and repeated exactly.
pub const DEFAULT_SEED: u64 = 1;

/// The preset a first-time visitor sees.
pub const DEFAULT_PRESET: &str = "slow-consumer";

/// A ready-made scenario: what it is called, what it teaches, and how to build it.
#[derive(Debug)]
pub struct Preset {
    /// Its stable id, such as `slow-consumer`.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What it shows, in a few sentences.
    pub explanation: &'static str,
    /// What to look at while it runs.
    pub watch: &'static str,
    /// Whether the clock runs as soon as it is shown; the empty start waits for the person.
    pub runs_at_once: bool,
    build: fn(&mut Scenario),
}

impl Preset {
    /// The preset's scenario, with its title, explanation and hint.
    pub fn scenario(&self) -> Scenario {
        let mut scenario = Scenario::new(DEFAULT_SEED);
        scenario.title = Some(self.title.to_owned());
        scenario.explanation = Some(self.explanation.to_owned());
        scenario.watch = Some(self.watch.to_owned());
        (self.build)(&mut scenario);
        scenario
    }

    /// A session of the preset's scenario at time zero.
    pub fn session(&self) -> Result<Session, ScenarioError> {
        Session::new(self.scenario())
    }
}

/// The preset with this id.
///
/// ```
/// use mini_kafka_playground::scenario::preset_by_id;
///
/// assert_eq!(preset_by_id("empty").map(|preset| preset.runs_at_once), Some(false));
/// assert!(preset_by_id("no-such-preset").is_none());
/// ```
pub fn preset_by_id(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

/// Every preset, in the order the playground lists them: from the first thing to see to
/// the subtler lessons, with the empty start last.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "slow-consumer",
        title: "Slow consumer",
        explanation: "P1 publishes 5 messages a second to three subscribers. A and B keep up \
            easily. C takes 600 ms per message and has only two slots, so its buffer is full \
            within a second and the broker drops what does not fit, for C only.",
        watch: "C's drop count climbs while A and B receive everything, and P1 never slows \
            down.",
        runs_at_once: true,
        build: slow_consumer,
    },
    Preset {
        id: "unbuffered-rendezvous",
        title: "Unbuffered rendezvous",
        explanation: "With capacity 0 a message is handed over only if the subscriber is \
            waiting at its channel at that instant, like an unbuffered Go channel. A is back \
            at once and gets every message. B is still busy with the last one when the next \
            arrives, so it gets every other message.",
        watch: "B's drops say \"no receiver waiting\": there is no buffer to wait in.",
        runs_at_once: true,
        build: unbuffered_rendezvous,
    },
    Preset {
        id: "buffer-of-two",
        title: "A buffer of two",
        explanation: "A and B have two slots each and take 20 s per message. The first \
            message goes straight to the waiting subscriber, the next two fill the slots, and \
            the fourth finds them full. A drops it and P1 goes on; B uses the block policy, \
            so P2 waits at the fourth message until B has room.",
        watch: "A's buffer gauge stops at 2 of 2 and its drops start; P2 turns blocked.",
        runs_at_once: true,
        build: buffer_of_two,
    },
    Preset {
        id: "fan-out",
        title: "Fan-out",
        explanation: "Every subscriber of a topic gets its own copy of every message: one \
            publish becomes six deliveries. The payload itself is shared, not copied.",
        watch: "The topic's published count grows by one per message, the deliveries by six.",
        runs_at_once: true,
        build: fan_out,
    },
    Preset {
        id: "close-then-drain",
        title: "Close, then drain",
        explanation: "P1 stops at 3 s and the topic is closed at once. Closing throws nothing \
            away: A goes on receiving what it has buffered, one message every 400 ms, and \
            only then sees the channel closed, as a Go range loop ends after the last \
            buffered value.",
        watch: "After the close, A's buffer empties message by message before A is drained.",
        runs_at_once: true,
        build: close_then_drain,
    },
    Preset {
        id: "send-on-closed",
        title: "Send on a closed channel",
        explanation: "In Go, sending on a closed channel panics. The topic orders is closed at \
            3 s while P1 still publishes on it, so P1's next send panics and P1 stops. Only \
            that goroutine dies: P2 and B, on the topic audit, carry on.",
        watch: "The log's close category shows the close, then P1's panic.",
        runs_at_once: true,
        build: send_on_closed,
    },
    Preset {
        id: "block-stalls-everyone",
        title: "Block stalls everyone",
        explanation: "B uses the block policy: when its one slot is full, P1 waits for room \
            instead of dropping. While P1 waits nobody gets anything, so A, who could keep up \
            with ease, now receives at B's pace of one message a second.",
        watch: "P1 turns blocked, A's deliveries slow to B's pace, and nothing is dropped.",
        runs_at_once: true,
        build: block_stalls_everyone,
    },
    Preset {
        id: "drop-oldest-vs-newest",
        title: "Drop-oldest vs drop-newest",
        explanation: "A and B are equally slow, with three slots each; only their policy \
            differs. When A's buffer is full the new message is dropped, so A works through \
            old messages. B evicts its oldest buffered message instead, so it works on recent \
            ones, and is told how many it missed.",
        watch: "Compare the message numbers A and B receive: A falls further behind P1, B \
            stays close.",
        runs_at_once: true,
        build: drop_oldest_vs_newest,
    },
    Preset {
        id: "disconnect-slow-consumer",
        title: "Disconnect a slow consumer",
        explanation: "When B's buffer overflows, the broker cuts B off rather than drop one \
            message, as Redis does with a client over its output-buffer limit. What B had \
            buffered is discarded and counted. A is not affected.",
        watch: "B turns disconnected at its first overflow; its discarded count shows what \
            was in its buffer.",
        runs_at_once: true,
        build: disconnect_slow_consumer,
    },
    Preset {
        id: "scheduling-loss",
        title: "Loss by scheduling alone",
        explanation: "P1 and P2 publish at the same rate to unbuffered subscribers, without \
            waiting. A message gets through only if the subscriber is back at its channel at \
            that instant, which depends on where the two publishers' ticks fall, and that is \
            drawn from the seed. Change the seed and the losses change, though nothing else \
            did.",
        watch: "Run it with another seed and compare who drops, and how much.",
        runs_at_once: true,
        build: scheduling_loss,
    },
    Preset {
        id: "heavy-load",
        title: "Heavy load",
        explanation: "Ten publishers each send 1,000 messages a second to one topic with a \
            hundred subscribers: every message is offered to all hundred, so the broker makes \
            a million deliveries per simulated second. Each subscriber takes 50 µs per \
            message and has 16 slots, enough to absorb the bursts when several publishers' \
            ticks fall close together. Fan-out costs publishers × subscribers, not \
            publishers alone.",
        watch: "Whether the clock keeps up: at high speeds the page says how fast it really \
            runs. The ledger still balances for every subscriber at a million deliveries a \
            second.",
        runs_at_once: true,
        build: heavy_load,
    },
    Preset {
        id: "empty",
        title: "Empty topic",
        explanation: "Only the topic orders, paused at time zero. Add publishers and \
            subscribers, then press run.",
        watch: "Every change you make is recorded, so a shared link replays it exactly.",
        runs_at_once: false,
        build: empty,
    },
];

fn topic(name: &str) -> TopicEntry {
    TopicEntry {
        name: name.to_owned(),
    }
}

fn publisher(topic: &str, rate: f64, pattern: &str) -> PublisherEntry {
    PublisherEntry {
        topic: topic.to_owned(),
        rate,
        pattern: pattern.to_owned(),
        start_s: None,
        stop_s: None,
    }
}

fn subscriber(
    topic: &str,
    capacity: u64,
    policy: OverflowPolicy,
    processing_ms: f64,
) -> SubscriberEntry {
    SubscriberEntry {
        topic: topic.to_owned(),
        capacity,
        policy,
        processing_ms,
        jitter: 0.0,
    }
}

fn question(text: &str, subscriber: &str, measure: Measure, at_s: f64) -> Question {
    Question {
        text: text.to_owned(),
        subscriber: subscriber.to_owned(),
        measure,
        at_s,
    }
}

/// The playground's original demo, unchanged: A and B quick with four slots, C slow with
/// two, all drop-newest, which is the seed design before any change.
fn slow_consumer(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders")];
    scenario.publishers = vec![publisher("orders", 5.0, "order #{n}")];
    scenario.subscribers = vec![
        subscriber("orders", 4, DropNewest, 20.0),
        subscriber("orders", 4, DropNewest, 20.0),
        subscriber("orders", 2, DropNewest, 600.0),
    ];
    scenario.question = Some(question(
        "How many messages will C drop in the first 10 s?",
        "C",
        Measure::Dropped,
        10.0,
    ));
}

/// 500 ms between messages against B's 700 ms of work: B is busy at every other one.
fn unbuffered_rendezvous(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders")];
    scenario.publishers = vec![publisher("orders", 2.0, "order #{n}")];
    scenario.subscribers = vec![
        subscriber("orders", 0, DropNewest, 0.0),
        subscriber("orders", 0, DropNewest, 700.0),
    ];
}

/// Two topics side by side, so that B's block policy holds up only P2.
fn buffer_of_two(scenario: &mut Scenario) {
    scenario.topics = vec![topic("drops"), topic("waits")];
    scenario.publishers = vec![
        publisher("drops", 1.0, "drop #{n}"),
        publisher("waits", 1.0, "wait #{n}"),
    ];
    scenario.subscribers = vec![
        subscriber("drops", 2, DropNewest, 20_000.0),
        subscriber("waits", 2, Block, 20_000.0),
    ];
    scenario.question = Some(question(
        "How many messages will A drop in the first 10 s?",
        "A",
        Measure::Dropped,
        10.0,
    ));
}

/// Six subscribers of different, always sufficient, speeds.
fn fan_out(scenario: &mut Scenario) {
    scenario.topics = vec![topic("news")];
    scenario.publishers = vec![publisher("news", 10.0, "headline #{n}")];
    scenario.subscribers = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
        .into_iter()
        .map(|millis| subscriber("news", 4, DropNewest, millis))
        .collect();
}

/// A fills faster than it drains (4 in, 2.5 out per second), so it has a backlog at the
/// close; eight slots keep it from dropping before then.
fn close_then_drain(scenario: &mut Scenario) {
    scenario.topics = vec![topic("jobs")];
    scenario.publishers = vec![PublisherEntry {
        stop_s: Some(3.0),
        ..publisher("jobs", 4.0, "job #{n}")
    }];
    scenario.subscribers = vec![subscriber("jobs", 8, DropNewest, 400.0)];
    scenario.timeline = vec![TimedAction {
        at_s: 3.0,
        action: Action::CloseTopic {
            topic: "jobs".to_owned(),
        },
    }];
}

fn send_on_closed(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders"), topic("audit")];
    scenario.publishers = vec![
        publisher("orders", 2.0, "order #{n}"),
        publisher("audit", 2.0, "entry #{n}"),
    ];
    scenario.subscribers = vec![
        subscriber("orders", 4, DropNewest, 20.0),
        subscriber("audit", 4, DropNewest, 20.0),
    ];
    scenario.timeline = vec![TimedAction {
        at_s: 3.0,
        action: Action::CloseTopic {
            topic: "orders".to_owned(),
        },
    }];
}

/// A comes first in the fan-out, so it receives each message before B holds P1 up.
fn block_stalls_everyone(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders")];
    scenario.publishers = vec![publisher("orders", 5.0, "order #{n}")];
    scenario.subscribers = vec![
        subscriber("orders", 4, DropNewest, 20.0),
        subscriber("orders", 1, Block, 1_000.0),
    ];
    scenario.question = Some(question(
        "How many messages will A receive in the first 10 s?",
        "A",
        Measure::Delivered,
        10.0,
    ));
}

fn drop_oldest_vs_newest(scenario: &mut Scenario) {
    scenario.topics = vec![topic("prices")];
    scenario.publishers = vec![publisher("prices", 5.0, "price #{n}")];
    scenario.subscribers = vec![
        subscriber("prices", 3, DropNewest, 500.0),
        subscriber("prices", 3, DropOldest, 500.0),
    ];
}

fn disconnect_slow_consumer(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders")];
    scenario.publishers = vec![publisher("orders", 5.0, "order #{n}")];
    scenario.subscribers = vec![
        subscriber("orders", 4, DropNewest, 20.0),
        subscriber("orders", 3, Disconnect, 600.0),
    ];
}

/// 150 ms of work against 500 ms between each publisher's messages: a subscriber loses a
/// message whenever the other publisher's tick falls within 150 ms after the one it took,
/// which is the case for most seeds, and for different publishers with different seeds.
fn scheduling_loss(scenario: &mut Scenario) {
    scenario.topics = vec![topic("ticks")];
    scenario.publishers = vec![
        publisher("ticks", 2.0, "P1 tick #{n}"),
        publisher("ticks", 2.0, "P2 tick #{n}"),
    ];
    scenario.subscribers = vec![
        subscriber("ticks", 0, DropNewest, 150.0),
        subscriber("ticks", 0, DropNewest, 150.0),
    ];
}

/// The load the page's own benchmark runs (BENCHMARKS.md, "The page under load").
fn heavy_load(scenario: &mut Scenario) {
    const PUBLISHERS: usize = 10;
    const SUBSCRIBERS: usize = 100;
    scenario.topics = vec![topic("firehose")];
    scenario.publishers = (1..=PUBLISHERS)
        .map(|index| publisher("firehose", 1_000.0, &format!("P{index} #{{n}}")))
        .collect();
    scenario.subscribers = (0..SUBSCRIBERS)
        .map(|_| subscriber("firehose", 16, DropNewest, 0.05))
        .collect();
}

fn empty(scenario: &mut Scenario) {
    scenario.topics = vec![topic("orders")];
}
