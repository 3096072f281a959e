//! Exact branch and bound over the edge flows, with the convex relaxation as the node bound
//! (shared digest 01, step 9), to certify shortest paths on small and medium graphs.
//!
//! A node fixes some flows to 1 and some to 0 (edges fixed to 0 are removed). It is closed
//! when its relaxation is infeasible, or when its bound reaches the incumbent within the
//! tolerance; the incumbent improves by rounding every node's flows (random-forward) and
//! solving the new paths' restrictions, which is what closes nodes whose relaxation carries
//! zero-cost circulations. Otherwise the node branches: follow the near-1 flow from the
//! source; at the first vertex whose out-flow splits, branch on its largest free outgoing
//! edge (`φ = 1`, then `φ = 0`); if the near-1 flow reaches the target, branch on the most
//! fractional free edge. Nodes are explored best-bound first.

use crate::error::GcsError;
use crate::graph::Gcs;
use crate::relaxation::{Relaxation, RelaxationInput, solve_relaxation};
use crate::restriction::Restriction;
use crate::rounding::{
    RoundingParams, best_restriction, in_pool, sample_paths, solve_restrictions,
};
use crate::search::path_edges;
use globopt_conic::Settings;
use globopt_core::{Event, Observer, Progress, Status, Tolerance, TracePoint};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

/// Limits of the branch and bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BranchAndBoundParams {
    /// The most nodes (relaxations) to explore (default 1000).
    pub node_limit: usize,
    /// Wall-clock limit in seconds for the search (default: none).
    pub time_limit_s: Option<f64>,
}

impl Default for BranchAndBoundParams {
    fn default() -> Self {
        BranchAndBoundParams {
            node_limit: 1000,
            time_limit_s: None,
        }
    }
}

impl BranchAndBoundParams {
    /// Error naming the first parameter out of range.
    pub fn validate(&self) -> Result<(), GcsError> {
        if self.node_limit == 0 {
            return Err(GcsError::param(
                "branch_and_bound.node_limit",
                "must be at least 1",
            ));
        }
        if let Some(t) = self.time_limit_s
            && !(t.is_finite() && t > 0.0)
        {
            return Err(GcsError::param(
                "branch_and_bound.time_limit_s",
                format!("must be a positive number, got {t}"),
            ));
        }
        Ok(())
    }
}

/// Everything the search needs besides the observer.
#[derive(Debug, Clone)]
pub struct BranchAndBoundInput<'a> {
    /// The graph.
    pub gcs: &'a Gcs,
    /// The source vertex.
    pub source: usize,
    /// The target vertex.
    pub target: usize,
    /// Edges that take part (after graph search and preprocessing).
    pub active: &'a [bool],
    /// The root relaxation, already solved on `active` without fixings.
    pub root: &'a Relaxation,
    /// The best path known before the search (from rounding), if any.
    pub incumbent: Option<Restriction>,
    /// Add two-cycle cuts to every node relaxation.
    pub two_cycle_cuts: bool,
    /// Conic solver settings.
    pub settings: &'a Settings,
    /// Rounding at every node.
    pub rounding: &'a RoundingParams,
    /// Gap tolerance for pruning and for the final certificate.
    pub tolerance: Tolerance,
    /// Node and time limits.
    pub limits: &'a BranchAndBoundParams,
    /// The thread pool for the restriction solves (`None`: rayon's global pool).
    pub pool: Option<&'a rayon::ThreadPool>,
}

/// The outcome of the search.
#[derive(Debug, Clone, Serialize)]
pub struct BranchAndBound {
    /// The best path found (the optimum when `complete`).
    pub incumbent: Option<Restriction>,
    /// A proven lower bound on the shortest path (`+∞` when infeasible is proved).
    pub bound: f64,
    /// Nodes whose relaxation was solved.
    pub nodes: usize,
    /// Nodes left open.
    pub open_nodes: usize,
    /// Whether every node was closed (the incumbent is optimal, or no path exists).
    pub complete: bool,
    /// Why the search stopped early, if it did.
    pub stop_reason: Option<String>,
    /// Conic solves spent (relaxations and restrictions).
    pub solves: u64,
    /// Seconds spent.
    pub time_s: f64,
    /// Incumbent and bound after every node.
    pub trace: Vec<TracePoint>,
}

