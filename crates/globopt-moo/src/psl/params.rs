//! Settings of SVH-PSL (shared digest 21, "Options and defaults").

use crate::error::MooError;
use globopt_bayes::GpConfig;
use serde::{Deserialize, Serialize};

/// Which kernel couples the particles (digest 21, step 5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KernelKind {
    /// Per objective, `K_ik = exp(−(ℓ_{i,a_k} − ℓ_{k,a_k})²/h_{a_k})`: column k uses only its
    /// own active Tchebycheff objective a_k (the reference code's default).
    #[default]
    Local,
    /// `K_ik = exp(−‖ℓ_i − ℓ_k‖²/h)` on the whole LCB vectors.
    Global,
}

/// Parameters of SVH-PSL; the defaults are the reference code's (`run_svh.py`), see digest 21.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PslParams {
    /// Size of the initial Latin hypercube design (default 20).
    pub n_init: usize,
    /// Model-based iterations after the initial design (default 20).
    pub iterations: usize,
    /// Points evaluated per iteration (default 5).
    pub batch: usize,
    /// Training steps of the Pareto-set model per iteration (default 1000).
    pub steps: usize,
    /// Preferences (particles) per training step, P ≥ 2 (default 10).
    pub prefs_per_step: usize,
    /// β of the lower confidence bound `μ − βσ` (default 0.1).
    pub lcb_beta: f64,
    /// α, the weight of the repulsion term; 0 gives PSL-MOBO (default 0.001).
    pub repulsion: f64,
    /// c of the kernel bandwidth `h = c·median²/ln P` (default 1).
    pub bandwidth_c: f64,
    /// Kernel (default local).
    pub kernel: KernelKind,
    /// Reference-code quirk: square the median of the squared distances again in the
    /// bandwidth (default true; false gives standard SVGD's `c·median/ln P`).
    pub median_squared: bool,
    /// Reference-code quirk: divide each parameter column of the per-particle gradient matrix
    /// by its 2-norm across the particles (default true).
    pub grad_normalize: bool,
    /// Adam learning rate (default 1e-3).
    pub lr: f64,
    /// Candidate preferences drawn for batch selection (default 1000).
    pub candidates: usize,
    /// Hidden widths of the Pareto-set model `M → … → d` with ReLU, sigmoid output
    /// (default [256, 256]).
    pub hidden: Vec<usize>,
    /// Check the model every this many steps and keep the parameters with the best
    /// hypervolume of the predicted front (default 1: every step, as the reference code).
    pub checkpoint_every: usize,
    /// Standardize each objective (zero mean, unit deviation over the evaluated points)
    /// before fitting, as the reference code does for RE problems (default false: raw
    /// objectives, as for ZDT).
    pub standardize: bool,
    /// The reference point of the reported hypervolume, in objective units; none: the
    /// problem's convention when known, else the initial design's worst value + 10% of its
    /// range per objective.
    pub reference: Option<Vec<f64>>,
    /// Gaussian-process settings per objective (default: Matérn 5/2, constant mean, noise
    /// free, MAP, 3 restarts).
    pub gp: GpConfig,
    /// Seed of the design, the preference draws and the network initializations (default 0).
    pub seed: u64,
}

impl Default for PslParams {
    fn default() -> Self {
        PslParams {
            n_init: 20,
            iterations: 20,
            batch: 5,
            steps: 1000,
            prefs_per_step: 10,
            lcb_beta: 0.1,
            repulsion: 0.001,
            bandwidth_c: 1.0,
            kernel: KernelKind::Local,
            median_squared: true,
            grad_normalize: true,
            lr: 1e-3,
            candidates: 1000,
            hidden: vec![256, 256],
            checkpoint_every: 1,
            standardize: false,
            reference: None,
            gp: GpConfig::default(),
            seed: 0,
        }
    }
}

impl PslParams {
    /// The fast preset of the CI tests and the demo (digest 21: 200 steps), otherwise the
    /// defaults.
    pub fn fast() -> Self {
        PslParams {
            steps: 200,
            checkpoint_every: 10,
            ..PslParams::default()
        }
    }

    /// Total evaluations: `n_init + iterations·batch`.
    pub fn budget(&self) -> usize {
        self.n_init + self.iterations * self.batch
    }

    /// Error naming the first field out of range.
    pub fn validate(&self) -> Result<(), MooError> {
        let positive = |name: &str, v: usize| {
            if v == 0 {
                Err(MooError::invalid(name, "must be at least 1"))
            } else {
                Ok(())
            }
        };
        positive("n_init", self.n_init)?;
        positive("batch", self.batch)?;
        positive("steps", self.steps)?;
        positive("checkpoint_every", self.checkpoint_every)?;
        if self.prefs_per_step < 2 {
            return Err(MooError::invalid(
                "prefs_per_step",
                "must be at least 2 (the bandwidth divides by ln P)",
            ));
        }
        if self.candidates < self.batch {
            return Err(MooError::invalid(
                "candidates",
                format!("must be at least batch = {}", self.batch),
            ));
        }
        if self.hidden.contains(&0) {
            return Err(MooError::invalid("hidden", "widths must be positive"));
        }
        for (name, v) in [("lcb_beta", self.lcb_beta), ("repulsion", self.repulsion)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(MooError::invalid(
                    name,
                    format!("is {v}; must be finite and ≥ 0"),
                ));
            }
        }
        for (name, v) in [("bandwidth_c", self.bandwidth_c), ("lr", self.lr)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(MooError::invalid(
                    name,
                    format!("is {v}; must be finite and > 0"),
                ));
            }
        }
        if let Some(r) = &self.reference
            && let Some(j) = r.iter().position(|v| !v.is_finite())
        {
            return Err(MooError::invalid(
                format!("reference[{j}]"),
                "is not a finite number",
            ));
        }
        self.gp.validate()?;
        Ok(())
    }
}
