//! Behaviour of CBO through the public API: determinism across thread counts and drivers,
//! saved state, stopping rules, observers, bad input, boundary policies, batches, plots.

use globopt_core::observer::{NoObserver, Recorder};
use globopt_core::testfn::single_objective;
use globopt_core::{AskTell, Evaluation, FnObjective, Objective, Status, TestObjective};
use globopt_swarm::plot::{energy_svg, snapshots_svg};
use globopt_swarm::{
    AlphaSchedule, Boundary, Bounds, Cbo, CboParams, Method, Problem, SigmaDecay, StopReason,
    SwarmError, minimize, minimize_batch, solve,
};

fn rastrigin(d: usize) -> (TestObjective, Problem) {
    let f = single_objective(&format!("rastrigin:{d}")).unwrap();
    let p = Problem::from_test_function(f.as_ref(), None);
    (TestObjective(f), p)
}

fn small(runs: usize, iterations: u64) -> CboParams {
    CboParams {
        particles: 20,
        runs,
        iterations,
        seed: 11,
        trace_every: Some(10),
        ..Default::default()
    }
}

fn in_pool<T: Send>(threads: usize, job: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(job)
}

/// The report without its wall-clock fields.
fn timeless(r: &globopt_core::Report<globopt_swarm::CboSolution>) -> serde_json::Value {
    let mut v = r.to_json();
    v.as_object_mut().unwrap().remove("elapsed_s");
    for t in v["trace"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("time_s");
    }
    v
}

#[test]
fn bit_identical_whatever_the_thread_count() {
    let (f, problem) = rastrigin(5);
    // several runs (parallel over runs) and one run (parallel over particles)
    for runs in [5, 1] {
        let params = CboParams {
            batch: Some(12),
            snapshots: vec![0, 50],
            ..small(runs, 300)
        };
        let one = in_pool(1, || solve(&f, &problem, &params, &mut NoObserver).unwrap());
        let two = in_pool(2, || solve(&f, &problem, &params, &mut NoObserver).unwrap());
        let four = in_pool(4, || solve(&f, &problem, &params, &mut NoObserver).unwrap());
        assert_eq!(timeless(&one), timeless(&two));
        assert_eq!(timeless(&one), timeless(&four));
        assert_eq!(one.solution, two.solution);
        assert_eq!(one.evaluations, runs as u64 * 300 * 12);
        // another seed gives another answer
        let other = solve(
            &f,
            &problem,
            &CboParams {
                seed: 12,
                ..params.clone()
            },
            &mut NoObserver,
        )
        .unwrap();
        assert_ne!(other.objective(), one.objective());
    }
}

