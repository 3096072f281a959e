//! Path-planning instances: a world of convex free-space regions with a start and a goal (the
//! JSON format of the paper's maze fixture), and the piecewise-linear planner built on it
//! (shared digest 01, step 3, model `linear`).
//!
//! The format: `regions` (each `[lo, hi]` for a box, `{"A": [[..]], "b": [..]}` for a
//! polytope, `{"center": [..], "radii": [..]}` or `{"center", "shape"}` for an ellipsoid,
//! `{"point": [..]}`), optional `edges` (directed pairs of region indices; derived by
//! `edge_rule` when absent), `start`, `goal`, optional `cost` (`"length"`, the default,
//! `"squared-length"` or `"time"` with per-axis `speed`) and `tol`. The fixture's `size` and
//! `description` are accepted and ignored.
//!
//! The planner holds one point `x_v` per region (where the path enters it); edge `(u, v)`
//! requires `x_v ∈ Q_u`, so the segment `x_u → x_v` stays in region `u`, and costs the segment
//! (its length by default). A point vertex `σ` at the start has edges to every region that
//! contains it, and every region that contains the goal has an edge to a point vertex `τ`.

use crate::adjacency::{EdgeRule, edges_from_regions};
use crate::constraint::Constraint;
use crate::cost::Cost;
use crate::error::GcsError;
use crate::geometry::{bounding_box, intersection_dim};
use crate::graph::Gcs;
use crate::sets::{ConvexSet, Ellipsoid};
use crate::shortest_path::{GcsSolution, ShortestPathParams, solve_shortest_path};
use globopt_core::{Observer, Report};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One region as written in an instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum RegionSpec {
    /// An axis-aligned box `[lo, hi]`.
    Box([Vec<f64>; 2]),
    /// A polytope `{x : A x ≤ b}`.
    Polytope {
        /// The rows of `A`.
        #[serde(rename = "A", alias = "a")]
        a: Vec<Vec<f64>>,
        /// The right-hand side.
        b: Vec<f64>,
    },
    /// An ellipsoid, axis-aligned (`radii`) or general (`shape` `A` in `‖A(x − c)‖ ≤ 1`).
    Ellipsoid {
        /// The center.
        center: Vec<f64>,
        /// Semi-axis lengths (axis-aligned ellipsoid).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radii: Option<Vec<f64>>,
        /// The shape matrix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shape: Option<Vec<Vec<f64>>>,
    },
    /// A single point.
    Point {
        /// Its coordinates.
        point: Vec<f64>,
    },
}

impl RegionSpec {
    /// The convex set, validated.
    pub fn to_set(&self) -> Result<ConvexSet, GcsError> {
        match self {
            RegionSpec::Box([lo, hi]) => ConvexSet::aabox(lo.clone(), hi.clone()),
            RegionSpec::Polytope { a, b } => {
                let dim = a.first().map_or(0, Vec::len);
                ConvexSet::polytope(a.clone(), b.clone(), dim)
            }
            RegionSpec::Ellipsoid {
                center,
                radii,
                shape,
            } => match (radii, shape) {
                (Some(r), None) => {
                    Ellipsoid::axis_aligned(center.clone(), r.clone()).map(ConvexSet::Ellipsoid)
                }
                (None, Some(s)) => ConvexSet::ellipsoid(center.clone(), s.clone()),
                _ => Err(GcsError::set(
                    "ellipsoid",
                    "give exactly one of `radii` and `shape`",
                )),
            },
            RegionSpec::Point { point } => ConvexSet::point(point.clone()),
        }
    }
}

/// The cost of a piecewise-linear path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PathCost {
    /// Euclidean length (the default).
    #[default]
    Length,
    /// Sum of squared segment lengths.
    SquaredLength,
    /// Travel time with per-axis speed limits (`Σ maxᵢ |Δxᵢ|/speedᵢ`).
    Time,
}

fn default_tol() -> f64 {
    1e-7
}

/// The regions of an instance as sets and its directed region pairs `(i, j)`.
pub type RegionGraph = (Vec<ConvexSet>, Vec<(usize, usize)>);