struct Node {
    id: u64,
    bound: f64,
    fixed_on: Vec<usize>,
    fixed_off: Vec<usize>,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// Max-heap order reversed: the smallest bound, then the smallest id, comes first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.id.cmp(&self.id))
    }
}

/// Flows within this distance of 0 or 1 count as integral when branching.
const INTEGRALITY_TOL: f64 = 1e-6;

/// The edge to branch on (see the module documentation), or `None` when every free edge is
/// integral.
fn branching_edge(
    gcs: &Gcs,
    source: usize,
    target: usize,
    flows: &[f64],
    free: &[bool],
) -> Option<usize> {
    let fractional =
        |e: usize| free[e] && flows[e] > INTEGRALITY_TOL && flows[e] < 1.0 - INTEGRALITY_TOL;
    let mut visited = vec![false; gcs.num_vertices()];
    let mut v = source;
    while v != target && !visited[v] {
        visited[v] = true;
        let outs = gcs.out_edges(v);
        let Some(&best) = outs.iter().max_by(|&&a, &&b| flows[a].total_cmp(&flows[b])) else {
            break;
        };
        if flows[best] >= 1.0 - 1e-3 {
            v = gcs.edge(best).to();
            continue;
        }
        let split = outs
            .iter()
            .copied()
            .filter(|&e| fractional(e))
            .max_by(|&a, &b| flows[a].total_cmp(&flows[b]).then(b.cmp(&a)));
        if split.is_some() {
            return split;
        }
        break;
    }
    (0..gcs.num_edges())
        .filter(|&e| fractional(e))
        .max_by(|&a, &b| {
            let fa = flows[a].min(1.0 - flows[a]);
            let fb = flows[b].min(1.0 - flows[b]);
            fa.total_cmp(&fb).then(b.cmp(&a))
        })
}

