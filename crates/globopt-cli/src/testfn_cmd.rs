//! `globopt testfn`: list, evaluate and plot the standard test problems (shared digest 00).

use crate::error::CliError;
use globopt_core::plot::{Axes, Series, Style, chart, heatmap};
use globopt_core::testfn::{
    Convention, MULTI_OBJECTIVE_NAMES, SINGLE_OBJECTIVE_NAMES, multi_objective, single_objective,
};
use serde_json::json;

/// The table of problems: domain, f*, x* and, for multi-objective ones, reference points and
/// true-front hypervolumes.
pub fn list(as_json: bool) -> Result<String, CliError> {
    let mut rows = Vec::new();
    for name in SINGLE_OBJECTIVE_NAMES {
        let f = single_objective(name)?;
        rows.push(json!({
            "name": f.name(), "objectives": 1, "dim": f.dim(), "bounds": f.bounds().pairs(),
            "f_star": f.f_star(), "x_star": f.x_star(),
        }));
    }
    for name in MULTI_OBJECTIVE_NAMES {
        let p = multi_objective(name)?;
        let refs: Vec<_> = [Convention::Botorch, Convention::Unit]
            .iter()
            .filter_map(|c| p.ref_point(*c))
            .map(|r| json!({"ref": r, "max_hv": p.max_hv(&r)}))
            .collect();
        rows.push(json!({
            "name": p.name(), "objectives": p.n_obj(), "dim": p.n_var(), "bounds": "unit box",
            "reference_points": refs,
        }));
    }
    if as_json {
        return Ok(serde_json::to_string_pretty(&rows).unwrap_or_default());
    }
    let mut s = format!(
        "{:<22} {:>4} {:>4}  {:<28} {}\n",
        "name", "M", "dim", "f* / max HV", "domain"
    );
    for r in &rows {
        let opt = if r["objectives"] == 1 {
            format!("{}", r["f_star"])
        } else {
            r["reference_points"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| format!("{} @ {}", x["max_hv"], x["ref"][0]))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let dom = if r["bounds"].is_array() {
            let b = &r["bounds"][0];
            format!("[{}, {}]^d", b[0], b[1])
        } else {
            "[0, 1]^n".to_string()
        };
        s.push_str(&format!(
            "{:<22} {:>4} {:>4}  {:<28} {}\n",
            r["name"].as_str().unwrap_or(""),
            r["objectives"],
            r["dim"],
            opt,
            dom
        ));
    }
    Ok(s)
}

/// Evaluate a problem at a point; single- or multi-objective by name.
pub fn eval(name: &str, x: &[f64], as_json: bool) -> Result<String, CliError> {
    let values: Vec<f64> = match single_objective(name) {
        Ok(f) => {
            if x.len() != f.dim() {
                return Err(CliError::Input(format!(
                    "{}: needs {} coordinates, got {}",
                    f.name(),
                    f.dim(),
                    x.len()
                )));
            }
            vec![f.eval(x)]
        }
        Err(_) => {
            let p = multi_objective(name)?;
            if x.len() != p.n_var() {
                return Err(CliError::Input(format!(
                    "{}: needs {} coordinates, got {}",
                    p.name(),
                    p.n_var(),
                    x.len()
                )));
            }
            p.eval(x)
        }
    };
    Ok(if as_json {
        json!({"name": name, "x": x, "f": values}).to_string()
    } else {
        values
            .iter()
            .map(|v| format!("{v:.15}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// An SVG: a heatmap with the minimizers for 2-D functions, the true front for
/// two-objective problems.
pub fn plot(name: &str) -> Result<String, CliError> {
    if let Ok(f) = single_objective(name) {
        if f.dim() != 2 {
            return Err(CliError::Input(format!(
                "{}: only 2-D functions can be plotted; try `{}:2`",
                f.name(),
                name.split(':').next().unwrap_or(name)
            )));
        }
        let b = f.bounds();
        let mins: Vec<(f64, f64)> = f.x_star().iter().map(|x| (x[0], x[1])).collect();
        return Ok(heatmap(
            &Axes::new(&format!("{} (log colour scale)", f.name()), "x1", "x2"),
            &|x, y| f.eval(&[x, y]),
            (b.lower()[0], b.upper()[0]),
            (b.lower()[1], b.upper()[1]),
            120,
            true,
            &[Series::new("global minimizers", mins, Style::Highlight, 1)],
        )?);
    }
    let p = multi_objective(name)?;
    if p.n_obj() != 2 {
        return Err(CliError::Input(format!(
            "{}: only two-objective fronts can be plotted",
            p.name()
        )));
    }
    let front: Vec<(f64, f64)> = p.true_front(400).iter().map(|f| (f[0], f[1])).collect();
    Ok(chart(
        &Axes::new(&format!("{}: true Pareto front", p.name()), "f1", "f2"),
        &[Series::new("true front", front, Style::Points, 0)],
        None,
        None,
    )?)
}
