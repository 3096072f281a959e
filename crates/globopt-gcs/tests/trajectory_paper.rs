//! Paper-scale trajectory checks (shared digest 01): the 50×50 maze in model D and 20 seeded
//! buildings with branch and bound. Release mode, ignored by default:
//!
//! ```text
//! cargo test --release -p globopt-gcs --test trajectory_paper -- --ignored --nocapture
//! ```

use globopt_core::{NoObserver, Report, Status};
use globopt_gcs::{
    BranchAndBoundParams, Building, CostWeights, Instance, ShortestPathParams, Trajectory,
    TrajectoryOptions, TrajectoryProblem,
};

fn maze() -> Instance {
    Instance::from_json(include_str!("fixtures/maze50_seed4.json")).unwrap()
}

fn assert_valid(problem: &TrajectoryProblem, report: &Report<Trajectory>) {
    let traj = report.solution.as_ref().expect("a trajectory");
    let check = traj.check(problem, 100);
    assert!(check.holds(1e-6), "{check:?}");
    let cost = traj.cost(problem.options().order, &problem.options().cost);
    let obj = report.objective().unwrap();
    assert!(
        (cost - obj).abs() <= 1e-6 * obj.abs().max(1.0),
        "{cost} vs {obj}"
    );
}

/// Digest 01: order 3, minimum time, |q̇ᵢ| ≤ 1, C¹, h ∈ [1e-3, 20]: relaxation 200.2577,
/// rounded 201.1687 (Drake: the 0.45 % gap), each within 0.1 %.
#[test]
#[ignore = "release-mode paper check (about a minute)"]
fn maze_minimum_time_order_3() {
    let opts = TrajectoryOptions {
        order: 3,
        continuity: 1,
        h_min: 1e-3,
        h_max: 20.0,
        velocity_max: Some(vec![1.0, 1.0]),
        ..Default::default()
    };
    let problem = TrajectoryProblem::from_instance(&maze(), opts).unwrap();
    let report = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let relax = report.bound().unwrap();
    let round = report.objective().unwrap();
    println!(
        "maze order 3: relaxation {relax:.6}, rounded {round:.6}, gap {:.4} %, {:.1} s",
        100.0 * (round - relax) / relax,
        report.elapsed_s
    );
    assert!((relax / 200.2577 - 1.0).abs() < 1e-3, "{relax}");
    assert!((round / 201.1687 - 1.0).abs() < 1e-3, "{round}");
    assert_valid(&problem, &report);
}

/// The order-1 length variant equals the piecewise-linear shortest path, 150.139270.
#[test]
#[ignore = "release-mode paper check"]
fn maze_length_order_1() {
    let opts = TrajectoryOptions {
        order: 1,
        continuity: 0,
        cost: CostWeights {
            time: 0.0,
            length: 1.0,
            energy: 0.0,
        },
        ..Default::default()
    };
    let problem = TrajectoryProblem::from_instance(&maze(), opts).unwrap();
    let report = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let round = report.objective().unwrap();
    println!(
        "maze order 1 length: {round:.7} (bound {:?})",
        report.bound()
    );
    assert!((round - 150.139270).abs() < 1e-4, "{round}");
    assert_eq!(report.status(), Status::Optimal);
    assert_valid(&problem, &report);
}

/// The paper's quadrotor setting in model P (order 7, C⁴, |q̇ᵢ| ≤ 10 m/s, ḣ_min 1e-3, time +
/// length, zero velocity, acceleration and jerk at both ends) over 20 seeded buildings:
/// `C_relax ≤ C_B&B ≤ C_round` and `δ_relax ≥ δ_opt` wherever branch and bound finishes;
/// prints the relaxation gap and the true gap of each.
#[test]
#[ignore = "release-mode paper check (a few minutes)"]
fn twenty_buildings() {
    let opts = TrajectoryOptions {
        model: globopt_gcs::TrajectoryModel::BezierTimescaling,
        order: 7,
        continuity: 4,
        hdot_min: 1e-3,
        velocity_max: Some(vec![10.0; 3]),
        cost: CostWeights {
            time: 1.0,
            length: 1.0,
            energy: 0.0,
        },
        boundary: globopt_gcs::BoundaryConditions {
            zero_derivatives: 3,
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut finished, mut within_1pct) = (0, 0);
    println!("seed  relax  round  exact  delta_relax  delta_opt  nodes");
    for seed in std::env::var("BUILDING_SEEDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(0..20u64, |s| s..s + 1)
    {
        let inst = Building::default().generate(seed).unwrap();
        let problem = TrajectoryProblem::from_instance(&inst, opts.clone()).unwrap();
        let params = ShortestPathParams {
            exact: true,
            branch_and_bound: BranchAndBoundParams {
                node_limit: 200,
                time_limit_s: Some(60.0),
            },
            ..Default::default()
        };
        let report = problem.solve(&params, &mut NoObserver).unwrap();
        assert_valid(&problem, &report);
        let relax = report.detail("relaxation_cost").unwrap().as_f64().unwrap();
        let round = report.detail("rounded_cost").unwrap().as_f64().unwrap();
        let bnb = report.detail("branch_and_bound").unwrap();
        // finished = branch and bound proved the optimum (every node closed with a proof)
        let complete = report.status() == Status::Optimal;
        let exact = report.objective().unwrap();
        assert!(relax <= exact + 1e-6 && exact <= round + 1e-6);
        let d_relax = (round - relax) / relax;
        let d_opt = (round - exact) / exact;
        println!(
            "{seed:4}  {relax:.4}  {round:.4}  {exact:.4}{}  {:.3} %  {:.3} %  {}",
            if complete {
                String::new()
            } else {
                format!(
                    " (unproven, bound {:.4})",
                    report.bound().unwrap_or(f64::NAN)
                )
            },
            100.0 * d_relax,
            100.0 * d_opt,
            bnb["nodes"]
        );
        if complete {
            finished += 1;
            assert!(d_relax >= d_opt - 1e-6);
            if d_opt < 0.01 {
                within_1pct += 1;
            }
        }
    }
    println!("branch and bound finished on {finished}/20; δ_opt < 1 % on {within_1pct}");
    assert!(finished >= 18, "{finished}");
    assert!(within_1pct * 10 >= finished * 9, "{within_1pct}/{finished}");
}
