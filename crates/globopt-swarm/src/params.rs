//! Parameters of consensus-based optimization (shared digest 10, "Options and defaults"), with
//! the defaults that reproduce CBXpy's measured success table: N = 40 particles, dt = 0.01,
//! λ = 1, σ = 10.1 anisotropic, α0 = 30 multiplied by 1.05 per step up to 1e5, 5000 iterations.

use crate::error::SwarmError;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

/// How the noise of the CBO step scales with the drift `d = x − c` (digest 10, step 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Noise {
    /// `D(d)ξ = ‖d‖₂ ξ`: one scale for every coordinate (CBXpy's default; fails in d = 20).
    Isotropic,
    /// `D(d)ξ = d ⊙ ξ`: each coordinate scaled by its own distance to the consensus.
    Anisotropic,
}

/// Which particle scheme moves the swarm (digest 10, steps 4 and 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Consensus-based optimization: drift toward the consensus plus scaled noise.
    Cbo,
    /// Consensus hopping (the paper's scheme): each round draws `particles` samples
    /// `y_j ~ N(x_k, σ²I)` and jumps to their consensus, `x_{k+1} = c(y)`. Here σ is a
    /// sampling radius, not a diffusion scale, and `noise`, `lambda`, `dt` are not used.
    ConsensusHopping,
}

/// What happens to a particle that leaves the problem's domain (digest 10, step 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// CBO is unconstrained: particles may leave the domain (the default).
    None,
    /// Project onto the domain; piles particles on the faces and changes the dynamics.
    Clip,
    /// Mirror at the faces (repeatedly), which keeps the spread of the swarm.
    Reflect,
}

/// How the inverse temperature α changes after each step (digest 10, step 5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlphaSchedule {
    /// α stays at its initial value.
    Fixed,
    /// `α ← min(factor·α, max)`: what CBXpy's `optimize()` does by default (factor 1.05,
    /// max 1e5).
    Multiply {
        /// Multiplier per step (default 1.05).
        factor: f64,
        /// Cap (default 1e5).
        max: f64,
    },
    /// Effective sample size (CBXpy `sched='effective'`): α solves
    /// `(Σw)²/Σw² = η·n` by bisection on `[1e-5, max]` (at most 16 midpoints, stopping when the
    /// gap is within 1e-2), with `n` the number of finite energies of the step.
    Ess {
        /// Target fraction η of effective particles (default 0.5).
        eta: f64,
        /// Upper end of the bisection and cap (default 1e5).
        max: f64,
    },
}

impl AlphaSchedule {
    /// CBXpy's default scheduler: multiply by 1.05 up to 1e5.
    pub const CBX_DEFAULT: AlphaSchedule = AlphaSchedule::Multiply {
        factor: 1.05,
        max: 1e5,
    };
    /// CBXpy's `effective` scheduler: η = 0.5, up to 1e5.
    pub const CBX_EFFECTIVE: AlphaSchedule = AlphaSchedule::Ess { eta: 0.5, max: 1e5 };

    /// A one-line description for reports (the digest asks that the report name the schedule).
    pub fn describe(&self) -> String {
        match self {
            AlphaSchedule::Fixed => "fixed".into(),
            AlphaSchedule::Multiply { factor, max } => {
                format!("multiply by {factor} per step up to {max:e}")
            }
            AlphaSchedule::Ess { eta, max } => {
                format!("effective sample size {eta}·N (bisection), up to {max:e}")
            }
        }
    }
}

/// The tagged table form of [`AlphaSchedule`]; missing numbers take their defaults.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum AlphaScheduleTable {
    Fixed,
    Multiply {
        #[serde(default = "default_factor")]
        factor: f64,
        #[serde(default = "default_alpha_max")]
        max: f64,
    },
    Ess {
        #[serde(default = "default_eta")]
        eta: f64,
        #[serde(default = "default_alpha_max")]
        max: f64,
    },
}

fn default_factor() -> f64 {
    1.05
}
fn default_alpha_max() -> f64 {
    1e5
}
fn default_eta() -> f64 {
    0.5
}

impl<'de> Deserialize<'de> for AlphaSchedule {
    /// Accepts a name (`"fixed"`, `"multiply"`, `"ess"`, with default numbers) or a table
    /// `{ kind = "multiply", factor = 1.05, max = 1e5 }`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let table = match value {
            serde_json::Value::String(name) => serde_json::json!({ "kind": name }),
            other => other,
        };
        let t: AlphaScheduleTable = serde_json::from_value(table).map_err(|e| {
            D::Error::custom(format!(
                "alpha_schedule: {e} (use \"fixed\", \"multiply\", \"ess\" or a table with `kind`)"
            ))
        })?;
        Ok(match t {
            AlphaScheduleTable::Fixed => AlphaSchedule::Fixed,
            AlphaScheduleTable::Multiply { factor, max } => AlphaSchedule::Multiply { factor, max },
            AlphaScheduleTable::Ess { eta, max } => AlphaSchedule::Ess { eta, max },
        })
    }
}

