//! The dense multilayer perceptron: architecture, flat parameter layout, per-layer views,
//! seeded initialization and the forward pass.
//!
//! Layer `l` (0-based) maps `H_{l} ∈ R^{n×w_l}` to `H_{l+1} = σ_l(Z_{l+1})` with
//! `Z_{l+1} = H_l W_lᵀ + 1 b_lᵀ`, where `W_l ∈ R^{w_{l+1}×w_l}` (PyTorch's `Linear.weight`
//! shape) and `b_l ∈ R^{w_{l+1}}`. A batch holds one sample per row. All parameters live in
//! one flat vector `θ`: for each layer in order, the weight in row-major order, then the bias.
//! Gradients, directions and masks use the same layout, so every view below applies to them.

use crate::activation::Activation;
use crate::error::NnError;
use crate::ops::{activate, activate_in_place, affine};
use faer::{Mat, MatMut, MatRef, Par};
use rand::Rng;
use rand_distr::{Distribution, Normal, Uniform};
use serde::{Deserialize, Serialize};

/// Architecture of a dense network: layer widths and one activation per layer.
///
/// Holds no parameters: those are a flat `&[f64]` of length [`Mlp::num_params`]. Two
/// networks are equal when their widths and activations are (parallelism aside).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "MlpSpec", into = "MlpSpec")]
pub struct Mlp {
    widths: Vec<usize>,
    activations: Vec<Activation>,
    /// Offset in `θ` of each layer's weight; the bias follows it.
    offsets: Vec<usize>,
    par: Par,
}

impl PartialEq for Mlp {
    fn eq(&self, other: &Mlp) -> bool {
        self.widths == other.widths && self.activations == other.activations
    }
}

/// The serialized form of an [`Mlp`]: `{"widths": [2, 32, 2], "activations": ["relu",
/// "identity"]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlpSpec {
    /// Input width, hidden widths, output width.
    pub widths: Vec<usize>,
    /// One activation per layer (`widths.len() − 1` of them).
    pub activations: Vec<Activation>,
}

impl TryFrom<MlpSpec> for Mlp {
    type Error = NnError;
    fn try_from(spec: MlpSpec) -> Result<Self, NnError> {
        Mlp::new(&spec.widths, &spec.activations)
    }
}

impl From<Mlp> for MlpSpec {
    fn from(mlp: Mlp) -> Self {
        MlpSpec {
            widths: mlp.widths,
            activations: mlp.activations,
        }
    }
}

/// Read-only view of one layer's parameters inside a flat vector.
#[derive(Debug, Clone, Copy)]
pub struct LayerParams<'a> {
    /// `W_l`, shape `w_{l+1} × w_l` (a row-major view into the flat vector).
    pub weight: MatRef<'a, f64>,
    /// `b_l`, length `w_{l+1}`.
    pub bias: &'a [f64],
}

/// Mutable view of one layer's parameters inside a flat vector.
#[derive(Debug)]
pub struct LayerParamsMut<'a> {
    /// `W_l`, shape `w_{l+1} × w_l` (a row-major view into the flat vector).
    pub weight: MatMut<'a, f64>,
    /// `b_l`, length `w_{l+1}`.
    pub bias: &'a mut [f64],
}

/// Seeded weight initialization; biases start at zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Glorot & Bengio (2010): `W ~ U(−a, a)`, `a = √(6 / (fan_in + fan_out))`.
    GlorotUniform,
    /// Glorot & Bengio (2010): `W ~ N(0, 2 / (fan_in + fan_out))`.
    GlorotNormal,
    /// He et al. (2015), for ReLU nets: `W ~ U(−a, a)`, `a = √(6 / fan_in)`.
    HeUniform,
    /// He et al. (2015), for ReLU nets: `W ~ N(0, 2 / fan_in)`.
    HeNormal,
}

