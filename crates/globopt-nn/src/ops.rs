//! Matrix and element-wise kernels shared by the forward, backward and tangent passes.

use crate::activation::Activation;
use crate::mlp::LayerParams;
use faer::{Accum, Mat, MatRef, Par};

/// `Z = H Wᵀ + 1 bᵀ` for one layer.
pub(crate) fn affine(h: MatRef<'_, f64>, layer: LayerParams<'_>, par: Par) -> Mat<f64> {
    let mut z = Mat::from_fn(h.nrows(), layer.bias.len(), |_, j| layer.bias[j]);
    faer::linalg::matmul::matmul(
        z.as_mut(),
        Accum::Add,
        h,
        layer.weight.transpose(),
        1.0,
        par,
    );
    z
}

/// `σ(Z)` element-wise.
pub(crate) fn activate(act: Activation, z: &Mat<f64>) -> Mat<f64> {
    let mut h = z.clone();
    activate_in_place(act, &mut h);
    h
}

/// `Z ← σ(Z)` element-wise.
pub(crate) fn activate_in_place(act: Activation, z: &mut Mat<f64>) {
    match act {
        Activation::Identity => {}
        Activation::Relu => {
            for j in 0..z.ncols() {
                for v in z.col_as_slice_mut(j) {
                    *v = if *v > 0.0 { *v } else { 0.0 };
                }
            }
        }
        _ => {
            for j in 0..z.ncols() {
                for v in z.col_as_slice_mut(j) {
                    *v = act.value(*v);
                }
            }
        }
    }
}

/// `E ← σ'(Z) ⊙ E`, with `H = σ(Z)` already known.
pub(crate) fn scale_by_derivative(act: Activation, z: &Mat<f64>, h: &Mat<f64>, e: &mut Mat<f64>) {
    if act == Activation::Identity {
        return;
    }
    for j in 0..z.ncols() {
        let (zc, hc, ec) = (z.col_as_slice(j), h.col_as_slice(j), e.col_as_slice_mut(j));
        if act == Activation::Relu {
            for (ev, &zv) in ec.iter_mut().zip(zc) {
                *ev = if zv > 0.0 { *ev } else { 0.0 };
            }
        } else {
            for ((ev, &zv), &hv) in ec.iter_mut().zip(zc).zip(hc) {
                *ev *= act.derivative_given_value(zv, hv);
            }
        }
    }
}

/// `σ''(Z) ⊙ A ⊙ B` element-wise (zero matrix for piecewise-linear activations).
pub(crate) fn second_derivative_product(
    act: Activation,
    z: &Mat<f64>,
    h: &Mat<f64>,
    a: &Mat<f64>,
    b: &Mat<f64>,
) -> Mat<f64> {
    let mut out = Mat::zeros(z.nrows(), z.ncols());
    if matches!(act, Activation::Identity | Activation::Relu) {
        return out;
    }
    for j in 0..z.ncols() {
        let (zc, hc, ac, bc) = (
            z.col_as_slice(j),
            h.col_as_slice(j),
            a.col_as_slice(j),
            b.col_as_slice(j),
        );
        for (i, o) in out.col_as_slice_mut(j).iter_mut().enumerate() {
            *o = act.second_derivative_given_value(zc[i], hc[i]) * ac[i] * bc[i];
        }
    }
    out
}

/// `dst ← α · A B + β · dst` with `β = 0` (`accumulate = false`) or `β = 1`.
pub(crate) fn matmul_into(
    dst: faer::MatMut<'_, f64>,
    accumulate: bool,
    a: MatRef<'_, f64>,
    b: MatRef<'_, f64>,
    par: Par,
) {
    let accum = if accumulate {
        Accum::Add
    } else {
        Accum::Replace
    };
    faer::linalg::matmul::matmul(dst, accum, a, b, 1.0, par);
}

/// `A B` as a new matrix.
pub(crate) fn matmul(a: MatRef<'_, f64>, b: MatRef<'_, f64>, par: Par) -> Mat<f64> {
    let mut out = Mat::zeros(a.nrows(), b.ncols());
    matmul_into(out.as_mut(), false, a, b, par);
    out
}

/// Column sums `1ᵀ D` written into `out`, added when `accumulate`.
pub(crate) fn column_sums_into(d: &Mat<f64>, out: &mut [f64], accumulate: bool) {
    for (j, o) in out.iter_mut().enumerate() {
        let s: f64 = d.col_as_slice(j).iter().sum();
        if accumulate {
            *o += s;
        } else {
            *o = s;
        }
    }
}
