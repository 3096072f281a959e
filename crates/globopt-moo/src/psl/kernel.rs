//! The Stein kernel among particles in objective (LCB) space and the gradient of its sum
//! (shared digest 21, steps 5.5–5.6), plus the plain SVGD direction it generalizes.

use super::params::KernelKind;

/// The bandwidth `h = c·med²/ln P` (or `c·med/ln P` without the reference code's second
/// squaring), where `med` is the median of all `P²` squared distances (diagonal included) and
/// is replaced by 5e-6 when it is 0.
pub fn bandwidth(squared_distances: &[f64], p: usize, c: f64, median_squared: bool) -> f64 {
    let mut d = squared_distances.to_vec();
    d.sort_by(f64::total_cmp);
    let n = d.len();
    let med = if n == 0 {
        0.0
    } else if n % 2 == 1 {
        d[n / 2]
    } else {
        0.5 * (d[n / 2 - 1] + d[n / 2])
    };
    let med = if med == 0.0 { 5e-6 } else { med };
    let scale = if median_squared { med * med } else { med };
    c * scale / (p as f64).ln()
}

/// The kernel matrix of the particles and the gradient of `S = Σ_{i,k} K_ik` with respect to
/// each particle's LCB vector, the bandwidths and the active-objective indicators held
/// constant (digest 21, step 5.5: no gradient flows through them).
#[derive(Debug, Clone, PartialEq)]
pub struct SteinKernel {
    /// `K_ik`, row-major `P × P`.
    pub k: Vec<f64>,
    /// `∂S/∂ℓ_i`, one row of length M per particle.
    pub grad: Vec<Vec<f64>>,
}

impl SteinKernel {
    /// The kernel of particles with LCB vectors `lcb` (P × M) and active objectives `active`:
    /// - local: `D^j_ik = (ℓ_ij − ℓ_kj)²`, `h_j` from the median of `D^j`, and
    ///   `K_ik = exp(−D^{a_k}_ik / h_{a_k})`;
    /// - global: `K_ik = exp(−‖ℓ_i − ℓ_k‖²/h)`.
    ///
    /// With `e = ℓ_i − ℓ_k` on the kernel's coordinates, `∂K_ik/∂ℓ_i = −2eK_ik/h` and
    /// `∂K_ik/∂ℓ_k = +2eK_ik/h`.
    pub fn new(
        lcb: &[Vec<f64>],
        active: &[usize],
        kind: KernelKind,
        c: f64,
        median_squared: bool,
    ) -> Self {
        let p = lcb.len();
        let m = lcb.first().map_or(0, Vec::len);
        let mut k = vec![0.0; p * p];
        let mut grad = vec![vec![0.0; m]; p];
        match kind {
            KernelKind::Local => {
                let h: Vec<f64> = (0..m)
                    .map(|j| {
                        let d: Vec<f64> = (0..p * p)
                            .map(|ik| (lcb[ik / p][j] - lcb[ik % p][j]).powi(2))
                            .collect();
                        bandwidth(&d, p, c, median_squared)
                    })
                    .collect();
                for i in 0..p {
                    for kk in 0..p {
                        let j = active[kk];
                        let e = lcb[i][j] - lcb[kk][j];
                        let v = (-e * e / h[j]).exp();
                        k[i * p + kk] = v;
                        let g = 2.0 * e * v / h[j];
                        grad[i][j] -= g;
                        grad[kk][j] += g;
                    }
                }
            }
            KernelKind::Global => {
                let d: Vec<f64> = (0..p * p)
                    .map(|ik| {
                        lcb[ik / p]
                            .iter()
                            .zip(&lcb[ik % p])
                            .map(|(a, b)| (a - b) * (a - b))
                            .sum()
                    })
                    .collect();
                let h = bandwidth(&d, p, c, median_squared);
                for i in 0..p {
                    for kk in 0..p {
                        let v = (-d[i * p + kk] / h).exp();
                        k[i * p + kk] = v;
                        for j in 0..m {
                            let g = 2.0 * (lcb[i][j] - lcb[kk][j]) * v / h;
                            grad[i][j] -= g;
                            grad[kk][j] += g;
                        }
                    }
                }
            }
        }
        SteinKernel { k, grad }
    }

