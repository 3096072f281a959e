//! `kind = "random-search"`: the baseline. A seeded Latin hypercube over the box of a named
//! test function or an external command; no bound is proved.
//!
//! ```toml
//! kind = "random-search"
//! problem = "branin"          # a test function (its domain is the default box) ...
//! # command = ["python3", "f.py"]; bounds = [[0, 1], [0, 1]]; timeout_s = 60  ... or a command
//! budget = 500
//! seed = 1
//! ```

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_core::objective::{CommandObjective, Objective, TestObjective};
use globopt_core::plot::{Axes, Series, Style, chart, heatmap};
use globopt_core::random_search::{RandomSearchParams, RandomSearchSolution, random_search};
use globopt_core::testfn::{TestFunction, single_objective};
use globopt_core::{Bounds, Report};
use serde::Deserialize;
use std::time::Duration;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "random-search",
    summary: "baseline: Latin-hypercube random search on a test function or external command (no bound)",
    paper: "00 (test functions)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[Showcase {
    id: "baseline-branin",
    title: "Baseline: random search on Branin",
    about: "400 Latin-hypercube points on Branin (f* = 0.397887). A baseline every global \
            optimizer in globopt must beat; it proves no bound, so its status is `feasible` \
            and the regret is known only because Branin's optimum is.",
    run: branin_showcase,
}];

/// A black-box problem as specs write it: a named test function, or a command with bounds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RandomSearchSpec {
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
    #[serde(default = "default_budget")]
    budget: usize,
    #[serde(default)]
    seed: u64,
}

fn default_timeout() -> f64 {
    60.0
}

fn default_budget() -> usize {
    1000
}

/// The objective and box of a spec: a test function (with optional custom bounds) or an
/// external command (bounds required).
pub(crate) struct Problem {
    pub objective: Box<dyn Objective>,
    pub bounds: Bounds,
    pub function: Option<Box<dyn TestFunction>>,
}

