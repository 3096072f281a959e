//! Probability of improvement, a baseline (digest 25, "UCB and PI as baselines").

use super::{Acquisition, standardized_improvement_gradient};
use crate::gp::Gp;
use crate::normal::{cdf, pdf};

/// PI(x) = Φ(z), z = (f* − μ)/σ: the posterior probability of beating the incumbent;
/// ∇PI = φ(z)∇z.
#[derive(Debug, Clone)]
pub struct ProbabilityOfImprovement<'a> {
    gp: &'a Gp,
    best: f64,
}

impl<'a> ProbabilityOfImprovement<'a> {
    /// PI of `gp` below the incumbent value `best`.
    pub fn new(gp: &'a Gp, best: f64) -> Self {
        ProbabilityOfImprovement { gp, best }
    }
}

impl Acquisition for ProbabilityOfImprovement<'_> {
    fn name(&self) -> &'static str {
        "pi"
    }
    fn value(&self, x: &[f64]) -> f64 {
        let (m, v) = self.gp.predict(x);
        cdf((self.best - m) / v.sqrt())
    }
    fn value_and_gradient(&self, x: &[f64]) -> (f64, Option<Vec<f64>>) {
        let p = self.gp.predict_with_gradient(x);
        let s = p.sd();
        let z = (self.best - p.mean) / s;
        let gz = standardized_improvement_gradient(z, s, &p.mean_gradient, &p.sd_gradient());
        let phi = pdf(z);
        (cdf(z), Some(gz.into_iter().map(|g| phi * g).collect()))
    }
}
