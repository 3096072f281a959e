//! Gaussian-process regression on faer (digest 25, algorithm steps 1–4).
//!
//! Inputs are mapped to the unit box u = (x − lo)/(hi − lo) and outputs standardized
//! ỹ = (y − ȳ)/s_y; every formula works on (u, ỹ) and the public methods translate back, so a
//! [`Gp`] is used in the caller's units. The prior is a constant or linear mean plus a
//! stationary ARD kernel k(u, u') = s²·g(r); the noise variance λ² is fixed (1e-6 in
//! standardized units for noise-free problems) or fitted. Hyperparameters
//! θ = (ln s², ln ℓ_1..d, [ln λ²], mean coefficients) maximize the log marginal likelihood
//!
//!   L(θ) = −½ (ỹ − m)ᵀα − Σ_i ln L_ii − (n/2) ln 2π,   K = LLᵀ, α = K⁻¹(ỹ − m),
//!
//! plus optional log-priors (MAP), with the analytic gradient
//! ∂L/∂θ_j = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j) and ∂L/∂c = Σ α_i, by multistart box-constrained
//! L-BFGS. A Cholesky failure climbs the jitter ladder 1e-10·mean(diag K), ×10, up to 1e-2.
//!
//! The posterior at u has mean μ = m(u) + kᵀα and variance σ² = s² − vᵀv with v = L⁻¹k,
//! covariance Σ(u, u') = k(u, u') − v(u)ᵀv(u'), and x-gradients ∇μ = ∇m + Jᵀα,
//! ∇σ² = −2Jᵀ K⁻¹k with J = ∂k/∂u. [`Gp::condition_on`] adds a (fantasy) observation by a
//! rank-one extension of the Cholesky factor, without refitting.

use crate::error::BayesError;
use crate::kernel::{Kernel, scaled_distance2};
use crate::optimize::minimize_in_box;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt;
use faer::linalg::triangular_solve::{
    solve_lower_triangular_in_place, solve_upper_triangular_in_place,
};
use faer::{Mat, Par};
use globopt_core::Bounds;
use globopt_core::rng::substream;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;
use std::time::Instant;

/// The prior mean function m(u).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MeanFunction {
    /// m(u) = c (the default).
    #[default]
    Constant,
    /// m(u) = c + βᵀu, on the unit-box inputs.
    Linear,
}

/// The observation noise model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Noise {
    /// A known noise variance λ² in standardized output units (1e-6 for noise-free problems).
    Fixed(f64),
    /// λ² is a hyperparameter, fitted in [1e-6, 1] (standardized units).
    Fitted,
}

impl Default for Noise {
    fn default() -> Self {
        Noise::Fixed(NOISE_FREE)
    }
}

/// λ² of noise-free problems in standardized units.
pub const NOISE_FREE: f64 = 1e-10;

/// Settings of a GP fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GpConfig {
    /// Kernel family (default Matérn 5/2).
    pub kernel: Kernel,
    /// Prior mean (default constant).
    pub mean: MeanFunction,
    /// Noise model (default fixed [`NOISE_FREE`], noise-free).
    pub noise: Noise,
    /// Maximize the posterior with the priors ln ℓ ~ N(√2 + ½ ln d, 3), ln λ² ~ N(−4, 1) and
    /// ln s² ~ N(0, 1) (MAP, the default) instead of the plain likelihood.
    pub map_priors: bool,
    /// Number of L-BFGS starts: the warm start (if any), a neutral start and prior draws
    /// (default 3).
    pub restarts: usize,
    /// L-BFGS iterations per start (default 100).
    pub max_iters: u64,
    /// Seed of the start draws (default 0).
    pub seed: u64,
}

impl Default for GpConfig {
    fn default() -> Self {
        GpConfig {
            kernel: Kernel::Matern52,
            mean: MeanFunction::Constant,
            noise: Noise::default(),
            map_priors: true,
            restarts: 3,
            max_iters: 100,
            seed: 0,
        }
    }
}

impl GpConfig {
    /// Error unless the settings are usable: restarts ≥ 1 and a fixed noise variance that is
    /// finite and non-negative.
    pub fn validate(&self) -> Result<(), BayesError> {
        if self.restarts == 0 {
            return Err(BayesError::param("gp.restarts", "must be at least 1"));
        }
        if let Noise::Fixed(v) = self.noise
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(BayesError::param(
                "gp.noise",
                format!("fixed noise variance {v} must be finite and ≥ 0"),
            ));
        }
        Ok(())
    }
}

/// Fitted hyperparameters, in standardized output units and unit-box inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hyperparameters {
    /// ln s², the log signal variance.
    pub log_signal_variance: f64,
    /// ln ℓ_i, one per input coordinate.
    pub log_lengthscales: Vec<f64>,
    /// ln λ², the log noise variance.
    pub log_noise_variance: f64,
    /// Mean coefficients: `[c]` (constant) or `[c, β_1..d]` (linear).
    pub mean: Vec<f64>,
}

/// Statistics of the last hyperparameter fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct FitInfo {
    /// L-BFGS starts run.
    pub starts: usize,
    /// Objective (likelihood plus priors) at the chosen start.
    pub log_posterior: f64,
    /// Wall-clock seconds of the fit.
    pub seconds: f64,
}

/// A posterior prediction with its gradients in x (caller's units).
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Posterior mean μ(x).
    pub mean: f64,
    /// Posterior variance σ²(x) of the latent function (no observation noise).
    pub variance: f64,
    /// ∇μ(x).
    pub mean_gradient: Vec<f64>,
    /// ∇σ²(x).
    pub variance_gradient: Vec<f64>,
}

impl Prediction {
    /// Posterior standard deviation σ(x).
    pub fn sd(&self) -> f64 {
        self.variance.sqrt()
    }
    /// ∇σ = ∇σ²/(2σ).
    pub fn sd_gradient(&self) -> Vec<f64> {
        let s = self.sd();
        self.variance_gradient
            .iter()
            .map(|g| g / (2.0 * s))
            .collect()
    }
}

/// Bounds of the hyperparameters in log space (unit-box inputs, standardized outputs).
const LOG_LENGTHSCALE: (f64, f64) = (-3.912_023_005_428_146, 3.912_023_005_428_146); // ℓ ∈ [0.02, 50]
const LOG_SIGNAL: (f64, f64) = (-4.605_170_185_988_091, 4.605_170_185_988_091); // s² ∈ [0.01, 100]
const LOG_NOISE: (f64, f64) = (-13.815_510_557_964_274, 0.0); // λ² ∈ [1e-6, 1]
const MEAN_BOX: (f64, f64) = (-10.0, 10.0);

/// A Gaussian process conditioned on data. See the module documentation.
#[derive(Debug, Clone)]
pub struct Gp {
    config: GpConfig,
    hyper: Hyperparameters,
    bounds: Bounds,
    widths: Vec<f64>,
    y_mean: f64,
    y_scale: f64,
    /// Unit-box inputs, one row per point.
    u: Vec<Vec<f64>>,
    /// Standardized outputs.
    y: Vec<f64>,
    /// Known per-point noise variances (standardized), added to λ².
    extra_noise: Vec<f64>,
    /// Lower Cholesky factor of K (upper triangle zero).
    chol: Mat<f64>,
    /// α = K⁻¹(ỹ − m(U)).
    alpha: Vec<f64>,
    /// Jitter added to the diagonal (0 when none was needed).
    jitter: f64,
    /// s², 1/ℓ², λ², cached from `hyper`.
    s2: f64,
    inv_l2: Vec<f64>,
    noise: f64,
    fit_info: FitInfo,
}

