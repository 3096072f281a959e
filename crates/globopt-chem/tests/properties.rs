//! Invariants of shared digest 02 ("Invariants"), checked by proptest: every reported balance
//! satisfies the composition equations exactly (recomputed from the formulas, independently of
//! the crate's matrix) and is primitive; the answer does not depend on the input order of the
//! species nor on equivalent charge and hydrate spellings; and no string crashes the parser.
//!
//! The 10⁶-input parser fuzz is `#[ignore]`d; run it with
//! `cargo test --release -p globopt-chem --test properties -- --ignored`.

use globopt_chem::{
    BalanceOptions, Medium, ParseOptions, Side, balance, parse_equation, parse_equation_with,
    parse_formula,
};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Families of related species; each entry lists equivalent spellings of one species.
const FAMILIES: &[&[&[&str]]] = &[
    &[
        &["C"],
        &["CO"],
        &["CO2"],
        &["O2"],
        &["H2"],
        &["H2O"],
        &["CH4"],
        &["C2H6"],
        &["C2H5OH", "CH3CH2OH", "C2H6O"],
        &["H2O2"],
    ],
    &[
        &["Fe"],
        &["FeO"],
        &["Fe2O3"],
        &["Fe3O4"],
        &["O2"],
        &["CO"],
        &["CO2"],
        &["C"],
    ],
    &[
        &["N2"],
        &["H2"],
        &["NH3"],
        &["NO"],
        &["NO2"],
        &["HNO3"],
        &["O2"],
        &["H2O"],
    ],
    &[
        &["CuSO4·5H2O", "CuSO4*5H2O", "CuSO4.5H2O", "CuSO4•5H2O"],
        &["CuSO4"],
        &["CuO"],
        &["SO3"],
        &["H2O"],
        &["SO2"],
        &["O2"],
    ],
    &[
        &["Fe+2", "Fe^2+", "Fe{2+}", "Fe²⁺", "Fe++", "Fe^+2"],
        &["Fe+3", "Fe^3+", "Fe{3+}", "Fe³⁺", "Fe+++", "Fe{+3}"],
        &["MnO4-", "MnO4^-", "MnO4{-}", "MnO₄⁻", "MnO4-1"],
        &["Mn+2", "Mn^2+", "Mn{2+}", "Mn²⁺"],
        &["H+", "H^+", "H{+}", "H⁺", "H+1"],
        &["H2O"],
        &["e-", "e", "e^-"],
        &["Cl-", "Cl^-", "Cl{-}"],
        &["Cl2"],
    ],
    &[
        &["Cr2O7^2-", "Cr2O7-2", "Cr2O7{2-}"],
        &["Cr+3", "Cr^3+", "Cr{3+}"],
        &["OH-", "OH^-", "OH{-}", "OH⁻", "OH-1"],
        &["H2O"],
        &["e-", "e", "e^-"],
        &["I-", "I^-"],
        &["IO3-", "IO3^-"],
        &["I2"],
    ],
];

/// A reaction drawn from a family: the species (indices into the family) with their sides,
/// a spelling choice each, and the medium. Sides come from a random nonnegative combination
/// of the circuits among the picked species, so the reaction always balances.
#[derive(Debug, Clone)]
struct Draw {
    family: usize,
    species: Vec<(usize, Side, usize)>,
}

