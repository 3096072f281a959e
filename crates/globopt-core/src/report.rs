//! The answer every globopt solver returns: a solution with its certificate.
//!
//! A [`Report`] holds the best solution found, its objective value, and, where the method can
//! prove one, a lower bound on the optimum. The gap between the two is the certificate: the
//! solution is at most `gap_abs` worse than the best possible. The status [`Status::Optimal`]
//! can only be reached through [`Report::certify`] with a bound that proves the objective
//! within the report's [`Tolerance`]; the fields that make up the certificate are private so
//! that it cannot be broken after the fact.

use crate::status::Status;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::Instant;

/// Field names at the top level of every serialized report; kind-specific details may not reuse them.
pub const RESERVED_FIELDS: [&str; 13] = [
    "kind",
    "status",
    "objective",
    "bound",
    "gap",
    "gap_abs",
    "tolerance",
    "solution",
    "evaluations",
    "elapsed_s",
    "message",
    "warnings",
    "trace",
];

/// Optimality tolerance: a solution is proved optimal when
/// `objective − bound ≤ abs` **or** `(objective − bound) / max(|objective|, 1e-10) ≤ rel`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// Absolute gap tolerance (default `1e-6`).
    pub abs: f64,
    /// Relative gap tolerance (default `1e-6`).
    pub rel: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            abs: 1e-6,
            rel: 1e-6,
        }
    }
}

impl Tolerance {
    /// Whether an absolute gap `gap_abs` with relative gap `gap_rel` is within this tolerance.
    pub fn accepts(&self, gap_abs: f64, gap_rel: f64) -> bool {
        gap_abs <= self.abs || gap_rel <= self.rel
    }
}

/// Absolute gap `objective − bound`.
pub fn absolute_gap(objective: f64, bound: f64) -> f64 {
    objective - bound
}

/// Relative gap `(objective − bound) / max(|objective|, 1e-10)`, the convention of MIP solvers
/// (Gurobi's `MIPGap`) with a floor on the denominator so that a zero objective stays finite.
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    (objective - bound) / objective.abs().max(1e-10)
}

/// One point of a solver's progress: when, after how many evaluations, the incumbent
/// (best objective so far) and the best bound so far.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TracePoint {
    /// Seconds since the solve started.
    pub time_s: f64,
    /// Objective evaluations (or nodes, or solves: the report's unit) so far.
    pub evaluations: u64,
    /// Best objective value found so far, if any.
    pub incumbent: Option<f64>,
    /// Best proven lower bound so far, if any.
    pub bound: Option<f64>,
}

/// A solver's answer with its certificate. See the module documentation.
///
/// Serialized to JSON with the top-level fields `kind`, `status`, `objective`, `bound`, `gap`
/// (relative), `gap_abs`, `tolerance`, `solution`, `evaluations`, `elapsed_s`, `message`,
/// `warnings`, `trace`, and the kind-specific `details` flattened beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ReportRepr<S>", bound(deserialize = "S: Deserialize<'de>"))]
pub struct Report<S> {
    kind: String,
    status: Status,
    objective: Option<f64>,
    bound: Option<f64>,
    gap: Option<f64>,
    gap_abs: Option<f64>,
    tolerance: Tolerance,
    /// The best solution found (absent when infeasible, unbounded or failed).
    pub solution: Option<S>,
    /// Number of objective evaluations (or conic solves, or nodes) spent.
    pub evaluations: u64,
    /// Wall-clock seconds of the solve.
    pub elapsed_s: f64,
    /// A human-readable explanation (the reason for `Infeasible`, the error for `Error`, ...).
    pub message: Option<String>,
    /// Things the user should know that do not change the status (conventions, fallbacks).
    pub warnings: Vec<String>,
    /// Progress over time.
    pub trace: Vec<TracePoint>,
    /// Kind-specific fields, flattened into the top level when serialized.
    #[serde(flatten)]
    details: Map<String, Value>,
}

impl<S> Report<S> {
    fn empty(kind: &str, status: Status) -> Self {
        Report {
            kind: kind.to_string(),
            status,
            objective: None,
            bound: None,
            gap: None,
            gap_abs: None,
            tolerance: Tolerance::default(),
            solution: None,
            evaluations: 0,
            elapsed_s: 0.0,
            message: None,
            warnings: Vec::new(),
            trace: Vec::new(),
            details: Map::new(),
        }
    }

    /// A feasible solution with its objective value and no bound yet (status `Feasible`).
    ///
    /// A non-finite objective is not an answer: the report becomes `Error` with that message.
    pub fn feasible(kind: &str, solution: S, objective: f64) -> Self {
        if !objective.is_finite() {
            let mut r = Self::error(kind, format!("objective value is not finite ({objective})"));
            r.solution = Some(solution);
            return r;
        }
        let mut r = Self::empty(kind, Status::Feasible);
        r.solution = Some(solution);
        r.objective = Some(objective);
        r
    }

