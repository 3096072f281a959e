//! SVH-PSL with an ask/tell interface (shared digest 21, "What to build" and step 2): the
//! caller asks for a batch, evaluates it however it likes and tells the objective vectors
//! back; the optimizer keeps the data, the GP warm starts, the ideal point and the last trained
//! Pareto-set model.

use super::model::ParetoSetModel;
use super::params::PslParams;
use super::preferences::{dirichlet_preferences, spread_preferences};
use super::select::select_batch;
use super::surrogate::Surrogates;
use super::train::{TrainSummary, TrainingData, train};
use crate::error::MooError;
use globopt_bayes::Hyperparameters;
use globopt_core::Bounds;
use globopt_core::design::latin_hypercube;
use globopt_core::pareto::{Duplicates, nondominated};
use globopt_core::rng::substream;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The outcome of evaluating the objectives at one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultiEvaluation {
    /// All objective values, finite.
    Values(Vec<f64>),
    /// The evaluation failed (the reason); the point is recorded and left out of the models.
    Failed(String),
}

impl MultiEvaluation {
    /// Values, turned into a failure when one is not finite or the count is not `m`.
    pub fn from_values(values: Vec<f64>, m: usize) -> Self {
        if values.len() != m {
            MultiEvaluation::Failed(format!("returned {} values, expected {m}", values.len()))
        } else if let Some(j) = values.iter().position(|v| !v.is_finite()) {
            MultiEvaluation::Failed(format!("objective {j} is {}", values[j]))
        } else {
            MultiEvaluation::Values(values)
        }
    }

    /// The values, if the evaluation succeeded.
    pub fn values(&self) -> Option<&[f64]> {
        match self {
            MultiEvaluation::Values(v) => Some(v),
            MultiEvaluation::Failed(_) => None,
        }
    }
}

/// One evaluated point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MooTrial {
    /// The point (problem units).
    pub x: Vec<f64>,
    /// What the objectives said.
    pub outcome: MultiEvaluation,
}

/// Wall-clock seconds of one model-based iteration, split as digest 21's benchmark asks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IterationTiming {
    /// Fitting the GPs.
    pub gp_fit_s: f64,
    /// Training the Pareto-set model.
    pub train_s: f64,
    /// Drawing candidates and selecting the batch.
    pub select_s: f64,
    /// Training steps taken.
    pub steps: usize,
    /// Hypervolume of the predicted front at the kept checkpoint (model units).
    pub checkpoint_hv: f64,
}

/// The model's Pareto set at evenly spread preferences and its predicted front.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredictedFront {
    /// Designs (problem units).
    pub designs: Vec<Vec<f64>>,
    /// Their LCB vectors (objective units).
    pub objectives: Vec<Vec<f64>>,
}

/// The SVH-PSL optimizer state (see the module documentation).
#[derive(Debug, Clone)]
pub struct SvhPsl {
    bounds: Bounds,
    n_obj: usize,
    params: PslParams,
    design: Vec<Vec<f64>>,
    trials: Vec<MooTrial>,
    ideal: Vec<f64>,
    iteration: u64,
    model: Option<ParetoSetModel>,
    surrogates: Option<Surrogates>,
    scale: Option<(Vec<f64>, Vec<f64>)>,
    warm: Option<Vec<Hyperparameters>>,
    spread: Vec<Vec<f64>>,
    timings: Vec<IterationTiming>,
}

impl SvhPsl {
    /// An optimizer for `n_obj ≥ 2` objectives over `bounds` (positive widths). The initial
    /// design is a Latin hypercube of `params.n_init` points from `params.seed`.
    pub fn new(bounds: &Bounds, n_obj: usize, params: &PslParams) -> Result<Self, MooError> {
        params.validate()?;
        bounds.require_positive_width()?;
        if n_obj < 2 {
            return Err(MooError::invalid(
                "n_obj",
                format!("is {n_obj}; Pareto set learning needs at least two objectives"),
            ));
        }
        let mut rng = substream(params.seed, 0);
        let design = latin_hypercube(params.n_init, bounds.dim(), &mut rng)
            .iter()
            .map(|u| bounds.from_unit(u))
            .collect();
        Ok(SvhPsl {
            bounds: bounds.clone(),
            n_obj,
            params: params.clone(),
            design,
            trials: Vec::new(),
            ideal: vec![0.0; n_obj],
            iteration: 0,
            model: None,
            surrogates: None,
            scale: None,
            warm: None,
            spread: spread_preferences(n_obj, 100 * n_obj, 1),
            timings: Vec::new(),
        })
    }