/// A path-planning instance in the maze fixture's format (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// The free-space regions.
    pub regions: Vec<RegionSpec>,
    /// Directed edges between region indices; derived by `edge_rule` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<Vec<[usize; 2]>>,
    /// How edges are derived when `edges` is absent (default `facet`).
    #[serde(default)]
    pub edge_rule: EdgeRule,
    /// The start point.
    pub start: Vec<f64>,
    /// The goal point.
    pub goal: Vec<f64>,
    /// The path cost (default `length`).
    #[serde(default)]
    pub cost: PathCost,
    /// Per-axis speed limits for `cost = "time"` (default 1 on every axis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<Vec<f64>>,
    /// Geometric tolerance for membership and intersections (default 1e-7).
    #[serde(default = "default_tol")]
    pub tol: f64,
    /// Grid size of a maze (informational, ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
    /// A description (informational, ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Instance {
    /// Parse an instance from JSON text; errors carry serde's line and column.
    pub fn from_json(text: &str) -> Result<Self, GcsError> {
        serde_json::from_str(text).map_err(|e| GcsError::instance("instance", e.to_string()))
    }

    /// The instance as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Validate the instance's tolerance, start, goal, regions and edges, and return the
    /// regions as sets with the directed region pairs (the given `edges`, or those derived by
    /// `edge_rule`). Errors name the field: a malformed, empty or unbounded region
    /// (`regions[i]`), an edge between regions that do not meet or a repeated edge
    /// (`edges[k]`), a bad tolerance, a start or goal of the wrong dimension. Whether the start
    /// and goal lie in a region is left to the planner.
    pub fn regions_and_edges(&self) -> Result<RegionGraph, GcsError> {
        let inst = self;
        if !(inst.tol.is_finite() && inst.tol >= 0.0) {
            return Err(GcsError::instance("tol", "must be a nonnegative number"));
        }
        let n = inst.start.len();
        if n == 0 {
            return Err(GcsError::instance("start", "is empty"));
        }
        check_point("start", &inst.start, n)?;
        check_point("goal", &inst.goal, n)?;
        if inst.regions.is_empty() {
            return Err(GcsError::instance("regions", "is empty"));
        }
        let mut regions = Vec::with_capacity(inst.regions.len());
        for (i, spec) in inst.regions.iter().enumerate() {
            let field = format!("regions[{i}]");
            let set = spec.to_set().map_err(|e| e.within(&field))?;
            if set.dim() != n {
                return Err(GcsError::DimensionMismatch {
                    what: field,
                    expected: n,
                    got: set.dim(),
                });
            }
            if let ConvexSet::Polytope(_) = set {
                let (lo, hi) = bounding_box(&set).map_err(|e| e.within(&field))?;
                if lo.iter().chain(&hi).any(|v| !v.is_finite()) {
                    return Err(GcsError::instance(
                        field,
                        "is unbounded; regions must be bounded",
                    ));
                }
            }
            regions.push(set);
        }
        let region_edges = match &inst.edges {
            Some(list) => {
                let mut seen = HashSet::with_capacity(list.len());
                let mut out = Vec::with_capacity(list.len());
                for (k, &[i, j]) in list.iter().enumerate() {
                    let field = format!("edges[{k}]");
                    for idx in [i, j] {
                        if idx >= regions.len() {
                            return Err(GcsError::instance(
                                field,
                                format!(
                                    "region index {idx} out of range (there are {} regions)",
                                    regions.len()
                                ),
                            ));
                        }
                    }
                    if i == j {
                        return Err(GcsError::instance(field, "joins a region to itself"));
                    }
                    if !seen.insert((i, j)) {
                        return Err(GcsError::instance(
                            field,
                            format!("repeats the edge [{i}, {j}]"),
                        ));
                    }
                    if intersection_dim(&regions[i], &regions[j], inst.tol)?.is_none() {
                        return Err(GcsError::instance(
                            field,
                            format!("regions {i} and {j} do not intersect"),
                        ));
                    }
                    out.push((i, j));
                }
                out
            }
            None => edges_from_regions(&regions, inst.edge_rule, inst.tol)?,
        };
        Ok((regions, region_edges))
    }
}

/// The piecewise-linear shortest-path planner built from an [`Instance`] (see the module
/// documentation): regions `0..N` are vertices `0..N`, then the start `σ = N` and the goal
/// `τ = N + 1`; edges `0..region_edges.len()` follow `region_edges`, then the start edges,
/// then the goal edges.
#[derive(Debug, Clone)]
pub struct RegionProblem {
    gcs: Gcs,
    source: usize,
    target: usize,
    regions: Vec<ConvexSet>,
    region_edges: Vec<(usize, usize)>,
    start: Vec<f64>,
    goal: Vec<f64>,
}

