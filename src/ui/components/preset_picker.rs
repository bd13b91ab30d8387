//! The preset picker and the panel that says what the loaded scenario shows.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::scenario::{preset_by_id, Preset, PRESETS};
use crate::ui::hooks::Lesson;

/// Props of [`PresetPicker`].
#[derive(Debug, Properties, PartialEq)]
pub struct PresetPickerProps {
    /// The words of the loaded scenario, and which preset it came from.
    pub lesson: std::rc::Rc<Lesson>,
    /// Load this preset.
    pub on_pick: Callback<&'static Preset>,
}

/// A select of every preset by title, then the loaded one's explanation and hint. A
/// scenario that came from elsewhere (a link, the host page) shows as "Your scenario".
#[component]
pub fn PresetPicker(props: &PresetPickerProps) -> Html {
    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|select| preset_by_id(&select.value()));
            if let Some(preset) = picked {
                on_pick.emit(preset);
            }
        })
    };
    let lesson = &props.lesson;
    let current = lesson.preset.unwrap_or_default();

    html! {
        <section class="preset" aria-label="Scenario">
            <div class="preset-choice">
                <label for="preset-picker">{ "Scenario" }</label>
                <select id="preset-picker" data-testid="preset-picker" onchange={on_change}>
                    if lesson.preset.is_none() {
                        <option value="" selected=true>{ "Your scenario" }</option>
                    }
                    {
                        for PRESETS.iter().map(|preset| html! {
                            <option
                                key={preset.id}
                                value={preset.id}
                                selected={preset.id == current}
                            >
                                { preset.title }
                            </option>
                        })
                    }
                </select>
            </div>
            if lesson.title.is_some() || lesson.explanation.is_some() || lesson.watch.is_some() {
                <div class="preset-info" data-testid="preset-info">
                    if let Some(title) = lesson.title.clone() {
                        <h2 class="preset-title" data-testid="preset-title">{ title }</h2>
                    }
                    if let Some(explanation) = lesson.explanation.clone() {
                        <p data-testid="preset-explanation">{ explanation }</p>
                    }
                    if let Some(watch) = lesson.watch.clone() {
                        <p class="preset-watch" data-testid="preset-watch">
                            <strong>{ "What to watch: " }</strong>
                            { watch }
                        </p>
                    }
                </div>
            }
        </section>
    }
}
