//! The playground in a real browser: each test mounts the app in its own element with the
//! empty start, works it through the DOM the way a person would (typing into fields, picking
//! from selects, clicking buttons), and reads the numbers back from the page.
//!
//! Run with `cargo test --target wasm32-unknown-unknown`; `.cargo/config.toml` hands the test
//! binary to wasm-bindgen-test-runner, which drives headless Chromium.
//!
//! Yew renders after an event has been handled, not during it, so every action is followed
//! by a short real-time pause before the page is read.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo::timers::future::sleep;
use mini_kafka_playground::broker::MAX_CAPACITY;
use mini_kafka_playground::sim::{InputError, MAX_RATE};
use mini_kafka_playground::ui::parse::{
    parse_capacity, parse_jitter, parse_processing_millis, parse_rate,
};
use mini_kafka_playground::ui::{mount_in, App, Start};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// One mounted playground, removed from the page when the test ends.
struct Page {
    root: Element,
    app: Option<AppHandle<App>>,
}

impl Page {
    async fn open(start: Start) -> Page {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let app = mount_in(root.clone(), start);
        settle().await;
        Page {
            root,
            app: Some(app),
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector)
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    /// A number the page shows, which must be a whole number and nothing else.
    fn number(&self, selector: &str) -> u64 {
        let text = self.text(selector);
        text.parse()
            .unwrap_or_else(|_| panic!("{selector} shows {text:?}, not a whole number"))
    }

    /// Types `value` into an input, or picks it in a select, and fires the events a person's
    /// typing or picking fires.
    fn set(&self, selector: &str, value: &str) {
        let element = self.get(selector);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value);
            assert_eq!(select.value(), value, "{selector} has no option {value}");
        } else {
            panic!("{selector} is neither an input nor a select");
        }
        for kind in ["input", "change"] {
            let init = EventInit::new();
            init.set_bubbles(true);
            let event = Event::new_with_event_init_dict(kind, &init).unwrap();
            element.dispatch_event(&event).unwrap();
        }
    }

    fn click(&self, selector: &str) {
        self.get(selector)
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    /// Checks or unchecks a checkbox the way a click does.
    fn set_checked(&self, selector: &str, checked: bool) {
        let input = self.get(selector).dyn_into::<HtmlInputElement>().unwrap();
        if input.checked() != checked {
            input.click();
        }
    }

    async fn add_publisher(&self, rate: &str, pattern: &str) {
        self.set("[data-testid=add-publisher-rate]", rate);
        self.set("[data-testid=add-publisher-pattern]", pattern);
        settle().await;
        self.click("[data-testid=add-publisher]");
        settle().await;
    }

    async fn add_subscriber(&self, capacity: &str, processing_millis: &str) {
        self.set("[data-testid=add-subscriber-capacity]", capacity);
        self.set("[data-testid=add-subscriber-processing]", processing_millis);
        settle().await;
        self.click("[data-testid=add-subscriber]");
        settle().await;
    }

    /// Presses Step `times` times: 0.1 simulated seconds each.
    async fn step(&self, times: usize) {
        for _ in 0..times {
            self.click("[data-testid=step]");
            settle().await;
        }
    }

    fn sim_seconds(&self) -> f64 {
        let text = self.text("[data-testid=sim-time]");
        let seconds = text
            .strip_suffix(" s")
            .unwrap_or_else(|| panic!("sim-time shows {text:?}"));
        seconds.parse().unwrap()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// Lets Yew render what the last action changed.
async fn settle() {
    sleep(Duration::from_millis(30)).await;
}

const P1: &str = "[data-testid=publisher][data-name=P1]";
const A: &str = "[data-testid=subscriber][data-name=A]";
const ORDERS: &str = "[data-testid=topic][data-topic=orders]";

fn within(card: &str, testid: &str) -> String {
    format!("{card} [data-testid={testid}]")
}

#[wasm_bindgen_test]
async fn the_empty_start_waits_at_time_zero_with_one_topic() {
    let page = Page::open(Start::Empty).await;

    assert_eq!(page.text("[data-testid=start]"), "Start");
    assert_eq!(page.text("[data-testid=sim-time]"), "0.000 s");
    assert_eq!(page.text("[data-testid=seed]"), "1");
    assert_eq!(page.count("[data-testid=topic]"), 1);
    assert_eq!(page.number(&within(ORDERS, "topic-published")), 0);
    assert_eq!(page.number(&within(ORDERS, "topic-subscribers")), 0);
    assert_eq!(page.count("[data-testid=publisher]"), 0);
    assert_eq!(page.count("[data-testid=subscriber]"), 0);
    assert!(page.find("[data-testid=topic-closed]").is_none());
}

#[wasm_bindgen_test]
async fn messages_flow_from_a_publisher_to_a_subscriber() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("20", "order #{n}").await;
    page.add_subscriber("3", "10").await;
    assert_eq!(page.count(P1), 1, "the publisher card is there");
    assert_eq!(page.count(A), 1, "the subscriber card is there");
    assert_eq!(page.number(&within(ORDERS, "topic-subscribers")), 1);

    // Ten steps of 0.1 s: one simulated second at 20 messages per second.
    page.step(10).await;
    assert!((page.sim_seconds() - 1.0).abs() < 1e-9);
    assert_eq!(page.text("[data-testid=start]"), "Resume");

    let published = page.number(&within(P1, "published"));
    assert!(
        (19..=20).contains(&published),
        "published {published} in 1 s at 20/s"
    );
    assert_eq!(page.number(&within(ORDERS, "topic-published")), published);
    assert_eq!(page.text(&within(P1, "status")), "running");

    let delivered = page.number(&within(A, "delivered"));
    let dropped = page.number(&within(A, "dropped"));
    let queued = page.number(&within(A, "queued"));
    let discarded = page.number(&within(A, "discarded"));
    let offered = page.number(&within(A, "offered"));
    assert!(delivered > 0, "A received messages");
    assert_eq!(offered, published, "A was offered every message");
    assert_eq!(delivered + dropped + queued + discarded, offered);
    assert_eq!(dropped, 0, "10 ms per message keeps up with 20/s");

    let fill = page.text(&within(A, "fill"));
    let (len, capacity) = fill.split_once(" of ").expect("fill reads \"n of cap\"");
    assert_eq!(capacity, "3");
    assert!(len.parse::<usize>().unwrap() <= 3, "fill {fill}");

    // The log shows both kinds, with the payload as typed.
    assert!(page.count("[data-testid=event][data-kind=publish]") > 0);
    assert!(page.count("[data-testid=event][data-kind=deliver]") > 0);
    assert!(page
        .text("[data-testid=event-log]")
        .contains("\"order #1\""));
}

#[wasm_bindgen_test]
async fn a_slow_subscriber_drops_and_the_drop_is_drawn() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("10", "job {n}").await;
    page.add_subscriber("1", "500").await;
    page.step(20).await;

    let dropped = page.number(&within(A, "dropped"));
    assert!(dropped > 0, "500 ms per message against 10/s must drop");
    assert_eq!(page.number(&within(A, "dropped-buffer-full")), dropped);
    assert_eq!(page.text(&within(A, "fill")), "1 of 1");
    assert!(
        page.count("[data-testid=drop-mark]") > 0,
        "the drop is marked"
    );
    assert!(page.text("[data-testid=drop-mark]").contains("dropped"));
    assert!(page.count("[data-testid=event][data-kind=drop]") > 0);
}

