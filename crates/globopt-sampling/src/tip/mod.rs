//! TIP, the planning-aware perception metric of Li et al., "Transcendental Idealism of
//! Planner" (ICML 2023), shared digest 29.
//!
//! A perception error is scored by what it does to the planner's decision. The planner picks,
//! from a finite action set fixed beforehand ([`actions`]: explicit polylines, GMT* or GCS
//! paths, `stop`), the action of highest expected utility
//! `U(s, a) = −nominal(a) − C · 1[a hits an object of s]` over a world state `s` drawn from
//! the true distribution `p` or the perceived one `q` ([`objects`]: boxes with uncertain
//! position and existence, obstacles grown by the ego radius `ρ`). The score is
//! `TIP = min_a Δξ(a*, a) ≤ 0` ([`score`]): 0 when no preference involving the right action
//! `a*` changes, and `≤ −regret` when the perceived world makes the planner pick another
//! action. Per uncertain object, the error's energy splits into a planning-critical part (along
//! the utility difference) and a planning-invariant rest ([`decomposition`]).
//!
//! Modes: `exact` (each object's position distribution discretised on a grid; objects are
//! independent, so `P(no hit) = Π_j (1 − e_j P_j(hit))` in closed form, and TIP is exact up to
//! the discretisation) and `monte_carlo` (seeded, the same world samples for every action,
//! with a Hoeffding interval of half-width `2ε`, `ε = M √(8 ln(4(K−1)/δ)/n)`, valid when `a*`
//! is identified: `Ê_p[U(a*) − U(a)] > ε` for all `a ≠ a*`; otherwise the minimum over the
//! ambiguous set is reported, which is conservative).

pub mod actions;
pub mod decomposition;
pub mod objects;
pub mod plot;
pub mod score;
pub mod spec;

use crate::error::SamplingError;
use crate::geometry::box_interval;
use crate::world::World;
use actions::Action;
use decomposition::{Decomposition, decompose};
use globopt_core::rng::substream;
use globopt_core::{Event, Observer, Report, Tolerance};
use objects::UncertainObject;
use score::{preference_change, tip_from_expected_utilities};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The report kind.
pub const KIND: &str = "perception-impact";

/// The ego: start, goal and radius `ρ` (objects are grown by `ρ` per axis).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ego {
    /// Start point.
    pub start: Vec<f64>,
    /// Goal point.
    pub goal: Vec<f64>,
    /// Radius `ρ` (default 0).
    #[serde(default)]
    pub radius: f64,
}

/// How expectations are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Discretised distributions, closed-form collision probabilities (default).
    #[default]
    Exact,
    /// Seeded samples of the world, shared by all actions, with Hoeffding intervals.
    MonteCarlo,
}

/// Options of [`tip_score`] (shared digest 29, "Our defaults").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TipOptions {
    /// Exact (default) or Monte Carlo.
    pub mode: Mode,
    /// World samples per distribution in Monte Carlo mode (default 10⁴).
    pub samples: usize,
    /// Confidence `1 − δ` of the Hoeffding interval (default 0.95).
    pub confidence: f64,
    /// Seed of the Monte Carlo samples (default 0).
    pub seed: u64,
    /// Cells per axis of each object's position grid and of the decomposition grid over the
    /// world bounds (default 100).
    pub grid: usize,
    /// Decompose each object's error into planning-critical and invariant parts (default true).
    pub decompose: bool,
    /// TIP with each true object removed (false negatives; default true).
    pub false_negatives: bool,
    /// Cells per axis of the false-positive map (a phantom object at each cell; default none).
    pub false_positive_grid: Option<usize>,
    /// The phantom's size (default: the first true object's size).
    pub phantom_size: Option<Vec<f64>>,
}

impl Default for TipOptions {
    fn default() -> Self {
        TipOptions {
            mode: Mode::Exact,
            samples: 10_000,
            confidence: 0.95,
            seed: 0,
            grid: 100,
            decompose: true,
            false_negatives: true,
            false_positive_grid: None,
            phantom_size: None,
        }
    }
}

