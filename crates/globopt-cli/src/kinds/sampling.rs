//! `kind = "fmt"` and `kind = "gmt"`: sampling-based motion planning with FMT* (the
//! sequential reference) or GMT* (the parallel group expansion) on a world of obstacles or on
//! a GCS instance (the maze format), compared with the certified GCS optimum when the
//! instance allows it (shared digests 13 and 01).
//!
//! ```toml
//! kind = "gmt"                  # or "fmt"
//! instance = "maze.json"        # a GCS instance: regions (free space), edges, start, goal ...
//! # ... or a world of obstacles:
//! # world = { bounds = [[0, 0], [1, 1]], obstacles = [[[0.05, 0.2], [0.45, 0.35]]] }
//! # start = [0.1, 0.1]
//! # goal = [0.9, 0.9]           # or goal_region = [[0.85, 0.85], [0.95, 0.95]]
//! samples = 2000
//! sampler = "uniform"           # or "halton"
//! radius_factor = 2.0           # OMPL's radius multiplier m (2 = the paper's η = 0)
//! # radius = 0.05               # a fixed radius instead;  k_nearest = 12 for k-NN
//! lambda = 0.5                  # GMT*'s group width δ = λ r; cost ≤ (1 + 2λ) × FMT*'s, asymptotically
//! seed = 0
//! runs = 1                      # > 1: seeds seed .. seed + runs − 1, with a cost summary
//! gcs = true                    # solve the same instance with GCS (certified) and report the ratio
//! ```

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_core::plot::{Axes, Series, Style, chart};
use globopt_gcs::{ConvexSet, Instance};
use globopt_sampling::plot::{PlotInput, plot_svg};
use globopt_sampling::{
    GcsReference, Goal, Plan, Planner, PlannerParams, PlanningProblem, Sampler, SamplingError,
    World, WorldSpec, attach_gcs, gcs_reference, plan,
};
use serde::Deserialize;

/// The `fmt` kind.
pub const FMT_KIND: Kind = Kind {
    name: "fmt",
    summary: "FMT* sampling-based motion planning (sequential reference), box/polytope worlds or GCS instances, GCS optimum as yardstick",
    paper: "13 (GMT*, FMT* baseline)",
    run: run_fmt,
};

/// The `gmt` kind.
pub const GMT_KIND: Kind = Kind {
    name: "gmt",
    summary: "GMT* parallel group marching tree, cost ≤ (1 + 2λ) × FMT* asymptotically, GCS optimum as yardstick",
    paper: "13 (GMT*)",
    run: run_gmt,
};

/// The showcases of these kinds in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[
    Showcase {
        id: "sampling-forest",
        title: "GMT* through a 2D forest, against the certified GCS optimum",
        about: "GMT* (λ = 0.5, 3000 uniform samples, the asymptotic-optimality radius) plans \
                through 14 box trees. The same world, cut into free boxes, is solved exactly by \
                GCS with branch and bound: its optimum (dashed) is a certified lower bound on \
                every collision-free path, so the sampled path's cost ratio says how far from \
                optimal it is.",
        run: forest_showcase,
    },
    Showcase {
        id: "sampling-maze",
        title: "GMT* in the paper's 50 × 50 maze, against the certified GCS optimum",
        about: "The maze of the GCS paper (the fixture of shared digest 01): its 2,500 cells are \
                the free space and walls stand between cells with no passage. GMT* with 50,000 \
                samples; the GCS shortest path on the same cells is certified optimal \
                (150.139270), and every sampled path must cost at least as much; the excess \
                shrinks as samples grow.",
        run: maze_showcase,
    },
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SamplingSpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    instance: Option<String>,
    #[serde(default)]
    world: Option<WorldSpec>,
    #[serde(default)]
    start: Option<Vec<f64>>,
    #[serde(default)]
    goal: Option<Vec<f64>>,
    #[serde(default)]
    goal_region: Option<[Vec<f64>; 2]>,
    #[serde(default = "default_samples")]
    samples: usize,
    #[serde(default)]
    sampler: Sampler,
    #[serde(default = "default_factor")]
    radius_factor: f64,
    #[serde(default)]
    radius: Option<f64>,
    #[serde(default)]
    k_nearest: Option<usize>,
    #[serde(default = "default_lambda")]
    lambda: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    threads: usize,
    #[serde(default)]
    time_limit_s: Option<f64>,
    #[serde(default = "default_runs")]
    runs: usize,
    #[serde(default = "yes")]
    gcs: bool,
}

fn default_samples() -> usize {
    2000
}
fn default_factor() -> f64 {
    2.0
}
fn default_lambda() -> f64 {
    0.5
}
fn default_runs() -> usize {
    1
}
fn yes() -> bool {
    true
}

fn run_fmt(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    run(doc, ctx, Planner::Fmt)
}

fn run_gmt(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    run(doc, ctx, Planner::Gmt)
}

