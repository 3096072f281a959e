//! `kind = "conic"`: a linear, quadratic, second-order, exponential, power or PSD cone
//! program written with named variables, solved by Clarabel through `globopt-conic`; the
//! certificate is the dual objective.
//!
//! ```toml
//! kind = "conic"
//! maximize = true                    # optional, default false
//! variables = ["x", "y"]
//! objective = { x = 3.0, y = 5.0 }   # coefficients; the key "constant" is the constant term
//! squares = [{ expr = { x = 1.0, constant = -1.0 }, weight = 1.0 }]   # optional, weight·(expr)²
//!
//! [[constraints]]                    # linear form: expr ≤ le, expr ≥ ge, expr = eq
//! name = "plant 3"
//! expr = { x = 3.0, y = 2.0 }
//! le = 18.0
//!
//! [[constraints]]                    # cone form: (rows...) ∈ cone
//! cone = "second_order"              # zero | nonnegative | second_order | exponential | power | psd
//! rows = [{ constant = 5.0 }, { x = 1.0 }, { y = 1.0 }]
//! # alpha = 0.5 for the power cone; n = 2 for a psd cone (rows: upper triangle, column-major)
//!
//! [settings]                         # optional, globopt_conic::Settings
//! tol_gap_rel = 1e-8
//! ```

use super::{Kind, RunContext, Showcase};
use crate::error::CliError;
use crate::outcome::Outcome;
use crate::spec::SpecDoc;
use globopt_conic::{AffExpr, Cone, ConstraintRef, Model, Settings, Solution, Var, forms};
use globopt_core::plot::{Axes, Series, Style, chart};
use globopt_core::rng::seeded;
use globopt_core::{Report, Tolerance};
use rand::Rng;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The kind's entry in the registry.
pub const KIND: Kind = Kind {
    name: "conic",
    summary: "LP / QP / SOCP / exponential / power / SDP with named variables (Clarabel), dual bound as certificate",
    paper: "— (foundation)",
    run,
};

/// The showcases of this kind in `globopt demo`.
pub const SHOWCASES: &[Showcase] = &[Showcase {
    id: "conic-enclosing-circle",
    title: "Smallest enclosing circle (second-order cone program)",
    about: "The smallest circle containing 40 random points, as an SOCP: minimize r subject to \
            ‖p_i − c‖ ≤ r. The dual objective proves the radius optimal; the points with a \
            positive dual weight are the ones that hold the circle in place.",
    run: enclosing_circle_showcase,
}];