impl TipOptions {
    /// Errors naming the first option out of range.
    pub fn validate(&self) -> Result<(), SamplingError> {
        if self.samples == 0 {
            return Err(SamplingError::param("samples", "must be at least 1"));
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(SamplingError::param("confidence", "must lie in (0, 1)"));
        }
        if self.grid == 0 {
            return Err(SamplingError::param("grid", "must be at least 1"));
        }
        if self.false_positive_grid == Some(0) {
            return Err(SamplingError::param(
                "false_positive_grid",
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// A metric problem: the static world, the ego, the true and perceived objects, the action
/// set and the collision cost `C`.
#[derive(Debug, Clone)]
pub struct TipProblem {
    /// The static world (bounds, obstacles): actions are planned in it.
    pub world: World,
    /// The ego.
    pub ego: Ego,
    /// Objects of the true world `p`.
    pub truth: Vec<UncertainObject>,
    /// Objects of the perceived world `q`.
    pub perceived: Vec<UncertainObject>,
    /// The action set `D_a`.
    pub actions: Vec<Action>,
    /// The collision cost `C`.
    pub collision_cost: f64,
}

impl TipProblem {
    /// Errors naming the field: objects of the wrong dimension or malformed, an empty action
    /// set, actions with waypoints of the wrong dimension or negative costs, a collision cost
    /// that is not positive, duplicate object ids.
    pub fn validate(&self) -> Result<(), SamplingError> {
        let d = self.world.dim();
        if !(self.ego.radius.is_finite() && self.ego.radius >= 0.0) {
            return Err(SamplingError::perception(
                "ego.radius",
                "must be a nonnegative number",
            ));
        }
        for (set, name) in [(&self.truth, "truth"), (&self.perceived, "perceived")] {
            let mut ids = std::collections::HashSet::new();
            for (i, o) in set.iter().enumerate() {
                o.validate(d, &format!("{name}[{i}]"))?;
                if !ids.insert(o.id.as_str()) {
                    return Err(SamplingError::perception(
                        format!("{name}[{i}].id"),
                        format!("repeats the id `{}`", o.id),
                    ));
                }
            }
        }
        if self.actions.is_empty() {
            return Err(SamplingError::perception(
                "actions",
                "the action set is empty",
            ));
        }
        for (k, a) in self.actions.iter().enumerate() {
            if a.waypoints
                .iter()
                .any(|w| w.len() != d || w.iter().any(|v| !v.is_finite()))
            {
                return Err(SamplingError::perception(
                    format!("actions[{k}]"),
                    format!(
                        "`{}` has a waypoint that is not a finite {d}-vector",
                        a.name
                    ),
                ));
            }
            if !(a.nominal_cost.is_finite() && a.nominal_cost >= 0.0) {
                return Err(SamplingError::perception(
                    format!("actions[{k}]"),
                    format!("`{}` needs a nonnegative nominal cost", a.name),
                ));
            }
        }
        if !(self.collision_cost.is_finite() && self.collision_cost > 0.0) {
            return Err(SamplingError::perception(
                "utility.collision_cost",
                "must be a positive number",
            ));
        }
        Ok(())
    }

    /// `M = C + max_a nominal(a)`: every utility lies in `[−M, 0]`.
    pub fn utility_range(&self) -> f64 {
        self.collision_cost
            + self
                .actions
                .iter()
                .map(|a| a.nominal_cost)
                .fold(0.0, f64::max)
    }

    fn utility(&self, a: usize, hit: bool) -> f64 {
        -self.actions[a].nominal_cost - if hit { self.collision_cost } else { 0.0 }
    }
}

/// Whether the polyline of `action` meets the box `[lo, hi]` (exact slab test per segment; a
/// single waypoint is a point test; `stop` never hits).
pub fn action_hits(action: &Action, lo: &[f64], hi: &[f64]) -> bool {
    match action.waypoints.len() {
        0 => false,
        1 => box_interval(lo, hi, &action.waypoints[0], &action.waypoints[0], 0.0).is_some(),
        _ => action
            .waypoints
            .windows(2)
            .any(|w| box_interval(lo, hi, &w[0], &w[1], 0.0).is_some()),
    }
}

/// `P_j(a hits object j | j exists)` for every object and action, on each object's grid of
/// `per_axis` cells per axis.
pub fn hit_probabilities(
    objects: &[UncertainObject],
    actions: &[Action],
    rho: f64,
    per_axis: usize,
) -> Vec<Vec<f64>> {
    objects
        .iter()
        .map(|o| {
            let d = o.size.len().max(1);
            let per = per_axis
                .min((200_000f64).powf(1.0 / d as f64) as usize)
                .max(1);
            let cells = o.cells(per);
            actions
                .iter()
                .map(|a| {
                    cells
                        .iter()
                        .filter(|(c, _)| {
                            let (lo, hi) = o.hit_box(c, rho);
                            action_hits(a, &lo, &hi)
                        })
                        .map(|(_, m)| m)
                        .sum::<f64>()
                        .min(1.0)
                })
                .collect()
        })
        .collect()
}

/// `EU(a) = −nominal(a) − C (1 − Π_j (1 − e_j P_j(a)))` for independent objects.
fn expected_utilities(
    problem: &TipProblem,
    probs: &[Vec<f64>],
    objects: &[UncertainObject],
) -> Vec<f64> {
    (0..problem.actions.len())
        .map(|a| {
            let no_hit: f64 = objects
                .iter()
                .zip(probs)
                .map(|(o, p)| 1.0 - o.existence * p[a])
                .product();
            -problem.actions[a].nominal_cost - problem.collision_cost * (1.0 - no_hit)
        })
        .collect()
}

/// One row of the action table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    /// The action's name.
    pub name: String,
    /// Its nominal cost.
    pub nominal_cost: f64,
    /// `EU(p, a)`.
    pub eu_truth: f64,
    /// `EU(q, a)`.
    pub eu_perceived: f64,
    /// `Δξ(a*, a)`.
    pub delta_xi: f64,
}

/// One object's decomposition (digest 29, step 6), with the others held at truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectDecomposition {
    /// The object's id.
    pub id: String,
    /// `Δξ_j(a*, â_j)` when only this object is perceived (exact).
    pub delta_xi: f64,
    /// `â_j`, the minimiser of `Δξ_j(a*, ·)`.
    pub a_hat: String,
    /// The grid decomposition.
    pub decomposition: Decomposition,
}

/// TIP when one true object is missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalseNegative {
    /// The object's id.
    pub id: String,
    /// TIP with `q = p` minus the object.
    pub tip: f64,
}

/// TIP of a phantom object at each cell (false positives): `tip[i][j]` for the cell
/// `[x_edges[i], x_edges[i+1]] × [y_edges[j], y_edges[j+1]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalsePositiveMap {
    /// Cell edges on axis 0.
    pub x_edges: Vec<f64>,
    /// Cell edges on axis 1 (one cell on 1D worlds).
    pub y_edges: Vec<f64>,
    /// The phantom's size.
    pub phantom_size: Vec<f64>,
    /// TIP per cell.
    pub tip: Vec<Vec<f64>>,
}

/// The metric's answer (the report's solution).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TipSolution {
    /// The mode used.
    pub mode: Mode,
    /// Per action: nominal cost, expected utilities, `Δξ`.
    pub actions: Vec<ActionRow>,
    /// The p-optimal action `a*`.
    pub a_star: String,
    /// The q-optimal action `â_q` (the planner's pick under perception).
    pub a_hat_q: String,
    /// The minimiser `â` of `Δξ(a*, ·)`.
    pub a_hat: String,
    /// TIP.
    pub tip: f64,
    /// TIP divided by the utility range `M` (for averaging across scenes).
    pub tip_normalized: f64,
    /// `EU(p, a*) − EU(p, â_q)`.
    pub regret: f64,
    /// `M = C + max nominal cost`.
    pub utility_range: f64,
    /// Monte Carlo: `ε` of the Hoeffding bound.
    pub epsilon: Option<f64>,
    /// Monte Carlo: `[TIP − 2ε, min(0, TIP + 2ε)]`.
    pub interval: Option<[f64; 2]>,
    /// Monte Carlo: whether `a*` is identified (otherwise TIP is the ambiguous-set minimum).
    pub identified: bool,
    /// Per-object decompositions.
    pub decomposition: Vec<ObjectDecomposition>,
    /// TIP per missed true object.
    pub false_negatives: Vec<FalseNegative>,
    /// The false-positive map, when asked for.
    pub false_positive_map: Option<FalsePositiveMap>,
    /// Utility evaluations made (actions × world samples or cells).
    pub utility_evaluations: u64,
}

