//! Errors of the network crate: each names the argument, field or tensor that is wrong.

use thiserror::Error;

/// What went wrong in a `globopt-nn` routine. Messages name the offending argument.
#[derive(Debug, Error)]
pub enum NnError {
    /// A vector or matrix has the wrong size.
    #[error("{what}: expected {expected}, got {got}")]
    Shape {
        /// What has the wrong size (`params`, `inputs columns`, `targets rows`, ...).
        what: String,
        /// The size required.
        expected: usize,
        /// The size given.
        got: usize,
    },
    /// A setting or argument is out of its allowed range.
    #[error("{name}: {message}")]
    InvalidParameter {
        /// The parameter's name (`widths`, `batch_size`, `adam.beta1`, ...).
        name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A target does not fit the loss (a class index past the number of outputs, a
    /// regression target given to a classification loss).
    #[error("targets: {0}")]
    Targets(String),
    /// An input, a parameter or a computed value is NaN or infinite.
    #[error("{0} is not finite")]
    NonFinite(String),
    /// A safetensors file could not be read or does not hold an MLP.
    #[error("safetensors: {0}")]
    Safetensors(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl NnError {
    /// Shorthand for [`NnError::InvalidParameter`].
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        NnError::InvalidParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`NnError::Shape`].
    pub fn shape(what: impl Into<String>, expected: usize, got: usize) -> Self {
        NnError::Shape {
            what: what.into(),
            expected,
            got,
        }
    }
}
