//! Reverse-mode derivatives of the mean loss: the loss itself, its gradient over a batch,
//! and the per-sample gradients.
//!
//! Back-propagation: with `E_l = ∂L/∂H_l` (starting from `E_L = ∂L/∂F`, the loss's output
//! gradient), `D_l = σ_l'(Z_l) ⊙ E_l`, `E_{l−1} = D_l W_l`, and the parameter gradients
//! are `∂L/∂W_l = D_lᵀ H_{l−1}`, `∂L/∂b_l = D_lᵀ 1`.

use crate::error::NnError;
use crate::loss::{Loss, Targets};
use crate::mlp::{Mlp, Tape, all_finite, check_finite_mat};
use crate::ops::{column_sums_into, matmul, matmul_into, scale_by_derivative};
use faer::{Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

/// A batch: inputs (`n × w_0`, one sample per row) with their targets.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// Inputs, one sample per row.
    pub inputs: MatRef<'a, f64>,
    /// Targets, one per row of `inputs`.
    pub targets: Targets<'a>,
}

impl<'a> Batch<'a> {
    /// Inputs with their targets.
    pub fn new(inputs: MatRef<'a, f64>, targets: Targets<'a>) -> Batch<'a> {
        Batch { inputs, targets }
    }
}

/// The mean loss and its gradient in the parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAndGradient {
    /// `L(θ) = (1/n) Σ_i ℓ_i(θ)`.
    pub value: f64,
    /// `∇L(θ)`, in the flat parameter layout.
    pub gradient: Vec<f64>,
}

/// Per-sample losses and gradients.
#[derive(Debug, Clone)]
pub struct PerSampleGradients {
    /// `ℓ_i(θ)` for each sample.
    pub losses: Vec<f64>,
    /// `n × P`: row `i` is `∇ℓ_i(θ)` (not divided by `n`; their mean is [`gradient()`]).
    pub gradients: Mat<f64>,
}

/// Checks parameters, inputs and targets of a batch for `loss`.
pub(crate) fn check_batch(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
) -> Result<(), NnError> {
    mlp.check_flat(theta, "params")?;
    mlp.check_inputs(batch.inputs)?;
    loss.check_targets(&batch.targets, batch.inputs.nrows(), mlp.output_dim())
}

/// Error unless every entry of `v` is finite; `what` names the vector.
pub(crate) fn finite_vector(v: &[f64], what: &str) -> Result<(), NnError> {
    if all_finite(v) {
        return Ok(());
    }
    let i = v.iter().position(|x| !x.is_finite()).unwrap_or(0);
    Err(NnError::NonFinite(format!("{what}[{i}]")))
}

/// Error unless `value` is finite.
pub(crate) fn finite(value: f64, what: &str) -> Result<f64, NnError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NnError::NonFinite(what.into()))
    }
}

/// The mean loss `L(θ) = (1/n) Σ_i ℓ(f(x_i; θ), y_i)` on a batch.
pub fn loss_value(mlp: &Mlp, theta: &[f64], batch: &Batch<'_>, loss: Loss) -> Result<f64, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    let tape = Tape::record(mlp, theta, batch.inputs);
    let per = loss.per_sample_unchecked(tape.output(), &batch.targets);
    finite(per.iter().sum::<f64>() / per.len() as f64, "loss")
}

/// The mean loss and its gradient `∇L(θ)` by back-propagation (one forward, one backward
/// pass; module docs give the recursion).
pub fn gradient(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
) -> Result<ValueAndGradient, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    let tape = Tape::record(mlp, theta, batch.inputs);
    let f = tape.output();
    let per = loss.per_sample_unchecked(f, &batch.targets);
    let value = finite(per.iter().sum::<f64>() / per.len() as f64, "loss")?;
    let e = loss.output_gradient_unchecked(f, &batch.targets, 1.0 / f.nrows() as f64);
    let deltas = backward_deltas(mlp, theta, &tape, e);
    let mut g = vec![0.0; mlp.num_params()];
    gradient_into(mlp, &tape, &deltas, &mut g, false);
    finite_vector(&g, "gradient")?;
    Ok(ValueAndGradient { value, gradient: g })
}

