//! The compare panel: the current scenario run twice with the same seed, under two policies
//! or two capacities, and a table of what changed.
//!
//! Nothing runs until the button is pressed: both runs replay the scenario from time zero
//! to the chosen instant ([`crate::scenario::compare`]), which takes milliseconds for the
//! presets' minutes. The result stays as it was until the next press, and says which
//! instant and which settings it is about, since the live run goes on beside it.

use std::rc::Rc;

use yew::prelude::*;

use crate::broker::{OverflowPolicy, MAX_CAPACITY};
use crate::scenario::{
    compare, Comparison, ComparisonTable, Figure, Side, Target, Totals, Variation, MAX_TIME_S,
};
use crate::sim::{SimTime, SubscriberView};
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::policy_select::PolicySelect;
use crate::ui::components::text_setter;
use crate::ui::format::format_number;
use crate::ui::hooks::SimulationHandle;

/// The value of the subscriber picker that means every subscriber.
const ALL: &str = "*";

/// A subscriber as the picker offers it, with the settings it has now.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareChoice {
    /// Its name, such as `C`.
    pub name: String,
    /// Its topic.
    pub topic: String,
    /// Its capacity now.
    pub capacity: u64,
    /// Its policy now.
    pub policy: OverflowPolicy,
}

impl CompareChoice {
    /// The picker's entry for a subscriber of the snapshot.
    pub fn of(view: &SubscriberView) -> CompareChoice {
        CompareChoice {
            name: view.name.to_string(),
            topic: view.topic.as_str().to_owned(),
            capacity: view.capacity.get() as u64,
            policy: view.policy,
        }
    }
}

/// Props of [`ComparePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct ComparePanelProps {
    /// The page's simulation, whose scenario is compared.
    pub sim: SimulationHandle,
    /// The simulated time now, the default instant to compare at.
    pub now: SimTime,
    /// The current subscribers, oldest first.
    pub subscribers: Vec<CompareChoice>,
}

/// Which setting the two runs differ in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vary {
    Policy,
    Capacity,
}

