//! The fan-out diagram of one topic: publishers on the left, the topic in the middle, each
//! subscriber on the right, and recent messages as marks travelling along the edges.
//!
//! It is hand-written SVG rather than a canvas or a charting crate: the drawing is a few
//! dozen shapes placed from the snapshot each frame, and as SVG they stay in the DOM, where
//! Yew diffs them like any other element, text stays text, tests find a drop mark by its
//! `data-testid`, and the `viewBox` scales the whole drawing down to a phone. A canvas would
//! need its own accessibility layer and a redraw loop; a charting crate draws charts, not
//! messages moving along a graph.
//!
//! # Time
//!
//! Marks are placed by their age on the simulated clock, so pausing freezes them where they
//! are. A mark travels its edge in [`TRAVEL_SECS`] of simulated time and a drop stays marked
//! for [`DROP_SECS`]; above 1× speed both stretch with the speed, so that at 100× a mark still
//! stays long enough for an eye to see it. Below 1× they do not, which gives slow motion.
//!
//! With `prefers-reduced-motion`, the stylesheet hides the travelling marks; the edges that
//! carried a message recently light up instead, and drop marks, which do not move, stay.

use yew::prelude::*;

use crate::broker::DropReason;
use crate::sim::{PublisherStatus, PublisherView, SimTime, SubscriberView, TopicView};
use crate::ui::state::Speed;

/// How long a mark takes to travel one edge, in simulated seconds at 1×.
pub const TRAVEL_SECS: f64 = 0.4;

/// How long a drop stays marked, in simulated seconds at 1×.
pub const DROP_SECS: f64 = 1.5;

/// At most this many marks on one edge; the oldest go first.
pub const MAX_MARKS_PER_EDGE: usize = 8;

const WIDTH: f64 = 560.0;
const ROW: f64 = 56.0;
const PAD: f64 = 10.0;
const NODE_W: f64 = 124.0;
const NODE_H: f64 = 42.0;
const TOPIC_W: f64 = 136.0;
const PUBLISHER_X: f64 = 8.0;
const TOPIC_X: f64 = (WIDTH - TOPIC_W) / 2.0;
const SUBSCRIBER_X: f64 = WIDTH - NODE_W - 8.0;

/// Props of [`Fanout`].
#[derive(Debug, Properties, PartialEq)]
pub struct FanoutProps {
    /// The topic.
    pub topic: TopicView,
    /// Its publishers.
    pub publishers: Vec<PublisherView>,
    /// Its subscribers.
    pub subscribers: Vec<SubscriberView>,
    /// The simulated time of the snapshot.
    pub now: SimTime,
    /// The speed, which stretches how long marks stay (see the module docs).
    pub speed: Speed,
}

