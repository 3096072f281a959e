//! The check that every cost is nonnegative where it applies (shared digest 01, pitfalls:
//! "costs that can be negative let fractional or cyclic flow exploit them; reject them in
//! validation").
//!
//! Norms are nonnegative by form. A linear or quadratic cost passes at once when its linear
//! part is nonnegative over the bounding box of its vertex sets; otherwise its minimum over
//! the sets and constraints is computed with one small conic program.

use crate::cost::Cost;
use crate::error::GcsError;
use crate::geometry::bounding_box;
use crate::graph::Gcs;
use globopt_conic::{AffExpr, Model, Settings};
use globopt_core::Status;

/// Slack allowed below zero (solver accuracy).
const SIGN_TOL: f64 = 1e-7;

/// Lower bound of `aᵀw + c` over the box `[lo, hi]` (`−∞` when unbounded that way).
fn linear_lower_bound(a: &[f64], c: f64, lo: &[f64], hi: &[f64]) -> f64 {
    c + a
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(&ai, (&l, &h))| {
            if ai == 0.0 {
                0.0
            } else if ai > 0.0 {
                ai * l
            } else {
                ai * h
            }
        })
        .sum::<f64>()
}

/// Error unless every cost of the active edges and of their endpoints is nonnegative on its
/// sets (within 1e-7).
pub fn check_cost_signs(gcs: &Gcs, active: &[bool], settings: &Settings) -> Result<(), GcsError> {
    let mut boxes: Vec<Option<(Vec<f64>, Vec<f64>)>> = vec![None; gcs.num_vertices()];
    let mut bbox = |v: usize| -> Result<(Vec<f64>, Vec<f64>), GcsError> {
        if boxes[v].is_none() {
            boxes[v] = Some(
                bounding_box(gcs.vertex(v).set())
                    .map_err(|e| e.within(&format!("vertex {v} ({})", gcs.vertex(v).name())))?,
            );
        }
        Ok(boxes[v].clone().unwrap_or_default())
    };
    let mut touched = vec![false; gcs.num_vertices()];
    for (e, edge) in gcs.edges().iter().enumerate() {
        if !active[e] {
            continue;
        }
        touched[edge.from()] = true;
        touched[edge.to()] = true;
        for (k, cost) in edge.costs().iter().enumerate() {
            if cost.nonnegative_by_form() {
                continue;
            }
            let (mut lo, mut hi) = bbox(edge.from())?;
            let (l2, h2) = bbox(edge.to())?;
            lo.extend(l2);
            hi.extend(h2);
            if quick_pass(cost, &lo, &hi) {
                continue;
            }
            let min = minimum_on_edge(gcs, e, cost, settings)?;
            reject_negative(min, &format!("edge {e} cost {k} ({})", cost.name()))?;
        }
    }
    for (v, vertex) in gcs.vertices().iter().enumerate() {
        if !touched[v] {
            continue;
        }
        for (k, cost) in vertex.costs().iter().enumerate() {
            if cost.nonnegative_by_form() {
                continue;
            }
            let (lo, hi) = bbox(v)?;
            if quick_pass(cost, &lo, &hi) {
                continue;
            }
            let mut m = Model::new();
            let x: Vec<AffExpr> = m
                .add_vars(vertex.dim())
                .into_iter()
                .map(AffExpr::from)
                .collect();
            vertex.set().add_membership(&mut m, &x);
            let one = AffExpr::constant(1.0);
            for c in vertex.constraints() {
                c.add_perspective(&mut m, &x, &one);
            }
            let obj = cost.add_perspective(&mut m, &x, &one);
            m.minimize(obj);
            let min = minimum_of(&m, settings)?;
            reject_negative(min, &format!("vertex {v} cost {k} ({})", cost.name()))?;
        }
    }
    Ok(())
}

fn quick_pass(cost: &Cost, lo: &[f64], hi: &[f64]) -> bool {
    let bound = match cost {
        Cost::Linear { a, c } => linear_lower_bound(a, *c, lo, hi),
        Cost::Quadratic { q, c, .. } => linear_lower_bound(q, *c, lo, hi),
        _ => 0.0,
    };
    bound >= -SIGN_TOL
}

fn minimum_on_edge(gcs: &Gcs, e: usize, cost: &Cost, settings: &Settings) -> Result<f64, GcsError> {
    let edge = gcs.edge(e);
    let (u, v) = (gcs.vertex(edge.from()), gcs.vertex(edge.to()));
    let mut m = Model::new();
    let w: Vec<AffExpr> = m
        .add_vars(u.dim() + v.dim())
        .into_iter()
        .map(AffExpr::from)
        .collect();
    let one = AffExpr::constant(1.0);
    u.set().add_membership(&mut m, &w[..u.dim()]);
    v.set().add_membership(&mut m, &w[u.dim()..]);
    for c in edge.constraints() {
        c.add_perspective(&mut m, &w, &one);
    }
    let obj = cost.add_perspective(&mut m, &w, &one);
    m.minimize(obj);
    minimum_of(&m, settings)
}

/// The minimum of a model: `+∞` when infeasible (the term never applies), `−∞` when
/// unbounded below.
fn minimum_of(m: &Model, settings: &Settings) -> Result<f64, GcsError> {
    let s = m.solve(settings)?;
    Ok(match s.status {
        Status::Optimal | Status::Feasible => s.objective,
        Status::Infeasible => f64::INFINITY,
        Status::Unbounded => f64::NEG_INFINITY,
        _ => {
            return Err(GcsError::term(
                "cost sign check",
                format!("the minimization failed ({})", s.solver_status),
            ));
        }
    })
}

fn reject_negative(min: f64, what: &str) -> Result<(), GcsError> {
    if min < -SIGN_TOL {
        return Err(GcsError::term(
            what,
            format!(
                "takes the value {min} on its sets; costs must be nonnegative (a negative cost lets fractional or cyclic flow exploit it)"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::ConvexSet;

    fn pair() -> Gcs {
        let mut g = Gcs::new();
        let a = g.add_vertex(ConvexSet::aabox(vec![0.0], vec![1.0]).unwrap(), "a");
        let b = g.add_vertex(ConvexSet::aabox(vec![1.0], vec![2.0]).unwrap(), "b");
        g.add_edge(a, b).unwrap();
        g
    }

    #[test]
    fn negative_linear_costs_are_rejected_and_nonnegative_pass() {
        let mut g = pair();
        // x_v − x_u ≥ 0 on [0,1] × [1,2]: passes only through the LP (box bound is −1)
        g.add_edge_cost(
            0,
            Cost::Linear {
                a: vec![-1.0, 1.0],
                c: 0.0,
            },
        )
        .unwrap();
        assert!(check_cost_signs(&g, &[true], &Settings::default()).is_ok());
        let mut g = pair();
        g.add_edge_cost(
            0,
            Cost::Linear {
                a: vec![1.0, -1.0],
                c: 0.0,
            },
        )
        .unwrap();
        let err = check_cost_signs(&g, &[true], &Settings::default()).unwrap_err();
        assert!(err.to_string().contains("edge 0 cost 0"), "{err}");
        // inactive edges are not checked
        assert!(check_cost_signs(&g, &[false], &Settings::default()).is_ok());
        let mut g = pair();
        g.add_vertex_cost(
            1,
            Cost::Linear {
                a: vec![-1.0],
                c: 1.5,
            },
        )
        .unwrap();
        let err = check_cost_signs(&g, &[true], &Settings::default()).unwrap_err();
        assert!(err.to_string().contains("vertex 1 cost 0"), "{err}");
    }
}
