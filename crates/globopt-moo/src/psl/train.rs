//! Training the Pareto-set model on the scalarized LCB with Stein variational gradient
//! descent among preference particles (shared digest 21, step 5).

use super::kernel::SteinKernel;
use super::model::ParetoSetModel;
use super::params::PslParams;
use super::preferences::dirichlet_preferences;
use super::surrogate::{LcbPoint, Surrogates};
use crate::error::MooError;
use globopt_core::pareto::hypervolume;
use globopt_nn::optim::AdamConfig;
use globopt_nn::{Adam, Batch, Loss, Mat, Optimizer, Targets, per_sample_gradients, vjp};
use rand::Rng;

/// What one training run ended with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSummary {
    /// Steps taken (fewer than asked when stopped).
    pub steps: usize,
    /// Hypervolume of the predicted front at the kept checkpoint.
    pub best_checkpoint_hv: f64,
}

/// The particles of one training step: the designs `x_k = h_θ(λ_k)`, their LCB vectors with
/// Jacobians, the active Tchebycheff objectives and the losses
/// `L_k = max_j λ_kj (ℓ_kj − z_j)` (digest 21, steps 5.1–5.3).
#[derive(Debug, Clone)]
pub struct Particles {
    /// The preferences as the network's input batch (P × M).
    pub prefs: Mat<f64>,
    /// The designs, unit box (P × d).
    pub x: Mat<f64>,
    /// LCB vectors and their Jacobians.
    pub lcb: Vec<LcbPoint>,
    /// `a_k`, the maximizing objective of each particle's Tchebycheff loss.
    pub active: Vec<usize>,
    /// `L_k`.
    pub losses: Vec<f64>,
}

impl Particles {
    /// Evaluate the model and the surrogates at the preferences `prefs` with ideal point `ideal`.
    pub fn new(
        model: &ParetoSetModel,
        surrogates: &Surrogates,
        prefs: &[Vec<f64>],
        ideal: &[f64],
    ) -> Result<Self, MooError> {
        let p = prefs.len();
        let m = ideal.len();
        let lam = Mat::from_fn(p, m, |i, j| prefs[i][j]);
        let x = model.mlp.forward(&model.theta, lam.as_ref())?;
        let d = x.ncols();
        let lcb: Vec<LcbPoint> = (0..p)
            .map(|i| {
                let xi: Vec<f64> = (0..d).map(|q| x[(i, q)]).collect();
                surrogates.lcb_with_gradient(&xi)
            })
            .collect();
        let (active, losses): (Vec<usize>, Vec<f64>) = (0..p)
            .map(|i| {
                (0..m)
                    .map(|j| prefs[i][j] * (lcb[i].value[j] - ideal[j]))
                    .enumerate()
                    .fold(
                        (0, f64::NEG_INFINITY),
                        |acc, (j, v)| if v > acc.1 { (j, v) } else { acc },
                    )
            })
            .unzip();
        Ok(Particles {
            prefs: lam,
            x,
            lcb,
            active,
            losses,
        })
    }

    /// The LCB vectors alone.
    pub fn values(&self) -> Vec<Vec<f64>> {
        self.lcb.iter().map(|l| l.value.clone()).collect()
    }

    /// The per-particle gradients `g_k = ∇_θ L_k` (P × #params) from one batched backward
    /// pass: with `u_k = ∂L_k/∂x_k = λ_{k,a_k} ∇ℓ_{k,a_k}`, `g_k = J_kᵀ u_k` is the per-sample
    /// gradient of the half squared error against the targets `x_k − u_k`.
    pub fn loss_gradients(&self, model: &ParetoSetModel) -> Result<Mat<f64>, MooError> {
        let (p, d) = (self.x.nrows(), self.x.ncols());
        let targets = Mat::from_fn(p, d, |i, q| {
            let a = self.active[i];
            self.x[(i, q)] - self.prefs[(i, a)] * self.lcb[i].gradient[a][q]
        });
        let batch = Batch::new(self.prefs.as_ref(), Targets::Values(targets.as_ref()));
        Ok(
            per_sample_gradients(&model.mlp, &model.theta, &batch, Loss::MeanSquaredError)?
                .gradients,
        )
    }

