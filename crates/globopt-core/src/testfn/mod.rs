//! Standard test problems with known optima and Pareto fronts (shared digest 00).
//!
//! Single-objective functions implement [`TestFunction`], multi-objective problems
//! [`MultiObjective`]; [`single_objective`] and [`multi_objective`] build them from spec strings
//! such as `"branin"`, `"ackley:5"`, `"zdt1:30"` or `"dtlz2:m=3,k=10"`. Everything is minimized.

mod multi;
mod registry;
mod single;
mod trig;
mod wrappers;

pub use multi::{Convention, Dtlz, DtlzKind, Zdt, ZdtKind, dtlz7_constants};
pub use registry::{
    MULTI_OBJECTIVE_NAMES, SINGLE_OBJECTIVE_NAMES, multi_objective, single_objective,
};
pub use single::{Ackley, Branin, Hartmann, Levy, Rastrigin, Rosenbrock, StyblinskiTang};
pub use wrappers::{Negated, Rebounded, Shifted};

use crate::bounds::Bounds;
use crate::error::CoreError;

/// A single-objective test function with its domain and known optimum.
pub trait TestFunction: Send + Sync {
    /// Registry name, including the dimension for scalable functions (`"ackley:5"`).
    fn name(&self) -> String;
    /// Number of variables.
    fn dim(&self) -> usize;
    /// The standard domain (BoTorch's).
    fn bounds(&self) -> Bounds;
    /// The value at `x` (which must have length [`TestFunction::dim`]).
    fn eval(&self, x: &[f64]) -> f64;
    /// The values at the points of the row-major batch `points` (rows of length
    /// [`TestFunction::dim`], one per element of `values`), each equal bit for bit to
    /// [`TestFunction::eval`] at that point. Rastrigin and Ackley compute the cosines of the
    /// whole batch in one vectorized pass; the default evaluates point by point.
    fn eval_batch(&self, points: &[f64], values: &mut [f64]) {
        for (v, p) in values
            .iter_mut()
            .zip(points.chunks_exact(self.dim().max(1)))
        {
            *v = self.eval(p);
        }
    }
    /// The gradient at `x`, where implemented.
    fn grad(&self, _x: &[f64]) -> Option<Vec<f64>> {
        None
    }
    /// The global minimum value, when known.
    fn f_star(&self) -> Option<f64>;
    /// The global minimizers (all of them, when there are finitely many and they are known).
    fn x_star(&self) -> Vec<Vec<f64>>;
    /// Simple regret `f_best − f*` of a best observed value, when f* is known.
    fn regret(&self, f_best: f64) -> Option<f64> {
        self.f_star().map(|f| f_best - f)
    }
}

/// Build `f(x − x0)`, the function with its minimizers moved by `x0`, failing unless a moved
/// minimizer stays inside the domain (digest 00: randomize centred optima when benchmarking).
pub fn shift<F: TestFunction>(f: F, x0: Vec<f64>) -> Result<Shifted<F>, CoreError> {
    Shifted::new(f, x0)
}

/// Build `−f(x)` (for maximization conventions); f* and x* are no longer known.
pub fn negate<F: TestFunction>(f: F) -> Negated<F> {
    Negated(f)
}

/// Build `f` on another box, failing unless some known minimizer lies inside it (as BoTorch
/// checks custom bounds).
pub fn with_bounds<F: TestFunction>(f: F, bounds: Bounds) -> Result<Rebounded<F>, CoreError> {
    Rebounded::new(f, bounds)
}

/// A multi-objective test problem with its Pareto set and front.
pub trait MultiObjective: Send + Sync {
    /// Registry name with its parameters (`"zdt1:30"`, `"dtlz2:m=3,k=10"`).
    fn name(&self) -> String;
    /// Number of variables.
    fn n_var(&self) -> usize;
    /// Number of objectives.
    fn n_obj(&self) -> usize;
    /// The domain (the unit box for ZDT and DTLZ).
    fn bounds(&self) -> Bounds;
    /// All objective values at `x`.
    fn eval(&self, x: &[f64]) -> Vec<f64>;
    /// At most `n` Pareto-optimal decision vectors on a deterministic lattice.
    fn pareto_set(&self, n: usize) -> Vec<Vec<f64>>;
    /// The objective vectors of [`MultiObjective::pareto_set`]`(n)`: points of the true front.
    fn true_front(&self, n: usize) -> Vec<Vec<f64>> {
        self.pareto_set(n).iter().map(|x| self.eval(x)).collect()
    }
    /// The reference point of a convention, when the convention defines one.
    fn ref_point(&self, convention: Convention) -> Option<Vec<f64>>;
    /// The hypervolume of the whole true front with respect to `reference`, where a closed
    /// form (or a documented quadrature) exists for that reference.
    fn max_hv(&self, reference: &[f64]) -> Option<f64>;
}
