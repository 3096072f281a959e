//! `kind = "gcs-trajectory"`: a smooth trajectory through convex free-space regions, one
//! Bézier segment per visited region, planned as a shortest path in a graph of convex sets
//! (globopt-gcs, shared digest 01). The relaxation's cost is the `bound`, the rounded (or
//! branch-and-bound) trajectory's cost the `objective`.
//!
//! ```toml
//! kind = "gcs-trajectory"
//! instance = "maze50_seed4.json"   # regions/edges/start/goal as JSON (the maze fixture's format) ...
//! # maze = { size = 20, knock_downs = 30, seed = 1 }                  # ... a generated maze
//! # building = { seed = 3, rooms = 3, room_size = 5.0, height = 3.0, extra_doors = 2, windows = 3, yard = 3.0 }
//! # regions = [[[0, 0], [1, 1]], { A = [[1, 0], [-1, 0], [0, 1], [0, -1]], b = [2, -1, 1, 0] }]
//! # edges = [[0, 1], [1, 0]]      # optional: derived by edge_rule = "facet" | "contact" | "overlap"
//! # start = [0.5, 0.5]            # overrides the instance's
//! # goal = [1.5, 0.5]
//! model = "bezier"                 # Drake's one duration per region (D); or "bezier-timescaling" (P)
//! order = 3
//! continuity = 1                   # C^k at the joints (in s for model D)
//! velocity_max = 1.0               # per axis; a number or one per axis
//! h_min = 1e-3                     # model D: segment durations in [h_min, h_max]
//! h_max = 20.0
//! # hdot_min = 1e-6                # model P: time-scaling slope; time_max = 1000
//! # acceleration = { max = [2.0, 2.0], reference_duration = 1.0 }   # model D, conservative
//! cost = { time = 1.0, length = 0.0, energy = 0.0 }
//! samples = 100                    # dense samples per segment in the outputs
//! exact = false                    # branch and bound after rounding
//!
//! [boundary]                       # start/goal velocity, zero accelerations, zero derivatives
//! # start_velocity = [0.0, 0.0]
//! # goal_velocity = [0.0, 0.0]
//! # goal_acceleration = [0.0, 0.0]
//! # zero_derivatives = 2
//! # [rounding] paths = 10, trials = 100, seed = 0, flow_tol = 1e-5
//! # [branch_and_bound] node_limit = 1000, time_limit_s = 60
//! # [solver] globopt_conic::Settings; [tolerance] abs, rel; two_cycle_cuts, preprocessing, threads
//! # [plot] width = 700
//! ```
//!
//! Outputs: `report.json` (with `total_time`, `region_path`, `cost_terms` and the dense
//! sampling `check`), `trajectory.svg` (regions and path; 3D as three projections),
//! `speed.svg` (speed over time with the bound), `trajectory.csv` and `trajectory.json` (the
//! dense samples).

use super::gcs::{MazeSpec, WorldFields, world_of};
use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::{Format, SpecDoc};
use globopt_conic::Settings;
use globopt_core::Tolerance;
use globopt_gcs::{
    AccelerationBound, BoundaryConditions, BranchAndBoundParams, Building, CostWeights, EdgeRule,
    GcsError, Instance, Maze, RegionSpec, RoundingParams, ShortestPathParams, Trajectory,
    TrajectoryModel, TrajectoryOptions, TrajectoryProblem, speed_svg, trajectory_svg,
};
use serde::Deserialize;
use std::path::Path;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "gcs-trajectory",
    summary: "smooth trajectory through convex regions (Bézier segments, velocity bounds, continuity): relaxation bound, rounding, branch and bound",
    paper: "01 (GCS motion planning)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[
    Showcase {
        id: "gcs-maze-trajectory",
        title: "Minimum-time trajectory through a maze (cubic Bézier segments, |v| ≤ 1)",
        about: "A 12×12 maze with 20 knock-downs. One cubic Bézier segment per visited cell, \
                one duration per cell (Drake's GcsTrajectoryOptimization model), speed at most \
                1 per axis, C¹ joins. The convex relaxation bounds the flight time from below; \
                rounding its flows gives a trajectory within the reported gap. Every \
                trajectory is checked on 100 samples per segment (inside its cell, within the \
                speed bound).",
        run: maze_showcase,
    },
    Showcase {
        id: "gcs-building-flight",
        title: "A quadrotor flight into a building (3D, the paper's time-scaling model)",
        about: "A seeded 3×3-room building with doors, windows and a yard, all free space as \
                boxes. The drone starts in the yard and lands in a room on the far side: \
                order-5 Bézier segments with Bézier time scaling (the paper's model), C² in \
                time, |v| ≤ 10 m/s per axis, cost time + length, zero velocity and \
                acceleration at both ends. Drawn as three projections, with the speed over \
                time.",
        run: building_showcase,
    },
];

