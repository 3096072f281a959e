//! Trajectory planning (shared digest 01, "Trajectory layer"): small instances of every
//! capability, each returned trajectory checked on dense samples; the paper-scale checks
//! (maze, 20 buildings) are `#[ignore]`d release-mode tests (see the crate README).

use globopt_core::{NoObserver, Report, Status};
use globopt_gcs::{
    AccelerationBound, BoundaryConditions, Building, CostWeights, EdgeRule, Instance, Maze,
    PathCost, RegionProblem, RegionSpec, ShortestPathParams, Trajectory, TrajectoryModel,
    TrajectoryOptions, TrajectoryProblem, speed_svg, trajectory_svg,
};

/// 3×3 unit cells without the centre, start (0, 0), goal (3, 3) (digest 01, small case a).
fn ring() -> Instance {
    let regions = (0..3)
        .flat_map(|x| (0..3).map(move |y| (x, y)))
        .filter(|&c| c != (1, 1))
        .map(|(x, y)| {
            let (x, y) = (f64::from(x), f64::from(y));
            RegionSpec::Box([vec![x, y], vec![x + 1.0, y + 1.0]])
        })
        .collect();
    Instance {
        regions,
        edges: None,
        edge_rule: EdgeRule::Facet,
        start: vec![0.0, 0.0],
        goal: vec![3.0, 3.0],
        cost: PathCost::Length,
        speed: None,
        tol: 1e-7,
        size: None,
        description: None,
    }
}

fn min_time(order: usize, continuity: usize, vmax: f64, n: usize) -> TrajectoryOptions {
    TrajectoryOptions {
        order,
        continuity,
        h_min: 1e-3,
        velocity_max: Some(vec![vmax; n]),
        ..Default::default()
    }
}

/// The dense-sampling invariants of digest 01 on every returned trajectory, and the
/// certificate's order.
fn assert_valid(problem: &TrajectoryProblem, report: &Report<Trajectory>) -> Trajectory {
    assert!(report.status().has_solution(), "{:?}", report.message);
    let traj = report.solution.clone().unwrap();
    let check = traj.check(problem, 100);
    assert!(check.holds(1e-6), "{check:?}");
    let cost = traj.cost(problem.options().order, &problem.options().cost);
    let obj = report.objective().unwrap();
    assert!(
        (cost - obj).abs() <= 1e-6 * obj.abs().max(1.0),
        "{cost} vs {obj}"
    );
    if let Some(b) = report.bound() {
        assert!(
            b <= obj + 1e-6 * obj.abs().max(1.0),
            "bound {b} > objective {obj}"
        );
    }
    for seg in &traj.segments {
        assert!(seg.curve.hull_in_set(&problem.regions()[seg.region], 1e-7));
    }
    traj
}

#[test]
fn minimum_time_in_model_d_is_certified_and_valid() {
    let problem = TrajectoryProblem::from_instance(&ring(), min_time(3, 1, 1.0, 2)).unwrap();
    let params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    let report = problem.solve(&params, &mut NoObserver).unwrap();
    let traj = assert_valid(&problem, &report);
    assert_eq!(report.status(), Status::Optimal);
    // |q̇ᵢ| ≤ 1 per axis: at least 3 s to cover 3 m along each axis
    assert!(traj.total_time >= 3.0 - 1e-6, "{}", traj.total_time);
    assert_eq!(report.kind(), "gcs-trajectory");
    assert_eq!(report.detail("flavour").unwrap(), "D");
    let relax = report.detail("relaxation_cost").unwrap().as_f64().unwrap();
    assert!(relax <= report.objective().unwrap() + 1e-6);
}

