//! What both generators derive from a topology before they write: the actors grouped by
//! topic, the policies in use, identifiers that are valid and unique, and the words the
//! comments use.

use std::collections::HashSet;

use crate::broker::{OverflowPolicy, TopicName};
use crate::sim::{PublisherSpec, SimDuration, SubscriberSpec};

use super::topology::{Named, Topology};

/// A topology laid out for writing.
pub(super) struct Plan<'a> {
    /// One group per topic, in the playground's order, then any topic that an actor names
    /// but the list lacks.
    pub groups: Vec<Group<'a>>,
    /// The overflow policies the subscribers use, in [`OverflowPolicy::ALL`] order; only
    /// drop-newest, the seed design's, when there are no subscribers.
    pub policies: Vec<OverflowPolicy>,
    /// Whether any topic is closed.
    pub any_closed: bool,
    /// Whether there is at least one publisher and one subscriber, so that every part of
    /// the broker is used.
    pub complete: bool,
}

/// One topic with its actors.
pub(super) struct Group<'a> {
    pub name: &'a TopicName,
    pub closed: bool,
    pub subscribers: Vec<Actor<'a, SubscriberSpec>>,
    pub publishers: Vec<Actor<'a, PublisherSpec>>,
}

/// A publisher or subscriber with the identifiers of its variable.
pub(super) struct Actor<'a, S> {
    pub name: &'a str,
    pub spec: &'a S,
    /// `subA` or `pubP1`.
    pub go_ident: String,
    /// `sub_a` or `pub_p1`.
    pub rust_ident: String,
}

impl<'a> Plan<'a> {
    pub fn of(topology: &'a Topology) -> Plan<'a> {
        let mut groups: Vec<Group<'a>> = topology
            .topics
            .iter()
            .map(|topic| Group {
                name: &topic.name,
                closed: topic.closed,
                subscribers: Vec::new(),
                publishers: Vec::new(),
            })
            .collect();

        // Actors on a topic the list lacks still get a group, after the listed ones.
        for topic in topology
            .subscribers
            .iter()
            .map(|subscriber| &subscriber.spec.topic)
            .chain(
                topology
                    .publishers
                    .iter()
                    .map(|publisher| &publisher.spec.topic),
            )
        {
            if !groups.iter().any(|group| group.name == topic) {
                groups.push(Group {
                    name: topic,
                    closed: false,
                    subscribers: Vec::new(),
                    publishers: Vec::new(),
                });
            }
        }

        let mut go_taken = HashSet::new();
        let mut rust_taken = HashSet::new();
        for (index, subscriber) in topology.subscribers.iter().enumerate() {
            let actor = actor(subscriber, "sub", index, &mut go_taken, &mut rust_taken);
            if let Some(group) = group_of(&mut groups, &subscriber.spec.topic) {
                group.subscribers.push(actor);
            }
        }
        for (index, publisher) in topology.publishers.iter().enumerate() {
            let actor = actor(publisher, "pub", index, &mut go_taken, &mut rust_taken);
            if let Some(group) = group_of(&mut groups, &publisher.spec.topic) {
                group.publishers.push(actor);
            }
        }

        let used: HashSet<OverflowPolicy> = topology
            .subscribers
            .iter()
            .map(|subscriber| subscriber.spec.policy)
            .collect();
        let mut policies: Vec<OverflowPolicy> = OverflowPolicy::ALL
            .into_iter()
            .filter(|policy| used.contains(policy))
            .collect();
        if policies.is_empty() {
            policies.push(OverflowPolicy::DropNewest);
        }

        Plan {
            groups,
            policies,
            any_closed: topology.topics.iter().any(|topic| topic.closed),
            complete: !topology.publishers.is_empty() && !topology.subscribers.is_empty(),
        }
    }

    /// Whether the subscribers use `policy`.
    pub fn uses(&self, policy: OverflowPolicy) -> bool {
        self.policies.contains(&policy)
    }

    /// Whether subscribers differ in policy, so that each needs its own.
    pub fn mixed(&self) -> bool {
        self.policies.len() > 1
    }

    /// Whom a publisher waits for when a subscriber's buffer is full.
    pub fn waiting(&self) -> Waiting {
        if !self.uses(OverflowPolicy::Block) {
            Waiting::Never
        } else if self.mixed() {
            Waiting::ForBlockSubscribers
        } else {
            Waiting::ForEverySubscriber
        }
    }

    /// Every subscriber, in the order of the groups.
    pub fn subscribers(&self) -> impl Iterator<Item = &Actor<'a, SubscriberSpec>> {
        self.groups.iter().flat_map(|group| &group.subscribers)
    }

    /// Every publisher, in the order of the groups.
    pub fn publishers(&self) -> impl Iterator<Item = &Actor<'a, PublisherSpec>> {
        self.groups.iter().flat_map(|group| &group.publishers)
    }
}

/// Whom a publisher waits for when a subscriber's buffer is full: only a block subscriber
/// makes it wait, so the header's promise depends on which policies are in use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Waiting {
    /// No subscriber blocks: the seed design's promise holds.
    Never,
    /// Every subscriber blocks.
    ForEverySubscriber,
    /// Some subscribers block and others do not.
    ForBlockSubscribers,
}

