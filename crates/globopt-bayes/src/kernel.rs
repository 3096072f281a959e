//! Stationary covariance kernels with ARD length scales (digest 25, algorithm step 2):
//! k(u, u') = s²·g(r) with r² = Σ_i (u_i − u'_i)²/ℓ_i².

use serde::{Deserialize, Serialize};

/// The correlation family g(r) of a stationary kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kernel {
    /// Squared exponential (RBF): g = e^{−r²/2}; the tutorial's α_i is 1/(2ℓ_i²).
    SquaredExponential,
    /// Matérn ν = 1/2 (exponential): g = e^{−r}.
    Matern12,
    /// Matérn ν = 3/2: g = (1 + √3 r)·e^{−√3 r}.
    Matern32,
    /// Matérn ν = 5/2 (the default): g = (1 + √5 r + 5r²/3)·e^{−√5 r}.
    #[default]
    Matern52,
}

const SQRT3: f64 = 1.732_050_807_568_877_2;
const SQRT5: f64 = 2.236_067_977_499_79;

impl Kernel {
    /// The correlation g as a function of the squared scaled distance r².
    pub fn correlation(self, r2: f64) -> f64 {
        match self {
            Kernel::SquaredExponential => (-0.5 * r2).exp(),
            Kernel::Matern12 => (-r2.sqrt()).exp(),
            Kernel::Matern32 => {
                let a = SQRT3 * r2.sqrt();
                (1.0 + a) * (-a).exp()
            }
            Kernel::Matern52 => {
                let r = r2.sqrt();
                (1.0 + SQRT5 * r + 5.0 / 3.0 * r2) * (-SQRT5 * r).exp()
            }
        }
    }

    /// dg/d(r²), the derivative every gradient (in hyperparameters and in x) is built from.
    ///
    /// SE: −½e^{−r²/2}; Matérn 3/2: −(3/2)e^{−√3 r}; Matérn 5/2: −(5/6)(1 + √5 r)e^{−√5 r};
    /// Matérn 1/2: −e^{−r}/(2r), which is unbounded at r = 0 where the kernel has a kink: there
    /// it returns 0, the symmetric subgradient.
    pub fn correlation_derivative(self, r2: f64) -> f64 {
        match self {
            Kernel::SquaredExponential => -0.5 * (-0.5 * r2).exp(),
            Kernel::Matern12 => {
                if r2 > 0.0 {
                    let r = r2.sqrt();
                    -(-r).exp() / (2.0 * r)
                } else {
                    0.0
                }
            }
            Kernel::Matern32 => -1.5 * (-SQRT3 * r2.sqrt()).exp(),
            Kernel::Matern52 => {
                let r = r2.sqrt();
                -5.0 / 6.0 * (1.0 + SQRT5 * r) * (-SQRT5 * r).exp()
            }
        }
    }

    /// g(r²) and dg/d(r²) together, sharing the exponential (the kernel-matrix hot loop).
    pub fn correlation_and_derivative(self, r2: f64) -> (f64, f64) {
        match self {
            Kernel::SquaredExponential => {
                let e = (-0.5 * r2).exp();
                (e, -0.5 * e)
            }
            Kernel::Matern12 => {
                let r = r2.sqrt();
                let e = (-r).exp();
                (e, if r > 0.0 { -e / (2.0 * r) } else { 0.0 })
            }
            Kernel::Matern32 => {
                let a = SQRT3 * r2.sqrt();
                let e = (-a).exp();
                ((1.0 + a) * e, -1.5 * e)
            }
            Kernel::Matern52 => {
                let r = r2.sqrt();
                let a = SQRT5 * r;
                let e = (-a).exp();
                ((1.0 + a + 5.0 / 3.0 * r2) * e, -5.0 / 6.0 * (1.0 + a) * e)
            }
        }
    }

    /// The name used in specs and reports.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::SquaredExponential => "squared_exponential",
            Kernel::Matern12 => "matern12",
            Kernel::Matern32 => "matern32",
            Kernel::Matern52 => "matern52",
        }
    }
}

/// The squared scaled distance r² = Σ_i (a_i − b_i)²/ℓ_i², given the inverse squared length
/// scales `inv_l2` = 1/ℓ_i².
pub fn scaled_distance2(a: &[f64], b: &[f64], inv_l2: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .zip(inv_l2)
        .map(|((x, y), w)| (x - y) * (x - y) * w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences_and_families_are_correlations() {
        for k in [
            Kernel::SquaredExponential,
            Kernel::Matern12,
            Kernel::Matern32,
            Kernel::Matern52,
        ] {
            assert_eq!(k.correlation(0.0), 1.0);
            for &r2 in &[0.01, 0.3, 1.0, 4.0, 17.0] {
                let h = 1e-6 * r2;
                let fd = (k.correlation(r2 + h) - k.correlation(r2 - h)) / (2.0 * h);
                let an = k.correlation_derivative(r2);
                assert!(
                    (fd - an).abs() <= 1e-7 * an.abs().max(1e-12),
                    "{k:?} r2={r2}"
                );
                assert!(k.correlation(r2) < 1.0 && k.correlation(r2) > 0.0);
                let (g, dg) = k.correlation_and_derivative(r2);
                assert!((g - k.correlation(r2)).abs() < 1e-15 && (dg - an).abs() < 1e-15);
            }
        }
        // Matérn 5/2 at r = 1: (1 + √5 + 5/3) e^{−√5}
        let want = (1.0 + 5f64.sqrt() + 5.0 / 3.0) * (-(5f64.sqrt())).exp();
        assert!((Kernel::Matern52.correlation(1.0) - want).abs() < 1e-15);
    }
}