/// The training data in unit-box, standardized form: what the likelihood needs.
struct Data<'a> {
    u: &'a [Vec<f64>],
    y: &'a [f64],
    extra_noise: &'a [f64],
    config: &'a GpConfig,
}

impl Data<'_> {
    fn dim(&self) -> usize {
        self.u.first().map_or(0, |u| u.len())
    }
    fn n_mean(&self) -> usize {
        match self.config.mean {
            MeanFunction::Constant => 1,
            MeanFunction::Linear => 1 + self.dim(),
        }
    }
    fn fitted_noise(&self) -> bool {
        matches!(self.config.noise, Noise::Fitted)
    }
    fn decode(&self, theta: &[f64]) -> Hyperparameters {
        let d = self.dim();
        let mut i = 1 + d;
        let log_noise = match self.config.noise {
            Noise::Fitted => {
                i += 1;
                theta[1 + d]
            }
            Noise::Fixed(v) => v.max(1e-300).ln(),
        };
        Hyperparameters {
            log_signal_variance: theta[0],
            log_lengthscales: theta[1..=d].to_vec(),
            log_noise_variance: log_noise,
            mean: theta[i..].to_vec(),
        }
    }
    fn encode(&self, h: &Hyperparameters) -> Vec<f64> {
        let mut t = vec![h.log_signal_variance];
        t.extend_from_slice(&h.log_lengthscales);
        if self.fitted_noise() {
            t.push(h.log_noise_variance);
        }
        t.extend_from_slice(&h.mean);
        t
    }
    fn theta_box(&self) -> (Vec<f64>, Vec<f64>) {
        let d = self.dim();
        let mut lo = vec![LOG_SIGNAL.0];
        let mut hi = vec![LOG_SIGNAL.1];
        lo.extend(std::iter::repeat_n(LOG_LENGTHSCALE.0, d));
        hi.extend(std::iter::repeat_n(LOG_LENGTHSCALE.1, d));
        if self.fitted_noise() {
            lo.push(LOG_NOISE.0);
            hi.push(LOG_NOISE.1);
        }
        lo.extend(std::iter::repeat_n(MEAN_BOX.0, self.n_mean()));
        hi.extend(std::iter::repeat_n(MEAN_BOX.1, self.n_mean()));
        (lo, hi)
    }
    /// Prior location of ln ℓ: √2 + ½ ln d (the dimension-scaled prior of current BoTorch).
    fn lengthscale_prior_mean(&self) -> f64 {
        std::f64::consts::SQRT_2 + 0.5 * (self.dim().max(1) as f64).ln()
    }
    /// ln p(θ) and its gradient (zero when MAP is off).
    fn log_prior(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        if !self.config.map_priors {
            return 0.0;
        }
        let d = self.dim();
        let mut lp = 0.0;
        // ln s² ~ N(0, 1)
        lp -= 0.5 * theta[0] * theta[0];
        grad[0] -= theta[0];
        // ln ℓ ~ N(√2 + ½ ln d, 3)
        let m = self.lengthscale_prior_mean();
        for k in 0..d {
            let z = theta[1 + k] - m;
            lp -= z * z / 6.0;
            grad[1 + k] -= z / 3.0;
        }
        // ln λ² ~ N(−4, 1)
        if self.fitted_noise() {
            let z = theta[1 + d] + 4.0;
            lp -= 0.5 * z * z;
            grad[1 + d] -= z;
        }
        lp
    }
    fn mean_at(&self, h: &Hyperparameters, u: &[f64]) -> f64 {
        h.mean[0] + h.mean[1..].iter().zip(u).map(|(b, x)| b * x).sum::<f64>()
    }

    /// The inputs row by row in one buffer with rows of length `stride ≥ d`, zero-padded:
    /// `rows[i·stride + q] = u_i[q]`.
    fn padded_rows(&self, stride: usize) -> Vec<f64> {
        let mut rows = vec![0.0; self.u.len() * stride];
        for (r, ui) in rows.chunks_exact_mut(stride).zip(self.u) {
            r[..ui.len()].copy_from_slice(ui);
        }
        rows
    }

    /// The inputs coordinate by coordinate, `ut[q·n + i] = u_i[q]`, so that the pair loops
    /// below run down contiguous columns.
    fn coordinates(&self) -> Vec<f64> {
        let n = self.u.len();
        let mut ut = vec![0.0; n * self.dim()];
        for (i, ui) in self.u.iter().enumerate() {
            for (q, &v) in ui.iter().enumerate() {
                ut[q * n + i] = v;
            }
        }
        ut
    }

    /// The kernel matrix's lower triangle (with λ² and known noise on the diagonal, no
    /// jitter) and, when asked, the matrix of dg/d(r²) values for the gradient. Column j
    /// holds the pairs (i, j), i > j, with r² = Σ_q (u_iq − u_jq)²/ℓ_q² summed in q order.
    fn kernel_matrix(&self, h: &Hyperparameters, with_derivative: bool) -> (Mat<f64>, Mat<f64>) {
        let n = self.u.len();
        let ut = self.coordinates();
        let s2 = h.log_signal_variance.exp();
        let noise = h.log_noise_variance.exp();
        let inv_l2: Vec<f64> = h
            .log_lengthscales
            .iter()
            .map(|l| (-2.0 * l).exp())
            .collect();
        let kernel = self.config.kernel;
        let mut k = Mat::<f64>::zeros(n, n);
        let mut dk = if with_derivative {
            Mat::<f64>::zeros(n, n)
        } else {
            Mat::<f64>::zeros(0, 0)
        };
        let mut r2 = vec![0.0; n];
        for j in 0..n {
            let r2 = &mut r2[j + 1..];
            r2.fill(0.0);
            for (q, w) in inv_l2.iter().enumerate() {
                let col = &ut[q * n..(q + 1) * n];
                let uj = col[j];
                for (r, v) in r2.iter_mut().zip(&col[j + 1..]) {
                    *r += (v - uj) * (v - uj) * w;
                }
            }
            let kc = &mut k.col_as_slice_mut(j)[j + 1..];
            if with_derivative {
                let dc = &mut dk.col_as_slice_mut(j)[j + 1..];
                for ((kv, dv), &r) in kc.iter_mut().zip(dc.iter_mut()).zip(r2.iter()) {
                    let (g, dg) = kernel.correlation_and_derivative(r);
                    *kv = s2 * g;
                    *dv = s2 * dg;
                }
            } else {
                for (kv, &r) in kc.iter_mut().zip(r2.iter()) {
                    *kv = s2 * kernel.correlation(r);
                }
            }
            k[(j, j)] = s2 + noise + self.extra_noise[j];
        }
        (k, dk)
    }

    /// −(L(θ) + ln p(θ)) and its gradient, or `None` when the factorization fails.
    fn neg_log_posterior(&self, theta: &[f64]) -> Option<(f64, Vec<f64>)> {
        let n = self.u.len();
        let d = self.dim();
        let h = self.decode(theta);
        let (k, dk) = self.kernel_matrix(&h, true);
        let (l, _jitter) = cholesky_with_jitter(&k).ok()?;
        let resid: Vec<f64> = (0..n)
            .map(|i| self.y[i] - self.mean_at(&h, &self.u[i]))
            .collect();
        let alpha = cholesky_solve(&l, &resid);
        let mut value = -0.5 * resid.iter().zip(&alpha).map(|(a, b)| a * b).sum::<f64>()
            - (0..n).map(|i| l[(i, i)].ln()).sum::<f64>()
            - 0.5 * n as f64 * (2.0 * PI).ln();
        // K⁻¹ (lower triangle), then W = ααᵀ − K⁻¹
        let mut kinv = Mat::<f64>::zeros(n, n);
        let mut mem = MemBuffer::new(llt::inverse::inverse_scratch::<f64>(n, Par::Seq));
        llt::inverse::inverse(kinv.as_mut(), l.as_ref(), Par::Seq, MemStack::new(&mut mem));
        let s2 = h.log_signal_variance.exp();
        let noise = h.log_noise_variance.exp();
        let inv_l2: Vec<f64> = h
            .log_lengthscales
            .iter()
            .map(|l| (-2.0 * l).exp())
            .collect();
        let mut grad = vec![0.0; theta.len()];
        // Row by row over the pairs (i, j), j < i: W_ij = α_i α_j − (K⁻¹)_ij; off-diagonal
        // pairs count twice in the trace, so the ½ cancels. The sums run in this order (the
        // fitted hyperparameters, and so every Bayesian-optimization run, depend on its
        // rounding); the rows of the three lower triangles are read from their mirrored
        // upper triangles, where they are contiguous.
        let (mut k, mut dk) = (k, dk);
        mirror_lower(&mut k);
        mirror_lower(&mut dk);
        mirror_lower(&mut kinv);
        // coordinates in blocks of LANES per row, zero-padded: the d chains of g_ls are
        // independent, so one vector operation advances LANES of them, each in pair order
        let dp = d.div_ceil(LANES) * LANES;
        let rows = self.padded_rows(dp);
        let mut w_l2 = vec![0.0; dp];
        w_l2[..d].copy_from_slice(&inv_l2);
        let mut g_ls = vec![0.0; dp];
        let (g_s2, g_noise) = trace_gradient_sums(
            &alpha,
            [&k, &dk, &kinv],
            &rows,
            &w_l2,
            [s2, noise],
            &mut g_ls,
        );
        grad[0] = g_s2;
        grad[1..=d].copy_from_slice(&g_ls[..d]);
        let mut i = 1 + d;
        if self.fitted_noise() {
            grad[i] = g_noise;
            i += 1;
        }
        grad[i] = alpha.iter().sum();
        if self.config.mean == MeanFunction::Linear {
            for q in 0..d {
                grad[i + 1 + q] = (0..n).map(|r| alpha[r] * self.u[r][q]).sum();
            }
        }
        value += self.log_prior(theta, &mut grad);
        if !value.is_finite() {
            return None;
        }
        Some((-value, grad.into_iter().map(|g| -g).collect()))
    }
}

