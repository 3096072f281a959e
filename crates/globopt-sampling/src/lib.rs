//! # globopt-sampling
//!
//! Sampling-based motion planning on the world model shared with `globopt-gcs`, and the
//! planning-aware perception metric (shared digests 13 and 29).
//!
//! - [`world`]: obstacles and free regions (boxes, H-polytopes, ellipsoids) in any dimension,
//!   exact point and segment tests ([`geometry`], broad phase in [`index`]), conversion from a
//!   maze or GCS instance and back (free-box decomposition).
//! - [`sampler`], [`radius`], [`neighbors`]: the sample set (uniform or Halton, seeded), the
//!   asymptotic-optimality connection radius, `kiddo` neighbourhoods in CSR form.
//! - [`fmt`] (FMT*, the sequential reference) and [`gmt`] (GMT*, the group expansion, parallel
//!   with rayon) on the shared search state of [`tree`]; [`plan`] runs them end to end into a
//!   [`Report`](globopt_core::Report).
//! - [`gcs_reference`]: the certified GCS optimum of the same instance, its bound and the cost
//!   ratio; [`plot`]: SVGs of the world, the tree, the path and the GCS path.
//! - [`tip`]: the planning-aware perception metric TIP (Li et al., ICML 2023).
//!
//! ```
//! use globopt_sampling::{Goal, PlannerParams, PlanningProblem, World, solve};
//! use globopt_gcs::ConvexSet;
//! use globopt_core::NoObserver;
//! let wall = ConvexSet::aabox(vec![0.4, 0.0], vec![0.6, 0.8]).unwrap();
//! let world = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], vec![wall]).unwrap();
//! let problem = PlanningProblem::new(world, vec![0.1, 0.1], Goal::Point(vec![0.9, 0.1])).unwrap();
//! let params = PlannerParams { samples: 500, ..Default::default() };
//! let report = solve(&problem, &params, &mut NoObserver).unwrap();
//! // the detour over the wall is longer than the straight line, the report's bound
//! assert!(report.objective().unwrap() > report.bound().unwrap());
//! ```

pub mod error;
pub mod fmt;
pub mod gcs_reference;
pub mod geometry;
pub mod gmt;
pub mod index;
pub mod neighbors;
mod pace;
pub mod plan;
pub mod plot;
pub mod radius;
pub mod sampler;
pub mod tip;
pub mod tree;
pub mod world;

pub use error::SamplingError;
pub use fmt::fmt_star;
pub use gcs_reference::{GcsReference, attach_gcs, gcs_optimum, gcs_reference};
pub use gmt::gmt_star;
pub use neighbors::{Neighborhood, Neighbors};
pub use plan::{
    Plan, PlannedPath, Planner, PlannerParams, PlanningProblem, Timings, plan, plan_on_samples,
    solve,
};
pub use plot::{PlotInput, plot_svg};
pub use sampler::{Goal, SampleSet, Sampler, draw_samples};
pub use tree::{NodeState, SearchGraph, SearchOutcome, SearchStats, Tree};
pub use world::{Space, World, WorldSpec, free_box_decomposition};
