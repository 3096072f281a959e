//! Geometric queries on [`ConvexSet`]s that need an optimization: the Chebyshev ball (largest
//! inscribed ball, an LP for polytopes), the bounding box, the dimension of an intersection
//! (to decide which regions share an edge, digest 01 step 1), and 2D outlines for plots.
//!
//! Boxes and points are answered in closed form; polytopes and ellipsoids through small
//! Clarabel programs.

use crate::error::GcsError;
use crate::sets::{ConvexSet, Ellipsoid};
use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;
use globopt_conic::{AffExpr, Model, Settings, Solution};
use globopt_core::Status;
use serde::Serialize;

/// The largest ball `{x : ‖x − center‖ ≤ radius}` inside a set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChebyshevBall {
    /// The Chebyshev center.
    pub center: Vec<f64>,
    /// The inscribed radius (0 for points and lower-dimensional sets).
    pub radius: f64,
}

/// Singular values of a dense matrix (rows as `Vec`s), largest first, through faer's SVD.
pub fn singular_values(rows: &[Vec<f64>]) -> Result<Vec<f64>, GcsError> {
    let m = rows.len();
    let n = rows.first().map_or(0, Vec::len);
    if m == 0 || n == 0 {
        return Ok(Vec::new());
    }
    let a = Mat::<f64>::from_fn(m, n, |i, j| rows[i][j]);
    a.singular_values()
        .map_err(|e| GcsError::set("matrix", format!("SVD failed: {e:?}")))
}

/// The numerical rank of a matrix: singular values above `tol · max(1, σ_max)`.
pub fn rank(rows: &[Vec<f64>], tol: f64) -> Result<usize, GcsError> {
    let sv = singular_values(rows)?;
    let cut = tol * sv.first().copied().unwrap_or(0.0).max(1.0);
    Ok(sv.iter().filter(|&&s| s > cut).count())
}

fn geometry_settings() -> Settings {
    Settings {
        tol_gap_abs: 1e-9,
        tol_gap_rel: 1e-9,
        tol_feas: 1e-9,
        max_iter: 100,
        ..Settings::default()
    }
}

/// Outcome of one of the small geometric programs.
enum Outcome {
    Solved(Solution),
    Infeasible,
    Unbounded,
}

fn run(model: &Model, what: &str) -> Result<Outcome, GcsError> {
    let s = model.solve(&geometry_settings())?;
    match s.status {
        Status::Optimal | Status::Feasible => Ok(Outcome::Solved(s)),
        Status::Infeasible => Ok(Outcome::Infeasible),
        Status::Unbounded => Ok(Outcome::Unbounded),
        _ => Err(GcsError::set(
            what,
            format!("the geometric program failed ({})", s.solver_status),
        )),
    }
}

/// A set written as polyhedral rows `aᵢᵀx ≤ bᵢ` plus ellipsoids on coordinate blocks.
struct Description<'a> {
    n: usize,
    rows: Vec<(Vec<f64>, f64)>,
    ellipsoids: Vec<(usize, &'a Ellipsoid)>,
}

impl<'a> Description<'a> {
    fn new(n: usize) -> Self {
        Description {
            n,
            rows: Vec::new(),
            ellipsoids: Vec::new(),
        }
    }

    fn add(&mut self, set: &'a ConvexSet, start: usize) {
        let n = self.n;
        let embed = |row: &[f64]| {
            let mut full = vec![0.0; n];
            full[start..start + row.len()].copy_from_slice(row);
            full
        };
        match set {
            ConvexSet::Box(b) => {
                let p = b.to_polytope();
                for (a, bi) in p.a().iter().zip(p.b()) {
                    self.rows.push((embed(a), *bi));
                }
            }
            ConvexSet::Point(p) => {
                let d = p.coords().len();
                for (i, &x) in p.coords().iter().enumerate() {
                    let mut e = vec![0.0; d];
                    e[i] = 1.0;
                    self.rows.push((embed(&e), x));
                    e[i] = -1.0;
                    self.rows.push((embed(&e), -x));
                }
            }
            ConvexSet::Polytope(p) => {
                for (a, bi) in p.a().iter().zip(p.b()) {
                    self.rows.push((embed(a), *bi));
                }
            }
            ConvexSet::Ellipsoid(e) => self.ellipsoids.push((start, e)),
            ConvexSet::Product(parts) => {
                let mut s = start;
                for part in parts {
                    self.add(part, s);
                    s += part.dim();
                }
            }
        }
    }

