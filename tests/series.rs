//! The sampled history behind the live charts: rates from known scenarios, buffer levels,
//! the bounded window, series that start, end and are renamed, the cap on drawn lines, and
//! determinism however the clock is moved, seeks included.
//!
//! Runs natively with `cargo test --test series`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mini_kafka_playground::broker::{Capacity, OverflowPolicy, TopicName};
use mini_kafka_playground::scenario::{preset_by_id, Action, Session, SubscriberEntry};
use mini_kafka_playground::sim::{
    Chart, ChartLine, Charts, Jitter, PayloadPattern, ProcessingTime, PublisherSpec, Rate,
    SimDuration, SimTime, Simulation, SubscriberSpec, MAX_CHART_LINES,
};

fn secs(seconds: f64) -> SimTime {
    SimTime::from_secs_f64(seconds)
}

fn publisher(topic: &TopicName, per_second: f64) -> PublisherSpec {
    PublisherSpec {
        topic: topic.clone(),
        rate: Rate::per_second(per_second).unwrap(),
        pattern: PayloadPattern::new("order #{n}").unwrap(),
    }
}

fn subscriber(topic: &TopicName, slots: usize, millis: f64) -> SubscriberSpec {
    SubscriberSpec {
        topic: topic.clone(),
        capacity: Capacity::new(slots).unwrap(),
        policy: OverflowPolicy::DropNewest,
        processing: ProcessingTime::from_millis(millis).unwrap(),
        jitter: Jitter::NONE,
    }
}

/// One topic `orders` with a publisher at `rate` and subscribers of (capacity, ms each).
fn orders(rate: f64, subscribers: &[(usize, f64)]) -> (Simulation, TopicName) {
    let mut sim = Simulation::new(1);
    let topic = sim.add_topic("orders").unwrap();
    sim.add_publisher(publisher(&topic, rate)).unwrap();
    for (slots, millis) in subscribers {
        sim.add_subscriber(subscriber(&topic, *slots, *millis))
            .unwrap();
    }
    (sim, topic)
}

fn charts(sim: &Simulation) -> Charts {
    sim.history().charts(MAX_CHART_LINES)
}

fn line<'a>(chart: &'a Chart, name: &str) -> &'a ChartLine {
    chart
        .lines
        .iter()
        .find(|line| &*line.name == name)
        .unwrap_or_else(|| panic!("no line {name} in {:?}", chart.lines))
}

/// The values of a line from `from_s` on.
fn values_from(line: &ChartLine, from_s: f64) -> Vec<f64> {
    line.points
        .iter()
        .filter(|(at, _)| *at >= from_s - 1e-9)
        .map(|(_, value)| *value)
        .collect()
}

/// The times of a line's points, in tenths of a second, so they compare exactly.
fn tenths(line: &ChartLine) -> Vec<u64> {
    line.points
        .iter()
        .map(|(at, _)| (at * 10.0).round() as u64)
        .collect()
}

#[test]
fn one_publisher_at_ten_per_second_reads_ten_per_second() {
    let (mut sim, _) = orders(10.0, &[(4, 10.0)]);
    sim.advance(SimDuration::from_millis(20_000));
    let charts = charts(&sim);
    assert_eq!(charts.latest, Some(secs(20.0)));

    // A rate needs one second of history: from 1.0 s to 20.0 s, one point per 0.1 s.
    let published = line(&charts.publish_rate, "orders");
    assert_eq!(tenths(published), (10..=200).collect::<Vec<u64>>());
    assert!(published.points.iter().all(|(_, rate)| *rate == 10.0));

    let delivered = line(&charts.delivery_rate, "A");
    assert!(delivered.points.iter().all(|(_, rate)| *rate == 10.0));
    let dropped = line(&charts.drop_rate, "A");
    assert!(dropped.points.iter().all(|(_, rate)| *rate == 0.0));

    let latest = &charts.publish_rate.values[0];
    assert_eq!((&*latest.name, latest.value), ("orders", Some(10.0)));
    assert_eq!(charts.drop_rate.values[0].value, Some(0.0));
    assert_eq!(charts.publish_rate.axis, (0.0, 30.0));
}

