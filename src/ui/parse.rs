//! The text of the number fields, turned into checked settings.
//!
//! Every number a person types arrives here as text, so that an empty field, `abc`, `NaN`,
//! `-1`, `1e12` or `2.5` slots becomes an [`InputError`] whose `Display` the form shows next
//! to the field. Nothing here panics, and nothing reaches the simulation unchecked: the range
//! checks themselves are the simulation's own constructors.

use crate::broker::{Capacity, MAX_CAPACITY};
use crate::sim::{InputError, Jitter, ProcessingTime, Rate};

/// Parses a plain decimal number such as `5`, `0.25` or `1e3`; surrounding spaces are fine.
/// `NaN` parses, and is refused by the range checks that follow.
pub fn parse_number(text: &str, field: &'static str) -> Result<f64, InputError> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| InputError::NotANumber { field })
}

/// A publisher's rate in messages per simulated second: above zero, at most
/// [`MAX_RATE`](crate::sim::MAX_RATE).
pub fn parse_rate(text: &str) -> Result<Rate, InputError> {
    Rate::per_second(parse_number(text, "rate")?)
}

/// A buffer capacity: a whole number from 0 (unbuffered) to [`MAX_CAPACITY`].
pub fn parse_capacity(text: &str) -> Result<Capacity, InputError> {
    let slots = parse_number(text, "capacity")?;
    let whole = slots.fract() == 0.0 && (0.0..=MAX_CAPACITY as f64).contains(&slots);
    if !whole {
        return Err(InputError::capacity_out_of_range());
    }
    // In range and whole, so the conversion is exact.
    Capacity::new(slots as usize).ok_or_else(InputError::capacity_out_of_range)
}

/// A processing time in simulated milliseconds: zero up to
/// [`MAX_PROCESSING_SECS`](crate::sim::MAX_PROCESSING_SECS).
pub fn parse_processing_millis(text: &str) -> Result<ProcessingTime, InputError> {
    ProcessingTime::from_millis(parse_number(text, "processing time")?)
}

/// A jitter fraction from 0 to 1. An empty field means no jitter.
pub fn parse_jitter(text: &str) -> Result<Jitter, InputError> {
    if text.trim().is_empty() {
        return Ok(Jitter::NONE);
    }
    let fraction = parse_number(text, "jitter")?;
    if fraction.is_nan() {
        return Err(InputError::NotANumber { field: "jitter" });
    }
    Jitter::new(fraction)
}
