//! Solving a [`Model`] with Clarabel and reading the primal and dual solution.

use crate::cone::{Cone, triangle_off_diagonal};
use crate::error::ConicError;
use crate::expr::{AffExpr, Var};
use crate::model::{ConstraintRef, Model};
use crate::settings::Settings;
use clarabel::solver::{DefaultSolver, IPSolver, SolverStatus};
use globopt_core::{CancelFlag, Report, Status, Tolerance};
use std::time::Instant;

/// The outcome of a conic solve: a status with, when solved, the primal point, the duals of
/// every block and both objective values (the dual objective is a lower bound on the primal
/// optimum up to the feasibility tolerance: weak duality).
#[derive(Debug, Clone)]
pub struct Solution {
    /// The status in globopt's terms (see [`status_of`]).
    pub status: Status,
    /// Clarabel's own status name (`Solved`, `AlmostSolved`, `PrimalInfeasible`, ...).
    pub solver_status: String,
    /// Primal variables (a certificate of unboundedness when `Unbounded`).
    pub x: Vec<f64>,
    duals: Vec<Vec<f64>>,
    /// Primal objective `½xᵀPx + qᵀx + c`.
    pub objective: f64,
    /// Dual objective, including the constant `c`.
    pub dual_objective: f64,
    /// Interior-point iterations.
    pub iterations: u32,
    /// Seconds in Clarabel's setup and solve.
    pub solve_time_s: f64,
    /// Seconds assembling the matrices.
    pub assembly_time_s: f64,
    /// Variables, rows and nonzeros of the constraint matrix.
    pub size: ProblemSize,
    /// Primal and dual objective at every interior-point iteration.
    pub iterates: Vec<Iterate>,
}

/// The state of one interior-point iteration: how the primal objective and the dual bound
/// close in on each other.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Iterate {
    /// Iteration number.
    pub iteration: u32,
    /// Primal objective (including the constant).
    pub primal: f64,
    /// Dual objective (including the constant).
    pub dual: f64,
    /// Primal residual.
    pub res_primal: f64,
    /// Dual residual.
    pub res_dual: f64,
    /// Seconds since the solve started.
    pub time_s: f64,
}

/// Problem dimensions, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProblemSize {
    /// Variables.
    pub variables: usize,
    /// Constraint rows.
    pub rows: usize,
    /// Nonzeros of `A`.
    pub nonzeros: usize,
    /// Cone blocks.
    pub blocks: usize,
}

/// Map Clarabel's status to globopt's: `Solved` → `Optimal` (before the gap check of
/// [`Solution::report`]), `AlmostSolved` → `Feasible`, primal infeasible → `Infeasible`,
/// dual infeasible → `Unbounded`, iteration/time limits and cancellation → `BudgetExhausted`,
/// numerical trouble → `Error`.
pub fn status_of(s: SolverStatus) -> Status {
    match s {
        SolverStatus::Solved => Status::Optimal,
        SolverStatus::AlmostSolved => Status::Feasible,
        SolverStatus::PrimalInfeasible | SolverStatus::AlmostPrimalInfeasible => Status::Infeasible,
        SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => Status::Unbounded,
        SolverStatus::MaxIterations | SolverStatus::MaxTime | SolverStatus::CallbackTerminated => {
            Status::BudgetExhausted
        }
        SolverStatus::Unsolved
        | SolverStatus::NumericalError
        | SolverStatus::InsufficientProgress => Status::Error,
    }
}

impl Model {
    /// Solve with `settings`. Malformed models are errors; infeasibility, unboundedness and
    /// limits are statuses of the returned [`Solution`].
    pub fn solve(&self, settings: &Settings) -> Result<Solution, ConicError> {
        self.solve_cancellable(settings, None)
    }

