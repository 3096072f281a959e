//! Simple regret of Bayesian optimization on a named test function over several seeds:
//! `cargo run --release -p globopt-bayes --example regret -- branin 5 25 10`
//! (function, initial points, iterations, seeds). Prints one line per seed and the median;
//! `BAYES_PARAMS='{"kernel": "squared_exponential"}'` overrides parameters.

use globopt_bayes::{BayesParams, Problem, solve};
use globopt_core::NoObserver;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("branin", |s| s.as_str());
    let initial: usize = args.get(1).map_or(Ok(5), |s| s.parse())?;
    let iters: usize = args.get(2).map_or(Ok(25), |s| s.parse())?;
    let seeds: u64 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let problem = Problem::test_function(name)?;
    let mut regrets = Vec::new();
    for seed in 0..seeds {
        // extra parameters as JSON in BAYES_PARAMS, e.g. '{"kernel": "squared_exponential"}'
        let extra = std::env::var("BAYES_PARAMS").unwrap_or_else(|_| "{}".into());
        let mut params: BayesParams = serde_json::from_str(&extra)?;
        params.initial = Some(initial);
        params.budget = initial + iters;
        params.seed = seed;
        let t = Instant::now();
        let r = solve(&problem, &params, &mut NoObserver)?;
        let regret = r
            .detail("regret")
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN);
        println!(
            "{name} seed {seed}: best {:.9} regret {regret:.3e} time {:.2} s",
            r.objective().unwrap_or(f64::NAN),
            t.elapsed().as_secs_f64()
        );
        regrets.push(regret);
    }
    regrets.sort_by(f64::total_cmp);
    println!("median regret {:.3e}", regrets[regrets.len() / 2]);
    Ok(())
}
