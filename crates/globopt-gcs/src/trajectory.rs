//! Smooth trajectories through convex regions (shared digest 01, "Trajectory layer", steps 3
//! and 11; Marcucci et al., "Motion planning around obstacles with convex optimization",
//! 2023): one Bézier segment per visited region, planned as a shortest path in a graph of
//! convex sets on the same engine as [`crate::shortest_path`] (relaxation, rounding, branch
//! and bound), so the report carries the same certificate.
//!
//! Two vertex models (digest 01, step 3):
//! - [`TrajectoryModel::Bezier`] (flavour **D**, Drake's `GcsTrajectoryOptimization`): the
//!   vertex of region `Q` holds control points `r₀ … r_d ∈ Q` and one duration
//!   `h ∈ [h_min, h_max]`; the segment is `q(t) = r((t − t₀)/h)`. Time cost `h`, length cost
//!   `Σₖ ‖rₖ₊₁ − rₖ‖`, energy `Σₖ ‖r⁽¹⁾ₖ‖²/(d·h)` (an upper bound on `∫‖q̇‖²dt` by Jensen's
//!   inequality with Bernstein weights), velocity `−v·h ≤ r⁽¹⁾ₖ ≤ v·h`. Continuity of order `j`
//!   joins the `j`-th derivative control points of `r` in `s` (Drake's
//!   `AddPathContinuityConstraints`), so `q̇` jumps at joints unless the durations agree.
//! - [`TrajectoryModel::BezierTimescaling`] (flavour **P**, the paper's): the vertex holds
//!   `r₀ … r_d ∈ Q` and a time-scaling curve `h₀ … h_d ∈ [0, time_max]` with
//!   `hₖ₊₁ − hₖ ≥ ḣ_min`; `q(t) = r(h⁻¹(t))`. Time cost `h_d − h₀`, energy
//!   `Σₖ ‖r⁽¹⁾ₖ‖²/(d·h⁽¹⁾ₖ)`, velocity `−v·h⁽¹⁾ₖ ≤ r⁽¹⁾ₖ ≤ v·h⁽¹⁾ₖ`; continuity joins the
//!   derivative control points of both `r` and `h`, which makes `q` itself `Cᵏ`.
//!
//! The start and goal are point vertices `σ`, `τ` (Drake's order-0 point subgraphs): the `σ`
//! edge imposes `r₀ = start` (and `h₀ = 0` in P), the `τ` edge `r_d = goal`, plus the boundary
//! conditions asked for. Acceleration bounds (model D only) use the tangent of `h²` at a
//! reference duration `h_ref`: `|r⁽²⁾ₖ| ≤ a·(2 h_ref h − h_ref²) ≤ a·h²`, a conservative linear
//! form of the nonconvex `|q̈| ≤ a` (it also forces `h ≥ h_ref/2`).

use crate::affine::AffineMap;
use crate::bezier::{BezierCurve, derivative_weights};
use crate::constraint::Constraint;
use crate::cost::Cost;
use crate::error::GcsError;
use crate::graph::Gcs;
use crate::instance::Instance;
use crate::sets::ConvexSet;
use crate::shortest_path::{GcsSolution, ShortestPathParams, solve_path_problem};
use globopt_core::{Observer, Report, Status};
use serde::{Deserialize, Serialize};

/// The report kind of a trajectory solve.
pub const TRAJECTORY_KIND: &str = "gcs-trajectory";

/// The vertex model (digest 01, step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TrajectoryModel {
    /// Flavour D: control points and one duration per region (Drake's model; the default).
    #[default]
    Bezier,
    /// Flavour P: control points and a Bézier time-scaling curve per region (the paper's).
    BezierTimescaling,
}

impl TrajectoryModel {
    /// The digest's flavour letter, tagged on every report (`D` or `P`).
    pub fn flavour(self) -> &'static str {
        match self {
            TrajectoryModel::Bezier => "D",
            TrajectoryModel::BezierTimescaling => "P",
        }
    }
}

/// Weights of the cost terms (each ≥ 0, at least one > 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostWeights {
    /// Total time (default 1).
    pub time: f64,
    /// Path length, bounded above by the control polygon's length `Σ‖rₖ₊₁ − rₖ‖` (default 0).
    pub length: f64,
    /// Derivative energy, an upper bound on `∫‖q̇‖² dt` (default 0).
    pub energy: f64,
}

impl Default for CostWeights {
    fn default() -> Self {
        CostWeights {
            time: 1.0,
            length: 0.0,
            energy: 0.0,
        }
    }
}

/// Boundary conditions at the start and the goal (positions are the instance's `start` and
/// `goal`). Only zero accelerations are convex, so an acceleration must be the zero vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct BoundaryConditions {
    /// `q̇(0)`.
    pub start_velocity: Option<Vec<f64>>,
    /// `q̇(T)`.
    pub goal_velocity: Option<Vec<f64>>,
    /// `q̈(0)` (zero only).
    pub start_acceleration: Option<Vec<f64>>,
    /// `q̈(T)` (zero only).
    pub goal_acceleration: Option<Vec<f64>>,
    /// The derivatives of orders `1..=k` vanish at both ends (the paper's UAV: 3).
    pub zero_derivatives: usize,
}

/// A per-axis acceleration bound for model D, written conservatively through the tangent of
/// `h²` at `reference_duration` (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccelerationBound {
    /// `|q̈ᵢ| ≤ max[i]`.
    pub max: Vec<f64>,
    /// The duration `h_ref > 0` where the tangent touches `h²`; segments last at least
    /// `h_ref / 2`.
    pub reference_duration: f64,
}

