//! One independent run: its particles, α, random stream and best-so-far, advanced one step at a
//! time from the energies of the points it asked for (shared digest 10, steps 1–6 and 8).

use crate::boundary::{apply_boundary, sanitize};
use crate::consensus::{consensus_point, effective_sample_size_alpha};
use crate::params::{AlphaSchedule, CboParams, Method};
use crate::problem::Problem;
use crate::solution::{RunHistory, Snapshot, StopReason};
use crate::update::cbo_step;
use globopt_core::gaussian::NormalStream;
use globopt_core::rng::substream;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// The state of one run. CBO keeps N particles in `x` (row-major, N × d); consensus hopping
/// keeps its current iterate in `x` (1 × d). `points` holds the points of the pending step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Run {
    pub index: usize,
    pub dim: usize,
    pub x: Vec<f64>,
    /// Points of the pending step, row-major (B × d).
    pub points: Vec<f64>,
    /// CBO: the particle index of each pending point.
    pub slots: Vec<usize>,
    /// Batching: the rest of the current permutation of particle indices.
    queue: Vec<usize>,
    pub consensus: Vec<f64>,
    has_consensus: bool,
    pub alpha: f64,
    pub sigma: f64,
    /// The run's stream: xoshiro256++ seeded from `substream(seed, index)`. The noise needs
    /// one draw per coordinate and step (4·10⁸ in the digest's 100-run Rastrigin-20
    /// experiment), and xoshiro256++ draws them at a fraction of ChaCha8's cost.
    rng: Xoshiro256PlusPlus,
    /// The CBO step's noise: a ziggurat sampler on 32 xoshiro256++ lanes, seeded from
    /// the run's stream after the initial particles.
    noise: NormalStream,
    /// Scratch: the standard normals of the current step (empty between steps).
    #[serde(skip)]
    normals: Vec<f64>,
    pub iteration: u64,
    pub evaluations: u64,
    pub failed: u64,
    pub without_consensus: u64,
    pub best_x: Option<Vec<f64>>,
    pub best_f: Option<f64>,
    /// Lowest finite energy of the last step.
    pub last_min: Option<f64>,
    pub stop: Option<StopReason>,
    pub history: RunHistory,
    pub snapshots: Vec<Snapshot>,
}

impl Run {
    /// A run with its stream seeded from `substream(seed, index)`: the initial particles are `x0` when
    /// given (N × d row-major, already checked), else drawn uniformly from the initial box.
    pub fn new(index: usize, params: &CboParams, problem: &Problem, x0: Option<Vec<f64>>) -> Run {
        let dim = problem.dim();
        let mut rng = Xoshiro256PlusPlus::from_rng(&mut substream(params.seed, index as u64));
        let rows = match params.method {
            Method::Cbo => params.particles,
            Method::ConsensusHopping => 1,
        };
        let x = x0.unwrap_or_else(|| {
            let (lo, hi) = (problem.init_box.lower(), problem.init_box.upper());
            (0..rows * dim)
                .map(|k| {
                    let j = k % dim;
                    lo[j] + rng.random::<f64>() * (hi[j] - lo[j])
                })
                .collect()
        });
        let noise = NormalStream::from_rng(&mut rng);
        let consensus = x[..dim].to_vec();
        let mut run = Run {
            index,
            dim,
            x,
            points: Vec::new(),
            slots: Vec::new(),
            queue: Vec::new(),
            consensus,
            has_consensus: false,
            alpha: params.alpha,
            sigma: params.sigma,
            rng,
            noise,
            normals: Vec::new(),
            iteration: 0,
            evaluations: 0,
            failed: 0,
            without_consensus: 0,
            best_x: None,
            best_f: None,
            last_min: None,
            stop: None,
            history: RunHistory::default(),
            snapshots: Vec::new(),
        };
        run.prepare(params, problem);
        run
    }

    /// Number of pending points.
    pub fn pending(&self) -> usize {
        self.points.len() / self.dim
    }