fn check_point(field: &str, p: &[f64], n: usize) -> Result<(), GcsError> {
    if p.len() != n {
        return Err(GcsError::DimensionMismatch {
            what: field.into(),
            expected: n,
            got: p.len(),
        });
    }
    if let Some(i) = p.iter().position(|x| !x.is_finite()) {
        return Err(GcsError::instance(
            format!("{field}[{i}]"),
            "is not a finite number",
        ));
    }
    Ok(())
}

impl RegionProblem {
    /// Validate the instance and build the graph. Errors name the field: a malformed, empty
    /// or unbounded region (`regions[i]`), an edge between regions that do not meet or a
    /// repeated edge (`edges[k]`), a start or goal outside every region, a bad tolerance or
    /// speed.
    pub fn from_instance(inst: &Instance) -> Result<Self, GcsError> {
        let (regions, region_edges) = inst.regions_and_edges()?;
        let n = inst.start.len();
        let cost = match inst.cost {
            PathCost::Length => Cost::euclidean_distance(n),
            PathCost::SquaredLength => Cost::squared_distance(n),
            PathCost::Time => {
                let speed = inst.speed.clone().unwrap_or_else(|| vec![1.0; n]);
                if speed.len() != n {
                    return Err(GcsError::DimensionMismatch {
                        what: "speed".into(),
                        expected: n,
                        got: speed.len(),
                    });
                }
                Cost::travel_time(&speed)?
            }
        };
        let starts: Vec<usize> = (0..regions.len())
            .filter(|&i| regions[i].contains(&inst.start, inst.tol))
            .collect();
        if starts.is_empty() {
            return Err(GcsError::instance(
                "start",
                format!("{:?} lies in no region", inst.start),
            ));
        }
        let goals: Vec<usize> = (0..regions.len())
            .filter(|&i| regions[i].contains(&inst.goal, inst.tol))
            .collect();
        if goals.is_empty() {
            return Err(GcsError::instance(
                "goal",
                format!("{:?} lies in no region", inst.goal),
            ));
        }
        let mut gcs = Gcs::new();
        for (i, r) in regions.iter().enumerate() {
            gcs.add_vertex(r.clone(), format!("region {i}"));
        }
        let source = gcs.add_vertex(ConvexSet::point(inst.start.clone())?, "start");
        let target = gcs.add_vertex(ConvexSet::point(inst.goal.clone())?, "goal");
        let connect = |gcs: &mut Gcs, u: usize, v: usize, tail_set: &ConvexSet| {
            let e = gcs.add_edge(u, v)?;
            gcs.add_edge_constraint(e, Constraint::head_in_set(n, n, tail_set.clone())?)?;
            gcs.add_edge_cost(e, cost.clone())
        };
        for &(i, j) in &region_edges {
            connect(&mut gcs, i, j, &regions[i])?;
        }
        let start_set = ConvexSet::point(inst.start.clone())?;
        for &i in &starts {
            connect(&mut gcs, source, i, &start_set)?;
        }
        for &i in &goals {
            connect(&mut gcs, i, target, &regions[i])?;
        }
        Ok(RegionProblem {
            gcs,
            source,
            target,
            regions,
            region_edges,
            start: inst.start.clone(),
            goal: inst.goal.clone(),
        })
    }

    /// Solve the shortest path (see [`solve_shortest_path`]); the report gains the detail
    /// `region_path` (the region indices along the best path).
    pub fn solve(
        &self,
        params: &ShortestPathParams,
        observer: &mut dyn Observer,
    ) -> Result<Report<GcsSolution>, GcsError> {
        let report = solve_shortest_path(&self.gcs, self.source, self.target, params, observer)?;
        let regions: Option<Vec<usize>> = report.solution.as_ref().map(|s| self.region_path(s));
        Ok(report.with_detail("region_path", regions))
    }

    /// The region indices along a solution's path.
    pub fn region_path(&self, sol: &GcsSolution) -> Vec<usize> {
        sol.vertices
            .iter()
            .copied()
            .filter(|&v| v < self.regions.len())
            .collect()
    }

    /// The path's corner points from start to goal (consecutive points within 1e-9 of each
    /// other merged).
    pub fn waypoints(&self, sol: &GcsSolution) -> Vec<Vec<f64>> {
        let mut out: Vec<Vec<f64>> = Vec::with_capacity(sol.points.len());
        for p in &sol.points {
            let repeat = out
                .last()
                .is_some_and(|q| q.iter().zip(p).all(|(a, b)| (a - b).abs() <= 1e-9));
            if !repeat {
                out.push(p.clone());
            }
        }
        out
    }