    /// Rows normalized to unit `‖aᵢ‖` (so slacks are distances); zero rows are dropped, and
    /// `false` is returned when a zero row is violated (`0 ≤ bᵢ < 0`).
    fn normalize(&mut self) -> bool {
        let mut ok = true;
        self.rows.retain_mut(|(a, b)| {
            let norm = a.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                ok &= *b >= 0.0;
                return false;
            }
            a.iter_mut().for_each(|x| *x /= norm);
            *b /= norm;
            true
        });
        ok
    }

    /// `‖A_k (x_block − c_k)‖ ≤ level` for every ellipsoid.
    fn add_ellipsoids(&self, m: &mut Model, x: &[AffExpr], level: &AffExpr) {
        for (start, e) in &self.ellipsoids {
            let d = e.center().len();
            let rows = e
                .shape()
                .iter()
                .map(|row| {
                    let mut expr = AffExpr::zero();
                    for (j, a) in row.iter().enumerate() {
                        if *a != 0.0 {
                            expr += x[start + j].clone() * *a;
                            expr -= *a * e.center()[j];
                        }
                    }
                    expr
                })
                .collect::<Vec<_>>();
            debug_assert_eq!(rows.len(), d);
            m.add_soc(level.clone(), rows);
        }
    }
}

fn vars_as_exprs(m: &mut Model, n: usize) -> Vec<AffExpr> {
    m.add_vars(n).into_iter().map(AffExpr::from).collect()
}

fn row_expr(a: &[f64], x: &[AffExpr]) -> AffExpr {
    crate::affine::dot_expr(a, x)
}

/// The Chebyshev ball of a set, or `None` when the set is empty.
///
/// Boxes: center `(lo+hi)/2`, radius the smallest half-width. Points: radius 0. Ellipsoids:
/// center `c`, radius `1/σ_max(A)`. Products: the stacked centers and the smallest radius.
/// Polytopes: the LP `max r s.t. aᵢᵀx + r‖aᵢ‖ ≤ bᵢ, r ≥ 0` (Boyd & Vandenberghe §8.5.1);
/// an unbounded LP is an error naming the set as unbounded.
pub fn chebyshev_ball(set: &ConvexSet) -> Result<Option<ChebyshevBall>, GcsError> {
    match set {
        ConvexSet::Box(b) => Ok(Some(ChebyshevBall {
            center: b
                .lo()
                .iter()
                .zip(b.hi())
                .map(|(l, h)| 0.5 * (l + h))
                .collect(),
            radius: b
                .lo()
                .iter()
                .zip(b.hi())
                .map(|(l, h)| 0.5 * (h - l))
                .fold(f64::INFINITY, f64::min),
        })),
        ConvexSet::Point(p) => Ok(Some(ChebyshevBall {
            center: p.coords().to_vec(),
            radius: 0.0,
        })),
        ConvexSet::Ellipsoid(e) => {
            let sv = singular_values(e.shape())?;
            Ok(Some(ChebyshevBall {
                center: e.center().to_vec(),
                radius: 1.0 / sv[0],
            }))
        }
        ConvexSet::Product(parts) => {
            let mut center = Vec::with_capacity(set.dim());
            let mut radius = f64::INFINITY;
            for part in parts {
                match chebyshev_ball(part)? {
                    Some(b) => {
                        center.extend(b.center);
                        radius = radius.min(b.radius);
                    }
                    None => return Ok(None),
                }
            }
            Ok(Some(ChebyshevBall { center, radius }))
        }
        ConvexSet::Polytope(p) => {
            let mut d = Description::new(p.dim());
            d.add(set, 0);
            if !d.normalize() {
                return Ok(None);
            }
            let mut m = Model::new();
            let x = vars_as_exprs(&mut m, p.dim());
            let r = m.add_var();
            let rows = d
                .rows
                .iter()
                .map(|(a, b)| AffExpr::constant(*b) - row_expr(a, &x) - r)
                .chain(std::iter::once(AffExpr::from(r)))
                .collect();
            m.add_nonneg(rows);
            m.minimize(-1.0 * r);
            match run(&m, "polytope")? {
                Outcome::Solved(s) => Ok(Some(ChebyshevBall {
                    center: x.iter().map(|e| s.value(e)).collect(),
                    radius: s.var(r).max(0.0),
                })),
                Outcome::Infeasible => Ok(None),
                Outcome::Unbounded => Err(GcsError::set(
                    "polytope",
                    "is unbounded (its inscribed ball has no largest radius)",
                )),
            }
        }
    }
}