fn draw() -> impl Strategy<Value = Option<Draw>> {
    (0..FAMILIES.len())
        .prop_flat_map(|f| {
            let n = FAMILIES[f].len();
            (
                Just(f),
                proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 3..=n.min(6)),
                proptest::collection::vec(0i64..3, 12),
                proptest::collection::vec(0usize..8, 6),
            )
        })
        .prop_map(|(family, picked, weights, spell)| {
            // every species as a reactant but the last: the circuits ignore sides anyway
            let names: Vec<&str> = picked.iter().map(|&p| FAMILIES[family][p][0]).collect();
            let text = format!(
                "{} = {}",
                names[..names.len() - 1].join(" + "),
                names[names.len() - 1]
            );
            let eq = parse_equation(&text).ok()?;
            let options = BalanceOptions {
                mode: globopt_chem::Mode::Circuits,
                ..Default::default()
            };
            let r = balance(&eq, &options).ok()?;
            let circuits: Vec<Vec<i64>> = r
                .detail("solutions")?
                .as_array()?
                .iter()
                .filter(|s| s["kind"] == "circuit")
                .map(|s| {
                    s["stoichiometry"]
                        .as_array()
                        .map(|v| v.iter().filter_map(serde_json::Value::as_i64).collect())
                        .unwrap_or_default()
                })
                .collect();
            let mut nu = vec![0i64; picked.len()];
            for (c, w) in circuits.iter().zip(weights.iter().cycle()) {
                for (x, v) in nu.iter_mut().zip(c) {
                    *x += w * v;
                }
            }
            let species: Vec<(usize, Side, usize)> = picked
                .iter()
                .zip(&nu)
                .zip(&spell)
                .filter(|((_, v), _)| **v != 0)
                .map(|((&p, v), &k)| {
                    (
                        p,
                        if *v > 0 {
                            Side::Product
                        } else {
                            Side::Reactant
                        },
                        k,
                    )
                })
                .collect();
            let both = species.iter().any(|s| s.1 == Side::Product)
                && species.iter().any(|s| s.1 == Side::Reactant);
            both.then_some(Draw { family, species })
        })
}