/// What trajectory to plan: model, order, continuity, bounds, costs, boundary conditions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrajectoryOptions {
    /// The vertex model (default `bezier`, Drake's).
    pub model: TrajectoryModel,
    /// Bézier order `d ≥ 1` of every segment (default 3).
    pub order: usize,
    /// Continuity order `k` at the joints (default 1; `k ≤ d`, and `k < d` in model P).
    pub continuity: usize,
    /// Model D: minimum duration of a segment (default 1e-6, as Drake's `AddRegions`).
    pub h_min: f64,
    /// Model D: maximum duration of a segment (default 20, as Drake).
    pub h_max: f64,
    /// Model P: minimum slope `hₖ₊₁ − hₖ` of the time scaling (default 1e-6).
    pub hdot_min: f64,
    /// Model P: the time-scaling control points lie in `[0, time_max]` (default 1000).
    pub time_max: f64,
    /// Per-axis speed limit `|q̇ᵢ| ≤ velocity_max[i]` (default none).
    pub velocity_max: Option<Vec<f64>>,
    /// Per-axis acceleration limit (model D only; default none).
    pub acceleration: Option<AccelerationBound>,
    /// Cost weights (default minimum time).
    pub cost: CostWeights,
    /// Boundary conditions (default none beyond the positions).
    pub boundary: BoundaryConditions,
}

impl Default for TrajectoryOptions {
    fn default() -> Self {
        TrajectoryOptions {
            model: TrajectoryModel::Bezier,
            order: 3,
            continuity: 1,
            h_min: 1e-6,
            h_max: 20.0,
            hdot_min: 1e-6,
            time_max: 1e3,
            velocity_max: None,
            acceleration: None,
            cost: CostWeights::default(),
            boundary: BoundaryConditions::default(),
        }
    }
}

fn finite_nonneg(name: &str, x: f64) -> Result<(), GcsError> {
    if !(x.is_finite() && x >= 0.0) {
        return Err(GcsError::param(
            name,
            format!("must be a nonnegative number, got {x}"),
        ));
    }
    Ok(())
}

fn check_vector(name: &str, v: &[f64], n: usize, positive: bool) -> Result<(), GcsError> {
    if v.len() != n {
        return Err(GcsError::DimensionMismatch {
            what: name.into(),
            expected: n,
            got: v.len(),
        });
    }
    if let Some(i) = v
        .iter()
        .position(|x| !x.is_finite() || (positive && *x <= 0.0))
    {
        let what = if positive {
            "a positive number"
        } else {
            "a finite number"
        };
        return Err(GcsError::param(
            format!("{name}[{i}]"),
            format!("must be {what}, got {}", v[i]),
        ));
    }
    Ok(())
}

impl TrajectoryOptions {
    /// Error naming the first option out of range for a world of dimension `n`.
    pub fn validate(&self, n: usize) -> Result<(), GcsError> {
        let d = self.order;
        if d == 0 {
            return Err(GcsError::param("order", "must be at least 1"));
        }
        if self.continuity > d {
            return Err(GcsError::param(
                "continuity",
                format!("must not exceed the order {d}"),
            ));
        }
        let p = self.model == TrajectoryModel::BezierTimescaling;
        if p && self.continuity >= d {
            return Err(GcsError::param(
                "continuity",
                format!("must be below the order {d} in model bezier-timescaling"),
            ));
        }
        finite_nonneg("h_min", self.h_min)?;
        finite_nonneg("h_max", self.h_max)?;
        if self.h_max < self.h_min || self.h_max <= 0.0 {
            return Err(GcsError::param(
                "h_max",
                format!("must be positive and at least h_min = {}", self.h_min),
            ));
        }
        finite_nonneg("hdot_min", self.hdot_min)?;
        if !(self.time_max.is_finite() && self.time_max > 0.0) {
            return Err(GcsError::param("time_max", "must be a positive number"));
        }
        if p && self.hdot_min * d as f64 > self.time_max {
            return Err(GcsError::param(
                "hdot_min",
                "leaves no room for a segment within time_max",
            ));
        }
        if let Some(v) = &self.velocity_max {
            check_vector("velocity_max", v, n, true)?;
        }
        if let Some(a) = &self.acceleration {
            if p {
                return Err(GcsError::param(
                    "acceleration",
                    "acceleration bounds are available in model bezier (D) only",
                ));
            }
            if d < 2 {
                return Err(GcsError::param("acceleration", "needs order ≥ 2"));
            }
            check_vector("acceleration.max", &a.max, n, true)?;
            if !(a.reference_duration.is_finite() && a.reference_duration > 0.0) {
                return Err(GcsError::param(
                    "acceleration.reference_duration",
                    "must be a positive number",
                ));
            }
        }
        let w = &self.cost;
        finite_nonneg("cost.time", w.time)?;
        finite_nonneg("cost.length", w.length)?;
        finite_nonneg("cost.energy", w.energy)?;
        if w.time == 0.0 && w.length == 0.0 && w.energy == 0.0 {
            return Err(GcsError::param("cost", "every weight is zero"));
        }
        if w.energy > 0.0 && !p && self.h_min <= 0.0 {
            return Err(GcsError::param(
                "h_min",
                "must be positive with an energy cost in model bezier (the cost divides by h)",
            ));
        }
        let b = &self.boundary;
        for (name, v) in [
            ("boundary.start_velocity", &b.start_velocity),
            ("boundary.goal_velocity", &b.goal_velocity),
            ("boundary.start_acceleration", &b.start_acceleration),
            ("boundary.goal_acceleration", &b.goal_acceleration),
        ] {
            if let Some(v) = v {
                check_vector(name, v, n, false)?;
            }
        }
        for (name, v) in [
            ("boundary.start_acceleration", &b.start_acceleration),
            ("boundary.goal_acceleration", &b.goal_acceleration),
        ] {
            if let Some(v) = v {
                if d < 2 {
                    return Err(GcsError::param(name, "needs order ≥ 2"));
                }
                if v.iter().any(|x| *x != 0.0) {
                    return Err(GcsError::param(
                        name,
                        "only a zero acceleration is convex (q̈ = r″/h² is not linear in h)",
                    ));
                }
            }
        }
        if b.zero_derivatives >= d {
            return Err(GcsError::param(
                "boundary.zero_derivatives",
                format!("must be below the order {d}"),
            ));
        }
        Ok(())
    }
}

