//! The height of the sticky controls bar, published to the stylesheet.
//!
//! The bar stays at the top of the window while the page scrolls. When the keyboard moves
//! the focus to an element under it (Shift+Tab up the page), the browser scrolls only until
//! the element is inside the window, which leaves it hidden behind the bar. The stylesheet
//! reserves the bar's height with `scroll-padding-top`, which the browser honours when it
//! scrolls a focused element into view. How tall the bar is depends on how its groups wrap,
//! so this hook measures it and sets the custom property `--controls-height` on the root
//! element; the stylesheet decides where the bar is sticky at all.
//!
//! The property is written as the root element's whole `style` attribute: nothing else
//! styles `<html>` inline, and it spares the crate web-sys's `CssStyleDeclaration`.

use gloo::events::EventListener;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// The custom property the stylesheet reads.
pub const CONTROLS_HEIGHT_PROPERTY: &str = "--controls-height";

/// Measures `bar` now, whenever the window is resized (which includes zooming), and again
/// whenever `layout` changes; `layout` is whatever can make the bar wrap differently, such
/// as an indicator appearing in it. The property is removed when the component unmounts.
#[hook]
pub fn use_sticky_height<L>(bar: NodeRef, layout: L)
where
    L: PartialEq + 'static,
{
    use_effect_with((bar, layout), |(bar, _)| {
        publish_height(bar);
        let listener = web_sys::window().map(|window| {
            let bar = bar.clone();
            EventListener::new(&window, "resize", move |_| publish_height(&bar))
        });
        move || {
            drop(listener);
            if let Some(root) = root_element() {
                let _removed = root.remove_attribute("style");
            }
        }
    });
}

fn root_element() -> Option<Element> {
    web_sys::window()?.document()?.document_element()
}

fn publish_height(bar: &NodeRef) {
    let (Some(bar), Some(root)) = (bar.cast::<HtmlElement>(), root_element()) else {
        return;
    };
    let style = format!("{CONTROLS_HEIGHT_PROPERTY}: {}px", bar.offset_height());
    let _set = root.set_attribute("style", &style);
}
