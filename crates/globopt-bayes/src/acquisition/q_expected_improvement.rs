//! Monte-Carlo batch expected improvement (digest 25, step 10):
//! qEI(x_1..q) = E[(f* − min_i f(x_i))⁺] with f = μ + Lξ on the q points, L = chol(Σ_n). The
//! normal draws ξ are fixed (randomly shifted Halton points through Φ⁻¹, or plain seeded
//! draws), so the estimate is deterministic in x; batches are built greedily, one point at a
//! time with the earlier ones held in the batch.

use super::Acquisition;
use crate::gp::Gp;
use crate::normal::quantile;
use faer::Mat;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt;
use globopt_core::design::halton;
use globopt_core::rng::substream;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// qEI of the batch (`batch` points already chosen, then x). See the module documentation.
#[derive(Debug, Clone)]
pub struct QExpectedImprovement<'a> {
    gp: &'a Gp,
    best: f64,
    batch: Vec<Vec<f64>>,
    /// One row of q standard normal draws per sample.
    normals: Vec<Vec<f64>>,
}

impl<'a> QExpectedImprovement<'a> {
    /// qEI below `best` for the batch `batch` ∪ {x}, with `samples` randomized-QMC draws
    /// (Halton shifted by a seeded uniform vector, supported for q ≤ 32; plain seeded normal
    /// draws beyond, or when `quasi_random` is false).
    pub fn new(
        gp: &'a Gp,
        best: f64,
        batch: Vec<Vec<f64>>,
        samples: usize,
        seed: u64,
        quasi_random: bool,
    ) -> Self {
        let q = batch.len() + 1;
        let mut rng = substream(seed, 0x7145);
        let normals = match halton(samples, q, 0).filter(|_| quasi_random) {
            Some(h) => {
                let shift: Vec<f64> = (0..q).map(|_| rng.random::<f64>()).collect();
                h.into_iter()
                    .map(|row| {
                        row.iter()
                            .zip(&shift)
                            .map(|(u, s)| quantile(((u + s) % 1.0).clamp(1e-12, 1.0 - 1e-12)))
                            .collect()
                    })
                    .collect()
            }
            None => (0..samples)
                .map(|_| (0..q).map(|_| StandardNormal.sample(&mut rng)).collect())
                .collect(),
        };
        QExpectedImprovement {
            gp,
            best,
            batch,
            normals,
        }
    }

    /// The Monte-Carlo estimate of qEI at x and its standard error.
    pub fn estimate(&self, x: &[f64]) -> (f64, f64) {
        let mut pts = self.batch.clone();
        pts.push(x.to_vec());
        let q = pts.len();
        let mean: Vec<f64> = self
            .gp
            .predict_many(&pts)
            .into_iter()
            .map(|p| p.0)
            .collect();
        let cov = self.gp.covariance_matrix(&pts);
        let l = jittered_cholesky(&cov);
        let (mut s1, mut s2) = (0.0, 0.0);
        for xi in &self.normals {
            let mut fmin = f64::INFINITY;
            for i in 0..q {
                let f = mean[i] + (0..=i).map(|j| l[(i, j)] * xi[j]).sum::<f64>();
                fmin = fmin.min(f);
            }
            let imp = (self.best - fmin).max(0.0);
            s1 += imp;
            s2 += imp * imp;
        }
        let n = self.normals.len().max(1) as f64;
        let m = s1 / n;
        (m, ((s2 / n - m * m).max(0.0) / n).sqrt())
    }
}

