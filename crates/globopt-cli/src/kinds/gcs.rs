//! `kind = "gcs-shortest-path"`: the shortest path through a graph of convex free-space
//! regions (globopt-gcs, shared digest 01). The convex relaxation's cost is the `bound`,
//! randomized rounding (or branch and bound with `exact = true`) gives the `objective`, and
//! the report is `optimal` only when the gap is within the tolerance.
//!
//! ```toml
//! kind = "gcs-shortest-path"
//! instance = "maze50_seed4.json"   # regions/edges/start/goal as JSON (the maze fixture's format) ...
//! # regions = [[[0, 0], [1, 1]], { A = [[1, 0], [-1, 0], [0, 1], [0, -1]], b = [2, -1, 1, 0] }]
//! # edges = [[0, 1], [1, 0]]      # optional: derived by edge_rule = "facet" | "contact" | "overlap"
//! # start = [0.5, 0.5]
//! # goal = [1.5, 0.5]
//! # cost = "length"              # or "squared-length", or "time" with speed = [vx, vy]
//! # maze = { size = 20, knock_downs = 30, seed = 1 }   # ... or a generated maze
//! exact = false                    # branch and bound after rounding
//! two_cycle_cuts = true
//! preprocessing = false            # the LP edge elimination (slow on large graphs)
//! threads = 0                      # restriction solves in parallel (0 = all cores)
//!
//! [rounding]
//! paths = 10
//! trials = 100
//! seed = 0
//! # flow_tol = 1e-5
//! # [branch_and_bound]  node_limit = 1000, time_limit_s = 60
//! # [solver]            globopt_conic::Settings (tolerances, max_iter, linear_solver = "faer")
//! # [tolerance]         abs = 1e-6, rel = 1e-6
//! # [plot]              width = 800, show_graph = true, show_flows = true
//! ```

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::{Format, SpecDoc};
use globopt_conic::Settings;
use globopt_core::Tolerance;
use globopt_gcs::{
    BranchAndBoundParams, EdgeRule, GcsError, Instance, Maze, PathCost, PlotOptions, RegionProblem,
    RegionSpec, RoundingParams, ShortestPathParams, plot_svg,
};
use serde::Deserialize;
use std::path::Path;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "gcs-shortest-path",
    summary: "shortest path through convex regions (graph of convex sets): relaxation bound, rounding, branch and bound",
    paper: "01 (GCS motion planning)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[
    Showcase {
        id: "gcs-maze50",
        title: "Shortest path through a 50×50 maze (graph of convex sets)",
        about: "The paper's maze: 2,500 unit cells, 5,198 directed passages. One convex \
                relaxation (Clarabel) bounds the shortest path from below; randomized rounding \
                of its flows finds a path whose length equals the bound, so the path is \
                certified optimal. The relaxation's flows (blue, shaded by φ) include \
                zero-cost circulations that rounding ignores.",
        run: maze50_showcase,
    },
    Showcase {
        id: "gcs-exact",
        title: "Closing a relaxation gap with branch and bound",
        about: "Eight unit cells around a missing centre: two mirror-image routes of length \
                2√5 = 4.472136. The relaxation splits its flow between them and proves only \
                4.357388 (a 2.6 % gap); branch and bound over the edge flows closes the gap \
                and certifies the path.",
        run: exact_showcase,
    },
];

/// The maze fixture of the paper, compiled in so that the demo needs no files.
const MAZE50: &str = include_str!("../../../../examples/gcs/maze50_seed4.json");

/// A generated maze (`maze = { size, knock_downs, seed }`), in both GCS kinds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MazeSpec {
    size: usize,
    #[serde(default)]
    knock_downs: usize,
    #[serde(default)]
    seed: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GcsSpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    instance: Option<String>,
    #[serde(default)]
    maze: Option<MazeSpec>,
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
    cost: Option<PathCost>,
    #[serde(default)]
    speed: Option<Vec<f64>>,
    #[serde(default)]
    tol: Option<f64>,
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
    plot: PlotOptions,
}

fn yes() -> bool {
    true
}

