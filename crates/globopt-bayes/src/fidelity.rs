//! Multi-fidelity / multi-information-source optimization with a cost per source (digest 25,
//! step 12; Frazier 2018, section 5): one GP over (x, s) ∈ box × [0, 1] with s = 1 the
//! target, each step picks the (x, source) of largest knowledge gradient about the target
//! per unit cost, until the cost budget is spent. EI and PI are refused here: a cheap
//! observation never improves the target incumbent.

use crate::acquisition::MultiFidelityKnowledgeGradient;
use crate::config::{AcquisitionKind, BayesParams, KernelChoice};
use crate::error::BayesError;
use crate::propose::{fit_model, mix_seed};
use crate::search::maximize_acquisition;
use globopt_core::design::{latin_hypercube, maximin_latin_hypercube};
use globopt_core::rng::substream;
use globopt_core::{Bounds, Evaluation, Event, Observer, Progress, Report, TracePoint};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// An information source: its fidelity s ∈ [0, 1] (1 = the target) and its cost per
/// evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Fidelity coordinate s (1 is the objective itself).
    pub fidelity: f64,
    /// Cost of one evaluation (> 0, any unit).
    pub cost: f64,
}

/// Parameters of [`minimize_multi_fidelity`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MultiFidelityParams {
    /// Latin-hypercube points evaluated at every source first (default max(4, d + 1)).
    pub initial: Option<usize>,
    /// Total cost to spend, initial design included (default 50).
    pub cost_budget: f64,
    /// Acquisition: only `kg` (the default) is accepted; EI and PI are refused.
    pub acquisition: AcquisitionKind,
    /// Target-fidelity reference points of the knowledge gradient (default 200).
    pub kg_points: usize,
    /// Raw samples of the acquisition search (default 256).
    pub raw_samples: usize,
    /// Local searches of the acquisition search (default 4).
    pub restarts: usize,
    /// Seed (default 0).
    pub seed: u64,
}

impl Default for MultiFidelityParams {
    fn default() -> Self {
        MultiFidelityParams {
            initial: None,
            cost_budget: 50.0,
            acquisition: AcquisitionKind::Kg,
            kg_points: 200,
            raw_samples: 256,
            restarts: 4,
            seed: 0,
        }
    }
}