    /// No feasible point exists; `reason` says why (which constraint, element or region).
    pub fn infeasible(kind: &str, reason: impl Into<String>) -> Self {
        let mut r = Self::empty(kind, Status::Infeasible);
        r.message = Some(reason.into());
        r
    }

    /// The objective is unbounded below; `reason` says along what.
    pub fn unbounded(kind: &str, reason: impl Into<String>) -> Self {
        let mut r = Self::empty(kind, Status::Unbounded);
        r.message = Some(reason.into());
        r
    }

    /// The solver failed; `message` says why.
    pub fn error(kind: &str, message: impl Into<String>) -> Self {
        let mut r = Self::empty(kind, Status::Error);
        r.message = Some(message.into());
        r
    }

    /// A budget ran out before any solution was found.
    pub fn budget_exhausted_without_solution(kind: &str, reason: impl Into<String>) -> Self {
        let mut r = Self::empty(kind, Status::BudgetExhausted);
        r.message = Some(reason.into());
        r
    }

    /// Attach a proven lower `bound` on the optimum, computes the gap, and sets the status to
    /// `Optimal` when the gap is within `tolerance`, `Feasible` otherwise.
    ///
    /// Ignored (with a warning) when the report has no objective or the bound is not a number;
    /// a bound of `-inf` is kept as "no bound". A bound above the objective by more than the
    /// tolerance contradicts the solution and is recorded as a warning, not hidden.
    pub fn certify(mut self, bound: f64, tolerance: Tolerance) -> Self {
        self.tolerance = tolerance;
        let Some(objective) = self.objective else {
            self.warnings
                .push("a bound was given for a report without an objective".into());
            return self;
        };
        if bound.is_nan() || bound == f64::INFINITY {
            self.warnings
                .push(format!("bound {bound} is not a valid lower bound; ignored"));
            return self;
        }
        if bound == f64::NEG_INFINITY {
            return self;
        }
        let gap_abs = absolute_gap(objective, bound);
        let gap_rel = relative_gap(objective, bound);
        if -gap_abs > tolerance.abs && -gap_rel > tolerance.rel {
            self.warnings.push(format!(
                "lower bound {bound} exceeds the objective {objective}: the bound or the solution is inaccurate"
            ));
        }
        self.bound = Some(bound);
        self.gap_abs = Some(gap_abs);
        self.gap = Some(gap_rel);
        if matches!(self.status, Status::Feasible | Status::Optimal) {
            self.status = if tolerance.accepts(gap_abs, gap_rel) {
                Status::Optimal
            } else {
                Status::Feasible
            };
        }
        self
    }

    /// Mark that a budget (iterations, evaluations, nodes, time, or a cancellation) stopped the
    /// solver: a `Feasible` report becomes `BudgetExhausted`; an `Optimal` one stays optimal,
    /// since its certificate holds regardless.
    pub fn budget_exhausted(mut self, reason: impl Into<String>) -> Self {
        if self.status == Status::Feasible {
            self.status = Status::BudgetExhausted;
        }
        self.message = Some(reason.into());
        self
    }

    /// Set the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Set the elapsed wall-clock time from a start instant.
    pub fn timed(mut self, started: Instant) -> Self {
        self.elapsed_s = started.elapsed().as_secs_f64();
        self
    }

    /// Set the number of evaluations.
    pub fn with_evaluations(mut self, evaluations: u64) -> Self {
        self.evaluations = evaluations;
        self
    }

    /// Add a kind-specific field (serialized at the top level of the report).
    ///
    /// `key` must not be one of [`RESERVED_FIELDS`]; values that fail to serialize become `null`.
    pub fn with_detail(mut self, key: &str, value: impl Serialize) -> Self {
        self.set_detail(key, value);
        self
    }

    /// In-place form of [`Report::with_detail`].
    pub fn set_detail(&mut self, key: &str, value: impl Serialize) {
        debug_assert!(
            !RESERVED_FIELDS.contains(&key),
            "detail key {key} is reserved"
        );
        self.details.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
    }

    /// The capability that produced this report (`"conic"`, `"gcs-shortest-path"`, ...).
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// The status; `Optimal` only when the bound proves the objective within the tolerance.
    pub fn status(&self) -> Status {
        self.status
    }
    /// Best objective value found (minimization).
    pub fn objective(&self) -> Option<f64> {
        self.objective
    }
    /// Proven lower bound on the optimum, if the method provides one.
    pub fn bound(&self) -> Option<f64> {
        self.bound
    }
    /// Relative gap `(objective − bound)/max(|objective|, 1e-10)`, when both are known.
    pub fn gap(&self) -> Option<f64> {
        self.gap
    }
    /// Absolute gap `objective − bound`, when both are known.
    pub fn gap_abs(&self) -> Option<f64> {
        self.gap_abs
    }
    /// The tolerance the certificate was checked against.
    pub fn tolerance(&self) -> Tolerance {
        self.tolerance
    }
    /// Kind-specific fields.
    pub fn details(&self) -> &Map<String, Value> {
        &self.details
    }
    /// One kind-specific field.
    pub fn detail(&self, key: &str) -> Option<&Value> {
        self.details.get(key)
    }

