//! Predict, then run: the scenario's question, a field for the guess, and the answer once
//! the session has run to the question's instant.

use yew::prelude::*;

use crate::scenario::Question;
use crate::ui::components::inline_error::InlineError;
use crate::ui::components::text_setter;
use crate::ui::format::format_number;

/// Props of [`QuestionCard`].
#[derive(Debug, Properties, PartialEq)]
pub struct QuestionCardProps {
    /// The question.
    pub question: Question,
    /// Run the session to the question's instant and give the answer, or why there is none.
    pub on_check: Callback<(), Result<u64, String>>,
}

/// What the card shows under the field.
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    Answered { guess: u64, answer: u64 },
    Refused(String),
}

/// The question card. The app keys it by session, so a new scenario starts it blank.
#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let guess = use_state(String::new);
    let verdict = use_state(|| None::<Verdict>);
    let at = format_number(props.question.at_s);

    let on_submit = {
        let guess = guess.clone();
        let verdict = verdict.clone();
        let on_check = props.on_check.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(number) = guess.trim().parse::<u64>() else {
                verdict.set(Some(Verdict::Refused(
                    "enter your guess as a whole number, such as 12".to_owned(),
                )));
                return;
            };
            verdict.set(Some(match on_check.emit(()) {
                Ok(answer) => Verdict::Answered {
                    guess: number,
                    answer,
                },
                Err(reason) => Verdict::Refused(reason),
            }));
        })
    };

    let question = &props.question;
    let refusal = match &*verdict {
        Some(Verdict::Refused(reason)) => Some(AttrValue::from(reason.clone())),
        _ => None,
    };
    html! {
        <section class="question" aria-label="Predict, then run" data-testid="question">
            <h2>{ "Predict, then run" }</h2>
            <p class="question-text">{ question.text.clone() }</p>
            <form class="question-form" onsubmit={on_submit} novalidate=true>
                <label for="guess">{ "Your guess" }</label>
                <input
                    id="guess"
                    type="number"
                    inputmode="numeric"
                    min="0"
                    step="1"
                    data-testid="guess"
                    value={(*guess).clone()}
                    aria-invalid={refusal.is_some().then_some("true")}
                    aria-describedby={refusal.is_some().then_some("guess-error")}
                    oninput={text_setter(&guess)}
                />
                <button type="submit" class="button primary" data-testid="check-guess">
                    { format!("Run to {at} s and check") }
                </button>
            </form>
            <InlineError testid="guess-error" id="guess-error" message={refusal} />
            if let Some(Verdict::Answered { guess, answer }) = (*verdict).clone() {
                <p class="question-result" data-testid="question-result" role="status">
                    { format!("You guessed {guess}; the answer is {answer}. ") }
                    { explain(question, guess, answer) }
                </p>
            }
        </section>
    }
}

/// One sentence on how the guess compares and where the answer is on the page.
fn explain(question: &Question, guess: u64, answer: u64) -> String {
    let closeness = if guess == answer {
        "Exactly right.".to_owned()
    } else {
        format!("Off by {}.", guess.abs_diff(answer))
    };
    format!(
        "{closeness} The clock now stands at {} s; compare {}'s card ({} messages).",
        format_number(question.at_s),
        question.subscriber,
        question.measure.label()
    )
}