    /// The weights `w_k = (1/P) Σ_i K_ik` of the kernel-smoothed descent
    /// `(1/P) Σ_i Σ_k K_ik g_k = Σ_k w_k g_k`.
    pub fn column_weights(&self) -> Vec<f64> {
        let p = self.grad.len();
        (0..p)
            .map(|kk| (0..p).map(|i| self.k[i * p + kk]).sum::<f64>() / p as f64)
            .collect()
    }

    /// `S = Σ_{i,k} K_ik`.
    pub fn sum(&self) -> f64 {
        self.k.iter().sum()
    }
}

/// One plain SVGD direction (Liu & Wang 2016) for particles `x` with scores
/// `∇ log p(x_k)`: `φ(x_i) = (1/n) Σ_k [K(x_k, x_i) ∇ log p(x_k) + ∇_{x_k} K(x_k, x_i)]` with the
/// RBF kernel `exp(−‖x_k − x_i‖²/h)` and the bandwidth rule of [`bandwidth`]. Particles move
/// along +φ.
pub fn svgd_direction(
    x: &[Vec<f64>],
    scores: &[Vec<f64>],
    c: f64,
    median_squared: bool,
) -> Vec<Vec<f64>> {
    let n = x.len();
    let d2: Vec<f64> = (0..n * n)
        .map(|ik| {
            x[ik / n]
                .iter()
                .zip(&x[ik % n])
                .map(|(a, b)| (a - b) * (a - b))
                .sum()
        })
        .collect();
    let h = bandwidth(&d2, n, c, median_squared);
    (0..n)
        .map(|i| {
            let mut phi = vec![0.0; x[i].len()];
            for kk in 0..n {
                let kv = (-d2[kk * n + i] / h).exp();
                for (q, v) in phi.iter_mut().enumerate() {
                    // ∇_{x_k} exp(−‖x_k − x_i‖²/h) = −2 (x_k − x_i) K / h
                    *v += kv * scores[kk][q] - 2.0 * (x[kk][q] - x[i][q]) * kv / h;
                }
            }
            phi.iter().map(|v| v / n as f64).collect()
        })
        .collect()
}

