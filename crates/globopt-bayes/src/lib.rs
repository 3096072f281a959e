//! # globopt-bayes
//!
//! Bayesian optimization (shared digest 25, Frazier's tutorial) for expensive black-box
//! functions over a box: Gaussian-process regression on faer ([`gp`]), acquisition functions
//! one per file behind the [`acquisition::Acquisition`] trait, multistart box-constrained
//! acquisition search, batches, constraints, multi-fidelity sources, and an optimizer with a
//! closure interface and an ask/tell interface that journals every told trial.
//!
//! Everything minimizes. Bayesian optimization proves no bound on the optimum: reports carry
//! `bound = null`, the certificate text `"none: BO proves no bound"`, and never the status
//! `Optimal`.

pub mod acquisition;
pub mod ask_tell;
pub mod config;
pub mod error;
pub mod fidelity;
pub mod gp;
pub mod journal;
pub mod kernel;
pub mod normal;
pub mod optimize;
pub mod plot;
pub mod propose;
pub mod search;
pub mod solve;

pub use ask_tell::{BayesOpt, CERTIFICATE, HistoryEntry};
pub use config::{AcquisitionKind, BatchStrategy, BayesParams, KernelChoice};
pub use error::BayesError;
pub use fidelity::{FidelityTrial, MultiFidelityParams, Source, minimize_multi_fidelity};
pub use gp::{
    FitInfo, Gp, GpConfig, Hyperparameters, MeanFunction, Noise, Prediction, ReferenceSet,
};
pub use journal::{Journal, JournalHeader, TrialRecord};
pub use kernel::Kernel;
pub use propose::{ProposalInfo, fit_model};
pub use search::{SearchResult, SearchSettings, maximize_acquisition};
pub use solve::{Problem, minimize, minimize_constrained, solve};
