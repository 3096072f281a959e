//! Constraints g_j(x) ≤ 0 modelled by separate GPs (digest 25, step 11): the acquisition is
//! EI at the best feasible value times Π_j Φ(−μ_{g_j}/σ_{g_j}); before any feasible point
//! is known, the product of probabilities alone. Both are optimized in log form.

use super::{Acquisition, LogExpectedImprovement};
use crate::gp::Gp;
use crate::normal::{inverse_mills_ratio, log_cdf};

/// ln P(g(x) ≤ 0) = ln Φ(w), w = −μ_g/σ_g, for a constraint GP; gradient
/// (φ(w)/Φ(w))·∇w with ∇w = (−∇μ_g − w∇σ_g)/σ_g.
#[derive(Debug, Clone)]
pub struct ProbabilityOfFeasibility<'a> {
    gp: &'a Gp,
}

impl<'a> ProbabilityOfFeasibility<'a> {
    /// The feasibility probability of the constraint modelled by `gp` (feasible when ≤ 0).
    pub fn new(gp: &'a Gp) -> Self {
        ProbabilityOfFeasibility { gp }
    }
    /// P(g(x) ≤ 0).
    pub fn probability(&self, x: &[f64]) -> f64 {
        self.value(x).exp()
    }
}

impl Acquisition for ProbabilityOfFeasibility<'_> {
    fn name(&self) -> &'static str {
        "log_probability_of_feasibility"
    }
    fn value(&self, x: &[f64]) -> f64 {
        let (m, v) = self.gp.predict(x);
        log_cdf(-m / v.sqrt())
    }
    fn value_and_gradient(&self, x: &[f64]) -> (f64, Option<Vec<f64>>) {
        let p = self.gp.predict_with_gradient(x);
        let s = p.sd();
        let w = -p.mean / s;
        let r = inverse_mills_ratio(w);
        let g = p
            .mean_gradient
            .iter()
            .zip(p.sd_gradient())
            .map(|(gm, gs)| r * (-gm - w * gs) / s)
            .collect();
        (log_cdf(w), Some(g))
    }
}

/// ln(EI_feasible(x)·Π_j PoF_j(x)) = ln EI + Σ_j ln PoF_j; without a feasible incumbent,
/// Σ_j ln PoF_j alone.
pub struct WithFeasibility<'a> {
    objective: Option<LogExpectedImprovement<'a>>,
    constraints: Vec<ProbabilityOfFeasibility<'a>>,
}

impl<'a> WithFeasibility<'a> {
    /// Log-EI of `objective` below `best_feasible` (when some point is feasible) weighted by
    /// the feasibility probabilities of `constraints`.
    pub fn new(objective: &'a Gp, best_feasible: Option<f64>, constraints: &'a [Gp]) -> Self {
        WithFeasibility {
            objective: best_feasible.map(|b| LogExpectedImprovement::new(objective, b)),
            constraints: constraints
                .iter()
                .map(ProbabilityOfFeasibility::new)
                .collect(),
        }
    }
}

impl Acquisition for WithFeasibility<'_> {
    fn name(&self) -> &'static str {
        "constrained_log_ei"
    }
    fn value(&self, x: &[f64]) -> f64 {
        let base = self.objective.as_ref().map_or(0.0, |o| o.value(x));
        base + self.constraints.iter().map(|c| c.value(x)).sum::<f64>()
    }
    fn value_and_gradient(&self, x: &[f64]) -> (f64, Option<Vec<f64>>) {
        let (mut v, mut g) = match &self.objective {
            Some(o) => {
                let (v, g) = o.value_and_gradient(x);
                (v, g.unwrap_or_else(|| vec![0.0; x.len()]))
            }
            None => (0.0, vec![0.0; x.len()]),
        };
        for c in &self.constraints {
            let (cv, cg) = c.value_and_gradient(x);
            v += cv;
            if let Some(cg) = cg {
                for (a, b) in g.iter_mut().zip(cg) {
                    *a += b;
                }
            }
        }
        (v, Some(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gp::GpConfig;
    use globopt_core::Bounds;

    #[test]
    fn feasibility_follows_the_constraint_model_and_gradients_match() {
        let b = Bounds::new(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
        let x: Vec<Vec<f64>> = (0..9)
            .map(|i| vec![(i % 3) as f64 / 2.0, (i / 3) as f64 / 2.0])
            .collect();
        // g = x0 − 0.5: feasible on the left half
        let g: Vec<f64> = x.iter().map(|p| p[0] - 0.5).collect();
        let f: Vec<f64> = x.iter().map(|p| (p[0] - 0.8).powi(2) + p[1]).collect();
        let cfg = GpConfig::default();
        let gp_f = Gp::fit(&x, &f, &b, &cfg, None).unwrap();
        let gps = vec![Gp::fit(&x, &g, &b, &cfg, None).unwrap()];
        let pof = ProbabilityOfFeasibility::new(&gps[0]);
        assert!(pof.probability(&[0.1, 0.5]) > 0.99);
        assert!(pof.probability(&[0.9, 0.5]) < 0.01);
        let acq = WithFeasibility::new(&gp_f, Some(0.09), &gps);
        for p in [vec![0.3, 0.3], vec![0.55, 0.7]] {
            let (_, grad) = acq.value_and_gradient(&p);
            let grad = grad.unwrap();
            for q in 0..2 {
                let h = 1e-6;
                let mut a = p.clone();
                a[q] += h;
                let mut c = p.clone();
                c[q] -= h;
                let fd = (acq.value(&a) - acq.value(&c)) / (2.0 * h);
                assert!(
                    (fd - grad[q]).abs() <= 1e-5 * grad[q].abs().max(1e-4),
                    "{fd} {}",
                    grad[q]
                );
            }
        }
    }
}
