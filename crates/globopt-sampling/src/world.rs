//! The world model shared with `globopt-gcs` (shared digest 13, "World model"; digest 01,
//! "Sets"): a bounded configuration space in any dimension described in one of two ways.
//!
//! - **Obstacles**: the box `[lo, hi]` minus closed obstacles (boxes, H-polytopes,
//!   ellipsoids). A point is free when it is in the box and in no obstacle; a segment is free
//!   when it misses every obstacle (exact slab / clipping tests, see [`crate::geometry`]).
//! - **Regions**: the free space is a union of closed convex regions (boxes, polytopes,
//!   ellipsoids) with an adjacency, the format of a GCS instance and of the maze fixture. Two
//!   regions that touch without an edge between them are separated by a wall. A point is free
//!   when it lies in some region; a segment is free when it is covered by a chain of regions,
//!   each consecutive pair joined by an edge and sharing a point of the segment, every region
//!   of the chain holding a piece of positive length. Any such segment is a path of the GCS
//!   problem on the same instance, so a sampling planner's cost can never beat the GCS optimum.
//!
//! A broad-phase grid ([`BoxIndex`]) over the shapes' bounding boxes keeps each test local.

use crate::error::SamplingError;
use crate::geometry::{contains, segment_interval};
use crate::index::{Aabb, BoxIndex};
use globopt_gcs::geometry::{bounding_box, chebyshev_ball};
use globopt_gcs::{ConvexSet, EdgeRule, Instance, RegionSpec, edges_from_regions};
use serde::{Deserialize, Serialize};

/// Smallest parameter length of a region's piece of a segment for the region to carry the
/// segment (pieces shorter than this only touch the region's boundary).
const MIN_PIECE: f64 = 1e-12;

/// How the free space is described.
#[derive(Debug, Clone)]
pub enum Space {
    /// The bounds minus these closed obstacles.
    Obstacles(Vec<ConvexSet>),
    /// The union of these closed regions; `adjacency[i]` lists (sorted) the regions `j` with
    /// an edge `i → j`.
    Regions {
        /// The free regions.
        regions: Vec<ConvexSet>,
        /// Out-neighbours of each region.
        adjacency: Vec<Vec<usize>>,
    },
}

/// A world as written in a spec: `bounds = [lo, hi]` and `obstacles`, each a box `[lo, hi]`, a
/// polytope `{A, b}` or an ellipsoid `{center, radii}` (the GCS region format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorldSpec {
    /// The configuration-space box `[lo, hi]`.
    pub bounds: [Vec<f64>; 2],
    /// The obstacles.
    #[serde(default)]
    pub obstacles: Vec<RegionSpec>,
}

/// The world (see the module documentation).
#[derive(Debug, Clone)]
pub struct World {
    lo: Vec<f64>,
    hi: Vec<f64>,
    space: Space,
    index: BoxIndex,
    tol: f64,
    exact_measure: Option<f64>,
}

fn check_vector(field: &str, v: &[f64], n: usize) -> Result<(), SamplingError> {
    if v.len() != n {
        return Err(SamplingError::Dimension {
            what: field.into(),
            expected: n,
            got: v.len(),
        });
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(SamplingError::world(
            format!("{field}[{i}]"),
            "is not a finite number",
        ));
    }
    Ok(())
}

/// Bounding box of a planning shape; errors on points, products and unbounded sets.
fn shape_box(set: &ConvexSet, field: &str) -> Result<(Vec<f64>, Vec<f64>), SamplingError> {
    match set {
        ConvexSet::Point(_) | ConvexSet::Product(_) => Err(SamplingError::world(
            field,
            format!(
                "a {} cannot be an obstacle or free region; use a box, polytope or ellipsoid",
                set.type_name()
            ),
        )),
        _ => {
            let (lo, hi) =
                bounding_box(set).map_err(|e| SamplingError::world(field, e.to_string()))?;
            if lo.iter().chain(&hi).any(|v| !v.is_finite()) {
                return Err(SamplingError::world(field, "is unbounded"));
            }
            Ok((lo, hi))
        }
    }
}

