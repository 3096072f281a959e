//! What a CBO solve returns besides the report's certificate fields: the best point, the
//! consensus trajectory, per-run results and histories, particle snapshots, and success
//! statistics across runs (shared digest 10, "Report").

use serde::{Deserialize, Serialize};

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The iteration budget was spent.
    Iterations,
    /// The next step would exceed the per-run evaluation budget.
    Evaluations,
    /// The lowest energy of a step fell below `energy_tol`.
    EnergyTolerance,
    /// The spread of the swarm around its consensus fell below `spread_tol`.
    Spread,
}

impl StopReason {
    /// Whether a stopping rule fired (the run converged by its own criterion) rather than a
    /// budget running out.
    pub fn is_convergence(self) -> bool {
        matches!(self, StopReason::EnergyTolerance | StopReason::Spread)
    }
}

/// One run's history, sampled every `trace_every` iterations plus the first and last ones,
/// stored column by column. Values are `None` where no energy of the step was finite.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunHistory {
    /// Iterations completed at each sample.
    pub iteration: Vec<u64>,
    /// Evaluations spent by this run at each sample.
    pub evaluations: Vec<u64>,
    /// Best value ever evaluated by this run.
    pub best_f: Vec<Option<f64>>,
    /// Lowest energy of the sampled step.
    pub min_f: Vec<Option<f64>>,
    /// Weighted energy `Σ w_i f_i / Σ w_i` of the sampled step (the energy of the consensus).
    pub weighted_energy: Vec<Option<f64>>,
    /// α used by the sampled step.
    pub alpha: Vec<f64>,
    /// Spread: mean `‖x_i − c‖₂` of the evaluated points around their consensus.
    pub spread: Vec<Option<f64>>,
    /// The consensus point after the sampled step.
    pub consensus: Vec<Vec<f64>>,
}

impl RunHistory {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.iteration.len()
    }
    /// Whether no sample was recorded.
    pub fn is_empty(&self) -> bool {
        self.iteration.is_empty()
    }
    /// The index of the last sample at or before `iteration`, if any.
    pub fn index_at(&self, iteration: u64) -> Option<usize> {
        self.iteration
            .partition_point(|&t| t <= iteration)
            .checked_sub(1)
    }
}

/// The particle cloud of run 0 at one iteration, for snapshot plots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Iterations completed when the cloud was taken (0: the initial cloud).
    pub iteration: u64,
    /// The particles (consensus hopping: the samples of the round).
    pub particles: Vec<Vec<f64>>,
    /// The consensus computed from these particles (absent for a final cloud not yet
    /// evaluated and for a step without any finite energy).
    pub consensus: Option<Vec<f64>>,
}

/// One run's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Run index m (its random stream is substream m of the seed).
    pub run: usize,
    /// Best point ever evaluated by this run.
    pub x: Option<Vec<f64>>,
    /// Its value.
    pub f: Option<f64>,
    /// The last consensus point.
    pub consensus: Vec<f64>,
    /// Iterations performed.
    pub iterations: u64,
    /// Evaluations spent.
    pub evaluations: u64,
    /// Evaluations that failed or returned a non-finite value (excluded from the consensus).
    pub failed_evaluations: u64,
    /// Steps whose energies were all non-finite, so the previous consensus was kept.
    pub steps_without_consensus: u64,
    /// Why the run stopped (`None`: interrupted by the observer).
    pub stop: Option<StopReason>,
    /// α after the last step.
    pub alpha: f64,
    /// `min_k ‖x − x*_k‖∞` when minimizers are known.
    pub distance_to_optimum: Option<f64>,
    /// Whether that distance is below `success_tol`.
    pub success: Option<bool>,
}

/// Success statistics across runs (CBXpy `dist_to_min`: a run succeeds when its best point is
/// within `tolerance` of a known minimizer in the ∞-norm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessStats {
    /// Runs counted.
    pub runs: usize,
    /// Runs that succeeded.
    pub successes: usize,
    /// `successes / runs`.
    pub success_rate: f64,
    /// The success radius in the ∞-norm.
    pub tolerance: f64,
}

/// Quartiles of the runs' best values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quartiles {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// Quartiles of `values` by linear interpolation between order statistics (numpy's default);
/// `None` for an empty slice.
pub fn quartiles(values: &[f64]) -> Option<Quartiles> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = p * (v.len() - 1) as f64;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Some(Quartiles {
        q1: q(0.25),
        median: q(0.5),
        q3: q(0.75),
    })
}

/// The solution of a CBO solve: the best particle ever evaluated over all runs, with what the
/// runs did to find it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CboSolution {
    /// The best point (best particle ever evaluated, not the final consensus).
    pub x: Vec<f64>,
    /// The run that found it.
    pub best_run: usize,
    /// The final consensus of that run (one step newer than the energies, see the digest's
    /// pitfalls).
    pub consensus: Vec<f64>,
    /// Per-run outcomes.
    pub runs: Vec<RunResult>,
    /// Success statistics, when minimizers are known.
    pub success: Option<SuccessStats>,
    /// Quartiles of the runs' best values.
    pub best_f_quartiles: Option<Quartiles>,
    /// Per-run histories (the best run's carries the consensus trajectory).
    pub history: Vec<RunHistory>,
    /// Particle clouds of run 0 at the requested iterations.
    pub snapshots: Vec<Snapshot>,
}

impl CboSolution {
    /// The consensus trajectory of the best run: (iteration, consensus point) at each sample.
    pub fn consensus_trajectory(&self) -> Vec<(u64, &[f64])> {
        self.history
            .get(self.best_run)
            .map(|h| {
                h.iteration
                    .iter()
                    .zip(&h.consensus)
                    .map(|(&t, c)| (t, c.as_slice()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_match_numpy() {
        // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75]) = [2, 3, 4]
        let q = quartiles(&[10.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!((q.q1, q.median, q.q3), (2.0, 3.0, 4.0));
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = [1.75, 2.5, 3.25]
        let q = quartiles(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!((q.q1, q.median, q.q3), (1.75, 2.5, 3.25));
        assert!(quartiles(&[]).is_none());
    }

    #[test]
    fn history_lookup() {
        let h = RunHistory {
            iteration: vec![1, 10, 20],
            ..Default::default()
        };
        assert_eq!(h.index_at(0), None);
        assert_eq!(h.index_at(1), Some(0));
        assert_eq!(h.index_at(15), Some(1));
        assert_eq!(h.index_at(99), Some(2));
    }
}
