//! # globopt-core
//!
//! What every globopt solver shares: the [`Report`] with its certificate (objective, proven
//! lower bound, gap and [`Status`]), the [`Observer`] for progress and cancellation, validated
//! boxes ([`Bounds`]), seeded random streams and space-filling designs, black-box
//! [`objective`]s, the standard [`testfn`] problems with known optima and fronts, and the
//! [`random_search`] baseline.

pub mod bounds;
pub mod design;
pub mod error;
pub mod gaussian;
pub mod objective;
pub mod observer;
pub mod pareto;
pub mod plot;
pub mod random_search;
pub mod report;
pub mod rng;
pub mod status;
pub mod testfn;

pub use bounds::Bounds;
pub use error::CoreError;
pub use objective::{
    AskTell, CommandObjective, Evaluation, FnObjective, Objective, TestObjective, Trial,
};
pub use observer::{CancelFlag, Event, NoObserver, Observer, Progress};
pub use report::{Report, Tolerance, TracePoint};
pub use status::Status;
