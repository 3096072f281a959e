//! Losses on network outputs, with their first and second derivatives in the outputs.
//!
//! Every loss is a mean over the batch, `L = (1/n) Σ_i ℓ(f_i, y_i)`, where `f_i` is row `i`
//! of the outputs. [`Loss::output_gradient`] returns `∂L/∂F` and
//! [`Loss::output_hessian_product`] returns `(∂²L/∂F²) U`; for all three losses the
//! output Hessian does not depend on the targets, and it is positive semi-definite, which
//! is what makes the Gauss–Newton product of [`crate::curvature`] a PSD curvature model.

use crate::activation::{sigmoid, softplus};
use crate::error::NnError;
use faer::{Mat, MatRef};
use serde::{Deserialize, Serialize};

/// A per-sample loss `ℓ(f, y)` on a network output `f ∈ R^k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Half squared error `ℓ = ½ ‖f − y‖²` (so `∇ℓ = f − y` and `∇²ℓ = I`); note the ½
    /// and the sum over outputs, which differ from PyTorch's `MSELoss` (mean over all
    /// entries, no ½) by the factor `2/k`. Targets: [`Targets::Values`], `n × k`.
    MeanSquaredError,
    /// Softmax cross-entropy `ℓ = logsumexp(f) − Σ_c y_c f_c`, computed with the maximum
    /// subtracted (stable log-sum-exp). Targets: [`Targets::Classes`] (`y = e_class`, as
    /// PyTorch's `CrossEntropyLoss`) or [`Targets::Values`] rows that are probability
    /// vectors. Needs `k ≥ 2`. `∇ℓ = p − y`, `∇²ℓ = diag(p) − p pᵀ`, `p = softmax(f)`.
    SoftmaxCrossEntropy,
    /// Binary logistic loss on one logit, `ℓ = log(1 + e^f) − y f` (PyTorch's
    /// `BCEWithLogitsLoss`). Targets: [`Targets::Classes`] in `{0, 1}` or
    /// [`Targets::Values`] in `[0, 1]`, one column. Needs `k = 1`.
    /// `∇ℓ = s − y`, `∇²ℓ = s(1 − s)`, `s = sigmoid(f)`.
    BinaryLogistic,
}

