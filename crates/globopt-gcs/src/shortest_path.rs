//! The shortest-path solve end to end (shared digest 01, steps 4–9): graph search (an
//! `Infeasible` answer needs no solve), optional LP preprocessing, the convex relaxation (the
//! lower bound), randomized rounding with parallel restrictions (the objective), and
//! optionally the exact branch and bound. The report's `bound` is the relaxation cost (or the
//! branch-and-bound bound) and `objective` the best path's cost; it is `Optimal` only when
//! the gap is within the tolerance.

use crate::branch_and_bound::{
    BranchAndBound, BranchAndBoundInput, BranchAndBoundParams, branch_and_bound,
};
use crate::error::GcsError;
use crate::graph::Gcs;
use crate::preprocessing::{Preprocessed, eliminate_edges};
use crate::relaxation::{Relaxation, RelaxationInput, solve_relaxation};
use crate::restriction::Restriction;
use crate::rounding::{
    RoundingParams, best_restriction, in_pool, sample_paths, solve_restrictions,
};
use crate::search::path_edges;
use crate::signs::check_cost_signs;
use globopt_conic::Settings;
use globopt_core::{Event, Observer, Report, Status, Tolerance, TracePoint};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The report kind of a shortest-path solve.
pub const KIND: &str = "gcs-shortest-path";

/// Parameters of [`solve_shortest_path`], with documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShortestPathParams {
    /// Randomized rounding (default: 10 paths, 100 trials, seed 0, flow tolerance 1e-5).
    pub rounding: RoundingParams,
    /// Run the exact branch and bound after rounding (default false).
    pub exact: bool,
    /// Limits of the branch and bound (default 1000 nodes, no time limit).
    pub branch_and_bound: BranchAndBoundParams,
    /// Add the two-cycle cuts to the relaxation (default true, as in Drake).
    pub two_cycle_cuts: bool,
    /// Run the LP edge elimination before the relaxation (default false: it can cost far
    /// more than the solve).
    pub preprocessing: bool,
    /// Gap tolerance of the certificate (default 1e-6 absolute or relative).
    pub tolerance: Tolerance,
    /// Clarabel settings (default tolerances 1e-8, 200 iterations, QDLDL).
    pub solver: Settings,
    /// Threads for the parallel restriction solves and preprocessing LPs (default 0: rayon's
    /// global pool).
    pub threads: usize,
}

impl Default for ShortestPathParams {
    fn default() -> Self {
        ShortestPathParams {
            rounding: RoundingParams::default(),
            exact: false,
            branch_and_bound: BranchAndBoundParams::default(),
            two_cycle_cuts: true,
            preprocessing: false,
            tolerance: Tolerance::default(),
            solver: Settings::default(),
            threads: 0,
        }
    }
}

impl ShortestPathParams {
    /// Error naming the first parameter out of range.
    pub fn validate(&self) -> Result<(), GcsError> {
        self.rounding.validate()?;
        self.branch_and_bound.validate()?;
        self.solver.validate()?;
        let t = self.tolerance;
        if !(t.abs.is_finite() && t.abs >= 0.0 && t.rel.is_finite() && t.rel >= 0.0) {
            return Err(GcsError::param(
                "tolerance",
                "abs and rel must be nonnegative numbers",
            ));
        }
        Ok(())
    }
}

/// The answer of a shortest-path solve: the best path with its points, and the relaxation's
/// flows (for plots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GcsSolution {
    /// The path's vertices, source first.
    pub vertices: Vec<usize>,
    /// Their names.
    pub names: Vec<String>,
    /// The path's edges.
    pub edges: Vec<usize>,
    /// `x_v` for every vertex of the path.
    pub points: Vec<Vec<f64>>,
    /// The relaxation's `φ_e` for every edge of the graph.
    pub flows: Vec<f64>,
}

/// Timings and sizes of a solve, reported as details.
#[derive(Debug, Clone, Default, Serialize)]
struct Rounded {
    trials: usize,
    unique_paths: usize,
    restriction_costs: Vec<Option<f64>>,
    restriction_time_total_s: f64,
    restriction_time_max_s: f64,
    time_s: f64,
}