impl Mlp {
    /// A network with layer widths `widths = [input, hidden…, output]` and one activation per
    /// layer (`activations.len() == widths.len() − 1`; the last is usually
    /// [`Activation::Identity`], the losses apply softmax/sigmoid themselves).
    /// A single layer (`widths.len() == 2`) is a linear or generalized linear model.
    pub fn new(widths: &[usize], activations: &[Activation]) -> Result<Mlp, NnError> {
        if widths.len() < 2 {
            return Err(NnError::param(
                "widths",
                format!("need at least [input, output], got {} widths", widths.len()),
            ));
        }
        if let Some(i) = widths.iter().position(|&w| w == 0) {
            return Err(NnError::param(format!("widths[{i}]"), "must be positive"));
        }
        if activations.len() != widths.len() - 1 {
            return Err(NnError::shape(
                "activations (one per layer)",
                widths.len() - 1,
                activations.len(),
            ));
        }
        let mut offsets = Vec::with_capacity(activations.len() + 1);
        let mut offset = 0usize;
        for w in widths.windows(2) {
            offsets.push(offset);
            offset = w[1]
                .checked_mul(w[0])
                .and_then(|m| m.checked_add(w[1]))
                .and_then(|m| m.checked_add(offset))
                .ok_or_else(|| NnError::param("widths", "parameter count overflows usize"))?;
        }
        offsets.push(offset);
        Ok(Mlp {
            widths: widths.to_vec(),
            activations: activations.to_vec(),
            offsets,
            par: Par::rayon(0),
        })
    }

    /// `widths` with `hidden` after every hidden layer and `output` after the last.
    pub fn with_activations(
        widths: &[usize],
        hidden: Activation,
        output: Activation,
    ) -> Result<Mlp, NnError> {
        let layers = widths.len().saturating_sub(1);
        let mut acts = vec![hidden; layers];
        if let Some(last) = acts.last_mut() {
            *last = output;
        }
        Mlp::new(widths, &acts)
    }

    /// The same network with matrix products and per-sample gradients run under `par`
    /// (default: all rayon threads). faer's products split the output into blocks, each
    /// summed in a fixed order, so the results are bit-identical for any thread count
    /// (checked by the tests).
    pub fn with_parallelism(mut self, par: Par) -> Mlp {
        self.par = par;
        self
    }

    /// Parallelism used by the matrix products.
    pub fn parallelism(&self) -> Par {
        self.par
    }

    /// Layer widths `[input, hidden…, output]`.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// Activation of each layer.
    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// Number of layers (affine maps).
    pub fn num_layers(&self) -> usize {
        self.activations.len()
    }

    /// Input width `w_0`.
    pub fn input_dim(&self) -> usize {
        self.widths[0]
    }

    /// Output width `w_L`.
    pub fn output_dim(&self) -> usize {
        self.widths[self.widths.len() - 1]
    }

    /// Length `Σ_l w_{l+1}(w_l + 1)` of the flat parameter vector.
    pub fn num_params(&self) -> usize {
        self.offsets[self.offsets.len() - 1]
    }

    /// Range in `θ` of layer `l`'s weight (row-major, `w_{l+1} × w_l`).
    pub fn weight_range(&self, l: usize) -> std::ops::Range<usize> {
        let start = self.offsets[l];
        start..start + self.widths[l + 1] * self.widths[l]
    }

    /// Range in `θ` of layer `l`'s bias.
    pub fn bias_range(&self, l: usize) -> std::ops::Range<usize> {
        let end = self.offsets[l + 1];
        end - self.widths[l + 1]..end
    }

    /// Checks that `theta` has length [`Mlp::num_params`]; `what` names it in the error.
    pub(crate) fn check_len(&self, theta: &[f64], what: &str) -> Result<(), NnError> {
        if theta.len() != self.num_params() {
            return Err(NnError::shape(
                format!("{what} length"),
                self.num_params(),
                theta.len(),
            ));
        }
        Ok(())
    }

    /// Checks length and finiteness of a flat vector.
    pub(crate) fn check_flat(&self, theta: &[f64], what: &str) -> Result<(), NnError> {
        self.check_len(theta, what)?;
        if !all_finite(theta) {
            let i = theta.iter().position(|v| !v.is_finite()).unwrap_or(0);
            return Err(NnError::NonFinite(format!("{what}[{i}]")));
        }
        Ok(())
    }

