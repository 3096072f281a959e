//! Progress and cancellation for the planners' loops: a [`Progress`] event at most every
//! 100 ms, and a stop when the observer asks for one or the time limit passes.

use globopt_core::{Event, Observer, Progress};
use std::time::{Duration, Instant};

/// Paces a loop's progress events and stop checks.
pub(crate) struct Pace<'o> {
    observer: &'o mut dyn Observer,
    last: Instant,
    deadline: Option<Instant>,
    total: Option<u64>,
}

impl<'o> Pace<'o> {
    /// Start a phase named `phase` with `total` planned units, stopping at `deadline`.
    pub(crate) fn start(
        observer: &'o mut dyn Observer,
        phase: &str,
        total: Option<u64>,
        deadline: Option<Instant>,
    ) -> Self {
        observer.on_event(&Event::Started { phase, total });
        Pace {
            observer,
            last: Instant::now(),
            deadline,
            total,
        }
    }

    /// Report `done` units when 100 ms have passed since the last report; true when the loop
    /// must stop.
    pub(crate) fn tick(&mut self, done: u64) -> bool {
        if self.last.elapsed() >= Duration::from_millis(100) {
            self.observer.on_event(&Event::Progress(Progress {
                done,
                total: self.total,
                incumbent: None,
                bound: None,
            }));
            self.last = Instant::now();
        }
        self.observer.should_stop() || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// End the phase with a final progress event.
    pub(crate) fn finish(self, done: u64, incumbent: Option<f64>) {
        self.observer.on_event(&Event::Progress(Progress {
            done,
            total: self.total,
            incumbent,
            bound: None,
        }));
        self.observer.on_event(&Event::Finished);
    }
}

/// Run `f` in `pool`, or in rayon's global pool when `None`.
pub(crate) fn in_pool<T: Send>(
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> T + Send,
) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}