#[test]
fn a_slow_subscriber_receives_two_a_second_and_drops_the_rest() {
    // 10 a second into a buffer of 2, taken out every 500 ms.
    let (mut sim, _) = orders(10.0, &[(4, 10.0), (2, 500.0)]);
    sim.advance(SimDuration::from_millis(20_000));
    let charts = charts(&sim);

    let delivered = values_from(line(&charts.delivery_rate, "B"), 2.0);
    assert!(delivered.iter().all(|rate| *rate == 2.0), "{delivered:?}");
    // Over a second, 10 are offered and 2 received; the full buffer loses the other 8,
    // give or take the one that a sample catches between a receive and the next publish.
    let dropped = values_from(line(&charts.drop_rate, "B"), 2.0);
    assert!(
        dropped.iter().all(|rate| (7.0..=9.0).contains(rate)),
        "{dropped:?}"
    );
    let mean = dropped.iter().sum::<f64>() / dropped.len() as f64;
    assert!((mean - 8.0).abs() < 0.1, "mean drop rate {mean}");

    // The fast one beside it loses nothing.
    let fast = line(&charts.drop_rate, "A");
    assert!(fast.points.iter().all(|(_, rate)| *rate == 0.0));
    assert!(line(&charts.delivery_rate, "A")
        .points
        .iter()
        .all(|(_, rate)| *rate == 10.0));
}

#[test]
fn buffer_fill_stays_within_capacity_and_a_slow_one_fills_up() {
    for slots in [0, 1, 2, 10] {
        let (mut sim, _) = orders(20.0, &[(slots, 5.0), (slots, 400.0)]);
        sim.advance(SimDuration::from_millis(15_000));
        let chart = charts(&sim).buffer_fill;
        for line in &chart.lines {
            assert_eq!(line.capacity, Some(slots));
            assert_eq!(
                line.points.len(),
                151,
                "{}: one level per sample",
                line.name
            );
            assert!(
                line.points.iter().all(|(_, level)| *level <= slots as f64),
                "capacity {slots}: {line:?}"
            );
        }
        let slow = line(&chart, "B");
        let highest = slow
            .points
            .iter()
            .map(|(_, level)| *level)
            .fold(0.0, f64::max);
        assert_eq!(
            highest, slots as f64,
            "the slow one fills its {slots} slots"
        );
        assert!(chart
            .values
            .iter()
            .all(|value| value.capacity == Some(slots)));
    }
}

#[test]
fn the_window_keeps_the_last_thirty_seconds() {
    let (mut sim, _) = orders(50.0, &[(4, 10.0), (2, 300.0)]);
    sim.advance(SimDuration::from_millis(100_000));
    let charts = charts(&sim);
    for chart in [
        &charts.publish_rate,
        &charts.delivery_rate,
        &charts.drop_rate,
        &charts.buffer_fill,
    ] {
        assert_eq!(chart.axis, (70.0, 100.0));
        for line in &chart.lines {
            assert_eq!(
                tenths(line),
                (700..=1000).collect::<Vec<u64>>(),
                "{}",
                line.name
            );
        }
    }
}

#[test]
fn samples_follow_the_clock_not_the_messages() {
    // 10 000 messages a second, yet one sample per 0.1 s.
    let (mut sim, _) = orders(10_000.0, &[(100, 0.0)]);
    sim.advance(SimDuration::from_millis(2_000));
    let charts = charts(&sim);
    let published = line(&charts.publish_rate, "orders");
    assert_eq!(tenths(published), (10..=20).collect::<Vec<u64>>());
    assert!(published.points.iter().all(|(_, rate)| *rate == 10_000.0));
    assert_eq!(line(&charts.buffer_fill, "A").points.len(), 21);
}

#[test]
fn a_subscriber_added_and_removed_mid_window_starts_and_ends_its_series() {
    let (mut sim, topic) = orders(10.0, &[(4, 10.0)]);
    sim.run_until(secs(5.0));
    let late = sim.add_subscriber(subscriber(&topic, 4, 10.0)).unwrap();
    sim.run_until(secs(10.0));
    sim.remove_subscriber(late).unwrap();
    sim.run_until(secs(12.0));

    // The sample at 5.0 s was taken before B came; the one at 10.0 s before it left.
    let charts = charts(&sim);
    let level = line(&charts.buffer_fill, "B");
    assert_eq!(tenths(level), (51..=100).collect::<Vec<u64>>());
    assert!(level.ended);
    let delivered = line(&charts.delivery_rate, "B");
    assert_eq!(tenths(delivered), (61..=100).collect::<Vec<u64>>());
    assert!(delivered.points.iter().all(|(_, rate)| *rate == 10.0));
    let value = charts
        .delivery_rate
        .values
        .iter()
        .find(|value| &*value.name == "B");
    assert!(value.unwrap().ended);
    assert!(!line(&charts.delivery_rate, "A").ended);

    // Once it slides out of the window it is gone.
    sim.run_until(secs(45.0));
    let charts = self::charts(&sim);
    assert!(charts
        .delivery_rate
        .values
        .iter()
        .all(|value| &*value.name != "B"));
    assert_eq!(charts.buffer_fill.lines.len(), 1);
}

