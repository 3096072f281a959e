//! Errors of globopt-bayes: each names the field, parameter or point that is wrong.

use globopt_core::CoreError;
use thiserror::Error;

/// What went wrong in Bayesian optimization. Messages name the offending field or value.
#[derive(Debug, Error)]
pub enum BayesError {
    /// A parameter or spec field is out of range; `field` is its name (`budget`, `initial`).
    #[error("{field}: {message}")]
    InvalidParameter {
        /// The parameter's name.
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Training data are malformed (lengths differ, a non-finite value, no data).
    #[error("{what}: {message}")]
    InvalidData {
        /// Which input is wrong (`y[3]`, `x[2]`).
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// The kernel matrix stayed indefinite after the whole jitter ladder.
    #[error("kernel matrix is not positive definite even with jitter {jitter:e} (n = {n})")]
    NotPositiveDefinite {
        /// The largest jitter tried.
        jitter: f64,
        /// Number of training points.
        n: usize,
    },
    /// A box, dimension or point error from globopt-core.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The journal file could not be read or written; `path` names it.
    #[error("journal {path}: {message}")]
    Journal {
        /// The journal's path.
        path: String,
        /// What went wrong (with the line number for parse errors).
        message: String,
    },
}

impl BayesError {
    /// Shorthand for [`BayesError::InvalidParameter`].
    pub fn param(field: impl Into<String>, message: impl Into<String>) -> Self {
        BayesError::InvalidParameter {
            field: field.into(),
            message: message.into(),
        }
    }
    /// Shorthand for [`BayesError::InvalidData`].
    pub fn data(what: impl Into<String>, message: impl Into<String>) -> Self {
        BayesError::InvalidData {
            what: what.into(),
            message: message.into(),
        }
    }
}
