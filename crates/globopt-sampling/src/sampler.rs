//! The sample set of FMT* and GMT* (shared digest 13, "Samples" and "Algorithm" step 1):
//! node 0 is the start, then `n` free samples drawn by rejection from the bounds, uniform
//! (seeded ChaCha8) or Halton (the first `d` prime bases, with a seeded Cranley–Patterson
//! shift so that each seed gives a different low-discrepancy set), and, for a point goal, the
//! goal as the last node. A goal region holds at least one sample: when none falls inside, one
//! is drawn from the region. Rejection counts its draws, which estimates `μ(X_free)`.

use crate::error::SamplingError;
use crate::world::World;
use globopt_core::design::radical_inverse;
use globopt_core::rng::{seeded, substream};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// How candidate points are drawn from the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Sampler {
    /// Independent uniform points (seeded ChaCha8), the default.
    #[default]
    Uniform,
    /// The Halton sequence, shifted modulo 1 by a seeded random vector.
    Halton,
}

/// Where the path must end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// A point, added to the samples as the last node.
    Point(Vec<f64>),
    /// A closed box `[lo, hi]`; every sample inside is a goal node.
    Region([Vec<f64>; 2]),
}

impl Goal {
    /// Whether `x` is in the goal set (closed).
    pub fn contains(&self, x: &[f64]) -> bool {
        match self {
            Goal::Point(p) => p.as_slice() == x,
            Goal::Region([lo, hi]) => x
                .iter()
                .zip(lo.iter().zip(hi))
                .all(|(v, (l, h))| *v >= *l && *v <= *h),
        }
    }

    /// The Euclidean distance from `x` to the goal set, a lower bound on the cost of every
    /// path from `x` to it.
    pub fn distance_from(&self, x: &[f64]) -> f64 {
        match self {
            Goal::Point(p) => crate::geometry::distance(x, p),
            Goal::Region([lo, hi]) => x
                .iter()
                .zip(lo.iter().zip(hi))
                .map(|(v, (l, h))| {
                    let d = (l - v).max(v - h).max(0.0);
                    d * d
                })
                .sum::<f64>()
                .sqrt(),
        }
    }
}

/// The nodes of a planning run (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleSet {
    dim: usize,
    /// Coordinates, node after node (`points[i*d .. (i+1)*d]` is node `i`; node 0 the start).
    points: Vec<f64>,
    /// Whether each node is in the goal set.
    is_goal: Vec<bool>,
    /// Candidate draws made by rejection sampling.
    pub attempts: u64,
    /// Candidates accepted as free.
    pub accepted: u64,
}

impl SampleSet {
    /// A sample set from explicit nodes (node 0 the start); `is_goal` flags the goal nodes.
    /// Used to replay another planner's samples. Errors on ragged or non-finite input.
    pub fn from_points(nodes: &[Vec<f64>], is_goal: Vec<bool>) -> Result<Self, SamplingError> {
        let Some(first) = nodes.first() else {
            return Err(SamplingError::param("samples", "is empty"));
        };
        let dim = first.len();
        if is_goal.len() != nodes.len() {
            return Err(SamplingError::Dimension {
                what: "is_goal".into(),
                expected: nodes.len(),
                got: is_goal.len(),
            });
        }
        let mut points = Vec::with_capacity(nodes.len() * dim);
        for (i, p) in nodes.iter().enumerate() {
            if p.len() != dim || p.iter().any(|v| !v.is_finite()) {
                return Err(SamplingError::param(
                    format!("samples[{i}]"),
                    "must be a finite point of the world's dimension",
                ));
            }
            points.extend_from_slice(p);
        }
        let n = nodes.len() as u64;
        Ok(SampleSet {
            dim,
            points,
            is_goal,
            attempts: n,
            accepted: n,
        })
    }

