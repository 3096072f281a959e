//! FMT* and GMT* through the public API: the digest-13 checks (exact geodesic lower bound on
//! the 3-box world, reduction of GMT* to FMT*, the (1 + 2λ) factor, thread independence, tree
//! invariants), 3D worlds, mazes against the GCS optimum, cancellation and bad input.

use globopt_core::observer::Recorder;
use globopt_core::{NoObserver, Status};
use globopt_gcs::{ConvexSet, Instance, Maze};
use globopt_sampling::geometry::distance;
use globopt_sampling::tree::NO_PARENT;
use globopt_sampling::*;

/// The geodesic of the 3-box world (digest 13, visibility graph).
const THREE_BOX_GEODESIC: f64 = 1.212167;

fn boxes(list: &[(&[f64], &[f64])]) -> Vec<ConvexSet> {
    list.iter()
        .map(|(l, h)| ConvexSet::aabox(l.to_vec(), h.to_vec()).unwrap())
        .collect()
}

fn three_box() -> PlanningProblem {
    let obs = boxes(&[
        (&[0.05, 0.20], &[0.45, 0.35]),
        (&[0.70, 0.30], &[0.90, 0.50]),
        (&[0.30, 0.60], &[0.80, 0.75]),
    ]);
    let world = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], obs).unwrap();
    PlanningProblem::new(world, vec![0.1, 0.1], Goal::Point(vec![0.9, 0.9])).unwrap()
}

fn params(planner: Planner, samples: usize, seed: u64, lambda: f64) -> PlannerParams {
    PlannerParams {
        planner,
        samples,
        seed,
        lambda,
        ..Default::default()
    }
}

/// The path's cost recomputed, its segments re-checked, its ends checked.
fn check_path(problem: &PlanningProblem, plan: &Plan) -> f64 {
    let sol = plan.report.solution.as_ref().expect("a path");
    let w = &sol.waypoints;
    assert_eq!(w[0], problem.start);
    assert!(problem.goal.contains(&w[w.len() - 1]));
    let mut cost = 0.0;
    for s in w.windows(2) {
        assert!(
            problem.world.segment_free(&s[0], &s[1]),
            "path segment {s:?} collides"
        );
        cost += distance(&s[0], &s[1]);
    }
    assert!((cost - sol.cost).abs() <= 1e-12 * cost.max(1.0));
    cost
}

/// Parent array acyclic and rooted at 0, exact costs, collision-free edges.
fn check_tree(problem: &PlanningProblem, plan: &Plan) {
    let t = &plan.tree;
    assert_eq!(t.parent[0], NO_PARENT);
    assert_eq!(t.cost[0], 0.0);
    for v in 0..t.parent.len() {
        if t.parent[v] == NO_PARENT {
            assert!(v == 0 || t.state[v] == NodeState::Unvisited);
            continue;
        }
        let p = t.parent[v] as usize;
        let d = distance(plan.samples.point(p), plan.samples.point(v));
        assert_eq!(t.cost[v], t.cost[p] + d, "cost of node {v}");
        assert!(
            problem
                .world
                .segment_free(plan.samples.point(p), plan.samples.point(v))
        );
        // walking up reaches the root in fewer steps than there are nodes
        let mut u = v;
        let mut steps = 0;
        while t.parent[u] != NO_PARENT {
            u = t.parent[u] as usize;
            steps += 1;
            assert!(steps <= t.parent.len());
        }
        assert_eq!(u, 0);
    }
}

