//! `kind = "balance"`: chemical reaction balancing (globopt-chem, digest 02): exact integer
//! balances, the certified min-sum answer with its LP bound when a set balances in several
//! ways (with the Hilbert basis of minimal balances), acidic/basic/neutral media, the
//! half-reaction method, checks of written coefficients, and infeasible sets explained.
//!
//! One reaction:
//!
//! ```toml
//! kind = "balance"
//! equation = "MnO4- + Fe+2 = Mn+2 + Fe+3"
//! medium = "acidic"               # or "basic", "neutral"; default none
//! mode = "canonical"              # or "all" (Hilbert basis), "circuits", "half-reaction"
//! # couples = ["MnO4-/Mn+2", "H2O2/O2"]   # the half-reaction method (implies its mode)
//! # check = true                  # verify the coefficients written in the equation
//! ```
//!
//! A batch: `reactions = [{ equation = "...", medium = "...", mode = "...", couples = [...],
//! check = false }, ...]`. Both forms take `[options]`: `tie_break = "lex-hill"`,
//! `max_enumerated = 1_000_000`, `strict_charges`, `abbreviations`, `isotopes`.
//!
//! The report of one reaction is globopt-chem's (`canonical`, `solutions`, `rank`, `nullity`,
//! `species`, `warnings`, ...). A batch report lists every reaction's report under
//! `reactions`; its `objective` is the total coefficient sum of the reactions that balance and
//! its `bound` the total of their proven bounds, so it is `optimal` when every answer is
//! proved; reactions that do not balance are named in `message` (all of them: `infeasible`).

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_chem::plot::{cone_svg, matrix_svg};
use globopt_chem::{
    Balance, BalanceOptions, Medium, Mode, System, TieBreak, balance_observed, parse_equation_with,
};
use globopt_core::{Report, Status, Tolerance};
use serde::Deserialize;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "balance",
    summary: "chemical equations: exact integer balances, certified min-sum with Hilbert basis, media, half-reactions",
    paper: "02 (complete balanced reaction sets)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[
    Showcase {
        id: "chem-ferrocyanide",
        title: "Reaction balancing: potassium ferrocyanide and permanganate (nullity 1)",
        about: "K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O: nine \
                species, eight elements, one balance up to scale. Fraction-free elimination over \
                big integers gives the primitive kernel vector 10, 122, 299 → 162, 5, 122, 60, \
                60, 188; being the only balance, it is certified optimal. The heatmap is the \
                composition matrix.",
        run: ferrocyanide_showcase,
    },
    Showcase {
        id: "chem-permanganate-peroxide",
        title: "Reaction balancing: MnO4- + H2O2 in acid (nullity 2, min-sum vs half-reactions)",
        about: "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O balances in two independent ways. Every \
                balance is a nonnegative combination of the three minimal balances of the \
                Hilbert basis; the least coefficient sum, 2, 1, 6 → 2, 3, 4 (sum 18, proved by \
                exact enumeration; the LP bound is 10.25), is only a convention. The \
                half-reaction method with the couples MnO4-/Mn+2 and H2O2/O2 encodes the \
                chemistry (H2O2 is the reductant) and gives the textbook 2, 5, 6 → 2, 5, 8 = \
                min-sum + 2 × (2 H2O2 → O2 + 2 H2O). The cone plot shows all of them.",
        run: peroxide_showcase,
    },
];

/// Options shared by every reaction of a spec (`[options]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct SpecOptions {
    tie_break: TieBreak,
    max_enumerated: u64,
    strict_charges: bool,
    abbreviations: bool,
    isotopes: bool,
}

impl Default for SpecOptions {
    fn default() -> Self {
        let d = BalanceOptions::default();
        SpecOptions {
            tie_break: d.tie_break,
            max_enumerated: d.max_enumerated,
            strict_charges: d.strict_charges,
            abbreviations: d.abbreviations,
            isotopes: d.isotopes,
        }
    }
}

/// One reaction of a batch.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReactionSpec {
    equation: String,
    #[serde(default)]
    medium: Option<Medium>,
    #[serde(default)]
    mode: Option<Mode>,
    #[serde(default)]
    couples: Vec<String>,
    #[serde(default)]
    check: bool,
}