impl MultiFidelityParams {
    /// Error unless the parameters and sources are usable; messages name the field.
    pub fn validate(&self, sources: &[Source]) -> Result<(), BayesError> {
        if !matches!(self.acquisition, AcquisitionKind::Kg) {
            return Err(BayesError::param(
                "acquisition",
                format!(
                    "`{}` is refused with multi-fidelity sources: a cheap observation never \
                     improves the target incumbent; use kg",
                    self.acquisition.name()
                ),
            ));
        }
        if !(self.cost_budget.is_finite() && self.cost_budget > 0.0) {
            return Err(BayesError::param(
                "cost_budget",
                "must be a positive number",
            ));
        }
        if sources.is_empty() {
            return Err(BayesError::param(
                "sources",
                "give at least the target source",
            ));
        }
        for (i, s) in sources.iter().enumerate() {
            if !(s.fidelity.is_finite() && (0.0..=1.0).contains(&s.fidelity)) {
                return Err(BayesError::param(
                    format!("sources[{i}].fidelity"),
                    "must lie in [0, 1]",
                ));
            }
            if !(s.cost.is_finite() && s.cost > 0.0) {
                return Err(BayesError::param(
                    format!("sources[{i}].cost"),
                    "must be positive",
                ));
            }
        }
        if !sources.iter().any(|s| s.fidelity == 1.0) {
            return Err(BayesError::param(
                "sources",
                "no target source (fidelity 1)",
            ));
        }
        if self.initial == Some(0)
            || self.kg_points == 0
            || self.raw_samples == 0
            || self.restarts == 0
        {
            return Err(BayesError::param(
                "initial/kg_points/raw_samples/restarts",
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// One evaluation of a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FidelityTrial {
    /// The point.
    pub x: Vec<f64>,
    /// Index of the source evaluated.
    pub source: usize,
    /// What the source returned.
    pub outcome: Evaluation,
    /// Cost spent so far, this evaluation included.
    pub cost_so_far: f64,
}

/// Minimize the target f(x, 1) over `bounds` using the sources `f(x, s)` with their costs.
/// Returns the best target-fidelity observation (status `BudgetExhausted`, no bound); the
/// trials, the cost spent and the evaluations per source are details.
pub fn minimize_multi_fidelity(
    f: &(dyn Fn(&[f64], f64) -> f64 + Sync),
    bounds: &Bounds,
    sources: &[Source],
    params: &MultiFidelityParams,
    observer: &mut dyn Observer,
) -> Result<Report<Vec<f64>>, BayesError> {
    let started = Instant::now();
    params.validate(sources)?;
    bounds.require_positive_width()?;
    let d = bounds.dim();
    let mut lo = bounds.lower().to_vec();
    let mut hi = bounds.upper().to_vec();
    lo.push(0.0);
    hi.push(1.0);
    let joint = Bounds::new(lo, hi)?;
    let n0 = params.initial.unwrap_or((d + 1).max(4));
    let mut trials: Vec<FidelityTrial> = Vec::new();
    let mut spent = 0.0;
    let mut stopped = false;
    observer.on_event(&Event::Started {
        phase: "multi-fidelity bayesian optimization",
        total: None,
    });
    let evaluate = |x: Vec<f64>, k: usize, trials: &mut Vec<FidelityTrial>, spent: &mut f64| {
        let outcome = Evaluation::from_value(f(&x, sources[k].fidelity));
        *spent += sources[k].cost;
        trials.push(FidelityTrial {
            x,
            source: k,
            outcome,
            cost_so_far: *spent,
        });
    };
    let design = maximin_latin_hypercube(n0, d, 20, &mut substream(params.seed, 0x4d46));
    'design: for u in &design {
        for (k, source) in sources.iter().enumerate() {
            if spent + source.cost > params.cost_budget || observer.should_stop() {
                stopped = observer.should_stop();
                break 'design;
            }
            evaluate(bounds.from_unit(u), k, &mut trials, &mut spent);
        }
    }
    let model_params = BayesParams {
        kernel: KernelChoice::SquaredExponential,
        ..Default::default()
    };
    loop {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let affordable: Vec<usize> = (0..sources.len())
            .filter(|&k| spent + sources[k].cost <= params.cost_budget)
            .collect();
        if affordable.is_empty() {
            break;
        }
        let ok: Vec<&FidelityTrial> = trials
            .iter()
            .filter(|t| t.outcome.value().is_some())
            .collect();
        let seed = mix_seed(params.seed, trials.len() as u64, 0x4d);
        let next = if ok.is_empty() {
            let u = latin_hypercube(1, d, &mut substream(seed, 1)).remove(0);
            (bounds.from_unit(&u), affordable[affordable.len() - 1])
        } else {
            let xs: Vec<Vec<f64>> = ok
                .iter()
                .map(|t| {
                    let mut v = t.x.clone();
                    v.push(sources[t.source].fidelity);
                    v
                })
                .collect();
            let ys: Vec<f64> = ok.iter().filter_map(|t| t.outcome.value()).collect();
            let zeros = vec![0.0; ys.len()];
            let gp = fit_model(&xs, &ys, &zeros, &joint, &model_params, seed, None)?;
            let mut refs: Vec<Vec<f64>> = ok.iter().map(|t| t.x.clone()).collect();
            refs.extend(
                latin_hypercube(params.kg_points, d, &mut substream(seed, 2))
                    .iter()
                    .map(|u| bounds.from_unit(u)),
            );
            let evaluated: Vec<Vec<f64>> = Vec::new();
            let settings = crate::search::SearchSettings {
                raw_samples: params.raw_samples,
                restarts: params.restarts,
                seed,
                ..Default::default()
            };
            let mut best: Option<(Vec<f64>, usize, f64)> = None;
            for &k in &affordable {
                let acq = MultiFidelityKnowledgeGradient::new(
                    &gp,
                    &refs,
                    sources[k].fidelity,
                    sources[k].cost,
                );
                let r = maximize_acquisition(&acq, bounds, &settings, &[], &evaluated);
                if best.as_ref().is_none_or(|b| r.value > b.2) {
                    best = Some((r.x, k, r.value));
                }
            }
            match best {
                Some((x, k, _)) => (x, k),
                None => break,
            }
        };
        evaluate(next.0, next.1, &mut trials, &mut spent);
        let incumbent = best_target(&trials, sources).map(|b| b.1);
        observer.on_event(&Event::Progress(Progress {
            done: trials.len() as u64,
            total: None,
            incumbent,
            bound: None,
        }));
    }
    observer.on_event(&Event::Finished);
    let mut report = match best_target(&trials, sources) {
        Some((i, v)) => {
            Report::feasible("bayesopt-multi-fidelity", trials[i].x.clone(), v).budget_exhausted(
                format!("cost budget spent: {spent} of {}", params.cost_budget),
            )
        }
        None => Report::budget_exhausted_without_solution(
            "bayesopt-multi-fidelity",
            "no successful target-fidelity evaluation",
        ),
    };
    if stopped {
        report = report.budget_exhausted("stopped by the observer");
    }
    let mut best = f64::INFINITY;
    report.trace = trials
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if sources[t.source].fidelity == 1.0
                && let Some(v) = t.outcome.value()
            {
                best = best.min(v);
            }
            TracePoint {
                time_s: 0.0,
                evaluations: i as u64 + 1,
                incumbent: best.is_finite().then_some(best),
                bound: None,
            }
        })
        .collect();
    let per_source: Vec<usize> = (0..sources.len())
        .map(|k| trials.iter().filter(|t| t.source == k).count())
        .collect();
    report.set_detail("certificate", crate::ask_tell::CERTIFICATE);
    report.set_detail("cost_spent", spent);
    report.set_detail("evaluations_per_source", per_source);
    report.set_detail("sources", sources);
    report.set_detail("trials", &trials);
    let n = trials.len() as u64;
    Ok(report.with_evaluations(n).timed(started))
}

/// The best successful target-fidelity trial (index, value).
fn best_target(trials: &[FidelityTrial], sources: &[Source]) -> Option<(usize, f64)> {
    trials
        .iter()
        .enumerate()
        .filter(|(_, t)| sources[t.source].fidelity == 1.0)
        .filter_map(|(i, t)| t.outcome.value().map(|v| (i, v)))
        .fold(None, |b, c| match b {
            Some(bb) if bb.1 <= c.1 => Some(bb),
            _ => Some(c),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::NoObserver;

    #[test]
    fn uses_the_cheap_source_and_finds_the_target_minimum() {
        // target (x − 0.7)², a cheap source shifted by a smooth bias
        let f = |x: &[f64], s: f64| (x[0] - 0.7).powi(2) + (1.0 - s) * 0.1 * (3.0 * x[0]).sin();
        let b = Bounds::unit(1);
        let sources = [
            Source {
                fidelity: 0.0,
                cost: 0.1,
            },
            Source {
                fidelity: 1.0,
                cost: 1.0,
            },
        ];
        let params = MultiFidelityParams {
            cost_budget: 10.0,
            kg_points: 50,
            raw_samples: 64,
            restarts: 2,
            ..Default::default()
        };
        let r = minimize_multi_fidelity(&f, &b, &sources, &params, &mut NoObserver).unwrap();
        let x = r.solution.clone().unwrap();
        assert!((x[0] - 0.7).abs() < 0.05, "{x:?}");
        let spent = r.detail("cost_spent").unwrap().as_f64().unwrap();
        assert!(spent <= 10.0 + 1e-12);
        let per = r.detail("evaluations_per_source").unwrap();
        assert!(
            per[0].as_u64().unwrap() > 4,
            "the cheap source was used: {per}"
        );
        assert_eq!(r.status(), globopt_core::Status::BudgetExhausted);
    }

    #[test]
    fn ei_and_bad_sources_are_refused_naming_the_field() {
        let s = [Source {
            fidelity: 1.0,
            cost: 1.0,
        }];
        let p = MultiFidelityParams {
            acquisition: AcquisitionKind::LogEi,
            ..Default::default()
        };
        assert!(
            p.validate(&s)
                .unwrap_err()
                .to_string()
                .starts_with("acquisition")
        );
        let bad = [Source {
            fidelity: 0.5,
            cost: 1.0,
        }];
        let e = MultiFidelityParams::default()
            .validate(&bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("target"), "{e}");
        let neg = [Source {
            fidelity: 1.0,
            cost: -1.0,
        }];
        let e = MultiFidelityParams::default()
            .validate(&neg)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("sources[0].cost"), "{e}");
    }
}
