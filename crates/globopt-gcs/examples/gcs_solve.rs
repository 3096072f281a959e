//! Solve a region/maze JSON instance and print the costs, times and sizes as one JSON line;
//! the globopt side of `benches/reference/gcs/compare.py`.
//!
//! ```text
//! cargo run --release -p globopt-gcs --example gcs_solve -- INSTANCE.json \
//!     [--repeat R] [--threads T] [--faer] [--no-cuts] [--exact] [--preprocessing] [--svg OUT.svg]
//! cargo run --release -p globopt-gcs --example gcs_solve -- --maze N --knock K --seed S --write OUT.json
//! ```

use globopt_conic::LinearSolver;
use globopt_core::NoObserver;
use globopt_gcs::{Instance, Maze, PlotOptions, RegionProblem, ShortestPathParams, plot_svg};
use std::time::Instant;

/// Process CPU time (user + system, all threads) in seconds.
fn cpu_time_s() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we own; RUSAGE_SELF is always valid.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(n) = arg::<usize>(&args, "--maze") {
        let knock = arg(&args, "--knock").unwrap_or(0);
        let seed = arg(&args, "--seed").unwrap_or(0);
        let out: String =
            arg(&args, "--write").ok_or("--write OUT.json is required with --maze")?;
        std::fs::write(
            &out,
            Maze::generate(n, knock, seed)?.to_instance().to_json(),
        )?;
        return Ok(());
    }
    let path = args
        .first()
        .ok_or("usage: gcs_solve INSTANCE.json [options]")?;
    let repeat = arg(&args, "--repeat").unwrap_or(1usize).max(1);
    let mut params = ShortestPathParams {
        threads: arg(&args, "--threads").unwrap_or(0),
        ..Default::default()
    };
    if args.iter().any(|a| a == "--faer") {
        params.solver.linear_solver = LinearSolver::Faer;
        params.solver.threads = params.threads as u32;
    }
    params.two_cycle_cuts = !args.iter().any(|a| a == "--no-cuts");
    params.exact = args.iter().any(|a| a == "--exact");
    params.preprocessing = args.iter().any(|a| a == "--preprocessing");
    let text = std::fs::read_to_string(path)?;
    let mut totals = Vec::new();
    let mut cpus = Vec::new();
    let mut last = None;
    for _ in 0..repeat {
        let t0 = Instant::now();
        let c0 = cpu_time_s();
        let inst = Instance::from_json(&text)?;
        let problem = RegionProblem::from_instance(&inst)?;
        let t_build = t0.elapsed().as_secs_f64();
        let report = problem.solve(&params, &mut NoObserver)?;
        totals.push(t0.elapsed().as_secs_f64());
        cpus.push(cpu_time_s() - c0);
        last = Some((problem, report, t_build));
    }
    let (problem, report, t_build) = last.ok_or("no run")?;
    totals.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    let median = totals[totals.len() / 2];
    let median_cpu = cpus[cpus.len() / 2];
    if let Some(svg_path) = arg::<String>(&args, "--svg") {
        let svg = plot_svg(&problem, report.solution.as_ref(), &PlotOptions::default())?;
        std::fs::write(svg_path, svg)?;
    }
    let relax = report.detail("relaxation").cloned().unwrap_or_default();
    let out = serde_json::json!({
        "solver": "globopt-gcs + clarabel",
        "relaxation_status": relax.get("solver_status"),
        "status": report.status(),
        "relaxation_cost": report.detail("relaxation_cost"),
        "rounded_cost": report.detail("rounded_cost"),
        "objective": report.objective(),
        "bound": report.bound(),
        "gap": report.gap(),
        "unique_paths": report.detail("rounding").and_then(|r| r.get("unique_paths")),
        "fractional_flows": relax.get("fractional_flows"),
        "clarabel_iterations": relax.get("iterations"),
        "build_instance_s": t_build,
        "build_model_s": relax.get("build_time_s"),
        "assembly_s": relax.get("assembly_time_s"),
        "clarabel_solve_time_s": relax.get("solve_time_s"),
        "rounding_s": report.detail("rounding").and_then(|r| r.get("time_s")),
        "preprocessing": report.detail("preprocessing"),
        "size": relax.get("size"),
        "total_time_s": median,
        "total_cpu_s": median_cpu,
        "repeat": repeat,
    });
    println!("{out}");
    Ok(())
}
