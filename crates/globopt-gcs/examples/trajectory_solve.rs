//! Plan a trajectory through a region JSON instance (model D, Drake's) and print the costs,
//! times and sizes as one JSON line; the globopt side of
//! `benches/reference/gcs/trajectory_compare.py`.
//!
//! ```text
//! cargo run --release -p globopt-gcs --example trajectory_solve -- INSTANCE.json \
//!     [--order 3] [--continuity 1] [--vmax 1] [--h-min 1e-3] [--h-max 20] [--time 1] \
//!     [--length 0] [--repeat R] [--threads T] [--faer]
//! cargo run --release -p globopt-gcs --example trajectory_solve -- --building SEED --write OUT.json
//! ```
//!
//! `--write` stores the building with its derived (facet) edges listed explicitly, so that
//! Drake gets the same graph.

use globopt_conic::LinearSolver;
use globopt_core::NoObserver;
use globopt_gcs::{
    Building, CostWeights, Instance, ShortestPathParams, TrajectoryOptions, TrajectoryProblem,
};
use std::time::Instant;

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(seed) = arg::<u64>(&args, "--building") {
        let out: String = arg(&args, "--write").ok_or("--write OUT.json is required")?;
        let mut inst = Building::default().generate(seed)?;
        let (_, edges) = inst.regions_and_edges()?;
        inst.edges = Some(edges.iter().map(|&(i, j)| [i, j]).collect());
        std::fs::write(&out, inst.to_json())?;
        return Ok(());
    }
    let path = args
        .first()
        .ok_or("usage: trajectory_solve INSTANCE.json [options]")?;
    let inst = Instance::from_json(&std::fs::read_to_string(path)?)?;
    let n = inst.start.len();
    let opts = TrajectoryOptions {
        order: arg(&args, "--order").unwrap_or(3),
        continuity: arg(&args, "--continuity").unwrap_or(1),
        h_min: arg(&args, "--h-min").unwrap_or(1e-3),
        h_max: arg(&args, "--h-max").unwrap_or(20.0),
        velocity_max: Some(vec![arg(&args, "--vmax").unwrap_or(1.0); n]),
        cost: CostWeights {
            time: arg(&args, "--time").unwrap_or(1.0),
            length: arg(&args, "--length").unwrap_or(0.0),
            energy: 0.0,
        },
        ..Default::default()
    };
    let mut params = ShortestPathParams {
        threads: arg(&args, "--threads").unwrap_or(0),
        ..Default::default()
    };
    if args.iter().any(|a| a == "--faer") {
        params.solver.linear_solver = LinearSolver::Faer;
        params.solver.threads = params.threads as u32;
    }
    let repeat = arg(&args, "--repeat").unwrap_or(1usize).max(1);
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat {
        let t0 = Instant::now();
        let problem = TrajectoryProblem::from_instance(&inst, opts.clone())?;
        let report = problem.solve(&params, &mut NoObserver)?;
        times.push(t0.elapsed().as_secs_f64());
        last = Some(report);
    }
    times.sort_by(f64::total_cmp);
    let report = last.ok_or("no run")?;
    let relax = report.detail("relaxation").cloned().unwrap_or_default();
    println!(
        "{}",
        serde_json::json!({
            "solver": "globopt-gcs + clarabel",
            "status": report.status(),
            "relaxation_cost": report.detail("relaxation_cost"),
            "rounded_cost": report.detail("rounded_cost"),
            "total_time": report.detail("total_time"),
            "clarabel_iterations": relax["iterations"],
            "relaxation_time_s": relax["solve_time_s"],
            "relaxation_build_s": relax["build_time_s"],
            "relaxation_assembly_s": relax["assembly_time_s"],
            "rounding": report.detail("rounding"),
            "elapsed_s": report.elapsed_s,
            "size": relax["size"],
            "total_time_s": times[times.len() / 2],
            "repeat": repeat,
        })
    );
    Ok(())
}
