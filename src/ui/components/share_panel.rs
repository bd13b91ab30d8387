//! The share panel: a link that replays the run, embed code for a docs page, the scenario as
//! a JSON file and back, and the run as a Rust test.
//!
//! Everything here reads the session's scenario, which holds the seed and every change
//! recorded so far, so a link or a file replays to the same counts at the same instant.
//! Loading (a file or pasted JSON) goes through [`SimulationHandle::load`]; a refusal is
//! shown under the import fields and leaves the running simulation as it was.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::Array;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlInputElement, HtmlTextAreaElement, Url,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::scenario::{encode_fragment, export_rust_test, Scenario, MAX_SCENARIO_BYTES};
use crate::ui::components::text_setter;
use crate::ui::embed::embed_code;
use crate::ui::hooks::SimulationHandle;

/// The name of the downloaded scenario file.
const EXPORT_FILE_NAME: &str = "scenario.json";

/// Props of [`SharePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct SharePanelProps {
    /// The page's simulation.
    pub sim: SimulationHandle,
}

/// Share, embed, export and import.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let share_url = use_state(|| None::<String>);
    let embed = use_state(|| None::<String>);
    let status = use_state(String::new);
    let import_error = use_state(|| None::<String>);
    let import_text = use_state(String::new);
    let rust_test = use_state(|| None::<String>);
    let share_field = use_node_ref();
    let embed_field = use_node_ref();
    let rust_field = use_node_ref();

    // Share: the link goes into the address bar (without a new history entry), into the
    // field and, where the browser allows, onto the clipboard.
    let on_share = {
        let sim = props.sim.clone();
        let share_url = share_url.clone();
        let status = status.clone();
        let field = share_field.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(base) = page_base() else {
                status.set("this page has no address to share".to_owned());
                return;
            };
            let url = format!("{base}#{}", encode_fragment(&sim.scenario()));
            replace_address(&url);
            share_url.set(Some(url.clone()));
            copy_or_select(url, field.clone(), status.clone(), "Link");
        })
    };

    let on_copy_embed = {
        let sim = props.sim.clone();
        let embed = embed.clone();
        let status = status.clone();
        let field = embed_field.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(base) = page_base() else {
                status.set("this page has no address to embed".to_owned());
                return;
            };
            let scenario = sim.scenario();
            let url = format!("{base}?embed=1#{}", encode_fragment(&scenario));
            let title = scenario.title.as_deref().unwrap_or("a shared run");
            let code = embed_code(&url, title);
            embed.set(Some(code.clone()));
            copy_or_select(code, field.clone(), status.clone(), "Embed code");
        })
    };

    let on_export_json = {
        let sim = props.sim.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            match download(EXPORT_FILE_NAME, &sim.scenario().to_json_pretty()) {
                Ok(()) => status.set(format!("Downloaded {EXPORT_FILE_NAME}.")),
                Err(error) => status.set(format!("the download failed: {error}")),
            }
        })
    };

    let on_export_rust = {
        let sim = props.sim.clone();
        let rust_test = rust_test.clone();
        Callback::from(move |_: MouseEvent| {
            let text = sim
                .with_session(export_rust_test)
                .unwrap_or_else(|| "// the session is busy; press Export again".to_owned());
            rust_test.set(Some(text));
        })
    };
    let on_close_rust = {
        let rust_test = rust_test.clone();
        Callback::from(move |_: MouseEvent| rust_test.set(None))
    };
    let on_copy_rust = {
        let rust_test = rust_test.clone();
        let status = status.clone();
        let field = rust_field.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = (*rust_test).clone() {
                copy_or_select(text, field.clone(), status.clone(), "Rust test");
            }
        })
    };

    // Import: the file is checked against the scenario limit before it is read, so a huge
    // file is refused without loading it into memory.
    let on_import_file = {
        let sim = props.sim.clone();
        let import_error = import_error.clone();
        let status = status.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // The same file may be picked again after it is fixed.
            input.set_value("");
            let name = file.name();
            if file.size() > MAX_SCENARIO_BYTES as f64 {
                import_error.set(Some(format!(
                    "{name} is {} bytes long; a scenario has at most {MAX_SCENARIO_BYTES} bytes",
                    file.size()
                )));
                return;
            }
            let sim = sim.clone();
            let import_error = import_error.clone();
            let status = status.clone();
            spawn_local(async move {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|text| text.as_string());
                let Some(text) = text else {
                    import_error.set(Some(format!("{name} could not be read as text")));
                    return;
                };
                load_json(&sim, &text, &name, &import_error, &status);
            });
        })
    };
    let on_import_text = {
        let sim = props.sim.clone();
        let import_error = import_error.clone();
        let import_text = import_text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            load_json(
                &sim,
                &import_text,
                "the pasted JSON",
                &import_error,
                &status,
            );
        })
    };

    html! {
        <section class="card share-panel" aria-labelledby="share-title" data-testid="share-panel">
            <h2 id="share-title">{ "Share and export" }</h2>
            <div class="share-actions">
                <button type="button" class="button primary" data-testid="share" onclick={on_share}>
                    { "Share link" }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="copy-embed"
                    onclick={on_copy_embed}
                >
                    { "Copy embed code" }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="export-json"
                    onclick={on_export_json}
                >
                    { "Export JSON" }
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="export-rust"
                    onclick={on_export_rust}
                >
                    { "Export as Rust test" }
                </button>
            </div>
            <p class="hint share-status" role="status" data-testid="share-status">
                { (*status).clone() }
            </p>
            if let Some(url) = (*share_url).clone() {
                <div class="field">
                    <label for="share-url">{ "Link to this run" }</label>
                    <input
                        id="share-url"
                        type="text"
                        readonly=true
                        data-testid="share-url"
                        ref={share_field}
                        value={url}
                    />
                </div>
            }
            if let Some(code) = (*embed).clone() {
                <div class="field">
                    <label for="embed-code">{ "Embed code" }</label>
                    <textarea
                        id="embed-code"
                        readonly=true
                        rows="3"
                        data-testid="embed-code"
                        ref={embed_field}
                        value={code}
                    />
                </div>
            }
            <div class="field">
                <label for="import-file">{ "Import a scenario file" }</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".json,application/json"
                    data-testid="import"
                    onchange={on_import_file}
                />
            </div>
            <details class="import-paste">
                <summary>{ "Or paste scenario JSON" }</summary>
                <div class="field">
                    <label for="import-text">{ "Scenario JSON" }</label>
                    // Mirrored into state but never written back: a pasted scenario can
                    // be 64 KiB, and the field already shows it.
                    <textarea
                        id="import-text"
                        rows="5"
                        spellcheck="false"
                        data-testid="import-text"
                        oninput={text_setter(&import_text)}
                    />
                </div>
                <button
                    type="button"
                    class="button small"
                    data-testid="import-text-load"
                    onclick={on_import_text}
                >
                    { "Load" }
                </button>
            </details>
            if let Some(error) = (*import_error).clone() {
                <p class="inline-error" role="alert" data-testid="import-error">{ error }</p>
            }
            if let Some(text) = (*rust_test).clone() {
                <div class="rust-export" role="region" aria-labelledby="rust-export-title">
                    <h3 id="rust-export-title">{ "The run as a Rust test" }</h3>
                    <p class="hint">
                        { "Save it under tests/ to keep this run as a regression test: it \
                           replays the scenario and checks every count shown now." }
                    </p>
                    <div class="share-actions">
                        <button
                            type="button"
                            class="button small"
                            data-testid="copy-rust"
                            onclick={on_copy_rust}
                        >
                            { "Copy" }
                        </button>
                        <button
                            type="button"
                            class="button small"
                            data-testid="close-rust"
                            onclick={on_close_rust}
                        >
                            { "Close" }
                        </button>
                    </div>
                    // Text, never markup: Yew escapes it.
                    <pre data-testid="rust-test" ref={rust_field}><code>{ text }</code></pre>
                </div>
            }
        </section>
    }
}

