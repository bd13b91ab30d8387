//! The playground's hooks: the simulation handle, the animation frame loop, the pace meter,
//! focus hand-offs and the sticky bar's height.

mod use_focus_after_render;
mod use_frame_loop;
mod use_pace;
mod use_simulation;
mod use_sticky_height;

pub use self::use_focus_after_render::{
    use_focus_after_render, use_node_refs, FocusHandoff, NodeRefs,
};
pub use self::use_frame_loop::{use_frame_loop, FrameLoop, MAX_FRAME_MILLIS};
pub use self::use_pace::{use_pace, PaceHandle, PACE_TOLERANCE, PACE_WINDOW_MILLIS};
pub use self::use_simulation::{use_simulation, Frame, SimulationHandle};
pub use self::use_sticky_height::{use_sticky_height, CONTROLS_HEIGHT_PROPERTY};
