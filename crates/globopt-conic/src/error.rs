//! Errors of the conic layer: malformed models and settings, named by block and field.

use thiserror::Error;

/// What is wrong with a model or its settings. Solver outcomes (infeasible, unbounded,
/// iteration limit) are not errors: they are statuses of the [`crate::Solution`].
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConicError {
    /// A coefficient or constant is NaN or infinite.
    #[error("{what}: a coefficient is not a finite number")]
    NonFinite {
        /// Where (objective, constraint k and entry).
        what: String,
    },
    /// An expression uses a variable the model does not have.
    #[error("{what}: uses variable {index}, which this model does not have")]
    UnknownVariable {
        /// Where.
        what: String,
        /// The variable index.
        index: usize,
    },
    /// A constraint block has the wrong size or parameters for its cone.
    #[error("{what}: {message}")]
    BadBlock {
        /// Which block.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A solver setting is out of range.
    #[error("settings.{field}: {message}")]
    InvalidSettings {
        /// The setting's name.
        field: String,
        /// What is allowed.
        message: String,
    },
    /// Clarabel rejected the problem data.
    #[error("the solver rejected the problem: {0}")]
    Solver(String),
}
