//! `Cbo`: M independent runs advanced together, driven by an [`Objective`] (evaluated in
//! parallel with rayon), by a batch function, or through ask/tell (shared digest 10, "What to
//! build" and step 8).
//!
//! Every run owns its particles, α and random stream (substream m of the seed), so the result
//! does not depend on the thread count nor on how the steps are driven: stepping with an
//! objective, telling whole rounds, or asking and telling point by point give bit-identical
//! runs.

use crate::error::SwarmError;
use crate::params::{CboParams, Method};
use crate::problem::Problem;
use crate::run::Run;
use globopt_core::{AskTell, Evaluation, Objective};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The serializable state of a [`Cbo`] optimizer: parameters, problem and every run's
/// particles, α, random stream, best-so-far and history. Restore it with [`Cbo::from_state`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CboState {
    params: CboParams,
    problem: Problem,
    runs: Vec<Run>,
}

/// Consensus-based optimization over M independent runs (see the module documentation).
///
/// A step asks every active run for its pending points (N particles, a batch of B, or N
/// hopping samples), takes their energies, and advances the runs. The pending points of all
/// active runs, in run order, form the current *round*.
#[derive(Debug, Clone)]
pub struct Cbo {
    params: CboParams,
    problem: Problem,
    runs: Vec<Run>,
    /// (run, row) of each point of the current round.
    round: Vec<(usize, usize)>,
    /// Points of the round handed out by [`AskTell::ask`].
    asked: usize,
    /// Outcomes told so far for the round (NaN: failed).
    told: Vec<Option<f64>>,
}

fn outcome_value(e: &Evaluation) -> f64 {
    match e {
        Evaluation::Value(v) if v.is_finite() => *v,
        _ => f64::NAN,
    }
}

impl Cbo {
    /// An optimizer whose runs draw their initial particles uniformly from the problem's
    /// initial box (run m from substream m of `params.seed`). Errors name the bad parameter or
    /// problem field.
    pub fn new(problem: Problem, params: CboParams) -> Result<Cbo, SwarmError> {
        params.validate()?;
        problem.validate(&params)?;
        let runs = (0..params.runs)
            .into_par_iter()
            .map(|m| Run::new(m, &params, &problem, None))
            .collect();
        Ok(Cbo::assemble(params, problem, runs))
    }

    /// An optimizer started from given particles `x0[m][i]` (runs × particles × dimension;
    /// consensus hopping: runs × 1 × dimension), e.g. to compare with another package on the
    /// same initial swarm. Errors on any shape mismatch or non-finite coordinate.
    pub fn with_particles(
        problem: Problem,
        params: CboParams,
        x0: &[Vec<Vec<f64>>],
    ) -> Result<Cbo, SwarmError> {
        params.validate()?;
        problem.validate(&params)?;
        let d = problem.dim();
        let rows = match params.method {
            Method::Cbo => params.particles,
            Method::ConsensusHopping => 1,
        };
        if x0.len() != params.runs {
            return Err(SwarmError::dim("x0 (runs)", params.runs, x0.len()));
        }
        let mut flat = Vec::with_capacity(x0.len());
        for (m, run) in x0.iter().enumerate() {
            if run.len() != rows {
                return Err(SwarmError::dim(
                    format!("x0[{m}] (particles)"),
                    rows,
                    run.len(),
                ));
            }
            let mut x = Vec::with_capacity(rows * d);
            for (i, p) in run.iter().enumerate() {
                if p.len() != d {
                    return Err(SwarmError::dim(format!("x0[{m}][{i}]"), d, p.len()));
                }
                if let Some(j) = p.iter().position(|v| !v.is_finite()) {
                    return Err(SwarmError::param(
                        format!("x0[{m}][{i}][{j}]"),
                        "is not a finite number",
                    ));
                }
                x.extend_from_slice(p);
            }
            flat.push(x);
        }
        let runs = flat
            .into_iter()
            .enumerate()
            .map(|(m, x)| Run::new(m, &params, &problem, Some(x)))
            .collect();
        Ok(Cbo::assemble(params, problem, runs))
    }

    fn assemble(params: CboParams, problem: Problem, runs: Vec<Run>) -> Cbo {
        let mut cbo = Cbo {
            params,
            problem,
            runs,
            round: Vec::new(),
            asked: 0,
            told: Vec::new(),
        };
        cbo.new_round();
        cbo
    }