/// The smallest box `[lo, hi]` containing a set (entries `±∞` along unbounded directions).
///
/// Closed form for boxes, points and products; `cᵢ ± ‖(A⁻¹)ᵢ‖` for ellipsoids (the support
/// function of `{c + A⁻¹u : ‖u‖ ≤ 1}` along `±eᵢ`); `2n` LPs `min/max xᵢ` for polytopes. An
/// empty set is an error.
pub fn bounding_box(set: &ConvexSet) -> Result<(Vec<f64>, Vec<f64>), GcsError> {
    match set {
        ConvexSet::Box(b) => Ok((b.lo().to_vec(), b.hi().to_vec())),
        ConvexSet::Point(p) => Ok((p.coords().to_vec(), p.coords().to_vec())),
        ConvexSet::Ellipsoid(e) => {
            let n = e.center().len();
            let a = Mat::<f64>::from_fn(n, n, |i, j| e.shape()[i][j]);
            let inv = a.partial_piv_lu().inverse();
            let half: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| inv[(i, j)].powi(2)).sum::<f64>().sqrt())
                .collect();
            Ok((
                e.center().iter().zip(&half).map(|(c, h)| c - h).collect(),
                e.center().iter().zip(&half).map(|(c, h)| c + h).collect(),
            ))
        }
        ConvexSet::Product(parts) => {
            let (mut lo, mut hi) = (Vec::new(), Vec::new());
            for part in parts {
                let (l, h) = bounding_box(part)?;
                lo.extend(l);
                hi.extend(h);
            }
            Ok((lo, hi))
        }
        ConvexSet::Polytope(p) => {
            let n = p.dim();
            let (mut lo, mut hi) = (vec![0.0; n], vec![0.0; n]);
            for i in 0..n {
                for sign in [1.0, -1.0] {
                    let mut m = Model::new();
                    let x = vars_as_exprs(&mut m, n);
                    set.add_membership(&mut m, &x);
                    m.minimize(x[i].clone() * sign);
                    let v = match run(&m, "polytope")? {
                        Outcome::Solved(s) => s.value(&x[i]),
                        Outcome::Infeasible => {
                            return Err(GcsError::set("polytope", "is empty"));
                        }
                        Outcome::Unbounded => -sign * f64::INFINITY,
                    };
                    if sign > 0.0 {
                        lo[i] = v;
                    } else {
                        hi[i] = v;
                    }
                }
            }
            Ok((lo, hi))
        }
    }
}

/// The dimension of `a ∩ b`, or `None` when they do not meet; `tol` is the geometric
/// tolerance (a gap or overlap thinner than `tol` counts as touching).
///
/// Boxes: the number of axes whose overlap interval is longer than `tol` (none negative).
/// Points: 0 when the other set contains them. Polyhedra: `n` when the intersection holds a
/// ball of radius `> tol` (an LP); otherwise `n − rank` of its implicit equalities, found by
/// maximizing the slack of every row (one LP for all rows, then one per row still tight).
/// With ellipsoids (strictly convex): the dimension of the polyhedral part when it meets the
/// interior of every ellipsoid, else 0 (the intersection is a single boundary point).
pub fn intersection_dim(a: &ConvexSet, b: &ConvexSet, tol: f64) -> Result<Option<usize>, GcsError> {
    let n = a.dim();
    if b.dim() != n {
        return Err(GcsError::DimensionMismatch {
            what: "intersection operand".into(),
            expected: n,
            got: b.dim(),
        });
    }
    match (a, b) {
        (ConvexSet::Box(p), ConvexSet::Box(q)) => {
            let mut dim = 0;
            for i in 0..n {
                let w = p.hi()[i].min(q.hi()[i]) - p.lo()[i].max(q.lo()[i]);
                if w < -tol {
                    return Ok(None);
                }
                if w > tol {
                    dim += 1;
                }
            }
            Ok(Some(dim))
        }
        (ConvexSet::Point(p), other) | (other, ConvexSet::Point(p)) => {
            Ok(other.contains(p.coords(), tol).then_some(0))
        }
        (ConvexSet::Product(pa), ConvexSet::Product(pb))
            if pa.len() == pb.len() && pa.iter().zip(pb).all(|(x, y)| x.dim() == y.dim()) =>
        {
            let mut dim = 0;
            for (x, y) in pa.iter().zip(pb) {
                match intersection_dim(x, y, tol)? {
                    Some(d) => dim += d,
                    None => return Ok(None),
                }
            }
            Ok(Some(dim))
        }
        _ => {
            let mut d = Description::new(n);
            d.add(a, 0);
            d.add(b, 0);
            if !d.normalize() {
                return Ok(None);
            }
            if d.ellipsoids.is_empty() {
                polyhedral_dim(&d, tol)
            } else {
                ellipsoidal_dim(&d, tol)
            }
        }
    }
}

