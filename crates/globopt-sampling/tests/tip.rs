//! The perception metric TIP through its JSON spec and library API: the paper's cone example
//! (closed form), the two-route GCS scene, Monte Carlo against closed forms, identities.

use globopt_core::{NoObserver, Status};
use globopt_sampling::tip::objects::{Position, UncertainObject, normal_cdf};
use globopt_sampling::tip::spec::TipSpec;
use globopt_sampling::tip::{Mode, tip_score};

fn cone_spec(mode: &str, seed: u64) -> TipSpec {
    TipSpec::from_json(&format!(
        r#"{{"world": {{"bounds": [[-3], [3]]}},
        "ego": {{"start": [-1], "goal": [1]}},
        "truth": [{{"id": "cone", "size": [0], "position": {{"uniform": [[-3], [-2]]}}}}],
        "perceived": [{{"id": "cone", "size": [0], "position": {{"uniform": [[-1], [0]]}}}}],
        "actions": {{"paths": [{{"name": "go", "waypoints": [[-1], [1]], "cost": 0}}], "stop_cost": 5}},
        "utility": {{"collision_cost": 10}},
        "mode": "{mode}", "samples": 10000, "seed": {seed}, "grid": 600}}"#
    ))
    .unwrap()
}

#[test]
fn the_papers_cone_example() {
    let (problem, opts) = cone_spec("exact", 0).build().unwrap();
    let r = tip_score(&problem, &opts, &mut NoObserver).unwrap();
    assert_eq!(r.status(), Status::Optimal);
    let s = r.solution.as_ref().unwrap();
    assert_eq!(s.tip, -10.0);
    assert_eq!(r.objective(), Some(-10.0));
    assert_eq!(s.regret, 5.0);
    assert_eq!(
        (s.a_star.as_str(), s.a_hat.as_str(), s.a_hat_q.as_str()),
        ("go", "stop", "stop")
    );
    let eu: Vec<(f64, f64)> = s
        .actions
        .iter()
        .map(|a| (a.eu_truth, a.eu_perceived))
        .collect();
    assert_eq!(eu, vec![(0.0, -10.0), (-5.0, -5.0)]);
    let d = &s.decomposition[0].decomposition;
    assert!((d.inner + 10.0).abs() < 1e-9, "{d:?}");
    assert!((d.error_energy - 2.0).abs() < 1e-9);
    assert!((d.utility_energy - 150.0).abs() < 1e-9);
    assert!((d.critical_energy - 100.0 / 150.0).abs() < 1e-9);
    assert!(
        (d.critical_share - 1.0 / 3.0).abs() < 1e-9,
        "33.3 % planning-relevant"
    );
    assert!((d.invariant_energy - 4.0 / 3.0).abs() < 1e-9);
    // missing the cone entirely changes nothing: it never was on the road
    assert_eq!(s.false_negatives[0].tip, 0.0);
}

#[test]
fn monte_carlo_cone_falls_in_its_hoeffding_interval() {
    let mut inside = 0;
    for seed in 0..100 {
        let (problem, opts) = cone_spec("monte_carlo", seed).build().unwrap();
        let r = tip_score(&problem, &opts, &mut NoObserver).unwrap();
        let s = r.solution.unwrap();
        assert_eq!(s.mode, Mode::MonteCarlo);
        assert!(s.tip <= 0.0);
        let [lo, hi] = s.interval.unwrap();
        if (lo..=hi).contains(&-10.0) {
            inside += 1;
        }
    }
    assert!(inside >= 95, "{inside} of 100");
}

#[test]
fn identical_worlds_score_zero_in_both_modes() {
    for mode in ["exact", "monte_carlo"] {
        let mut spec = cone_spec(mode, 3);
        spec.perceived = Some(spec.truth.clone());
        let (problem, opts) = spec.build().unwrap();
        let r = tip_score(&problem, &opts, &mut NoObserver).unwrap();
        assert_eq!(r.solution.unwrap().tip, 0.0, "{mode}");
    }
}

/// A corridor with a central pillar: GCS offers the lower route L and the upper route R.
fn corridor(truth: &str, perceived: &str) -> TipSpec {
    TipSpec::from_json(&format!(
        r#"{{"world": {{"bounds": [[0, 0], [10, 4]], "obstacles": [[[4, 1.2], [6, 3]]]}},
        "ego": {{"start": [0.5, 1.5], "goal": [9.5, 1.5]}},
        "truth": {truth}, "perceived": {perceived},
        "actions": {{"source": "gcs", "count": 2}},
        "utility": {{"collision_cost": 100}}, "grid": 20}}"#
    ))
    .unwrap()
}

