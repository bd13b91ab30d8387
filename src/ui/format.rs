//! Numbers and durations as the cards and the diagram show them.

use crate::sim::{ProcessingTime, SimDuration};

/// A number without trailing zeros: `5`, `0.25`, `12.5`. At most three decimals, which is
/// finer than any field of the playground needs.
pub fn format_number(value: f64) -> String {
    let text = format!("{value:.3}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed.is_empty() || trimmed == "-0" {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A processing time in milliseconds, as the field takes it: `600`.
pub fn format_millis(time: ProcessingTime) -> String {
    format_number(duration_millis(time.get()))
}

/// A duration in milliseconds.
pub fn duration_millis(span: SimDuration) -> f64 {
    span.as_secs_f64() * 1_000.0
}
