//! The fan-out diagram of one topic: its publishers, the topic and each subscriber, and recent
//! messages as marks travelling along the edges.
//!
//! # Layouts
//!
//! [`FanoutLayout::Wide`] puts the publishers on the left, the topic in the middle and the
//! subscribers on the right. It needs about 540 px before its labels get too small to read.
//! A phone is narrower, and there the subscribers, where drops and evictions show, would
//! start out of view beyond a sideways scroll. So a phone gets [`FanoutLayout::Narrow`]: the
//! topic is a bar down the left side, and the publishers and then the subscribers sit in one
//! column to its right, each on a lane of its own. Marks travel into the bar from a publisher
//! and out of it to a subscriber, and a block line runs down the right-hand side. The drawing
//! is the same in both; only [`Geometry`] differs.
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
//! for [`DROP_SECS`]; above 1× both stretch with the clock's pace, so that at 100× a mark
//! still stays long enough for an eye to see it. Below 1× they do not, which gives slow
//! motion. The pace is the speed the clock achieves, which under a heavy load can be far
//! below the one chosen; stretched by the chosen speed, the marks would crawl and bunch at
//! the start of their edges. The scale is the pace rounded up to a power of two
//! ([`travel_scale`](crate::sim::travel_scale)) and kept while the pace wobbles about one,
//! so that the wobble from second to second moves nothing, and a travel is always eight of
//! the stretches the simulation remembers marks by.
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
//!   on. The caption is text outside the drawing, where it wraps like the page's other text
//!   whatever the width; a label inside the drawing would not.
//! - disconnect: the subscriber's edge is cut, with a ✂ in the gap, and its node says
//!   "disconnected".
//!
//! A closed topic says "closed" in its node, and each subscriber's node says how far it got
//! draining its buffer ("closed · draining 3", "closed · finishing" while it works on the
//! last message, then "closed (drained)"), as its card does.

use unicode_width::UnicodeWidthChar;
use yew::prelude::*;

use crate::broker::{OverflowPolicy, SubscriberId};
use crate::sim::{
    mark_stretch, PublisherStatus, PublisherView, SimDuration, SimTime, SubscriberView, TopicView,
    STRETCHES_PER_TRAVEL,
};
use crate::ui::components::subscriber_card::{fill_text, is_disconnected, Stage};
use crate::ui::format::format_number;

/// How long a mark takes to travel one edge, in simulated seconds at 1×.
pub const TRAVEL_SECS: f64 = 0.4;

/// How long a drop or an eviction stays marked, in simulated seconds at 1×.
pub const DROP_SECS: f64 = 1.5;

/// At most this many marks on one edge; the oldest go first.
pub const MAX_MARKS_PER_EDGE: usize = STRETCHES_PER_TRAVEL as usize;

/// Under this media query a topic draws its diagram [`FanoutLayout::Narrow`]. The wide
/// drawing has a `min-width` of 540 px in the stylesheet, and on a screen this narrow the
/// page's and the topic's padding leave its frame less than that.
pub const NARROW_FANOUT_QUERY: &str = "(max-width: 589px)";

/// How the diagram is laid out: see the module docs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FanoutLayout {
    /// Publishers, topic and subscribers side by side.
    #[default]
    Wide,
    /// The topic as a bar on the left, and publishers above subscribers to its right.
    Narrow,
}

const WIDTH: f64 = 600.0;
const ROW: f64 = 56.0;
const PAD: f64 = 10.0;
/// The width of a publisher's node.
const NODE_W: f64 = 124.0;
/// A subscriber's node is wider: its name shares the top line with "dropped ×24+ in 1.5 s".
const SUBSCRIBER_W: f64 = 180.0;
const NODE_H: f64 = 42.0;
const TOPIC_W: f64 = 136.0;
/// The widest topic name the topic's node shows whole, in columns (see [`short`]); a wider
/// one ends in "…". Fourteen Latin characters of the bold monospace label fill the node's
/// width.
const TOPIC_LABEL_COLUMNS: usize = 14;
/// The columns that "…" takes at the end of a cut name.
const ELLIPSIS_COLUMNS: usize = 1;
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