const BLOCK_L: &str = r#"[{"id": "box", "size": [0.6, 1.5], "position": {"fixed": [5, 0.75]}}]"#;

#[test]
fn two_route_gcs_scene_in_closed_form() {
    let (problem, opts) = corridor(BLOCK_L, "[]").build().unwrap();
    assert_eq!(problem.actions.len(), 2, "GCS must offer two routes");
    let (l, r) = (&problem.actions[0], &problem.actions[1]);
    let (ll, lr) = (l.length(), r.length());
    assert!(ll < lr, "the lower route is shorter: {ll} vs {lr}");
    let c = 100.0;
    // missed obstacle: TIP = −C, regret = C − (ℓ_R − ℓ_L)
    let s = tip_score(&problem, &opts, &mut NoObserver)
        .unwrap()
        .solution
        .unwrap();
    assert_eq!(s.a_star, r.name);
    assert!((s.tip + c).abs() < 1e-9, "{}", s.tip);
    assert!((s.regret - (c - (lr - ll))).abs() < 1e-9);
    assert!(s.tip <= -s.regret);
    // perceived on the upper route: TIP = −2C
    let on_r = r#"[{"id": "box", "size": [0.6, 2.0], "position": {"fixed": [5, 3.5]}}]"#;
    let (problem, opts) = corridor(BLOCK_L, on_r).build().unwrap();
    assert!(
        problem.actions[1]
            .waypoints
            .iter()
            .any(|p| p[1] >= 3.0 - 1e-6)
    );
    let s = tip_score(&problem, &opts, &mut NoObserver)
        .unwrap()
        .solution
        .unwrap();
    assert!((s.tip + 2.0 * c).abs() < 1e-9, "{}", s.tip);
    // a phantom away from both routes: TIP = 0 exactly
    let phantom = r#"[{"id": "box", "size": [0.6, 1.5], "position": {"fixed": [5, 0.75]}},
                      {"id": "ghost", "size": [0.6, 0.6], "position": {"fixed": [8, 3.6]}}]"#;
    let (problem, opts) = corridor(BLOCK_L, phantom).build().unwrap();
    let s = tip_score(&problem, &opts, &mut NoObserver)
        .unwrap()
        .solution
        .unwrap();
    assert_eq!(s.tip, 0.0);
}

#[test]
fn gaussian_crossing_object_matches_its_closed_form() {
    // a straight route along y = 0 on [0, 10]; an object of half-width 0.25 whose center is
    // N(0.3, 0.4²) across it: P(hit) = Φ((0 + w − μ)/σ) − Φ((0 − w − μ)/σ)
    let spec = |mode: &str, seed: u64, mu: f64| {
        TipSpec::from_json(&format!(
            r#"{{"world": {{"bounds": [[0, -3], [10, 3]]}}, "ego": {{"start": [0, 0], "goal": [10, 0]}},
            "truth": [{{"id": "o", "size": [0.5, 0.5], "position": {{"gaussian": {{"mean": [5, 2.5], "sigma": [0, 0]}}}}}}],
            "perceived": [{{"id": "o", "size": [0.5, 0.5], "position": {{"gaussian": {{"mean": [5, {mu}], "sigma": [0, 0.4]}}}}}}],
            "actions": {{"paths": [{{"name": "straight", "waypoints": [[0, 0], [10, 0]]}}], "stop_cost": 12}},
            "utility": {{"collision_cost": 20}}, "mode": "{mode}", "samples": 10000, "seed": {seed}, "grid": 400,
            "decompose": false}}"#
        ))
        .unwrap()
    };
    let (w, mu, sigma) = (0.25, 0.3, 0.4);
    let p_hit = normal_cdf((w - mu) / sigma) - normal_cdf((-w - mu) / sigma);
    // a* = straight (EU_p = −10 > −12); under q EU(straight) = −10 − 20 p_hit
    let expected = ((-10.0 - 20.0 * p_hit) - (-12.0)) - 2.0;
    let (problem, opts) = spec("exact", 0, mu).build().unwrap();
    let s = tip_score(&problem, &opts, &mut NoObserver)
        .unwrap()
        .solution
        .unwrap();
    assert!(
        (s.tip - expected.min(0.0)).abs() < 2e-3,
        "{} vs {expected}",
        s.tip
    );
    let mut inside = 0;
    for seed in 0..40 {
        let (problem, opts) = spec("monte_carlo", seed, mu).build().unwrap();
        let s = tip_score(&problem, &opts, &mut NoObserver)
            .unwrap()
            .solution
            .unwrap();
        let eps = s.epsilon.unwrap();
        if (s.tip - expected.min(0.0)).abs() <= 2.0 * eps {
            inside += 1;
        }
    }
    assert!(inside >= 38, "{inside} of 40");
}