/// Where each quantity sits in a region vertex's variable (digest 01, step 3): model D
/// `x = (r₀, …, r_d, h)`, model P `x = (r₀, …, r_d, h₀, …, h_d)`.
#[derive(Debug, Clone, Copy)]
struct Layout {
    p: bool,
    n: usize,
    d: usize,
}

impl Layout {
    fn dim(&self) -> usize {
        if self.p {
            (self.d + 1) * (self.n + 1)
        } else {
            (self.d + 1) * self.n + 1
        }
    }
    fn r(&self, k: usize, i: usize) -> usize {
        k * self.n + i
    }
    fn h(&self, k: usize) -> usize {
        (self.d + 1) * self.n + if self.p { k } else { 0 }
    }
    /// Coefficients of `r⁽ʲ⁾ₖ,ᵢ`.
    fn r_deriv(&self, j: usize, k: usize, i: usize) -> Vec<f64> {
        let mut row = vec![0.0; self.dim()];
        for (m, w) in derivative_weights(self.d, j)[k].iter().enumerate() {
            row[self.r(m, i)] += w;
        }
        row
    }
    /// Coefficients of `h⁽ʲ⁾ₖ` (model P).
    fn h_deriv(&self, j: usize, k: usize) -> Vec<f64> {
        let mut row = vec![0.0; self.dim()];
        for (m, w) in derivative_weights(self.d, j)[k].iter().enumerate() {
            row[self.h(m)] += w;
        }
        row
    }
    /// An equality row on `j`-th derivative control points divided by `d!/(d−j)!`, the
    /// factor of repeated differencing (the same constraint, with coefficients of the size
    /// of binomials instead of up to `d!`: better conditioned for high orders).
    fn unit(&self, j: usize, row: Vec<f64>) -> Vec<f64> {
        let factor: f64 = (0..j).map(|m| (self.d - m) as f64).product();
        row.into_iter().map(|x| x / factor).collect()
    }
    /// The time scale of velocity control point `k`: `h` in model D, `h⁽¹⁾ₖ` in model P, so
    /// that `q̇ = r⁽¹⁾/scale`.
    fn time_scale(&self, k: usize) -> Vec<f64> {
        if self.p {
            self.h_deriv(1, k)
        } else {
            let mut row = vec![0.0; self.dim()];
            row[self.h(0)] = 1.0;
            row
        }
    }
    /// The time-scale coefficients of acceleration control point `k` in model D.
    fn duration(&self) -> Vec<f64> {
        self.time_scale(0)
    }
}

fn axpy(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
    x.iter().zip(y).map(|(xi, yi)| a * xi + yi).collect()
}

fn concat(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().chain(b).copied().collect()
}

/// A trajectory planning problem: regions, their directed edges, start, goal and
/// [`TrajectoryOptions`], compiled into a [`Gcs`]. Vertices `0..N` are the regions, then
/// `σ = N` and `τ = N + 1`.
#[derive(Debug, Clone)]
pub struct TrajectoryProblem {
    gcs: Gcs,
    source: usize,
    target: usize,
    regions: Vec<ConvexSet>,
    region_edges: Vec<(usize, usize)>,
    start: Vec<f64>,
    goal: Vec<f64>,
    options: TrajectoryOptions,
    start_regions: Vec<usize>,
    goal_regions: Vec<usize>,
}

impl TrajectoryProblem {
    /// The problem on an [`Instance`] (regions, edges or edge rule, start, goal, tolerance;
    /// its `cost` and `speed` belong to the piecewise-linear planner and are not used).
    pub fn from_instance(inst: &Instance, options: TrajectoryOptions) -> Result<Self, GcsError> {
        let (regions, edges) = inst.regions_and_edges()?;
        Self::new(
            regions,
            edges,
            inst.start.clone(),
            inst.goal.clone(),
            options,
            inst.tol,
        )
    }