    /// The next `q` points: the remaining initial design first; then one model-based
    /// iteration (fit the GPs, train the Pareto-set model, select the batch by hypervolume
    /// improvement). `stop(step)` is asked after every training step and may end the
    /// training early.
    pub fn ask_with(
        &mut self,
        q: usize,
        stop: &mut dyn FnMut(usize) -> bool,
    ) -> Result<Vec<Vec<f64>>, MooError> {
        if q == 0 {
            return Ok(Vec::new());
        }
        if !self.design.is_empty() {
            let take = q.min(self.design.len());
            return Ok(self.design.drain(..take).collect());
        }
        let (x, y) = self.successes();
        if x.len() < 2 {
            return Err(MooError::invalid(
                "tell",
                format!(
                    "{} successful evaluation(s) so far; the models need at least 2",
                    x.len()
                ),
            ));
        }
        self.iteration += 1;
        let started = Instant::now();
        let y_fit = self.fit_space(&y);
        let surrogates = Surrogates::fit(
            &x,
            &y_fit,
            &self.params.gp,
            self.warm.as_deref(),
            self.params.lcb_beta,
        )?;
        self.warm = Some(surrogates.hyperparameters());
        let gp_fit_s = started.elapsed().as_secs_f64();
        let nd = nondominated(&y_fit, Duplicates::KeepFirst)?;
        let y_nd: Vec<Vec<f64>> = nd.iter().map(|&i| y_fit[i].clone()).collect();
        for (j, z) in self.ideal.iter_mut().enumerate() {
            let lo = y_fit.iter().map(|r| r[j]).fold(f64::INFINITY, f64::min);
            *z = z.min(lo - 0.1);
        }
        let trained = Instant::now();
        let seed = self.params.seed;
        let mut model = ParetoSetModel::new(
            self.n_obj,
            &self.params.hidden,
            &self.bounds,
            substream(seed, 2 * self.iteration).next_u64(),
        )?;
        let mut rng = substream(seed, 2 * self.iteration + 1);
        let data = TrainingData {
            surrogates: &surrogates,
            y_nd: &y_nd,
            ideal: &self.ideal,
            spread: &self.spread,
        };
        let summary: TrainSummary = train(&mut model, &data, &self.params, &mut rng, stop)?;
        let train_s = trained.elapsed().as_secs_f64();
        let selecting = Instant::now();
        let prefs = dirichlet_preferences(self.params.candidates, self.n_obj, 1e-4, &mut rng);
        let cand_x = model.unit_designs(&prefs)?;
        let cand_lcb = surrogates.lcb_many(&cand_x);
        let picks = select_batch(&cand_lcb, &y_nd, q)?;
        let out = picks
            .iter()
            .map(|&c| self.bounds.from_unit(&cand_x[c]))
            .collect();
        self.timings.push(IterationTiming {
            gp_fit_s,
            train_s,
            select_s: selecting.elapsed().as_secs_f64(),
            steps: summary.steps,
            checkpoint_hv: summary.best_checkpoint_hv,
        });
        self.model = Some(model);
        self.surrogates = Some(surrogates);
        Ok(out)
    }

    /// [`SvhPsl::ask_with`] without early stopping.
    pub fn ask(&mut self, q: usize) -> Result<Vec<Vec<f64>>, MooError> {
        self.ask_with(q, &mut |_| false)
    }

    /// Record evaluated points (usually those of the last ask). Points must lie in the box;
    /// failed evaluations are kept in the history and left out of the models.
    pub fn tell(
        &mut self,
        points: &[Vec<f64>],
        outcomes: &[MultiEvaluation],
    ) -> Result<(), MooError> {
        if points.len() != outcomes.len() {
            return Err(MooError::invalid(
                "outcomes",
                format!("{} outcomes for {} points", outcomes.len(), points.len()),
            ));
        }
        for (i, (x, o)) in points.iter().zip(outcomes).enumerate() {
            globopt_core::objective::check_point(&self.bounds, x)
                .map_err(|e| MooError::invalid(format!("points[{i}]"), e.to_string()))?;
            if !self.bounds.contains(x, 1e-9) {
                return Err(MooError::invalid(
                    format!("points[{i}]"),
                    "lies outside the box",
                ));
            }
            if let MultiEvaluation::Values(v) = o
                && (v.len() != self.n_obj || v.iter().any(|y| !y.is_finite()))
            {
                return Err(MooError::invalid(
                    format!("outcomes[{i}]"),
                    format!(
                        "needs {} finite values; use MultiEvaluation::from_values",
                        self.n_obj
                    ),
                ));
            }
        }
        self.trials
            .extend(points.iter().zip(outcomes).map(|(x, o)| MooTrial {
                x: x.clone(),
                outcome: o.clone(),
            }));
        Ok(())
    }

