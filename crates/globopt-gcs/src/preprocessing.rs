//! Edge elimination by linear programs (shared digest 01, step 10 `lp`; Marcucci et al. 2021,
//! Appendix A.2). Off by default: it solves one LP the size of the whole graph per edge, which
//! can cost far more than the relaxation itself.
//!
//! An edge `(u, v)` can lie on a simple `σ → τ` path only if there are a unit flow `f` from
//! `σ` to `u` and a unit flow `g` from `v` to `τ` that share no vertex: with `f, g ∈ [0, 1]`
//! on every edge, conservation for each, `Σ_in f + Σ_in g ≤ 1` at every vertex, and no flow
//! of either entering `v`. When that LP is infeasible the edge is dropped; the test is a
//! relaxation of vertex-disjointness, so no edge of any simple path is ever dropped.

use crate::error::GcsError;
use crate::graph::Gcs;
use crate::rounding::in_pool;
use globopt_conic::{AffExpr, Model, Settings, Var};
use globopt_core::{Event, Observer, Progress, Status};
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;

/// What the edge elimination did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preprocessed {
    /// `active[e]` after elimination.
    pub active: Vec<bool>,
    /// Edges dropped.
    pub removed: usize,
    /// LPs solved.
    pub lps: usize,
    /// Seconds spent.
    pub time_s: f64,
    /// Whether the observer stopped it before every edge was tested (untested edges are kept).
    pub stopped: bool,
}

/// Whether edge `e` survives the LP test: the LP of the module documentation is feasible.
pub fn edge_survives(
    gcs: &Gcs,
    source: usize,
    target: usize,
    active: &[bool],
    e: usize,
    settings: &Settings,
) -> Result<bool, GcsError> {
    let (u, v) = (gcs.edge(e).from(), gcs.edge(e).to());
    let mut m = Model::new();
    let mut f: Vec<Option<Var>> = vec![None; gcs.num_edges()];
    let mut g: Vec<Option<Var>> = vec![None; gcs.num_edges()];
    let mut nonneg = Vec::new();
    for (k, edge) in gcs.edges().iter().enumerate() {
        // neither flow may enter v
        if active[k] && edge.to() != v {
            let (fk, gk) = (m.add_var(), m.add_var());
            nonneg.push(AffExpr::from(fk));
            nonneg.push(AffExpr::from(gk));
            f[k] = Some(fk);
            g[k] = Some(gk);
        }
    }
    let mut zero = Vec::new();
    let sum = |vars: &[Option<Var>], edges: &[usize]| {
        AffExpr::sum(&edges.iter().filter_map(|&k| vars[k]).collect::<Vec<_>>())
    };
    for w in 0..gcs.num_vertices() {
        let (outs, ins) = (gcs.out_edges(w), gcs.in_edges(w));
        let supply_f = f64::from(u8::from(w == source)) - f64::from(u8::from(w == u));
        let supply_g = f64::from(u8::from(w == v)) - f64::from(u8::from(w == target));
        zero.push(sum(&f, outs) - sum(&f, ins) - supply_f);
        zero.push(sum(&g, outs) - sum(&g, ins) - supply_g);
        nonneg.push(1.0 - sum(&f, ins) - sum(&g, ins));
    }
    m.add_zero(zero);
    m.add_nonneg(nonneg);
    let s = m.solve(settings)?;
    match s.status {
        Status::Infeasible => Ok(false),
        // solved, reduced accuracy, or a failure: keep the edge (dropping it needs proof)
        _ => Ok(true),
    }
}

/// Run the LP test on every active edge (in parallel batches, reporting progress to
/// `observer` after each batch and stopping when it asks).
pub fn eliminate_edges(
    gcs: &Gcs,
    source: usize,
    target: usize,
    active: &[bool],
    settings: &Settings,
    pool: Option<&rayon::ThreadPool>,
    observer: &mut dyn Observer,
) -> Result<Preprocessed, GcsError> {
    let started = Instant::now();
    let candidates: Vec<usize> = (0..gcs.num_edges()).filter(|&e| active[e]).collect();
    let total = candidates.len() as u64;
    observer.on_event(&Event::Started {
        phase: "preprocessing",
        total: Some(total),
    });
    let mut keep = active.to_vec();
    let threads = pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let batch = 4 * threads.max(1);
    let mut done = 0usize;
    let mut stopped = false;
    for chunk in candidates.chunks(batch) {
        if observer.should_stop() {
            stopped = true;
            break;
        }
        let verdicts: Vec<bool> = in_pool(pool, || {
            chunk
                .par_iter()
                .map(|&e| edge_survives(gcs, source, target, active, e, settings))
                .collect::<Result<_, _>>()
        })?;
        for (&e, ok) in chunk.iter().zip(verdicts) {
            keep[e] = ok;
        }
        done += chunk.len();
        observer.on_event(&Event::Progress(Progress {
            done: done as u64,
            total: Some(total),
            incumbent: None,
            bound: None,
        }));
    }
    observer.on_event(&Event::Finished);
    let removed = active
        .iter()
        .zip(&keep)
        .filter(|(a, k)| **a && !**k)
        .count();
    Ok(Preprocessed {
        active: keep,
        removed,
        lps: done,
        time_s: started.elapsed().as_secs_f64(),
        stopped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::ConvexSet;
    use globopt_core::NoObserver;

    #[test]
    fn drops_the_edge_that_needs_a_vertex_twice() {
        // σ=0 → 1 → 2 → τ=3, plus 2 → 1 (only usable by revisiting 1... never on a simple
        // path to 3 that has already passed 1) and a dead-end 1 → 4 → 1
        let mut g = Gcs::new();
        for i in 0..5 {
            g.add_vertex(ConvexSet::point(vec![i as f64]).unwrap(), format!("v{i}"));
        }
        for (u, v) in [(0, 1), (1, 2), (2, 3), (2, 1), (1, 4), (4, 1)] {
            g.add_edge(u, v).unwrap();
        }
        let active = vec![true; g.num_edges()];
        let p = eliminate_edges(
            &g,
            0,
            3,
            &active,
            &Settings::default(),
            None,
            &mut NoObserver,
        )
        .unwrap();
        assert_eq!(p.active, vec![true, true, true, false, false, false]);
        assert_eq!(p.removed, 3);
        assert_eq!(p.lps, 6);
        assert!(!p.stopped);
    }
}
