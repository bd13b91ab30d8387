//! W1 compiled to wasm32 and timed in headless Chromium: the broker, and the peers that build
//! for the browser, side by side.
//!
//! ```text
//! cargo bench --bench w1_wasm --target wasm32-unknown-unknown
//! ```
//!
//! `.cargo/config.toml` hands the binary to wasm-bindgen-test-runner, which with cargo's
//! `--bench` runs the `#[wasm_bindgen_bench]` functions (never the tests) in headless Chromium
//! and shows their console output. `cargo test` does not build bench targets, so this never
//! runs with the tests. The bench profile uses opt-level 3; `scripts/bench` also runs it at the
//! page's opt-level "z" (`CARGO_PROFILE_BENCH_OPT_LEVEL=z`). The clock is
//! `performance.now()`, which Chromium rounds to 0.1 ms or coarser; a run lasts far longer.

#[cfg(target_arch = "wasm32")]
mod workload;

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen_test::Criterion;
    use wasm_bindgen_test::{console_log, wasm_bindgen_bench, wasm_bindgen_test_configure};

    use super::workload::{table, Contender, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Timed runs per implementation, after one warm-up run.
    const ROUNDS: usize = 5;

    /// Milliseconds since the page started, as seconds.
    fn now() -> f64 {
        web_sys::window()
            .and_then(|window| window.performance())
            .map_or(f64::NAN, |performance| performance.now() / 1000.0)
    }

    // The runner's criterion is not used: it reports time per iteration without throughput,
    // and the table below is the figure that BENCHMARKS.md compares.
    #[wasm_bindgen_bench]
    fn w1(_criterion: &mut Criterion) {
        console_log!(
            "W1 wasm32 in Chromium: {SUBSCRIBERS} subscribers x capacity {CAPACITY}, \
             {MESSAGES} messages, drain every {BATCH}; median of {ROUNDS} runs after 1 warm-up"
        );
        let rows = table::measure(Contender::ALL, ROUNDS, now);
        console_log!("{}", table::render(&rows));
    }
}

// Natively there is nothing to run: the native figures come from `w1` and `w1_table`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "w1_wasm runs in the browser: cargo bench --bench w1_wasm --target wasm32-unknown-unknown"
    );
}

// The runner calls the benchmark's export; `main` is only what a bench target must have.
#[cfg(target_arch = "wasm32")]
fn main() {}
