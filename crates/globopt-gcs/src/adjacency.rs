//! Automatic edges between regions (shared digest 01, step 1): an edge both ways wherever two
//! regions meet, by one of three rules on the dimension of their intersection.

use crate::error::GcsError;
use crate::geometry::{bounding_box, intersection_dim};
use crate::sets::ConvexSet;
use serde::{Deserialize, Serialize};

/// When two regions of `R^n` get edges between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EdgeRule {
    /// Any nonempty intersection, even a single corner (Drake's automatic edges).
    Contact,
    /// An intersection of dimension `n − 1` or more: a shared face or an overlap (the
    /// default; the paper's UAV code).
    #[default]
    Facet,
    /// A full-dimensional overlap only.
    Overlap,
}

impl EdgeRule {
    /// Whether an intersection of dimension `dim` in `R^n` qualifies.
    pub fn accepts(self, dim: usize, n: usize) -> bool {
        match self {
            EdgeRule::Contact => true,
            EdgeRule::Facet => dim + 1 >= n,
            EdgeRule::Overlap => dim >= n,
        }
    }
}

/// The directed edges `(i, j)` and `(j, i)` for every pair of regions that meet under `rule`,
/// sorted. Candidate pairs come from a sweep over bounding boxes (sorted by their lower
/// corner along the first axis), so only pairs whose boxes touch within `tol` are tested.
pub fn edges_from_regions(
    regions: &[ConvexSet],
    rule: EdgeRule,
    tol: f64,
) -> Result<Vec<(usize, usize)>, GcsError> {
    let Some(first) = regions.first() else {
        return Ok(Vec::new());
    };
    let n = first.dim();
    let mut boxes = Vec::with_capacity(regions.len());
    for (i, r) in regions.iter().enumerate() {
        if r.dim() != n {
            return Err(GcsError::DimensionMismatch {
                what: format!("regions[{i}]"),
                expected: n,
                got: r.dim(),
            });
        }
        boxes.push(bounding_box(r).map_err(|e| e.within(&format!("regions[{i}]")))?);
    }
    let mut order: Vec<usize> = (0..regions.len()).collect();
    order.sort_by(|&a, &b| boxes[a].0[0].total_cmp(&boxes[b].0[0]).then(a.cmp(&b)));
    let mut edges = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if boxes[j].0[0] > boxes[i].1[0] + tol {
                break;
            }
            let touch = (0..n).all(|d| {
                boxes[i].0[d] <= boxes[j].1[d] + tol && boxes[j].0[d] <= boxes[i].1[d] + tol
            });
            if !touch {
                continue;
            }
            if let Some(dim) = intersection_dim(&regions[i], &regions[j], tol)?
                && rule.accepts(dim, n)
            {
                edges.push((i, j));
                edges.push((j, i));
            }
        }
    }
    edges.sort_unstable();
    Ok(edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_of_boxes_under_each_rule() {
        // 2×2 grid of unit squares: 4 facet pairs, 2 corner pairs
        let cells: Vec<ConvexSet> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .iter()
            .map(|&(x, y)| ConvexSet::aabox(vec![x, y], vec![x + 1.0, y + 1.0]).unwrap())
            .collect();
        assert_eq!(
            edges_from_regions(&cells, EdgeRule::Facet, 1e-9)
                .unwrap()
                .len(),
            8
        );
        assert_eq!(
            edges_from_regions(&cells, EdgeRule::Contact, 1e-9)
                .unwrap()
                .len(),
            12
        );
        assert_eq!(
            edges_from_regions(&cells, EdgeRule::Overlap, 1e-9)
                .unwrap()
                .len(),
            0
        );
        let e = edges_from_regions(&cells, EdgeRule::Facet, 1e-9).unwrap();
        assert!(e.contains(&(0, 1)) && e.contains(&(1, 0)) && !e.contains(&(0, 3)));
    }
}
