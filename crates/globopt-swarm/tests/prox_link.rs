//! The link between consensus hopping and the proximal (implicit gradient) step on the 1-D
//! tilted double well f(y) = (y² − 1)² + 0.3y (shared digest 10, check 2; values checked by
//! quadrature in numpy).

use globopt_core::FnObjective;
use globopt_core::observer::NoObserver;
use globopt_swarm::consensus::consensus_point;
use globopt_swarm::{AlphaSchedule, Bounds, CboParams, Method, Problem, solve};

fn well(y: f64) -> f64 {
    (y * y - 1.0).powi(2) + 0.3 * y
}

/// The Gibbs mean of Gaussian sampling around `x` with radius² τ/α, weighted by exp(−αf): the
/// consensus over a fine grid with energies f(y) + (y − x)²/(2τ).
fn gibbs_mean(x: f64, tau: f64, alpha: f64) -> f64 {
    let grid: Vec<f64> = (0..=400_000)
        .map(|k| -3.0 + 6.0 * k as f64 / 400_000.0)
        .collect();
    let energies: Vec<f64> = grid
        .iter()
        .map(|&y| well(y) + (y - x).powi(2) / (2.0 * tau))
        .collect();
    let mut c = [0.0];
    consensus_point(&grid, &energies, alpha, &mut c).unwrap();
    c[0]
}

#[test]
fn gibbs_mean_tends_to_the_prox_point_and_jumps_the_barrier() {
    // prox_{τf}(0.2) with τ = 1, by minimizing f(y) + (y − 0.2)²/2 on the grid
    let prox = (0..=600_000)
        .map(|k| -3.0 + 6.0 * k as f64 / 600_000.0)
        .min_by(|a, b| {
            let g = |y: f64| well(y) + (y - 0.2f64).powi(2) / 2.0;
            g(*a).total_cmp(&g(*b))
        })
        .unwrap();
    assert!((prox - -0.88224).abs() < 2e-5, "{prox}");
    let expected = [
        (10.0, -0.58463),
        (100.0, -0.87956),
        (1000.0, -0.88197),
        (10000.0, -0.88221),
    ];
    let mut errors = Vec::new();
    for (alpha, mean) in expected {
        let g = gibbs_mean(0.2, 1.0, alpha);
        assert!((g - mean).abs() < 2e-5, "α = {alpha}: {g} vs {mean}");
        assert!(g < 0.0, "the consensus jumps to the global basin");
        errors.push((g - prox).abs());
    }
    // O(1/α) once α ≥ 100: the error falls ~10× per decade
    assert!(
        errors[1] / errors[2] > 5.0 && errors[2] / errors[3] > 5.0,
        "{errors:?}"
    );
    // an explicit gradient step of the same size goes the other way
    let grad: f64 = 4.0 * 0.2 * (0.04 - 1.0) + 0.3;
    assert!((0.2 - grad - 0.668).abs() < 1e-3);
}

#[test]
fn sampled_consensus_converges_to_the_gibbs_mean_like_one_over_root_n() {
    // x = 0.2, τ = 0.1, α = 20, so σ = √(τ/α) = 0.0707; Gibbs mean 0.26684. One hopping round
    // per run, 300 runs as the 300 repeats.
    let (tau, alpha) = (0.1, 20.0);
    let target = gibbs_mean(0.2, tau, alpha);
    assert!((target - 0.26684).abs() < 2e-5, "{target}");
    let f = FnObjective::new(1, |y: &[f64]| well(y[0]));
    let start = Bounds::new(vec![0.2], vec![0.2]).unwrap();
    let mut rms = Vec::new();
    for (n, digest) in [(100usize, 2.3e-2), (1000, 9.2e-3), (10_000, 3.3e-3)] {
        let params = CboParams {
            method: Method::ConsensusHopping,
            particles: n,
            runs: 300,
            iterations: 1,
            sigma: (tau / alpha).sqrt(),
            alpha,
            alpha_schedule: AlphaSchedule::Fixed,
            seed: 7,
            ..Default::default()
        };
        let r = solve(&f, &Problem::new(start.clone()), &params, &mut NoObserver).unwrap();
        let runs = &r.solution.as_ref().unwrap().runs;
        let e = (runs
            .iter()
            .map(|x| (x.consensus[0] - target).powi(2))
            .sum::<f64>()
            / runs.len() as f64)
            .sqrt();
        // 300 repeats estimate an RMS to about ±4%; the digest's values within ±20%
        assert!(
            (e / digest - 1.0).abs() < 0.2,
            "N = {n}: RMS {e} vs {digest}"
        );
        rms.push(e);
    }
    let slope = (rms[2] / rms[0]).log10() / 2.0;
    assert!((-0.55..=-0.35).contains(&slope), "slope {slope}");
}
