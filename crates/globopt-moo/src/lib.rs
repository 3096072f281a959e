//! # globopt-moo
//!
//! Multi-objective optimization for globopt (shared digests 12 and 21):
//!
//! - [`table`] and [`fronts`]: Pareto-front analysis of metric tables (a model × knob sweep
//!   in a CSV file, each metric minimized or maximized): the front of every group, their
//!   hypervolumes against one shared reference, the pooled front and its knob settings;
//! - [`plots`]: 2-D staircases per pair of objectives, pairwise projections for three or more,
//!   parallel coordinates, hypervolume bars (SVG strings);
//! - [`psl`]: SVH-PSL, Pareto set learning with Stein variational hypernetworks for expensive
//!   problems (GP surrogates, LCB, a preference-conditioned MLP, batches by hypervolume
//!   improvement), with ask/tell and closure interfaces;
//! - [`problems`]: ZDT/DTLZ from `globopt_core::testfn` and the RE33/RE37 real-world problems,
//!   with the metric conventions of the SVH-PSL experiments.
//!
//! The Pareto primitives themselves (dominance, sorting, exact hypervolume, indicators) live
//! in `globopt_core::pareto`.

pub mod error;
pub mod fronts;
pub mod plots;
pub mod problems;
pub mod psl;
pub mod table;

pub use error::MooError;
pub use fronts::{FrontReport, FrontSpec, GroupFront, Normalization, ObjectiveColumn, analyze};
pub use table::MetricTable;
