//! The crate's error type: every message names the parameter, field or element that is wrong.

use thiserror::Error;

/// Why a planning or perception-metric call could not run.
#[derive(Debug, Error)]
pub enum SamplingError {
    /// A planner parameter is out of range (`samples`, `lambda`, `radius`, ...).
    #[error("{name}: {message}")]
    Param {
        /// The parameter.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The world or problem is malformed (`obstacles[3]`, `start`, `goal`, `regions[7]`, ...).
    #[error("{field}: {message}")]
    World {
        /// The field or element.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A vector has the wrong length.
    #[error("{what}: expected dimension {expected}, got {got}")]
    Dimension {
        /// The vector.
        what: String,
        /// The world's dimension.
        expected: usize,
        /// The vector's length.
        got: usize,
    },
    /// The perception-metric input is malformed (`truth.objects[0]`, `actions`, `utility`).
    #[error("{field}: {message}")]
    Perception {
        /// The field or element.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The free space is too small to draw the requested samples.
    #[error(
        "samples: only {found} of {requested} free samples found in {attempts} attempts; the free space is (nearly) empty"
    )]
    FreeSpaceTooSmall {
        /// Free samples found.
        found: usize,
        /// Samples requested.
        requested: usize,
        /// Draws made.
        attempts: u64,
    },
    /// An error from the GCS crate (conversion to or solve of a region instance).
    #[error("gcs: {0}")]
    Gcs(#[from] globopt_gcs::GcsError),
    /// Drawing an SVG failed.
    #[error("plot: {0}")]
    Plot(String),
}

impl SamplingError {
    /// A parameter error.
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        SamplingError::Param {
            name: name.into(),
            message: message.into(),
        }
    }

    /// A world or problem error.
    pub fn world(field: impl Into<String>, message: impl Into<String>) -> Self {
        SamplingError::World {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A perception-metric input error.
    pub fn perception(field: impl Into<String>, message: impl Into<String>) -> Self {
        SamplingError::Perception {
            field: field.into(),
            message: message.into(),
        }
    }
}
