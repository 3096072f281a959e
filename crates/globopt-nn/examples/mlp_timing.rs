//! Times forward + backward (loss and gradient) of a 784-256-256-10 ReLU MLP with softmax
//! cross-entropy on a batch of 256, and prints as JSON the median wall-clock time and the
//! median CPU time of the process, in milliseconds. With one thread the CPU time is the
//! robust figure on a shared machine (it does not count time spent waiting for a core);
//! with more threads only the wall-clock time means anything.
//!
//! `cargo run --release -p globopt-nn --example mlp_timing -- [threads] [repeats]`
//! (threads 1 runs sequentially; 0 means all cores). Called by
//! `benches/reference/nn/bench_mlp.py`, which times PyTorch on the same problem.

use globopt_nn::{Activation, Batch, Init, Loss, Mat, Mlp, Par, Targets, gradient};
use rand::Rng;
use rand_distr::StandardNormal;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let repeats: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let par = if threads == 1 {
        Par::Seq
    } else {
        Par::rayon(threads)
    };
    let mlp = Mlp::with_activations(&[784, 256, 256, 10], Activation::Relu, Activation::Identity)
        .expect("valid widths")
        .with_parallelism(par);
    let theta = mlp.init(Init::HeUniform, 0);
    let mut rng = globopt_core::rng::seeded(1);
    let x = Mat::from_fn(256, 784, |_, _| rng.sample::<f64, _>(StandardNormal));
    let y: Vec<usize> = (0..256).map(|_| rng.random_range(0..10)).collect();
    let batch = Batch::new(x.as_ref(), Targets::Classes(&y));
    let mut wall = Vec::with_capacity(repeats);
    let mut cpu = Vec::with_capacity(repeats);
    for r in 0..repeats + 5 {
        let (t, c) = (Instant::now(), process_cpu_ms());
        let g = gradient(&mlp, &theta, &batch, Loss::SoftmaxCrossEntropy).expect("finite loss");
        std::hint::black_box(&g);
        if r >= 5 {
            cpu.push(process_cpu_ms() - c);
            wall.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    println!(
        "{{\"threads\": {threads}, \"repeats\": {repeats}, \"median_wall_ms\": {:.4}, \"median_cpu_ms\": {:.4}}}",
        median(wall),
        median(cpu)
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// CPU time of the process, all threads (`CLOCK_PROCESS_CPUTIME_ID`), in milliseconds.
fn process_cpu_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec and the clock id is a constant.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 * 1e-6
}