    /// Build the graph (digest 01, steps 1 and 3). Errors on malformed options, regions of
    /// the wrong dimension or unknown region indices. A start or goal outside every region is
    /// no error: [`TrajectoryProblem::solve`] reports it as `Infeasible` with the reason.
    pub fn new(
        regions: Vec<ConvexSet>,
        region_edges: Vec<(usize, usize)>,
        start: Vec<f64>,
        goal: Vec<f64>,
        options: TrajectoryOptions,
        tol: f64,
    ) -> Result<Self, GcsError> {
        let n = start.len();
        if n == 0 {
            return Err(GcsError::instance("start", "is empty"));
        }
        check_vector("start", &start, n, false)?;
        check_vector("goal", &goal, n, false)?;
        finite_nonneg("tol", tol)?;
        options.validate(n)?;
        for (i, r) in regions.iter().enumerate() {
            if r.dim() != n {
                return Err(GcsError::DimensionMismatch {
                    what: format!("regions[{i}]"),
                    expected: n,
                    got: r.dim(),
                });
            }
        }
        let lay = Layout {
            p: options.model == TrajectoryModel::BezierTimescaling,
            n,
            d: options.order,
        };
        let mut gcs = Gcs::new();
        for (i, q) in regions.iter().enumerate() {
            gcs.add_vertex(vertex_set(q, &options, lay)?, format!("region {i}"));
            add_vertex_terms(&mut gcs, i, &options, lay)?;
        }
        let source = gcs.add_vertex(ConvexSet::point(start.clone())?, "start");
        let target = gcs.add_vertex(ConvexSet::point(goal.clone())?, "goal");
        let dim = lay.dim();
        for (k, &(u, v)) in region_edges.iter().enumerate() {
            if u >= regions.len() || v >= regions.len() {
                return Err(GcsError::instance(
                    format!("edges[{k}]"),
                    format!(
                        "region index out of range (there are {} regions)",
                        regions.len()
                    ),
                ));
            }
            let e = gcs.add_edge(u, v)?;
            let mut rows = Vec::new();
            for j in 0..=options.continuity {
                let last = lay.d - j;
                for i in 0..n {
                    rows.push(concat(
                        &lay.unit(j, lay.r_deriv(j, last, i)),
                        &neg(&lay.unit(j, lay.r_deriv(j, 0, i))),
                    ));
                }
                if lay.p {
                    rows.push(concat(
                        &lay.unit(j, lay.h_deriv(j, last)),
                        &neg(&lay.unit(j, lay.h_deriv(j, 0))),
                    ));
                }
            }
            gcs.add_edge_constraint(
                e,
                Constraint::LinearEquality(AffineMap::linear(rows, 2 * dim)?),
            )?;
        }
        let start_regions: Vec<usize> = (0..regions.len())
            .filter(|&i| regions[i].contains(&start, tol))
            .collect();
        let goal_regions: Vec<usize> = (0..regions.len())
            .filter(|&i| regions[i].contains(&goal, tol))
            .collect();
        let b = &options.boundary;
        for &v in &start_regions {
            let e = gcs.add_edge(source, v)?;
            // w = (start, x_v): r₀ − start = 0
            let mut rows: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    let mut x = vec![0.0; dim];
                    x[lay.r(0, i)] = 1.0;
                    let mut s = vec![0.0; n];
                    s[i] = -1.0;
                    concat(&s, &x)
                })
                .collect();
            let zero = vec![0.0; n];
            if lay.p {
                let mut x = vec![0.0; dim];
                x[lay.h(0)] = 1.0;
                rows.push(concat(&zero, &x));
            }
            for row in boundary_rows(lay, b, true) {
                rows.push(concat(&zero, &row));
            }
            gcs.add_edge_constraint(
                e,
                Constraint::LinearEquality(AffineMap::linear(rows, n + dim)?),
            )?;
        }
        for &v in &goal_regions {
            let e = gcs.add_edge(v, target)?;
            let mut rows: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    let mut x = vec![0.0; dim];
                    x[lay.r(lay.d, i)] = 1.0;
                    let mut g = vec![0.0; n];
                    g[i] = -1.0;
                    concat(&x, &g)
                })
                .collect();
            let zero = vec![0.0; n];
            for row in boundary_rows(lay, b, false) {
                rows.push(concat(&row, &zero));
            }
            gcs.add_edge_constraint(
                e,
                Constraint::LinearEquality(AffineMap::linear(rows, dim + n)?),
            )?;
        }
        Ok(TrajectoryProblem {
            gcs,
            source,
            target,
            regions,
            region_edges,
            start,
            goal,
            options,
            start_regions,
            goal_regions,
        })
    }

    /// Plan the trajectory (digest 01, steps 4–9 and 11) and return a report whose `bound` is
    /// the relaxation cost (or the branch-and-bound bound), `objective` the rounded
    /// trajectory's cost and `solution` the piecewise-Bézier [`Trajectory`].
    ///
    /// `Infeasible` reports say why: a start or goal outside every region, a boundary velocity
    /// above the velocity bound, a goal the velocity bound cannot reach within the allowed
    /// durations, or (generally) an infeasible relaxation.
    pub fn solve(
        &self,
        params: &ShortestPathParams,
        observer: &mut dyn Observer,
    ) -> Result<Report<Trajectory>, GcsError> {
        let started = std::time::Instant::now();
        params.validate()?;
        if let Some(reason) = self.infeasibility_reason() {
            return Ok(self
                .with_problem_details(Report::infeasible(TRAJECTORY_KIND, reason))
                .timed(started));
        }
        let report = solve_path_problem(
            TRAJECTORY_KIND,
            &self.gcs,
            self.source,
            self.target,
            params,
            observer,
        )?;
        let mut report = report.map_solution(|s| self.trajectory(&s));
        if report.status() == Status::Infeasible {
            let why = self.time_budget_note();
            report.message = Some(format!(
                "{}{why}",
                report.message.take().unwrap_or_default()
            ));
        }
        if let Some(traj) = report.solution.clone() {
            let check = traj.check(self, 100);
            let region_path = traj.segments.iter().map(|s| s.region).collect::<Vec<_>>();
            report = report
                .with_detail("total_time", traj.total_time)
                .with_detail("region_path", region_path)
                .with_detail("cost_terms", traj.cost_terms(self.options.order))
                .with_detail("check", &check);
        }
        Ok(self.with_problem_details(report))
    }

    fn with_problem_details<S>(&self, report: Report<S>) -> Report<S> {
        report
            .with_detail("model", self.options.model)
            .with_detail("flavour", self.options.model.flavour())
            .with_detail("order", self.options.order)
            .with_detail("continuity", self.options.continuity)
    }

    /// A reason the problem is infeasible that needs no solve: start or goal outside every
    /// region, a boundary velocity above the bound, or a goal farther than the velocity bound
    /// allows in the longest possible time.
    pub fn infeasibility_reason(&self) -> Option<String> {
        if self.start_regions.is_empty() {
            return Some(format!("the start {:?} lies in no region", self.start));
        }
        if self.goal_regions.is_empty() {
            return Some(format!("the goal {:?} lies in no region", self.goal));
        }
        if let Some(vmax) = &self.options.velocity_max {
            let b = &self.options.boundary;
            for (name, v) in [
                ("start_velocity", &b.start_velocity),
                ("goal_velocity", &b.goal_velocity),
            ] {
                if let Some(v) = v
                    && let Some(i) = (0..v.len()).find(|&i| v[i].abs() > vmax[i])
                {
                    return Some(format!(
                        "boundary.{name}[{i}] = {} exceeds velocity_max[{i}] = {}",
                        v[i], vmax[i]
                    ));
                }
            }
            let need = self.minimum_time(vmax);
            let allowed = self.maximum_time();
            if need > allowed * (1.0 + 1e-9) {
                return Some(format!(
                    "reaching the goal needs at least {need:.6} s at velocity_max but at most \
                     {allowed:.6} s are available ({})",
                    self.time_budget()
                ));
            }
        }
        None
    }

    /// `maxᵢ |goalᵢ − startᵢ| / vᵢ`: no trajectory within the per-axis bound is faster.
    fn minimum_time(&self, vmax: &[f64]) -> f64 {
        (0..self.dim())
            .map(|i| (self.goal[i] - self.start[i]).abs() / vmax[i])
            .fold(0.0, f64::max)
    }

    /// The longest total time any trajectory can take: every region visited once for
    /// `h_max` (model D), or `time_max` (model P).
    fn maximum_time(&self) -> f64 {
        match self.options.model {
            TrajectoryModel::Bezier => self.regions.len() as f64 * self.options.h_max,
            TrajectoryModel::BezierTimescaling => self.options.time_max,
        }
    }

    fn time_budget(&self) -> String {
        match self.options.model {
            TrajectoryModel::Bezier => format!(
                "{} regions × h_max = {}",
                self.regions.len(),
                self.options.h_max
            ),
            TrajectoryModel::BezierTimescaling => {
                format!("time_max = {}", self.options.time_max)
            }
        }
    }

    fn time_budget_note(&self) -> String {
        let bounds = match &self.options.velocity_max {
            Some(v) => format!("velocity_max = {v:?}, "),
            None => String::new(),
        };
        format!(
            " (no trajectory through the regions meets the bounds: {bounds}{}, continuity {}, \
             and the boundary conditions)",
            self.time_budget(),
            self.options.continuity
        )
    }

    /// The trajectory held by a path's vertex points (digest 01, step 11): segment start
    /// times are cumulative durations in model D, the time-scaling curve's values in model P.
    pub fn trajectory(&self, sol: &GcsSolution) -> Trajectory {
        let lay = self.layout();
        let mut segments = Vec::new();
        let mut t = 0.0;
        for (&v, x) in sol.vertices.iter().zip(&sol.points) {
            if v >= self.regions.len() {
                continue;
            }
            let pts: Vec<Vec<f64>> = (0..=lay.d)
                .map(|k| x[lay.r(k, 0)..lay.r(k, 0) + lay.n].to_vec())
                .collect();
            let curve = BezierCurve::from_solver(pts);
            let (duration, time_curve) = if lay.p {
                let h: Vec<Vec<f64>> = (0..=lay.d).map(|k| vec![x[lay.h(k)]]).collect();
                let start = h[0][0];
                let end = h[lay.d][0];
                t = start;
                (end - start, Some(BezierCurve::from_solver(h)))
            } else {
                (x[lay.h(0)].max(0.0), None)
            };
            segments.push(TrajectorySegment {
                region: v,
                curve,
                time_curve,
                start_time: t,
                duration,
            });
            t += duration;
        }
        Trajectory {
            model: self.options.model,
            total_time: t,
            segments,
        }
    }

    fn layout(&self) -> Layout {
        Layout {
            p: self.options.model == TrajectoryModel::BezierTimescaling,
            n: self.dim(),
            d: self.options.order,
        }
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
    /// The regions.
    pub fn regions(&self) -> &[ConvexSet] {
        &self.regions
    }
    /// The directed region pairs.
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
    /// The options.
    pub fn options(&self) -> &TrajectoryOptions {
        &self.options
    }
    /// The ambient dimension.
    pub fn dim(&self) -> usize {
        self.start.len()
    }
}