#[test]
fn three_box_world_paths_respect_the_geodesic_and_gmt_respects_its_factor() {
    let problem = three_box();
    let mut fmt_costs = Vec::new();
    for seed in 0..5 {
        let fmt = plan(
            &problem,
            &params(Planner::Fmt, 2000, seed, 0.5),
            &mut NoObserver,
        )
        .unwrap();
        assert_eq!(fmt.report.status(), Status::Feasible);
        let c_fmt = check_path(&problem, &fmt);
        check_tree(&problem, &fmt);
        assert!(
            c_fmt >= THREE_BOX_GEODESIC - 1e-9,
            "FMT* {c_fmt} beats the geodesic"
        );
        assert!((fmt.report.bound().unwrap() - 0.8 * 2f64.sqrt()).abs() < 1e-12);
        fmt_costs.push(c_fmt);
        for lambda in [0.2, 0.5, 1.0] {
            let gmt = plan(
                &problem,
                &params(Planner::Gmt, 2000, seed, lambda),
                &mut NoObserver,
            )
            .unwrap();
            let c_gmt = check_path(&problem, &gmt);
            check_tree(&problem, &gmt);
            assert!(c_gmt >= THREE_BOX_GEODESIC - 1e-9);
            assert!(
                c_gmt <= (1.0 + 2.0 * lambda) * c_fmt,
                "seed {seed}, λ = {lambda}: GMT* {c_gmt} > (1 + 2λ) FMT* {c_fmt}"
            );
            assert_eq!(
                gmt.report.detail("suboptimality_factor").unwrap(),
                &serde_json::json!(1.0 + 2.0 * lambda)
            );
        }
    }
    // digest 13: FMT* mean 1.2291 at n = 2000 (10 seeds, independent implementation); OMPL 1.2264
    let mean = fmt_costs.iter().sum::<f64>() / fmt_costs.len() as f64;
    assert!(mean > THREE_BOX_GEODESIC && mean < 1.25, "FMT* mean {mean}");
}

#[test]
fn gmt_with_tiny_lambda_is_fmt_on_the_same_samples() {
    let problem = three_box();
    for seed in 0..3 {
        let fmt = plan(
            &problem,
            &params(Planner::Fmt, 1500, seed, 0.5),
            &mut NoObserver,
        )
        .unwrap();
        let gmt = plan(
            &problem,
            &params(Planner::Gmt, 1500, seed, 1e-9),
            &mut NoObserver,
        )
        .unwrap();
        let (a, b) = (fmt.report.solution.unwrap(), gmt.report.solution.unwrap());
        assert_eq!(a.nodes, b.nodes, "seed {seed}");
        assert_eq!(a.cost, b.cost);
    }
}

#[test]
fn gmt_output_does_not_depend_on_the_thread_count() {
    let problem = three_box();
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("timings");
        v.as_object_mut().unwrap().remove("elapsed_s");
        v.as_object_mut().unwrap().remove("threads");
        v
    };
    let run = |threads| {
        let p = PlannerParams {
            threads,
            samples: 3000,
            seed: 7,
            ..Default::default()
        };
        let plan = plan(&problem, &p, &mut NoObserver).unwrap();
        (strip(plan.report.to_json()), plan.tree)
    };
    let (r1, t1) = run(1);
    let (r2, t2) = run(2);
    assert_eq!(r1, r2);
    assert_eq!(t1, t2);
}

#[test]
fn halton_samples_and_goal_regions_work() {
    let problem = three_box();
    let p = PlannerParams {
        sampler: Sampler::Halton,
        samples: 1500,
        ..Default::default()
    };
    let plan_h = plan(&problem, &p, &mut NoObserver).unwrap();
    assert!(check_path(&problem, &plan_h) >= THREE_BOX_GEODESIC - 1e-9);
    let region = PlanningProblem::new(
        problem.world.clone(),
        vec![0.1, 0.1],
        Goal::Region([vec![0.85, 0.85], vec![0.95, 0.95]]),
    )
    .unwrap();
    let plan_r = plan(
        &region,
        &params(Planner::Gmt, 1500, 0, 0.5),
        &mut NoObserver,
    )
    .unwrap();
    let c = check_path(&region, &plan_r);
    assert!(
        c < 1.3
            && plan_r
                .report
                .detail("goal_nodes")
                .unwrap()
                .as_u64()
                .unwrap()
                >= 1
    );
}

#[test]
fn three_d_world_with_extruded_boxes() {
    let obs = boxes(&[
        (&[0.05, 0.20, 0.0], &[0.45, 0.35, 0.8]),
        (&[0.70, 0.30, 0.2], &[0.90, 0.50, 1.0]),
        (&[0.30, 0.60, 0.0], &[0.80, 0.75, 0.9]),
    ]);
    let world = World::with_obstacles(vec![0.0; 3], vec![1.0; 3], obs).unwrap();
    let problem =
        PlanningProblem::new(world, vec![0.1, 0.1, 0.1], Goal::Point(vec![0.9, 0.9, 0.9])).unwrap();
    for seed in 0..3 {
        let fmt = plan(
            &problem,
            &params(Planner::Fmt, 3000, seed, 0.5),
            &mut NoObserver,
        )
        .unwrap();
        let c_fmt = check_path(&problem, &fmt);
        check_tree(&problem, &fmt);
        assert!(c_fmt >= 0.8 * 3f64.sqrt());
        let gmt = plan(
            &problem,
            &params(Planner::Gmt, 3000, seed, 0.5),
            &mut NoObserver,
        )
        .unwrap();
        assert!(check_path(&problem, &gmt) <= 2.0 * c_fmt);
    }
}

