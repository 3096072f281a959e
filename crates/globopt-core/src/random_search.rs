//! Pure random search: the baseline every global optimizer must beat.
//!
//! Draws a Latin hypercube of `budget` points in the box (one point per stratum of every
//! coordinate) and keeps the best. It proves nothing about the optimum, so its reports never
//! carry a bound; it exists so that demos and benchmarks have an honest floor to compare with.

use crate::bounds::Bounds;
use crate::design::latin_hypercube;
use crate::error::CoreError;
use crate::objective::{Evaluation, Objective, Trial, best_trial};
use crate::observer::{Event, Observer, Progress};
use crate::report::{Report, TracePoint};
use crate::rng::seeded;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Parameters of [`random_search`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RandomSearchParams {
    /// Number of evaluations (default 1000).
    pub budget: usize,
    /// Seed of the design (default 0).
    pub seed: u64,
}

impl Default for RandomSearchParams {
    fn default() -> Self {
        RandomSearchParams {
            budget: 1000,
            seed: 0,
        }
    }
}

impl RandomSearchParams {
    /// Error unless the budget is at least 1.
    pub fn validate(&self) -> Result<(), CoreError> {
        if self.budget == 0 {
            return Err(CoreError::param("budget", "must be at least 1"));
        }
        Ok(())
    }
}

/// The evaluated design of a random search, kept for plots.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RandomSearchSolution {
    /// The best point.
    pub x: Vec<f64>,
    /// Every trial in evaluation order.
    pub trials: Vec<Trial>,
}

/// Minimize `objective` over `bounds` by evaluating a seeded Latin hypercube of
/// `params.budget` points (status `Feasible`, no bound; `BudgetExhausted` when the observer
/// stops it early; `Error` when every evaluation failed).
pub fn random_search(
    objective: &dyn Objective,
    bounds: &Bounds,
    params: &RandomSearchParams,
    observer: &mut dyn Observer,
) -> Result<Report<RandomSearchSolution>, CoreError> {
    params.validate()?;
    if objective.dim() != bounds.dim() {
        return Err(CoreError::DimensionMismatch {
            what: "bounds".into(),
            expected: objective.dim(),
            got: bounds.dim(),
        });
    }
    let started = Instant::now();
    let mut rng = seeded(params.seed);
    let design = latin_hypercube(params.budget, bounds.dim(), &mut rng);
    let mut trials: Vec<Trial> = Vec::with_capacity(params.budget);
    let mut trace = Vec::new();
    let mut best = f64::INFINITY;
    let mut stopped = false;
    observer.on_event(&Event::Started {
        phase: "random search",
        total: Some(params.budget as u64),
    });
    for u in design {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let x = bounds.from_unit(&u);
        let outcome = objective.evaluate(&x);
        if let Evaluation::Value(v) = outcome
            && v < best
        {
            best = v;
            trace.push(TracePoint {
                time_s: started.elapsed().as_secs_f64(),
                evaluations: trials.len() as u64 + 1,
                incumbent: Some(v),
                bound: None,
            });
        }
        trials.push(Trial { x, outcome });
        observer.on_event(&Event::Progress(Progress {
            done: trials.len() as u64,
            total: Some(params.budget as u64),
            incumbent: best.is_finite().then_some(best),
            bound: None,
        }));
    }
    observer.on_event(&Event::Finished);
    let failed = trials
        .iter()
        .filter(|t| t.outcome.value().is_none())
        .count();
    let n = trials.len() as u64;
    let mut report = match best_trial(&trials) {
        Some((i, v)) => {
            let x = trials[i].x.clone();
            Report::feasible("random-search", RandomSearchSolution { x, trials }, v)
        }
        None if stopped => Report::budget_exhausted_without_solution(
            "random-search",
            "stopped before any successful evaluation",
        ),
        None => Report::error("random-search", format!("all {n} evaluations failed")),
    };
    if stopped {
        report = report.budget_exhausted("stopped by the observer before the budget was spent");
    }
    report.trace = trace;
    report.set_detail("method", "random search (baseline, no bound)");
    report.set_detail("failed_evaluations", failed);
    Ok(report.with_evaluations(n).timed(started))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objective::{FnObjective, TestObjective};
    use crate::observer::{NoObserver, Recorder};
    use crate::status::Status;
    use crate::testfn::single_objective;

    #[test]
    fn finds_a_good_branin_point_and_is_reproducible() {
        let f = single_objective("branin").unwrap();
        let b = f.bounds();
        let obj = TestObjective(f);
        let p = RandomSearchParams {
            budget: 2000,
            seed: 4,
        };
        let r1 = random_search(&obj, &b, &p, &mut NoObserver).unwrap();
        let r2 = random_search(&obj, &b, &p, &mut NoObserver).unwrap();
        assert_eq!(r1.objective(), r2.objective());
        assert_eq!(r1.status(), Status::Feasible);
        assert!(r1.bound().is_none());
        // 2000 stratified points land within 0.2 of f* = 0.3979 on Branin (range 0.4 to 308)
        let v = r1.objective().unwrap();
        assert!(v > 0.397887 && v < 0.6, "{v}");
        // the trace is monotone
        assert!(r1.trace.windows(2).all(|w| w[1].incumbent < w[0].incumbent));
    }

    #[test]
    fn failures_are_counted_and_cancellation_returns_best_so_far() {
        let obj = FnObjective::new(1, |x: &[f64]| if x[0] < 0.5 { f64::NAN } else { x[0] });
        let b = Bounds::unit(1);
        let r = random_search(
            &obj,
            &b,
            &RandomSearchParams {
                budget: 100,
                seed: 1,
            },
            &mut NoObserver,
        )
        .unwrap();
        assert_eq!(r.detail("failed_evaluations").unwrap(), 50);
        assert!(r.objective().unwrap() >= 0.5);
        let mut rec = Recorder {
            stop_after: Some(10),
            ..Default::default()
        };
        let r = random_search(
            &obj,
            &b,
            &RandomSearchParams {
                budget: 100,
                seed: 1,
            },
            &mut rec,
        )
        .unwrap();
        assert_eq!(r.evaluations, 10);
        assert!(matches!(r.status(), Status::BudgetExhausted));
        let all_fail = FnObjective::new(1, |_: &[f64]| f64::INFINITY);
        let r = random_search(
            &all_fail,
            &b,
            &RandomSearchParams { budget: 5, seed: 1 },
            &mut NoObserver,
        )
        .unwrap();
        assert_eq!(r.status(), Status::Error);
        assert!(
            random_search(
                &all_fail,
                &b,
                &RandomSearchParams { budget: 0, seed: 1 },
                &mut NoObserver
            )
            .is_err()
        );
    }
}