/// Consensus hopping's "scheduled vanishing" radius: `σ ← factor·σ` every `every` rounds
/// (digest 10, step 7; 0.98 every 100 rounds in the authors' analysis code).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigmaDecay {
    /// Multiplier, in (0, 1] (default 0.98).
    #[serde(default = "default_decay_factor")]
    pub factor: f64,
    /// Rounds between two decays (default 100).
    #[serde(default = "default_decay_every")]
    pub every: u64,
}

fn default_decay_factor() -> f64 {
    0.98
}
fn default_decay_every() -> u64 {
    100
}

/// Parameters of [`crate::solve`] and [`crate::Cbo`]. Every field has a documented default;
/// [`CboParams::validate`] checks them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CboParams {
    /// Particles N per run (default 40); with consensus hopping, samples per round.
    pub particles: usize,
    /// Independent runs M, each with its own particles, α and random stream (default 1).
    pub runs: usize,
    /// Iterations (steps, or hopping rounds) per run (default 5000).
    pub iterations: u64,
    /// Time step dt of the Euler–Maruyama form (default 0.01).
    pub dt: f64,
    /// Drift rate λ toward the consensus (default 1).
    pub lambda: f64,
    /// Noise scale σ (default 10.1); for consensus hopping the sampling radius.
    pub sigma: f64,
    /// Initial inverse temperature α0 of the weights exp(−αf) (default 30; must be > 0).
    pub alpha: f64,
    /// How α changes after each step (default multiply by 1.05 up to 1e5, as CBXpy).
    pub alpha_schedule: AlphaSchedule,
    /// Isotropic or anisotropic noise (default anisotropic).
    pub noise: Noise,
    /// CBO or consensus hopping (default CBO).
    pub method: Method,
    /// Mini-batch size B: the consensus of each step is taken over B of the N particles,
    /// drawn without replacement from a per-run permutation that is redrawn when fewer than B
    /// indices remain (CBXpy `batch_args`; default none: all N).
    pub batch: Option<usize>,
    /// With a batch, move only the batch's particles (CBXpy `partial = True`, the default) or
    /// every particle toward the batch's consensus. Moving every particle diverges at σ = 10.1
    /// (to the ±1e8 clip, in CBXpy as here): the consensus jumps between batches while the
    /// noise grows with the distance to it.
    pub batch_partial: bool,
    /// Boundary policy for the problem's domain (default none: CBO is unconstrained).
    pub boundary: Boundary,
    /// Per-run evaluation budget: a run stops before a step that would exceed it (CBXpy
    /// `max_eval`; default none).
    pub max_evaluations: Option<u64>,
    /// Stop a run once the lowest energy of a step is below this value (CBXpy `energy_tol`;
    /// default none).
    pub energy_tol: Option<f64>,
    /// Stop a run once the spread, the mean distance `‖x_i − c‖₂` of the evaluated particles to
    /// their consensus, is below this value (default none).
    pub spread_tol: Option<f64>,
    /// Consensus hopping only: shrink σ on a schedule (default none).
    pub sigma_decay: Option<SigmaDecay>,
    /// Success radius: a run succeeds when its best point is within this distance of a known
    /// minimizer in the ∞-norm (CBXpy `dist_to_min`; default 0.25).
    pub success_tol: f64,
    /// Record a history sample every this many iterations (default: iterations / 50, at
    /// least 1); the first and the last iteration of every run are always recorded.
    pub trace_every: Option<u64>,
    /// Iterations (0 = the initial cloud) at which the particles of run 0 are stored for
    /// snapshot plots (default none).
    pub snapshots: Vec<u64>,
    /// Seed; run m draws from substream m of it (default 0).
    pub seed: u64,
}

impl Default for CboParams {
    fn default() -> Self {
        CboParams {
            particles: 40,
            runs: 1,
            iterations: 5000,
            dt: 0.01,
            lambda: 1.0,
            sigma: 10.1,
            alpha: 30.0,
            alpha_schedule: AlphaSchedule::CBX_DEFAULT,
            noise: Noise::Anisotropic,
            method: Method::Cbo,
            batch: None,
            batch_partial: true,
            boundary: Boundary::None,
            max_evaluations: None,
            energy_tol: None,
            spread_tol: None,
            sigma_decay: None,
            success_tol: 0.25,
            trace_every: None,
            snapshots: Vec::new(),
            seed: 0,
        }
    }
}

