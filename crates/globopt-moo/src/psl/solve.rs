//! The closure and problem interfaces of SVH-PSL and its report (shared digest 21,
//! "What to build" and "Report").

use super::optimizer::{IterationTiming, MooTrial, MultiEvaluation, SvhPsl};
use super::params::PslParams;
use crate::error::MooError;
use crate::problems::{MetricConvention, metric_convention};
use globopt_core::pareto::outside_reference;
use globopt_core::testfn::MultiObjective;
use globopt_core::{Bounds, Event, Observer, Progress, Report, TracePoint};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// The hypervolume of the first `evaluations` evaluated points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HvPoint {
    /// Evaluations so far (the point of this evaluation included).
    pub evaluations: usize,
    /// Hypervolume of the successful points so far at the report's reference.
    pub hypervolume: f64,
    /// `ln max(HV* − HV, 1e-14)` against the discrete reference front, when known.
    pub lhd: Option<f64>,
    /// The same against the continuous front, when known.
    pub lhd_continuous: Option<f64>,
}

/// What an SVH-PSL run returns besides the certificate fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PslSolution {
    /// Every evaluated point with its objective vector (or failure), in order.
    pub trials: Vec<MooTrial>,
    /// Indices of the non-dominated successful trials.
    pub nondominated: Vec<usize>,
    /// The last model's designs at `100·M` evenly spread preferences.
    pub predicted_set: Vec<Vec<f64>>,
    /// Their LCB vectors: the predicted front (objective units).
    pub predicted_front: Vec<Vec<f64>>,
    /// Hypervolume (and LHD) after every evaluation.
    pub history: Vec<HvPoint>,
}

/// Minimize the objective vector `f(x)` (n_obj values) over `bounds` with SVH-PSL. The
/// reported hypervolume uses `params.reference`, or the initial design's worst value plus
/// 10% of its range per objective.
pub fn minimize_multi<F>(
    f: F,
    bounds: &Bounds,
    n_obj: usize,
    params: &PslParams,
    observer: &mut dyn Observer,
) -> Result<Report<PslSolution>, MooError>
where
    F: Fn(&[f64]) -> Vec<f64> + Sync,
{
    let eval = |x: &[f64]| MultiEvaluation::from_values(f(x), n_obj);
    run(&eval, bounds, n_obj, params, None, "closure", observer)
}

/// Run SVH-PSL on a test problem, scored by its metric convention (normalization, reference
/// 1.1 per objective, HV* and the log hypervolume difference), unless `params.reference`
/// overrides the reference.
pub fn solve(
    problem: &dyn MultiObjective,
    params: &PslParams,
    observer: &mut dyn Observer,
) -> Result<Report<PslSolution>, MooError> {
    let m = problem.n_obj();
    let eval = |x: &[f64]| MultiEvaluation::from_values(problem.eval(x), m);
    let convention = metric_convention(problem);
    run(
        &eval,
        &problem.bounds(),
        m,
        params,
        Some(convention),
        &problem.name(),
        observer,
    )
}

/// The optimization loop: ask, evaluate the batch in parallel (results in order), tell, and
/// record the hypervolume after every evaluation, until the budget is spent or the observer
/// stops it.
pub fn run(
    eval: &(dyn Fn(&[f64]) -> MultiEvaluation + Sync),
    bounds: &Bounds,
    n_obj: usize,
    params: &PslParams,
    convention: Option<MetricConvention>,
    problem_name: &str,
    observer: &mut dyn Observer,
) -> Result<Report<PslSolution>, MooError> {
    let started = Instant::now();
    let mut opt = SvhPsl::new(bounds, n_obj, params)?;
    if let Some(r) = &params.reference
        && r.len() != n_obj
    {
        return Err(MooError::invalid(
            "reference",
            format!("has {} values for {n_obj} objectives", r.len()),
        ));
    }
    let budget = params.budget();
    observer.on_event(&Event::Started {
        phase: "SVH-PSL",
        total: Some(budget as u64),
    });
    let mut convention = convention;
    if let (Some(c), Some(r)) = (convention.as_mut(), &params.reference) {
        c.reference = c.normalized(r);
        c.hv_star = None;
        c.hv_star_continuous = None;
    }
    let mut history: Vec<HvPoint> = Vec::new();
    let mut trace: Vec<TracePoint> = Vec::new();
    let mut stopped = false;
    let mut last_emit = Instant::now();
    while opt.trials().len() < budget {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let q = if opt.trials().len() < params.n_init {
            params.n_init - opt.trials().len()
        } else {
            params.batch.min(budget - opt.trials().len())
        };
        let done = opt.trials().len() as u64;
        let incumbent = history.last().map(|h| -h.hypervolume);
        let mut stop = |_step: usize| {
            if last_emit.elapsed() >= Duration::from_millis(100) {
                observer.on_event(&Event::Progress(Progress {
                    done,
                    total: Some(budget as u64),
                    incumbent,
                    bound: None,
                }));
                last_emit = Instant::now();
            }
            observer.should_stop()
        };
        let xs = opt.ask_with(q, &mut stop)?;
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let outcomes: Vec<MultiEvaluation> = xs.par_iter().map(|x| eval(x)).collect();
        opt.tell(&xs, &outcomes)?;
        if convention.is_none() && opt.trials().len() >= params.n_init {
            convention = Some(automatic_convention(&opt, params, n_obj)?);
        }
        if let Some(c) = &convention {
            record_history(&opt, c, &mut history)?;
        }
        let hv = history.last().map(|h| h.hypervolume);
        trace.push(TracePoint {
            time_s: started.elapsed().as_secs_f64(),
            evaluations: opt.trials().len() as u64,
            incumbent: hv.map(|v| -v),
            bound: None,
        });
        observer.on_event(&Event::Progress(Progress {
            done: opt.trials().len() as u64,
            total: Some(budget as u64),
            incumbent: hv.map(|v| -v),
            bound: None,
        }));
        last_emit = Instant::now();
    }
    observer.on_event(&Event::Finished);
    report(
        opt,
        convention,
        history,
        trace,
        stopped,
        problem_name,
        started,
    )
}