fn neg(v: &[f64]) -> Vec<f64> {
    v.iter().map(|x| -x).collect()
}

/// `X_v`: `Q^{d+1} × [h_min, h_max]` (model D) or `Q^{d+1} × [0, time_max]^{d+1}` (model P);
/// one box when `Q` is a box (so the relaxation writes it as box rows).
fn vertex_set(q: &ConvexSet, o: &TrajectoryOptions, lay: Layout) -> Result<ConvexSet, GcsError> {
    let (tlo, thi, tn) = if lay.p {
        (0.0, o.time_max, lay.d + 1)
    } else {
        (o.h_min, o.h_max, 1)
    };
    if let ConvexSet::Box(b) = q {
        let mut lo: Vec<f64> = (0..=lay.d).flat_map(|_| b.lo().to_vec()).collect();
        let mut hi: Vec<f64> = (0..=lay.d).flat_map(|_| b.hi().to_vec()).collect();
        lo.extend(std::iter::repeat_n(tlo, tn));
        hi.extend(std::iter::repeat_n(thi, tn));
        return ConvexSet::aabox(lo, hi);
    }
    let mut parts = vec![q.clone(); lay.d + 1];
    parts.push(ConvexSet::aabox(vec![tlo; tn], vec![thi; tn])?);
    ConvexSet::product(parts)
}