/// A `balance` spec: one reaction at the top level, or `reactions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BalanceSpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    equation: Option<String>,
    #[serde(default)]
    medium: Option<Medium>,
    #[serde(default)]
    mode: Option<Mode>,
    #[serde(default)]
    couples: Vec<String>,
    #[serde(default)]
    check: bool,
    #[serde(default)]
    reactions: Vec<ReactionSpec>,
    #[serde(default)]
    options: SpecOptions,
}

/// The library options of one reaction: couples imply the half-reaction mode.
fn options_of(r: &ReactionSpec, o: &SpecOptions) -> BalanceOptions {
    let mode = r.mode.unwrap_or(if r.couples.is_empty() {
        Mode::Canonical
    } else {
        Mode::HalfReaction
    });
    BalanceOptions {
        medium: r.medium,
        mode,
        couples: r.couples.clone(),
        check: r.check,
        tie_break: o.tie_break,
        max_enumerated: o.max_enumerated,
        strict_charges: o.strict_charges,
        abbreviations: o.abbreviations,
        isotopes: o.isotopes,
    }
}

/// Balance one equation with the CLI's observer; parse errors and bad options are input
/// errors naming the field under `prefix` (`equation`, `reactions[2].equation`).
pub fn balance_one(
    equation: &str,
    options: &BalanceOptions,
    ctx: &mut RunContext,
    field_error: impl Fn(&str, String) -> CliError,
    prefix: &str,
) -> Result<Report<Balance>, CliError> {
    let name = |f: &str| {
        if prefix.is_empty() {
            f.to_string()
        } else {
            format!("{prefix}.{f}")
        }
    };
    let parse_error = |e: &globopt_chem::ChemError| {
        let caret = e
            .caret(equation)
            .map(|c| format!("\n  {}", c.replace('\n', "\n  ")))
            .unwrap_or_default();
        field_error(&name("equation"), format!("{e}{caret}"))
    };
    let eq =
        parse_equation_with(equation, &options.parse_options()).map_err(|e| parse_error(&e))?;
    balance_observed(&eq, options, &mut ctx.observer).map_err(|e| match &e {
        globopt_chem::ChemError::Parse { .. } => parse_error(&e),
        globopt_chem::ChemError::InvalidOption { field, message } => {
            field_error(&name(field), message.clone())
        }
        globopt_chem::ChemError::Couple { .. } => field_error(&name("couples"), e.to_string()),
        _ => CliError::Internal(e.to_string()),
    })
}

/// The plots of one balance: the composition matrix, and the cone when the nullity is 2.
pub fn plots_of(
    equation: &str,
    options: &BalanceOptions,
    report: &Report<Balance>,
    suffix: &str,
) -> Result<Vec<(String, String, String)>, CliError> {
    let plot_err = |e: globopt_chem::ChemError| CliError::Internal(e.to_string());
    let mut plots = Vec::new();
    if let Some(b) = report.solution.as_ref() {
        plots.push((
            format!("matrix{suffix}.svg"),
            format!("Composition matrix of {equation}"),
            matrix_svg(&b.system).map_err(plot_err)?,
        ));
        if b.nullity == 2 {
            plots.push((
                format!("cone{suffix}.svg"),
                format!("Solution cone of {equation}"),
                cone_svg(b).map_err(plot_err)?,
            ));
        }
    } else if let Ok(eq) = parse_equation_with(equation, &options.parse_options()) {
        plots.push((
            format!("matrix{suffix}.svg"),
            format!("Composition matrix of {equation}"),
            matrix_svg(&System::new(&eq, options.medium)).map_err(plot_err)?,
        ));
    }
    Ok(plots)
}

fn run(doc: &SpecDoc, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: BalanceSpec = doc.parse()?;
    let field_error = |f: &str, m: String| doc.field_error(f, m);
    match (&spec.equation, spec.reactions.is_empty()) {
        (Some(equation), true) => {
            let r = ReactionSpec {
                equation: equation.clone(),
                medium: spec.medium,
                mode: spec.mode,
                couples: spec.couples.clone(),
                check: spec.check,
            };
            let options = options_of(&r, &spec.options);
            // top-level fields: name them without a prefix
            let report = balance_one(equation, &options, ctx, field_error, "")?;
            let mut outcome = Outcome::new(&report);
            for (file, title, svg) in plots_of(equation, &options, &report, "")? {
                outcome = outcome.with_plot(&file, &title, svg);
            }
            Ok(outcome)
        }
        (None, false) => {
            if spec.medium.is_some()
                || spec.mode.is_some()
                || !spec.couples.is_empty()
                || spec.check
            {
                return Err(doc.field_error(
                    "reactions",
                    "with `reactions`, give medium, mode, couples and check per reaction",
                ));
            }
            batch(doc, &spec, ctx)
        }
        (Some(_), false) => Err(doc.field_error(
            "reactions",
            "give either `equation` (one reaction) or `reactions` (a batch), not both",
        )),
        (None, true) => Err(doc.field_error(
            "equation",
            "missing: give `equation` (one reaction) or `reactions` (a batch)",
        )),
    }
}

