//! First-order optimizers as plain update rules with state: the caller owns the parameters,
//! computes the gradient and picks the learning rate (see [`crate::schedule`]); an
//! optimizer only turns `(θ, g, lr)` into the next `θ`. The rules follow PyTorch's
//! `torch.optim.SGD`, `Adam` and `AdamW` step for step, so trajectories can be compared.

use crate::error::NnError;
use serde::{Deserialize, Serialize};

/// An update rule `θ ← update(θ, g, lr; state)`.
pub trait Optimizer {
    /// One step in place: `params` is `θ_t`, `grad` is `∇L(θ_t)`, `lr` the learning rate.
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) -> Result<(), NnError>;
    /// Forget the state (momentum buffers, moment estimates, step count).
    fn reset(&mut self);
}

/// Settings of [`Sgd`] (PyTorch `torch.optim.SGD` semantics).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SgdConfig {
    /// Momentum factor `μ ∈ [0, 1)` (default 0: plain gradient descent).
    pub momentum: f64,
    /// Dampening `τ ∈ [0, 1]` of the gradient in the momentum buffer (default 0).
    pub dampening: f64,
    /// Nesterov momentum (default false; needs `μ > 0` and `τ = 0`).
    pub nesterov: bool,
    /// L2 penalty coefficient `λ ≥ 0` added to the gradient as `λ θ` (default 0).
    pub weight_decay: f64,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig {
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
        }
    }
}

/// Settings of [`Adam`] (PyTorch `Adam`, or `AdamW` with `decoupled_weight_decay`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamConfig {
    /// First-moment decay `β₁ ∈ [0, 1)` (default 0.9).
    pub beta1: f64,
    /// Second-moment decay `β₂ ∈ [0, 1)` (default 0.999).
    pub beta2: f64,
    /// Denominator offset `ε > 0` (default 1e-8).
    pub eps: f64,
    /// Weight decay `λ ≥ 0` (default 0).
    pub weight_decay: f64,
    /// AdamW (Loshchilov & Hutter 2019): decay the weights directly, `θ ← θ(1 − lr λ)`,
    /// instead of adding `λ θ` to the gradient (default false).
    pub decoupled_weight_decay: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamConfig {
    /// AdamW with PyTorch's default weight decay 0.01.
    pub fn adamw() -> AdamConfig {
        AdamConfig {
            weight_decay: 0.01,
            decoupled_weight_decay: true,
            ..AdamConfig::default()
        }
    }
}

/// Which optimizer to build, with its settings (`{"kind": "adam", "beta1": 0.9}`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OptimizerConfig {
    /// [`Sgd`].
    Sgd(SgdConfig),
    /// [`Adam`] / AdamW.
    Adam(AdamConfig),
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig::Adam(AdamConfig::default())
    }
}

impl OptimizerConfig {
    /// Checks the settings; errors name the field.
    pub fn validate(&self) -> Result<(), NnError> {
        match self {
            OptimizerConfig::Sgd(c) => c.validate(),
            OptimizerConfig::Adam(c) => c.validate(),
        }
    }

    /// A fresh optimizer with these settings.
    pub fn build(&self) -> Result<Box<dyn Optimizer + Send>, NnError> {
        Ok(match self {
            OptimizerConfig::Sgd(c) => Box::new(Sgd::new(*c)?),
            OptimizerConfig::Adam(c) => Box::new(Adam::new(*c)?),
        })
    }
}

fn check_range(name: &str, v: f64, lo: f64, hi: f64, hi_open: bool) -> Result<(), NnError> {
    let ok = v.is_finite() && v >= lo && if hi_open { v < hi } else { v <= hi };
    if ok {
        Ok(())
    } else {
        let close = if hi_open { ")" } else { "]" };
        Err(NnError::param(
            name,
            format!("{v} is outside [{lo}, {hi}{close}"),
        ))
    }
}

