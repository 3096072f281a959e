//! Prints the 10-class Gaussian mixture of the softmax-regression test as JSON (inputs and
//! classes), for `benches/reference/nn/softmax_optimum.py` to solve with an independent
//! solver:
//!
//! `cargo run -p globopt-nn --example export_mixture > mixture.json`

use globopt_nn::data::{MIXTURE10, gaussian_mixture};

fn main() {
    let m = MIXTURE10;
    let data = gaussian_mixture(m.classes, m.dim, m.n_per_class, m.separation, m.std, m.seed)
        .expect("valid settings");
    let x: Vec<Vec<f64>> = (0..data.len())
        .map(|i| (0..m.dim).map(|j| data.inputs[(i, j)]).collect())
        .collect();
    let json = serde_json::json!({
        "classes": m.classes, "dim": m.dim, "n_per_class": m.n_per_class,
        "separation": m.separation, "std": m.std, "seed": m.seed,
        "x": x, "y": data.classes().expect("mixture labels are classes"),
    });
    println!("{json}");
}
