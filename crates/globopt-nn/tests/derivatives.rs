//! Every derivative operator against central finite differences on random networks of 2–4
//! layers with every activation and every loss (acceptance: 1e-6 relative, measured as
//! `‖a − b‖ / ‖b‖`).

use faer::{Mat, MatRef, Par};
use globopt_nn::activation::ALL_ACTIVATIONS;
use globopt_nn::{
    Activation, Batch, Init, Loss, Mlp, Targets, fisher_vector_product,
    gauss_newton_vector_product, gradient, hessian_vector_product, input_vjp, jvp,
    per_sample_gradients, vjp,
};
use rand::Rng;
use rand_distr::StandardNormal;

const TOL: f64 = 1e-6;

fn rel_err(a: &[f64], b: &[f64]) -> f64 {
    let num: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt();
    let den: f64 = b.iter().map(|y| y * y).sum::<f64>().sqrt();
    num / den.max(1e-300)
}

fn flat(m: MatRef<'_, f64>) -> Vec<f64> {
    (0..m.nrows())
        .flat_map(|i| (0..m.ncols()).map(move |j| m[(i, j)]))
        .collect()
}

fn randn(rng: &mut impl Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.sample(StandardNormal)).collect()
}

fn shifted(theta: &[f64], v: &[f64], t: f64) -> Vec<f64> {
    theta.iter().zip(v).map(|(a, b)| a + t * b).collect()
}

/// Central differences of a vector-valued function of θ along every coordinate: row `p` is
/// `(f(θ + h e_p) − f(θ − h e_p)) / 2h`.
fn fd_coordinates(theta: &[f64], h: f64, f: impl Fn(&[f64]) -> Vec<f64>) -> Vec<Vec<f64>> {
    (0..theta.len())
        .map(|p| {
            let mut tp = theta.to_vec();
            tp[p] += h;
            let mut tm = theta.to_vec();
            tm[p] -= h;
            f(&tp)
                .iter()
                .zip(f(&tm))
                .map(|(a, b)| (a - b) / (2.0 * h))
                .collect()
        })
        .collect()
}

struct Case {
    mlp: Mlp,
    theta: Vec<f64>,
    x: Mat<f64>,
    values: Mat<f64>,
    classes: Vec<usize>,
    loss: Loss,
    name: String,
}

impl Case {
    fn targets(&self) -> Targets<'_> {
        match self.loss {
            Loss::MeanSquaredError => Targets::Values(self.values.as_ref()),
            _ => Targets::Classes(&self.classes),
        }
    }
    fn batch(&self) -> Batch<'_> {
        Batch::new(self.x.as_ref(), self.targets())
    }
    fn outputs(&self, theta: &[f64]) -> Mat<f64> {
        self.mlp.forward(theta, self.x.as_ref()).unwrap()
    }
    fn per_sample_losses(&self, theta: &[f64]) -> Vec<f64> {
        self.loss
            .per_sample(self.outputs(theta).as_ref(), &self.targets())
            .unwrap()
    }
    fn loss_at(&self, theta: &[f64]) -> f64 {
        let l = self.per_sample_losses(theta);
        l.iter().sum::<f64>() / l.len() as f64
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut seed = 0u64;
    let losses = [
        Loss::MeanSquaredError,
        Loss::SoftmaxCrossEntropy,
        Loss::BinaryLogistic,
    ];
    for layers in 2..=4usize {
        for ai in 0..ALL_ACTIVATIONS.len() {
            for loss in losses {
                seed += 1;
                let mut rng = globopt_core::rng::seeded(1000 + seed);
                let k = if loss == Loss::BinaryLogistic { 1 } else { 3 };
                let mut widths = vec![3];
                widths.extend((1..layers).map(|l| 3 + (l + ai) % 3));
                widths.push(k);
                // hidden layers cycle through the activations starting at the `ai`-th; the output
                // layer is identity, except tanh for the squared error on 3-layer nets
                let mut acts: Vec<Activation> = (0..layers - 1)
                    .map(|l| ALL_ACTIVATIONS[(ai + 2 * l) % ALL_ACTIVATIONS.len()])
                    .collect();
                acts.push(if loss == Loss::MeanSquaredError && layers == 3 {
                    Activation::Tanh
                } else {
                    Activation::Identity
                });
                let mlp = Mlp::new(&widths, &acts).unwrap();
                // Glorot weights plus random biases so that no ReLU unit sits at its kink
                let mut theta = mlp.init(Init::GlorotNormal, seed);
                for l in 0..mlp.num_layers() {
                    for b in &mut theta[mlp.bias_range(l)] {
                        *b = 0.3 * rng.sample::<f64, _>(StandardNormal);
                    }
                }
                let n = 5;
                let x = Mat::from_fn(n, 3, |_, _| rng.sample(StandardNormal));
                let values = Mat::from_fn(n, k, |_, _| rng.sample(StandardNormal));
                let classes = (0..n).map(|i| if k == 1 { i % 2 } else { i % k }).collect();
                let name = format!("widths {widths:?} acts {acts:?} loss {loss:?}");
                out.push(Case {
                    mlp,
                    theta,
                    x,
                    values,
                    classes,
                    loss,
                    name,
                });
            }
        }
    }
    out
}

