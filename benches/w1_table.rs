//! W1 as a plain table: every implementation timed in turns in one process, the median of
//! several runs in millions of deliveries per second, and its ratio to the broker's.
//!
//! `cargo bench --bench w1_table` (or `scripts/bench`). `W1_ROUNDS` sets the timed runs per
//! implementation (default 7, after one warm-up run). This is the table in BENCHMARKS.md.

#[cfg(not(target_arch = "wasm32"))]
mod workload;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use workload::{table, Contender, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

    // Cargo passes `--bench`; a name filter may follow, as for criterion.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let contenders: Vec<Contender> = Contender::ALL
        .iter()
        .copied()
        .filter(|c| filter.is_empty() || filter.iter().any(|f| c.name().contains(f.as_str())))
        .collect();
    let rounds = std::env::var("W1_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);

    println!(
        "W1 native: {SUBSCRIBERS} subscribers x capacity {CAPACITY}, {MESSAGES} messages, \
         drain every {BATCH}; median of {rounds} runs after 1 warm-up"
    );
    let clock = Instant::now();
    let rows = table::measure(&contenders, rounds, || clock.elapsed().as_secs_f64());
    print!("{}", table::render(&rows));
}

// `cargo clippy --all-targets --target wasm32-unknown-unknown` still builds this target.
#[cfg(target_arch = "wasm32")]
fn main() {}
