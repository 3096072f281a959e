//! Certificates on random small instances (shared digest 01, "Small exact instances" and the
//! property test): on mazes up to 8×8 with knock-downs and on random polytope worlds in 2D
//! and 3D, branch and bound's optimum `C_opt` satisfies `C_relax ≤ C_opt ≤ C_round`, agrees
//! with brute-force enumeration of every simple path, and is reported `Optimal`; relaxations
//! with the flows fixed to a path equal that path's restriction.

use globopt_core::rng::seeded;
use globopt_core::{NoObserver, Status};
use globopt_gcs::rounding::solve_restrictions;
use globopt_gcs::search::simple_paths;
use globopt_gcs::{
    EdgeRule, Instance, Maze, PathCost, RegionProblem, RegionSpec, RelaxationInput,
    ShortestPathParams, solve_relaxation,
};
use rand::Rng;

/// Relative tolerance for comparing conic optima solved to 1e-8.
const TOL: f64 = 1e-6;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * a.abs().max(b.abs()).max(1.0)
}

/// Solve exactly, enumerate, and check the certificate chain; returns whether a path exists.
fn check(problem: &RegionProblem, label: &str) -> bool {
    let gcs = problem.gcs();
    let params = ShortestPathParams {
        exact: true,
        ..Default::default()
    };
    let report = problem.solve(&params, &mut NoObserver).unwrap();
    let all = vec![true; gcs.num_edges()];
    let paths = simple_paths(gcs, problem.source(), problem.target(), &all, 5000).unwrap();
    let restrictions = solve_restrictions(gcs, &paths, &params.solver).unwrap();
    let c_enum = restrictions
        .iter()
        .filter(|r| r.is_solved())
        .map(|r| r.cost)
        .fold(f64::INFINITY, f64::min);
    if !c_enum.is_finite() {
        assert_eq!(
            report.status(),
            Status::Infeasible,
            "{label}: {:?}",
            report.message
        );
        return false;
    }
    assert_eq!(
        report.status(),
        Status::Optimal,
        "{label}: {:?}",
        report.message
    );
    let c_relax = report.detail("relaxation_cost").unwrap().as_f64().unwrap();
    let c_round = report.detail("rounded_cost").unwrap().as_f64().unwrap();
    let c_opt = report.objective().unwrap();
    assert!(
        c_relax <= c_opt + TOL * c_opt.max(1.0),
        "{label}: relax {c_relax} > opt {c_opt}"
    );
    assert!(
        c_opt <= c_round + TOL * c_opt.max(1.0),
        "{label}: opt {c_opt} > round {c_round}"
    );
    assert!(
        close(c_opt, c_enum),
        "{label}: B&B {c_opt} vs enumeration {c_enum}"
    );
    assert!(
        report.bound().unwrap() <= c_opt + TOL * c_opt.max(1.0),
        "{label}"
    );
    true
}

/// The relaxation with φ fixed to the given path equals the path's restriction.
fn check_transcription(
    problem: &RegionProblem,
    path: &[usize],
    restriction_cost: f64,
    label: &str,
) {
    let gcs = problem.gcs();
    let mut active = vec![false; gcs.num_edges()];
    for &e in path {
        active[e] = true;
    }
    let r = solve_relaxation(
        &RelaxationInput {
            gcs,
            source: problem.source(),
            target: problem.target(),
            active: &active,
            fixed_on: path,
            two_cycle_cuts: true,
        },
        &Default::default(),
        None,
    )
    .unwrap();
    assert!(
        (r.cost - restriction_cost).abs() <= 1e-7 * restriction_cost.max(1.0),
        "{label}: fixed relaxation {} vs restriction {restriction_cost}",
        r.cost
    );
}

