//! The finite action set `D_a` of the metric (shared digest 29, "Actions"), fixed before the
//! true and perceived worlds are looked at: explicit polylines, a `stop` action, the cheapest
//! GMT* tree paths to distinct goal samples, or distinct GCS paths (randomized rounding of one
//! relaxation, then re-solves with one edge of the best path switched off for homotopy
//! variety). Planners run on the static world with box obstacles grown by the ego radius.

use crate::error::SamplingError;
use crate::geometry::distance;
use crate::plan::{PlannerParams, PlanningProblem, plan};
use crate::sampler::Goal;
use crate::world::{Space, World};
use globopt_conic::Settings;
use globopt_core::NoObserver;
use globopt_gcs::rounding::{RoundingParams, sample_paths, solve_restrictions};
use globopt_gcs::search::path_edges;
use globopt_gcs::{ConvexSet, RegionProblem, RelaxationInput, solve_relaxation};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One action: a polyline the ego drives (empty for `stop`) and its nominal cost (the utility
/// without collisions is `−nominal_cost`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// A name for reports.
    pub name: String,
    /// The waypoints (none for `stop`, which never collides).
    pub waypoints: Vec<Vec<f64>>,
    /// `w_len · length`, or the cost given explicitly.
    pub nominal_cost: f64,
}

impl Action {
    /// The polyline's length.
    pub fn length(&self) -> f64 {
        self.waypoints
            .windows(2)
            .map(|w| distance(&w[0], &w[1]))
            .sum()
    }
}

/// Where the actions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActionSource {
    /// The `paths` given in the spec.
    #[default]
    Explicit,
    /// The cheapest GMT* tree paths to distinct goal samples.
    Gmt,
    /// Distinct GCS paths.
    Gcs,
}

/// An explicit action as written in a spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplicitAction {
    /// Name (default `path k`).
    #[serde(default)]
    pub name: Option<String>,
    /// The waypoints.
    pub waypoints: Vec<Vec<f64>>,
    /// A nominal cost overriding `w_len · length`.
    #[serde(default)]
    pub cost: Option<f64>,
}

fn default_count() -> usize {
    8
}
fn default_samples() -> usize {
    2000
}

/// The action set as written in a spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// `explicit` (default), `gmt` or `gcs`.
    #[serde(default)]
    pub source: ActionSource,
    /// How many planner actions (default 8).
    #[serde(default = "default_count")]
    pub count: usize,
    /// Explicit actions (any source may add them).
    #[serde(default)]
    pub paths: Vec<ExplicitAction>,
    /// Add a `stop` action with this nominal cost.
    #[serde(default)]
    pub stop_cost: Option<f64>,
    /// GMT* samples (default 2000).
    #[serde(default = "default_samples")]
    pub samples: usize,
    /// GMT* seed (default 0).
    #[serde(default)]
    pub seed: u64,
    /// Half-width of the GMT* goal box around the goal (default: a tenth of the radius).
    #[serde(default)]
    pub goal_tolerance: Option<f64>,
}

/// The static world for planning actions: box obstacles grown by `rho` per axis, polytope
/// facets pushed out by `rho‖a‖` (both contain the Minkowski sum with the ρ-box), region
/// worlds as they are. Ellipsoid obstacles with `rho > 0` are an error.
pub fn inflated_world(world: &World, rho: f64) -> Result<World, SamplingError> {
    if rho == 0.0 {
        return Ok(world.clone());
    }
    match world.space() {
        Space::Regions { .. } => Ok(world.clone()),
        Space::Obstacles(obs) => {
            let grown = obs
                .iter()
                .enumerate()
                .map(|(i, o)| match o {
                    ConvexSet::Box(b) => Ok(ConvexSet::aabox(
                        b.lo().iter().map(|v| v - rho).collect(),
                        b.hi().iter().map(|v| v + rho).collect(),
                    )?),
                    ConvexSet::Polytope(p) => {
                        let b: Vec<f64> = p
                            .a()
                            .iter()
                            .zip(p.b())
                            .map(|(row, bi)| bi + rho * row.iter().map(|v| v.abs()).sum::<f64>())
                            .collect();
                        Ok(ConvexSet::polytope(p.a().to_vec(), b, p.dim())?)
                    }
                    other => Err(SamplingError::perception(
                        format!("world.obstacles[{i}]"),
                        format!(
                            "a {} cannot be grown by the ego radius; use boxes or polytopes",
                            other.type_name()
                        ),
                    )),
                })
                .collect::<Result<Vec<_>, SamplingError>>()?;
            World::with_obstacles(world.lo().to_vec(), world.hi().to_vec(), grown)
        }
    }
}

