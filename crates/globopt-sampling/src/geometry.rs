//! Exact segment tests against convex sets (shared digest 13, "World model"): the parameter
//! interval `{t ∈ [0, 1] : p + t (q − p) ∈ X}` of a segment inside a box (slab method), an
//! H-polytope (clipping against each halfspace, Cyrus–Beck) or an ellipsoid (a quadratic in
//! `t`), and point membership, all with an outward tolerance `tol`.

use globopt_gcs::ConvexSet;

/// Euclidean distance `‖a − b‖₂`, summed in coordinate order (the same rounding everywhere, so
/// that `cost(x) = cost(parent) + ‖x − parent‖` is reproduced exactly).
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Closed membership `x ∈ X` grown outward by `tol` (boxes per axis, polytopes by distance to
/// each facet, ellipsoids by level `1 + tol`); see [`ConvexSet::contains`].
pub fn contains(set: &ConvexSet, x: &[f64], tol: f64) -> bool {
    set.contains(x, tol)
}

/// The closed parameter interval `[t₀, t₁] ⊆ [0, 1]` on which the segment `p → q` lies in
/// `set` grown by `tol`, or `None` when the segment misses it. Points and products are not
/// planning shapes and give `None`.
pub fn segment_interval(set: &ConvexSet, p: &[f64], q: &[f64], tol: f64) -> Option<(f64, f64)> {
    match set {
        ConvexSet::Box(b) => box_interval(b.lo(), b.hi(), p, q, tol),
        ConvexSet::Polytope(poly) => polytope_interval(poly.a(), poly.b(), p, q, tol),
        ConvexSet::Ellipsoid(e) => ellipsoid_interval(e.center(), e.shape(), p, q, tol),
        ConvexSet::Point(_) | ConvexSet::Product(_) => None,
    }
}

/// Slab method: on each axis `lo − tol ≤ pᵢ + t dᵢ ≤ hi + tol` is an interval of `t` (all of
/// `ℝ` or nothing when `dᵢ = 0`); the segment's interval is their intersection with `[0, 1]`.
pub fn box_interval(lo: &[f64], hi: &[f64], p: &[f64], q: &[f64], tol: f64) -> Option<(f64, f64)> {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for i in 0..p.len() {
        let d = q[i] - p[i];
        let (l, h) = (lo[i] - tol, hi[i] + tol);
        if d == 0.0 {
            if p[i] < l || p[i] > h {
                return None;
            }
            continue;
        }
        let (mut a, mut b) = ((l - p[i]) / d, (h - p[i]) / d);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        t0 = t0.max(a);
        t1 = t1.min(b);
        if t0 > t1 {
            return None;
        }
    }
    Some((t0, t1))
}

/// Cyrus–Beck clipping: each row `aᵀx ≤ b + tol‖a‖` bounds `t` from one side (or holds for all
/// `t`, or for none, when `aᵀd = 0`).
pub fn polytope_interval(
    a: &[Vec<f64>],
    b: &[f64],
    p: &[f64],
    q: &[f64],
    tol: f64,
) -> Option<(f64, f64)> {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (row, bi) in a.iter().zip(b) {
        let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
        let rhs = bi + tol * norm;
        let ap: f64 = row.iter().zip(p).map(|(x, y)| x * y).sum();
        let ad: f64 = row
            .iter()
            .zip(p.iter().zip(q))
            .map(|(x, (pi, qi))| x * (qi - pi))
            .sum();
        if ad == 0.0 {
            if ap > rhs {
                return None;
            }
            continue;
        }
        let t = (rhs - ap) / ad;
        if ad > 0.0 {
            t1 = t1.min(t);
        } else {
            t0 = t0.max(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    Some((t0, t1))
}

/// `‖A(p + t d − c)‖² ≤ (1 + tol)²` is `α t² + 2β t + γ ≤ 0` with `α = ‖Ad‖²`,
/// `β = (A(p − c))ᵀ(Ad)`, `γ = ‖A(p − c)‖² − (1 + tol)²`: the interval between the roots.
pub fn ellipsoid_interval(
    center: &[f64],
    shape: &[Vec<f64>],
    p: &[f64],
    q: &[f64],
    tol: f64,
) -> Option<(f64, f64)> {
    let (mut alpha, mut beta, mut gamma) = (0.0, 0.0, 0.0);
    for row in shape {
        let u: f64 = row
            .iter()
            .zip(p.iter().zip(center))
            .map(|(a, (x, c))| a * (x - c))
            .sum();
        let v: f64 = row
            .iter()
            .zip(p.iter().zip(q))
            .map(|(a, (x, y))| a * (y - x))
            .sum();
        alpha += v * v;
        beta += u * v;
        gamma += u * u;
    }
    gamma -= (1.0 + tol) * (1.0 + tol);
    if alpha == 0.0 {
        return (gamma <= 0.0).then_some((0.0, 1.0));
    }
    let disc = beta * beta - alpha * gamma;
    if disc < 0.0 {
        return None;
    }
    let s = disc.sqrt();
    let (r0, r1) = ((-beta - s) / alpha, (-beta + s) / alpha);
    let (t0, t1) = (r0.max(0.0), r1.min(1.0));
    (t0 <= t1).then_some((t0, t1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_gcs::Ellipsoid;

    #[test]
    fn slab_interval_of_a_crossing_segment() {
        let (lo, hi) = ([1.0, 1.0], [2.0, 2.0]);
        let (t0, t1) = box_interval(&lo, &hi, &[0.0, 1.5], &[4.0, 1.5], 0.0).unwrap();
        assert!((t0 - 0.25).abs() < 1e-15 && (t1 - 0.5).abs() < 1e-15);
        assert!(box_interval(&lo, &hi, &[0.0, 2.5], &[4.0, 2.5], 0.0).is_none());
        // touching a corner is a closed-set hit
        assert!(box_interval(&lo, &hi, &[0.0, 3.0], &[3.0, 0.0], 0.0).is_some());
        // axis-parallel segment outside the slab
        assert!(box_interval(&lo, &hi, &[0.0, 3.0], &[5.0, 3.0], 0.0).is_none());
        // segment ending before the box
        assert!(box_interval(&lo, &hi, &[0.0, 1.5], &[0.9, 1.5], 0.0).is_none());
    }

    #[test]
    fn polytope_and_ellipsoid_agree_with_the_box() {
        let b = ConvexSet::aabox(vec![1.0, 1.0], vec![2.0, 2.0]).unwrap();
        let ConvexSet::Box(bb) = &b else {
            unreachable!()
        };
        let poly = ConvexSet::Polytope(bb.to_polytope());
        for (p, q) in [
            ([0.0, 1.5], [4.0, 1.5]),
            ([0.0, 0.0], [3.0, 3.0]),
            ([0.0, 2.5], [3.0, 2.6]),
        ] {
            let a = segment_interval(&b, &p, &q, 0.0);
            let c = segment_interval(&poly, &p, &q, 0.0);
            match (a, c) {
                (Some(x), Some(y)) => {
                    assert!((x.0 - y.0).abs() < 1e-12 && (x.1 - y.1).abs() < 1e-12)
                }
                (None, None) => {}
                _ => panic!("box and polytope disagree on {p:?} -> {q:?}"),
            }
        }
        let disc = ConvexSet::Ellipsoid(Ellipsoid::ball(vec![0.0, 0.0], 1.0).unwrap());
        let (t0, t1) = segment_interval(&disc, &[-2.0, 0.0], &[2.0, 0.0], 0.0).unwrap();
        assert!((t0 - 0.25).abs() < 1e-12 && (t1 - 0.75).abs() < 1e-12);
        assert!(segment_interval(&disc, &[-2.0, 1.01], &[2.0, 1.01], 0.0).is_none());
        assert!((distance(&[0.0, 0.0], &[3.0, 4.0]) - 5.0).abs() < 1e-15);
    }
}
