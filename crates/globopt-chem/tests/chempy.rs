//! globopt-chem against ChemPy 0.10.2 on the fifteen textbook cases (shared digest 02,
//! "Side-by-side comparison"): ChemPy's answers (`balance_stoichiometry`, `underdetermined=None`,
//! medium species placed for it) are fixtures made by
//! `python3 benches/reference/chem/compare_chempy.py --write-fixture`.
//!
//! Unique cases must agree exactly; for nullity ≥ 2 the sums must be equal, and the vectors too
//! when the optimum is unique (it is, for cases 14 and 15).

use globopt_chem::{BalanceOptions, Medium, balance_text};
use globopt_core::Status;
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

#[test]
fn answers_agree_with_chempy() {
    let cases = load("textbook.json");
    let chempy = load("chempy.json");
    for case in cases["cases"].as_array().unwrap() {
        let id = case["id"].as_u64().unwrap();
        let reference = &chempy["cases"][id.to_string()];
        let medium: Option<Medium> = serde_json::from_value(case["medium"].clone()).unwrap();
        let options = BalanceOptions {
            medium,
            ..Default::default()
        };
        let r = balance_text(case["equation"].as_str().unwrap(), &options).unwrap();
        match reference["answer"].as_array() {
            Some(answer) => {
                assert_eq!(r.status(), Status::Optimal, "case {id}");
                let ours: Vec<i64> = r
                    .solution
                    .as_ref()
                    .unwrap()
                    .answer()
                    .unwrap()
                    .coefficients()
                    .iter()
                    .map(|c| i64::try_from(c).unwrap())
                    .collect();
                let theirs: Vec<i64> = answer.iter().map(|v| v.as_i64().unwrap()).collect();
                assert_eq!(ours, theirs, "case {id}");
            }
            None => {
                // ChemPy raised (case 13: "Component '11' not among products")
                assert!(reference["error"].is_string(), "case {id}");
                assert_eq!(r.status(), Status::Infeasible, "case {id}");
            }
        }
    }
}

#[test]
fn chempy_parametric_answers_were_recorded_for_the_nullity_2_cases() {
    let chempy = load("chempy.json");
    for id in ["14", "15"] {
        let e = &chempy["cases"][id];
        assert!(e["parametric"].is_array(), "case {id}");
        // the member that leaves out ChemPy's pinned species cannot be one of its instances
        let verdicts: Vec<&str> = e["hilbert_instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            verdicts[0].starts_with("no: ChemPy pins"),
            "case {id}: {verdicts:?}"
        );
    }
}
