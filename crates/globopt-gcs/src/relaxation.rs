//! The convex relaxation of the shortest-path problem in a graph of convex sets (shared digest
//! 01, step 4; Marcucci, Umenberger, Parrilo & Tedrake, "Shortest paths in graphs of convex
//! sets", problem (5) with the relaxed binaries).
//!
//! Every edge `e = (u, v)` gets a flow `φ_e ∈ [0, 1]` and the scaled copies `y_e = φ_e·x_u`,
//! `z_e = φ_e·x_v`. The relaxation minimizes the sum of the perspectives of all costs subject
//! to `(y_e, φ_e) ∈ cone(X_u)`, `(z_e, φ_e) ∈ cone(X_v)`, the perspectives of all edge
//! constraints, flow conservation `Σ_out φ − Σ_in φ = [v = σ] − [v = τ]`, the degree bound
//! `Σ_in φ ≤ 1`, spatial conservation `Σ_in z = Σ_out y` at every vertex other than `σ`, `τ`,
//! and (optionally) the two-cycle cuts: for every vertex `v` with edges both ways to a
//! neighbour `w`, `Σ_in φ_v − φ_wv − φ_vw ≥ 0` and
//! `Σ_out y_v − y_vw − z_wv ∈ (Σ_in φ_v − φ_wv − φ_vw)·X_v`.
//!
//! Rows implied by others are not written: an edge's box constraint on a whole endpoint
//! block is merged with that vertex's box (one `lo·φ ≤ z ≤ hi·φ` with the intersected bounds),
//! and `φ ≥ 0` and the scalar two-cycle cut are left out where a box of positive width
//! already implies them.
//!
//! With every `φ` fixed to an integral path, the relaxation equals the restriction to that
//! path (the transcription check of digest 01).

use crate::affine::AffineMap;
use crate::constraint::Constraint;
use crate::error::GcsError;
use crate::graph::Gcs;
use crate::sets::ConvexSet;
use globopt_conic::{AffExpr, Model, ProblemSize, Settings, Var, forms};
use globopt_core::{CancelFlag, Status};
use serde::Serialize;
use std::time::Instant;

/// Which edges the relaxation sees and how.
#[derive(Debug, Clone)]
pub struct RelaxationInput<'a> {
    /// The graph.
    pub gcs: &'a Gcs,
    /// The source vertex `σ`.
    pub source: usize,
    /// The target vertex `τ`.
    pub target: usize,
    /// `active[e]`: edge `e` takes part (inactive edges have `φ_e = 0` and no variables).
    pub active: &'a [bool],
    /// Edges whose flow is fixed to 1 (branch and bound).
    pub fixed_on: &'a [usize],
    /// Add the two-cycle cuts.
    pub two_cycle_cuts: bool,
}

/// A solved relaxation.
#[derive(Debug, Clone, Serialize)]
pub struct Relaxation {
    /// Status of the conic solve in globopt's terms (`Optimal` = Clarabel `Solved`).
    pub status: Status,
    /// Clarabel's own status name.
    pub solver_status: String,
    /// The relaxation cost (primal objective).
    pub cost: f64,
    /// The dual objective, a lower bound on the relaxation (weak duality).
    pub dual_cost: f64,
    /// `φ_e` for every edge of the graph (0 for inactive edges).
    pub flows: Vec<f64>,
    /// For every vertex with flow through it, `Σ_in z / Σ_in φ` (`Σ_out y / Σ_out φ` at the
    /// source): the flow-weighted mean position.
    pub points: Vec<Option<Vec<f64>>>,
    /// Interior-point iterations.
    pub iterations: u32,
    /// Seconds writing the model (perspectives, conservation, cuts).
    pub build_time_s: f64,
    /// Seconds assembling Clarabel's matrices.
    pub assembly_time_s: f64,
    /// Seconds in Clarabel's setup and solve.
    pub solve_time_s: f64,
    /// Variables, rows, nonzeros and blocks of the conic program.
    pub size: ProblemSize,
}

