//! Convex constraints on an edge's endpoint variables `w = (x_u, x_v)` or on a vertex
//! variable, and their perspectives on the edge flow `φ` (shared digest 01, step 4, "Edge
//! constraints in perspective").

use crate::affine::{AffineMap, dot_expr};
use crate::error::GcsError;
use crate::sets::ConvexSet;
use globopt_conic::{AffExpr, Model};
use serde::Serialize;

/// A convex constraint on `w`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// `M w + m = 0`; perspective `M w + φ m = 0` (zero rows).
    LinearEquality(AffineMap),
    /// `M w + m ≤ 0`; perspective `−(M w + φ m) ≥ 0` (nonnegative rows).
    LinearInequality(AffineMap),
    /// `‖M w + m‖₂ ≤ hᵀw + k`; perspective `‖M w + φ m‖ ≤ hᵀw + φ k` (a second-order cone).
    SecondOrderCone {
        /// The map inside the norm.
        map: AffineMap,
        /// The right-hand side's coefficients `h`.
        h: Vec<f64>,
        /// The right-hand side's constant `k`.
        k: f64,
    },
    /// `M w + m ∈ X`; perspective `M w + φ m ∈ φ·X` (the set's own rows).
    InSet {
        /// The map whose image must lie in the set.
        map: AffineMap,
        /// The set.
        set: ConvexSet,
    },
}

impl Constraint {
    /// `x_v ∈ set` on an edge `(u, v)` whose vertex variables have dimensions `d_u` and
    /// `d_v`: the piecewise-linear planner's condition that the segment `x_u → x_v` stays in
    /// region `u` (digest 01, step 3, model "linear", with `set = Q_u`).
    pub fn head_in_set(d_u: usize, d_v: usize, set: ConvexSet) -> Result<Self, GcsError> {
        if set.dim() != d_v {
            return Err(GcsError::DimensionMismatch {
                what: "head_in_set set".into(),
                expected: d_v,
                got: set.dim(),
            });
        }
        Ok(Constraint::InSet {
            map: AffineMap::selection(d_u + d_v, d_u, d_v)?,
            set,
        })
    }

    /// `x_u = x_v` on an edge between vertices of dimension `d` (continuity).
    pub fn endpoints_equal(d: usize) -> Self {
        Constraint::LinearEquality(AffineMap::difference(d))
    }

    /// The number of inputs `w` the constraint reads.
    pub fn input_dim(&self) -> usize {
        match self {
            Constraint::LinearEquality(m) | Constraint::LinearInequality(m) => m.cols(),
            Constraint::SecondOrderCone { map, .. } | Constraint::InSet { map, .. } => map.cols(),
        }
    }

    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Constraint::LinearEquality(_) => "linear-equality",
            Constraint::LinearInequality(_) => "linear-inequality",
            Constraint::SecondOrderCone { .. } => "second-order-cone",
            Constraint::InSet { .. } => "in-set",
        }
    }

    /// Check lengths and finiteness against the input dimension `dim`.
    pub fn validate(&self, dim: usize) -> Result<(), GcsError> {
        if self.input_dim() != dim {
            return Err(GcsError::DimensionMismatch {
                what: format!("{} constraint inputs", self.name()),
                expected: dim,
                got: self.input_dim(),
            });
        }
        match self {
            Constraint::SecondOrderCone { h, k, .. } => {
                if h.len() != dim {
                    return Err(GcsError::DimensionMismatch {
                        what: "second-order-cone constraint h".into(),
                        expected: dim,
                        got: h.len(),
                    });
                }
                if h.iter().chain(std::iter::once(k)).any(|v| !v.is_finite()) {
                    return Err(GcsError::term(
                        "second-order-cone constraint",
                        "h or k is not a finite number",
                    ));
                }
                Ok(())
            }
            Constraint::InSet { map, set } => {
                if set.dim() != map.rows() {
                    return Err(GcsError::DimensionMismatch {
                        what: "in-set constraint set".into(),
                        expected: map.rows(),
                        got: set.dim(),
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether `w` satisfies the constraint within `tol`.
    pub fn is_satisfied(&self, w: &[f64], tol: f64) -> bool {
        match self {
            Constraint::LinearEquality(m) => m.apply(w).iter().all(|v| v.abs() <= tol),
            Constraint::LinearInequality(m) => m.apply(w).iter().all(|v| *v <= tol),
            Constraint::SecondOrderCone { map, h, k } => {
                let lhs = map.apply(w).iter().map(|v| v * v).sum::<f64>().sqrt();
                let rhs = h.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() + k;
                lhs <= rhs + tol
            }
            Constraint::InSet { map, set } => set.contains(&map.apply(w), tol),
        }
    }

    /// Write the perspective (with `λ = φ`; `λ = 1` gives the constraint itself) into
    /// `model` (digest 01, step 4).
    pub fn add_perspective(&self, model: &mut Model, w: &[AffExpr], lambda: &AffExpr) {
        match self {
            Constraint::LinearEquality(m) => {
                model.add_zero(m.apply_perspective(w, lambda));
            }
            Constraint::LinearInequality(m) => {
                let rows = m
                    .apply_perspective(w, lambda)
                    .into_iter()
                    .map(|e| -e)
                    .collect();
                model.add_nonneg(rows);
            }
            Constraint::SecondOrderCone { map, h, k } => {
                let t = dot_expr(h, w) + lambda.clone() * *k;
                model.add_soc(t, map.apply_perspective(w, lambda));
            }
            Constraint::InSet { map, set } => {
                set.add_perspective(model, &map.apply_perspective(w, lambda), lambda);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_in_set_checks_the_head() {
        let q = ConvexSet::aabox(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
        let c = Constraint::head_in_set(2, 2, q).unwrap();
        assert!(c.is_satisfied(&[5.0, 5.0, 0.5, 1.0], 1e-12));
        assert!(!c.is_satisfied(&[0.5, 0.5, 1.5, 1.0], 1e-12));
        assert!(c.validate(4).is_ok());
        assert!(c.validate(3).is_err());
        let bad = Constraint::head_in_set(2, 3, ConvexSet::point(vec![0.0]).unwrap());
        assert!(bad.is_err());
    }

    #[test]
    fn equality_and_soc_checks() {
        let e = Constraint::endpoints_equal(2);
        assert!(e.is_satisfied(&[1.0, 2.0, 1.0, 2.0], 0.0));
        assert!(!e.is_satisfied(&[1.0, 2.0, 1.0, 2.5], 1e-9));
        let soc = Constraint::SecondOrderCone {
            map: AffineMap::difference(1),
            h: vec![0.0, 0.0],
            k: 1.0,
        };
        assert!(soc.is_satisfied(&[0.0, 1.0], 1e-12));
        assert!(!soc.is_satisfied(&[0.0, 1.5], 1e-12));
    }
}
