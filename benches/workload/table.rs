//! Times W1 on several implementations in one process and renders the comparison as a table.

use std::fmt::Write;

use super::{Contender, Outcome, DELIVERIES};

/// One implementation's runs.
#[derive(Debug)]
pub struct Row {
    pub contender: Contender,
    /// Seconds per run, warm-up excluded, sorted.
    pub seconds: Vec<f64>,
    /// The worst outcome seen: the most messages lost or missing. `None` before any run.
    pub outcome: Option<Outcome>,
}

impl Row {
    /// Median deliveries per second, in millions.
    pub fn median_rate(&self) -> f64 {
        let median = self
            .seconds
            .get(self.seconds.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        DELIVERIES as f64 / median / 1e6
    }

    fn rate_at(&self, index: usize) -> f64 {
        DELIVERIES as f64 / self.seconds.get(index).copied().unwrap_or(f64::NAN) / 1e6
    }

    /// Messages lost, reported or silent, in the worst run.
    pub fn loss(&self) -> u64 {
        self.outcome.map_or(0, |outcome| loss(&outcome))
    }
}

fn loss(outcome: &Outcome) -> u64 {
    outcome.lost.max(outcome.missing())
}

/// Runs every contender `rounds` times after one warm-up round, in turns, so that a slow
/// patch of the machine hits them all alike. `now` reads a clock in seconds.
pub fn measure(contenders: &[Contender], rounds: usize, now: impl Fn() -> f64) -> Vec<Row> {
    let mut rows: Vec<Row> = contenders
        .iter()
        .map(|&contender| Row {
            contender,
            seconds: Vec::with_capacity(rounds),
            outcome: None,
        })
        .collect();

    for round in 0..=rounds {
        for row in &mut rows {
            let started = now();
            let outcome = row.contender.run();
            let elapsed = now() - started;

            if round > 0 {
                row.seconds.push(elapsed);
            }
            if row.outcome.is_none() || loss(&outcome) > row.loss() {
                row.outcome = Some(outcome);
            }
        }
    }
    for row in &mut rows {
        row.seconds.sort_by(f64::total_cmp);
    }
    rows
}

/// The table: median, slowest and fastest run in millions of deliveries per second, each
/// median against the first row's and against every other row's, and the loss.
pub fn render(rows: &[Row]) -> String {
    let base = rows.first().map_or(f64::NAN, Row::median_rate);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| implementation | median M deliveries/s | slowest..fastest | vs {} | lost |",
        rows.first().map_or("first", |r| r.contender.name())
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|");
    for row in rows {
        let rate = row.median_rate();
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.1}..{:.1} | {:.2}x | {} |",
            row.contender.name(),
            rate,
            row.rate_at(row.seconds.len().saturating_sub(1)),
            row.rate_at(0),
            rate / base,
            row.loss(),
        );
    }
    out
}