/// Dimension of `{x : aᵢᵀx ≤ bᵢ}` (rows normalized), or `None` when empty.
fn polyhedral_dim(d: &Description<'_>, tol: f64) -> Result<Option<usize>, GcsError> {
    let n = d.n;
    if d.rows.is_empty() {
        return Ok(Some(n));
    }
    // 1. inscribed ball, radius capped at 1 (only its sign matters)
    let mut m = Model::new();
    let x = vars_as_exprs(&mut m, n);
    let r = m.add_var();
    let mut rows: Vec<AffExpr> = d
        .rows
        .iter()
        .map(|(a, b)| AffExpr::constant(*b) - row_expr(a, &x) - r)
        .collect();
    rows.push(r.into());
    rows.push(1.0 - r);
    m.add_nonneg(rows);
    m.minimize(-1.0 * r);
    let radius = match run(&m, "intersection")? {
        Outcome::Solved(s) => s.var(r),
        Outcome::Infeasible => return Ok(None),
        Outcome::Unbounded => 1.0,
    };
    if radius > tol {
        return Ok(Some(n));
    }
    // 2. implicit equalities: rows whose slack is zero on the whole set
    let mut m = Model::new();
    let x = vars_as_exprs(&mut m, n);
    let t = m.add_vars(d.rows.len());
    let mut rows = Vec::with_capacity(3 * d.rows.len());
    for ((a, b), &ti) in d.rows.iter().zip(&t) {
        rows.push(AffExpr::constant(*b) - row_expr(a, &x) - ti);
        rows.push(ti.into());
        rows.push(1.0 - ti);
    }
    m.add_nonneg(rows);
    m.minimize(-1.0 * AffExpr::sum(&t));
    let slack: Vec<f64> = match run(&m, "intersection")? {
        Outcome::Solved(s) => t.iter().map(|&ti| s.var(ti)).collect(),
        Outcome::Infeasible => return Ok(None),
        Outcome::Unbounded => vec![1.0; d.rows.len()],
    };
    let mut implicit = Vec::new();
    for (i, (a, b)) in d.rows.iter().enumerate() {
        if slack[i] > tol {
            continue;
        }
        let mut m = Model::new();
        let x = vars_as_exprs(&mut m, n);
        let mut rows: Vec<AffExpr> = d
            .rows
            .iter()
            .map(|(aj, bj)| AffExpr::constant(*bj) - row_expr(aj, &x))
            .collect();
        let s_i = AffExpr::constant(*b) - row_expr(a, &x);
        rows.push(1.0 - s_i.clone());
        m.add_nonneg(rows);
        m.minimize(-1.0 * s_i.clone());
        let best = match run(&m, "intersection")? {
            Outcome::Solved(s) => s.value(&s_i),
            Outcome::Infeasible => return Ok(None),
            Outcome::Unbounded => 1.0,
        };
        if best <= tol {
            implicit.push(a.clone());
        }
    }
    Ok(Some(n - rank(&implicit, 1e-9)?))
}

/// Dimension of a polyhedron intersected with ellipsoids, or `None` when empty.
fn ellipsoidal_dim(d: &Description<'_>, tol: f64) -> Result<Option<usize>, GcsError> {
    let n = d.n;
    let mut m = Model::new();
    let x = vars_as_exprs(&mut m, n);
    let s = m.add_var();
    let mut rows: Vec<AffExpr> = d
        .rows
        .iter()
        .map(|(a, b)| AffExpr::constant(*b) - row_expr(a, &x))
        .collect();
    rows.push(s.into());
    rows.push(1.0 - s);
    m.add_nonneg(rows);
    d.add_ellipsoids(&mut m, &x, &(1.0 - s));
    m.minimize(-1.0 * s);
    let depth = match run(&m, "intersection")? {
        Outcome::Solved(sol) => sol.var(s),
        Outcome::Infeasible => return Ok(None),
        Outcome::Unbounded => 1.0,
    };
    if depth > tol {
        let poly = Description {
            n,
            rows: d.rows.clone(),
            ellipsoids: Vec::new(),
        };
        polyhedral_dim(&poly, tol)
    } else {
        Ok(Some(0))
    }
}

