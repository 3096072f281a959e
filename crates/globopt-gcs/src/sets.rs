//! Convex sets in any dimension: axis-aligned boxes, H-polytopes, points, ellipsoids and
//! Cartesian products of them (shared digest 01, "Sets").
//!
//! Every set can test closed membership with a tolerance and write its perspective
//! `{(x, λ) : x ∈ λ·X}` into a conic model (digest 01, step 4: box and polytope rows are
//! nonnegative, point rows are zero, ellipsoids are second-order cones). Geometric queries
//! that need an optimization (Chebyshev centers, bounding boxes, intersections) live in
//! [`crate::geometry`].

use crate::error::GcsError;
use globopt_conic::{AffExpr, Model, forms};
use serde::Serialize;

/// A closed convex set in `R^n`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConvexSet {
    /// An axis-aligned box `{x : lo ≤ x ≤ hi}`.
    Box(AaBox),
    /// A polytope `{x : A x ≤ b}`.
    Polytope(HPolytope),
    /// A single point.
    Point(Point),
    /// An ellipsoid `{x : ‖A (x − c)‖₂ ≤ 1}`.
    Ellipsoid(Ellipsoid),
    /// The Cartesian product `X₁ × … × X_k` (coordinates stacked in order), for vertex
    /// variables made of several blocks (control points, durations).
    Product(Vec<ConvexSet>),
}

/// An axis-aligned box `{x : lo ≤ x ≤ hi}` with finite bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AaBox {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

/// A polytope `{x : A x ≤ b}` (one row of `A` per facet inequality).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HPolytope {
    a: Vec<Vec<f64>>,
    b: Vec<f64>,
    dim: usize,
}

/// A single point `{p}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    x: Vec<f64>,
}

/// An ellipsoid `{x : ‖A (x − c)‖₂ ≤ 1}` with a square nonsingular `A` (a ball of radius `r`
/// has `A = I/r`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ellipsoid {
    center: Vec<f64>,
    shape: Vec<Vec<f64>>,
}

fn finite_vec(what: &str, v: &[f64]) -> Result<(), GcsError> {
    match v.iter().position(|x| !x.is_finite()) {
        Some(i) => Err(GcsError::set(
            what,
            format!("entry {i} is not a finite number ({})", v[i]),
        )),
        None => Ok(()),
    }
}

impl AaBox {
    /// The box `[lo, hi]`; errors on a zero dimension, different lengths, a non-finite bound
    /// or an empty box (`lo_i > hi_i`).
    pub fn new(lo: Vec<f64>, hi: Vec<f64>) -> Result<Self, GcsError> {
        if lo.is_empty() {
            return Err(GcsError::set("box", "has dimension 0"));
        }
        if lo.len() != hi.len() {
            return Err(GcsError::DimensionMismatch {
                what: "box hi".into(),
                expected: lo.len(),
                got: hi.len(),
            });
        }
        finite_vec("box lo", &lo)?;
        finite_vec("box hi", &hi)?;
        if let Some(i) = (0..lo.len()).find(|&i| lo[i] > hi[i]) {
            return Err(GcsError::set(
                "box",
                format!("is empty: lo[{i}] = {} > hi[{i}] = {}", lo[i], hi[i]),
            ));
        }
        Ok(AaBox { lo, hi })
    }
    /// Lower corner.
    pub fn lo(&self) -> &[f64] {
        &self.lo
    }
    /// Upper corner.
    pub fn hi(&self) -> &[f64] {
        &self.hi
    }
    /// Dimension.
    pub fn dim(&self) -> usize {
        self.lo.len()
    }
    /// The same box as the polytope `[I; −I] x ≤ [hi; −lo]`.
    pub fn to_polytope(&self) -> HPolytope {
        let n = self.dim();
        let mut a = Vec::with_capacity(2 * n);
        let mut b = Vec::with_capacity(2 * n);
        for i in 0..n {
            let mut row = vec![0.0; n];
            row[i] = 1.0;
            a.push(row.clone());
            b.push(self.hi[i]);
            row[i] = -1.0;
            a.push(row);
            b.push(-self.lo[i]);
        }
        HPolytope { a, b, dim: n }
    }
}

