//! Errors of the core crate: each names the field or parameter that is wrong.

use thiserror::Error;

/// What went wrong in a core routine. Messages name the offending field, index or token.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CoreError {
    /// A box is malformed: `field` is a path such as `bounds[2]` or `lower[0]`.
    #[error("{field}: {message}")]
    InvalidBounds {
        /// Which entry is wrong.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A vector has the wrong length.
    #[error("{what}: expected dimension {expected}, got {got}")]
    DimensionMismatch {
        /// What has the wrong length.
        what: String,
        /// The dimension required.
        expected: usize,
        /// The dimension given.
        got: usize,
    },
    /// A parameter is out of its allowed range.
    #[error("{name}: {message}")]
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A test function name or parameter string could not be parsed.
    #[error("unknown test function `{name}`; known: {known}")]
    UnknownFunction {
        /// The name given.
        name: String,
        /// The names known, comma separated.
        known: String,
    },
}

impl CoreError {
    /// Shorthand for [`CoreError::InvalidParameter`].
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::InvalidParameter {
            name: name.into(),
            message: message.into(),
        }
    }
}
