//! Affine maps `w ↦ M w + m`, the building block of every cost and constraint, and their
//! perspectives `(w, λ) ↦ M w + λ m` (shared digest 01, step 4: constants are multiplied by
//! the flow).

use crate::error::GcsError;
use globopt_conic::AffExpr;
use serde::{Deserialize, Serialize};

/// An affine map `w ↦ M w + m` from `R^cols` to `R^rows`, with a dense matrix `M` (one
/// `Vec` per row) and an offset `m`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffineMap {
    matrix: Vec<Vec<f64>>,
    offset: Vec<f64>,
    cols: usize,
}

impl AffineMap {
    /// `w ↦ M w + m`; errors unless every row of `matrix` has `cols` entries, `offset` has one
    /// entry per row, and every number is finite.
    pub fn new(matrix: Vec<Vec<f64>>, offset: Vec<f64>, cols: usize) -> Result<Self, GcsError> {
        if offset.len() != matrix.len() {
            return Err(GcsError::DimensionMismatch {
                what: "affine map offset".into(),
                expected: matrix.len(),
                got: offset.len(),
            });
        }
        for (i, row) in matrix.iter().enumerate() {
            if row.len() != cols {
                return Err(GcsError::DimensionMismatch {
                    what: format!("affine map row {i}"),
                    expected: cols,
                    got: row.len(),
                });
            }
            if let Some(j) = row.iter().position(|a| !a.is_finite()) {
                return Err(GcsError::term(
                    format!("affine map entry ({i}, {j})"),
                    "not a finite number",
                ));
            }
        }
        if let Some(i) = offset.iter().position(|a| !a.is_finite()) {
            return Err(GcsError::term(
                format!("affine map offset[{i}]"),
                "not a finite number",
            ));
        }
        Ok(AffineMap {
            matrix,
            offset,
            cols,
        })
    }

    /// The linear map `w ↦ M w` (zero offset).
    pub fn linear(matrix: Vec<Vec<f64>>, cols: usize) -> Result<Self, GcsError> {
        let offset = vec![0.0; matrix.len()];
        Self::new(matrix, offset, cols)
    }

    /// The difference of the two halves of `w = (a, b) ∈ R^{2d}`: `w ↦ b − a`, the
    /// displacement between the two endpoints of an edge.
    pub fn difference(d: usize) -> Self {
        let matrix = (0..d)
            .map(|i| {
                let mut row = vec![0.0; 2 * d];
                row[i] = -1.0;
                row[d + i] = 1.0;
                row
            })
            .collect();
        AffineMap {
            matrix,
            offset: vec![0.0; d],
            cols: 2 * d,
        }
    }

    /// The coordinates `start..start+len` of `w ∈ R^cols`: `w ↦ w[start..start+len]`.
    pub fn selection(cols: usize, start: usize, len: usize) -> Result<Self, GcsError> {
        if start + len > cols {
            return Err(GcsError::DimensionMismatch {
                what: format!("selection of coordinates {start}..{}", start + len),
                expected: cols,
                got: start + len,
            });
        }
        let matrix = (0..len)
            .map(|i| {
                let mut row = vec![0.0; cols];
                row[start + i] = 1.0;
                row
            })
            .collect();
        Ok(AffineMap {
            matrix,
            offset: vec![0.0; len],
            cols,
        })
    }

    /// The same map with every output row scaled: `w ↦ diag(s)(M w + m)`.
    pub fn scaled_rows(mut self, scale: &[f64]) -> Result<Self, GcsError> {
        if scale.len() != self.rows() {
            return Err(GcsError::DimensionMismatch {
                what: "row scaling".into(),
                expected: self.rows(),
                got: scale.len(),
            });
        }
        for ((row, m), &s) in self.matrix.iter_mut().zip(&mut self.offset).zip(scale) {
            if !s.is_finite() {
                return Err(GcsError::term("row scaling", "not a finite number"));
            }
            row.iter_mut().for_each(|a| *a *= s);
            *m *= s;
        }
        Ok(self)
    }

    /// Input dimension.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Output dimension.
    pub fn rows(&self) -> usize {
        self.matrix.len()
    }

    /// The matrix `M`, one `Vec` per row.
    pub fn matrix(&self) -> &[Vec<f64>] {
        &self.matrix
    }

    /// The offset `m`.
    pub fn offset(&self) -> &[f64] {
        &self.offset
    }

    /// `M w + m` at a point.
    pub fn apply(&self, w: &[f64]) -> Vec<f64> {
        self.matrix
            .iter()
            .zip(&self.offset)
            .map(|(row, m)| m + row.iter().zip(w).map(|(a, x)| a * x).sum::<f64>())
            .collect()
    }

    /// The perspective `M w + λ m` on expressions (zero coefficients skipped).
    pub fn apply_perspective(&self, w: &[AffExpr], lambda: &AffExpr) -> Vec<AffExpr> {
        self.matrix
            .iter()
            .zip(&self.offset)
            .map(|(row, &m)| {
                let mut e = AffExpr::zero();
                for (a, x) in row.iter().zip(w) {
                    if *a != 0.0 {
                        e += x.clone() * *a;
                    }
                }
                if m != 0.0 {
                    e += lambda.clone() * m;
                }
                e
            })
            .collect()
    }
}

/// `aᵀ w` on expressions (zero coefficients skipped).
pub fn dot_expr(a: &[f64], w: &[AffExpr]) -> AffExpr {
    let mut e = AffExpr::zero();
    for (c, x) in a.iter().zip(w) {
        if *c != 0.0 {
            e += x.clone() * *c;
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_and_selection_evaluate() {
        let d = AffineMap::difference(2);
        assert_eq!(d.apply(&[1.0, 2.0, 4.0, 7.0]), vec![3.0, 5.0]);
        let s = AffineMap::selection(4, 2, 2).unwrap();
        assert_eq!(s.apply(&[1.0, 2.0, 4.0, 7.0]), vec![4.0, 7.0]);
        assert!(AffineMap::selection(4, 3, 2).is_err());
        let t = d.scaled_rows(&[2.0, 0.5]).unwrap();
        assert_eq!(t.apply(&[0.0, 0.0, 1.0, 1.0]), vec![2.0, 0.5]);
    }

    #[test]
    fn rejects_ragged_and_nonfinite() {
        assert!(AffineMap::new(vec![vec![1.0], vec![1.0, 2.0]], vec![0.0, 0.0], 1).is_err());
        assert!(AffineMap::new(vec![vec![f64::NAN]], vec![0.0], 1).is_err());
        assert!(AffineMap::new(vec![vec![1.0]], vec![], 1).is_err());
    }
}
