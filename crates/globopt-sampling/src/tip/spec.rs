//! The JSON spec of `globopt perception-impact` (shared digest 29, "CLI"): a world, the ego,
//! the true objects, the perceived objects (or a noise model that derives them from the true
//! ones), the action set, the utility, and the options.
//!
//! ```json
//! {"world": {"bounds": [[-3], [3]]},
//!  "ego": {"start": [-1], "goal": [1]},
//!  "truth": [{"id": "cone", "size": [0], "position": {"uniform": [[-3], [-2]]}}],
//!  "perceived": [{"id": "cone", "size": [0], "position": {"uniform": [[-1], [0]]}}],
//!  "actions": {"paths": [{"name": "go", "waypoints": [[-1], [1]], "cost": 0}], "stop_cost": 5},
//!  "utility": {"collision_cost": 10},
//!  "grid": 600}
//! ```

use super::actions::{
    Action, ActionSource, ActionSpec, actions_from_gcs, actions_from_gmt, inflated_world,
};
use super::objects::{Position, UncertainObject};
use super::{Ego, Mode, TipOptions, TipProblem};
use crate::error::SamplingError;
use crate::world::{World, WorldSpec};
use globopt_core::rng::seeded;
use rand::Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

fn one() -> f64 {
    1.0
}

/// The utility as written in a spec: `U = −w_len·length − C·collision` (explicit action costs
/// replace `w_len·length`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilitySpec {
    /// Weight of path length (default 1).
    #[serde(default = "one")]
    pub w_len: f64,
    /// Collision cost `C` (default 10 × the costliest action's nominal cost).
    #[serde(default)]
    pub collision_cost: Option<f64>,
}

impl Default for UtilitySpec {
    fn default() -> Self {
        UtilitySpec {
            w_len: 1.0,
            collision_cost: None,
        }
    }
}

/// A noise model deriving the perceived objects from the true ones (digest 29, "Inputs").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NoiseSpec {
    /// Probability that each true object is missed.
    pub miss_rate: f64,
    /// Spurious objects added uniformly in the bounds (with the first true object's size).
    pub false_positives: usize,
    /// Standard deviation of the position shift per axis.
    pub position_sigma: f64,
    /// Relative standard deviation of the size.
    pub size_sigma: f64,
    /// Seed of the noise.
    pub seed: u64,
}

impl Default for NoiseSpec {
    fn default() -> Self {
        NoiseSpec {
            miss_rate: 0.0,
            false_positives: 0,
            position_sigma: 0.0,
            size_sigma: 0.0,
            seed: 0,
        }
    }
}

/// Which sensitivity maps to compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MapsSpec {
    /// TIP per missed true object (default true).
    pub false_negative: bool,
    /// Cells per axis of the false-positive map (default none).
    pub false_positive_grid: Option<usize>,
    /// The phantom's size (default: the first true object's).
    pub phantom_size: Option<Vec<f64>>,
}

impl Default for MapsSpec {
    fn default() -> Self {
        MapsSpec {
            false_negative: true,
            false_positive_grid: None,
            phantom_size: None,
        }
    }
}

fn default_samples() -> usize {
    10_000
}
fn default_confidence() -> f64 {
    0.95
}
fn default_grid() -> usize {
    100
}
fn yes() -> bool {
    true
}