/// The vertex costs and constraints of region vertex `v` (digest 01, step 3).
fn add_vertex_terms(
    gcs: &mut Gcs,
    v: usize,
    o: &TrajectoryOptions,
    lay: Layout,
) -> Result<(), GcsError> {
    let (n, d, dim) = (lay.n, lay.d, lay.dim());
    let w = &o.cost;
    if w.time > 0.0 {
        let mut a = vec![0.0; dim];
        if lay.p {
            a[lay.h(d)] = w.time;
            a[lay.h(0)] = -w.time;
        } else {
            a[lay.h(0)] = w.time;
        }
        gcs.add_vertex_cost(v, Cost::Linear { a, c: 0.0 })?;
    }
    if w.length > 0.0 {
        for k in 0..d {
            let rows = (0..n)
                .map(|i| {
                    let mut row = vec![0.0; dim];
                    row[lay.r(k + 1, i)] = w.length;
                    row[lay.r(k, i)] = -w.length;
                    row
                })
                .collect();
            gcs.add_vertex_cost(v, Cost::L2Norm(AffineMap::linear(rows, dim)?))?;
        }
    }
    if w.energy > 0.0 {
        let s = w.energy.sqrt();
        let scaled = |row: Vec<f64>| row.into_iter().map(|x| s * x).collect::<Vec<_>>();
        if lay.p {
            for k in 0..d {
                let rows = (0..n).map(|i| scaled(lay.r_deriv(1, k, i))).collect();
                let g: Vec<f64> = lay.h_deriv(1, k).iter().map(|x| d as f64 * x).collect();
                gcs.add_vertex_cost(
                    v,
                    Cost::QuadraticOverLinear {
                        map: AffineMap::linear(rows, dim)?,
                        g,
                        g0: 0.0,
                    },
                )?;
            }
        } else {
            let rows = (0..d)
                .flat_map(|k| (0..n).map(move |i| (k, i)))
                .map(|(k, i)| scaled(lay.r_deriv(1, k, i)))
                .collect();
            let g: Vec<f64> = lay.duration().iter().map(|x| d as f64 * x).collect();
            gcs.add_vertex_cost(
                v,
                Cost::QuadraticOverLinear {
                    map: AffineMap::linear(rows, dim)?,
                    g,
                    g0: 0.0,
                },
            )?;
        }
    }
    let mut ineq: Vec<Vec<f64>> = Vec::new();
    let mut offsets: Vec<f64> = Vec::new();
    if let Some(vmax) = &o.velocity_max {
        // ±r⁽¹⁾ₖ,ᵢ − vᵢ·scaleₖ ≤ 0
        for k in 0..d {
            let scale = lay.time_scale(k);
            for (i, &vi) in vmax.iter().enumerate() {
                let r1 = lay.r_deriv(1, k, i);
                ineq.push(axpy(-vi, &scale, &r1));
                ineq.push(axpy(-vi, &scale, &neg(&r1)));
                offsets.extend([0.0, 0.0]);
            }
        }
    }
    if let Some(acc) = &o.acceleration {
        // ±r⁽²⁾ₖ,ᵢ − aᵢ(2 h_ref h − h_ref²) ≤ 0
        let h_ref = acc.reference_duration;
        let dur = lay.duration();
        for k in 0..=d - 2 {
            for (i, &ai) in acc.max.iter().enumerate() {
                let r2 = lay.r_deriv(2, k, i);
                ineq.push(axpy(-2.0 * ai * h_ref, &dur, &r2));
                ineq.push(axpy(-2.0 * ai * h_ref, &dur, &neg(&r2)));
                offsets.extend([ai * h_ref * h_ref, ai * h_ref * h_ref]);
            }
        }
    }
    if lay.p {
        // hₖ − hₖ₊₁ + ḣ_min ≤ 0
        for k in 0..d {
            let mut row = vec![0.0; dim];
            row[lay.h(k)] = 1.0;
            row[lay.h(k + 1)] = -1.0;
            ineq.push(row);
            offsets.push(o.hdot_min);
        }
    }
    if !ineq.is_empty() {
        gcs.add_vertex_constraint(
            v,
            Constraint::LinearInequality(AffineMap::new(ineq, offsets, dim)?),
        )?;
    }
    Ok(())
}

/// The boundary rows on a region vertex at the start (`r⁽ʲ⁾₀`) or the goal (`r⁽ʲ⁾_{d−j}`):
/// a boundary velocity `r⁽¹⁾ − v·scale = 0`, zero accelerations, zero derivatives.
fn boundary_rows(lay: Layout, b: &BoundaryConditions, at_start: bool) -> Vec<Vec<f64>> {
    let idx = |j: usize| if at_start { 0 } else { lay.d - j };
    let mut rows = Vec::new();
    let velocity = if at_start {
        &b.start_velocity
    } else {
        &b.goal_velocity
    };
    if let Some(v) = velocity {
        let k = idx(1);
        let scale = lay.time_scale(k);
        for (i, &vi) in v.iter().enumerate() {
            rows.push(lay.unit(1, axpy(-vi, &scale, &lay.r_deriv(1, k, i))));
        }
    }
    let acceleration = if at_start {
        &b.start_acceleration
    } else {
        &b.goal_acceleration
    };
    let mut zero_orders: Vec<usize> = (1..=b.zero_derivatives).collect();
    if acceleration.is_some() && !zero_orders.contains(&2) {
        zero_orders.push(2);
    }
    for j in zero_orders {
        if j == 1 && velocity.is_some() {
            continue;
        }
        for i in 0..lay.n {
            rows.push(lay.unit(j, lay.r_deriv(j, idx(j), i)));
        }
    }
    rows
}

/// One segment of a planned trajectory: a Bézier curve in a region and its timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrajectorySegment {
    /// The region index.
    pub region: usize,
    /// The path curve `r(s)`, `s ∈ [0, 1]`.
    pub curve: BezierCurve,
    /// Model P: the time-scaling curve `h(s)` (one dimension, absolute time).
    pub time_curve: Option<BezierCurve>,
    /// The time the segment starts.
    pub start_time: f64,
    /// Its duration.
    pub duration: f64,
}

impl TrajectorySegment {
    /// The curve parameter `s` at time `t` within the segment: `(t − t₀)/h` in model D,
    /// `h⁻¹(t)` by bisection in model P (`h` is increasing).
    pub fn parameter_at(&self, t: f64) -> f64 {
        match &self.time_curve {
            None => {
                if self.duration > 0.0 {
                    ((t - self.start_time) / self.duration).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            }
            Some(h) => {
                let (mut lo, mut hi) = (0.0, 1.0);
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    if h.evaluate(mid)[0] < t {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                0.5 * (lo + hi)
            }
        }
    }

    /// `q̇` at curve parameter `s`: `r′(s)/h` (model D) or `r′(s)/h′(s)` (model P); zero for
    /// a segment of zero duration.
    pub fn velocity_at(&self, s: f64) -> Vec<f64> {
        let dr = self.curve.derivative().evaluate(s);
        let scale = match &self.time_curve {
            None => self.duration,
            Some(h) => h.derivative().evaluate(s)[0],
        };
        if scale > 0.0 {
            dr.iter().map(|x| x / scale).collect()
        } else {
            vec![0.0; dr.len()]
        }
    }
}

/// A piecewise-Bézier trajectory (digest 01, step 11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// The vertex model it was planned with.
    pub model: TrajectoryModel,
    /// The segments in time order.
    pub segments: Vec<TrajectorySegment>,
    /// The total duration `T`.
    pub total_time: f64,
}

/// One dense sample of a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrajectorySample {
    /// Time.
    pub t: f64,
    /// Segment index.
    pub segment: usize,
    /// Curve parameter within the segment.
    pub s: f64,
    /// Position `q(t)`.
    pub position: Vec<f64>,
    /// Velocity `q̇(t)`.
    pub velocity: Vec<f64>,
}

