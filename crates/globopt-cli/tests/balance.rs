//! `globopt balance` and `kind = "balance"` end to end (globopt-chem, shared digest 02): the
//! user's spelling in the text, media, Hilbert basis, half-reactions, checks, infeasible sets
//! exiting 0 with a reason, parse errors exiting 1 with the column, and the example spec.

mod common;
use common::globopt;

fn stdout_ok(args: &[&str]) -> String {
    let out = globopt(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--json", "--compact"]);
    serde_json::from_str(&stdout_ok(&all)).expect("JSON report")
}

#[test]
fn prints_the_balanced_equation_in_the_users_spelling() {
    let out = stdout_ok(&["balance", "KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O"]);
    assert_eq!(out, "2 KMnO4 + 16 HCl = 2 KCl + 2 MnCl2 + 5 Cl2 + 8 H2O\n");
    let out = stdout_ok(&[
        "balance",
        "MnO4- + Fe^2+ -> Mn{2+} + Fe+3",
        "--medium",
        "acidic",
    ]);
    assert_eq!(out, "MnO4- + 5 Fe^2+ + 8 H+ -> Mn{2+} + 5 Fe+3 + 4 H2O\n");
    let out = stdout_ok(&[
        "balance",
        "MnO4- + Fe+2 = Mn+2 + Fe+3",
        "--medium",
        "acidic",
        "--pretty",
    ]);
    assert_eq!(out, "MnO₄⁻ + 5 Fe²⁺ + 8 H⁺ → Mn²⁺ + 5 Fe³⁺ + 4 H₂O\n");
}

#[test]
fn json_report_has_the_documented_fields() {
    let j = json_of(&[
        "balance",
        "K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O",
    ]);
    assert_eq!(j["status"], "optimal");
    assert_eq!(j["kind"], "balance");
    assert_eq!(j["rank"], 8);
    assert_eq!(j["nullity"], 1);
    assert_eq!(
        j["canonical"]["coefficients"],
        serde_json::json!([10, 122, 299, 162, 5, 122, 60, 60, 188])
    );
    assert!(
        j["canonical"]["text"]
            .as_str()
            .unwrap()
            .starts_with("10 K4Fe(CN)6 + 122 KMnO4")
    );
    assert!(j["solutions"].is_array() && j["warnings"].is_array());
    let j = json_of(&["balance", "Cl2 = Cl- + ClO3-", "--medium", "basic"]);
    // medium species appended after the written ones
    assert_eq!(
        j["canonical"]["coefficients"],
        serde_json::json!([3, 5, 1, 6, 3])
    );
}

#[test]
fn negative_controls_exit_0_infeasible_with_a_reason() {
    for eq in ["NaCl = KBr", "H2O = H2O2"] {
        let j = json_of(&["balance", eq]);
        assert_eq!(j["status"], "infeasible", "{eq}");
        assert_eq!(j["canonical"], serde_json::Value::Null);
        assert_eq!(j["nullity"], 0);
        assert!(
            j["message"].as_str().unwrap().contains("no balance exists"),
            "{j}"
        );
        let text = stdout_ok(&["balance", eq]);
        assert!(text.starts_with("does not balance: "), "{text}");
    }
}

#[test]
fn parse_errors_exit_1_pointing_at_the_column() {
    let out = globopt(&["balance", "KMnO4 + HCl = KCl + Mn(Cl2"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unclosed '(' at column 23"), "{err}");
    assert!(err.contains("                      ^"), "{err}");
    let out = globopt(&["balance", "A + B = C", "--couple", "A/B"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn nullity_two_lists_the_basis_and_half_reactions_pick_the_textbook_answer() {
    let out = stdout_ok(&["balance", "C + O2 = CO + CO2", "--all"]);
    assert!(out.starts_with("3 C + 2 O2 = 2 CO + CO2\n"), "{out}");
    assert!(
        out.contains("  C + O2 = CO2\n") && out.contains("  2 C + O2 = 2 CO\n"),
        "{out}"
    );
    let eq = "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O";
    let out = stdout_ok(&["balance", eq]);
    assert!(
        out.starts_with("2 MnO4- + H2O2 + 6 H+ = 2 Mn+2 + 3 O2 + 4 H2O\n"),
        "{out}"
    );
    let out = stdout_ok(&[
        "balance",
        eq,
        "--couple",
        "MnO4-/Mn+2",
        "--couple",
        "H2O2/O2",
    ]);
    assert!(
        out.starts_with("2 MnO4- + 5 H2O2 + 6 H+ = 2 Mn+2 + 5 O2 + 8 H2O\n"),
        "{out}"
    );
    assert!(out.contains("H2O2 = O2 + 2 H+ + 2 e-"), "{out}");
    let j = json_of(&[
        "balance",
        eq,
        "--couple",
        "MnO4-/Mn+2",
        "--couple",
        "H2O2/O2",
    ]);
    assert_eq!(
        j["canonical"]["coefficients"],
        serde_json::json!([2, 5, 6, 2, 5, 8])
    );
    let out = stdout_ok(&["balance", "C + O2 = CO + CO2", "--circuits"]);
    assert_eq!(out.matches("\n  ").count(), 4 + 2, "{out}");
    // both lists at once: the two minimal balances and the four circuits
    let out = stdout_ok(&["balance", "C + O2 = CO + CO2", "--all", "--circuits"]);
    assert!(out.contains("minimal balances (Hilbert basis"), "{out}");
    assert!(
        out.contains("elementary reactions among these species"),
        "{out}"
    );
    assert_eq!(out.matches("\n  ").count(), 2 + 4, "{out}");
    let j = json_of(&["balance", "C + O2 = CO + CO2", "--all", "--circuits"]);
    let kinds: Vec<&str> = j["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "hilbert").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "circuit").count(), 4);
}

#[test]
fn check_verifies_the_written_coefficients() {
    let out = stdout_ok(&["balance", "--check", "2 H2 + O2 = 2 H2O"]);
    assert!(
        out.contains("check: the given coefficients are balanced"),
        "{out}"
    );
    let out = stdout_ok(&["balance", "--check", "H2 + O2 = H2O"]);
    assert!(
        out.contains("NOT balanced: O 2 on the left, 1 on the right"),
        "{out}"
    );
    let j = json_of(&["balance", "--check", "4 H2 + 2 O2 = 4 H2O"]);
    assert_eq!(j["check"]["balanced"], true);
    assert_eq!(j["check"]["gcd"], 2);
}

#[test]
fn svg_files_are_written() {
    let dir = std::env::temp_dir().join(format!("globopt-balance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cone = dir.join("cone.svg");
    let matrix = dir.join("matrix.svg");
    stdout_ok(&[
        "balance",
        "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O",
        "--svg",
        cone.to_str().unwrap(),
        "--matrix-svg",
        matrix.to_str().unwrap(),
    ]);
    let c = std::fs::read_to_string(&cone).unwrap();
    assert!(c.starts_with("<svg") && c.contains("min-sum"), "cone");
    let m = std::fs::read_to_string(&matrix).unwrap();
    assert!(m.contains("MnO4-") && m.contains("charge"), "matrix");
}

#[test]
fn example_spec_balances_the_fifteen_cases() {
    let out = stdout_ok(&[
        "solve",
        "examples/chem/textbook.toml",
        "--quiet",
        "--compact",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["kind"], "balance");
    assert_eq!(j["status"], "optimal");
    assert_eq!(j["count"], 16);
    assert_eq!(j["balanced"], 15);
    let reactions = j["reactions"].as_array().unwrap();
    assert_eq!(reactions[12]["status"], "infeasible");
    assert!(
        j["message"]
            .as_str()
            .unwrap()
            .contains("reactions[12] (NaCl = KBr)")
    );
    assert_eq!(
        reactions[15]["canonical"]["coefficients"],
        serde_json::json!([2, 5, 6, 2, 5, 8])
    );
    assert_eq!(reactions[13]["solutions"].as_array().unwrap().len(), 3);
}

#[test]
fn spec_errors_name_the_field() {
    let dir = std::env::temp_dir().join(format!("globopt-balance-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "kind = \"balance\"\n\n[[reactions]]\nequation = \"H2 + O2 = H2(O\"\n",
    )
    .unwrap();
    let out = globopt(&["solve", path.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:4: reactions[0].equation: unclosed '(' at column 13"),
        "{err}"
    );
}
