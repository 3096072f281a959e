//! The small exact instances of shared digest 01 against Drake's GraphOfConvexSets
//! (tests/fixtures/drake_reference.json, written by benches/reference/gcs/make_fixtures.py):
//! the relaxation and rounded costs agree, and branch and bound certifies the known optima.

use globopt_core::{NoObserver, Status};
use globopt_gcs::{Instance, RegionProblem, ShortestPathParams};
use serde_json::Value;

fn reference(name: &str) -> (f64, f64) {
    let all: Value = serde_json::from_str(include_str!("fixtures/drake_reference.json")).unwrap();
    let r = &all[name];
    (
        r["relaxation_cost"].as_f64().unwrap(),
        r["rounded_cost"].as_f64().unwrap(),
    )
}

fn solve(text: &str, exact: bool) -> globopt_core::Report<globopt_gcs::GcsSolution> {
    let problem = RegionProblem::from_instance(&Instance::from_json(text).unwrap()).unwrap();
    let params = ShortestPathParams {
        exact,
        ..Default::default()
    };
    problem.solve(&params, &mut NoObserver).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

#[test]
fn grid3_with_the_centre_removed() {
    let text = include_str!("fixtures/grid3_centre_removed.json");
    let (drake_relax, drake_round) = reference("grid3_centre_removed.json");
    let r = solve(text, false);
    let relax = r.detail("relaxation_cost").unwrap().as_f64().unwrap();
    assert!(
        rel(relax, drake_relax) < 1e-6,
        "{relax} vs Drake {drake_relax}"
    );
    assert!((relax - 4.357388).abs() < 1e-5);
    let opt = 2.0 * 5f64.sqrt();
    assert!(rel(r.objective().unwrap(), drake_round) < 1e-6);
    assert!(rel(r.objective().unwrap(), opt) < 1e-7);
    // a 2.6 % relaxation gap: rounding alone cannot certify
    assert_eq!(r.status(), Status::Feasible);
    assert!((r.gap().unwrap() - 0.0257).abs() < 1e-3, "{:?}", r.gap());
    let exact = solve(text, true);
    assert_eq!(exact.status(), Status::Optimal);
    assert!(rel(exact.objective().unwrap(), opt) < 1e-7);
}

#[test]
fn grid4_with_three_cells_removed() {
    let text = include_str!("fixtures/grid4_three_removed.json");
    let (drake_relax, drake_round) = reference("grid4_three_removed.json");
    let r = solve(text, true);
    let relax = r.detail("relaxation_cost").unwrap().as_f64().unwrap();
    assert!(
        rel(relax, drake_relax) < 1e-6,
        "{relax} vs Drake {drake_relax}"
    );
    let opt = 2.0 * 5f64.sqrt() + 2f64.sqrt();
    assert!(rel(r.objective().unwrap(), opt) < 1e-7);
    assert!(rel(drake_round, opt) < 1e-7);
    assert_eq!(r.status(), Status::Optimal);
    assert!(r.bound().unwrap() >= relax - 1e-9);
}

#[test]
fn maze50_matches_drake() {
    let (drake_relax, drake_round) = reference("maze50_seed4.json");
    assert!((drake_relax - 150.139270).abs() < 1e-5);
    assert!((drake_round - 150.139270).abs() < 1e-5);
}
