//! Convex costs on an edge's endpoint variables `w = (x_u, x_v)` or on a vertex variable, and
//! their perspectives on the edge flow `φ` (shared digest 01, step 4, "Costs").
//!
//! Every cost `f` enters the relaxation as its perspective `φ·f(w/φ)` through an epigraph
//! slack `ℓ`, and the restriction (`φ = 1`) as `f` itself. Costs must be nonnegative on the
//! sets (a negative cost lets fractional or cyclic flow exploit it); norms are by form, linear
//! and quadratic costs are checked by the solver with one small program each.

use crate::affine::{AffineMap, dot_expr};
use crate::error::GcsError;
use globopt_conic::{AffExpr, Model, forms};
use serde::Serialize;

/// A convex cost `f(w)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    /// `aᵀw + c`; perspective `aᵀw + c·φ`, straight into the objective.
    Linear {
        /// The coefficients `a`.
        a: Vec<f64>,
        /// The constant `c`.
        c: f64,
    },
    /// `‖M w + m‖₂`; perspective `‖M w + φ m‖₂ ≤ ℓ`, one second-order cone.
    L2Norm(AffineMap),
    /// `‖M w + m‖₁`; perspective `Σ tᵢ` with `±(M w + φ m)ᵢ ≤ tᵢ` (nonnegative rows).
    L1Norm(AffineMap),
    /// `‖M w + m‖∞`; perspective `t` with `±(M w + φ m)ᵢ ≤ t` (nonnegative rows).
    LInfNorm(AffineMap),
    /// `‖M w + m‖₂² + qᵀw + c`; perspective `‖M w + φ m‖²/φ + qᵀw + c·φ ≤ ℓ`, the rotated
    /// cone `‖M w + φ m‖² ≤ φ·(ℓ − qᵀw − cφ)` written as a second-order cone (Clarabel has
    /// no rotated cone and the quadratic cannot go into `P`: it would not be homogenized).
    Quadratic {
        /// The map `M w + m` inside the square.
        map: AffineMap,
        /// The linear coefficients `q`.
        q: Vec<f64>,
        /// The constant `c`.
        c: f64,
    },
    /// `‖M w + m‖₂² / (gᵀw + g₀)` on `gᵀw + g₀ > 0`, positively homogeneous of degree one
    /// after homogenization: perspective `‖M w + φ m‖² ≤ ℓ·(gᵀw + φ g₀)` (energy-like costs
    /// over a duration, digest 01 flavour P).
    QuadraticOverLinear {
        /// The map `M w + m` in the numerator.
        map: AffineMap,
        /// The denominator's coefficients `g`.
        g: Vec<f64>,
        /// The denominator's constant `g₀`.
        g0: f64,
    },
}

impl Cost {
    /// The Euclidean distance `‖x_v − x_u‖₂` between the endpoints of an edge whose vertex
    /// variables have dimension `d` (the length of a straight segment).
    pub fn euclidean_distance(d: usize) -> Self {
        Cost::L2Norm(AffineMap::difference(d))
    }

    /// The squared distance `‖x_v − x_u‖₂²`.
    pub fn squared_distance(d: usize) -> Self {
        Cost::Quadratic {
            map: AffineMap::difference(d),
            q: vec![0.0; 2 * d],
            c: 0.0,
        }
    }

    /// The travel time `maxᵢ |x_v,i − x_u,i| / speedᵢ` of a straight segment flown with
    /// per-axis speed limits `speed` (each axis moves independently at its top speed, so the
    /// slowest axis decides): an `L∞` norm of the scaled displacement.
    pub fn travel_time(speed: &[f64]) -> Result<Self, GcsError> {
        if let Some(i) = speed.iter().position(|s| !(s.is_finite() && *s > 0.0)) {
            return Err(GcsError::param(
                format!("speed[{i}]"),
                format!("must be a positive number, got {}", speed[i]),
            ));
        }
        let scale: Vec<f64> = speed.iter().map(|s| 1.0 / s).collect();
        Ok(Cost::LInfNorm(
            AffineMap::difference(speed.len()).scaled_rows(&scale)?,
        ))
    }

