//! The enumeration budget (`max_enumerated`, digest 02 step 6.4) and the observer hook: every
//! subset or lattice point examined costs one unit; progress is reported at least every
//! 100 ms and a stop request ends the enumeration with the best answer so far.

use globopt_core::{Event, Observer, Progress};
use std::time::{Duration, Instant};

/// Budget and progress of the enumerations of one balance.
pub(crate) struct Work<'a> {
    left: u64,
    /// Units spent so far (subsets and lattice points examined).
    pub done: u64,
    /// Why the enumeration stopped early, if it did.
    pub stopped: Option<String>,
    max: u64,
    observer: &'a mut dyn Observer,
    last_event: Instant,
}

impl<'a> Work<'a> {
    /// A budget of `max` units reporting to `observer`.
    pub fn new(max: u64, observer: &'a mut dyn Observer) -> Self {
        Work {
            left: max,
            done: 0,
            stopped: None,
            max,
            observer,
            last_event: Instant::now(),
        }
    }

    /// Announce a phase (`circuits`, `min-sum`, `hilbert-basis`) with its planned size.
    pub fn phase(&mut self, name: &str, total: Option<u64>) {
        self.observer
            .on_event(&Event::Started { phase: name, total });
    }

    /// End the current phase.
    pub fn finish_phase(&mut self) {
        self.observer.on_event(&Event::Finished);
    }

    /// Spend one unit; `false` when the budget is spent or the observer asked to stop.
    pub fn tick(&mut self) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        if self.left == 0 {
            self.stopped = Some(format!(
                "max_enumerated = {} reached before the enumeration finished",
                self.max
            ));
            return false;
        }
        self.left -= 1;
        self.done += 1;
        if self.done % 1024 == 0 {
            if self.last_event.elapsed() >= Duration::from_millis(100) {
                self.observer.on_event(&Event::Progress(Progress {
                    done: self.done,
                    total: Some(self.max),
                    incumbent: None,
                    bound: None,
                }));
                self.last_event = Instant::now();
            }
            if self.observer.should_stop() {
                self.stopped = Some("stopped on request before the enumeration finished".into());
                return false;
            }
        }
        true
    }
}
