//! Errors of globopt-moo: each names the row, column, field or parameter that is wrong.

use globopt_core::CoreError;
use thiserror::Error;

/// What went wrong in a multi-objective routine.
#[derive(Debug, Error)]
pub enum MooError {
    /// The CSV file could not be read or is malformed (ragged rows, bad encoding).
    #[error("{file}: {message}")]
    Csv {
        /// The file (or `<input>`).
        file: String,
        /// What the CSV reader said, with its line.
        message: String,
    },
    /// A metric cell is empty.
    #[error("row {row} (line {line}), column `{column}`: the value is missing")]
    MissingValue {
        /// 0-based data row.
        row: usize,
        /// 1-based line in the file (the header is line 1).
        line: usize,
        /// Column name.
        column: String,
    },
    /// A metric cell is not a finite number.
    #[error("row {row} (line {line}), column `{column}`: `{value}` is not a finite number")]
    NotANumber {
        /// 0-based data row.
        row: usize,
        /// 1-based line in the file (the header is line 1).
        line: usize,
        /// Column name.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// A column named in the spec is not in the table.
    #[error("column `{column}` is not in the table; its columns are: {available}")]
    UnknownColumn {
        /// The name given.
        column: String,
        /// The table's columns, comma separated.
        available: String,
    },
    /// Fewer than two objectives: there is no trade-off to draw a front of.
    #[error(
        "{count} objective(s) ({names}): a Pareto front needs at least two objectives; name them with --min/--max (or `objectives`)"
    )]
    TooFewObjectives {
        /// How many were given or found.
        count: usize,
        /// Their names.
        names: String,
    },
    /// A parameter or spec field is invalid; `name` is its path.
    #[error("{name}: {message}")]
    Invalid {
        /// The parameter or field.
        name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A core routine rejected its input.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A Gaussian-process routine failed.
    #[error(transparent)]
    Bayes(#[from] globopt_bayes::BayesError),
    /// A network routine failed.
    #[error(transparent)]
    Nn(#[from] globopt_nn::NnError),
}

impl MooError {
    /// Shorthand for [`MooError::Invalid`].
    pub fn invalid(name: impl Into<String>, message: impl Into<String>) -> Self {
        MooError::Invalid {
            name: name.into(),
            message: message.into(),
        }
    }
}
