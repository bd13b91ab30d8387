//! The heavy-load preset natively: ten publishers at 1,000 messages a second to one topic with
//! a hundred subscribers, one million deliveries per simulated second, run through the same
//! `Session` the page drives.
//!
//! `cargo bench --bench heavy` (or `scripts/bench page`). `HEAVY_SECONDS` sets the simulated
//! seconds per run (default 2), `HEAVY_ROUNDS` the timed runs (default 5, after one warm-up).
//! It prints the median wall time and deliveries per wall second: the ceiling for what the
//! page can simulate per second of wall time, before wasm and rendering take their share.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use mini_kafka_playground::scenario::preset_by_id;
    use mini_kafka_playground::sim::SimTime;

    let env = |name: &str, default: f64| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let seconds = env("HEAVY_SECONDS", 2.0);
    let rounds = env("HEAVY_ROUNDS", 5.0) as usize;
    let Some(preset) = preset_by_id("heavy-load") else {
        eprintln!("no heavy-load preset");
        std::process::exit(1);
    };

    let run = || {
        let mut session = match preset.session() {
            Ok(session) => session,
            Err(error) => {
                eprintln!("the heavy-load preset does not build: {error}");
                std::process::exit(1);
            }
        };
        let started = Instant::now();
        if let Err(error) = session.run_until(SimTime::from_secs_f64(seconds)) {
            eprintln!("the heavy-load run failed: {error}");
            std::process::exit(1);
        }
        let wall = started.elapsed().as_secs_f64();
        let snapshot = session.snapshot(0);
        let delivered: u64 = snapshot
            .subscribers
            .iter()
            .map(|s| s.ledger.delivered)
            .sum();
        let lost: u64 = snapshot.subscribers.iter().map(|s| s.ledger.lost()).sum();
        let balances = snapshot.subscribers.iter().all(|s| s.ledger.balances());
        (wall, delivered, lost, balances)
    };

    println!(
        "heavy-load native: {seconds} simulated s per run, median of {rounds} after 1 warm-up"
    );
    let (_, delivered, lost, balances) = run();
    println!("delivered {delivered}, lost {lost}, every ledger balances: {balances}");
    let mut walls: Vec<f64> = (0..rounds.max(1)).map(|_| run().0).collect();
    walls.sort_by(f64::total_cmp);
    let median = walls.get(walls.len() / 2).copied().unwrap_or(f64::NAN);
    let first = walls.first().copied().unwrap_or(f64::NAN);
    let last = walls.last().copied().unwrap_or(f64::NAN);
    println!(
        "wall {median:.3} s ({first:.3}..{last:.3}); {:.2} M deliveries/s; {:.2} simulated s \
         per wall s",
        delivered as f64 / median / 1e6,
        seconds / median
    );
}

// `cargo clippy --all-targets --target wasm32-unknown-unknown` still builds this target.
#[cfg(target_arch = "wasm32")]
fn main() {}
