//! # globopt-chem
//!
//! Chemical formulas and complete, exact reaction balancing (shared digest 02, after Yilmaz
//! et al., 2025, "A Vector-Based Algorithm for Generating Complete Balanced Reaction Sets with
//! Arbitrary Numbers of Reagents").
//!
//! - [`parse_formula`] / [`parse_equation`]: nested `()` and `[]`, hydrates (`·`, `.`, `*`),
//!   every charge spelling with the documented rule for the ambiguous `Fe3+` form, electrons,
//!   states, arrows `=`, `->`, `→`, `<=>`; errors name the column.
//! - [`balance`]: the composition matrix, its rank and integer kernel over big integers; the
//!   unique balance (nullity 1); for nullity ≥ 2 the circuits, the Hilbert basis of the
//!   fixed-sides cone and the certified min-sum balance with its LP lower bound (through
//!   `globopt-conic`); acidic, basic and neutral media; the half-reaction method; checks of
//!   user coefficients; infeasible sets explained by the element or charge that cannot balance.
//! - [`plot`]: SVG of the solution cone (nullity 2) and of the composition matrix.
//!
//! ```
//! use globopt_chem::{BalanceOptions, Medium, balance_text};
//! let options = BalanceOptions { medium: Some(Medium::Acidic), ..Default::default() };
//! let report = balance_text("MnO4- + Fe+2 = Mn+2 + Fe+3", &options).unwrap();
//! let answer = report.solution.as_ref().unwrap().answer().unwrap();
//! assert_eq!(answer.text, "MnO4- + 5 Fe+2 + 8 H+ = Mn+2 + 5 Fe+3 + 4 H2O");
//! ```

pub mod balance;
mod canonical;
pub mod check;
mod circuits;
pub mod element;
pub mod equation;
pub mod error;
pub mod exact;
pub mod formula;
pub mod half;
mod hilbert;
mod infeasible;
mod lattice;
pub mod matrix;
pub mod plot;
pub mod text;
mod work;

pub use balance::{
    Balance, BalanceOptions, KIND, Mode, Solution, SolutionKind, TieBreak, balance,
    balance_observed, balance_text,
};
pub use check::Check;
pub use element::Element;
pub use equation::{Entry, Equation, Side, parse_equation, parse_equation_with};
pub use error::ChemError;
pub use formula::{ParseOptions, Species, State, parse_formula, parse_formula_with};
pub use half::HalfReaction;
pub use matrix::{Medium, System};
