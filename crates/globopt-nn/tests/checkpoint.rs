//! safetensors: bit-exact round trips and files written by PyTorch
//! (`benches/reference/nn/torch_fixtures.py`).

use faer::Mat;
use globopt_nn::checkpoint::{
    NamedTensor, TensorDtype, from_safetensors, load_safetensors, read_tensors, save_safetensors,
    to_safetensors, write_tensors,
};
use globopt_nn::{Activation, Init, Mlp};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn torch_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("torch_mlp.json")).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn bits_as_floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| f64::from_bits(x.as_u64().unwrap()))
        .collect()
}

fn matrix(v: &Value) -> Mat<f64> {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(floats).collect();
    Mat::from_fn(rows.len(), rows[0].len(), |i, j| rows[i][j])
}

#[test]
fn round_trip_is_bit_exact() {
    let mlp = Mlp::new(
        &[7, 6, 5, 3],
        &[Activation::Gelu, Activation::Softplus, Activation::Identity],
    )
    .unwrap();
    let mut theta = mlp.init(Init::GlorotNormal, 3);
    // awkward values: subnormals, signed zero, extremes
    theta[0] = 5e-324;
    theta[1] = -0.0;
    theta[2] = f64::MAX;
    theta[3] = 1.0 + f64::EPSILON;
    let bytes = to_safetensors(&mlp, &theta, TensorDtype::F64).unwrap();
    let (back, theta2) = from_safetensors(&bytes, None).unwrap();
    assert_eq!(back, mlp);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&theta2), bits(&theta));

    let dir = std::env::temp_dir().join(format!("globopt-nn-ckpt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("net.safetensors");
    save_safetensors(&path, &mlp, &theta, TensorDtype::F64).unwrap();
    let (_, theta3) = load_safetensors(&path, None).unwrap();
    assert_eq!(bits(&theta3), bits(&theta));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn f32_export_rounds_to_nearest() {
    let mlp = Mlp::with_activations(&[2, 3, 1], Activation::Relu, Activation::Identity).unwrap();
    let theta = mlp.init(Init::HeNormal, 1);
    let bytes = to_safetensors(&mlp, &theta, TensorDtype::F32).unwrap();
    let (_, back) = from_safetensors(&bytes, None).unwrap();
    for (a, b) in theta.iter().zip(&back) {
        assert_eq!(*b, f64::from(*a as f32));
    }
}

#[test]
fn pytorch_files_load_with_the_right_shapes_and_values() {
    let json = torch_json();
    let acts = [Activation::Tanh, Activation::Relu, Activation::Identity];
    let x = matrix(&json["inputs"]);
    for tag in ["f64", "f32"] {
        let (mlp, theta) = load_safetensors(
            &fixture(&format!("torch_mlp_{tag}.safetensors")),
            Some(&acts),
        )
        .unwrap();
        assert_eq!(mlp.widths(), &[3, 5, 4, 2]);
        let state = &json[format!("state_{tag}")];
        for (l, stem) in ["0", "2", "4"].iter().enumerate() {
            let w = &state[format!("{stem}.weight")];
            let b = &state[format!("{stem}.bias")];
            let shape: Vec<usize> = w["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(
                shape,
                vec![mlp.widths()[l + 1], mlp.widths()[l]],
                "{tag} {stem}.weight shape"
            );
            assert_eq!(
                &theta[mlp.weight_range(l)],
                &bits_as_floats(&w["bits"])[..],
                "{tag} {stem}.weight"
            );
            assert_eq!(
                &theta[mlp.bias_range(l)],
                &bits_as_floats(&b["bits"])[..],
                "{tag} {stem}.bias"
            );
        }
        // our forward pass on PyTorch's weights gives PyTorch's outputs
        let ours = mlp.forward(&theta, x.as_ref()).unwrap();
        let theirs = matrix(&json[format!("outputs_{tag}")]);
        let tol = if tag == "f64" { 1e-14 } else { 1e-6 };
        for i in 0..ours.nrows() {
            for j in 0..ours.ncols() {
                assert!(
                    (ours[(i, j)] - theirs[(i, j)]).abs() < tol,
                    "{tag} output ({i},{j})"
                );
            }
        }
    }
    // without activations a PyTorch file is an error that says what to pass
    let err = load_safetensors(&fixture("torch_mlp_f64.safetensors"), None).unwrap_err();
    assert!(err.to_string().contains("activations"), "{err}");
}

#[test]
fn malformed_files_are_errors() {
    assert!(from_safetensors(b"not a safetensors file", None).is_err());
    let t = |name: &str, shape: Vec<usize>| NamedTensor {
        name: name.into(),
        values: vec![0.5; shape.iter().product()],
        shape,
    };
    let acts = [Activation::Identity, Activation::Identity];
    // inconsistent widths between consecutive layers
    let bytes = write_tensors(
        &[
            t("a.weight", vec![4, 3]),
            t("a.bias", vec![4]),
            t("b.weight", vec![2, 5]),
            t("b.bias", vec![2]),
        ],
        TensorDtype::F64,
        None,
    )
    .unwrap();
    assert!(
        from_safetensors(&bytes, Some(&acts))
            .unwrap_err()
            .to_string()
            .contains("b.weight")
    );
    // a weight without its bias
    let bytes = write_tensors(&[t("a.weight", vec![4, 3])], TensorDtype::F64, None).unwrap();
    assert!(
        from_safetensors(&bytes, Some(&acts[..1]))
            .unwrap_err()
            .to_string()
            .contains("a.bias")
    );
    // a tensor that is neither weight nor bias
    let bytes = write_tensors(&[t("running_mean", vec![3])], TensorDtype::F64, None).unwrap();
    assert!(from_safetensors(&bytes, None).is_err());
    // wrong number of activations
    let mlp = Mlp::with_activations(&[2, 2], Activation::Identity, Activation::Identity).unwrap();
    let bytes = to_safetensors(&mlp, &[0.0; 6], TensorDtype::F64).unwrap();
    assert!(from_safetensors(&bytes, Some(&acts)).is_err());
    assert!(to_safetensors(&mlp, &[0.0; 5], TensorDtype::F64).is_err());
    // generic reading sees every tensor with its metadata
    let (tensors, meta) = read_tensors(&bytes).unwrap();
    assert_eq!(tensors.len(), 2);
    assert_eq!(meta["globopt.activations"], "identity");
}