/// Errors unless `set` has an interior (a positive-radius inscribed ball): degenerate boxes
/// (zero width on an axis), flat or empty polytopes.
fn check_full_dimensional(set: &ConvexSet, field: &str) -> Result<(), SamplingError> {
    if let ConvexSet::Box(b) = set
        && let Some(i) = (0..b.dim()).find(|&i| b.hi()[i] <= b.lo()[i])
    {
        return Err(SamplingError::world(
            field,
            format!(
                "is degenerate: zero width on axis {i} (lo = hi = {}); give it a positive width",
                b.lo()[i]
            ),
        ));
    }
    match chebyshev_ball(set).map_err(|e| SamplingError::world(field, e.to_string()))? {
        Some(ball) if ball.radius > 1e-12 => Ok(()),
        Some(_) => Err(SamplingError::world(
            field,
            "is degenerate: it has no interior (lower-dimensional)",
        )),
        None => Err(SamplingError::world(field, "is empty")),
    }
}

fn box_volume(lo: &[f64], hi: &[f64]) -> f64 {
    lo.iter().zip(hi).map(|(l, h)| (h - l).max(0.0)).product()
}

/// Whether the boxes' interiors are pairwise disjoint (candidate pairs from the index).
fn interiors_disjoint(index: &BoxIndex) -> bool {
    (0..index.len()).all(|i| {
        let (lo, hi) = index.bounding_box(i);
        index.query(lo, hi).into_iter().filter(|&j| j > i).all(|j| {
            let (lo2, hi2) = index.bounding_box(j);
            (0..lo.len()).any(|k| hi[k] <= lo2[k] || hi2[k] <= lo[k])
        })
    })
}

impl World {
    /// The world `[lo, hi]` minus `obstacles` (see the module documentation). Errors name the
    /// field: bounds that are not finite or empty (`bounds`), an obstacle of the wrong
    /// dimension, unbounded, or degenerate (`obstacles[i]`).
    pub fn with_obstacles(
        lo: Vec<f64>,
        hi: Vec<f64>,
        obstacles: Vec<ConvexSet>,
    ) -> Result<Self, SamplingError> {
        let n = lo.len();
        if n == 0 {
            return Err(SamplingError::world("bounds", "has dimension 0"));
        }
        check_vector("bounds[0]", &lo, n)?;
        check_vector("bounds[1]", &hi, n)?;
        if let Some(i) = (0..n).find(|&i| hi[i] <= lo[i]) {
            return Err(SamplingError::world(
                "bounds",
                format!("axis {i} is empty or flat: lo = {} ≥ hi = {}", lo[i], hi[i]),
            ));
        }
        let mut boxes = Vec::with_capacity(obstacles.len());
        for (i, o) in obstacles.iter().enumerate() {
            let field = format!("obstacles[{i}]");
            if o.dim() != n {
                return Err(SamplingError::Dimension {
                    what: field,
                    expected: n,
                    got: o.dim(),
                });
            }
            let bb = shape_box(o, &field)?;
            check_full_dimensional(o, &field)?;
            boxes.push(bb);
        }
        let all_boxes = obstacles.iter().all(|o| matches!(o, ConvexSet::Box(_)));
        let clipped: Vec<(Vec<f64>, Vec<f64>)> = boxes
            .iter()
            .map(|(l, h)| {
                let cl: Vec<f64> = l.iter().zip(&lo).map(|(a, b)| a.max(*b)).collect();
                let ch: Vec<f64> = h.iter().zip(&hi).map(|(a, b)| a.min(*b)).collect();
                (cl, ch)
            })
            .collect();
        let index = BoxIndex::new(&lo, &hi, boxes, 0.0);
        let exact_measure = if all_boxes && interiors_disjoint(&index) {
            let blocked: f64 = clipped.iter().map(|(l, h)| box_volume(l, h)).sum();
            Some(box_volume(&lo, &hi) - blocked)
        } else {
            None
        };
        Ok(World {
            lo,
            hi,
            space: Space::Obstacles(obstacles),
            index,
            tol: 0.0,
            exact_measure,
        })
    }

    /// The world of a spec (see [`WorldSpec`]).
    pub fn from_spec(spec: &WorldSpec) -> Result<Self, SamplingError> {
        let mut obstacles = Vec::with_capacity(spec.obstacles.len());
        for (i, o) in spec.obstacles.iter().enumerate() {
            obstacles.push(
                o.to_set()
                    .map_err(|e| SamplingError::world(format!("obstacles[{i}]"), e.to_string()))?,
            );
        }
        Self::with_obstacles(spec.bounds[0].clone(), spec.bounds[1].clone(), obstacles)
    }

