//! Graph searches on a [`Gcs`], before and beside any convex solve: which edges can lie on a
//! source–target path (digest 01, step 10, preprocessing `bfs`), whether any path exists (the
//! `Infeasible` check), and the enumeration of every simple path (the brute-force cross-check
//! of branch and bound, digest 01 step 9).

use crate::error::GcsError;
use crate::graph::Gcs;
use std::collections::VecDeque;

/// Vertices reachable from `start` along edges with `active[e]` (breadth-first search).
pub fn reachable_from(gcs: &Gcs, start: usize, active: &[bool]) -> Vec<bool> {
    let mut seen = vec![false; gcs.num_vertices()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(u) = queue.pop_front() {
        for &e in gcs.out_edges(u) {
            let v = gcs.edge(e).to();
            if active[e] && !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
    }
    seen
}

/// Vertices from which `end` is reachable along edges with `active[e]` (backward search).
pub fn reaching(gcs: &Gcs, end: usize, active: &[bool]) -> Vec<bool> {
    let mut seen = vec![false; gcs.num_vertices()];
    let mut queue = VecDeque::from([end]);
    seen[end] = true;
    while let Some(v) = queue.pop_front() {
        for &e in gcs.in_edges(v) {
            let u = gcs.edge(e).from();
            if active[e] && !seen[u] {
                seen[u] = true;
                queue.push_back(u);
            }
        }
    }
    seen
}

/// The edges that can lie on a simple `source → target` path, among those with
/// `allowed[e]`: not entering the source, not leaving the target, with the tail reachable
/// from the source and the head reaching the target. Empty when no path exists.
pub fn path_edges(gcs: &Gcs, source: usize, target: usize, allowed: &[bool]) -> Vec<bool> {
    let base: Vec<bool> = gcs
        .edges()
        .iter()
        .zip(allowed)
        .map(|(e, &a)| a && e.to() != source && e.from() != target)
        .collect();
    let fwd = reachable_from(gcs, source, &base);
    if !fwd[target] {
        return vec![false; gcs.num_edges()];
    }
    let bwd = reaching(gcs, target, &base);
    gcs.edges()
        .iter()
        .zip(&base)
        .map(|(e, &b)| b && fwd[e.from()] && bwd[e.to()])
        .collect()
}

/// Every simple `source → target` path over edges with `active[e]`, each as its edge list,
/// in depth-first order; errors when there are more than `limit`.
pub fn simple_paths(
    gcs: &Gcs,
    source: usize,
    target: usize,
    active: &[bool],
    limit: usize,
) -> Result<Vec<Vec<usize>>, GcsError> {
    let mut out = Vec::new();
    let mut on_path = vec![false; gcs.num_vertices()];
    let mut path: Vec<usize> = Vec::new();
    // iterative DFS: a stack of (vertex, next out-edge position)
    let mut stack: Vec<(usize, usize)> = vec![(source, 0)];
    on_path[source] = true;
    while let Some(&mut (u, ref mut pos)) = stack.last_mut() {
        let outs = gcs.out_edges(u);
        if *pos >= outs.len() || u == target {
            on_path[u] = false;
            stack.pop();
            path.pop();
            continue;
        }
        let e = outs[*pos];
        *pos += 1;
        let v = gcs.edge(e).to();
        if !active[e] || on_path[v] {
            continue;
        }
        path.push(e);
        if v == target {
            out.push(path.clone());
            if out.len() > limit {
                return Err(GcsError::param(
                    "path enumeration",
                    format!("more than {limit} simple paths"),
                ));
            }
            path.pop();
            continue;
        }
        on_path[v] = true;
        stack.push((v, 0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::ConvexSet;

    /// 0 → 1 → 3, 0 → 2 → 3, 1 ↔ 2, 3 → 0, and 4 isolated
    fn diamond() -> Gcs {
        let mut g = Gcs::new();
        for i in 0..5 {
            g.add_vertex(ConvexSet::point(vec![i as f64]).unwrap(), format!("v{i}"));
        }
        for (u, v) in [(0, 1), (0, 2), (1, 3), (2, 3), (1, 2), (2, 1), (3, 0)] {
            g.add_edge(u, v).unwrap();
        }
        g
    }

    #[test]
    fn enumerates_the_four_simple_paths() {
        let g = diamond();
        let all = vec![true; g.num_edges()];
        let paths = simple_paths(&g, 0, 3, &all, 100).unwrap();
        assert_eq!(paths.len(), 4);
        for p in &paths {
            let vs = g.path_vertices(p).unwrap();
            assert_eq!((vs[0], *vs.last().unwrap()), (0, 3));
        }
        assert!(simple_paths(&g, 0, 3, &all, 3).is_err());
    }

    #[test]
    fn path_edges_drop_edges_into_source_and_unreachable_vertices() {
        let g = diamond();
        let all = vec![true; g.num_edges()];
        let useful = path_edges(&g, 0, 3, &all);
        assert_eq!(useful, vec![true, true, true, true, true, true, false]);
        assert!(path_edges(&g, 0, 4, &all).iter().all(|&b| !b));
    }
}
