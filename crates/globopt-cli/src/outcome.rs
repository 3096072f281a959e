//! What a command produces: the report as JSON, its plots and any extra files.

use globopt_core::{Report, Status};
use serde::Serialize;

/// One SVG chart of an outcome.
#[derive(Debug, Clone)]
pub struct Plot {
    /// File name under the output directory (`convergence.svg`).
    pub file: String,
    /// Caption shown on the HTML page.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// A solved spec: the report (JSON with the top-level fields every report has), plots, and
/// extra files (CSV trajectories, journals) to write beside them.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The report as JSON.
    pub report: serde_json::Value,
    /// Charts, in display order.
    pub plots: Vec<Plot>,
    /// Extra output files `(name, contents)`.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Outcome {
    /// An outcome from a report, with no plots yet.
    pub fn new<S: Serialize>(report: &Report<S>) -> Self {
        Outcome {
            report: report.to_json(),
            plots: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Add a plot (builder style).
    pub fn with_plot(mut self, file: &str, title: &str, svg: String) -> Self {
        self.plots.push(Plot {
            file: file.to_string(),
            title: title.to_string(),
            svg,
        });
        self
    }

    /// Add an extra file (builder style).
    pub fn with_file(mut self, name: &str, contents: Vec<u8>) -> Self {
        self.files.push((name.to_string(), contents));
        self
    }

    /// The report's status (`Error` when it is missing or unreadable).
    pub fn status(&self) -> Status {
        serde_json::from_value(self.report["status"].clone()).unwrap_or(Status::Error)
    }
}
