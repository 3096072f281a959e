//! Axis-aligned boxes `lower ≤ x ≤ upper`, validated on construction.

use crate::error::CoreError;
use serde::{Deserialize, Serialize};

/// A validated box `{x : lower_i ≤ x_i ≤ upper_i}` with finite bounds and `lower ≤ upper`.
///
/// Zero-width coordinates are allowed here (a fixed variable); black-box optimizers that need
/// a full-dimensional box call [`Bounds::require_positive_width`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<[f64; 2]>", into = "Vec<[f64; 2]>")]
pub struct Bounds {
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Bounds {
    /// A box from per-coordinate lower and upper bounds.
    ///
    /// Errors name the first bad coordinate: lengths differ, a bound is NaN or infinite, or
    /// `lower[i] > upper[i]`. An empty box (dimension 0) is an error too.
    pub fn new(lower: Vec<f64>, upper: Vec<f64>) -> Result<Self, CoreError> {
        if lower.len() != upper.len() {
            return Err(CoreError::DimensionMismatch {
                what: "upper bounds".into(),
                expected: lower.len(),
                got: upper.len(),
            });
        }
        if lower.is_empty() {
            return Err(CoreError::InvalidBounds {
                field: "bounds".into(),
                message: "no coordinates (dimension 0)".into(),
            });
        }
        for (i, (&lo, &hi)) in lower.iter().zip(&upper).enumerate() {
            if !lo.is_finite() {
                return Err(CoreError::InvalidBounds {
                    field: format!("bounds[{i}][0]"),
                    message: format!("lower bound is {lo}; it must be a finite number"),
                });
            }
            if !hi.is_finite() {
                return Err(CoreError::InvalidBounds {
                    field: format!("bounds[{i}][1]"),
                    message: format!("upper bound is {hi}; it must be a finite number"),
                });
            }
            if lo > hi {
                return Err(CoreError::InvalidBounds {
                    field: format!("bounds[{i}]"),
                    message: format!("lower bound {lo} is greater than upper bound {hi}"),
                });
            }
        }
        Ok(Bounds { lower, upper })
    }

    /// The box `[lo, hi]^dim`.
    pub fn cube(lo: f64, hi: f64, dim: usize) -> Result<Self, CoreError> {
        Self::new(vec![lo; dim], vec![hi; dim])
    }

    /// The unit box `[0, 1]^dim`.
    pub fn unit(dim: usize) -> Self {
        Bounds {
            lower: vec![0.0; dim.max(1)],
            upper: vec![1.0; dim.max(1)],
        }
    }

    /// A box from `[[lo, hi], ...]` pairs, the spec format.
    pub fn from_pairs(pairs: &[[f64; 2]]) -> Result<Self, CoreError> {
        Self::new(
            pairs.iter().map(|p| p[0]).collect(),
            pairs.iter().map(|p| p[1]).collect(),
        )
    }

    /// Error unless every coordinate has `upper > lower`.
    pub fn require_positive_width(&self) -> Result<(), CoreError> {
        for i in 0..self.dim() {
            if self.upper[i] <= self.lower[i] {
                return Err(CoreError::InvalidBounds {
                    field: format!("bounds[{i}]"),
                    message: format!(
                        "zero width ({} to {}); the optimizer needs upper > lower",
                        self.lower[i], self.upper[i]
                    ),
                });
            }
        }
        Ok(())
    }

    /// Number of coordinates.
    pub fn dim(&self) -> usize {
        self.lower.len()
    }
    /// Lower bounds.
    pub fn lower(&self) -> &[f64] {
        &self.lower
    }
    /// Upper bounds.
    pub fn upper(&self) -> &[f64] {
        &self.upper
    }
    /// Widths `upper − lower`.
    pub fn widths(&self) -> Vec<f64> {
        self.lower
            .iter()
            .zip(&self.upper)
            .map(|(l, u)| u - l)
            .collect()
    }
    /// The centre `(lower + upper)/2`.
    pub fn center(&self) -> Vec<f64> {
        self.lower
            .iter()
            .zip(&self.upper)
            .map(|(l, u)| 0.5 * (l + u))
            .collect()
    }

    /// Error unless `x` has this box's dimension.
    pub fn check_dim(&self, x: &[f64], what: &str) -> Result<(), CoreError> {
        if x.len() != self.dim() {
            return Err(CoreError::DimensionMismatch {
                what: what.into(),
                expected: self.dim(),
                got: x.len(),
            });
        }
        Ok(())
    }

    /// Whether `x` lies in the box, allowing `tol` outside each face.
    pub fn contains(&self, x: &[f64], tol: f64) -> bool {
        x.len() == self.dim()
            && x.iter()
                .zip(self.lower.iter().zip(&self.upper))
                .all(|(&v, (&l, &u))| v >= l - tol && v <= u + tol)
    }

    /// The nearest point of the box (coordinate-wise clamp).
    pub fn clip(&self, x: &[f64]) -> Vec<f64> {
        x.iter()
            .zip(self.lower.iter().zip(&self.upper))
            .map(|(&v, (&l, &u))| v.clamp(l, u))
            .collect()
    }

    /// Map a point of the box to the unit box: `(x − lower)/(upper − lower)`, with 0 for
    /// zero-width coordinates.
    pub fn to_unit(&self, x: &[f64]) -> Vec<f64> {
        x.iter()
            .zip(self.lower.iter().zip(&self.upper))
            .map(|(&v, (&l, &u))| if u > l { (v - l) / (u - l) } else { 0.0 })
            .collect()
    }

    /// Map a point of the unit box into this box: `lower + u·(upper − lower)`.
    pub fn from_unit(&self, u: &[f64]) -> Vec<f64> {
        u.iter()
            .zip(self.lower.iter().zip(&self.upper))
            .map(|(&t, (&l, &h))| l + t * (h - l))
            .collect()
    }

    /// The box as `[lo, hi]` pairs.
    pub fn pairs(&self) -> Vec<[f64; 2]> {
        self.lower
            .iter()
            .zip(&self.upper)
            .map(|(&l, &u)| [l, u])
            .collect()
    }
}

impl TryFrom<Vec<[f64; 2]>> for Bounds {
    type Error = CoreError;
    fn try_from(pairs: Vec<[f64; 2]>) -> Result<Self, CoreError> {
        Bounds::from_pairs(&pairs)
    }
}

impl From<Bounds> for Vec<[f64; 2]> {
    fn from(b: Bounds) -> Self {
        b.pairs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_boxes_naming_the_coordinate() {
        let e = Bounds::new(vec![0.0, 3.0], vec![1.0, 2.0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bounds[1]: lower bound 3 is greater than upper bound 2"
        );
        let e = Bounds::new(vec![f64::NAN], vec![1.0]).unwrap_err();
        assert!(e.to_string().starts_with("bounds[0][0]"));
        let e = Bounds::new(vec![0.0], vec![f64::INFINITY]).unwrap_err();
        assert!(e.to_string().starts_with("bounds[0][1]"));
        assert!(Bounds::new(vec![], vec![]).is_err());
        assert!(Bounds::new(vec![0.0], vec![1.0, 2.0]).is_err());
        let flat = Bounds::new(vec![1.0], vec![1.0]).unwrap();
        assert!(flat.require_positive_width().is_err());
    }

    #[test]
    fn unit_maps_are_inverse() {
        let b = Bounds::new(vec![-5.0, 0.0], vec![10.0, 15.0]).unwrap();
        let x = [2.5, 7.5];
        let u = b.to_unit(&x);
        assert_eq!(u, vec![0.5, 0.5]);
        assert_eq!(b.from_unit(&u), x.to_vec());
        assert_eq!(b.clip(&[-9.0, 20.0]), vec![-5.0, 15.0]);
        assert!(b.contains(&x, 0.0));
        assert!(!b.contains(&[11.0, 0.0], 0.5));
    }

    #[test]
    fn serde_validates() {
        let b: Bounds = serde_json::from_str("[[0, 1], [2, 3]]").unwrap();
        assert_eq!(b.dim(), 2);
        assert!(serde_json::from_str::<Bounds>("[[1, 0]]").is_err());
    }
}