/// The outline of a set projected on the coordinates `(i, j)`, as a closed polygon (vertices
/// in counter-clockwise order; one vertex for a point), for plots.
///
/// Boxes and products project to rectangles (products through their bounding box), 2D and 3D
/// polytopes to the convex hull of their projected vertices (vertex enumeration over all
/// choices of `n` rows), higher-dimensional polytopes to their bounding box, ellipsoids to 64
/// points of the projected ellipse.
pub fn outline(set: &ConvexSet, i: usize, j: usize) -> Result<Vec<(f64, f64)>, GcsError> {
    let rect = |lo: &[f64], hi: &[f64]| {
        vec![
            (lo[i], lo[j]),
            (hi[i], lo[j]),
            (hi[i], hi[j]),
            (lo[i], hi[j]),
        ]
    };
    match set {
        ConvexSet::Point(p) => Ok(vec![(p.coords()[i], p.coords()[j])]),
        ConvexSet::Box(b) => Ok(rect(b.lo(), b.hi())),
        ConvexSet::Product(_) => {
            let (lo, hi) = bounding_box(set)?;
            Ok(rect(&lo, &hi))
        }
        ConvexSet::Polytope(p) if p.dim() <= 3 => {
            let verts = polytope_vertices(p.a(), p.b(), p.dim());
            let pts: Vec<(f64, f64)> = verts.iter().map(|v| (v[i], v[j])).collect();
            Ok(convex_hull(pts))
        }
        ConvexSet::Polytope(_) => {
            let (lo, hi) = bounding_box(set)?;
            Ok(rect(&lo, &hi))
        }
        ConvexSet::Ellipsoid(e) => {
            // x = c + A⁻¹u, ‖u‖ ≤ 1; the projection's boundary is c_P + (G)^{1/2} v with
            // G = P A⁻¹ A⁻ᵀ Pᵀ (2×2) and ‖v‖ = 1.
            let n = e.center().len();
            let a = Mat::<f64>::from_fn(n, n, |r, c| e.shape()[r][c]);
            let inv = a.partial_piv_lu().inverse();
            let g = |r: usize, c: usize| (0..n).map(|k| inv[(r, k)] * inv[(c, k)]).sum::<f64>();
            let (gii, gij, gjj) = (g(i, i), g(i, j), g(j, j));
            // symmetric square root of [[gii, gij], [gij, gjj]] via its eigen-decomposition
            let tr = gii + gjj;
            let det = gii * gjj - gij * gij;
            let disc = ((0.25 * tr * tr - det).max(0.0)).sqrt();
            let (l1, l2) = (0.5 * tr + disc, (0.5 * tr - disc).max(0.0));
            let (v1x, v1y) = if gij.abs() > 1e-15 {
                let (x, y) = (l1 - gjj, gij);
                let nrm = (x * x + y * y).sqrt();
                (x / nrm, y / nrm)
            } else if gii >= gjj {
                (1.0, 0.0)
            } else {
                (0.0, 1.0)
            };
            let (s1, s2) = (l1.sqrt(), l2.sqrt());
            let (ci, cj) = (e.center()[i], e.center()[j]);
            Ok((0..64)
                .map(|k| {
                    let th = 2.0 * std::f64::consts::PI * k as f64 / 64.0;
                    let (a1, a2) = (s1 * th.cos(), s2 * th.sin());
                    (ci + a1 * v1x - a2 * v1y, cj + a1 * v1y + a2 * v1x)
                })
                .collect())
        }
    }
}