#[test]
fn tip_bounds_the_regret_whenever_the_plan_flips() {
    for (mu, sd) in [(0.0, 0.1), (0.5, 0.3), (1.5, 0.5), (-0.2, 1.0)] {
        let truth = UncertainObject {
            id: "o".into(),
            size: vec![0.4, 0.4],
            position: Position::Fixed(vec![5.0, 2.0]),
            existence: 1.0,
        };
        let perceived = UncertainObject {
            position: Position::Gaussian {
                mean: vec![5.0, mu],
                sigma: vec![0.2, sd],
            },
            existence: 0.9,
            ..truth.clone()
        };
        let mut spec = TipSpec::from_json(
            r#"{"world": {"bounds": [[0, -3], [10, 3]]}, "ego": {"start": [0, 0], "goal": [10, 0]},
            "perceived": [],
            "actions": {"paths": [{"name": "straight", "waypoints": [[0, 0], [10, 0]]},
                                   {"name": "dogleg", "waypoints": [[0, 0], [5, -1.5], [10, 0]]}], "stop_cost": 13},
            "grid": 60}"#,
        )
        .unwrap();
        spec.truth = vec![truth];
        spec.perceived = Some(vec![perceived]);
        let (problem, opts) = spec.build().unwrap();
        let s = tip_score(&problem, &opts, &mut NoObserver)
            .unwrap()
            .solution
            .unwrap();
        assert!(s.tip <= 0.0);
        if s.a_hat_q != s.a_star {
            assert!(s.tip <= -s.regret + 1e-12, "{s:?}");
        }
    }
}

#[test]
fn gmt_actions_and_noise_models_build() {
    let spec = TipSpec::from_json(
        r#"{"world": {"bounds": [[0, 0], [10, 4]], "obstacles": [[[4, 1.2], [6, 3]]]},
        "ego": {"start": [0.5, 1.5], "goal": [9.5, 1.5], "radius": 0.1},
        "truth": [{"id": "a", "size": [0.5, 0.5], "position": {"fixed": [3, 0.6]}}],
        "noise": {"miss_rate": 0.0, "false_positives": 2, "position_sigma": 0.2, "seed": 1},
        "actions": {"source": "gmt", "count": 3, "samples": 800, "stop_cost": 30},
        "maps": {"false_positive_grid": 8}}"#,
    )
    .unwrap();
    let (problem, opts) = spec.build().unwrap();
    assert!(problem.actions.len() >= 2);
    assert_eq!(problem.perceived.len(), 3);
    let r = tip_score(&problem, &opts, &mut NoObserver).unwrap();
    let s = r.solution.unwrap();
    assert!(s.tip <= 0.0);
    assert_eq!(s.false_positive_map.unwrap().tip.len(), 8);
}

#[test]
fn malformed_specs_name_the_field() {
    let base = |extra: &str| {
        format!(
            r#"{{"world": {{"bounds": [[0, 0], [1, 1]]}}, "ego": {{"start": [0.1, 0.1], "goal": [0.9, 0.9]}},
            "truth": [{{"id": "a", "size": [0.1, 0.1], "position": {{"fixed": [0.5, 0.5]}}{extra}}}],
            "perceived": [], "actions": {{"paths": [{{"waypoints": [[0.1, 0.1], [0.9, 0.9]]}}]}}}}"#
        )
    };
    let e = TipSpec::from_json(&base(r#", "existence": 2"#))
        .unwrap()
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("truth[0].existence"), "{e}");
    assert!(TipSpec::from_json(&base(r#", "bogus": 1"#)).is_err());
    let e = TipSpec::from_json(&base("").replace(
        r#""paths": [{"waypoints": [[0.1, 0.1], [0.9, 0.9]]}]"#,
        r#""paths": []"#,
    ))
    .unwrap()
    .build()
    .unwrap_err();
    assert!(e.to_string().starts_with("actions"), "{e}");
}
