//! The fifteen textbook cases of shared digest 02 ("Checks that say it works"), with their
//! exact answers, and the negative controls.

use globopt_chem::{BalanceOptions, Medium, Mode, SolutionKind, balance_text};
use globopt_core::Status;
use num_bigint::BigInt;
use serde_json::Value;

fn opts(medium: Option<Medium>) -> BalanceOptions {
    BalanceOptions {
        medium,
        ..Default::default()
    }
}

fn ints(v: &[BigInt]) -> Vec<i64> {
    v.iter().map(|x| i64::try_from(x).unwrap()).collect()
}

/// The answer's coefficient magnitudes, in written order with medium species appended.
fn answer(eq: &str, o: &BalanceOptions) -> Vec<i64> {
    let r = balance_text(eq, o).unwrap();
    assert_eq!(r.status(), Status::Optimal, "{eq}: {:?}", r.message);
    let b = r.solution.as_ref().unwrap();
    ints(&b.answer().unwrap().coefficients())
}

#[test]
fn unique_cases_1_to_12() {
    let cases: [(&str, Option<Medium>, &[i64]); 14] = [
        (
            "KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O",
            None,
            &[2, 16, 2, 2, 5, 8],
        ),
        ("HCl + NaOH = NaCl + H2O", None, &[1, 1, 1, 1]),
        ("AgNO3 + NaCl = AgCl + NaNO3", None, &[1, 1, 1, 1]),
        ("KClO3 = KCl + O2", None, &[2, 2, 3]),
        ("C3H8 + O2 = CO2 + H2O", None, &[1, 5, 3, 4]),
        ("CuSO4·5H2O = CuO + SO3 + H2O", None, &[1, 1, 1, 5]),
        ("CuSO4.5H2O = CuO + SO3 + H2O", None, &[1, 1, 1, 5]),
        ("CuSO4*5H2O = CuO + SO3 + H2O", None, &[1, 1, 1, 5]),
        (
            "MnO4- + Fe+2 = Mn+2 + Fe+3",
            Some(Medium::Acidic),
            &[1, 5, 1, 5, 8, 4],
        ),
        (
            "MnO4- + C2O4^2- = Mn+2 + CO2",
            Some(Medium::Acidic),
            &[2, 5, 2, 10, 16, 8],
        ),
        ("Cr2O7^2- + H+ + e- = Cr+3 + H2O", None, &[1, 14, 6, 2, 7]),
        ("Cl2 = Cl- + ClO3-", Some(Medium::Basic), &[3, 5, 1, 6, 3]),
        (
            "MnO4- + I- = MnO2 + IO3-",
            Some(Medium::Basic),
            &[2, 1, 2, 1, 2, 1],
        ),
        (
            "K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O",
            None,
            &[10, 122, 299, 162, 5, 122, 60, 60, 188],
        ),
    ];
    for (eq, medium, expected) in cases {
        assert_eq!(answer(eq, &opts(medium)), expected, "{eq}");
    }
}

#[test]
fn media_place_species_on_the_right_side() {
    let texts = [
        (
            "MnO4- + Fe+2 = Mn+2 + Fe+3",
            Medium::Acidic,
            "MnO4- + 5 Fe+2 + 8 H+ = Mn+2 + 5 Fe+3 + 4 H2O",
        ),
        (
            "Cl2 = Cl- + ClO3-",
            Medium::Basic,
            "3 Cl2 + 6 OH- = 5 Cl- + ClO3- + 3 H2O",
        ),
        (
            "MnO4- + I- = MnO2 + IO3-",
            Medium::Basic,
            "2 MnO4- + I- + H2O = 2 MnO2 + IO3- + 2 OH-",
        ),
    ];
    for (eq, m, text) in texts {
        let r = balance_text(eq, &opts(Some(m))).unwrap();
        let json = r.to_json();
        assert_eq!(json["canonical"]["text"], text);
    }
}

