//! Run FMT* or GMT* on a world given as JSON on stdin and print one JSON line per seed (cost,
//! phase timings, collision checks); used by `benches/reference/sampling/fmt_ompl.py`.
//!
//! Request: `{"world": {"bounds": [lo, hi], "obstacles": [...]}, "start": [..], "goal": [..],
//! "n": 2000, "seeds": [0, 1], "planner": "gmt", "lambda": 0.5, "threads": 2,
//! "radius_factor": 2.0, "radius": null, "replay": null}`; with `"replay": [[nodes], ...]`
//! (one node list per seed, start first, goal last) the given sample sets are planned on
//! instead of drawing new ones.
use globopt_core::NoObserver;
use globopt_sampling::*;
use serde::Deserialize;
use std::io::Read;

#[derive(Deserialize)]
struct Request {
    world: WorldSpec,
    start: Vec<f64>,
    goal: Vec<f64>,
    n: usize,
    seeds: Vec<u64>,
    planner: Planner,
    #[serde(default = "half")]
    lambda: f64,
    #[serde(default)]
    threads: usize,
    #[serde(default = "two")]
    radius_factor: f64,
    #[serde(default)]
    radius: Option<Vec<f64>>,
    #[serde(default)]
    replay: Option<Vec<Vec<Vec<f64>>>>,
}

fn half() -> f64 {
    0.5
}
fn two() -> f64 {
    2.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let req: Request = serde_json::from_str(&text)?;
    let world = World::from_spec(&req.world)?;
    let problem = PlanningProblem::new(world, req.start.clone(), Goal::Point(req.goal.clone()))?;
    for (k, &seed) in req.seeds.iter().enumerate() {
        let params = PlannerParams {
            planner: req.planner,
            samples: req.n,
            seed,
            lambda: req.lambda,
            threads: req.threads,
            radius_factor: req.radius_factor,
            radius: req.radius.as_ref().map(|r| r[k]),
            ..Default::default()
        };
        let t = std::time::Instant::now();
        let plan = match &req.replay {
            Some(sets) => {
                let nodes = &sets[k];
                let is_goal = nodes.iter().map(|p| p == &req.goal).collect();
                let samples = SampleSet::from_points(nodes, is_goal)?;
                plan_on_samples(&problem, samples, &params, 0.0, &mut NoObserver)?
            }
            None => plan(&problem, &params, &mut NoObserver)?,
        };
        let total = t.elapsed().as_secs_f64();
        println!(
            "{}",
            serde_json::json!({"seed": seed, "cost": plan.report.objective(), "radius": plan.radius,
                "sampling_s": plan.timings.sampling_s, "neighbors_s": plan.timings.neighbors_s,
                "planning_s": plan.timings.planning_s, "total_s": total,
                "collision_checks": plan.report.evaluations, "nodes": plan.samples.len()})
        );
    }
    Ok(())
}