#[test]
fn order_one_length_equals_the_piecewise_linear_planner() {
    let inst = ring();
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
    let problem = TrajectoryProblem::from_instance(&inst, opts).unwrap();
    let params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    let report = problem.solve(&params, &mut NoObserver).unwrap();
    assert_valid(&problem, &report);
    let linear = RegionProblem::from_instance(&inst)
        .unwrap()
        .solve(&params, &mut NoObserver)
        .unwrap();
    let c = report.objective().unwrap();
    assert!((c - 2.0 * 5f64.sqrt()).abs() < 1e-6, "{c}");
    assert!((c - linear.objective().unwrap()).abs() < 1e-6);
}

#[test]
fn model_p_with_zero_boundary_derivatives_is_smooth() {
    let opts = TrajectoryOptions {
        model: TrajectoryModel::BezierTimescaling,
        order: 5,
        continuity: 2,
        hdot_min: 1e-3,
        velocity_max: Some(vec![1.0, 1.0]),
        cost: CostWeights {
            time: 1.0,
            length: 1.0,
            energy: 0.1,
        },
        boundary: BoundaryConditions {
            zero_derivatives: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let problem = TrajectoryProblem::from_instance(&ring(), opts).unwrap();
    let report = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let traj = assert_valid(&problem, &report);
    assert_eq!(report.detail("flavour").unwrap(), "P");
    // C² in time: the velocity does not jump at joints
    let check = traj.check(&problem, 100);
    assert!(check.velocity_jump < 1e-5, "{check:?}");
    let samples = traj.sample(100);
    let first = &samples[0];
    let last = samples.last().unwrap();
    assert!(first.velocity.iter().all(|v| v.abs() < 1e-6));
    assert!(last.velocity.iter().all(|v| v.abs() < 1e-6));
    assert!((last.t - traj.total_time).abs() < 1e-9);
}

#[test]
fn boundary_velocities_energy_and_acceleration_bounds_hold() {
    let opts = TrajectoryOptions {
        order: 4,
        continuity: 2,
        h_min: 0.1,
        velocity_max: Some(vec![1.0, 1.0]),
        acceleration: Some(AccelerationBound {
            max: vec![2.0, 2.0],
            reference_duration: 1.0,
        }),
        cost: CostWeights {
            time: 1.0,
            length: 0.0,
            energy: 1.0,
        },
        boundary: BoundaryConditions {
            start_velocity: Some(vec![0.5, 0.0]),
            goal_velocity: Some(vec![0.0, 0.5]),
            goal_acceleration: Some(vec![0.0, 0.0]),
            ..Default::default()
        },
        ..Default::default()
    };
    let problem = TrajectoryProblem::from_instance(&ring(), opts).unwrap();
    let report = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let traj = assert_valid(&problem, &report);
    for seg in &traj.segments {
        assert!(seg.duration >= 0.5 - 1e-7, "h ≥ h_ref/2: {}", seg.duration);
    }
}

#[test]
fn a_building_flight_in_3d() {
    let inst = Building::default().generate(3).unwrap();
    let opts = TrajectoryOptions {
        order: 3,
        continuity: 1,
        velocity_max: Some(vec![10.0; 3]),
        cost: CostWeights {
            time: 1.0,
            length: 1.0,
            energy: 0.0,
        },
        ..Default::default()
    };
    let problem = TrajectoryProblem::from_instance(&inst, opts).unwrap();
    let report = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let traj = assert_valid(&problem, &report);
    assert_eq!(traj.segments[0].curve.dim(), 3);
    let csv = Trajectory::samples_csv(&traj.sample(100)).unwrap();
    assert!(csv.starts_with("t,segment,x1,x2,x3,v1,v2,v3\n"));
    assert_eq!(csv.lines().count(), 1 + 100 * traj.segments.len());
    // three projections of the regions and the path; the speed plot with its bound
    let svg = trajectory_svg(&problem, Some(&traj), 50, "flight", 300).unwrap();
    for caption in ["flight (x1 – x2)", "flight (x1 – x3)", "flight (x2 – x3)"] {
        assert!(svg.contains(caption), "{caption}");
    }
    let speed = speed_svg(&traj, Some(&[10.0; 3]), 50, "speed").unwrap();
    assert!(speed.contains("bound 10"));
}

#[test]
fn infeasible_boundary_conditions_say_why() {
    let inst = ring();
    let solve = |inst: &Instance, opts: TrajectoryOptions| {
        let p = TrajectoryProblem::from_instance(inst, opts).unwrap();
        p.solve(&ShortestPathParams::default(), &mut NoObserver)
            .unwrap()
    };
    let mut outside = inst.clone();
    outside.start = vec![-1.0, 0.0];
    let r = solve(&outside, min_time(3, 1, 1.0, 2));
    assert_eq!(r.status(), Status::Infeasible);
    assert!(
        r.message.as_deref().unwrap().contains("start"),
        "{:?}",
        r.message
    );
    // 3 m at 0.01 m/s takes 300 s; 8 regions × 20 s allow 160 s
    let r = solve(&inst, min_time(3, 1, 0.01, 2));
    assert_eq!(r.status(), Status::Infeasible);
    assert!(
        r.message.as_deref().unwrap().contains("velocity_max"),
        "{:?}",
        r.message
    );
    // a boundary velocity above the bound
    let mut o = min_time(3, 1, 1.0, 2);
    o.boundary.start_velocity = Some(vec![2.0, 0.0]);
    let r = solve(&inst, o);
    assert_eq!(r.status(), Status::Infeasible);
    assert!(r.message.as_deref().unwrap().contains("start_velocity[0]"));
    // slow enough to need ≥ 6 s per cell when only 5 s are allowed per region: the
    // relaxation is infeasible, and the message says which bounds
    let mut o = min_time(3, 1, 0.2, 2);
    o.h_max = 4.0;
    let r = solve(&inst, o);
    assert_eq!(r.status(), Status::Infeasible, "{:?}", r.message);
    assert!(
        r.message.as_deref().unwrap().contains("h_max"),
        "{:?}",
        r.message
    );
}

#[test]
fn bad_options_are_named_errors() {
    let inst = ring();
    let err = |o: TrajectoryOptions| {
        TrajectoryProblem::from_instance(&inst, o)
            .unwrap_err()
            .to_string()
    };
    let base = TrajectoryOptions::default();
    assert!(
        err(TrajectoryOptions {
            order: 0,
            ..base.clone()
        })
        .contains("order")
    );
    assert!(
        err(TrajectoryOptions {
            continuity: 4,
            ..base.clone()
        })
        .contains("continuity")
    );
    assert!(
        err(TrajectoryOptions {
            velocity_max: Some(vec![1.0]),
            ..base.clone()
        })
        .contains("velocity_max")
    );
    assert!(
        err(TrajectoryOptions {
            velocity_max: Some(vec![1.0, -1.0]),
            ..base.clone()
        })
        .contains("velocity_max[1]")
    );
    let mut o = base.clone();
    o.boundary.start_acceleration = Some(vec![1.0, 0.0]);
    assert!(err(o).contains("start_acceleration"));
    let mut o = base.clone();
    o.cost.time = 0.0;
    assert!(err(o).contains("cost"));
    let o = TrajectoryOptions {
        model: TrajectoryModel::BezierTimescaling,
        acceleration: Some(AccelerationBound {
            max: vec![1.0, 1.0],
            reference_duration: 1.0,
        }),
        ..base.clone()
    };
    assert!(err(o).contains("acceleration"));
    let mut o = base;
    o.boundary.zero_derivatives = 3;
    assert!(err(o).contains("zero_derivatives"));
}

#[test]
fn same_seed_same_trajectory() {
    let inst = Maze::generate(4, 3, 2).unwrap().to_instance();
    let problem = TrajectoryProblem::from_instance(&inst, min_time(3, 1, 1.0, 2)).unwrap();
    let a = problem
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let b = problem
        .solve(
            &ShortestPathParams {
                threads: 1,
                ..Default::default()
            },
            &mut NoObserver,
        )
        .unwrap();
    assert_valid(&problem, &a);
    assert_eq!(a.solution, b.solution);
    assert_eq!(a.objective(), b.objective());
}

#[test]
fn polytope_regions_in_both_models() {
    // a unit square and a triangle sharing the edge x = 1, 0 ≤ y ≤ 1, written as polytopes
    let square = RegionSpec::Polytope {
        a: vec![
            vec![1.0, 0.0],
            vec![-1.0, 0.0],
            vec![0.0, 1.0],
            vec![0.0, -1.0],
        ],
        b: vec![1.0, 0.0, 1.0, 0.0],
    };
    let triangle = RegionSpec::Polytope {
        a: vec![vec![-1.0, 0.0], vec![0.0, -1.0], vec![1.0, 1.0]],
        b: vec![-1.0, 0.0, 2.0],
    };
    let inst = Instance {
        regions: vec![square, triangle],
        edges: None,
        edge_rule: EdgeRule::Facet,
        start: vec![0.1, 0.9],
        goal: vec![1.8, 0.1],
        cost: PathCost::Length,
        speed: None,
        tol: 1e-7,
        size: None,
        description: None,
    };
    for model in [TrajectoryModel::Bezier, TrajectoryModel::BezierTimescaling] {
        let opts = TrajectoryOptions {
            model,
            order: 4,
            continuity: 2,
            h_min: 1e-2,
            hdot_min: 1e-2,
            velocity_max: Some(vec![1.0, 1.0]),
            ..Default::default()
        };
        let problem = TrajectoryProblem::from_instance(&inst, opts).unwrap();
        let report = problem
            .solve(&ShortestPathParams::default(), &mut NoObserver)
            .unwrap();
        let traj = assert_valid(&problem, &report);
        assert_eq!(traj.segments.len(), 2, "{model:?}");
        // 1.7 m along x at ≤ 1 m/s
        assert!(traj.total_time >= 1.7 - 1e-6, "{}", traj.total_time);
    }
}

/// Drake's GcsTrajectoryOptimization (1.51.1, Clarabel) on the same instances and settings
/// (fixture written by `benches/reference/gcs/trajectory_fixtures.py`): the relaxation and
/// the rounded cost agree within 1e-5 relative.
#[test]
fn relaxation_and_rounding_match_drake() {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/drake_trajectory.json")).unwrap();
    let mut cases = 0;
    for (key, case) in reference.as_object().unwrap() {
        let Some(file) = case.get("instance").and_then(|v| v.as_str()) else {
            continue;
        };
        let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
        let inst = Instance::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let f = |k: &str| case[k].as_f64().unwrap();
        let opts = TrajectoryOptions {
            order: case["order"].as_u64().unwrap() as usize,
            continuity: case["continuity"].as_u64().unwrap() as usize,
            h_min: f("h_min"),
            h_max: f("h_max"),
            velocity_max: Some(vec![f("vmax"); inst.start.len()]),
            cost: CostWeights {
                time: f("time"),
                length: f("length"),
                energy: 0.0,
            },
            ..Default::default()
        };
        let problem = TrajectoryProblem::from_instance(&inst, opts).unwrap();
        let report = problem
            .solve(&ShortestPathParams::default(), &mut NoObserver)
            .unwrap();
        assert_valid(&problem, &report);
        let relax = report.detail("relaxation_cost").unwrap().as_f64().unwrap();
        let round = report.detail("rounded_cost").unwrap().as_f64().unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-5 * b.abs().max(1.0);
        assert!(
            close(relax, f("relaxation_cost")),
            "{key}: {relax} vs Drake"
        );
        assert!(close(round, f("rounded_cost")), "{key}: {round} vs Drake");
        cases += 1;
    }
    assert_eq!(cases, 4);
}
