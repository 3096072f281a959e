//! Bézier curves of any order in any dimension (shared digest 01, step 2, "Bézier facts").
//!
//! `B(s) = Σₖ C(d,k) sᵏ (1−s)^{d−k} rₖ` on `s ∈ [0, 1]`, with `B(0) = r₀` and `B(1) = r_d`.
//! The derivative is the Bézier curve of order `d − 1` with control points `d (rₖ₊₁ − rₖ)`;
//! every derivative control point is a fixed linear combination of the control points
//! ([`derivative_weights`]), which is how the planner writes velocity bounds and continuity
//! as linear constraints. By the convex-hull property, a curve whose control points lie in a
//! convex set stays in it ([`BezierCurve::hull_in_set`]).

use crate::error::GcsError;
use crate::sets::ConvexSet;
use serde::{Deserialize, Serialize};

/// A Bézier curve `B : [0, 1] → R^n` given by its `d + 1` control points (order `d`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BezierCurve {
    control_points: Vec<Vec<f64>>,
}

impl BezierCurve {
    /// The curve with these control points; errors unless there is at least one, all have the
    /// same nonzero dimension, and every coordinate is finite.
    pub fn new(control_points: Vec<Vec<f64>>) -> Result<Self, GcsError> {
        let Some(first) = control_points.first() else {
            return Err(GcsError::param("control_points", "is empty"));
        };
        let n = first.len();
        if n == 0 {
            return Err(GcsError::param("control_points[0]", "has dimension 0"));
        }
        for (k, p) in control_points.iter().enumerate() {
            if p.len() != n {
                return Err(GcsError::DimensionMismatch {
                    what: format!("control_points[{k}]"),
                    expected: n,
                    got: p.len(),
                });
            }
            if let Some(i) = p.iter().position(|x| !x.is_finite()) {
                return Err(GcsError::param(
                    format!("control_points[{k}][{i}]"),
                    "is not a finite number",
                ));
            }
        }
        Ok(BezierCurve { control_points })
    }

    /// A curve from a solver's control points (same-length, finite vectors by construction).
    pub(crate) fn from_solver(control_points: Vec<Vec<f64>>) -> Self {
        BezierCurve { control_points }
    }

    /// The order `d` (number of control points minus one).
    pub fn order(&self) -> usize {
        self.control_points.len() - 1
    }

    /// The dimension `n` of the space.
    pub fn dim(&self) -> usize {
        self.control_points[0].len()
    }

    /// The control points `r₀ … r_d`.
    pub fn control_points(&self) -> &[Vec<f64>] {
        &self.control_points
    }

    /// `B(s)` by de Casteljau's algorithm (numerically stable); `s` is clamped to `[0, 1]`.
    pub fn evaluate(&self, s: f64) -> Vec<f64> {
        let s = s.clamp(0.0, 1.0);
        let mut pts = self.control_points.clone();
        for level in 1..pts.len() {
            for k in 0..pts.len() - level {
                let (a, b) = pts.split_at_mut(k + 1);
                for (x, y) in a[k].iter_mut().zip(&b[0]) {
                    *x = (1.0 - s) * *x + s * y;
                }
            }
        }
        pts.swap_remove(0)
    }

    /// The derivative `B′` as a Bézier curve of order `d − 1` with control points
    /// `d (rₖ₊₁ − rₖ)` (digest 01, step 2); the derivative of a constant (order 0) is the
    /// zero curve of order 0.
    pub fn derivative(&self) -> BezierCurve {
        let d = self.order();
        if d == 0 {
            return BezierCurve {
                control_points: vec![vec![0.0; self.dim()]],
            };
        }
        let df = d as f64;
        let control_points = self
            .control_points
            .windows(2)
            .map(|w| w[1].iter().zip(&w[0]).map(|(b, a)| df * (b - a)).collect())
            .collect();
        BezierCurve { control_points }
    }

    /// The `j`-th derivative as a Bézier curve (order `max(d − j, 0)`).
    pub fn nth_derivative(&self, j: usize) -> BezierCurve {
        (0..j).fold(self.clone(), |c, _| c.derivative())
    }

    /// Whether every control point lies in `set` within `tol`, which by the convex-hull
    /// property implies that the whole curve `B([0, 1])` does (digest 01, step 2).
    pub fn hull_in_set(&self, set: &ConvexSet, tol: f64) -> bool {
        self.control_points.iter().all(|p| set.contains(p, tol))
    }
}