/// The narrow layout's width. Its frame on a 390 px phone is 340 px wide, so labels shrink
/// by a tenth at most.
const NARROW_WIDTH: f64 = 380.0;
const NARROW_TOPIC_X: f64 = 8.0;
const NARROW_TOPIC_W: f64 = 92.0;
/// Ten columns of the topic's bold label fill the bar.
const NARROW_TOPIC_LABEL_COLUMNS: usize = 10;
/// Where the column of publisher and subscriber nodes starts; the lanes between the bar and
/// the column are as long as a mark needs to be seen moving.
const NARROW_NODE_X: f64 = 164.0;
/// The column's width when no subscriber has the block policy; otherwise it ends where the
/// block lane on the right-hand side begins.
const NARROW_NODE_W: f64 = NARROW_WIDTH - 8.0 - NARROW_NODE_X;
/// The least height of the topic's bar, which holds its three lines even when the column is
/// empty.
const NARROW_TOPIC_MIN_H: f64 = 72.0;
/// The height of the line that heads the publishers, and the subscribers, in the column.
const NARROW_HEADING: f64 = 18.0;

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
    /// How many times longer than at 1× marks travel and drops stay marked (see the module
    /// docs): [`travel_scale`](crate::sim::travel_scale) of the clock's pace.
    pub travel_scale: f64,
    /// Side by side, or one column for a phone.
    #[prop_or_default]
    pub layout: FanoutLayout,
}

