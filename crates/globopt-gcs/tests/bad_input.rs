//! Bad input gives a clear error or an `Infeasible` report, never a panic: empty or
//! non-intersecting regions, a start outside every region, a NaN in a box, a disconnected
//! graph, malformed graphs and parameters, negative costs.

use globopt_core::{NoObserver, Status};
use globopt_gcs::{
    ConvexSet, Cost, EdgeRule, Gcs, Instance, PathCost, RegionProblem, RegionSpec,
    ShortestPathParams, solve_shortest_path,
};

fn boxes(list: &[([f64; 2], [f64; 2])]) -> Vec<RegionSpec> {
    list.iter()
        .map(|(lo, hi)| RegionSpec::Box([lo.to_vec(), hi.to_vec()]))
        .collect()
}

fn instance(
    regions: Vec<RegionSpec>,
    edges: Option<Vec<[usize; 2]>>,
    start: [f64; 2],
    goal: [f64; 2],
) -> Instance {
    Instance {
        regions,
        edges,
        edge_rule: EdgeRule::Facet,
        start: start.to_vec(),
        goal: goal.to_vec(),
        cost: PathCost::Length,
        speed: None,
        tol: 1e-7,
        size: None,
        description: None,
    }
}

fn build_error(inst: &Instance) -> String {
    RegionProblem::from_instance(inst).unwrap_err().to_string()
}

#[test]
fn empty_regions_are_errors() {
    let e = build_error(&instance(vec![], None, [0.0, 0.0], [1.0, 1.0]));
    assert!(e.contains("regions"), "{e}");
    let e = build_error(&instance(
        boxes(&[([0.0, 0.0], [1.0, 1.0]), ([2.0, 0.0], [1.0, 1.0])]),
        None,
        [0.5, 0.5],
        [0.5, 0.5],
    ));
    assert!(e.contains("regions[1]") && e.contains("empty"), "{e}");
    let poly = RegionSpec::Polytope {
        a: vec![vec![1.0, 0.0], vec![-1.0, 0.0]],
        b: vec![0.0, -1.0],
    };
    let e = build_error(&instance(vec![poly], None, [0.5, 0.5], [0.5, 0.5]));
    assert!(e.contains("regions[0]") && e.contains("empty"), "{e}");
}

#[test]
fn non_intersecting_regions() {
    let regions = boxes(&[([0.0, 0.0], [1.0, 1.0]), ([3.0, 0.0], [4.0, 1.0])]);
    // an explicit edge between them is an error naming the edge
    let e = build_error(&instance(
        regions.clone(),
        Some(vec![[0, 1]]),
        [0.5, 0.5],
        [3.5, 0.5],
    ));
    assert!(
        e.contains("edges[0]") && e.contains("do not intersect"),
        "{e}"
    );
    // derived edges: none, so no path: Infeasible by graph search, before any solve
    let p = RegionProblem::from_instance(&instance(regions, None, [0.5, 0.5], [3.5, 0.5])).unwrap();
    let r = p
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    assert!(
        r.message.as_deref().unwrap().contains("graph search"),
        "{:?}",
        r.message
    );
    assert_eq!(r.evaluations, 0);
}

#[test]
fn start_or_goal_outside_every_region() {
    let regions = boxes(&[([0.0, 0.0], [1.0, 1.0]), ([1.0, 0.0], [2.0, 1.0])]);
    let e = build_error(&instance(regions.clone(), None, [5.0, 5.0], [1.5, 0.5]));
    assert!(e.starts_with("start") && e.contains("no region"), "{e}");
    let e = build_error(&instance(regions.clone(), None, [0.5, 0.5], [1.5, 7.0]));
    assert!(e.starts_with("goal"), "{e}");
    let e = build_error(&instance(regions, None, [f64::NAN, 0.5], [1.5, 0.5]));
    assert!(e.contains("start[0]"), "{e}");
}

#[test]
fn nan_in_a_box_is_an_error() {
    let regions = vec![
        RegionSpec::Box([vec![0.0, 0.0], vec![1.0, f64::NAN]]),
        RegionSpec::Box([vec![1.0, 0.0], vec![2.0, 1.0]]),
    ];
    let e = build_error(&instance(regions, None, [0.5, 0.5], [1.5, 0.5]));
    assert!(
        e.contains("regions[0]") && e.contains("not a finite number"),
        "{e}"
    );
    assert!(ConvexSet::aabox(vec![f64::INFINITY], vec![1.0]).is_err());
}

