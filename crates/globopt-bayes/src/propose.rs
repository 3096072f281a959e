//! The solver step (digest 25, algorithm steps 3–13): fit the GP (warm-started), condition it
//! on pending points, build the acquisition and maximize it, q times for a batch.

use crate::acquisition::{
    Acquisition, ContinuousKgSettings, DiscreteKnowledgeGradient, ExpectedImprovement,
    LogExpectedImprovement, LowerConfidenceBound, MaxValueEntropySearch, NoisyExpectedImprovement,
    ProbabilityOfImprovement, QExpectedImprovement, WithFeasibility, continuous_knowledge_gradient,
};
use crate::config::{AcquisitionKind, BatchStrategy, BayesParams};
use crate::error::BayesError;
use crate::gp::{Gp, Hyperparameters};
use crate::journal::TrialRecord;
use crate::search::maximize_acquisition;
use globopt_core::Bounds;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// How one asked point was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalInfo {
    /// `"design"` (initial design), `"random"` (no successful data yet, or a failed fit), or
    /// the acquisition's name.
    pub source: String,
    /// The acquisition value at the point (absent for design and random points).
    pub acquisition_value: Option<f64>,
    /// Seconds spent fitting the GP(s) for this ask.
    pub fit_s: f64,
    /// Seconds spent maximizing the acquisition for this point.
    pub search_s: f64,
    /// Fitted length scales (caller's units), when a model proposed the point.
    pub lengthscales: Option<Vec<f64>>,
}

/// What a model-based ask returns.
pub(crate) struct Proposal {
    pub points: Vec<Vec<f64>>,
    pub info: Vec<ProposalInfo>,
    pub hyper: Option<Hyperparameters>,
    pub constraint_hypers: Vec<Option<Hyperparameters>>,
    pub model: Option<Gp>,
    pub warnings: Vec<String>,
}