    /// Replace the solution with a converted one, keeping the certificate.
    pub fn map_solution<T>(self, f: impl FnOnce(S) -> T) -> Report<T> {
        Report {
            kind: self.kind,
            status: self.status,
            objective: self.objective,
            bound: self.bound,
            gap: self.gap,
            gap_abs: self.gap_abs,
            tolerance: self.tolerance,
            solution: self.solution.map(f),
            evaluations: self.evaluations,
            elapsed_s: self.elapsed_s,
            message: self.message,
            warnings: self.warnings,
            trace: self.trace,
            details: self.details,
        }
    }
}

impl<S: Serialize> Report<S> {
    /// The report as a JSON value (the solution serialized in place).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|e| {
            serde_json::json!({"kind": self.kind, "status": "error",
                "message": format!("report could not be serialized: {e}")})
        })
    }
}

/// The serialized shape of a report, validated into a [`Report`] on deserialization.
#[derive(Deserialize)]
struct ReportRepr<S> {
    kind: String,
    status: Status,
    objective: Option<f64>,
    bound: Option<f64>,
    gap: Option<f64>,
    gap_abs: Option<f64>,
    #[serde(default)]
    tolerance: Tolerance,
    solution: Option<S>,
    #[serde(default)]
    evaluations: u64,
    #[serde(default)]
    elapsed_s: f64,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    trace: Vec<TracePoint>,
    #[serde(flatten)]
    details: Map<String, Value>,
}

impl<S> TryFrom<ReportRepr<S>> for Report<S> {
    type Error = String;

    fn try_from(r: ReportRepr<S>) -> Result<Self, String> {
        if r.status == Status::Optimal {
            let (Some(objective), Some(bound)) = (r.objective, r.bound) else {
                return Err("status `optimal` without an objective and a bound".into());
            };
            let (ga, gr) = (
                absolute_gap(objective, bound),
                relative_gap(objective, bound),
            );
            if !r.tolerance.accepts(ga, gr) {
                return Err(format!(
                    "status `optimal` but the gap {ga} exceeds the tolerance {:?}",
                    r.tolerance
                ));
            }
        }
        Ok(Report {
            kind: r.kind,
            status: r.status,
            objective: r.objective,
            bound: r.bound,
            gap: r.gap,
            gap_abs: r.gap_abs,
            tolerance: r.tolerance,
            solution: r.solution,
            evaluations: r.evaluations,
            elapsed_s: r.elapsed_s,
            message: r.message,
            warnings: r.warnings,
            trace: r.trace,
            details: r.details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_only_with_a_proving_bound() {
        let r = Report::feasible("t", vec![1.0], 10.0);
        assert_eq!(r.status(), Status::Feasible);
        let loose = r.clone().certify(9.0, Tolerance::default());
        assert_eq!(loose.status(), Status::Feasible);
        assert!((loose.gap().unwrap() - 0.1).abs() < 1e-15);
        assert!((loose.gap_abs().unwrap() - 1.0).abs() < 1e-15);
        let tight = r.certify(10.0 - 5e-7, Tolerance::default());
        assert_eq!(tight.status(), Status::Optimal);
    }

    #[test]
    fn nonfinite_objective_is_an_error_and_nan_bound_is_ignored() {
        let r: Report<()> = Report::feasible("t", (), f64::NAN);
        assert_eq!(r.status(), Status::Error);
        let r = Report::feasible("t", (), 1.0).certify(f64::NAN, Tolerance::default());
        assert_eq!(r.status(), Status::Feasible);
        assert!(r.bound().is_none());
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn bound_above_objective_is_flagged() {
        let r = Report::feasible("t", (), 1.0).certify(2.0, Tolerance::default());
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn budget_keeps_optimal_and_downgrades_feasible() {
        let opt = Report::feasible("t", (), 1.0)
            .certify(1.0, Tolerance::default())
            .budget_exhausted("time");
        assert_eq!(opt.status(), Status::Optimal);
        let feas = Report::feasible("t", (), 1.0).budget_exhausted("time");
        assert_eq!(feas.status(), Status::BudgetExhausted);
    }

    #[test]
    fn json_round_trip_and_tamper_check() {
        let r = Report::feasible("t", vec![0.5, 0.25], 3.0)
            .certify(2.0, Tolerance::default())
            .with_detail("paths", 7)
            .with_evaluations(12);
        let v = r.to_json();
        assert_eq!(v["kind"], "t");
        assert_eq!(v["status"], "feasible");
        assert_eq!(v["paths"], 7);
        assert_eq!(v["bound"], 2.0);
        let back: Report<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back, r);
        let mut tampered = v;
        tampered["status"] = "optimal".into();
        assert!(serde_json::from_value::<Report<Vec<f64>>>(tampered).is_err());
    }
}
