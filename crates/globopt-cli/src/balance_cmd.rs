//! `globopt balance "EQUATION"`: balance a chemical equation (globopt-chem, digest 02) and
//! print it in the user's spelling, or the full report with `--json`.
//!
//! ```text
//! globopt balance "KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O"
//! globopt balance "MnO4- + Fe+2 = Mn+2 + Fe+3" --medium acidic --pretty
//! globopt balance "C + O2 = CO + CO2" --all
//! globopt balance "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O" --couple MnO4-/Mn+2 --couple H2O2/O2
//! globopt balance --check "2 H2 + O2 = 2 H2O"
//! ```
//!
//! Exit 0 for every answer, including "does not balance" and a failed `--check` (the text and
//! the JSON say which); 1 for malformed input (the message points at the column).

use crate::error::CliError;
use crate::kinds::RunContext;
use crate::kinds::balance::balance_one;
use clap::{Args, ValueEnum};
use globopt_chem::plot::{cone_svg, matrix_svg};
use globopt_chem::{
    Balance, BalanceOptions, Medium, Mode, SolutionKind, System, parse_equation_with,
};
use globopt_core::{Report, Status};
use std::path::PathBuf;

/// The media of `--medium`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MediumArg {
    /// Adds H+ and H2O, free-sided.
    Acidic,
    /// Adds OH- and H2O, free-sided.
    Basic,
    /// Adds H2O, free-sided.
    Neutral,
}

impl From<MediumArg> for Medium {
    fn from(m: MediumArg) -> Medium {
        match m {
            MediumArg::Acidic => Medium::Acidic,
            MediumArg::Basic => Medium::Basic,
            MediumArg::Neutral => Medium::Neutral,
        }
    }
}

/// Flags of `globopt balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// The equation, quoted: species separated by ` + `, sides by `=`, `->`, `→` or `<=>`;
    /// charges as `Fe+3`, `Fe^3+`, `Fe{3+}`, `OH-`; hydrates `CuSO4·5H2O`; electrons `e-`.
    pub equation: String,
    /// Add the medium's species (free-sided: the balance decides their side).
    #[arg(long, value_enum)]
    pub medium: Option<MediumArg>,
    /// List every minimal balance with the sides as written (the Hilbert basis).
    #[arg(long)]
    pub all: bool,
    /// List every elementary reaction among the species, sides ignored (the circuits); the
    /// Hilbert basis is listed beside them, so `--all --circuits` gives both lists.
    #[arg(long)]
    pub circuits: bool,
    /// A redox couple `A/B` for the half-reaction method (A consumed, B produced); give two.
    #[arg(long = "couple", value_name = "A/B")]
    pub couples: Vec<String>,
    /// Verify the coefficients written in the equation instead of trusting them.
    #[arg(long)]
    pub check: bool,
    /// Print the full report as JSON.
    #[arg(long)]
    pub json: bool,
    /// With --json, print it on one line.
    #[arg(long)]
    pub compact: bool,
    /// Unicode subscripts, superscripts and arrows in the text (`MnO₄⁻ + … → …`).
    #[arg(long)]
    pub pretty: bool,
    /// Write the solution cone (nullity 2) as SVG to this file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write the composition-matrix heatmap as SVG to this file.
    #[arg(long, value_name = "FILE")]
    pub matrix_svg: Option<PathBuf>,
    /// Budget of subsets and lattice points the enumerations may examine.
    #[arg(long, value_name = "N")]
    pub max_enumerated: Option<u64>,
    /// Reject the ambiguous `Fe3+` charge form instead of reading it with a warning.
    #[arg(long)]
    pub strict_charges: bool,
    /// Accept the abbreviations Me, Et, Ph, Bu.
    #[arg(long)]
    pub abbrev: bool,
    /// Accept isotope labels D, T and [13C].
    #[arg(long)]
    pub isotopes: bool,
}

impl BalanceArgs {
    fn options(&self) -> BalanceOptions {
        let defaults = BalanceOptions::default();
        let mode = if !self.couples.is_empty() {
            Mode::HalfReaction
        } else if self.circuits {
            Mode::Circuits
        } else if self.all {
            Mode::All
        } else {
            Mode::Canonical
        };
        BalanceOptions {
            medium: self.medium.map(Medium::from),
            mode,
            couples: self.couples.clone(),
            check: self.check,
            max_enumerated: self.max_enumerated.unwrap_or(defaults.max_enumerated),
            strict_charges: self.strict_charges,
            abbreviations: self.abbrev,
            isotopes: self.isotopes,
            ..defaults
        }
    }
}

