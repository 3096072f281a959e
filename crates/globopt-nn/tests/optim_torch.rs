//! Optimizer trajectories against `torch.optim` (fixture from
//! `benches/reference/nn/torch_fixtures.py`): ten steps on
//! `f(x) = Σ a_i (x_i − c_i)² / 2 + x_0 x_1`.

use globopt_nn::optim::{Adam, AdamConfig, Optimizer, Sgd, SgdConfig};
use serde_json::Value;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn trajectories_match_pytorch() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/torch_optim.json"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (a, c, x0, lr) = (
        floats(&json["a"]),
        floats(&json["c"]),
        floats(&json["x0"]),
        json["lr"].as_f64().unwrap(),
    );
    let grad = |x: &[f64]| -> Vec<f64> {
        let mut g: Vec<f64> = (0..x.len()).map(|i| a[i] * (x[i] - c[i])).collect();
        g[0] += x[1];
        g[1] += x[0];
        g
    };
    let mut optimizers: Vec<(&str, Box<dyn Optimizer>)> = vec![
        (
            "sgd_momentum",
            Box::new(
                Sgd::new(SgdConfig {
                    momentum: 0.9,
                    dampening: 0.1,
                    nesterov: false,
                    weight_decay: 0.01,
                })
                .unwrap(),
            ),
        ),
        (
            "sgd_nesterov",
            Box::new(
                Sgd::new(SgdConfig {
                    momentum: 0.8,
                    dampening: 0.0,
                    nesterov: true,
                    weight_decay: 0.05,
                })
                .unwrap(),
            ),
        ),
        (
            "adam",
            Box::new(
                Adam::new(AdamConfig {
                    beta1: 0.9,
                    beta2: 0.99,
                    eps: 1e-8,
                    weight_decay: 0.01,
                    decoupled_weight_decay: false,
                })
                .unwrap(),
            ),
        ),
        (
            "adamw",
            Box::new(
                Adam::new(AdamConfig {
                    beta1: 0.8,
                    beta2: 0.999,
                    eps: 1e-6,
                    weight_decay: 0.1,
                    decoupled_weight_decay: true,
                })
                .unwrap(),
            ),
        ),
    ];
    for (name, opt) in &mut optimizers {
        let expected = json["trajectories"][*name].as_array().unwrap();
        let mut x = x0.clone();
        for (t, step) in expected.iter().enumerate() {
            let g = grad(&x);
            opt.step(&mut x, &g, lr).unwrap();
            for (ours, theirs) in x.iter().zip(floats(step)) {
                assert!(
                    (ours - theirs).abs() <= 1e-12 * (1.0 + theirs.abs()),
                    "{name} step {t}: {ours} vs {theirs}"
                );
            }
        }
    }
}
