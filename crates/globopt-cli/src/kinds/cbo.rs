//! `kind = "cbo"`: consensus-based optimization (globopt-swarm, digest 10) of a named test
//! function or an external command, with many independent runs in parallel. No bound is
//! proved: the report gives the best particle ever evaluated, the success rate over runs when
//! the minimizers are known, and `bound = null`.
//!
//! ```toml
//! kind = "cbo"
//! problem = "rastrigin"       # a test function ...
//! dim = 20
//! # command = ["python3", "f.py"]; bounds = [[-5, 5], [-5, 5]]; timeout_s = 60  ... or a command
//! runs = 100                  # independent runs (default 1)
//! particles = 40              # N (default 40)
//! iterations = 5000           # steps per run (default 5000)
//! sigma = 10.1                # noise scale (default 10.1)
//! alpha = 30                  # initial α, multiplied by 1.05 per step up to 1e5 (default)
//! noise = "anisotropic"       # or "isotropic"
//! seed = 1
//! ```
//!
//! Also: `lambda`, `dt`, `alpha_schedule` (`"fixed"`, `"multiply"`, `"ess"` or a table such
//! as `{ kind = "multiply", factor = 1.05, max = 1e5 }`), `method` (`"cbo"`,
//! `"consensus_hopping"`), `batch`, `batch_partial`, `boundary` (`"none"`, `"clip"`,
//! `"reflect"`, acting on `bounds` or the test function's domain), `max_evaluations`,
//! `energy_tol`, `spread_tol`, `sigma_decay`, `success_tol`, `trace_every`, `snapshots`,
//! `init_box`. The particles start in `init_box`; without one, a test function's domain
//! clipped to [−3, 3] per coordinate (the digest's setup) and a command's `bounds`.

use super::random_search::problem_from_spec;
use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_core::{Bounds, Report};
use globopt_swarm::plot::{energy_svg, snapshots_svg};
use globopt_swarm::{
    AlphaSchedule, Boundary, CboParams, CboSolution, Method, Noise, Problem, RunResult, SigmaDecay,
    SwarmError, default_init_box, solve,
};
use serde::{Deserialize, Serialize};

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "cbo",
    summary: "consensus-based optimization (many parallel runs, success rate) of a test function or external command (no bound)",
    paper: "10 (CBO as relaxed GD)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[Showcase {
    id: "cbo-rastrigin-2d",
    title: "Consensus-based optimization: Rastrigin in 2-D, 20 runs",
    about: "40 particles drift toward their softmin-weighted consensus and are shaken by \
            anisotropic noise (σ = 10.1, α from 30 multiplied by 1.05 per step, as CBXpy): 20 \
            independent runs of 1000 steps on Rastrigin (f* = 0 at the origin, about 100 local \
            minima in [−5.12, 5.12]²). The snapshots show run 0's cloud collapsing onto the \
            global minimizer. CBO proves no bound; its evidence is the success rate over runs \
            (best point within 0.25 of x*).",
    run: rastrigin_showcase,
}];

/// A `cbo` spec: the black-box problem fields shared with `random-search` and `bayesopt`, and
/// the fields of [`CboParams`] (absent fields take its defaults).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CboSpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    problem: Option<String>,
    #[serde(default)]
    dim: Option<usize>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default)]
    bounds: Option<Vec<[f64; 2]>>,
    #[serde(default = "default_timeout")]
    timeout_s: f64,
    #[serde(default)]
    init_box: Option<Vec<[f64; 2]>>,
    particles: Option<usize>,
    runs: Option<usize>,
    iterations: Option<u64>,
    dt: Option<f64>,
    lambda: Option<f64>,
    sigma: Option<f64>,
    alpha: Option<f64>,
    alpha_schedule: Option<AlphaSchedule>,
    noise: Option<Noise>,
    method: Option<Method>,
    batch: Option<usize>,
    batch_partial: Option<bool>,
    boundary: Option<Boundary>,
    max_evaluations: Option<u64>,
    energy_tol: Option<f64>,
    spread_tol: Option<f64>,
    sigma_decay: Option<SigmaDecay>,
    success_tol: Option<f64>,
    trace_every: Option<u64>,
    snapshots: Option<Vec<u64>>,
    seed: Option<u64>,
}