/// The convention of a problem without one: raw objectives, `params.reference` or the
/// initial design's worst value plus 10% of its range, no HV*.
fn automatic_convention(
    opt: &SvhPsl,
    params: &PslParams,
    n_obj: usize,
) -> Result<MetricConvention, MooError> {
    let ys: Vec<&[f64]> = opt
        .trials()
        .iter()
        .filter_map(|t| t.outcome.values())
        .collect();
    let reference = match &params.reference {
        Some(r) => r.clone(),
        None => {
            if ys.is_empty() {
                return Err(MooError::invalid(
                    "initial design",
                    format!("all {} evaluations failed", opt.trials().len()),
                ));
            }
            (0..n_obj)
                .map(|j| {
                    let lo = ys.iter().map(|y| y[j]).fold(f64::INFINITY, f64::min);
                    let hi = ys.iter().map(|y| y[j]).fold(f64::NEG_INFINITY, f64::max);
                    hi + 0.1 * if hi > lo { hi - lo } else { 1.0 }
                })
                .collect()
        }
    };
    Ok(MetricConvention {
        normalization: None,
        reference,
        hv_star: None,
        hv_star_continuous: None,
    })
}

/// Append the hypervolume after each trial not yet in the history.
fn record_history(
    opt: &SvhPsl,
    c: &MetricConvention,
    history: &mut Vec<HvPoint>,
) -> Result<(), MooError> {
    let trials = opt.trials();
    for t in history.len() + 1..=trials.len() {
        let ys: Vec<Vec<f64>> = trials[..t]
            .iter()
            .filter_map(|tr| tr.outcome.values().map(<[f64]>::to_vec))
            .collect();
        let hv = c.hypervolume(&ys)?;
        history.push(HvPoint {
            evaluations: t,
            hypervolume: hv,
            lhd: c
                .hv_star
                .map(|s| MetricConvention::log_hv_difference(s, hv)),
            lhd_continuous: c
                .hv_star_continuous
                .map(|s| MetricConvention::log_hv_difference(s, hv)),
        });
    }
    Ok(())
}

fn report(
    opt: SvhPsl,
    convention: Option<MetricConvention>,
    history: Vec<HvPoint>,
    trace: Vec<TracePoint>,
    stopped: bool,
    problem_name: &str,
    started: Instant,
) -> Result<Report<PslSolution>, MooError> {
    let n = opt.trials().len();
    let failed = opt
        .trials()
        .iter()
        .filter(|t| t.outcome.values().is_none())
        .count();
    let predicted = opt.predicted_front()?;
    let nondominated = opt.nondominated();
    let last = history.last().copied();
    let timings: Vec<IterationTiming> = opt.timings().to_vec();
    let outside = match &convention {
        Some(c) => {
            let z: Vec<Vec<f64>> = nondominated
                .iter()
                .filter_map(|&i| opt.trials()[i].outcome.values().map(|v| c.normalized(v)))
                .collect();
            outside_reference(&z, &c.reference)?
        }
        None => 0,
    };
    let solution = PslSolution {
        trials: opt.trials().to_vec(),
        nondominated,
        predicted_set: predicted.designs,
        predicted_front: predicted.objectives,
        history,
    };
    let mut report = match last {
        Some(h) if n > failed => Report::feasible("psl", solution, -h.hypervolume),
        _ if stopped => Report::budget_exhausted_without_solution(
            "psl",
            "stopped before any successful evaluation",
        ),
        _ => {
            return Ok(Report::error("psl", format!("all {n} evaluations failed"))
                .with_evaluations(n as u64)
                .timed(started));
        }
    };
    report = report.budget_exhausted(if stopped {
        "stopped by the observer before the budget was spent".to_string()
    } else {
        format!("the evaluation budget of {n} was spent; SVH-PSL proves no bound")
    });
    report.trace = trace;
    report.set_detail("method", "SVH-PSL: GP surrogates, LCB, preference-conditioned MLP trained by Stein variational gradient descent, batches by hypervolume improvement");
    report.set_detail("certificate", "none: Pareto set learning proves no bound; the hypervolume gap to a known front is a diagnostic");
    report.set_detail("problem", problem_name);
    report.set_detail("n_obj", opt.n_obj());
    report.set_detail(
        "objective_meaning",
        "negated hypervolume of the evaluated points at `reference`",
    );
    if let Some(h) = last {
        report.set_detail("hypervolume", h.hypervolume);
        report.set_detail("lhd", h.lhd);
        report.set_detail("lhd_continuous", h.lhd_continuous);
    }
    if let Some(c) = &convention {
        report.set_detail("reference", &c.reference);
        report.set_detail(
            "normalization",
            c.normalization
                .as_ref()
                .map(|(lo, hi)| serde_json::json!({"ideal": lo, "nadir": hi})),
        );
        report.set_detail("hv_star", c.hv_star);
        report.set_detail("hv_star_continuous", c.hv_star_continuous);
    }
    report.set_detail(
        "lhd_convention",
        "LHD at evaluation t is ln max(HV* − HV(y_1..y_t), 1e-14), point t included",
    );
    report.set_detail("nondominated_outside_reference", outside);
    report.set_detail("failed_evaluations", failed);
    report.set_detail("iterations", &timings);
    report.set_detail("params", opt.params());
    Ok(report.with_evaluations(n as u64).timed(started))
}