/// Per-sample losses `ℓ_i` and gradients `∇ℓ_i(θ)` from one batched backward pass: row `i`
/// of `∂ℓ_i/∂W_l` is the outer product `D_l[i]ᵀ H_{l−1}[i]` of the per-sample deltas and
/// activations, and `∂ℓ_i/∂b_l = D_l[i]` (the deltas are those of `Σ_i ℓ_i`, so row `i`
/// involves sample `i` alone). Memory is `n × P`.
pub fn per_sample_gradients(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
) -> Result<PerSampleGradients, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    let tape = Tape::record(mlp, theta, batch.inputs);
    let f = tape.output();
    let losses = loss.per_sample_unchecked(f, &batch.targets);
    if let Some(i) = losses.iter().position(|v| !v.is_finite()) {
        return Err(NnError::NonFinite(format!("loss of sample {i}")));
    }
    let e = loss.output_gradient_unchecked(f, &batch.targets, 1.0);
    let deltas = backward_deltas(mlp, theta, &tape, e);
    let n = f.nrows();
    let x = tape.x.to_owned();
    let mut gradients = Mat::zeros(n, mlp.num_params());
    // Column p of the result depends on (layer, row o, column k) of one weight or bias.
    let fill = |p: usize, col: &mut [f64]| {
        let l = (0..mlp.num_layers())
            .rfind(|&l| mlp.weight_range(l).start <= p)
            .unwrap_or(0);
        let d = &deltas[l];
        let w = mlp.weight_range(l);
        if w.contains(&p) {
            let (o, k) = (
                (p - w.start) / mlp.widths()[l],
                (p - w.start) % mlp.widths()[l],
            );
            let h = if l == 0 { &x } else { tape.layer(l - 1).1 };
            let (dc, hc) = (d.col_as_slice(o), h.col_as_slice(k));
            for ((c, &dv), &hv) in col.iter_mut().zip(dc).zip(hc) {
                *c = dv * hv;
            }
        } else {
            col.copy_from_slice(d.col_as_slice(p - mlp.bias_range(l).start));
        }
    };
    match mlp.parallelism() {
        Par::Seq => gradients
            .col_iter_mut()
            .enumerate()
            .for_each(|(p, c)| fill(p, as_slice(c))),
        _ => gradients
            .par_col_iter_mut()
            .enumerate()
            .for_each(|(p, c)| fill(p, as_slice(c))),
    }
    check_finite_mat(gradients.as_ref(), "per_sample_gradients")?;
    Ok(PerSampleGradients { losses, gradients })
}

/// A column of an owned matrix as a slice.
fn as_slice(c: faer::ColMut<'_, f64>) -> &mut [f64] {
    // Columns of an owned `Mat` are contiguous.
    c.try_as_col_major_mut()
        .expect("owned matrix columns are contiguous")
        .as_slice_mut()
}

/// The deltas `D_l = ∂/∂Z_l` of a scalar whose gradient in the outputs is `e` (`n × w_L`),
/// for every layer (index `l` is layer `l`, 0-based).
pub(crate) fn backward_deltas(
    mlp: &Mlp,
    theta: &[f64],
    tape: &Tape<'_>,
    mut e: Mat<f64>,
) -> Vec<Mat<f64>> {
    let layers = mlp.num_layers();
    let mut deltas = Vec::with_capacity(layers);
    for l in (0..layers).rev() {
        let (z, h) = tape.layer(l);
        scale_by_derivative(mlp.activations()[l], z, h, &mut e);
        if l == 0 {
            deltas.push(e);
            break;
        }
        let next = matmul(
            e.as_ref(),
            mlp.layer_unchecked(theta, l).weight,
            mlp.parallelism(),
        );
        deltas.push(std::mem::replace(&mut e, next));
    }
    deltas.reverse();
    deltas
}

/// `∂/∂W_l = D_lᵀ H_{l−1}` and `∂/∂b_l = D_lᵀ 1` written into (or, with `accumulate`, added
/// to) the flat vector `out`.
pub(crate) fn gradient_into(
    mlp: &Mlp,
    tape: &Tape<'_>,
    deltas: &[Mat<f64>],
    out: &mut [f64],
    accumulate: bool,
) {
    for (l, d) in deltas.iter().enumerate() {
        let (rows, cols) = (mlp.widths()[l + 1], mlp.widths()[l]);
        let dst = MatMut::from_row_major_slice_mut(&mut out[mlp.weight_range(l)], rows, cols);
        matmul_into(
            dst,
            accumulate,
            d.transpose(),
            tape.activation(l),
            mlp.parallelism(),
        );
        column_sums_into(d, &mut out[mlp.bias_range(l)], accumulate);
    }
}

/// Checks a matrix (`nrows × ncols` expected) and that its entries are finite.
pub(crate) fn check_matrix(
    m: MatRef<'_, f64>,
    rows: usize,
    cols: usize,
    what: &str,
) -> Result<(), NnError> {
    if m.nrows() != rows {
        return Err(NnError::shape(format!("{what} rows"), rows, m.nrows()));
    }
    if m.ncols() != cols {
        return Err(NnError::shape(format!("{what} columns"), cols, m.ncols()));
    }
    check_finite_mat(m, what)
}
