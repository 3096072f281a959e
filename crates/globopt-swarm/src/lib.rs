//! # globopt-swarm
//!
//! Consensus-based optimization (CBO), a derivative-free global minimizer for nonconvex,
//! possibly nonsmooth objectives (shared digest 10, Riedl et al. 2023, with CBXpy's practical
//! algorithm and defaults). N particles drift toward a softmin-weighted average of themselves,
//! the consensus point `c = Σ exp(−αf_i) x_i / Σ exp(−αf_i)`, and are shaken by noise that
//! grows with their distance to it:
//!
//! `x_i ← x_i − λ·dt·(x_i − c) + σ·√dt·D(x_i − c)ξ_i`, `D(d)ξ = ‖d‖₂ξ` (isotropic) or `d ⊙ ξ`
//! (anisotropic).
//!
//! Many independent runs go at once, in parallel with rayon, each with its own random stream,
//! so the result of a seed does not depend on the thread count. The answer is the best particle
//! ever evaluated; CBO proves nothing, so reports carry no bound but, when the minimizers are
//! known, the success rate over runs (a run succeeds when its best point is within 0.25 of a
//! minimizer in the ∞-norm).
//!
//! - [`solve`]: any [`globopt_core::Objective`] (closure, named test function, external
//!   command) with an observer; [`minimize`]: a closure; [`minimize_batch`]: a vectorized
//!   objective; [`Cbo`]: the optimizer itself, with [`globopt_core::AskTell`] and a
//!   serializable [`CboState`].
//! - [`CboParams`]: isotropic / anisotropic noise, α schedules (fixed, multiplicative,
//!   effective sample size), mini-batch consensus, consensus hopping, boundary policies,
//!   stopping by iterations, evaluation budget, energy tolerance or spread.
//! - [`plot`]: particle snapshots and the energy curve as SVG strings.
//!
//! Limits: isotropic noise fails on Rastrigin in 20 dimensions at every σ tried, σ has a cliff
//! (5.1 fails where 10.1 succeeds on Rastrigin-20), and Rastrigin-100 is not solved even with
//! N = 100 (median best value about 51).

pub mod boundary;
mod cbo;
pub mod consensus;
pub mod error;
pub mod params;
pub mod plot;
pub mod problem;
mod run;
pub mod solution;
mod solve;
pub mod update;

pub use cbo::{Cbo, CboState};
pub use error::SwarmError;
pub use globopt_core::Bounds;
pub use params::{AlphaSchedule, Boundary, CboParams, Method, Noise, SigmaDecay};
pub use problem::{Problem, default_init_box};
pub use solution::{
    CboSolution, Quartiles, RunHistory, RunResult, Snapshot, StopReason, SuccessStats,
};
pub use solve::{CERTIFICATE, KIND, minimize, minimize_batch, solve};