    /// The free space of a GCS instance (the maze fixture's format): its regions are the free
    /// space, its edges (or, when absent, the edges its `edge_rule` derives) the passages, and
    /// the bounds the regions' bounding box. Errors name `regions[i]` for point, unbounded or
    /// degenerate regions and `edges[k]` for bad indices.
    pub fn from_instance(inst: &Instance) -> Result<Self, SamplingError> {
        if inst.regions.is_empty() {
            return Err(SamplingError::world("regions", "is empty"));
        }
        if !(inst.tol.is_finite() && inst.tol >= 0.0) {
            return Err(SamplingError::world("tol", "must be a nonnegative number"));
        }
        let mut regions = Vec::with_capacity(inst.regions.len());
        let mut boxes = Vec::with_capacity(inst.regions.len());
        let n = inst.start.len();
        for (i, spec) in inst.regions.iter().enumerate() {
            let field = format!("regions[{i}]");
            let set = spec
                .to_set()
                .map_err(|e| SamplingError::world(&field, e.to_string()))?;
            if set.dim() != n {
                return Err(SamplingError::Dimension {
                    what: field,
                    expected: n,
                    got: set.dim(),
                });
            }
            boxes.push(shape_box(&set, &field)?);
            check_full_dimensional(&set, &field)?;
            regions.push(set);
        }
        let edges: Vec<(usize, usize)> = match &inst.edges {
            Some(list) => {
                let mut out = Vec::with_capacity(list.len());
                for (k, &[i, j]) in list.iter().enumerate() {
                    if i >= regions.len() || j >= regions.len() {
                        return Err(SamplingError::world(
                            format!("edges[{k}]"),
                            format!(
                                "region index out of range (there are {} regions)",
                                regions.len()
                            ),
                        ));
                    }
                    out.push((i, j));
                }
                out
            }
            None => edges_from_regions(&regions, inst.edge_rule, inst.tol)?,
        };
        Self::with_regions(regions, boxes, &edges, inst.tol)
    }

    fn with_regions(
        regions: Vec<ConvexSet>,
        boxes: Vec<(Vec<f64>, Vec<f64>)>,
        edges: &[(usize, usize)],
        tol: f64,
    ) -> Result<Self, SamplingError> {
        let n = regions[0].dim();
        let mut lo = vec![f64::INFINITY; n];
        let mut hi = vec![f64::NEG_INFINITY; n];
        for (l, h) in &boxes {
            for k in 0..n {
                lo[k] = lo[k].min(l[k]);
                hi[k] = hi[k].max(h[k]);
            }
        }
        let mut adjacency = vec![Vec::new(); regions.len()];
        for &(i, j) in edges {
            adjacency[i].push(j);
        }
        for a in &mut adjacency {
            a.sort_unstable();
            a.dedup();
        }
        let all_boxes = regions.iter().all(|r| matches!(r, ConvexSet::Box(_)));
        let volume: f64 = boxes.iter().map(|(l, h)| box_volume(l, h)).sum();
        let index = BoxIndex::new(&lo, &hi, boxes, tol);
        let exact_measure = (all_boxes && interiors_disjoint(&index)).then_some(volume);
        Ok(World {
            lo,
            hi,
            space: Space::Regions { regions, adjacency },
            index,
            tol,
            exact_measure,
        })
    }

    /// The dimension `d` of the configuration space.
    pub fn dim(&self) -> usize {
        self.lo.len()
    }
    /// Lower corner of the bounds.
    pub fn lo(&self) -> &[f64] {
        &self.lo
    }
    /// Upper corner of the bounds.
    pub fn hi(&self) -> &[f64] {
        &self.hi
    }
    /// How the free space is described.
    pub fn space(&self) -> &Space {
        &self.space
    }
    /// Membership tolerance of a region world (0 for obstacle worlds, whose tests are exact).
    pub fn tol(&self) -> f64 {
        self.tol
    }
    /// The volume of the bounds box.
    pub fn bounds_volume(&self) -> f64 {
        box_volume(&self.lo, &self.hi)
    }
    /// `μ(X_free)` in closed form when it has one: box obstacles with pairwise disjoint
    /// interiors (bounds volume minus the obstacles clipped to the bounds) or box regions with
    /// disjoint interiors (the sum of their volumes); `None` otherwise (the sampler then
    /// estimates it from its acceptance rate).
    pub fn exact_free_measure(&self) -> Option<f64> {
        self.exact_measure
    }

    /// Whether `x` is in the bounds (closed).
    pub fn in_bounds(&self, x: &[f64]) -> bool {
        x.len() == self.dim()
            && x.iter()
                .zip(self.lo.iter().zip(&self.hi))
                .all(|(v, (l, h))| *v >= l - self.tol && *v <= h + self.tol)
    }