impl Relaxation {
    /// The lower bound the relaxation proves on the shortest path: `min(primal, dual)` when
    /// Clarabel reports `Solved`, otherwise none.
    pub fn bound(&self) -> Option<f64> {
        (self.status == Status::Optimal).then(|| self.cost.min(self.dual_cost))
    }

    fn infeasible_by_graph(gcs: &Gcs) -> Self {
        Relaxation {
            status: Status::Infeasible,
            solver_status: "no path in the graph".into(),
            cost: f64::INFINITY,
            dual_cost: f64::INFINITY,
            flows: vec![0.0; gcs.num_edges()],
            points: vec![None; gcs.num_vertices()],
            iterations: 0,
            build_time_s: 0.0,
            assembly_time_s: 0.0,
            solve_time_s: 0.0,
            size: ProblemSize {
                variables: 0,
                rows: 0,
                nonzeros: 0,
                blocks: 0,
            },
        }
    }

    /// The number of flows strictly between `tol` and `1 − tol`.
    pub fn fractional_flows(&self, tol: f64) -> usize {
        self.flows
            .iter()
            .filter(|&&f| f > tol && f < 1.0 - tol)
            .count()
    }
}

/// The boxes of an edge's tail and head blocks after absorbing the edge's box constraints on
/// a whole block (`x_v ∈ Q_u` of the piecewise-linear planner): `lo·φ ≤ y ≤ hi·φ` once instead
/// of twice, with the intersection of the bounds. Only boxes merge; other sets keep their
/// own rows.
struct MergedBoxes {
    tail: Option<(Vec<f64>, Vec<f64>)>,
    head: Option<(Vec<f64>, Vec<f64>)>,
    /// Indices of the edge constraints absorbed into `tail` or `head`.
    absorbed: Vec<usize>,
}

fn merged_boxes(tail: &ConvexSet, head: &ConvexSet, constraints: &[Constraint]) -> MergedBoxes {
    let as_box = |s: &ConvexSet| match s {
        ConvexSet::Box(b) => Some((b.lo().to_vec(), b.hi().to_vec())),
        _ => None,
    };
    let mut out = MergedBoxes {
        tail: as_box(tail),
        head: as_box(head),
        absorbed: Vec::new(),
    };
    let (du, dv) = (tail.dim(), head.dim());
    for (k, c) in constraints.iter().enumerate() {
        let Constraint::InSet {
            map,
            set: ConvexSet::Box(b),
        } = c
        else {
            continue;
        };
        let target = if is_block_selection(map, 0, du) {
            &mut out.tail
        } else if is_block_selection(map, du, dv) {
            &mut out.head
        } else {
            continue;
        };
        if let Some((lo, hi)) = target {
            for i in 0..lo.len() {
                lo[i] = lo[i].max(b.lo()[i]);
                hi[i] = hi[i].min(b.hi()[i]);
            }
            out.absorbed.push(k);
        }
    }
    out
}

/// Whether `map` is `w ↦ w[start..start+len]` exactly.
fn is_block_selection(map: &AffineMap, start: usize, len: usize) -> bool {
    map.rows() == len
        && map.offset().iter().all(|&m| m == 0.0)
        && map.matrix().iter().enumerate().all(|(i, row)| {
            row.iter()
                .enumerate()
                .all(|(j, &a)| a == if j == start + i { 1.0 } else { 0.0 })
        })
}

/// Whether a set is a box with positive width on some axis, so that `x ∈ λ·X` implies `λ ≥ 0`.
fn is_full_box(set: &ConvexSet) -> bool {
    matches!(set, ConvexSet::Box(b) if b.lo().iter().zip(b.hi()).any(|(l, h)| h > l))
}

/// Per-edge variables of the transcription.
struct EdgeVars {
    phi: Var,
    y: Vec<AffExpr>,
    z: Vec<AffExpr>,
}

