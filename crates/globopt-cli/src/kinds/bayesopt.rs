//! `kind = "bayesopt"`: Bayesian optimization (globopt-bayes, digest 25) of a named test
//! function or an external command. Every told trial goes to the journal as it completes;
//! `globopt solve --resume SPEC` continues a crashed or interrupted run from it. No bound is
//! proved: the report says `budget_exhausted`, `bound = null` and the certificate text.
//!
//! ```toml
//! kind = "bayesopt"
//! problem = "branin"            # a test function (its domain is the default box) ...
//! # command = ["python3", "f.py"]; bounds = [[0, 1], [0, 1]]; timeout_s = 60  ... or a command
//! initial = 5                   # space-filling points (default max(5, 2d))
//! budget = 30                   # total evaluations
//! acquisition = "log_ei"        # auto, log_ei, ei, noisy_ei, kg, kg_continuous, mes, ucb, pi
//! seed = 0
//! journal = "branin.jsonl"      # relative to the spec file
//! ```

use super::random_search::problem_from_spec;
use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_bayes::acquisition::LogExpectedImprovement;
use globopt_bayes::plot::{
    acquisition_1d_svg, acquisition_2d_svg, convergence_svg, posterior_1d_svg,
    posterior_mean_2d_svg,
};
use globopt_bayes::{
    AcquisitionKind, BatchStrategy, BayesError, BayesParams, HistoryEntry, KernelChoice, Problem,
    fit_model, solve,
};
use globopt_core::Report;
use serde::Deserialize;
use std::path::PathBuf;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "bayesopt",
    summary: "Bayesian optimization (GP + EI/noisy EI/KG/MES) of a test function or external command; journal and --resume (no bound)",
    paper: "25 (BO tutorial)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[Showcase {
    id: "bayesopt-branin",
    title: "Bayesian optimization: Branin in 30 evaluations",
    about: "5 maximin Latin-hypercube points and 25 log-EI steps of a Gaussian process on \
            Branin (f* = 0.397887): compare the regret with the 400-point random-search \
            baseline. Bayesian optimization proves no bound, so the status is \
            `budget_exhausted` and the certificate says so; the regret is known only because \
            Branin's optimum is.",
    run: branin_showcase,
}];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BayesSpec {
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
    initial: Option<usize>,
    #[serde(default = "default_budget")]
    budget: usize,
    #[serde(default)]
    acquisition: AcquisitionKind,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    journal: Option<String>,
    #[serde(default = "one")]
    batch: usize,
    #[serde(default)]
    batch_strategy: BatchStrategy,
    #[serde(default)]
    kernel: KernelChoice,
    #[serde(default)]
    noise: Option<f64>,
    #[serde(default)]
    fit_noise: bool,
    #[serde(default)]
    map_priors: bool,
    #[serde(default)]
    raw_samples: Option<usize>,
    #[serde(default)]
    restarts: Option<usize>,
    #[serde(default)]
    kappa: Option<f64>,
}

fn default_timeout() -> f64 {
    60.0
}
fn default_budget() -> usize {
    30
}
fn one() -> usize {
    1
}