#[test]
fn every_operator_matches_central_differences() {
    let h = 1e-6;
    let mut worst = [0.0f64; 7];
    let names = [
        "gradient",
        "per_sample_gradients",
        "jvp",
        "vjp",
        "gauss_newton",
        "fisher",
        "hessian",
    ];
    for case in cases() {
        let mut rng = globopt_core::rng::seeded(7);
        let p = case.mlp.num_params();
        let v = randn(&mut rng, p);
        let f0 = case.outputs(&case.theta);
        let (n, k) = (f0.nrows(), f0.ncols());
        let check = |i: usize, err: f64, worst: &mut [f64; 7]| {
            assert!(
                err < TOL,
                "{}: relative error {err:.2e} on {}",
                names[i],
                case.name
            );
            worst[i] = worst[i].max(err);
        };

        // gradient
        let g = gradient(&case.mlp, &case.theta, &case.batch(), case.loss).unwrap();
        assert!((g.value - case.loss_at(&case.theta)).abs() < 1e-14);
        let g_fd: Vec<f64> = fd_coordinates(&case.theta, h, |t| vec![case.loss_at(t)])
            .into_iter()
            .map(|r| r[0])
            .collect();
        check(0, rel_err(&g.gradient, &g_fd), &mut worst);

        // per-sample gradients: FD row p holds ∂ℓ_i/∂θ_p for every i
        let ps = per_sample_gradients(&case.mlp, &case.theta, &case.batch(), case.loss).unwrap();
        let ps_fd = fd_coordinates(&case.theta, h, |t| case.per_sample_losses(t));
        let ours: Vec<f64> = (0..p)
            .flat_map(|q| (0..n).map(|i| ps.gradients[(i, q)]).collect::<Vec<_>>())
            .collect();
        let theirs: Vec<f64> = ps_fd.iter().flatten().copied().collect();
        check(1, rel_err(&ours, &theirs), &mut worst);
        assert_eq!(ps.losses, case.per_sample_losses(&case.theta));

        // JVP along v
        let j = jvp(&case.mlp, &case.theta, case.x.as_ref(), &v).unwrap();
        assert_eq!(j.outputs, f0);
        let fp = case.outputs(&shifted(&case.theta, &v, h));
        let fm = case.outputs(&shifted(&case.theta, &v, -h));
        let jv_fd: Vec<f64> = flat(fp.as_ref())
            .iter()
            .zip(flat(fm.as_ref()))
            .map(|(a, b)| (a - b) / (2.0 * h))
            .collect();
        check(2, rel_err(&flat(j.tangents.as_ref()), &jv_fd), &mut worst);

        // VJP with a random cotangent
        let u = Mat::from_fn(n, k, |_, _| rng.sample(StandardNormal));
        let uf = |t: &[f64]| {
            let f = case.outputs(t);
            vec![
                (0..n)
                    .flat_map(|i| (0..k).map(move |c| (i, c)))
                    .map(|(i, c)| u[(i, c)] * f[(i, c)])
                    .sum::<f64>(),
            ]
        };
        let vjp_fd: Vec<f64> = fd_coordinates(&case.theta, h, uf)
            .into_iter()
            .map(|r| r[0])
            .collect();
        let ours = vjp(&case.mlp, &case.theta, case.x.as_ref(), u.as_ref()).unwrap();
        check(3, rel_err(&ours, &vjp_fd), &mut worst);

        // Gauss–Newton: Jᵀ (∇²_F L) (J v) with both Jacobian products by differences
        let jv_mat = Mat::from_fn(n, k, |i, c| jv_fd[i * k + c]);
        let w = case
            .loss
            .output_hessian_product(f0.as_ref(), jv_mat.as_ref())
            .unwrap();
        let wf = |t: &[f64]| {
            let f = case.outputs(t);
            vec![
                (0..n)
                    .flat_map(|i| (0..k).map(move |c| (i, c)))
                    .map(|(i, c)| w[(i, c)] * f[(i, c)])
                    .sum::<f64>(),
            ]
        };
        let gn_fd: Vec<f64> = fd_coordinates(&case.theta, h, wf)
            .into_iter()
            .map(|r| r[0])
            .collect();
        let gn = gauss_newton_vector_product(&case.mlp, &case.theta, &case.batch(), case.loss, &v)
            .unwrap();
        check(4, rel_err(&gn, &gn_fd), &mut worst);

        // empirical Fisher from the differenced per-sample gradients
        let gv: Vec<f64> = (0..n)
            .map(|i| (0..p).map(|q| ps_fd[q][i] * v[q]).sum())
            .collect();
        let fisher_fd: Vec<f64> = (0..p)
            .map(|q| (0..n).map(|i| ps_fd[q][i] * gv[i]).sum::<f64>() / n as f64)
            .collect();
        let fisher =
            fisher_vector_product(&case.mlp, &case.theta, &case.batch(), case.loss, &v).unwrap();
        check(5, rel_err(&fisher, &fisher_fd), &mut worst);

        // Hessian: central difference of the gradient along v
        let hh = 1e-5;
        let gp = gradient(
            &case.mlp,
            &shifted(&case.theta, &v, hh),
            &case.batch(),
            case.loss,
        )
        .unwrap()
        .gradient;
        let gm = gradient(
            &case.mlp,
            &shifted(&case.theta, &v, -hh),
            &case.batch(),
            case.loss,
        )
        .unwrap()
        .gradient;
        let hv_fd: Vec<f64> = gp
            .iter()
            .zip(&gm)
            .map(|(a, b)| (a - b) / (2.0 * hh))
            .collect();
        let hv =
            hessian_vector_product(&case.mlp, &case.theta, &case.batch(), case.loss, &v).unwrap();
        check(6, rel_err(&hv, &hv_fd), &mut worst);
    }
    for (n, w) in names.iter().zip(worst) {
        eprintln!("worst relative error vs central differences, {n}: {w:.2e}");
    }
}

