//! The page header: what this is, and the design it demonstrates.

use yew::prelude::*;

/// The title and the one-line explanation of the seed design.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="page-header">
            <h1>{ "mini-kafka playground" }</h1>
            <p class="lede">
                { "Each subscriber has its own buffered channel; the publisher does a non-blocking \
                   send, so a slow consumer silently loses messages \u{2014} here you can see it, \
                   and try what other overflow policies do instead." }
            </p>
        </header>
    }
}