    /// Fill `points` with the next step's points: the batch's particles (CBO) or N fresh
    /// samples `y_j = x_k + σξ_j` (consensus hopping, sanitized and kept in the domain).
    fn prepare(&mut self, params: &CboParams, problem: &Problem) {
        let d = self.dim;
        self.points.clear();
        self.slots.clear();
        match params.method {
            Method::Cbo => {
                match params.batch {
                    Some(b) if b < params.particles => {
                        // CBXpy: take B indices from a per-run permutation, redrawn (not
                        // concatenated) once fewer than B remain
                        if self.queue.len() < b {
                            self.queue = (0..params.particles).collect();
                            self.queue.shuffle(&mut self.rng);
                        }
                        self.slots.extend(self.queue.drain(..b));
                    }
                    _ => self.slots.extend(0..params.particles),
                }
                for &i in &self.slots {
                    self.points.extend_from_slice(&self.x[i * d..(i + 1) * d]);
                }
            }
            Method::ConsensusHopping => {
                for _ in 0..params.particles {
                    let start = self.points.len();
                    for j in 0..d {
                        let z: f64 = self.rng.sample(StandardNormal);
                        self.points.push(self.x[j] + self.sigma * z);
                    }
                    let y = &mut self.points[start..];
                    sanitize(y);
                    apply_boundary(y, problem.domain.as_ref(), params.boundary);
                }
            }
        }
    }

    /// Take the energies of the pending points (non-finite: failed) and perform the step:
    /// update the best-ever point, compute the consensus, move the particles (or hop), update
    /// α, record history, check the stopping rules, and prepare the next step.
    pub fn advance(&mut self, values: &[f64], params: &CboParams, problem: &Problem) {
        let d = self.dim;
        debug_assert_eq!(values.len(), self.pending());
        self.evaluations += values.len() as u64;
        // best particle ever evaluated (ties: the earliest)
        for (p, &f) in self.points.chunks_exact(d).zip(values) {
            if !f.is_finite() {
                self.failed += 1;
                continue;
            }
            if self.best_f.is_none_or(|b| f < b) {
                self.best_f = Some(f);
                self.best_x = Some(p.to_vec());
            }
        }
        let stats = consensus_point(&self.points, values, self.alpha, &mut self.consensus);
        match stats {
            Some(_) => self.has_consensus = true,
            None => {
                self.without_consensus += 1;
                if !self.has_consensus {
                    // no consensus yet: use the mean of the points (the α = 0 consensus)
                    let n = self.pending() as f64;
                    self.consensus.iter_mut().for_each(|c| *c = 0.0);
                    for p in self.points.chunks_exact(d) {
                        for (c, v) in self.consensus.iter_mut().zip(p) {
                            *c += v / n;
                        }
                    }
                }
            }
        }
        self.last_min = stats.map(|s| s.min_energy);
        if self.index == 0 && params.snapshots.contains(&self.iteration) {
            self.snapshots.push(Snapshot {
                iteration: self.iteration,
                particles: self.cloud(params),
                consensus: stats.map(|_| self.consensus.clone()),
            });
        }
        let alpha_used = self.alpha;
        self.move_particles(params, problem);
        self.alpha = match params.alpha_schedule {
            AlphaSchedule::Fixed => self.alpha,
            AlphaSchedule::Multiply { factor, max } => (factor * self.alpha).min(max),
            AlphaSchedule::Ess { eta, max } => {
                effective_sample_size_alpha(values, eta, max).unwrap_or(self.alpha)
            }
        };
        self.iteration += 1;
        if let Some(decay) = params.sigma_decay
            && self.iteration % decay.every == 0
        {
            self.sigma *= decay.factor;
        }
        // the spread is needed by the spread rule and by the history, not at every step
        let mut spread = params.spread_tol.map(|_| self.spread());
        self.stop = self.stop_reason(params, spread);
        let every = params.trace_interval();
        if self.iteration == 1 || self.iteration % every == 0 || self.stop.is_some() {
            let spread = *spread.get_or_insert_with(|| self.spread());
            let h = &mut self.history;
            h.iteration.push(self.iteration);
            h.evaluations.push(self.evaluations);
            h.best_f.push(self.best_f);
            h.min_f.push(stats.map(|s| s.min_energy));
            h.weighted_energy.push(stats.map(|s| s.weighted_energy));
            h.alpha.push(alpha_used);
            h.spread.push(spread.is_finite().then_some(spread));
            h.consensus.push(self.consensus.clone());
        }
        if self.stop.is_some() {
            if self.index == 0 && params.snapshots.contains(&self.iteration) {
                self.snapshots.push(Snapshot {
                    iteration: self.iteration,
                    particles: self.cloud(params),
                    consensus: None,
                });
            }
        } else {
            self.prepare(params, problem);
        }
    }