#[test]
fn input_vjp_matches_central_differences() {
    let h = 1e-6;
    let mut worst = 0.0f64;
    for case in cases() {
        let mut rng = globopt_core::rng::seeded(5);
        let (n, d, k) = (case.x.nrows(), case.x.ncols(), case.mlp.output_dim());
        let u = Mat::from_fn(n, k, |_, _| rng.sample(StandardNormal));
        let ours = input_vjp(&case.mlp, &case.theta, case.x.as_ref(), u.as_ref()).unwrap();
        let uf = |x: &Mat<f64>| {
            let f = case.mlp.forward(&case.theta, x.as_ref()).unwrap();
            (0..n)
                .flat_map(|i| (0..k).map(move |c| (i, c)))
                .map(|(i, c)| u[(i, c)] * f[(i, c)])
                .sum::<f64>()
        };
        let mut fd = Vec::new();
        for i in 0..n {
            for j in 0..d {
                let mut xp = case.x.clone();
                xp[(i, j)] += h;
                let mut xm = case.x.clone();
                xm[(i, j)] -= h;
                fd.push((uf(&xp) - uf(&xm)) / (2.0 * h));
            }
        }
        let err = rel_err(&flat(ours.as_ref()), &fd);
        assert!(
            err < TOL,
            "input_vjp: relative error {err:.2e} on {}",
            case.name
        );
        worst = worst.max(err);
    }
    eprintln!("worst relative error vs central differences, input_vjp: {worst:.2e}");
}

#[test]
fn structural_identities() {
    for case in cases().into_iter().step_by(5) {
        let mut rng = globopt_core::rng::seeded(11);
        let p = case.mlp.num_params();
        let (u, v) = (randn(&mut rng, p), randn(&mut rng, p));
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        let b = case.batch();
        // the Hessian and Gauss–Newton matrices are symmetric; GN and Fisher are PSD
        let hu = hessian_vector_product(&case.mlp, &case.theta, &b, case.loss, &u).unwrap();
        let hv = hessian_vector_product(&case.mlp, &case.theta, &b, case.loss, &v).unwrap();
        assert!(
            (dot(&u, &hv) - dot(&v, &hu)).abs() < 1e-10 * (1.0 + dot(&u, &hv).abs()),
            "{}",
            case.name
        );
        let gu = gauss_newton_vector_product(&case.mlp, &case.theta, &b, case.loss, &u).unwrap();
        let gv = gauss_newton_vector_product(&case.mlp, &case.theta, &b, case.loss, &v).unwrap();
        assert!((dot(&u, &gv) - dot(&v, &gu)).abs() < 1e-10 * (1.0 + dot(&u, &gv).abs()));
        assert!(dot(&v, &gv) >= -1e-14);
        let fv = fisher_vector_product(&case.mlp, &case.theta, &b, case.loss, &v).unwrap();
        assert!(dot(&v, &fv) >= -1e-14);
        // the mean of the per-sample gradients is the gradient
        let ps = per_sample_gradients(&case.mlp, &case.theta, &b, case.loss).unwrap();
        let g = gradient(&case.mlp, &case.theta, &b, case.loss)
            .unwrap()
            .gradient;
        let n = ps.gradients.nrows() as f64;
        let mean: Vec<f64> = (0..p)
            .map(|q| {
                (0..ps.gradients.nrows())
                    .map(|i| ps.gradients[(i, q)])
                    .sum::<f64>()
                    / n
            })
            .collect();
        assert!(rel_err(&mean, &g) < 1e-12);
    }
}