#[test]
fn higher_dimensional_configuration_space() {
    // a 6D box with one slab obstacle leaving a gap at the top of axis 0
    let mut lo = vec![0.0; 6];
    let mut hi = vec![1.0; 6];
    lo[0] = 0.45;
    hi[0] = 0.55;
    hi[1] = 0.7;
    let world = World::with_obstacles(
        vec![0.0; 6],
        vec![1.0; 6],
        vec![ConvexSet::aabox(lo, hi).unwrap()],
    )
    .unwrap();
    let start = vec![0.1, 0.5, 0.5, 0.5, 0.5, 0.5];
    let goal = vec![0.9, 0.5, 0.5, 0.5, 0.5, 0.5];
    let problem = PlanningProblem::new(world, start, Goal::Point(goal)).unwrap();
    let p = PlannerParams {
        samples: 3000,
        radius_factor: 2.5,
        ..Default::default()
    };
    let r = plan(&problem, &p, &mut NoObserver).unwrap();
    let c = check_path(&problem, &r);
    assert!(c > 0.8 + 1e-6, "the path must detour around the slab: {c}");
}

#[test]
fn small_mazes_cost_at_least_the_gcs_optimum_and_converge_toward_it() {
    for (size, seed) in [(5usize, 1u64), (6, 2), (6, 3)] {
        let maze = Maze::generate(size, 4, seed).unwrap();
        let problem = PlanningProblem::from_instance(&maze.to_instance()).unwrap();
        let Goal::Point(goal) = problem.goal.clone() else {
            unreachable!()
        };
        let gcs = gcs_optimum(&problem.world, &problem.start, &goal).unwrap();
        assert_eq!(gcs.status, Status::Optimal, "maze {size}/{seed}");
        let (opt, bound) = (gcs.optimum.unwrap(), gcs.bound.unwrap());
        let mut excess = Vec::new();
        for n in [300usize, 3000] {
            let mut total = 0.0;
            for s in 0..3 {
                let r = plan(&problem, &params(Planner::Gmt, n, s, 0.5), &mut NoObserver).unwrap();
                let c = check_path(&problem, &r);
                assert!(
                    c >= bound - 1e-7,
                    "maze {size}/{seed}, n = {n}: {c} below the GCS bound {bound}"
                );
                let attached = attach_gcs(r.report, &gcs);
                assert!(attached.bound().unwrap() >= bound - 1e-12);
                total += c / opt - 1.0;
            }
            excess.push(total / 3.0);
        }
        assert!(
            excess[1] < excess[0],
            "maze {size}/{seed}: excess {excess:?} does not shrink"
        );
        assert!(excess[1] < 0.06, "maze {size}/{seed}: excess {excess:?}");
    }
}

#[test]
fn maze_fixture_costs_stay_above_the_certified_optimum() {
    // digest 01: the fixture's certified minimum length is 150.139270 (Drake + Clarabel, and
    // an independent transcription); globopt-gcs reproduces it (see the ignored test below)
    let text = include_str!("fixtures/maze50_seed4.json");
    let inst = Instance::from_json(text).unwrap();
    let problem = PlanningProblem::from_instance(&inst).unwrap();
    let mut last = f64::INFINITY;
    for n in [20_000usize, 50_000] {
        let r = plan(&problem, &params(Planner::Fmt, n, 1, 0.5), &mut NoObserver).unwrap();
        let c = check_path(&problem, &r);
        assert!(c >= 150.139270 - 1e-6, "n = {n}: {c}");
        assert!(c < last, "n = {n}: {c} does not improve on {last}");
        last = c;
    }
    assert!(last < 150.139270 * 1.08, "{last}");
}

