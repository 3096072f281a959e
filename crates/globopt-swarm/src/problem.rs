//! What CBO needs to know about a problem besides the objective: where the particles start,
//! the domain for boundary policies, and the known minimizers for success statistics.

use crate::error::SwarmError;
use crate::params::{Boundary, CboParams};
use globopt_core::Bounds;
use globopt_core::testfn::TestFunction;
use serde::{Deserialize, Serialize};

/// Half-width of the initial box of the digest's measured configurations, `U[−3, 3]^d`.
pub const DEFAULT_INIT_HALF_WIDTH: f64 = 3.0;

/// A problem for CBO: the box the initial particles are drawn from, an optional domain (used
/// by the `clip` and `reflect` boundary policies), and the known minimizers and optimal value
/// when there are any (used for success statistics and regret plots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Initial particles are drawn uniformly from this box (digest 10, step 1).
    pub init_box: Bounds,
    /// The domain for boundary policies; CBO itself is unconstrained.
    #[serde(default)]
    pub domain: Option<Bounds>,
    /// Known global minimizers (empty when unknown).
    #[serde(default)]
    pub x_star: Vec<Vec<f64>>,
    /// Known optimal value.
    #[serde(default)]
    pub f_star: Option<f64>,
}

impl Problem {
    /// A problem whose particles start in `init_box`, with no domain and no known optimum.
    pub fn new(init_box: Bounds) -> Self {
        Problem {
            init_box,
            domain: None,
            x_star: Vec::new(),
            f_star: None,
        }
    }

    /// Set the domain used by the boundary policies.
    pub fn with_domain(mut self, domain: Bounds) -> Self {
        self.domain = Some(domain);
        self
    }

    /// Set the known minimizers and optimal value.
    pub fn with_optimum(mut self, x_star: Vec<Vec<f64>>, f_star: Option<f64>) -> Self {
        self.x_star = x_star;
        self.f_star = f_star;
        self
    }

    /// The problem of a named test function: its domain, minimizers and optimal value, with
    /// particles starting in `init_box` or, when none is given, in [`default_init_box`] of the
    /// domain.
    pub fn from_test_function(f: &dyn TestFunction, init_box: Option<Bounds>) -> Self {
        let domain = f.bounds();
        let init_box = init_box.unwrap_or_else(|| default_init_box(&domain));
        Problem {
            init_box,
            domain: Some(domain),
            x_star: f.x_star(),
            f_star: f.f_star(),
        }
    }

    /// Number of variables.
    pub fn dim(&self) -> usize {
        self.init_box.dim()
    }

    /// Error unless the domain and the minimizers have the initial box's dimension, the
    /// minimizers and f* are finite, and a domain is given when `params.boundary` needs one.
    pub fn validate(&self, params: &CboParams) -> Result<(), SwarmError> {
        let d = self.dim();
        if let Some(domain) = &self.domain
            && domain.dim() != d
        {
            return Err(SwarmError::dim("domain", d, domain.dim()));
        }
        for (k, x) in self.x_star.iter().enumerate() {
            if x.len() != d {
                return Err(SwarmError::dim(format!("x_star[{k}]"), d, x.len()));
            }
            if let Some(i) = x.iter().position(|v| !v.is_finite()) {
                return Err(SwarmError::param(
                    format!("x_star[{k}][{i}]"),
                    "is not a finite number",
                ));
            }
        }
        if let Some(f) = self.f_star
            && !f.is_finite()
        {
            return Err(SwarmError::param(
                "f_star",
                format!("is {f}; it must be finite"),
            ));
        }
        if params.boundary != Boundary::None && self.domain.is_none() {
            return Err(SwarmError::param(
                "boundary",
                "clip and reflect need a domain (bounds) to act on",
            ));
        }
        Ok(())
    }

    /// The distance `min_k ‖x − x*_k‖∞` to the nearest known minimizer (CBXpy's success
    /// measure), `None` when no minimizer is known.
    pub fn distance_to_optimum(&self, x: &[f64]) -> Option<f64> {
        self.x_star
            .iter()
            .map(|s| {
                s.iter()
                    .zip(x)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max)
            })
            .reduce(f64::min)
    }
}

/// The digest's default initial box: the domain intersected with `[−3, 3]^d` coordinate by
/// coordinate (so Rastrigin and Ackley start in `U[−3, 3]^d` as in CBXpy's measured table, and
/// Hartmann in its unit cube); a coordinate whose domain misses `[−3, 3]` keeps its domain.
pub fn default_init_box(domain: &Bounds) -> Bounds {
    let (mut lo, mut hi) = (Vec::new(), Vec::new());
    for (&l, &u) in domain.lower().iter().zip(domain.upper()) {
        let (a, b) = (
            l.max(-DEFAULT_INIT_HALF_WIDTH),
            u.min(DEFAULT_INIT_HALF_WIDTH),
        );
        if a <= b {
            lo.push(a);
            hi.push(b);
        } else {
            lo.push(l);
            hi.push(u);
        }
    }
    // each pair is finite with lo ≤ hi, taken from a valid box or from [−3, 3]
    Bounds::new(lo, hi).unwrap_or_else(|_| domain.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::testfn::single_objective;

    #[test]
    fn default_init_box_follows_the_digest() {
        let r =
            Problem::from_test_function(single_objective("rastrigin:3").unwrap().as_ref(), None);
        assert_eq!(r.init_box, Bounds::cube(-3.0, 3.0, 3).unwrap());
        assert_eq!(r.x_star, vec![vec![0.0; 3]]);
        let h = Problem::from_test_function(single_objective("hartmann3").unwrap().as_ref(), None);
        assert_eq!(h.init_box, Bounds::unit(3));
        let far = Bounds::new(vec![5.0, -10.0], vec![10.0, 10.0]).unwrap();
        assert_eq!(
            default_init_box(&far),
            Bounds::new(vec![5.0, -3.0], vec![10.0, 3.0]).unwrap()
        );
        assert_eq!(r.distance_to_optimum(&[0.1, -0.2, 0.05]), Some(0.2));
        assert_eq!(
            Problem::new(Bounds::unit(2)).distance_to_optimum(&[0.0, 0.0]),
            None
        );
    }

    #[test]
    fn validation_names_the_field() {
        let p = Problem::new(Bounds::unit(2)).with_optimum(vec![vec![0.0]], None);
        assert!(
            p.validate(&CboParams::default())
                .unwrap_err()
                .to_string()
                .starts_with("x_star[0]")
        );
        let p = Problem::new(Bounds::unit(2));
        let clip = CboParams {
            boundary: Boundary::Clip,
            ..Default::default()
        };
        assert!(
            p.validate(&clip)
                .unwrap_err()
                .to_string()
                .starts_with("boundary")
        );
        let p = p.with_domain(Bounds::unit(3));
        assert!(
            p.validate(&CboParams::default())
                .unwrap_err()
                .to_string()
                .starts_with("domain")
        );
    }
}
