//! What a solver's answer means.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of a solve. Every variant says what the accompanying solution and bound mean.
///
/// The variants serialize in `snake_case` (`"optimal"`, `"budget_exhausted"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The solution is optimal within the stated tolerance, proved by the reported lower bound.
    Optimal,
    /// The solution is feasible and the best found; the gap to the bound (if any) exceeds the tolerance.
    Feasible,
    /// The problem has no feasible point; the report's message names the reason.
    Infeasible,
    /// The objective decreases without bound over the feasible set.
    Unbounded,
    /// An iteration, evaluation, node or time budget ran out (or the run was cancelled);
    /// the solution, if present, is the best found so far.
    BudgetExhausted,
    /// The solver failed (numerical trouble, a failed external evaluation); the message says why.
    Error,
}

impl Status {
    /// Whether this status is an answer to the question asked (everything except [`Status::Error`]):
    /// the CLI exits 0 for answers, including `Infeasible` and `Unbounded`.
    pub fn is_answer(self) -> bool {
        !matches!(self, Status::Error)
    }

    /// Whether a solution accompanies this status (optimal, feasible or best-so-far).
    pub fn has_solution(self) -> bool {
        matches!(
            self,
            Status::Optimal | Status::Feasible | Status::BudgetExhausted
        )
    }

    /// The name used in JSON and in text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::BudgetExhausted => "budget_exhausted",
            Status::Error => "error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde() {
        for s in [
            Status::Optimal,
            Status::Feasible,
            Status::Infeasible,
            Status::Unbounded,
            Status::BudgetExhausted,
            Status::Error,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s);
        }
        assert!(!Status::Error.is_answer());
        assert!(Status::Infeasible.is_answer());
        assert!(!Status::Infeasible.has_solution());
    }
}
