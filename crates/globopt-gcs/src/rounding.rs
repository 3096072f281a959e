//! Randomized rounding of relaxation flows into paths, the paper's random-forward strategy
//! (shared digest 01, step 6; Marcucci et al. 2023, Sec. 4.3), and the parallel solve of the
//! candidate paths' restrictions (step 7).

use crate::error::GcsError;
use crate::graph::Gcs;
use crate::restriction::{Restriction, solve_restriction};
use globopt_conic::Settings;
use globopt_core::rng::substream;
use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Parameters of the randomized rounding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoundingParams {
    /// The most distinct paths to collect (default 10, the paper's experiments).
    pub paths: usize,
    /// The most random walks to try (default 100, as in Drake).
    pub trials: usize,
    /// Seed of the walks (default 0); trial `t` draws from stream `t` of the seed.
    pub seed: u64,
    /// Edges with flow at or below this are never taken (default 1e-5, as in Drake).
    pub flow_tol: f64,
}

impl Default for RoundingParams {
    fn default() -> Self {
        RoundingParams {
            paths: 10,
            trials: 100,
            seed: 0,
            flow_tol: 1e-5,
        }
    }
}

impl RoundingParams {
    /// Error naming the first parameter out of range.
    pub fn validate(&self) -> Result<(), GcsError> {
        if self.paths == 0 {
            return Err(GcsError::param("rounding.paths", "must be at least 1"));
        }
        if self.trials == 0 {
            return Err(GcsError::param("rounding.trials", "must be at least 1"));
        }
        if !(self.flow_tol.is_finite() && (0.0..1.0).contains(&self.flow_tol)) {
            return Err(GcsError::param(
                "rounding.flow_tol",
                format!("must be in [0, 1), got {}", self.flow_tol),
            ));
        }
        Ok(())
    }
}

/// The distinct paths found by [`sample_paths`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampledPaths {
    /// Distinct paths as edge lists, in the order found.
    pub paths: Vec<Vec<usize>>,
    /// Walks tried.
    pub trials: usize,
}

/// Random-forward rounding (digest 01, step 6): repeat up to `params.trials` randomized
/// depth-first walks from `source` until `params.paths` distinct `source → target` paths are
/// found. At each step the walk takes an edge to an unvisited vertex with flow
/// `φ > flow_tol`, chosen with probability `∝ φ`; at a dead end it backtracks (the vertex
/// stays visited); a walk that backtracks out of the source fails. Walk `t` draws from
/// stream `stream·2³² + t` of `params.seed`, so results do not depend on threads.
pub fn sample_paths(
    gcs: &Gcs,
    source: usize,
    target: usize,
    flows: &[f64],
    params: &RoundingParams,
    stream: u64,
) -> SampledPaths {
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let mut paths = Vec::new();
    let mut trials = 0;
    while trials < params.trials && paths.len() < params.paths {
        let mut rng = substream(params.seed, (stream << 32) | trials as u64);
        trials += 1;
        if let Some(p) = random_walk(gcs, source, target, flows, params.flow_tol, &mut rng)
            && seen.insert(p.clone())
        {
            paths.push(p);
        }
    }
    SampledPaths { paths, trials }
}

fn random_walk(
    gcs: &Gcs,
    source: usize,
    target: usize,
    flows: &[f64],
    flow_tol: f64,
    rng: &mut impl Rng,
) -> Option<Vec<usize>> {
    let mut visited = vec![false; gcs.num_vertices()];
    visited[source] = true;
    let mut stack = vec![source];
    let mut path: Vec<usize> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    while let Some(&u) = stack.last() {
        if u == target {
            return Some(path);
        }
        candidates.clear();
        candidates.extend(
            gcs.out_edges(u)
                .iter()
                .copied()
                .filter(|&e| flows[e] > flow_tol && !visited[gcs.edge(e).to()]),
        );
        if candidates.is_empty() {
            stack.pop();
            path.pop();
            continue;
        }
        let total: f64 = candidates.iter().map(|&e| flows[e]).sum();
        let mut pick = rng.random::<f64>() * total;
        let mut chosen = candidates[candidates.len() - 1];
        for &e in &candidates {
            if pick < flows[e] {
                chosen = e;
                break;
            }
            pick -= flows[e];
        }
        let v = gcs.edge(chosen).to();
        visited[v] = true;
        stack.push(v);
        path.push(chosen);
    }
    None
}

/// Solve the restriction of every path in parallel (rayon, one Clarabel instance per path),
/// results in the order of `paths`.
pub fn solve_restrictions(
    gcs: &Gcs,
    paths: &[Vec<usize>],
    settings: &Settings,
) -> Result<Vec<Restriction>, GcsError> {
    paths
        .par_iter()
        .map(|p| solve_restriction(gcs, p, settings))
        .collect()
}

/// Run `f` inside `pool` when one is given (so that its rayon calls use that pool's threads),
/// else on the global pool.
pub fn in_pool<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// The index of the cheapest solved restriction (ties to the first).
pub fn best_restriction(restrictions: &[Restriction]) -> Option<usize> {
    restrictions
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_solved() && r.cost.is_finite())
        .min_by(|a, b| a.1.cost.total_cmp(&b.1.cost).then(a.0.cmp(&b.0)))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::ConvexSet;

    /// 0 → 1 → 3 and 0 → 2 → 3
    fn two_routes() -> Gcs {
        let mut g = Gcs::new();
        for i in 0..4 {
            g.add_vertex(ConvexSet::point(vec![i as f64]).unwrap(), format!("v{i}"));
        }
        for (u, v) in [(0, 1), (0, 2), (1, 3), (2, 3)] {
            g.add_edge(u, v).unwrap();
        }
        g
    }

    #[test]
    fn finds_both_routes_of_a_split_flow_deterministically() {
        let g = two_routes();
        let flows = [0.5, 0.5, 0.5, 0.5];
        let p = RoundingParams::default();
        let a = sample_paths(&g, 0, 3, &flows, &p, 0);
        assert_eq!(a.paths.len(), 2);
        assert_eq!(a, sample_paths(&g, 0, 3, &flows, &p, 0));
        // flow below the tolerance is never followed
        let flows = [1.0, 1e-9, 1.0, 1e-9];
        let b = sample_paths(&g, 0, 3, &flows, &p, 0);
        assert_eq!(b.paths, vec![vec![0, 2]]);
        assert_eq!(b.trials, 100);
    }

    #[test]
    fn dead_ends_backtrack_and_no_flow_gives_no_path() {
        let g = two_routes();
        let p = RoundingParams {
            trials: 5,
            ..Default::default()
        };
        // 1 has no flow onward: walks into 1 must back up and take 2
        let flows = [0.9, 0.1, 0.0, 0.1];
        let s = sample_paths(&g, 0, 3, &flows, &p, 0);
        assert_eq!(s.paths, vec![vec![1, 3]]);
        let none = sample_paths(&g, 0, 3, &[0.0; 4], &p, 0);
        assert!(none.paths.is_empty());
        assert!(
            RoundingParams {
                paths: 0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
    }
}
