//! The Pareto-set model `h_θ`: a small MLP from a preference on the simplex to a design in
//! the unit box (shared digest 21, step 4: `M → 256 → 256 → d`, ReLU, sigmoid output).

use crate::error::MooError;
use globopt_core::Bounds;
use globopt_nn::{Activation, Init, Mat, Mlp};

/// A trained Pareto-set model: the network, its parameters and the problem's box.
#[derive(Debug, Clone)]
pub struct ParetoSetModel {
    pub(crate) mlp: Mlp,
    pub(crate) theta: Vec<f64>,
    bounds: Bounds,
}

impl ParetoSetModel {
    /// A freshly initialized model (Glorot-uniform weights from `seed`, zero biases) for `m`
    /// objectives and the box `bounds`, with the given hidden widths.
    pub fn new(m: usize, hidden: &[usize], bounds: &Bounds, seed: u64) -> Result<Self, MooError> {
        let mut widths = vec![m];
        widths.extend_from_slice(hidden);
        widths.push(bounds.dim());
        let mut acts = vec![Activation::Relu; hidden.len()];
        acts.push(Activation::Sigmoid);
        let mlp = Mlp::new(&widths, &acts)?;
        let theta = mlp.init(Init::GlorotUniform, seed);
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
