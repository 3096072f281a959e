//! # globopt-conic
//!
//! A thin modeling layer over the [Clarabel](https://clarabel.org) interior-point solver:
//! [`Var`]iables and [`AffExpr`]essions, constraint blocks in the zero, nonnegative,
//! second-order, exponential, power and PSD [`Cone`]s, a linear or convex quadratic objective,
//! [`Settings`] with documented defaults, and a [`Solution`] with primal values, duals and a
//! status in globopt's terms. [`forms`] writes the shapes every convex method needs (norm
//! bounds, rotated cones, sums of squares, boxes, polytopes) and their perspectives.
//!
//! ```
//! use globopt_conic::{Model, Settings, AffExpr};
//! // minimize x + y subject to x + 2y ≥ 2, x, y ≥ 0
//! let mut m = Model::new();
//! let (x, y) = (m.add_var(), m.add_var());
//! m.minimize(x + y);
//! m.add_ge(x + 2.0 * y, 2.0);
//! m.add_nonneg(vec![x.into(), y.into()]);
//! let s = m.solve(&Settings::default()).unwrap();
//! assert!((s.objective - 1.0).abs() < 1e-7);
//! ```

pub mod cone;
pub mod error;
pub mod expr;
pub mod forms;
pub mod model;
pub mod settings;
pub mod solve;

pub use cone::Cone;
pub use error::ConicError;
pub use expr::{AffExpr, Var};
pub use model::{ConstraintRef, Model};
pub use settings::{LinearSolver, Settings};
pub use solve::{Iterate, ProblemSize, Solution, status_of};