#[wasm_bindgen_test]
async fn the_clock_runs_on_animation_frames_and_pauses() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("50", "tick {n}").await;
    page.add_subscriber("4", "0").await;
    page.set("[data-testid=speed]", "10");
    settle().await;

    page.click("[data-testid=start]");
    settle().await;
    assert_eq!(page.text("[data-testid=start]"), "Pause");
    sleep(Duration::from_millis(600)).await;
    page.click("[data-testid=start]");
    settle().await;
    assert_eq!(page.text("[data-testid=start]"), "Resume");

    let paused_at = page.sim_seconds();
    assert!(
        paused_at > 1.0,
        "10x for 0.6 s of frames, yet only {paused_at} s"
    );
    assert!(page.number(&within(P1, "published")) > 0);
    assert!(page.number(&within(A, "delivered")) > 0);

    // Paused means paused.
    sleep(Duration::from_millis(200)).await;
    assert_eq!(page.sim_seconds(), paused_at);
}

#[wasm_bindgen_test]
async fn bad_numbers_show_the_reason_and_add_nothing() {
    let page = Page::open(Start::Empty).await;
    let rate_cases = [
        ("-1", "the rate must be above zero"),
        ("abc", "the rate must be a number"),
        ("", "the rate must be a number"),
        ("NaN", "the rate must be a number"),
        ("0", "the rate must be above zero"),
        ("1e12", "the rate can be at most 10000 messages per second"),
    ];
    for (rate, message) in rate_cases {
        page.add_publisher(rate, "x {n}").await;
        let error = page.text("[data-testid=add-publisher-error]");
        assert!(error.contains(message), "rate {rate:?} shows {error:?}");
    }
    page.add_publisher("5", "   ").await;
    assert!(page
        .text("[data-testid=add-publisher-error]")
        .contains("cannot be empty"));
    assert_eq!(page.count("[data-testid=publisher]"), 0);

    let capacity_rule = "the capacity must be a whole number from 0 to 10000";
    for capacity in ["10001", "2.5", "-1", "1e12"] {
        page.add_subscriber(capacity, "10").await;
        let error = page.text("[data-testid=add-subscriber-error]");
        assert!(
            error.contains(capacity_rule),
            "capacity {capacity:?} shows {error:?}"
        );
    }
    page.add_subscriber("abc", "10").await;
    assert!(page
        .text("[data-testid=add-subscriber-error]")
        .contains("the capacity must be a number"));
    page.add_subscriber("4", "-5").await;
    assert!(page
        .text("[data-testid=add-subscriber-error]")
        .contains("cannot be negative"));
    assert_eq!(page.count("[data-testid=subscriber]"), 0);

    page.set("[data-testid=add-topic-name]", "orders");
    settle().await;
    page.click("[data-testid=add-topic]");
    settle().await;
    assert!(page
        .text("[data-testid=add-topic-error]")
        .contains("exists already"));
    assert_eq!(page.count("[data-testid=topic]"), 1);

    // A good value clears the message.
    page.add_publisher("5", "x {n}").await;
    assert!(page.find("[data-testid=add-publisher-error]").is_none());
    assert_eq!(page.count("[data-testid=publisher]"), 1);
}

