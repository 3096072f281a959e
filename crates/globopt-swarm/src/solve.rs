//! The drivers: [`solve`] (any [`Objective`], runs in parallel, observer for progress and
//! cancellation), [`minimize`] (a closure, the digest's `minimize(f, &init_box, options)`),
//! [`minimize_batch`] (a vectorized objective called once per round), and the report they all
//! return (shared digest 10, "Report").

use crate::cbo::Cbo;
use crate::error::SwarmError;
use crate::params::{Boundary, CboParams};
use crate::problem::Problem;
use crate::solution::{CboSolution, RunResult, StopReason, SuccessStats, quartiles};
use globopt_core::observer::{Event, NoObserver, Observer, Progress};
use globopt_core::{Bounds, FnObjective, Objective, Report, TracePoint};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The report's kind.
pub const KIND: &str = "cbo";

/// What CBO certifies: nothing; the success rate over runs is its evidence.
pub const CERTIFICATE: &str = "none: heuristic; success rate over runs reported";

/// Wall-clock marks of a solve: after each chunk of steps, the largest iteration reached and
/// the seconds since the start. Trace points take the time of the chunk that produced them.
struct Clock {
    started: Instant,
    marks: Vec<(u64, f64)>,
    last_event: Instant,
}

impl Clock {
    fn new() -> Clock {
        let now = Instant::now();
        Clock {
            started: now,
            marks: Vec::new(),
            last_event: now,
        }
    }

    fn mark(&mut self, cbo: &Cbo) {
        self.marks
            .push((cbo.iteration(), self.started.elapsed().as_secs_f64()));
    }

    fn time_of(&self, iteration: u64) -> f64 {
        let k = self.marks.partition_point(|&(t, _)| t < iteration);
        self.marks
            .get(k)
            .map_or_else(|| self.started.elapsed().as_secs_f64(), |m| m.1)
    }

    /// Send a progress event when 100 ms passed since the last one (or when `force`).
    fn progress(&mut self, cbo: &Cbo, observer: &mut dyn Observer, force: bool) {
        if force || self.last_event.elapsed() >= Duration::from_millis(100) {
            observer.on_event(&Event::Progress(Progress {
                done: cbo.evaluations(),
                total: Some(cbo.params().planned_evaluations()),
                incumbent: cbo.best_value(),
                bound: None,
            }));
            self.last_event = Instant::now();
        }
    }
}

/// Minimize `objective` with consensus-based optimization: `params.runs` independent runs,
/// advanced in parallel with rayon in chunks of steps sized to about 50 ms, with a progress
/// event at least every 100 ms and the observer's stop request honoured between chunks (the
/// report then holds the best so far with status `BudgetExhausted`).
///
/// Errors (before any evaluation) on invalid parameters or problem, or when the objective's
/// dimension differs from the problem's. The answer is the best particle ever evaluated.
pub fn solve(
    objective: &dyn Objective,
    problem: &Problem,
    params: &CboParams,
    observer: &mut dyn Observer,
) -> Result<Report<CboSolution>, SwarmError> {
    if objective.dim() != problem.dim() {
        return Err(SwarmError::dim("objective", problem.dim(), objective.dim()));
    }
    let mut clock = Clock::new();
    let mut cbo = Cbo::new(problem.clone(), params.clone())?;
    observer.on_event(&Event::Started {
        phase: "consensus-based optimization",
        total: Some(params.planned_evaluations()),
    });
    let mut steps = 1u64;
    let mut stopped = false;
    while !cbo.is_finished() {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let chunk = Instant::now();
        cbo.run_steps(objective, steps)?;
        clock.mark(&cbo);
        let took = chunk.elapsed();
        if took < Duration::from_millis(25) {
            steps = (steps * 2).min(1 << 16);
        } else if took > Duration::from_millis(100) && steps > 1 {
            steps /= 2;
        }
        clock.progress(&cbo, observer, false);
    }
    clock.progress(&cbo, observer, true);
    observer.on_event(&Event::Finished);
    Ok(build_report(&cbo, &clock, stopped))
}

