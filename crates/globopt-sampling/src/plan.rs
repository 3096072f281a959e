//! Planning end to end (shared digest 13): draw the samples, choose the radius, build the
//! neighbourhoods, run FMT* or GMT*, and answer with a [`Report`].
//!
//! A sampling planner proves no optimality: the report is `feasible` with the path's cost as
//! `objective` and, as `bound`, the straight-line distance from the start to the goal set (a
//! valid lower bound on every path), or a tighter bound from GCS when one is attached
//! ([`crate::gcs_reference::attach_gcs`]). When no path is found the status is
//! `budget_exhausted` (more samples may find one), never `infeasible`. GMT*'s factor
//! `1 + 2λ` is reported as `suboptimality_factor`, an asymptotic guarantee, not a certificate.

use crate::error::SamplingError;
use crate::fmt::fmt_star;
use crate::gmt::gmt_star;
use crate::neighbors::{Neighborhood, Neighbors};
use crate::pace::in_pool;
use crate::radius::{connection_radius, eta_of_multiplier};
use crate::sampler::{Goal, SampleSet, Sampler, draw_samples};
use crate::tree::{SearchGraph, Tree};
use crate::world::World;
use globopt_core::{Observer, Report, Tolerance};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Which planner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Planner {
    /// FMT*, the sequential reference.
    Fmt,
    /// GMT*, the parallel group expansion (the default).
    #[default]
    Gmt,
}

impl Planner {
    /// The report kind: `"fmt"` or `"gmt"`.
    pub fn kind(self) -> &'static str {
        match self {
            Planner::Fmt => "fmt",
            Planner::Gmt => "gmt",
        }
    }
}

/// Parameters of [`plan`], with the digest's defaults (shared digest 13, "Our defaults").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlannerParams {
    /// FMT* or GMT* (default GMT*).
    pub planner: Planner,
    /// Free samples drawn besides the start and goal (default 2000).
    pub samples: usize,
    /// Uniform (default) or Halton samples.
    pub sampler: Sampler,
    /// The radius multiplier `m` of OMPL's FMT (default 2, the paper's `η = 0`); see
    /// [`crate::radius`].
    pub radius_factor: f64,
    /// A fixed connection radius, overriding the formula (default none).
    pub radius: Option<f64>,
    /// Use the `k` nearest nodes instead of the radius (default none).
    pub k_nearest: Option<usize>,
    /// GMT*'s group width in units of the radius, `λ ∈ (0, 1]` (default 0.5).
    pub lambda: f64,
    /// Seed of the sampler (default 0).
    pub seed: u64,
    /// Threads for neighbour search and GMT*'s group expansion (default 0: rayon's pool).
    pub threads: usize,
    /// Stop after this many seconds of planning (default none).
    pub time_limit_s: Option<f64>,
}

impl Default for PlannerParams {
    fn default() -> Self {
        PlannerParams {
            planner: Planner::Gmt,
            samples: 2000,
            sampler: Sampler::Uniform,
            radius_factor: 2.0,
            radius: None,
            k_nearest: None,
            lambda: 0.5,
            seed: 0,
            threads: 0,
            time_limit_s: None,
        }
    }
}

impl PlannerParams {
    /// Errors naming the first parameter out of range.
    pub fn validate(&self) -> Result<(), SamplingError> {
        if self.samples == 0 {
            return Err(SamplingError::param("samples", "must be at least 1"));
        }
        if !(self.radius_factor.is_finite() && self.radius_factor > 0.0) {
            return Err(SamplingError::param(
                "radius_factor",
                format!("must be a positive number, got {}", self.radius_factor),
            ));
        }
        if let Some(r) = self.radius
            && !(r.is_finite() && r > 0.0)
        {
            return Err(SamplingError::param(
                "radius",
                format!("must be a positive number, got {r}"),
            ));
        }
        if self.k_nearest == Some(0) {
            return Err(SamplingError::param("k_nearest", "must be at least 1"));
        }
        if !(self.lambda.is_finite() && self.lambda > 0.0 && self.lambda <= 1.0) {
            return Err(SamplingError::param(
                "lambda",
                format!("must lie in (0, 1], got {}", self.lambda),
            ));
        }
        if let Some(t) = self.time_limit_s
            && !(t.is_finite() && t > 0.0)
        {
            return Err(SamplingError::param(
                "time_limit_s",
                "must be a positive number of seconds",
            ));
        }
        Ok(())
    }
}

