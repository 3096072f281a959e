//! The standard normal distribution and the special functions the acquisitions need: the
//! density φ, the distribution Φ, the scaled complementary error function erfcx, the
//! expected-improvement kernel h(z) = zΦ(z) + φ(z) and its numerically safe logarithm
//! (shared digest 25, algorithm steps 5 and 6), and the quantile Φ⁻¹ for quasi-Monte-Carlo.

use std::f64::consts::{FRAC_1_SQRT_2, PI, SQRT_2};

/// ½ ln 2π.
pub const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// The standard normal density φ(z) = e^{−z²/2}/√(2π).
pub fn pdf(z: f64) -> f64 {
    (-0.5 * z * z - HALF_LN_2PI).exp()
}

/// The standard normal distribution Φ(z) = ½ erfc(−z/√2), accurate in the lower tail.
pub fn cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z * FRAC_1_SQRT_2)
}

/// The scaled complementary error function erfcx(x) = e^{x²} erfc(x).
///
/// For x < 10 the product is formed directly (no overflow or underflow there); for x ≥ 10 the
/// Laplace continued fraction erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) is
/// evaluated backward with 40 terms, which is exact to rounding for x ≥ 10. Negative
/// arguments use erfcx(−x) = 2e^{x²} − erfcx(x) (finite for x above about −26.6).
pub fn erfcx(x: f64) -> f64 {
    if x < 10.0 {
        if x < -26.0 {
            return f64::INFINITY;
        }
        return (x * x).exp() * libm::erfc(x);
    }
    let mut tail = x;
    for k in (1..=40).rev() {
        tail = x + (k as f64 * 0.5) / tail;
    }
    1.0 / (tail * PI.sqrt())
}

/// ln Φ(z), finite for every finite z: the direct logarithm above z = −5, and
/// ln(erfcx(−z/√2)/2) − z²/2 below (digest 25, the same device as LogEI).
pub fn log_cdf(z: f64) -> f64 {
    if z > -5.0 {
        cdf(z).ln()
    } else {
        (0.5 * erfcx(-z * FRAC_1_SQRT_2)).ln() - 0.5 * z * z
    }
}

/// The inverse Mills ratio φ(z)/Φ(z), finite for every finite z (≈ −z for very negative z).
pub fn inverse_mills_ratio(z: f64) -> f64 {
    if z > -5.0 {
        pdf(z) / cdf(z)
    } else {
        // φ(z)/Φ(z) = √(2/π) / erfcx(−z/√2)
        (2.0 / PI).sqrt() / erfcx(-z * FRAC_1_SQRT_2)
    }
}

/// The expected-improvement kernel h(z) = zΦ(z) + φ(z) = E[(z + Z)⁺] for Z ~ N(0, 1)
/// (digest 25, step 5). It is positive for every z and underflows to 0 near z = −38.
pub fn ei_kernel(z: f64) -> f64 {
    if z > -5.0 {
        z * cdf(z) + pdf(z)
    } else {
        // h(z) = φ(z)·(1 + z·√(π/2)·erfcx(−z/√2)), which avoids the cancellation of zΦ + φ
        pdf(z) * (1.0 + z * (PI / 2.0).sqrt() * erfcx(-z * FRAC_1_SQRT_2))
    }
}

/// ln h(z), finite and increasing for every finite z (digest 25, step 6):
/// the direct logarithm for z > −25; for −10⁶ ≤ z ≤ −25,
/// −z²/2 − ½ ln 2π + ln(1 + z·√(π/2)·erfcx(−z/√2)); below −10⁶ the asymptote
/// −z²/2 − ½ ln 2π − 2 ln|z|.
pub fn log_ei_kernel(z: f64) -> f64 {
    if z > -25.0 {
        ei_kernel(z).ln()
    } else if z >= -1e6 {
        let inner = 1.0 + z * (PI / 2.0).sqrt() * erfcx(-z * FRAC_1_SQRT_2);
        -0.5 * z * z - HALF_LN_2PI + inner.ln()
    } else {
        -0.5 * z * z - HALF_LN_2PI - 2.0 * z.abs().ln()
    }
}

