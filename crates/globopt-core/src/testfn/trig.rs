//! `cos 2πx` with exact argument reduction, written so that loops over coordinates vectorize.
//!
//! Rastrigin and Ackley (shared digest 00) evaluate `cos 2πx_i` once per coordinate, and in
//! consensus-based optimization (digest 10) that cosine is most of the run time. Because the
//! period is 1, the reduction `r = x − round(x)` is exact in floating point, unlike libm's
//! reduction of the rounded product `2π·x`; what remains is a polynomial on a quarter period.

/// Taylor coefficients of `cos 2πt = Σ_k c_k t^{2k}`, `c_k = (−1)^k (2π)^{2k} / (2k)!`,
/// k = 0..11, each correctly rounded (mpmath, 40 digits). For `|t| ≤ 1/4` the first omitted
/// term is below `(π/2)^{24}/24! ≈ 8·10⁻²⁰`.
const COS_2PI_TAYLOR: [f64; 12] = [
    1.0,
    -19.739208802178716,
    64.9393940226683,
    -85.45681720669373,
    60.24464137187666,
    -26.4262567833744,
    7.903536371318469,
    -1.714390711088672,
    0.28200596845579123,
    -0.03638284114254567,
    0.0037798342006800396,
    -0.0003229910672070978,
];

/// `1.5·2⁵²`: `(x + R) − R` rounds `|x| < 2⁵¹` to the nearest integer exactly.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// Below this magnitude [`cos_2pi_reduced`] applies; above it every double is a multiple of ½.
const REDUCIBLE: f64 = 2_251_799_813_685_248.0; // 2^51

/// `cos 2πx` for `|x| < 2⁵¹`, branch-free: `r = x − round(x) ∈ [−½, ½]` and `s = |r|` are
/// exact; `cos 2πs = cos 2πt` with `t = s` on `[0, ¼]` and `= −cos 2πt` with `t = ½ − s`
/// (exact by Sterbenz's lemma) on `(¼, ½]`; the even Taylor polynomial in `t²` finishes.
#[inline(always)]
fn cos_2pi_reduced(x: f64) -> f64 {
    let r = x - ((x + ROUNDER) - ROUNDER);
    let s = r.abs();
    let far = s > 0.25;
    let t = if far { 0.5 - s } else { s };
    let t2 = t * t;
    let mut p = COS_2PI_TAYLOR[11];
    for &c in COS_2PI_TAYLOR[..11].iter().rev() {
        p = p * t2 + c;
    }
    if far { -p } else { p }
}

/// `cos 2πx` to within 4·10⁻¹⁶ absolute for every finite `x` (NaN for non-finite `x`):
/// exactly 1 at integers and −1 at half-integers, however large. (Largest error measured
/// against mpmath over 2·10⁵ random points of [−6, 6]: 3.1·10⁻¹⁶.)
pub(crate) fn cos_2pi(x: f64) -> f64 {
    if x.abs() < REDUCIBLE {
        cos_2pi_reduced(x)
    } else if !x.is_finite() {
        f64::NAN
    } else if x % 1.0 == 0.0 {
        1.0
    } else {
        -1.0
    }
}

/// Lane sums of [`LaneSum`].
const LANES: usize = 8;

/// Coordinates per stack buffer of [`sum_with_cos_2pi`] (a multiple of [`LANES`]).
const CHUNK: usize = 8 * LANES;

/// `out_i = cos 2πx_i` for every `i` (`out` as long as `x`), equal bit for bit to
/// [`cos_2pi`] on each element. One pass of the branch-free kernel, which the compiler
/// vectorizes, then an exact redo of the rare coordinates beyond `2⁵¹` or not finite.
///
/// Compiled also for AVX2 and AVX-512 (chosen at run time) and without fused multiply-add, so
/// every version returns the same bits.
#[multiversion::multiversion(targets("x86_64+avx512f", "x86_64+avx2+avx"))]
pub(crate) fn cos_2pi_into(x: &[f64], out: &mut [f64]) {
    let mut any_far = false;
    for (c, &v) in out.iter_mut().zip(x) {
        *c = cos_2pi_reduced(v);
        any_far |= (v.abs() >= REDUCIBLE) | v.is_nan();
    }
    if any_far {
        for (c, &v) in out.iter_mut().zip(x) {
            *c = cos_2pi(v);
        }
    }
}

/// A sum `Σ_i t_i` kept in eight lane sums, lane `i mod 8`, added in lane order at the end:
/// a fixed order (the same value on every machine and build target, whether the terms come
/// one point at a time or from a batch) with no chain of dependent additions.
#[derive(Default)]
pub(crate) struct LaneSum([f64; LANES]);

impl LaneSum {
    /// Add `term(x_i, c_i)` for the coordinates `i = offset, offset + 1, …` (`offset` a
    /// multiple of 8) given with their cosines `c`.
    #[inline(always)]
    pub(crate) fn add(&mut self, x: &[f64], c: &[f64], term: &impl Fn(f64, f64) -> f64) {
        let (mut xs, mut cs) = (x.chunks_exact(LANES), c.chunks_exact(LANES));
        for (xb, cb) in (&mut xs).zip(&mut cs) {
            for (l, a) in self.0.iter_mut().enumerate() {
                *a += term(xb[l], cb[l]);
            }
        }
        for (a, (&xv, &cv)) in self
            .0
            .iter_mut()
            .zip(xs.remainder().iter().zip(cs.remainder()))
        {
            *a += term(xv, cv);
        }
    }

    /// The sum, lanes added in order.
    pub(crate) fn total(&self) -> f64 {
        self.0.iter().sum()
    }
}