fn finite(name: &str, v: f64) -> Result<(), SwarmError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(SwarmError::param(
            name,
            format!("is {v}; it must be a finite number"),
        ))
    }
}

fn positive(name: &str, v: f64) -> Result<(), SwarmError> {
    finite(name, v)?;
    if v > 0.0 {
        Ok(())
    } else {
        Err(SwarmError::param(name, format!("is {v}; it must be > 0")))
    }
}

fn nonnegative(name: &str, v: f64) -> Result<(), SwarmError> {
    finite(name, v)?;
    if v >= 0.0 {
        Ok(())
    } else {
        Err(SwarmError::param(name, format!("is {v}; it must be ≥ 0")))
    }
}

impl CboParams {
    /// Error naming the first parameter out of range: `particles < 1`, `runs < 1`,
    /// `iterations < 1`, `alpha ≤ 0`, non-finite or negative `dt`/`lambda`/`sigma`, schedule
    /// numbers out of range, a batch outside `1..=particles`, a budget smaller than one step,
    /// or options that do not apply to the chosen method.
    pub fn validate(&self) -> Result<(), SwarmError> {
        if self.particles < 1 {
            return Err(SwarmError::param("particles", "must be at least 1"));
        }
        if self.runs < 1 {
            return Err(SwarmError::param("runs", "must be at least 1"));
        }
        if self.iterations < 1 {
            return Err(SwarmError::param("iterations", "must be at least 1"));
        }
        positive("alpha", self.alpha)?;
        positive("dt", self.dt)?;
        nonnegative("lambda", self.lambda)?;
        nonnegative("sigma", self.sigma)?;
        match self.alpha_schedule {
            AlphaSchedule::Fixed => {}
            AlphaSchedule::Multiply { factor, max } => {
                positive("alpha_schedule.factor", factor)?;
                positive("alpha_schedule.max", max)?;
            }
            AlphaSchedule::Ess { eta, max } => {
                positive("alpha_schedule.eta", eta)?;
                if eta > 1.0 {
                    return Err(SwarmError::param(
                        "alpha_schedule.eta",
                        format!("is {eta}; it must be in (0, 1]"),
                    ));
                }
                positive("alpha_schedule.max", max)?;
                if max <= 1e-5 {
                    return Err(SwarmError::param(
                        "alpha_schedule.max",
                        format!("is {max}; it must exceed the bisection's lower end 1e-5"),
                    ));
                }
            }
        }
        if let Some(b) = self.batch {
            if self.method == Method::ConsensusHopping {
                return Err(SwarmError::param(
                    "batch",
                    "mini-batches apply to method = \"cbo\" only",
                ));
            }
            if b < 1 || b > self.particles {
                return Err(SwarmError::param(
                    "batch",
                    format!(
                        "is {b}; it must be between 1 and particles = {}",
                        self.particles
                    ),
                ));
            }
        }
        if let Some(m) = self.max_evaluations
            && m < self.evaluations_per_step() as u64
        {
            return Err(SwarmError::param(
                "max_evaluations",
                format!(
                    "is {m}, less than one step ({} evaluations per run)",
                    self.evaluations_per_step()
                ),
            ));
        }
        if let Some(t) = self.energy_tol {
            finite("energy_tol", t)?;
        }
        if let Some(t) = self.spread_tol {
            positive("spread_tol", t)?;
        }
        if let Some(d) = self.sigma_decay {
            if self.method != Method::ConsensusHopping {
                return Err(SwarmError::param(
                    "sigma_decay",
                    "applies to method = \"consensus_hopping\" only",
                ));
            }
            positive("sigma_decay.factor", d.factor)?;
            if d.factor > 1.0 {
                return Err(SwarmError::param(
                    "sigma_decay.factor",
                    format!("is {}; it must be in (0, 1]", d.factor),
                ));
            }
            if d.every < 1 {
                return Err(SwarmError::param("sigma_decay.every", "must be at least 1"));
            }
        }
        positive("success_tol", self.success_tol)?;
        if self.trace_every == Some(0) {
            return Err(SwarmError::param("trace_every", "must be at least 1"));
        }
        Ok(())
    }

    /// Evaluations one run spends per step: the batch size B, or N.
    pub fn evaluations_per_step(&self) -> usize {
        self.batch.unwrap_or(self.particles)
    }

    /// The history interval actually used: `trace_every`, or iterations / 50 (at least 1).
    pub fn trace_interval(&self) -> u64 {
        self.trace_every.unwrap_or((self.iterations / 50).max(1))
    }