/// A world of `k` random polytopes in `R^dim`: boxes of half-width 0.6–0.9 around centers
/// that step 0.9–1.2 units from the previous center (or, one time in three, from a random
/// earlier one, which makes branches and loops), each cut by three random halfspaces that
/// keep its center; the start is the first center, the goal the center farthest from it.
fn random_world(dim: usize, k: usize, seed: u64) -> Instance {
    let mut rng = seeded(seed);
    let mut centers: Vec<Vec<f64>> = vec![vec![0.0; dim]];
    while centers.len() < k {
        let from = if rng.random_range(0..3) == 0 {
            centers[rng.random_range(0..centers.len())].clone()
        } else {
            centers[centers.len() - 1].clone()
        };
        let step: Vec<f64> = (0..dim).map(|_| rng.random_range(-1.0..1.0)).collect();
        let norm = step.iter().map(|s| s * s).sum::<f64>().sqrt().max(1e-9);
        let len: f64 = rng.random_range(0.9..1.2);
        centers.push(
            from.iter()
                .zip(&step)
                .map(|(c, s)| c + len * s / norm)
                .collect(),
        );
    }
    let dist = |c: &[f64]| c.iter().map(|x| x * x).sum::<f64>();
    let far = (1..k)
        .max_by(|&a, &b| dist(&centers[a]).total_cmp(&dist(&centers[b])))
        .unwrap_or(0);
    let regions = centers
        .iter()
        .map(|c| {
            let r: f64 = rng.random_range(0.6..0.9);
            let mut a = Vec::new();
            let mut b = Vec::new();
            for i in 0..dim {
                let mut row = vec![0.0; dim];
                row[i] = 1.0;
                a.push(row.clone());
                b.push(c[i] + r);
                row[i] = -1.0;
                a.push(row);
                b.push(-c[i] + r);
            }
            for _ in 0..3 {
                let u: Vec<f64> = (0..dim).map(|_| rng.random_range(-1.0..1.0)).collect();
                let norm = u.iter().map(|s| s * s).sum::<f64>().sqrt().max(1e-9);
                let u: Vec<f64> = u.iter().map(|s| s / norm).collect();
                let off = u.iter().zip(c).map(|(p, q)| p * q).sum::<f64>()
                    + r * rng.random_range(0.4..0.9);
                a.push(u);
                b.push(off);
            }
            RegionSpec::Polytope { a, b }
        })
        .collect();
    Instance {
        regions,
        edges: None,
        edge_rule: EdgeRule::Facet,
        start: centers[0].clone(),
        goal: centers[far].clone(),
        cost: PathCost::Length,
        speed: None,
        tol: 1e-7,
        size: None,
        description: None,
    }
}

#[test]
fn mazes_up_to_8x8_certify_and_match_enumeration() {
    let mut checked = 0;
    for (k, size) in (3..=8).cycle().take(30).enumerate() {
        let knock = 1 + k % 4;
        let maze = Maze::generate(size, knock, 100 + k as u64).unwrap();
        let problem = RegionProblem::from_instance(&maze.to_instance()).unwrap();
        assert!(check(
            &problem,
            &format!("maze {size}x{size} knock {knock} seed {}", 100 + k)
        ));
        checked += 1;
    }
    assert_eq!(checked, 30);
}

#[test]
fn random_polytope_worlds_in_2d_and_3d_certify_and_match_enumeration() {
    let mut with_path = 0;
    let mut total = 0;
    for dim in [2, 3] {
        for seed in 0..12u64 {
            let k = 5 + (seed as usize % 3);
            let inst = random_world(dim, k, 1000 * dim as u64 + seed);
            let problem = match RegionProblem::from_instance(&inst) {
                Ok(p) => p,
                Err(e) => panic!("dim {dim} seed {seed}: {e}"),
            };
            total += 1;
            if check(
                &problem,
                &format!("{dim}D world seed {seed} ({k} polytopes)"),
            ) {
                with_path += 1;
            }
        }
    }
    assert_eq!(total, 24);
    // with the 30 mazes of the test above, at least 50 random instances carry the whole
    // certificate chain (23 of these 24 worlds have a path)
    assert!(
        30 + with_path >= 50,
        "only {with_path} of 24 worlds had a path"
    );
}

#[test]
fn fixed_integral_flows_reproduce_every_restriction() {
    for seed in 0..4u64 {
        let maze = Maze::generate(5, 3, seed).unwrap();
        let problem = RegionProblem::from_instance(&maze.to_instance()).unwrap();
        let gcs = problem.gcs();
        let all = vec![true; gcs.num_edges()];
        let paths = simple_paths(gcs, problem.source(), problem.target(), &all, 1000).unwrap();
        let rs = solve_restrictions(gcs, &paths, &Default::default()).unwrap();
        for (p, r) in paths.iter().zip(&rs) {
            check_transcription(&problem, p, r.cost, &format!("maze seed {seed}"));
        }
    }
    let inst = random_world(3, 5, 7);
    let problem = RegionProblem::from_instance(&inst).unwrap();
    let gcs = problem.gcs();
    let all = vec![true; gcs.num_edges()];
    let paths = simple_paths(gcs, problem.source(), problem.target(), &all, 1000).unwrap();
    let rs = solve_restrictions(gcs, &paths, &Default::default()).unwrap();
    for (p, r) in paths
        .iter()
        .zip(&rs)
        .filter(|(_, r)| r.is_solved())
        .take(10)
    {
        check_transcription(&problem, p, r.cost, "3D world");
    }
}
