//! The timeline scrubber: a range from zero to the furthest instant reached, which shows
//! the state at whatever instant it is dragged to.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::SimTime;

/// Props of [`Timeline`].
#[derive(Debug, Properties, PartialEq)]
pub struct TimelineProps {
    /// The simulated time.
    pub now: SimTime,
    /// The end of the range: the furthest instant this session reached.
    pub furthest: SimTime,
    /// Show the state at this instant.
    pub on_seek: Callback<SimTime>,
}

/// Where the scrubber was dragged to, and the animation frame that will seek there.
#[derive(Debug, Default)]
struct Pending {
    target: Option<SimTime>,
    frame: Option<AnimationFrame>,
}

/// The scrubber. A drag fires an input event per pixel, and a seek back replays from time
/// zero, so at most one seek runs per animation frame: each input notes its target, and
/// the first one of a frame requests the frame that seeks to the latest target.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let pending = use_mut_ref(Pending::default);
    let end = props.furthest.max(props.now);
    let on_input = {
        let pending = Rc::clone(&pending);
        let on_seek = props.on_seek.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let seconds: f64 = input.value().parse().unwrap_or(0.0);
            let Ok(mut slot) = pending.try_borrow_mut() else {
                return;
            };
            // The range ends on the hundredth at or after the furthest instant (see below),
            // which itself is as far as the scrubber goes.
            slot.target = Some(SimTime::from_secs_f64(seconds.max(0.0)).min(end));
            if slot.frame.is_none() {
                slot.frame = Some(request_seek(Rc::clone(&pending), on_seek.clone()));
            }
        })
    };

    // The range moves in hundredths of a second, and the browser snaps its value to them.
    // Its end is rounded up, so that End and a drag to the right reach the furthest instant;
    // at that instant the handle sits at the end, not a rounding short of it.
    let max = (end.as_secs_f64() * 100.0).ceil() / 100.0;
    let value = if props.now >= end {
        max
    } else {
        props.now.as_secs_f64()
    };
    html! {
        <div class="control-group timeline">
            <label for="scrubber">{ "Timeline" }</label>
            <input
                id="scrubber"
                type="range"
                data-testid="scrubber"
                min="0"
                max={format!("{max:.2}")}
                step="0.01"
                value={format!("{value:.2}")}
                aria-valuetext={props.now.to_string()}
                title="Drag to see the state at any instant reached so far"
                oninput={on_input}
            />
        </div>
    }
}

/// The frame that seeks to the latest target. Dropping the component drops `pending` and
/// with it the frame, which cancels it.
fn request_seek(pending: Rc<RefCell<Pending>>, on_seek: Callback<SimTime>) -> AnimationFrame {
    let weak = Rc::downgrade(&pending);
    request_animation_frame(move |_| {
        let Some(pending) = weak.upgrade() else {
            return;
        };
        let target = match pending.try_borrow_mut() {
            Ok(mut slot) => {
                // The frame has fired; dropping its handle now cancels nothing.
                slot.frame = None;
                slot.target.take()
            }
            Err(_) => None,
        };
        if let Some(target) = target {
            on_seek.emit(target);
        }
    })
}
