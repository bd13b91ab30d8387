//! What the page's address asks for: a shared scenario in the fragment, a preset, and the
//! embed options a documentation page sets on its `<iframe>`.
//!
//! # The address
//!
//! - `#s1.…`: a share link. Its scenario replaces the default demo; a link that does not
//!   decode shows why and leaves the demo in place.
//! - `?preset=<id>`: one of the [`PRESETS`](crate::scenario::PRESETS), by id, which
//!   [`Start::from_query`](crate::ui::Start::from_query) loads. An unknown id is shown
//!   like a bad link. The fragment wins when both are given.
//! - `?embed=1`: the chromeless playground for an `<iframe>`: no header, no forms, no share
//!   panel, no event log; the fan-out picture, the cards and a compact controls bar.
//! - `?lock=1` (with `embed=1`): nothing can be edited; only play, pause and the speed stay.
//! - `?origin=<origin>`: the only origin whose `postMessage` commands the embed obeys, and
//!   the one its replies go to. Without it, any page may command it and replies go to `*`.
//!
//! Reading the address never fails: what cannot be read becomes an error to show, and the
//! page goes on with the default demo.

use crate::scenario::{decode_fragment, preset_by_id, Scenario, FRAGMENT_PREFIX};

/// The options the page's address sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// `embed=1`: the chromeless layout for an `<iframe>`.
    pub embed: bool,
    /// `lock=1`, honoured only when embedded: no editing, only play, pause and speed.
    pub lock: bool,
    /// `preset=<id>`, as written.
    pub preset: Option<String>,
    /// `origin=<origin>`: the host page allowed to send commands.
    pub origin: Option<String>,
    /// The fragment, when it is a share link (`s1.…`, without the `#`).
    pub fragment: Option<String>,
}

impl PageOptions {
    /// Reads a query string (`?embed=1&preset=fan-out`, with or without the `?`) and a
    /// fragment (`#s1.…`, with or without the `#`). Values are percent-decoded; unknown
    /// keys are ignored.
    ///
    /// ```no_run
    /// use mini_kafka_playground::ui::embed::PageOptions;
    ///
    /// let options = PageOptions::parse("?embed=1&lock=1&preset=fan-out", "");
    /// assert!(options.embed && options.is_locked());
    /// assert_eq!(options.preset.as_deref(), Some("fan-out"));
    /// ```
    pub fn parse(search: &str, hash: &str) -> PageOptions {
        let mut options = PageOptions::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "embed" => options.embed = is_yes(&value),
                "lock" => options.lock = is_yes(&value),
                "preset" if !value.is_empty() => options.preset = Some(value),
                "origin" if !value.is_empty() => options.origin = Some(value),
                _ => {}
            }
        }
        let hash = hash.trim_start_matches('#');
        if hash.starts_with(FRAGMENT_PREFIX) {
            options.fragment = Some(hash.to_owned());
        }
        options
    }

    /// The options of the page that is open now.
    pub fn from_location() -> PageOptions {
        let location = web_sys::window().map(|window| window.location());
        let read = |part: fn(&web_sys::Location) -> Result<String, _>| {
            location
                .as_ref()
                .and_then(|location| part(location).ok())
                .unwrap_or_default()
        };
        PageOptions::parse(
            &read(web_sys::Location::search),
            &read(web_sys::Location::hash),
        )
    }

    /// Whether editing is locked: only when embedded, so that a stray `lock=1` never leaves
    /// the full playground without its forms.
    pub fn is_locked(&self) -> bool {
        self.embed && self.lock
    }

    /// The scenario of the share link in the address, if there is one. An error is the
    /// text to show; the caller keeps the default demo then.
    pub fn shared_scenario(&self) -> Option<Result<Scenario, String>> {
        let fragment = self.fragment.as_deref()?;
        Some(
            decode_fragment(fragment)
                .map_err(|error| format!("this share link could not be opened: {error}")),
        )
    }

    /// The complaint about a `preset` that no preset has, if the address names one and no
    /// share link overrides it. ([`Start::from_query`](crate::ui::Start::from_query) falls
    /// back to the demo then.)
    pub fn unknown_preset(&self) -> Option<String> {
        let id = self.preset.as_deref().filter(|_| self.fragment.is_none())?;
        preset_by_id(id)
            .is_none()
            .then(|| format!("there is no preset named {id:?}; showing the demo instead"))
    }
}

/// `1`, `true` and `yes` switch an option on; the bare key (`?embed`) does too.
fn is_yes(value: &str) -> bool {
    matches!(value, "" | "1" | "true" | "yes")
}

/// Decodes `%XX` escapes and `+` as a space, as forms and `URLSearchParams` write them.
/// Bad escapes are kept as written, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'+' => {
                out.push(b' ');
                rest = tail;
            }
            b'%' => match tail {
                [high, low, after @ ..] => match (hex(*high), hex(*low)) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        rest = after;
                    }
                    _ => {
                        out.push(b'%');
                        rest = tail;
                    }
                },
                _ => {
                    out.push(b'%');
                    rest = tail;
                }
            },
            _ => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

/// The `<iframe>` that embeds `url`, with `title` escaped for an attribute. The height
/// fits one topic with three subscribers; the page scrolls inside if it needs more.
pub fn embed_code(url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"520\" \
         title=\"mini-kafka playground: {}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        escape_attribute(url),
        escape_attribute(title)
    )
}

/// Escapes the characters that could end or break an HTML attribute.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(character),
        }
    }
    out
}
