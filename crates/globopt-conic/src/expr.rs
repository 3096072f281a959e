//! Decision variables and affine expressions `Σ a_j x_j + c`.

use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// A scalar decision variable of a [`crate::Model`] (an index into its variable vector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub(crate) usize);

impl Var {
    /// The variable's position in the solution vector.
    pub fn index(self) -> usize {
        self.0
    }
}

/// An affine expression `Σ a_j x_j + c` over the variables of a model.
///
/// Terms may repeat a variable; they are summed when the model is assembled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AffExpr {
    terms: Vec<(Var, f64)>,
    constant: f64,
}

impl AffExpr {
    /// The zero expression.
    pub fn zero() -> Self {
        Self::default()
    }
    /// The constant expression `c`.
    pub fn constant(c: f64) -> Self {
        AffExpr {
            terms: Vec::new(),
            constant: c,
        }
    }
    /// `Σ coef_j · var_j`.
    pub fn linear(pairs: impl IntoIterator<Item = (Var, f64)>) -> Self {
        AffExpr {
            terms: pairs.into_iter().collect(),
            constant: 0.0,
        }
    }
    /// `Σ_j vars_j` (a sum of variables).
    pub fn sum(vars: &[Var]) -> Self {
        Self::linear(vars.iter().map(|&v| (v, 1.0)))
    }
    /// `Σ_j coefs_j · vars_j` (a dot product).
    pub fn dot(coefs: &[f64], vars: &[Var]) -> Self {
        Self::linear(vars.iter().zip(coefs).map(|(&v, &c)| (v, c)))
    }
    /// Add `coef · var` in place.
    pub fn add_term(&mut self, var: Var, coef: f64) {
        self.terms.push((var, coef));
    }
    /// The terms `(var, coef)` (possibly with repeats).
    pub fn terms(&self) -> &[(Var, f64)] {
        &self.terms
    }
    /// The constant `c`.
    pub fn constant_term(&self) -> f64 {
        self.constant
    }
    /// The value at a solution vector `x`.
    pub fn value(&self, x: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|(v, a)| a * x[v.0]).sum::<f64>()
    }
    /// Whether every coefficient and the constant are finite.
    pub fn is_finite(&self) -> bool {
        self.constant.is_finite() && self.terms.iter().all(|(_, a)| a.is_finite())
    }
    /// The largest variable index used, if any.
    pub(crate) fn max_var(&self) -> Option<usize> {
        self.terms.iter().map(|(v, _)| v.0).max()
    }
}

impl From<Var> for AffExpr {
    fn from(v: Var) -> Self {
        AffExpr::linear([(v, 1.0)])
    }
}

impl From<f64> for AffExpr {
    fn from(c: f64) -> Self {
        AffExpr::constant(c)
    }
}

impl From<&AffExpr> for AffExpr {
    fn from(e: &AffExpr) -> Self {
        e.clone()
    }
}

impl<T: Into<AffExpr>> AddAssign<T> for AffExpr {
    fn add_assign(&mut self, rhs: T) {
        let rhs = rhs.into();
        self.terms.extend(rhs.terms);
        self.constant += rhs.constant;
    }
}

impl<T: Into<AffExpr>> SubAssign<T> for AffExpr {
    fn sub_assign(&mut self, rhs: T) {
        *self += -rhs.into();
    }
}

impl<T: Into<AffExpr>> Add<T> for AffExpr {
    type Output = AffExpr;
    fn add(mut self, rhs: T) -> AffExpr {
        self += rhs;
        self
    }
}

impl<T: Into<AffExpr>> Sub<T> for AffExpr {
    type Output = AffExpr;
    fn sub(mut self, rhs: T) -> AffExpr {
        self -= rhs;
        self
    }
}

impl Neg for AffExpr {
    type Output = AffExpr;
    fn neg(self) -> AffExpr {
        self * -1.0
    }
}

impl Mul<f64> for AffExpr {
    type Output = AffExpr;
    fn mul(mut self, k: f64) -> AffExpr {
        self.terms.iter_mut().for_each(|(_, a)| *a *= k);
        self.constant *= k;
        self
    }
}

impl Mul<AffExpr> for f64 {
    type Output = AffExpr;
    fn mul(self, e: AffExpr) -> AffExpr {
        e * self
    }
}

impl<T: Into<AffExpr>> Add<T> for Var {
    type Output = AffExpr;
    fn add(self, rhs: T) -> AffExpr {
        AffExpr::from(self) + rhs
    }
}

impl<T: Into<AffExpr>> Sub<T> for Var {
    type Output = AffExpr;
    fn sub(self, rhs: T) -> AffExpr {
        AffExpr::from(self) - rhs
    }
}

impl Mul<f64> for Var {
    type Output = AffExpr;
    fn mul(self, k: f64) -> AffExpr {
        AffExpr::linear([(self, k)])
    }
}

impl Mul<Var> for f64 {
    type Output = AffExpr;
    fn mul(self, v: Var) -> AffExpr {
        AffExpr::linear([(v, self)])
    }
}

impl Neg for Var {
    type Output = AffExpr;
    fn neg(self) -> AffExpr {
        AffExpr::linear([(self, -1.0)])
    }
}

impl Add<Var> for f64 {
    type Output = AffExpr;
    fn add(self, v: Var) -> AffExpr {
        AffExpr::constant(self) + v
    }
}

impl Sub<Var> for f64 {
    type Output = AffExpr;
    fn sub(self, v: Var) -> AffExpr {
        AffExpr::constant(self) - v
    }
}

impl Add<AffExpr> for f64 {
    type Output = AffExpr;
    fn add(self, e: AffExpr) -> AffExpr {
        e + self
    }
}

impl Sub<AffExpr> for f64 {
    type Output = AffExpr;
    fn sub(self, e: AffExpr) -> AffExpr {
        AffExpr::constant(self) - e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_evaluates_correctly() {
        let (x, y) = (Var(0), Var(1));
        let e = 2.0 * x - y * 3.0 + 1.5 - (x + 0.5);
        assert_eq!(e.value(&[1.0, 2.0]), 2.0 - 6.0 + 1.5 - 1.5);
        let d = AffExpr::dot(&[1.0, -1.0], &[x, y]);
        assert_eq!(d.value(&[3.0, 5.0]), -2.0);
        assert!(!(x * f64::NAN).is_finite());
        assert_eq!((-x).value(&[4.0, 0.0]), -4.0);
    }
}
