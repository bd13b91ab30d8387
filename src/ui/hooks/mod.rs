//! The playground's hooks: the simulation handle, the animation frame loop, the cards' pace
//! while it runs, the pace meter, keyboard shortcuts, focus hand-offs, the sticky bar's
//! height, the share link in the address, the host page's `postMessage` commands, the live
//! region's announcements and media queries the drawing follows.

mod use_announcements;
mod use_focus_after_render;
mod use_frame_loop;
mod use_held_while_running;
mod use_host_messages;
mod use_media_query;
mod use_pace;
mod use_shared_link;
mod use_shortcuts;
mod use_simulation;
mod use_sticky_height;

pub use self::use_announcements::{use_announcements, Announcements, ANNOUNCE_EVERY_MILLIS};
pub use self::use_focus_after_render::{
    use_focus_after_render, use_node_refs, FocusHandoff, NodeRefs,
};
pub use self::use_frame_loop::{use_frame_loop, FrameLoop, MAX_FRAME_MILLIS};
pub use self::use_held_while_running::{use_held_while_running, CARD_REFRESH_MILLIS};
pub use self::use_host_messages::{use_host_messages, HostCommand, HOST_SOURCE, PLAYGROUND_SOURCE};
pub use self::use_media_query::use_media_query;
pub use self::use_pace::{use_pace, PaceHandle, PACE_TOLERANCE, PACE_WINDOW_MILLIS};
pub use self::use_shared_link::use_shared_link;
pub use self::use_shortcuts::{use_shortcuts, Shortcut};
pub use self::use_simulation::{
    use_simulation, Frame, Jump, Lesson, SimulationHandle, JUMP_AT_ONCE_MILLIS, JUMP_FRAME_MILLIS,
};
pub use self::use_sticky_height::{use_sticky_height, CONTROLS_HEIGHT_PROPERTY};
