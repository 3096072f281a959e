//! Errors of globopt-chem: malformed formulas and equations (with the column of the offending
//! character), invalid options, couples that do not fit the equation, and plot failures.
//!
//! A set of species that cannot be balanced is not an error: it is a report with status
//! `Infeasible` and a reason.

use thiserror::Error;

/// What went wrong. Parse errors carry the 1-based character column in the text that was
/// parsed (the whole equation when parsing an equation).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChemError {
    /// The formula or equation text is malformed at `column`.
    #[error("{message} at column {column}")]
    Parse {
        /// 1-based character column of the offending character.
        column: usize,
        /// What is wrong (`unclosed '('`, `unknown element 'Xx'`, ...).
        message: String,
    },
    /// An option is out of range or inconsistent; `field` names it.
    #[error("{field}: {message}")]
    InvalidOption {
        /// The option's name (`couples`, `max_enumerated`, ...).
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A half-reaction couple cannot be used (unknown species, not a redox couple, ...).
    #[error("couple '{couple}': {message}")]
    Couple {
        /// The couple as given (`MnO4-/Mn+2`).
        couple: String,
        /// What is wrong.
        message: String,
    },
    /// An exact quantity grew past what the enumeration can hold.
    #[error("{0}: numbers too large for the enumeration")]
    Overflow(String),
    /// The linear program of the lower bound could not be set up or solved.
    #[error("lower-bound linear program: {0}")]
    LinearProgram(String),
    /// A plot could not be drawn.
    #[error("plot: {0}")]
    Plot(String),
}

impl ChemError {
    /// A parse error at a 1-based `column`.
    pub(crate) fn parse(column: usize, message: impl Into<String>) -> Self {
        ChemError::Parse {
            column,
            message: message.into(),
        }
    }

    /// For a parse error, the text with a caret line under the offending column (for terminal
    /// output); `None` for other errors.
    pub fn caret(&self, text: &str) -> Option<String> {
        match self {
            ChemError::Parse { column, .. } => {
                let pad: String = text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                Some(format!("{text}\n{pad}^"))
            }
            _ => None,
        }
    }
}