/// Run `globopt balance`; returns the exit code.
pub fn run(args: &BalanceArgs, ctx: &mut RunContext) -> Result<i32, CliError> {
    let options = args.options();
    let flag = |field: &str| match field {
        "couples" => "--couple".to_string(),
        "max_enumerated" => "--max-enumerated".to_string(),
        other => other.to_string(),
    };
    let report = balance_one(
        &args.equation,
        &options,
        ctx,
        |f, m| CliError::Input(format!("globopt balance: {}: {m}", flag(f))),
        "",
    )?;
    write_plots(args, &options, &report)?;
    if args.json {
        let v = report.to_json();
        let text = if args.compact {
            serde_json::to_string(&v)
        } else {
            serde_json::to_string_pretty(&v)
        }
        .map_err(|e| CliError::Internal(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", text_of(&report, args));
        for w in &report.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(if report.status().is_answer() { 0 } else { 2 })
}

fn write_plots(
    args: &BalanceArgs,
    options: &BalanceOptions,
    report: &Report<Balance>,
) -> Result<(), CliError> {
    let write = |path: &PathBuf, svg: String| {
        std::fs::write(path, svg)
            .map_err(|e| CliError::Internal(format!("{}: cannot write: {e}", path.display())))
    };
    let plot_err = |e: globopt_chem::ChemError| CliError::Internal(e.to_string());
    if let Some(path) = &args.svg {
        match report.solution.as_ref() {
            Some(b) if b.nullity == 2 => write(path, cone_svg(b).map_err(plot_err)?)?,
            Some(b) => eprintln!(
                "note: no cone plot: the cone is drawn for nullity 2, this set has nullity {}",
                b.nullity
            ),
            None => eprintln!("note: no cone plot: nothing balances"),
        }
    }
    if let Some(path) = &args.matrix_svg {
        let eq = parse_equation_with(&args.equation, &options.parse_options())
            .map_err(|e| CliError::Input(format!("globopt balance: {e}")))?;
        write(
            path,
            matrix_svg(&System::new(&eq, options.medium)).map_err(plot_err)?,
        )?;
    }
    Ok(())
}

/// The answer as text: the balanced equation, then what the mode lists, then the check.
fn text_of(report: &Report<Balance>, args: &BalanceArgs) -> String {
    let mut out = String::new();
    let Some(b) = report.solution.as_ref() else {
        let status = report.status();
        let reason = report.message.clone().unwrap_or_default();
        if status == Status::Infeasible {
            out.push_str(&format!("does not balance: {reason}\n"));
        } else {
            out.push_str(&format!("{status}: {reason}\n"));
        }
        if let Some(list) = report.detail("suggestions").and_then(|v| v.as_array()) {
            for s in list.iter().filter_map(|s| s.as_str()) {
                out.push_str(&format!("  consider: {s}\n"));
            }
        }
        if let Some(listed) = report.detail("solutions").and_then(|v| v.as_array()) {
            if !listed.is_empty() {
                out.push_str("elementary reactions among these species (sides ignored):\n");
            }
            for s in listed {
                out.push_str(&format!("  {}\n", s["text"].as_str().unwrap_or("")));
            }
        }
        check_lines(report, &mut out);
        return out;
    };
    let show = |s: &globopt_chem::Solution| {
        if args.pretty {
            b.pretty_text(s)
        } else {
            s.text.clone()
        }
    };
    if let Some(a) = b.answer() {
        out.push_str(&format!("{}\n", show(a)));
    }
    if report.status() != Status::Optimal {
        out.push_str(&format!(
            "status: {} ({})\n",
            report.status(),
            report.message.clone().unwrap_or_default()
        ));
    }
    for h in &b.half_reactions {
        out.push_str(&format!(
            "  half-reaction {} (× {}): {}\n",
            h.couple, h.multiplier, h.text
        ));
    }
    let list = |kind: SolutionKind, heading: &str, out: &mut String| {
        let items: Vec<String> = b
            .solutions
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| format!("  {}\n", show(s)))
            .collect();
        if !items.is_empty() {
            out.push_str(heading);
            out.extend(items);
        }
    };
    if let Some(m) = b
        .solutions
        .iter()
        .find(|s| s.kind == SolutionKind::Canonical)
        && b.answer()
            .is_some_and(|a| a.kind == SolutionKind::HalfReaction)
    {
        out.push_str(&format!(
            "least coefficient sum (a convention): {}\n",
            show(m)
        ));
    }
    if b.nullity >= 2 || args.all {
        list(
            SolutionKind::Hilbert,
            "minimal balances (Hilbert basis; every balance is a nonnegative combination):\n",
            &mut out,
        );
    }
    list(
        SolutionKind::Circuit,
        "elementary reactions among these species (sides ignored):\n",
        &mut out,
    );
    check_lines(report, &mut out);
    out
}

fn check_lines(report: &Report<Balance>, out: &mut String) {
    if let Some(c) = report.detail("check") {
        let balanced = c["balanced"].as_bool().unwrap_or(false);
        if balanced {
            out.push_str("check: the given coefficients are balanced");
            if c["gcd"].as_i64().is_some_and(|g| g > 1) {
                out.push_str(&format!(" (divisible by {})", c["gcd"]));
            }
            out.push('\n');
        } else {
            let rows: Vec<String> = c["residuals"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .map(|r| {
                            format!(
                                "{} {} on the left, {} on the right",
                                r["row"].as_str().unwrap_or(""),
                                r["reactants"],
                                r["products"]
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "check: the given coefficients are NOT balanced: {}\n",
                rows.join("; ")
            ));
        }
    }
}
