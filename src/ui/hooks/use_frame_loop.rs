//! An animation frame loop as a handle: it runs while the handle lives and stops when the
//! handle is dropped, without `forget()`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

/// The longest wall-clock step one frame reports, in milliseconds. A tab in the background
/// gets no frames; when it comes back, the simulation moves on by this much instead of by the
/// minutes it was hidden, which would stall the page while it caught up.
pub const MAX_FRAME_MILLIS: f64 = 250.0;

/// The frame that is requested next. Only the [`FrameLoop`] holds it strongly; each frame's
/// callback holds a weak reference, so dropping the loop drops the pending frame, which
/// cancels it.
type NextFrame = Rc<RefCell<Option<AnimationFrame>>>;

/// A running loop of animation frames, each reporting the wall-clock milliseconds since the
/// one before (0 for the first, at most [`MAX_FRAME_MILLIS`]). Dropping it stops the loop.
#[derive(Debug)]
pub struct FrameLoop {
    _next: NextFrame,
}

impl FrameLoop {
    /// Starts the loop; `on_frame` runs once per animation frame until the loop is dropped.
    pub fn start(on_frame: Callback<f64>) -> FrameLoop {
        let next: NextFrame = Rc::new(RefCell::new(None));
        request_next(Rc::downgrade(&next), on_frame, None);
        FrameLoop { _next: next }
    }
}

/// Requests one frame that reports its step and then requests the next, for as long as the
/// loop is alive.
fn request_next(
    slot: Weak<RefCell<Option<AnimationFrame>>>,
    on_frame: Callback<f64>,
    previous: Option<f64>,
) {
    let Some(strong) = slot.upgrade() else {
        return;
    };
    let frame = request_animation_frame({
        let slot = slot.clone();
        move |timestamp| {
            // The rAF timestamp is the page's monotonic clock, in milliseconds.
            let step = previous.map_or(0.0, |previous| timestamp - previous);
            on_frame.emit(step.clamp(0.0, MAX_FRAME_MILLIS));
            request_next(slot, on_frame, Some(timestamp));
        }
    });
    // Replacing the frame that is running now is fine: it has already been taken out of its
    // handle, so dropping that handle cancels nothing.
    if let Ok(mut next) = strong.try_borrow_mut() {
        *next = Some(frame);
    };
}

/// Runs `on_frame` once per animation frame while `active` is true, with the wall-clock
/// milliseconds since the previous frame (see [`FrameLoop`]). A new `on_frame` restarts the
/// loop; the first frame after a restart reports 0.
#[hook]
pub fn use_frame_loop(active: bool, on_frame: Callback<f64>) {
    use_effect_with((active, on_frame), |(active, on_frame)| {
        let running = active.then(|| FrameLoop::start(on_frame.clone()));
        move || drop(running)
    });
}