/// Minimize a closure `f: ℝ^d → ℝ` (d = `init_box.dim()`) from particles drawn in `init_box`,
/// with no domain and no known optimum (shared digest 10, `minimize(f, &init_box, options)`).
/// Non-finite values count as failed evaluations and get no weight.
pub fn minimize<F: Fn(&[f64]) -> f64 + Sync>(
    f: F,
    init_box: &Bounds,
    params: &CboParams,
) -> Result<Report<CboSolution>, SwarmError> {
    let objective = FnObjective::new(init_box.dim(), f);
    solve(
        &objective,
        &Problem::new(init_box.clone()),
        params,
        &mut NoObserver,
    )
}

/// Minimize a vectorized objective: `f_batch` receives every point of a round (all active
/// runs' pending points, in run order) and returns their values in the same order. Gives the
/// same result as [`solve`] with the same function; errors if `f_batch` returns the wrong
/// number of values.
pub fn minimize_batch<F: FnMut(&[Vec<f64>]) -> Vec<f64>>(
    mut f_batch: F,
    problem: &Problem,
    params: &CboParams,
    observer: &mut dyn Observer,
) -> Result<Report<CboSolution>, SwarmError> {
    let mut clock = Clock::new();
    let mut cbo = Cbo::new(problem.clone(), params.clone())?;
    observer.on_event(&Event::Started {
        phase: "consensus-based optimization",
        total: Some(params.planned_evaluations()),
    });
    let mut stopped = false;
    while !cbo.is_finished() {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let points = cbo.round_points();
        let values = f_batch(&points);
        if values.len() != points.len() {
            return Err(SwarmError::AskTell {
                call: "f_batch",
                message: format!(
                    "returned {} values for {} points",
                    values.len(),
                    points.len()
                ),
            });
        }
        cbo.tell_round(&values)?;
        clock.mark(&cbo);
        clock.progress(&cbo, observer, false);
    }
    clock.progress(&cbo, observer, true);
    observer.on_event(&Event::Finished);
    Ok(build_report(&cbo, &clock, stopped))
}

impl Cbo {
    /// The report of the runs so far (for ask/tell users; its trace carries no timing).
    /// Status `BudgetExhausted` while runs are still active.
    pub fn report(&self) -> Report<CboSolution> {
        let clock = Clock::new();
        build_report(self, &clock, !self.is_finished())
    }
}

fn stop_name(s: Option<StopReason>) -> &'static str {
    match s {
        Some(StopReason::Iterations) => "iterations",
        Some(StopReason::Evaluations) => "evaluations",
        Some(StopReason::EnergyTolerance) => "energy_tol",
        Some(StopReason::Spread) => "spread_tol",
        None => "interrupted",
    }
}