/// The sums of the likelihood gradient `½ tr(W ∂K/∂θ)`, `W = ααᵀ − K⁻¹`, over the pairs
/// (i, j ≤ i) row by row: returns `(Σ_i ½W_ii s² + Σ_{j<i} W_ij k_ij, Σ_i ½W_ii λ²)` and adds
/// `−2 W_ij dk_ij Δ_q² /ℓ_q²` to `g[q]` for every pair, in that order (the fitted
/// hyperparameters depend on its rounding). `mats` are `[K, dK/d(r²), K⁻¹]` with their lower
/// triangles mirrored onto the upper ones, so that row i (j < i) is the contiguous head of
/// column i; `rows` and `w_l2` hold the inputs and `1/ℓ_q²` zero-padded to `g.len()`, a
/// multiple of [`LANES`], so one vector operation advances [`LANES`] independent sums.
///
/// Compiled also for AVX2 and AVX-512 (chosen at run time) without fused multiply-add: every
/// version returns the same bits.
#[multiversion::multiversion(targets("x86_64+avx512f", "x86_64+avx2+avx"))]
fn trace_gradient_sums(
    alpha: &[f64],
    mats: [&Mat<f64>; 3],
    rows: &[f64],
    w_l2: &[f64],
    [s2, noise]: [f64; 2],
    g: &mut [f64],
) -> (f64, f64) {
    let [k, dk, kinv] = mats;
    let dp = g.len();
    let (mut g_s2, mut g_noise) = (0.0, 0.0);
    for (i, &ai) in alpha.iter().enumerate() {
        let w_ii = ai * ai - kinv[(i, i)];
        g_s2 += 0.5 * w_ii * s2;
        g_noise += 0.5 * w_ii * noise;
        let (kr, dr, ir) = (
            &k.col_as_slice(i)[..i],
            &dk.col_as_slice(i)[..i],
            &kinv.col_as_slice(i)[..i],
        );
        let ui = &rows[i * dp..(i + 1) * dp];
        for (j, ((&kv, &dv), &iv)) in kr.iter().zip(dr).zip(ir).enumerate() {
            let w = ai * alpha[j] - iv;
            g_s2 += w * kv;
            let c = w * dv;
            let uj = &rows[j * dp..(j + 1) * dp];
            for (((gb, a), b), wq) in g
                .chunks_exact_mut(LANES)
                .zip(ui.chunks_exact(LANES))
                .zip(uj.chunks_exact(LANES))
                .zip(w_l2.chunks_exact(LANES))
            {
                for l in 0..LANES {
                    let diff = a[l] - b[l];
                    // ∂r²/∂ln ℓ_q = −2 Δ_q²/ℓ_q²
                    gb[l] -= 2.0 * c * diff * diff * wq[l];
                }
            }
        }
    }
    (g_s2, g_noise)
}

/// Coordinates per vector block of the likelihood gradient.
const LANES: usize = 8;

/// Copy a square matrix's strict lower triangle onto its upper triangle, in 32 × 32 tiles so
/// that both the reads and the writes stay in cache.
fn mirror_lower(m: &mut Mat<f64>) {
    const TILE: usize = 32;
    let n = m.nrows();
    for jb in (0..n).step_by(TILE) {
        for ib in (jb..n).step_by(TILE) {
            for j in jb..(jb + TILE).min(n) {
                for i in ib.max(j + 1)..(ib + TILE).min(n) {
                    m[(j, i)] = m[(i, j)];
                }
            }
        }
    }
}

/// Cholesky factor of a symmetric matrix given by its lower triangle, climbing the jitter
/// ladder 0, 1e-10·mean(diag), ×10, …, 1e-2·mean(diag) (digest 25, step 3). Returns the
/// factor and the jitter used.
fn cholesky_with_jitter(k: &Mat<f64>) -> Result<(Mat<f64>, f64), BayesError> {
    let n = k.nrows();
    let mean_diag = (0..n).map(|i| k[(i, i)]).sum::<f64>() / n.max(1) as f64;
    let mut mem = MemBuffer::new(llt::factor::cholesky_in_place_scratch::<f64>(
        n,
        Par::Seq,
        Default::default(),
    ));
    let mut jitter = 0.0;
    let mut step = 1e-10 * mean_diag.max(f64::MIN_POSITIVE);
    loop {
        let mut l = k.clone();
        for i in 0..n {
            l[(i, i)] += jitter;
        }
        let ok = llt::factor::cholesky_in_place(
            l.as_mut(),
            Default::default(),
            Par::Seq,
            MemStack::new(&mut mem),
            Default::default(),
        )
        .is_ok();
        if ok {
            for j in 0..n {
                for i in 0..j {
                    l[(i, j)] = 0.0;
                }
            }
            return Ok((l, jitter));
        }
        if step > 1e-2 * mean_diag.max(f64::MIN_POSITIVE) * 1.000_001 {
            return Err(BayesError::NotPositiveDefinite { jitter, n });
        }
        jitter = step;
        step *= 10.0;
    }
}

