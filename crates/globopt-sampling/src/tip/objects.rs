//! Uncertain objects of a perceived or true world (shared digest 29, "Inputs"): a box of given
//! size whose center follows a distribution (fixed, Gaussian per axis, uniform on a box) and
//! which exists with some probability. Each distribution can be discretised into cells with
//! masses (exact and grid modes) or sampled (Monte Carlo mode).

use crate::error::SamplingError;
use rand::Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// Where an object's center is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Position {
    /// Exactly here.
    Fixed(Vec<f64>),
    /// Independent normals per axis.
    Gaussian {
        /// The mean.
        mean: Vec<f64>,
        /// Standard deviations (0 on an axis: fixed there).
        sigma: Vec<f64>,
    },
    /// Uniform on the box `[lo, hi]`.
    Uniform([Vec<f64>; 2]),
}

fn one() -> f64 {
    1.0
}

/// One object (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertainObject {
    /// Identifies the object across the true and perceived worlds (same id: same object).
    pub id: String,
    /// Box widths per axis (0 for a point object).
    pub size: Vec<f64>,
    /// Distribution of the box center.
    pub position: Position,
    /// Probability that the object exists (default 1).
    #[serde(default = "one")]
    pub existence: f64,
}

/// Number of standard deviations a Gaussian's grid spans on each side.
const GAUSS_SPAN: f64 = 5.0;

/// The standard normal CDF `Φ(x) = erfc(−x/√2)/2`.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Masses of `N(mean, sigma²)` on the cells cut at `edges` (sorted), the tails folded into
/// the first and last cells so that they sum to 1.
fn gaussian_masses(mean: f64, sigma: f64, edges: &[f64]) -> Vec<f64> {
    let cdf: Vec<f64> = edges
        .iter()
        .map(|e| normal_cdf((e - mean) / sigma))
        .collect();
    let k = edges.len() - 1;
    (0..k)
        .map(|i| {
            let a = if i == 0 { 0.0 } else { cdf[i] };
            let b = if i == k - 1 { 1.0 } else { cdf[i + 1] };
            (b - a).max(0.0)
        })
        .collect()
}

/// Masses of `U[lo, hi]` on the cells cut at `edges`, mass outside the edges folded into the
/// end cells; a point mass when `lo = hi`.
fn uniform_masses(lo: f64, hi: f64, edges: &[f64]) -> Vec<f64> {
    let k = edges.len() - 1;
    if hi <= lo {
        return point_masses(lo, edges);
    }
    let mut m: Vec<f64> = (0..k)
        .map(|i| {
            let a = if i == 0 { f64::NEG_INFINITY } else { edges[i] };
            let b = if i == k - 1 {
                f64::INFINITY
            } else {
                edges[i + 1]
            };
            ((b.min(hi) - a.max(lo)).max(0.0)) / (hi - lo)
        })
        .collect();
    let total: f64 = m.iter().sum();
    m.iter_mut().for_each(|v| *v /= total);
    m
}

/// A point mass in the cell holding `x` (end cells take everything beyond the edges).
fn point_masses(x: f64, edges: &[f64]) -> Vec<f64> {
    let k = edges.len() - 1;
    let mut m = vec![0.0; k];
    let cell = (0..k).find(|&i| x < edges[i + 1]).unwrap_or(k - 1);
    m[cell] = 1.0;
    m
}

impl UncertainObject {
    /// Errors naming `field` (e.g. `truth.objects[2]`) when sizes, positions or the existence
    /// probability are malformed for a `dim`-dimensional world.
    pub fn validate(&self, dim: usize, field: &str) -> Result<(), SamplingError> {
        let bad =
            |what: &str, msg: String| SamplingError::perception(format!("{field}.{what}"), msg);
        let vec_ok = |what: &str, v: &[f64]| -> Result<(), SamplingError> {
            if v.len() != dim {
                return Err(bad(
                    what,
                    format!("has {} entries, the world has dimension {dim}", v.len()),
                ));
            }
            if v.iter().any(|x| !x.is_finite()) {
                return Err(bad(what, "must be finite numbers".into()));
            }
            Ok(())
        };
        vec_ok("size", &self.size)?;
        if self.size.iter().any(|s| *s < 0.0) {
            return Err(bad("size", "must be nonnegative".into()));
        }
        match &self.position {
            Position::Fixed(x) => vec_ok("position.fixed", x)?,
            Position::Gaussian { mean, sigma } => {
                vec_ok("position.gaussian.mean", mean)?;
                vec_ok("position.gaussian.sigma", sigma)?;
                if sigma.iter().any(|s| *s < 0.0) {
                    return Err(bad("position.gaussian.sigma", "must be nonnegative".into()));
                }
            }
            Position::Uniform([lo, hi]) => {
                vec_ok("position.uniform[0]", lo)?;
                vec_ok("position.uniform[1]", hi)?;
                if lo.iter().zip(hi).any(|(l, h)| l > h) {
                    return Err(bad(
                        "position.uniform",
                        "needs lo ≤ hi on every axis".into(),
                    ));
                }
            }
        }
        if !(0.0..=1.0).contains(&self.existence) {
            return Err(bad(
                "existence",
                format!("must lie in [0, 1], got {}", self.existence),
            ));
        }
        Ok(())
    }

