//! The knowledge gradient (digest 25, step 8; Frazier 2018, section 4.2):
//!
//!   KG(x) = min_{x'} μ_n(x') − E[min_{x'} μ_{n+1}(x')],
//!
//! the expected drop of the posterior minimum after observing x. The discrete version takes
//! x' over a finite set A (the evaluated points, space-filling points and x itself) and is
//! exact through the upper-envelope routine; the continuous version estimates it with J
//! fantasies and an inner L-BFGS minimization of μ_{n+1}, and climbs it by stochastic gradient
//! ascent with the envelope-theorem gradient ∇_x KG = −E[Z·∇_x σ̃(x*, x)].

use super::Acquisition;
use super::envelope::expected_max_excess;
use crate::gp::{Gp, ReferenceSet};
use crate::optimize::minimize_in_box;
use globopt_core::design::latin_hypercube;
use globopt_core::rng::substream;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The exact discrete knowledge gradient over a reference set A ∪ {x}: with a_i = −μ_n(a_i)
/// and b_i = σ̃(a_i, x) = Σ_n(a_i, x)/√(Σ_n(x, x) + λ²), KG(x) = E[max_i(a_i + b_iZ)] − max_i a_i.
#[derive(Debug, Clone)]
pub struct DiscreteKnowledgeGradient<'a> {
    refs: ReferenceSet<'a>,
    noise: f64,
}

impl<'a> DiscreteKnowledgeGradient<'a> {
    /// KG with A = the evaluated points of `gp` plus `extra` seeded Latin-hypercube points of
    /// its box (the digest's default is 500), and the model's noise λ².
    pub fn new(gp: &'a Gp, extra: usize, seed: u64) -> Self {
        let mut a = gp.inputs();
        let b = gp.bounds();
        let mut rng = substream(seed, 0x4b47);
        a.extend(
            latin_hypercube(extra, b.dim(), &mut rng)
                .iter()
                .map(|u| b.from_unit(u)),
        );
        Self::with_reference_points(gp, &a, gp.noise_variance())
    }

    /// KG over the given reference points `a` (caller's units) with noise variance `noise`.
    pub fn with_reference_points(gp: &'a Gp, a: &[Vec<f64>], noise: f64) -> Self {
        DiscreteKnowledgeGradient {
            refs: gp.reference_set(a),
            noise: noise.max(0.0),
        }
    }

    /// The intercepts and slopes (a_i, b_i) of the lines whose expected maximum KG measures,
    /// x's own line last.
    pub fn lines(&self, x: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let (cov, mean, var) = self.refs.covariances_with(x);
        let scale = (var + self.noise).sqrt();
        let mut a: Vec<f64> = self.refs.means().iter().map(|m| -m).collect();
        let mut b: Vec<f64> = cov.iter().map(|c| c / scale).collect();
        a.push(-mean);
        b.push(var / scale);
        (a, b)
    }
}

impl Acquisition for DiscreteKnowledgeGradient<'_> {
    fn name(&self) -> &'static str {
        "knowledge_gradient"
    }
    fn value(&self, x: &[f64]) -> f64 {
        let (a, b) = self.lines(x);
        expected_max_excess(&a, &b)
    }
}

/// Settings of the stochastic-gradient continuous knowledge gradient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContinuousKgSettings {
    /// Fantasies per stochastic gradient (default 8).
    pub fantasies: usize,
    /// Ascent steps per start (default 25).
    pub steps: usize,
    /// Starting points, the best of a Latin hypercube by discrete KG (default 4).
    pub starts: usize,
    /// Length of the first ascent step in unit-box lengths (default 0.1); step t has length
    /// `step_size`·a/(a + t) with a = 5.
    pub step_size: f64,
    /// Fantasies used to re-score the final points (default 64).
    pub rescore_fantasies: usize,
    /// Seed of the fantasies and starts (default 0).
    pub seed: u64,
}

impl Default for ContinuousKgSettings {
    fn default() -> Self {
        ContinuousKgSettings {
            fantasies: 8,
            steps: 25,
            starts: 4,
            step_size: 0.1,
            rescore_fantasies: 64,
            seed: 0,
        }
    }
}

