//! CBXpy 1.0.4 without noise (σ = 0), from the same initial particles: globopt must reproduce
//! its consensus points, α values, best energies and final particles to rounding. Fixture made
//! by `benches/reference/cbo/make_fixtures.py` (command in its header).

use globopt_core::TestObjective;
use globopt_core::testfn::single_objective;
use globopt_swarm::{AlphaSchedule, Bounds, Cbo, CboParams, Noise, Problem};
use serde_json::Value;

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * (1.0 + b.abs()),
        "{what}: globopt {a} vs CBXpy {b}"
    );
}

#[test]
fn noiseless_trajectories_match_cbxpy() {
    let text = include_str!("fixtures/cbx_sigma0.json");
    let fixture: Value = serde_json::from_str(text).unwrap();
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["function"].as_str().unwrap();
        let x0: Vec<Vec<Vec<f64>>> = serde_json::from_value(case["x0"].clone()).unwrap();
        let (m, n, d) = (x0.len(), x0[0].len(), x0[0][0].len());
        let params = CboParams {
            particles: n,
            runs: m,
            iterations: case["iterations"].as_u64().unwrap(),
            sigma: 0.0,
            alpha: case["alpha0"].as_f64().unwrap(),
            alpha_schedule: match case["schedule"].as_str().unwrap() {
                "multiply" => AlphaSchedule::CBX_DEFAULT,
                _ => AlphaSchedule::CBX_EFFECTIVE,
            },
            noise: match case["noise"].as_str().unwrap() {
                "isotropic" => Noise::Isotropic,
                _ => Noise::Anisotropic,
            },
            ..Default::default()
        };
        let problem = Problem::new(Bounds::cube(-3.0, 3.0, d).unwrap());
        let mut cbo = Cbo::with_particles(problem, params, &x0).unwrap();
        let f = TestObjective(single_objective(name).unwrap());
        for (t, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            cbo.run_steps(&f, 1).unwrap();
            for run in 0..m {
                let c: Vec<f64> = serde_json::from_value(step["consensus"][run].clone()).unwrap();
                for (j, (a, b)) in cbo.consensus(run).unwrap().iter().zip(&c).enumerate() {
                    close(
                        *a,
                        *b,
                        1e-9,
                        &format!("{name} step {t} run {run} consensus[{j}]"),
                    );
                }
                let alpha = step["alpha"][run].as_f64().unwrap();
                close(
                    cbo.alpha(run).unwrap(),
                    alpha,
                    1e-12,
                    &format!("{name} step {t} alpha"),
                );
                let best = step["best_energy"][run].as_f64().unwrap();
                close(
                    cbo.best_value_of(run).unwrap(),
                    best,
                    1e-9,
                    &format!("{name} step {t} best"),
                );
            }
        }
        assert!(cbo.is_finished());
        let xf: Vec<Vec<Vec<f64>>> = serde_json::from_value(case["x_final"].clone()).unwrap();
        for (run, particles) in xf.iter().enumerate() {
            for (p, q) in cbo.particles(run).unwrap().iter().zip(particles) {
                for (a, b) in p.iter().zip(q) {
                    close(*a, *b, 1e-9, &format!("{name} final particle of run {run}"));
                }
            }
        }
        let report = cbo.report();
        let bp: Vec<Vec<f64>> = serde_json::from_value(case["best_particle"].clone()).unwrap();
        for (run, x) in bp.iter().enumerate() {
            let ours = report.solution.as_ref().unwrap().runs[run]
                .x
                .clone()
                .unwrap();
            for (a, b) in ours.iter().zip(x) {
                close(*a, *b, 1e-9, &format!("{name} best particle of run {run}"));
            }
        }
    }
}