/// A library error as a CLI error naming the spec field (with its line) where there is one.
fn bayes_error(doc: &SpecDoc, e: BayesError) -> CliError {
    match e {
        BayesError::InvalidParameter { field, message } => doc.field_error(&field, message),
        BayesError::Core(c) => CliError::from(c),
        BayesError::Journal { path, message } => {
            doc.field_error("journal", format!("{path}: {message}"))
        }
        other => CliError::Internal(other.to_string()),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: BayesSpec = doc.parse()?;
    let p = problem_from_spec(
        doc,
        spec.problem.as_deref(),
        spec.dim,
        spec.command.as_deref(),
        spec.bounds.as_deref(),
        spec.timeout_s,
    )?;
    p.bounds.require_positive_width().map_err(|e| match e {
        globopt_core::CoreError::InvalidBounds { field, message } => {
            doc.field_error(&field, message)
        }
        other => CliError::from(other),
    })?;
    let defaults = BayesParams::default();
    let params = BayesParams {
        initial: spec.initial,
        budget: spec.budget,
        acquisition: spec.acquisition,
        batch: spec.batch,
        batch_strategy: spec.batch_strategy,
        kernel: spec.kernel,
        noise: spec.noise,
        fit_noise: spec.fit_noise,
        map_priors: spec.map_priors,
        raw_samples: spec.raw_samples.unwrap_or(defaults.raw_samples),
        restarts: spec.restarts.unwrap_or(defaults.restarts),
        kappa: spec.kappa.unwrap_or(defaults.kappa),
        seed: spec.seed,
        journal: spec.journal.as_deref().map(|j| doc.resolve(j)),
        resume: ctx.resume,
        ..defaults
    };
    if ctx.resume && params.journal.is_none() {
        return Err(doc.field_error("journal", "--resume needs a `journal` file in the spec"));
    }
    params.validate().map_err(|e| bayes_error(doc, e))?;
    let name = p
        .function
        .as_ref()
        .map(|f| f.name())
        .unwrap_or_else(|| spec.command.clone().unwrap_or_default().join(" "));
    let f_star = p.function.as_ref().and_then(|f| f.f_star());
    let problem = Problem {
        objective: p.objective,
        bounds: p.bounds,
        f_star,
        name,
    };
    let report = solve(&problem, &params, &mut ctx.observer).map_err(|e| bayes_error(doc, e))?;
    outcome(report, &problem, &params)
}

fn history_of(report: &Report<Vec<f64>>) -> Vec<HistoryEntry> {
    report
        .detail("history")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

/// Report, trials CSV, convergence plot, and for 1-D/2-D problems the posterior mean and the
/// log-EI surface of the final model with the evaluated points.
fn outcome(
    report: Report<Vec<f64>>,
    problem: &Problem,
    params: &BayesParams,
) -> Result<Outcome, CliError> {
    let history = history_of(&report);
    let mut csv = String::from("index,");
    for j in 0..problem.bounds.dim() {
        csv.push_str(&format!("x{},", j + 1));
    }
    csv.push_str("value,incumbent,acquisition,failure\n");
    for h in &history {
        let xs: Vec<String> = h.x.iter().map(|v| v.to_string()).collect();
        let fmt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let acq = h
            .proposal
            .as_ref()
            .map(|p| p.source.clone())
            .unwrap_or_default();
        let fail = h
            .failed
            .as_ref()
            .map(|m| format!("\"{}\"", m.replace('"', "'")))
            .unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{},{acq},{fail}\n",
            h.index,
            xs.join(","),
            fmt(h.y),
            fmt(h.incumbent)
        ));
    }
    let mut out = Outcome::new(&report).with_file("trials.csv", csv.into_bytes());
    let conv =
        convergence_svg(&history, problem.f_star).map_err(|e| CliError::Internal(e.to_string()))?;
    out = out.with_plot(
        "convergence.svg",
        "Incumbent (regret when f* is known) against evaluations",
        conv,
    );
    let d = problem.bounds.dim();
    let ok: Vec<&HistoryEntry> = history.iter().filter(|h| h.y.is_some()).collect();
    if (d == 1 || d == 2) && ok.len() >= 2 {
        let xs: Vec<Vec<f64>> = ok.iter().map(|h| h.x.clone()).collect();
        let ys: Vec<f64> = ok.iter().filter_map(|h| h.y).collect();
        let noise = vec![params.noise.unwrap_or(0.0); ys.len()];
        let evaluated: Vec<Vec<f64>> = history.iter().map(|h| h.x.clone()).collect();
        if let Ok(gp) = fit_model(&xs, &ys, &noise, &problem.bounds, params, params.seed, None) {
            let best = ys.iter().cloned().fold(f64::INFINITY, f64::min);
            let acq = LogExpectedImprovement::new(&gp, best);
            let internal = |e: BayesError| CliError::Internal(e.to_string());
            let (mean, surface) = if d == 1 {
                (
                    posterior_1d_svg(&gp, 200).map_err(internal)?,
                    acquisition_1d_svg(&acq, &problem.bounds, &evaluated, 200).map_err(internal)?,
                )
            } else {
                (
                    posterior_mean_2d_svg(&gp, 60).map_err(internal)?,
                    acquisition_2d_svg(&acq, &problem.bounds, &evaluated, 60).map_err(internal)?,
                )
            };
            out = out
                .with_plot(
                    "posterior_mean.svg",
                    "GP posterior mean of the final model with the evaluations",
                    mean,
                )
                .with_plot(
                    "acquisition.svg",
                    "log-EI of the final model (where the next point would go)",
                    surface,
                );
        }
    }
    Ok(out)
}

fn branin_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let problem =
        Problem::test_function("branin").map_err(|e| CliError::Internal(e.to_string()))?;
    let params = BayesParams {
        initial: Some(5),
        budget: 30,
        seed: 0,
        journal: None::<PathBuf>,
        ..Default::default()
    };
    let report = solve(&problem, &params, &mut ctx.observer)
        .map_err(|e| CliError::Internal(e.to_string()))?;
    outcome(report, &problem, &params)
}
