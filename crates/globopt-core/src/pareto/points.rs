//! Validation of point sets and their flat row-major copy used by the sweeps.

use crate::error::CoreError;

/// The number of objectives of a point set (0 when it is empty), after checking that every
/// row has that many entries, that there is at least one, and that all are finite. `what`
/// names the set in errors (`points[3][1] is NaN`).
pub(crate) fn objectives<P: AsRef<[f64]>>(points: &[P], what: &str) -> Result<usize, CoreError> {
    let Some(first) = points.first() else {
        return Ok(0);
    };
    let m = first.as_ref().len();
    if m == 0 {
        return Err(CoreError::param(
            format!("{what}[0]"),
            "has no objective values",
        ));
    }
    for (i, p) in points.iter().enumerate() {
        let p = p.as_ref();
        if p.len() != m {
            return Err(CoreError::DimensionMismatch {
                what: format!("{what}[{i}]"),
                expected: m,
                got: p.len(),
            });
        }
        if let Some(j) = p.iter().position(|v| !v.is_finite()) {
            return Err(CoreError::param(
                format!("{what}[{i}][{j}]"),
                format!("is {}, not a finite number", p[j]),
            ));
        }
    }
    Ok(m)
}

/// Error unless `v` has length `m` and finite entries; `what` names it (`reference`).
pub(crate) fn check_vector(v: &[f64], m: usize, what: &str) -> Result<(), CoreError> {
    if v.len() != m {
        return Err(CoreError::DimensionMismatch {
            what: what.to_string(),
            expected: m,
            got: v.len(),
        });
    }
    if let Some(j) = v.iter().position(|x| !x.is_finite()) {
        return Err(CoreError::param(
            format!("{what}[{j}]"),
            format!("is {}, not a finite number", v[j]),
        ));
    }
    Ok(())
}

/// Row-major copy of the rows that strictly dominate `reference` (`p_j < r_j` for every j):
/// the only ones that add volume.
pub(crate) fn inside<P: AsRef<[f64]>>(points: &[P], reference: &[f64]) -> Vec<f64> {
    let mut flat = Vec::with_capacity(points.len() * reference.len());
    for p in points {
        let p = p.as_ref();
        if p.iter().zip(reference).all(|(a, r)| a < r) {
            flat.extend_from_slice(p);
        }
    }
    flat
}