#[wasm_bindgen_test]
async fn rates_and_buffers_change_while_running() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("5", "m{n}").await;
    page.add_subscriber("2", "10").await;

    page.set(&within(P1, "rate"), "abc");
    settle().await;
    page.click(&within(P1, "set-rate"));
    settle().await;
    assert!(page
        .text(&within(P1, "rate-error"))
        .contains("must be a number"));

    page.set(&within(P1, "rate"), "40");
    settle().await;
    page.click(&within(P1, "set-rate"));
    settle().await;
    assert!(page.find(&within(P1, "rate-error")).is_none());
    page.step(10).await;
    let published = page.number(&within(P1, "published"));
    assert!(
        (39..=41).contains(&published),
        "40/s for 1 s published {published}"
    );

    page.set(&within(A, "capacity"), "10001");
    settle().await;
    page.click(&within(A, "apply"));
    settle().await;
    assert!(page
        .text(&within(A, "subscriber-error"))
        .contains("whole number"));

    page.set(&within(A, "capacity"), "7");
    page.set(&within(A, "processing"), "250");
    settle().await;
    page.click(&within(A, "apply"));
    settle().await;
    assert!(page.find(&within(A, "subscriber-error")).is_none());
    assert!(page.text(&within(A, "fill")).ends_with(" of 7"));

    page.click(&within(A, "remove"));
    settle().await;
    assert_eq!(page.count("[data-testid=subscriber]"), 0);
    assert!(page.count("[data-testid=event][data-kind=unsubscribe]") > 0);
    page.click(&within(P1, "remove"));
    settle().await;
    assert_eq!(page.count("[data-testid=publisher]"), 0);
}

#[wasm_bindgen_test]
async fn closing_a_topic_drains_subscribers_and_panics_its_publisher() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("10", "job {n}").await;
    page.add_subscriber("3", "400").await;
    page.step(10).await;
    assert_eq!(page.text(&within(A, "status")), "processing");

    page.click(&within(ORDERS, "close-topic"));
    settle().await;
    assert!(page.find(&within(ORDERS, "topic-closed")).is_some());
    assert_eq!(page.text(&within(A, "status")), "closed-draining");

    page.step(30).await;
    assert_eq!(
        page.text(&within(P1, "status")),
        "panic: send on closed channel"
    );
    assert_eq!(page.text(&within(A, "status")), "drained-closed");
    assert_eq!(page.number(&within(A, "queued")), 0);
    assert!(page.count("[data-testid=event][data-kind=close]") >= 3);
}