/// Balance every reaction of a batch and combine the reports (see the module documentation).
fn batch(doc: &SpecDoc, spec: &BalanceSpec, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let mut reports = Vec::new();
    let mut plots = Vec::new();
    let (mut objective, mut bound) = (0.0, 0.0);
    let (mut unbalanced, mut stopped) = (Vec::new(), Vec::new());
    let mut all_bounded = true;
    for (i, r) in spec.reactions.iter().enumerate() {
        let options = options_of(r, &spec.options);
        let field = format!("reactions[{i}]");
        let report = balance_one(
            &r.equation,
            &options,
            ctx,
            |f, m| doc.field_error(f, m),
            &field,
        )?;
        match report.status() {
            Status::Infeasible => unbalanced.push(format!(
                "reactions[{i}] ({}): {}",
                r.equation,
                report.message.clone().unwrap_or_default()
            )),
            Status::BudgetExhausted | Status::Error => stopped.push(format!(
                "reactions[{i}] ({}): {}",
                r.equation,
                report.message.clone().unwrap_or_default()
            )),
            _ => {}
        }
        if let Some(o) = report.objective() {
            objective += o;
            match report.bound() {
                Some(b) => bound += b,
                None => all_bounded = false,
            }
        }
        for (file, title, svg) in plots_of(&r.equation, &options, &report, &format!("-{i}"))? {
            plots.push((file, title, svg));
        }
        reports.push(report.to_json());
    }
    let balanced = reports.len() - unbalanced.len() - stopped.len();
    let mut report: Report<Vec<serde_json::Value>> = if balanced == 0 && stopped.is_empty() {
        Report::infeasible("balance", unbalanced.join("; "))
    } else {
        let answers: Vec<serde_json::Value> =
            reports.iter().map(|r| r["canonical"].clone()).collect();
        let r = Report::feasible("balance", answers, objective);
        let r = if all_bounded {
            r.certify(bound, Tolerance::default())
        } else {
            r
        };
        let r = if stopped.is_empty() {
            r
        } else {
            r.budget_exhausted(stopped.join("; "))
        };
        if unbalanced.is_empty() {
            r
        } else {
            let prefix = r
                .message
                .clone()
                .map(|m| format!("{m}; "))
                .unwrap_or_default();
            r.with_message(format!(
                "{prefix}{} of {} reactions do not balance: {}",
                unbalanced.len(),
                reports.len(),
                unbalanced.join("; ")
            ))
        }
    };
    for (i, r) in reports.iter().enumerate() {
        if let Some(ws) = r["warnings"].as_array() {
            report.warnings.extend(
                ws.iter()
                    .filter_map(|w| w.as_str())
                    .map(|w| format!("reactions[{i}]: {w}")),
            );
        }
    }
    let report = report
        .with_detail("count", reports.len())
        .with_detail("balanced", balanced)
        .with_detail("reactions", &reports);
    let mut outcome = Outcome::new(&report);
    for (file, title, svg) in plots {
        outcome = outcome.with_plot(&file, &title, svg);
    }
    Ok(outcome)
}

fn showcase(text: &str, ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let doc = SpecDoc::from_text(
        "showcase.toml",
        text,
        crate::spec::Format::Toml,
        std::path::Path::new("."),
    )?;
    run(&doc, ctx)
}

fn ferrocyanide_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    showcase(
        "kind = \"balance\"\nequation = \"K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O\"\n",
        ctx,
    )
}

fn peroxide_showcase(ctx: &mut RunContext) -> Result<Outcome, CliError> {
    showcase(
        "kind = \"balance\"\nequation = \"MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O\"\ncouples = [\"MnO4-/Mn+2\", \"H2O2/O2\"]\n",
        ctx,
    )
}
