//! Errors of the swarm crate: each names the parameter, field or call that is wrong.

use globopt_core::CoreError;
use thiserror::Error;

/// What went wrong in consensus-based optimization. Messages name the offending parameter,
/// field or interface call; bad input never panics.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SwarmError {
    /// A parameter is out of its allowed range (`alpha`, `particles`, `batch`, ...).
    #[error("{name}: {message}")]
    InvalidParameter {
        /// The parameter's name, as in the spec.
        name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A vector or array has the wrong length.
    #[error("{what}: expected dimension {expected}, got {got}")]
    DimensionMismatch {
        /// What has the wrong length.
        what: String,
        /// The length required.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// An ask/tell call does not fit the optimizer's state (a point that was never asked,
    /// outcomes of the wrong length).
    #[error("{call}: {message}")]
    AskTell {
        /// The call (`tell`, `tell_round`).
        call: &'static str,
        /// What does not fit.
        message: String,
    },
    /// A saved optimizer state is inconsistent.
    #[error("state: {0}")]
    State(String),
    /// A plot could not be drawn.
    #[error("plot: {0}")]
    Plot(String),
    /// An error from globopt-core (boxes, test functions).
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl SwarmError {
    /// Shorthand for [`SwarmError::InvalidParameter`].
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        SwarmError::InvalidParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`SwarmError::DimensionMismatch`].
    pub fn dim(what: impl Into<String>, expected: usize, got: usize) -> Self {
        SwarmError::DimensionMismatch {
            what: what.into(),
            expected,
            got,
        }
    }
}