impl Draw {
    /// The equation text with species in the given order and spelling choice.
    fn text(&self, order: &[usize], spelled: bool) -> String {
        let side = |want: Side| -> String {
            order
                .iter()
                .map(|&i| self.species[i])
                .filter(|s| s.1 == want)
                .map(|(p, _, k)| {
                    let names = FAMILIES[self.family][p];
                    if spelled {
                        names[k % names.len()]
                    } else {
                        names[0]
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        format!("{} = {}", side(Side::Reactant), side(Side::Product))
    }
}

/// Atom and charge totals of `Σ ν_j species_j`, from the formulas themselves.
fn conservation(sources: &[String], nu: &[BigInt]) -> BTreeMap<String, BigInt> {
    let mut total: BTreeMap<String, BigInt> = BTreeMap::new();
    for (src, v) in sources.iter().zip(nu) {
        let s = parse_formula(src).expect("a reported species parses");
        for (e, n) in &s.composition {
            *total.entry(e.symbol()).or_default() += v * BigInt::from(*n);
        }
        *total.entry("charge".into()).or_default() += v * BigInt::from(s.charge);
    }
    total
}

/// The answer and the listed balances per species identity (Hill formula, charge).
type ByKey = BTreeMap<(String, i64), BigInt>;

/// Status, answer and the set of listed balances, all keyed by species identity.
type Outcome = (
    String,
    Option<ByKey>,
    BTreeSet<Vec<((String, i64), BigInt)>>,
);

fn outcome(text: &str, medium: Option<Medium>) -> Outcome {
    let eq = parse_equation(text).expect("pool equations parse");
    let options = BalanceOptions {
        medium,
        max_enumerated: 200_000,
        ..Default::default()
    };
    let r = balance(&eq, &options).expect("balance");
    let status = r.status().as_str().to_string();
    let Some(b) = r.solution.as_ref() else {
        return (status, None, BTreeSet::new());
    };
    let sources: Vec<String> = b
        .system
        .columns
        .iter()
        .map(|c| c.species.source.clone())
        .collect();
    let keys: Vec<(String, i64)> = b
        .system
        .columns
        .iter()
        .map(|c| (c.species.hill(), c.species.charge))
        .collect();
    for s in &b.solutions {
        let totals = conservation(&sources, &s.stoichiometry);
        assert!(
            totals.values().all(Zero::is_zero),
            "{text}: {} does not balance: {totals:?}",
            s.text
        );
        let g = s.stoichiometry.iter().fold(BigInt::zero(), |g, x| g.gcd(x));
        assert!(g.is_one(), "{text}: {} is not primitive", s.text);
        // every fixed species of the answer sits on its written side
        for (c, v) in b.system.columns.iter().zip(&s.stoichiometry) {
            if let (Some(side), false) = (c.side, v.is_zero()) {
                assert_eq!(
                    v.sign() == num_bigint::Sign::Plus,
                    side == Side::Product,
                    "{text}: {}",
                    s.text
                );
            }
        }
    }
    let answer = b.answer().map(|a| {
        keys.iter()
            .cloned()
            .zip(a.stoichiometry.iter().cloned())
            .collect::<ByKey>()
    });
    let listed = b
        .solutions
        .iter()
        .map(|s| {
            let mut v: Vec<((String, i64), BigInt)> = keys
                .iter()
                .cloned()
                .zip(s.stoichiometry.iter().cloned())
                .collect();
            v.sort();
            v
        })
        .collect();
    (status, answer, listed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn balances_are_exact_primitive_and_order_and_spelling_free(
        d in draw(),
        perm_seed in any::<u64>(),
        medium in prop_oneof![Just(None), Just(Some(Medium::Acidic)), Just(Some(Medium::Basic))],
    ) {
        let Some(d) = d else { return Ok(()) };
        let n = d.species.len();
        let natural: Vec<usize> = (0..n).collect();
        // a permutation from the seed (Fisher–Yates with a small LCG)
        let mut order = natural.clone();
        let mut state = perm_seed | 1;
        for i in (1..n).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        let base = outcome(&d.text(&natural, false), medium);
        if base.0 == "budget_exhausted" {
            return Ok(());
        }
        let shuffled = outcome(&d.text(&order, false), medium);
        let respelled = outcome(&d.text(&order, true), medium);
        prop_assert_eq!(&base.0, &shuffled.0);
        prop_assert_eq!(&base.1, &shuffled.1);
        prop_assert_eq!(&base.2, &shuffled.2);
        prop_assert_eq!(&base.0, &respelled.0);
        prop_assert_eq!(&base.1, &respelled.1);
        prop_assert_eq!(&base.2, &respelled.2);
    }

    #[test]
    fn parser_never_panics_on_chemistry_like_text(s in "[A-Za-z0-9()\\[\\]{}+\\-^=<>.·*→⇌ ₂³⁺⁻/]{0,40}") {
        let _ = parse_equation(&s);
        let _ = parse_formula(&s);
    }

    #[test]
    fn parser_never_panics_on_any_text(s in any::<String>()) {
        let options = ParseOptions { strict_charges: false, abbreviations: true, isotopes: true };
        let _ = parse_equation_with(&s, &options);
        let _ = parse_formula(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever parses also balances without a panic, and every balance reported is exact.
    #[test]
    fn whatever_parses_balances_safely(s in "[A-Z][a-z]?[0-9]{0,2}(\\([A-Z][0-9]?\\)[0-9])?[+-]? \\+ [A-Z][a-z]?[0-9]{0,2} = [A-Z][a-z]?[0-9]{0,2} \\+ [A-Z][0-9]{0,2}[+-]?") {
        if let Ok(eq) = parse_equation(&s) {
            let options = BalanceOptions { max_enumerated: 5_000, ..Default::default() };
            if let Ok(r) = balance(&eq, &options)
                && let Some(b) = r.solution.as_ref()
            {
                let sources: Vec<String> = b.system.columns.iter().map(|c| c.species.source.clone()).collect();
                for sol in &b.solutions {
                    prop_assert!(conservation(&sources, &sol.stoichiometry).values().all(Zero::is_zero));
                }
            }
        }
    }
}

/// One million random inputs through the parser (`--ignored`; about a minute in release).
#[test]
#[ignore]
fn parser_fuzz_one_million_inputs() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 1_000_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let strategy = prop_oneof![
        "[A-Za-z0-9()\\[\\]{}+\\-^=<>.·*→⇌ ₂³⁺⁻/]{0,48}".boxed(),
        any::<String>().boxed(),
    ];
    let options = ParseOptions {
        strict_charges: false,
        abbreviations: true,
        isotopes: true,
    };
    runner
        .run(&strategy, |s| {
            let _ = parse_equation_with(&s, &options);
            let _ = parse_formula(&s);
            Ok(())
        })
        .expect("no input panics the parser");
}