#[test]
fn case_12_json_shape() {
    let r = balance_text(
        "K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O",
        &opts(None),
    )
    .unwrap();
    let j = r.to_json();
    assert_eq!(j["status"], "optimal");
    assert_eq!(j["rank"], 8);
    assert_eq!(j["nullity"], 1);
    let c: Vec<i64> = j["canonical"]["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(c, [10, 122, 299, 162, 5, 122, 60, 60, 188]);
    assert_eq!(j["objective"], 1028.0);
    assert_eq!(j["bound"], 1028.0);
    assert_eq!(j["solutions"].as_array().unwrap().len(), 1);
    assert!(j["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn case_13_and_negative_controls_are_infeasible_with_a_reason() {
    let r = balance_text("NaCl = KBr", &opts(None)).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    let j = r.to_json();
    assert_eq!(
        (j["rank"].as_u64(), j["nullity"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(j["canonical"], Value::Null);
    let msg = r.message.clone().unwrap();
    assert!(
        msg.contains("Cl, Na occur only among the reactants"),
        "{msg}"
    );
    assert!(msg.contains("Br, K occur only among the products"), "{msg}");

    let r = balance_text("H2O = H2O2", &opts(None)).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    let msg = r.message.clone().unwrap();
    assert!(
        msg.contains("conserving H allows only H2O = H2O2, which leaves O unbalanced (1 on the left, 2 on the right)"),
        "{msg}"
    );
}

#[test]
fn case_14_carbon_oxides() {
    let r = balance_text("C + O2 = CO + CO2", &opts(None)).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let j = r.to_json();
    assert_eq!(j["nullity"], 2);
    assert_eq!(j["circuits"], 4);
    let b = r.solution.as_ref().unwrap();
    let ans = b.answer().unwrap();
    assert_eq!(ints(&ans.coefficients()), [3, 2, 2, 1]);
    assert_eq!(ans.kind, SolutionKind::Canonical);
    assert_eq!(ans.text, "3 C + 2 O2 = 2 CO + CO2");
    let hilbert: Vec<Vec<i64>> = b
        .solutions
        .iter()
        .filter(|s| s.kind == SolutionKind::Hilbert)
        .map(|s| ints(&s.coefficients()))
        .collect();
    assert_eq!(hilbert, [vec![1, 1, 0, 1], vec![2, 1, 2, 0]]);
    assert!(r.warnings.iter().any(|w| w.contains("convention")));
    assert!(j["lp_bound"].as_f64().unwrap() <= 8.0 + 1e-6);
}

#[test]
fn case_15_permanganate_peroxide() {
    let eq = "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O";
    let r = balance_text(eq, &opts(None)).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let j = r.to_json();
    assert_eq!(j["nullity"], 2);
    assert_eq!(j["circuits"], 4);
    assert_eq!(j["objective"], 18.0);
    assert_eq!(j["bound"], 18.0);
    let b = r.solution.as_ref().unwrap();
    assert_eq!(
        ints(&b.answer().unwrap().coefficients()),
        [2, 1, 6, 2, 3, 4]
    );
    let hilbert: Vec<Vec<i64>> = b
        .solutions
        .iter()
        .filter(|s| s.kind == SolutionKind::Hilbert)
        .map(|s| ints(&s.coefficients()))
        .collect();
    assert_eq!(
        hilbert,
        [
            vec![0, 2, 0, 0, 1, 2],
            vec![2, 1, 6, 2, 3, 4],
            vec![4, 0, 12, 4, 5, 6]
        ]
    );
    assert!(r.warnings.iter().any(|w| w.contains("convention")));
    // the LP bound is far below the integer optimum: the enumeration proves 18
    let lp = j["lp_bound"].as_f64().unwrap();
    assert!((lp - 10.25).abs() < 1e-5, "{lp}");

    let half = BalanceOptions {
        mode: Mode::HalfReaction,
        couples: vec!["MnO4-/Mn+2".into(), "H2O2/O2".into()],
        ..Default::default()
    };
    let r = balance_text(eq, &half).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let b = r.solution.as_ref().unwrap();
    let ans = b.answer().unwrap();
    assert_eq!(ans.kind, SolutionKind::HalfReaction);
    assert_eq!(ints(&ans.coefficients()), [2, 5, 6, 2, 5, 8]);
    assert_eq!(ans.text, "2 MnO4- + 5 H2O2 + 6 H+ = 2 Mn+2 + 5 O2 + 8 H2O");
    let m = r.message.clone().unwrap();
    assert!(
        m.contains("the least coefficient sum over all balances is 18"),
        "{m}"
    );
    let halves: Vec<&str> = b.half_reactions.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        halves,
        [
            "MnO4- + 8 H+ + 5 e- = Mn+2 + 4 H2O",
            "H2O2 = O2 + 2 H+ + 2 e-"
        ]
    );
    // textbook = min-sum + 2 × (2 H2O2 → O2 + 2 H2O)
    let min_sum = b
        .solutions
        .iter()
        .find(|s| s.kind == SolutionKind::Canonical)
        .unwrap();
    let diff: Vec<i64> = ints(&ans.stoichiometry)
        .iter()
        .zip(ints(&min_sum.stoichiometry))
        .map(|(a, m)| a - m)
        .collect();
    assert_eq!(diff, [0, -4, 0, 0, 2, 4]);
}

#[test]
fn parse_errors_point_at_the_character() {
    let e = balance_text("KMnO4 + HCl = KCl + Mn(Cl2", &opts(None)).unwrap_err();
    assert_eq!(e.to_string(), "unclosed '(' at column 23");
    assert_eq!(
        e.caret("KMnO4 + HCl = KCl + Mn(Cl2").unwrap(),
        "KMnO4 + HCl = KCl + Mn(Cl2\n                      ^"
    );
}
