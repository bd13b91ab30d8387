//! The playground UI. Being written; this mounts a placeholder so the build pipeline runs.

use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <main data-testid="playground">{ "mini-kafka playground" }</main> }
}

/// Mounts the playground on the page's body.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}
