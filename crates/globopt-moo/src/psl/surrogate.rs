//! One Gaussian process per objective and the lower confidence bounds the Pareto-set model
//! is trained on (shared digest 21, steps 2.2 and 5.2).

use crate::error::MooError;
use globopt_bayes::{Gp, GpConfig, Hyperparameters};
use globopt_core::Bounds;

/// Independent GPs `f_j ~ GP(μ_j, σ_j²)` over the unit box, one per objective.
#[derive(Debug, Clone)]
pub struct Surrogates {
    gps: Vec<Gp>,
    beta: f64,
}

/// The LCB vector at a point and its Jacobian in x.
#[derive(Debug, Clone, PartialEq)]
pub struct LcbPoint {
    /// `ℓ_j = μ_j(x) − β σ_j(x)`.
    pub value: Vec<f64>,
    /// `∇ℓ_j = ∇μ_j − β ∇σ_j`, one row per objective.
    pub gradient: Vec<Vec<f64>>,
}

impl Surrogates {
    /// Fit one GP per column of `y` (n × M) on the unit-box inputs `x` (n × d), warm-started
    /// from the previous hyperparameters when given.
    pub fn fit(
        x: &[Vec<f64>],
        y: &[Vec<f64>],
        config: &GpConfig,
        warm: Option<&[Hyperparameters]>,
        beta: f64,
    ) -> Result<Self, MooError> {
        let d = x.first().map_or(0, Vec::len);
        let m = y.first().map_or(0, Vec::len);
        let bounds = Bounds::unit(d);
        let gps = (0..m)
            .map(|j| {
                let col: Vec<f64> = y.iter().map(|r| r[j]).collect();
                let w = warm.and_then(|w| w.get(j));
                Gp::fit(x, &col, &bounds, config, w)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Surrogates { gps, beta })
    }

    /// The fitted hyperparameters, for warm starts.
    pub fn hyperparameters(&self) -> Vec<Hyperparameters> {
        self.gps
            .iter()
            .map(|g| g.hyperparameters().clone())
            .collect()
    }

    /// The LCB vector and its Jacobian at `x` (unit box).
    pub fn lcb_with_gradient(&self, x: &[f64]) -> LcbPoint {
        let mut value = Vec::with_capacity(self.gps.len());
        let mut gradient = Vec::with_capacity(self.gps.len());
        for gp in &self.gps {
            let p = gp.predict_with_gradient(x);
            let sd_grad = p.sd_gradient();
            value.push(p.mean - self.beta * p.sd());
            gradient.push(
                p.mean_gradient
                    .iter()
                    .zip(&sd_grad)
                    .map(|(gm, gs)| gm - self.beta * gs)
                    .collect(),
            );
        }
        LcbPoint { value, gradient }
    }

    /// The LCB vectors of many points (one triangular solve per objective).
    pub fn lcb_many(&self, xs: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let mut out = vec![Vec::with_capacity(self.gps.len()); xs.len()];
        for gp in &self.gps {
            for (o, (mean, var)) in out.iter_mut().zip(gp.predict_many(xs)) {
                o.push(mean - self.beta * var.sqrt());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn lcb_gradient_matches_central_differences() {
        let mut rng = globopt_core::rng::seeded(5);
        let x: Vec<Vec<f64>> = (0..12)
            .map(|_| (0..3).map(|_| rng.random::<f64>()).collect())
            .collect();
        let y: Vec<Vec<f64>> = x
            .iter()
            .map(|v| vec![v[0] + 0.3 * v[1] * v[2], 1.0 - v[0].sqrt() + v[1] * v[1]])
            .collect();
        let s = Surrogates::fit(&x, &y, &GpConfig::default(), None, 0.1).unwrap();
        for _ in 0..5 {
            let p: Vec<f64> = (0..3).map(|_| rng.random::<f64>()).collect();
            let l = s.lcb_with_gradient(&p);
            for j in 0..2 {
                // relative to the size of the objective's gradient: the prediction's round-off
                // (~1e-14) over the step (1e-6) bounds what differences resolve
                let scale = l.gradient[j].iter().fold(0.0f64, |a, g| a.max(g.abs()));
                for q in 0..3 {
                    let eps = 1e-6;
                    let mut a = p.clone();
                    a[q] += eps;
                    let mut b = p.clone();
                    b[q] -= eps;
                    let fd = (s.lcb_with_gradient(&a).value[j] - s.lcb_with_gradient(&b).value[j])
                        / (2.0 * eps);
                    assert!(
                        (fd - l.gradient[j][q]).abs() <= 1e-5 * scale,
                        "{j} {q}: {fd} {}",
                        l.gradient[j][q]
                    );
                }
            }
            let many = s.lcb_many(std::slice::from_ref(&p));
            assert!(
                many[0]
                    .iter()
                    .zip(&l.value)
                    .all(|(a, b)| (a - b).abs() < 1e-12)
            );
        }
    }
}