/// The spec (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TipSpec {
    /// Optional `"perception-impact"`, ignored.
    #[serde(default)]
    pub kind: Option<String>,
    /// What the scene is (informational, ignored).
    #[serde(default)]
    pub description: Option<String>,
    /// The static world.
    pub world: WorldSpec,
    /// The ego.
    pub ego: Ego,
    /// The true objects.
    #[serde(default)]
    pub truth: Vec<UncertainObject>,
    /// The perceived objects (give this or `noise`).
    #[serde(default)]
    pub perceived: Option<Vec<UncertainObject>>,
    /// Derive the perceived objects from the true ones.
    #[serde(default)]
    pub noise: Option<NoiseSpec>,
    /// The action set.
    pub actions: ActionSpec,
    /// The utility.
    #[serde(default)]
    pub utility: UtilitySpec,
    /// `exact` (default) or `monte_carlo`.
    #[serde(default)]
    pub mode: Mode,
    /// Monte Carlo samples per distribution (default 10⁴).
    #[serde(default = "default_samples")]
    pub samples: usize,
    /// Confidence of the Hoeffding interval (default 0.95).
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Seed (default 0).
    #[serde(default)]
    pub seed: u64,
    /// Grid cells per axis (default 100).
    #[serde(default = "default_grid")]
    pub grid: usize,
    /// Decompose per object (default true).
    #[serde(default = "yes")]
    pub decompose: bool,
    /// Sensitivity maps.
    #[serde(default)]
    pub maps: MapsSpec,
}

/// The perceived objects drawn from `noise` (see [`NoiseSpec`]).
pub fn perceive(
    truth: &[UncertainObject],
    noise: &NoiseSpec,
    world: &World,
) -> Vec<UncertainObject> {
    let mut rng = seeded(noise.seed);
    let mut out = Vec::new();
    let shift = |rng: &mut globopt_core::rng::GlobRng, d: usize| -> Vec<f64> {
        (0..d)
            .map(|_| {
                if noise.position_sigma > 0.0 {
                    Normal::new(0.0, noise.position_sigma).map_or(0.0, |n| n.sample(rng))
                } else {
                    0.0
                }
            })
            .collect()
    };
    for o in truth {
        if rng.random::<f64>() < noise.miss_rate {
            continue;
        }
        let s = shift(&mut rng, o.size.len());
        let moved = |v: &[f64]| -> Vec<f64> { v.iter().zip(&s).map(|(a, b)| a + b).collect() };
        let position = match &o.position {
            Position::Fixed(x) => Position::Fixed(moved(x)),
            Position::Gaussian { mean, sigma } => Position::Gaussian {
                mean: moved(mean),
                sigma: sigma.clone(),
            },
            Position::Uniform([lo, hi]) => Position::Uniform([moved(lo), moved(hi)]),
        };
        let scale = if noise.size_sigma > 0.0 {
            (1.0 + Normal::new(0.0, noise.size_sigma).map_or(0.0, |n| n.sample(&mut rng))).max(0.0)
        } else {
            1.0
        };
        out.push(UncertainObject {
            id: o.id.clone(),
            size: o.size.iter().map(|v| v * scale).collect(),
            position,
            existence: o.existence,
        });
    }
    let size = truth
        .first()
        .map_or_else(|| vec![0.0; world.dim()], |o| o.size.clone());
    for k in 0..noise.false_positives {
        let at: Vec<f64> = (0..world.dim())
            .map(|a| world.lo()[a] + (world.hi()[a] - world.lo()[a]) * rng.random::<f64>())
            .collect();
        out.push(UncertainObject {
            id: format!("false positive {}", k + 1),
            size: size.clone(),
            position: Position::Fixed(at),
            existence: 1.0,
        });
    }
    out
}

impl TipSpec {
    /// Parse a spec from JSON text; errors carry serde's line and column.
    pub fn from_json(text: &str) -> Result<Self, SamplingError> {
        serde_json::from_str(text).map_err(|e| SamplingError::perception("spec", e.to_string()))
    }