    /// Solve, stopping early (status `BudgetExhausted`) when `cancel` is set.
    pub fn solve_cancellable(
        &self,
        settings: &Settings,
        cancel: Option<&CancelFlag>,
    ) -> Result<Solution, ConicError> {
        settings.validate()?;
        self.validate()?;
        let t0 = Instant::now();
        let data = self.assemble();
        let size = ProblemSize {
            variables: self.num_vars(),
            rows: data.b.len(),
            nonzeros: data.a.nnz(),
            blocks: self.num_blocks(),
        };
        let assembly_time_s = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let mut solver = DefaultSolver::new(
            &data.p,
            &data.q,
            &data.a,
            &data.b,
            &data.cones,
            settings.to_clarabel(),
        )
        .map_err(|e| ConicError::Solver(format!("{e:?}")))?;
        let iterates = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        {
            let flag = cancel.cloned();
            let sink = iterates.clone();
            let constant = data.constant;
            solver.set_termination_callback(move |info| {
                if let Ok(mut v) = sink.lock() {
                    v.push(Iterate {
                        iteration: info.iterations,
                        primal: info.cost_primal + constant,
                        dual: info.cost_dual + constant,
                        res_primal: info.res_primal,
                        res_dual: info.res_dual,
                        time_s: t1.elapsed().as_secs_f64(),
                    });
                }
                flag.as_ref().is_some_and(|f| f.is_cancelled())
            });
        }
        solver.solve();
        let iterates = iterates.lock().map(|v| v.clone()).unwrap_or_default();
        let sol = &solver.solution;
        let mut duals = Vec::with_capacity(self.blocks.len());
        let mut row = 0;
        for block in &self.blocks {
            let k = block.rows.len();
            let mut z = sol.z[row..row + k].to_vec();
            if matches!(block.cone, Cone::Psd(_)) {
                for (i, v) in z.iter_mut().enumerate() {
                    if triangle_off_diagonal(i) {
                        *v /= std::f64::consts::SQRT_2;
                    }
                }
            }
            duals.push(z);
            row += k;
        }
        Ok(Solution {
            status: status_of(sol.status),
            solver_status: format!("{:?}", sol.status),
            x: sol.x.clone(),
            duals,
            objective: sol.obj_val + data.constant,
            dual_objective: sol.obj_val_dual + data.constant,
            iterations: sol.iterations,
            solve_time_s: t1.elapsed().as_secs_f64(),
            assembly_time_s,
            size,
            iterates,
        })
    }
}

impl Solution {
    /// The value of a variable.
    pub fn var(&self, v: Var) -> f64 {
        self.x[v.index()]
    }

    /// The value of an affine expression.
    pub fn value(&self, e: &AffExpr) -> f64 {
        e.value(&self.x)
    }

    /// The dual vector of a block (in the dual cone `K*`; PSD duals as unscaled upper-triangle
    /// matrix entries). For a block `e ∈ K` the Lagrangian term is `−zᵀe`, so an inequality
    /// `e ≥ 0` has `z ≥ 0` and the objective gradient equals `Σ z ∇e` at the optimum.
    pub fn dual(&self, c: ConstraintRef) -> &[f64] {
        &self.duals[c.0]
    }

    /// The solve as a report: when solved, `objective` is the primal objective and `bound`
    /// the dual objective, so `Optimal` means the duality gap is within `tolerance`.
    pub fn report(&self, kind: &str, tolerance: Tolerance) -> Report<Vec<f64>> {
        let r = match self.status {
            Status::Optimal | Status::Feasible => {
                let mut r = Report::feasible(kind, self.x.clone(), self.objective);
                if self.status == Status::Optimal {
                    r = r.certify(self.dual_objective, tolerance);
                } else {
                    r.warnings.push(format!(
                        "the solver reached only reduced accuracy ({}); no bound is claimed",
                        self.solver_status
                    ));
                }
                r
            }
            Status::Infeasible => Report::infeasible(
                kind,
                format!(
                    "the constraints have no common point (solver: {})",
                    self.solver_status
                ),
            ),
            Status::Unbounded => Report::unbounded(
                kind,
                format!(
                    "the objective decreases without bound (solver: {})",
                    self.solver_status
                ),
            ),
            Status::BudgetExhausted => Report::budget_exhausted_without_solution(
                kind,
                format!("stopped before convergence ({})", self.solver_status),
            ),
            Status::Error => Report::error(
                kind,
                format!("the conic solver failed: {}", self.solver_status),
            ),
        };
        let mut r = r.with_evaluations(u64::from(self.iterations));
        r.elapsed_s = self.assembly_time_s + self.solve_time_s;
        r.trace = self
            .iterates
            .iter()
            .map(|it| globopt_core::TracePoint {
                time_s: self.assembly_time_s + it.time_s,
                evaluations: u64::from(it.iteration),
                incumbent: Some(it.primal),
                bound: Some(it.dual),
            })
            .collect();
        r.with_detail("solver", "clarabel")
            .with_detail("solver_status", &self.solver_status)
            .with_detail("iterations", self.iterations)
            .with_detail("size", self.size)
    }
}