/// SplitMix64 of (seed, a, b): a per-ask seed that does not depend on the thread count.
pub(crate) fn mix_seed(seed: u64, a: u64, b: u64) -> u64 {
    let mut z = seed
        .wrapping_add(a.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(b.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether a trial counts as feasible (no constraints, or all g_j ≤ 0).
pub(crate) fn feasible(t: &TrialRecord) -> bool {
    t.constraints.iter().all(|g| *g <= 0.0)
}

/// Fit the GP of a run: every kernel family of `params.kernel` (warm-started from `warm`),
/// keeping the fit of largest log marginal likelihood (plus log prior under MAP).
pub fn fit_model(
    xs: &[Vec<f64>],
    ys: &[f64],
    noise: &[f64],
    bounds: &Bounds,
    params: &BayesParams,
    seed: u64,
    warm: Option<&Hyperparameters>,
) -> Result<Gp, BayesError> {
    let mut best: Option<Gp> = None;
    let mut last_err = None;
    for kernel in params.kernel.candidates() {
        match Gp::fit_with_noise(
            xs,
            ys,
            Some(noise),
            bounds,
            &params.gp_config(kernel, seed),
            warm,
        ) {
            Ok(gp) => {
                if best
                    .as_ref()
                    .is_none_or(|b| gp.fit_info().log_posterior > b.fit_info().log_posterior)
                {
                    best = Some(gp);
                }
            }
            Err(e) => last_err = Some(e),
        }
    }
    match (best, last_err) {
        (Some(gp), _) => Ok(gp),
        (None, Some(e)) => Err(e),
        (None, None) => Err(BayesError::param("kernel", "no kernel to fit")),
    }
}

/// The state a proposal reads.
pub(crate) struct Context<'a> {
    pub bounds: &'a Bounds,
    pub params: &'a BayesParams,
    pub trials: &'a [TrialRecord],
    pub pending: &'a [Vec<f64>],
    pub warm: Option<&'a Hyperparameters>,
    pub constraint_warm: &'a [Option<Hyperparameters>],
}

fn boxed<'a, A: Acquisition + 'a>(a: A) -> Box<dyn Acquisition + 'a> {
    Box::new(a)
}

/// Fit the GP(s) and propose `q` points by the configured acquisition and batch strategy.
pub(crate) fn propose(ctx: &Context<'_>, q: usize) -> Result<Proposal, BayesError> {
    let p = ctx.params;
    let ok: Vec<&TrialRecord> = ctx
        .trials
        .iter()
        .filter(|t| t.outcome.value().is_some())
        .collect();
    let xs: Vec<Vec<f64>> = ok.iter().map(|t| t.x.clone()).collect();
    let ys: Vec<f64> = ok.iter().filter_map(|t| t.outcome.value()).collect();
    let noise: Vec<f64> = ok
        .iter()
        .map(|t| t.noise.or(p.noise).unwrap_or(0.0))
        .collect();
    let seed = mix_seed(p.seed, ctx.trials.len() as u64, ctx.pending.len() as u64);
    let fit_started = Instant::now();
    let gp = fit_model(&xs, &ys, &noise, ctx.bounds, p, seed, ctx.warm)?;
    let mut constraint_gps = Vec::with_capacity(p.constraints);
    for j in 0..p.constraints {
        let gy: Vec<f64> = ok
            .iter()
            .map(|t| t.constraints.get(j).copied().unwrap_or(f64::NAN))
            .collect();
        let warm = ctx.constraint_warm.get(j).and_then(|h| h.as_ref());
        let gz = vec![0.0; gy.len()];
        constraint_gps.push(fit_model(
            &xs,
            &gy,
            &gz,
            ctx.bounds,
            p,
            seed ^ (j as u64 + 1),
            warm,
        )?);
    }
    let fit_s = fit_started.elapsed().as_secs_f64();
    let mut warnings = Vec::new();
    if p.fit_noise {
        let lambda2 = gp.hyperparameters().log_noise_variance.exp();
        if lambda2 > 0.5 {
            warnings.push(format!(
                "fitted noise variance {lambda2:.3} (standardized units) exceeds 0.5: the model explains most of the data as noise"
            ));
        }
    }
    let lengthscales: Vec<f64> = gp
        .hyperparameters()
        .log_lengthscales
        .iter()
        .zip(ctx.bounds.widths())
        .map(|(l, w)| l.exp() * w)
        .collect();
    let hyper = Some(gp.hyperparameters().clone());
    let constraint_hypers = constraint_gps
        .iter()
        .map(|g| Some(g.hyperparameters().clone()))
        .collect();
    let kind = p.resolved_acquisition();

    // pending points enter as Kriging-believer fantasies (q-EI holds them in its batch)
    let qei = p.batch_strategy == BatchStrategy::Qei && (q > 1 || !ctx.pending.is_empty());
    let mut model = gp.clone();
    if !qei {
        for x in ctx.pending {
            let m = model.predict(x).0;
            model = model.condition_on(x, m)?;
        }
    }
    let incumbent_order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..ok.len()).filter(|&i| feasible(ok[i])).collect();
        idx.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
        idx
    };
    let starts: Vec<Vec<f64>> = incumbent_order
        .iter()
        .take(5)
        .map(|&i| xs[i].clone())
        .collect();
    let best_feasible = incumbent_order.first().map(|&i| ys[i]);
    let lie = match p.batch_strategy {
        BatchStrategy::ClMin => ys.iter().cloned().fold(f64::INFINITY, f64::min),
        BatchStrategy::ClMax => ys.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        _ => ys.iter().sum::<f64>() / ys.len() as f64,
    };
    let mut evaluated: Vec<Vec<f64>> = ctx.trials.iter().map(|t| t.x.clone()).collect();
    evaluated.extend(ctx.pending.iter().cloned());

    let mut points = Vec::with_capacity(q);
    let mut info = Vec::with_capacity(q);
    for k in 0..q {
        let search_started = Instant::now();
        let kseed = mix_seed(seed, 17, k as u64);
        let settings = p.search_settings(kseed);
        let best_now = model
            .outputs()
            .iter()
            .cloned()
            .fold(f64::INFINITY, f64::min);
        let (x, value, name) = if qei {
            let mut batch: Vec<Vec<f64>> = ctx.pending.to_vec();
            batch.extend(points.iter().cloned());
            let best = best_feasible.unwrap_or(best_now);
            let acq = QExpectedImprovement::new(&model, best, batch, p.qei_samples, kseed, true);
            let r = maximize_acquisition(&acq, ctx.bounds, &settings, &starts, &evaluated);
            (r.x, r.value, acq.name())
        } else if p.constraints > 0 {
            let acq = WithFeasibility::new(&model, best_feasible, &constraint_gps);
            let r = maximize_acquisition(&acq, ctx.bounds, &settings, &starts, &evaluated);
            (r.x, r.value, acq.name())
        } else if kind == AcquisitionKind::KgContinuous {
            let s = ContinuousKgSettings {
                seed: kseed,
                ..Default::default()
            };
            let (x, v) = continuous_knowledge_gradient(&model, &s);
            (x, v, "knowledge_gradient_continuous")
        } else {
            let acq: Box<dyn Acquisition + '_> = match kind {
                AcquisitionKind::Ei => boxed(ExpectedImprovement::new(&model, best_now)),
                AcquisitionKind::NoisyEi => boxed(NoisyExpectedImprovement::new(&model)),
                AcquisitionKind::Kg => {
                    boxed(DiscreteKnowledgeGradient::new(&model, p.kg_points, kseed))
                }
                AcquisitionKind::Mes => boxed(MaxValueEntropySearch::new(
                    &model,
                    p.mes_samples,
                    1000,
                    kseed,
                )?),
                AcquisitionKind::Ucb => boxed(LowerConfidenceBound::new(&model, p.kappa)),
                AcquisitionKind::Pi => boxed(ProbabilityOfImprovement::new(&model, best_now)),
                _ => boxed(LogExpectedImprovement::new(&model, best_now)),
            };
            let r = maximize_acquisition(acq.as_ref(), ctx.bounds, &settings, &starts, &evaluated);
            (r.x, r.value, acq.name())
        };
        info.push(ProposalInfo {
            source: name.to_string(),
            acquisition_value: value.is_finite().then_some(value),
            fit_s: if k == 0 { fit_s } else { 0.0 },
            search_s: search_started.elapsed().as_secs_f64(),
            lengthscales: Some(lengthscales.clone()),
        });
        if k + 1 < q && !qei {
            let y = match p.batch_strategy {
                BatchStrategy::Kb | BatchStrategy::Qei => model.predict(&x).0,
                _ => lie,
            };
            model = model.condition_on(&x, y)?;
        }
        evaluated.push(x.clone());
        points.push(x);
    }
    Ok(Proposal {
        points,
        info,
        hyper,
        constraint_hypers,
        model: Some(gp),
        warnings,
    })
}
