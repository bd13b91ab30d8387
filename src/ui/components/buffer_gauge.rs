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
/// gets a "full" label and a hatch pattern, not only a colour.
#[component]
pub fn BufferGauge(props: &BufferGaugeProps) -> Html {
    let BufferGaugeProps { len, capacity } = *props;
    let full = capacity > 0 && len >= capacity;
    let label = if capacity == 0 {
        "unbuffered: a message gets through only to a waiting receiver".to_owned()
    } else {
        format!(
            "buffer: {len} of {capacity} slots used{}",
            if full { ", full" } else { "" }
        )
    };

    let drawing = if capacity == 0 {
        html! { <div class="gauge-unbuffered">{ "unbuffered \u{2014} hand-off only" }</div> }
    } else if capacity <= MAX_DRAWN_SLOTS {
        html! {
            <div class="gauge-slots">
                { for (0..capacity).map(|slot| html! {
                    <span key={slot} class={classes!("slot", (slot < len).then_some("filled"))} />
                }) }
            </div>
        }
    } else {
        // Clamped: a capacity lowered below what is buffered keeps the surplus until it drains.
        let percent = (len as f64 / capacity as f64 * 100.0).min(100.0);
        html! {
            <div class="gauge-bar">
                <span class="gauge-bar-fill" style={format!("width: {percent:.1}%")} />
            </div>
        }
    };

    html! {
        <div class={classes!("gauge", full.then_some("is-full"))} role="img" aria-label={label}>
            { drawing }
            if full {
                <span class="gauge-full-badge" aria-hidden="true">{ "full" }</span>
            }
        </div>
    }
}
