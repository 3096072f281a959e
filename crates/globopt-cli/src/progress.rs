//! The CLI's observer: an `indicatif` progress bar on stderr (hidden when stderr is not a
//! terminal) and a Ctrl-C flag that asks solvers to return their best answer so far.

use globopt_core::{CancelFlag, Event, Observer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Drives one progress bar per solver phase.
pub struct CliObserver {
    bar: Option<ProgressBar>,
    cancel: CancelFlag,
    quiet: bool,
}

impl CliObserver {
    /// An observer that stops solvers when `cancel` is set; `quiet` hides the bars.
    pub fn new(cancel: CancelFlag, quiet: bool) -> Self {
        CliObserver {
            bar: None,
            cancel,
            quiet,
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

fn number(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e6 || v.abs() < 1e-3) {
        format!("{v:.4e}")
    } else {
        format!("{v:.6}")
    }
}

impl Observer for CliObserver {
    fn on_event(&mut self, event: &Event<'_>) {
        if self.quiet {
            return;
        }
        match event {
            Event::Started { phase, total } => {
                self.finish();
                let bar = match total {
                    Some(n) => {
                        ProgressBar::with_draw_target(Some(*n), ProgressDrawTarget::stderr())
                            .with_style(
                            ProgressStyle::with_template(
                                "{prefix:>14} [{bar:30}] {pos}/{len} {msg} ({elapsed}, eta {eta})",
                            )
                            .unwrap_or_else(|_| ProgressStyle::default_bar())
                            .progress_chars("=> "),
                        )
                    }
                    None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                        .with_style(
                            ProgressStyle::with_template(
                                "{prefix:>14} {spinner} {pos} {msg} ({elapsed})",
                            )
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                        ),
                };
                bar.set_prefix(phase.to_string());
                bar.enable_steady_tick(Duration::from_millis(200));
                self.bar = Some(bar);
            }
            Event::Progress(p) => {
                if let Some(b) = &self.bar {
                    if let Some(t) = p.total {
                        b.set_length(t);
                    }
                    b.set_position(p.done);
                    let mut msg = String::new();
                    if let Some(i) = p.incumbent {
                        msg.push_str(&format!("best {}", number(i)));
                    }
                    if let Some(lb) = p.bound {
                        msg.push_str(&format!("  bound {}", number(lb)));
                    }
                    b.set_message(msg);
                }
            }
            Event::Message(m) => match &self.bar {
                Some(b) => b.println(*m),
                None => eprintln!("{m}"),
            },
            Event::Finished => self.finish(),
        }
    }

    fn should_stop(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

impl Drop for CliObserver {
    fn drop(&mut self) {
        self.finish();
    }
}