    /// Every told trial, in order.
    pub fn trials(&self) -> &[MooTrial] {
        &self.trials
    }

    /// Indices (into [`SvhPsl::trials`]) of the successful trials no other dominates.
    pub fn nondominated(&self) -> Vec<usize> {
        let ok: Vec<usize> = (0..self.trials.len())
            .filter(|&i| self.trials[i].outcome.values().is_some())
            .collect();
        let ys: Vec<&[f64]> = ok
            .iter()
            .filter_map(|&i| self.trials[i].outcome.values())
            .collect();
        nondominated(&ys, Duplicates::KeepFirst)
            .map(|idx| idx.into_iter().map(|k| ok[k]).collect())
            .unwrap_or_default()
    }

    /// The last trained Pareto-set model, after the first model-based iteration.
    pub fn model(&self) -> Option<&ParetoSetModel> {
        self.model.as_ref()
    }

    /// The designs the last model proposes for `prefs` (digest 21, `pareto_set`).
    pub fn pareto_set(&self, prefs: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, MooError> {
        self.model
            .as_ref()
            .ok_or_else(|| {
                MooError::invalid(
                    "pareto_set",
                    "no model trained yet; ask after the initial design",
                )
            })?
            .pareto_set(prefs)
    }

    /// The predicted front: the designs at `100·M` evenly spread preferences and their LCB
    /// vectors in objective units (digest 21, "Report"); empty before the first model.
    pub fn predicted_front(&self) -> Result<PredictedFront, MooError> {
        let (Some(model), Some(s)) = (&self.model, &self.surrogates) else {
            return Ok(PredictedFront::default());
        };
        let units = model.unit_designs(&self.spread)?;
        let objectives = s
            .lcb_many(&units)
            .into_iter()
            .map(|l| self.objective_space(&l))
            .collect();
        Ok(PredictedFront {
            designs: units.iter().map(|u| self.bounds.from_unit(u)).collect(),
            objectives,
        })
    }

    /// Timings of the model-based iterations so far.
    pub fn timings(&self) -> &[IterationTiming] {
        &self.timings
    }

    /// The settings.
    pub fn params(&self) -> &PslParams {
        &self.params
    }

    /// The box.
    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }

    /// Number of objectives.
    pub fn n_obj(&self) -> usize {
        self.n_obj
    }

    /// Successful points in the unit box and their objective vectors.
    fn successes(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        self.trials
            .iter()
            .filter_map(|t| {
                t.outcome
                    .values()
                    .map(|v| (self.bounds.to_unit(&t.x), v.to_vec()))
            })
            .unzip()
    }

    /// The objectives in the space the GPs are fitted in: raw, or standardized per objective
    /// over the evaluated points (digest 21, step 2.1); the scaling is kept for
    /// [`SvhPsl::objective_space`].
    fn fit_space(&mut self, y: &[Vec<f64>]) -> Vec<Vec<f64>> {
        if !self.params.standardize {
            self.scale = None;
            return y.to_vec();
        }
        let n = y.len() as f64;
        let mean: Vec<f64> = (0..self.n_obj)
            .map(|j| y.iter().map(|r| r[j]).sum::<f64>() / n)
            .collect();
        let sd: Vec<f64> = (0..self.n_obj)
            .map(|j| {
                let v =
                    y.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
                if v > 0.0 { v.sqrt() } else { 1.0 }
            })
            .collect();
        let out = y
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(j, v)| (v - mean[j]) / sd[j])
                    .collect()
            })
            .collect();
        self.scale = Some((mean, sd));
        out
    }

    /// A fitted-space vector back in objective units.
    fn objective_space(&self, v: &[f64]) -> Vec<f64> {
        match &self.scale {
            Some((mean, sd)) => v
                .iter()
                .enumerate()
                .map(|(j, x)| mean[j] + sd[j] * x)
                .collect(),
            None => v.to_vec(),
        }
    }
}