/// `Σ_i term(x_i, cos 2πx_i)` in the order of [`LaneSum`], the cosines from
/// [`cos_2pi_into`], 64 coordinates at a time on the stack.
pub(crate) fn sum_with_cos_2pi(x: &[f64], term: impl Fn(f64, f64) -> f64) -> f64 {
    let mut sum = LaneSum::default();
    let mut cos = [0.0; CHUNK];
    for chunk in x.chunks(CHUNK) {
        let c = &mut cos[..chunk.len()];
        cos_2pi_into(chunk, c);
        sum.add(chunk, c, &term);
    }
    sum.total()
}

/// Coordinates of the stack buffer of [`batch_with_cos_2pi`].
const BATCH: usize = 1024;

/// `values_p = finish(Σ_i term(x_pi, cos 2πx_pi))` for every point `p` of the row-major batch
/// `points` (rows of length `dim`): [`cos_2pi_into`] over as many whole points as fill a
/// stack buffer of 1024 coordinates at a time, then per point the same lane sum as
/// [`sum_with_cos_2pi`], so each value equals the one-point evaluation bit for bit.
pub(crate) fn batch_with_cos_2pi(
    points: &[f64],
    dim: usize,
    values: &mut [f64],
    term: impl Fn(f64, f64) -> f64,
    finish: impl Fn(&[f64], f64) -> f64,
) {
    let dim = dim.max(1);
    if dim > BATCH {
        for (p, v) in points.chunks_exact(dim).zip(values) {
            *v = finish(p, sum_with_cos_2pi(p, &term));
        }
        return;
    }
    let per_block = BATCH / dim;
    let mut cos = [0.0; BATCH];
    for (block, vals) in points
        .chunks(per_block * dim)
        .zip(values.chunks_mut(per_block))
    {
        let c = &mut cos[..block.len()];
        cos_2pi_into(block, c);
        for ((p, cp), v) in block.chunks_exact(dim).zip(c.chunks_exact(dim)).zip(vals) {
            let mut sum = LaneSum::default();
            sum.add(p, cp, &term);
            *v = finish(p, sum.total());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn agrees_with_libm_where_libm_is_accurate() {
        // |x| ≤ 8: libm's cos(2π·x) is off by at most |x|·ulp(2π) ≈ 8·8.9e-16 from the true
        // value, so the two agree to that plus our own error
        let mut worst: f64 = 0.0;
        for k in -80_000..=80_000 {
            let x = k as f64 * 1e-4 + 1.234_567e-6;
            let d = (cos_2pi(x) - (2.0 * PI * x).cos()).abs();
            worst = worst.max(d / (1.0 + x.abs()));
        }
        assert!(worst < 1e-15, "worst scaled difference {worst:e}");
    }

    #[test]
    fn exact_at_quarter_periods_and_values_of_known_angles() {
        for k in -50..=50 {
            assert_eq!(cos_2pi(k as f64), 1.0);
            assert_eq!(cos_2pi(k as f64 + 0.5), -1.0);
            assert!(cos_2pi(k as f64 + 0.25).abs() < 4e-16);
        }
        // cos(π/3) = 1/2, cos(π/4) = √2/2, cos(π/6) = √3/2 (mpmath to the double)
        assert!((cos_2pi(1.0 / 6.0) - 0.5).abs() < 4e-16);
        assert!((cos_2pi(0.125) - std::f64::consts::FRAC_1_SQRT_2).abs() < 4e-16);
        assert!((cos_2pi(1.0 / 12.0) - 0.866_025_403_784_438_6).abs() < 4e-16);
        // beyond 2^51 every double is a multiple of 1/2
        assert_eq!(cos_2pi(REDUCIBLE + 0.5), -1.0);
        assert_eq!(cos_2pi(-3.0 * REDUCIBLE), 1.0);
        assert_eq!(cos_2pi(1e300), 1.0);
        assert!(cos_2pi(f64::INFINITY).is_nan() && cos_2pi(f64::NAN).is_nan());
    }

    #[test]
    fn lane_sum_matches_the_scalar_sum() {
        let x: Vec<f64> = (0..21)
            .map(|i| (i as f64 * 0.37).sin() * 4.0)
            .chain([REDUCIBLE + 0.5, 2.5e15 + 1.0])
            .collect();
        let lanes = sum_with_cos_2pi(&x, |v, c| v * v - 10.0 * c);
        let mut batch = [0.0; 2];
        let two: Vec<f64> = x.iter().chain(&x).copied().collect();
        batch_with_cos_2pi(&two, x.len(), &mut batch, |v, c| v * v - 10.0 * c, |_, s| s);
        assert_eq!(batch, [lanes, lanes]);
        let scalar = x.iter().fold(0.0, |s, &v| s + (v * v - 10.0 * cos_2pi(v)));
        assert!((lanes - scalar).abs() <= 1e-15 * scalar.abs());
        // the lane order: lane k holds the terms of coordinates k, k + 8, ...
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        let by_lane = (1.0 + 9.0) + (2.0 + 10.0) + 3.0 + 4.0 + 5.0 + 6.0 + 7.0 + 8.0;
        assert_eq!(sum_with_cos_2pi(&y, |v, _| v), by_lane);
        // beyond one stack chunk the lanes continue
        let z: Vec<f64> = (0..200).map(|i| 1.0 / (1.0 + i as f64)).collect();
        let mut lanes = [0.0; 8];
        for (i, v) in z.iter().enumerate() {
            lanes[i % 8] += v;
        }
        assert_eq!(sum_with_cos_2pi(&z, |v, _| v), lanes.iter().sum::<f64>());
    }
}
