//! Every capability of globopt-chem through the public API (shared digest 02): the modes,
//! infeasible sets explained, media suggestions, the budget and the observer, the
//! half-reaction method and its errors, checks, strict charges, the JSON shape and the plots.

use globopt_chem::plot::{cone_svg, matrix_svg};
use globopt_chem::{
    BalanceOptions, ChemError, Medium, Mode, SolutionKind, System, balance, balance_observed,
    balance_text, parse_equation,
};
use globopt_core::Status;
use globopt_core::observer::Recorder;

fn ints(v: &[num_bigint::BigInt]) -> Vec<i64> {
    v.iter().map(|x| i64::try_from(x).unwrap()).collect()
}

fn with_mode(mode: Mode) -> BalanceOptions {
    BalanceOptions {
        mode,
        ..Default::default()
    }
}

#[test]
fn all_and_circuits_modes_list_what_they_promise() {
    let r = balance_text("C + O2 = CO + CO2", &with_mode(Mode::All)).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let b = r.solution.as_ref().unwrap();
    let kinds: Vec<SolutionKind> = b.solutions.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SolutionKind::Canonical,
            SolutionKind::Hilbert,
            SolutionKind::Hilbert
        ]
    );
    let r = balance_text("C + O2 = CO + CO2", &with_mode(Mode::Circuits)).unwrap();
    let b = r.solution.as_ref().unwrap();
    let circuits: Vec<String> = b
        .solutions
        .iter()
        .filter(|s| s.kind == SolutionKind::Circuit)
        .map(|s| s.text.clone())
        .collect();
    // oriented to the written sides where possible; the last two must put a species across
    assert_eq!(
        circuits,
        [
            "2 C + O2 = 2 CO",
            "C + O2 = CO2",
            "C + CO2 = 2 CO",
            "O2 + 2 CO = 2 CO2"
        ]
    );
    // nullity 1: the unique balance is the one circuit
    let r = balance_text("KClO3 = KCl + O2", &with_mode(Mode::Circuits)).unwrap();
    let b = r.solution.as_ref().unwrap();
    assert_eq!(b.circuit_count, Some(1));
    assert_eq!(b.solutions[1].text, "2 KClO3 = 2 KCl + 3 O2");
}

#[test]
fn infeasible_sets_name_the_species() {
    // nullity 1, a species that takes part in no balance
    let r = balance_text("H2 + O2 + N2 = H2O", &BalanceOptions::default()).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    let m = r.message.clone().unwrap();
    assert!(m.contains("'N2' takes part in no balance"), "{m}");
    assert!(m.contains("2 H2 + O2 = 2 H2O"), "{m}");
    // nullity 1, a species on the wrong side
    let r = balance_text("KClO3 + O2 = KCl", &BalanceOptions::default()).unwrap();
    let m = r.message.clone().unwrap();
    assert!(m.contains("'O2' must be among the products"), "{m}");
    assert_eq!(
        r.detail("suggestions").unwrap()[0],
        "2 KClO3 = 2 KCl + 3 O2"
    );
    // nullity 2 with a species no balance uses
    let r = balance_text("C + O2 + N2 = CO + CO2", &BalanceOptions::default()).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    assert_eq!(r.detail("nullity").unwrap(), 2);
    let m = r.message.clone().unwrap();
    assert!(m.contains("'N2' takes part in no balance"), "{m}");
    // circuits mode still lists the elementary reactions of an infeasible set
    let r = balance_text("KClO3 + O2 = KCl", &with_mode(Mode::Circuits)).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    assert_eq!(r.detail("solutions").unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn a_missing_medium_is_suggested_not_applied() {
    let r = balance_text("MnO4- + Fe+2 = Mn+2 + Fe+3", &BalanceOptions::default()).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    let s: Vec<&str> = r
        .detail("suggestions")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        s,
        [
            "with the acidic medium: MnO4- + 5 Fe+2 + 8 H+ = Mn+2 + 5 Fe+3 + 4 H2O",
            "with the basic medium: MnO4- + 5 Fe+2 + 4 H2O = Mn+2 + 5 Fe+3 + 8 OH-"
        ]
    );
    // no medium can bring sodium
    let r = balance_text("NaCl = KBr", &BalanceOptions::default()).unwrap();
    assert!(
        r.detail("suggestions")
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    // a written medium species becomes free-sided, with a warning
    let o = BalanceOptions {
        medium: Some(Medium::Acidic),
        ..Default::default()
    };
    let r = balance_text("MnO4- + Fe+2 + H2O = Mn+2 + Fe+3", &o).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let a = r.solution.as_ref().unwrap().answer().unwrap();
    assert_eq!(a.text, "MnO4- + 5 Fe+2 + 8 H+ = Mn+2 + 5 Fe+3 + 4 H2O");
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("belongs to the medium"))
    );
}

