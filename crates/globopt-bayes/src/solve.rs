//! The closure and objective interfaces: [`minimize`] (a Rust closure, defaults) and
//! [`solve`] (any globopt-core [`Objective`], full parameters, an observer), both driving
//! [`BayesOpt`] ask/tell until the evaluation budget is spent.

use crate::ask_tell::BayesOpt;
use crate::config::BayesParams;
use crate::error::BayesError;
use globopt_core::testfn::single_objective;
use globopt_core::{
    Bounds, CommandObjective, Event, FnObjective, NoObserver, Objective, Observer, Progress,
    Report, TestObjective,
};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A black-box problem: an objective, its box, and its optimum when known (for regret).
pub struct Problem {
    /// What to minimize.
    pub objective: Box<dyn Objective>,
    /// The box searched.
    pub bounds: Bounds,
    /// The known minimum value, if any (adds simple regret to reports).
    pub f_star: Option<f64>,
    /// A name for reports (`"branin"`, the command line).
    pub name: String,
}

impl Problem {
    /// A closure or any objective over `bounds`.
    pub fn new(objective: Box<dyn Objective>, bounds: Bounds, name: &str) -> Problem {
        Problem {
            objective,
            bounds,
            f_star: None,
            name: name.to_string(),
        }
    }

    /// A named test function (`"branin"`, `"hartmann6"`, `"ackley:5"`) on its standard domain,
    /// with its known optimum.
    pub fn test_function(spec: &str) -> Result<Problem, BayesError> {
        let f = single_objective(spec)?;
        let bounds = f.bounds();
        let f_star = f.f_star();
        let name = f.name();
        Ok(Problem {
            objective: Box::new(TestObjective(f)),
            bounds,
            f_star,
            name,
        })
    }

    /// An external command that reads the point as a JSON list on stdin and prints one number;
    /// each evaluation is killed after `timeout` and recorded as failed.
    pub fn command(
        argv: Vec<String>,
        bounds: Bounds,
        timeout: Duration,
        workdir: Option<PathBuf>,
    ) -> Result<Problem, BayesError> {
        if argv.is_empty() {
            return Err(BayesError::param(
                "command",
                "is empty; give the program and its arguments",
            ));
        }
        if timeout.is_zero() {
            return Err(BayesError::param("timeout", "must be positive"));
        }
        let name = argv.join(" ");
        Ok(Problem {
            objective: Box::new(CommandObjective {
                argv,
                dim: bounds.dim(),
                timeout,
                workdir,
            }),
            bounds,
            f_star: None,
            name,
        })
    }
}

/// Minimize `problem` by Bayesian optimization with `params`: ask (`params.batch` points at
/// a time), evaluate each point in turn, tell it (journaled), until `params.budget` trials are
/// told or the observer asks to stop. Progress is reported after every evaluation.
pub fn solve(
    problem: &Problem,
    params: &BayesParams,
    observer: &mut dyn Observer,
) -> Result<Report<Vec<f64>>, BayesError> {
    let started = Instant::now();
    if problem.objective.dim() != problem.bounds.dim() {
        return Err(BayesError::param(
            "bounds",
            format!(
                "the objective has {} variables, the box {}",
                problem.objective.dim(),
                problem.bounds.dim()
            ),
        ));
    }
    let mut opt = BayesOpt::new(problem.bounds.clone(), params.clone())?;
    let budget = params.budget;
    observer.on_event(&Event::Started {
        phase: "bayesian optimization",
        total: Some(budget as u64),
    });
    let mut stopped = false;
    'outer: while opt.trials().len() < budget {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let q = params.batch.min(budget - opt.trials().len());
        let points = opt.ask(q)?;
        for x in points {
            if observer.should_stop() {
                stopped = true;
                break 'outer;
            }
            let outcome = problem.objective.evaluate(&x);
            opt.tell_full(&[x], &[outcome], None, None)?;
            let best = opt.best_trial().map(|b| b.2);
            observer.on_event(&Event::Progress(Progress {
                done: opt.trials().len() as u64,
                total: Some(budget as u64),
                incumbent: best,
                bound: None,
            }));
        }
    }
    observer.on_event(&Event::Finished);
    let mut report = opt.report(problem.f_star, started.elapsed().as_secs_f64());
    report.set_detail("problem", &problem.name);
    if stopped {
        report = report.budget_exhausted(format!(
            "stopped by the observer after {} of {budget} evaluations",
            opt.trials().len()
        ));
    }
    Ok(report)
}

/// Minimize the closure `f` over `bounds` with `budget` evaluations and the default
/// parameters (maximin LHS of max(5, 2d) points, squared-exponential ARD GP, log-EI), seeded by `seed`.
/// Non-finite returns are recorded as failed evaluations and kept out of the model.
pub fn minimize<F>(
    f: F,
    bounds: &Bounds,
    budget: usize,
    seed: u64,
) -> Result<Report<Vec<f64>>, BayesError>
where
    F: Fn(&[f64]) -> f64 + Sync + 'static,
{
    let problem = Problem::new(
        Box::new(FnObjective::new(bounds.dim(), f)),
        bounds.clone(),
        "closure",
    );
    let params = BayesParams {
        budget,
        seed,
        ..Default::default()
    };
    solve(&problem, &params, &mut NoObserver)
}

/// Minimize `f(x) = (objective, constraint values)` subject to every constraint ≤ 0, with
/// feasibility-weighted log-EI (digest 25, step 11); `constraints` is the number of
/// constraint values `f` returns (it overrides `params.constraints`). A wrong count or a
/// non-finite constraint value is recorded as a failed evaluation.
pub fn minimize_constrained<F>(
    f: F,
    bounds: &Bounds,
    constraints: usize,
    params: &BayesParams,
) -> Result<Report<Vec<f64>>, BayesError>
where
    F: Fn(&[f64]) -> (f64, Vec<f64>),
{
    let started = Instant::now();
    let params = BayesParams {
        constraints,
        ..params.clone()
    };
    let mut opt = BayesOpt::new(bounds.clone(), params.clone())?;
    while opt.trials().len() < params.budget {
        let q = params.batch.min(params.budget - opt.trials().len());
        for x in opt.ask(q)? {
            let (v, g) = f(&x);
            let outcome = globopt_core::Evaluation::from_value(v);
            let g = if g.len() == constraints && g.iter().all(|c| c.is_finite()) {
                g
            } else {
                // malformed constraint output: the evaluation failed
                opt.tell_full(
                    &[x],
                    &[globopt_core::Evaluation::Failed(format!(
                        "expected {constraints} finite constraint values, got {g:?}"
                    ))],
                    None,
                    None,
                )?;
                continue;
            };
            opt.tell_full(&[x], &[outcome], Some(&[g]), None)?;
        }
    }
    Ok(opt.report(None, started.elapsed().as_secs_f64()))
}