#[test]
fn every_driver_gives_the_same_runs() {
    let (f, problem) = rastrigin(4);
    let params = small(3, 120);
    let solved = solve(&f, &problem, &params, &mut NoObserver).unwrap();
    // a vectorized objective, one call per round
    let mut calls = 0;
    let batch = minimize_batch(
        |pts| {
            calls += 1;
            pts.iter().map(|x| f.evaluate(x).value().unwrap()).collect()
        },
        &problem,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    assert_eq!(calls, 120);
    assert_eq!(batch.solution, solved.solution);
    // ask/tell, a few points at a time, told in reverse order within each group
    let mut cbo = Cbo::new(problem.clone(), params.clone()).unwrap();
    loop {
        let pts = cbo.ask(7).unwrap();
        if pts.is_empty() {
            break;
        }
        let rev: Vec<Vec<f64>> = pts.into_iter().rev().collect();
        let outs: Vec<Evaluation> = rev.iter().map(|x| f.evaluate(x)).collect();
        cbo.tell(&rev, &outs).unwrap();
    }
    assert!(cbo.is_finished());
    assert_eq!(cbo.report().solution, solved.solution);
    let (bx, bf) = cbo.best().unwrap();
    assert_eq!(Some(bf), solved.objective());
    assert_eq!(bx, solved.solution.as_ref().unwrap().x);
    // the closure form, from the same box
    let closure = minimize(
        |x: &[f64]| f.evaluate(x).value().unwrap(),
        &problem.init_box,
        &params,
    )
    .unwrap();
    assert_eq!(closure.objective(), solved.objective());
}

#[test]
fn saved_state_resumes_to_the_same_result() {
    let (f, problem) = rastrigin(3);
    let params = CboParams {
        alpha_schedule: AlphaSchedule::CBX_EFFECTIVE,
        batch: Some(8),
        ..small(2, 100)
    };
    let mut straight = Cbo::new(problem.clone(), params.clone()).unwrap();
    straight.run_steps(&f, 100).unwrap();
    let mut first = Cbo::new(problem.clone(), params.clone()).unwrap();
    first.run_steps(&f, 37).unwrap();
    let saved = serde_json::to_string(&first.state()).unwrap();
    let mut resumed = Cbo::from_state(serde_json::from_str(&saved).unwrap()).unwrap();
    resumed.run_steps(&f, 100).unwrap();
    assert!(resumed.is_finished());
    assert_eq!(resumed.report().solution, straight.report().solution);
    // a tampered state is refused, not trusted
    let mut v: serde_json::Value = serde_json::from_str(&saved).unwrap();
    v["runs"][1]["x"].as_array_mut().unwrap().pop();
    let e = Cbo::from_state(serde_json::from_value(v).unwrap()).unwrap_err();
    assert!(matches!(e, SwarmError::State(_)), "{e}");
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let (f, problem) = rastrigin(3);
    let err = |p: CboParams| {
        solve(&f, &problem, &p, &mut NoObserver)
            .unwrap_err()
            .to_string()
    };
    assert!(
        err(CboParams {
            alpha: 0.0,
            ..small(1, 10)
        })
        .starts_with("alpha")
    );
    assert!(
        err(CboParams {
            alpha: -2.0,
            ..small(1, 10)
        })
        .starts_with("alpha")
    );
    assert!(
        err(CboParams {
            particles: 0,
            ..small(1, 10)
        })
        .starts_with("particles")
    );
    // dimension mismatch: objective against problem, initial particles, told points
    let wrong = FnObjective::new(4, |x: &[f64]| x[0]);
    let e = solve(&wrong, &problem, &small(1, 10), &mut NoObserver).unwrap_err();
    assert_eq!(e, SwarmError::dim("objective", 3, 4));
    let e =
        Cbo::with_particles(problem.clone(), small(1, 10), &[vec![vec![0.0; 2]; 20]]).unwrap_err();
    assert!(e.to_string().starts_with("x0[0][0]"), "{e}");
    let e =
        Cbo::with_particles(problem.clone(), small(2, 10), &[vec![vec![0.0; 3]; 20]]).unwrap_err();
    assert!(e.to_string().starts_with("x0 (runs)"), "{e}");
    let e = Cbo::with_particles(
        problem.clone(),
        small(1, 10),
        &[vec![vec![f64::NAN, 0.0, 0.0]; 20]],
    )
    .unwrap_err();
    assert!(e.to_string().contains("finite"), "{e}");
    let mut cbo = Cbo::new(problem.clone(), small(1, 10)).unwrap();
    let pts = cbo.ask(3).unwrap();
    assert!(cbo.tell(&pts, &[Evaluation::Value(1.0)]).is_err());
    assert!(
        cbo.tell(&[vec![9.0, 9.0, 9.0]], &[Evaluation::Value(1.0)])
            .is_err()
    );
    assert!(
        cbo.tell(&[vec![9.0, 9.0]], &[Evaluation::Value(1.0)])
            .is_err()
    );
    assert!(cbo.tell_round(&[1.0; 5]).is_err());
    // telling the same point twice is refused the second time
    cbo.tell(&pts[..1], &[Evaluation::Value(1.0)]).unwrap();
    assert!(cbo.tell(&pts[..1], &[Evaluation::Value(1.0)]).is_err());
    let e = minimize_batch(|_| vec![0.0; 3], &problem, &small(1, 10), &mut NoObserver).unwrap_err();
    assert!(e.to_string().contains("f_batch"), "{e}");
}

#[test]
fn nonfinite_values_are_excluded_and_counted() {
    // the sphere, but NaN for x[0] < 0 and +inf for x[1] > 2.5: the minimum at 0.5·1 stays
    // reachable from the finite side
    let f = FnObjective::new(2, |x: &[f64]| {
        if x[0] < 0.0 {
            f64::NAN
        } else if x[1] > 2.5 {
            f64::INFINITY
        } else {
            (x[0] - 0.5).powi(2) + (x[1] - 0.5).powi(2)
        }
    });
    let problem = Problem::new(Bounds::cube(-3.0, 3.0, 2).unwrap());
    let params = small(4, 300);
    let r = solve(&f, &problem, &params, &mut NoObserver).unwrap();
    let failed = r.detail("failed_evaluations").unwrap().as_u64().unwrap();
    assert!(failed > 0 && failed < r.evaluations, "{failed}");
    assert!(r.warnings.iter().any(|w| w.contains("non-finite")));
    assert!(r.objective().unwrap() < 1e-6, "{:?}", r.objective());
    let x = &r.solution.as_ref().unwrap().x;
    assert!(x.iter().all(|v| v.is_finite()));
    // nothing finite at all: an error report, no panic, no NaN answer
    let never = FnObjective::new(2, |_: &[f64]| f64::NAN);
    let r = solve(&never, &problem, &small(2, 20), &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::Error);
    assert!(r.objective().is_none());
    assert_eq!(r.detail("failed_evaluations").unwrap(), 2 * 20 * 20);
    assert_eq!(r.detail("steps_without_consensus").unwrap(), 2 * 20);
}

#[test]
fn stopping_rules_and_status() {
    let sphere = FnObjective::new(3, |x: &[f64]| x.iter().map(|v| v * v).sum());
    let problem = Problem::new(Bounds::cube(-3.0, 3.0, 3).unwrap())
        .with_optimum(vec![vec![0.0; 3]], Some(0.0));
    // energy tolerance: a convergence rule, so the status is feasible
    let p = CboParams {
        energy_tol: Some(1e-4),
        ..small(3, 5000)
    };
    let r = solve(&sphere, &problem, &p, &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::Feasible);
    assert!(r.objective().unwrap() < 1e-4);
    let runs = &r.solution.as_ref().unwrap().runs;
    assert!(
        runs.iter()
            .all(|x| x.stop == Some(StopReason::EnergyTolerance) && x.iterations < 5000)
    );
    assert_eq!(r.detail("success_rate").unwrap(), 1.0);
    assert!(r.bound().is_none());
    assert_eq!(r.detail("certificate").unwrap(), globopt_swarm::CERTIFICATE);
    // spread
    // (at σ = 10.1 the mean distance to the consensus does not shrink: E|1 − λdt + σ√dt ξ| > 1
    // although E ln|·| < 0; at σ = 1 it does)
    let p = CboParams {
        spread_tol: Some(1e-3),
        sigma: 1.0,
        ..small(2, 5000)
    };
    let r = solve(&sphere, &problem, &p, &mut NoObserver).unwrap();
    let runs = &r.solution.as_ref().unwrap().runs;
    assert!(runs.iter().all(|x| x.stop == Some(StopReason::Spread)));
    assert_eq!(r.status(), Status::Feasible);
    // evaluation budget: CBXpy's rule, stop before a step that would exceed it
    let p = CboParams {
        max_evaluations: Some(1000),
        ..small(2, 5000)
    };
    let r = solve(&sphere, &problem, &p, &mut NoObserver).unwrap();
    assert_eq!(r.evaluations, 2 * 1000);
    assert_eq!(r.status(), Status::BudgetExhausted);
    let p = CboParams {
        max_evaluations: Some(1010),
        ..small(2, 5000)
    };
    assert_eq!(
        solve(&sphere, &problem, &p, &mut NoObserver)
            .unwrap()
            .evaluations,
        2 * 1000
    );
    // iterations
    let r = solve(&sphere, &problem, &small(2, 40), &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    assert_eq!(r.evaluations, 2 * 40 * 20);
    assert_eq!(r.detail("stop_reasons").unwrap()["iterations"], 2);
    // the trace is per history sample, monotone in the incumbent and the evaluations
    assert!(
        r.trace
            .windows(2)
            .all(|w| w[1].evaluations > w[0].evaluations && w[1].incumbent <= w[0].incumbent)
    );
    assert_eq!(r.trace.last().unwrap().evaluations, r.evaluations);
}

#[test]
fn observer_sees_progress_and_can_stop() {
    let (f, problem) = rastrigin(10);
    let mut rec = Recorder {
        stop_after: Some(1),
        ..Default::default()
    };
    let params = CboParams {
        runs: 2,
        iterations: 1_000_000,
        ..Default::default()
    };
    let r = solve(&f, &problem, &params, &mut rec).unwrap();
    assert_eq!(r.status(), Status::BudgetExhausted);
    assert!(r.objective().is_some());
    assert!(r.evaluations < 2 * 40 * 1_000_000);
    assert_eq!(rec.phases.len(), 1);
    assert!(
        rec.progress
            .iter()
            .all(|p| p.total == Some(80_000_000) && p.bound.is_none())
    );
    let runs = &r.solution.as_ref().unwrap().runs;
    assert!(runs.iter().all(|x| x.stop.is_none()));
}

#[test]
fn boundary_policies_keep_particles_in_the_domain() {
    // minimum of the shifted sphere lies outside [-1, 1]^2, so particles push on the faces
    let f = FnObjective::new(2, |x: &[f64]| (x[0] - 3.0).powi(2) + (x[1] + 3.0).powi(2));
    let domain = Bounds::cube(-1.0, 1.0, 2).unwrap();
    let problem = Problem::new(domain.clone()).with_domain(domain.clone());
    for boundary in [Boundary::Clip, Boundary::Reflect] {
        let p = CboParams {
            boundary,
            snapshots: (0..=200).step_by(20).collect(),
            ..small(1, 200)
        };
        let r = solve(&f, &problem, &p, &mut NoObserver).unwrap();
        let s = r.solution.as_ref().unwrap();
        assert_eq!(s.snapshots.len(), 11);
        for snap in &s.snapshots {
            assert!(snap.particles.iter().all(|x| domain.contains(x, 0.0)));
        }
        // the best point is the corner (1, -1), f = 8
        assert!(
            r.objective().unwrap() < 8.0 + 1e-3,
            "{boundary:?}: {:?}",
            r.objective()
        );
        assert_eq!(
            r.warnings.iter().any(|w| w.contains("clip")),
            boundary == Boundary::Clip
        );
    }
    // without a policy the particles leave the domain
    let r = solve(&f, &problem, &small(1, 300), &mut NoObserver).unwrap();
    assert!(r.objective().unwrap() < 1e-3);
}

#[test]
fn batches_evaluate_b_particles_per_step() {
    let sphere = FnObjective::new(4, |x: &[f64]| x.iter().map(|v| (v - 1.0).powi(2)).sum());
    let problem = Problem::new(Bounds::cube(-3.0, 3.0, 4).unwrap());
    for partial in [true, false] {
        let p = CboParams {
            batch: Some(7),
            batch_partial: partial,
            ..small(2, 3000)
        };
        let mut cbo = Cbo::new(problem.clone(), p.clone()).unwrap();
        assert_eq!(cbo.round_points().len(), 14);
        let before = cbo.particles(0).unwrap();
        cbo.run_steps(&sphere, 1).unwrap();
        let after = cbo.particles(0).unwrap();
        let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        // a particle that is the consensus itself (its weight rounds to 1 at α = 30) has
        // d = 0 and stays; every other moved particle changes
        let expected = if partial { 7 } else { 20 };
        assert!(
            moved == expected || moved == expected - 1,
            "{moved} particles moved, expected {expected}"
        );
        let r = solve(&sphere, &problem, &p, &mut NoObserver).unwrap();
        assert_eq!(r.evaluations, 2 * 3000 * 7);
        if partial {
            assert!(r.objective().unwrap() < 1e-4, "{:?}", r.objective());
        } else {
            // moving every particle toward a consensus of a changing batch diverges at
            // σ = 10.1 (CBXpy 1.0.4 does the same); the clip at ±1e8 keeps them numbers
            let mut cbo = Cbo::new(problem.clone(), p.clone()).unwrap();
            cbo.run_steps(&sphere, 3000).unwrap();
            let far = cbo.particles(0).unwrap().concat();
            assert!(far.iter().all(|v| v.abs() <= 1e8));
            assert!(far.iter().any(|v| v.abs() > 1e6));
        }
    }
}

#[test]
fn consensus_hopping_with_vanishing_radius() {
    let sphere = FnObjective::new(2, |x: &[f64]| (x[0] - 0.3).powi(2) + (x[1] + 0.2).powi(2));
    let problem = Problem::new(Bounds::cube(-2.0, 2.0, 2).unwrap());
    let p = CboParams {
        method: Method::ConsensusHopping,
        particles: 50,
        sigma: 0.5,
        alpha: 10.0,
        alpha_schedule: AlphaSchedule::Fixed,
        sigma_decay: Some(SigmaDecay {
            factor: 0.5,
            every: 5,
        }),
        snapshots: vec![0, 40],
        ..small(2, 60)
    };
    let r = solve(&sphere, &problem, &p, &mut NoObserver).unwrap();
    let s = r.solution.as_ref().unwrap();
    assert_eq!(r.evaluations, 2 * 60 * 50);
    // after 40 rounds σ = 0.5·0.5^8 ≈ 2e-3: the samples sit within a few σ of the iterate
    let late = &s.snapshots[1];
    let c = late.consensus.as_ref().unwrap();
    assert!(
        late.particles
            .iter()
            .all(|y| (y[0] - c[0]).abs() < 0.02 && (y[1] - c[1]).abs() < 0.02)
    );
    assert!(
        (s.x[0] - 0.3).abs() < 1e-2 && (s.x[1] + 0.2).abs() < 1e-2,
        "{:?}",
        s.x
    );
}

#[test]
fn plots_are_svg_documents() {
    let (f, problem) = rastrigin(2);
    let p = CboParams {
        snapshots: vec![0, 10, 100, 1000],
        ..small(4, 1000)
    };
    let r = solve(&f, &problem, &p, &mut NoObserver).unwrap();
    let s = r.solution.as_ref().unwrap();
    let cloud = snapshots_svg(s, &problem, Some(&f)).unwrap();
    assert!(cloud.starts_with("<svg") && cloud.contains("iteration 100"));
    assert!(cloud.matches("<circle").count() >= 4 * 20);
    let energy = energy_svg(s, problem.f_star).unwrap();
    assert!(energy.contains("<svg") && energy.contains("median"));
    let (f3, p3) = rastrigin(3);
    let r3 = solve(&f3, &p3, &small(1, 10), &mut NoObserver).unwrap();
    assert!(snapshots_svg(r3.solution.as_ref().unwrap(), &p3, None).is_err());
    // without f* the values are drawn raw, linear
    assert!(
        energy_svg(r3.solution.as_ref().unwrap(), None)
            .unwrap()
            .contains("best f")
    );
}

#[test]
fn report_carries_the_consensus_trajectory_and_per_run_results() {
    let (f, problem) = rastrigin(2);
    let r = solve(&f, &problem, &small(3, 200), &mut NoObserver).unwrap();
    let s = r.solution.as_ref().unwrap();
    assert_eq!(s.runs.len(), 3);
    let traj = s.consensus_trajectory();
    // samples at 1, 10, 20, ..., 200
    assert_eq!(traj.len(), 21);
    assert_eq!(traj.last().unwrap().1, s.consensus.as_slice());
    assert!(
        s.history
            .iter()
            .enumerate()
            .all(|(m, h)| (m == s.best_run) != h.consensus.is_empty())
    );
    assert_eq!(r.detail("best_run").unwrap(), s.best_run);
    assert_eq!(s.runs[s.best_run].f, r.objective());
    let j = r.to_json();
    for key in [
        "success_rate",
        "median_best_f",
        "method",
        "alpha_schedule",
        "certificate",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    assert!(j["method"].as_str().unwrap().contains("multiply by 1.05"));
}