impl SgdConfig {
    /// Checks the settings; errors name the field.
    pub fn validate(&self) -> Result<(), NnError> {
        check_range("sgd.momentum", self.momentum, 0.0, 1.0, true)?;
        check_range("sgd.dampening", self.dampening, 0.0, 1.0, false)?;
        check_range("sgd.weight_decay", self.weight_decay, 0.0, f64::MAX, false)?;
        if self.nesterov && (self.momentum == 0.0 || self.dampening != 0.0) {
            return Err(NnError::param(
                "sgd.nesterov",
                "Nesterov momentum needs momentum > 0 and dampening = 0",
            ));
        }
        Ok(())
    }
}

impl AdamConfig {
    /// Checks the settings; errors name the field.
    pub fn validate(&self) -> Result<(), NnError> {
        check_range("adam.beta1", self.beta1, 0.0, 1.0, true)?;
        check_range("adam.beta2", self.beta2, 0.0, 1.0, true)?;
        check_range("adam.weight_decay", self.weight_decay, 0.0, f64::MAX, false)?;
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(NnError::param(
                "adam.eps",
                format!("{} must be positive", self.eps),
            ));
        }
        Ok(())
    }
}

/// Checks the arguments of one step.
fn check_step(params: &[f64], grad: &[f64], lr: f64) -> Result<(), NnError> {
    if grad.len() != params.len() {
        return Err(NnError::shape("gradient length", params.len(), grad.len()));
    }
    if !(lr.is_finite() && lr >= 0.0) {
        return Err(NnError::param(
            "lr",
            format!("{lr} must be finite and non-negative"),
        ));
    }
    if let Some(i) = grad.iter().position(|g| !g.is_finite()) {
        return Err(NnError::NonFinite(format!("gradient[{i}]")));
    }
    Ok(())
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay:
/// `g ← g + λθ`; `b ← g` on the first step, else `b ← μ b + (1 − τ) g`;
/// `d = g + μ b` (Nesterov) or `d = b`; `θ ← θ − lr d`.
#[derive(Debug, Clone)]
pub struct Sgd {
    config: SgdConfig,
    buffer: Option<Vec<f64>>,
}

impl Sgd {
    /// A fresh optimizer (validates `config`).
    pub fn new(config: SgdConfig) -> Result<Sgd, NnError> {
        config.validate()?;
        Ok(Sgd {
            config,
            buffer: None,
        })
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) -> Result<(), NnError> {
        check_step(params, grad, lr)?;
        let c = self.config;
        let first = self.buffer.is_none();
        let buf = self.buffer.get_or_insert_with(|| vec![0.0; params.len()]);
        if buf.len() != params.len() {
            return Err(NnError::shape(
                "params length (optimizer state)",
                buf.len(),
                params.len(),
            ));
        }
        for ((p, &g0), b) in params.iter_mut().zip(grad).zip(buf.iter_mut()) {
            let g = g0 + c.weight_decay * *p;
            let d = if c.momentum == 0.0 {
                g
            } else {
                *b = if first {
                    g
                } else {
                    c.momentum * *b + (1.0 - c.dampening) * g
                };
                if c.nesterov { g + c.momentum * *b } else { *b }
            };
            *p -= lr * d;
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.buffer = None;
    }
}

/// Adam (Kingma & Ba 2015) with PyTorch's update: `g ← g + λθ` (or `θ ← θ(1 − lr λ)` for
/// AdamW); `m ← β₁m + (1−β₁)g`; `v ← β₂v + (1−β₂)g²`;
/// `θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`.
#[derive(Debug, Clone)]
pub struct Adam {
    config: AdamConfig,
    m: Vec<f64>,
    v: Vec<f64>,
    t: u64,
}

impl Adam {
    /// A fresh optimizer (validates `config`).
    pub fn new(config: AdamConfig) -> Result<Adam, NnError> {
        config.validate()?;
        Ok(Adam {
            config,
            m: Vec::new(),
            v: Vec::new(),
            t: 0,
        })
    }

    /// Steps taken since the last reset.
    pub fn steps(&self) -> u64 {
        self.t
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) -> Result<(), NnError> {
        check_step(params, grad, lr)?;
        if self.t == 0 {
            self.m = vec![0.0; params.len()];
            self.v = vec![0.0; params.len()];
        } else if self.m.len() != params.len() {
            return Err(NnError::shape(
                "params length (optimizer state)",
                self.m.len(),
                params.len(),
            ));
        }
        let c = self.config;
        self.t += 1;
        let t = i32::try_from(self.t).unwrap_or(i32::MAX);
        let bc1 = 1.0 - c.beta1.powi(t);
        let bc2_sqrt = (1.0 - c.beta2.powi(t)).sqrt();
        let step_size = lr / bc1;
        for (((p, &g0), m), v) in params
            .iter_mut()
            .zip(grad)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            let g = if c.decoupled_weight_decay {
                *p *= 1.0 - lr * c.weight_decay;
                g0
            } else {
                g0 + c.weight_decay * *p
            };
            *m = c.beta1 * *m + (1.0 - c.beta1) * g;
            *v = c.beta2 * *v + (1.0 - c.beta2) * g * g;
            *p -= step_size * *m / (v.sqrt() / bc2_sqrt + c.eps);
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.m.clear();
        self.v.clear();
        self.t = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sgd_is_gradient_descent() {
        let mut o = Sgd::new(SgdConfig::default()).unwrap();
        let mut p = vec![1.0, -2.0];
        o.step(&mut p, &[0.5, 1.0], 0.1).unwrap();
        assert_eq!(p, vec![0.95, -2.1]);
    }

    #[test]
    fn heavy_ball_and_nesterov_by_hand() {
        let c = SgdConfig {
            momentum: 0.9,
            ..SgdConfig::default()
        };
        let mut o = Sgd::new(c).unwrap();
        let mut p = vec![0.0];
        o.step(&mut p, &[1.0], 1.0).unwrap(); // b = 1, p = -1
        o.step(&mut p, &[1.0], 1.0).unwrap(); // b = 1.9, p = -2.9
        assert!((p[0] + 2.9).abs() < 1e-15);
        let mut n = Sgd::new(SgdConfig {
            nesterov: true,
            ..c
        })
        .unwrap();
        let mut q = vec![0.0];
        n.step(&mut q, &[1.0], 1.0).unwrap(); // b = 1, d = 1.9
        n.step(&mut q, &[1.0], 1.0).unwrap(); // b = 1.9, d = 2.71
        assert!((q[0] + 4.61).abs() < 1e-15);
    }

    #[test]
    fn adam_first_step_moves_by_lr() {
        let mut o = Adam::new(AdamConfig::default()).unwrap();
        let mut p = vec![3.0, -3.0];
        o.step(&mut p, &[2.0, -0.001], 0.1).unwrap();
        // m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε) ≈ lr · sign(g)
        assert!((p[0] - 2.9).abs() < 1e-8 && (p[1] + 2.9).abs() < 1e-5);
        assert_eq!(o.steps(), 1);
    }

    #[test]
    fn bad_settings_and_inputs_are_errors() {
        assert!(
            Sgd::new(SgdConfig {
                momentum: 1.0,
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            Sgd::new(SgdConfig {
                nesterov: true,
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            Adam::new(AdamConfig {
                eps: 0.0,
                ..Default::default()
            })
            .is_err()
        );
        let mut o = Adam::new(AdamConfig::default()).unwrap();
        assert!(o.step(&mut [0.0], &[f64::NAN], 0.1).is_err());
        assert!(o.step(&mut [0.0], &[1.0, 2.0], 0.1).is_err());
        assert!(o.step(&mut [0.0], &[1.0], -0.1).is_err());
        let cfg: OptimizerConfig =
            serde_json::from_str(r#"{"kind":"sgd","momentum":0.5}"#).unwrap();
        assert_eq!(
            cfg,
            OptimizerConfig::Sgd(SgdConfig {
                momentum: 0.5,
                ..Default::default()
            })
        );
    }
}