/// d ln h / dz = Φ(z)/h(z), computed without underflow (it tends to −1/z as z → −∞): used
/// by the LogEI gradient.
pub fn log_ei_kernel_derivative(z: f64) -> f64 {
    if z > -5.0 {
        cdf(z) / ei_kernel(z)
    } else {
        // Φ(z)/h(z) = (erfcx(−z/√2)/2) / (φ-free part): both share the factor e^{−z²/2}
        let e = erfcx(-z * FRAC_1_SQRT_2);
        let phi_scaled = 0.5 * e; // Φ(z)·e^{z²/2}
        let h_scaled = (1.0 + z * (PI / 2.0).sqrt() * e) / (2.0 * PI).sqrt(); // h(z)·e^{z²/2}
        if h_scaled > 0.0 {
            phi_scaled / h_scaled
        } else {
            -1.0 / z
        }
    }
}

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation
/// (relative error 1.15e-9) refined by one Halley step on Φ, which brings it to rounding.
/// Returns ±∞ at p = 1 and p = 0, and NaN outside [0, 1].
pub fn quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p_low = 0.02425;
    let x = if p < p_low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - p_low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // one Halley step: e = Φ(x) − p, u = e·√(2π)·e^{x²/2}
    let e = 0.5 * libm::erfc(-x / SQRT_2) - p;
    let u = e * (2.0 * PI).sqrt() * (0.5 * x * x).exp();
    x - u / (1.0 + 0.5 * x * u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_pdf_and_quantile_agree_with_tables() {
        assert!((cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
        assert!((pdf(0.0) - 0.398_942_280_401_432_7).abs() < 1e-16);
        for &p in &[1e-12, 1e-5, 0.01, 0.3, 0.5, 0.77, 0.999, 1.0 - 1e-9] {
            let z = quantile(p);
            assert!((cdf(z) - p).abs() <= 1e-14 * p.max(1e-3), "p = {p}");
        }
        assert!(quantile(1.5).is_nan());
    }

    #[test]
    fn erfcx_is_continuous_at_the_switch_and_matches_the_asymptote() {
        let below = erfcx(10.0 - 1e-12);
        let above = erfcx(10.0);
        assert!((below - above).abs() / above < 1e-12);
        // erfcx(x) ~ 1/(x√π)(1 − 1/(2x²) + 3/(4x⁴))
        let x: f64 = 1e3;
        let asym = (1.0 - 0.5 / (x * x) + 0.75 / x.powi(4)) / (x * PI.sqrt());
        assert!((erfcx(x) - asym).abs() / asym < 1e-14);
        assert!((erfcx(0.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn log_ei_kernel_is_finite_monotone_and_exact_where_h_is_representable() {
        let mut prev = f64::INFINITY;
        let mut z = 5.0;
        while z >= -40.0 {
            let l = log_ei_kernel(z);
            assert!(l.is_finite(), "z = {z}");
            assert!(l < prev, "not decreasing at z = {z}");
            let h = ei_kernel(z);
            if h > 1e-300 {
                assert!(
                    (l - h.ln()).abs() <= 1e-10 * h.ln().abs().max(1.0),
                    "z = {z}"
                );
            }
            prev = l;
            z -= 0.01;
        }
        // the three regimes join smoothly
        for &z0 in &[-25.0, -1e6] {
            let a = log_ei_kernel(z0 * (1.0 + 1e-12));
            let b = log_ei_kernel(z0 * (1.0 - 1e-12));
            assert!((a - b).abs() <= 1e-6 * a.abs(), "{a} vs {b}");
        }
    }

    #[test]
    fn log_ei_derivative_matches_central_differences() {
        for &z in &[3.0f64, 0.0, -2.0, -7.5, -30.0, -200.0] {
            let eps = 1e-5 * z.abs().max(1.0);
            let fd = (log_ei_kernel(z + eps) - log_ei_kernel(z - eps)) / (2.0 * eps);
            let an = log_ei_kernel_derivative(z);
            assert!((fd - an).abs() <= 1e-6 * an.abs(), "z = {z}: {fd} vs {an}");
        }
    }

    #[test]
    fn log_cdf_and_mills_ratio_in_the_tail() {
        assert!((log_cdf(-3.0) - cdf(-3.0).ln()).abs() < 1e-13);
        assert!((log_cdf(-6.0) - cdf(-6.0).ln()).abs() < 1e-12);
        assert!(log_cdf(-1e4).is_finite());
        assert!((inverse_mills_ratio(-6.0) - pdf(-6.0) / cdf(-6.0)).abs() < 1e-10);
        assert!((inverse_mills_ratio(-1e5) - 1e5).abs() / 1e5 < 1e-6);
    }
}
