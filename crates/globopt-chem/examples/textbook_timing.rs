//! Time `balance_text` on every case of a textbook fixture and print one JSON object per line:
//! `{"id", "status", "coefficients", "median_us", "runs"}`; with `--parse F1 F2 ...`, print how
//! each formula is read instead. The ChemPy comparison
//! (`benches/reference/chem/compare_chempy.py`) runs this beside ChemPy.
//!
//! ```text
//! cargo run --release -p globopt-chem --example textbook_timing -- crates/globopt-chem/tests/fixtures/textbook.json
//! cargo run --release -p globopt-chem --example textbook_timing -- --parse Fe3+ CuSO4.5H2O
//! ```

use globopt_chem::{BalanceOptions, Medium, balance_text, parse_formula};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: textbook_timing FIXTURE.json | --parse FORMULA...")?;
    if path == "--parse" {
        for f in std::env::args().skip(2) {
            let line = match parse_formula(&f) {
                Ok(s) => json!({
                    "formula": f,
                    "hill": s.hill(),
                    "charge": s.charge,
                    "composition": s.composition.iter().map(|(e, n)| (e.symbol(), *n)).collect::<std::collections::BTreeMap<_, _>>(),
                    "warnings": s.warnings,
                }),
                Err(e) => json!({"formula": f, "error": e.to_string()}),
            };
            println!("{line}");
        }
        return Ok(());
    }
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let cases = fixture["cases"].as_array().ok_or("fixture without cases")?;
    for case in cases {
        let equation = case["equation"].as_str().ok_or("case without equation")?;
        let medium: Option<Medium> = serde_json::from_value(case["medium"].clone())?;
        let options = BalanceOptions {
            medium,
            ..Default::default()
        };
        let report = balance_text(equation, &options)?;
        let coefficients = report.solution.as_ref().and_then(|b| b.answer()).map(|a| {
            a.coefficients()
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        });
        let mut times = Vec::new();
        let start = Instant::now();
        while times.len() < 20
            || (start.elapsed() < Duration::from_millis(300) && times.len() < 20_000)
        {
            let t = Instant::now();
            let r = balance_text(equation, &options)?;
            times.push(t.elapsed().as_secs_f64());
            std::hint::black_box(r);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{}",
            json!({
                "id": case["id"],
                "status": report.status().as_str(),
                "coefficients": coefficients,
                "median_us": median * 1e6,
                "runs": times.len(),
            })
        );
    }
    Ok(())
}