/// min_{x'} of μ_n(x') + Z·σ̃(x', x) by L-BFGS from the evaluated points' best and x, with the
/// minimizer (caller's units).
fn fantasy_minimum(gp: &Gp, x: &[f64], z: f64, scale: f64, starts: &[Vec<f64>]) -> (Vec<f64>, f64) {
    let b = gp.bounds();
    let w = b.widths();
    let f = |u: &[f64]| -> (f64, Vec<f64>) {
        let xp = b.from_unit(u);
        let p = gp.predict_with_gradient(&xp);
        let c = gp.covariance(x, &xp);
        let gc = gp.covariance_gradient(x, &xp);
        let v = p.mean + z * c / scale;
        let g = (0..u.len())
            .map(|q| (p.mean_gradient[q] + z * gc[q] / scale) * w[q])
            .collect();
        (v, g)
    };
    let lo = vec![0.0; b.dim()];
    let hi = vec![1.0; b.dim()];
    let (u, v) = starts
        .iter()
        .map(|s| minimize_in_box(&f, &b.to_unit(s), &lo, &hi, 50, 1e-8))
        .fold((b.to_unit(x), f64::INFINITY), |acc, r| {
            if r.1 < acc.1 { r } else { acc }
        });
    (b.from_unit(&u), v)
}

/// The Monte-Carlo KG estimate m₀ − mean_j min_{x'} μ_{n+1}^{(j)}(x') with the given normal
/// draws, and its stochastic gradient −mean_j Z_j ∇_x σ̃(x*_j, x) (caller's units).
fn kg_estimate(
    gp: &Gp,
    x: &[f64],
    m0: f64,
    draws: &[f64],
    inner_starts: &[Vec<f64>],
) -> (f64, Vec<f64>) {
    let p = gp.predict_with_gradient(x);
    let var = p.variance;
    let noise = gp.noise_variance();
    let scale = (var + noise).sqrt();
    let mut starts = inner_starts.to_vec();
    starts.push(x.to_vec());
    let d = x.len();
    let mut total = 0.0;
    let mut grad = vec![0.0; d];
    for &z in draws {
        let (xs, v) = fantasy_minimum(gp, x, z, scale, &starts);
        total += m0 - v;
        // ∇_x σ̃(x*, x) = ∇_x Σ(x*, x)/s − Σ(x*, x)·∇V/(2 s³), s = √(V + λ²)
        let c = gp.covariance(&xs, x);
        let gc = gp.covariance_gradient(&xs, x);
        for q in 0..d {
            let gs = gc[q] / scale - c * p.variance_gradient[q] / (2.0 * scale.powi(3));
            grad[q] -= z * gs;
        }
    }
    let j = draws.len().max(1) as f64;
    (total / j, grad.into_iter().map(|g| g / j).collect())
}