/// Solve K x = b given K's lower Cholesky factor.
fn cholesky_solve(l: &Mat<f64>, b: &[f64]) -> Vec<f64> {
    let mut x = Mat::<f64>::from_fn(b.len(), 1, |i, _| b[i]);
    solve_lower_triangular_in_place(l.as_ref(), x.as_mut(), Par::Seq);
    solve_upper_triangular_in_place(l.as_ref().transpose(), x.as_mut(), Par::Seq);
    (0..b.len()).map(|i| x[(i, 0)]).collect()
}

fn standardization(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    if y.len() < 2 {
        return (mean, 1.0);
    }
    let var = y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    let sd = var.sqrt();
    if sd > 1e-12 * mean.abs().max(1e-300) && sd > 0.0 {
        (mean, sd)
    } else {
        (mean, 1.0)
    }
}

impl Gp {
    /// Fit a GP to `(x, y)` over `bounds`: hyperparameters by (MAP) marginal likelihood from
    /// `warm` (the previous optimum, when given) plus prior draws, in parallel.
    pub fn fit(
        x: &[Vec<f64>],
        y: &[f64],
        bounds: &Bounds,
        config: &GpConfig,
        warm: Option<&Hyperparameters>,
    ) -> Result<Gp, BayesError> {
        Self::fit_with_noise(x, y, None, bounds, config, warm)
    }

    /// [`Gp::fit`] with a known noise variance per observation (caller's units), added to
    /// the model's λ².
    pub fn fit_with_noise(
        x: &[Vec<f64>],
        y: &[f64],
        noise: Option<&[f64]>,
        bounds: &Bounds,
        config: &GpConfig,
        warm: Option<&Hyperparameters>,
    ) -> Result<Gp, BayesError> {
        let started = Instant::now();
        let (u, ys, extra, y_mean, y_scale) = Self::prepare(x, y, noise, bounds, config)?;
        let data = Data {
            u: &u,
            y: &ys,
            extra_noise: &extra,
            config,
        };
        let (lo, hi) = data.theta_box();
        let mut starts: Vec<Vec<f64>> = Vec::new();
        if let Some(w) = warm
            && w.log_lengthscales.len() == bounds.dim()
            && w.mean.len() == data.n_mean()
        {
            starts.push(data.encode(w));
        }
        let d = bounds.dim();
        // a neutral start: unit signal, length scale ~ 1/4 of the box, the data mean
        let mut neutral = vec![0.0];
        neutral.extend(std::iter::repeat_n((0.25f64).ln(), d));
        if data.fitted_noise() {
            neutral.push(-4.0);
        }
        neutral.extend(std::iter::repeat_n(0.0, data.n_mean()));
        starts.push(neutral);
        let mut index = 0u64;
        while starts.len() < config.restarts.max(1) {
            let mut rng = substream(config.seed, index);
            index += 1;
            let mut t = vec![0.0];
            let m = data.lengthscale_prior_mean();
            for _ in 0..d {
                let z: f64 = StandardNormal.sample(&mut rng);
                t.push(m - 1.0 + 3f64.sqrt() * z);
            }
            if data.fitted_noise() {
                t.push(-4.0 + rng.random::<f64>() - 0.5);
            }
            t.extend(std::iter::repeat_n(0.0, data.n_mean()));
            let clamped = t
                .iter()
                .zip(lo.iter().zip(&hi))
                .map(|(v, (l, h))| v.clamp(*l, *h))
                .collect();
            starts.push(clamped);
        }
        starts.truncate(config.restarts.max(1));
        let objective = |theta: &[f64]| -> (f64, Vec<f64>) {
            data.neg_log_posterior(theta)
                .unwrap_or((f64::INFINITY, vec![0.0; theta.len()]))
        };
        let results: Vec<(Vec<f64>, f64)> = starts
            .par_iter()
            .map(|s| minimize_in_box(&objective, s, &lo, &hi, config.max_iters, 1e-3))
            .collect();
        // the lowest value, ties to the earliest start: independent of the thread count
        let (best_theta, best_value) =
            results
                .into_iter()
                .fold((Vec::new(), f64::INFINITY), |acc, r| {
                    if r.1 < acc.1 { r } else { acc }
                });
        if !best_value.is_finite() {
            return Err(BayesError::NotPositiveDefinite {
                jitter: 1e-2,
                n: u.len(),
            });
        }
        let hyper = data.decode(&best_theta);
        let info = FitInfo {
            starts: starts.len(),
            log_posterior: -best_value,
            seconds: 0.0,
        };
        let mut gp = Self::assemble(
            config.clone(),
            hyper,
            bounds.clone(),
            u,
            ys,
            extra,
            (y_mean, y_scale),
        )?;
        gp.fit_info = FitInfo {
            seconds: started.elapsed().as_secs_f64(),
            ..info
        };
        Ok(gp)
    }

    /// A GP with the given hyperparameters (standardized units, unit-box inputs), no fit.
    pub fn with_hyperparameters(
        x: &[Vec<f64>],
        y: &[f64],
        bounds: &Bounds,
        config: &GpConfig,
        hyper: Hyperparameters,
    ) -> Result<Gp, BayesError> {
        let (u, ys, extra, y_mean, y_scale) = Self::prepare(x, y, None, bounds, config)?;
        let n_mean = match config.mean {
            MeanFunction::Constant => 1,
            MeanFunction::Linear => 1 + bounds.dim(),
        };
        if hyper.log_lengthscales.len() != bounds.dim() || hyper.mean.len() != n_mean {
            return Err(BayesError::param(
                "hyperparameters",
                format!(
                    "expected {} length scales and {n_mean} mean coefficients, got {} and {}",
                    bounds.dim(),
                    hyper.log_lengthscales.len(),
                    hyper.mean.len()
                ),
            ));
        }
        Self::assemble(
            config.clone(),
            hyper,
            bounds.clone(),
            u,
            ys,
            extra,
            (y_mean, y_scale),
        )
    }

