//! Parameters of a Bayesian-optimization run, with documented defaults (digest 25, "Options
//! and defaults") and validation that names the wrong field.

use crate::error::BayesError;
use crate::gp::{GpConfig, MeanFunction, Noise};
use crate::kernel::Kernel;
use crate::search::SearchSettings;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which acquisition picks the next point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AcquisitionKind {
    /// Log-EI when the problem is noise-free, the tutorial's noisy EI otherwise (default).
    #[default]
    Auto,
    /// Expected improvement, optimized in log form.
    LogEi,
    /// Expected improvement, optimized as is.
    Ei,
    /// The tutorial's noisy EI (envelope computation).
    NoisyEi,
    /// Exact discrete knowledge gradient over the evaluated points and `kg_points` LHS points.
    Kg,
    /// Continuous knowledge gradient by stochastic gradient ascent.
    KgContinuous,
    /// Max-value entropy search.
    Mes,
    /// Lower confidence bound μ − κσ.
    Ucb,
    /// Probability of improvement.
    Pi,
}

impl AcquisitionKind {
    /// The name used in specs and reports.
    pub fn name(self) -> &'static str {
        match self {
            AcquisitionKind::Auto => "auto",
            AcquisitionKind::LogEi => "log_ei",
            AcquisitionKind::Ei => "ei",
            AcquisitionKind::NoisyEi => "noisy_ei",
            AcquisitionKind::Kg => "kg",
            AcquisitionKind::KgContinuous => "kg_continuous",
            AcquisitionKind::Mes => "mes",
            AcquisitionKind::Ucb => "ucb",
            AcquisitionKind::Pi => "pi",
        }
    }
}

/// The GP kernel of a run: one family (squared exponential by default, as egobox's Kriging),
/// or `auto`, which fits both the squared exponential and Matérn 5/2 kernels at every step
/// and keeps the one of larger marginal likelihood (evidence-based model selection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KernelChoice {
    /// Squared exponential or Matérn 5/2, whichever explains the data better.
    Auto,
    /// Squared exponential (the default).
    #[default]
    SquaredExponential,
    /// Matérn 1/2.
    Matern12,
    /// Matérn 3/2.
    Matern32,
    /// Matérn 5/2.
    Matern52,
}

impl KernelChoice {
    /// The kernel families to fit.
    pub fn candidates(self) -> Vec<Kernel> {
        match self {
            KernelChoice::Auto => vec![Kernel::SquaredExponential, Kernel::Matern52],
            KernelChoice::SquaredExponential => vec![Kernel::SquaredExponential],
            KernelChoice::Matern12 => vec![Kernel::Matern12],
            KernelChoice::Matern32 => vec![Kernel::Matern32],
            KernelChoice::Matern52 => vec![Kernel::Matern52],
        }
    }
    /// The name used in specs and reports.
    pub fn name(self) -> &'static str {
        match self {
            KernelChoice::Auto => "auto",
            KernelChoice::SquaredExponential => "squared_exponential",
            KernelChoice::Matern12 => "matern12",
            KernelChoice::Matern32 => "matern32",
            KernelChoice::Matern52 => "matern52",
        }
    }
}

/// How a batch of q > 1 points is built (digest 25, step 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BatchStrategy {
    /// Kriging believer: fantasize y = μ_n(x) after each pick (default).
    #[default]
    Kb,
    /// Constant liar with the smallest observed value.
    ClMin,
    /// Constant liar with the mean observed value.
    ClMean,
    /// Constant liar with the largest observed value.
    ClMax,
    /// Greedy Monte-Carlo q-EI with fixed quasi-random draws.
    Qei,
}

/// Parameters of [`crate::solve`] and [`crate::BayesOpt`]. Every field has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BayesParams {
    /// Space-filling (maximin Latin hypercube) points before the model takes over
    /// (default max(5, 2d)).
    pub initial: Option<usize>,
    /// Total evaluations, initial design and failures included (default 30).
    pub budget: usize,
    /// The acquisition (default `auto`).
    pub acquisition: AcquisitionKind,
    /// Points per ask in the closure interface (default 1).
    pub batch: usize,
    /// How batches are built (default Kriging believer).
    pub batch_strategy: BatchStrategy,
    /// GP kernel, ARD in every case (default squared exponential).
    pub kernel: KernelChoice,
    /// GP prior mean (default constant).
    pub mean: MeanFunction,
    /// Known observation noise variance in the objective's units (default none:
    /// noise-free, λ² = 1e-6 in standardized units).
    pub noise: Option<f64>,
    /// Fit the noise variance as a hyperparameter (default false).
    pub fit_noise: bool,
    /// MAP hyperparameters with the BoTorch-style priors (default false: maximum marginal
    /// likelihood, as egobox does).
    pub map_priors: bool,
    /// L-BFGS starts of the hyperparameter fit, the warm start included (default 3).
    pub gp_restarts: usize,
    /// Raw samples scored by the acquisition search (default 1024).
    pub raw_samples: usize,
    /// Local searches of the acquisition search (default 10).
    pub restarts: usize,
    /// κ of the confidence bound μ − κσ (default 2).
    pub kappa: f64,
    /// Latin-hypercube reference points of the discrete KG (default 500).
    pub kg_points: usize,
    /// Minimum-value samples of max-value entropy search (default 10).
    pub mes_samples: usize,
    /// Quasi-random draws of q-EI (default 512).
    pub qei_samples: usize,
    /// Number of constraint outputs g_j(x) ≤ 0 told with each value (default 0).
    pub constraints: usize,
    /// Seed of every random choice (default 0).
    pub seed: u64,
    /// JSON-lines journal: every told trial is appended as it completes (default none).
    pub journal: Option<PathBuf>,
    /// Continue from the trials in `journal` instead of requiring a fresh file (default false).
    pub resume: bool,
}