    /// The support's bounding box per axis (a Gaussian's ±5σ).
    fn support(&self, axis: usize) -> (f64, f64) {
        match &self.position {
            Position::Fixed(x) => (x[axis], x[axis]),
            Position::Gaussian { mean, sigma } => (
                mean[axis] - GAUSS_SPAN * sigma[axis],
                mean[axis] + GAUSS_SPAN * sigma[axis],
            ),
            Position::Uniform([lo, hi]) => (lo[axis], hi[axis]),
        }
    }

    /// Masses on one axis's cells cut at `edges`.
    pub fn axis_masses(&self, axis: usize, edges: &[f64]) -> Vec<f64> {
        match &self.position {
            Position::Fixed(x) => point_masses(x[axis], edges),
            Position::Gaussian { mean, sigma } if sigma[axis] == 0.0 => {
                point_masses(mean[axis], edges)
            }
            Position::Gaussian { mean, sigma } => gaussian_masses(mean[axis], sigma[axis], edges),
            Position::Uniform([lo, hi]) => uniform_masses(lo[axis], hi[axis], edges),
        }
    }

    /// The distribution on its own support cut into `per_axis` cells per axis (one cell on a
    /// flat axis): `(center, mass)` pairs, masses summing to 1 (existence not included).
    pub fn cells(&self, per_axis: usize) -> Vec<(Vec<f64>, f64)> {
        let d = self.size.len();
        let mut axes: Vec<Vec<(f64, f64)>> = Vec::with_capacity(d);
        for k in 0..d {
            let (lo, hi) = self.support(k);
            if hi <= lo {
                axes.push(vec![(lo, 1.0)]);
                continue;
            }
            let n = per_axis.max(1);
            let edges: Vec<f64> = (0..=n)
                .map(|i| lo + (hi - lo) * i as f64 / n as f64)
                .collect();
            let masses = self.axis_masses(k, &edges);
            axes.push(
                (0..n)
                    .map(|i| (0.5 * (edges[i] + edges[i + 1]), masses[i]))
                    .filter(|(_, m)| *m > 0.0)
                    .collect(),
            );
        }
        let mut out = vec![(Vec::with_capacity(d), 1.0)];
        for axis in axes {
            let mut next = Vec::with_capacity(out.len() * axis.len());
            for (c, m) in &out {
                for (x, mx) in &axis {
                    let mut c2 = c.clone();
                    c2.push(*x);
                    next.push((c2, m * mx));
                }
            }
            out = next;
        }
        out
    }

    /// One draw of the center, or `None` when the object does not exist in this draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<Vec<f64>> {
        let exists = rng.random::<f64>() < self.existence;
        let center = match &self.position {
            Position::Fixed(x) => x.clone(),
            Position::Gaussian { mean, sigma } => mean
                .iter()
                .zip(sigma)
                .map(|(m, s)| {
                    if *s == 0.0 {
                        *m
                    } else {
                        Normal::new(*m, *s).map_or(*m, |n| n.sample(rng))
                    }
                })
                .collect(),
            Position::Uniform([lo, hi]) => lo
                .iter()
                .zip(hi)
                .map(|(l, h)| if h > l { rng.random_range(*l..=*h) } else { *l })
                .collect(),
        };
        exists.then_some(center)
    }

    /// The box the ego must avoid with the center at `center`: half the size plus the ego
    /// radius `rho` on each side.
    pub fn hit_box(&self, center: &[f64], rho: f64) -> (Vec<f64>, Vec<f64>) {
        let lo = center
            .iter()
            .zip(&self.size)
            .map(|(c, s)| c - 0.5 * s - rho)
            .collect();
        let hi = center
            .iter()
            .zip(&self.size)
            .map(|(c, s)| c + 0.5 * s + rho)
            .collect();
        (lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discretisations_sum_to_one() {
        let g = UncertainObject {
            id: "g".into(),
            size: vec![1.0, 1.0],
            position: Position::Gaussian {
                mean: vec![0.0, 1.0],
                sigma: vec![0.5, 0.0],
            },
            existence: 0.9,
        };
        let cells = g.cells(40);
        assert_eq!(cells.len(), 40);
        assert!((cells.iter().map(|c| c.1).sum::<f64>() - 1.0).abs() < 1e-12);
        let edges: Vec<f64> = (0..=10).map(|i| -1.0 + 0.2 * i as f64).collect();
        let m = g.axis_masses(0, &edges);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let u = UncertainObject {
            position: Position::Uniform([vec![-3.0], vec![-2.0]]),
            size: vec![0.0],
            ..g.clone()
        };
        let edges: Vec<f64> = (0..=600).map(|i| -3.0 + 0.01 * i as f64).collect();
        let m = u.axis_masses(0, &edges);
        assert!((m[..100].iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((normal_cdf(1.959963984540054) - 0.975).abs() < 1e-12);
        assert!(g.validate(2, "truth.objects[0]").is_ok());
        let e = UncertainObject {
            existence: 1.5,
            ..g
        }
        .validate(2, "truth.objects[0]")
        .unwrap_err();
        assert!(e.to_string().contains("truth.objects[0].existence"), "{e}");
    }
}
