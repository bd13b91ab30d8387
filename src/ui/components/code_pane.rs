//! The code pane: the current topology as a Go program in the seed design's style and as
//! the same program in Rust, each with a Copy button. On a wide screen the two sit side by
//! side, so that a line of Go can be read against its Rust; on a narrower one each gets the
//! whole width, one tab each ([`SIDE_BY_SIDE_QUERY`]).
//!
//! The programs are written by [`crate::codegen`] from a [`Topology`], which holds the
//! settings and none of the counters. The pane re-renders only when its topology prop
//! changes, and the programs are regenerated only then, never once per frame. Both are
//! text nodes in `<pre><code>`: a payload pattern full of markup is escaped as a string
//! literal by the generator and as text by Yew.
//!
//! The tabs follow the WAI-ARIA tabs pattern: the selected tab alone is in the Tab order,
//! and the arrow keys, Home and End move between the tabs. Side by side there are no tabs:
//! each program is a group named by its own heading.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::codegen::{go_program, rust_program, Topology, RUN_SECONDS};
use crate::ui::hooks::use_media_query;

/// Where the programs sit side by side: two columns of about 75 characters of code each,
/// enough for most lines of both programs without scrolling sideways.
pub const SIDE_BY_SIDE_QUERY: &str = "(min-width: 1100px)";

/// Props of [`CodePane`].
#[derive(Debug, Properties, PartialEq)]
pub struct CodePaneProps {
    /// The topology on screen now.
    pub topology: Rc<Topology>,
}

/// One of the two programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Language {
    Go,
    Rust,
}

impl Language {
    const ALL: [Language; 2] = [Language::Go, Language::Rust];

    fn name(self) -> &'static str {
        match self {
            Language::Go => "Go",
            Language::Rust => "Rust",
        }
    }

    /// The lower-case name used in ids and test ids.
    fn slug(self) -> &'static str {
        match self {
            Language::Go => "go",
            Language::Rust => "rust",
        }
    }

    /// The file a person would save it as, which the panel names.
    fn file_name(self) -> &'static str {
        match self {
            Language::Go => "main.go",
            Language::Rust => "main.rs",
        }
    }

    fn how_to_run(self) -> &'static str {
        match self {
            Language::Go => "go run main.go",
            Language::Rust => "rustc -O main.rs && ./main",
        }
    }

    fn other(self) -> Language {
        match self {
            Language::Go => Language::Rust,
            Language::Rust => Language::Go,
        }
    }
}

/// Both programs of one topology.
#[derive(Debug)]
struct Programs {
    go: String,
    rust: String,
}

impl Programs {
    fn of(topology: &Topology) -> Programs {
        Programs {
            go: go_program(topology),
            rust: rust_program(topology),
        }
    }

    fn text(&self, language: Language) -> &str {
        match language {
            Language::Go => &self.go,
            Language::Rust => &self.rust,
        }
    }
}