/// Reads `text` as a scenario and loads it; a refusal goes to `error` and changes nothing.
fn load_json(
    sim: &SimulationHandle,
    text: &str,
    what: &str,
    error: &UseStateHandle<Option<String>>,
    status: &UseStateHandle<String>,
) {
    let loaded = Scenario::from_json(text)
        .map_err(|refusal| refusal.to_string())
        .and_then(|scenario| sim.load(scenario));
    match loaded {
        Ok(()) => {
            gloo::console::debug!(format!("loaded a scenario from {what}"));
            error.set(None);
            status.set(format!("Loaded {what}."));
        }
        Err(refusal) => {
            gloo::console::debug!(format!("refused a scenario from {what}: {refusal}"));
            // An earlier "Loaded …" would read as if this one had worked.
            status.set(String::new());
            error.set(Some(format!("{what} was not loaded: {refusal}")));
        }
    }
}

/// The page's address without query or fragment: `https://host/sub/path/`.
fn page_base() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.origin().ok()?,
        location.pathname().ok()?
    ))
}

/// Puts `url` in the address bar without adding a history entry.
fn replace_address(url: &str) {
    let history = web_sys::window().and_then(|window| window.history().ok());
    if let Some(history) = history {
        if history
            .replace_state_with_url(&JsValue::NULL, "", Some(url))
            .is_err()
        {
            gloo::console::debug!("the address bar could not be updated");
        }
    }
}