#[test]
#[ignore = "solves the 2,500-region maze with GCS (seconds in release); cargo test --release -p globopt-sampling -- --ignored"]
fn maze_fixture_against_the_gcs_solve() {
    let text = include_str!("fixtures/maze50_seed4.json");
    let inst = Instance::from_json(text).unwrap();
    let problem = PlanningProblem::from_instance(&inst).unwrap();
    let gcs = gcs_optimum(&problem.world, &problem.start, &inst.goal).unwrap();
    assert_eq!(gcs.status, Status::Optimal);
    assert!((gcs.optimum.unwrap() - 150.139270).abs() < 1e-4);
    let mut prev = f64::INFINITY;
    for n in [20_000usize, 60_000, 150_000] {
        let r = plan(&problem, &params(Planner::Fmt, n, 1, 0.5), &mut NoObserver).unwrap();
        let c = check_path(&problem, &r);
        assert!(c >= gcs.bound.unwrap() - 1e-7);
        assert!(c < prev);
        prev = c;
    }
}

#[test]
fn cancellation_returns_budget_exhausted_with_progress_events() {
    let problem = three_box();
    let mut rec = Recorder {
        stop_after: Some(0),
        ..Default::default()
    };
    let r = plan(&problem, &params(Planner::Fmt, 2000, 0, 0.5), &mut rec).unwrap();
    assert_eq!(r.report.status(), Status::BudgetExhausted);
    assert!(r.report.solution.is_none());
    assert!(rec.phases.contains(&"fmt*".to_string()));
    let mut rec = Recorder::default();
    let r = plan(&problem, &params(Planner::Gmt, 2000, 0, 0.5), &mut rec).unwrap();
    assert_eq!(r.report.status(), Status::Feasible);
    assert!(!rec.progress.is_empty());
}

#[test]
fn an_unreachable_goal_is_budget_exhausted_not_infeasible() {
    let wall = boxes(&[(&[0.45, 0.0], &[0.55, 1.0])]);
    let world = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], wall).unwrap();
    let problem = PlanningProblem::new(world, vec![0.1, 0.5], Goal::Point(vec![0.9, 0.5])).unwrap();
    let r = plan(
        &problem,
        &params(Planner::Gmt, 500, 0, 0.5),
        &mut NoObserver,
    )
    .unwrap();
    assert_eq!(r.report.status(), Status::BudgetExhausted);
    assert!(
        r.report
            .message
            .as_deref()
            .unwrap()
            .contains("cannot reach")
    );
}

#[test]
fn bad_input_gives_errors_that_name_the_field() {
    let problem = three_box();
    let msg = |e: SamplingError| e.to_string();
    let e = PlanningProblem::new(
        problem.world.clone(),
        vec![0.2, 0.3],
        Goal::Point(vec![0.9, 0.9]),
    )
    .unwrap_err();
    assert!(msg(e).starts_with("start: "), "start in collision");
    let e = PlanningProblem::new(
        problem.world.clone(),
        vec![0.1, 0.1],
        Goal::Point(vec![0.8, 0.4]),
    )
    .unwrap_err();
    assert!(msg(e).starts_with("goal: "));
    let e = plan(&problem, &params(Planner::Gmt, 0, 0, 0.5), &mut NoObserver).unwrap_err();
    assert!(msg(e).starts_with("samples"));
    for bad in [0.0, 1.5, f64::NAN] {
        let e = plan(
            &problem,
            &params(Planner::Gmt, 100, 0, bad),
            &mut NoObserver,
        )
        .unwrap_err();
        assert!(msg(e).starts_with("lambda"));
    }
    let p = PlannerParams {
        radius_factor: -1.0,
        ..Default::default()
    };
    assert!(msg(plan(&problem, &p, &mut NoObserver).unwrap_err()).starts_with("radius_factor"));
    let degenerate = boxes(&[(&[0.3, 0.3], &[0.3, 0.6])]);
    let e = World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], degenerate).unwrap_err();
    assert!(msg(e).contains("obstacles[0]"));
    let spec: WorldSpec = serde_json::from_str(r#"{"bounds": [[0, 0], [1, 1]], "obstacles": [{"A": [[1, 0], [-1, 0]], "b": [0.5, -0.5]}]}"#).unwrap();
    let e = World::from_spec(&spec).unwrap_err();
    assert!(msg(e).contains("obstacles[0]"));
}