/// Compare two runs.
#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let vary = use_state_eq(|| Vary::Policy);
    let target = use_state_eq(|| None::<String>);
    // `None` until edited: the value follows the chosen subscriber's current setting.
    let a_policy = use_state_eq(|| None::<OverflowPolicy>);
    let b_policy = use_state_eq(|| None::<OverflowPolicy>);
    let a_capacity = use_state_eq(|| None::<String>);
    let b_capacity = use_state_eq(|| None::<String>);
    let until = use_state_eq(String::new);
    let outcome = use_state_eq(|| None::<Result<Rc<ComparisonTable>, String>>);

    // The subscriber picked while it is there, else the first one, else all (which then
    // says there is none); "all" takes the first one's settings as A.
    let picked = (*target)
        .clone()
        .filter(|name| name == ALL || props.subscribers.iter().any(|choice| &choice.name == name))
        .or_else(|| props.subscribers.first().map(|choice| choice.name.clone()))
        .unwrap_or_else(|| ALL.to_owned());
    let current = props
        .subscribers
        .iter()
        .find(|choice| choice.name == picked)
        .or_else(|| props.subscribers.first());
    let current_policy = current.map(|choice| choice.policy).unwrap_or_default();
    let current_capacity = current.map(|choice| choice.capacity).unwrap_or(0);
    let a_policy_value = a_policy.unwrap_or(current_policy);
    let b_policy_value = b_policy.unwrap_or(alternative_policy(a_policy_value));
    let a_capacity_text = (*a_capacity)
        .clone()
        .unwrap_or_else(|| current_capacity.to_string());
    let b_capacity_text = (*b_capacity)
        .clone()
        .unwrap_or_else(|| alternative_capacity(current_capacity).to_string());
    let apart_from_the_screen = (picked == ALL)
        .then(|| a_sets_apart(&props.subscribers, *vary, a_policy_value, &a_capacity_text))
        .flatten();
    let until_label = if until.trim().is_empty() {
        props.now.to_string()
    } else {
        format!("{} s", until.trim())
    };

    let on_vary = {
        let vary = vary.clone();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            vary.set(if value == "capacity" {
                Vary::Capacity
            } else {
                Vary::Policy
            });
        })
    };
    let on_target = {
        let target = target.clone();
        let resets = (
            a_policy.clone(),
            b_policy.clone(),
            a_capacity.clone(),
            b_capacity.clone(),
        );
        Callback::from(move |event: Event| {
            target.set(Some(select_value(&event)));
            // A new subscriber starts from its own current setting.
            resets.0.set(None);
            resets.1.set(None);
            resets.2.set(None);
            resets.3.set(None);
        })
    };
    let on_a_policy = {
        let a_policy = a_policy.clone();
        Callback::from(move |policy| a_policy.set(Some(policy)))
    };
    let on_b_policy = {
        let b_policy = b_policy.clone();
        Callback::from(move |policy| b_policy.set(Some(policy)))
    };
    let on_a_capacity = optional_text_setter(&a_capacity);
    let on_b_capacity = optional_text_setter(&b_capacity);

    let on_run = {
        let sim = props.sim.clone();
        let now = props.now;
        let outcome = outcome.clone();
        let request = Request {
            vary: *vary,
            target: picked.clone(),
            policies: (a_policy_value, b_policy_value),
            capacities: (a_capacity_text.clone(), b_capacity_text.clone()),
            until: (*until).clone(),
        };
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // The session's own clock, which may have moved since this render.
            let now = sim.with_session(|session| session.now()).unwrap_or(now);
            let result = request
                .comparison(now)
                .and_then(|comparison| {
                    compare(&sim.scenario(), &comparison).map_err(|error| error.to_string())
                })
                .map(Rc::new);
            if let Err(refusal) = &result {
                gloo::console::debug!(format!("comparison refused: {refusal}"));
            }
            outcome.set(Some(result));
        })
    };

    let error = match &*outcome {
        Some(Err(refusal)) => Some(AttrValue::from(refusal.clone())),
        _ => None,
    };
    html! {
        <section class="card compare-panel" aria-labelledby="compare-title" data-testid="compare-panel">
            <h2 id="compare-title">{ "Compare two runs" }</h2>
            <p class="hint">
                { "The same scenario and seed, run twice from the start: A and B differ only \
                   in the setting chosen here, held for the whole run." }
            </p>
            <form class="compare-form" onsubmit={on_run} novalidate=true>
                <div class="field">
                    <label for="compare-vary">{ "Vary" }</label>
                    <select id="compare-vary" data-testid="compare-vary" onchange={on_vary}>
                        <option value="policy" selected={*vary == Vary::Policy}>
                            { "overflow policy" }
                        </option>
                        <option value="capacity" selected={*vary == Vary::Capacity}>
                            { "buffer capacity" }
                        </option>
                    </select>
                </div>
                <div class="field">
                    <label for="compare-target">{ "Of" }</label>
                    <select id="compare-target" data-testid="compare-target" onchange={on_target}>
                        {
                            for props.subscribers.iter().map(|choice| html! {
                                <option
                                    key={choice.name.clone()}
                                    value={choice.name.clone()}
                                    selected={choice.name == picked}
                                >
                                    { format!("{} (on {})", choice.name, choice.topic) }
                                </option>
                            })
                        }
                        <option value={ALL} selected={picked == ALL}>{ "every subscriber" }</option>
                    </select>
                </div>
                if *vary == Vary::Policy {
                    <div class="field">
                        <label for="compare-a-policy">{ "A: policy" }</label>
                        <PolicySelect
                            id="compare-a-policy"
                            testid="compare-a-policy"
                            selected={a_policy_value}
                            on_pick={on_a_policy}
                        />
                    </div>
                    <div class="field">
                        <label for="compare-b-policy">{ "B: policy" }</label>
                        <PolicySelect
                            id="compare-b-policy"
                            testid="compare-b-policy"
                            selected={b_policy_value}
                            on_pick={on_b_policy}
                        />
                    </div>
                } else {
                    <div class="field">
                        <label for="compare-a-capacity">{ "A: capacity" }</label>
                        <input
                            id="compare-a-capacity"
                            type="number"
                            inputmode="numeric"
                            min="0"
                            max={MAX_CAPACITY.to_string()}
                            step="1"
                            data-testid="compare-a-capacity"
                            value={a_capacity_text}
                            oninput={on_a_capacity}
                        />
                    </div>
                    <div class="field">
                        <label for="compare-b-capacity">{ "B: capacity" }</label>
                        <input
                            id="compare-b-capacity"
                            type="number"
                            inputmode="numeric"
                            min="0"
                            max={MAX_CAPACITY.to_string()}
                            step="1"
                            data-testid="compare-b-capacity"
                            value={b_capacity_text}
                            oninput={on_b_capacity}
                        />
                    </div>
                }
                <div class="field">
                    <label for="compare-until">{ "Up to (simulated seconds; empty is now)" }</label>
                    <input
                        id="compare-until"
                        type="number"
                        inputmode="decimal"
                        min="0"
                        max={MAX_TIME_S.to_string()}
                        step="any"
                        placeholder={format!("now: {}", format_number(props.now.as_secs_f64()))}
                        data-testid="compare-until"
                        value={(*until).clone()}
                        oninput={text_setter(&until)}
                    />
                </div>
                <button type="submit" class="button primary" data-testid="compare-run">
                    { format!("Run both to {until_label}") }
                </button>
            </form>
            if let Some(note) = apart_from_the_screen {
                <p class="hint" data-testid="compare-a-note">{ note }</p>
            }
            <InlineError testid="compare-error" id="compare-error" message={error} />
            if let Some(Ok(table)) = (*outcome).clone() {
                { results(&table) }
            }
        </section>
    }
}