/// The diagram.
#[component]
pub fn Fanout(props: &FanoutProps) -> Html {
    let scale = props.speed.get().max(1.0);
    let travel = TRAVEL_SECS * scale;
    let drop_window = DROP_SECS * scale;
    let rows = props.publishers.len().max(props.subscribers.len()).max(1);
    let height = rows as f64 * ROW + 2.0 * PAD;
    let topic_y = height / 2.0;
    let now = props.now;

    let publishers = props.publishers.iter().enumerate().map(|(index, publisher)| {
        let y = row_center(index, props.publishers.len(), rows);
        let from = (PUBLISHER_X + NODE_W, y);
        let to = (TOPIC_X, topic_y);
        let marks = travelling(&publisher.recent, now, travel);
        let panicked = matches!(publisher.status, PublisherStatus::Panicked { .. });
        html! {
            <g key={publisher.id.0} class={classes!("fan-publisher", panicked.then_some("is-panicked"))}>
                <line
                    class={classes!("edge", (!marks.is_empty()).then_some("is-active"))}
                    x1={fmt(from.0)} y1={fmt(from.1)} x2={fmt(to.0)} y2={fmt(to.1)}
                />
                { for marks.iter().map(|(key, fraction)| mark_dot(*key, from, to, *fraction, "dot dot-publish")) }
                <rect
                    class="node node-publisher"
                    x={fmt(PUBLISHER_X)} y={fmt(y - NODE_H / 2.0)}
                    width={fmt(NODE_W)} height={fmt(NODE_H)} rx="8"
                />
                <text class="node-label" x={fmt(PUBLISHER_X + 10.0)} y={fmt(y - 3.0)}>
                    { publisher.name.to_string() }
                </text>
                <text class="node-detail" x={fmt(PUBLISHER_X + 10.0)} y={fmt(y + 13.0)}>
                    if panicked {
                        { "\u{26a0} panicked" }
                    } else {
                        { format!("{}/s \u{b7} {}", crate::ui::format::format_number(publisher.rate.get()), publisher.published) }
                    }
                </text>
            </g>
        }
    });

    let subscribers = props.subscribers.iter().enumerate().map(|(index, subscriber)| {
        let y = row_center(index, props.subscribers.len(), rows);
        let from = (TOPIC_X + TOPIC_W, topic_y);
        let to = (SUBSCRIBER_X, y);
        let marks = travelling(&subscriber.recent_deliveries, now, travel);
        let drops = recent_drops(subscriber, now, drop_window);
        let capacity = subscriber.capacity.get();
        let fill = if capacity == 0 { 0.0 } else { (subscriber.len as f64 / capacity as f64).min(1.0) };
        html! {
            <g key={subscriber.id.0} class="fan-subscriber">
                <line
                    class={classes!("edge", (!marks.is_empty()).then_some("is-active"))}
                    x1={fmt(from.0)} y1={fmt(from.1)} x2={fmt(to.0)} y2={fmt(to.1)}
                />
                { for marks.iter().map(|(key, fraction)| mark_dot(*key, from, to, *fraction, "dot dot-deliver")) }
                <rect
                    class="node node-subscriber"
                    x={fmt(SUBSCRIBER_X)} y={fmt(y - NODE_H / 2.0)}
                    width={fmt(NODE_W)} height={fmt(NODE_H)} rx="8"
                />
                <rect
                    class="node-fill"
                    x={fmt(SUBSCRIBER_X + 1.0)} y={fmt(y + NODE_H / 2.0 - 6.0)}
                    width={fmt((NODE_W - 2.0) * fill)} height="5" rx="2"
                />
                <text class="node-label" x={fmt(SUBSCRIBER_X + 10.0)} y={fmt(y - 3.0)}>
                    { subscriber.name.to_string() }
                </text>
                <text class="node-detail" x={fmt(SUBSCRIBER_X + 10.0)} y={fmt(y + 11.0)}>
                    { format!("{} of {} buffered", subscriber.len, capacity) }
                </text>
                if let Some(drop) = drops {
                    { drop_mark(drop, SUBSCRIBER_X, y) }
                }
            </g>
        }
    });

    let title = format!(
        "Fan-out of topic {}: {} publisher(s), {} subscriber(s)",
        props.topic.name,
        props.publishers.len(),
        props.subscribers.len()
    );
    html! {
        <div class="fanout-frame">
        <svg
            class="fanout"
            viewBox={format!("0 0 {WIDTH} {}", fmt(height))}
            role="img"
            aria-label={title.clone()}
            preserveAspectRatio="xMidYMin meet"
        >
            <title>{ title }</title>
            { for publishers }
            { for subscribers }
            <g class={classes!("fan-topic", props.topic.closed.then_some("is-closed"))}>
                <rect
                    class="node node-topic"
                    x={fmt(TOPIC_X)} y={fmt(topic_y - NODE_H / 2.0 - 4.0)}
                    width={fmt(TOPIC_W)} height={fmt(NODE_H + 8.0)} rx="10"
                />
                <text class="node-label" x={fmt(TOPIC_X + TOPIC_W / 2.0)} y={fmt(topic_y - 2.0)} text-anchor="middle">
                    { short(props.topic.name.as_str(), 16) }
                </text>
                <text class="node-detail" x={fmt(TOPIC_X + TOPIC_W / 2.0)} y={fmt(topic_y + 14.0)} text-anchor="middle">
                    if props.topic.closed {
                        { "closed" }
                    } else {
                        { format!("{} published", props.topic.published) }
                    }
                </text>
            </g>
        </svg>
        </div>
    }
}

