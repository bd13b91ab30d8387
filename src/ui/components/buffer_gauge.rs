//! A subscriber's buffer, drawn: one slot per place for small capacities, a bar for large.

use yew::prelude::*;

/// Up to this many slots are drawn one by one; above it, a bar.
pub const MAX_DRAWN_SLOTS: usize = 24;

/// Props of [`BufferGauge`].
#[derive(Debug, Properties, PartialEq)]
pub struct BufferGaugeProps {
    /// Messages in the buffer: Go's `len(ch)`.
    pub len: usize,
    /// Its capacity: Go's `cap(ch)`.
    pub capacity: usize,
}

/// The buffer as slots or a bar, with a text equivalent for screen readers. A full buffer
/// gets a "full" label and a hatch pattern, not only a colour. A buffer holding more than
/// its capacity (the capacity was lowered under it) draws the surplus as dashed slots past
/// the end, up to [`MAX_DRAWN_SLOTS`] in all, and says "over".
#[component]
pub fn BufferGauge(props: &BufferGaugeProps) -> Html {
    let BufferGaugeProps { len, capacity } = *props;
    let over = len > capacity;
    let full = capacity > 0 && len >= capacity;
    let label = match (capacity, over) {
        (0, false) => "unbuffered: a message gets through only to a waiting receiver".to_owned(),
        (_, true) => {
            format!("buffer: {len} held with room for {capacity}, over capacity until it drains")
        }
        _ => format!(
            "buffer: {len} of {capacity} slots used{}",
            if full { ", full" } else { "" }
        ),
    };
    let surplus = len
        .saturating_sub(capacity)
        .min(MAX_DRAWN_SLOTS.saturating_sub(capacity));
    let surplus_slots = html! {
        { for (0..surplus).map(|slot| html! {
            <span key={capacity + slot} class="slot filled surplus" />
        }) }
    };

    let drawing = if capacity == 0 {
        html! {
            <>
                <div class="gauge-unbuffered">{ "unbuffered \u{2014} hand-off only" }</div>
                if surplus > 0 {
                    <div class="gauge-slots">{ surplus_slots }</div>
                }
            </>
        }
    } else if capacity <= MAX_DRAWN_SLOTS {
        html! {
            <div class="gauge-slots">
                { for (0..capacity).map(|slot| html! {
                    <span key={slot} class={classes!("slot", (slot < len).then_some("filled"))} />
                }) }
                { surplus_slots }
            </div>
        }
    } else {
        // Clamped: the surplus of a lowered capacity shows as the "over" badge instead.
        let percent = (len as f64 / capacity as f64 * 100.0).min(100.0);
        html! {
            <div class="gauge-bar">
                <span class="gauge-bar-fill" style={format!("width: {percent:.1}%")} />
            </div>
        }
    };

    let badge = if over {
        Some("over")
    } else {
        full.then_some("full")
    };
    html! {
        <div
            class={classes!("gauge", full.then_some("is-full"), over.then_some("is-over"))}
            role="img"
            aria-label={label}
        >
            { drawing }
            if let Some(badge) = badge {
                <span class="gauge-full-badge" aria-hidden="true">{ badge }</span>
            }
        </div>
    }
}