    /// Whether `x` is free (see the module documentation).
    pub fn point_free(&self, x: &[f64]) -> bool {
        if !self.in_bounds(x) {
            return false;
        }
        let shapes = self.index.query(x, x);
        match &self.space {
            Space::Obstacles(obs) => shapes.iter().all(|&i| !contains(&obs[i], x, 0.0)),
            Space::Regions { regions, .. } => {
                shapes.iter().any(|&i| contains(&regions[i], x, self.tol))
            }
        }
    }

    /// Why `x` is not free, naming the obstacle or the missing region; `None` when it is free.
    pub fn point_conflict(&self, x: &[f64]) -> Option<String> {
        if x.len() != self.dim() {
            return Some(format!(
                "has dimension {}, the world has {}",
                x.len(),
                self.dim()
            ));
        }
        if !self.in_bounds(x) {
            return Some(format!(
                "{x:?} lies outside the world bounds {:?}..{:?}",
                self.lo, self.hi
            ));
        }
        match &self.space {
            Space::Obstacles(obs) => self
                .index
                .query(x, x)
                .into_iter()
                .find(|&i| contains(&obs[i], x, 0.0))
                .map(|i| format!("{x:?} lies inside obstacles[{i}] (in collision)")),
            Space::Regions { .. } => (!self.point_free(x))
                .then(|| format!("{x:?} lies in no free region (in collision)")),
        }
    }

    /// Whether the segment `p → q` is free (see the module documentation); `p` and `q` are
    /// assumed free.
    pub fn segment_free(&self, p: &[f64], q: &[f64]) -> bool {
        let candidates = self.index.query_segment(p, q);
        match &self.space {
            Space::Obstacles(obs) => candidates
                .iter()
                .all(|&i| segment_interval(&obs[i], p, q, 0.0).is_none()),
            Space::Regions { regions, adjacency } => {
                let pieces: Vec<(usize, f64, f64)> = candidates
                    .iter()
                    .filter_map(|&i| {
                        segment_interval(&regions[i], p, q, self.tol)
                            .filter(|(t0, t1)| t1 - t0 > MIN_PIECE || (*t0 == 0.0 && *t1 == 1.0))
                            .map(|(t0, t1)| (i, t0, t1))
                    })
                    .collect();
                chain_covers(&pieces, adjacency)
            }
        }
    }

    /// The GCS instance of this world with `start` and `goal`: a region world's own regions
    /// and edges; for an obstacle world of boxes, the free space cut along the obstacles'
    /// coordinates into boxes ([`free_box_decomposition`]) joined where they share a facet.
    /// Errors on obstacle worlds with polytope or ellipsoid obstacles.
    pub fn to_instance(&self, start: &[f64], goal: &[f64]) -> Result<Instance, SamplingError> {
        let (regions, edges, rule) = match &self.space {
            Space::Regions { regions, adjacency } => {
                let specs = regions
                    .iter()
                    .map(set_to_spec)
                    .collect::<Result<Vec<_>, _>>()?;
                let edges: Vec<[usize; 2]> = adjacency
                    .iter()
                    .enumerate()
                    .flat_map(|(i, a)| a.iter().map(move |&j| [i, j]))
                    .collect();
                (specs, Some(edges), EdgeRule::Facet)
            }
            Space::Obstacles(obs) => {
                let boxes = free_box_decomposition(&self.lo, &self.hi, obs)?;
                let specs = boxes
                    .into_iter()
                    .map(|(l, h)| RegionSpec::Box([l, h]))
                    .collect();
                (specs, None, EdgeRule::Facet)
            }
        };
        Ok(Instance {
            regions,
            edges,
            edge_rule: rule,
            start: start.to_vec(),
            goal: goal.to_vec(),
            cost: Default::default(),
            speed: None,
            tol: if self.tol > 0.0 { self.tol } else { 1e-7 },
            size: None,
            description: Some("free space of a globopt-sampling world".into()),
        })
    }
}