/// A generated building.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildingSpec {
    #[serde(default)]
    seed: u64,
    rooms: Option<usize>,
    room_size: Option<f64>,
    height: Option<f64>,
    extra_doors: Option<usize>,
    windows: Option<usize>,
    yard: Option<f64>,
}

impl BuildingSpec {
    /// The building's shape, defaults from [`Building::default`].
    fn shape(&self) -> Building {
        let d = Building::default();
        Building {
            rooms: self.rooms.unwrap_or(d.rooms),
            room_size: self.room_size.unwrap_or(d.room_size),
            height: self.height.unwrap_or(d.height),
            extra_doors: self.extra_doors.unwrap_or(d.extra_doors),
            windows: self.windows.unwrap_or(d.windows),
            yard: self.yard.unwrap_or(d.yard),
        }
    }
}

/// A number for every axis, or one number per axis.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum PerAxis {
    All(f64),
    Each(Vec<f64>),
}

impl PerAxis {
    fn expand(&self, n: usize) -> Vec<f64> {
        match self {
            PerAxis::All(v) => vec![*v; n],
            PerAxis::Each(v) => v.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrajectorySpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    instance: Option<String>,
    #[serde(default)]
    maze: Option<MazeSpec>,
    #[serde(default)]
    building: Option<BuildingSpec>,
    #[serde(default)]
    regions: Option<Vec<RegionSpec>>,
    #[serde(default)]
    edges: Option<Vec<[usize; 2]>>,
    #[serde(default)]
    edge_rule: Option<EdgeRule>,
    #[serde(default)]
    start: Option<Vec<f64>>,
    #[serde(default)]
    goal: Option<Vec<f64>>,
    #[serde(default)]
    tol: Option<f64>,
    #[serde(default)]
    model: TrajectoryModel,
    #[serde(default)]
    order: Option<usize>,
    #[serde(default)]
    continuity: Option<usize>,
    #[serde(default)]
    velocity_max: Option<PerAxis>,
    #[serde(default)]
    h_min: Option<f64>,
    #[serde(default)]
    h_max: Option<f64>,
    #[serde(default)]
    hdot_min: Option<f64>,
    #[serde(default)]
    time_max: Option<f64>,
    #[serde(default)]
    acceleration: Option<AccelerationBound>,
    #[serde(default)]
    cost: CostWeights,
    #[serde(default)]
    boundary: BoundaryConditions,
    #[serde(default = "default_samples")]
    samples: usize,
    #[serde(default)]
    exact: bool,
    #[serde(default = "yes")]
    two_cycle_cuts: bool,
    #[serde(default)]
    preprocessing: bool,
    #[serde(default)]
    threads: usize,
    #[serde(default)]
    rounding: RoundingParams,
    #[serde(default)]
    branch_and_bound: BranchAndBoundParams,
    #[serde(default)]
    solver: Settings,
    #[serde(default)]
    tolerance: Tolerance,
    #[serde(default)]
    plot: PlotSpec,
}

/// Plot size.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PlotSpec {
    width: u32,
}

impl Default for PlotSpec {
    fn default() -> Self {
        PlotSpec { width: 700 }
    }
}

fn yes() -> bool {
    true
}

fn default_samples() -> usize {
    100
}

/// The world of a spec: a JSON file, a generated maze or building, or inline regions; the
/// inline `edges`, `edge_rule`, `start`, `goal`, `tol` override the instance's own.
fn instance_of(doc: &SpecDoc, spec: &TrajectorySpec) -> Result<Instance, CliError> {
    let fields = WorldFields {
        instance: spec.instance.as_deref(),
        maze: spec.maze.as_ref(),
        regions: spec.regions.as_ref(),
        edges: spec.edges.as_ref(),
        edge_rule: spec.edge_rule,
        start: spec.start.as_ref(),
        goal: spec.goal.as_ref(),
        tol: spec.tol,
    };
    let building = |b: &BuildingSpec| {
        b.shape()
            .generate(b.seed)
            .map_err(|e| doc.field_error("building", e))
    };
    match &spec.building {
        Some(b) => world_of(doc, &fields, Some(("building", Some(&|| building(b))))),
        None => world_of(doc, &fields, Some(("building", None))),
    }
}

/// The planner's options from a spec (defaults from [`TrajectoryOptions::default`]).
fn options_of(spec: &TrajectorySpec, n: usize) -> TrajectoryOptions {
    let d = TrajectoryOptions::default();
    TrajectoryOptions {
        model: spec.model,
        order: spec.order.unwrap_or(d.order),
        continuity: spec.continuity.unwrap_or(d.continuity),
        h_min: spec.h_min.unwrap_or(d.h_min),
        h_max: spec.h_max.unwrap_or(d.h_max),
        hdot_min: spec.hdot_min.unwrap_or(d.hdot_min),
        time_max: spec.time_max.unwrap_or(d.time_max),
        velocity_max: spec.velocity_max.as_ref().map(|v| v.expand(n)),
        acceleration: spec.acceleration.clone(),
        cost: spec.cost.clone(),
        boundary: spec.boundary.clone(),
    }
}

/// A library error as a CLI input error, located at its field when the spec holds it.
fn input_error(doc: &SpecDoc, e: GcsError) -> CliError {
    match &e {
        GcsError::InvalidParameter { name, message } => doc.field_error(name, message),
        GcsError::InvalidInstance { field, message } => doc.field_error(field, message),
        GcsError::DimensionMismatch { what, .. } => doc.field_error(what, &e),
        _ => CliError::Input(format!("{}: {e}", doc.name())),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: TrajectorySpec = doc.parse()?;
    let inst = instance_of(doc, &spec)?;
    let opts = options_of(&spec, inst.start.len());
    let problem = TrajectoryProblem::from_instance(&inst, opts).map_err(|e| input_error(doc, e))?;
    if !(2..=100_000).contains(&spec.samples) {
        return Err(doc.field_error("samples", "must be between 2 and 100000"));
    }
    let params = ShortestPathParams {
        rounding: spec.rounding,
        exact: spec.exact,
        branch_and_bound: spec.branch_and_bound,
        two_cycle_cuts: spec.two_cycle_cuts,
        preprocessing: spec.preprocessing,
        tolerance: spec.tolerance,
        solver: spec.solver,
        threads: spec.threads,
    };
    params.validate().map_err(|e| input_error(doc, e))?;
    solve(&problem, &params, spec.samples, spec.plot.width, ctx)
}

/// Solve and package the report, the two SVGs and the dense samples (CSV and JSON).
fn solve(
    problem: &TrajectoryProblem,
    params: &ShortestPathParams,
    samples: usize,
    width: u32,
    ctx: &mut RunContext,
) -> Result<Outcome, CliError> {
    let report = problem
        .solve(params, &mut ctx.observer)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let title = match (report.objective(), report.bound()) {
        (Some(c), Some(b)) => format!("cost {c:.4}, bound {b:.4} ({})", report.status()),
        (Some(c), None) => format!("cost {c:.4} ({})", report.status()),
        _ => format!("{}", report.status()),
    };
    let internal = |e: GcsError| CliError::Internal(e.to_string());
    let svg = trajectory_svg(problem, report.solution.as_ref(), samples, &title, width)
        .map_err(internal)?;
    let mut out = Outcome::new(&report).with_plot(
        "trajectory.svg",
        "Regions and the trajectory (red; dots mark the joints between segments)",
        svg,
    );
    if let Some(traj) = &report.solution {
        let speed = speed_svg(
            traj,
            problem.options().velocity_max.as_deref(),
            samples,
            &format!("speed over time (T = {:.3})", traj.total_time),
        )
        .map_err(internal)?;
        let dense = traj.sample(samples);
        let csv = Trajectory::samples_csv(&dense).map_err(internal)?;
        let json =
            serde_json::to_vec_pretty(&dense).map_err(|e| CliError::Internal(e.to_string()))?;
        out = out
            .with_plot(
                "speed.svg",
                "Speed over time: per axis, Euclidean, and the per-axis bound",
                speed,
            )
            .with_file("trajectory.csv", csv.into_bytes())
            .with_file("trajectory.json", json);
    }
    Ok(out)
}

fn showcase_doc(id: &str) -> Result<SpecDoc, CliError> {
    SpecDoc::from_text(
        id,
        r#"{"kind": "gcs-trajectory"}"#,
        Format::Json,
        Path::new("."),
    )
}

fn maze_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let doc = showcase_doc("gcs-maze-trajectory")?;
    let inst = Maze::generate(12, 20, 1)
        .map_err(|e| CliError::Internal(e.to_string()))?
        .to_instance();
    let opts = TrajectoryOptions {
        order: 3,
        continuity: 1,
        h_min: 1e-3,
        velocity_max: Some(vec![1.0, 1.0]),
        ..Default::default()
    };
    let problem =
        TrajectoryProblem::from_instance(&inst, opts).map_err(|e| input_error(&doc, e))?;
    solve(&problem, &ShortestPathParams::default(), 100, 700, ctx)
}

fn building_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let doc = showcase_doc("gcs-building-flight")?;
    let inst = Building::default()
        .generate(3)
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let opts = TrajectoryOptions {
        model: TrajectoryModel::BezierTimescaling,
        order: 5,
        continuity: 2,
        hdot_min: 1e-3,
        velocity_max: Some(vec![10.0; 3]),
        cost: CostWeights {
            time: 1.0,
            length: 1.0,
            energy: 0.0,
        },
        boundary: BoundaryConditions {
            zero_derivatives: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let problem =
        TrajectoryProblem::from_instance(&inst, opts).map_err(|e| input_error(&doc, e))?;
    solve(&problem, &ShortestPathParams::default(), 100, 500, ctx)
}