impl Group<'_> {
    /// Whether a subscriber of this topic blocks, so that it can hold its publishers back.
    pub fn blocks(&self) -> bool {
        self.subscribers
            .iter()
            .any(|subscriber| subscriber.spec.policy == OverflowPolicy::Block)
    }
}

/// The group of `topic`; every actor's topic has one by the time this is asked.
fn group_of<'g, 'a>(groups: &'g mut [Group<'a>], topic: &TopicName) -> Option<&'g mut Group<'a>> {
    groups.iter_mut().find(|group| group.name == topic)
}

/// `named` with identifiers made of `prefix` and its name's ASCII letters and digits,
/// `subA` in Go and `sub_a` in Rust, or of `prefix` and its position when that is empty or
/// taken.
fn actor<'a, S>(
    named: &'a Named<S>,
    prefix: &str,
    index: usize,
    go_taken: &mut HashSet<String>,
    rust_taken: &mut HashSet<String>,
) -> Actor<'a, S> {
    let stem: String = named
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let named_ident = |ident: String| (!stem.is_empty()).then_some(ident);
    let go_ident = unique(
        named_ident(format!("{prefix}{stem}")),
        prefix,
        index,
        go_taken,
    );
    let rust_ident = unique(
        named_ident(format!("{prefix}_{}", stem.to_ascii_lowercase())),
        prefix,
        index,
        rust_taken,
    );
    Actor {
        name: &named.name,
        spec: &named.spec,
        go_ident,
        rust_ident,
    }
}

/// `candidate` if it is not taken yet, else `prefix` and the first free number from the
/// actor's position on.
fn unique(
    candidate: Option<String>,
    prefix: &str,
    index: usize,
    taken: &mut HashSet<String>,
) -> String {
    let mut number = index + 1;
    let mut ident = candidate.unwrap_or_else(|| format!("{prefix}{number}"));
    while taken.contains(&ident) {
        ident = format!("{prefix}{number}");
        number += 1;
    }
    taken.insert(ident.clone());
    ident
}

/// How a comment names an actor: its name when that is plain letters and digits, as every
/// name the playground gives is, else the name as a string literal, so no text from outside
/// ever stands bare in a comment.
pub(super) fn label(name: &str, quote: fn(&str) -> String) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
        name.to_owned()
    } else {
        quote(name)
    }
}

/// A duration in words for a comment: `600 ms`, `1.5 s`, `250 µs`.
pub(super) fn duration_words(duration: SimDuration) -> String {
    let micros = duration.as_micros();
    if micros % 1_000 != 0 {
        format!("{micros} \u{b5}s")
    } else if micros >= 1_000_000 && micros % 100_000 == 0 {
        format!("{} s", duration.as_secs_f64())
    } else {
        format!("{} ms", micros / 1_000)
    }
}

/// A unit that a duration is a whole number of.
pub(super) enum Unit {
    Seconds,
    Millis,
    Micros,
}

/// A duration in the largest unit it is a whole number of: `(3, Seconds)` for 3 s,
/// `(1500, Millis)` for 1.5 s, `(333333, Micros)` for a third of a second.
pub(super) fn whole_units(duration: SimDuration) -> (u64, Unit) {
    let micros = duration.as_micros();
    if micros % 1_000_000 == 0 {
        (micros / 1_000_000, Unit::Seconds)
    } else if micros % 1_000 == 0 {
        (micros / 1_000, Unit::Millis)
    } else {
        (micros, Unit::Micros)
    }
}

/// `1 message` or `5 messages`.
pub(super) fn messages(count: f64) -> String {
    if count == 1.0 {
        "1 message".to_owned()
    } else {
        format!("{count} messages")
    }
}

/// The longest line [`Writer::comment`] writes, in bytes.
const COMMENT_WIDTH: usize = 83;

/// Builds a program line by line in one language's indentation.
pub(super) struct Writer {
    out: String,
    /// One level of indentation: a tab for Go, four spaces for Rust.
    indent: &'static str,
}

impl Writer {
    pub fn new(indent: &'static str) -> Writer {
        Writer {
            out: String::with_capacity(8 * 1024),
            indent,
        }
    }

    /// One line at `depth` levels of indentation; an empty `text` gives an empty line.
    pub fn line(&mut self, depth: usize, text: &str) {
        if !text.is_empty() {
            for _ in 0..depth {
                self.out.push_str(self.indent);
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// Lines written with four spaces per level, re-indented to this language at `depth`
    /// more levels. Templates read the same in either language this way.
    pub fn lines(&mut self, depth: usize, template: &str) {
        for line in template.split('\n') {
            let content = line.trim_start_matches(' ');
            let levels = (line.len() - content.len()) / 4;
            self.line(depth + levels, content);
        }
    }

    /// `text` as comment lines starting with `prefix`, wrapped at words so that no line is
    /// longer than [`COMMENT_WIDTH`].
    pub fn comment(&mut self, prefix: &str, text: &str) {
        let mut line = prefix.to_owned();
        for word in text.split_whitespace() {
            if line.len() > prefix.len() && line.len() + 1 + word.len() > COMMENT_WIDTH {
                self.line(0, &line);
                line = prefix.to_owned();
            }
            line.push(' ');
            line.push_str(word);
        }
        self.line(0, &line);
    }

    pub fn finish(self) -> String {
        self.out
    }
}