#[wasm_bindgen_test]
async fn topics_are_added_renamed_and_removed() {
    let page = Page::open(Start::Empty).await;
    page.set("[data-testid=add-topic-name]", "payments");
    settle().await;
    page.click("[data-testid=add-topic]");
    settle().await;
    assert_eq!(page.count("[data-testid=topic]"), 2);
    assert!(page.find("[data-testid=add-topic-error]").is_none());

    let payments = "[data-testid=topic][data-topic=payments]";
    page.click(&within(payments, "rename-topic"));
    settle().await;
    page.set(&within(payments, "rename-topic-name"), "orders");
    settle().await;
    page.click(&within(payments, "rename-topic-confirm"));
    settle().await;
    assert!(page
        .text(&within(payments, "rename-topic-error"))
        .contains("exists already"));

    page.set(&within(payments, "rename-topic-name"), "refunds");
    settle().await;
    page.click(&within(payments, "rename-topic-confirm"));
    settle().await;
    assert!(page.find(payments).is_none());
    assert!(page
        .find("[data-testid=topic][data-topic=refunds]")
        .is_some());

    page.click(&within(
        "[data-testid=topic][data-topic=refunds]",
        "remove-topic",
    ));
    settle().await;
    assert_eq!(page.count("[data-testid=topic]"), 1);
}

#[wasm_bindgen_test]
async fn the_log_filter_hides_a_category_and_payloads_stay_text() {
    let page = Page::open(Start::Empty).await;
    page.add_publisher("10", "<b>bold</b> {n}").await;
    page.add_subscriber("4", "0").await;
    page.step(5).await;

    assert!(page.count("[data-testid=event][data-kind=publish]") > 0);
    assert!(page
        .text("[data-testid=event-log]")
        .contains("<b>bold</b> 1"));
    assert_eq!(
        page.count("[data-testid=event-log] b"),
        0,
        "no markup from a payload"
    );

    page.set_checked("[data-testid=filter-publish]", false);
    settle().await;
    assert_eq!(page.count("[data-testid=event][data-kind=publish]"), 0);
    assert!(page.count("[data-testid=event][data-kind=deliver]") > 0);
    assert!(page.count("[data-testid=event]") <= 100);

    page.set_checked("[data-testid=filter-publish]", true);
    settle().await;
    assert!(page.count("[data-testid=event][data-kind=publish]") > 0);
}

#[wasm_bindgen_test]
async fn the_demo_runs_at_once_and_reset_empties_it() {
    let page = Page::open(Start::Demo).await;
    assert_eq!(page.text("[data-testid=start]"), "Pause");
    for name in ["A", "B", "C"] {
        let card = format!("[data-testid=subscriber][data-name={name}]");
        assert!(page.find(&card).is_some(), "subscriber {name}");
    }
    sleep(Duration::from_millis(500)).await;
    assert!(page.sim_seconds() > 0.0);

    page.click("[data-testid=reset-empty]");
    settle().await;
    assert_eq!(page.text("[data-testid=start]"), "Start");
    assert_eq!(page.text("[data-testid=sim-time]"), "0.000 s");
    assert_eq!(page.count("[data-testid=publisher]"), 0);

    page.click("[data-testid=reset-demo]");
    settle().await;
    assert_eq!(page.count("[data-testid=subscriber]"), 3);
    assert_eq!(page.text("[data-testid=start]"), "Pause");
}

#[wasm_bindgen_test]
fn number_fields_parse_or_explain() {
    assert_eq!(parse_rate(" 2.5 ").map(|rate| rate.get()), Ok(2.5));
    assert_eq!(
        parse_rate("abc"),
        Err(InputError::NotANumber { field: "rate" })
    );
    assert_eq!(
        parse_rate("NaN"),
        Err(InputError::NotANumber { field: "rate" })
    );
    assert_eq!(parse_rate("-1"), Err(InputError::RateNotPositive));
    assert_eq!(
        parse_rate("1e12"),
        Err(InputError::RateTooHigh { max: MAX_RATE })
    );
    assert_eq!(
        parse_rate("inf"),
        Err(InputError::RateTooHigh { max: MAX_RATE })
    );

    assert_eq!(parse_capacity("0").map(|capacity| capacity.get()), Ok(0));
    assert_eq!(
        parse_capacity("1e3").map(|capacity| capacity.get()),
        Ok(1_000)
    );
    assert_eq!(
        parse_capacity("10000").map(|capacity| capacity.get()),
        Ok(MAX_CAPACITY)
    );
    for bad in ["10001", "2.5", "-1", "NaN", "inf"] {
        assert_eq!(
            parse_capacity(bad),
            Err(InputError::capacity_out_of_range()),
            "{bad}"
        );
    }

    assert!(parse_processing_millis("600").is_ok());
    assert_eq!(
        parse_processing_millis(""),
        Err(InputError::NotANumber {
            field: "processing time"
        })
    );
    assert_eq!(
        parse_processing_millis("-1"),
        Err(InputError::ProcessingNegative)
    );
    assert!(parse_processing_millis("1e12").is_err());

    assert_eq!(parse_jitter("").map(|jitter| jitter.get()), Ok(0.0));
    assert_eq!(parse_jitter("2"), Err(InputError::JitterOutOfRange));
}