/// The diagram.
#[component]
pub fn Fanout(props: &FanoutProps) -> Html {
    let travel = TRAVEL_SECS * props.travel_scale;
    let drop_window = DROP_SECS * props.travel_scale;
    let has_block_policy = props
        .subscribers
        .iter()
        .any(|subscriber| subscriber.policy == OverflowPolicy::Block);
    let geometry = Geometry::new(
        props.layout,
        props.publishers.len(),
        props.subscribers.len(),
        has_block_policy,
    );
    let now = props.now;
    let subscriber_y = |id: SubscriberId| {
        props
            .subscribers
            .iter()
            .position(|subscriber| subscriber.id == id)
            .map(|index| geometry.subscriber_y(index))
    };
    let blocked_by: Vec<(f64, f64, String)> = props
        .publishers
        .iter()
        .enumerate()
        .filter_map(|(index, publisher)| match &publisher.status {
            PublisherStatus::Blocked { by, by_name, .. } => Some((
                geometry.publisher_y(index),
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

    let publisher_x = geometry.publisher_x;
    let publishers = props.publishers.iter().enumerate().map(|(index, publisher)| {
        let y = geometry.publisher_y(index);
        let (from, to) = geometry.publisher_edge(y);
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
                    x={fmt(publisher_x)} y={fmt(y - NODE_H / 2.0)}
                    width={fmt(geometry.publisher_w)} height={fmt(NODE_H)} rx="8"
                />
                <text class="node-label" x={fmt(publisher_x + 10.0)} y={fmt(y - 3.0)}>
                    { publisher.name.to_string() }
                </text>
                <text class="node-detail" x={fmt(publisher_x + 10.0)} y={fmt(y + 13.0)}>
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

    let (subscriber_x, subscriber_w) = (geometry.subscriber_x, geometry.subscriber_w);
    let subscribers = props.subscribers.iter().enumerate().map(|(index, subscriber)| {
        let y = geometry.subscriber_y(index);
        let (from, to) = geometry.subscriber_edge(y);
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
        let node = NodeBox { x: subscriber_x, width: subscriber_w, y };
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
                    x={fmt(subscriber_x)} y={fmt(y - NODE_H / 2.0)}
                    width={fmt(subscriber_w)} height={fmt(NODE_H)} rx="8"
                />
                <rect
                    class="node-fill"
                    x={fmt(subscriber_x + 1.0)} y={fmt(y + NODE_H / 2.0 - 6.0)}
                    width={fmt((subscriber_w - 2.0) * fill)} height="5" rx="2"
                />
                <text class="node-label" x={fmt(subscriber_x + 10.0)} y={fmt(y - 3.0)}>
                    { subscriber.name.to_string() }
                </text>
                if disconnected {
                    <text
                        class="node-detail cut-text"
                        x={fmt(subscriber_x + 10.0)} y={fmt(y + 11.0)}
                    >
                        { "\u{2702} disconnected" }
                    </text>
                } else if !(drops.is_some() && evictions.is_some()) {
                    <text class="node-detail" x={fmt(subscriber_x + 10.0)} y={fmt(y + 11.0)}>
                        { buffer_text(subscriber) }
                    </text>
                }
                if let Some(drop) = drops {
                    { drop_mark(&drop, drop_reason.unwrap_or_default(), node) }
                }
                if let Some(eviction) = evictions {
                    { evict_mark(&eviction, node, evict_text_y) }
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
    let topic = geometry.topic;
    let topic_middle_x = topic.x + topic.width / 2.0;
    let topic_middle_y = topic.y + topic.height / 2.0;
    // The name's baseline, and under it a detail line every 13: the block of lines is
    // centred in the node however many there are.
    let topic_detail = if props.topic.closed {
        vec!["closed".to_owned()]
    } else {
        match props.layout {
            FanoutLayout::Wide => vec![format!("{} published", props.topic.published)],
            // The bar is too narrow for a long count and the word on one line.
            FanoutLayout::Narrow => {
                vec![props.topic.published.to_string(), "published".to_owned()]
            }
        }
    };
    let topic_label_y = topic_middle_y - 2.0 - 6.5 * (topic_detail.len().saturating_sub(1)) as f64;
    html! {
        <>
        // The wide drawing scrolls sideways in a frame narrower than its least width, and
        // the keyboard must be able to scroll it too. The narrow one never scrolls, and the
        // frame would be a Tab stop that does nothing.
        <div
            class="fanout-frame"
            tabindex={(props.layout == FanoutLayout::Wide).then_some("0")}
            role="group"
            aria-label={format!("Fan-out diagram of topic {}", props.topic.name)}
        >
        <svg
            class={classes!("fanout", (props.layout == FanoutLayout::Narrow).then_some("is-narrow"))}
            viewBox={format!("0 0 {} {}", fmt(geometry.width), fmt(geometry.height))}
            role="img"
            aria-label={title.clone()}
            preserveAspectRatio="xMidYMin meet"
            data-layout={geometry.layout_name()}
        >
            <title>{ title }</title>
            { geometry.headings(props.publishers.len(), props.subscribers.len()) }
            { for publishers }
            { for subscribers }
            if !blocked_by.is_empty() {
                { block_lines(&geometry, &blocked_by) }
            }
            <g class={classes!("fan-topic", props.topic.closed.then_some("is-closed"))}>
                <rect
                    class="node node-topic"
                    x={fmt(topic.x)} y={fmt(topic.y)}
                    width={fmt(topic.width)} height={fmt(topic.height)} rx="10"
                />
                // A long name is cut short with an ellipsis; the tooltip has all of it.
                <title>{ format!("topic {}", props.topic.name) }</title>
                <text class="node-label" x={fmt(topic_middle_x)} y={fmt(topic_label_y)} text-anchor="middle">
                    { short(props.topic.name.as_str(), geometry.topic_label_columns) }
                </text>
                { for topic_detail.into_iter().enumerate().map(|(line, text)| html! {
                    <text
                        class="node-detail"
                        x={fmt(topic_middle_x)} y={fmt(topic_label_y + 16.0 + line as f64 * 13.0)}
                        text-anchor="middle"
                    >
                        { text }
                    </text>
                }) }
            </g>
        </svg>
        </div>
        if has_block_policy {
            { block_caption(&blocked_by) }
        }
        </>
    }
}

/// A rectangle in the drawing's coordinates.
#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// Where a subscriber's node is: its left edge, its width and its vertical centre.
#[derive(Clone, Copy, Debug)]
struct NodeBox {
    x: f64,
    width: f64,
    y: f64,
}

/// Where everything goes, for one layout and one count of publishers and subscribers.
#[derive(Debug)]
struct Geometry {
    layout: FanoutLayout,
    width: f64,
    height: f64,
    publishers: usize,
    subscribers: usize,
    /// Wide: how many rows the taller of the two columns needs, at least one.
    rows: usize,
    /// Wide: where the rows end and the block lane under them begins.
    rows_height: f64,
    publisher_x: f64,
    publisher_w: f64,
    subscriber_x: f64,
    subscriber_w: f64,
    topic: Rect,
    topic_label_columns: usize,
}

impl Geometry {
    /// `block_lane` keeps room for block lines whenever a subscriber has the block policy,
    /// so that the drawing does not jump as publishers block and go on.
    fn new(layout: FanoutLayout, publishers: usize, subscribers: usize, block_lane: bool) -> Self {
        match layout {
            FanoutLayout::Wide => {
                let rows = publishers.max(subscribers).max(1);
                let rows_height = rows as f64 * ROW + 2.0 * PAD;
                let topic_y = rows_height / 2.0;
                Geometry {
                    layout,
                    width: WIDTH,
                    height: rows_height + if block_lane { BLOCK_LANE } else { 0.0 },
                    publishers,
                    subscribers,
                    rows,
                    rows_height,
                    publisher_x: PUBLISHER_X,
                    publisher_w: NODE_W,
                    subscriber_x: SUBSCRIBER_X,
                    subscriber_w: SUBSCRIBER_W,
                    topic: Rect {
                        x: TOPIC_X,
                        y: topic_y - NODE_H / 2.0 - 4.0,
                        width: TOPIC_W,
                        height: NODE_H + 8.0,
                    },
                    topic_label_columns: TOPIC_LABEL_COLUMNS,
                }
            }
            FanoutLayout::Narrow => {
                let column = 2.0 * NARROW_HEADING + (publishers + subscribers) as f64 * ROW;
                let bar = column.max(NARROW_TOPIC_MIN_H);
                let node_w = NARROW_NODE_W - if block_lane { BLOCK_LANE } else { 0.0 };
                Geometry {
                    layout,
                    width: NARROW_WIDTH,
                    height: bar + 2.0 * PAD,
                    publishers,
                    subscribers,
                    rows: publishers + subscribers,
                    rows_height: bar + 2.0 * PAD,
                    publisher_x: NARROW_NODE_X,
                    publisher_w: node_w,
                    subscriber_x: NARROW_NODE_X,
                    subscriber_w: node_w,
                    topic: Rect {
                        x: NARROW_TOPIC_X,
                        y: PAD,
                        width: NARROW_TOPIC_W,
                        height: bar,
                    },
                    topic_label_columns: NARROW_TOPIC_LABEL_COLUMNS,
                }
            }
        }
    }

    /// For tests and stylesheets to tell the layouts apart.
    fn layout_name(&self) -> &'static str {
        match self.layout {
            FanoutLayout::Wide => "wide",
            FanoutLayout::Narrow => "narrow",
        }
    }

    /// The vertical centre of publisher `index`.
    fn publisher_y(&self, index: usize) -> f64 {
        match self.layout {
            FanoutLayout::Wide => self.wide_row_center(index, self.publishers),
            FanoutLayout::Narrow => PAD + NARROW_HEADING + (index as f64 + 0.5) * ROW,
        }
    }

    /// The vertical centre of subscriber `index`.
    fn subscriber_y(&self, index: usize) -> f64 {
        match self.layout {
            FanoutLayout::Wide => self.wide_row_center(index, self.subscribers),
            FanoutLayout::Narrow => {
                self.subscribers_top() + NARROW_HEADING + (index as f64 + 0.5) * ROW
            }
        }
    }

    /// Narrow: where the subscribers' heading begins, under the last publisher.
    fn subscribers_top(&self) -> f64 {
        PAD + NARROW_HEADING + self.publishers as f64 * ROW
    }

    /// Wide: the centre of item `index` of `count`, the column centred among the rows.
    fn wide_row_center(&self, index: usize, count: usize) -> f64 {
        let offset = (self.rows.saturating_sub(count)) as f64 * ROW / 2.0;
        PAD + offset + index as f64 * ROW + ROW / 2.0
    }

    /// The edge a publisher's messages travel, from its node at height `y` into the topic.
    fn publisher_edge(&self, y: f64) -> ((f64, f64), (f64, f64)) {
        let topic = self.topic;
        match self.layout {
            FanoutLayout::Wide => (
                (self.publisher_x + self.publisher_w, y),
                (topic.x, topic.y + topic.height / 2.0),
            ),
            FanoutLayout::Narrow => ((self.publisher_x, y), (topic.x + topic.width, y)),
        }
    }

    /// The edge a subscriber's copies travel, from the topic to its node at height `y`.
    fn subscriber_edge(&self, y: f64) -> ((f64, f64), (f64, f64)) {
        let topic = self.topic;
        match self.layout {
            FanoutLayout::Wide => (
                (topic.x + topic.width, topic.y + topic.height / 2.0),
                (self.subscriber_x, y),
            ),
            FanoutLayout::Narrow => ((topic.x + topic.width, y), (self.subscriber_x, y)),
        }
    }

    /// The path of a block line from a publisher at `from_y` to a subscriber at `to_y`, the
    /// `index`th of those drawn, `step` apart from its neighbours in the lane.
    ///
    /// Wide, it turns down out of the publisher, runs along the lane under the rows and
    /// comes up into the subscriber. Narrow, both nodes are in one column, and it leaves the
    /// publisher on its right, runs down the lane on the right-hand side and goes back in.
    fn block_path(&self, from_y: f64, to_y: f64, index: usize, step: f64) -> String {
        let in_lane = BLOCK_LANE_MARGIN + index as f64 * step;
        match self.layout {
            FanoutLayout::Wide => format!(
                "M{} {} H{} V{} H{} V{} H{}",
                fmt(self.publisher_x + self.publisher_w),
                fmt(from_y),
                fmt(BLOCK_TURN_LEFT),
                fmt(self.rows_height + in_lane),
                fmt(BLOCK_TURN_RIGHT),
                fmt(to_y),
                fmt(self.subscriber_x),
            ),
            FanoutLayout::Narrow => {
                let column_end = self.publisher_x + self.publisher_w;
                format!(
                    "M{} {} H{} V{} H{}",
                    fmt(column_end),
                    fmt(from_y),
                    fmt(column_end + in_lane),
                    fmt(to_y),
                    fmt(column_end),
                )
            }
        }
    }

    /// Narrow: the words over the publishers and over the subscribers, which share a column
    /// and are told apart by them as well as by the way their marks travel.
    fn headings(&self, publishers: usize, subscribers: usize) -> Html {
        if self.layout == FanoutLayout::Wide {
            return Html::default();
        }
        let heading = |top: f64, text: &'static str| {
            html! {
                <text class="lane-heading" x={fmt(NARROW_NODE_X)} y={fmt(top + 13.0)}>
                    { text }
                </text>
            }
        };
        html! {
            <g class="lane-headings">
                { heading(PAD, if publishers == 0 { "no publishers" } else { "publishers" }) }
                { heading(
                    self.subscribers_top(),
                    if subscribers == 0 { "no subscribers" } else { "subscribers" },
                ) }
            </g>
        }
    }
}

/// The line under a subscriber's name: how full its buffer is, or, once its topic is
/// closed, how far it got with draining it, in the card's words made short.
fn buffer_text(subscriber: &SubscriberView) -> String {
    match Stage::of(subscriber) {
        // The buffer is empty, but the message taken last is still being worked on.
        Stage::Draining if subscriber.len == 0 => "closed \u{b7} finishing".to_owned(),
        Stage::Draining => format!("closed \u{b7} draining {}", subscriber.len),
        Stage::Drained => "closed (drained)".to_owned(),
        Stage::Processing | Stage::Waiting | Stage::Disconnected => {
            format!("{} buffered", fill_text(subscriber))
        }
    }
}

/// The marks still travelling: their key (the send time, unique per actor) and how far along
/// the edge each is, newest last, at most [`MAX_MARKS_PER_EDGE`].
///
/// A fast stream sends more messages than an edge has room for, so the clock is cut into
/// fixed stretches, at least an eighth of the travel each ([`mark_stretch`]), and the first
/// message sent in each stretch stands for it. Fixed on the clock rather than counted from
/// the newest message, a stretch keeps its mark from frame to frame, which therefore glides
/// along its edge instead of being replaced. The simulation remembers the first message of
/// every such stretch at every speed (`src/sim/marks.rs`), so at 100× the marks spread over
/// the whole edge as they do at 1×.
fn travelling(times: &[SimTime], now: SimTime, travel: f64) -> Vec<(u64, f64)> {
    let stretch = mark_stretch(SimDuration::from_secs_f64(travel))
        .as_micros()
        .max(1);
    let mut last_stretch = None;
    let moving: Vec<(u64, f64)> = times
        .iter()
        .filter(|at| {
            let this = at.as_micros() / stretch;
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
            format!(" ({DROP_SECS} s at 1\u{d7}, stretched with the clock's pace)")
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
fn drop_mark(drop: &Recent, reason: &'static str, node: NodeBox) -> Html {
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
                d={format!("M{} {} l10 10 m0 -10 l-10 10", fmt(node.x - 17.0), fmt(node.y - 5.0))}
            />
            <text class="drop-text" x={fmt(node.x + node.width - 8.0)} y={fmt(node.y - 3.0)} text-anchor="end">
                { label }
            </text>
        </g>
    }
}

/// A hollow ◇ on the subscriber's edge, further from the node than a drop's ✕, and the words
/// "evicted ×n in 1.5 s" inside the node at `text_y`.
fn evict_mark(eviction: &Recent, node: NodeBox, text_y: f64) -> Html {
    let label = eviction.label("evicted");
    let (cx, cy) = (node.x - 30.0, node.y);
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
                x={fmt(node.x + node.width - 8.0)} y={fmt(text_y)}
                text-anchor="end"
            >
                { label }
            </text>
        </g>
    }
}

/// The edge of a disconnected subscriber, cut a quarter of the way from the topic, with a ✂
/// in the gap.
fn cut_edge(from: (f64, f64), to: (f64, f64)) -> Html {
    let at = |fraction: f64| {
        (
            from.0 + (to.0 - from.0) * fraction,
            from.1 + (to.1 - from.1) * fraction,
        )
    };
    // The gap is nearer the topic than the node, where a drop's ✕ and an eviction's ◇ sit.
    let (cut_start, cut_end, middle) = (at(0.25), at(0.5), at(0.375));
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
/// through the block lane to the subscriber it waits for (see [`Geometry::block_path`]).
fn block_lines(geometry: &Geometry, blocked: &[(f64, f64, String)]) -> Html {
    // Several blocked publishers share the lane a few pixels apart, closer together when
    // many are blocked at once, so that all stay inside it.
    let spread = BLOCK_LANE - 2.0 * BLOCK_LANE_MARGIN;
    let step = match blocked.len() {
        0 | 1 => 0.0,
        many => (spread / (many - 1) as f64).min(4.0),
    };
    let lines = blocked.iter().enumerate().map(|(index, (from_y, to_y, label))| {
        html! {
            <path
                key={label.clone()}
                class="block-line"
                data-testid="block-line"
                d={geometry.block_path(*from_y, *to_y, index, step)}
            >
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

/// `text` cut to fit `max_columns` columns, ending in "…" when cut. A column is the width
/// of a Latin letter; a CJK character or an emoji takes two (Unicode's East Asian Width), so
/// that a name in Japanese stays inside its node as one in English does.
fn short(text: &str, max_columns: usize) -> String {
    // Character by character rather than `str::width`, whose rules for emoji sequences
    // bring tables a topic name has no use for into the bundle.
    let columns = |character: char| character.width().unwrap_or(0);
    if text.chars().map(columns).sum::<usize>() <= max_columns {
        return text.to_owned();
    }
    let room = max_columns.saturating_sub(ELLIPSIS_COLUMNS);
    let mut used = 0;
    let mut cut = String::new();
    for character in text.chars() {
        used += columns(character);
        if used > room {
            break;
        }
        cut.push(character);
    }
    cut.push('\u{2026}');
    cut
}

/// A coordinate with one decimal, which is finer than a pixel at any size the page uses.
fn fmt(value: f64) -> String {
    format!("{value:.1}")
}
