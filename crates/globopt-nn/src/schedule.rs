//! Learning-rate schedules: the rate `η_t` as a function of the optimizer step `t = 0, 1, …`
//! (iterations, not epochs).

use crate::error::NnError;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// A learning-rate schedule (`{"kind": "cosine", "lr": 0.01, "min_lr": 0, "total": 1000}`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// `η_t = lr`.
    Constant {
        /// The rate.
        lr: f64,
    },
    /// Step decay: `η_t = lr · γ^{⌊t / every⌋}` (PyTorch `StepLR`).
    StepDecay {
        /// Initial rate.
        lr: f64,
        /// Steps between decays (≥ 1).
        every: usize,
        /// Factor per decay, in `(0, 1]`.
        gamma: f64,
    },
    /// `η_t = lr · γ^t` (PyTorch `ExponentialLR`).
    Exponential {
        /// Initial rate.
        lr: f64,
        /// Factor per step, in `(0, 1]`.
        gamma: f64,
    },
    /// Linear warm-up from `lr / warmup` to `lr` over `warmup` steps, then cosine annealing
    /// `η = min_lr + (lr − min_lr)(1 + cos(π s / S)) / 2` over the remaining
    /// `S = total − warmup` steps (`s` counted from the end of warm-up), then `min_lr`.
    Cosine {
        /// Peak rate.
        lr: f64,
        /// Final rate, in `[0, lr]`.
        min_lr: f64,
        /// Steps of warm-up (may be 0).
        warmup: usize,
        /// Total steps of warm-up plus annealing (`> warmup`).
        total: usize,
    },
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::Constant { lr: 1e-3 }
    }
}

impl Schedule {
    /// Checks the settings; errors name the field.
    pub fn validate(&self) -> Result<(), NnError> {
        let positive = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(NnError::param(
                    name,
                    format!("{v} must be positive and finite"),
                ))
            }
        };
        let factor = |name: &str, v: f64| {
            if v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                Err(NnError::param(name, format!("{v} is outside (0, 1]")))
            }
        };
        match *self {
            Schedule::Constant { lr } => positive("schedule.lr", lr),
            Schedule::StepDecay { lr, every, gamma } => {
                positive("schedule.lr", lr)?;
                factor("schedule.gamma", gamma)?;
                if every == 0 {
                    return Err(NnError::param("schedule.every", "must be at least 1"));
                }
                Ok(())
            }
            Schedule::Exponential { lr, gamma } => {
                positive("schedule.lr", lr)?;
                factor("schedule.gamma", gamma)
            }
            Schedule::Cosine {
                lr,
                min_lr,
                warmup,
                total,
            } => {
                positive("schedule.lr", lr)?;
                if !(min_lr >= 0.0 && min_lr <= lr) {
                    return Err(NnError::param(
                        "schedule.min_lr",
                        format!("{min_lr} is outside [0, lr]"),
                    ));
                }
                if total <= warmup {
                    return Err(NnError::param(
                        "schedule.total",
                        format!("{total} must exceed warmup {warmup}"),
                    ));
                }
                Ok(())
            }
        }
    }

    /// The learning rate `η_t` at step `t`.
    pub fn rate(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { lr } => lr,
            Schedule::StepDecay { lr, every, gamma } => lr * gamma.powf((t / every.max(1)) as f64),
            Schedule::Exponential { lr, gamma } => lr * gamma.powf(t as f64),
            Schedule::Cosine {
                lr,
                min_lr,
                warmup,
                total,
            } => {
                if t < warmup {
                    lr * (t + 1) as f64 / warmup as f64
                } else if t >= total {
                    min_lr
                } else {
                    let s = (t - warmup) as f64 / (total - warmup) as f64;
                    min_lr + (lr - min_lr) * 0.5 * (1.0 + (PI * s).cos())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_rates() {
        let s = Schedule::StepDecay {
            lr: 1.0,
            every: 10,
            gamma: 0.5,
        };
        assert_eq!(
            (s.rate(0), s.rate(9), s.rate(10), s.rate(25)),
            (1.0, 1.0, 0.5, 0.25)
        );
        let e = Schedule::Exponential {
            lr: 2.0,
            gamma: 0.5,
        };
        assert_eq!(e.rate(3), 0.25);
        let c = Schedule::Cosine {
            lr: 1.0,
            min_lr: 0.0,
            warmup: 4,
            total: 14,
        };
        assert_eq!(c.rate(0), 0.25);
        assert_eq!(c.rate(3), 1.0);
        assert_eq!(c.rate(4), 1.0);
        assert!((c.rate(9) - 0.5).abs() < 1e-15);
        assert_eq!(c.rate(14), 0.0);
        for s in [s, e, c] {
            s.validate().unwrap();
        }
        assert!(
            Schedule::Cosine {
                lr: 1.0,
                min_lr: 2.0,
                warmup: 0,
                total: 5
            }
            .validate()
            .is_err()
        );
        assert!(
            Schedule::StepDecay {
                lr: 1.0,
                every: 0,
                gamma: 0.5
            }
            .validate()
            .is_err()
        );
        assert!(Schedule::Constant { lr: f64::NAN }.validate().is_err());
    }
}
