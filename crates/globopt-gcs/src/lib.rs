//! # globopt-gcs
//!
//! Shortest paths in graphs of convex sets (GCS), with a certificate: the convex relaxation
//! gives a lower bound, randomized rounding gives a path, and the gap between them bounds how
//! far the path is from the best one; an exact branch and bound closes the gap on small and
//! medium graphs (shared digest 01; Marcucci, Umenberger, Parrilo & Tedrake, "Shortest paths
//! in graphs of convex sets", 2021, and "Motion planning around obstacles with convex
//! optimization", 2023).
//!
//! - [`sets`]: boxes, H-polytopes, points, ellipsoids and products in any dimension, with
//!   membership and perspectives; [`geometry`]: Chebyshev balls, bounding boxes, intersection
//!   dimensions, outlines.
//! - [`graph`]: the [`Gcs`] with [`Cost`]s and [`Constraint`]s on vertices and edges, each a
//!   general convex form written through the perspective.
//! - [`relaxation`], [`rounding`], [`restriction`], [`branch_and_bound`], [`preprocessing`],
//!   [`search`]: the engine; [`shortest_path`] runs it end to end into a [`Report`].
//! - [`bezier`]: Bézier curves; [`trajectory`]: smooth trajectories through convex regions
//!   (one Bézier segment per region, Drake's duration model or the paper's time scaling) on
//!   the same engine, with dense sampling and checks; [`trajectory_plot`] draws them;
//!   [`building`] generates the quadrotor benchmark's 3D buildings.
//! - [`instance`]: the world format (regions, edges, start, goal) and the piecewise-linear
//!   planner on it; [`adjacency`] derives edges; [`maze`] generates seeded mazes; [`plot`]
//!   draws SVGs.
//!
//! ```
//! use globopt_gcs::{Instance, Maze, RegionProblem, ShortestPathParams};
//! use globopt_core::{NoObserver, Status};
//! let instance = Maze::generate(4, 2, 1).unwrap().to_instance();
//! let problem = RegionProblem::from_instance(&instance).unwrap();
//! let report = problem.solve(&ShortestPathParams::default(), &mut NoObserver).unwrap();
//! assert!(report.status().has_solution());
//! assert!(report.bound().unwrap() <= report.objective().unwrap() + 1e-6);
//! ```
//!
//! [`Report`]: globopt_core::Report

pub mod adjacency;
pub mod affine;
pub mod bezier;
pub mod branch_and_bound;
pub mod building;
pub mod constraint;
pub mod cost;
pub mod error;
pub mod geometry;
pub mod graph;
pub mod instance;
pub mod maze;
pub mod plot;
pub mod preprocessing;
pub mod relaxation;
pub mod restriction;
pub mod rounding;
pub mod search;
pub mod sets;
pub mod shortest_path;
pub mod signs;
pub mod trajectory;
pub mod trajectory_plot;

pub use adjacency::{EdgeRule, edges_from_regions};
pub use affine::AffineMap;
pub use bezier::{BezierCurve, derivative_weights};
pub use branch_and_bound::{BranchAndBound, BranchAndBoundParams, branch_and_bound};
pub use building::Building;
pub use constraint::Constraint;
pub use cost::Cost;
pub use error::GcsError;
pub use geometry::{ChebyshevBall, bounding_box, chebyshev_ball, intersection_dim};
pub use graph::{Edge, Gcs, Vertex};
pub use instance::{Instance, PathCost, RegionProblem, RegionSpec};
pub use maze::Maze;
pub use plot::{PlotOptions, plot_svg};
pub use relaxation::{Relaxation, RelaxationInput, solve_relaxation};
pub use restriction::{Restriction, path_cost, solve_restriction};
pub use rounding::{RoundingParams, SampledPaths, sample_paths};
pub use sets::{AaBox, ConvexSet, Ellipsoid, HPolytope, Point};
pub use shortest_path::{GcsSolution, KIND, ShortestPathParams, solve_shortest_path};
pub use trajectory::{
    AccelerationBound, BoundaryConditions, CostTerms, CostWeights, TRAJECTORY_KIND, Trajectory,
    TrajectoryCheck, TrajectoryModel, TrajectoryOptions, TrajectoryProblem, TrajectorySample,
    TrajectorySegment,
};
pub use trajectory_plot::{speed_svg, trajectory_svg};
