//! # globopt-nn
//!
//! Small dense networks on [`faer`] with the derivatives that the learning papers need and
//! general frameworks do not offer on the CPU:
//!
//! * [`Mlp`]: architecture (widths, one [`Activation`] per layer); parameters are one flat
//!   `&[f64]` with per-layer views ([`Mlp::layer`]) and seeded [`Init`]ialization;
//! * [`Loss`]: half squared error, stable softmax cross-entropy, binary logistic;
//! * derivatives: [`gradient()`], [`per_sample_gradients`], [`jvp`], [`vjp`], [`input_vjp`],
//!   [`gauss_newton_vector_product`], [`fisher_vector_product`],
//!   [`hessian_vector_product`] (exact R-operator);
//! * [`optim`]: SGD (momentum, Nesterov), Adam/AdamW as plain update rules with state, and
//!   learning-rate [`Schedule`]s; [`train()`](train::train): mini-batches, seeded shuffling,
//!   early stopping, an [`Observer`](globopt_core::Observer) hook;
//! * [`checkpoint`]: parameters to and from `safetensors` (PyTorch `state_dict` names);
//! * [`data`]: seeded Gaussian mixtures, two moons, spirals, teacher-student data.
//!
//! Everything is `f64` and deterministic: the same seed gives the same numbers whatever the
//! thread count.
//!
//! ```
//! use globopt_core::NoObserver;
//! use globopt_nn::{Activation, Init, Loss, Mlp, TrainParams, data::two_moons, train};
//!
//! let data = two_moons(200, 0.1, 0)?;
//! let mlp = Mlp::with_activations(&[2, 16, 2], Activation::Relu, Activation::Identity)?;
//! let mut theta = mlp.init(Init::HeUniform, 1);
//! let params = TrainParams { epochs: 5, ..TrainParams::default() };
//! let loss = Loss::SoftmaxCrossEntropy;
//! let summary = train(&mlp, &mut theta, loss, &data, None, &params, &mut NoObserver)?;
//! assert!(summary.best_loss < summary.history[0].train_loss + 1.0);
//!
//! // curvature along a direction, without forming the P × P Hessian
//! let v = vec![1.0; mlp.num_params()];
//! let hv = globopt_nn::hessian_vector_product(&mlp, &theta, &data.batch(), loss, &v)?;
//! assert_eq!(hv.len(), mlp.num_params());
//! # Ok::<(), globopt_nn::NnError>(())
//! ```

#![warn(missing_docs)]

pub mod activation;
pub mod checkpoint;
pub mod curvature;
pub mod data;
pub mod error;
pub mod gradient;
pub mod jacobian;
pub mod loss;
pub mod mlp;
mod ops;
pub mod optim;
pub mod schedule;
pub mod train;

pub use activation::Activation;
pub use curvature::{fisher_vector_product, gauss_newton_vector_product, hessian_vector_product};
pub use data::Dataset;
pub use error::NnError;
pub use faer::{Mat, MatRef, Par};
pub use gradient::{
    Batch, PerSampleGradients, ValueAndGradient, gradient, loss_value, per_sample_gradients,
};
pub use jacobian::{Jvp, input_vjp, jvp, vjp};
pub use loss::{Loss, Targets, accuracy, predicted_classes};
pub use mlp::{Init, LayerParams, LayerParamsMut, Mlp, MlpSpec};
pub use optim::{Adam, Optimizer, OptimizerConfig, Sgd};
pub use schedule::Schedule;
pub use train::{TrainParams, TrainSummary, train};
