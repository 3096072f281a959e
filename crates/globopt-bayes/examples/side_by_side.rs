//! The globopt half of `benches/reference/bayes/side_by_side.py`: for one test function and
//! seeds 0..S, writes the initial design globopt uses (maximin LHS) as
//! `<dir>/<problem>_seed<s>.csv` for the anchors to start from, runs globopt from it, and
//! prints one JSON line per run with the final simple regret and the wall time.
//!
//! `cargo run --release -p globopt-bayes --example side_by_side -- branin 5 25 10 /tmp/designs`

use globopt_bayes::{BayesOpt, BayesParams, Problem, solve};
use globopt_core::NoObserver;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("branin", |s| s.as_str());
    let initial: usize = args.get(1).map_or(Ok(5), |s| s.parse())?;
    let iters: usize = args.get(2).map_or(Ok(25), |s| s.parse())?;
    let seeds: u64 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let dir = std::path::PathBuf::from(args.get(4).map_or("designs", |s| s.as_str()));
    std::fs::create_dir_all(&dir)?;
    let problem = Problem::test_function(name)?;
    for seed in 0..seeds {
        let params = BayesParams {
            initial: Some(initial),
            budget: initial + iters,
            seed,
            ..Default::default()
        };
        // the design the run starts from, for the anchors
        let design = BayesOpt::new(problem.bounds.clone(), params.clone())?.ask(initial)?;
        let csv: String = design
            .iter()
            .map(|x| {
                x.iter()
                    .map(|v| format!("{v:.17e}"))
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\n"
            })
            .collect();
        std::fs::write(dir.join(format!("{name}_seed{seed}.csv")), csv)?;
        let t = Instant::now();
        let r = solve(&problem, &params, &mut NoObserver)?;
        let regret = r
            .detail("regret")
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN);
        println!(
            "{{\"problem\": \"{name}\", \"method\": \"globopt\", \"seed\": {seed}, \"regret\": {regret:e}, \"seconds\": {:.4}}}",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
