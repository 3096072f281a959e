//! # globopt-nn
//!
//! Small dense networks on [`faer`] with the derivatives that the learning papers need and
//! general frameworks do not offer on the CPU:
//!
//! * [`Mlp`]: architecture (widths, one [`Activation`] per layer); parameters are one flat
//!   `&[f64]` with per-layer views ([`Mlp::layer`]) and seeded [`Init`]ialization;
//! * [`Loss`]: half squared error, stable softmax cross-entropy, binary logistic;
//! * derivatives: [`gradient`], [`per_sample_gradients`], [`jvp`], [`vjp`],
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
pub use gradient::{Batch, PerSampleGradients, ValueAndGradient, gradient, loss_value, per_sample_gradients};
pub use jacobian::{Jvp, jvp, vjp};
pub use loss::{Loss, Targets, accuracy, predicted_classes};
pub use mlp::{Init, LayerParams, LayerParamsMut, Mlp, MlpSpec};
pub use optim::{Adam, Optimizer, OptimizerConfig, Sgd};
pub use schedule::Schedule;
pub use train::{TrainParams, TrainSummary, train};