/// The weights of the `j`-th derivative control points in terms of the control points of an
/// order-`d` curve: row `k` (for `k = 0..=d−j`) holds `c` with `r⁽ʲ⁾ₖ = Σᵢ cᵢ rᵢ`. Repeated
/// differencing with factors `d, d−1, …, d−j+1` (digest 01, step 2). Empty when `j > d`.
pub fn derivative_weights(d: usize, j: usize) -> Vec<Vec<f64>> {
    if j > d {
        return Vec::new();
    }
    let mut rows: Vec<Vec<f64>> = (0..=d)
        .map(|k| {
            let mut r = vec![0.0; d + 1];
            r[k] = 1.0;
            r
        })
        .collect();
    for level in 0..j {
        let factor = (d - level) as f64;
        rows = rows
            .windows(2)
            .map(|w| {
                w[1].iter()
                    .zip(&w[0])
                    .map(|(b, a)| factor * (b - a))
                    .collect()
            })
            .collect();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cubic() -> BezierCurve {
        BezierCurve::new(vec![
            vec![0.0, 0.0],
            vec![1.0, 2.0],
            vec![3.0, 2.0],
            vec![4.0, 0.0],
        ])
        .unwrap()
    }

    #[test]
    fn evaluation_matches_the_bernstein_sum() {
        let c = cubic();
        for s in [0.0f64, 0.25, 0.5, 0.9, 1.0] {
            let b = |k: i32, d: i32| {
                let binom = [1.0, 3.0, 3.0, 1.0][k as usize];
                binom * s.powi(k) * (1.0 - s).powi(d - k)
            };
            let want: Vec<f64> = (0..2)
                .map(|i| {
                    (0..4)
                        .map(|k| b(k, 3) * c.control_points()[k as usize][i])
                        .sum()
                })
                .collect();
            let got = c.evaluate(s);
            assert!((got[0] - want[0]).abs() < 1e-12 && (got[1] - want[1]).abs() < 1e-12);
        }
        assert_eq!(c.evaluate(0.0), vec![0.0, 0.0]);
        assert_eq!(c.evaluate(1.0), vec![4.0, 0.0]);
    }

    #[test]
    fn derivatives_match_finite_differences_and_weights() {
        let c = cubic();
        let d1 = c.derivative();
        assert_eq!(d1.order(), 2);
        assert_eq!(d1.control_points()[0], vec![3.0, 6.0]);
        let h = 1e-6;
        for &s in &[0.1, 0.5, 0.8] {
            let fd: Vec<f64> = c
                .evaluate(s + h)
                .iter()
                .zip(c.evaluate(s - h))
                .map(|(a, b)| (a - b) / (2.0 * h))
                .collect();
            let an = d1.evaluate(s);
            assert!((fd[0] - an[0]).abs() < 1e-6 && (fd[1] - an[1]).abs() < 1e-6);
        }
        for j in 0..=4 {
            let w = derivative_weights(3, j);
            let dj = c.nth_derivative(j);
            if j > 3 {
                assert!(w.is_empty());
                assert_eq!(dj.control_points(), &[vec![0.0, 0.0]]);
                continue;
            }
            for (row, p) in w.iter().zip(dj.control_points()) {
                for i in 0..2 {
                    let v: f64 = row
                        .iter()
                        .zip(c.control_points())
                        .map(|(a, q)| a * q[i])
                        .sum();
                    assert!((v - p[i]).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn hull_containment_implies_curve_containment() {
        let c = cubic();
        let big = ConvexSet::aabox(vec![0.0, 0.0], vec![4.0, 2.0]).unwrap();
        assert!(c.hull_in_set(&big, 0.0));
        for k in 0..=100 {
            assert!(big.contains(&c.evaluate(f64::from(k) / 100.0), 1e-12));
        }
        let small = ConvexSet::aabox(vec![0.0, 0.0], vec![4.0, 1.0]).unwrap();
        assert!(!c.hull_in_set(&small, 1e-9));
    }

    #[test]
    fn malformed_curves_are_errors() {
        assert!(BezierCurve::new(vec![]).is_err());
        assert!(BezierCurve::new(vec![vec![]]).is_err());
        assert!(BezierCurve::new(vec![vec![0.0], vec![0.0, 1.0]]).is_err());
        let e = BezierCurve::new(vec![vec![0.0], vec![f64::NAN]]).unwrap_err();
        assert!(e.to_string().contains("control_points[1][0]"), "{e}");
    }
}