    /// Number of nodes (start, samples and goal).
    pub fn len(&self) -> usize {
        self.is_goal.len()
    }
    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.is_goal.is_empty()
    }
    /// The dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// Node `i`'s coordinates.
    pub fn point(&self, i: usize) -> &[f64] {
        &self.points[i * self.dim..(i + 1) * self.dim]
    }
    /// All coordinates, node after node.
    pub fn flat(&self) -> &[f64] {
        &self.points
    }
    /// Whether node `i` is in the goal set.
    pub fn is_goal(&self, i: usize) -> bool {
        self.is_goal[i]
    }
    /// The number of goal nodes.
    pub fn goal_count(&self) -> usize {
        self.is_goal.iter().filter(|g| **g).count()
    }
    /// The free measure estimated from the acceptance rate:
    /// `μ̂ = vol(bounds) · accepted / attempts`.
    pub fn estimated_free_measure(&self, world: &World) -> f64 {
        world.bounds_volume() * self.accepted as f64 / self.attempts.max(1) as f64
    }
}

/// Most candidate draws allowed for `n` samples before the free space is declared too small.
fn max_attempts(n: usize) -> u64 {
    1000 * n as u64 + 100_000
}

/// Draw the sample set of a run: the start, `n` free samples from `sampler` with `seed`, and
/// the goal (see the module documentation). Errors when the start or goal is not free, `n` is
/// 0, the goal region is malformed or holds no free point, or the free space is too small.
pub fn draw_samples(
    world: &World,
    start: &[f64],
    goal: &Goal,
    n: usize,
    sampler: Sampler,
    seed: u64,
) -> Result<SampleSet, SamplingError> {
    if n == 0 {
        return Err(SamplingError::param("samples", "must be at least 1"));
    }
    let d = world.dim();
    if let Some(why) = world.point_conflict(start) {
        return Err(SamplingError::world("start", why));
    }
    match goal {
        Goal::Point(g) => {
            if let Some(why) = world.point_conflict(g) {
                return Err(SamplingError::world("goal", why));
            }
        }
        Goal::Region([lo, hi]) => {
            if lo.len() != d || hi.len() != d {
                return Err(SamplingError::Dimension {
                    what: "goal_region".into(),
                    expected: d,
                    got: lo.len().min(hi.len()),
                });
            }
            if (0..d).any(|k| !(lo[k].is_finite() && hi[k].is_finite() && lo[k] <= hi[k])) {
                return Err(SamplingError::world(
                    "goal_region",
                    "must be a box [lo, hi] with finite lo ≤ hi",
                ));
            }
        }
    }
    let (lo, hi) = (world.lo(), world.hi());
    let mut points = Vec::with_capacity((n + 2) * d);
    let mut is_goal = Vec::with_capacity(n + 2);
    points.extend_from_slice(start);
    is_goal.push(goal.contains(start));
    let mut candidate = vec![0.0; d];
    let mut attempts = 0u64;
    let mut accepted = 0usize;
    let mut rng = seeded(seed);
    let shift: Vec<f64> = (0..d).map(|_| rng.random::<f64>()).collect();
    let limit = max_attempts(n);
    let primes = halton_bases(d);
    while accepted < n {
        if attempts >= limit {
            return Err(SamplingError::FreeSpaceTooSmall {
                found: accepted,
                requested: n,
                attempts,
            });
        }
        attempts += 1;
        for k in 0..d {
            let u = match sampler {
                Sampler::Uniform => rng.random::<f64>(),
                Sampler::Halton => (radical_inverse(attempts, primes[k]) + shift[k]).fract(),
            };
            candidate[k] = lo[k] + (hi[k] - lo[k]) * u;
        }
        if world.point_free(&candidate) {
            accepted += 1;
            points.extend_from_slice(&candidate);
            is_goal.push(goal.contains(&candidate));
        }
    }
    match goal {
        Goal::Point(g) => {
            points.extend_from_slice(g);
            is_goal.push(true);
        }
        Goal::Region([glo, ghi]) => {
            if !is_goal.iter().any(|g| *g) {
                let mut grng = substream(seed, 1);
                let mut found = false;
                for _ in 0..max_attempts(1) {
                    for k in 0..d {
                        candidate[k] = glo[k] + (ghi[k] - glo[k]) * grng.random::<f64>();
                    }
                    if world.point_free(&candidate) {
                        found = true;
                        break;
                    }
                }
                if !found {
                    return Err(SamplingError::world(
                        "goal_region",
                        "holds no free point (it lies in collision or outside the world)",
                    ));
                }
                points.extend_from_slice(&candidate);
                is_goal.push(true);
            }
        }
    }
    Ok(SampleSet {
        dim: d,
        points,
        is_goal,
        attempts,
        accepted: accepted as u64,
    })
}

