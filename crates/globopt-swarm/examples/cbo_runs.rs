//! Run CBO on a named test function and print a one-line JSON summary (success rate, median
//! best value, wall time); used by `benches/reference/cbo/side_by_side.py`.
//!
//! ```text
//! cargo run --release -p globopt-swarm --example cbo_runs -- rastrigin:20 \
//!     '{"runs": 100, "seed": 1}' [--init-out init.json]
//! ```
//!
//! The second argument is a JSON object of `CboParams` fields (defaults: the digest's setup).
//! With `--init-out FILE` the initial particles (runs × particles × dimension) are written as
//! JSON so that another package can start from the same swarm.

use globopt_core::TestObjective;
use globopt_core::observer::NoObserver;
use globopt_core::testfn::single_objective;
use globopt_swarm::{Cbo, CboParams, Problem, solve};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args
        .first()
        .ok_or("usage: cbo_runs FUNCTION[:DIM] [PARAMS_JSON] [--init-out FILE]")?;
    let params: CboParams = match args.get(1) {
        Some(s) if !s.starts_with("--") => serde_json::from_str(s)?,
        _ => CboParams::default(),
    };
    let f = single_objective(name)?;
    let problem = Problem::from_test_function(f.as_ref(), None);
    if let Some(k) = args.iter().position(|a| a == "--init-out") {
        let path = args.get(k + 1).ok_or("--init-out needs a file name")?;
        let cbo = Cbo::new(problem.clone(), params.clone())?;
        let state = serde_json::to_value(cbo.state())?;
        let d = problem.dim();
        let x0: Vec<Vec<Vec<f64>>> = state["runs"]
            .as_array()
            .ok_or("state has no runs")?
            .iter()
            .map(|r| {
                let flat: Vec<f64> = serde_json::from_value(r["x"].clone()).unwrap_or_default();
                flat.chunks(d).map(<[f64]>::to_vec).collect()
            })
            .collect();
        std::fs::write(path, serde_json::to_string(&x0)?)?;
    }
    let objective = TestObjective(f);
    let started = Instant::now();
    let report = solve(&objective, &problem, &params, &mut NoObserver)?;
    let wall = started.elapsed().as_secs_f64();
    // evaluations until the best value fell below 1e-2 + f* (at the history's resolution),
    // median over the runs that got there
    let f_star = problem.f_star.unwrap_or(0.0);
    let mut reach: Vec<u64> = report
        .solution
        .iter()
        .flat_map(|s| &s.history)
        .filter_map(|h| {
            let k = h
                .best_f
                .iter()
                .position(|b| b.is_some_and(|b| b - f_star < 1e-2))?;
            Some(h.evaluations[k])
        })
        .collect();
    reach.sort_unstable();
    let summary = serde_json::json!({
        "problem": name,
        "runs": params.runs,
        "success_rate": report.detail("success_rate"),
        "median_best_f": report.detail("median_best_f"),
        "best_f": report.objective(),
        "evaluations": report.evaluations,
        "evals_to_1e-2": reach.get(reach.len() / 2),
        "runs_reaching_1e-2": reach.len(),
        "status": report.status().as_str(),
        "wall_s": wall,
        "threads": rayon::current_num_threads(),
    });
    println!("{summary}");
    Ok(())
}
