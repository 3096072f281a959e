//! Multi-fidelity / multi-information-source knowledge gradient (digest 25, step 12;
//! Frazier 2018, section 5).
//!
//! One GP models f(x, s) over the box × [0, 1], with s = 1 the target; with the
//! squared-exponential kernel its ARD covariance is the product k_x·k_s. A candidate (x, s)
//! is valued by the discrete KG about the **target**: the reference points x' sit at s = 1
//! and the fantasy observation at (x, s) reaches them through the cross-covariance
//! Σ_n((x', 1), (x, s)); the value is divided by the cost of source s. EI and PI are refused
//! with multi-fidelity sources: a cheap observation never improves the target incumbent.

use super::Acquisition;
use super::envelope::expected_max_excess;
use crate::gp::{Gp, ReferenceSet};

/// KG about the target per unit cost of observing source `fidelity`, as a function of x (the
/// fidelity coordinate is appended internally).
#[derive(Debug, Clone)]
pub struct MultiFidelityKnowledgeGradient<'a> {
    refs: ReferenceSet<'a>,
    fidelity: f64,
    cost: f64,
}

impl<'a> MultiFidelityKnowledgeGradient<'a> {
    /// `gp` models (x, s); `reference_x` are the target-fidelity reference points x' (without
    /// the fidelity coordinate); observing source `fidelity` costs `cost` (> 0).
    pub fn new(gp: &'a Gp, reference_x: &[Vec<f64>], fidelity: f64, cost: f64) -> Self {
        let at_target: Vec<Vec<f64>> = reference_x.iter().map(|x| with_fidelity(x, 1.0)).collect();
        MultiFidelityKnowledgeGradient {
            refs: gp.reference_set(&at_target),
            fidelity,
            cost,
        }
    }

    /// The knowledge gradient about the target of observing (x, fidelity), before the cost.
    pub fn knowledge_gradient(&self, x: &[f64]) -> f64 {
        let gp = self.refs.gp();
        let xs = with_fidelity(x, self.fidelity);
        let xt = with_fidelity(x, 1.0);
        let (cov, _, var) = self.refs.covariances_with(&xs);
        let scale = (var + gp.noise_variance()).sqrt();
        let mut a: Vec<f64> = self.refs.means().iter().map(|m| -m).collect();
        let mut b: Vec<f64> = cov.iter().map(|c| c / scale).collect();
        // x itself at the target fidelity is a reference point too
        a.push(-gp.predict(&xt).0);
        b.push(gp.covariance(&xt, &xs) / scale);
        expected_max_excess(&a, &b)
    }
}

/// The point (x, s).
pub(crate) fn with_fidelity(x: &[f64], s: f64) -> Vec<f64> {
    let mut v = x.to_vec();
    v.push(s);
    v
}

impl Acquisition for MultiFidelityKnowledgeGradient<'_> {
    fn name(&self) -> &'static str {
        "multi_fidelity_knowledge_gradient"
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.knowledge_gradient(x) / self.cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gp::{GpConfig, Hyperparameters};
    use crate::kernel::Kernel;
    use globopt_core::Bounds;

    fn gp_with_fidelity_lengthscale(ls: f64) -> Gp {
        let b = Bounds::new(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
        let x: Vec<Vec<f64>> = [0.1, 0.4, 0.7, 0.95]
            .iter()
            .map(|v| vec![*v, 1.0])
            .collect();
        let y: Vec<f64> = x.iter().map(|p| (5.0 * p[0]).sin()).collect();
        let cfg = GpConfig {
            kernel: Kernel::SquaredExponential,
            ..Default::default()
        };
        let hyper = Hyperparameters {
            log_signal_variance: 0.0,
            log_lengthscales: vec![(0.2f64).ln(), ls.ln()],
            log_noise_variance: (1e-4f64).ln(),
            mean: vec![0.0],
        };
        Gp::with_hyperparameters(&x, &y, &b, &cfg, hyper).unwrap()
    }

    /// A source with zero correlation to the target is worth exactly nothing.
    #[test]
    fn uncorrelated_source_has_zero_kg_and_correlated_one_is_cheaper_per_unit() {
        let refs: Vec<Vec<f64>> = (0..=20).map(|i| vec![i as f64 / 20.0]).collect();
        // ℓ_s = 0.01: k_s(0, 1) = e^{−5000} = 0 exactly in f64
        let gp = gp_with_fidelity_lengthscale(0.01);
        let low = MultiFidelityKnowledgeGradient::new(&gp, &refs, 0.0, 0.1);
        assert_eq!(low.knowledge_gradient(&[0.55]), 0.0);
        let target = MultiFidelityKnowledgeGradient::new(&gp, &refs, 1.0, 1.0);
        assert!(target.knowledge_gradient(&[0.55]) > 0.0);
        // a strongly correlated cheap source is worth more per unit cost than the target
        let gp = gp_with_fidelity_lengthscale(3.0);
        let low = MultiFidelityKnowledgeGradient::new(&gp, &refs, 0.0, 0.1);
        let target = MultiFidelityKnowledgeGradient::new(&gp, &refs, 1.0, 1.0);
        let (l, t) = (
            low.knowledge_gradient(&[0.55]),
            target.knowledge_gradient(&[0.55]),
        );
        assert!(l > 0.0 && l < t, "{l} {t}");
        assert!(low.value(&[0.55]) > target.value(&[0.55]));
    }
}
