//! globopt-core's Pareto primitives against moocore 0.3.2 on the 200 point sets of
//! `tests/fixtures/moocore_sets.json` (made by `benches/reference/moo/make_fixtures.py`).

use globopt_core::pareto::{
    Duplicates, hv_contributions, hypervolume, igd, igd_plus, nondominated, nondominated_sort,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    m: usize,
    kind: String,
    reference: Vec<f64>,
    points: Vec<Vec<f64>>,
    hypervolume: f64,
    contributions: Vec<f64>,
    nondominated: Vec<bool>,
    nondominated_weakly: Vec<bool>,
    ranks: Vec<usize>,
}

#[derive(Deserialize)]
struct Indicator {
    approximation: Vec<Vec<f64>>,
    reference_front: Vec<Vec<f64>>,
    igd: f64,
    igd_plus: f64,
}

#[derive(Deserialize)]
struct Fixture {
    sets: Vec<Set>,
    indicators: Vec<Indicator>,
}

fn fixture() -> Fixture {
    let text = include_str!("fixtures/moocore_sets.json");
    serde_json::from_str(text).expect("the checked-in fixture parses")
}

fn mask(n: usize, idx: &[usize]) -> Vec<bool> {
    let mut v = vec![false; n];
    idx.iter().for_each(|&i| v[i] = true);
    v
}

#[test]
fn hypervolume_equals_moocore_on_200_sets() {
    let f = fixture();
    assert_eq!(f.sets.len(), 200);
    let mut worst: f64 = 0.0;
    for (i, s) in f.sets.iter().enumerate() {
        let hv = hypervolume(&s.points, &s.reference).unwrap();
        let rel = (hv - s.hypervolume).abs() / s.hypervolume.abs().max(1e-300);
        let ok = if s.hypervolume == 0.0 {
            hv == 0.0
        } else {
            rel <= 1e-9
        };
        assert!(
            ok,
            "set {i} (m={}, {}): {hv} vs moocore {}",
            s.m, s.kind, s.hypervolume
        );
        if s.hypervolume > 0.0 {
            worst = worst.max(rel);
        }
    }
    // the exact algorithms agree far below the acceptance threshold
    assert!(worst < 1e-12, "max relative difference {worst:e}");
}

#[test]
fn filter_ranks_and_contributions_equal_moocore() {
    for (i, s) in fixture().sets.iter().enumerate() {
        let n = s.points.len();
        let first = nondominated(&s.points, Duplicates::KeepFirst).unwrap();
        assert_eq!(mask(n, &first), s.nondominated, "set {i} keep-first");
        let all = nondominated(&s.points, Duplicates::KeepAll).unwrap();
        assert_eq!(mask(n, &all), s.nondominated_weakly, "set {i} keep-all");
        assert_eq!(
            nondominated_sort(&s.points).unwrap(),
            s.ranks,
            "set {i} ranks"
        );
        let c = hv_contributions(&s.points, &s.reference).unwrap();
        for (k, (a, b)) in c.iter().zip(&s.contributions).enumerate() {
            assert!(
                (a - b).abs() <= 1e-12 * (1.0 + b.abs()),
                "set {i} row {k}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn igd_and_igd_plus_equal_moocore() {
    for (i, t) in fixture().indicators.iter().enumerate() {
        let a = igd(&t.approximation, &t.reference_front).unwrap();
        let b = igd_plus(&t.approximation, &t.reference_front).unwrap();
        assert!(
            (a - t.igd).abs() <= 1e-12 * t.igd,
            "{i}: igd {a} vs {}",
            t.igd
        );
        assert!(
            (b - t.igd_plus).abs() <= 1e-12 * t.igd_plus.max(1e-300),
            "{i}: igd+ {b} vs {}",
            t.igd_plus
        );
    }
}