    /// Lay out the round of the active runs' pending points.
    fn new_round(&mut self) {
        self.round.clear();
        for (m, r) in self.runs.iter().enumerate() {
            if r.stop.is_none() {
                self.round.extend((0..r.pending()).map(|k| (m, k)));
            }
        }
        self.asked = 0;
        self.told = vec![None; self.round.len()];
    }

    /// The parameters.
    pub fn params(&self) -> &CboParams {
        &self.params
    }
    /// The problem.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Whether every run has stopped.
    pub fn is_finished(&self) -> bool {
        self.round.is_empty()
    }

    /// Evaluations spent by all runs together.
    pub fn evaluations(&self) -> u64 {
        self.runs.iter().map(|r| r.evaluations).sum()
    }

    /// The largest iteration count over the runs.
    pub fn iteration(&self) -> u64 {
        self.runs.iter().map(|r| r.iteration).max().unwrap_or(0)
    }

    /// The best value ever evaluated over all runs.
    pub fn best_value(&self) -> Option<f64> {
        self.runs.iter().filter_map(|r| r.best_f).reduce(f64::min)
    }

    /// The points of the current round, in run order (each active run's pending points).
    pub fn round_points(&self) -> Vec<Vec<f64>> {
        self.round
            .iter()
            .map(|&(m, k)| self.point(m, k).to_vec())
            .collect()
    }

    fn point(&self, m: usize, k: usize) -> &[f64] {
        let d = self.problem.dim();
        &self.runs[m].points[k * d..(k + 1) * d]
    }

    /// Advance every active run with the values of the whole round ([`Cbo::round_points`]
    /// order; non-finite values count as failed evaluations and get no weight).
    pub fn tell_round(&mut self, values: &[f64]) -> Result<(), SwarmError> {
        if values.len() != self.round.len() {
            return Err(SwarmError::AskTell {
                call: "tell_round",
                message: format!(
                    "{} values for a round of {} points",
                    values.len(),
                    self.round.len()
                ),
            });
        }
        let (params, problem) = (&self.params, &self.problem);
        let mut offset = 0;
        let mut work = Vec::new();
        for r in self.runs.iter_mut().filter(|r| r.stop.is_none()) {
            let n = r.pending();
            work.push((r, &values[offset..offset + n]));
            offset += n;
        }
        work.into_par_iter()
            .for_each(|(r, v)| r.advance(v, params, problem));
        self.new_round();
        Ok(())
    }

    /// Perform up to `steps` steps of every active run with `objective`, the runs in parallel
    /// (and, when fewer runs than threads are active, each run's points in parallel).
    pub fn run_steps(&mut self, objective: &dyn Objective, steps: u64) -> Result<(), SwarmError> {
        if objective.dim() != self.problem.dim() {
            return Err(SwarmError::dim(
                "objective",
                self.problem.dim(),
                objective.dim(),
            ));
        }
        let active = self.runs.iter().filter(|r| r.stop.is_none()).count();
        let inner = active < rayon::current_num_threads();
        let (params, problem) = (&self.params, &self.problem);
        let d = problem.dim();
        self.runs
            .par_iter_mut()
            .filter(|r| r.stop.is_none())
            .for_each(|r| {
                let mut values = Vec::with_capacity(r.pending());
                for _ in 0..steps {
                    if r.stop.is_some() {
                        break;
                    }
                    values.clear();
                    if inner {
                        r.points
                            .par_chunks_exact(d)
                            .map(|p| outcome_value(&objective.evaluate(p)))
                            .collect_into_vec(&mut values);
                    } else {
                        values.resize(r.pending(), 0.0);
                        objective.evaluate_values(&r.points, &mut values);
                    }
                    r.advance(&values, params, problem);
                }
            });
        self.new_round();
        Ok(())
    }

    /// Save the whole state (serializable with serde).
    pub fn state(&self) -> CboState {
        CboState {
            params: self.params.clone(),
            problem: self.problem.clone(),
            runs: self.runs.clone(),
        }
    }

