//! The paper's 50×50 maze (shared digest 01, "Checks that say it works"): the relaxation is
//! 150.139270 (Drake 1.51.1 + Clarabel), rounding returns the same cost, and the relaxation
//! with the flows fixed to the rounded path reproduces the restriction (perspective
//! transcription check).

use globopt_core::{NoObserver, Status};
use globopt_gcs::{
    Instance, RegionProblem, RelaxationInput, ShortestPathParams, path_cost, solve_relaxation,
    solve_restriction,
};

fn maze() -> RegionProblem {
    let text = include_str!("fixtures/maze50_seed4.json");
    let inst = Instance::from_json(text).unwrap();
    RegionProblem::from_instance(&inst).unwrap()
}

#[test]
fn maze50_relaxation_and_rounding_match_the_reference() {
    let problem = maze();
    let gcs = problem.gcs();
    assert_eq!(gcs.num_vertices(), 2502);
    assert_eq!(gcs.num_edges(), 5198 + 2);
    let params = ShortestPathParams::default();
    let report = problem.solve(&params, &mut NoObserver).unwrap();
    let relax = report.detail("relaxation_cost").unwrap().as_f64().unwrap();
    assert!((relax - 150.139270).abs() < 1e-4, "relaxation {relax}");
    let objective = report.objective().unwrap();
    let bound = report.bound().unwrap();
    assert!((objective - 150.139270).abs() < 1e-4, "rounded {objective}");
    assert!(
        (objective - relax).abs() / relax < 1e-6,
        "gap {}",
        (objective - relax) / relax
    );
    assert_eq!(report.status(), Status::Optimal);
    assert!(bound <= objective + 1e-6);
    // the digest's figures: 174 strictly fractional flows, one unique rounded path
    let rx = report.detail("relaxation").unwrap();
    assert_eq!(rx["fractional_flows"], 174);
    assert_eq!(report.detail("rounding").unwrap()["unique_paths"], 1);

    // the returned points lie in their sets and reproduce the objective
    let sol = report.solution.as_ref().unwrap();
    let recomputed = path_cost(gcs, &sol.edges, &sol.points, 1e-7).expect("points feasible");
    assert!((recomputed - objective).abs() < 1e-6 * objective);
    let way = problem.waypoints(sol);
    let near = |p: &[f64], q: [f64; 2]| (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9;
    assert!(near(way.first().unwrap(), [0.5, 0.0]));
    assert!(near(way.last().unwrap(), [49.5, 50.0]));
    assert!(way.windows(2).all(|w| !near(&w[0], [w[1][0], w[1][1]])));

    // transcription: the relaxation with φ fixed to the rounded path equals its restriction
    let mut active = vec![false; gcs.num_edges()];
    for &e in &sol.edges {
        active[e] = true;
    }
    let fixed = solve_relaxation(
        &RelaxationInput {
            gcs,
            source: problem.source(),
            target: problem.target(),
            active: &active,
            fixed_on: &sol.edges,
            two_cycle_cuts: true,
        },
        &params.solver,
        None,
    )
    .unwrap();
    let restricted = solve_restriction(gcs, &sol.edges, &params.solver).unwrap();
    assert!((fixed.cost - restricted.cost).abs() < 1e-7 * restricted.cost);
    assert!((restricted.cost - 150.139270).abs() < 1e-4);
}