    /// Checks a batch of inputs: `n ≥ 1` rows, `w_0` columns, finite entries.
    pub(crate) fn check_inputs(&self, x: MatRef<'_, f64>) -> Result<(), NnError> {
        if x.ncols() != self.input_dim() {
            return Err(NnError::shape(
                "inputs columns",
                self.input_dim(),
                x.ncols(),
            ));
        }
        if x.nrows() == 0 {
            return Err(NnError::param("inputs", "batch has no rows"));
        }
        check_finite_mat(x, "inputs")
    }

    /// View of layer `l` inside any flat vector with this layout (parameters, gradients,
    /// directions).
    pub fn layer<'a>(&self, theta: &'a [f64], l: usize) -> Result<LayerParams<'a>, NnError> {
        self.check_layer_index(l)?;
        self.check_len(theta, "params")?;
        Ok(self.layer_unchecked(theta, l))
    }

    /// Mutable view of layer `l` inside any flat vector with this layout.
    pub fn layer_mut<'a>(
        &self,
        theta: &'a mut [f64],
        l: usize,
    ) -> Result<LayerParamsMut<'a>, NnError> {
        self.check_layer_index(l)?;
        self.check_len(theta, "params")?;
        let (rows, cols) = (self.widths[l + 1], self.widths[l]);
        let (w, b) = theta[self.offsets[l]..self.offsets[l + 1]].split_at_mut(rows * cols);
        Ok(LayerParamsMut {
            weight: MatMut::from_row_major_slice_mut(w, rows, cols),
            bias: b,
        })
    }

    fn check_layer_index(&self, l: usize) -> Result<(), NnError> {
        if l >= self.num_layers() {
            return Err(NnError::param(
                "layer",
                format!("index {l} out of range for {} layers", self.num_layers()),
            ));
        }
        Ok(())
    }

    /// Layer view without checks; `theta.len() == num_params()` and `l < num_layers()`
    /// must hold (callers check once per public entry point).
    pub(crate) fn layer_unchecked<'a>(&self, theta: &'a [f64], l: usize) -> LayerParams<'a> {
        let (rows, cols) = (self.widths[l + 1], self.widths[l]);
        let (w, b) = theta[self.offsets[l]..self.offsets[l + 1]].split_at(rows * cols);
        LayerParams {
            weight: MatRef::from_row_major_slice(w, rows, cols),
            bias: b,
        }
    }

    /// A fresh parameter vector: weights drawn by `init` from the stream `seed` (layer by
    /// layer, each weight in row-major order), biases zero.
    pub fn init(&self, init: Init, seed: u64) -> Vec<f64> {
        let mut rng = globopt_core::rng::seeded(seed);
        let mut theta = vec![0.0; self.num_params()];
        for l in 0..self.num_layers() {
            let (fan_in, fan_out) = (self.widths[l] as f64, self.widths[l + 1] as f64);
            let range = self.weight_range(l);
            let w = &mut theta[range];
            match init {
                Init::GlorotUniform => fill_uniform(w, (6.0 / (fan_in + fan_out)).sqrt(), &mut rng),
                Init::HeUniform => fill_uniform(w, (6.0 / fan_in).sqrt(), &mut rng),
                Init::GlorotNormal => fill_normal(w, (2.0 / (fan_in + fan_out)).sqrt(), &mut rng),
                Init::HeNormal => fill_normal(w, (2.0 / fan_in).sqrt(), &mut rng),
            }
        }
        theta
    }

    /// Network outputs `F = H_L` for a batch `x` (`n × w_0`, one sample per row).
    pub fn forward(&self, theta: &[f64], x: MatRef<'_, f64>) -> Result<Mat<f64>, NnError> {
        self.check_flat(theta, "params")?;
        self.check_inputs(x)?;
        let tape = Tape::record(self, theta, x);
        let out = tape.into_output();
        check_finite_mat(out.as_ref(), "outputs")?;
        Ok(out)
    }
}

fn fill_uniform(w: &mut [f64], a: f64, rng: &mut impl Rng) {
    // `a > 0` because every width is positive.
    let dist = Uniform::new_inclusive(-a, a).expect("a is positive and finite");
    w.iter_mut().for_each(|v| *v = dist.sample(rng));
}

