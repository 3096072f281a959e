//! Neighbourhoods of the sample set (shared digest 13, "Neighbours"): the r-disk
//! `N(x) = {y ≠ x : ‖x − y‖ < r}` or the `k` nearest nodes, found with a `kiddo` k-d tree
//! (parallel over nodes with rayon) and stored once per sample set as CSR arrays of neighbour
//! ids, sorted by id, with their distances.

use crate::error::SamplingError;
use crate::geometry::distance;
use kiddo::SquaredEuclidean;
use kiddo::immutable::float::kdtree::ImmutableKdTree;
use rayon::prelude::*;

/// Largest dimension the neighbour index is compiled for.
pub const MAX_DIM: usize = 16;

/// Neighbour lists in CSR form: node `i`'s neighbours are `ids[offsets[i]..offsets[i+1]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbors {
    offsets: Vec<usize>,
    ids: Vec<u32>,
    dists: Vec<f64>,
}

/// Which neighbourhood to build.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Neighborhood {
    /// All nodes strictly closer than `r`.
    Radius(f64),
    /// The `k` nearest nodes (ties broken by the tree).
    Nearest(usize),
}

impl Neighbors {
    /// Build the neighbourhoods of the `points` (node after node, dimension `dim`). Errors
    /// when `dim` is 0 or above [`MAX_DIM`], or the neighbourhood is not positive.
    pub fn build(points: &[f64], dim: usize, hood: Neighborhood) -> Result<Self, SamplingError> {
        match hood {
            Neighborhood::Radius(r) if !(r.is_finite() && r > 0.0) => {
                return Err(SamplingError::param(
                    "radius",
                    format!("must be a positive number, got {r}"),
                ));
            }
            Neighborhood::Nearest(0) => {
                return Err(SamplingError::param("k_nearest", "must be at least 1"));
            }
            _ => {}
        }
        if points.len() > u32::MAX as usize {
            return Err(SamplingError::param(
                "samples",
                "too many nodes for 32-bit ids",
            ));
        }
        macro_rules! dispatch {
            ($($k:literal)*) => {
                match dim {
                    $($k => lists::<$k>(points, hood),)*
                    _ => {
                        return Err(SamplingError::param(
                            "dimension",
                            format!("the neighbour index supports 1 to {MAX_DIM} dimensions, the world has {dim}"),
                        ))
                    }
                }
            };
        }
        let lists = dispatch!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
        let mut offsets = Vec::with_capacity(lists.len() + 1);
        offsets.push(0);
        let total: usize = lists.iter().map(Vec::len).sum();
        let mut ids = Vec::with_capacity(total);
        let mut dists = Vec::with_capacity(total);
        for l in lists {
            for (j, d) in l {
                ids.push(j);
                dists.push(d);
            }
            offsets.push(ids.len());
        }
        Ok(Neighbors {
            offsets,
            ids,
            dists,
        })
    }

    /// Node `i`'s neighbour ids (sorted) and distances.
    pub fn of(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.offsets[i], self.offsets[i + 1]);
        (&self.ids[a..b], &self.dists[a..b])
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The mean number of neighbours per node.
    pub fn mean_degree(&self) -> f64 {
        self.ids.len() as f64 / self.len().max(1) as f64
    }
}

fn lists<const K: usize>(points: &[f64], hood: Neighborhood) -> Vec<Vec<(u32, f64)>> {
    let pts: Vec<[f64; K]> = points
        .chunks_exact(K)
        .map(|c| {
            let mut a = [0.0; K];
            a.copy_from_slice(c);
            a
        })
        .collect();
    let tree: ImmutableKdTree<f64, u64, K, 32> = ImmutableKdTree::new_from_slice(&pts);
    pts.par_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut found: Vec<(u32, f64)> = match hood {
                Neighborhood::Radius(r) => tree
                    .within_unsorted::<SquaredEuclidean>(p, r * r * (1.0 + 1e-9))
                    .into_iter()
                    .map(|nb| nb.item as usize)
                    .filter(|&j| j != i)
                    .map(|j| (j as u32, distance(p, &pts[j])))
                    .filter(|&(_, d)| d < r)
                    .collect(),
                Neighborhood::Nearest(k) => tree
                    .nearest_n::<SquaredEuclidean>(
                        p,
                        std::num::NonZero::new(k + 1).unwrap_or(std::num::NonZero::<usize>::MIN),
                    )
                    .into_iter()
                    .map(|nb| nb.item as usize)
                    .filter(|&j| j != i)
                    .take(k)
                    .map(|j| (j as u32, distance(p, &pts[j])))
                    .collect(),
            };
            found.sort_unstable_by_key(|&(j, _)| j);
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radius_neighbours_match_brute_force() {
        let mut rng = globopt_core::rng::seeded(1);
        let pts = globopt_core::design::uniform(300, 3, &mut rng);
        let flat: Vec<f64> = pts.iter().flatten().copied().collect();
        let nb = Neighbors::build(&flat, 3, Neighborhood::Radius(0.2)).unwrap();
        for i in 0..300 {
            let expect: Vec<u32> = (0..300)
                .filter(|&j| j != i && distance(&pts[i], &pts[j]) < 0.2)
                .map(|j| j as u32)
                .collect();
            assert_eq!(nb.of(i).0, expect.as_slice());
        }
        let knn = Neighbors::build(&flat, 3, Neighborhood::Nearest(5)).unwrap();
        assert!((0..300).all(|i| knn.of(i).0.len() == 5));
        assert!(Neighbors::build(&flat, 3, Neighborhood::Radius(0.0)).is_err());
        assert!(Neighbors::build(&[0.0; 17], 17, Neighborhood::Radius(1.0)).is_err());
    }
}