    /// The mean distance `(1/B) Σ_j ‖x_j − c‖₂` of the step's points from the consensus.
    fn spread(&self) -> f64 {
        self.points
            .chunks_exact(self.dim)
            .map(|p| {
                p.iter()
                    .zip(&self.consensus)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt()
            })
            .sum::<f64>()
            / self.pending() as f64
    }

    /// The CBO step for the moved particles, or the hop `x_{k+1} = c` (digest 10, steps 4, 7).
    /// The step's normals are drawn first, all at once, and used particle by particle in
    /// coordinate order.
    fn move_particles(&mut self, params: &CboParams, problem: &Problem) {
        let d = self.dim;
        match params.method {
            Method::Cbo => {
                let moved = if params.batch_partial {
                    self.slots.len()
                } else {
                    params.particles
                };
                self.normals.resize(moved * d, 0.0);
                self.noise.fill(&mut self.normals);
                for k in 0..moved {
                    let i = if params.batch_partial {
                        self.slots[k]
                    } else {
                        k
                    };
                    let xi = &mut self.x[i * d..(i + 1) * d];
                    cbo_step(
                        xi,
                        &self.consensus,
                        params.lambda,
                        params.dt,
                        params.sigma,
                        params.noise,
                        &self.normals[k * d..(k + 1) * d],
                    );
                    sanitize(xi);
                    apply_boundary(xi, problem.domain.as_ref(), params.boundary);
                }
                // keep the capacity, not the values: a saved state does not carry them
                self.normals.clear();
            }
            Method::ConsensusHopping => {
                self.x.copy_from_slice(&self.consensus);
                sanitize(&mut self.x);
            }
        }
    }

    /// The first stopping rule that fires after a step: energy tolerance, spread, evaluation
    /// budget, iteration budget (convergence rules first, since they say more).
    fn stop_reason(&self, params: &CboParams, spread: Option<f64>) -> Option<StopReason> {
        if let (Some(tol), Some(m)) = (params.energy_tol, self.last_min)
            && m < tol
        {
            return Some(StopReason::EnergyTolerance);
        }
        if let (Some(tol), Some(spread)) = (params.spread_tol, spread)
            && spread < tol
        {
            return Some(StopReason::Spread);
        }
        if let Some(max) = params.max_evaluations
            && self.evaluations + params.evaluations_per_step() as u64 > max
        {
            return Some(StopReason::Evaluations);
        }
        if self.iteration >= params.iterations {
            return Some(StopReason::Iterations);
        }
        None
    }

    /// The particle cloud shown by snapshots: all particles (CBO) or the round's samples
    /// (consensus hopping).
    fn cloud(&self, params: &CboParams) -> Vec<Vec<f64>> {
        let src = match params.method {
            Method::Cbo => &self.x,
            Method::ConsensusHopping => &self.points,
        };
        src.chunks_exact(self.dim).map(<[f64]>::to_vec).collect()
    }

    /// Check the sizes of a deserialized run against the parameters and problem.
    pub fn check(&self, params: &CboParams, problem: &Problem) -> Result<(), String> {
        let d = problem.dim();
        let rows = match params.method {
            Method::Cbo => params.particles,
            Method::ConsensusHopping => 1,
        };
        let ok = self.dim == d
            && self.x.len() == rows * d
            && self.consensus.len() == d
            && self.points.len() % d.max(1) == 0
            && (self.stop.is_some() || !self.points.is_empty())
            && (params.method == Method::ConsensusHopping
                || (self.slots.len() * d == self.points.len()
                    && self.slots.iter().all(|&i| i < params.particles)))
            && self.queue.iter().all(|&i| i < params.particles)
            && self.best_x.as_ref().is_none_or(|b| b.len() == d);
        if ok {
            Ok(())
        } else {
            Err(format!(
                "run {} does not match the parameters and problem",
                self.index
            ))
        }
    }
}