impl HPolytope {
    /// The polytope `{x : A x ≤ b}` in `R^dim`; errors on a zero dimension, ragged rows, a
    /// length mismatch between `A` and `b` or a non-finite entry. Emptiness and boundedness
    /// need an LP: see [`crate::geometry::chebyshev_ball`] and
    /// [`crate::geometry::bounding_box`].
    pub fn new(a: Vec<Vec<f64>>, b: Vec<f64>, dim: usize) -> Result<Self, GcsError> {
        if dim == 0 {
            return Err(GcsError::set("polytope", "has dimension 0"));
        }
        if a.len() != b.len() {
            return Err(GcsError::DimensionMismatch {
                what: "polytope b".into(),
                expected: a.len(),
                got: b.len(),
            });
        }
        for (i, row) in a.iter().enumerate() {
            if row.len() != dim {
                return Err(GcsError::DimensionMismatch {
                    what: format!("polytope A row {i}"),
                    expected: dim,
                    got: row.len(),
                });
            }
            finite_vec(&format!("polytope A row {i}"), row)?;
        }
        finite_vec("polytope b", &b)?;
        Ok(HPolytope { a, b, dim })
    }
    /// The rows of `A`.
    pub fn a(&self) -> &[Vec<f64>] {
        &self.a
    }
    /// The right-hand side `b`.
    pub fn b(&self) -> &[f64] {
        &self.b
    }
    /// Dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }
}

impl Point {
    /// The point `x`; errors on a zero dimension or a non-finite coordinate.
    pub fn new(x: Vec<f64>) -> Result<Self, GcsError> {
        if x.is_empty() {
            return Err(GcsError::set("point", "has dimension 0"));
        }
        finite_vec("point", &x)?;
        Ok(Point { x })
    }
    /// Its coordinates.
    pub fn coords(&self) -> &[f64] {
        &self.x
    }
}

impl Ellipsoid {
    /// The ellipsoid `{x : ‖A (x − c)‖ ≤ 1}`; errors unless `A` is square of the size of
    /// `c`, finite and nonsingular (smallest singular value > 1e-12 times the largest).
    pub fn new(center: Vec<f64>, shape: Vec<Vec<f64>>) -> Result<Self, GcsError> {
        let n = center.len();
        if n == 0 {
            return Err(GcsError::set("ellipsoid", "has dimension 0"));
        }
        finite_vec("ellipsoid center", &center)?;
        if shape.len() != n {
            return Err(GcsError::DimensionMismatch {
                what: "ellipsoid shape rows".into(),
                expected: n,
                got: shape.len(),
            });
        }
        for (i, row) in shape.iter().enumerate() {
            if row.len() != n {
                return Err(GcsError::DimensionMismatch {
                    what: format!("ellipsoid shape row {i}"),
                    expected: n,
                    got: row.len(),
                });
            }
            finite_vec(&format!("ellipsoid shape row {i}"), row)?;
        }
        let sv = crate::geometry::singular_values(&shape)?;
        let (max, min) = (sv[0], sv[sv.len() - 1]);
        if max <= 0.0 || min <= 1e-12 * max {
            return Err(GcsError::set(
                "ellipsoid shape",
                "is singular (the ellipsoid would be unbounded)",
            ));
        }
        Ok(Ellipsoid { center, shape })
    }
    /// The ball `‖x − c‖ ≤ r` (`r > 0`).
    pub fn ball(center: Vec<f64>, radius: f64) -> Result<Self, GcsError> {
        Self::axis_aligned(center.clone(), vec![radius; center.len()])
    }
    /// The axis-aligned ellipsoid `Σ ((x_i − c_i)/r_i)² ≤ 1` (`r_i > 0`).
    pub fn axis_aligned(center: Vec<f64>, radii: Vec<f64>) -> Result<Self, GcsError> {
        if radii.len() != center.len() {
            return Err(GcsError::DimensionMismatch {
                what: "ellipsoid radii".into(),
                expected: center.len(),
                got: radii.len(),
            });
        }
        if let Some(i) = radii.iter().position(|r| !(r.is_finite() && *r > 0.0)) {
            return Err(GcsError::set(
                "ellipsoid radii",
                format!("radii[{i}] = {} must be a positive number", radii[i]),
            ));
        }
        let n = center.len();
        let shape = (0..n)
            .map(|i| {
                let mut row = vec![0.0; n];
                row[i] = 1.0 / radii[i];
                row
            })
            .collect();
        Self::new(center, shape)
    }
    /// The center `c`.
    pub fn center(&self) -> &[f64] {
        &self.center
    }
    /// The shape matrix `A`, one `Vec` per row.
    pub fn shape(&self) -> &[Vec<f64>] {
        &self.shape
    }
    /// `‖A (x − c)‖₂`, which is ≤ 1 inside.
    pub fn level(&self, x: &[f64]) -> f64 {
        self.shape
            .iter()
            .map(|row| {
                row.iter()
                    .zip(x.iter().zip(&self.center))
                    .map(|(a, (xi, ci))| a * (xi - ci))
                    .sum::<f64>()
                    .powi(2)
            })
            .sum::<f64>()
            .sqrt()
    }
}