/// Targets of a batch, one per row of the inputs.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a> {
    /// Real-valued targets, `n × k` (regression, soft labels).
    Values(MatRef<'a, f64>),
    /// Class indices in `0..k` (or `{0, 1}` for the binary logistic loss).
    Classes(&'a [usize]),
}

impl Targets<'_> {
    /// Number of samples.
    pub fn len(&self) -> usize {
        match self {
            Targets::Values(y) => y.nrows(),
            Targets::Classes(c) => c.len(),
        }
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Loss {
    /// Checks that `targets` fit this loss for `n` samples and `k` outputs.
    pub fn check_targets(&self, targets: &Targets<'_>, n: usize, k: usize) -> Result<(), NnError> {
        if targets.len() != n {
            return Err(NnError::shape("targets rows", n, targets.len()));
        }
        match (self, targets) {
            (Loss::MeanSquaredError, Targets::Classes(_)) => Err(NnError::Targets(
                "mean_squared_error needs real-valued targets (Targets::Values), got classes"
                    .into(),
            )),
            (Loss::SoftmaxCrossEntropy, _) if k < 2 => Err(NnError::Targets(format!(
                "softmax_cross_entropy needs at least 2 outputs, the network has {k}"
            ))),
            (Loss::BinaryLogistic, _) if k != 1 => Err(NnError::Targets(format!(
                "binary_logistic needs exactly 1 output, the network has {k}"
            ))),
            (Loss::SoftmaxCrossEntropy | Loss::BinaryLogistic, Targets::Classes(c)) => {
                let classes = if *self == Loss::BinaryLogistic { 2 } else { k };
                match c.iter().position(|&ci| ci >= classes) {
                    Some(i) => Err(NnError::Targets(format!(
                        "class {} of sample {i} is out of range 0..{classes}",
                        c[i]
                    ))),
                    None => Ok(()),
                }
            }
            (_, Targets::Values(y)) => {
                if y.ncols() != k {
                    return Err(NnError::shape("targets columns", k, y.ncols()));
                }
                for i in 0..n {
                    for j in 0..k {
                        if !y[(i, j)].is_finite() {
                            return Err(NnError::NonFinite(format!("targets[{i}, {j}]")));
                        }
                    }
                }
                match self {
                    Loss::MeanSquaredError => Ok(()),
                    Loss::BinaryLogistic => {
                        match (0..n).find(|&i| !(0.0..=1.0).contains(&y[(i, 0)])) {
                            Some(i) => Err(NnError::Targets(format!(
                                "binary_logistic target of sample {i} is {}, outside [0, 1]",
                                y[(i, 0)]
                            ))),
                            None => Ok(()),
                        }
                    }
                    Loss::SoftmaxCrossEntropy => {
                        for i in 0..n {
                            let row: Vec<f64> = (0..k).map(|j| y[(i, j)]).collect();
                            let sum: f64 = row.iter().sum();
                            if row.iter().any(|&v| v < 0.0) || (sum - 1.0).abs() > 1e-9 {
                                return Err(NnError::Targets(format!(
                                    "softmax_cross_entropy target row {i} is not a probability \
                                     vector (sum {sum})"
                                )));
                            }
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    /// Per-sample losses `ℓ(f_i, y_i)` for outputs `f` (`n × k`).
    pub fn per_sample(
        &self,
        f: MatRef<'_, f64>,
        targets: &Targets<'_>,
    ) -> Result<Vec<f64>, NnError> {
        self.check_targets(targets, f.nrows(), f.ncols())?;
        Ok(self.per_sample_unchecked(f, targets))
    }

    /// The mean loss `L = (1/n) Σ_i ℓ(f_i, y_i)`.
    pub fn value(&self, f: MatRef<'_, f64>, targets: &Targets<'_>) -> Result<f64, NnError> {
        let per = self.per_sample(f, targets)?;
        Ok(per.iter().sum::<f64>() / per.len() as f64)
    }

    /// `∂L/∂F`: row `i` is `(1/n) ∇_f ℓ(f_i, y_i)`.
    pub fn output_gradient(
        &self,
        f: MatRef<'_, f64>,
        targets: &Targets<'_>,
    ) -> Result<Mat<f64>, NnError> {
        self.check_targets(targets, f.nrows(), f.ncols())?;
        Ok(self.output_gradient_unchecked(f, targets, 1.0 / f.nrows() as f64))
    }

    /// `(∂²L/∂F²) U`: row `i` is `(1/n) ∇²_f ℓ(f_i) u_i`.
    pub fn output_hessian_product(
        &self,
        f: MatRef<'_, f64>,
        u: MatRef<'_, f64>,
    ) -> Result<Mat<f64>, NnError> {
        if (u.nrows(), u.ncols()) != (f.nrows(), f.ncols()) {
            return Err(NnError::shape(
                "direction rows×columns",
                f.nrows() * f.ncols(),
                u.nrows() * u.ncols(),
            ));
        }
        Ok(self.output_hessian_product_unchecked(f, u, 1.0 / f.nrows() as f64))
    }

    pub(crate) fn per_sample_unchecked(
        &self,
        f: MatRef<'_, f64>,
        targets: &Targets<'_>,
    ) -> Vec<f64> {
        let (n, k) = (f.nrows(), f.ncols());
        (0..n)
            .map(|i| match self {
                Loss::MeanSquaredError => {
                    let Targets::Values(y) = targets else {
                        unreachable!("checked")
                    };
                    0.5 * (0..k).map(|j| (f[(i, j)] - y[(i, j)]).powi(2)).sum::<f64>()
                }
                Loss::SoftmaxCrossEntropy => {
                    let lse = log_sum_exp(f, i);
                    match targets {
                        Targets::Classes(c) => lse - f[(i, c[i])],
                        Targets::Values(y) => (0..k).map(|j| y[(i, j)] * (lse - f[(i, j)])).sum(),
                    }
                }
                Loss::BinaryLogistic => softplus(f[(i, 0)]) - target_at(targets, i) * f[(i, 0)],
            })
            .collect()
    }

    /// Rows `scale · ∇_f ℓ(f_i, y_i)`.
    pub(crate) fn output_gradient_unchecked(
        &self,
        f: MatRef<'_, f64>,
        targets: &Targets<'_>,
        scale: f64,
    ) -> Mat<f64> {
        let (n, k) = (f.nrows(), f.ncols());
        let mut g = Mat::zeros(n, k);
        for i in 0..n {
            match self {
                Loss::MeanSquaredError => {
                    let Targets::Values(y) = targets else {
                        unreachable!("checked")
                    };
                    for j in 0..k {
                        g[(i, j)] = scale * (f[(i, j)] - y[(i, j)]);
                    }
                }
                Loss::SoftmaxCrossEntropy => {
                    let p = softmax_row(f, i);
                    for j in 0..k {
                        let yj = match targets {
                            Targets::Classes(c) => f64::from(u8::from(c[i] == j)),
                            Targets::Values(y) => y[(i, j)],
                        };
                        g[(i, j)] = scale * (p[j] - yj);
                    }
                }
                Loss::BinaryLogistic => {
                    g[(i, 0)] = scale * (sigmoid(f[(i, 0)]) - target_at(targets, i));
                }
            }
        }
        g
    }

    /// Rows `scale · ∇²_f ℓ(f_i) u_i`.
    pub(crate) fn output_hessian_product_unchecked(
        &self,
        f: MatRef<'_, f64>,
        u: MatRef<'_, f64>,
        scale: f64,
    ) -> Mat<f64> {
        let (n, k) = (f.nrows(), f.ncols());
        match self {
            Loss::MeanSquaredError => Mat::from_fn(n, k, |i, j| scale * u[(i, j)]),
            Loss::SoftmaxCrossEntropy => {
                let mut out = Mat::zeros(n, k);
                for i in 0..n {
                    let p = softmax_row(f, i);
                    let pu: f64 = (0..k).map(|j| p[j] * u[(i, j)]).sum();
                    for j in 0..k {
                        out[(i, j)] = scale * p[j] * (u[(i, j)] - pu);
                    }
                }
                out
            }
            Loss::BinaryLogistic => Mat::from_fn(n, 1, |i, _| {
                let s = sigmoid(f[(i, 0)]);
                scale * s * (1.0 - s) * u[(i, 0)]
            }),
        }
    }
}

/// Target of sample `i` as a number (binary logistic: class 0/1 or a value in [0, 1]).
fn target_at(targets: &Targets<'_>, i: usize) -> f64 {
    match targets {
        Targets::Classes(c) => c[i] as f64,
        Targets::Values(y) => y[(i, 0)],
    }
}

/// `log Σ_j e^{f_ij}` with the row maximum subtracted first.
fn log_sum_exp(f: MatRef<'_, f64>, i: usize) -> f64 {
    let m = (0..f.ncols())
        .map(|j| f[(i, j)])
        .fold(f64::NEG_INFINITY, f64::max);
    m + (0..f.ncols())
        .map(|j| (f[(i, j)] - m).exp())
        .sum::<f64>()
        .ln()
}

/// `softmax(f_i)`, stable.
fn softmax_row(f: MatRef<'_, f64>, i: usize) -> Vec<f64> {
    let m = (0..f.ncols())
        .map(|j| f[(i, j)])
        .fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = (0..f.ncols()).map(|j| (f[(i, j)] - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

/// Predicted class of each output row: the arg-max for `k ≥ 2`, `f > 0` for one logit.
pub fn predicted_classes(f: MatRef<'_, f64>) -> Vec<usize> {
    (0..f.nrows())
        .map(|i| {
            if f.ncols() == 1 {
                usize::from(f[(i, 0)] > 0.0)
            } else {
                (0..f.ncols()).fold(0, |best, j| if f[(i, j)] > f[(i, best)] { j } else { best })
            }
        })
        .collect()
}

/// Fraction of rows whose [`predicted_classes`] equals the label.
pub fn accuracy(f: MatRef<'_, f64>, classes: &[usize]) -> Result<f64, NnError> {
    if classes.len() != f.nrows() {
        return Err(NnError::shape("classes length", f.nrows(), classes.len()));
    }
    if classes.is_empty() {
        return Err(NnError::param("classes", "no samples"));
    }
    let hits = predicted_classes(f)
        .iter()
        .zip(classes)
        .filter(|(p, c)| p == c)
        .count();
    Ok(hits as f64 / classes.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::mat;

    fn fd_check(loss: Loss, f: Mat<f64>, t: Targets<'_>) {
        let (n, k) = (f.nrows(), f.ncols());
        let g = loss.output_gradient(f.as_ref(), &t).unwrap();
        let u = Mat::from_fn(n, k, |i, j| ((i * k + j) as f64 * 0.7).sin());
        let hu = loss.output_hessian_product(f.as_ref(), u.as_ref()).unwrap();
        let h = 1e-5;
        for i in 0..n {
            for j in 0..k {
                let mut fp = f.clone();
                fp[(i, j)] += h;
                let mut fm = f.clone();
                fm[(i, j)] -= h;
                let d = (loss.value(fp.as_ref(), &t).unwrap()
                    - loss.value(fm.as_ref(), &t).unwrap())
                    / (2.0 * h);
                assert!(
                    (g[(i, j)] - d).abs() < 1e-9,
                    "{loss:?} grad ({i},{j}) {} vs {d}",
                    g[(i, j)]
                );
            }
        }
        let fp = Mat::from_fn(n, k, |i, j| f[(i, j)] + h * u[(i, j)]);
        let fm = Mat::from_fn(n, k, |i, j| f[(i, j)] - h * u[(i, j)]);
        let gp = loss.output_gradient(fp.as_ref(), &t).unwrap();
        let gm = loss.output_gradient(fm.as_ref(), &t).unwrap();
        for i in 0..n {
            for j in 0..k {
                let d = (gp[(i, j)] - gm[(i, j)]) / (2.0 * h);
                assert!((hu[(i, j)] - d).abs() < 1e-9, "{loss:?} hess ({i},{j})");
            }
        }
    }

    #[test]
    fn derivatives_match_central_differences() {
        let f = mat![[0.3, -1.2, 2.0], [1.5, 0.1, -0.4]];
        let y = mat![[0.0, 1.0, 0.5], [-1.0, 2.0, 0.0]];
        fd_check(
            Loss::MeanSquaredError,
            f.clone(),
            Targets::Values(y.as_ref()),
        );
        fd_check(
            Loss::SoftmaxCrossEntropy,
            f.clone(),
            Targets::Classes(&[2, 0]),
        );
        let soft = mat![[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]];
        fd_check(Loss::SoftmaxCrossEntropy, f, Targets::Values(soft.as_ref()));
        let logit = mat![[0.7], [-2.0], [0.0]];
        fd_check(
            Loss::BinaryLogistic,
            logit.clone(),
            Targets::Classes(&[1, 0, 1]),
        );
        let soft1 = mat![[0.25], [1.0], [0.0]];
        fd_check(Loss::BinaryLogistic, logit, Targets::Values(soft1.as_ref()));
    }

    #[test]
    fn stable_for_huge_logits_and_known_values() {
        let f = mat![[1000.0, 0.0], [0.0, 0.0]];
        let v = Loss::SoftmaxCrossEntropy
            .per_sample(f.as_ref(), &Targets::Classes(&[1, 0]))
            .unwrap();
        assert_eq!(v[0], 1000.0);
        assert!((v[1] - 2f64.ln()).abs() < 1e-15);
        let z = mat![[800.0], [-800.0]];
        let b = Loss::BinaryLogistic
            .per_sample(z.as_ref(), &Targets::Classes(&[0, 0]))
            .unwrap();
        assert_eq!(b, vec![800.0, 0.0]);
    }

    #[test]
    fn bad_targets_are_errors() {
        let f = Mat::<f64>::zeros(2, 3);
        let ce = Loss::SoftmaxCrossEntropy;
        assert!(ce.value(f.as_ref(), &Targets::Classes(&[0, 3])).is_err());
        assert!(ce.value(f.as_ref(), &Targets::Classes(&[0])).is_err());
        assert!(
            Loss::MeanSquaredError
                .value(f.as_ref(), &Targets::Classes(&[0, 1]))
                .is_err()
        );
        assert!(
            Loss::BinaryLogistic
                .value(f.as_ref(), &Targets::Classes(&[0, 1]))
                .is_err()
        );
        let y = mat![[0.5, 0.5, 0.5], [1.0, 0.0, 0.0]];
        assert!(ce.value(f.as_ref(), &Targets::Values(y.as_ref())).is_err());
        assert_eq!(
            accuracy(mat![[1.0, 2.0], [3.0, 0.0]].as_ref(), &[1, 1]).unwrap(),
            0.5
        );
    }
}
