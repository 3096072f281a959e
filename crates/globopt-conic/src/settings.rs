//! Solver settings with documented defaults, validated before a solve.

use crate::error::ConicError;
use serde::{Deserialize, Serialize};

/// Which sparse factorization solves the interior-point KKT systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LinearSolver {
    /// QDLDL, single-threaded (Clarabel's default).
    #[default]
    Qdldl,
    /// faer's supernodal LDLᵀ, multi-threaded (uses `threads`).
    Faer,
}

/// Settings of a conic solve. Defaults are Clarabel's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Absolute duality-gap tolerance (default `1e-8`).
    pub tol_gap_abs: f64,
    /// Relative duality-gap tolerance (default `1e-8`).
    pub tol_gap_rel: f64,
    /// Primal and dual feasibility tolerance (default `1e-8`).
    pub tol_feas: f64,
    /// Interior-point iteration limit (default 200).
    pub max_iter: u32,
    /// Wall-clock limit in seconds (default: none).
    pub time_limit_s: Option<f64>,
    /// Threads for the `faer` linear solver; 0 lets it choose (default 0).
    pub threads: u32,
    /// The KKT factorization (default QDLDL).
    pub linear_solver: LinearSolver,
    /// Clarabel's presolve, which removes redundant rows (default true).
    pub presolve: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tol_gap_abs: 1e-8,
            tol_gap_rel: 1e-8,
            tol_feas: 1e-8,
            max_iter: 200,
            time_limit_s: None,
            threads: 0,
            linear_solver: LinearSolver::Qdldl,
            presolve: true,
        }
    }
}

impl Settings {
    /// Error naming the first setting out of range.
    pub fn validate(&self) -> Result<(), ConicError> {
        let positive = |field: &str, v: f64| -> Result<(), ConicError> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(ConicError::InvalidSettings {
                    field: field.into(),
                    message: format!("must be a positive number, got {v}"),
                })
            }
        };
        positive("tol_gap_abs", self.tol_gap_abs)?;
        positive("tol_gap_rel", self.tol_gap_rel)?;
        positive("tol_feas", self.tol_feas)?;
        if let Some(t) = self.time_limit_s {
            positive("time_limit_s", t)?;
        }
        if self.max_iter == 0 {
            return Err(ConicError::InvalidSettings {
                field: "max_iter".into(),
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }

    pub(crate) fn to_clarabel(&self) -> clarabel::solver::DefaultSettings<f64> {
        clarabel::solver::DefaultSettings {
            tol_gap_abs: self.tol_gap_abs,
            tol_gap_rel: self.tol_gap_rel,
            tol_feas: self.tol_feas,
            max_iter: self.max_iter,
            time_limit: self.time_limit_s.unwrap_or(f64::INFINITY),
            verbose: false,
            max_threads: self.threads,
            direct_solve_method: match self.linear_solver {
                LinearSolver::Qdldl => "qdldl".into(),
                LinearSolver::Faer => "faer".into(),
            },
            presolve_enable: self.presolve,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_settings_by_name() {
        let s = Settings {
            tol_gap_abs: -1.0,
            ..Default::default()
        };
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("tol_gap_abs")
        );
        let s = Settings {
            time_limit_s: Some(f64::NAN),
            ..Default::default()
        };
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("time_limit_s")
        );
        assert!(Settings::default().validate().is_ok());
    }
}
