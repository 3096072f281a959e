//! Wrappers that move, negate or re-box a test function.

use super::TestFunction;
use crate::bounds::Bounds;
use crate::error::CoreError;

/// `−f(x)`; the minimum of the negation is unknown, so `f_star` is `None`.
#[derive(Debug, Clone)]
pub struct Negated<F>(pub F);

impl<F: TestFunction> TestFunction for Negated<F> {
    fn name(&self) -> String {
        format!("-{}", self.0.name())
    }
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn bounds(&self) -> Bounds {
        self.0.bounds()
    }
    fn eval(&self, x: &[f64]) -> f64 {
        -self.0.eval(x)
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        self.0.grad(x).map(|g| g.into_iter().map(|v| -v).collect())
    }
    fn f_star(&self) -> Option<f64> {
        None
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }
}

/// `f(x − x0)` on the original domain: minimizers move to `x* + x0`; only those still inside
/// the domain are reported.
#[derive(Debug, Clone)]
pub struct Shifted<F> {
    inner: F,
    x0: Vec<f64>,
}

impl<F: TestFunction> Shifted<F> {
    /// Fails when `x0` has the wrong length or moves every minimizer out of the domain.
    pub fn new(inner: F, x0: Vec<f64>) -> Result<Self, CoreError> {
        inner.bounds().check_dim(&x0, "shift")?;
        let s = Shifted { inner, x0 };
        if s.x_star().is_empty() {
            return Err(CoreError::param(
                "shift",
                "moves every known minimizer outside the domain",
            ));
        }
        Ok(s)
    }
    fn moved(&self, x: &[f64]) -> Vec<f64> {
        x.iter().zip(&self.x0).map(|(a, b)| a - b).collect()
    }
}

impl<F: TestFunction> TestFunction for Shifted<F> {
    fn name(&self) -> String {
        format!("{}+shift", self.inner.name())
    }
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn bounds(&self) -> Bounds {
        self.inner.bounds()
    }
    fn eval(&self, x: &[f64]) -> f64 {
        self.inner.eval(&self.moved(x))
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        self.inner.grad(&self.moved(x))
    }
    fn f_star(&self) -> Option<f64> {
        self.inner.f_star()
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        let b = self.bounds();
        self.inner
            .x_star()
            .into_iter()
            .map(|x| {
                x.iter()
                    .zip(&self.x0)
                    .map(|(a, c)| a + c)
                    .collect::<Vec<_>>()
            })
            .filter(|x| b.contains(x, 0.0))
            .collect()
    }
}

/// `f` on a custom box that still contains a known minimizer.
#[derive(Debug, Clone)]
pub struct Rebounded<F> {
    inner: F,
    bounds: Bounds,
}

impl<F: TestFunction> Rebounded<F> {
    /// Fails when the box has the wrong dimension or excludes every known minimizer.
    pub fn new(inner: F, bounds: Bounds) -> Result<Self, CoreError> {
        if bounds.dim() != inner.dim() {
            return Err(CoreError::DimensionMismatch {
                what: "bounds".into(),
                expected: inner.dim(),
                got: bounds.dim(),
            });
        }
        if !inner.x_star().iter().any(|x| bounds.contains(x, 0.0)) {
            return Err(CoreError::param(
                "bounds",
                format!("the box excludes every known minimizer of {}", inner.name()),
            ));
        }
        Ok(Rebounded { inner, bounds })
    }
}

impl<F: TestFunction> TestFunction for Rebounded<F> {
    fn name(&self) -> String {
        self.inner.name()
    }
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn bounds(&self) -> Bounds {
        self.bounds.clone()
    }
    fn eval(&self, x: &[f64]) -> f64 {
        self.inner.eval(x)
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        self.inner.grad(x)
    }
    fn f_star(&self) -> Option<f64> {
        self.inner.f_star()
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        self.inner
            .x_star()
            .into_iter()
            .filter(|x| self.bounds.contains(x, 0.0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Branin, Rastrigin, negate, shift, with_bounds};
    use super::*;

    #[test]
    fn shift_moves_the_minimizer() {
        let f = shift(Rastrigin { dim: 2 }, vec![1.5, -2.0]).unwrap();
        assert_eq!(f.x_star(), vec![vec![1.5, -2.0]]);
        assert_eq!(f.eval(&[1.5, -2.0]), 0.0);
        assert!(shift(Rastrigin { dim: 2 }, vec![9.0, 0.0]).is_err());
    }

    #[test]
    fn rebound_requires_a_minimizer_inside() {
        let inside = Bounds::new(vec![0.0, 0.0], vec![5.0, 5.0]).unwrap();
        let f = with_bounds(Branin, inside).unwrap();
        assert_eq!(f.x_star().len(), 1);
        let outside = Bounds::new(vec![0.0, 5.0], vec![1.0, 6.0]).unwrap();
        assert!(with_bounds(Branin, outside).is_err());
        assert_eq!(negate(Branin).eval(&[0.0, 0.0]), -Branin.eval(&[0.0, 0.0]));
    }
}