/// What [`Trajectory::check`] measured on dense samples (digest 01, "Trajectory sanity").
/// Violations are `≤ 0` (or tiny) on a valid trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryCheck {
    /// Samples per segment.
    pub samples_per_segment: usize,
    /// Largest distance outside its segment's region over all samples (0 inside).
    pub region_violation: f64,
    /// Largest `|q̇ᵢ| − velocity_maxᵢ` over all samples (≤ 0 when the bound holds; 0 without
    /// a bound).
    pub velocity_violation: f64,
    /// Largest `|q̈ᵢ| − acceleration.maxᵢ` over all samples (model D; 0 without a bound or
    /// when it holds).
    pub acceleration_violation: f64,
    /// Largest mismatch at a joint of the derivative control points up to the continuity
    /// order (of `r`, and of `h` in model P).
    pub continuity_violation: f64,
    /// Largest jump of `q̇` at a joint (expected in model D unless durations agree).
    pub velocity_jump: f64,
    /// `‖q(0) − start‖∞` and `‖q(T) − goal‖∞`, the larger.
    pub endpoint_error: f64,
    /// Largest violation of the boundary velocities and zero derivatives.
    pub boundary_violation: f64,
}

impl TrajectoryCheck {
    /// Whether every measured violation is within `tol` (the velocity jump is not a
    /// violation; in model P it is covered by the continuity of `r` and `h`).
    pub fn holds(&self, tol: f64) -> bool {
        self.region_violation <= tol
            && self.velocity_violation <= tol
            && self.acceleration_violation <= tol
            && self.continuity_violation <= tol
            && self.endpoint_error <= tol
            && self.boundary_violation <= tol
    }
}

/// How far `x` lies outside `set` (0 inside): per-axis excess for boxes, the largest
/// halfspace distance for polytopes, `‖x − p‖∞` for points, the level excess for ellipsoids.
pub fn set_violation(set: &ConvexSet, x: &[f64]) -> f64 {
    match set {
        ConvexSet::Box(b) => x
            .iter()
            .zip(b.lo().iter().zip(b.hi()))
            .map(|(xi, (l, h))| (l - xi).max(xi - h))
            .fold(0.0, f64::max),
        ConvexSet::Polytope(p) => p
            .a()
            .iter()
            .zip(p.b())
            .map(|(row, bi)| {
                let ax: f64 = row.iter().zip(x).map(|(a, v)| a * v).sum();
                let norm = row.iter().map(|a| a * a).sum::<f64>().sqrt().max(1e-300);
                (ax - bi) / norm
            })
            .fold(0.0, f64::max),
        ConvexSet::Point(p) => p
            .coords()
            .iter()
            .zip(x)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max),
        ConvexSet::Ellipsoid(e) => (e.level(x) - 1.0).max(0.0),
        ConvexSet::Product(parts) => {
            let mut start = 0;
            parts
                .iter()
                .map(|s| {
                    let d = s.dim();
                    let v = set_violation(s, &x[start..start + d]);
                    start += d;
                    v
                })
                .fold(0.0, f64::max)
        }
    }
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

impl Trajectory {
    /// `samples_per_segment ≥ 2` samples of every segment, evenly spaced in time (endpoints
    /// included); a segment of zero duration gives one sample.
    pub fn sample(&self, samples_per_segment: usize) -> Vec<TrajectorySample> {
        let m = samples_per_segment.max(2);
        let mut out = Vec::with_capacity(m * self.segments.len());
        for (k, seg) in self.segments.iter().enumerate() {
            let count = if seg.duration > 0.0 { m } else { 1 };
            for j in 0..count {
                let frac = if count > 1 {
                    j as f64 / (count - 1) as f64
                } else {
                    0.0
                };
                let t = seg.start_time + frac * seg.duration;
                let s = if j == 0 {
                    0.0
                } else if j + 1 == count {
                    1.0
                } else {
                    seg.parameter_at(t)
                };
                out.push(TrajectorySample {
                    t,
                    segment: k,
                    s,
                    position: seg.curve.evaluate(s),
                    velocity: seg.velocity_at(s),
                });
            }
        }
        out
    }

    /// The position `q(t)` (clamped to `[0, T]`).
    pub fn position(&self, t: f64) -> Vec<f64> {
        let seg = self
            .segments
            .iter()
            .rev()
            .find(|s| s.start_time <= t)
            .or(self.segments.first());
        match seg {
            Some(seg) => seg.curve.evaluate(seg.parameter_at(t)),
            None => Vec::new(),
        }
    }

