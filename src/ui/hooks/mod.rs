//! The playground's hooks: the simulation handle and the animation frame loop.

mod use_frame_loop;
mod use_simulation;

pub use self::use_frame_loop::{use_frame_loop, FrameLoop, MAX_FRAME_MILLIS};
pub use self::use_simulation::{use_simulation, Frame, SimulationHandle};
