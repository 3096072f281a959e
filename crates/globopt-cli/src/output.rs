//! Writing outcomes: `report.json`, the SVG plots, extra files, and an HTML page that puts
//! the certificate and the plots together.

use crate::error::CliError;
use crate::outcome::Outcome;
use serde_json::Value;
use std::path::Path;

fn io_err(path: &Path, e: std::io::Error) -> CliError {
    CliError::Internal(format!("{}: cannot write: {e}", path.display()))
}

/// Write `report.json`, every plot, every extra file and `index.html` into `dir` (created if
/// needed).
pub fn write_outcome(
    dir: &Path,
    outcome: &Outcome,
    title: &str,
    about: &str,
) -> Result<(), CliError> {
    write_files(dir, outcome)?;
    let page = page(title, &section(outcome, title, about, "", 2));
    let index = dir.join("index.html");
    std::fs::write(&index, page).map_err(|e| io_err(&index, e))
}

/// Write `report.json`, the plots and the extra files of an outcome into `dir`.
pub fn write_files(dir: &Path, outcome: &Outcome) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let report = dir.join("report.json");
    let json = serde_json::to_string_pretty(&outcome.report)
        .map_err(|e| CliError::Internal(format!("report is not serializable: {e}")))?;
    std::fs::write(&report, json + "\n").map_err(|e| io_err(&report, e))?;
    for p in &outcome.plots {
        let path = dir.join(&p.file);
        std::fs::write(&path, &p.svg).map_err(|e| io_err(&path, e))?;
    }
    for (name, bytes) in &outcome.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| io_err(&path, e))?;
    }
    Ok(())
}

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x != 0.0 && (x.abs() >= 1e6 || x.abs() < 1e-4) => format!("{x:.6e}"),
        Some(x) => format!("{x:.8}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
        None => "—".to_string(),
    }
}

/// The sentence that says what the certificate proves.
pub fn certificate_sentence(report: &Value) -> String {
    let status = report["status"].as_str().unwrap_or("error");
    let obj = num(&report["objective"]);
    let bound = num(&report["bound"]);
    let has_bound = report["bound"].is_number();
    let msg = report["message"].as_str().unwrap_or("");
    match status {
        "optimal" => format!(
            "Proved optimal: the objective {obj} and the proven lower bound {bound} differ by {} (relative {}), within the tolerance.",
            num(&report["gap_abs"].as_f64().map(f64::abs).into()),
            num(&report["gap"].as_f64().map(f64::abs).into())
        ),
        "feasible" if has_bound => format!(
            "Feasible, not proved optimal: the best value found is {obj}; the optimum lies between the proven bound {bound} and {obj} (relative gap {}).",
            num(&report["gap"])
        ),
        "feasible" => format!(
            "Feasible: the best value found is {obj}. This method proves no lower bound, so how far it is from the optimum is not certified."
        ),
        "budget_exhausted" if report["objective"].is_number() => format!(
            "Budget exhausted: best so far {obj}{}. {msg}",
            if has_bound {
                format!(", proven bound {bound}")
            } else {
                String::new()
            }
        ),
        "budget_exhausted" => format!("Budget exhausted before any solution was found. {msg}"),
        "infeasible" => format!("Infeasible: no solution exists. {msg}"),
        "unbounded" => format!("Unbounded: the objective decreases without limit. {msg}"),
        _ => format!("Error: {msg}"),
    }
}

/// An HTML section for one outcome: heading, the certificate, key numbers, plots (relative
/// to `prefix`), warnings and the report JSON.
pub fn section(outcome: &Outcome, title: &str, about: &str, prefix: &str, level: u8) -> String {
    let r = &outcome.report;
    let status = r["status"].as_str().unwrap_or("error");
    let mut h = String::new();
    h.push_str(&format!(
        "<section>\n<h{level}>{}</h{level}>\n",
        escape(title)
    ));
    if !about.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", escape(about)));
    }
    h.push_str(&format!(
        "<div class=\"cert {status}\"><span class=\"badge\">{}</span> {}</div>\n",
        escape(&status.replace('_', " ")),
        escape(&certificate_sentence(r))
    ));
    h.push_str("<table class=\"numbers\">\n");
    let rows = [
        ("kind", r["kind"].as_str().unwrap_or("").to_string()),
        ("objective", num(&r["objective"])),
        ("bound", num(&r["bound"])),
        ("gap (relative)", num(&r["gap"])),
        ("gap (absolute)", num(&r["gap_abs"])),
        ("evaluations", r["evaluations"].to_string()),
        ("elapsed (s)", num(&r["elapsed_s"])),
    ];
    for (k, v) in rows {
        h.push_str(&format!("<tr><th>{k}</th><td>{}</td></tr>\n", escape(&v)));
    }
    h.push_str("</table>\n");
    if let Some(ws) = r["warnings"].as_array().filter(|w| !w.is_empty()) {
        h.push_str("<ul class=\"warnings\">\n");
        for w in ws {
            h.push_str(&format!("<li>{}</li>\n", escape(w.as_str().unwrap_or(""))));
        }
        h.push_str("</ul>\n");
    }
    for p in &outcome.plots {
        h.push_str(&format!(
            "<figure><img src=\"{prefix}{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
            escape(&p.file),
            escape(&p.title),
            escape(&p.title)
        ));
    }
    let json = serde_json::to_string_pretty(r).unwrap_or_default();
    h.push_str(&format!(
        "<details><summary>Report (<a href=\"{prefix}report.json\">report.json</a>)</summary><pre>{}</pre></details>\n</section>\n",
        escape(&json)
    ));
    h
}

/// A complete HTML page around a body.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{t}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
section {{ border-top: 1px solid #ddd; margin-top: 2em; padding-top: 1em; }}
.cert {{ padding: 0.6em 0.9em; border-radius: 6px; margin: 0.8em 0; background: #f4f4f4; }}
.cert.optimal {{ background: #e3f4e8; }} .cert.feasible {{ background: #fff6dd; }}
.cert.infeasible, .cert.unbounded {{ background: #e8eefc; }} .cert.error {{ background: #fde4e4; }}
.cert.budget_exhausted {{ background: #fdeedd; }}
.badge {{ font-weight: bold; text-transform: uppercase; margin-right: 0.5em; }}
table.numbers {{ border-collapse: collapse; }} table.numbers th {{ text-align: left; padding-right: 1.5em; font-weight: normal; color: #555; }}
figure {{ display: inline-block; margin: 1em 1em 0 0; vertical-align: top; }} figure img {{ max-width: 100%; border: 1px solid #eee; }}
figcaption {{ font-size: 0.9em; color: #555; }} pre {{ max-height: 24em; overflow: auto; background: #fafafa; padding: 0.5em; }}
.warnings {{ color: #8a5a00; }}
</style></head>
<body>
<h1>{t}</h1>
{body}
</body></html>
"#,
        t = escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::{Report, Tolerance};

    #[test]
    fn certificate_sentences_follow_the_status() {
        let r = Report::feasible("t", (), 2.0)
            .certify(2.0, Tolerance::default())
            .to_json();
        assert!(certificate_sentence(&r).starts_with("Proved optimal"));
        let r = Report::feasible("t", (), 2.0).to_json();
        assert!(certificate_sentence(&r).contains("proves no lower bound"));
        let r = Report::<()>::infeasible("t", "x > 1 and x < 0").to_json();
        assert!(certificate_sentence(&r).contains("x > 1 and x < 0"));
        assert_eq!(escape("<a&b>"), "&lt;a&amp;b&gt;");
    }
}