/// The `spec.count` cheapest GMT* tree paths (`spec.samples` samples, `spec.seed`) to
/// distinct goal samples in a box of half-width `spec.goal_tolerance` around `goal`, each
/// closed with a segment to `goal` when that segment is free; nominal cost `w_len · length`.
pub fn actions_from_gmt(
    world: &World,
    start: &[f64],
    goal: &[f64],
    spec: &ActionSpec,
    w_len: f64,
) -> Result<Vec<Action>, SamplingError> {
    let (count, samples, seed, tolerance) =
        (spec.count, spec.samples, spec.seed, spec.goal_tolerance);
    let probe = PlannerParams {
        samples,
        seed,
        ..Default::default()
    };
    let tol = match tolerance {
        Some(t) => t,
        None => {
            let pre =
                PlanningProblem::new(world.clone(), start.to_vec(), Goal::Point(goal.to_vec()))?;
            let p = plan(&pre, &probe, &mut NoObserver)?;
            0.1 * p.radius
        }
    };
    let region = Goal::Region([
        goal.iter().map(|v| v - tol).collect(),
        goal.iter().map(|v| v + tol).collect(),
    ]);
    let problem = PlanningProblem::new(world.clone(), start.to_vec(), region)?;
    let run = plan(&problem, &probe, &mut NoObserver)?;
    let mut goals: Vec<usize> = (0..run.samples.len())
        .filter(|&i| run.samples.is_goal(i) && run.tree.cost[i].is_finite())
        .collect();
    goals.sort_by(|&a, &b| {
        run.tree.cost[a]
            .total_cmp(&run.tree.cost[b])
            .then(a.cmp(&b))
    });
    let mut out = Vec::new();
    for g in goals.into_iter().take(count) {
        let mut waypoints: Vec<Vec<f64>> = run
            .tree
            .path_to(g)
            .into_iter()
            .map(|v| run.samples.point(v).to_vec())
            .collect();
        let last = waypoints[waypoints.len() - 1].clone();
        if last.as_slice() != goal && world.segment_free(&last, goal) {
            waypoints.push(goal.to_vec());
        }
        let mut a = Action {
            name: format!("gmt path {}", out.len() + 1),
            waypoints,
            nominal_cost: 0.0,
        };
        a.nominal_cost = w_len * a.length();
        out.push(a);
    }
    Ok(out)
}

/// A GCS path: its cost, edges and points.
type RoundedPath = (f64, Vec<usize>, Vec<Vec<f64>>);

/// Up to `count` distinct GCS paths (see the module documentation), cheapest first.
pub fn actions_from_gcs(
    world: &World,
    start: &[f64],
    goal: &[f64],
    count: usize,
    w_len: f64,
) -> Result<Vec<Action>, SamplingError> {
    let inst = world.to_instance(start, goal)?;
    let problem = RegionProblem::from_instance(&inst)?;
    let gcs = problem.gcs();
    let (s, t) = (problem.source(), problem.target());
    let settings = Settings::default();
    let all = path_edges(gcs, s, t, &vec![true; gcs.num_edges()]);
    let rounding = RoundingParams {
        paths: count.max(1),
        ..Default::default()
    };
    let relax_round = |active: &[bool], paths: usize| -> Result<Vec<RoundedPath>, SamplingError> {
        let relax = solve_relaxation(
            &RelaxationInput {
                gcs,
                source: s,
                target: t,
                active,
                fixed_on: &[],
                two_cycle_cuts: true,
            },
            &settings,
            None,
        )?;
        if !matches!(
            relax.status,
            globopt_core::Status::Optimal | globopt_core::Status::Feasible
        ) {
            return Ok(Vec::new());
        }
        let sampled = sample_paths(
            gcs,
            s,
            t,
            &relax.flows,
            &RoundingParams {
                paths,
                ..rounding.clone()
            },
            0,
        );
        let solved = solve_restrictions(gcs, &sampled.paths, &settings)?;
        Ok(solved
            .into_iter()
            .filter(|r| r.is_solved())
            .map(|r| (r.cost, r.edges, r.points))
            .collect())
    };
    let mut found = relax_round(&all, count.max(1))?;
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut seen: HashSet<Vec<usize>> = found.iter().map(|f| f.1.clone()).collect();
    if let Some(best) = found.first().cloned() {
        for &e in &best.1 {
            if found.len() >= count {
                break;
            }
            let mut active = all.clone();
            active[e] = false;
            let active = path_edges(gcs, s, t, &active);
            if !active.iter().any(|a| *a) {
                continue;
            }
            for f in relax_round(&active, 1)? {
                if seen.insert(f.1.clone()) {
                    found.push(f);
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(found
        .into_iter()
        .take(count)
        .enumerate()
        .map(|(k, (_, _, points))| {
            let mut waypoints: Vec<Vec<f64>> = Vec::with_capacity(points.len());
            for p in points {
                if waypoints
                    .last()
                    .is_none_or(|q: &Vec<f64>| distance(q, &p) > 1e-12)
                {
                    waypoints.push(p);
                }
            }
            let mut a = Action {
                name: format!("gcs path {}", k + 1),
                waypoints,
                nominal_cost: 0.0,
            };
            a.nominal_cost = w_len * a.length();
            a
        })
        .collect())
}
