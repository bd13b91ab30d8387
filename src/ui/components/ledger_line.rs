//! The ledger of one subscriber or one topic, as an equation that must add up.

use yew::prelude::*;

use crate::broker::Ledger;

/// Props of [`LedgerLine`].
#[derive(Debug, Properties, PartialEq)]
pub struct LedgerLineProps {
    /// The counts.
    pub ledger: Ledger,
}

/// `offered N = delivered + dropped + evicted + queued + discarded`, with a check mark when
/// it balances (it always should: the broker counts every message exactly once).
#[component]
pub fn LedgerLine(props: &LedgerLineProps) -> Html {
    let ledger = props.ledger;
    let balances = ledger.balances();
    html! {
        <p class={classes!("ledger", (!balances).then_some("is-broken"))}>
            <span class="term">{ format!("offered {}", ledger.offered) }</span>
            { " = " }
            <span class="term">{ format!("delivered {}", ledger.delivered) }</span>
            { " + " }
            <span class="term">{ format!("dropped {}", ledger.dropped()) }</span>
            { " + " }
            <span class="term">{ format!("evicted {}", ledger.evicted) }</span>
            { " + " }
            <span class="term">{ format!("queued {}", ledger.queued) }</span>
            { " + " }
            <span class="term">{ format!("discarded {}", ledger.discarded) }</span>
            if balances {
                <span class="ledger-check" title="every message is accounted for">
                    { " \u{2713}" }
                    <span class="visually-hidden">{ " balances" }</span>
                </span>
            } else {
                <span class="ledger-check">{ " \u{2717} does not balance" }</span>
            }
        </p>
    }
}
