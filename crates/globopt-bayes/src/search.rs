//! Acquisition maximization (digest 25, step 13): score a seeded Latin hypercube of raw
//! samples plus the given starts (the incumbent and perturbations of it), then run
//! box-constrained L-BFGS in the unit box from the best few, in parallel with rayon; the
//! answer depends on the seed only, not on the thread count. Points within 1e-6 (unit-box
//! distance) of an evaluated point are rejected.

use crate::acquisition::Acquisition;
use crate::optimize::minimize_in_box;
use globopt_core::Bounds;
use globopt_core::design::latin_hypercube;
use globopt_core::rng::substream;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of the acquisition search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchSettings {
    /// Latin-hypercube points scored before the local searches (default 1024).
    pub raw_samples: usize,
    /// Local L-BFGS searches from the best scored points (default 10).
    pub restarts: usize,
    /// Iterations per local search (default 100).
    pub max_iters: u64,
    /// Perturbations of the first start point (the incumbent) added to the raw samples
    /// (default 20, Gaussian with standard deviation 0.05 of the box).
    pub perturbations: usize,
    /// Seed of the raw samples and perturbations (default 0).
    pub seed: u64,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            raw_samples: 1024,
            restarts: 10,
            max_iters: 100,
            perturbations: 20,
            seed: 0,
        }
    }
}

/// The maximizer found by [`maximize_acquisition`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The point (caller's units).
    pub x: Vec<f64>,
    /// The acquisition value there.
    pub value: f64,
}

/// Minimum unit-box distance to an evaluated point below which a candidate is rejected.
const DUPLICATE_DISTANCE: f64 = 1e-6;

fn unit_distance2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The value of `acq` and its gradient with respect to unit-box coordinates u, where
/// x = lo + u·w: the analytic gradient times w, or central differences in u (one-sided at
/// the faces) when the acquisition has none.
fn unit_value_and_gradient(acq: &dyn Acquisition, bounds: &Bounds, u: &[f64]) -> (f64, Vec<f64>) {
    let x = bounds.from_unit(u);
    let w = bounds.widths();
    let (v, g) = acq.value_and_gradient(&x);
    if let Some(g) = g {
        return (v, g.iter().zip(&w).map(|(gq, wq)| gq * wq).collect());
    }
    let h = 1e-6;
    let grad = (0..u.len())
        .map(|q| {
            let up = (u[q] + h).min(1.0);
            let dn = (u[q] - h).max(0.0);
            let mut a = u.to_vec();
            a[q] = up;
            let mut b = u.to_vec();
            b[q] = dn;
            (acq.value(&bounds.from_unit(&a)) - acq.value(&bounds.from_unit(&b))) / (up - dn)
        })
        .collect();
    (v, grad)
}

/// Maximize `acq` over `bounds`. `starts` (caller's units) join the raw samples (the
/// incumbent first: it is also perturbed); `evaluated` points are never returned again.
pub fn maximize_acquisition(
    acq: &dyn Acquisition,
    bounds: &Bounds,
    settings: &SearchSettings,
    starts: &[Vec<f64>],
    evaluated: &[Vec<f64>],
) -> SearchResult {
    let d = bounds.dim();
    let mut rng = substream(settings.seed, 0x5345);
    let mut cand: Vec<Vec<f64>> = latin_hypercube(settings.raw_samples.max(1), d, &mut rng);
    let start_units: Vec<Vec<f64>> = starts.iter().map(|s| bounds.to_unit(s)).collect();
    if let Some(first) = start_units.first() {
        let normal = Normal::new(0.0, 0.05).expect("0.05 is a valid standard deviation");
        for _ in 0..settings.perturbations {
            cand.push(
                first
                    .iter()
                    .map(|v| (v + normal.sample(&mut rng)).clamp(0.0, 1.0))
                    .collect(),
            );
        }
    }
    cand.extend(start_units);
    let evaluated_u: Vec<Vec<f64>> = evaluated.iter().map(|x| bounds.to_unit(x)).collect();
    let fresh = |u: &[f64]| {
        evaluated_u
            .iter()
            .all(|e| unit_distance2(e, u) > DUPLICATE_DISTANCE * DUPLICATE_DISTANCE)
    };
    let scores: Vec<f64> = cand
        .par_iter()
        .map(|u| {
            let v = acq.value(&bounds.from_unit(u));
            if v.is_nan() { f64::NEG_INFINITY } else { v }
        })
        .collect();
    let mut order: Vec<usize> = (0..cand.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let lo = vec![0.0; d];
    let hi = vec![1.0; d];
    let local: Vec<(Vec<f64>, f64)> = order
        .iter()
        .take(settings.restarts)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&&i| {
            let f = |u: &[f64]| {
                let (v, g) = unit_value_and_gradient(acq, bounds, u);
                (-v, g.into_iter().map(|x| -x).collect())
            };
            let (u, v) = minimize_in_box(&f, &cand[i], &lo, &hi, settings.max_iters, 1e-8);
            (u, -v)
        })
        .collect();
    // local optima first (by value, ties to the earlier start), then the raw ranking
    let mut ranked: Vec<(Vec<f64>, f64)> = local;
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked.extend(order.iter().map(|&i| (cand[i].clone(), scores[i])));
    let chosen = ranked
        .iter()
        .find(|(u, v)| !v.is_nan() && fresh(u))
        .cloned()
        .unwrap_or_else(|| {
            // every candidate repeats an evaluated point: the raw sample farthest from them
            let far = (0..cand.len())
                .max_by(|&a, &b| {
                    let da = evaluated_u
                        .iter()
                        .map(|e| unit_distance2(e, &cand[a]))
                        .fold(f64::INFINITY, f64::min);
                    let db = evaluated_u
                        .iter()
                        .map(|e| unit_distance2(e, &cand[b]))
                        .fold(f64::INFINITY, f64::min);
                    da.total_cmp(&db).then(b.cmp(&a))
                })
                .unwrap_or(0);
            (cand[far].clone(), scores[far])
        });
    SearchResult {
        x: bounds.from_unit(&chosen.0),
        value: chosen.1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bump;
    impl Acquisition for Bump {
        fn name(&self) -> &'static str {
            "bump"
        }
        fn value(&self, x: &[f64]) -> f64 {
            -((x[0] - 3.3).powi(2) + (x[1] + 0.7).powi(2))
        }
    }

    #[test]
    fn finds_the_peak_with_finite_differences_and_avoids_evaluated_points() {
        let b = Bounds::new(vec![0.0, -1.0], vec![5.0, 1.0]).unwrap();
        let s = SearchSettings {
            raw_samples: 64,
            restarts: 3,
            ..Default::default()
        };
        let r = maximize_acquisition(&Bump, &b, &s, &[], &[]);
        assert!(
            (r.x[0] - 3.3).abs() < 1e-4 && (r.x[1] + 0.7).abs() < 1e-4,
            "{:?}",
            r.x
        );
        let again = maximize_acquisition(&Bump, &b, &s, &[], &[vec![3.3, -0.7]]);
        let du = ((again.x[0] - 3.3) / 5.0).hypot((again.x[1] + 0.7) / 2.0);
        assert!(du > 1e-6);
        // the same seed gives the same point
        assert_eq!(maximize_acquisition(&Bump, &b, &s, &[], &[]).x, r.x);
    }
}
