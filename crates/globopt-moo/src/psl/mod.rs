//! SVH-PSL: Pareto set learning for expensive multi-objective problems with Stein variational
//! hypernetworks (Nguyen et al., AAAI 2025; shared digest 21).
//!
//! Each iteration fits one Gaussian process per objective ([`surrogate`]), trains a
//! preference-conditioned MLP `h_θ: λ ↦ x` ([`model`]) on the Tchebycheff scalarization of the
//! lower confidence bounds with Stein variational gradient descent among preference particles
//! ([`train`], [`kernel`]), and picks the next batch from the learned Pareto set by greedy
//! hypervolume improvement ([`select`]). [`SvhPsl`] is the ask/tell interface;
//! [`minimize_multi`] (closure) and [`solve`] (test problem) run the whole loop and return a
//! report with status `budget_exhausted` and no bound.

pub mod command;
pub mod kernel;
pub mod model;
pub mod optimizer;
pub mod params;
pub mod plot;
pub mod preferences;
pub mod select;
pub mod solve;
pub mod surrogate;
pub mod train;

pub use model::ParetoSetModel;
pub use optimizer::{IterationTiming, MooTrial, MultiEvaluation, PredictedFront, SvhPsl};
pub use params::{KernelKind, PslParams};
pub use solve::{HvPoint, PslSolution, minimize_multi, run, solve};
