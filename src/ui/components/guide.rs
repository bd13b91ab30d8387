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
                    { "Each subscriber has a channel with room for its capacity. With the \
                       default policy, like Go's select with default, the publisher never \
                       waits: if the slots are full, the message is dropped for that subscriber \
                       (buffer full). With capacity 0 (unbuffered), a message gets through only \
                       if the subscriber is waiting at that instant (otherwise: no receiver \
                       waiting)." }
                </li>
                <li>
                    <strong>{ "When full. " }</strong>
                    { "Each subscriber picks what a full buffer does, and can change it while \
                       the clock runs. drop-newest (\u{2715}): the new message is dropped. \
                       drop-oldest (\u{25c7}): the oldest buffered message is evicted; the \
                       subscriber is later told how many it missed. block (\u{275a}\u{275a}): the \
                       publisher waits for room, and so does every other subscriber of the \
                       topic; a dashed line shows who waits for whom. disconnect (\u{2702}): \
                       the subscriber is cut off and its buffer discarded." }
                </li>
                <li>
                    <strong>{ "Recent marks. " }</strong>
                    { "In the diagram, \u{201c}dropped \u{d7}12 in 1.5 s\u{201d} and \
                       \u{201c}evicted \u{d7}3 in 1.5 s\u{201d} count only the last 1.5 s of \
                       simulated time (longer above 1\u{d7} speed, so that the marks stay long \
                       enough to see), and vanish when a subscriber stops losing messages. The \
                       cards count every message since the subscriber was added. Hover a mark \
                       for both numbers." }
                </li>
                <li>
                    <strong>{ "Message numbers. " }</strong>
                    { "In the log, m17 is a message's id: the broker numbers every message it \
                       is given, across all topics and publishers. {n} in a payload counts per \
                       publisher, so P1's \u{201c}order #13\u{201d} can be m17 once P2 has \
                       published too." }
                </li>
                <li>
                    <strong>{ "Ledger. " }</strong>
                    { "offered = delivered + dropped + evicted + queued + discarded. Discarded \
                       messages were still queued when their subscriber was removed or cut off. \
                       A blocked publisher's message counts only once a subscriber takes it." }
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
