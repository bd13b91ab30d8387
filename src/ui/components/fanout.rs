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
//!
//! # Overflow policies
//!
//! Each policy leaves its own trace, always as a shape and words, never as a colour alone:
//!
//! - drop-newest: a ✕ where the subscriber's edge ends, and "dropped ×n in 1.5 s" in its
//!   node.
//! - drop-oldest: a hollow ◇ a little further up the edge, and "evicted ×n in 1.5 s".
//!
//! Those two counts are recent ones: only the drops within the marks' window (see Time)
//! count, and the label names the window, so that it does not read as a rival of the
//! card's total. The tooltip gives both.
//! - block: the waiting publisher is drawn dashed with "❚❚ blocked" (two heavy bars: the
//!   pause emoji is missing from many fonts), and a dashed line runs from it, under the
//!   topic, to the subscriber it waits for. A caption under the drawing names both. The
//!   lane the line runs in and the caption's line are kept while any subscriber of the topic
//!   has the block policy, so the page does not jump each time the publisher stops and goes
//!   on. The caption is text outside the drawing because on a phone the drawing scrolls
//!   sideways, and a label inside it was cut off at either end.
//! - disconnect: the subscriber's edge is cut, with a ✂ in the gap, and its node says
//!   "disconnected".

use yew::prelude::*;

use crate::broker::{OverflowPolicy, SubscriberId};
use crate::sim::{PublisherStatus, PublisherView, SimTime, SubscriberView, TopicView};
use crate::ui::components::subscriber_card::{fill_text, is_disconnected};
use crate::ui::format::format_number;
use crate::ui::state::Speed;

/// How long a mark takes to travel one edge, in simulated seconds at 1×.
pub const TRAVEL_SECS: f64 = 0.4;

/// How long a drop or an eviction stays marked, in simulated seconds at 1×.
pub const DROP_SECS: f64 = 1.5;

/// At most this many marks on one edge; the oldest go first.
pub const MAX_MARKS_PER_EDGE: usize = 8;

