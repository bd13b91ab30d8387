//! Where the page starts: a preset named in the query string, the empty topic that the
//! browser and end-to-end tests build on, or the demo a first-time visitor watches.

use crate::scenario::{preset_by_id, Preset, DEFAULT_PRESET};

pub use crate::scenario::DEFAULT_SEED;

/// The preset that [`Start::Empty`] loads: only the topic `orders`, paused at time zero.
pub const EMPTY_PRESET: &str = "empty";

/// Where a new session starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// The default preset, the slow consumer: topic `orders`, publisher P1 at 5 msg/s, two
    /// quick subscribers A and B and a slow one, C, whose small buffer overflows. Runs at
    /// once.
    #[default]
    Demo,
    /// Only topic `orders`, paused at time zero.
    Empty,
    /// The preset with this id, as [`preset_by_id`] finds it.
    Preset(&'static str),
}

impl Start {
    /// Reads the page's query string: `?start=empty` means [`Start::Empty`], `?preset=<id>`
    /// the preset with that id, and anything else, an unknown id included, the demo.
    pub fn from_query(search: &str) -> Start {
        let mut start = Start::Demo;
        for pair in search.trim_start_matches('?').split('&') {
            match pair.split_once('=') {
                Some(("start", "empty")) => return Start::Empty,
                Some(("preset", id)) => {
                    if let Some(preset) = preset_by_id(id) {
                        start = Start::Preset(preset.id);
                    }
                }
                _ => {}
            }
        }
        start
    }

    /// The preset this start loads; `None` only for an id that no preset has.
    pub fn preset(self) -> Option<&'static Preset> {
        match self {
            Start::Demo => preset_by_id(DEFAULT_PRESET),
            Start::Empty => preset_by_id(EMPTY_PRESET),
            Start::Preset(id) => preset_by_id(id),
        }
    }

    /// Whether the clock runs as soon as this start is shown.
    pub fn runs_at_once(self) -> bool {
        self.preset().is_some_and(|preset| preset.runs_at_once)
    }
}