#[test]
fn the_budget_and_the_observer_stop_the_enumeration() {
    let eq = parse_equation("C + O2 = CO + CO2").unwrap();
    // the circuits cannot be finished: nothing is decided
    let tiny = BalanceOptions {
        max_enumerated: 3,
        ..Default::default()
    };
    let r = balance(&eq, &tiny).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    assert!(r.solution.is_none());
    assert!(r.message.clone().unwrap().contains("max_enumerated = 3"));
    // circuits finish (14 subsets) but the min-sum enumeration does not: best so far, LP bound
    let short = BalanceOptions {
        max_enumerated: 16,
        ..Default::default()
    };
    let r = balance(&eq, &short).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    assert_eq!(r.objective(), Some(8.0));
    assert_eq!(r.bound(), Some(6.0)); // ⌈5.5⌉: the LP bound rounded up to an integer sum
    // a stop request from the observer ends a long enumeration with the best so far
    let long = parse_equation(
        "K4Fe(CN)6 + KMnO4 + H2SO4 = KHSO4 + Fe2(SO4)3 + MnSO4 + HNO3 + CO2 + H2O + SO2",
    )
    .unwrap();
    let mut rec = Recorder {
        stop_after: Some(0),
        ..Default::default()
    };
    let r = balance_observed(&long, &BalanceOptions::default(), &mut rec).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    assert!(r.message.clone().unwrap().contains("stopped on request"));
    assert!(rec.phases.iter().any(|p| p == "circuits"));
}

#[test]
fn half_reactions_in_basic_medium_and_their_errors() {
    let half = |couples: &[&str], medium: Option<Medium>| BalanceOptions {
        medium,
        mode: Mode::HalfReaction,
        couples: couples.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    };
    let r = balance_text(
        "MnO4- + I- = MnO2 + IO3-",
        &half(&["MnO4-/MnO2", "I-/IO3-"], Some(Medium::Basic)),
    )
    .unwrap();
    let b = r.solution.as_ref().unwrap();
    assert_eq!(
        ints(&b.answer().unwrap().coefficients()),
        [2, 1, 2, 1, 2, 1]
    );
    let texts: Vec<&str> = b.half_reactions.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "MnO4- + 2 H2O + 3 e- = MnO2 + 4 OH-",
            "I- + 6 OH- = IO3- + 3 H2O + 6 e-"
        ]
    );
    let eq = "MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O";
    let e = balance_text(eq, &half(&["MnO4-/Mn+2", "Cl2/Cl-"], None)).unwrap_err();
    assert!(matches!(e, ChemError::Couple { .. }), "{e}");
    assert!(
        e.to_string().contains("'Cl2' is not in the equation"),
        "{e}"
    );
    let e = balance_text(eq, &half(&["MnO4-/Mn+2"], None)).unwrap_err();
    assert!(e.to_string().starts_with("couples:"), "{e}");
    let e = balance_text(
        "MnO4- + Cr2O7^2- + H+ = Mn+2 + Cr+3 + H2O",
        &half(&["MnO4-/Mn+2", "Cr2O7^2-/Cr+3"], None),
    )
    .unwrap_err();
    assert!(e.to_string().contains("both couples are reductions"), "{e}");
}

