//! Exported from the mini-kafka playground: "Drop-oldest vs drop-newest", run to 8.000 s.
//!
//! The scenario is embedded as JSON. The test replays it and checks every count the
//! playground showed at that instant.

use mini_kafka_playground::scenario::{Scenario, Session};
use mini_kafka_playground::sim::SimTime;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn drop_oldest_vs_drop_newest_at_8_000_s() {
    let json = r#"{
  "version": 1,
  "seed": 1,
  "title": "Drop-oldest vs drop-newest",
  "explanation": "A and B are equally slow, with three slots each; only their policy differs. When A's buffer is full the new message is dropped, so A works through old messages. B evicts its oldest buffered message instead, so it works on recent ones, and is told how many it missed.",
  "watch": "Compare the message numbers A and B receive: A falls further behind P1, B stays close.",
  "topics": [
    {
      "name": "prices"
    }
  ],
  "publishers": [
    {
      "topic": "prices",
      "rate": 5.0,
      "pattern": "price #{n}"
    }
  ],
  "subscribers": [
    {
      "topic": "prices",
      "capacity": 3,
      "policy": "drop-newest",
      "processing_ms": 500.0
    },
    {
      "topic": "prices",
      "capacity": 3,
      "policy": "drop-oldest",
      "processing_ms": 500.0
    }
  ],
  "timeline": [
    {
      "at_s": 4.0,
      "action": {
        "type": "add_subscriber",
        "topic": "prices",
        "capacity": 2,
        "policy": "disconnect",
        "processing_ms": 450.0
      }
    }
  ]
}"#;
    let scenario = Scenario::from_json(json).expect("the embedded scenario is valid");
    let mut session = Session::new(scenario).expect("the scenario builds");
    session
        .run_until(SimTime::from_micros(8_000_000))
        .expect("the timeline applies");
    let counts = session.counts();

    let topic = counts.topic("prices").expect("topic exists");
    assert_eq!(topic.published, 40, "prices published");

    let publisher = counts.publisher("P1").expect("publisher exists");
    assert_eq!(publisher.published, 40, "P1 published");

    let subscriber = counts.subscriber("A").expect("subscriber exists");
    assert_eq!(subscriber.offered, 40, "A offered");
    assert_eq!(subscriber.delivered, 16, "A delivered");
    assert_eq!(subscriber.dropped, 21, "A dropped");
    assert_eq!(subscriber.evicted, 0, "A evicted");
    assert_eq!(subscriber.queued, 3, "A queued");
    assert_eq!(subscriber.discarded, 0, "A discarded");

    let subscriber = counts.subscriber("B").expect("subscriber exists");
    assert_eq!(subscriber.offered, 40, "B offered");
    assert_eq!(subscriber.delivered, 16, "B delivered");
    assert_eq!(subscriber.dropped, 0, "B dropped");
    assert_eq!(subscriber.evicted, 21, "B evicted");
    assert_eq!(subscriber.queued, 3, "B queued");
    assert_eq!(subscriber.discarded, 0, "B discarded");

    let subscriber = counts.subscriber("C").expect("subscriber exists");
    assert_eq!(subscriber.offered, 5, "C offered");
    assert_eq!(subscriber.delivered, 2, "C delivered");
    assert_eq!(subscriber.dropped, 1, "C dropped");
    assert_eq!(subscriber.evicted, 0, "C evicted");
    assert_eq!(subscriber.queued, 0, "C queued");
    assert_eq!(subscriber.discarded, 2, "C discarded");
}
