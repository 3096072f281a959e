//! The training loop on the papers' toy problems, against known answers.

use faer::Mat;
use globopt_core::observer::Recorder;
use globopt_core::{NoObserver, Status};
use globopt_nn::data::{
    Labels, MIXTURE10, gaussian_mixture, linear_teacher, logistic_teacher, spirals, two_moons,
};
use globopt_nn::optim::{AdamConfig, OptimizerConfig, SgdConfig};
use globopt_nn::train::StopReason;
use globopt_nn::{
    Activation, Batch, Init, Loss, Mlp, Schedule, TrainParams, accuracy, gradient,
    hessian_vector_product, loss_value, train,
};
use serde_json::Value;

#[test]
fn two_moons_classifier_reaches_99_percent() {
    let data = two_moons(400, 0.1, 1).unwrap();
    let mlp =
        Mlp::with_activations(&[2, 32, 32, 2], Activation::Relu, Activation::Identity).unwrap();
    let mut theta = mlp.init(Init::HeUniform, 2);
    let params = TrainParams {
        epochs: 300,
        batch_size: 32,
        optimizer: OptimizerConfig::Adam(AdamConfig::default()),
        schedule: Schedule::Cosine {
            lr: 0.01,
            min_lr: 1e-4,
            warmup: 0,
            total: 300 * 13,
        },
        seed: 3,
        ..TrainParams::default()
    };
    let summary = train(
        &mlp,
        &mut theta,
        Loss::SoftmaxCrossEntropy,
        &data,
        None,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    let out = mlp.forward(&theta, data.inputs.as_ref()).unwrap();
    let acc = accuracy(out.as_ref(), data.classes().unwrap()).unwrap();
    eprintln!("two moons 2-32-32-2, Adam: training accuracy {acc}");
    assert!(acc >= 0.99, "training accuracy {acc}");
    assert_eq!(summary.stop, StopReason::Completed);
    assert_eq!(summary.steps, 300 * 13);
    assert!(summary.best_loss < summary.history[0].train_loss);
}

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/softmax_mixture10.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mixture_and_optimum() -> (globopt_nn::Dataset, f64) {
    let m = MIXTURE10;
    let data =
        gaussian_mixture(m.classes, m.dim, m.n_per_class, m.separation, m.std, m.seed).unwrap();
    let fx = fixture();
    // the fixture was solved on exactly this data
    let x = fx["x"].as_array().unwrap();
    assert_eq!(x.len(), data.len());
    for (i, row) in x.iter().enumerate() {
        for (j, v) in row.as_array().unwrap().iter().enumerate() {
            let (a, b) = (v.as_f64().unwrap(), data.inputs[(i, j)]);
            assert!((a - b).abs() <= 1e-15 * b.abs(), "data ({i},{j})");
        }
    }
    let y: Vec<usize> = fx["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(&y[..], data.classes().unwrap());
    (data, fx["optimal_loss"].as_f64().unwrap())
}

#[test]
fn softmax_regression_reaches_the_independent_optimum_with_adam() {
    let (data, optimum) = mixture_and_optimum();
    let mlp = Mlp::new(&[5, 10], &[Activation::Identity]).unwrap();
    let mut theta = vec![0.0; mlp.num_params()];
    let epochs = 3000;
    let params = TrainParams {
        epochs,
        batch_size: data.len(),
        optimizer: OptimizerConfig::Adam(AdamConfig::default()),
        schedule: Schedule::Cosine {
            lr: 0.05,
            min_lr: 1e-5,
            warmup: 0,
            total: epochs,
        },
        ..TrainParams::default()
    };
    let s = train(
        &mlp,
        &mut theta,
        Loss::SoftmaxCrossEntropy,
        &data,
        None,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    let loss = loss_value(&mlp, &theta, &data.batch(), Loss::SoftmaxCrossEntropy).unwrap();
    assert_eq!(loss, s.best_loss);
    eprintln!(
        "softmax regression, Adam: loss {loss:.15} − optimum {optimum:.15} = {:.2e}",
        loss - optimum
    );
    assert!(
        loss - optimum < 1e-6 && loss - optimum > -1e-9,
        "loss {loss} vs optimum {optimum}"
    );
}

/// Newton's method with conjugate gradients on the exact Hessian-vector products.
#[test]
fn softmax_regression_newton_cg_on_hessian_vector_products() {
    let (data, optimum) = mixture_and_optimum();
    let mlp = Mlp::new(&[5, 10], &[Activation::Identity]).unwrap();
    let b: Batch<'_> = data.batch();
    let l = Loss::SoftmaxCrossEntropy;
    let mut theta = vec![0.0; mlp.num_params()];
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for _ in 0..30 {
        let g = gradient(&mlp, &theta, &b, l).unwrap().gradient;
        if dot(&g, &g).sqrt() < 1e-11 {
            break;
        }
        // solve (H + 1e-10 I) d = −g by CG (H is singular along the softmax shift)
        let mut d = vec![0.0; g.len()];
        let mut r: Vec<f64> = g.iter().map(|v| -v).collect();
        let mut p = r.clone();
        for _ in 0..200 {
            let hp: Vec<f64> = hessian_vector_product(&mlp, &theta, &b, l, &p)
                .unwrap()
                .iter()
                .zip(&p)
                .map(|(h, q)| h + 1e-10 * q)
                .collect();
            let rr = dot(&r, &r);
            let alpha = rr / dot(&p, &hp);
            d.iter_mut().zip(&p).for_each(|(di, pi)| *di += alpha * pi);
            r.iter_mut().zip(&hp).for_each(|(ri, hi)| *ri -= alpha * hi);
            if dot(&r, &r).sqrt() < 1e-14 {
                break;
            }
            let beta = dot(&r, &r) / rr;
            p.iter_mut()
                .zip(&r)
                .for_each(|(pi, ri)| *pi = ri + beta * *pi);
        }
        theta.iter_mut().zip(&d).for_each(|(t, di)| *t += di);
    }
    let loss = loss_value(&mlp, &theta, &b, l).unwrap();
    eprintln!(
        "softmax regression, Newton-CG: loss − optimum = {:.2e}",
        loss - optimum
    );
    assert!(
        (loss - optimum).abs() < 1e-10,
        "loss {loss} vs optimum {optimum}"
    );
}

#[test]
fn linear_teacher_is_recovered_by_nesterov_sgd() {
    let t = linear_teacher(256, 6, 2, 0.0, 5).unwrap();
    let mlp = Mlp::new(&[6, 2], &[Activation::Identity]).unwrap();
    let mut theta = vec![0.0; mlp.num_params()];
    let params = TrainParams {
        epochs: 200,
        batch_size: 16,
        optimizer: OptimizerConfig::Sgd(SgdConfig {
            momentum: 0.9,
            nesterov: true,
            ..SgdConfig::default()
        }),
        schedule: Schedule::StepDecay {
            lr: 0.02,
            every: 16 * 50,
            gamma: 0.5,
        },
        ..TrainParams::default()
    };
    train(
        &mlp,
        &mut theta,
        Loss::MeanSquaredError,
        &t.data,
        None,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    let w = mlp.layer(&theta, 0).unwrap();
    for o in 0..2 {
        for j in 0..6 {
            assert!(
                (w.weight[(o, j)] - t.weights[(o, j)]).abs() < 1e-8,
                "W[{o},{j}]"
            );
        }
        assert!(w.bias[o].abs() < 1e-8);
    }
}

#[test]
fn logistic_regression_points_at_the_teacher() {
    let t = logistic_teacher(4000, 4, 4.0, 8).unwrap();
    let mlp = Mlp::new(&[4, 1], &[Activation::Identity]).unwrap();
    let mut theta = vec![0.0; mlp.num_params()];
    let params = TrainParams {
        epochs: 40,
        batch_size: 64,
        schedule: Schedule::Constant { lr: 0.01 },
        ..TrainParams::default()
    };
    train(
        &mlp,
        &mut theta,
        Loss::BinaryLogistic,
        &t.data,
        None,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    let w = &theta[mlp.weight_range(0)];
    let ws: Vec<f64> = (0..4).map(|j| t.weights[(0, j)]).collect();
    let cos = w.iter().zip(&ws).map(|(a, b)| a * b).sum::<f64>()
        / (w.iter().map(|a| a * a).sum::<f64>().sqrt()
            * ws.iter().map(|b| b * b).sum::<f64>().sqrt());
    assert!(cos > 0.99, "cosine to the teacher {cos}");
}

#[test]
fn early_stopping_restores_the_best_epoch() {
    // a wide net on few noisy spiral points overfits: validation loss turns up
    let data = spirals(3, 40, 0.4, 1).unwrap();
    let (train_set, val_set) = data.split(0.5, 2).unwrap();
    let mlp =
        Mlp::with_activations(&[2, 64, 64, 3], Activation::Tanh, Activation::Identity).unwrap();
    let mut theta = mlp.init(Init::GlorotUniform, 4);
    let params = TrainParams {
        epochs: 2000,
        batch_size: 8,
        schedule: Schedule::Constant { lr: 0.01 },
        patience: Some(20),
        ..TrainParams::default()
    };
    let s = train(
        &mlp,
        &mut theta,
        Loss::SoftmaxCrossEntropy,
        &train_set,
        Some(&val_set),
        &params,
        &mut NoObserver,
    )
    .unwrap();
    assert_eq!(s.stop, StopReason::EarlyStopped);
    assert_eq!(s.history.len(), s.best_epoch + 20);
    let val = loss_value(&mlp, &theta, &val_set.batch(), Loss::SoftmaxCrossEntropy).unwrap();
    assert_eq!(val, s.best_loss);
    assert_eq!(Some(val), s.history[s.best_epoch - 1].validation_loss);
}

#[test]
fn observer_sees_progress_and_can_stop_training() {
    let data = two_moons(64, 0.1, 0).unwrap();
    let mlp = Mlp::with_activations(&[2, 8, 2], Activation::Relu, Activation::Identity).unwrap();
    let theta0 = mlp.init(Init::HeNormal, 0);
    let params = TrainParams {
        epochs: 10,
        batch_size: 16,
        ..TrainParams::default()
    };
    let mut rec = Recorder::default();
    let mut theta = theta0.clone();
    let s = train(
        &mlp,
        &mut theta,
        Loss::SoftmaxCrossEntropy,
        &data,
        None,
        &params,
        &mut rec,
    )
    .unwrap();
    assert_eq!(rec.phases, vec!["epochs".to_string()]);
    assert!(rec.progress.iter().filter(|p| p.done > 0).count() >= 10);
    assert_eq!(rec.progress.last().unwrap().done, 10);
    assert_eq!(s.to_report(&theta).status(), Status::Feasible);
    // same seed, same result
    let mut again = theta0.clone();
    train(
        &mlp,
        &mut again,
        Loss::SoftmaxCrossEntropy,
        &data,
        None,
        &params,
        &mut NoObserver,
    )
    .unwrap();
    assert_eq!(again, theta);
    // stop after 3 progress events: cancelled, best so far returned
    let mut rec = Recorder {
        stop_after: Some(3),
        ..Recorder::default()
    };
    let mut theta = theta0.clone();
    let s = train(
        &mlp,
        &mut theta,
        Loss::SoftmaxCrossEntropy,
        &data,
        None,
        &params,
        &mut rec,
    )
    .unwrap();
    assert_eq!(s.stop, StopReason::Cancelled);
    assert!(s.history.len() < 10);
    assert_eq!(s.to_report(&theta).status(), Status::BudgetExhausted);
}

#[test]
fn bad_settings_are_errors() {
    let data = two_moons(10, 0.1, 0).unwrap();
    let mlp = Mlp::with_activations(&[2, 4, 2], Activation::Relu, Activation::Identity).unwrap();
    let mut theta = mlp.init(Init::HeNormal, 0);
    let mut run = |p: TrainParams| {
        train(
            &mlp,
            &mut theta,
            Loss::SoftmaxCrossEntropy,
            &data,
            None,
            &p,
            &mut NoObserver,
        )
    };
    assert!(
        run(TrainParams {
            epochs: 0,
            ..TrainParams::default()
        })
        .is_err()
    );
    assert!(
        run(TrainParams {
            batch_size: 0,
            ..TrainParams::default()
        })
        .is_err()
    );
    assert!(
        run(TrainParams {
            patience: Some(0),
            ..TrainParams::default()
        })
        .is_err()
    );
    assert!(
        run(TrainParams {
            schedule: Schedule::Constant { lr: -1.0 },
            ..TrainParams::default()
        })
        .is_err()
    );
    let params: TrainParams =
        serde_json::from_str(r#"{"epochs": 5, "optimizer": {"kind": "sgd", "momentum": 0.9}}"#)
            .unwrap();
    assert_eq!(params.epochs, 5);
    assert!(serde_json::from_str::<TrainParams>(r#"{"epoch": 5}"#).is_err());
    // regression targets for a classification loss
    let y = Labels::Values(Mat::zeros(10, 2));
    let bad = globopt_nn::Dataset::new(data.inputs.clone(), y).unwrap();
    assert!(
        train(
            &mlp,
            &mut theta,
            Loss::SoftmaxCrossEntropy,
            &bad,
            None,
            &TrainParams::default(),
            &mut NoObserver
        )
        .is_err()
    );
}