#[test]
fn a_renamed_topic_keeps_its_series_and_a_new_one_of_the_same_name_starts_afresh() {
    let (mut sim, topic) = orders(10.0, &[]);
    sim.run_until(secs(5.0));
    let payments = sim.rename_topic(&topic, "payments").unwrap();
    sim.run_until(secs(10.0));

    let charts = charts(&sim);
    assert_eq!(charts.publish_rate.lines.len(), 1);
    let renamed = line(&charts.publish_rate, "payments");
    assert_eq!(tenths(renamed), (10..=100).collect::<Vec<u64>>());
    assert!(renamed.points.iter().all(|(_, rate)| *rate == 10.0));

    // Removed and added again under the same name: its count starts over, so its series
    // does too, and no rate goes negative across the gap.
    sim.remove_topic(&payments).unwrap();
    let again = sim.add_topic("payments").unwrap();
    sim.add_publisher(publisher(&again, 5.0)).unwrap();
    sim.run_until(secs(15.0));
    let charts = self::charts(&sim);
    let lines = &charts.publish_rate.lines;
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ended && !lines[1].ended);
    assert_eq!(tenths(&lines[1]).first(), Some(&111));
    assert!(lines[1].points.iter().all(|(_, rate)| *rate == 5.0));
    assert_ne!(lines[0].style, lines[1].style);
}

#[test]
fn many_subscribers_draw_only_those_that_drop_the_most() {
    // Seventeen quick subscribers and, among them, three slow ones.
    let shapes: Vec<(usize, f64)> = (0..20)
        .map(|index| if index % 7 == 3 { (1, 500.0) } else { (8, 1.0) })
        .collect();
    let (mut sim, _) = orders(20.0, &shapes);
    sim.advance(SimDuration::from_millis(10_000));
    let charts = charts(&sim);

    for chart in [
        &charts.delivery_rate,
        &charts.drop_rate,
        &charts.buffer_fill,
    ] {
        assert_eq!(chart.values.len(), 20);
        assert_eq!(chart.lines.len(), MAX_CHART_LINES);
        assert_eq!(chart.hidden(), 20 - MAX_CHART_LINES);
        assert_eq!(
            chart.values.iter().filter(|value| value.drawn).count(),
            MAX_CHART_LINES
        );
        let names: Vec<&str> = chart.lines.iter().map(|line| &*line.name).collect();
        // D, K and R are the slow ones; ties among the rest go to the oldest.
        assert_eq!(names, ["A", "B", "C", "D", "K", "R"]);
        let styles: Vec<usize> = chart.lines.iter().map(|line| line.style).collect();
        assert_eq!(styles, (0..MAX_CHART_LINES).collect::<Vec<usize>>());
    }
    assert!(line(&charts.drop_rate, "D").points.last().unwrap().1 > 0.0);
}

/// The slow-consumer preset with a subscriber added by hand at 3.35 s, recorded.
fn recorded_session() -> Session {
    let mut session = preset_by_id("slow-consumer").unwrap().session().unwrap();
    session.run_until(secs(3.35)).unwrap();
    session
        .apply(Action::AddSubscriber(SubscriberEntry {
            topic: "orders".to_owned(),
            capacity: 1,
            policy: OverflowPolicy::DropOldest,
            processing_ms: 250.0,
            jitter: 0.3,
        }))
        .unwrap();
    session
}

#[test]
fn the_history_is_the_same_however_the_clock_moves_and_after_a_seek() {
    let end = secs(25.0);
    let mut live = recorded_session();

    // Straight: the recorded scenario from zero to the end in one go.
    let mut straight = Session::new(live.scenario().clone()).unwrap();
    straight.run_until(end).unwrap();

    // In animation-frame slices, as the page moves the clock.
    let mut framed = Session::new(live.scenario().clone()).unwrap();
    while framed.now() < end {
        let next = (framed.now() + SimDuration::from_micros(16_667)).min(end);
        framed.run_until(next).unwrap();
    }

    // The live session: on to the end, back to 7.3 s, then forward again in steps.
    live.run_until(end).unwrap();
    live.seek(secs(7.3)).unwrap();
    assert_eq!(live.sim().history().latest(), Some(secs(7.3)));
    while live.now() < end {
        live.advance(SimDuration::from_millis(50)).unwrap();
    }

    let expected = straight.sim().history();
    assert!(expected.charts(MAX_CHART_LINES).drop_rate.lines.len() >= 2);
    assert_eq!(framed.sim().history(), expected);
    assert_eq!(live.sim().history(), expected);
    assert_eq!(
        live.sim().history().charts(MAX_CHART_LINES),
        expected.charts(MAX_CHART_LINES)
    );
}

#[test]
fn an_empty_history_has_nothing_to_draw() {
    let sim = Simulation::new(1);
    let charts = charts(&sim);
    assert_eq!(charts.latest, None);
    assert!(charts.publish_rate.lines.is_empty());
    assert_eq!(charts.buffer_fill.hidden(), 0);
}