#[test]
fn disconnected_graph_is_infeasible() {
    // two separate corridors; start in the first, goal in the second
    let regions = boxes(&[
        ([0.0, 0.0], [1.0, 1.0]),
        ([1.0, 0.0], [2.0, 1.0]),
        ([5.0, 0.0], [6.0, 1.0]),
        ([6.0, 0.0], [7.0, 1.0]),
    ]);
    let p = RegionProblem::from_instance(&instance(regions, None, [0.5, 0.5], [6.5, 0.5])).unwrap();
    for exact in [false, true] {
        let params = ShortestPathParams {
            exact,
            ..Default::default()
        };
        let r = p.solve(&params, &mut NoObserver).unwrap();
        assert_eq!(r.status(), Status::Infeasible);
        assert!(r.solution.is_none());
    }
    // one-way edges pointing the wrong way are disconnected too
    let regions = boxes(&[([0.0, 0.0], [1.0, 1.0]), ([1.0, 0.0], [2.0, 1.0])]);
    let p = RegionProblem::from_instance(&instance(
        regions,
        Some(vec![[1, 0]]),
        [0.5, 0.5],
        [1.5, 0.5],
    ))
    .unwrap();
    let r = p
        .solve(&ShortestPathParams::default(), &mut NoObserver)
        .unwrap();
    assert_eq!(r.status(), Status::Infeasible);
}

#[test]
fn geometrically_infeasible_edges_make_the_relaxation_infeasible() {
    // a by-hand graph whose only edge asks x_v = 5 while x_v ∈ [0, 1]
    let mut g = Gcs::new();
    let s = g.add_vertex(ConvexSet::point(vec![0.0]).unwrap(), "s");
    let t = g.add_vertex(ConvexSet::aabox(vec![0.0], vec![1.0]).unwrap(), "t");
    let e = g.add_edge(s, t).unwrap();
    g.add_edge_constraint(
        e,
        globopt_gcs::Constraint::head_in_set(1, 1, ConvexSet::point(vec![5.0]).unwrap()).unwrap(),
    )
    .unwrap();
    let r = solve_shortest_path(&g, s, t, &ShortestPathParams::default(), &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::Infeasible);
    assert!(r.message.as_deref().unwrap().contains("relaxation"));
}

#[test]
fn malformed_graphs_and_parameters_are_errors() {
    let mut g = Gcs::new();
    let s = g.add_vertex(ConvexSet::point(vec![0.0]).unwrap(), "s");
    let t = g.add_vertex(ConvexSet::aabox(vec![0.0], vec![1.0]).unwrap(), "t");
    let e = g.add_edge(s, t).unwrap();
    let p = ShortestPathParams::default();
    assert!(solve_shortest_path(&g, s, s, &p, &mut NoObserver).is_err());
    assert!(solve_shortest_path(&g, s, 9, &p, &mut NoObserver).is_err());
    let mut bad = p.clone();
    bad.rounding.paths = 0;
    let err = solve_shortest_path(&g, s, t, &bad, &mut NoObserver).unwrap_err();
    assert!(err.to_string().contains("rounding.paths"), "{err}");
    let mut bad = p.clone();
    bad.solver.tol_feas = f64::NAN;
    assert!(solve_shortest_path(&g, s, t, &bad, &mut NoObserver).is_err());
    // a cost that is negative on the sets
    g.add_edge_cost(
        e,
        Cost::Linear {
            a: vec![0.0, -1.0],
            c: 0.5,
        },
    )
    .unwrap();
    let err = solve_shortest_path(&g, s, t, &p, &mut NoObserver).unwrap_err();
    assert!(err.to_string().contains("nonnegative"), "{err}");
    // unknown fields in parameters are rejected by name
    let err =
        serde_json::from_str::<ShortestPathParams>(r#"{"rounding": {"path": 3}}"#).unwrap_err();
    assert!(err.to_string().contains("path"), "{err}");
}