    #[allow(clippy::type_complexity)]
    fn prepare(
        x: &[Vec<f64>],
        y: &[f64],
        noise: Option<&[f64]>,
        bounds: &Bounds,
        config: &GpConfig,
    ) -> Result<(Vec<Vec<f64>>, Vec<f64>, Vec<f64>, f64, f64), BayesError> {
        config.validate()?;
        bounds.require_positive_width()?;
        if x.is_empty() {
            return Err(BayesError::data("x", "no training points"));
        }
        if x.len() != y.len() {
            return Err(BayesError::data(
                "y",
                format!("{} values for {} points", y.len(), x.len()),
            ));
        }
        for (i, xi) in x.iter().enumerate() {
            bounds.check_dim(xi, &format!("x[{i}]"))?;
            if xi.iter().any(|v| !v.is_finite()) {
                return Err(BayesError::data(format!("x[{i}]"), "is not finite"));
            }
        }
        if let Some(i) = y.iter().position(|v| !v.is_finite()) {
            return Err(BayesError::data(
                format!("y[{i}]"),
                format!("{} is not finite", y[i]),
            ));
        }
        let (y_mean, y_scale) = standardization(y);
        let u: Vec<Vec<f64>> = x.iter().map(|xi| bounds.to_unit(xi)).collect();
        let ys: Vec<f64> = y.iter().map(|v| (v - y_mean) / y_scale).collect();
        let extra = match noise {
            None => vec![0.0; x.len()],
            Some(nv) => {
                if nv.len() != x.len() {
                    return Err(BayesError::data(
                        "noise",
                        format!("{} variances for {} points", nv.len(), x.len()),
                    ));
                }
                if let Some(i) = nv.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                    return Err(BayesError::data(
                        format!("noise[{i}]"),
                        "must be finite and ≥ 0",
                    ));
                }
                nv.iter().map(|v| v / (y_scale * y_scale)).collect()
            }
        };
        Ok((u, ys, extra, y_mean, y_scale))
    }

    fn assemble(
        config: GpConfig,
        hyper: Hyperparameters,
        bounds: Bounds,
        u: Vec<Vec<f64>>,
        y: Vec<f64>,
        extra_noise: Vec<f64>,
        (y_mean, y_scale): (f64, f64),
    ) -> Result<Gp, BayesError> {
        let data = Data {
            u: &u,
            y: &y,
            extra_noise: &extra_noise,
            config: &config,
        };
        let (k, _) = data.kernel_matrix(&hyper, false);
        let (chol, jitter) = cholesky_with_jitter(&k)?;
        let resid: Vec<f64> = (0..u.len())
            .map(|i| y[i] - data.mean_at(&hyper, &u[i]))
            .collect();
        let alpha = cholesky_solve(&chol, &resid);
        let s2 = hyper.log_signal_variance.exp();
        let inv_l2 = hyper
            .log_lengthscales
            .iter()
            .map(|l| (-2.0 * l).exp())
            .collect();
        let noise = hyper.log_noise_variance.exp();
        let widths = bounds.widths();
        Ok(Gp {
            config,
            hyper,
            bounds,
            widths,
            y_mean,
            y_scale,
            u,
            y,
            extra_noise,
            chol,
            alpha,
            jitter,
            s2,
            inv_l2,
            noise,
            fit_info: FitInfo::default(),
        })
    }

    /// Number of training points.
    pub fn len(&self) -> usize {
        self.u.len()
    }
    /// Whether the GP has no data (never true for a constructed GP).
    pub fn is_empty(&self) -> bool {
        self.u.is_empty()
    }
    /// Input dimension.
    pub fn dim(&self) -> usize {
        self.bounds.dim()
    }
    /// The box the inputs are normalized against.
    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }
    /// The hyperparameters (standardized units, unit-box inputs).
    pub fn hyperparameters(&self) -> &Hyperparameters {
        &self.hyper
    }
    /// The settings this GP was built with.
    pub fn config(&self) -> &GpConfig {
        &self.config
    }
    /// The jitter the Cholesky factorization needed (0 when none).
    pub fn jitter(&self) -> f64 {
        self.jitter
    }
    /// Statistics of the hyperparameter fit (zero when built from given hyperparameters).
    pub fn fit_info(&self) -> FitInfo {
        self.fit_info
    }
    /// The observation noise variance λ² in the caller's units.
    pub fn noise_variance(&self) -> f64 {
        self.noise * self.y_scale * self.y_scale
    }
    /// The prior signal variance s² in the caller's units.
    pub fn signal_variance(&self) -> f64 {
        self.s2 * self.y_scale * self.y_scale
    }
    /// The training inputs, in the caller's units.
    pub fn inputs(&self) -> Vec<Vec<f64>> {
        self.u.iter().map(|u| self.bounds.from_unit(u)).collect()
    }
    /// The training outputs, in the caller's units.
    pub fn outputs(&self) -> Vec<f64> {
        self.y
            .iter()
            .map(|v| self.y_mean + self.y_scale * v)
            .collect()
    }

    /// The log marginal likelihood L(θ) of the standardized data at the current
    /// hyperparameters (without priors).
    pub fn log_marginal_likelihood(&self) -> f64 {
        let n = self.len();
        let resid: Vec<f64> = (0..n)
            .map(|i| self.y[i] - self.mean_unit(&self.u[i]))
            .collect();
        -0.5 * resid
            .iter()
            .zip(&self.alpha)
            .map(|(a, b)| a * b)
            .sum::<f64>()
            - (0..n).map(|i| self.chol[(i, i)].ln()).sum::<f64>()
            - 0.5 * n as f64 * (2.0 * PI).ln()
    }

    /// The objective of the fit, −(L(θ) + ln p(θ)), and its gradient in θ at `theta`
    /// (the layout of [`Gp::theta`]); `None` when K cannot be factored. Exposed so that the
    /// analytic gradient can be checked against finite differences.
    pub fn negative_log_posterior(&self, theta: &[f64]) -> Option<(f64, Vec<f64>)> {
        self.data().neg_log_posterior(theta)
    }

    /// The current hyperparameters as the vector θ = (ln s², ln ℓ, [ln λ²], mean).
    pub fn theta(&self) -> Vec<f64> {
        self.data().encode(&self.hyper)
    }

    fn data(&self) -> Data<'_> {
        Data {
            u: &self.u,
            y: &self.y,
            extra_noise: &self.extra_noise,
            config: &self.config,
        }
    }

    fn mean_unit(&self, u: &[f64]) -> f64 {
        self.hyper.mean[0]
            + self.hyper.mean[1..]
                .iter()
                .zip(u)
                .map(|(b, x)| b * x)
                .sum::<f64>()
    }

    /// k(U, u): the prior covariance of u with every training point (standardized units).
    fn kernel_vector(&self, u: &[f64]) -> Vec<f64> {
        self.u
            .iter()
            .map(|ui| {
                self.s2
                    * self
                        .config
                        .kernel
                        .correlation(scaled_distance2(ui, u, &self.inv_l2))
            })
            .collect()
    }

    /// k(u, u') in standardized units.
    fn kernel(&self, a: &[f64], b: &[f64]) -> f64 {
        self.s2
            * self
                .config
                .kernel
                .correlation(scaled_distance2(a, b, &self.inv_l2))
    }

    /// ∂k(u_i, u)/∂u for every training point i, row-major n × d (unit-box coordinates).
    fn kernel_jacobian(&self, u: &[f64]) -> Vec<f64> {
        let d = u.len();
        let mut j = vec![0.0; self.len() * d];
        for (i, ui) in self.u.iter().enumerate() {
            let r2 = scaled_distance2(ui, u, &self.inv_l2);
            let c = self.s2 * self.config.kernel.correlation_derivative(r2);
            for q in 0..d {
                j[i * d + q] = c * 2.0 * (u[q] - ui[q]) * self.inv_l2[q];
            }
        }
        j
    }

    /// L⁻¹b.
    fn lower_solve(&self, b: &[f64]) -> Vec<f64> {
        let mut x = Mat::<f64>::from_fn(b.len(), 1, |i, _| b[i]);
        solve_lower_triangular_in_place(self.chol.as_ref(), x.as_mut(), Par::Seq);
        (0..b.len()).map(|i| x[(i, 0)]).collect()
    }

    /// L⁻ᵀb.
    fn upper_solve(&self, b: &[f64]) -> Vec<f64> {
        let mut x = Mat::<f64>::from_fn(b.len(), 1, |i, _| b[i]);
        solve_upper_triangular_in_place(self.chol.as_ref().transpose(), x.as_mut(), Par::Seq);
        (0..b.len()).map(|i| x[(i, 0)]).collect()
    }

    /// The whitened cross-covariances L⁻¹k(U, u) of several unit points, one column each.
    fn whitened(&self, us: &[Vec<f64>]) -> Mat<f64> {
        let n = self.len();
        let mut v = Mat::<f64>::zeros(n, us.len());
        for (c, u) in us.iter().enumerate() {
            for (i, k) in self.kernel_vector(u).into_iter().enumerate() {
                v[(i, c)] = k;
            }
        }
        solve_lower_triangular_in_place(self.chol.as_ref(), v.as_mut(), Par::Seq);
        v
    }

    fn var_floor(&self) -> f64 {
        1e-12 * self.s2
    }

    /// Posterior mean and variance of the latent function at `x` (caller's units).
    pub fn predict(&self, x: &[f64]) -> (f64, f64) {
        let u = self.bounds.to_unit(x);
        let k = self.kernel_vector(&u);
        let v = self.lower_solve(&k);
        let mean = self.mean_unit(&u) + k.iter().zip(&self.alpha).map(|(a, b)| a * b).sum::<f64>();
        let var = (self.s2 - v.iter().map(|a| a * a).sum::<f64>()).max(self.var_floor());
        (
            self.y_mean + self.y_scale * mean,
            var * self.y_scale * self.y_scale,
        )
    }

    /// [`Gp::predict`] for many points with one triangular solve.
    pub fn predict_many(&self, xs: &[Vec<f64>]) -> Vec<(f64, f64)> {
        if xs.is_empty() {
            return Vec::new();
        }
        let us: Vec<Vec<f64>> = xs.iter().map(|x| self.bounds.to_unit(x)).collect();
        let v = self.whitened(&us);
        let n = self.len();
        us.iter()
            .enumerate()
            .map(|(c, u)| {
                let k = self.kernel_vector(u);
                let mean =
                    self.mean_unit(u) + k.iter().zip(&self.alpha).map(|(a, b)| a * b).sum::<f64>();
                let vv: f64 = (0..n).map(|i| v[(i, c)] * v[(i, c)]).sum();
                let var = (self.s2 - vv).max(self.var_floor());
                (
                    self.y_mean + self.y_scale * mean,
                    var * self.y_scale * self.y_scale,
                )
            })
            .collect()
    }

    /// Posterior mean, variance and their gradients in x (caller's units):
    /// ∇μ = ∇m + Jᵀα and ∇σ² = −2Jᵀ K⁻¹k (stationary kernel), divided by the box widths.
    pub fn predict_with_gradient(&self, x: &[f64]) -> Prediction {
        let u = self.bounds.to_unit(x);
        let d = u.len();
        let k = self.kernel_vector(&u);
        let v = self.lower_solve(&k);
        let w = self.upper_solve(&v);
        let jac = self.kernel_jacobian(&u);
        let mean = self.mean_unit(&u) + k.iter().zip(&self.alpha).map(|(a, b)| a * b).sum::<f64>();
        let raw_var = self.s2 - v.iter().map(|a| a * a).sum::<f64>();
        let floored = raw_var <= self.var_floor();
        let var = raw_var.max(self.var_floor());
        let ys2 = self.y_scale * self.y_scale;
        let mut gm = vec![0.0; d];
        let mut gv = vec![0.0; d];
        for q in 0..d {
            let mut a = if q + 1 < self.hyper.mean.len() {
                self.hyper.mean[q + 1]
            } else {
                0.0
            };
            let mut b = 0.0;
            for i in 0..self.len() {
                a += jac[i * d + q] * self.alpha[i];
                b += jac[i * d + q] * w[i];
            }
            gm[q] = self.y_scale * a / self.widths[q];
            gv[q] = if floored {
                0.0
            } else {
                -2.0 * b * ys2 / self.widths[q]
            };
        }
        Prediction {
            mean: self.y_mean + self.y_scale * mean,
            variance: var * ys2,
            mean_gradient: gm,
            variance_gradient: gv,
        }
    }

    /// Posterior covariance Σ(a, b) = k(a, b) − v(a)ᵀv(b) (caller's units).
    pub fn covariance(&self, a: &[f64], b: &[f64]) -> f64 {
        let ua = self.bounds.to_unit(a);
        let ub = self.bounds.to_unit(b);
        let va = self.lower_solve(&self.kernel_vector(&ua));
        let vb = self.lower_solve(&self.kernel_vector(&ub));
        let c = self.kernel(&ua, &ub) - va.iter().zip(&vb).map(|(p, q)| p * q).sum::<f64>();
        c * self.y_scale * self.y_scale
    }

    /// The posterior covariance matrix of several points (caller's units), row by row.
    pub fn covariance_matrix(&self, xs: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let us: Vec<Vec<f64>> = xs.iter().map(|x| self.bounds.to_unit(x)).collect();
        let v = self.whitened(&us);
        let n = self.len();
        let m = us.len();
        let ys2 = self.y_scale * self.y_scale;
        let mut out = vec![vec![0.0; m]; m];
        for a in 0..m {
            for b in 0..=a {
                let vv: f64 = (0..n).map(|i| v[(i, a)] * v[(i, b)]).sum();
                let mut c = self.kernel(&us[a], &us[b]) - vv;
                if a == b {
                    c = c.max(self.var_floor());
                }
                out[a][b] = c * ys2;
                out[b][a] = c * ys2;
            }
        }
        out
    }

    /// ∂Σ(a, x)/∂x, the gradient of the posterior covariance in its second argument
    /// (caller's units): ∂k(a, x)/∂x − (K⁻¹k(U, a))ᵀ J(x).
    pub fn covariance_gradient(&self, a: &[f64], x: &[f64]) -> Vec<f64> {
        let ua = self.bounds.to_unit(a);
        let ux = self.bounds.to_unit(x);
        let d = ux.len();
        let wa = self.upper_solve(&self.lower_solve(&self.kernel_vector(&ua)));
        let jac = self.kernel_jacobian(&ux);
        let r2 = scaled_distance2(&ua, &ux, &self.inv_l2);
        let c = self.s2 * self.config.kernel.correlation_derivative(r2);
        (0..d)
            .map(|q| {
                let direct = c * 2.0 * (ux[q] - ua[q]) * self.inv_l2[q];
                let through: f64 = (0..self.len()).map(|i| wa[i] * jac[i * d + q]).sum();
                (direct - through) * self.y_scale * self.y_scale / self.widths[q]
            })
            .collect()
    }

    /// The GP conditioned on one more observation `(x, y)` with the model's noise, by a
    /// rank-one extension of the Cholesky factor: L' = [[L, 0], [lᵀ, √(k(x,x) + λ² − lᵀl)]]
    /// with l = L⁻¹k(U, x). Hyperparameters and standardization are kept (no refit); used
    /// for Kriging-believer / constant-liar batches, pending points and fantasies.
    pub fn condition_on(&self, x: &[f64], y: f64) -> Result<Gp, BayesError> {
        self.bounds.check_dim(x, "fantasy point")?;
        if !y.is_finite() || x.iter().any(|v| !v.is_finite()) {
            return Err(BayesError::data(
                "fantasy",
                "point and value must be finite",
            ));
        }
        let u = self.bounds.to_unit(x);
        let n = self.len();
        let k = self.kernel_vector(&u);
        let l = self.lower_solve(&k);
        let diag = self.s2 + self.noise + self.jitter;
        let schur = diag - l.iter().map(|a| a * a).sum::<f64>();
        // a repeated point leaves only the noise and jitter: keep the factor positive
        let lnn = schur.max(1e-10 * self.s2 + self.noise).sqrt();
        let mut chol = Mat::<f64>::zeros(n + 1, n + 1);
        for j in 0..n {
            for i in j..n {
                chol[(i, j)] = self.chol[(i, j)];
            }
            chol[(n, j)] = l[j];
        }
        chol[(n, n)] = lnn;
        let mut gp = self.clone();
        gp.u.push(u);
        gp.y.push((y - self.y_mean) / self.y_scale);
        gp.extra_noise.push(0.0);
        gp.chol = chol;
        let resid: Vec<f64> = (0..=n).map(|i| gp.y[i] - gp.mean_unit(&gp.u[i])).collect();
        gp.alpha = cholesky_solve(&gp.chol, &resid);
        Ok(gp)
    }

    /// `samples` joint draws of the latent function at `xs` from the posterior (caller's
    /// units), seeded: f = μ + Cξ with C the (jittered) Cholesky factor of Σ(xs, xs).
    pub fn sample_posterior(
        &self,
        xs: &[Vec<f64>],
        samples: usize,
        seed: u64,
    ) -> Result<Vec<Vec<f64>>, BayesError> {
        let m = xs.len();
        let cov = self.covariance_matrix(xs);
        let k = Mat::<f64>::from_fn(m, m, |i, j| cov[i][j]);
        let (c, _) = cholesky_with_jitter(&k)?;
        let means: Vec<f64> = self.predict_many(xs).into_iter().map(|p| p.0).collect();
        let out = (0..samples)
            .into_par_iter()
            .map(|s| {
                let mut rng = substream(seed, s as u64);
                let xi: Vec<f64> = (0..m).map(|_| StandardNormal.sample(&mut rng)).collect();
                (0..m)
                    .map(|i| means[i] + (0..=i).map(|j| c[(i, j)] * xi[j]).sum::<f64>())
                    .collect()
            })
            .collect();
        Ok(out)
    }
}