/// Score the perception error of `problem` (see the module documentation). The report's
/// `objective` is TIP; in exact mode it is certified (`optimal`, the minimum over a finite set
/// is exact), in Monte Carlo mode `bound` is the Hoeffding interval's lower end.
pub fn tip_score(
    problem: &TipProblem,
    opts: &TipOptions,
    observer: &mut dyn Observer,
) -> Result<Report<TipSolution>, SamplingError> {
    let started = Instant::now();
    problem.validate()?;
    opts.validate()?;
    let rho = problem.ego.radius;
    let k = problem.actions.len();
    observer.on_event(&Event::Started {
        phase: "collision probabilities",
        total: None,
    });
    let probs_p = hit_probabilities(&problem.truth, &problem.actions, rho, opts.grid);
    let probs_q = hit_probabilities(&problem.perceived, &problem.actions, rho, opts.grid);
    observer.on_event(&Event::Finished);
    let cells_evaluated: u64 = problem
        .truth
        .iter()
        .chain(&problem.perceived)
        .map(|o| o.cells(opts.grid.min(1000)).len() as u64)
        .sum::<u64>()
        * k as u64;
    let eu_p_exact = expected_utilities(problem, &probs_p, &problem.truth);
    let eu_q_exact = expected_utilities(problem, &probs_q, &problem.perceived);
    let m = problem.utility_range();
    let mut warnings = Vec::new();
    let (eu_p, eu_q, epsilon, identified, evaluations, tip_override) = match opts.mode {
        Mode::Exact => (
            eu_p_exact.clone(),
            eu_q_exact.clone(),
            None,
            true,
            cells_evaluated,
            None,
        ),
        Mode::MonteCarlo => {
            let n = opts.samples;
            let Some(hp) = monte_carlo_hits(problem, &problem.truth, n, opts.seed, 0, observer)
            else {
                return Ok(Report::budget_exhausted_without_solution(
                    KIND,
                    "stopped while sampling the true world",
                )
                .timed(started));
            };
            let Some(hq) = monte_carlo_hits(problem, &problem.perceived, n, opts.seed, 0, observer)
            else {
                return Ok(Report::budget_exhausted_without_solution(
                    KIND,
                    "stopped while sampling the perceived world",
                )
                .timed(started));
            };
            let mean_u = |hits: &[Vec<bool>], a: usize| {
                hits.iter().map(|h| problem.utility(a, h[a])).sum::<f64>() / n as f64
            };
            let eu_p: Vec<f64> = (0..k).map(|a| mean_u(&hp, a)).collect();
            let eu_q: Vec<f64> = (0..k).map(|a| mean_u(&hq, a)).collect();
            let delta = 1.0 - opts.confidence;
            let eps = if k > 1 {
                m * (8.0 * (4.0 * (k - 1) as f64 / delta).ln() / n as f64).sqrt()
            } else {
                0.0
            };
            let s = tip_from_expected_utilities(&eu_p, &eu_q);
            let ambiguous: Vec<usize> = (0..k)
                .filter(|&a| eu_p[s.a_star] - eu_p[a] <= eps)
                .collect();
            let identified = ambiguous.len() == 1;
            let tip_amb = if identified {
                None
            } else {
                warnings.push(format!(
                    "a* is not identified at confidence {}: {} actions lie within ε = {eps:.4} of the best; TIP is the minimum over them (conservative)",
                    opts.confidence,
                    ambiguous.len()
                ));
                Some(
                    ambiguous
                        .iter()
                        .flat_map(|&b| preference_change(&eu_p, &eu_q, b))
                        .fold(0.0, f64::min),
                )
            };
            (
                eu_p,
                eu_q,
                Some(eps),
                identified,
                2 * (n * k) as u64,
                tip_amb,
            )
        }
    };
    let s = tip_from_expected_utilities(&eu_p, &eu_q);
    let tip = tip_override.unwrap_or(s.tip);
    let name = |a: usize| problem.actions[a].name.clone();
    let rows = (0..k)
        .map(|a| ActionRow {
            name: name(a),
            nominal_cost: problem.actions[a].nominal_cost,
            eu_truth: eu_p[a],
            eu_perceived: eu_q[a],
            delta_xi: s.delta_xi[a],
        })
        .collect();
    let decomposition = if opts.decompose {
        decompositions(problem, opts, &probs_p, &eu_p_exact)?
    } else {
        Vec::new()
    };
    let false_negatives = if opts.false_negatives {
        (0..problem.truth.len())
            .map(|j| {
                let others: Vec<UncertainObject> = problem
                    .truth
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != j)
                    .map(|(_, o)| o.clone())
                    .collect();
                let probs: Vec<Vec<f64>> = probs_p
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != j)
                    .map(|(_, p)| p.clone())
                    .collect();
                let eu = expected_utilities(problem, &probs, &others);
                FalseNegative {
                    id: problem.truth[j].id.clone(),
                    tip: tip_from_expected_utilities(&eu_p_exact, &eu).tip,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let false_positive_map = match opts.false_positive_grid {
        Some(g) => Some(false_positive_map(problem, opts, g, &probs_p, &eu_p_exact)?),
        None => None,
    };
    let interval = epsilon.map(|e| [tip - 2.0 * e, (tip + 2.0 * e).min(0.0)]);
    let solution = TipSolution {
        mode: opts.mode,
        actions: rows,
        a_star: name(s.a_star),
        a_hat_q: name(s.a_hat_q),
        a_hat: name(s.a_hat),
        tip,
        tip_normalized: tip / m,
        regret: s.regret,
        utility_range: m,
        epsilon,
        interval,
        identified,
        decomposition,
        false_negatives,
        false_positive_map,
        utility_evaluations: evaluations,
    };
    let mut report = Report::feasible(KIND, solution, tip);
    report = match interval {
        None => report.certify(tip, Tolerance::default()),
        Some([lo, _]) => report
            .certify(lo, Tolerance::default())
            .with_detail("confidence", opts.confidence),
    };
    report.warnings.extend(warnings);
    report.set_detail("tip", tip);
    report.set_detail("regret", s.regret);
    report.set_detail("a_star", name(s.a_star));
    report.set_detail("a_hat", name(s.a_hat));
    report.set_detail("a_hat_q", name(s.a_hat_q));
    report.set_detail("actions", k);
    report.set_detail("collision_cost", problem.collision_cost);
    Ok(report.with_evaluations(evaluations).timed(started))
}

/// Hit flags `[sample][action]` of `n` seeded world samples (stream `stream` of `seed`; the
/// true and perceived worlds use the same stream, so `q = p` gives identical samples and
/// TIP = 0 exactly); `None` when the observer stops the run.
fn monte_carlo_hits(
    problem: &TipProblem,
    objects: &[UncertainObject],
    n: usize,
    seed: u64,
    stream: u64,
    observer: &mut dyn Observer,
) -> Option<Vec<Vec<bool>>> {
    let mut rng = substream(seed, stream);
    let rho = problem.ego.radius;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if i % 1024 == 0 && observer.should_stop() {
            return None;
        }
        let boxes: Vec<(Vec<f64>, Vec<f64>)> = objects
            .iter()
            .filter_map(|o| o.sample(&mut rng).map(|c| o.hit_box(&c, rho)))
            .collect();
        out.push(
            problem
                .actions
                .iter()
                .map(|a| boxes.iter().any(|(lo, hi)| action_hits(a, lo, hi)))
                .collect(),
        );
    }
    Some(out)
}

/// The decomposition grid over the world bounds: `grid` cells per axis (capped so that the
/// grid has at most 2·10⁵ cells).
fn world_grid(world: &World, grid: usize) -> Vec<Vec<f64>> {
    let d = world.dim();
    let per = grid.min((200_000f64).powf(1.0 / d as f64) as usize).max(1);
    (0..d)
        .map(|k| {
            let (lo, hi) = (world.lo()[k], world.hi()[k]);
            (0..=per)
                .map(|i| lo + (hi - lo) * i as f64 / per as f64)
                .collect()
        })
        .collect()
}

/// Cells of a product grid: `(center, measure)` and per-object masses through per-axis masses.
fn grid_cells(edges: &[Vec<f64>]) -> Vec<(Vec<f64>, f64, Vec<usize>)> {
    let mut out = vec![(Vec::new(), 1.0, Vec::new())];
    for axis in edges {
        let mut next = Vec::with_capacity(out.len() * (axis.len() - 1));
        for (c, m, idx) in &out {
            for i in 0..axis.len() - 1 {
                let mut c2: Vec<f64> = c.clone();
                c2.push(0.5 * (axis[i] + axis[i + 1]));
                let mut i2: Vec<usize> = idx.clone();
                i2.push(i);
                next.push((c2, m * (axis[i + 1] - axis[i]), i2));
            }
        }
        out = next;
    }
    out
}

/// Per object id present in truth or perception: the decomposition of its error with the other
/// true objects held at truth (see [`decomposition`]). Masses include existence; an "absent"
/// atom of unit measure is added when either existence probability is below 1. The utility
/// grid uses the true object's size (the perceived one's for spurious objects).
fn decompositions(
    problem: &TipProblem,
    opts: &TipOptions,
    probs_p: &[Vec<f64>],
    eu_p: &[f64],
) -> Result<Vec<ObjectDecomposition>, SamplingError> {
    let k = problem.actions.len();
    let rho = problem.ego.radius;
    let a_star = tip_from_expected_utilities(eu_p, eu_p).a_star;
    let edges = world_grid(&problem.world, opts.grid);
    let cells = grid_cells(&edges);
    let mut ids: Vec<&str> = problem.truth.iter().map(|o| o.id.as_str()).collect();
    for o in &problem.perceived {
        if !ids.contains(&o.id.as_str()) {
            ids.push(o.id.as_str());
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let jt = problem.truth.iter().position(|o| o.id == id);
        let jq = problem.perceived.iter().position(|o| o.id == id);
        let p_obj = jt.map(|j| &problem.truth[j]);
        let q_obj = jq.map(|j| &problem.perceived[j]);
        let Some(shape) = p_obj.or(q_obj) else {
            continue;
        };
        // the other true objects' no-hit probability per action
        let others: Vec<f64> = (0..k)
            .map(|a| {
                problem
                    .truth
                    .iter()
                    .zip(probs_p)
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != jt)
                    .map(|(_, (o, p))| 1.0 - o.existence * p[a])
                    .product()
            })
            .collect();
        // Δξ_j for every action from exact per-object probabilities
        let p_hit = |o: Option<&UncertainObject>, a: usize| -> f64 {
            o.map_or(0.0, |o| {
                o.existence
                    * hit_probabilities(
                        std::slice::from_ref(o),
                        &problem.actions[a..=a],
                        rho,
                        opts.grid,
                    )[0][0]
            })
        };
        let eu_j = |o: Option<&UncertainObject>| -> Vec<f64> {
            (0..k)
                .map(|a| {
                    -problem.actions[a].nominal_cost
                        - problem.collision_cost * (1.0 - others[a] * (1.0 - p_hit(o, a)))
                })
                .collect()
        };
        let (eu_pj, eu_qj) = (eu_j(p_obj), eu_j(q_obj));
        let dxi = preference_change(&eu_pj, &eu_qj, a_star);
        let mut a_hat = a_star;
        for a in 0..k {
            if dxi[a] < dxi[a_hat] {
                a_hat = a;
            }
        }
        // grid masses and utility differences
        let axis_masses = |o: Option<&UncertainObject>| -> Vec<Vec<f64>> {
            (0..edges.len())
                .map(|ax| match o {
                    Some(o) => o.axis_masses(ax, &edges[ax]),
                    None => vec![0.0; edges[ax].len() - 1],
                })
                .collect()
        };
        let (amp, amq) = (axis_masses(p_obj), axis_masses(q_obj));
        let (ep, eq) = (
            p_obj.map_or(0.0, |o| o.existence),
            q_obj.map_or(0.0, |o| o.existence),
        );
        let u = |a: usize, hit: bool| -> f64 {
            let no_hit = if hit { 0.0 } else { others[a] };
            -problem.actions[a].nominal_cost - problem.collision_cost * (1.0 - no_hit)
        };
        let (mut mp, mut mq, mut meas, mut du) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (center, measure, idx) in &cells {
            let wp: f64 = idx
                .iter()
                .enumerate()
                .map(|(ax, &i)| amp[ax][i])
                .product::<f64>()
                * ep;
            let wq: f64 = idx
                .iter()
                .enumerate()
                .map(|(ax, &i)| amq[ax][i])
                .product::<f64>()
                * eq;
            let (lo, hi) = shape.hit_box(center, rho);
            let us = u(a_star, action_hits(&problem.actions[a_star], &lo, &hi));
            let uh = u(a_hat, action_hits(&problem.actions[a_hat], &lo, &hi));
            mp.push(wp);
            mq.push(wq);
            meas.push(*measure);
            du.push(us - uh);
        }
        if ep < 1.0 || eq < 1.0 {
            mp.push(1.0 - ep);
            mq.push(1.0 - eq);
            meas.push(1.0);
            du.push(u(a_star, false) - u(a_hat, false));
        }
        out.push(ObjectDecomposition {
            id: id.to_string(),
            delta_xi: dxi[a_hat],
            a_hat: problem.actions[a_hat].name.clone(),
            decomposition: decompose(&mp, &mq, &meas, &du),
        });
    }
    Ok(out)
}

/// TIP with a phantom object (the true world plus a box of `phantom_size` at the cell center)
/// for every cell of a `g × g` grid over the world's first two axes.
fn false_positive_map(
    problem: &TipProblem,
    opts: &TipOptions,
    g: usize,
    probs_p: &[Vec<f64>],
    eu_p: &[f64],
) -> Result<FalsePositiveMap, SamplingError> {
    let w = &problem.world;
    let d = w.dim();
    let size = match (&opts.phantom_size, problem.truth.first()) {
        (Some(s), _) => s.clone(),
        (None, Some(o)) => o.size.clone(),
        (None, None) => {
            return Err(SamplingError::perception(
                "maps.phantom_size",
                "give the phantom's size (there is no true object to copy it from)",
            ));
        }
    };
    if size.len() != d || size.iter().any(|s| !(s.is_finite() && *s >= 0.0)) {
        return Err(SamplingError::perception(
            "maps.phantom_size",
            format!("must be {d} nonnegative numbers"),
        ));
    }
    let cut = |k: usize, n: usize| -> Vec<f64> {
        (0..=n)
            .map(|i| w.lo()[k] + (w.hi()[k] - w.lo()[k]) * i as f64 / n as f64)
            .collect()
    };
    let x_edges = cut(0, g);
    let y_edges = if d > 1 { cut(1, g) } else { vec![-0.5, 0.5] };
    let k = problem.actions.len();
    let base: Vec<f64> = (0..k)
        .map(|a| {
            problem
                .truth
                .iter()
                .zip(probs_p)
                .map(|(o, p)| 1.0 - o.existence * p[a])
                .product()
        })
        .collect();
    let mut tip = Vec::with_capacity(g);
    for i in 0..g {
        let mut row = Vec::with_capacity(y_edges.len() - 1);
        for j in 0..y_edges.len() - 1 {
            let mut center: Vec<f64> = (0..d).map(|a| 0.5 * (w.lo()[a] + w.hi()[a])).collect();
            center[0] = 0.5 * (x_edges[i] + x_edges[i + 1]);
            if d > 1 {
                center[1] = 0.5 * (y_edges[j] + y_edges[j + 1]);
            }
            let lo: Vec<f64> = center
                .iter()
                .zip(&size)
                .map(|(c, s)| c - 0.5 * s - problem.ego.radius)
                .collect();
            let hi: Vec<f64> = center
                .iter()
                .zip(&size)
                .map(|(c, s)| c + 0.5 * s + problem.ego.radius)
                .collect();
            let eu_q: Vec<f64> = (0..k)
                .map(|a| {
                    let no_hit = if action_hits(&problem.actions[a], &lo, &hi) {
                        0.0
                    } else {
                        base[a]
                    };
                    -problem.actions[a].nominal_cost - problem.collision_cost * (1.0 - no_hit)
                })
                .collect();
            row.push(tip_from_expected_utilities(eu_p, &eu_q).tip);
        }
        tip.push(row);
    }
    Ok(FalsePositiveMap {
        x_edges,
        y_edges,
        phantom_size: size,
        tip,
    })
}
