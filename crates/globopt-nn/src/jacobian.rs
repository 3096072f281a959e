//! Jacobian products of the network outputs `F(θ)` (`n × w_L`) in the parameters.
//!
//! Forward mode ([`jvp`]) pushes a parameter direction `v` through the layers:
//! `Ż_l = Ḣ_{l−1} W_lᵀ + H_{l−1} V_lᵀ + 1 v_{b,l}ᵀ`, `Ḣ_l = σ_l'(Z_l) ⊙ Ż_l`, `Ḣ_0 = 0`,
//! where `(V_l, v_{b,l})` is layer `l`'s part of `v`. Reverse mode ([`vjp`]) is
//! back-propagation started from a cotangent `U` instead of a loss gradient.

use crate::error::NnError;
use crate::gradient::{backward_deltas, check_matrix, finite_vector, gradient_into};
use crate::mlp::{Mlp, Tape, check_finite_mat};
use crate::ops::{affine, matmul, matmul_into, scale_by_derivative};
use faer::{Mat, MatRef};

/// Outputs and their directional derivative.
#[derive(Debug, Clone)]
pub struct Jvp {
    /// `F(θ)`, `n × w_L`.
    pub outputs: Mat<f64>,
    /// `J(θ) v = d/dt F(θ + t v)` at `t = 0`, `n × w_L`.
    pub tangents: Mat<f64>,
}

/// The tangents `Ż_l`, `Ḣ_l` of every layer along a parameter direction.
pub(crate) struct Tangents {
    /// `Ż_1 … Ż_L`.
    pub pre: Vec<Mat<f64>>,
    /// `Ḣ_1 … Ḣ_L`.
    pub post: Vec<Mat<f64>>,
}

impl Tangents {
    /// `Ḣ_L`, the tangent of the outputs.
    pub fn output(&self) -> MatRef<'_, f64> {
        self.post[self.post.len() - 1].as_ref()
    }
}

/// The forward-mode pass of the module docs along `v` (already checked).
pub(crate) fn tangent_pass(mlp: &Mlp, theta: &[f64], tape: &Tape<'_>, v: &[f64]) -> Tangents {
    let layers = mlp.num_layers();
    let mut pre: Vec<Mat<f64>> = Vec::with_capacity(layers);
    let mut post: Vec<Mat<f64>> = Vec::with_capacity(layers);
    for l in 0..layers {
        let mut dz = affine(
            tape.activation(l),
            mlp.layer_unchecked(v, l),
            mlp.parallelism(),
        );
        if l > 0 {
            let w = mlp.layer_unchecked(theta, l).weight;
            matmul_into(
                dz.as_mut(),
                true,
                post[l - 1].as_ref(),
                w.transpose(),
                mlp.parallelism(),
            );
        }
        let mut dh = dz.clone();
        let (z, h) = tape.layer(l);
        scale_by_derivative(mlp.activations()[l], z, h, &mut dh);
        pre.push(dz);
        post.push(dh);
    }
    Tangents { pre, post }
}

/// Jacobian-vector product `J(θ) v` of the outputs on the batch `x` along the parameter
/// direction `v`, by forward mode (module docs), with the outputs themselves.
pub fn jvp(mlp: &Mlp, theta: &[f64], x: MatRef<'_, f64>, v: &[f64]) -> Result<Jvp, NnError> {
    mlp.check_flat(theta, "params")?;
    mlp.check_flat(v, "direction")?;
    mlp.check_inputs(x)?;
    let tape = Tape::record(mlp, theta, x);
    let tangents = tangent_pass(mlp, theta, &tape, v).output().to_owned();
    let outputs = tape.output().to_owned();
    check_finite_mat(outputs.as_ref(), "outputs")?;
    check_finite_mat(tangents.as_ref(), "tangents")?;
    Ok(Jvp { outputs, tangents })
}

/// Vector-Jacobian product `J(θ)ᵀ u = Σ_i J_i(θ)ᵀ u_i`: the gradient of `⟨U, F(θ)⟩` for a
/// cotangent `U` (`n × w_L`), by back-propagation from `E_L = U`. It is a sum over the
/// batch, not a mean.
pub fn vjp(
    mlp: &Mlp,
    theta: &[f64],
    x: MatRef<'_, f64>,
    cotangent: MatRef<'_, f64>,
) -> Result<Vec<f64>, NnError> {
    mlp.check_flat(theta, "params")?;
    mlp.check_inputs(x)?;
    check_matrix(cotangent, x.nrows(), mlp.output_dim(), "cotangent")?;
    let tape = Tape::record(mlp, theta, x);
    let deltas = backward_deltas(mlp, theta, &tape, cotangent.to_owned());
    let mut out = vec![0.0; mlp.num_params()];
    gradient_into(mlp, &tape, &deltas, &mut out, false);
    finite_vector(&out, "vjp")?;
    Ok(out)
}

/// Vector-Jacobian product in the inputs: row `i` is `(∂f(x_i)/∂x_i)ᵀ u_i`, the gradient of
/// `⟨U, F⟩` with respect to the inputs (`n × w_0`), by back-propagation one step past the
/// first layer (`E_0 = D_1 W_1`).
pub fn input_vjp(
    mlp: &Mlp,
    theta: &[f64],
    x: MatRef<'_, f64>,
    cotangent: MatRef<'_, f64>,
) -> Result<Mat<f64>, NnError> {
    mlp.check_flat(theta, "params")?;
    mlp.check_inputs(x)?;
    check_matrix(cotangent, x.nrows(), mlp.output_dim(), "cotangent")?;
    let tape = Tape::record(mlp, theta, x);
    let deltas = backward_deltas(mlp, theta, &tape, cotangent.to_owned());
    let out = matmul(
        deltas[0].as_ref(),
        mlp.layer_unchecked(theta, 0).weight,
        mlp.parallelism(),
    );
    check_finite_mat(out.as_ref(), "input_vjp")?;
    Ok(out)
}
