//! `globopt perception-impact SPEC.json`: the planning-aware perception metric TIP (shared
//! digest 29) of a perceived world against the true one, over the actions a planner (GMT*,
//! GCS or explicit paths) offers. See `globopt_sampling::tip::spec` for the JSON format.

use crate::error::CliError;
use crate::kinds::RunContext;
use crate::outcome::Outcome;
use globopt_sampling::SamplingError;
use globopt_sampling::tip::plot::{false_positive_svg, scene_svg};
use globopt_sampling::tip::spec::TipSpec;
use globopt_sampling::tip::tip_score;
use std::path::Path;

/// Load, score and draw a spec; input errors name the file and field.
pub fn run(path: &Path, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("{}: cannot read the spec: {e}", path.display())))?;
    let spec: TipSpec = serde_json::from_str(&text).map_err(|e| {
        CliError::Input(format!(
            "{}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let input = |e: SamplingError| CliError::Input(format!("{}: {e}", path.display()));
    let (problem, opts) = spec.build().map_err(input)?;
    let report = tip_score(&problem, &opts, &mut ctx.observer).map_err(input)?;
    let mut out = Outcome::new(&report);
    if let Some(sol) = &report.solution {
        let title = format!(
            "TIP = {:.4} (a* = {}, â = {}, regret {:.4})",
            sol.tip, sol.a_star, sol.a_hat, sol.regret
        );
        let svg =
            scene_svg(&problem, sol, &title).map_err(|e| CliError::Internal(e.to_string()))?;
        out = out.with_plot(
            "scene.svg",
            "True objects (solid), perceived (dashed), actions coloured by Δξ; a* green, â red",
            svg,
        );
        if let Some(svg) =
            false_positive_svg(&problem, sol).map_err(|e| CliError::Internal(e.to_string()))?
        {
            out = out.with_plot(
                "false_positives.svg",
                "TIP of a phantom object at each cell",
                svg,
            );
        }
    }
    Ok(out)
}
