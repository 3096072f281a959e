//! Criterion benchmarks of the CBO kernels: the consensus point, and whole steps of 100 runs
//! × 40 particles on Rastrigin-20 (the digest's measured setup, one step of 5000).
//!
//! `cargo bench -p globopt-swarm --bench cbo`

use criterion::{Criterion, criterion_group, criterion_main};
use globopt_core::TestObjective;
use globopt_core::testfn::single_objective;
use globopt_swarm::consensus::consensus_point;
use globopt_swarm::{Cbo, CboParams, Problem};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let (n, d) = (40, 20);
    let points: Vec<f64> = (0..n * d)
        .map(|k| ((k * 7919) % 1000) as f64 / 300.0 - 1.5)
        .collect();
    let energies: Vec<f64> = (0..n).map(|i| 100.0 + ((i * 31) % 17) as f64).collect();
    let mut out = vec![0.0; d];
    c.bench_function("consensus_point N=40 d=20", |b| {
        b.iter(|| consensus_point(black_box(&points), black_box(&energies), 1e3, &mut out))
    });

    let f = single_objective("rastrigin:20").expect("registered");
    let problem = Problem::from_test_function(f.as_ref(), None);
    let objective = TestObjective(f);
    let params = CboParams {
        runs: 100,
        iterations: u64::MAX,
        ..Default::default()
    };
    let mut cbo = Cbo::new(problem, params).expect("valid parameters");
    c.bench_function("10 steps, 100 runs x 40 particles, rastrigin:20", |b| {
        b.iter(|| cbo.run_steps(&objective, 10).expect("dimensions match"))
    });
}

criterion_group!(cbo, benches);
criterion_main!(cbo);
