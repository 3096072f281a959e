//! Determinism, observers, preprocessing, branch-and-bound limits and plots, through the
//! public API.

use globopt_core::observer::Recorder;
use globopt_core::{NoObserver, Status};
use globopt_gcs::{Instance, Maze, PlotOptions, RegionProblem, ShortestPathParams, plot_svg};

fn maze(n: usize, knock: usize, seed: u64) -> RegionProblem {
    RegionProblem::from_instance(&Maze::generate(n, knock, seed).unwrap().to_instance()).unwrap()
}

/// The report as JSON without the fields that hold wall-clock times.
fn timeless(mut v: serde_json::Value) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| !k.ends_with("_s") && k != "trace");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn same_seed_same_answer_whatever_the_thread_count() {
    let p = maze(7, 4, 11);
    let mut params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    params.threads = 1;
    let a = p.solve(&params, &mut NoObserver).unwrap();
    params.threads = 2;
    let b = p.solve(&params, &mut NoObserver).unwrap();
    assert_eq!(timeless(a.to_json()), timeless(b.to_json()));
    params.rounding.seed = 5;
    let c = p.solve(&params, &mut NoObserver).unwrap();
    assert!((c.objective().unwrap() - a.objective().unwrap()).abs() < 1e-9);
}

#[test]
fn observers_see_every_phase_and_can_stop_preprocessing() {
    let p = maze(6, 3, 2);
    let mut rec = Recorder::default();
    let params = ShortestPathParams {
        exact: true,
        preprocessing: true,
        ..Default::default()
    };
    let r = p.solve(&params, &mut rec).unwrap();
    assert_eq!(rec.phases[..3], ["preprocessing", "relaxation", "rounding"]);
    assert!(!rec.progress.is_empty());
    let pre = r.detail("preprocessing").unwrap();
    assert!(pre["edges_removed"].as_u64().unwrap() > 0, "{pre}");
    // pruning never changes the optimum
    let plain = p
        .solve(
            &ShortestPathParams {
                exact: true,
                ..Default::default()
            },
            &mut NoObserver,
        )
        .unwrap();
    assert!((plain.objective().unwrap() - r.objective().unwrap()).abs() < 1e-6);
    let mut stopper = Recorder {
        stop_after: Some(1),
        ..Default::default()
    };
    let stopped = p.solve(&params, &mut stopper).unwrap();
    assert_eq!(stopped.status(), Status::BudgetExhausted);
    assert!(stopped.solution.is_none());
}

#[test]
fn node_limit_stops_branch_and_bound_with_a_valid_bound() {
    // the 3×3 grid without its centre needs branching to close its 2.6 % gap
    let text = include_str!("fixtures/grid3_centre_removed.json");
    let p = RegionProblem::from_instance(&Instance::from_json(text).unwrap()).unwrap();
    let mut params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    params.branch_and_bound.node_limit = 1;
    let r = p.solve(&params, &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    let opt = 2.0 * 5f64.sqrt();
    assert!(r.bound().unwrap() <= opt + 1e-7);
    assert!(r.objective().unwrap() >= opt - 1e-7);
    assert!(r.message.as_deref().unwrap().contains("node limit"));
    params.branch_and_bound.node_limit = 100;
    let r = p.solve(&params, &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    assert!(
        r.detail("branch_and_bound").unwrap()["nodes"]
            .as_u64()
            .unwrap()
            >= 2
    );
}

#[test]
fn svg_plots_show_regions_flows_and_path() {
    let p = maze(5, 2, 1);
    let r = p
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    let svg = plot_svg(
        &p,
        r.solution.as_ref(),
        &PlotOptions {
            title: Some("maze".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.matches("<polygon").count() >= 25,
        "one polygon per cell"
    );
    assert!(svg.contains("maze"));
    // without a solution: regions and graph only
    let bare = plot_svg(&p, None, &PlotOptions::default()).unwrap();
    assert!(bare.len() < svg.len());
    // a 3D world is drawn as two projections
    let text = r#"{"regions": [[[0,0,0],[1,1,1]], [[1,0,0],[2,1,1]]], "start": [0.5,0.5,0.5], "goal": [1.5,0.5,0.5]}"#;
    let p3 = RegionProblem::from_instance(&Instance::from_json(text).unwrap()).unwrap();
    let r3 = p3
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    assert_eq!(r3.status(), Status::Optimal);
    assert!((r3.objective().unwrap() - 1.0).abs() < 1e-7);
    let svg3 = plot_svg(&p3, r3.solution.as_ref(), &PlotOptions::default()).unwrap();
    assert!(svg3.contains("x1 – x2") && svg3.contains("x1 – x3"));
}

#[test]
fn a_near_grid_maze_still_gets_a_bound() {
    // 10×10 with 100 knock-downs is almost a full grid: a weak, degenerate relaxation on which
    // Clarabel can stop at reduced accuracy; the solve then retries at looser tolerances so
    // that the report still carries a bound it can claim
    let p = maze(10, 100, 1);
    let r = p
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    assert_eq!(r.status(), Status::Feasible);
    let (bound, obj) = (r.bound().unwrap(), r.objective().unwrap());
    assert!((bound - 13.4536).abs() < 1e-3, "{bound}");
    assert!(bound <= obj && obj < 1.3 * bound);
    assert_eq!(r.detail("relaxation").unwrap()["solver_status"], "Solved");
}
