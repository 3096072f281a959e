//! GP hyperparameter fit time (digest 25, "Checks", item 6; issue acceptance: n = 400, d = 6,
//! goal ≤ 0.2 s on 2 cores). Data: Hartmann6 (or Branin for d = 2) on a seeded Latin
//! hypercube. Run with `cargo bench -p globopt-bayes --bench gp_fit`.

use criterion::{Criterion, criterion_group, criterion_main};
use globopt_bayes::{Gp, GpConfig};
use globopt_core::design::latin_hypercube;
use globopt_core::rng::seeded;
use globopt_core::testfn::single_objective;
use std::hint::black_box;

fn data(name: &str, n: usize) -> (Vec<Vec<f64>>, Vec<f64>, globopt_core::Bounds) {
    let f = single_objective(name).unwrap();
    let b = f.bounds();
    let x: Vec<Vec<f64>> = latin_hypercube(n, f.dim(), &mut seeded(1))
        .iter()
        .map(|u| b.from_unit(u))
        .collect();
    let y = x.iter().map(|p| f.eval(p)).collect();
    (x, y, b)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("gp_fit");
    group.sample_size(10);
    for (name, n) in [("hartmann6", 100), ("hartmann6", 400), ("branin", 400)] {
        let (x, y, b) = data(name, n);
        let cfg = GpConfig::default();
        group.bench_function(format!("{name}_n{n}"), |bch| {
            bch.iter(|| black_box(Gp::fit(&x, &y, &b, &cfg, None).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