/// A planning problem: a world, a start and a goal.
#[derive(Debug, Clone)]
pub struct PlanningProblem {
    /// The world.
    pub world: World,
    /// The start.
    pub start: Vec<f64>,
    /// The goal point or region.
    pub goal: Goal,
}

impl PlanningProblem {
    /// A problem; errors when the start or goal is not free (naming which, and the obstacle).
    pub fn new(world: World, start: Vec<f64>, goal: Goal) -> Result<Self, SamplingError> {
        if let Some(why) = world.point_conflict(&start) {
            return Err(SamplingError::world("start", why));
        }
        match &goal {
            Goal::Point(g) => {
                if let Some(why) = world.point_conflict(g) {
                    return Err(SamplingError::world("goal", why));
                }
            }
            Goal::Region([lo, hi]) => {
                if lo.len() != world.dim() || hi.len() != world.dim() {
                    return Err(SamplingError::Dimension {
                        what: "goal_region".into(),
                        expected: world.dim(),
                        got: lo.len().min(hi.len()),
                    });
                }
            }
        }
        Ok(PlanningProblem { world, start, goal })
    }

    /// The problem of a GCS instance: its free regions, start and goal point.
    pub fn from_instance(inst: &globopt_gcs::Instance) -> Result<Self, SamplingError> {
        let world = World::from_instance(inst)?;
        Self::new(world, inst.start.clone(), Goal::Point(inst.goal.clone()))
    }

    /// The straight-line distance from the start to the goal set: a lower bound on the cost of
    /// every path.
    pub fn straight_line_bound(&self) -> f64 {
        self.goal.distance_from(&self.start)
    }
}

/// The path a planner returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedPath {
    /// The waypoints from the start to the goal.
    pub waypoints: Vec<Vec<f64>>,
    /// Their node ids in the sample set.
    pub nodes: Vec<usize>,
    /// The path length.
    pub cost: f64,
}

/// Wall-clock seconds of each phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Drawing the samples.
    pub sampling_s: f64,
    /// Building the neighbourhoods.
    pub neighbors_s: f64,
    /// The planner's search.
    pub planning_s: f64,
}

/// Everything a run produced: the report, the samples, the tree and the radius used (for plots
/// and replays).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The answer.
    pub report: Report<PlannedPath>,
    /// The nodes.
    pub samples: SampleSet,
    /// The tree grown.
    pub tree: Tree,
    /// The connection radius (`NaN`-free; the k-NN runs report the radius of the formula).
    pub radius: f64,
    /// Phase timings.
    pub timings: Timings,
}

/// Plan with `params` (see the module documentation).
pub fn plan(
    problem: &PlanningProblem,
    params: &PlannerParams,
    observer: &mut dyn Observer,
) -> Result<Plan, SamplingError> {
    params.validate()?;
    let t0 = Instant::now();
    let samples = draw_samples(
        &problem.world,
        &problem.start,
        &problem.goal,
        params.samples,
        params.sampler,
        params.seed,
    )?;
    let sampling_s = t0.elapsed().as_secs_f64();
    plan_on_samples(problem, samples, params, sampling_s, observer)
}