#[test]
fn gauss_newton_is_the_hessian_of_a_linear_model() {
    // one affine layer: the network is linear in θ, so the Hessian equals the GGN
    let mlp = Mlp::new(&[4, 3], &[Activation::Identity]).unwrap();
    let mut rng = globopt_core::rng::seeded(3);
    let theta = randn(&mut rng, mlp.num_params());
    let x = Mat::from_fn(6, 4, |_, _| rng.sample(StandardNormal));
    let classes = [0, 1, 2, 0, 1, 2];
    let b = Batch::new(x.as_ref(), Targets::Classes(&classes));
    let v = randn(&mut rng, mlp.num_params());
    let h = hessian_vector_product(&mlp, &theta, &b, Loss::SoftmaxCrossEntropy, &v).unwrap();
    let g = gauss_newton_vector_product(&mlp, &theta, &b, Loss::SoftmaxCrossEntropy, &v).unwrap();
    assert!(rel_err(&h, &g) < 1e-13);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let widths = [30, 64, 64, 5];
    let seq = Mlp::with_activations(&widths, Activation::Gelu, Activation::Identity)
        .unwrap()
        .with_parallelism(Par::Seq);
    let par = seq.clone().with_parallelism(Par::rayon(2));
    let theta = seq.init(Init::HeNormal, 9);
    let mut rng = globopt_core::rng::seeded(4);
    let x = Mat::from_fn(200, 30, |_, _| rng.sample(StandardNormal));
    let classes: Vec<usize> = (0..200).map(|i| i % 5).collect();
    let b = Batch::new(x.as_ref(), Targets::Classes(&classes));
    let v = randn(&mut rng, seq.num_params());
    let l = Loss::SoftmaxCrossEntropy;
    assert_eq!(
        gradient(&seq, &theta, &b, l).unwrap(),
        gradient(&par, &theta, &b, l).unwrap()
    );
    assert_eq!(
        hessian_vector_product(&seq, &theta, &b, l, &v).unwrap(),
        hessian_vector_product(&par, &theta, &b, l, &v).unwrap()
    );
    assert_eq!(
        per_sample_gradients(&seq, &theta, &b, l).unwrap().gradients,
        per_sample_gradients(&par, &theta, &b, l).unwrap().gradients
    );
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    let mlp = Mlp::with_activations(&[2, 3, 2], Activation::Tanh, Activation::Identity).unwrap();
    let theta = mlp.init(Init::GlorotUniform, 0);
    let x = Mat::from_fn(3, 2, |i, j| (i + j) as f64);
    let b = Batch::new(x.as_ref(), Targets::Classes(&[0, 1, 1]));
    let l = Loss::SoftmaxCrossEntropy;
    assert!(gradient(&mlp, &theta[1..], &b, l).is_err());
    assert!(hessian_vector_product(&mlp, &theta, &b, l, &theta[1..]).is_err());
    let mut nan = theta.clone();
    nan[3] = f64::INFINITY;
    assert!(fisher_vector_product(&mlp, &theta, &b, l, &nan).is_err());
    assert!(vjp(&mlp, &theta, x.as_ref(), Mat::zeros(3, 3).as_ref()).is_err());
    assert!(jvp(&mlp, &theta, Mat::zeros(3, 5).as_ref(), &theta).is_err());
    let bad = Batch::new(x.as_ref(), Targets::Classes(&[0, 2, 1]));
    assert!(per_sample_gradients(&mlp, &theta, &bad, l).is_err());
    // outputs that overflow are reported, not propagated as NaN
    let linear =
        Mlp::with_activations(&[2, 3, 2], Activation::Identity, Activation::Identity).unwrap();
    let huge = vec![1e200; linear.num_params()];
    let big_x = Mat::from_fn(3, 2, |_, _| 1e200);
    let big = Batch::new(big_x.as_ref(), Targets::Classes(&[0, 1, 1]));
    assert!(matches!(
        gradient(&linear, &huge, &big, l),
        Err(globopt_nn::NnError::NonFinite(_))
    ));
    assert!(linear.forward(&huge, big_x.as_ref()).is_err());
    assert!(hessian_vector_product(&linear, &huge, &big, l, &huge).is_err());
}