impl ConvexSet {
    /// An axis-aligned box (see [`AaBox::new`]).
    pub fn aabox(lo: Vec<f64>, hi: Vec<f64>) -> Result<Self, GcsError> {
        AaBox::new(lo, hi).map(ConvexSet::Box)
    }
    /// A polytope `A x ≤ b` in `R^dim` (see [`HPolytope::new`]).
    pub fn polytope(a: Vec<Vec<f64>>, b: Vec<f64>, dim: usize) -> Result<Self, GcsError> {
        HPolytope::new(a, b, dim).map(ConvexSet::Polytope)
    }
    /// A point (see [`Point::new`]).
    pub fn point(x: Vec<f64>) -> Result<Self, GcsError> {
        Point::new(x).map(ConvexSet::Point)
    }
    /// An ellipsoid (see [`Ellipsoid::new`]).
    pub fn ellipsoid(center: Vec<f64>, shape: Vec<Vec<f64>>) -> Result<Self, GcsError> {
        Ellipsoid::new(center, shape).map(ConvexSet::Ellipsoid)
    }
    /// A product of sets; errors when empty.
    pub fn product(parts: Vec<ConvexSet>) -> Result<Self, GcsError> {
        if parts.is_empty() {
            return Err(GcsError::set("product", "has no factors"));
        }
        Ok(ConvexSet::Product(parts))
    }

    /// The dimension `n` of the ambient space.
    pub fn dim(&self) -> usize {
        match self {
            ConvexSet::Box(b) => b.dim(),
            ConvexSet::Polytope(p) => p.dim(),
            ConvexSet::Point(p) => p.x.len(),
            ConvexSet::Ellipsoid(e) => e.center.len(),
            ConvexSet::Product(parts) => parts.iter().map(ConvexSet::dim).sum(),
        }
    }