/// Reference points whose posterior covariance with many candidates x is needed (noisy EI,
/// knowledge gradient, multi-fidelity): the whitened cross-covariances V = L⁻¹k(U, A) are
/// computed once, so each candidate costs one triangular solve plus O(n·|A|).
#[derive(Debug, Clone)]
pub struct ReferenceSet<'a> {
    gp: &'a Gp,
    u: Vec<Vec<f64>>,
    v: Mat<f64>,
    means: Vec<f64>,
}

impl<'a> ReferenceSet<'a> {
    /// Number of reference points.
    pub fn len(&self) -> usize {
        self.u.len()
    }
    /// Whether there are no reference points.
    pub fn is_empty(&self) -> bool {
        self.u.is_empty()
    }
    /// The GP the set belongs to.
    pub fn gp(&self) -> &'a Gp {
        self.gp
    }
    /// Posterior means μ_n(a_j) at the reference points (caller's units).
    pub fn means(&self) -> &[f64] {
        &self.means
    }
    /// The reference points (caller's units).
    pub fn points(&self) -> Vec<Vec<f64>> {
        self.u.iter().map(|u| self.gp.bounds.from_unit(u)).collect()
    }
    /// Σ_n(a_j, x) for every reference point a_j, with μ_n(x) and Σ_n(x, x), in the caller's
    /// units.
    pub fn covariances_with(&self, x: &[f64]) -> (Vec<f64>, f64, f64) {
        let gp = self.gp;
        let ux = gp.bounds.to_unit(x);
        let k = gp.kernel_vector(&ux);
        let vx = gp.lower_solve(&k);
        let n = gp.len();
        let ys2 = gp.y_scale * gp.y_scale;
        let cov = self
            .u
            .iter()
            .enumerate()
            .map(|(j, a)| {
                let vv: f64 = (0..n).map(|i| self.v[(i, j)] * vx[i]).sum();
                (gp.kernel(a, &ux) - vv) * ys2
            })
            .collect();
        let mean = gp.mean_unit(&ux) + k.iter().zip(&gp.alpha).map(|(a, b)| a * b).sum::<f64>();
        let var = (gp.s2 - vx.iter().map(|a| a * a).sum::<f64>()).max(gp.var_floor());
        (cov, gp.y_mean + gp.y_scale * mean, var * ys2)
    }
}