/// Vertices of `{x ∈ R^n : A x ≤ b}` for `n ≤ 3`: every choice of `n` rows whose system is
/// nonsingular (Cramer's rule) and whose solution satisfies all rows within `1e-9`.
fn polytope_vertices(a: &[Vec<f64>], b: &[f64], n: usize) -> Vec<Vec<f64>> {
    let feasible = |x: &[f64]| {
        a.iter()
            .zip(b)
            .all(|(r, bi)| r.iter().zip(x).map(|(p, q)| p * q).sum::<f64>() <= bi + 1e-9)
    };
    let det2 = |m: [[f64; 2]; 2]| m[0][0] * m[1][1] - m[0][1] * m[1][0];
    let det3 = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let mut out = Vec::new();
    let k = a.len();
    match n {
        1 => {
            for r in 0..k {
                if a[r][0].abs() > 1e-12 {
                    let x = vec![b[r] / a[r][0]];
                    if feasible(&x) {
                        out.push(x);
                    }
                }
            }
        }
        2 => {
            for r in 0..k {
                for s in r + 1..k {
                    let m = [[a[r][0], a[r][1]], [a[s][0], a[s][1]]];
                    let d = det2(m);
                    if d.abs() < 1e-12 {
                        continue;
                    }
                    let x0 = det2([[b[r], a[r][1]], [b[s], a[s][1]]]) / d;
                    let x1 = det2([[a[r][0], b[r]], [a[s][0], b[s]]]) / d;
                    if feasible(&[x0, x1]) {
                        out.push(vec![x0, x1]);
                    }
                }
            }
        }
        _ => {
            for r in 0..k {
                for s in r + 1..k {
                    for t in s + 1..k {
                        let rows = [r, s, t];
                        let m = rows.map(|q| [a[q][0], a[q][1], a[q][2]]);
                        let d = det3(m);
                        if d.abs() < 1e-12 {
                            continue;
                        }
                        let x: Vec<f64> = (0..3)
                            .map(|c| {
                                let mut mc = m;
                                for (row, &q) in mc.iter_mut().zip(&rows) {
                                    row[c] = b[q];
                                }
                                det3(mc) / d
                            })
                            .collect();
                        if feasible(&x) {
                            out.push(x);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Convex hull of planar points, counter-clockwise (Andrew's monotone chain).
fn convex_hull(mut pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    pts.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
    pts.dedup_by(|p, q| (p.0 - q.0).abs() < 1e-12 && (p.1 - q.1).abs() < 1e-12);
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(2 * pts.len());
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &(f64, f64)>> = if pass == 0 {
            Box::new(pts.iter())
        } else {
            Box::new(pts.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_square(x: f64, y: f64) -> ConvexSet {
        ConvexSet::aabox(vec![x, y], vec![x + 1.0, y + 1.0]).unwrap()
    }

    fn as_polytope(s: &ConvexSet) -> ConvexSet {
        match s {
            ConvexSet::Box(b) => ConvexSet::Polytope(b.to_polytope()),
            other => other.clone(),
        }
    }

    #[test]
    fn box_intersections_have_the_right_dimension() {
        let a = unit_square(0.0, 0.0);
        assert_eq!(
            intersection_dim(&a, &unit_square(0.5, 0.5), 1e-9).unwrap(),
            Some(2)
        );
        assert_eq!(
            intersection_dim(&a, &unit_square(1.0, 0.0), 1e-9).unwrap(),
            Some(1)
        );
        assert_eq!(
            intersection_dim(&a, &unit_square(1.0, 1.0), 1e-9).unwrap(),
            Some(0)
        );
        assert_eq!(
            intersection_dim(&a, &unit_square(1.5, 0.0), 1e-9).unwrap(),
            None
        );
    }

    #[test]
    fn polytope_intersections_match_the_box_formula() {
        let a = as_polytope(&unit_square(0.0, 0.0));
        for (x, y, want) in [
            (0.5, 0.5, Some(2)),
            (1.0, 0.0, Some(1)),
            (1.0, 1.0, Some(0)),
            (1.5, 0.0, None),
        ] {
            let b = as_polytope(&unit_square(x, y));
            assert_eq!(intersection_dim(&a, &b, 1e-7).unwrap(), want, "({x}, {y})");
        }
        // two triangles sharing the diagonal of the unit square
        let lower = ConvexSet::polytope(
            vec![vec![0.0, -1.0], vec![1.0, 0.0], vec![-1.0, 1.0]],
            vec![0.0, 1.0, 0.0],
            2,
        )
        .unwrap();
        let upper = ConvexSet::polytope(
            vec![vec![-1.0, 0.0], vec![0.0, 1.0], vec![1.0, -1.0]],
            vec![0.0, 1.0, 0.0],
            2,
        )
        .unwrap();
        assert_eq!(intersection_dim(&lower, &upper, 1e-7).unwrap(), Some(1));
    }

    #[test]
    fn ellipsoid_intersections() {
        let b1 = ConvexSet::Ellipsoid(Ellipsoid::ball(vec![0.0, 0.0], 1.0).unwrap());
        let b2 = ConvexSet::Ellipsoid(Ellipsoid::ball(vec![2.0, 0.0], 1.0).unwrap());
        let b3 = ConvexSet::Ellipsoid(Ellipsoid::ball(vec![1.5, 0.0], 1.0).unwrap());
        let far = ConvexSet::Ellipsoid(Ellipsoid::ball(vec![3.0, 0.0], 0.5).unwrap());
        assert_eq!(intersection_dim(&b1, &b2, 1e-6).unwrap(), Some(0));
        assert_eq!(intersection_dim(&b1, &b3, 1e-6).unwrap(), Some(2));
        assert_eq!(intersection_dim(&b1, &far, 1e-6).unwrap(), None);
        assert_eq!(
            intersection_dim(&b1, &unit_square(0.5, -0.5), 1e-6).unwrap(),
            Some(2)
        );
        assert_eq!(
            intersection_dim(&b1, &unit_square(1.0, -0.5), 1e-6).unwrap(),
            Some(0)
        );
    }

    #[test]
    fn chebyshev_balls_and_bounding_boxes() {
        let tri = ConvexSet::polytope(
            vec![vec![-1.0, 0.0], vec![0.0, -1.0], vec![1.0, 1.0]],
            vec![0.0, 0.0, 1.0],
            2,
        )
        .unwrap();
        let c = chebyshev_ball(&tri).unwrap().unwrap();
        let r = 1.0 / (2.0 + std::f64::consts::SQRT_2);
        assert!((c.radius - r).abs() < 1e-7, "{}", c.radius);
        assert!((c.center[0] - r).abs() < 1e-6 && (c.center[1] - r).abs() < 1e-6);
        let (lo, hi) = bounding_box(&tri).unwrap();
        assert!(lo.iter().all(|v| v.abs() < 1e-7) && hi.iter().all(|v| (v - 1.0).abs() < 1e-7));
        let empty = ConvexSet::polytope(vec![vec![1.0], vec![-1.0]], vec![0.0, -1.0], 1).unwrap();
        assert_eq!(chebyshev_ball(&empty).unwrap(), None);
        assert!(bounding_box(&empty).is_err());
        let half = ConvexSet::polytope(vec![vec![1.0, 0.0]], vec![0.0], 2).unwrap();
        assert!(chebyshev_ball(&half).is_err());
        assert_eq!(bounding_box(&half).unwrap().0[0], f64::NEG_INFINITY);
        let e =
            ConvexSet::Ellipsoid(Ellipsoid::axis_aligned(vec![1.0, 2.0], vec![3.0, 0.5]).unwrap());
        let (lo, hi) = bounding_box(&e).unwrap();
        assert!((lo[0] + 2.0).abs() < 1e-12 && (hi[1] - 2.5).abs() < 1e-12);
        assert!((chebyshev_ball(&e).unwrap().unwrap().radius - 0.5).abs() < 1e-12);
    }

    #[test]
    fn outlines_of_polygons_and_ellipses() {
        let tri = ConvexSet::polytope(
            vec![vec![-1.0, 0.0], vec![0.0, -1.0], vec![1.0, 1.0]],
            vec![0.0, 0.0, 1.0],
            2,
        )
        .unwrap();
        assert_eq!(outline(&tri, 0, 1).unwrap().len(), 3);
        let cube = ConvexSet::Polytope(
            crate::sets::AaBox::new(vec![0.0; 3], vec![1.0; 3])
                .unwrap()
                .to_polytope(),
        );
        assert_eq!(outline(&cube, 0, 2).unwrap().len(), 4);
        let e =
            ConvexSet::Ellipsoid(Ellipsoid::axis_aligned(vec![0.0, 0.0], vec![2.0, 1.0]).unwrap());
        let pts = outline(&e, 0, 1).unwrap();
        assert!(
            pts.iter()
                .all(|(x, y)| ((x / 2.0).powi(2) + y * y - 1.0).abs() < 1e-9)
        );
    }
}