/// The instance of a spec: a JSON file, a generated maze, or inline regions; the inline
/// fields `edges`, `edge_rule`, `cost`, `speed`, `tol` (and `start`/`goal` with a maze or a
/// file) override the instance's own.
fn instance_of(doc: &SpecDoc, spec: &GcsSpec) -> Result<Instance, CliError> {
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
    let mut inst = world_of(doc, &fields, None)?;
    if let Some(c) = spec.cost {
        inst.cost = c;
    }
    if spec.speed.is_some() {
        inst.speed = spec.speed.clone();
    }
    Ok(inst)
}

/// The spec fields that say where a GCS world comes from and what overrides it, shared by
/// `gcs-shortest-path` and `gcs-trajectory`.
pub(crate) struct WorldFields<'a> {
    /// A JSON instance file (the maze fixture's format), relative to the spec.
    pub instance: Option<&'a str>,
    /// A generated maze.
    pub maze: Option<&'a MazeSpec>,
    /// Inline regions (then `start` and `goal` are required).
    pub regions: Option<&'a Vec<RegionSpec>>,
    /// Explicit edges, replacing the instance's.
    pub edges: Option<&'a Vec<[usize; 2]>>,
    /// The rule that derives edges from region intersections.
    pub edge_rule: Option<EdgeRule>,
    /// Start point, replacing the instance's.
    pub start: Option<&'a Vec<f64>>,
    /// Goal point, replacing the instance's.
    pub goal: Option<&'a Vec<f64>>,
    /// Geometric tolerance, replacing the instance's.
    pub tol: Option<f64>,
}

/// A kind's own world generator: the spec field that asks for it (e.g. `building`) and, when
/// the spec gives that field, the closure that builds the instance.
pub(crate) type WorldGenerator<'a> = (
    &'static str,
    Option<&'a dyn Fn() -> Result<Instance, CliError>>,
);

/// The world of a spec: exactly one of a JSON `instance`, a `maze`, the kind's `generator`
/// or inline `regions`, then the inline `edges`, `edge_rule`, `start`, `goal`, `tol` override
/// the instance's own.
pub(crate) fn world_of(
    doc: &SpecDoc,
    fields: &WorldFields,
    generator: Option<WorldGenerator>,
) -> Result<Instance, CliError> {
    let mut sources = vec![
        ("`instance` (a JSON file)", fields.instance.is_some()),
        ("`maze`", fields.maze.is_some()),
    ];
    let named = generator.map(|(name, build)| (format!("`{name}`"), build.is_some()));
    if let Some((name, given)) = &named {
        sources.push((name.as_str(), *given));
    }
    sources.push(("`regions`", fields.regions.is_some()));
    if sources.iter().filter(|(_, given)| *given).count() != 1 {
        let names: Vec<&str> = sources.iter().map(|(name, _)| *name).collect();
        let (last, first) = names.split_last().unwrap_or((&"", &[]));
        return Err(doc.field_error(
            "instance",
            format!("give exactly one of {} or {last}", first.join(", ")),
        ));
    }
    let mut inst = if let Some(file) = fields.instance {
        let path = doc.resolve(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            doc.field_error("instance", format!("cannot read {}: {e}", path.display()))
        })?;
        Instance::from_json(&text)
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?
    } else if let Some(m) = fields.maze {
        Maze::generate(m.size, m.knock_downs, m.seed)
            .map_err(|e| doc.field_error("maze", e))?
            .to_instance()
    } else if let Some((_, Some(generate))) = generator {
        generate()?
    } else {
        let (Some(start), Some(goal)) = (fields.start, fields.goal) else {
            return Err(doc.field_error("regions", "inline regions need `start` and `goal`"));
        };
        Instance {
            regions: fields.regions.cloned().unwrap_or_default(),
            edges: None,
            edge_rule: EdgeRule::default(),
            start: start.clone(),
            goal: goal.clone(),
            cost: PathCost::default(),
            speed: None,
            tol: 1e-7,
            size: None,
            description: None,
        }
    };
    if fields.edges.is_some() {
        inst.edges = fields.edges.cloned();
    }
    if let Some(rule) = fields.edge_rule {
        inst.edge_rule = rule;
        if fields.edges.is_none() && fields.regions.is_none() {
            // a rule asks for derived edges instead of the file's list
            inst.edges = None;
        }
    }
    if let Some(s) = fields.start {
        inst.start = s.clone();
    }
    if let Some(g) = fields.goal {
        inst.goal = g.clone();
    }
    if let Some(t) = fields.tol {
        inst.tol = t;
    }
    Ok(inst)
}