/// BFS over the pieces `(region, t₀, t₁)` from those containing `t = 0`, stepping along edges
/// between pieces that share a parameter; the segment is covered when a reached piece ends at
/// `t = 1`.
fn chain_covers(pieces: &[(usize, f64, f64)], adjacency: &[Vec<usize>]) -> bool {
    let mut reached = vec![false; pieces.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        if p.1 == 0.0 {
            reached[k] = true;
            stack.push(k);
        }
    }
    while let Some(k) = stack.pop() {
        let (i, a0, a1) = pieces[k];
        if a1 == 1.0 {
            return true;
        }
        for (m, &(j, b0, b1)) in pieces.iter().enumerate() {
            if !reached[m] && a0.max(b0) <= a1.min(b1) && adjacency[i].binary_search(&j).is_ok() {
                reached[m] = true;
                stack.push(m);
            }
        }
    }
    false
}

/// A region as written in an instance.
fn set_to_spec(set: &ConvexSet) -> Result<RegionSpec, SamplingError> {
    match set {
        ConvexSet::Box(b) => Ok(RegionSpec::Box([b.lo().to_vec(), b.hi().to_vec()])),
        ConvexSet::Polytope(p) => Ok(RegionSpec::Polytope {
            a: p.a().to_vec(),
            b: p.b().to_vec(),
        }),
        ConvexSet::Ellipsoid(e) => Ok(RegionSpec::Ellipsoid {
            center: e.center().to_vec(),
            radii: None,
            shape: Some(e.shape().to_vec()),
        }),
        other => Err(SamplingError::world(
            "regions",
            format!("a {} is not a planning region", other.type_name()),
        )),
    }
}

