//! The Pareto-set model `h_θ`: a small MLP from a preference on the simplex to a design in
//! the unit box (shared digest 21, step 4: `M → 256 → 256 → d`, ReLU, sigmoid output).

use crate::error::MooError;
use globopt_core::Bounds;
use globopt_nn::{Activation, Mat, Mlp};
use rand::Rng;

/// A trained Pareto-set model: the network, its parameters and the problem's box.
#[derive(Debug, Clone)]
pub struct ParetoSetModel {
    pub(crate) mlp: Mlp,
    pub(crate) theta: Vec<f64>,
    bounds: Bounds,
}

impl ParetoSetModel {
    /// A freshly initialized model for `m` objectives and the box `bounds`, with the given
    /// hidden widths. Every layer's weights and biases are drawn from `U(−1/√fan_in,
    /// 1/√fan_in)` (stream `seed`): PyTorch's default `nn.Linear` initialization, which the
    /// reference code's model starts from.
    pub fn new(m: usize, hidden: &[usize], bounds: &Bounds, seed: u64) -> Result<Self, MooError> {
        let mut widths = vec![m];
        widths.extend_from_slice(hidden);
        widths.push(bounds.dim());
        let mut acts = vec![Activation::Relu; hidden.len()];
        acts.push(Activation::Sigmoid);
        let mlp = Mlp::new(&widths, &acts)?;
        let mut rng = globopt_core::rng::seeded(seed);
        let mut theta = vec![0.0; mlp.num_params()];
        // layer l maps widths[l] inputs (its fan-in) to widths[l + 1] outputs
        for (l, &fan_in) in widths[..widths.len() - 1].iter().enumerate() {
            let a = 1.0 / (fan_in as f64).sqrt();
            for r in [mlp.weight_range(l), mlp.bias_range(l)] {
                theta[r]
                    .iter_mut()
                    .for_each(|t| *t = rng.random_range(-a..a));
            }
        }
        Ok(ParetoSetModel {
            mlp,
            theta,
            bounds: bounds.clone(),
        })
    }

    /// The number of objectives the model takes preferences for.
    pub fn n_obj(&self) -> usize {
        self.mlp.input_dim()
    }

    /// `h_θ(λ)` in the unit box, one row per preference.
    pub fn unit_designs(&self, prefs: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, MooError> {
        let m = self.n_obj();
        if let Some(i) = prefs.iter().position(|p| p.len() != m) {
            return Err(MooError::invalid(
                format!("preferences[{i}]"),
                format!("has {} entries; the model takes {m}", prefs[i].len()),
            ));
        }
        if prefs.is_empty() {
            return Ok(Vec::new());
        }
        let input = Mat::from_fn(prefs.len(), m, |i, j| prefs[i][j]);
        let out = self.mlp.forward(&self.theta, input.as_ref())?;
        Ok((0..out.nrows())
            .map(|i| (0..out.ncols()).map(|j| out[(i, j)]).collect())
            .collect())
    }

    /// The designs the model proposes for the preferences `prefs`, in the problem's box: the
    /// learned Pareto set, without new evaluations (digest 21, `pareto_set(prefs)`).
    pub fn pareto_set(&self, prefs: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, MooError> {
        Ok(self
            .unit_designs(prefs)?
            .iter()
            .map(|u| self.bounds.from_unit(u))
            .collect())
    }
}
