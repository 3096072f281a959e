//! Element-wise activations σ with their first and second derivatives.
//!
//! The second derivative is what the exact Hessian-vector product (Pearlmutter's R-operator,
//! see [`crate::curvature`]) needs on top of back-propagation.

use serde::{Deserialize, Serialize};
use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// An element-wise activation function applied after a layer's affine map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `σ(z) = z`.
    Identity,
    /// `σ(z) = max(z, 0)`; `σ'(0)` is taken as 0, as in PyTorch.
    Relu,
    /// `σ(z) = tanh z`.
    Tanh,
    /// The logistic function `σ(z) = 1 / (1 + e^{−z})`.
    Sigmoid,
    /// `σ(z) = log(1 + e^z)`, evaluated without overflow (no threshold cut-off).
    Softplus,
    /// The exact Gaussian error linear unit `σ(z) = z Φ(z)` with Φ the standard normal
    /// distribution function (PyTorch's `GELU()` default, not the tanh approximation).
    Gelu,
}

/// All activations, in declaration order (for tests and help texts).
pub const ALL_ACTIVATIONS: [Activation; 6] = [
    Activation::Identity,
    Activation::Relu,
    Activation::Tanh,
    Activation::Sigmoid,
    Activation::Softplus,
    Activation::Gelu,
];

impl Activation {
    /// The lower-case name used in specs and safetensors metadata.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softplus => "softplus",
            Activation::Gelu => "gelu",
        }
    }

    /// The activation called `name` (as written by [`Activation::name`]).
    pub fn from_name(name: &str) -> Option<Activation> {
        ALL_ACTIVATIONS.into_iter().find(|a| a.name() == name)
    }

    /// `σ(z)`.
    pub fn value(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Relu => z.max(0.0),
            Activation::Tanh => z.tanh(),
            Activation::Sigmoid => sigmoid(z),
            Activation::Softplus => softplus(z),
            Activation::Gelu => z * normal_cdf(z),
        }
    }

    /// `σ'(z)`.
    pub fn derivative(self, z: f64) -> f64 {
        self.derivative_given_value(z, self.value(z))
    }

    /// `σ''(z)`.
    pub fn second_derivative(self, z: f64) -> f64 {
        self.second_derivative_given_value(z, self.value(z))
    }

    /// Whether `σ'` and `σ''` need the pre-activation `z`; when false they are functions of
    /// `h = σ(z)` alone (ReLU: `z > 0 ⟺ h > 0`), and the forward pass keeps only `h`.
    pub(crate) fn needs_preactivation(self) -> bool {
        matches!(self, Activation::Softplus | Activation::Gelu)
    }

    /// `σ'(z)` when `h = σ(z)` is already known (tanh and sigmoid reuse it). When
    /// [`Activation::needs_preactivation`] is false, `z` may be given as `h`.
    pub(crate) fn derivative_given_value(self, z: f64, h: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => 1.0 - h * h,
            Activation::Sigmoid => h * (1.0 - h),
            Activation::Softplus => sigmoid(z),
            // d/dz zΦ(z) = Φ(z) + z φ(z)
            Activation::Gelu => normal_cdf(z) + z * normal_pdf(z),
        }
    }

    /// `σ''(z)` when `h = σ(z)` is already known (`z` may be `h` as for the first derivative).
    pub(crate) fn second_derivative_given_value(self, z: f64, h: f64) -> f64 {
        match self {
            Activation::Identity | Activation::Relu => 0.0,
            Activation::Tanh => -2.0 * h * (1.0 - h * h),
            Activation::Sigmoid => h * (1.0 - h) * (1.0 - 2.0 * h),
            Activation::Softplus => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            // d/dz [Φ(z) + z φ(z)] = 2φ(z) − z² φ(z)
            Activation::Gelu => normal_pdf(z) * (2.0 - z * z),
        }
    }
}

/// The logistic function `1 / (1 + e^{−z})`, evaluated so that neither branch overflows.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `log(1 + e^z)` without overflow: `max(z, 0) + log1p(e^{−|z|})`.
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// Standard normal distribution function `Φ(z) = erfc(−z/√2) / 2` (erfc keeps the left tail
/// accurate).
fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z * FRAC_1_SQRT_2)
}

/// Standard normal density `φ(z) = e^{−z²/2} / √(2π)`.
fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-5;
        for a in ALL_ACTIVATIONS {
            for &z in &[-3.1, -0.7, 0.3, 1.9, 4.2] {
                let d1 = (a.value(z + h) - a.value(z - h)) / (2.0 * h);
                let d2 = (a.derivative(z + h) - a.derivative(z - h)) / (2.0 * h);
                assert!((a.derivative(z) - d1).abs() < 1e-8, "{a:?} σ' at {z}");
                assert!(
                    (a.second_derivative(z) - d2).abs() < 1e-8,
                    "{a:?} σ'' at {z}"
                );
            }
        }
    }

    #[test]
    fn known_values_and_no_overflow() {
        assert_eq!(Activation::Relu.value(-2.0), 0.0);
        assert!((Activation::Gelu.value(1.0) - 0.841_344_746_068_542_9).abs() < 1e-15);
        assert!((softplus(0.0) - 2f64.ln()).abs() < 1e-15);
        assert_eq!(softplus(800.0), 800.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert!(Activation::Gelu.value(-40.0).abs() < 1e-300);
        for a in ALL_ACTIVATIONS {
            assert_eq!(Activation::from_name(a.name()), Some(a));
        }
    }
}
