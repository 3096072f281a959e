//! `kind = "psl"`: SVH-PSL, Pareto set learning with Stein variational hypernetworks for
//! expensive multi-objective problems (globopt-moo, digest 21), on a named problem (ZDT,
//! DTLZ, RE33, RE37) or an external command that prints all objectives. No bound is proved:
//! the report says `budget_exhausted`, `bound = null`, and gives the hypervolume (and, for
//! problems with a known front, the log hypervolume difference) as diagnostics.
//!
//! ```toml
//! kind = "psl"
//! [problem]
//! function = "zdt1:20"        # zdt1..3, dtlz1/2/7, re33, re37 ...
//! # command = ["python3", "f.py"]; bounds = [[0, 1], [0, 1]]; n_obj = 2; timeout_s = 60
//! # ref_point = [1.1, 1.1]    # reference of the reported hypervolume (objective units)
//! # maximize = [false, true]  # objectives to maximize (negated internally)
//! [psl]                       # any PslParams field; defaults are the reference code's
//! iterations = 20
//! batch = 5
//! steps = 1000
//! seed = 0
//! ```

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_core::plot::{Axes, Series, Style, chart};
use globopt_core::testfn::MultiObjective;
use globopt_core::{Bounds, Report};
use globopt_moo::MooError;
use globopt_moo::problems::{metric_convention, problem};
use globopt_moo::psl::command::CommandProblem;
use globopt_moo::psl::plot::{front_plot, lhd_plot};
use globopt_moo::psl::{MultiEvaluation, PslParams, PslSolution, run as run_psl};
use serde::Deserialize;
use std::time::Duration;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "psl",
    summary: "SVH-PSL: Pareto set learning for expensive multi-objective problems (GP + LCB + Stein variational MLP, HVI batches; no bound)",
    paper: "21 (SVH-PSL)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[Showcase {
    id: "psl-zdt1",
    title: "Pareto set learning: ZDT1 in 80 evaluations",
    about: "SVH-PSL on ZDT1 with 10 variables: 10 Latin-hypercube points, then 14 batches of 5 \
            chosen by hypervolume improvement from a preference-conditioned network trained \
            by Stein variational gradient descent on the GP lower confidence bounds (a reduced \
            preset: 128-unit layers, 1000 steps per batch as in the paper). The plot sets the learned front against the \
            true front f2 = 1 − √f1; the log hypervolume difference to the 100-point front is \
            a diagnostic, not a certificate.",
    run: zdt1_showcase,
}];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PslSpec {
    #[allow(dead_code)]
    kind: String,
    problem: ProblemSpec,
    #[serde(default)]
    psl: PslParams,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemSpec {
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default)]
    bounds: Option<Vec<[f64; 2]>>,
    #[serde(default)]
    n_obj: Option<usize>,
    #[serde(default)]
    ref_point: Option<Vec<f64>>,
    #[serde(default)]
    maximize: Option<Vec<bool>>,
    #[serde(default = "default_timeout")]
    timeout_s: f64,
}

fn default_timeout() -> f64 {
    60.0
}