impl Default for BayesParams {
    fn default() -> Self {
        BayesParams {
            initial: None,
            budget: 30,
            acquisition: AcquisitionKind::Auto,
            batch: 1,
            batch_strategy: BatchStrategy::Kb,
            kernel: KernelChoice::SquaredExponential,
            mean: MeanFunction::Constant,
            noise: None,
            fit_noise: false,
            map_priors: false,
            gp_restarts: 3,
            raw_samples: 1024,
            restarts: 10,
            kappa: 2.0,
            kg_points: 500,
            mes_samples: 10,
            qei_samples: 512,
            constraints: 0,
            seed: 0,
            journal: None,
            resume: false,
        }
    }
}

impl BayesParams {
    /// Error unless every field is usable; the message names the field.
    pub fn validate(&self) -> Result<(), BayesError> {
        if self.budget == 0 {
            return Err(BayesError::param("budget", "must be at least 1 evaluation"));
        }
        if self.initial == Some(0) {
            return Err(BayesError::param(
                "initial",
                "must be at least 1 (or omitted for max(5, 2d))",
            ));
        }
        for (name, v) in [
            ("batch", self.batch),
            ("gp_restarts", self.gp_restarts),
            ("raw_samples", self.raw_samples),
            ("restarts", self.restarts),
            ("kg_points", self.kg_points),
            ("mes_samples", self.mes_samples),
            ("qei_samples", self.qei_samples),
        ] {
            if v == 0 {
                return Err(BayesError::param(name, "must be at least 1"));
            }
        }
        if !(self.kappa.is_finite() && self.kappa >= 0.0) {
            return Err(BayesError::param(
                "kappa",
                format!("{} must be finite and ≥ 0", self.kappa),
            ));
        }
        if let Some(v) = self.noise
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(BayesError::param(
                "noise",
                format!("{v} must be a finite variance ≥ 0"),
            ));
        }
        if self.constraints > 0
            && !matches!(
                self.acquisition,
                AcquisitionKind::Auto | AcquisitionKind::LogEi | AcquisitionKind::Ei
            )
        {
            return Err(BayesError::param(
                "acquisition",
                format!(
                    "`{}` does not support constraints; use log_ei (EI times the probability of feasibility)",
                    self.acquisition.name()
                ),
            ));
        }
        if self.batch_strategy == BatchStrategy::Qei
            && self.batch > 1
            && !matches!(
                self.acquisition,
                AcquisitionKind::Auto | AcquisitionKind::LogEi | AcquisitionKind::Ei
            )
        {
            return Err(BayesError::param(
                "batch_strategy",
                "qei batches maximize q-EI; set acquisition to log_ei or ei",
            ));
        }
        if self.resume && self.journal.is_none() {
            return Err(BayesError::param(
                "resume",
                "needs a `journal` to resume from",
            ));
        }
        Ok(())
    }

    /// The initial design size for dimension `dim`.
    pub fn initial_points(&self, dim: usize) -> usize {
        self.initial.unwrap_or((2 * dim).max(5))
    }

    /// Whether observations are noisy (a known noise variance > 0, or a fitted one).
    pub fn noisy(&self) -> bool {
        self.fit_noise || self.noise.is_some_and(|v| v > 0.0)
    }

    /// The acquisition `auto` resolves to.
    pub fn resolved_acquisition(&self) -> AcquisitionKind {
        match self.acquisition {
            AcquisitionKind::Auto if self.noisy() => AcquisitionKind::NoisyEi,
            AcquisitionKind::Auto => AcquisitionKind::LogEi,
            k => k,
        }
    }

    /// The GP settings these parameters imply for one kernel family (the known noise enters
    /// per observation).
    pub fn gp_config(&self, kernel: Kernel, seed: u64) -> GpConfig {
        GpConfig {
            kernel,
            mean: self.mean,
            noise: if self.fit_noise {
                Noise::Fitted
            } else {
                Noise::default()
            },
            map_priors: self.map_priors,
            restarts: self.gp_restarts,
            max_iters: 100,
            seed,
        }
    }

    /// The acquisition-search settings these parameters imply.
    pub fn search_settings(&self, seed: u64) -> SearchSettings {
        SearchSettings {
            raw_samples: self.raw_samples,
            restarts: self.restarts,
            seed,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        let p = BayesParams {
            budget: 0,
            ..Default::default()
        };
        assert!(p.validate().unwrap_err().to_string().starts_with("budget"));
        let p = BayesParams {
            noise: Some(f64::NAN),
            ..Default::default()
        };
        assert!(p.validate().unwrap_err().to_string().starts_with("noise"));
        let p = BayesParams {
            constraints: 1,
            acquisition: AcquisitionKind::Kg,
            ..Default::default()
        };
        assert!(
            p.validate()
                .unwrap_err()
                .to_string()
                .starts_with("acquisition")
        );
        let p: BayesParams =
            serde_json::from_str(r#"{"budget": 12, "acquisition": "noisy_ei"}"#).unwrap();
        assert_eq!(p.resolved_acquisition(), AcquisitionKind::NoisyEi);
        assert!(serde_json::from_str::<BayesParams>(r#"{"budgett": 3}"#).is_err());
        assert_eq!(BayesParams::default().initial_points(6), 12);
        assert_eq!(
            BayesParams::default().resolved_acquisition(),
            AcquisitionKind::LogEi
        );
    }
}