/// A library error as a CLI error located at the field it names.
fn located(doc: &SpecDoc, e: SamplingError) -> CliError {
    match &e {
        SamplingError::Param { name, message } => doc.field_error(name, message),
        SamplingError::World { field, message } => {
            let top = field.split(['[', '.']).next().unwrap_or(field);
            let key = match top {
                "start" | "goal" | "goal_region" => field.clone(),
                _ if doc.locate("world").is_some() => format!("world.{field}"),
                _ => "instance".to_string(),
            };
            doc.field_error(&key, message)
        }
        SamplingError::Dimension { what, .. } => doc.field_error(what, &e),
        _ => CliError::Input(format!("{}: {e}", doc.name())),
    }
}

fn problem_of(doc: &SpecDoc, spec: &SamplingSpec) -> Result<PlanningProblem, CliError> {
    match (&spec.instance, &spec.world) {
        (Some(path), None) => {
            let file = doc.resolve(path);
            let text = std::fs::read_to_string(&file).map_err(|e| {
                doc.field_error("instance", format!("cannot read {}: {e}", file.display()))
            })?;
            let inst = Instance::from_json(&text)
                .map_err(|e| doc.field_error("instance", format!("{}: {e}", file.display())))?;
            let mut inst = inst;
            if let Some(s) = &spec.start {
                inst.start = s.clone();
            }
            if let Some(g) = &spec.goal {
                inst.goal = g.clone();
            }
            PlanningProblem::from_instance(&inst).map_err(|e| located(doc, e))
        }
        (None, Some(w)) => {
            let world = World::from_spec(w).map_err(|e| located(doc, e))?;
            let start = spec
                .start
                .clone()
                .ok_or_else(|| doc.field_error("start", "missing: a world needs `start`"))?;
            let goal = match (&spec.goal, &spec.goal_region) {
                (Some(g), None) => Goal::Point(g.clone()),
                (None, Some(r)) => Goal::Region(r.clone()),
                (Some(_), Some(_)) => {
                    return Err(
                        doc.field_error("goal_region", "give `goal` or `goal_region`, not both")
                    );
                }
                (None, None) => {
                    return Err(
                        doc.field_error("goal", "missing: give `goal` (a point) or `goal_region`")
                    );
                }
            };
            PlanningProblem::new(world, start, goal).map_err(|e| located(doc, e))
        }
        (Some(_), Some(_)) => Err(doc.field_error("world", "give `instance` or `world`, not both")),
        (None, None) => Err(CliError::Input(format!(
            "{}: missing field `instance` (a GCS instance JSON) or `world` (bounds and obstacles)",
            doc.name()
        ))),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext, planner: Planner) -> Result<Outcome, CliError> {
    let spec: SamplingSpec = doc.parse()?;
    let problem = problem_of(doc, &spec)?;
    if spec.runs == 0 {
        return Err(doc.field_error("runs", "must be at least 1"));
    }
    let params = PlannerParams {
        planner,
        samples: spec.samples,
        sampler: spec.sampler,
        radius_factor: spec.radius_factor,
        radius: spec.radius,
        k_nearest: spec.k_nearest,
        lambda: spec.lambda,
        seed: spec.seed,
        threads: spec.threads,
        time_limit_s: spec.time_limit_s,
    };
    params.validate().map_err(|e| located(doc, e))?;
    solve_and_draw(&problem, &params, spec.runs, spec.gcs, ctx)
}

/// Plan `runs` times (seeds `seed..seed+runs`), keep the first run's tree for the plot, attach
/// the GCS optimum when asked and possible, and draw.
fn solve_and_draw(
    problem: &PlanningProblem,
    params: &PlannerParams,
    runs: usize,
    with_gcs: bool,
    ctx: &mut RunContext,
) -> Result<Outcome, CliError> {
    let reference: Option<GcsReference> = match (&problem.goal, with_gcs) {
        (Goal::Point(g), true) => {
            match gcs_reference(
                &problem.world,
                &problem.start,
                g,
                true,
                200,
                &mut ctx.observer,
            ) {
                Ok(r) => Some(r),
                Err(SamplingError::World { field, message }) => {
                    eprintln!("note: no GCS comparison ({field}: {message})");
                    None
                }
                Err(e) => return Err(CliError::Internal(e.to_string())),
            }
        }
        _ => None,
    };
    let mut plans: Vec<Plan> = Vec::with_capacity(runs);
    for r in 0..runs {
        let p = PlannerParams {
            seed: params.seed + r as u64,
            ..params.clone()
        };
        plans.push(
            plan(problem, &p, &mut ctx.observer).map_err(|e| CliError::Input(e.to_string()))?,
        );
    }
    let first = &plans[0];
    let mut report = first.report.clone();
    if let Some(r) = &reference {
        report = attach_gcs(report, r);
    }
    if runs > 1 {
        let rows: Vec<serde_json::Value> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                serde_json::json!({"seed": params.seed + i as u64, "cost": p.report.objective(),
                    "collision_checks": p.report.evaluations, "planning_s": p.timings.planning_s,
                    "total_s": p.report.elapsed_s})
            })
            .collect();
        let mut costs: Vec<f64> = plans.iter().filter_map(|p| p.report.objective()).collect();
        costs.sort_by(f64::total_cmp);
        let q = |f: f64| -> Option<f64> {
            if costs.is_empty() {
                return None;
            }
            let x = f * (costs.len() - 1) as f64;
            let (a, b) = (x.floor() as usize, x.ceil() as usize);
            Some(costs[a] + (costs[b] - costs[a]) * (x - a as f64))
        };
        let mean = (!costs.is_empty()).then(|| costs.iter().sum::<f64>() / costs.len() as f64);
        report.set_detail("runs", rows);
        report.set_detail(
            "summary",
            serde_json::json!({"success_rate": costs.len() as f64 / runs as f64, "mean": mean,
                "median": q(0.5), "iqr": q(0.75).zip(q(0.25)).map(|(a, b)| a - b),
                "min": costs.first(), "max": costs.last()}),
        );
    }
    let title = match (report.objective(), &reference) {
        (
            Some(c),
            Some(GcsReference {
                optimum: Some(o), ..
            }),
        ) => format!(
            "{}: cost {c:.4}, GCS optimum {o:.4} (ratio {:.4}), {} nodes",
            params.planner.kind().to_uppercase() + "*",
            c / o,
            first.samples.len()
        ),
        (Some(c), _) => format!(
            "{}: cost {c:.4}, {} nodes",
            params.planner.kind().to_uppercase() + "*",
            first.samples.len()
        ),
        (None, _) => format!(
            "{}: no path found",
            params.planner.kind().to_uppercase() + "*"
        ),
    };
    let path = first.report.solution.as_ref().map(|s| s.waypoints.clone());
    let svg = plot_svg(&PlotInput {
        world: &problem.world,
        start: &problem.start,
        goal: &problem.goal,
        tree: Some((&first.samples, &first.tree)),
        path: path.as_deref(),
        gcs_path: reference.as_ref().map(|r| r.waypoints.as_slice()),
        title: &title,
    })
    .map_err(|e| CliError::Internal(e.to_string()))?;
    let mut out = Outcome::new(&report).with_plot(
        "plan.svg",
        "World, tree (faint), path (bold) and GCS optimum (dashed)",
        svg,
    );
    if let Some(p) = &path {
        let mut csv = String::from("index");
        for k in 0..problem.world.dim() {
            csv.push_str(&format!(",x{}", k + 1));
        }
        csv.push('\n');
        for (i, w) in p.iter().enumerate() {
            let xs: Vec<String> = w.iter().map(|v| v.to_string()).collect();
            csv.push_str(&format!("{i},{}\n", xs.join(",")));
        }
        out = out.with_file("path.csv", csv.into_bytes());
    }
    if runs > 1 {
        let mut costs: Vec<f64> = plans.iter().filter_map(|p| p.report.objective()).collect();
        costs.sort_by(f64::total_cmp);
        let pts: Vec<(f64, f64)> = costs
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, (i + 1) as f64 / costs.len() as f64))
            .collect();
        let svg = chart(
            &Axes::new(
                "Path cost over seeds (empirical CDF)",
                "cost",
                "fraction of runs",
            ),
            &[Series::new("cost", pts, Style::Step, 0)],
            None,
            None,
        )?;
        out = out.with_plot("costs.svg", "Cost distribution over seeds", svg);
    }
    Ok(out)
}