/// Plan on a given sample set (node 0 the start; for replays and comparisons with another
/// planner's samples). `params.samples` and `params.sampler` are ignored.
pub fn plan_on_samples(
    problem: &PlanningProblem,
    samples: SampleSet,
    params: &PlannerParams,
    sampling_s: f64,
    observer: &mut dyn Observer,
) -> Result<Plan, SamplingError> {
    params.validate()?;
    let started = Instant::now();
    let world = &problem.world;
    let d = world.dim();
    if samples.dim() != d {
        return Err(SamplingError::Dimension {
            what: "samples".into(),
            expected: d,
            got: samples.dim(),
        });
    }
    if samples.goal_count() == 0 {
        return Err(SamplingError::param(
            "samples",
            "no node lies in the goal set",
        ));
    }
    let (free_measure, measure_exact) = match world.exact_free_measure() {
        Some(m) => (m, true),
        None => (samples.estimated_free_measure(world), false),
    };
    let radius = params
        .radius
        .unwrap_or_else(|| connection_radius(d, samples.len(), free_measure, params.radius_factor));
    let hood = match params.k_nearest {
        Some(k) => Neighborhood::Nearest(k),
        None => Neighborhood::Radius(radius),
    };
    let pool = thread_pool(params.threads)?;
    let deadline = params
        .time_limit_s
        .map(|s| Instant::now() + Duration::from_secs_f64(s));
    let t1 = Instant::now();
    let neighbors = in_pool(pool.as_ref(), || Neighbors::build(samples.flat(), d, hood))?;
    let neighbors_s = t1.elapsed().as_secs_f64();
    let graph = SearchGraph {
        world,
        samples: &samples,
        neighbors: &neighbors,
    };
    let t2 = Instant::now();
    let outcome = match params.planner {
        Planner::Fmt => fmt_star(&graph, observer, deadline),
        Planner::Gmt => gmt_star(
            &graph,
            params.lambda,
            radius,
            pool.as_ref(),
            observer,
            deadline,
        ),
    };
    let planning_s = t2.elapsed().as_secs_f64();
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let timings = Timings {
        sampling_s,
        neighbors_s,
        planning_s,
    };
    let kind = params.planner.kind();
    let mut report = match outcome.goal {
        Some(g) => {
            let nodes = outcome.tree.path_to(g);
            let waypoints = nodes.iter().map(|&v| samples.point(v).to_vec()).collect();
            let cost = outcome.tree.cost[g];
            let r = Report::feasible(
                kind,
                PlannedPath {
                    waypoints,
                    nodes,
                    cost,
                },
                cost,
            )
            .certify(problem.straight_line_bound(), Tolerance::default());
            if outcome.stopped {
                r.budget_exhausted("stopped")
            } else {
                r
            }
        }
        None => Report::budget_exhausted_without_solution(
            kind,
            if outcome.stopped {
                "stopped (cancelled or time limit) before the tree reached the goal"
            } else {
                "the tree cannot reach the goal with these samples and radius; more samples or a larger radius_factor may find a path"
            },
        ),
    };
    report.set_detail("planner", kind);
    report.set_detail("samples", samples.accepted);
    report.set_detail("nodes", samples.len());
    report.set_detail("goal_nodes", samples.goal_count());
    report.set_detail("seed", params.seed);
    report.set_detail("threads", threads);
    report.set_detail("radius", radius);
    report.set_detail(
        "radius_factor",
        params.radius.map_or(Some(params.radius_factor), |_| None),
    );
    report.set_detail(
        "eta",
        params
            .radius
            .map_or(Some(eta_of_multiplier(d, params.radius_factor)), |_| None),
    );
    report.set_detail("k_nearest", params.k_nearest);
    report.set_detail("mean_neighbors", neighbors.mean_degree());
    report.set_detail(
        "free_measure",
        serde_json::json!({"value": free_measure, "exact": measure_exact}),
    );
    if params.planner == Planner::Gmt {
        report.set_detail("lambda", params.lambda);
        report.set_detail("suboptimality_factor", 1.0 + 2.0 * params.lambda);
    }
    report.set_detail("lower_bound", "straight-line distance to the goal");
    report.set_detail("collision_checks", outcome.stats.collision_checks);
    report.set_detail("stats", &outcome.stats);
    report.set_detail("timings", timings);
    report.set_detail("tree_size", outcome.tree.size());
    let mut report = report.with_evaluations(outcome.stats.collision_checks);
    report.elapsed_s = sampling_s + started.elapsed().as_secs_f64();
    Ok(Plan {
        report,
        samples,
        tree: outcome.tree,
        radius,
        timings,
    })
}

/// Solve and return only the report (see [`plan`]).
pub fn solve(
    problem: &PlanningProblem,
    params: &PlannerParams,
    observer: &mut dyn Observer,
) -> Result<Report<PlannedPath>, SamplingError> {
    plan(problem, params, observer).map(|p| p.report)
}

fn thread_pool(threads: usize) -> Result<Option<rayon::ThreadPool>, SamplingError> {
    if threads == 0 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map(Some)
        .map_err(|e| SamplingError::param("threads", format!("thread pool failed: {e}")))
}
