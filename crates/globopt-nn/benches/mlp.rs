//! Criterion benchmarks of the derivative operators.
//!
//! `cargo bench -p globopt-nn --bench mlp`; the PyTorch comparison of the first one is
//! `benches/reference/nn/bench_mlp.py`.

use criterion::{Criterion, criterion_group, criterion_main};
use globopt_nn::{
    Activation, Batch, Init, Loss, Mat, Mlp, Par, Targets, gauss_newton_vector_product, gradient,
    hessian_vector_product, per_sample_gradients,
};
use rand::Rng;
use rand_distr::StandardNormal;
use std::hint::black_box;

fn problem(widths: &[usize], n: usize) -> (Mlp, Vec<f64>, Mat<f64>, Vec<usize>) {
    let mlp = Mlp::with_activations(widths, Activation::Relu, Activation::Identity)
        .expect("valid widths")
        .with_parallelism(Par::Seq);
    let theta = mlp.init(Init::HeUniform, 0);
    let mut rng = globopt_core::rng::seeded(1);
    let x = Mat::from_fn(n, widths[0], |_, _| rng.sample::<f64, _>(StandardNormal));
    let k = widths[widths.len() - 1];
    let y = (0..n).map(|_| rng.random_range(0..k)).collect();
    (mlp, theta, x, y)
}

fn benches(c: &mut Criterion) {
    let (mlp, theta, x, y) = problem(&[784, 256, 256, 10], 256);
    let batch = Batch::new(x.as_ref(), Targets::Classes(&y));
    let l = Loss::SoftmaxCrossEntropy;
    c.bench_function("gradient 784-256-256-10 batch 256 (1 thread)", |b| {
        b.iter(|| black_box(gradient(&mlp, &theta, &batch, l).expect("finite")))
    });
    c.bench_function(
        "hessian_vector_product 784-256-256-10 batch 256 (1 thread)",
        |b| {
            b.iter(|| {
                black_box(hessian_vector_product(&mlp, &theta, &batch, l, &theta).expect("finite"))
            })
        },
    );
    c.bench_function(
        "gauss_newton_vector_product 784-256-256-10 batch 256 (1 thread)",
        |b| {
            b.iter(|| {
                black_box(
                    gauss_newton_vector_product(&mlp, &theta, &batch, l, &theta).expect("finite"),
                )
            })
        },
    );
    let (mlp, theta, x, y) = problem(&[64, 32, 32, 10], 128);
    let batch = Batch::new(x.as_ref(), Targets::Classes(&y));
    c.bench_function(
        "per_sample_gradients 64-32-32-10 batch 128 (1 thread)",
        |b| b.iter(|| black_box(per_sample_gradients(&mlp, &theta, &batch, l).expect("finite"))),
    );
}

criterion_group! {
    name = mlp;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(mlp);