    /// A constant cost `c ≥ 0` on a term with `dim` inputs (a fixed time or price per edge).
    pub fn constant(dim: usize, c: f64) -> Self {
        Cost::Linear {
            a: vec![0.0; dim],
            c,
        }
    }

    /// The number of inputs `w` the cost reads.
    pub fn input_dim(&self) -> usize {
        match self {
            Cost::Linear { a, .. } => a.len(),
            Cost::L2Norm(m) | Cost::L1Norm(m) | Cost::LInfNorm(m) => m.cols(),
            Cost::Quadratic { map, .. } | Cost::QuadraticOverLinear { map, .. } => map.cols(),
        }
    }

    /// A short name for messages and reports.
    pub fn name(&self) -> &'static str {
        match self {
            Cost::Linear { .. } => "linear",
            Cost::L2Norm(_) => "l2-norm",
            Cost::L1Norm(_) => "l1-norm",
            Cost::LInfNorm(_) => "linf-norm",
            Cost::Quadratic { .. } => "quadratic",
            Cost::QuadraticOverLinear { .. } => "quadratic-over-linear",
        }
    }

    /// Check lengths and finiteness against the input dimension `dim`.
    pub fn validate(&self, dim: usize) -> Result<(), GcsError> {
        if self.input_dim() != dim {
            return Err(GcsError::DimensionMismatch {
                what: format!("{} cost inputs", self.name()),
                expected: dim,
                got: self.input_dim(),
            });
        }
        let finite = |v: &[f64], what: &str| match v.iter().position(|x| !x.is_finite()) {
            Some(i) => Err(GcsError::term(
                format!("{} cost {what}[{i}]", self.name()),
                "not a finite number",
            )),
            None => Ok(()),
        };
        match self {
            Cost::Linear { a, c } => {
                finite(a, "a")?;
                finite(&[*c], "c")
            }
            Cost::Quadratic { q, c, .. } => {
                finite(q, "q")?;
                finite(&[*c], "c")?;
                if q.len() != dim {
                    return Err(GcsError::DimensionMismatch {
                        what: "quadratic cost q".into(),
                        expected: dim,
                        got: q.len(),
                    });
                }
                Ok(())
            }
            Cost::QuadraticOverLinear { g, g0, .. } => {
                finite(g, "g")?;
                finite(&[*g0], "g0")?;
                if g.len() != dim {
                    return Err(GcsError::DimensionMismatch {
                        what: "quadratic-over-linear cost g".into(),
                        expected: dim,
                        got: g.len(),
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether the cost is nonnegative by its form (norms, and quotients whose denominator the
    /// cone keeps nonnegative); linear and quadratic costs need a check over the sets.
    pub fn nonnegative_by_form(&self) -> bool {
        !matches!(self, Cost::Linear { .. } | Cost::Quadratic { .. })
    }

    /// `f(w)` at a point (`+∞` for a quotient with a nonpositive denominator and a nonzero
    /// numerator).
    pub fn value(&self, w: &[f64]) -> f64 {
        let dot = |a: &[f64]| a.iter().zip(w).map(|(x, y)| x * y).sum::<f64>();
        match self {
            Cost::Linear { a, c } => dot(a) + c,
            Cost::L2Norm(m) => m.apply(w).iter().map(|v| v * v).sum::<f64>().sqrt(),
            Cost::L1Norm(m) => m.apply(w).iter().map(|v| v.abs()).sum(),
            Cost::LInfNorm(m) => m.apply(w).iter().fold(0.0, |a, v| a.max(v.abs())),
            Cost::Quadratic { map, q, c } => {
                map.apply(w).iter().map(|v| v * v).sum::<f64>() + dot(q) + c
            }
            Cost::QuadraticOverLinear { map, g, g0 } => {
                let num: f64 = map.apply(w).iter().map(|v| v * v).sum();
                let den = dot(g) + g0;
                if den > 0.0 {
                    num / den
                } else if num == 0.0 {
                    0.0
                } else {
                    f64::INFINITY
                }
            }
        }
    }

    /// Write the perspective `φ·f(w/φ)` (with `λ = φ`; `λ = 1` gives `f`) into `model` and
    /// return the expression to add to the objective (digest 01, step 4).
    pub fn add_perspective(&self, model: &mut Model, w: &[AffExpr], lambda: &AffExpr) -> AffExpr {
        match self {
            Cost::Linear { a, c } => dot_expr(a, w) + lambda.clone() * *c,
            Cost::L2Norm(m) => {
                let l = model.add_var();
                forms::norm_le(model, &m.apply_perspective(w, lambda), l.into());
                l.into()
            }
            Cost::L1Norm(m) => {
                let rows = m.apply_perspective(w, lambda);
                let t = model.add_vars(rows.len());
                let mut cone = Vec::with_capacity(2 * rows.len());
                for (r, &ti) in rows.into_iter().zip(&t) {
                    cone.push(ti - r.clone());
                    cone.push(ti + r);
                }
                model.add_nonneg(cone);
                AffExpr::sum(&t)
            }
            Cost::LInfNorm(m) => {
                let rows = m.apply_perspective(w, lambda);
                let t = model.add_var();
                let mut cone = Vec::with_capacity(2 * rows.len() + 1);
                cone.push(t.into());
                for r in rows {
                    cone.push(t - r.clone());
                    cone.push(t + r);
                }
                model.add_nonneg(cone);
                t.into()
            }
            Cost::Quadratic { map, q, c } => {
                let l = model.add_var();
                let rhs = l - dot_expr(q, w) - lambda.clone() * *c;
                forms::quad_over_lin_le(
                    model,
                    &map.apply_perspective(w, lambda),
                    lambda.clone(),
                    rhs,
                );
                l.into()
            }
            Cost::QuadraticOverLinear { map, g, g0 } => {
                let l = model.add_var();
                let den = dot_expr(g, w) + lambda.clone() * *g0;
                forms::quad_over_lin_le(model, &map.apply_perspective(w, lambda), den, l.into());
                l.into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_conic::Settings;

    /// minimize the cost with w fixed: the epigraph must be tight
    fn minimized(cost: &Cost, w: &[f64], lambda: f64) -> f64 {
        let mut m = Model::new();
        let vars = m.add_vars(w.len());
        for (v, x) in vars.iter().zip(w) {
            m.add_eq(*v, *x);
        }
        let exprs: Vec<AffExpr> = vars.iter().map(|&v| v.into()).collect();
        let obj = cost.add_perspective(&mut m, &exprs, &AffExpr::constant(lambda));
        m.minimize(obj);
        m.solve(&Settings::default()).unwrap().objective
    }

    #[test]
    fn transcriptions_reproduce_values_and_perspectives() {
        let w = [1.0, 2.0, 4.0, 6.0];
        let costs = [
            Cost::euclidean_distance(2),
            Cost::squared_distance(2),
            Cost::travel_time(&[1.0, 2.0]).unwrap(),
            Cost::L1Norm(AffineMap::difference(2)),
            Cost::Linear {
                a: vec![0.0, 0.0, 1.0, 1.0],
                c: 1.0,
            },
            Cost::QuadraticOverLinear {
                map: AffineMap::difference(2),
                g: vec![0.0, 0.0, 0.0, 1.0],
                g0: 0.0,
            },
        ];
        let expected = [5.0, 25.0, 3.0, 7.0, 11.0, 25.0 / 6.0];
        for (c, e) in costs.iter().zip(expected) {
            assert!((c.value(&w) - e).abs() < 1e-12, "{}", c.name());
            let got = minimized(c, &w, 1.0);
            assert!((got - e).abs() < 1e-6, "{}: {got} vs {e}", c.name());
            // perspective: λ·f(w/λ) at λ = 0.5 with w scaled by 0.5 equals 0.5·f(w)
            let half: Vec<f64> = w.iter().map(|x| 0.5 * x).collect();
            let got = minimized(c, &half, 0.5);
            assert!(
                (got - 0.5 * e).abs() < 1e-6,
                "{} perspective: {got}",
                c.name()
            );
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(Cost::travel_time(&[1.0, 0.0]).is_err());
        let c = Cost::Linear {
            a: vec![f64::NAN],
            c: 0.0,
        };
        assert!(c.validate(1).unwrap_err().to_string().contains("a[0]"));
        assert!(Cost::euclidean_distance(2).validate(3).is_err());
        assert!(!Cost::squared_distance(2).nonnegative_by_form());
        assert!(Cost::euclidean_distance(2).nonnegative_by_form());
    }
}