/// Assemble the report: best particle over runs, per-run results, success statistics, trace,
/// status (`BudgetExhausted` when the best run spent its budget or the solve was interrupted,
/// `Feasible` when a stopping rule fired), no bound.
fn build_report(cbo: &Cbo, clock: &Clock, interrupted: bool) -> Report<CboSolution> {
    let (params, problem) = (cbo.params(), cbo.problem());
    let runs = cbo.runs();
    let results: Vec<RunResult> = runs
        .iter()
        .map(|r| {
            let dist = r
                .best_x
                .as_ref()
                .and_then(|x| problem.distance_to_optimum(x));
            RunResult {
                run: r.index,
                x: r.best_x.clone(),
                f: r.best_f,
                consensus: r.consensus.clone(),
                iterations: r.iteration,
                evaluations: r.evaluations,
                failed_evaluations: r.failed,
                steps_without_consensus: r.without_consensus,
                stop: r.stop,
                alpha: r.alpha,
                distance_to_optimum: dist,
                success: if problem.x_star.is_empty() {
                    None
                } else {
                    Some(dist.is_some_and(|d| d < params.success_tol))
                },
            }
        })
        .collect();
    let evaluations: u64 = results.iter().map(|r| r.evaluations).sum();
    let failed: u64 = results.iter().map(|r| r.failed_evaluations).sum();
    let without: u64 = results.iter().map(|r| r.steps_without_consensus).sum();
    let success = (!problem.x_star.is_empty()).then(|| {
        let successes = results.iter().filter(|r| r.success == Some(true)).count();
        SuccessStats {
            runs: results.len(),
            successes,
            success_rate: successes as f64 / results.len() as f64,
            tolerance: params.success_tol,
        }
    });
    let bests: Vec<f64> = results.iter().filter_map(|r| r.f).collect();
    let best_f_quartiles = quartiles(&bests);
    let best_run = results
        .iter()
        .filter_map(|r| r.f.map(|f| (r.run, f)))
        .reduce(|a, b| if b.1 < a.1 { b } else { a });
    let mut stops: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &results {
        *stops.entry(stop_name(r.stop)).or_default() += 1;
    }

    let mut report = match best_run {
        Some((b, f)) => {
            let mut history: Vec<_> = runs.iter().map(|r| r.history.clone()).collect();
            for (m, h) in history.iter_mut().enumerate() {
                if m != b {
                    h.consensus.clear();
                }
            }
            let solution = CboSolution {
                // the best run has a best point, since it has a best value
                x: results[b].x.clone().unwrap_or_default(),
                best_run: b,
                consensus: runs[b].consensus.clone(),
                runs: results.clone(),
                success: success.clone(),
                best_f_quartiles,
                history,
                snapshots: runs[0].snapshots.clone(),
            };
            let report = Report::feasible(KIND, solution, f);
            match (interrupted, runs[b].stop) {
                (true, _) | (false, None) => report.budget_exhausted(format!(
                    "stopped before the runs finished, after {} iterations",
                    cbo.iteration()
                )),
                (false, Some(StopReason::Iterations)) => report.budget_exhausted(format!(
                    "iteration budget spent ({} per run)",
                    params.iterations
                )),
                (false, Some(StopReason::Evaluations)) => report.budget_exhausted(format!(
                    "evaluation budget reached ({} per run)",
                    params.max_evaluations.unwrap_or(0)
                )),
                (false, Some(reason)) => {
                    report.with_message(format!("run {b} stopped by {}", stop_name(Some(reason))))
                }
            }
        }
        None if interrupted => {
            Report::budget_exhausted_without_solution(KIND, "stopped before any finite evaluation")
        }
        None => Report::error(
            KIND,
            format!("all {evaluations} evaluations failed or returned non-finite values"),
        ),
    };

    if let (Some(s), Some(msg)) = (&success, report.message.clone()) {
        report.message = Some(format!(
            "{msg}; {} of {} runs ended within {} of a known minimizer (∞-norm)",
            s.successes, s.runs, s.tolerance
        ));
    }
    let mut sample_its: Vec<u64> = runs
        .iter()
        .flat_map(|r| r.history.iteration.iter().copied())
        .collect();
    sample_its.sort_unstable();
    sample_its.dedup();
    report.trace = sample_its
        .into_iter()
        .map(|t| {
            let (mut evals, mut best) = (0u64, None::<f64>);
            for r in runs {
                if let Some(i) = r.history.index_at(t) {
                    evals += r.history.evaluations[i];
                    if let Some(f) = r.history.best_f[i] {
                        best = Some(best.map_or(f, |b| b.min(f)));
                    }
                }
            }
            TracePoint {
                time_s: clock.time_of(t),
                evaluations: evals,
                incumbent: best,
                bound: None,
            }
        })
        .collect();

    if failed > 0 {
        report.warnings.push(format!(
            "{failed} of {evaluations} evaluations failed or were non-finite; they were excluded from the consensus"
        ));
    }
    if without > 0 {
        report.warnings.push(format!(
            "{without} steps had no finite energy; those steps kept the previous consensus"
        ));
    }
    if params.boundary == Boundary::Clip {
        report.warnings.push(
            "boundary = clip piles particles on the faces of the domain and changes the dynamics; reflect keeps the spread".into(),
        );
    }
    report.set_detail("method", params.describe());
    report.set_detail("certificate", CERTIFICATE);
    report.set_detail("runs", params.runs);
    report.set_detail("alpha_schedule", params.alpha_schedule.describe());
    report.set_detail("boundary", params.boundary);
    report.set_detail("init_box", &problem.init_box);
    report.set_detail("failed_evaluations", failed);
    report.set_detail("steps_without_consensus", without);
    report.set_detail("stop_reasons", &stops);
    if let Some((b, _)) = best_run {
        report.set_detail("best_run", b);
    }
    if let Some(q) = best_f_quartiles {
        report.set_detail("median_best_f", q.median);
    }
    if let Some(s) = &success {
        report.set_detail("success_rate", s.success_rate);
        report.set_detail("successes", s.successes);
        report.set_detail("success_tol", s.tolerance);
    }
    report.elapsed_s = clock.started.elapsed().as_secs_f64();
    report.with_evaluations(evaluations)
}