const WIDTH: f64 = 600.0;
const ROW: f64 = 56.0;
const PAD: f64 = 10.0;
/// The width of a publisher's node.
const NODE_W: f64 = 124.0;
/// A subscriber's node is wider: its name shares the top line with "dropped ×24+ in 1.5 s".
const SUBSCRIBER_W: f64 = 180.0;
const NODE_H: f64 = 42.0;
const TOPIC_W: f64 = 136.0;
/// The longest topic name the topic's node shows whole; a longer one ends in "…". Fourteen
/// characters of the bold monospace label fill the node's width.
const TOPIC_LABEL_CHARS: usize = 14;
const PUBLISHER_X: f64 = 8.0;
const SUBSCRIBER_X: f64 = WIDTH - SUBSCRIBER_W - 8.0;
/// Halfway between the publishers' and the subscribers' columns, so both edges are as long.
const TOPIC_X: f64 = (PUBLISHER_X + NODE_W + SUBSCRIBER_X - TOPIC_W) / 2.0;
/// The height of the lane under the rows where block lines run.
const BLOCK_LANE: f64 = 20.0;
/// The space above the first block line and below the last one in the lane.
const BLOCK_LANE_MARGIN: f64 = 6.0;
/// Where a block line turns down from a publisher, and up to a subscriber: in the gaps
/// between the node columns and the topic.
const BLOCK_TURN_LEFT: f64 = PUBLISHER_X + NODE_W + 18.0;
const BLOCK_TURN_RIGHT: f64 = SUBSCRIBER_X - 18.0;

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
    let rows_height = rows as f64 * ROW + 2.0 * PAD;
    let has_block_policy = props
        .subscribers
        .iter()
        .any(|subscriber| subscriber.policy == OverflowPolicy::Block);
    let lane = if has_block_policy { BLOCK_LANE } else { 0.0 };
    let height = rows_height + lane;
    let topic_y = rows_height / 2.0;
    let now = props.now;
    let subscriber_y = |id: SubscriberId| {
        props
            .subscribers
            .iter()
            .position(|subscriber| subscriber.id == id)
            .map(|index| row_center(index, props.subscribers.len(), rows))
    };
    let blocked_by: Vec<(f64, f64, String)> = props
        .publishers
        .iter()
        .enumerate()
        .filter_map(|(index, publisher)| match &publisher.status {
            PublisherStatus::Blocked { by, by_name, .. } => Some((
                row_center(index, props.publishers.len(), rows),
                subscriber_y(*by)?,
                format!("{} waits for {by_name}", publisher.name),
            )),
            _ => None,
        })
        .collect();
    let blocking: Vec<SubscriberId> = props
        .publishers
        .iter()
        .filter_map(|publisher| match publisher.status {
            PublisherStatus::Blocked { by, .. } => Some(by),
            _ => None,
        })
        .collect();

    let publishers = props.publishers.iter().enumerate().map(|(index, publisher)| {
        let y = row_center(index, props.publishers.len(), rows);
        let from = (PUBLISHER_X + NODE_W, y);
        let to = (TOPIC_X, topic_y);
        let marks = travelling(&publisher.recent, now, travel);
        let panicked = matches!(publisher.status, PublisherStatus::Panicked { .. });
        let blocked = matches!(publisher.status, PublisherStatus::Blocked { .. });
        let edge_class = classes!(
            "edge",
            (!marks.is_empty()).then_some("is-active"),
            blocked.then_some("is-stalled")
        );
        let state = if panicked {
            Some("is-panicked")
        } else if blocked {
            Some("is-blocked")
        } else {
            None
        };
        html! {
            <g key={publisher.id.0} class={classes!("fan-publisher", state)}>
                <line
                    class={edge_class}
                    x1={fmt(from.0)} y1={fmt(from.1)} x2={fmt(to.0)} y2={fmt(to.1)}
                />
                <g class="marks">
                    { for marks.iter().map(|(key, fraction)| mark_dot(*key, from, to, *fraction, "dot dot-publish")) }
                </g>
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
                    } else if blocked {
                        { format!("\u{275a}\u{275a} blocked \u{b7} {}", publisher.published) }
                    } else {
                        { format!("{}/s \u{b7} {}", format_number(publisher.rate.get()), publisher.published) }
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
        let drop_times: Vec<SimTime> = subscriber.recent_drops.iter().map(|(at, _)| *at).collect();
        let drops = recent(&drop_times, subscriber.ledger.dropped(), now, drop_window);
        let drop_reason = subscriber.recent_drops.last().map(|(_, reason)| reason.label());
        let evictions =
            recent(&subscriber.recent_evictions, subscriber.ledger.evicted, now, drop_window);
        let capacity = subscriber.capacity.get();
        let fill = if capacity == 0 { 0.0 } else { (subscriber.len as f64 / capacity as f64).min(1.0) };
        let disconnected = is_disconnected(subscriber);
        let state = if disconnected {
            Some("is-disconnected")
        } else if blocking.contains(&subscriber.id) {
            Some("is-blocking")
        } else {
            None
        };
        // Both marks name themselves at the top right of the node; when both are there, the
        // eviction takes the line of the buffer count, which the card shows as well.
        let evict_text_y = if drops.is_some() { y + 11.0 } else { y - 3.0 };
        let edge = if disconnected {
            cut_edge(from, to)
        } else {
            html! {
                <line
                    class={classes!("edge", (!marks.is_empty()).then_some("is-active"))}
                    x1={fmt(from.0)} y1={fmt(from.1)} x2={fmt(to.0)} y2={fmt(to.1)}
                />
            }
        };
        html! {
            <g key={subscriber.id.0} class={classes!("fan-subscriber", state)}>
                { edge }
                <g class="marks">
                    { for marks.iter().map(|(key, fraction)| mark_dot(*key, from, to, *fraction, "dot dot-deliver")) }
                </g>
                <rect
                    class="node node-subscriber"
                    x={fmt(SUBSCRIBER_X)} y={fmt(y - NODE_H / 2.0)}
                    width={fmt(SUBSCRIBER_W)} height={fmt(NODE_H)} rx="8"
                />
                <rect
                    class="node-fill"
                    x={fmt(SUBSCRIBER_X + 1.0)} y={fmt(y + NODE_H / 2.0 - 6.0)}
                    width={fmt((SUBSCRIBER_W - 2.0) * fill)} height="5" rx="2"
                />
                <text class="node-label" x={fmt(SUBSCRIBER_X + 10.0)} y={fmt(y - 3.0)}>
                    { subscriber.name.to_string() }
                </text>
                if disconnected {
                    <text
                        class="node-detail cut-text"
                        x={fmt(SUBSCRIBER_X + 10.0)} y={fmt(y + 11.0)}
                    >
                        { "\u{2702} disconnected" }
                    </text>
                } else if !(drops.is_some() && evictions.is_some()) {
                    <text class="node-detail" x={fmt(SUBSCRIBER_X + 10.0)} y={fmt(y + 11.0)}>
                        { format!("{} buffered", fill_text(subscriber)) }
                    </text>
                }
                if let Some(drop) = drops {
                    { drop_mark(&drop, drop_reason.unwrap_or_default(), SUBSCRIBER_X, y) }
                }
                if let Some(eviction) = evictions {
                    { evict_mark(&eviction, SUBSCRIBER_X, y, evict_text_y) }
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
        <>
        // On a narrow screen the frame scrolls sideways, so the keyboard must be able to
        // reach it.
        <div
            class="fanout-frame"
            tabindex="0"
            role="group"
            aria-label={format!("Fan-out diagram of topic {}", props.topic.name)}
        >
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
            if !blocked_by.is_empty() {
                { block_lines(&blocked_by, rows_height) }
            }
            <g class={classes!("fan-topic", props.topic.closed.then_some("is-closed"))}>
                <rect
                    class="node node-topic"
                    x={fmt(TOPIC_X)} y={fmt(topic_y - NODE_H / 2.0 - 4.0)}
                    width={fmt(TOPIC_W)} height={fmt(NODE_H + 8.0)} rx="10"
                />
                // A long name is cut short with an ellipsis; the tooltip has all of it.
                <title>{ format!("topic {}", props.topic.name) }</title>
                <text class="node-label" x={fmt(TOPIC_X + TOPIC_W / 2.0)} y={fmt(topic_y - 2.0)} text-anchor="middle">
                    { short(props.topic.name.as_str(), TOPIC_LABEL_CHARS) }
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
        if has_block_policy {
            { block_caption(&blocked_by) }
        }
        </>
    }
}

/// The vertical centre of item `index` of `count`, centred among `rows` rows.
fn row_center(index: usize, count: usize, rows: usize) -> f64 {
    let offset = (rows.saturating_sub(count)) as f64 * ROW / 2.0;
    PAD + offset + index as f64 * ROW + ROW / 2.0
}

/// The marks still travelling: their key (the send time, unique per actor) and how far along
/// the edge each is, newest last, at most [`MAX_MARKS_PER_EDGE`].
///
/// A fast stream sends more messages than an edge has room for, so the edge is cut into
/// [`MAX_MARKS_PER_EDGE`] stretches of simulated time, and the first message sent in each
/// stretch stands for it. The stretches are fixed on the clock, not counted from the newest
/// message, so a mark keeps its key from frame to frame and glides along its edge instead of
/// being replaced; at 10× (longer stretches) the marks spread over the whole edge too.
fn travelling(times: &[SimTime], now: SimTime, travel: f64) -> Vec<(u64, f64)> {
    let stretch = travel / MAX_MARKS_PER_EDGE as f64;
    let mut last_stretch = None;
    let moving: Vec<(u64, f64)> = times
        .iter()
        .filter(|at| {
            let this = (at.as_secs_f64() / stretch).floor();
            let first_of_its_stretch = last_stretch != Some(this);
            last_stretch = Some(this);
            first_of_its_stretch
        })
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

/// The drops or evictions of one subscriber still marked: the newest, how many fall within
/// the window, and how many there were in all.
struct Recent {
    at: SimTime,
    count: usize,
    /// The simulation keeps only the latest few marks per subscriber; when all of them are
    /// in the window and the subscriber counted more than that, there may be more.
    at_least: bool,
    /// The window, in simulated seconds.
    window: f64,
    /// All of them since the subscriber was added, as its card counts them.
    total: u64,
}

/// The marks among `kept` (oldest first) within `window` seconds of `now`; `total` is how
/// many there were in all, kept or not.
fn recent(kept: &[SimTime], total: u64, now: SimTime, window: f64) -> Option<Recent> {
    let within: Vec<SimTime> = kept
        .iter()
        .copied()
        .filter(|at| now.saturating_since(*at).as_secs_f64() <= window)
        .collect();
    let at = within.last().copied()?;
    let older_not_kept = total > kept.len() as u64;
    Some(Recent {
        at,
        count: within.len(),
        at_least: within.len() == kept.len() && older_not_kept,
        window,
        total,
    })
}

impl Recent {
    /// "dropped ×3 in 1.5 s" or "dropped ×24+ in 15 s": the words say that the count is a
    /// recent one.
    fn label(&self, word: &str) -> String {
        let plus = if self.at_least { "+" } else { "" };
        format!(
            "{word} \u{d7}{}{plus} in {} s",
            self.count,
            format_number(self.window)
        )
    }

    /// The tooltip: the recent count against the total, and why the window is as long as
    /// it is.
    fn explain(&self, word: &str, latest: &str) -> String {
        let plus = if self.at_least { " or more" } else { "" };
        let stretched = if self.window > DROP_SECS {
            format!(" ({DROP_SECS} s at 1\u{d7}, stretched with the speed)")
        } else {
            String::new()
        };
        format!(
            "{}{plus} {word} in the last {} s of simulated time{stretched}; the latest at {}: \
             {latest}. {} {word} in all, as the card counts.",
            self.count,
            format_number(self.window),
            self.at,
            self.total
        )
    }
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

/// A red ✕ where the subscriber's edge ends, and the words "dropped ×n in 1.5 s" inside its
/// node: never colour alone, and never near another subscriber's edge.
fn drop_mark(drop: &Recent, reason: &'static str, node_x: f64, y: f64) -> Html {
    let label = drop.label("dropped");
    html! {
        <g
            class="drop-mark"
            data-testid="drop-mark"
            data-reason={reason}
            data-at={drop.at.to_string()}
        >
            <title>{ drop.explain("dropped", reason) }</title>
            <path
                class="drop-cross"
                d={format!("M{} {} l10 10 m0 -10 l-10 10", fmt(node_x - 17.0), fmt(y - 5.0))}
            />
            <text class="drop-text" x={fmt(node_x + SUBSCRIBER_W - 8.0)} y={fmt(y - 3.0)} text-anchor="end">
                { label }
            </text>
        </g>
    }
}

/// A hollow ◇ on the subscriber's edge, further from the node than a drop's ✕, and the words
/// "evicted ×n in 1.5 s" inside the node at `text_y`.
fn evict_mark(eviction: &Recent, node_x: f64, y: f64, text_y: f64) -> Html {
    let label = eviction.label("evicted");
    let (cx, cy) = (node_x - 30.0, y);
    html! {
        <g class="evict-mark" data-testid="evict-mark" data-at={eviction.at.to_string()}>
            <title>
                { eviction.explain(
                    "evicted",
                    "the oldest buffered message made room for a newer one",
                ) }
            </title>
            <path
                class="evict-diamond"
                d={format!("M{} {} l6 6 l-6 6 l-6 -6 z", fmt(cx), fmt(cy - 6.0))}
            />
            <text
                class="evict-text"
                x={fmt(node_x + SUBSCRIBER_W - 8.0)} y={fmt(text_y)}
                text-anchor="end"
            >
                { label }
            </text>
        </g>
    }
}

/// The edge of a disconnected subscriber, cut two thirds of the way with a ✂ in the gap.
fn cut_edge(from: (f64, f64), to: (f64, f64)) -> Html {
    let at = |fraction: f64| {
        (
            from.0 + (to.0 - from.0) * fraction,
            from.1 + (to.1 - from.1) * fraction,
        )
    };
    let (cut_start, cut_end, middle) = (at(0.55), at(0.8), at(0.675));
    html! {
        <g class="cut-edge" data-testid="cut-edge">
            <title>{ "disconnected: an overflow cut this subscriber off" }</title>
            <line
                class="edge is-cut"
                x1={fmt(from.0)} y1={fmt(from.1)} x2={fmt(cut_start.0)} y2={fmt(cut_start.1)}
            />
            <line
                class="edge is-cut"
                x1={fmt(cut_end.0)} y1={fmt(cut_end.1)} x2={fmt(to.0)} y2={fmt(to.1)}
            />
            <text class="cut-icon" x={fmt(middle.0)} y={fmt(middle.1 + 5.0)} text-anchor="middle">
                { "\u{2702}" }
            </text>
        </g>
    }
}

/// The dashed lines from each blocked publisher, at `(publisher y, subscriber y, label)`,
/// down into the lane under the rows, across under the topic, and up to the subscriber it
/// waits for.
fn block_lines(blocked: &[(f64, f64, String)], rows_height: f64) -> Html {
    // Several blocked publishers share the lane a few pixels apart, closer together when
    // many are blocked at once, so that all stay inside it.
    let spread = BLOCK_LANE - 2.0 * BLOCK_LANE_MARGIN;
    let step = match blocked.len() {
        0 | 1 => 0.0,
        many => (spread / (many - 1) as f64).min(4.0),
    };
    let lines = blocked.iter().enumerate().map(|(index, (from_y, to_y, label))| {
        let lane_y = rows_height + BLOCK_LANE_MARGIN + index as f64 * step;
        let d = format!(
            "M{} {} H{} V{} H{} V{} H{}",
            fmt(PUBLISHER_X + NODE_W),
            fmt(*from_y),
            fmt(BLOCK_TURN_LEFT),
            fmt(lane_y),
            fmt(BLOCK_TURN_RIGHT),
            fmt(*to_y),
            fmt(SUBSCRIBER_X),
        );
        html! {
            <path key={label.clone()} class="block-line" data-testid="block-line" d={d}>
                <title>{ format!("{label}: its buffer is full and its policy is block") }</title>
            </path>
        }
    });
    html! {
        <g class="block-lines">
            { for lines }
        </g>
    }
}

/// The line under the drawing that names who waits for whom, or says that nobody does.
fn block_caption(blocked: &[(f64, f64, String)]) -> Html {
    if blocked.is_empty() {
        return html! {
            <p class="fanout-caption" data-testid="block-caption">
                { "No publisher is blocked." }
            </p>
        };
    }
    let names: Vec<&str> = blocked.iter().map(|(_, _, label)| label.as_str()).collect();
    html! {
        <p class="fanout-caption is-blocked" data-testid="block-caption">
            { format!("\u{275a}\u{275a} blocked: {}", names.join("; ")) }
        </p>
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