/// A library error as a CLI input error, located at its field when the spec holds it.
fn input_error(doc: &SpecDoc, inline: bool, e: GcsError) -> CliError {
    match (&e, inline) {
        (GcsError::InvalidInstance { field, message }, true) => doc.field_error(field, message),
        (GcsError::InvalidParameter { name, message }, _) => doc.field_error(name, message),
        _ => CliError::Input(format!("{}: {e}", doc.name())),
    }
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: GcsSpec = doc.parse()?;
    let inst = instance_of(doc, &spec)?;
    let inline = spec.regions.is_some();
    let problem = RegionProblem::from_instance(&inst).map_err(|e| input_error(doc, inline, e))?;
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
    params.validate().map_err(|e| input_error(doc, inline, e))?;
    solve(&problem, &params, &spec.plot, ctx)
}

/// Solve and package the report, the SVG and the path as CSV.
fn solve(
    problem: &RegionProblem,
    params: &ShortestPathParams,
    plot: &PlotOptions,
    ctx: &mut RunContext,
) -> Result<Outcome, CliError> {
    let report = problem
        .solve(params, &mut ctx.observer)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let mut plot = plot.clone();
    if plot.title.is_none() {
        plot.title = Some(match (report.objective(), report.bound()) {
            (Some(c), Some(b)) => format!("path {c:.6}, bound {b:.6} ({})", report.status()),
            (Some(c), None) => format!("path {c:.6} ({})", report.status()),
            _ => format!("{}", report.status()),
        });
    }
    let svg = plot_svg(problem, report.solution.as_ref(), &plot)
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let mut out = Outcome::new(&report).with_plot(
        "path.svg",
        "Regions, graph, relaxation flows (blue, shaded by φ) and the best path (red)",
        svg,
    );
    if let Some(sol) = &report.solution {
        let dim = problem.dim();
        let mut csv: String = (1..=dim)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(",");
        csv.push('\n');
        for p in problem.waypoints(sol) {
            csv.push_str(&p.iter().map(f64::to_string).collect::<Vec<_>>().join(","));
            csv.push('\n');
        }
        out = out.with_file("path.csv", csv.into_bytes());
    }
    Ok(out)
}

fn maze50_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let doc = SpecDoc::from_text(
        "gcs-maze50",
        r#"{"kind": "gcs-shortest-path", "instance": "maze50_seed4.json"}"#,
        Format::Json,
        Path::new("."),
    )?;
    let inst = Instance::from_json(MAZE50).map_err(|e| CliError::Internal(e.to_string()))?;
    let problem = RegionProblem::from_instance(&inst).map_err(|e| input_error(&doc, false, e))?;
    solve(
        &problem,
        &ShortestPathParams::default(),
        &PlotOptions::default(),
        ctx,
    )
}

fn exact_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let regions = (0..3)
        .flat_map(|x| (0..3).map(move |y| (x, y)))
        .filter(|&c| c != (1, 1))
        .map(|(x, y)| {
            let (x, y) = (f64::from(x), f64::from(y));
            RegionSpec::Box([vec![x, y], vec![x + 1.0, y + 1.0]])
        })
        .collect();
    let inst = Instance {
        regions,
        edges: None,
        edge_rule: EdgeRule::Facet,
        start: vec![0.0, 0.0],
        goal: vec![3.0, 3.0],
        cost: PathCost::Length,
        speed: None,
        tol: 1e-7,
        size: None,
        description: None,
    };
    let problem =
        RegionProblem::from_instance(&inst).map_err(|e| CliError::Internal(e.to_string()))?;
    let params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    solve(&problem, &params, &PlotOptions::default(), ctx)
}