/// What the form holds when the button is pressed.
#[derive(Clone, Debug)]
struct Request {
    vary: Vary,
    target: String,
    policies: (OverflowPolicy, OverflowPolicy),
    capacities: (String, String),
    until: String,
}

impl Request {
    /// The comparison asked for, or why the fields do not make one. Ranges are checked by
    /// [`compare`] itself, so its words are the ones shown.
    fn comparison(&self, now: SimTime) -> Result<Comparison, String> {
        let target = if self.target == ALL {
            Target::All
        } else {
            Target::Subscriber(self.target.clone())
        };
        let variation = match self.vary {
            Vary::Policy => Variation::Policy {
                a: self.policies.0,
                b: self.policies.1,
            },
            Vary::Capacity => Variation::Capacity {
                a: whole_number(&self.capacities.0, "A")?,
                b: whole_number(&self.capacities.1, "B")?,
            },
        };
        let until = match self.until.trim() {
            "" => now,
            text => match text.parse::<f64>() {
                Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
                    SimTime::from_secs_f64(seconds)
                }
                _ => {
                    return Err(format!(
                        "the time to compare at must be a number of seconds from 0 to \
                         {MAX_TIME_S}"
                    ))
                }
            },
        };
        Ok(Comparison {
            target,
            variation,
            until,
        })
    }
}

/// A capacity as typed, which must be a whole number; its range is [`compare`]'s to check.
fn whole_number(text: &str, side: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!("{side}: the capacity must be a whole number from 0 to {MAX_CAPACITY}")
    })
}

/// The summaries and the two tables.
fn results(table: &ComparisonTable) -> Html {
    let span = table.until.to_string();
    html! {
        <div class="compare-results" data-testid="compare-results">
            <p class="compare-span" role="status" data-testid="compare-span">
                { format!("Compared {span} of simulated time, from the start, with the same seed.") }
            </p>
            <div class="compare-sides">
                { summary(table, Side::A) }
                { summary(table, Side::B) }
            </div>
            // Focusable, so that the keyboard can scroll a table wider than a phone.
            <div
                class="compare-scroll"
                tabindex="0"
                role="region"
                aria-labelledby="compare-subscribers-caption"
            >
                <table class="compare-table" data-testid="compare-subscribers">
                    <caption id="compare-subscribers-caption">
                        { format!("Per subscriber at {span}: A, B, and the difference B \u{2212} A") }
                    </caption>
                    { column_heads("Subscriber figure") }
                    {
                        for table.subscribers.iter().map(|row| {
                            let heading = format!("{} (on {})", row.name, row.topic);
                            let lines = Figure::SUBSCRIBER.into_iter().map(|figure| {
                                figure_row(
                                    figure,
                                    row.a.as_ref().and_then(|figures| figures.get(figure)),
                                    row.b.as_ref().and_then(|figures| figures.get(figure)),
                                )
                            });
                            html! {
                                <tbody key={row.name.clone()} data-testid="compare-row" data-name={row.name.clone()}>
                                    <tr class="compare-group">
                                        <th scope="rowgroup" colspan="4">{ heading }</th>
                                    </tr>
                                    { for lines }
                                </tbody>
                            }
                        })
                    }
                </table>
            </div>
            <div
                class="compare-scroll"
                tabindex="0"
                role="region"
                aria-labelledby="compare-topics-caption"
            >
                <table class="compare-table" data-testid="compare-topics">
                    <caption id="compare-topics-caption">{ format!("Per topic at {span}, over every subscriber it had") }</caption>
                    { column_heads("Topic figure") }
                    {
                        for table.topics.iter().map(|row| {
                            let lines = Figure::TOPIC.into_iter().map(|figure| {
                                figure_row(
                                    figure,
                                    row.a.as_ref().and_then(|figures| figures.get(figure)),
                                    row.b.as_ref().and_then(|figures| figures.get(figure)),
                                )
                            });
                            html! {
                                <tbody key={row.name.clone()} data-testid="compare-topic" data-name={row.name.clone()}>
                                    <tr class="compare-group">
                                        <th scope="rowgroup" colspan="4">{ format!("topic {}", row.name) }</th>
                                    </tr>
                                    { for lines }
                                </tbody>
                            }
                        })
                    }
                </table>
            </div>
        </div>
    }
}

