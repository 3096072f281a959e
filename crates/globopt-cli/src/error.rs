//! The CLI's errors and exit codes: 1 for bad input, 2 for internal failures.

use thiserror::Error;

/// Why a command could not produce an answer.
#[derive(Debug, Error)]
pub enum CliError {
    /// The user's input is wrong (spec, arguments, files); the message names file, line and
    /// field. Exit code 1.
    #[error("{0}")]
    Input(String),
    /// Something failed that is not the user's fault (writing output, a solver crash).
    /// Exit code 2.
    #[error("{0}")]
    Internal(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 1,
            CliError::Internal(_) => 2,
        }
    }
}

impl From<globopt_core::CoreError> for CliError {
    fn from(e: globopt_core::CoreError) -> Self {
        CliError::Input(e.to_string())
    }
}
