//! Pareto primitives shared by every multi-objective method (shared digest 12, "What to
//! build" and "Algorithm"; digest 21 uses them for batch selection).
//!
//! Everything is stated in minimization form. Tables whose columns are maximized are first
//! turned around with [`orient`] (`z = +y` for [`Direction::Minimize`], `−y` for
//! [`Direction::Maximize`]); [`dominates_in`] compares raw rows under per-column directions.
//!
//! - [`dominance`]: `a ≺ b`, the non-dominated filter with an explicit duplicate policy;
//! - [`ranking`]: non-dominated sorting into ranks and NSGA-II crowding distance;
//! - [`hypervolume`](mod@hypervolume): the exact dominated volume (2-D sweep, 3-D
//!   O(n log n) sweep, a 4-D sweep over exact 3-D contributions, WFG beyond), exclusive
//!   contributions and the improvement of one candidate;
//! - [`indicators`]: GD, GD+, IGD and IGD+ against a reference front;
//! - [`normalize`]: ideal and nadir points, min–max normalization, reference points.
//!
//! Point sets are slices of rows (`&[Vec<f64>]`, `&[[f64; 3]]`, ...). Every function checks
//! that the rows have one length and finite entries, and answers with a [`CoreError`] naming
//! the row and column otherwise.
//!
//! [`CoreError`]: crate::CoreError

pub mod dominance;
pub mod hypervolume;
pub mod indicators;
pub mod normalize;
mod points;
pub mod ranking;

pub use dominance::{
    Direction, Duplicates, dominates, dominates_in, nondominated, orient, weakly_dominates,
};
pub use hypervolume::{hv_contributions, hypervolume, hypervolume_improvement, outside_reference};
pub use indicators::{gd, gd_plus, igd, igd_plus};
pub use normalize::{ideal_point, nadir_point, normalize, reference_point, validate_reference};
pub use ranking::{crowding_distance, fronts, nondominated_sort};