fn column_heads(first: &str) -> Html {
    html! {
        <thead>
            <tr>
                <th scope="col">{ first.to_owned() }</th>
                <th scope="col">{ "A" }</th>
                <th scope="col">{ "B" }</th>
                <th scope="col">{ "B \u{2212} A" }</th>
            </tr>
        </thead>
    }
}

/// One figure of one subscriber or topic in both runs. A side where it no longer exists
/// shows a dash, and the difference says so.
fn figure_row(figure: Figure, a: Option<u64>, b: Option<u64>) -> Html {
    let shown = |value: Option<u64>| match value {
        Some(value) => html! { { figure.format(value) } },
        None => html! {
            <>
                <span aria-hidden="true">{ "\u{2014}" }</span>
                <span class="visually-hidden">{ "gone by then" }</span>
            </>
        },
    };
    let (change, class) = match (a, b) {
        (Some(a), Some(b)) => (
            figure.describe_change(a, b),
            match b.cmp(&a) {
                std::cmp::Ordering::Greater => "more",
                std::cmp::Ordering::Less => "fewer",
                std::cmp::Ordering::Equal => "same",
            },
        ),
        (Some(_), None) => ("only in A".to_owned(), "gone"),
        (None, Some(_)) => ("only in B".to_owned(), "gone"),
        (None, None) => ("in neither".to_owned(), "gone"),
    };
    html! {
        <tr data-figure={figure.label()}>
            <th scope="row">{ figure.label() }</th>
            <td data-side="a">{ shown(a) }</td>
            <td data-side="b">{ shown(b) }</td>
            <td class={classes!("compare-change", class)} data-side="change">{ change }</td>
        </tr>
    }
}

/// One side's setting and totals over every topic.
fn summary(table: &ComparisonTable, side: Side) -> Html {
    let Totals {
        published,
        delivered,
        lost,
        buffered,
        held_publishers,
    } = table.totals(side);
    let id = format!("compare-side-{side}");
    html! {
        <section
            class="compare-side"
            aria-labelledby={id.clone()}
            data-testid={format!("compare-summary-{}", side.to_string().to_lowercase())}
        >
            <h3 id={id}>{ format!("{side}: {}", table.describe(side)) }</h3>
            <dl>
                <div><dt>{ "published" }</dt><dd>{ published.to_string() }</dd></div>
                <div><dt>{ "delivered" }</dt><dd>{ delivered.to_string() }</dd></div>
                <div><dt>{ "lost" }</dt><dd>{ lost.to_string() }</dd></div>
                <div><dt>{ "still buffered" }</dt><dd>{ buffered.to_string() }</dd></div>
                <div>
                    <dt>{ "publishers held" }</dt>
                    <dd>{ Figure::HeldPublishers.format(held_publishers.as_micros()) }</dd>
                </div>
            </dl>
        </section>
    }
}

/// When A gives every subscriber one setting, what sets it apart from the run on screen:
/// the subscribers that have another one now, named with theirs. `None` when A is the run
/// on screen, or while A's capacity is not a number yet.
fn a_sets_apart(
    subscribers: &[CompareChoice],
    vary: Vary,
    policy: OverflowPolicy,
    capacity: &str,
) -> Option<String> {
    let (setting, others): (String, Vec<String>) = match vary {
        Vary::Policy => (
            format!("the {policy} policy"),
            subscribers
                .iter()
                .filter(|choice| choice.policy != policy)
                .map(|choice| format!("{} uses {}", choice.name, choice.policy))
                .collect(),
        ),
        Vary::Capacity => {
            let capacity: u64 = capacity.trim().parse().ok()?;
            (
                format!("capacity {capacity}"),
                subscribers
                    .iter()
                    .filter(|choice| choice.capacity != capacity)
                    .map(|choice| format!("{} has {}", choice.name, choice.capacity))
                    .collect(),
            )
        }
    };
    let (last, rest) = others.split_last()?;
    let differences = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    Some(format!(
        "A gives every subscriber {setting}, so it is not the run on screen, where \
         {differences}."
    ))
}

/// B's policy until one is picked: block, the opposite of dropping, unless A blocks.
fn alternative_policy(a: OverflowPolicy) -> OverflowPolicy {
    if a == OverflowPolicy::Block {
        OverflowPolicy::DropNewest
    } else {
        OverflowPolicy::Block
    }
}

/// B's capacity until one is typed: ten times A's, to show what a bigger buffer buys.
fn alternative_capacity(a: u64) -> u64 {
    a.saturating_mul(10).clamp(1, MAX_CAPACITY as u64)
}

fn select_value(event: &Event) -> String {
    event
        .target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|select| select.value())
        .unwrap_or_default()
}

/// Like [`text_setter`], for a field whose state is `None` until it is typed in.
fn optional_text_setter(state: &UseStateHandle<Option<String>>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |event: InputEvent| {
        if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
            state.set(Some(input.value()));
        }
    })
}