/// Run the branch and bound (see the module documentation).
pub fn branch_and_bound(
    input: BranchAndBoundInput<'_>,
    observer: &mut dyn Observer,
) -> Result<BranchAndBound, GcsError> {
    input.limits.validate()?;
    let started = Instant::now();
    let gcs = input.gcs;
    let tol = input.tolerance;
    let prunes = |bound: f64, incumbent: f64| {
        let gap = incumbent - bound;
        gap <= tol.abs || gap <= tol.rel * incumbent.abs().max(1e-10)
    };
    let mut incumbent = input.incumbent;
    let mut known: HashMap<Vec<usize>, f64> = HashMap::new();
    if let Some(r) = &incumbent {
        known.insert(r.edges.clone(), r.cost);
    }
    let inc_cost = |inc: &Option<Restriction>| inc.as_ref().map_or(f64::INFINITY, |r| r.cost);
    let mut heap = BinaryHeap::new();
    heap.push(Node {
        id: 0,
        bound: input.root.bound().unwrap_or(f64::NEG_INFINITY),
        fixed_on: Vec::new(),
        fixed_off: Vec::new(),
    });
    let mut next_id = 1u64;
    let mut nodes = 0usize;
    let mut solves = 0u64;
    // bounds of nodes closed without a proof that their optimum was found
    let mut unproven = f64::INFINITY;
    let mut stop_reason = None;
    let mut trace = Vec::new();
    observer.on_event(&Event::Started {
        phase: "branch-and-bound",
        total: Some(input.limits.node_limit as u64),
    });
    while let Some(node) = heap.pop() {
        if prunes(node.bound, inc_cost(&incumbent)) {
            continue;
        }
        let elapsed = started.elapsed().as_secs_f64();
        let out_of_time = input.limits.time_limit_s.is_some_and(|t| elapsed >= t);
        if nodes >= input.limits.node_limit || out_of_time || observer.should_stop() {
            stop_reason = Some(if nodes >= input.limits.node_limit {
                format!("node limit {} reached", input.limits.node_limit)
            } else if out_of_time {
                "time limit reached".to_string()
            } else {
                "stopped by the observer".to_string()
            });
            heap.push(node);
            break;
        }
        nodes += 1;
        let mut allowed = input.active.to_vec();
        for &e in &node.fixed_off {
            allowed[e] = false;
        }
        let active = path_edges(gcs, input.source, input.target, &allowed);
        if node.fixed_on.iter().any(|&e| !active[e]) {
            continue;
        }
        let relax_owned;
        let relax = if node.id == 0 {
            input.root
        } else {
            let mut settings = input.settings.clone();
            if let Some(t) = input.limits.time_limit_s {
                settings.time_limit_s = Some((t - elapsed).max(1e-3));
            }
            solves += 1;
            relax_owned = solve_relaxation(
                &RelaxationInput {
                    gcs,
                    source: input.source,
                    target: input.target,
                    active: &active,
                    fixed_on: &node.fixed_on,
                    two_cycle_cuts: input.two_cycle_cuts,
                },
                &settings,
                None,
            )?;
            &relax_owned
        };
        let node_bound = match relax.status {
            Status::Infeasible => continue,
            Status::Optimal => relax.bound().unwrap_or(node.bound).max(node.bound),
            Status::Feasible => node.bound,
            Status::BudgetExhausted => {
                stop_reason = Some("time limit reached".to_string());
                heap.push(node);
                break;
            }
            Status::Unbounded | Status::Error => {
                stop_reason = Some(format!(
                    "the relaxation of node {} failed ({})",
                    node.id, relax.solver_status
                ));
                heap.push(node);
                break;
            }
        };
        if !prunes(node_bound, inc_cost(&incumbent)) {
            let sampled = sample_paths(
                gcs,
                input.source,
                input.target,
                &relax.flows,
                input.rounding,
                node.id + 1,
            );
            let fresh: Vec<Vec<usize>> = sampled
                .paths
                .into_iter()
                .filter(|p| !known.contains_key(p))
                .collect();
            solves += fresh.len() as u64;
            let restrictions = in_pool(input.pool, || {
                solve_restrictions(gcs, &fresh, input.settings)
            })?;
            for r in &restrictions {
                known.insert(r.edges.clone(), r.cost);
            }
            if let Some(i) = best_restriction(&restrictions)
                && restrictions[i].cost < inc_cost(&incumbent)
            {
                incumbent = Some(restrictions[i].clone());
            }
        }
        if !prunes(node_bound, inc_cost(&incumbent)) {
            let mut free = active.clone();
            for &e in &node.fixed_on {
                free[e] = false;
            }
            match branching_edge(gcs, input.source, input.target, &relax.flows, &free) {
                Some(e) => {
                    let mut on = node.fixed_on.clone();
                    on.push(e);
                    let mut off = node.fixed_off.clone();
                    off.push(e);
                    heap.push(Node {
                        id: next_id,
                        bound: node_bound,
                        fixed_on: on,
                        fixed_off: node.fixed_off.clone(),
                    });
                    heap.push(Node {
                        id: next_id + 1,
                        bound: node_bound,
                        fixed_on: node.fixed_on.clone(),
                        fixed_off: off,
                    });
                    next_id += 2;
                }
                None => unproven = unproven.min(node_bound),
            }
        }
        let bound = global_bound(&heap, unproven, inc_cost(&incumbent));
        let incumbent_cost = incumbent.as_ref().map(|r| r.cost);
        trace.push(TracePoint {
            time_s: started.elapsed().as_secs_f64(),
            evaluations: solves,
            incumbent: incumbent_cost,
            bound: bound.is_finite().then_some(bound),
        });
        observer.on_event(&Event::Progress(Progress {
            done: nodes as u64,
            total: Some(input.limits.node_limit as u64),
            incumbent: incumbent_cost,
            bound: bound.is_finite().then_some(bound),
        }));
    }
    observer.on_event(&Event::Finished);
    let open_nodes = heap
        .iter()
        .filter(|n| !prunes(n.bound, inc_cost(&incumbent)))
        .count();
    let bound = global_bound(&heap, unproven, inc_cost(&incumbent));
    Ok(BranchAndBound {
        incumbent,
        bound,
        nodes,
        open_nodes,
        complete: stop_reason.is_none(),
        stop_reason,
        solves,
        time_s: started.elapsed().as_secs_f64(),
        trace,
    })
}

/// The smallest bound among open nodes, nodes closed without proof, and the incumbent.
fn global_bound(heap: &BinaryHeap<Node>, unproven: f64, incumbent: f64) -> f64 {
    heap.iter()
        .map(|n| n.bound)
        .fold(unproven.min(incumbent), f64::min)
}
