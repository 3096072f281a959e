//! The constraint forms every convex method needs, written in the cones Clarabel supports,
//! and their perspectives.
//!
//! The perspective of a set `S` with scaling variable `λ ≥ 0` is
//! `{(x, λ) : x ∈ λS}` (for `λ > 0`, closed at `λ = 0`): the transcription that graphs of
//! convex sets apply to every vertex set and edge cost (shared digest 01).

use crate::expr::AffExpr;
use crate::model::{ConstraintRef, Model};

/// `‖x‖₂ ≤ t` as one second-order cone.
pub fn norm_le(m: &mut Model, x: &[AffExpr], t: AffExpr) -> ConstraintRef {
    m.add_soc(t, x.to_vec())
}

/// The rotated second-order cone `‖x‖² ≤ 2uv, u, v ≥ 0`, rewritten as the second-order cone
/// `‖(u − v, √2·x)‖₂ ≤ u + v` (Clarabel has no rotated cone):
/// `(u − v)² + 2‖x‖² ≤ (u + v)²  ⇔  ‖x‖² ≤ 2uv`, and `u + v ≥ |u − v|` gives `u, v ≥ 0`.
pub fn rotated_soc(m: &mut Model, u: AffExpr, v: AffExpr, x: &[AffExpr]) -> ConstraintRef {
    let mut rows = Vec::with_capacity(x.len() + 1);
    rows.push(u.clone() - v.clone());
    rows.extend(x.iter().map(|e| e.clone() * std::f64::consts::SQRT_2));
    m.add_soc(u + v, rows)
}

/// `‖x‖² ≤ t`, as the rotated cone with `u = t`, `v = ½`.
pub fn sum_squares_le(m: &mut Model, x: &[AffExpr], t: AffExpr) -> ConstraintRef {
    rotated_soc(m, t, AffExpr::constant(0.5), x)
}

/// `‖x‖²/λ ≤ t` with `λ ≥ 0`: the perspective of the squared norm, as the rotated cone with
/// `u = t/2`, `v = λ` (`2·(t/2)·λ = tλ ≥ ‖x‖²`).
pub fn quad_over_lin_le(
    m: &mut Model,
    x: &[AffExpr],
    lambda: AffExpr,
    t: AffExpr,
) -> ConstraintRef {
    rotated_soc(m, t * 0.5, lambda, x)
}

/// `lo ≤ x ≤ hi` coordinate-wise, as one nonnegative block `(x − lo, hi − x) ≥ 0`.
/// Infinite bounds are skipped.
pub fn in_box(m: &mut Model, x: &[AffExpr], lo: &[f64], hi: &[f64]) -> ConstraintRef {
    in_box_perspective(m, x, lo, hi, AffExpr::constant(1.0))
}

/// The perspective of a box: `λ·lo ≤ x ≤ λ·hi`.
pub fn in_box_perspective(
    m: &mut Model,
    x: &[AffExpr],
    lo: &[f64],
    hi: &[f64],
    lambda: AffExpr,
) -> ConstraintRef {
    let mut rows = Vec::with_capacity(2 * x.len());
    for (i, xi) in x.iter().enumerate() {
        if lo[i].is_finite() {
            rows.push(xi.clone() - lambda.clone() * lo[i]);
        }
        if hi[i].is_finite() {
            rows.push(lambda.clone() * hi[i] - xi.clone());
        }
    }
    m.add_constraint(crate::Cone::Nonnegative, rows, "box")
}

/// `A x ≤ b` (rows of `a`) as one nonnegative block `b − A x ≥ 0`.
pub fn in_polytope(m: &mut Model, a: &[Vec<f64>], b: &[f64], x: &[AffExpr]) -> ConstraintRef {
    in_polytope_perspective(m, a, b, x, AffExpr::constant(1.0))
}

/// The perspective of a polytope: `A x ≤ λ b`.
pub fn in_polytope_perspective(
    m: &mut Model,
    a: &[Vec<f64>],
    b: &[f64],
    x: &[AffExpr],
    lambda: AffExpr,
) -> ConstraintRef {
    let rows = a
        .iter()
        .zip(b)
        .map(|(row, &bi)| {
            let mut e = lambda.clone() * bi;
            for (aij, xj) in row.iter().zip(x) {
                if *aij != 0.0 {
                    e -= xj.clone() * *aij;
                }
            }
            e
        })
        .collect();
    m.add_constraint(crate::Cone::Nonnegative, rows, "polytope")
}

/// The perspective of a second-order-cone representable set
/// `{x : ‖Fx + g‖₂ ≤ hᵀx + k}` (balls, ellipsoids, norm cones):
/// `‖Fx + λg‖₂ ≤ hᵀx + λk`.
pub fn soc_set_perspective(
    m: &mut Model,
    f: &[Vec<f64>],
    g: &[f64],
    h: &[f64],
    k: f64,
    x: &[AffExpr],
    lambda: AffExpr,
) -> ConstraintRef {
    let lin = |coefs: &[f64]| {
        let mut e = AffExpr::zero();
        for (c, xj) in coefs.iter().zip(x) {
            if *c != 0.0 {
                e += xj.clone() * *c;
            }
        }
        e
    };
    let t = lin(h) + lambda.clone() * k;
    let rows = f
        .iter()
        .zip(g)
        .map(|(fr, &gi)| lin(fr) + lambda.clone() * gi)
        .collect();
    m.add_soc(t, rows)
}

/// The perspective of the ball `‖x − c‖ ≤ r`: `‖x − λc‖ ≤ λr`.
pub fn in_ball_perspective(
    m: &mut Model,
    x: &[AffExpr],
    center: &[f64],
    radius: f64,
    lambda: AffExpr,
) -> ConstraintRef {
    let rows = x
        .iter()
        .zip(center)
        .map(|(xi, &ci)| xi.clone() - lambda.clone() * ci)
        .collect();
    m.add_soc(lambda * radius, rows)
}