/// Resolve `problem`/`dim` or `command`/`bounds` into an objective; errors name the field.
pub(crate) fn problem_from_spec(
    doc: &SpecDoc,
    problem: Option<&str>,
    dim: Option<usize>,
    command: Option<&[String]>,
    bounds: Option<&[[f64; 2]]>,
    timeout_s: f64,
) -> Result<Problem, CliError> {
    let parsed_bounds = match bounds {
        Some(b) => Some(Bounds::from_pairs(b).map_err(|e| match e {
            globopt_core::CoreError::InvalidBounds { field, message } => {
                doc.field_error(&field, message)
            }
            other => doc.field_error("bounds", other),
        })?),
        None => None,
    };
    match (problem, command) {
        (Some(name), None) => {
            let spec = match dim {
                Some(d) => format!("{name}:{d}"),
                None => name.to_string(),
            };
            let f = single_objective(&spec).map_err(|e| doc.field_error("problem", e))?;
            let b = match parsed_bounds {
                Some(b) => {
                    if b.dim() != f.dim() {
                        return Err(doc.field_error(
                            "bounds",
                            format!(
                                "{} has {} variables, bounds give {}",
                                f.name(),
                                f.dim(),
                                b.dim()
                            ),
                        ));
                    }
                    b
                }
                None => f.bounds(),
            };
            let g = single_objective(&spec).map_err(|e| doc.field_error("problem", e))?;
            Ok(Problem {
                objective: Box::new(TestObjective(g)),
                bounds: b,
                function: Some(f),
            })
        }
        (None, Some(argv)) => {
            if argv.is_empty() {
                return Err(
                    doc.field_error("command", "is empty; give the program and its arguments")
                );
            }
            let b = parsed_bounds.ok_or_else(|| {
                doc.field_error(
                    "bounds",
                    "an external command needs `bounds = [[lo, hi], ...]`",
                )
            })?;
            if !(timeout_s.is_finite() && timeout_s > 0.0) {
                return Err(doc.field_error("timeout_s", "must be a positive number of seconds"));
            }
            // a program given by a relative path is relative to the spec file, like every path
            let mut argv = argv.to_vec();
            if argv[0].contains('/') {
                argv[0] = doc.resolve(&argv[0]).display().to_string();
            }
            Ok(Problem {
                objective: Box::new(CommandObjective {
                    argv,
                    dim: b.dim(),
                    timeout: Duration::from_secs_f64(timeout_s),
                    workdir: Some(doc.dir().to_path_buf()),
                }),
                bounds: b,
                function: None,
            })
        }
        (Some(_), Some(_)) => {
            Err(doc.field_error("command", "give `problem` or `command`, not both"))
        }
        (None, None) => Err(CliError::Input(format!(
            "{}: missing field `problem` (a test function name) or `command` (an external program)",
            doc.name()
        ))),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: RandomSearchSpec = doc.parse()?;
    let problem = problem_from_spec(
        doc,
        spec.problem.as_deref(),
        spec.dim,
        spec.command.as_deref(),
        spec.bounds.as_deref(),
        spec.timeout_s,
    )?;
    let params = RandomSearchParams {
        budget: spec.budget,
        seed: spec.seed,
    };
    params
        .validate()
        .map_err(|e| doc.field_error("budget", e))?;
    let report = random_search(
        problem.objective.as_ref(),
        &problem.bounds,
        &params,
        &mut ctx.observer,
    )?;
    outcome(report, &problem)
}

/// Report (solution: the best point), regret when the optimum is known, a convergence chart
/// and, in 2-D, a heatmap with the evaluated points.
fn outcome(report: Report<RandomSearchSolution>, problem: &Problem) -> Result<Outcome, CliError> {
    let trials = report
        .solution
        .as_ref()
        .map(|s| s.trials.clone())
        .unwrap_or_default();
    let best_x = report.solution.as_ref().map(|s| s.x.clone());
    let mut r = report.map_solution(|s| s.x);
    r.set_detail("bounds", problem.bounds.pairs());
    if let Some(f) = &problem.function {
        r.set_detail("problem", f.name());
        r.set_detail("f_star", f.f_star());
        if let (Some(v), Some(_)) = (r.objective(), f.f_star()) {
            r.set_detail("regret", f.regret(v));
        }
    }
    let mut csv = String::from("index,");
    for j in 0..problem.bounds.dim() {
        csv.push_str(&format!("x{},", j + 1));
    }
    csv.push_str("value,failure\n");
    for (i, t) in trials.iter().enumerate() {
        let xs: Vec<String> = t.x.iter().map(|v| v.to_string()).collect();
        let (v, fail) = match &t.outcome {
            globopt_core::Evaluation::Value(v) => (v.to_string(), String::new()),
            globopt_core::Evaluation::Failed(m) => {
                (String::new(), format!("\"{}\"", m.replace('"', "'")))
            }
        };
        csv.push_str(&format!("{i},{},{v},{fail}\n", xs.join(",")));
    }
    let mut out = Outcome::new(&r).with_file("trials.csv", csv.into_bytes());
    let incumbents: Vec<(f64, f64)> = r
        .trace
        .iter()
        .filter_map(|t| t.incumbent.map(|v| (t.evaluations as f64, v)))
        .chain(r.objective().map(|v| (r.evaluations as f64, v)))
        .collect();
    let (series, axes) = match problem.function.as_ref().and_then(|f| f.f_star()) {
        Some(fs) => (
            incumbents
                .iter()
                .map(|&(e, v)| (e, (v - fs).max(1e-12)))
                .collect(),
            Axes::new("Random search: simple regret", "evaluations", "f_best − f*").log_y(),
        ),
        None => (
            incumbents,
            Axes::new("Random search: best value", "evaluations", "f_best"),
        ),
    };
    let svg = chart(
        &axes,
        &[Series::new("best so far", series, Style::Step, 0)],
        None,
        None,
    )?;
    out = out.with_plot("convergence.svg", "Best value against evaluations", svg);
    if let (2, Some(func)) = (problem.bounds.dim(), &problem.function) {
        let b = &problem.bounds;
        let pts: Vec<(f64, f64)> = trials.iter().map(|t| (t.x[0], t.x[1])).collect();
        let mut overlays = vec![Series::new("evaluated", pts, Style::Points, 0)];
        overlays.push(Series::new(
            "global minimizers",
            func.x_star().iter().map(|x| (x[0], x[1])).collect(),
            Style::Highlight,
            4,
        ));
        if let Some(x) = best_x {
            overlays.push(Series::new(
                "best found",
                vec![(x[0], x[1])],
                Style::Highlight,
                1,
            ));
        }
        let svg = heatmap(
            &Axes::new(
                "Objective (log colour scale) and evaluated points",
                "x1",
                "x2",
            ),
            &|x, y| func.eval(&[x, y]),
            (b.lower()[0], b.upper()[0]),
            (b.lower()[1], b.upper()[1]),
            80,
            true,
            &overlays,
        )?;
        out = out.with_plot(
            "landscape.svg",
            "Objective landscape with the evaluated points",
            svg,
        );
    }
    Ok(out)
}

fn branin_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let f = single_objective("branin")?;
    let problem = Problem {
        bounds: f.bounds(),
        objective: Box::new(TestObjective(single_objective("branin")?)),
        function: Some(f),
    };
    let params = RandomSearchParams {
        budget: 400,
        seed: 1,
    };
    let report = random_search(
        problem.objective.as_ref(),
        &problem.bounds,
        &params,
        &mut ctx.observer,
    )?;
    outcome(report, &problem)
}