    /// `∇_θ S` for the kernel sum `S = Σ_{i,k} K_ik` with bandwidths and indicators fixed:
    /// one vector-Jacobian product with the rows `Σ_j (∂S/∂ℓ_kj) ∇ℓ_kj`.
    pub fn kernel_sum_gradient(
        &self,
        model: &ParetoSetModel,
        kernel: &SteinKernel,
    ) -> Result<Vec<f64>, MooError> {
        let (p, d) = (self.x.nrows(), self.x.ncols());
        let m = self.lcb.first().map_or(0, |l| l.value.len());
        let cot = Mat::from_fn(p, d, |k, q| {
            (0..m)
                .map(|j| kernel.grad[k][j] * self.lcb[k].gradient[j][q])
                .sum()
        });
        Ok(vjp(
            &model.mlp,
            &model.theta,
            self.prefs.as_ref(),
            cot.as_ref(),
        )?)
    }
}

/// One SVGD direction of the model parameters for the preferences `prefs` (P × M):
/// `φ = Σ_k w_k g_k + (α/P) ∇_θ Σ_{i,k} K_ik` (digest 21, step 5.6), with `g_k` the
/// per-particle loss gradients ([`Particles::loss_gradients`]), each parameter column
/// divided by its norm across particles when `grad_normalize`, and `w_k = (1/P) Σ_i K_ik`.
pub fn svgd_direction(
    model: &ParetoSetModel,
    surrogates: &Surrogates,
    prefs: &[Vec<f64>],
    ideal: &[f64],
    params: &PslParams,
) -> Result<(Vec<f64>, SteinKernel), MooError> {
    let particles = Particles::new(model, surrogates, prefs, ideal)?;
    let p = prefs.len();
    let kernel = SteinKernel::new(
        &particles.values(),
        &particles.active,
        params.kernel,
        params.bandwidth_c,
        params.median_squared,
    );
    let g = particles.loss_gradients(model)?;
    let w = kernel.column_weights();
    // one pass per parameter column (contiguous: faer stores columns): the column's norm
    // across particles and the kernel-weighted sum
    let mut phi: Vec<f64> = (0..g.ncols())
        .map(|q| {
            let col = g.col_as_slice(q);
            let dot: f64 = col.iter().zip(&w).map(|(a, b)| a * b).sum();
            if params.grad_normalize {
                let norm = col.iter().map(|a| a * a).sum::<f64>().sqrt();
                if norm > 0.0 { dot / norm } else { 0.0 }
            } else {
                dot
            }
        })
        .collect();
    if params.repulsion > 0.0 {
        let r = particles.kernel_sum_gradient(model, &kernel)?;
        let scale = params.repulsion / p as f64;
        phi.iter_mut().zip(&r).for_each(|(a, b)| *a += scale * b);
    }
    Ok((phi, kernel))
}

