//! What happens to particles after a step: CBXpy's sanitizing and the boundary policies
//! (shared digest 10, step 4).

use crate::params::Boundary;
use globopt_core::Bounds;

/// CBXpy's largest allowed coordinate magnitude.
pub const MAX_COORDINATE: f64 = 1e8;

/// CBXpy's post-processing: NaN becomes 1e8 and every coordinate is clipped to ±1e8, so a
/// diverging particle stays a number.
pub fn sanitize(x: &mut [f64]) {
    for v in x.iter_mut() {
        if v.is_nan() {
            *v = MAX_COORDINATE;
        }
        *v = v.clamp(-MAX_COORDINATE, MAX_COORDINATE);
    }
}

/// Apply a boundary policy to one point: nothing, projection onto `domain`, or reflection at
/// its faces (repeated, so any finite coordinate lands inside).
pub fn apply_boundary(x: &mut [f64], domain: Option<&Bounds>, policy: Boundary) {
    let Some(domain) = domain else { return };
    match policy {
        Boundary::None => {}
        Boundary::Clip => {
            for ((v, &lo), &hi) in x.iter_mut().zip(domain.lower()).zip(domain.upper()) {
                *v = v.clamp(lo, hi);
            }
        }
        Boundary::Reflect => {
            for ((v, &lo), &hi) in x.iter_mut().zip(domain.lower()).zip(domain.upper()) {
                *v = reflected(*v, lo, hi);
            }
        }
    }
}

/// The image of `v` under repeated mirroring at `lo` and `hi`: the point of `[lo, hi]` at the
/// same position within the period `2(hi − lo)` (a zero-width interval maps to `lo`).
pub fn reflected(v: f64, lo: f64, hi: f64) -> f64 {
    let w = hi - lo;
    if w <= 0.0 {
        return lo;
    }
    let t = (v - lo).rem_euclid(2.0 * w);
    let r = if t <= w { lo + t } else { lo + (2.0 * w - t) };
    r.clamp(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_and_policies() {
        let mut x = [f64::NAN, 3e9, -f64::INFINITY, 0.5];
        sanitize(&mut x);
        assert_eq!(x, [1e8, 1e8, -1e8, 0.5]);
        let b = Bounds::new(vec![0.0, -1.0], vec![1.0, 1.0]).unwrap();
        let mut y = [1.25, -3.5];
        apply_boundary(&mut y, Some(&b), Boundary::Clip);
        assert_eq!(y, [1.0, -1.0]);
        let mut z = [1.25, -3.5];
        apply_boundary(&mut z, Some(&b), Boundary::Reflect);
        assert_eq!(z, [0.75, 0.5]);
        let mut free = [1.25, -3.5];
        apply_boundary(&mut free, Some(&b), Boundary::None);
        apply_boundary(&mut free, None, Boundary::Reflect);
        assert_eq!(free, [1.25, -3.5]);
        assert_eq!(
            reflected(1e8, -5.12, 5.12).clamp(-5.12, 5.12),
            reflected(1e8, -5.12, 5.12)
        );
        assert_eq!(reflected(7.0, 2.0, 2.0), 2.0);
    }
}