    /// Dense samples as CSV: `t,segment,x1..xn,v1..vn`.
    pub fn samples_csv(samples: &[TrajectorySample]) -> Result<String, GcsError> {
        let n = samples.first().map_or(0, |s| s.position.len());
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["t".to_string(), "segment".to_string()];
        header.extend((1..=n).map(|i| format!("x{i}")));
        header.extend((1..=n).map(|i| format!("v{i}")));
        let csv_err = |e: csv::Error| GcsError::param("csv", e.to_string());
        w.write_record(&header).map_err(csv_err)?;
        for s in samples {
            let mut rec = vec![s.t.to_string(), s.segment.to_string()];
            rec.extend(s.position.iter().map(f64::to_string));
            rec.extend(s.velocity.iter().map(f64::to_string));
            w.write_record(&rec).map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| GcsError::param("csv", e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| GcsError::param("csv", e.to_string()))
    }

    /// The cost terms recomputed from the curves (the same formulas the planner minimizes):
    /// `time` = `T`, `length` = `Σ‖rₖ₊₁ − rₖ‖`, `energy` = `Σ‖r⁽¹⁾ₖ‖²/(d·scaleₖ)`.
    pub fn cost_terms(&self, order: usize) -> CostTerms {
        let d = order as f64;
        let mut terms = CostTerms {
            time: self.total_time,
            length: 0.0,
            energy: 0.0,
        };
        for seg in &self.segments {
            let pts = seg.curve.control_points();
            terms.length += pts
                .windows(2)
                .map(|w| {
                    w[1].iter()
                        .zip(&w[0])
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum::<f64>()
                        .sqrt()
                })
                .sum::<f64>();
            let dr = seg.curve.derivative();
            for (k, p) in dr.control_points().iter().enumerate() {
                let sq: f64 = p.iter().map(|x| x * x).sum();
                let scale = match &seg.time_curve {
                    None => seg.duration,
                    Some(h) => h.derivative().control_points()[k][0],
                };
                if sq > 0.0 {
                    terms.energy += if scale > 0.0 {
                        sq / (d * scale)
                    } else {
                        f64::INFINITY
                    };
                }
            }
        }
        terms
    }

    /// The weighted cost of the trajectory recomputed from its curves.
    pub fn cost(&self, order: usize, weights: &CostWeights) -> f64 {
        let t = self.cost_terms(order);
        let term = |w: f64, x: f64| if w > 0.0 { w * x } else { 0.0 };
        term(weights.time, t.time) + term(weights.length, t.length) + term(weights.energy, t.energy)
    }

    /// Check the trajectory on `samples_per_segment` dense samples per segment against the
    /// problem (digest 01, "Trajectory sanity"): region containment, velocity bounds,
    /// continuity at the joints, endpoints and boundary conditions.
    pub fn check(
        &self,
        problem: &TrajectoryProblem,
        samples_per_segment: usize,
    ) -> TrajectoryCheck {
        let o = problem.options();
        let samples = self.sample(samples_per_segment);
        let mut region_violation: f64 = 0.0;
        let mut velocity_violation: f64 = if o.velocity_max.is_some() {
            f64::NEG_INFINITY
        } else {
            0.0
        };
        let mut acceleration_violation: f64 = 0.0;
        for s in &samples {
            let seg = &self.segments[s.segment];
            if let (Some(acc), None) = (&o.acceleration, &seg.time_curve)
                && seg.duration > 0.0
            {
                let a = seg.curve.nth_derivative(2).evaluate(s.s);
                for (x, m) in a.iter().zip(&acc.max) {
                    let qdd = x / (seg.duration * seg.duration);
                    acceleration_violation = acceleration_violation.max(qdd.abs() - m);
                }
            }
            let region = &problem.regions()[self.segments[s.segment].region];
            region_violation = region_violation.max(set_violation(region, &s.position));
            if let Some(vmax) = &o.velocity_max {
                for (v, m) in s.velocity.iter().zip(vmax) {
                    velocity_violation = velocity_violation.max(v.abs() - m);
                }
            }
        }
        let mut continuity_violation: f64 = 0.0;
        let mut velocity_jump: f64 = 0.0;
        for pair in self.segments.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            for j in 0..=o.continuity {
                let (da, db) = (a.curve.nth_derivative(j), b.curve.nth_derivative(j));
                continuity_violation = continuity_violation
                    .max(max_abs_diff(da.evaluate(1.0).as_slice(), &db.evaluate(0.0)));
                if let (Some(ha), Some(hb)) = (&a.time_curve, &b.time_curve) {
                    let (ha, hb) = (ha.nth_derivative(j), hb.nth_derivative(j));
                    continuity_violation = continuity_violation
                        .max(max_abs_diff(&ha.evaluate(1.0), &hb.evaluate(0.0)));
                }
            }
            velocity_jump =
                velocity_jump.max(max_abs_diff(&a.velocity_at(1.0), &b.velocity_at(0.0)));
        }
        let mut endpoint_error: f64 = 0.0;
        let mut boundary_violation: f64 = 0.0;
        if let (Some(first), Some(last)) = (self.segments.first(), self.segments.last()) {
            endpoint_error = max_abs_diff(&first.curve.evaluate(0.0), problem.start())
                .max(max_abs_diff(&last.curve.evaluate(1.0), problem.goal()));
            let b = &o.boundary;
            for (seg, s, v, acc) in [
                (first, 0.0, &b.start_velocity, &b.start_acceleration),
                (last, 1.0, &b.goal_velocity, &b.goal_acceleration),
            ] {
                if let Some(v) = v {
                    boundary_violation =
                        boundary_violation.max(max_abs_diff(&seg.velocity_at(s), v));
                }
                let mut orders: Vec<usize> = (1..=b.zero_derivatives).collect();
                if acc.is_some() {
                    orders.push(2);
                }
                for j in orders {
                    let dj = seg.curve.nth_derivative(j).evaluate(s);
                    boundary_violation =
                        boundary_violation.max(dj.iter().fold(0.0, |m, x| m.max(x.abs())));
                }
            }
        }
        TrajectoryCheck {
            samples_per_segment: samples_per_segment.max(2),
            region_violation,
            velocity_violation: if velocity_violation.is_finite() {
                velocity_violation
            } else {
                0.0
            },
            acceleration_violation,
            continuity_violation,
            velocity_jump,
            endpoint_error,
            boundary_violation,
        }
    }
}

/// The cost terms of a trajectory, unweighted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostTerms {
    /// Total time.
    pub time: f64,
    /// Control-polygon length (an upper bound on arc length).
    pub length: f64,
    /// The energy bound.
    pub energy: f64,
}
