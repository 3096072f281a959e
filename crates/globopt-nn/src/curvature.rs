//! Curvature-vector products of the mean loss `L(θ) = (1/n) Σ_i ℓ(f_i(θ), y_i)`, each at the
//! cost of about two passes and without forming any `P × P` matrix.
//!
//! * Gauss–Newton: `G v = (1/n) Σ_i J_iᵀ ∇²_f ℓ_i J_i v` — the generalized Gauss–Newton
//!   matrix (Schraudolph 2002), PSD for the three losses of [`Loss`]. For these losses
//!   (canonical links) it is also the model's *true* Fisher information matrix.
//! * Fisher: `F v = (1/n) Σ_i g_i g_iᵀ v` with `g_i = ∇ℓ_i(θ)` — the *empirical* Fisher.
//! * Hessian: `∇²L(θ) v`, exact, by Pearlmutter's (1994) R-operator: the forward tangent
//!   pass of [`crate::jacobian`] followed by the differentiated backward pass
//!   `Ė_L = ∇²_f L Ḟ`,
//!   `Ḋ_l = σ''(Z_l) ⊙ Ż_l ⊙ E_l + σ'(Z_l) ⊙ Ė_l`,
//!   `Ė_{l−1} = Ḋ_l W_l + D_l V_l`,
//!   `R{∂L/∂W_l} = Ḋ_lᵀ H_{l−1} + D_lᵀ Ḣ_{l−1}`, `R{∂L/∂b_l} = Ḋ_lᵀ 1`.
//!
//! These are the products the Newton-type methods of shared digest 05 (gradient-normalized
//! smoothness) and the Hessian-based analyses of digests 08 and 20 consume.

use crate::error::NnError;
use crate::gradient::{Batch, backward_deltas, check_batch, finite_vector, gradient_into};
use crate::jacobian::tangent_pass;
use crate::loss::Loss;
use crate::mlp::{Mlp, Tape};
use crate::ops::{
    column_sums_into, matmul, matmul_into, scale_by_derivative, second_derivative_product,
};
use faer::{Mat, MatMut};

/// Gauss–Newton-vector product `G(θ) v = Jᵀ (∇²_F L) J v` (module docs): a JVP, the loss's
/// output Hessian, then a VJP.
pub fn gauss_newton_vector_product(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
    v: &[f64],
) -> Result<Vec<f64>, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    mlp.check_flat(v, "direction")?;
    let tape = Tape::record(mlp, theta, batch.inputs);
    let tangents = tangent_pass(mlp, theta, &tape, v);
    let f = tape.output();
    let u = loss.output_hessian_product_unchecked(f, tangents.output(), 1.0 / f.nrows() as f64);
    let deltas = backward_deltas(mlp, theta, &tape, u);
    let mut out = vec![0.0; mlp.num_params()];
    gradient_into(mlp, &tape, &deltas, &mut out, false);
    finite_vector(&out, "gauss_newton_vector_product")?;
    Ok(out)
}

/// Empirical Fisher-vector product `F(θ) v = (1/n) Σ_i g_i (g_iᵀ v)` (module docs), using
/// `g_iᵀ v = ⟨∇_f ℓ_i, J_i v⟩`: a JVP, then a VJP with cotangent rows
/// `(g_iᵀ v / n) ∇_f ℓ_i`.
pub fn fisher_vector_product(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
    v: &[f64],
) -> Result<Vec<f64>, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    mlp.check_flat(v, "direction")?;
    let tape = Tape::record(mlp, theta, batch.inputs);
    let tangents = tangent_pass(mlp, theta, &tape, v);
    let f = tape.output();
    let (n, k) = (f.nrows(), f.ncols());
    let g = loss.output_gradient_unchecked(f, &batch.targets, 1.0);
    let jv = tangents.output();
    let mut u = Mat::zeros(n, k);
    for i in 0..n {
        let a: f64 = (0..k).map(|j| g[(i, j)] * jv[(i, j)]).sum::<f64>() / n as f64;
        for j in 0..k {
            u[(i, j)] = a * g[(i, j)];
        }
    }
    let deltas = backward_deltas(mlp, theta, &tape, u);
    let mut out = vec![0.0; mlp.num_params()];
    gradient_into(mlp, &tape, &deltas, &mut out, false);
    finite_vector(&out, "fisher_vector_product")?;
    Ok(out)
}

/// Exact Hessian-vector product `∇²L(θ) v` by the R-operator (module docs).
pub fn hessian_vector_product(
    mlp: &Mlp,
    theta: &[f64],
    batch: &Batch<'_>,
    loss: Loss,
    v: &[f64],
) -> Result<Vec<f64>, NnError> {
    check_batch(mlp, theta, batch, loss)?;
    mlp.check_flat(v, "direction")?;
    let par = mlp.parallelism();
    let tape = Tape::record(mlp, theta, batch.inputs);
    let tan = tangent_pass(mlp, theta, &tape, v);
    let f = tape.output();
    let scale = 1.0 / f.nrows() as f64;
    let mut e = loss.output_gradient_unchecked(f, &batch.targets, scale);
    let mut e_dot = loss.output_hessian_product_unchecked(f, tan.output(), scale);
    let mut out = vec![0.0; mlp.num_params()];
    for l in (0..mlp.num_layers()).rev() {
        let act = mlp.activations()[l];
        let (z, h) = tape.layer(l);
        // Ḋ = σ''(Z) ⊙ Ż ⊙ E + σ'(Z) ⊙ Ė
        let mut d_dot = second_derivative_product(act, z, h, &tan.pre[l], &e);
        scale_by_derivative(act, z, h, &mut e_dot);
        d_dot += &e_dot;
        // D = σ'(Z) ⊙ E
        let mut d = e;
        scale_by_derivative(act, z, h, &mut d);
        let (rows, cols) = (mlp.widths()[l + 1], mlp.widths()[l]);
        let dst = MatMut::from_row_major_slice_mut(&mut out[mlp.weight_range(l)], rows, cols);
        matmul_into(dst, false, d_dot.transpose(), tape.activation(l), par);
        if l > 0 {
            let dst = MatMut::from_row_major_slice_mut(&mut out[mlp.weight_range(l)], rows, cols);
            matmul_into(dst, true, d.transpose(), tan.post[l - 1].as_ref(), par);
        }
        column_sums_into(&d_dot, &mut out[mlp.bias_range(l)], false);
        if l > 0 {
            let w = mlp.layer_unchecked(theta, l).weight;
            let vw = mlp.layer_unchecked(v, l).weight;
            let mut next_dot = matmul(d_dot.as_ref(), w, par);
            matmul_into(next_dot.as_mut(), true, d.as_ref(), vw, par);
            e = matmul(d.as_ref(), w, par);
            e_dot = next_dot;
        } else {
            break;
        }
    }
    finite_vector(&out, "hessian_vector_product")?;
    Ok(out)
}