    /// The problem and options: builds the world, derives the perceived objects, generates the
    /// actions with the chosen planner and sets the collision cost. Errors name the field.
    pub fn build(&self) -> Result<(TipProblem, TipOptions), SamplingError> {
        let world = World::from_spec(&self.world).map_err(|e| within("world", e))?;
        let d = world.dim();
        for (what, p) in [("ego.start", &self.ego.start), ("ego.goal", &self.ego.goal)] {
            if p.len() != d {
                return Err(SamplingError::perception(
                    what,
                    format!("must have {d} coordinates"),
                ));
            }
        }
        let perceived = match (&self.perceived, &self.noise) {
            (Some(p), None) => p.clone(),
            (None, Some(n)) => {
                if !(0.0..=1.0).contains(&n.miss_rate)
                    || n.position_sigma < 0.0
                    || n.size_sigma < 0.0
                {
                    return Err(SamplingError::perception(
                        "noise",
                        "miss_rate must lie in [0, 1] and the sigmas be nonnegative",
                    ));
                }
                perceive(&self.truth, n, &world)
            }
            (Some(_), Some(_)) => {
                return Err(SamplingError::perception(
                    "noise",
                    "give `perceived` or `noise`, not both",
                ));
            }
            (None, None) => {
                return Err(SamplingError::perception(
                    "perceived",
                    "missing: give the perceived objects or a `noise` model",
                ));
            }
        };
        let w_len = self.utility.w_len;
        if !(w_len.is_finite() && w_len >= 0.0) {
            return Err(SamplingError::perception(
                "utility.w_len",
                "must be a nonnegative number",
            ));
        }
        let spec = &self.actions;
        let plan_world = || inflated_world(&world, self.ego.radius);
        let mut actions: Vec<Action> = match spec.source {
            ActionSource::Explicit => Vec::new(),
            ActionSource::Gmt => {
                actions_from_gmt(&plan_world()?, &self.ego.start, &self.ego.goal, spec, w_len)
                    .map_err(|e| within("actions", e))?
            }
            ActionSource::Gcs => actions_from_gcs(
                &plan_world()?,
                &self.ego.start,
                &self.ego.goal,
                spec.count,
                w_len,
            )
            .map_err(|e| within("actions", e))?,
        };
        for (k, p) in spec.paths.iter().enumerate() {
            let mut a = Action {
                name: p.name.clone().unwrap_or_else(|| format!("path {}", k + 1)),
                waypoints: p.waypoints.clone(),
                nominal_cost: 0.0,
            };
            a.nominal_cost = p.cost.unwrap_or_else(|| w_len * a.length());
            actions.push(a);
        }
        if let Some(c) = spec.stop_cost {
            actions.push(Action {
                name: "stop".into(),
                waypoints: Vec::new(),
                nominal_cost: c,
            });
        }
        if actions.is_empty() {
            return Err(SamplingError::perception(
                "actions",
                "no action: the planner found no path and no explicit path or stop action is given",
            ));
        }
        let max_nominal = actions.iter().map(|a| a.nominal_cost).fold(0.0, f64::max);
        let collision_cost = match self.utility.collision_cost {
            Some(c) => c,
            None if max_nominal > 0.0 => 10.0 * max_nominal,
            None => {
                return Err(SamplingError::perception(
                    "utility.collision_cost",
                    "give it: every action's nominal cost is 0, so the default 10 × max cost is 0",
                ));
            }
        };
        let problem = TipProblem {
            world,
            ego: self.ego.clone(),
            truth: self.truth.clone(),
            perceived,
            actions,
            collision_cost,
        };
        let opts = TipOptions {
            mode: self.mode,
            samples: self.samples,
            confidence: self.confidence,
            seed: self.seed,
            grid: self.grid,
            decompose: self.decompose,
            false_negatives: self.maps.false_negative,
            false_positive_grid: self.maps.false_positive_grid,
            phantom_size: self.maps.phantom_size.clone(),
        };
        problem.validate()?;
        opts.validate()?;
        Ok((problem, opts))
    }
}

fn within(prefix: &str, e: SamplingError) -> SamplingError {
    match e {
        SamplingError::World { field, message } => {
            SamplingError::perception(format!("{prefix}.{field}"), message)
        }
        SamplingError::Perception { field, message } if !field.starts_with(prefix) => {
            SamplingError::perception(format!("{prefix}.{field}"), message)
        }
        other => other,
    }
}