/// The first `d` primes (the Halton bases).
fn halton_bases(d: usize) -> Vec<u64> {
    (2u64..)
        .filter(|&p| (2..p).take_while(|q| q * q <= p).all(|q| p % q != 0))
        .take(d)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_gcs::ConvexSet;

    fn world() -> World {
        let obs = vec![ConvexSet::aabox(vec![0.4, 0.4], vec![0.6, 0.6]).unwrap()];
        World::with_obstacles(vec![0.0, 0.0], vec![1.0, 1.0], obs).unwrap()
    }

    #[test]
    fn samples_are_free_seeded_and_framed_by_start_and_goal() {
        let w = world();
        let g = Goal::Point(vec![0.9, 0.9]);
        for sampler in [Sampler::Uniform, Sampler::Halton] {
            let s = draw_samples(&w, &[0.1, 0.1], &g, 500, sampler, 3).unwrap();
            assert_eq!(s.len(), 502);
            assert_eq!(s.point(0), &[0.1, 0.1]);
            assert_eq!(s.point(501), &[0.9, 0.9]);
            assert!(s.is_goal(501) && s.goal_count() == 1);
            assert!((1..501).all(|i| w.point_free(s.point(i))));
            assert_eq!(
                s,
                draw_samples(&w, &[0.1, 0.1], &g, 500, sampler, 3).unwrap()
            );
            assert_ne!(
                s,
                draw_samples(&w, &[0.1, 0.1], &g, 500, sampler, 4).unwrap()
            );
            let mu = s.estimated_free_measure(&w);
            assert!((mu - 0.96).abs() < 0.05, "{mu}");
        }
    }

    #[test]
    fn bad_inputs_are_named() {
        let w = world();
        let g = Goal::Point(vec![0.9, 0.9]);
        let e = draw_samples(&w, &[0.5, 0.5], &g, 10, Sampler::Uniform, 0).unwrap_err();
        assert!(
            e.to_string().starts_with("start") && e.to_string().contains("collision"),
            "{e}"
        );
        let e = draw_samples(
            &w,
            &[0.1, 0.1],
            &Goal::Point(vec![0.45, 0.5]),
            10,
            Sampler::Uniform,
            0,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("goal"), "{e}");
        let e = draw_samples(&w, &[0.1, 0.1], &g, 0, Sampler::Uniform, 0).unwrap_err();
        assert!(e.to_string().starts_with("samples"), "{e}");
        let region = Goal::Region([vec![0.45, 0.45], vec![0.55, 0.55]]);
        let e = draw_samples(&w, &[0.1, 0.1], &region, 10, Sampler::Uniform, 0).unwrap_err();
        assert!(e.to_string().starts_with("goal_region"), "{e}");
    }

    #[test]
    fn a_goal_region_gets_at_least_one_sample() {
        let w = world();
        let tiny = Goal::Region([vec![0.9, 0.9], vec![0.9001, 0.9001]]);
        let s = draw_samples(&w, &[0.1, 0.1], &tiny, 20, Sampler::Uniform, 0).unwrap();
        assert!(s.goal_count() >= 1);
        assert!(tiny.distance_from(&[0.0, 0.9]) - 0.9 < 1e-12);
    }
}
