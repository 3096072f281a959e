//! Errors of the GCS crate: malformed sets, graphs, instances and parameters, each named by
//! the field, index or parameter that is wrong.

use globopt_conic::ConicError;
use thiserror::Error;

/// What is wrong with a set, a graph, an instance or the parameters of a solve. Solver
/// outcomes (no path, an infeasible relaxation, a limit reached) are not errors: they are
/// statuses of the returned report.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GcsError {
    /// A convex set is malformed (a NaN, a wrong length, an empty or unbounded set).
    #[error("{what}: {message}")]
    InvalidSet {
        /// Which set (`regions[3]`, `vertex 7 (name)`, ...).
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// A vector or map has the wrong length.
    #[error("{what}: expected dimension {expected}, got {got}")]
    DimensionMismatch {
        /// What has the wrong length.
        what: String,
        /// The dimension required.
        expected: usize,
        /// The dimension given.
        got: usize,
    },
    /// A vertex or edge index that the graph does not have.
    #[error("{what}: index {index} out of range (the graph has {len})")]
    UnknownIndex {
        /// Where the index was used.
        what: String,
        /// The index.
        index: usize,
        /// How many vertices or edges exist.
        len: usize,
    },
    /// A cost or constraint is malformed or not convex/nonnegative where it must be.
    #[error("{what}: {message}")]
    InvalidTerm {
        /// Which cost or constraint (`edge 3 cost 0`, ...).
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A problem instance (JSON/TOML regions, edges, start, goal) is malformed.
    #[error("{field}: {message}")]
    InvalidInstance {
        /// The field path (`regions[2]`, `edges[7]`, `start`).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A solver parameter is out of range.
    #[error("{name}: {message}")]
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// What is allowed.
        message: String,
    },
    /// The conic layer rejected a model or its settings.
    #[error(transparent)]
    Conic(#[from] ConicError),
    /// An SVG plot could not be drawn.
    #[error("plot: {0}")]
    Plot(String),
}

impl GcsError {
    /// Shorthand for [`GcsError::InvalidParameter`].
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        GcsError::InvalidParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`GcsError::InvalidSet`].
    pub fn set(what: impl Into<String>, message: impl Into<String>) -> Self {
        GcsError::InvalidSet {
            what: what.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`GcsError::InvalidInstance`].
    pub fn instance(field: impl Into<String>, message: impl Into<String>) -> Self {
        GcsError::InvalidInstance {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`GcsError::InvalidTerm`].
    pub fn term(what: impl Into<String>, message: impl Into<String>) -> Self {
        GcsError::InvalidTerm {
            what: what.into(),
            message: message.into(),
        }
    }

    /// The same error with its location prefixed by `context` (`regions[3]`, `edges[2]`).
    pub fn within(self, context: &str) -> Self {
        let join = |inner: String| {
            if inner.is_empty() {
                context.to_string()
            } else {
                format!("{context}: {inner}")
            }
        };
        match self {
            GcsError::InvalidSet { what, message } => GcsError::InvalidSet {
                what: join(what),
                message,
            },
            GcsError::InvalidTerm { what, message } => GcsError::InvalidTerm {
                what: join(what),
                message,
            },
            GcsError::DimensionMismatch {
                what,
                expected,
                got,
            } => GcsError::DimensionMismatch {
                what: join(what),
                expected,
                got,
            },
            other => other,
        }
    }
}