/// Copies `text` to the clipboard. Where the browser has no clipboard API or refuses (an
/// insecure page, a denied permission), the field that shows the text is selected and the
/// status asks for Ctrl+C instead.
fn copy_or_select(text: String, field: NodeRef, status: UseStateHandle<String>, what: &str) {
    let what = what.to_owned();
    let navigator = web_sys::window().map(|window| window.navigator());
    // `navigator.clipboard` is undefined on pages that are not secure contexts; calling it
    // then would throw.
    let clipboard = navigator
        .map(|navigator| navigator.clipboard())
        .filter(|clipboard| !JsValue::from(clipboard).is_undefined());
    spawn_local(async move {
        let copied = match clipboard {
            Some(clipboard) => JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
            None => false,
        };
        if copied {
            status.set(format!("{what} copied to the clipboard."));
            return;
        }
        if let Some(input) = field.cast::<HtmlInputElement>() {
            input.select();
        } else if let Some(area) = field.cast::<HtmlTextAreaElement>() {
            area.select();
        } else if let Some(element) = field.cast::<Element>() {
            let selection = web_sys::window().and_then(|window| window.get_selection().ok());
            if let Some(selection) = selection.flatten() {
                // Selecting fails only for a node outside the document; there is nothing
                // to select then.
                let _ = selection.select_all_children(&element);
            }
        }
        status.set(format!(
            "{what} selected: press Ctrl+C (\u{2318}C on a Mac) to copy it."
        ));
    });
}

/// Saves `text` as a JSON file named `name` through a temporary link to an object URL.
fn download(name: &str, text: &str) -> Result<(), String> {
    let describe = |error: JsValue| error.as_string().unwrap_or_else(|| format!("{error:?}"));
    let document = gloo::utils::document();
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let link = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into::<HtmlAnchorElement>()
        .map_err(|_| "the link could not be made".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser reads the URL once the click's download begins, which is after this
    // function returns; a second later it is no longer needed.
    spawn_local(async move {
        yew::platform::time::sleep(Duration::from_secs(1)).await;
        if Url::revoke_object_url(&url).is_err() {
            gloo::console::debug!("the download's object URL could not be revoked");
        }
    });
    Ok(())
}