impl Gp {
    /// Precompute the posterior cross-covariance structure of the points `xs`.
    pub fn reference_set(&self, xs: &[Vec<f64>]) -> ReferenceSet<'_> {
        let u: Vec<Vec<f64>> = xs.iter().map(|x| self.bounds.to_unit(x)).collect();
        let v = self.whitened(&u);
        let means = self.predict_many(xs).into_iter().map(|p| p.0).collect();
        ReferenceSet {
            gp: self,
            u,
            v,
            means,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::rng::seeded;

    fn toy(n: usize, d: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<f64>, Bounds) {
        let mut rng = seeded(seed);
        let b = Bounds::new(vec![-2.0; d], vec![3.0; d]).unwrap();
        let x: Vec<Vec<f64>> = (0..n)
            .map(|_| (0..d).map(|_| -2.0 + 5.0 * rng.random::<f64>()).collect())
            .collect();
        let y = x
            .iter()
            .map(|p| p.iter().map(|v| (1.3 * v).sin() + 0.1 * v * v).sum())
            .collect();
        (x, y, b)
    }

    fn dense_posterior(gp: &Gp, x: &[f64]) -> (f64, f64) {
        // a dense LU solve of K in the standardized space, mapped back
        let n = gp.len();
        let (k, _) = gp.data().kernel_matrix(&gp.hyper, false);
        let full = Mat::<f64>::from_fn(n, n, |i, j| {
            let v = if i >= j { k[(i, j)] } else { k[(j, i)] };
            if i == j { v + gp.jitter } else { v }
        });
        let lu = full.partial_piv_lu();
        let u = gp.bounds.to_unit(x);
        let kv = gp.kernel_vector(&u);
        let resid = Mat::<f64>::from_fn(n, 1, |i, _| gp.y[i] - gp.mean_unit(&gp.u[i]));
        let kvm = Mat::<f64>::from_fn(n, 1, |i, _| kv[i]);
        use faer::linalg::solvers::Solve;
        let a = lu.solve(&resid);
        let w = lu.solve(&kvm);
        let mean = gp.mean_unit(&u) + (0..n).map(|i| kv[i] * a[(i, 0)]).sum::<f64>();
        let var = gp.s2 - (0..n).map(|i| kv[i] * w[(i, 0)]).sum::<f64>();
        (gp.y_mean + gp.y_scale * mean, var * gp.y_scale * gp.y_scale)
    }

    #[test]
    fn posterior_equals_a_dense_solve() {
        let (x, y, b) = toy(30, 3, 1);
        for kernel in [
            Kernel::Matern52,
            Kernel::SquaredExponential,
            Kernel::Matern12,
        ] {
            let cfg = GpConfig {
                kernel,
                noise: Noise::Fixed(1e-3),
                ..Default::default()
            };
            let gp = Gp::fit(&x, &y, &b, &cfg, None).unwrap();
            for p in [vec![0.1, -1.0, 2.0], vec![2.9, 2.9, -1.9]] {
                let (m, v) = gp.predict(&p);
                let (dm, dv) = dense_posterior(&gp, &p);
                assert!((m - dm).abs() < 1e-10 * dm.abs().max(1.0), "{m} {dm}");
                assert!((v - dv).abs() < 1e-10 * gp.signal_variance(), "{v} {dv}");
            }
        }
    }

    #[test]
    fn noise_free_gp_interpolates() {
        let (x, y, b) = toy(15, 2, 2);
        let gp = Gp::fit(&x, &y, &b, &GpConfig::default(), None).unwrap();
        for (xi, yi) in x.iter().zip(&y) {
            let (m, v) = gp.predict(xi);
            // noise 1e-6 in standardized units: the mean reproduces y to ~1e-5 of its scale
            assert!((m - yi).abs() < 1e-4, "{m} vs {yi}");
            assert!(v.sqrt() < 2e-3 * gp.signal_variance().sqrt());
        }
        let many = gp.predict_many(&x);
        for (p, xi) in many.iter().zip(&x) {
            let one = gp.predict(xi);
            assert!((p.0 - one.0).abs() < 1e-12 && (p.1 - one.1).abs() < 1e-12);
        }
    }

    #[test]
    fn likelihood_gradient_matches_central_differences() {
        let (x, y, b) = toy(25, 3, 3);
        for (mean, noise) in [
            (MeanFunction::Constant, Noise::Fixed(1e-4)),
            (MeanFunction::Linear, Noise::Fitted),
        ] {
            let cfg = GpConfig {
                mean,
                noise,
                kernel: Kernel::Matern32,
                ..Default::default()
            };
            let gp = Gp::fit(&x, &y, &b, &cfg, None).unwrap();
            let mut theta = gp.theta();
            // move off the optimum so that the gradient is not ~0
            for (i, t) in theta.iter_mut().enumerate() {
                *t += 0.1 * ((i as f64) * 1.7).sin();
            }
            let (_, g) = gp.negative_log_posterior(&theta).unwrap();
            for i in 0..theta.len() {
                let h = 1e-6;
                let mut tp = theta.clone();
                tp[i] += h;
                let mut tm = theta.clone();
                tm[i] -= h;
                let fd = (gp.negative_log_posterior(&tp).unwrap().0
                    - gp.negative_log_posterior(&tm).unwrap().0)
                    / (2.0 * h);
                assert!(
                    (fd - g[i]).abs() <= 1e-5 * g[i].abs().max(1e-3),
                    "θ[{i}]: fd {fd} vs analytic {}",
                    g[i]
                );
            }
        }
    }

    #[test]
    fn x_gradients_match_central_differences() {
        let (x, y, b) = toy(20, 3, 4);
        for kernel in [
            Kernel::Matern52,
            Kernel::SquaredExponential,
            Kernel::Matern32,
        ] {
            let cfg = GpConfig {
                kernel,
                mean: MeanFunction::Linear,
                ..Default::default()
            };
            let gp = Gp::fit(&x, &y, &b, &cfg, None).unwrap();
            let p = vec![0.37, -1.21, 1.9];
            let a = vec![1.1, 0.2, -0.5];
            let pred = gp.predict_with_gradient(&p);
            let cg = gp.covariance_gradient(&a, &p);
            for q in 0..3 {
                let h = 1e-6;
                let mut pp = p.clone();
                pp[q] += h;
                let mut pm = p.clone();
                pm[q] -= h;
                let fm = (gp.predict(&pp).0 - gp.predict(&pm).0) / (2.0 * h);
                let fv = (gp.predict(&pp).1 - gp.predict(&pm).1) / (2.0 * h);
                let fc = (gp.covariance(&a, &pp) - gp.covariance(&a, &pm)) / (2.0 * h);
                let rel = |a: f64, b: f64| (a - b).abs() / b.abs().max(1e-6);
                assert!(rel(pred.mean_gradient[q], fm) < 1e-5, "{kernel:?} mean {q}");
                assert!(
                    rel(pred.variance_gradient[q], fv) < 1e-5,
                    "{kernel:?} var {q}"
                );
                assert!(rel(cg[q], fc) < 1e-5, "{kernel:?} cov {q}: {} {fc}", cg[q]);
            }
        }
    }

    #[test]
    fn fantasy_update_equals_refactorization() {
        let (x, y, b) = toy(12, 2, 5);
        let cfg = GpConfig {
            noise: Noise::Fixed(1e-3),
            ..Default::default()
        };
        let gp = Gp::fit(&x, &y, &b, &cfg, None).unwrap();
        let xf = vec![0.5, 0.25];
        let fantasy = gp.condition_on(&xf, 0.7).unwrap();
        let mut x2 = x.clone();
        x2.push(xf.clone());
        // the same standardization and hyperparameters, refactored from scratch
        let mut direct = gp.clone();
        direct.u.push(b.to_unit(&xf));
        direct.y.push((0.7 - gp.y_mean) / gp.y_scale);
        direct.extra_noise.push(0.0);
        let direct = Gp::assemble(
            direct.config.clone(),
            direct.hyper.clone(),
            b.clone(),
            direct.u,
            direct.y,
            direct.extra_noise,
            (gp.y_mean, gp.y_scale),
        )
        .unwrap();
        for p in [vec![0.4, 0.3], vec![-1.5, 2.5]] {
            let (m1, v1) = fantasy.predict(&p);
            let (m2, v2) = direct.predict(&p);
            assert!((m1 - m2).abs() < 1e-9 && (v1 - v2).abs() < 1e-9);
        }
        assert_eq!(fantasy.len(), x2.len());
    }

    #[test]
    fn bad_data_is_an_error_naming_the_entry() {
        let b = Bounds::unit(2);
        let cfg = GpConfig::default();
        let e = Gp::fit(&[vec![0.1, 0.2]], &[f64::NAN], &b, &cfg, None).unwrap_err();
        assert!(e.to_string().starts_with("y[0]"), "{e}");
        assert!(Gp::fit(&[], &[], &b, &cfg, None).is_err());
        let e = Gp::fit(&[vec![0.1]], &[1.0], &b, &cfg, None).unwrap_err();
        assert!(e.to_string().contains("x[0]"), "{e}");
        let flat = Bounds::new(vec![0.0, 1.0], vec![1.0, 1.0]).unwrap();
        assert!(Gp::fit(&[vec![0.1, 1.0]], &[1.0], &flat, &cfg, None).is_err());
    }

    #[test]
    fn duplicates_factor_through_the_jitter_ladder() {
        let b = Bounds::unit(1);
        let cfg = GpConfig {
            noise: Noise::Fixed(0.0),
            ..Default::default()
        };
        let x = vec![vec![0.3], vec![0.3], vec![0.7]];
        let gp = Gp::fit(&x, &[1.0, 1.0, 2.0], &b, &cfg, None).unwrap();
        assert!(gp.predict(&[0.5]).0.is_finite());
        // a matrix indefinite by rounding needs the first rung; an indefinite one fails
        let k = Mat::<f64>::from_fn(
            2,
            2,
            |i, j| if i == j { 1.0 - 1e-12 * i as f64 } else { 1.0 },
        );
        let (_, jitter) = cholesky_with_jitter(&k).unwrap();
        assert!(jitter > 0.0 && jitter <= 1e-9, "{jitter}");
        let bad = Mat::<f64>::from_fn(2, 2, |i, j| if i == j { 1.0 } else { 2.0 });
        assert!(matches!(
            cholesky_with_jitter(&bad),
            Err(BayesError::NotPositiveDefinite { .. })
        ));
    }
}