fn forest_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let trees: [([f64; 2], [f64; 2]); 14] = [
        ([0.10, 0.25], [0.18, 0.40]),
        ([0.22, 0.05], [0.30, 0.18]),
        ([0.28, 0.45], [0.38, 0.55]),
        ([0.15, 0.65], [0.25, 0.80]),
        ([0.40, 0.20], [0.48, 0.35]),
        ([0.45, 0.62], [0.55, 0.72]),
        ([0.52, 0.40], [0.60, 0.52]),
        ([0.35, 0.85], [0.45, 0.95]),
        ([0.62, 0.10], [0.70, 0.25]),
        ([0.65, 0.75], [0.75, 0.88]),
        ([0.72, 0.45], [0.80, 0.58]),
        ([0.80, 0.20], [0.90, 0.32]),
        ([0.85, 0.62], [0.93, 0.72]),
        ([0.58, 0.88], [0.66, 0.98]),
    ];
    let obstacles = trees
        .iter()
        .map(|(l, h)| ConvexSet::aabox(l.to_vec(), h.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let world = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], obstacles)
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let problem = PlanningProblem::new(world, vec![0.03, 0.03], Goal::Point(vec![0.97, 0.97]))
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let params = PlannerParams {
        planner: Planner::Gmt,
        samples: 3000,
        seed: 1,
        ..Default::default()
    };
    solve_and_draw(&problem, &params, 1, true, ctx)
}

/// The maze fixture of digest 01, compiled in so that the demo needs no files.
const MAZE50: &str = include_str!("../../../../examples/gcs/maze50_seed4.json");

fn maze_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let instance = Instance::from_json(MAZE50).map_err(|e| CliError::Internal(e.to_string()))?;
    let problem =
        PlanningProblem::from_instance(&instance).map_err(|e| CliError::Internal(e.to_string()))?;
    let params = PlannerParams {
        planner: Planner::Gmt,
        samples: 50_000,
        seed: 1,
        ..Default::default()
    };
    solve_and_draw(&problem, &params, 1, true, ctx)
}
