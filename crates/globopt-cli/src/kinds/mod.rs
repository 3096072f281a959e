//! The capabilities `globopt solve` dispatches to, one module per spec `kind`.
//!
//! A kind is a [`Kind`]: its name (the spec's `kind`), a one-line summary, the paper it
//! implements, and a `run` function that parses the spec (through [`SpecDoc::parse`], so
//! errors name file, line and field), solves it with the library crate, and returns an
//! [`Outcome`]. Showcases for `globopt demo` are [`Showcase`]s listed in `crate::demo`.

pub mod balance;
pub mod bayesopt;
pub mod cbo;
pub mod conic;
pub mod gcs;
pub mod gcs_trajectory;
pub mod psl;
pub mod random_search;
pub mod sampling;

use crate::error::CliError;
use crate::outcome::Outcome;
use crate::progress::CliObserver;
use crate::spec::SpecDoc;

/// What a run needs from the CLI: the observer (progress bar and Ctrl-C) and whether to
/// continue from a journal (`--resume`).
pub struct RunContext {
    /// Progress and cancellation.
    pub observer: CliObserver,
    /// `globopt solve --resume`: continue a journaled run instead of starting a new one.
    pub resume: bool,
}

/// A spec kind.
pub struct Kind {
    /// The spec's `kind` value.
    pub name: &'static str,
    /// One line saying what it solves.
    pub summary: &'static str,
    /// The paper (digest number and short title) it implements, or "—".
    pub paper: &'static str,
    /// Parse, validate, solve.
    pub run: fn(&SpecDoc, &mut RunContext) -> Result<Outcome, CliError>,
}

/// A showcase of `globopt demo`.
pub struct Showcase {
    /// Directory name under the demo output.
    pub id: &'static str,
    /// Heading on the demo page.
    pub title: &'static str,
    /// A sentence on what is solved and what the certificate says.
    pub about: &'static str,
    /// Build and solve the problem.
    pub run: fn(&mut RunContext) -> Result<Outcome, CliError>,
}

/// Every kind, in the order `globopt list` shows them.
pub fn all() -> Vec<&'static Kind> {
    vec![
        &conic::KIND,
        &gcs::KIND,
        &gcs_trajectory::KIND,
        &random_search::KIND,
        &sampling::FMT_KIND,
        &sampling::GMT_KIND,
        &bayesopt::KIND,
        &psl::KIND,
        &cbo::KIND,
        &balance::KIND,
    ]
}

/// The kind named `name`.
pub fn find(name: &str) -> Option<&'static Kind> {
    all().into_iter().find(|k| k.name == name)
}

/// All kind names.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|k| k.name).collect()
}

/// Solve a loaded spec with its kind; an unknown kind is an input error naming the known ones.
pub fn solve(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let kind = find(doc.kind()).ok_or_else(|| {
        doc.field_error(
            "kind",
            format!(
                "unknown kind `{}`; known kinds: {}",
                doc.kind(),
                names().join(", ")
            ),
        )
    })?;
    (kind.run)(doc, ctx)
}
