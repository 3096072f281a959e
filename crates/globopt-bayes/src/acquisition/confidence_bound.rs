//! The confidence-bound baseline for minimization (UCB on −f).

use super::Acquisition;
use crate::gp::Gp;

/// −LCB(x) = −(μ(x) − κσ(x)), maximized: the optimistic lower confidence bound of GP-UCB
/// written for minimization. ∇ = −∇μ + κ∇σ.
#[derive(Debug, Clone)]
pub struct LowerConfidenceBound<'a> {
    gp: &'a Gp,
    kappa: f64,
}

impl<'a> LowerConfidenceBound<'a> {
    /// The bound μ − κσ of `gp` (κ = √β; globopt's default is 2).
    pub fn new(gp: &'a Gp, kappa: f64) -> Self {
        LowerConfidenceBound { gp, kappa }
    }
}

impl Acquisition for LowerConfidenceBound<'_> {
    fn name(&self) -> &'static str {
        "ucb"
    }
    fn value(&self, x: &[f64]) -> f64 {
        let (m, v) = self.gp.predict(x);
        -(m - self.kappa * v.sqrt())
    }
    fn value_and_gradient(&self, x: &[f64]) -> (f64, Option<Vec<f64>>) {
        let p = self.gp.predict_with_gradient(x);
        let g = p
            .mean_gradient
            .iter()
            .zip(p.sd_gradient())
            .map(|(gm, gs)| -gm + self.kappa * gs)
            .collect();
        (-(p.mean - self.kappa * p.sd()), Some(g))
    }
}
