//! One GP fit, timed: `cargo run --release -p globopt-bayes --example fit_time -- hartmann6 400`
//! prints the wall time, the starts and the fitted length scales.

use globopt_bayes::{Gp, GpConfig};
use globopt_core::design::latin_hypercube;
use globopt_core::rng::seeded;
use globopt_core::testfn::single_objective;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("hartmann6", |s| s.as_str());
    let n: usize = args.get(1).map_or(Ok(400), |s| s.parse())?;
    let f = single_objective(name)?;
    let b = f.bounds();
    let x: Vec<Vec<f64>> = latin_hypercube(n, f.dim(), &mut seeded(1))
        .iter()
        .map(|u| b.from_unit(u))
        .collect();
    let y: Vec<f64> = x.iter().map(|p| f.eval(p)).collect();
    let gp = Gp::fit(&x, &y, &b, &GpConfig::default(), None)?;
    let theta = gp.theta();
    let t = Instant::now();
    let evals = 20;
    for _ in 0..evals {
        std::hint::black_box(gp.negative_log_posterior(&theta));
    }
    println!(
        "one likelihood + gradient: {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3 / evals as f64
    );
    for _ in 0..3 {
        let t = Instant::now();
        let gp = Gp::fit(&x, &y, &b, &GpConfig::default(), None)?;
        println!(
            "{name} n={n}: {:.3} s, {} starts, log posterior {:.3}, length scales {:?}",
            t.elapsed().as_secs_f64(),
            gp.fit_info().starts,
            gp.fit_info().log_posterior,
            gp.hyperparameters()
                .log_lengthscales
                .iter()
                .map(|l| (l.exp() * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}
