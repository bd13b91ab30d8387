//! Share links: a whole scenario in a URL fragment.
//!
//! The fragment is `s1.` followed by the scenario's compact JSON, compressed with raw
//! DEFLATE and written in base64url without padding, so it needs no escaping in a URL. The
//! `1` in the prefix is the link format, apart from the document's own version.
//!
//! Reading one is bounded at every step, so no link can make the page hang or run out of
//! memory: the fragment's length is checked before decoding, inflating stops at
//! [`MAX_SCENARIO_BYTES`] of output however well the data compresses, and the JSON then
//! goes through every check of [`Scenario::from_json`].

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine};
use miniz_oxide::inflate::TINFLStatus;

use super::document::{Scenario, MAX_SCENARIO_BYTES};
use super::error::ScenarioError;

/// What every share fragment starts with.
pub const FRAGMENT_PREFIX: &str = "s1.";

/// The longest fragment read, in characters: 32 KiB, enough for any document within
/// [`MAX_SCENARIO_BYTES`] that JSON's repetition lets DEFLATE shrink by half or more, and
/// well within what browsers keep in a URL.
pub const MAX_FRAGMENT_CHARS: usize = 32 * 1024;

/// DEFLATE's strongest level: the link is written once and shared, so its length matters
/// more than the microseconds saved at a lower level.
const COMPRESSION_LEVEL: u8 = 9;

/// The share fragment of a scenario, without the `#`.
///
/// ```
/// use mini_kafka_playground::scenario::{decode_fragment, encode_fragment, preset_by_id};
///
/// let scenario = preset_by_id("slow-consumer").unwrap().scenario();
/// let fragment = encode_fragment(&scenario);
/// assert!(fragment.starts_with("s1."));
/// assert_eq!(decode_fragment(&fragment)?, scenario);
/// # Ok::<(), mini_kafka_playground::scenario::ScenarioError>(())
/// ```
pub fn encode_fragment(scenario: &Scenario) -> String {
    let json = scenario.to_json_compact();
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), COMPRESSION_LEVEL);
    let mut fragment = String::from(FRAGMENT_PREFIX);
    URL_SAFE_NO_PAD.encode_string(deflated, &mut fragment);
    fragment
}

/// Reads a share fragment, with or without its leading `#`, and checks the scenario in it.
///
/// Refuses a fragment longer than [`MAX_FRAGMENT_CHARS`], one without the [`FRAGMENT_PREFIX`],
/// one that is not base64url or not DEFLATE data, one that inflates beyond
/// [`MAX_SCENARIO_BYTES`], and any document [`Scenario::from_json`] refuses.
///
/// ```
/// use mini_kafka_playground::scenario::decode_fragment;
///
/// let error = decode_fragment("#s1.not*base64").unwrap_err();
/// assert!(error.is_damaged_link());
/// ```
pub fn decode_fragment(fragment: &str) -> Result<Scenario, ScenarioError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ScenarioError::LinkTooLong {
            chars: fragment.chars().count(),
            max: MAX_FRAGMENT_CHARS,
        });
    }
    let Some(encoded) = fragment.strip_prefix(FRAGMENT_PREFIX) else {
        return Err(ScenarioError::NotALink);
    };

    // A link that lost its end, the usual damage, leaves a length or a last character that
    // no whole base64url text has, or DEFLATE data that stops before its final block.
    let deflated = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|error| match error {
            DecodeError::InvalidLength(_) | DecodeError::InvalidLastSymbol { .. } => {
                ScenarioError::LinkIncomplete
            }
            _ => ScenarioError::LinkDamaged,
        })?;

    // The limit bounds the memory a link can claim, whatever its compression ratio.
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_SCENARIO_BYTES)
        .map_err(|error| match error.status {
            TINFLStatus::HasMoreOutput => ScenarioError::LinkTooLarge {
                max: MAX_SCENARIO_BYTES,
            },
            TINFLStatus::FailedCannotMakeProgress => ScenarioError::LinkIncomplete,
            _ => ScenarioError::LinkCorrupt,
        })?;
    let json = String::from_utf8(json).map_err(|_| ScenarioError::LinkCorrupt)?;
    Scenario::from_json(&json)
}
