//! A short key to the drawing and the counters, for people meeting channels for the first
//! time.

use yew::prelude::*;

/// "How to read this": folded by default, so it costs no space once known.
#[component]
pub fn Guide() -> Html {
    html! {
        <details class="card guide">
            <summary>{ "How to read this" }</summary>
            <ul>
                <li>
                    <strong>{ "Fan-out. " }</strong>
                    { "Every message published on a topic is offered to each of its subscribers." }
                </li>
                <li>
                    <strong>{ "Buffer. " }</strong>
                    { "Each subscriber has a channel with room for its capacity. Like Go's \
                       select with default, the publisher never waits: if the slots are full, \
                       the message is dropped for that subscriber (buffer full). With capacity 0 \
                       (unbuffered), a message gets through only if the subscriber is waiting at \
                       that instant (otherwise: no receiver waiting)." }
                </li>
                <li>
                    <strong>{ "Ledger. " }</strong>
                    { "offered = delivered + dropped + queued + discarded. Discarded messages \
                       were still queued when their subscriber was removed." }
                </li>
                <li>
                    <strong>{ "Close. " }</strong>
                    { "Closing a topic lets subscribers drain their buffers and then see it \
                       closed; a publisher that sends again panics with \u{201c}send on closed \
                       channel\u{201d}, as in Go. The rest keeps running." }
                </li>
                <li>
                    <strong>{ "Time. " }</strong>
                    { "Everything runs on a simulated clock with a fixed seed, so the same \
                       clicks at the same simulated times give the same run. Step moves it by \
                       0.1 s while paused." }
                </li>
            </ul>
        </details>
    }
}