/// An affine expression as written in a spec: variable name → coefficient, plus `constant`.
type ExprSpec = BTreeMap<String, f64>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SquareSpec {
    expr: ExprSpec,
    #[serde(default = "one")]
    weight: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConstraintSpec {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    expr: Option<ExprSpec>,
    #[serde(default)]
    le: Option<f64>,
    #[serde(default)]
    ge: Option<f64>,
    #[serde(default)]
    eq: Option<f64>,
    #[serde(default)]
    cone: Option<String>,
    #[serde(default)]
    rows: Option<Vec<ExprSpec>>,
    #[serde(default)]
    alpha: Option<f64>,
    #[serde(default)]
    n: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConicSpec {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    maximize: bool,
    variables: Vec<String>,
    objective: ExprSpec,
    #[serde(default)]
    squares: Vec<SquareSpec>,
    #[serde(default)]
    constraints: Vec<ConstraintSpec>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    tolerance: Tolerance,
}

/// Build the expression `Σ coef·var + constant`, naming the field of any unknown variable or
/// non-finite coefficient.
fn expr(
    doc: &SpecDoc,
    field: &str,
    spec: &ExprSpec,
    vars: &BTreeMap<&str, Var>,
) -> Result<AffExpr, CliError> {
    let mut e = AffExpr::zero();
    for (name, &coef) in spec {
        if !coef.is_finite() {
            return Err(doc.field_error(
                &format!("{field}.{name}"),
                format!("{coef} is not a finite number"),
            ));
        }
        if name == "constant" {
            e += coef;
            continue;
        }
        let v = vars.get(name.as_str()).ok_or_else(|| {
            doc.field_error(
                field,
                format!(
                    "unknown variable `{name}` (declared: {})",
                    vars.keys().copied().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        e.add_term(*v, coef);
    }
    Ok(e)
}

fn parse_cone(
    doc: &SpecDoc,
    field: &str,
    c: &ConstraintSpec,
    size: usize,
) -> Result<Cone, CliError> {
    let name = c.cone.as_deref().unwrap_or("nonnegative");
    Ok(match name {
        "zero" => Cone::Zero,
        "nonnegative" => Cone::Nonnegative,
        "second_order" | "soc" => Cone::SecondOrder,
        "exponential" | "exp" => Cone::Exponential,
        "power" => Cone::Power(c.alpha.ok_or_else(|| {
            doc.field_error(
                &format!("{field}.alpha"),
                "a power cone needs `alpha` in (0, 1)",
            )
        })?),
        "psd" => {
            let n = c.n.ok_or_else(|| {
                doc.field_error(
                    &format!("{field}.n"),
                    "a psd cone needs the matrix size `n`",
                )
            })?;
            if n * (n + 1) / 2 != size {
                return Err(doc.field_error(
                    &format!("{field}.rows"),
                    format!(
                        "a {n}×{n} psd cone takes {} rows (upper triangle), got {size}",
                        n * (n + 1) / 2
                    ),
                ));
            }
            Cone::Psd(n)
        }
        other => {
            return Err(doc.field_error(
                &format!("{field}.cone"),
                format!("unknown cone `{other}`; use zero, nonnegative, second_order, exponential, power or psd"),
            ));
        }
    })
}

fn run(doc: &SpecDoc, _ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let spec: ConicSpec = doc.parse()?;
    if spec.variables.is_empty() {
        return Err(doc.field_error("variables", "declare at least one variable"));
    }
    spec.settings
        .validate()
        .map_err(|e| doc.field_error("settings", e))?;
    let mut model = Model::new();
    let mut vars = BTreeMap::new();
    for (i, name) in spec.variables.iter().enumerate() {
        if name == "constant" {
            return Err(doc.field_error(
                &format!("variables[{i}]"),
                "`constant` is reserved for constant terms",
            ));
        }
        if vars.insert(name.as_str(), model.add_var()).is_some() {
            return Err(doc.field_error(
                &format!("variables[{i}]"),
                format!("`{name}` is declared twice"),
            ));
        }
    }
    let objective = expr(doc, "objective", &spec.objective, &vars)?;
    let sign = if spec.maximize { -1.0 } else { 1.0 };
    model.minimize(objective * sign);
    for (i, sq) in spec.squares.iter().enumerate() {
        let field = format!("squares[{i}]");
        if !(sq.weight.is_finite() && sq.weight >= 0.0) {
            return Err(doc.field_error(
                &format!("{field}.weight"),
                "must be a finite number ≥ 0 (a negative weight is not convex)",
            ));
        }
        if spec.maximize {
            return Err(doc.field_error(
                &field,
                "squares are convex only when minimizing; drop `maximize`",
            ));
        }
        let e = expr(doc, &format!("{field}.expr"), &sq.expr, &vars)?;
        model.add_objective_square(&e, sq.weight);
    }
    let mut refs: Vec<(String, ConstraintRef)> = Vec::new();
    for (i, c) in spec.constraints.iter().enumerate() {
        let field = format!("constraints[{i}]");
        let label = c.name.clone().unwrap_or_else(|| field.clone());
        match (&c.expr, &c.rows) {
            (Some(e), None) => {
                let e = expr(doc, &format!("{field}.expr"), e, &vars)?;
                let sides = [c.le, c.ge, c.eq];
                if sides.iter().filter(|s| s.is_some()).count() == 0 {
                    return Err(
                        doc.field_error(&field, "a linear constraint needs `le`, `ge` or `eq`")
                    );
                }
                for (key, v) in [("le", c.le), ("ge", c.ge), ("eq", c.eq)] {
                    let Some(v) = v else { continue };
                    if !v.is_finite() {
                        return Err(doc.field_error(
                            &format!("{field}.{key}"),
                            format!("{v} is not a finite number"),
                        ));
                    }
                    let (cone, row) = match key {
                        "le" => (Cone::Nonnegative, AffExpr::constant(v) - e.clone()),
                        "ge" => (Cone::Nonnegative, e.clone() - v),
                        _ => (Cone::Zero, e.clone() - v),
                    };
                    refs.push((
                        format!("{label} ({key})"),
                        model.add_constraint(cone, vec![row], label.clone()),
                    ));
                }
            }
            (None, Some(rows)) => {
                if rows.is_empty() {
                    return Err(doc.field_error(&format!("{field}.rows"), "has no rows"));
                }
                let exprs = rows
                    .iter()
                    .enumerate()
                    .map(|(r, row)| expr(doc, &format!("{field}.rows[{r}]"), row, &vars))
                    .collect::<Result<Vec<_>, _>>()?;
                let cone = parse_cone(doc, &field, c, exprs.len())?;
                if let Some(k) = cone.fixed_size()
                    && k != exprs.len()
                {
                    return Err(doc.field_error(
                        &format!("{field}.rows"),
                        format!("a {} cone takes {k} rows, got {}", cone.name(), exprs.len()),
                    ));
                }
                if let Cone::Power(a) = cone
                    && !(a > 0.0 && a < 1.0)
                {
                    return Err(
                        doc.field_error(&format!("{field}.alpha"), format!("{a} is not in (0, 1)"))
                    );
                }
                refs.push((label.clone(), model.add_constraint(cone, exprs, label)));
            }
            _ => {
                return Err(doc.field_error(
                    &field,
                    "give either `expr` with `le`/`ge`/`eq`, or `cone` with `rows`",
                ));
            }
        }
    }
    let solution = model
        .solve(&spec.settings)
        .map_err(|e| CliError::Input(format!("{}: {e}", doc.name())))?;
    let names: Vec<&str> = spec.variables.iter().map(String::as_str).collect();
    Ok(outcome(
        &solution,
        &names,
        &refs,
        spec.maximize,
        spec.tolerance,
    ))
}

/// The report of a conic solve: named variable values as the solution, duals per constraint,
/// and a chart of the primal and dual objectives closing in over the iterations.
fn outcome(
    solution: &Solution,
    names: &[&str],
    refs: &[(String, ConstraintRef)],
    maximize: bool,
    tolerance: Tolerance,
) -> Outcome {
    let report: Report<BTreeMap<String, f64>> = solution
        .report("conic", tolerance)
        .map_solution(|x| names.iter().map(|n| n.to_string()).zip(x).collect());
    let mut report = report.with_detail("sense", if maximize { "maximize" } else { "minimize" });
    if maximize && let Some(v) = report.objective() {
        report.set_detail("value", -v);
    }
    if report.solution.is_some() {
        let duals: BTreeMap<String, Vec<f64>> = refs
            .iter()
            .map(|(n, r)| (n.clone(), solution.dual(*r).to_vec()))
            .collect();
        report.set_detail("duals", duals);
    }
    let mut out = Outcome::new(&report);
    if let Some(svg) = iterates_chart(solution) {
        out = out.with_plot(
            "iterations.svg",
            "Primal and dual objective per interior-point iteration",
            svg,
        );
    }
    out
}

/// Primal objective (an upper bound once feasible) and dual objective (a lower bound) over
/// the interior-point iterations, on a log scale of their distance to the final value.
fn iterates_chart(s: &Solution) -> Option<String> {
    if s.iterates.is_empty() {
        return None;
    }
    let fin = s.objective;
    let dist = |v: f64| (v - fin).abs().max(1e-12);
    let primal = s
        .iterates
        .iter()
        .map(|it| (f64::from(it.iteration), dist(it.primal)))
        .collect();
    let dual = s
        .iterates
        .iter()
        .map(|it| (f64::from(it.iteration), dist(it.dual)))
        .collect();
    chart(
        &Axes::new(
            "Closing the duality gap",
            "iteration",
            "|objective − final primal|",
        )
        .log_y(),
        &[
            Series::new("primal objective", primal, Style::Line, 0),
            Series::new("dual objective (bound)", dual, Style::Line, 1),
        ],
        None,
        None,
    )
    .ok()
}

/// Smallest circle enclosing 40 seeded random points: minimize r s.t. ‖p_i − c‖ ≤ r.
fn enclosing_circle_showcase(_ctx: &mut RunContext) -> Result<Outcome, CliError> {
    let mut rng = seeded(7);
    let pts: Vec<(f64, f64)> = (0..40)
        .map(|_| {
            let (u, v): (f64, f64) = (rng.random(), rng.random());
            (4.0 * u - 2.0 + 0.5 * v, 3.0 * v - 1.5)
        })
        .collect();
    let mut m = Model::new();
    let (cx, cy, r) = (m.add_var(), m.add_var(), m.add_var());
    m.minimize(r);
    let refs: Vec<(String, ConstraintRef)> = pts
        .iter()
        .enumerate()
        .map(|(i, &(px, py))| {
            (
                format!("point {i}"),
                forms::norm_le(&mut m, &[px - cx, py - cy], r.into()),
            )
        })
        .collect();
    let s = m
        .solve(&Settings::default())
        .map_err(|e| CliError::Internal(e.to_string()))?;
    let mut out = outcome(&s, &["cx", "cy", "r"], &refs, false, Tolerance::default());
    let (c0, c1, rad) = (s.var(cx), s.var(cy), s.var(r));
    let circle: Vec<(f64, f64)> = (0..=120)
        .map(|k| {
            let t = 2.0 * std::f64::consts::PI * f64::from(k) / 120.0;
            (c0 + rad * t.cos(), c1 + rad * t.sin())
        })
        .collect();
    let support: Vec<(f64, f64)> = refs
        .iter()
        .zip(&pts)
        .filter(|((_, cr), _)| s.dual(*cr)[0] > 1e-4)
        .map(|(_, &p)| p)
        .collect();
    let svg = chart(
        &Axes::new(&format!("Optimal radius {rad:.6}"), "x", "y")
            .equal_aspect()
            .sized(640, 560),
        &[
            Series::new("points", pts.clone(), Style::Points, 0),
            Series::new("support points (dual > 0)", support, Style::Highlight, 1),
            Series::new("enclosing circle", circle, Style::Polygon, 2),
            Series::new("centre", vec![(c0, c1)], Style::Highlight, 6),
        ],
        None,
        None,
    )
    .map_err(|e| CliError::Internal(e.to_string()))?;
    out = out.with_plot(
        "circle.svg",
        "Points, the optimal circle, and the points whose duals certify it",
        svg,
    );
    Ok(out)
}