fn thread_pool(threads: usize) -> Result<Option<rayon::ThreadPool>, GcsError> {
    if threads == 0 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map(Some)
        .map_err(|e| GcsError::param("threads", format!("thread pool failed: {e}")))
}

/// Solve the shortest path from `source` to `target` in `gcs` (see the module documentation).
///
/// Errors are malformed input (ids, parameters, a cost that is negative on its sets); every
/// solver outcome is a status of the report: `Infeasible` when the graph has no path (by
/// search, before any solve) or the relaxation is infeasible, `Optimal` when the rounded (or
/// branch-and-bound) path is within the tolerance of the bound, `Feasible` otherwise,
/// `BudgetExhausted` when the observer or a limit stopped the solve first.
pub fn solve_shortest_path(
    gcs: &Gcs,
    source: usize,
    target: usize,
    params: &ShortestPathParams,
    observer: &mut dyn Observer,
) -> Result<Report<GcsSolution>, GcsError> {
    solve_path_problem(KIND, gcs, source, target, params, observer)
}

/// [`solve_shortest_path`] with the report's `kind` set by the caller (the trajectory planner
/// runs the same engine and reports as `gcs-trajectory`).
pub(crate) fn solve_path_problem(
    kind: &str,
    gcs: &Gcs,
    source: usize,
    target: usize,
    params: &ShortestPathParams,
    observer: &mut dyn Observer,
) -> Result<Report<GcsSolution>, GcsError> {
    let started = Instant::now();
    params.validate()?;
    gcs.check_vertex(source, "source")?;
    gcs.check_vertex(target, "target")?;
    if source == target {
        return Err(GcsError::param("target", "must differ from the source"));
    }
    let name = |v: usize| gcs.vertex(v).name().to_string();
    let mut active = path_edges(gcs, source, target, &vec![true; gcs.num_edges()]);
    if !active.iter().any(|&a| a) {
        return Ok(Report::infeasible(
            kind,
            format!(
                "no path from `{}` to `{}` in the graph (graph search, before any solve)",
                name(source),
                name(target)
            ),
        )
        .timed(started));
    }
    check_cost_signs(gcs, &active, &params.solver)?;
    let pool = thread_pool(params.threads)?;
    let mut preprocessed: Option<Preprocessed> = None;
    if params.preprocessing {
        let p = eliminate_edges(
            gcs,
            source,
            target,
            &active,
            &params.solver,
            pool.as_ref(),
            observer,
        )?;
        if p.stopped {
            return Ok(Report::budget_exhausted_without_solution(
                kind,
                "stopped during preprocessing",
            )
            .timed(started));
        }
        active = path_edges(gcs, source, target, &p.active);
        preprocessed = Some(p);
        if !active.iter().any(|&a| a) {
            return Ok(Report::infeasible(
                kind,
                "preprocessing removed every edge: no simple path exists",
            )
            .timed(started));
        }
    }
    if observer.should_stop() {
        return Ok(Report::budget_exhausted_without_solution(
            kind,
            "stopped before the relaxation",
        )
        .timed(started));
    }
    observer.on_event(&Event::Started {
        phase: "relaxation",
        total: None,
    });
    let input = RelaxationInput {
        gcs,
        source,
        target,
        active: &active,
        fixed_on: &[],
        two_cycle_cuts: params.two_cycle_cuts,
    };
    let mut relax = solve_relaxation(&input, &params.solver, None)?;
    let mut solves = 1u64;
    let mut retry_note = None;
    if relax.status == Status::Feasible {
        // Clarabel stopped at reduced accuracy (AlmostSolved): solve again with tolerances
        // 100× looser, which it can usually meet in full, so that a bound can be claimed
        let loose = loosened(&params.solver);
        let again = solve_relaxation(&input, &loose, None)?;
        solves += 1;
        if again.status == Status::Optimal {
            retry_note = Some(format!(
                "the relaxation reached only reduced accuracy ({}) at the requested tolerances; \
                 it was solved again with tolerances {:e}, and that solve gives the bound",
                relax.solver_status, loose.tol_gap_rel
            ));
            relax = again;
        }
    }
    observer.on_event(&Event::Finished);
    let mut trace = vec![TracePoint {
        time_s: started.elapsed().as_secs_f64(),
        evaluations: solves,
        incumbent: None,
        bound: relax.bound(),
    }];
    match relax.status {
        Status::Optimal | Status::Feasible => {}
        Status::Infeasible => {
            return Ok(with_relaxation_details(
                Report::infeasible(
                    kind,
                    "the convex relaxation is infeasible, so no path satisfies the sets and constraints",
                ),
                &relax,
            )
            .timed(started));
        }
        Status::Unbounded => {
            return Ok(with_relaxation_details(
                Report::unbounded(
                    kind,
                    "the relaxation is unbounded (a cost decreases without bound)",
                ),
                &relax,
            )
            .timed(started));
        }
        Status::BudgetExhausted => {
            return Ok(with_relaxation_details(
                Report::budget_exhausted_without_solution(
                    kind,
                    format!("the relaxation stopped early ({})", relax.solver_status),
                ),
                &relax,
            )
            .timed(started));
        }
        Status::Error => {
            return Ok(with_relaxation_details(
                Report::error(
                    kind,
                    format!("the relaxation failed ({})", relax.solver_status),
                ),
                &relax,
            )
            .timed(started));
        }
    }
    // rounding
    let t_round = Instant::now();
    observer.on_event(&Event::Started {
        phase: "rounding",
        total: Some(params.rounding.paths as u64),
    });
    let sampled = sample_paths(gcs, source, target, &relax.flows, &params.rounding, 0);
    let restrictions = in_pool(pool.as_ref(), || {
        solve_restrictions(gcs, &sampled.paths, &params.solver)
    })?;
    solves += restrictions.len() as u64;
    observer.on_event(&Event::Finished);
    let rounded = Rounded {
        trials: sampled.trials,
        unique_paths: sampled.paths.len(),
        restriction_costs: restrictions
            .iter()
            .map(|r| r.is_solved().then_some(r.cost))
            .collect(),
        restriction_time_total_s: restrictions.iter().map(|r| r.solve_time_s).sum(),
        restriction_time_max_s: restrictions
            .iter()
            .map(|r| r.solve_time_s)
            .fold(0.0, f64::max),
        time_s: t_round.elapsed().as_secs_f64(),
    };
    let mut best: Option<Restriction> =
        best_restriction(&restrictions).map(|i| restrictions[i].clone());
    let rounded_cost = best.as_ref().map(|r| r.cost);
    trace.push(TracePoint {
        time_s: started.elapsed().as_secs_f64(),
        evaluations: solves,
        incumbent: rounded_cost,
        bound: relax.bound(),
    });
    let mut bound = relax.bound();
    let mut bnb: Option<BranchAndBound> = None;
    if params.exact && !observer.should_stop() {
        let result = branch_and_bound(
            BranchAndBoundInput {
                gcs,
                source,
                target,
                active: &active,
                root: &relax,
                incumbent: best.clone(),
                two_cycle_cuts: params.two_cycle_cuts,
                settings: &params.solver,
                rounding: &params.rounding,
                tolerance: params.tolerance,
                limits: &params.branch_and_bound,
                pool: pool.as_ref(),
            },
            observer,
        )?;
        solves += result.solves;
        let offset = trace.last().map_or(0.0, |t| t.time_s);
        trace.extend(result.trace.iter().map(|t| TracePoint {
            time_s: offset + t.time_s,
            evaluations: 2 + t.evaluations,
            ..*t
        }));
        best = result.incumbent.clone();
        if result.bound.is_finite() || result.complete {
            bound = Some(match bound {
                Some(b) => b.max(result.bound),
                None => result.bound,
            });
        }
        bnb = Some(result);
    }
    let mut report = match &best {
        Some(r) => {
            let names = r.vertices.iter().map(|&v| name(v)).collect();
            let sol = GcsSolution {
                vertices: r.vertices.clone(),
                names,
                edges: r.edges.clone(),
                points: r.points.clone(),
                flows: relax.flows.clone(),
            };
            let mut rep = Report::feasible(kind, sol, r.cost);
            if let Some(b) = bound {
                rep = rep.certify(b, params.tolerance);
            } else {
                rep.warnings.push(format!(
                    "the relaxation reached only reduced accuracy ({}); no bound is claimed",
                    relax.solver_status
                ));
            }
            if r.status == Status::Feasible {
                rep.warnings.push(format!(
                    "the best path's restriction reached only reduced accuracy ({})",
                    r.solver_status
                ));
            }
            rep
        }
        None => match &bnb {
            Some(b) if b.complete => Report::infeasible(
                kind,
                "branch and bound closed every node without a feasible path",
            ),
            _ => Report::budget_exhausted_without_solution(
                kind,
                "rounding found no path with a feasible restriction; run with exact = true to decide",
            ),
        },
    };
    if let Some(b) = &bnb
        && let Some(reason) = &b.stop_reason
        && report.status() != Status::Optimal
        && report.status().has_solution()
    {
        report = report.budget_exhausted(format!("branch and bound stopped: {reason}"));
    }
    report.trace = trace;
    if let Some(note) = retry_note {
        report.warnings.push(note);
    }
    let report = with_relaxation_details(report, &relax)
        .with_detail("rounded_cost", rounded_cost)
        .with_detail("rounding", &rounded)
        .with_detail("relaxation_gap", rounded_cost.map(|c| (c - relax.cost) / relax.cost.abs().max(1e-10)))
        .with_detail(
            "graph",
            serde_json::json!({
                "vertices": gcs.num_vertices(),
                "edges": gcs.num_edges(),
                "active_edges": active.iter().filter(|&&a| a).count(),
            }),
        )
        .with_detail("preprocessing", preprocessed.map(|p| {
            serde_json::json!({"edges_removed": p.removed, "lps": p.lps, "time_s": p.time_s})
        }))
        .with_detail(
            "branch_and_bound",
            bnb.as_ref().map(|b| {
                serde_json::json!({
                    "nodes": b.nodes,
                    "open_nodes": b.open_nodes,
                    "complete": b.complete,
                    "bound": b.bound,
                    "exact_cost": b.incumbent.as_ref().map(|r| r.cost),
                    "time_s": b.time_s,
                    "stop_reason": b.stop_reason,
                })
            }),
        )
        .with_detail("seed", params.rounding.seed)
        .with_evaluations(solves)
        .timed(started);
    Ok(report)
}

/// The settings with every tolerance 100× looser (at most 1e-4).
fn loosened(settings: &Settings) -> Settings {
    let loose = |t: f64| (100.0 * t).min(1e-4).max(t);
    Settings {
        tol_gap_abs: loose(settings.tol_gap_abs),
        tol_gap_rel: loose(settings.tol_gap_rel),
        tol_feas: loose(settings.tol_feas),
        ..settings.clone()
    }
}

fn with_relaxation_details<S>(report: Report<S>, relax: &Relaxation) -> Report<S> {
    report
        .with_detail(
            "relaxation_cost",
            relax.cost.is_finite().then_some(relax.cost),
        )
        .with_detail(
            "relaxation",
            serde_json::json!({
                "status": relax.status,
                "solver_status": relax.solver_status,
                "cost": relax.cost.is_finite().then_some(relax.cost),
                "dual_cost": relax.dual_cost.is_finite().then_some(relax.dual_cost),
                "iterations": relax.iterations,
                "build_time_s": relax.build_time_s,
                "assembly_time_s": relax.assembly_time_s,
                "solve_time_s": relax.solve_time_s,
                "size": relax.size,
                "fractional_flows": relax.fractional_flows(1e-3),
            }),
        )
}
