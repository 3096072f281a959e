//! Progress reporting and cancellation.
//!
//! Solvers call an [`Observer`] with [`Event`]s at least every 100 ms of work and ask it
//! [`Observer::should_stop`] between steps; when it says yes they return their best answer
//! so far with status `BudgetExhausted`. Observers watch: they never change a result. The
//! library default is [`NoObserver`]; the CLI drives a progress bar and a Ctrl-C flag.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Counters of a running solve.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Units of work done (evaluations, iterations, nodes, solves).
    pub done: u64,
    /// Units planned, when known.
    pub total: Option<u64>,
    /// Best objective so far.
    pub incumbent: Option<f64>,
    /// Best lower bound so far.
    pub bound: Option<f64>,
}

/// What a solver tells its observer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event<'a> {
    /// A phase begins (`"relaxation"`, `"rounding"`, `"iterations"`), with its planned size.
    Started {
        /// Name of the phase.
        phase: &'a str,
        /// Planned units of work, when known.
        total: Option<u64>,
    },
    /// Work was done.
    Progress(Progress),
    /// A note for the user (a fallback, a restart).
    Message(&'a str),
    /// The current phase ended.
    Finished,
}

/// Receives progress events and can ask the solver to stop.
pub trait Observer {
    /// Called by the solver; the default ignores the event.
    fn on_event(&mut self, _event: &Event<'_>) {}

    /// Whether the solver should stop now and return its best answer so far.
    fn should_stop(&self) -> bool {
        false
    }
}

/// The observer that watches nothing and never stops a solve.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl Observer for NoObserver {}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn on_event(&mut self, event: &Event<'_>) {
        (**self).on_event(event)
    }
    fn should_stop(&self) -> bool {
        (**self).should_stop()
    }
}

/// A shared flag that asks running solvers to stop (set by Ctrl-C in the CLI, by a time
/// limit, or by a caller on another thread). Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A fresh flag, not set.
    pub fn new() -> Self {
        Self::default()
    }
    /// Ask every holder of this flag to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether [`CancelFlag::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// An observer that forwards nothing and stops when its flag is set.
#[derive(Debug, Clone, Default)]
pub struct CancelOnFlag(pub CancelFlag);

impl Observer for CancelOnFlag {
    fn should_stop(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// An observer that keeps every progress event, for tests and for building traces.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    /// Phases started, in order.
    pub phases: Vec<String>,
    /// Progress events, in order.
    pub progress: Vec<Progress>,
    /// Messages, in order.
    pub messages: Vec<String>,
    /// Stop after this many progress events (to test cancellation).
    pub stop_after: Option<usize>,
}

impl Observer for Recorder {
    fn on_event(&mut self, event: &Event<'_>) {
        match event {
            Event::Started { phase, .. } => self.phases.push((*phase).to_string()),
            Event::Progress(p) => self.progress.push(*p),
            Event::Message(m) => self.messages.push((*m).to_string()),
            Event::Finished => {}
        }
    }
    fn should_stop(&self) -> bool {
        self.stop_after.is_some_and(|n| self.progress.len() >= n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_flag_is_shared_by_clones() {
        let flag = CancelFlag::new();
        let obs = CancelOnFlag(flag.clone());
        assert!(!obs.should_stop());
        flag.cancel();
        assert!(obs.should_stop());
    }

    #[test]
    fn recorder_stops_after_n_events() {
        let mut rec = Recorder {
            stop_after: Some(2),
            ..Default::default()
        };
        let obs: &mut Recorder = &mut rec;
        obs.on_event(&Event::Progress(Progress::default()));
        assert!(!obs.should_stop());
        obs.on_event(&Event::Progress(Progress::default()));
        assert!(obs.should_stop());
    }
}
