//! The GCS optimum of the same instance (shared digest 01 through `globopt-gcs`): the
//! sampling planners' worlds convert to a GCS instance ([`World::to_instance`]), whose
//! shortest path, certified by the relaxation bound and branch and bound, is the yardstick of
//! a sampling planner: every collision-free sampled path costs at least the GCS lower bound,
//! and the ratio `cost / GCS optimum` says how far from optimal it is.

use crate::error::SamplingError;
use crate::plan::PlannedPath;
use crate::world::World;
use globopt_core::{NoObserver, Observer, Report, Status};
use globopt_gcs::{BranchAndBoundParams, RegionProblem, ShortestPathParams};
use serde::Serialize;
use std::time::Instant;

/// The GCS shortest path of a world's instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GcsReference {
    /// The GCS report's status (`optimal` when the bound closes the gap).
    pub status: Status,
    /// The best path's length.
    pub optimum: Option<f64>,
    /// The proven lower bound (relaxation or branch and bound).
    pub bound: Option<f64>,
    /// The path's corner points.
    pub waypoints: Vec<Vec<f64>>,
    /// Free regions of the instance.
    pub regions: usize,
    /// Region-graph edges.
    pub edges: usize,
    /// Seconds of the GCS solve (conversion included).
    pub elapsed_s: f64,
}

/// Solve the GCS shortest path from `start` to `goal` in `world` (its free-space instance),
/// with branch and bound (`exact`, node limit `node_limit`) so that the optimum is certified.
pub fn gcs_reference(
    world: &World,
    start: &[f64],
    goal: &[f64],
    exact: bool,
    node_limit: usize,
    observer: &mut dyn Observer,
) -> Result<GcsReference, SamplingError> {
    let t0 = Instant::now();
    let inst = world.to_instance(start, goal)?;
    let problem = RegionProblem::from_instance(&inst)?;
    let params = ShortestPathParams {
        exact,
        branch_and_bound: BranchAndBoundParams {
            node_limit: node_limit.max(1),
            time_limit_s: None,
        },
        ..Default::default()
    };
    let report = problem.solve(&params, observer)?;
    let waypoints = report
        .solution
        .as_ref()
        .map(|s| problem.waypoints(s))
        .unwrap_or_default();
    Ok(GcsReference {
        status: report.status(),
        optimum: report.objective(),
        bound: report.bound(),
        waypoints,
        regions: problem.regions().len(),
        edges: problem.region_edges().len(),
        elapsed_s: t0.elapsed().as_secs_f64(),
    })
}

/// [`gcs_reference`] with no observer.
pub fn gcs_optimum(
    world: &World,
    start: &[f64],
    goal: &[f64],
) -> Result<GcsReference, SamplingError> {
    gcs_reference(world, start, goal, true, 1000, &mut NoObserver)
}

/// Attach a GCS reference to a planner's report: the detail `gcs` (status, optimum, bound,
/// size, time), `cost_ratio = cost / GCS optimum`, and, when the GCS bound is above the
/// straight-line bound, the GCS bound as the report's `bound` (it bounds every collision-free
/// path of the world, see the module documentation).
pub fn attach_gcs(report: Report<PlannedPath>, reference: &GcsReference) -> Report<PlannedPath> {
    let mut report = report.with_detail("gcs", reference);
    if let (Some(cost), Some(opt)) = (report.objective(), reference.optimum) {
        report.set_detail("cost_ratio", cost / opt);
    }
    if let (Some(gb), Some(_)) = (reference.bound, report.objective()) {
        let current = report.bound().unwrap_or(f64::NEG_INFINITY);
        if gb > current {
            let tol = report.tolerance();
            report = report.certify(gb, tol);
            report.set_detail(
                "lower_bound",
                "GCS lower bound (relaxation or branch and bound) on the same free space",
            );
        }
    }
    report
}
