//! W1 through criterion: the broker and its peers side by side, in deliveries per second.
//!
//! `cargo bench --bench w1` (or `scripts/bench`). See `workload/mod.rs` for the workload and
//! BENCHMARKS.md for results. Native only; the wasm figure comes from `w1_wasm`.

#[cfg(not(target_arch = "wasm32"))]
mod workload;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::Duration;

    use criterion::{criterion_group, Criterion, SamplingMode, Throughput};

    use super::workload::{Contender, DELIVERIES};

    fn w1(c: &mut Criterion) {
        let mut group = c.benchmark_group("w1");
        group.throughput(Throughput::Elements(DELIVERIES));
        // Flat sampling runs each sample the same number of times, the mode criterion
        // recommends for routines this long.
        group.sampling_mode(SamplingMode::Flat);
        for &contender in Contender::ALL {
            group.bench_function(contender.name(), |b| {
                b.iter(|| {
                    let outcome = contender.run();
                    assert!(outcome.is_lossless(), "{}: {outcome:?}", contender.name());
                    outcome
                })
            });
        }
        group.finish();
    }

    // One run takes 80 ms to 1 s, so ten samples in a few seconds already settle the
    // median; criterion's defaults (100 samples) would take minutes on two cores.
    criterion_group! {
        name = benches;
        config = Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(8));
        targets = w1
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

// `cargo clippy --all-targets --target wasm32-unknown-unknown` still builds this target.
#[cfg(target_arch = "wasm32")]
fn main() {}