/// The hypervolume of the model's predicted front: the LCB vectors at the spread preferences,
/// against the componentwise maximum of those vectors and the non-dominated observations
/// (digest 21, step 5.7).
pub fn checkpoint_hypervolume(
    model: &ParetoSetModel,
    surrogates: &Surrogates,
    spread: &[Vec<f64>],
    y_nd: &[Vec<f64>],
) -> Result<f64, MooError> {
    let lcb = surrogates.lcb_many(&model.unit_designs(spread)?);
    let m = lcb.first().map_or(0, Vec::len);
    let reference: Vec<f64> = (0..m)
        .map(|j| {
            lcb.iter()
                .chain(y_nd)
                .map(|v| v[j])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    Ok(hypervolume(&lcb, &reference)?)
}

/// What the model is trained against in one iteration.
#[derive(Debug, Clone, Copy)]
pub struct TrainingData<'a> {
    /// The GPs of the objectives.
    pub surrogates: &'a Surrogates,
    /// The non-dominated observations (fitted space).
    pub y_nd: &'a [Vec<f64>],
    /// The ideal point z of the Tchebycheff losses.
    pub ideal: &'a [f64],
    /// The evenly spread preferences of the checkpoints.
    pub spread: &'a [Vec<f64>],
}

/// Train `model` for `params.steps` Adam steps along the SVGD direction, checkpointing every
/// `params.checkpoint_every` steps (and at the last) and keeping the parameters whose
/// predicted front has the largest hypervolume (ties to the later). `stop(step)` is asked
/// after each step and ends the training early when it says so.
pub fn train(
    model: &mut ParetoSetModel,
    data: &TrainingData<'_>,
    params: &PslParams,
    rng: &mut impl Rng,
    stop: &mut dyn FnMut(usize) -> bool,
) -> Result<TrainSummary, MooError> {
    let (surrogates, ideal) = (data.surrogates, data.ideal);
    let m = ideal.len();
    let mut adam = Adam::new(AdamConfig::default())?;
    let mut best = (f64::NEG_INFINITY, model.theta.clone());
    let mut steps = 0;
    for step in 0..params.steps {
        let prefs = dirichlet_preferences(params.prefs_per_step, m, 1e-4, rng);
        let (phi, _) = svgd_direction(model, surrogates, &prefs, ideal, params)?;
        adam.step(&mut model.theta, &phi, params.lr)?;
        steps = step + 1;
        let last = steps == params.steps || stop(step);
        if steps % params.checkpoint_every == 0 || last {
            let hv = checkpoint_hypervolume(model, surrogates, data.spread, data.y_nd)?;
            if hv >= best.0 {
                best = (hv, model.theta.clone());
            }
        }
        if last {
            break;
        }
    }
    model.theta = best.1;
    Ok(TrainSummary {
        steps,
        best_checkpoint_hv: best.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::psl::kernel::kernel_sum_fixed_h;
    use crate::psl::params::KernelKind;
    use globopt_bayes::GpConfig;
    use globopt_core::Bounds;
    use rand::Rng;

    /// A small problem: 3 inputs, two objectives observed at 12 points, GPs fitted on them.
    fn setup() -> (ParetoSetModel, Surrogates, Vec<Vec<f64>>) {
        let mut rng = globopt_core::rng::seeded(5);
        let x: Vec<Vec<f64>> = (0..12)
            .map(|_| (0..3).map(|_| rng.random::<f64>()).collect())
            .collect();
        let y: Vec<Vec<f64>> = x
            .iter()
            .map(|v| vec![v[0] + 0.3 * v[1] * v[2], 1.0 - v[0].sqrt() + v[1] * v[1]])
            .collect();
        let s = Surrogates::fit(&x, &y, &GpConfig::default(), None, 0.1).unwrap();
        let model = ParetoSetModel::new(2, &[8, 8], &Bounds::unit(3), 3).unwrap();
        let prefs = vec![vec![0.2, 0.8001], vec![0.7001, 0.3], vec![0.5, 0.5001]];
        (model, s, prefs)
    }

    fn perturbed(model: &ParetoSetModel, q: usize, eps: f64) -> ParetoSetModel {
        let mut m = model.clone();
        m.theta[q] += eps;
        m
    }

    #[test]
    fn tchebycheff_lcb_gradients_match_central_differences() {
        // digest 21, check 2: through the GP posterior and the MLP, to 1e-5 relative
        let (model, s, prefs) = setup();
        let ideal = [-0.1, -0.1];
        let parts = Particles::new(&model, &s, &prefs, &ideal).unwrap();
        let g = parts.loss_gradients(&model).unwrap();
        let n = model.theta.len();
        let mut checked = 0;
        for q in (0..n).step_by(7) {
            let eps = 1e-6;
            let up = Particles::new(&perturbed(&model, q, eps), &s, &prefs, &ideal).unwrap();
            let dn = Particles::new(&perturbed(&model, q, -eps), &s, &prefs, &ideal).unwrap();
            for k in 0..prefs.len() {
                if up.active[k] != dn.active[k] {
                    continue; // the max switches inside the stencil: not differentiable
                }
                let fd = (up.losses[k] - dn.losses[k]) / (2.0 * eps);
                // relative to the particle's gradient size (round-off of the GP prediction
                // over the step limits what the differences resolve)
                let scale = (0..n)
                    .step_by(7)
                    .fold(0.0f64, |a, r| a.max(g[(k, r)].abs()));
                assert!(
                    (fd - g[(k, q)]).abs() <= 1e-5 * scale,
                    "param {q}, particle {k}: {fd} vs {}",
                    g[(k, q)]
                );
                checked += 1;
            }
        }
        assert!(checked > 50);
    }

    #[test]
    fn repulsion_gradient_matches_differences_and_lowers_the_kernel_sum() {
        // digest 21, check 3: the repulsion term alone reduces Σ K_ik on a fixed batch
        let (model, s, prefs) = setup();
        let ideal = [-0.1, -0.1];
        for kind in [KernelKind::Local, KernelKind::Global] {
            // the untrained model maps every preference close to the same design, so the LCB
            // vectors are close: the standard bandwidth keeps the kernel from vanishing
            let parts = Particles::new(&model, &s, &prefs, &ideal).unwrap();
            let kernel = SteinKernel::new(&parts.values(), &parts.active, kind, 1.0, false);
            let grad = parts.kernel_sum_gradient(&model, &kernel).unwrap();
            // the sum with the bandwidths and indicators of the unperturbed batch
            let sum_at = |m: &ParetoSetModel| -> f64 {
                let p2 = Particles::new(m, &s, &prefs, &ideal).unwrap();
                kernel_sum_fixed_h(&parts.values(), &p2.values(), &parts.active, kind, false)
            };
            let scale = grad.iter().fold(0.0f64, |a, g| a.max(g.abs()));
            assert!(scale > 0.0);
            for q in (0..model.theta.len()).step_by(11) {
                let eps = 1e-6;
                let fd = (sum_at(&perturbed(&model, q, eps)) - sum_at(&perturbed(&model, q, -eps)))
                    / (2.0 * eps);
                assert!(
                    (fd - grad[q]).abs() <= 1e-5 * scale,
                    "{q}: {fd} {}",
                    grad[q]
                );
            }
            let mut stepped = model.clone();
            let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
            stepped
                .theta
                .iter_mut()
                .zip(&grad)
                .for_each(|(t, g)| *t -= 1e-3 * g / norm);
            assert!(sum_at(&stepped) < kernel.sum());
        }
    }

    #[test]
    fn without_repulsion_the_direction_is_the_smoothed_descent() {
        // α = 0 is PSL-MOBO: φ = Σ_k w_k g_k exactly
        let (model, s, prefs) = setup();
        let ideal = [-0.1, -0.1];
        let params = PslParams {
            repulsion: 0.0,
            grad_normalize: false,
            median_squared: false,
            ..PslParams::default()
        };
        let (phi, kernel) = svgd_direction(&model, &s, &prefs, &ideal, &params).unwrap();
        let g = Particles::new(&model, &s, &prefs, &ideal)
            .unwrap()
            .loss_gradients(&model)
            .unwrap();
        let w = kernel.column_weights();
        for q in (0..phi.len()).step_by(5) {
            let want: f64 = (0..prefs.len()).map(|k| w[k] * g[(k, q)]).sum();
            assert!((phi[q] - want).abs() <= 1e-12 * (1.0 + want.abs()));
        }
        let with = PslParams {
            repulsion: 0.5,
            ..params
        };
        let (phi2, _) = svgd_direction(&model, &s, &prefs, &ideal, &with).unwrap();
        assert!(phi.iter().zip(&phi2).any(|(a, b)| (a - b).abs() > 1e-12));
    }
}