/// Write and solve the relaxation of `input` with `settings`; `cancel` stops Clarabel early
/// (status `BudgetExhausted`).
pub fn solve_relaxation(
    input: &RelaxationInput<'_>,
    settings: &Settings,
    cancel: Option<&CancelFlag>,
) -> Result<Relaxation, GcsError> {
    let gcs = input.gcs;
    let (source, target) = (input.source, input.target);
    gcs.check_vertex(source, "source")?;
    gcs.check_vertex(target, "target")?;
    if input.active.len() != gcs.num_edges() {
        return Err(GcsError::DimensionMismatch {
            what: "active edges".into(),
            expected: gcs.num_edges(),
            got: input.active.len(),
        });
    }
    for &e in input.fixed_on {
        gcs.check_edge(e, "fixed edge")?;
    }
    let t0 = Instant::now();
    let has_active = |edges: &[usize]| edges.iter().any(|&e| input.active[e]);
    if !has_active(gcs.out_edges(source))
        || !has_active(gcs.in_edges(target))
        || input.fixed_on.iter().any(|&e| !input.active[e])
    {
        // no unit flow can leave σ or reach τ (or a fixed edge is absent): infeasible
        // without a solve
        return Ok(Relaxation::infeasible_by_graph(gcs));
    }
    let mut m = Model::new();
    let mut objective = AffExpr::zero();
    let mut vars: Vec<Option<EdgeVars>> = Vec::with_capacity(gcs.num_edges());
    let mut phis = Vec::new();
    for (e, edge) in gcs.edges().iter().enumerate() {
        if !input.active[e] {
            vars.push(None);
            continue;
        }
        let (u, v) = (gcs.vertex(edge.from()), gcs.vertex(edge.to()));
        let phi = m.add_var();
        let y: Vec<AffExpr> = m.add_vars(u.dim()).into_iter().map(AffExpr::from).collect();
        let z: Vec<AffExpr> = m.add_vars(v.dim()).into_iter().map(AffExpr::from).collect();
        let lam = AffExpr::from(phi);
        let merged = merged_boxes(u.set(), v.set(), edge.constraints());
        let mut implied_nonneg = false;
        for (set, block, merged_box) in [(u.set(), &y, &merged.tail), (v.set(), &z, &merged.head)] {
            match merged_box {
                Some((lo, hi)) => {
                    forms::in_box_perspective(&mut m, block, lo, hi, lam.clone());
                    implied_nonneg |= lo.iter().zip(hi).any(|(l, h)| h > l);
                }
                None => set.add_perspective(&mut m, block, &lam),
            }
        }
        if !implied_nonneg {
            phis.push(AffExpr::from(phi));
        }
        let w: Vec<AffExpr> = y.iter().chain(&z).cloned().collect();
        for (k, c) in edge.constraints().iter().enumerate() {
            if !merged.absorbed.contains(&k) {
                c.add_perspective(&mut m, &w, &lam);
            }
        }
        for c in edge.costs() {
            objective += c.add_perspective(&mut m, &w, &lam);
        }
        // vertex terms on the outgoing copy y (and on z at the target)
        for c in u.constraints() {
            c.add_perspective(&mut m, &y, &lam);
        }
        for c in u.costs() {
            objective += c.add_perspective(&mut m, &y, &lam);
        }
        if edge.to() == target {
            for c in v.constraints() {
                c.add_perspective(&mut m, &z, &lam);
            }
            for c in v.costs() {
                objective += c.add_perspective(&mut m, &z, &lam);
            }
        }
        vars.push(Some(EdgeVars { phi, y, z }));
    }
    if !phis.is_empty() {
        m.add_nonneg(phis);
    }
    let mut equalities = Vec::new();
    let mut inequalities = Vec::new();
    for v in 0..gcs.num_vertices() {
        let ins: Vec<&EdgeVars> = gcs
            .in_edges(v)
            .iter()
            .filter_map(|&e| vars[e].as_ref())
            .collect();
        let outs: Vec<&EdgeVars> = gcs
            .out_edges(v)
            .iter()
            .filter_map(|&e| vars[e].as_ref())
            .collect();
        let in_phi = AffExpr::sum(&ins.iter().map(|ev| ev.phi).collect::<Vec<_>>());
        let out_phi = AffExpr::sum(&outs.iter().map(|ev| ev.phi).collect::<Vec<_>>());
        let rhs = f64::from(u8::from(v == source)) - f64::from(u8::from(v == target));
        if ins.is_empty() && outs.is_empty() {
            continue;
        }
        equalities.push(out_phi.clone() - in_phi.clone() - rhs);
        if v == source || v == target {
            continue;
        }
        inequalities.push(1.0 - in_phi.clone());
        let d = gcs.vertex(v).dim();
        let mut out_y = vec![AffExpr::zero(); d];
        for ev in &outs {
            for (acc, yi) in out_y.iter_mut().zip(&ev.y) {
                *acc += yi.clone();
            }
        }
        for (k, y_sum) in out_y.iter().enumerate() {
            let mut row = y_sum.clone();
            for ev in &ins {
                row -= ev.z[k].clone();
            }
            equalities.push(row);
        }
        if input.two_cycle_cuts {
            for &e_in in gcs.in_edges(v) {
                let Some(vin) = vars[e_in].as_ref() else {
                    continue;
                };
                let w = gcs.edge(e_in).from();
                for &e_out in gcs.out_edges(v) {
                    let Some(vout) = vars[e_out].as_ref() else {
                        continue;
                    };
                    if gcs.edge(e_out).to() != w {
                        continue;
                    }
                    let lam = in_phi.clone() - vin.phi - vout.phi;
                    if !is_full_box(gcs.vertex(v).set()) {
                        // implied by the spatial cut below when X_v is a box with width
                        inequalities.push(lam.clone());
                    }
                    let x: Vec<AffExpr> = (0..d)
                        .map(|k| out_y[k].clone() - vout.y[k].clone() - vin.z[k].clone())
                        .collect();
                    gcs.vertex(v).set().add_perspective(&mut m, &x, &lam);
                }
            }
        }
    }
    for &e in input.fixed_on {
        if let Some(ev) = vars[e].as_ref() {
            equalities.push(ev.phi - 1.0);
        }
    }
    if !equalities.is_empty() {
        m.add_zero(equalities);
    }
    if !inequalities.is_empty() {
        m.add_nonneg(inequalities);
    }
    m.minimize(objective);
    let build_time_s = t0.elapsed().as_secs_f64();
    let sol = m.solve_cancellable(settings, cancel)?;
    let mut flows = vec![0.0; gcs.num_edges()];
    let mut points = vec![None; gcs.num_vertices()];
    let solved = matches!(sol.status, Status::Optimal | Status::Feasible);
    if solved {
        for (e, ev) in vars.iter().enumerate() {
            if let Some(ev) = ev {
                flows[e] = sol.var(ev.phi).clamp(0.0, 1.0);
            }
        }
        for (v, point) in points.iter_mut().enumerate() {
            let (edges, use_y) = if v == source {
                (gcs.out_edges(v), true)
            } else {
                (gcs.in_edges(v), false)
            };
            let mut acc = vec![0.0; gcs.vertex(v).dim()];
            let mut mass = 0.0;
            for &e in edges {
                if let Some(ev) = vars[e].as_ref() {
                    mass += sol.var(ev.phi);
                    let block = if use_y { &ev.y } else { &ev.z };
                    for (a, x) in acc.iter_mut().zip(block) {
                        *a += sol.value(x);
                    }
                }
            }
            if mass > 1e-6 {
                *point = Some(acc.iter().map(|a| a / mass).collect());
            }
        }
    }
    Ok(Relaxation {
        status: sol.status,
        solver_status: sol.solver_status.clone(),
        cost: sol.objective,
        dual_cost: sol.dual_objective,
        flows,
        points,
        iterations: sol.iterations,
        build_time_s,
        assembly_time_s: sol.assembly_time_s,
        solve_time_s: sol.solve_time_s,
        size: sol.size,
    })
}