    /// The evaluations all runs together may spend: `runs × min(iterations × per-step,
    /// max_evaluations rounded down to whole steps)`.
    pub fn planned_evaluations(&self) -> u64 {
        let per = self.evaluations_per_step() as u64;
        let by_iterations = self.iterations.saturating_mul(per);
        let per_run = match self.max_evaluations {
            Some(m) => by_iterations.min(m / per * per),
            None => by_iterations,
        };
        per_run.saturating_mul(self.runs as u64)
    }

    /// A description of the method and its settings, for reports.
    pub fn describe(&self) -> String {
        match self.method {
            Method::Cbo => format!(
                "consensus-based optimization ({} noise, N = {}{}, dt = {}, λ = {}, σ = {}, α0 = {}, α schedule: {})",
                match self.noise {
                    Noise::Isotropic => "isotropic",
                    Noise::Anisotropic => "anisotropic",
                },
                self.particles,
                self.batch
                    .map(|b| format!(", batch {b}"))
                    .unwrap_or_default(),
                self.dt,
                self.lambda,
                self.sigma,
                self.alpha,
                self.alpha_schedule.describe()
            ),
            Method::ConsensusHopping => format!(
                "consensus hopping (N = {} samples per round, σ = {}{}, α0 = {}, α schedule: {})",
                self.particles,
                self.sigma,
                self.sigma_decay
                    .map(|d| format!(" × {} every {} rounds", d.factor, d.every))
                    .unwrap_or_default(),
                self.alpha,
                self.alpha_schedule.describe()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_digest_setup_and_validate() {
        let p = CboParams::default();
        assert_eq!(
            (p.particles, p.iterations, p.alpha, p.sigma),
            (40, 5000, 30.0, 10.1)
        );
        assert_eq!(p.alpha_schedule, AlphaSchedule::CBX_DEFAULT);
        assert_eq!(p.noise, Noise::Anisotropic);
        p.validate().unwrap();
        assert_eq!(p.planned_evaluations(), 200_000);
        assert_eq!(p.trace_interval(), 100);
    }

    #[test]
    fn bad_parameters_are_named() {
        let bad = |p: CboParams, name: &str| {
            let e = p.validate().unwrap_err().to_string();
            assert!(e.starts_with(name), "{e}");
        };
        bad(
            CboParams {
                alpha: 0.0,
                ..Default::default()
            },
            "alpha",
        );
        bad(
            CboParams {
                alpha: -1.0,
                ..Default::default()
            },
            "alpha",
        );
        bad(
            CboParams {
                alpha: f64::NAN,
                ..Default::default()
            },
            "alpha",
        );
        bad(
            CboParams {
                particles: 0,
                ..Default::default()
            },
            "particles",
        );
        bad(
            CboParams {
                runs: 0,
                ..Default::default()
            },
            "runs",
        );
        bad(
            CboParams {
                dt: 0.0,
                ..Default::default()
            },
            "dt",
        );
        bad(
            CboParams {
                sigma: f64::INFINITY,
                ..Default::default()
            },
            "sigma",
        );
        bad(
            CboParams {
                batch: Some(41),
                ..Default::default()
            },
            "batch",
        );
        bad(
            CboParams {
                max_evaluations: Some(10),
                ..Default::default()
            },
            "max_evaluations",
        );
        bad(
            CboParams {
                alpha_schedule: AlphaSchedule::Ess { eta: 1.5, max: 1e5 },
                ..Default::default()
            },
            "alpha_schedule.eta",
        );
        bad(
            CboParams {
                sigma_decay: Some(SigmaDecay {
                    factor: 0.98,
                    every: 100,
                }),
                ..Default::default()
            },
            "sigma_decay",
        );
    }

    #[test]
    fn schedules_read_from_names_or_tables() {
        let p: CboParams = serde_json::from_str(r#"{"alpha_schedule": "ess"}"#).unwrap();
        assert_eq!(p.alpha_schedule, AlphaSchedule::CBX_EFFECTIVE);
        let p: CboParams =
            serde_json::from_str(r#"{"alpha_schedule": {"kind": "multiply", "factor": 1.1}}"#)
                .unwrap();
        assert_eq!(
            p.alpha_schedule,
            AlphaSchedule::Multiply {
                factor: 1.1,
                max: 1e5
            }
        );
        let p: CboParams = serde_json::from_str(r#"{"alpha_schedule": "fixed"}"#).unwrap();
        assert_eq!(p.alpha_schedule, AlphaSchedule::Fixed);
        let e = serde_json::from_str::<CboParams>(r#"{"alpha_schedule": "cooling"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("alpha_schedule"), "{e}");
        // the serialized form reads back
        let s = serde_json::to_string(&CboParams::default()).unwrap();
        assert_eq!(
            serde_json::from_str::<CboParams>(&s).unwrap(),
            CboParams::default()
        );
        assert!(serde_json::from_str::<CboParams>(r#"{"particle": 3}"#).is_err());
    }
}