fn default_timeout() -> f64 {
    60.0
}

impl CboSpec {
    /// The parameters: the spec's values over [`CboParams::default`]. For a 2-D problem without
    /// `snapshots`, run 0's cloud is kept at a few iterations for the snapshot plot.
    fn params(&self, dim: usize) -> CboParams {
        let d = CboParams::default();
        let iterations = self.iterations.unwrap_or(d.iterations);
        let snapshots = self.snapshots.clone().unwrap_or_else(|| {
            if dim == 2 {
                let mut s: Vec<u64> = [0, 10, 30, 100, 300]
                    .into_iter()
                    .filter(|&t| t < iterations)
                    .collect();
                s.push(iterations);
                s
            } else {
                Vec::new()
            }
        });
        CboParams {
            particles: self.particles.unwrap_or(d.particles),
            runs: self.runs.unwrap_or(d.runs),
            iterations,
            dt: self.dt.unwrap_or(d.dt),
            lambda: self.lambda.unwrap_or(d.lambda),
            sigma: self.sigma.unwrap_or(d.sigma),
            alpha: self.alpha.unwrap_or(d.alpha),
            alpha_schedule: self.alpha_schedule.unwrap_or(d.alpha_schedule),
            noise: self.noise.unwrap_or(d.noise),
            method: self.method.unwrap_or(d.method),
            batch: self.batch,
            batch_partial: self.batch_partial.unwrap_or(d.batch_partial),
            boundary: self.boundary.unwrap_or(d.boundary),
            max_evaluations: self.max_evaluations,
            energy_tol: self.energy_tol,
            spread_tol: self.spread_tol,
            sigma_decay: self.sigma_decay,
            success_tol: self.success_tol.unwrap_or(d.success_tol),
            trace_every: self.trace_every,
            snapshots,
            seed: self.seed.unwrap_or(d.seed),
        }
    }
}

/// A library error as a CLI error, located at the spec field it names.
fn swarm_error(doc: &SpecDoc, e: SwarmError) -> CliError {
    match e {
        SwarmError::InvalidParameter { name, message } => doc.field_error(&name, message),
        SwarmError::Plot(m) | SwarmError::State(m) => CliError::Internal(m),
        other => CliError::Input(format!("{}: {other}", doc.name())),
    }
}

fn bounds_field(doc: &SpecDoc, field: &str, pairs: &[[f64; 2]]) -> Result<Bounds, CliError> {
    Bounds::from_pairs(pairs).map_err(|e| match e {
        globopt_core::CoreError::InvalidBounds { field: f, message } => {
            doc.field_error(&f.replacen("bounds", field, 1), message)
        }
        other => doc.field_error(field, other),
    })
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: CboSpec = doc.parse()?;
    let black_box = problem_from_spec(
        doc,
        spec.problem.as_deref(),
        spec.dim,
        spec.command.as_deref(),
        spec.bounds.as_deref(),
        spec.timeout_s,
    )?;
    let dim = black_box.bounds.dim();
    let init_box = match &spec.init_box {
        Some(pairs) => {
            let b = bounds_field(doc, "init_box", pairs)?;
            if b.dim() != dim {
                return Err(doc.field_error(
                    "init_box",
                    format!(
                        "the problem has {dim} variables, init_box gives {}",
                        b.dim()
                    ),
                ));
            }
            Some(b)
        }
        None => None,
    };
    let domain = black_box.bounds.clone();
    let problem = match &black_box.function {
        Some(f) => Problem::from_test_function(f.as_ref(), None).with_domain(domain.clone()),
        None => Problem::new(domain.clone()).with_domain(domain.clone()),
    };
    let problem = Problem {
        init_box: init_box.unwrap_or(match &black_box.function {
            Some(_) => default_init_box(&domain),
            None => domain,
        }),
        ..problem
    };
    let params = spec.params(dim);
    let report = solve(
        black_box.objective.as_ref(),
        &problem,
        &params,
        &mut ctx.observer,
    )
    .map_err(|e| swarm_error(doc, e))?;
    let name = black_box.function.as_ref().map(|f| f.name());
    outcome(report, &problem, name, black_box.function.as_deref())
}