    /// The graph.
    pub fn gcs(&self) -> &Gcs {
        &self.gcs
    }
    /// The start vertex `σ`.
    pub fn source(&self) -> usize {
        self.source
    }
    /// The goal vertex `τ`.
    pub fn target(&self) -> usize {
        self.target
    }
    /// The regions, by index.
    pub fn regions(&self) -> &[ConvexSet] {
        &self.regions
    }
    /// The directed region pairs; pair `k` is edge `k` of the graph.
    pub fn region_edges(&self) -> &[(usize, usize)] {
        &self.region_edges
    }
    /// The start point.
    pub fn start(&self) -> &[f64] {
        &self.start
    }
    /// The goal point.
    pub fn goal(&self) -> &[f64] {
        &self.goal
    }
    /// The ambient dimension.
    pub fn dim(&self) -> usize {
        self.start.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_region_forms() {
        let text = r#"{"regions": [[[0, 0], [1, 1]], {"A": [[1, 0], [-1, 0], [0, 1], [0, -1]], "b": [2, -1, 1, 0]},
            {"center": [2.5, 0.5], "radii": [0.6, 0.5]}, {"point": [3.0, 0.5]}],
            "start": [0, 0.5], "goal": [3.0, 0.5], "size": 4, "description": "x"}"#;
        let inst = Instance::from_json(text).unwrap();
        assert!(matches!(inst.regions[1], RegionSpec::Polytope { .. }));
        assert!(matches!(inst.regions[2], RegionSpec::Ellipsoid { .. }));
        let p = RegionProblem::from_instance(&inst).unwrap();
        // facet rule: box–polytope share x = 1; polytope–ellipse overlap; the point region
        // meets the ellipse in dimension 0 < n − 1, so no edge
        assert_eq!(p.region_edges(), &[(0, 1), (1, 0), (1, 2), (2, 1)]);
        assert!(
            Instance::from_json(r#"{"regions": [], "start": [0], "goal": [1], "bogus": 1}"#)
                .is_err()
        );
    }

    #[test]
    fn bad_instances_name_the_field() {
        let base = |regions: &str, edges: &str, start: &str| {
            format!(r#"{{"regions": {regions}, {edges} "start": {start}, "goal": [1.5, 0.5]}}"#)
        };
        let two = "[[[0, 0], [1, 1]], [[1, 0], [2, 1]]]";
        let err = |text: String| {
            RegionProblem::from_instance(&Instance::from_json(&text).unwrap())
                .unwrap_err()
                .to_string()
        };
        assert!(err(base(two, "", "[5.0, 5.0]")).contains("start"));
        assert!(
            err(base(
                "[[[0, 0], [1, 1]], [[2, 0], [1, 1]]]",
                "",
                "[0.5, 0.5]"
            ))
            .contains("regions[1]")
        );
        assert!(
            err(base(
                "[[[0, 0], [1, 1]], [[3, 0], [4, 1]], [[1, 0], [2, 1]]]",
                r#""edges": [[0, 1]],"#,
                "[0.5, 0.5]"
            ))
            .contains("do not intersect")
        );
        assert!(err(base(two, r#""edges": [[0, 5]],"#, "[0.5, 0.5]")).contains("edges[0]"));
        assert!(err(base(two, r#""edges": [[0, 1], [0, 1]],"#, "[0.5, 0.5]")).contains("repeats"));
        let empty_poly = r#"[{"A": [[1, 0], [-1, 0]], "b": [0, -1]}, [[1, 0], [2, 1]]]"#;
        assert!(err(base(empty_poly, "", "[0.5, 0.5]")).contains("regions[0]"));
        let open_poly = r#"[{"A": [[1, 0]], "b": [1]}, [[1, 0], [2, 1]]]"#;
        assert!(err(base(open_poly, "", "[0.5, 0.5]")).contains("unbounded"));
        // NaN cannot be written in JSON; a box built in code with one is rejected by name
        let inst = Instance {
            regions: vec![RegionSpec::Box([vec![0.0, f64::NAN], vec![1.0, 1.0]])],
            edges: None,
            edge_rule: EdgeRule::Facet,
            start: vec![0.5, 0.5],
            goal: vec![0.5, 0.5],
            cost: PathCost::Length,
            speed: None,
            tol: 1e-7,
            size: None,
            description: None,
        };
        let e = RegionProblem::from_instance(&inst).unwrap_err().to_string();
        assert!(e.contains("regions[0]") && e.contains("finite"), "{e}");
    }
}