/// A `MooError` as an input error at the spec field it names.
fn field_error(doc: &SpecDoc, prefix: &str, e: MooError) -> CliError {
    match e {
        MooError::Invalid { name, message } => doc.field_error(&format!("{prefix}{name}"), message),
        other => CliError::Input(other.to_string()),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: PslSpec = doc.parse()?;
    let p = &spec.problem;
    let mut params = spec.psl.clone();
    params.validate().map_err(|e| field_error(doc, "psl.", e))?;
    let (bounds, n_obj, named) = match (&p.function, &p.command) {
        (Some(name), None) => {
            let f = problem(name).map_err(|e| doc.field_error("problem.function", e))?;
            if p.bounds.is_some() || p.n_obj.is_some() {
                return Err(doc.field_error(
                    "problem.bounds",
                    "a named function has its own box and objectives; bounds and n_obj are for commands",
                ));
            }
            (f.bounds(), f.n_obj(), Some(f))
        }
        (None, Some(argv)) => {
            if argv.is_empty() {
                return Err(doc.field_error(
                    "problem.command",
                    "is empty; give the program and its arguments",
                ));
            }
            let b = p.bounds.as_ref().ok_or_else(|| {
                doc.field_error(
                    "problem.bounds",
                    "an external command needs `bounds = [[lo, hi], ...]`",
                )
            })?;
            let b = Bounds::from_pairs(b).map_err(|e| doc.field_error("problem.bounds", e))?;
            let m = p.n_obj.ok_or_else(|| {
                doc.field_error(
                    "problem.n_obj",
                    "an external command needs `n_obj`, the number of objectives it prints",
                )
            })?;
            (b, m, None)
        }
        (Some(_), Some(_)) => {
            return Err(
                doc.field_error("problem.command", "give `function` or `command`, not both")
            );
        }
        (None, None) => {
            return Err(doc.field_error(
                "problem",
                "needs `function` (a named problem) or `command` (an external program)",
            ));
        }
    };
    if n_obj < 2 {
        return Err(doc.field_error(
            "problem.n_obj",
            format!("is {n_obj}; Pareto set learning needs at least 2 objectives"),
        ));
    }
    let signs: Vec<f64> = match &p.maximize {
        Some(v) if v.len() != n_obj => {
            return Err(doc.field_error(
                "problem.maximize",
                format!("has {} entries for {n_obj} objectives", v.len()),
            ));
        }
        Some(v) => v.iter().map(|&mx| if mx { -1.0 } else { 1.0 }).collect(),
        None => vec![1.0; n_obj],
    };
    if let Some(r) = &p.ref_point {
        if r.len() != n_obj {
            return Err(doc.field_error(
                "problem.ref_point",
                format!("has {} values for {n_obj} objectives", r.len()),
            ));
        }
        params.reference = Some(r.iter().zip(&signs).map(|(v, s)| v * s).collect());
    }
    if !(p.timeout_s.is_finite() && p.timeout_s > 0.0) {
        return Err(doc.field_error("problem.timeout_s", "must be a positive number of seconds"));
    }
    let report = match (&named, &p.command) {
        (Some(f), _) => {
            let eval = |x: &[f64]| {
                let y: Vec<f64> = f.eval(x).iter().zip(&signs).map(|(v, s)| v * s).collect();
                MultiEvaluation::from_values(y, n_obj)
            };
            let convention =
                (signs.iter().all(|&s| s > 0.0)).then(|| metric_convention(f.as_ref()));
            run_psl(
                &eval,
                &bounds,
                n_obj,
                &params,
                convention,
                &f.name(),
                &mut ctx.observer,
            )
        }
        (None, Some(argv)) => {
            let mut argv = argv.clone();
            if argv[0].contains('/') {
                argv[0] = doc.resolve(&argv[0]).display().to_string();
            }
            let cmd = CommandProblem {
                argv,
                n_obj,
                timeout: Duration::from_secs_f64(p.timeout_s),
                workdir: Some(doc.dir().to_path_buf()),
            };
            let eval = |x: &[f64]| match cmd.evaluate(x) {
                MultiEvaluation::Values(y) => {
                    MultiEvaluation::Values(y.iter().zip(&signs).map(|(v, s)| v * s).collect())
                }
                failed => failed,
            };
            run_psl(
                &eval,
                &bounds,
                n_obj,
                &params,
                None,
                "command",
                &mut ctx.observer,
            )
        }
        (None, None) => unreachable!("one of function and command was checked above"),
    }
    .map_err(|e| field_error(doc, "psl.", e))?;
    let mut report = report;
    report.set_detail(
        "maximize",
        p.maximize.clone().unwrap_or_else(|| vec![false; n_obj]),
    );
    outcome(report, named.as_deref())
}

/// The report, `trials.csv`, the objective-space plots (with the true front when known) and
/// the convergence plot.
fn outcome(
    report: Report<PslSolution>,
    named: Option<&dyn MultiObjective>,
) -> Result<Outcome, CliError> {
    let internal = |e: MooError| CliError::Internal(e.to_string());
    let Some(sol) = report.solution.clone() else {
        return Ok(Outcome::new(&report));
    };
    let m = sol.trials.first().map_or(0, |t| match &t.outcome {
        MultiEvaluation::Values(v) => v.len(),
        MultiEvaluation::Failed(_) => 0,
    });
    let m = m.max(sol.predicted_front.first().map_or(0, Vec::len));
    let mut csv = String::from("index,x,objectives,failure\n");
    for (i, t) in sol.trials.iter().enumerate() {
        let xs: Vec<String> = t.x.iter().map(|v| v.to_string()).collect();
        let (ys, fail) = match &t.outcome {
            MultiEvaluation::Values(v) => (
                v.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                String::new(),
            ),
            MultiEvaluation::Failed(msg) => (String::new(), msg.replace(['"', ','], "'")),
        };
        csv.push_str(&format!("{i},{},{ys},{fail}\n", xs.join(" ")));
    }
    let mut out = Outcome::new(&report).with_file("trials.csv", csv.into_bytes());
    let true_front = named.map(|f| f.true_front(400)).filter(|f| !f.is_empty());
    for a in 0..m {
        for b in a + 1..m {
            let svg = front_plot(
                &sol,
                true_front.as_deref(),
                a,
                b,
                "SVH-PSL: learned and true fronts",
            )
            .map_err(internal)?;
            out = out.with_plot(
                &format!("front_f{}_f{}.svg", a + 1, b + 1),
                &format!("Objective space f{} × f{}: evaluated points, non-dominated staircase, predicted front, true front", a + 1, b + 1),
                svg,
            );
        }
    }
    if sol.history.iter().any(|h| h.lhd.is_some()) {
        let svg = lhd_plot(
            &[&sol.history],
            false,
            "SVH-PSL: log hypervolume difference",
        )
        .map_err(internal)?;
        out = out.with_plot(
            "lhd.svg",
            "ln(HV* − HV) against evaluations (HV* of the discrete reference front)",
            svg,
        );
    } else {
        let pts: Vec<(f64, f64)> = sol
            .history
            .iter()
            .map(|h| (h.evaluations as f64, h.hypervolume))
            .collect();
        let svg = chart(
            &Axes::new("SVH-PSL: hypervolume", "evaluations", "hypervolume"),
            &[Series::new("hypervolume", pts, Style::Step, 0)],
            None,
            None,
        )?;
        out = out.with_plot(
            "hypervolume.svg",
            "Hypervolume of the evaluated points against evaluations",
            svg,
        );
    }
    Ok(out)
}

fn zdt1_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let f = problem("zdt1:10").map_err(|e| CliError::Internal(e.to_string()))?;
    let params = PslParams {
        n_init: 10,
        iterations: 14,
        batch: 5,
        steps: 1000,
        checkpoint_every: 10,
        hidden: vec![128, 128],
        candidates: 500,
        ..PslParams::default()
    };
    let m = f.n_obj();
    let eval = |x: &[f64]| MultiEvaluation::from_values(f.eval(x), m);
    let report = run_psl(
        &eval,
        &f.bounds(),
        m,
        &params,
        Some(metric_convention(f.as_ref())),
        &f.name(),
        &mut ctx.observer,
    )
    .map_err(|e| CliError::Internal(e.to_string()))?;
    outcome(report, Some(f.as_ref()))
}