    /// Restore an optimizer from a saved state, checking that it is consistent. A round that
    /// was partly told when the state was saved is asked again from its start.
    pub fn from_state(state: CboState) -> Result<Cbo, SwarmError> {
        state.params.validate()?;
        state.problem.validate(&state.params)?;
        if state.runs.len() != state.params.runs {
            return Err(SwarmError::State(format!(
                "{} runs saved for runs = {}",
                state.runs.len(),
                state.params.runs
            )));
        }
        for (m, r) in state.runs.iter().enumerate() {
            if r.index != m {
                return Err(SwarmError::State(format!(
                    "run {m} is saved as run {}",
                    r.index
                )));
            }
            r.check(&state.params, &state.problem)
                .map_err(SwarmError::State)?;
        }
        Ok(Cbo::assemble(state.params, state.problem, state.runs))
    }

    /// The current consensus point of run `m` (before its first step: its first particle).
    pub fn consensus(&self, m: usize) -> Option<&[f64]> {
        self.runs.get(m).map(|r| r.consensus.as_slice())
    }

    /// The α run `m` will use in its next step.
    pub fn alpha(&self, m: usize) -> Option<f64> {
        self.runs.get(m).map(|r| r.alpha)
    }

    /// The particles of run `m` (consensus hopping: its current iterate).
    pub fn particles(&self, m: usize) -> Option<Vec<Vec<f64>>> {
        let d = self.problem.dim();
        self.runs
            .get(m)
            .map(|r| r.x.chunks_exact(d).map(<[f64]>::to_vec).collect())
    }

    /// The best value ever evaluated by run `m`.
    pub fn best_value_of(&self, m: usize) -> Option<f64> {
        self.runs.get(m).and_then(|r| r.best_f)
    }

    pub(crate) fn runs(&self) -> &[Run] {
        &self.runs
    }
}

impl AskTell for Cbo {
    type Error = SwarmError;

    /// The next `q` points of the current round not handed out yet (fewer when the round has
    /// fewer left; none when every point of the round awaits its outcome or all runs stopped).
    fn ask(&mut self, q: usize) -> Result<Vec<Vec<f64>>, SwarmError> {
        let end = (self.asked + q).min(self.round.len());
        let points = (self.asked..end)
            .map(|i| {
                let (m, k) = self.round[i];
                self.point(m, k).to_vec()
            })
            .collect();
        self.asked = end;
        Ok(points)
    }

    /// Outcomes of asked points, in any order and any grouping; when the whole round is told,
    /// every active run takes its step. A point that was not asked (or was already told) is
    /// an error and nothing is recorded.
    fn tell(&mut self, points: &[Vec<f64>], outcomes: &[Evaluation]) -> Result<(), SwarmError> {
        if points.len() != outcomes.len() {
            return Err(SwarmError::AskTell {
                call: "tell",
                message: format!("{} points but {} outcomes", points.len(), outcomes.len()),
            });
        }
        let d = self.problem.dim();
        let mut taken: Vec<bool> = self.told.iter().map(Option::is_some).collect();
        let mut slots = Vec::with_capacity(points.len());
        // points usually come back in the order they were asked: search from after the last
        // match, then wrap around
        let mut hint = 0;
        for (n, p) in points.iter().enumerate() {
            if p.len() != d {
                return Err(SwarmError::dim(format!("tell: points[{n}]"), d, p.len()));
            }
            let slot = (hint..self.asked)
                .chain(0..hint.min(self.asked))
                .find(|&i| {
                    !taken[i] && {
                        let (m, k) = self.round[i];
                        self.point(m, k) == p.as_slice()
                    }
                });
            match slot {
                Some(i) => {
                    taken[i] = true;
                    slots.push(i);
                    hint = i + 1;
                }
                None => {
                    return Err(SwarmError::AskTell {
                        call: "tell",
                        message: format!(
                            "points[{n}] was not asked in this round or was already told"
                        ),
                    });
                }
            }
        }
        for (i, e) in slots.into_iter().zip(outcomes) {
            self.told[i] = Some(outcome_value(e));
        }
        if self.told.iter().all(Option::is_some) && !self.round.is_empty() {
            let values: Vec<f64> = self.told.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
            self.tell_round(&values)?;
        }
        Ok(())
    }

    /// The best point and value ever evaluated over all runs.
    fn best(&self) -> Option<(Vec<f64>, f64)> {
        self.runs
            .iter()
            .filter_map(|r| Some((r.best_x.clone()?, r.best_f?)))
            .reduce(|a, b| if b.1 < a.1 { b } else { a })
    }
}