/// Σ K of `l` computed with the bandwidths of `base` (for tests of the fixed-bandwidth
/// gradients).
#[cfg(test)]
pub(crate) fn kernel_sum_fixed_h(
    base: &[Vec<f64>],
    l: &[Vec<f64>],
    active: &[usize],
    kind: KernelKind,
    squared: bool,
) -> f64 {
    let p = base.len();
    match kind {
        KernelKind::Local => {
            let h: Vec<f64> = (0..2)
                .map(|j| {
                    let d: Vec<f64> = (0..p * p)
                        .map(|ik| (base[ik / p][j] - base[ik % p][j]).powi(2))
                        .collect();
                    bandwidth(&d, p, 1.0, squared)
                })
                .collect();
            (0..p * p)
                .map(|ik| {
                    let (i, k) = (ik / p, ik % p);
                    let j = active[k];
                    (-(l[i][j] - l[k][j]).powi(2) / h[j]).exp()
                })
                .sum()
        }
        KernelKind::Global => {
            let dist = |a: &[f64], b: &[f64]| -> f64 {
                a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
            };
            let d: Vec<f64> = (0..p * p)
                .map(|ik| dist(&base[ik / p], &base[ik % p]))
                .collect();
            let h = bandwidth(&d, p, 1.0, squared);
            (0..p * p)
                .map(|ik| (-dist(&l[ik / p], &l[ik % p]) / h).exp())
                .sum()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn plain_svgd_recovers_a_gaussian() {
        // digest 21, check 1: 200 particles, target N(μ, Σ) in 2-D, mean and covariance
        // within 5%
        let mu = [1.0, -2.0];
        let sigma = [[1.0, 0.5], [0.5, 2.0]];
        let det = sigma[0][0] * sigma[1][1] - sigma[0][1] * sigma[1][0];
        let prec = [
            [sigma[1][1] / det, -sigma[0][1] / det],
            [-sigma[1][0] / det, sigma[0][0] / det],
        ];
        let mut rng = globopt_core::rng::seeded(7);
        let mut x: Vec<Vec<f64>> = (0..200)
            .map(|_| {
                vec![
                    rng.random::<f64>() * 2.0 - 1.0,
                    rng.random::<f64>() * 2.0 - 1.0,
                ]
            })
            .collect();
        for _ in 0..6000 {
            let scores: Vec<Vec<f64>> = x
                .iter()
                .map(|p| {
                    let e = [p[0] - mu[0], p[1] - mu[1]];
                    vec![
                        -(prec[0][0] * e[0] + prec[0][1] * e[1]),
                        -(prec[1][0] * e[0] + prec[1][1] * e[1]),
                    ]
                })
                .collect();
            let phi = svgd_direction(&x, &scores, 1.0, false);
            for (p, f) in x.iter_mut().zip(&phi) {
                p[0] += 0.2 * f[0];
                p[1] += 0.2 * f[1];
            }
        }
        let n = x.len() as f64;
        let m0 = x.iter().map(|p| p[0]).sum::<f64>() / n;
        let m1 = x.iter().map(|p| p[1]).sum::<f64>() / n;
        let cov = |a: usize, b: usize, ma: f64, mb: f64| {
            x.iter().map(|p| (p[a] - ma) * (p[b] - mb)).sum::<f64>() / (n - 1.0)
        };
        assert!(
            (m0 - mu[0]).abs() < 0.05 * 2.0 && (m1 - mu[1]).abs() < 0.05 * 2.0,
            "{m0} {m1}"
        );
        let c = [cov(0, 0, m0, m0), cov(0, 1, m0, m1), cov(1, 1, m1, m1)];
        for (got, want) in c.iter().zip([1.0, 0.5, 2.0]) {
            assert!((got - want).abs() < 0.05 * want.max(1.0), "cov {c:?}");
        }
    }

    #[test]
    fn kernel_gradient_matches_differences_and_repulsion_lowers_the_sum() {
        let lcb = vec![
            vec![0.1, 0.9],
            vec![0.3, 0.6],
            vec![0.35, 0.55],
            vec![0.8, 0.2],
        ];
        let active = [1, 0, 1, 0];
        for kind in [KernelKind::Local, KernelKind::Global] {
            for squared in [true, false] {
                let k0 = SteinKernel::new(&lcb, &active, kind, 1.0, squared);
                // bandwidths held fixed: perturb ℓ and recompute K with the same h
                let eps = 1e-6;
                for i in 0..4 {
                    for j in 0..2 {
                        let sum_at = |delta: f64| {
                            let mut l = lcb.clone();
                            l[i][j] += delta;
                            kernel_sum_fixed_h(&lcb, &l, &active, kind, squared)
                        };
                        let fd = (sum_at(eps) - sum_at(-eps)) / (2.0 * eps);
                        assert!(
                            (fd - k0.grad[i][j]).abs() < 1e-5 * (1.0 + fd.abs()),
                            "{fd} {}",
                            k0.grad[i][j]
                        );
                    }
                }
                // a small step against the gradient (the repulsion) lowers Σ K
                let stepped: Vec<Vec<f64>> = lcb
                    .iter()
                    .zip(&k0.grad)
                    .map(|(l, g)| l.iter().zip(g).map(|(a, b)| a - 1e-4 * b).collect())
                    .collect();
                assert!(kernel_sum_fixed_h(&lcb, &stepped, &active, kind, squared) < k0.sum());
            }
        }
    }
}
