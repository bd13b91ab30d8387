//! The `postMessage` API: a page that embeds the playground in an `<iframe>` plays, pauses
//! and loads scenarios in it.
//!
//! # Messages to the playground
//!
//! ```json
//! {"source": "mini-kafka-host", "type": "play"}
//! {"source": "mini-kafka-host", "type": "pause"}
//! {"source": "mini-kafka-host", "type": "load", "scenario": {"version": 1, "seed": 1}}
//! {"source": "mini-kafka-host", "type": "load", "scenario": "s1.…"}
//! ```
//!
//! A load takes a scenario document as an object, or a share fragment as a string. Anything
//! else (not an object, another `source`, an unknown `type`) is ignored without a reply, so
//! that other scripts' messages on the same window do no harm; the decision is logged at
//! debug level. When the page's address has `origin=<origin>`, messages from every other
//! origin are ignored too.
//!
//! # Replies to the host
//!
//! ```json
//! {"source": "mini-kafka-playground", "type": "ready"}
//! {"source": "mini-kafka-playground", "type": "loaded"}
//! {"source": "mini-kafka-playground", "type": "error", "message": "…"}
//! ```
//!
//! `ready` goes once the listener is in place, `loaded` or `error` after each load. Replies
//! go to the parent window, addressed to the allowed origin, or to `*` when none is set.

use gloo::events::EventListener;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Reflect, JSON};
use web_sys::{MessageEvent, Window};
use yew::prelude::*;

use crate::scenario::{decode_fragment, Scenario, MAX_SCENARIO_BYTES};
use crate::ui::hooks::SimulationHandle;

/// The `source` every command carries.
pub const HOST_SOURCE: &str = "mini-kafka-host";

/// The `source` every reply carries.
pub const PLAYGROUND_SOURCE: &str = "mini-kafka-playground";

/// A command from the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum HostCommand {
    /// Run the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Replace the scenario; an error is the text of the `error` reply.
    Load(Result<Scenario, String>),
}

impl HostCommand {
    /// The command's `type`, for the log.
    fn kind(&self) -> &'static str {
        match self {
            HostCommand::Play => "play",
            HostCommand::Pause => "pause",
            HostCommand::Load(Ok(_)) => "load",
            HostCommand::Load(Err(_)) => "load (refused)",
        }
    }

    /// Reads a message's data, as JSON text. `None` means "not for us": the message is
    /// ignored without a reply.
    ///
    /// ```no_run
    /// use mini_kafka_playground::ui::hooks::HostCommand;
    ///
    /// let play = HostCommand::parse(r#"{"source": "mini-kafka-host", "type": "play"}"#);
    /// assert_eq!(play, Some(HostCommand::Play));
    /// assert_eq!(HostCommand::parse(r#"{"type": "play"}"#), None);
    /// ```
    pub fn parse(json: &str) -> Option<HostCommand> {
        let value: Value = serde_json::from_str(json).ok()?;
        let message = value.as_object()?;
        if message.get("source")?.as_str()? != HOST_SOURCE {
            return None;
        }
        match message.get("type")?.as_str()? {
            "play" => Some(HostCommand::Play),
            "pause" => Some(HostCommand::Pause),
            "load" => Some(HostCommand::Load(match message.get("scenario") {
                Some(Value::String(fragment)) => {
                    decode_fragment(fragment).map_err(|error| error.to_string())
                }
                Some(document @ Value::Object(_)) => {
                    Scenario::from_json(&document.to_string()).map_err(|error| error.to_string())
                }
                _ => Err(
                    "a load message needs a \"scenario\": a scenario object or an \
                          \"s1.\" link fragment"
                        .to_owned(),
                ),
            })),
            _ => None,
        }
    }
}

/// Listens for the host's commands while the component lives and applies them to `sim`.
/// `allowed_origin`, when set, is the only origin obeyed and the one replies go to.
#[hook]
pub fn use_host_messages(sim: &SimulationHandle, allowed_origin: Option<String>) {
    use_effect_with(
        (sim.clone(), allowed_origin),
        |(sim, allowed_origin)| -> Box<dyn FnOnce()> {
            let Some(window) = web_sys::window() else {
                return Box::new(|| ());
            };
            let sim = sim.clone();
            let allowed = allowed_origin.clone();
            let replies = Replies::new(&window, allowed_origin.clone());
            let ready = replies.clone();
            let listener = EventListener::new(&window, "message", move |event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else {
                    return;
                };
                if let Some(allowed) = &allowed {
                    if event.origin() != *allowed {
                        gloo::console::debug!(format!(
                            "ignored a message from {}: only {allowed} may command this embed",
                            event.origin()
                        ));
                        return;
                    }
                }
                let Some(command) = read_command(&event.data()) else {
                    gloo::console::debug!("ignored a message that is not a mini-kafka command");
                    return;
                };
                gloo::console::debug!(format!("host command: {}", command.kind()));
                match command {
                    HostCommand::Play => sim.set_running(true),
                    HostCommand::Pause => sim.set_running(false),
                    HostCommand::Load(scenario) => match scenario.and_then(|s| sim.load(s)) {
                        Ok(()) => replies.send("loaded", None),
                        Err(message) => replies.send("error", Some(&message)),
                    },
                }
            });
            ready.send("ready", None);
            // Dropping the listener removes it from the window.
            Box::new(move || drop(listener))
        },
    );
}

/// Turns a message's data into a command: only plain objects qualify, and only up to twice
/// the scenario limit once written as JSON, so no message makes the page parse megabytes.
/// An oversized load from the host is answered with an error; any other oversized message
/// is not ours, and is ignored like the rest.
fn read_command(data: &JsValue) -> Option<HostCommand> {
    if !data.is_object() || Array::is_array(data) {
        return None;
    }
    let json = JSON::stringify(data).ok()?.as_string()?;
    if json.len() > 2 * MAX_SCENARIO_BYTES {
        let field = |name: &str| {
            Reflect::get(data, &JsValue::from_str(name))
                .ok()?
                .as_string()
        };
        if field("source").as_deref() != Some(HOST_SOURCE)
            || field("type").as_deref() != Some("load")
        {
            return None;
        }
        return Some(HostCommand::Load(Err(format!(
            "the message is {} bytes long; a scenario has at most {MAX_SCENARIO_BYTES}",
            json.len()
        ))));
    }
    HostCommand::parse(&json)
}

/// Where replies go: the parent window, when the page is in a frame.
#[derive(Clone)]
struct Replies {
    parent: Option<Window>,
    target: String,
}

impl Replies {
    fn new(window: &Window, allowed_origin: Option<String>) -> Replies {
        // A page that is not in a frame is its own parent; it has no host to answer.
        let parent = window
            .parent()
            .ok()
            .flatten()
            .filter(|parent| JsValue::from(parent) != JsValue::from(window));
        Replies {
            parent,
            target: allowed_origin.unwrap_or_else(|| "*".to_owned()),
        }
    }

    fn send(&self, kind: &str, message: Option<&str>) {
        let Some(parent) = &self.parent else {
            return;
        };
        let mut reply = serde_json::json!({ "source": PLAYGROUND_SOURCE, "type": kind });
        if let (Some(message), Some(object)) = (message, reply.as_object_mut()) {
            object.insert("message".to_owned(), Value::from(message));
        }
        let Ok(data) = JSON::parse(&reply.to_string()) else {
            return;
        };
        if parent.post_message(&data, &self.target).is_err() {
            gloo::console::debug!(format!("could not reply {kind:?} to the host"));
        }
    }
}
