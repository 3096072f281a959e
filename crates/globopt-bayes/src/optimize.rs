//! Box-constrained quasi-Newton minimization, shared by the hyperparameter fit and the
//! acquisition search (digest 25, steps 3 and 13: "projected L-BFGS").
//!
//! The quasi-Newton step and line search are argmin's L-BFGS with a More–Thuente line search.
//! argmin's L-BFGS is unconstrained, so the box enters through the exact projection penalty
//! F(z) = f(P(z)) + ρ/2·‖z − P(z)‖², where P clamps to the box: F equals f inside the box,
//! grows outside it, and its gradient is ∇f on the free coordinates plus ρ(z − P(z)). Every
//! point where f is evaluated is a projected point, so the returned point always lies in the
//! box; the best evaluated point is kept, so a line-search failure costs iterations, never
//! the answer.

use argmin::core::{CostFunction, Error as ArgminError, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use std::cell::RefCell;

/// A function returning its value and gradient.
pub type ValueAndGradient<'a> = dyn Fn(&[f64]) -> (f64, Vec<f64>) + 'a;

/// A point with its penalized value and gradient.
type Evaluated = (Vec<f64>, f64, Vec<f64>);

struct Penalized<'a> {
    f: &'a ValueAndGradient<'a>,
    lower: &'a [f64],
    upper: &'a [f64],
    rho: f64,
    /// The last evaluation (z, F(z), ∇F(z)), since argmin asks for cost and gradient apart.
    last: RefCell<Option<Evaluated>>,
    /// The best projected point seen and its value f.
    best: RefCell<(Vec<f64>, f64)>,
}

impl Penalized<'_> {
    fn eval(&self, z: &[f64]) -> (f64, Vec<f64>) {
        if let Some((lz, v, g)) = self.last.borrow().as_ref()
            && lz.as_slice() == z
        {
            return (*v, g.clone());
        }
        let p: Vec<f64> = z
            .iter()
            .zip(self.lower.iter().zip(self.upper))
            .map(|(&v, (&l, &h))| v.clamp(l, h))
            .collect();
        let (fv, fg) = (self.f)(&p);
        let mut penalty = 0.0;
        let mut grad = vec![0.0; z.len()];
        for i in 0..z.len() {
            let out = z[i] - p[i];
            penalty += out * out;
            grad[i] = if out == 0.0 { fg[i] } else { self.rho * out };
        }
        let value = fv + 0.5 * self.rho * penalty;
        {
            let mut best = self.best.borrow_mut();
            if fv < best.1 {
                *best = (p, fv);
            }
        }
        let (value, grad) = if value.is_finite() && grad.iter().all(|g| g.is_finite()) {
            (value, grad)
        } else {
            (f64::MAX, vec![0.0; z.len()])
        };
        *self.last.borrow_mut() = Some((z.to_vec(), value, grad.clone()));
        (value, grad)
    }
}

/// Minimize `f` (value and gradient) over the box `[lower, upper]` from `x0` by L-BFGS with
/// memory 7 and at most `max_iters` iterations, stopping when the gradient norm falls below
/// `tol` or the value changes by less than `tol`·1e-2 in an iteration; returns the best
/// evaluated point (inside the box) and its value. `x0` is clamped into the box first.
pub fn minimize_in_box(
    f: &ValueAndGradient<'_>,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    max_iters: u64,
    tol: f64,
) -> (Vec<f64>, f64) {
    let start: Vec<f64> = x0
        .iter()
        .zip(lower.iter().zip(upper))
        .map(|(&v, (&l, &h))| v.clamp(l, h))
        .collect();
    let (f0, g0) = f(&start);
    // the penalty's curvature dominates f's near the faces: a multiple of the gradient scale
    // over the box width
    let gscale = g0.iter().fold(1.0_f64, |m, g| m.max(g.abs()));
    let width = lower
        .iter()
        .zip(upper)
        .fold(f64::INFINITY, |m, (l, h)| m.min(h - l))
        .max(1e-12);
    let rho = 1e3 * gscale / width;
    let problem = Penalized {
        f,
        lower,
        upper,
        rho,
        last: RefCell::new(None),
        best: RefCell::new((start.clone(), if f0.is_finite() { f0 } else { f64::MAX })),
    };
    if !f0.is_finite() || g0.iter().any(|g| !g.is_finite()) || max_iters == 0 {
        return problem.best.into_inner();
    }
    let run = (|| -> Result<(), ArgminError> {
        let linesearch = MoreThuenteLineSearch::new().with_c(1e-4, 0.9)?;
        let solver = LBFGS::new(linesearch, 7)
            .with_tolerance_grad(tol)?
            .with_tolerance_cost(tol * 1e-2)?;
        Executor::new(&problem, solver)
            .configure(|state| state.param(start.clone()).max_iters(max_iters))
            .run()?;
        Ok(())
    })();
    // a failed line search ends the run early; the best evaluated point, which is all this
    // routine returns, is kept either way
    drop(run);
    problem.best.into_inner()
}

impl<'a> CostFunction for &Penalized<'a> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, z: &Vec<f64>) -> Result<f64, ArgminError> {
        Ok(self.eval(z).0)
    }
}

impl<'a> Gradient for &Penalized<'a> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, z: &Vec<f64>) -> Result<Vec<f64>, ArgminError> {
        Ok(self.eval(z).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_interior_and_face_minima_of_a_quadratic() {
        // f = Σ (x_i − c_i)², c = (0.3, 1.7): the box [0,1]² puts the minimizer at (0.3, 1)
        let c = [0.3, 1.7];
        let f = |x: &[f64]| {
            let v = x.iter().zip(&c).map(|(a, b)| (a - b) * (a - b)).sum();
            let g = x.iter().zip(&c).map(|(a, b)| 2.0 * (a - b)).collect();
            (v, g)
        };
        let (x, v) = minimize_in_box(&f, &[0.9, 0.1], &[0.0, 0.0], &[1.0, 1.0], 100, 1e-10);
        assert!((x[0] - 0.3).abs() < 1e-6 && x[1] == 1.0, "{x:?}");
        assert!((v - 0.49).abs() < 1e-9);
    }

    #[test]
    fn minimizes_rosenbrock_inside_the_box() {
        let f = |x: &[f64]| {
            let (a, b) = (x[0], x[1]);
            let v = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
            let g = vec![
                -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
                200.0 * (b - a * a),
            ];
            (v, g)
        };
        let (x, v) = minimize_in_box(&f, &[-1.2, 1.0], &[-2.0, -2.0], &[2.0, 2.0], 500, 1e-12);
        assert!(v < 1e-10, "{x:?} {v}");
    }
}