#[test]
fn check_reports_each_unbalanced_row() {
    let o = BalanceOptions {
        check: true,
        ..Default::default()
    };
    let r = balance_text("2 H2 + O2 = 2 H2O", &o).unwrap();
    let c = r.solution.as_ref().unwrap().check.clone().unwrap();
    assert!(c.balanced && c.matches_answer == Some(true) && c.gcd == 1);
    let r = balance_text("H2 + O2 = H2O", &o).unwrap();
    let c = r.solution.as_ref().unwrap().check.clone().unwrap();
    assert!(!c.balanced);
    assert_eq!(c.residuals.len(), 1);
    assert_eq!(
        (
            c.residuals[0].row.as_str(),
            c.residuals[0].reactants,
            c.residuals[0].products
        ),
        ("O", 2, 1)
    );
    assert_eq!(
        c.summary(),
        "the given coefficients are not balanced: O 2 on the left, 1 on the right"
    );
}

#[test]
fn strict_charges_turn_the_rule_into_an_error() {
    let eq = parse_equation("Fe3+ + Sn2+ = Fe2+ + Sn4+").unwrap();
    let r = balance(&eq, &BalanceOptions::default()).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    assert_eq!(
        r.warnings.iter().filter(|w| w.contains("read as")).count(),
        4
    );
    let strict = BalanceOptions {
        strict_charges: true,
        ..Default::default()
    };
    let e = balance(&eq, &strict).unwrap_err();
    assert!(e.to_string().contains("ambiguous charge in 'Fe3+'"), "{e}");
}

#[test]
fn json_carries_species_sides_and_signed_vectors() {
    let o = BalanceOptions {
        medium: Some(Medium::Basic),
        ..Default::default()
    };
    let j = balance_text("Cl2 = Cl- + ClO3-", &o).unwrap().to_json();
    assert_eq!(j["species"][3]["input"], "OH-");
    assert_eq!(j["species"][3]["side"], "free");
    assert_eq!(j["species"][3]["medium"], true);
    assert_eq!(j["species"][0]["composition"]["Cl"], 2);
    assert_eq!(
        j["canonical"]["stoichiometry"],
        serde_json::json!([-3, 5, 1, -6, 3])
    );
    assert_eq!(
        j["canonical"]["sides"],
        serde_json::json!(["reactant", "product", "product", "reactant", "product"])
    );
    assert_eq!(j["solution"]["sum"], 18);
    assert_eq!(j["medium"], "basic");
}

#[test]
fn plots_draw_the_cone_and_the_matrix() {
    let half = BalanceOptions {
        mode: Mode::HalfReaction,
        couples: vec!["MnO4-/Mn+2".into(), "H2O2/O2".into()],
        ..Default::default()
    };
    let r = balance_text("MnO4- + H2O2 + H+ = Mn+2 + O2 + H2O", &half).unwrap();
    let b = r.solution.as_ref().unwrap();
    let svg = cone_svg(b).unwrap();
    for needle in [
        "h3",
        "half-reaction: 2 MnO4- + 5 H2O2",
        "min-sum: 2 MnO4- + H2O2",
        "coefficient of MnO4-",
    ] {
        assert!(svg.contains(needle), "{needle}");
    }
    let r = balance_text("KClO3 = KCl + O2", &BalanceOptions::default()).unwrap();
    assert!(cone_svg(r.solution.as_ref().unwrap()).is_err());
    let eq = parse_equation("NaCl = KBr").unwrap();
    let svg = matrix_svg(&System::new(&eq, None)).unwrap();
    assert!(svg.contains("Na (one side)") && svg.contains("KBr"));
}