/// The vertical centre of item `index` of `count`, centred among `rows` rows.
fn row_center(index: usize, count: usize, rows: usize) -> f64 {
    let offset = (rows.saturating_sub(count)) as f64 * ROW / 2.0;
    PAD + offset + index as f64 * ROW + ROW / 2.0
}

/// The marks still travelling: their key (the send time, unique per actor) and how far along
/// the edge each is, newest last, at most [`MAX_MARKS_PER_EDGE`].
fn travelling(times: &[SimTime], now: SimTime, travel: f64) -> Vec<(u64, f64)> {
    let moving: Vec<(u64, f64)> = times
        .iter()
        .map(|at| {
            (
                at.as_micros(),
                now.saturating_since(*at).as_secs_f64() / travel,
            )
        })
        .filter(|(_, fraction)| *fraction <= 1.0)
        .collect();
    let skip = moving.len().saturating_sub(MAX_MARKS_PER_EDGE);
    moving.into_iter().skip(skip).collect()
}

/// The newest drop still marked, and how many drops fall within the window.
struct RecentDrops {
    at: SimTime,
    reason: DropReason,
    count: usize,
    /// The simulation keeps only the latest few drops per subscriber; when all of them are
    /// in the window and the subscriber dropped more than that, there may be more.
    at_least: bool,
}

fn recent_drops(subscriber: &SubscriberView, now: SimTime, window: f64) -> Option<RecentDrops> {
    let kept = &subscriber.recent_drops;
    let within: Vec<&(SimTime, DropReason)> = kept
        .iter()
        .filter(|(at, _)| now.saturating_since(*at).as_secs_f64() <= window)
        .collect();
    let (at, reason) = within.last().copied().copied()?;
    let older_not_kept = subscriber.ledger.dropped() > kept.len() as u64;
    Some(RecentDrops {
        at,
        reason,
        count: within.len(),
        at_least: within.len() == kept.len() && older_not_kept,
    })
}

fn mark_dot(
    key: u64,
    from: (f64, f64),
    to: (f64, f64),
    fraction: f64,
    class: &'static str,
) -> Html {
    let x = from.0 + (to.0 - from.0) * fraction;
    let y = from.1 + (to.1 - from.1) * fraction;
    html! { <circle key={key} class={class} cx={fmt(x)} cy={fmt(y)} r="5" /> }
}

/// A red ✕ where the subscriber's edge ends, and the words "dropped ×n" inside its node:
/// never colour alone, and never near another subscriber's edge.
fn drop_mark(drop: RecentDrops, node_x: f64, y: f64) -> Html {
    let label = match (drop.count, drop.at_least) {
        (count, true) => format!("dropped \u{d7}{count}+"),
        (1, false) => "dropped".to_owned(),
        (count, false) => format!("dropped \u{d7}{count}"),
    };
    html! {
        <g
            class="drop-mark"
            data-testid="drop-mark"
            data-reason={drop.reason.label()}
            data-at={drop.at.to_string()}
        >
            <title>{ format!("dropped at {}: {}", drop.at, drop.reason.label()) }</title>
            <path
                class="drop-cross"
                d={format!("M{} {} l10 10 m0 -10 l-10 10", fmt(node_x - 17.0), fmt(y - 5.0))}
            />
            <text class="drop-text" x={fmt(node_x + NODE_W - 8.0)} y={fmt(y - 3.0)} text-anchor="end">
                { label }
            </text>
        </g>
    }
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('\u{2026}');
        cut
    }
}

/// A coordinate with one decimal, which is finer than a pixel at any size the page uses.
fn fmt(value: f64) -> String {
    format!("{value:.1}")
}
