//! globopt's FMT* against OMPL 2.0.1's FMT* on the same sample sets and radius (fixture made
//! by `benches/reference/sampling/fmt_ompl.py fixture`): 2D and 3D box worlds, 10 seeds each.

use globopt_core::NoObserver;
use globopt_sampling::*;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Case {
    world: WorldSpec,
    start: Vec<f64>,
    goal: Vec<f64>,
}

#[derive(Deserialize)]
struct Run {
    world: String,
    seed: u64,
    cost: f64,
    radius: f64,
    samples: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct Fixture {
    worlds: BTreeMap<String, Case>,
    runs: Vec<Run>,
}

#[test]
fn fmt_matches_ompl_on_the_same_samples_and_radius() {
    let fx: Fixture = serde_json::from_str(include_str!("fixtures/ompl_fmt.json")).unwrap();
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in &fx.runs {
        let case = &fx.worlds[&run.world];
        let world = World::from_spec(&case.world).unwrap();
        let problem =
            PlanningProblem::new(world, case.start.clone(), Goal::Point(case.goal.clone()))
                .unwrap();
        let is_goal = run.samples.iter().map(|p| p == &case.goal).collect();
        let samples = SampleSet::from_points(&run.samples, is_goal).unwrap();
        let params = |planner| PlannerParams {
            planner,
            radius: Some(run.radius),
            ..Default::default()
        };
        let fmt = plan_on_samples(
            &problem,
            samples.clone(),
            &params(Planner::Fmt),
            0.0,
            &mut NoObserver,
        )
        .unwrap();
        let c = fmt
            .report
            .objective()
            .expect("FMT* finds a path where OMPL did");
        ratios
            .entry(run.world.clone())
            .or_default()
            .push(c / run.cost);
        let gmt = plan_on_samples(
            &problem,
            samples,
            &params(Planner::Gmt),
            0.0,
            &mut NoObserver,
        )
        .unwrap();
        let g = gmt.report.objective().unwrap();
        assert!(
            g <= 2.0 * c,
            "{} seed {}: GMT* {g} > (1 + 2·0.5) FMT* {c}",
            run.world,
            run.seed
        );
    }
    assert_eq!(ratios.len(), 2);
    for (world, mut r) in ratios {
        assert!(r.len() >= 10);
        r.sort_by(f64::total_cmp);
        let median = 0.5 * (r[r.len() / 2 - 1] + r[r.len() / 2]);
        assert!(
            (median - 1.0).abs() <= 0.02,
            "{world}: median cost ratio {median} ({r:?})"
        );
        // the sets and radius are the same: most runs agree to rounding
        let agree = r.iter().filter(|x| (**x - 1.0).abs() < 1e-3).count();
        eprintln!(
            "{world}: median ours/OMPL {median:.6}, {agree} of {} within 0.1 %, range {:.4}..{:.4}",
            r.len(),
            r[0],
            r[r.len() - 1]
        );
        assert!(
            agree * 2 >= r.len(),
            "{world}: only {agree} of {} runs agree ({r:?})",
            r.len()
        );
    }
}