/// The solution as the CLI prints it: the best point, the best run's consensus trajectory and
/// per-run results (the per-run histories go to `history.csv`, the clouds to the plots).
#[derive(Serialize)]
struct PrintedSolution {
    x: Vec<f64>,
    best_run: usize,
    consensus: Vec<f64>,
    consensus_trajectory: Vec<TrajectoryPoint>,
    runs: Vec<RunResult>,
}

#[derive(Serialize)]
struct TrajectoryPoint {
    iteration: u64,
    consensus: Vec<f64>,
}

fn history_csv(solution: &CboSolution) -> String {
    let mut csv =
        String::from("run,iteration,evaluations,best_f,min_f,weighted_energy,alpha,spread\n");
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (m, h) in solution.history.iter().enumerate() {
        for k in 0..h.len() {
            csv.push_str(&format!(
                "{m},{},{},{},{},{},{},{}\n",
                h.iteration[k],
                h.evaluations[k],
                opt(h.best_f[k]),
                opt(h.min_f[k]),
                opt(h.weighted_energy[k]),
                h.alpha[k],
                opt(h.spread[k])
            ));
        }
    }
    csv
}

/// The printed report with the problem's name, f* and regret, the history CSV, the energy
/// plot and, in 2-D, the particle snapshots over the objective's landscape.
fn outcome(
    report: Report<CboSolution>,
    problem: &Problem,
    name: Option<String>,
    function: Option<&dyn globopt_core::testfn::TestFunction>,
) -> Result<Outcome, CliError> {
    let mut plots = Vec::new();
    let mut files = Vec::new();
    if let Some(s) = &report.solution {
        files.push(("history.csv", history_csv(s).into_bytes()));
        plots.push((
            "energy.svg",
            "Best value against evaluations per run: median and interquartile range over runs",
            energy_svg(s, problem.f_star).map_err(|e| CliError::Internal(e.to_string()))?,
        ));
        if problem.dim() == 2 && !s.snapshots.is_empty() {
            let landscape =
                function.map(|f| globopt_core::FnObjective::new(2, move |x: &[f64]| f.eval(x)));
            let svg = snapshots_svg(
                s,
                problem,
                landscape
                    .as_ref()
                    .map(|l| l as &dyn globopt_core::Objective),
            )
            .map_err(|e| CliError::Internal(e.to_string()))?;
            plots.push((
                "particles.svg",
                "Particle cloud of run 0 at several iterations over the objective (log colour scale)",
                svg,
            ));
        }
    }
    let regret = match (report.objective(), problem.f_star) {
        (Some(v), Some(fs)) => Some(v - fs),
        _ => None,
    };
    let mut r = report.map_solution(|s| PrintedSolution {
        consensus_trajectory: s
            .consensus_trajectory()
            .into_iter()
            .map(|(iteration, c)| TrajectoryPoint {
                iteration,
                consensus: c.to_vec(),
            })
            .collect(),
        x: s.x,
        best_run: s.best_run,
        consensus: s.consensus,
        runs: s.runs,
    });
    r.set_detail("problem", name);
    r.set_detail("f_star", problem.f_star);
    r.set_detail("regret", regret);
    if let Some(d) = &problem.domain {
        r.set_detail("bounds", d.pairs());
    }
    let mut out = Outcome::new(&r);
    for (file, title, svg) in plots {
        out = out.with_plot(file, title, svg);
    }
    for (file, bytes) in files {
        out = out.with_file(file, bytes);
    }
    Ok(out)
}

fn rastrigin_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let f = globopt_core::testfn::single_objective("rastrigin:2")?;
    let problem = Problem::from_test_function(f.as_ref(), None);
    let params = CboParams {
        runs: 20,
        iterations: 1000,
        seed: 1,
        snapshots: vec![0, 10, 30, 100, 300, 1000],
        ..CboParams::default()
    };
    let objective =
        globopt_core::TestObjective(globopt_core::testfn::single_objective("rastrigin:2")?);
    let report = solve(&objective, &problem, &params, &mut ctx.observer)
        .map_err(|e| CliError::Internal(e.to_string()))?;
    outcome(report, &problem, Some(f.name()), Some(f.as_ref()))
}