/// The Cholesky factor of a small covariance matrix, with diagonal jitter from 1e-12 of its
/// mean diagonal upwards until it factors (a batch may repeat a point).
fn jittered_cholesky(cov: &[Vec<f64>]) -> Mat<f64> {
    let q = cov.len();
    let mean_diag = (0..q).map(|i| cov[i][i]).sum::<f64>() / q.max(1) as f64;
    let mut mem = MemBuffer::new(llt::factor::cholesky_in_place_scratch::<f64>(
        q,
        faer::Par::Seq,
        Default::default(),
    ));
    let mut jitter = 0.0;
    loop {
        let mut l = Mat::<f64>::from_fn(q, q, |i, j| {
            if i == j {
                cov[i][j] + jitter
            } else {
                cov[i][j]
            }
        });
        let ok = llt::factor::cholesky_in_place(
            l.as_mut(),
            Default::default(),
            faer::Par::Seq,
            MemStack::new(&mut mem),
            Default::default(),
        )
        .is_ok();
        if ok || jitter > mean_diag {
            for j in 0..q {
                for i in 0..j {
                    l[(i, j)] = 0.0;
                }
            }
            if ok {
                return l;
            }
            // a covariance that resists all jitter: independent marginals
            return Mat::<f64>::from_fn(q, q, |i, j| {
                if i == j {
                    cov[i][i].max(0.0).sqrt()
                } else {
                    0.0
                }
            });
        }
        jitter = if jitter == 0.0 {
            1e-12 * mean_diag.max(f64::MIN_POSITIVE)
        } else {
            jitter * 10.0
        };
    }
}

impl Acquisition for QExpectedImprovement<'_> {
    fn name(&self) -> &'static str {
        "qei"
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.estimate(x).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acquisition::ExpectedImprovement;
    use crate::gp::GpConfig;
    use globopt_core::Bounds;

    /// The three grid points with the largest EI (where it is far from negligible).
    fn promising(gp: &Gp, best: f64) -> Vec<Vec<f64>> {
        let ei = ExpectedImprovement::new(gp, best);
        let mut grid: Vec<Vec<f64>> = (0..225)
            .map(|i| vec![(i % 15) as f64 / 14.0, (i / 15) as f64 / 14.0])
            .collect();
        grid.sort_by(|a, b| ei.value(b).total_cmp(&ei.value(a)));
        vec![grid[0].clone(), grid[5].clone(), grid[20].clone()]
    }

    fn gp() -> Gp {
        let b = Bounds::new(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
        let x: Vec<Vec<f64>> = (0..8)
            .map(|i| vec![((i * 3) % 8) as f64 / 7.0, (i as f64) / 7.0])
            .collect();
        let y: Vec<f64> = x.iter().map(|p| (4.0 * p[0]).sin() * p[1]).collect();
        Gp::fit(&x, &y, &b, &GpConfig::default(), None).unwrap()
    }

    /// Acceptance: qEI with q = 1 equals analytic EI within Monte-Carlo error.
    #[test]
    fn q1_equals_analytic_ei() {
        let gp = gp();
        let best = gp.outputs().iter().cloned().fold(f64::INFINITY, f64::min);
        let ei = ExpectedImprovement::new(&gp, best);
        let mc = QExpectedImprovement::new(&gp, best, vec![], 200_000, 3, false);
        let qmc = QExpectedImprovement::new(&gp, best, vec![], 512, 3, true);
        for (i, p) in promising(&gp, best).into_iter().enumerate() {
            let exact = ei.value(&p);
            let (m, se) = mc.estimate(&p);
            assert!((m - exact).abs() <= 3.0 * se, "{m} ± {se} vs {exact}");
            if i == 0 {
                // 512 randomized-QMC draws at the most promising point: within 3%
                let (qm, _) = qmc.estimate(&p);
                assert!((qm - exact).abs() <= 0.03 * exact, "{qm} vs {exact}");
            }
        }
    }

    #[test]
    fn a_repeated_point_adds_nothing_and_batches_never_lose_value() {
        let gp = gp();
        let best = gp.outputs().iter().cloned().fold(f64::INFINITY, f64::min);
        let a = promising(&gp, best)[0].clone();
        let single = QExpectedImprovement::new(&gp, best, vec![], 4096, 1, true).value(&a);
        let pair = QExpectedImprovement::new(&gp, best, vec![a.clone()], 4096, 1, true);
        // the same normals drive both coordinates' first column: repeating a adds ~nothing
        assert!((pair.value(&a) - single).abs() < 0.05 * single);
        assert!(pair.value(&[0.1, 0.1]) >= single * 0.95);
    }
}