/// The free space `[lo, hi] \ ∪ obstacles` of a box-obstacle world as boxes with disjoint
/// interiors (digest 01, check (c)): the grid cut at every obstacle coordinate inside the
/// bounds, cells inside an obstacle dropped, then runs of free cells merged greedily axis by
/// axis into larger boxes. Errors on non-box obstacles.
pub fn free_box_decomposition(
    lo: &[f64],
    hi: &[f64],
    obstacles: &[ConvexSet],
) -> Result<Vec<Aabb>, SamplingError> {
    let n = lo.len();
    let mut boxes = Vec::with_capacity(obstacles.len());
    for (i, o) in obstacles.iter().enumerate() {
        match o {
            ConvexSet::Box(b) => boxes.push((b.lo().to_vec(), b.hi().to_vec())),
            other => {
                return Err(SamplingError::world(
                    format!("obstacles[{i}]"),
                    format!(
                        "is a {}: the GCS comparison needs box obstacles (a box decomposition of the free space)",
                        other.type_name()
                    ),
                ));
            }
        }
    }
    let cuts: Vec<Vec<f64>> = (0..n)
        .map(|k| {
            let mut c = vec![lo[k], hi[k]];
            for (l, h) in &boxes {
                for v in [l[k], h[k]] {
                    if v > lo[k] && v < hi[k] {
                        c.push(v);
                    }
                }
            }
            c.sort_by(f64::total_cmp);
            c.dedup();
            c
        })
        .collect();
    let counts: Vec<usize> = cuts.iter().map(|c| c.len() - 1).collect();
    let total: usize = counts.iter().product();
    // cell -> free?
    let mut free = vec![false; total];
    let mut idx = vec![0usize; n];
    for (flat, slot) in free.iter_mut().enumerate() {
        let mut rest = flat;
        for k in 0..n {
            idx[k] = rest % counts[k];
            rest /= counts[k];
        }
        let center: Vec<f64> = (0..n)
            .map(|k| 0.5 * (cuts[k][idx[k]] + cuts[k][idx[k] + 1]))
            .collect();
        *slot = !boxes
            .iter()
            .any(|(l, h)| (0..n).all(|k| center[k] > l[k] && center[k] < h[k]));
    }
    // cells as index boxes [a, b) per axis, merged axis by axis
    let mut cells: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (flat, &f) in free.iter().enumerate() {
        if f {
            let mut rest = flat;
            let mut a = vec![0; n];
            for k in 0..n {
                a[k] = rest % counts[k];
                rest /= counts[k];
            }
            let b = a.iter().map(|v| v + 1).collect();
            cells.push((a, b));
        }
    }
    for axis in 0..n {
        // sort so that boxes equal on every other axis are consecutive along `axis`
        cells.sort_by(|x, y| {
            let key = |c: &(Vec<usize>, Vec<usize>)| {
                let mut k: Vec<usize> = Vec::with_capacity(2 * n);
                for j in 0..n {
                    if j != axis {
                        k.push(c.0[j]);
                        k.push(c.1[j]);
                    }
                }
                k.push(c.0[axis]);
                k
            };
            key(x).cmp(&key(y))
        });
        let mut merged: Vec<(Vec<usize>, Vec<usize>)> = Vec::with_capacity(cells.len());
        for c in cells {
            if let Some(last) = merged.last_mut() {
                let same_other = (0..n)
                    .filter(|&j| j != axis)
                    .all(|j| last.0[j] == c.0[j] && last.1[j] == c.1[j]);
                if same_other && last.1[axis] == c.0[axis] {
                    last.1[axis] = c.1[axis];
                    continue;
                }
            }
            merged.push(c);
        }
        cells = merged;
    }
    cells.sort();
    Ok(cells
        .into_iter()
        .map(|(a, b)| {
            (
                (0..n).map(|k| cuts[k][a[k]]).collect(),
                (0..n).map(|k| cuts[k][b[k]]).collect(),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_gcs::Maze;

    fn three_box() -> World {
        let obs = [
            ([0.05, 0.20], [0.45, 0.35]),
            ([0.70, 0.30], [0.90, 0.50]),
            ([0.30, 0.60], [0.80, 0.75]),
        ]
        .iter()
        .map(|(l, h)| ConvexSet::aabox(l.to_vec(), h.to_vec()).unwrap())
        .collect();
        World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], obs).unwrap()
    }

    #[test]
    fn obstacle_world_points_segments_and_measure() {
        let w = three_box();
        assert!((w.exact_free_measure().unwrap() - 0.825).abs() < 1e-12);
        assert!(w.point_free(&[0.1, 0.1]));
        assert!(!w.point_free(&[0.2, 0.3]));
        assert!(!w.point_free(&[1.2, 0.3]));
        assert!(
            w.point_conflict(&[0.2, 0.3])
                .unwrap()
                .contains("obstacles[0]")
        );
        assert!(w.segment_free(&[0.1, 0.1], &[0.9, 0.1]));
        assert!(!w.segment_free(&[0.1, 0.1], &[0.1, 0.5]));
        // grazing a corner is a collision (closed obstacles)
        assert!(!w.segment_free(&[0.45, 0.1], &[0.45, 0.2]));
    }

    #[test]
    fn degenerate_and_malformed_obstacles_are_named() {
        let flat = ConvexSet::aabox(vec![0.2, 0.2], vec![0.2, 0.4]).unwrap();
        let e = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], vec![flat]).unwrap_err();
        assert!(
            e.to_string().contains("obstacles[0]") && e.to_string().contains("degenerate"),
            "{e}"
        );
        let e = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 0.0], vec![]).unwrap_err();
        assert!(e.to_string().contains("bounds"), "{e}");
        let three = ConvexSet::aabox(vec![0.0; 3], vec![1.0; 3]).unwrap();
        let e = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], vec![three]).unwrap_err();
        assert!(e.to_string().contains("obstacles[0]"), "{e}");
    }

    #[test]
    fn maze_walls_block_segments_and_passages_let_them_through() {
        let maze = Maze::generate(4, 0, 1).unwrap();
        let w = World::from_instance(&maze.to_instance()).unwrap();
        assert_eq!(w.exact_free_measure(), Some(16.0));
        let passages = maze.passages();
        // cells (0,0) = 0 and (0,1) = 1 are vertically adjacent; (0,0) and (1,0) = 4 horizontally
        let open = |a: usize, b: usize| passages.contains(&[a, b]);
        assert_eq!(w.segment_free(&[0.5, 0.5], &[0.5, 1.5]), open(0, 1));
        assert_eq!(w.segment_free(&[0.5, 0.5], &[1.5, 0.5]), open(0, 4));
        assert!(w.point_free(&[0.5, 0.0]));
        assert!(!w.point_free(&[4.5, 0.5]));
    }

    #[test]
    fn decomposition_covers_the_free_space_of_the_three_box_world() {
        let w = three_box();
        let Space::Obstacles(obs) = w.space() else {
            unreachable!()
        };
        let boxes = free_box_decomposition(w.lo(), w.hi(), obs).unwrap();
        let vol: f64 = boxes.iter().map(|(l, h)| box_volume(l, h)).sum();
        assert!((vol - 0.825).abs() < 1e-12);
        assert!(boxes.len() < 49);
        let inst = w.to_instance(&[0.1, 0.1], &[0.9, 0.9]).unwrap();
        let rw = World::from_instance(&inst).unwrap();
        assert!(rw.segment_free(&[0.1, 0.1], &[0.9, 0.1]));
        assert!(!rw.segment_free(&[0.1, 0.1], &[0.1, 0.5]));
    }
}