fn fill_normal(w: &mut [f64], std: f64, rng: &mut impl Rng) {
    // `std > 0` and finite because every width is positive.
    let dist = Normal::new(0.0, std).expect("std is positive and finite");
    w.iter_mut().for_each(|v| *v = dist.sample(rng));
}

/// Whether every entry is finite. The test runs on blocks of 16 without early exit inside a
/// block, so that it vectorizes.
pub(crate) fn all_finite(v: &[f64]) -> bool {
    v.chunks(16)
        .all(|c| c.iter().fold(true, |ok, x| ok & x.is_finite()))
}

/// Error if any entry of `m` is not finite; `what` names the matrix.
pub(crate) fn check_finite_mat(m: MatRef<'_, f64>, what: &str) -> Result<(), NnError> {
    let fast = (0..m.ncols()).all(|j| match m.col(j).try_as_col_major() {
        Some(c) => all_finite(c.as_slice()),
        None => (0..m.nrows()).all(|i| m[(i, j)].is_finite()),
    });
    if fast {
        return Ok(());
    }
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            if !m[(i, j)].is_finite() {
                return Err(NnError::NonFinite(format!("{what}[{i}, {j}]")));
            }
        }
    }
    Ok(())
}

/// The forward pass with every activation `H_l` kept, and the pre-activation `Z_l` where
/// the activation's derivatives need it, for the backward and tangent passes.
pub(crate) struct Tape<'x> {
    /// The inputs `H_0`.
    pub x: MatRef<'x, f64>,
    /// `Z_1 … Z_L`, `None` where [`Activation::needs_preactivation`] is false.
    pre: Vec<Option<Mat<f64>>>,
    /// `H_1 … H_L`.
    post: Vec<Mat<f64>>,
}

impl<'x> Tape<'x> {
    /// Runs the forward pass; `theta` and `x` must already be checked.
    pub fn record(mlp: &Mlp, theta: &[f64], x: MatRef<'x, f64>) -> Tape<'x> {
        let mut pre = Vec::with_capacity(mlp.num_layers());
        let mut post: Vec<Mat<f64>> = Vec::with_capacity(mlp.num_layers());
        for l in 0..mlp.num_layers() {
            let input = if l == 0 { x } else { post[l - 1].as_ref() };
            let mut z = affine(input, mlp.layer_unchecked(theta, l), mlp.par);
            let act = mlp.activations[l];
            if act.needs_preactivation() {
                post.push(activate(act, &z));
                pre.push(Some(z));
            } else {
                activate_in_place(act, &mut z);
                post.push(z);
                pre.push(None);
            }
        }
        Tape { x, pre, post }
    }

    /// `H_l` for `l = 0 … L` (`H_0` is the input).
    pub fn activation(&self, l: usize) -> MatRef<'_, f64> {
        if l == 0 {
            self.x
        } else {
            self.post[l - 1].as_ref()
        }
    }

    /// Layer `l`'s (0-based) `(Z, H)` for the derivative kernels: `Z` is `H` itself where
    /// the derivatives are functions of `H` alone.
    pub fn layer(&self, l: usize) -> (&Mat<f64>, &Mat<f64>) {
        let h = &self.post[l];
        (self.pre[l].as_ref().unwrap_or(h), h)
    }

