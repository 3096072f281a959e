//! The convex restriction of the shortest-path problem to one fixed path (shared digest 01,
//! step 7): one variable `x_v ∈ X_v` per vertex of the path, the vertex and edge constraints
//! and costs with `φ ≡ 1`. Its optimum is the cost of the best trajectory along that path.

use crate::error::GcsError;
use crate::graph::Gcs;
use globopt_conic::{AffExpr, Model, Settings};
use globopt_core::Status;
use serde::Serialize;

/// A solved restriction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restriction {
    /// Status of the conic solve (`Optimal` = Clarabel `Solved`, `Feasible` = reduced
    /// accuracy, `Infeasible` when the path admits no point sequence).
    pub status: Status,
    /// Clarabel's own status name.
    pub solver_status: String,
    /// The path's edges.
    pub edges: Vec<usize>,
    /// The path's vertices, `σ` first.
    pub vertices: Vec<usize>,
    /// The cost of the best point sequence (`+∞` unless solved).
    pub cost: f64,
    /// `x_v` for every vertex of the path (empty unless solved).
    pub points: Vec<Vec<f64>>,
    /// Seconds in the conic solve (setup and iterations).
    pub solve_time_s: f64,
}

impl Restriction {
    /// Whether the restriction has a usable solution (solved to full or reduced accuracy).
    pub fn is_solved(&self) -> bool {
        matches!(self.status, Status::Optimal | Status::Feasible)
    }
}

/// Solve the restriction of `gcs` to the simple path `edges` (digest 01, step 7).
pub fn solve_restriction(
    gcs: &Gcs,
    edges: &[usize],
    settings: &Settings,
) -> Result<Restriction, GcsError> {
    let vertices = gcs.path_vertices(edges)?;
    let mut m = Model::new();
    let xs: Vec<Vec<AffExpr>> = vertices
        .iter()
        .map(|&v| {
            m.add_vars(gcs.vertex(v).dim())
                .into_iter()
                .map(AffExpr::from)
                .collect()
        })
        .collect();
    let one = AffExpr::constant(1.0);
    let mut objective = AffExpr::zero();
    for (&v, x) in vertices.iter().zip(&xs) {
        let vx = gcs.vertex(v);
        vx.set().add_membership(&mut m, x);
        for c in vx.constraints() {
            c.add_perspective(&mut m, x, &one);
        }
        for c in vx.costs() {
            objective += c.add_perspective(&mut m, x, &one);
        }
    }
    for (k, &e) in edges.iter().enumerate() {
        let w: Vec<AffExpr> = xs[k].iter().chain(&xs[k + 1]).cloned().collect();
        let edge = gcs.edge(e);
        for c in edge.constraints() {
            c.add_perspective(&mut m, &w, &one);
        }
        for c in edge.costs() {
            objective += c.add_perspective(&mut m, &w, &one);
        }
    }
    m.minimize(objective);
    let sol = m.solve(settings)?;
    let solved = matches!(sol.status, Status::Optimal | Status::Feasible);
    Ok(Restriction {
        status: sol.status,
        solver_status: sol.solver_status.clone(),
        edges: edges.to_vec(),
        vertices,
        cost: if solved { sol.objective } else { f64::INFINITY },
        points: if solved {
            xs.iter()
                .map(|x| x.iter().map(|e| sol.value(e)).collect())
                .collect()
        } else {
            Vec::new()
        },
        solve_time_s: sol.assembly_time_s + sol.solve_time_s,
    })
}

/// The cost of a given point sequence along a path (`x_v` for each of its vertices): the sum
/// of every vertex and edge cost, or `None` when a point leaves its set or violates a
/// constraint by more than `tol`. Used to check returned solutions independently of the solver.
pub fn path_cost(gcs: &Gcs, edges: &[usize], points: &[Vec<f64>], tol: f64) -> Option<f64> {
    let vertices = gcs.path_vertices(edges).ok()?;
    if points.len() != vertices.len() {
        return None;
    }
    let mut total = 0.0;
    for (&v, x) in vertices.iter().zip(points) {
        let vx = gcs.vertex(v);
        if !vx.set().contains(x, tol) || !vx.constraints().iter().all(|c| c.is_satisfied(x, tol)) {
            return None;
        }
        total += vx.costs().iter().map(|c| c.value(x)).sum::<f64>();
    }
    for (k, &e) in edges.iter().enumerate() {
        let w: Vec<f64> = points[k].iter().chain(&points[k + 1]).copied().collect();
        let edge = gcs.edge(e);
        if !edge.constraints().iter().all(|c| c.is_satisfied(&w, tol)) {
            return None;
        }
        total += edge.costs().iter().map(|c| c.value(&w)).sum::<f64>();
    }
    Some(total)
}