/// The pane: a heading, and both programs side by side, or a tab per language and the
/// selected program.
#[component]
pub fn CodePane(props: &CodePaneProps) -> Html {
    let side_by_side = use_media_query(SIDE_BY_SIDE_QUERY);
    let selected = use_state_eq(|| Language::Go);
    let status = use_state_eq(String::new);
    let go_tab = use_node_ref();
    let rust_tab = use_node_ref();
    let go_code = use_node_ref();
    let rust_code = use_node_ref();
    // Keyed on the topology alone: frames that only move counters reuse the text.
    let programs = use_memo(props.topology.clone(), |topology| {
        gloo::console::debug!("regenerating the code pane");
        Programs::of(topology)
    });

    let tab_ref = |language: Language| match language {
        Language::Go => go_tab.clone(),
        Language::Rust => rust_tab.clone(),
    };
    let code_ref = |language: Language| match language {
        Language::Go => go_code.clone(),
        Language::Rust => rust_code.clone(),
    };

    let tabs = Language::ALL.into_iter().map(|language| {
        let is_selected = *selected == language;
        let onclick = {
            let selected = selected.clone();
            let status = status.clone();
            Callback::from(move |_: MouseEvent| {
                selected.set(language);
                status.set(String::new());
            })
        };
        let onkeydown = {
            let selected = selected.clone();
            let status = status.clone();
            let go_tab = go_tab.clone();
            let rust_tab = rust_tab.clone();
            Callback::from(move |event: KeyboardEvent| {
                let next = match event.key().as_str() {
                    "ArrowLeft" | "ArrowRight" => language.other(),
                    "Home" => Language::Go,
                    "End" => Language::Rust,
                    _ => return,
                };
                // The arrows also step the clock (hooks::use_shortcuts); on a tab they
                // belong to the tabs.
                event.prevent_default();
                event.stop_propagation();
                selected.set(next);
                status.set(String::new());
                let tab = match next {
                    Language::Go => &go_tab,
                    Language::Rust => &rust_tab,
                };
                if let Some(tab) = tab.cast::<HtmlElement>() {
                    // Focus fails only for a detached tab; then there is nowhere to go.
                    let _ = tab.focus();
                }
            })
        };
        let slug = language.slug();
        html! {
            <button
                key={slug}
                ref={tab_ref(language)}
                type="button"
                role="tab"
                id={format!("code-tab-{slug}")}
                class={classes!("code-tab", is_selected.then_some("is-selected"))}
                aria-selected={if is_selected { "true" } else { "false" }}
                aria-controls={format!("code-panel-{slug}")}
                tabindex={if is_selected { "0" } else { "-1" }}
                data-testid={format!("code-tab-{slug}")}
                {onclick}
                {onkeydown}
            >
                { language.name() }
            </button>
        }
    });

    let panels = Language::ALL.into_iter().map(|language| {
        let slug = language.slug();
        let text = programs.text(language).to_owned();
        let on_copy = {
            let text = text.clone();
            let code = code_ref(language);
            let status = status.clone();
            Callback::from(move |_: MouseEvent| {
                copy_or_select(
                    text.clone(),
                    code.clone(),
                    status.clone(),
                    language.file_name(),
                );
            })
        };
        // Side by side, a panel is a group named by its heading; otherwise the panel of a tab.
        let (role, labelled_by) = if side_by_side {
            ("group", format!("code-heading-{slug}"))
        } else {
            ("tabpanel", format!("code-tab-{slug}"))
        };
        html! {
            <div
                key={slug}
                role={role}
                id={format!("code-panel-{slug}")}
                class="code-panel"
                aria-labelledby={labelled_by}
                hidden={!side_by_side && *selected != language}
                data-testid={format!("code-panel-{slug}")}
            >
                <div class="code-panel-head">
                    if side_by_side {
                        <h3 id={format!("code-heading-{slug}")} class="code-heading">
                            { language.name() }
                        </h3>
                    }
                    <p class="hint">
                        { format!("{} \u{b7} run it with ", language.file_name()) }
                        <code>{ language.how_to_run() }</code>
                    </p>
                    <button
                        type="button"
                        class="button small"
                        aria-label={format!("Copy the {} program", language.name())}
                        data-testid={format!("code-copy-{slug}")}
                        onclick={on_copy}
                    >
                        { "Copy" }
                    </button>
                </div>
                // A focusable region, because it scrolls both ways: the keyboard scrolls it
                // with the arrow keys. Text, never markup: Yew escapes it.
                <pre
                    class="code-block"
                    role="region"
                    tabindex="0"
                    aria-label={format!("The {} program", language.name())}
                    data-testid={format!("code-{slug}")}
                    ref={code_ref(language)}
                >
                    <code>{ text }</code>
                </pre>
            </div>
        }
    });

    html! {
        <section
            class={classes!("card", "code-pane", side_by_side.then_some("is-side-by-side"))}
            aria-labelledby="code-title"
            data-testid="code-pane"
        >
            <h2 id="code-title">{ "Read the code" }</h2>
            <p class="hint">
                { format!(
                    "The topology on screen as a program: Go in the seed design's style, a \
                     map of channel slices with a non-blocking send, and the same in Rust \
                     with std's channels. Both follow every change to the topology; each \
                     runs for {RUN_SECONDS} s and prints its counts."
                ) }
            </p>
            if !side_by_side {
                <div class="code-tabs" role="tablist" aria-label="Language">
                    { for tabs }
                </div>
            }
            <p class="hint code-status" role="status" data-testid="code-status">
                { (*status).clone() }
            </p>
            <div class="code-panels">
                { for panels }
            </div>
        </section>
    }
}

/// Copies `text` to the clipboard. Where the browser has no clipboard API or refuses (an
/// insecure page, a denied permission), the code block is selected and the status asks
/// for Ctrl+C instead. The share panel copies its link the same way.
fn copy_or_select(text: String, block: NodeRef, status: UseStateHandle<String>, what: &str) {
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
        if let Some(element) = block.cast::<Element>() {
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