    /// A short name of the set's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ConvexSet::Box(_) => "box",
            ConvexSet::Polytope(_) => "polytope",
            ConvexSet::Point(_) => "point",
            ConvexSet::Ellipsoid(_) => "ellipsoid",
            ConvexSet::Product(_) => "product",
        }
    }

    /// Closed membership with tolerance `tol`: `lo − tol ≤ x ≤ hi + tol` for boxes,
    /// `aᵢᵀx − bᵢ ≤ tol·‖aᵢ‖` (distance to each halfspace) for polytopes, `‖x − p‖∞ ≤ tol`
    /// for points, `‖A(x − c)‖ ≤ 1 + tol` for ellipsoids. Closed membership matters: start
    /// and goal often lie on faces (digest 01, pitfalls). A point of the wrong dimension or
    /// with a NaN is not a member.
    pub fn contains(&self, x: &[f64], tol: f64) -> bool {
        if x.len() != self.dim() || x.iter().any(|v| !v.is_finite()) {
            return false;
        }
        match self {
            ConvexSet::Box(b) => x
                .iter()
                .zip(b.lo.iter().zip(&b.hi))
                .all(|(xi, (l, h))| *xi >= l - tol && *xi <= h + tol),
            ConvexSet::Polytope(p) => p.a.iter().zip(&p.b).all(|(row, bi)| {
                let ax: f64 = row.iter().zip(x).map(|(a, v)| a * v).sum();
                let norm = row.iter().map(|a| a * a).sum::<f64>().sqrt();
                ax - bi <= tol * norm
            }),
            ConvexSet::Point(p) => x.iter().zip(&p.x).all(|(a, b)| (a - b).abs() <= tol),
            ConvexSet::Ellipsoid(e) => e.level(x) <= 1.0 + tol,
            ConvexSet::Product(parts) => {
                let mut start = 0;
                parts.iter().all(|s| {
                    let d = s.dim();
                    let ok = s.contains(&x[start..start + d], tol);
                    start += d;
                    ok
                })
            }
        }
    }

    /// Write the perspective `x ∈ λ·X` into `model` (`λ = 1` gives plain membership):
    /// boxes `λ·lo ≤ x ≤ λ·hi` and polytopes `A x ≤ λ b` as nonnegative rows, points
    /// `x = λ p` as zero rows, ellipsoids `‖A x − λ A c‖ ≤ λ` as a second-order cone
    /// (digest 01, step 4). `x` must have [`ConvexSet::dim`] entries.
    pub fn add_perspective(&self, model: &mut Model, x: &[AffExpr], lambda: &AffExpr) {
        debug_assert_eq!(x.len(), self.dim());
        match self {
            ConvexSet::Box(b) => {
                forms::in_box_perspective(model, x, &b.lo, &b.hi, lambda.clone());
            }
            ConvexSet::Polytope(p) => {
                if !p.a.is_empty() {
                    forms::in_polytope_perspective(model, &p.a, &p.b, x, lambda.clone());
                }
            }
            ConvexSet::Point(p) => {
                let rows = x
                    .iter()
                    .zip(&p.x)
                    .map(|(xi, &pi)| xi.clone() - lambda.clone() * pi)
                    .collect();
                model.add_zero(rows);
            }
            ConvexSet::Ellipsoid(e) => {
                let g: Vec<f64> = e
                    .shape
                    .iter()
                    .map(|row| -row.iter().zip(&e.center).map(|(a, c)| a * c).sum::<f64>())
                    .collect();
                let h = vec![0.0; e.center.len()];
                forms::soc_set_perspective(model, &e.shape, &g, &h, 1.0, x, lambda.clone());
            }
            ConvexSet::Product(parts) => {
                let mut start = 0;
                for s in parts {
                    let d = s.dim();
                    s.add_perspective(model, &x[start..start + d], lambda);
                    start += d;
                }
            }
        }
    }

    /// Plain membership `x ∈ X` (the perspective with `λ = 1`).
    pub fn add_membership(&self, model: &mut Model, x: &[AffExpr]) {
        self.add_perspective(model, x, &AffExpr::constant(1.0));
    }

    /// Whether the set is a polyhedron (box, polytope, point, or a product of those).
    pub fn is_polyhedral(&self) -> bool {
        match self {
            ConvexSet::Box(_) | ConvexSet::Polytope(_) | ConvexSet::Point(_) => true,
            ConvexSet::Ellipsoid(_) => false,
            ConvexSet::Product(parts) => parts.iter().all(ConvexSet::is_polyhedral),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_is_closed_with_tolerance() {
        let b = ConvexSet::aabox(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
        assert!(b.contains(&[0.5, 0.0], 0.0));
        assert!(b.contains(&[1.0 + 1e-10, 0.5], 1e-9));
        assert!(!b.contains(&[1.1, 0.5], 1e-9));
        assert!(!b.contains(&[f64::NAN, 0.5], 1e-9));
        assert!(!b.contains(&[0.5], 1e-9));
        let tri = ConvexSet::polytope(
            vec![vec![-1.0, 0.0], vec![0.0, -1.0], vec![1.0, 1.0]],
            vec![0.0, 0.0, 1.0],
            2,
        )
        .unwrap();
        assert!(tri.contains(&[0.5, 0.5], 0.0));
        assert!(!tri.contains(&[0.6, 0.6], 1e-9));
        let e =
            ConvexSet::Ellipsoid(Ellipsoid::axis_aligned(vec![0.0, 0.0], vec![2.0, 1.0]).unwrap());
        assert!(e.contains(&[2.0, 0.0], 1e-12));
        assert!(!e.contains(&[0.0, 1.1], 1e-9));
        let p = ConvexSet::product(vec![b, ConvexSet::point(vec![3.0]).unwrap()]).unwrap();
        assert_eq!(p.dim(), 3);
        assert!(p.contains(&[0.2, 0.3, 3.0], 1e-12));
        assert!(!p.contains(&[0.2, 0.3, 3.1], 1e-12));
    }

    #[test]
    fn malformed_sets_are_named_errors() {
        let e = ConvexSet::aabox(vec![0.0, f64::NAN], vec![1.0, 1.0]).unwrap_err();
        assert!(e.to_string().contains("entry 1"), "{e}");
        let e = ConvexSet::aabox(vec![2.0], vec![1.0]).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        assert!(ConvexSet::polytope(vec![vec![1.0]], vec![1.0, 2.0], 1).is_err());
        assert!(
            ConvexSet::ellipsoid(vec![0.0, 0.0], vec![vec![1.0, 1.0], vec![1.0, 1.0]]).is_err()
        );
        assert!(Ellipsoid::ball(vec![0.0], 0.0).is_err());
        assert!(ConvexSet::point(vec![]).is_err());
    }

    #[test]
    fn perspective_of_a_box_scales_with_lambda() {
        use globopt_conic::Settings;
        // maximize x subject to x ∈ λ·[1, 2] with λ = 0.5: x = 1
        let b = ConvexSet::aabox(vec![1.0], vec![2.0]).unwrap();
        let mut m = Model::new();
        let x = m.add_var();
        b.add_perspective(&mut m, &[x.into()], &AffExpr::constant(0.5));
        m.minimize(-1.0 * x);
        let s = m.solve(&Settings::default()).unwrap();
        assert!((s.var(x) - 1.0).abs() < 1e-7);
    }
}