    /// The network outputs `H_L`.
    pub fn output(&self) -> MatRef<'_, f64> {
        self.post[self.post.len() - 1].as_ref()
    }

    fn into_output(mut self) -> Mat<f64> {
        // A tape always has at least one layer (Mlp::new requires two widths).
        self.post.pop().expect("at least one layer")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_views() {
        let mlp =
            Mlp::with_activations(&[3, 4, 2], Activation::Tanh, Activation::Identity).unwrap();
        assert_eq!(mlp.num_params(), 4 * 3 + 4 + 2 * 4 + 2);
        assert_eq!(mlp.weight_range(1), 16..24);
        assert_eq!(mlp.bias_range(1), 24..26);
        let theta: Vec<f64> = (0..mlp.num_params()).map(|i| i as f64).collect();
        let l1 = mlp.layer(&theta, 1).unwrap();
        assert_eq!(l1.weight[(1, 2)], 16.0 + 4.0 + 2.0);
        assert_eq!(l1.bias, &[24.0, 25.0]);
        assert!(mlp.layer(&theta, 2).is_err());
        assert!(mlp.layer(&theta[1..], 0).is_err());
        let mut t2 = theta.clone();
        mlp.layer_mut(&mut t2, 0).unwrap().weight[(0, 1)] = -1.0;
        assert_eq!(t2[1], -1.0);
    }

    #[test]
    fn forward_matches_hand_computation() {
        let mlp = Mlp::new(&[2, 2, 1], &[Activation::Relu, Activation::Identity]).unwrap();
        // W0 = [[1, -1], [2, 0.5]], b0 = [0.5, -1], W1 = [[3, -2]], b1 = [0.25]
        let theta = [1.0, -1.0, 2.0, 0.5, 0.5, -1.0, 3.0, -2.0, 0.25];
        let x = faer::mat![[1.0, 2.0], [-1.0, 0.0]];
        let f = mlp.forward(&theta, x.as_ref()).unwrap();
        // sample 0: z = [1−2+0.5, 2+1−1] = [−0.5, 2] → h = [0, 2] → 3·0 − 2·2 + 0.25
        assert_eq!(f[(0, 0)], -3.75);
        // sample 1: z = [−1+0.5, −2−1] → h = [0, 0] → 0.25
        assert_eq!(f[(1, 0)], 0.25);
    }

    #[test]
    fn bad_shapes_and_values_are_errors() {
        assert!(Mlp::new(&[3], &[]).is_err());
        assert!(Mlp::new(&[3, 0, 1], &[Activation::Relu; 2]).is_err());
        assert!(Mlp::new(&[3, 2, 1], &[Activation::Relu]).is_err());
        let mlp =
            Mlp::with_activations(&[2, 3, 1], Activation::Relu, Activation::Identity).unwrap();
        let theta = mlp.init(Init::HeNormal, 1);
        assert!(mlp.forward(&theta, Mat::zeros(4, 3).as_ref()).is_err());
        assert!(mlp.forward(&theta, Mat::zeros(0, 2).as_ref()).is_err());
        let mut bad = theta.clone();
        bad[0] = f64::NAN;
        assert!(matches!(
            mlp.forward(&bad, Mat::zeros(1, 2).as_ref()),
            Err(NnError::NonFinite(_))
        ));
    }

    #[test]
    fn init_is_seeded_and_scaled() {
        let mlp =
            Mlp::with_activations(&[400, 300, 10], Activation::Relu, Activation::Identity).unwrap();
        let a = mlp.init(Init::HeNormal, 5);
        assert_eq!(a, mlp.init(Init::HeNormal, 5));
        assert_ne!(a, mlp.init(Init::HeNormal, 6));
        let w = &a[mlp.weight_range(0)];
        let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
        assert!(
            (var - 2.0 / 400.0).abs() < 0.05 * 2.0 / 400.0,
            "He variance {var}"
        );
        assert!(a[mlp.bias_range(0)].iter().all(|&b| b == 0.0));
        let g = mlp.init(Init::GlorotUniform, 5);
        let bound = (6.0f64 / 310.0).sqrt();
        assert!(g[mlp.weight_range(1)].iter().all(|v| v.abs() <= bound));
    }

    #[test]
    fn spec_round_trips_through_json() {
        let mlp =
            Mlp::with_activations(&[2, 8, 3], Activation::Gelu, Activation::Identity).unwrap();
        let s = serde_json::to_string(&mlp).unwrap();
        assert_eq!(s, r#"{"widths":[2,8,3],"activations":["gelu","identity"]}"#);
        let back: Mlp = serde_json::from_str(&s).unwrap();
        assert_eq!(back.widths(), mlp.widths());
        assert!(serde_json::from_str::<Mlp>(r#"{"widths":[2],"activations":[]}"#).is_err());
    }
}