/// Maximize the continuous knowledge gradient by multistart stochastic gradient ascent with
/// step a/(a + t) (digest 25, step 8): starts are the best Latin-hypercube points by discrete
/// KG; each step draws fresh fantasies; the final points are re-scored with
/// `rescore_fantasies` common draws. Returns the best point and its re-scored KG estimate.
pub fn continuous_knowledge_gradient(gp: &Gp, settings: &ContinuousKgSettings) -> (Vec<f64>, f64) {
    let b = gp.bounds();
    let dim = b.dim();
    let widths = b.widths();
    // inner starts: the evaluated point with the lowest posterior mean
    let inputs = gp.inputs();
    let means: Vec<f64> = gp.predict_many(&inputs).into_iter().map(|p| p.0).collect();
    let best_i = (0..means.len()).fold(0, |bi, i| if means[i] < means[bi] { i } else { bi });
    let inner = vec![inputs[best_i].clone()];
    let (_, m0) = fantasy_minimum(gp, &inputs[best_i], 0.0, 1.0, &inner);
    // starting points by discrete KG over a small design
    let mut rng = substream(settings.seed, 1);
    let cand: Vec<Vec<f64>> = latin_hypercube(64.max(4 * settings.starts), dim, &mut rng)
        .iter()
        .map(|u| b.from_unit(u))
        .collect();
    let dkg = DiscreteKnowledgeGradient::new(gp, 100, settings.seed);
    let mut scored: Vec<(f64, usize)> = cand
        .par_iter()
        .enumerate()
        .map(|(i, c)| (dkg.value(c), i))
        .collect();
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
    let starts: Vec<Vec<f64>> = scored
        .iter()
        .take(settings.starts.max(1))
        .map(|&(_, i)| cand[i].clone())
        .collect();
    let finals: Vec<Vec<f64>> = starts
        .par_iter()
        .enumerate()
        .map(|(s, x0)| {
            let mut rng = substream(settings.seed, 100 + s as u64);
            let mut x = x0.clone();
            for t in 0..settings.steps {
                let draws: Vec<f64> = (0..settings.fantasies)
                    .map(|_| StandardNormal.sample(&mut rng))
                    .collect();
                let (_, g) = kg_estimate(gp, &x, m0, &draws, &inner);
                let gnorm = g
                    .iter()
                    .zip(&widths)
                    .map(|(gq, w)| (gq * w).powi(2))
                    .sum::<f64>()
                    .sqrt();
                if gnorm <= 0.0 || !gnorm.is_finite() {
                    break;
                }
                let step = settings.step_size * 5.0 / (5.0 + t as f64);
                // a normalized ascent step in unit-box lengths, then back into the box
                let next: Vec<f64> = x
                    .iter()
                    .enumerate()
                    .map(|(q, v)| v + step * g[q] * widths[q] * widths[q] / gnorm)
                    .collect();
                x = b.clip(&next);
            }
            x
        })
        .collect();
    let mut rng = substream(settings.seed, 2);
    let common: Vec<f64> = (0..settings.rescore_fantasies.max(1))
        .map(|_| StandardNormal.sample(&mut rng))
        .collect();
    let rescored: Vec<f64> = finals
        .par_iter()
        .map(|x| kg_estimate(gp, x, m0, &common, &inner).0)
        .collect();
    let bi = (0..rescored.len()).fold(0, |bi, i| if rescored[i] > rescored[bi] { i } else { bi });
    (finals[bi].clone(), rescored[bi].max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gp::{GpConfig, Noise};
    use globopt_core::Bounds;
    use globopt_core::rng::seeded;

    fn gp_1d() -> Gp {
        let b = Bounds::new(vec![0.0], vec![1.0]).unwrap();
        let x: Vec<Vec<f64>> = [0.05, 0.3, 0.55, 0.8, 0.97]
            .iter()
            .map(|v| vec![*v])
            .collect();
        let y: Vec<f64> = x.iter().map(|p| (6.0 * p[0]).sin() + 0.3 * p[0]).collect();
        let cfg = GpConfig {
            noise: Noise::Fixed(1e-2),
            ..Default::default()
        };
        Gp::fit(&x, &y, &b, &cfg, None).unwrap()
    }

    /// Acceptance: the exact discrete KG agrees with Monte Carlo within 1%.
    #[test]
    fn discrete_kg_matches_monte_carlo() {
        let gp = gp_1d();
        let kg = DiscreteKnowledgeGradient::new(&gp, 50, 3);
        let x = vec![0.42];
        let (a, b) = kg.lines(&x);
        let amax = a.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut rng = seeded(5);
        let n = 1_000_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let z: f64 = StandardNormal.sample(&mut rng);
            let m = a
                .iter()
                .zip(&b)
                .map(|(p, q)| p + q * z)
                .fold(f64::NEG_INFINITY, f64::max);
            sum += m - amax;
        }
        let mc = sum / n as f64;
        let exact = kg.value(&x);
        assert!(exact > 0.0);
        assert!((exact - mc).abs() < 0.01 * exact, "{exact} vs {mc}");
    }

    #[test]
    fn continuous_kg_finds_a_point_as_good_as_a_dense_discrete_search() {
        let gp = gp_1d();
        let settings = ContinuousKgSettings {
            steps: 10,
            rescore_fantasies: 32,
            ..Default::default()
        };
        let (x, v) = continuous_knowledge_gradient(&gp, &settings);
        assert!(gp.bounds().contains(&x, 0.0));
        // the dense discrete KG (which the continuous one bounds from above) at the same x
        let dense: Vec<Vec<f64>> = (0..=400).map(|i| vec![i as f64 / 400.0]).collect();
        let dkg =
            DiscreteKnowledgeGradient::with_reference_points(&gp, &dense, gp.noise_variance());
        let best_dense = dense.iter().map(|p| dkg.value(p)).fold(0.0, f64::max);
        assert!(v > 0.0 && best_dense > 0.0);
        // within the Monte-Carlo error of 32 fantasies
        assert!(
            v > 0.5 * best_dense,
            "continuous {v} vs dense discrete {best_dense}"
        );
        assert!(dkg.value(&x) > 0.5 * best_dense);
    }
}
