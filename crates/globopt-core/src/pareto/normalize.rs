//! Ideal and nadir points, min–max normalization and reference points (shared digest 12,
//! algorithm step 6).

use super::points::{check_vector, objectives};
use crate::error::CoreError;

/// The componentwise minimum of the rows (the ideal point of a front, in minimization form).
pub fn ideal_point<P: AsRef<[f64]>>(points: &[P]) -> Result<Vec<f64>, CoreError> {
    extreme(points, f64::min, f64::INFINITY)
}

/// The componentwise maximum of the rows (the nadir point when the rows are a front).
pub fn nadir_point<P: AsRef<[f64]>>(points: &[P]) -> Result<Vec<f64>, CoreError> {
    extreme(points, f64::max, f64::NEG_INFINITY)
}

fn extreme<P: AsRef<[f64]>>(
    points: &[P],
    pick: fn(f64, f64) -> f64,
    start: f64,
) -> Result<Vec<f64>, CoreError> {
    let m = objectives(points, "points")?;
    if m == 0 {
        return Err(CoreError::param("points", "is empty"));
    }
    let mut out = vec![start; m];
    for p in points {
        for (o, v) in out.iter_mut().zip(p.as_ref()) {
            *o = pick(*o, *v);
        }
    }
    Ok(out)
}

/// `z' = (z − ideal)/(nadir − ideal)` per objective, so that the ideal maps to 0 and the nadir
/// to 1. Errors name an objective whose nadir does not exceed its ideal (a constant column
/// cannot be normalized).
pub fn normalize<P: AsRef<[f64]>>(
    points: &[P],
    ideal: &[f64],
    nadir: &[f64],
) -> Result<Vec<Vec<f64>>, CoreError> {
    let m = match objectives(points, "points")? {
        0 => ideal.len(),
        m => m,
    };
    check_vector(ideal, m, "ideal")?;
    check_vector(nadir, m, "nadir")?;
    if let Some(j) = (0..m).find(|&j| nadir[j] <= ideal[j]) {
        return Err(CoreError::param(
            format!("nadir[{j}]"),
            format!(
                "is {} but must exceed ideal[{j}] = {}: objective {j} has no range to normalize",
                nadir[j], ideal[j]
            ),
        ));
    }
    Ok(points
        .iter()
        .map(|p| {
            p.as_ref()
                .iter()
                .zip(ideal.iter().zip(nadir))
                .map(|(z, (lo, hi))| (z - lo) / (hi - lo))
                .collect()
        })
        .collect())
}

/// The reference point `nadir + offset·(nadir − ideal)`; with `offset = 0.1` this is the usual
/// 1.1 per objective in normalized space (digest 12, step 6).
pub fn reference_point(ideal: &[f64], nadir: &[f64], offset: f64) -> Result<Vec<f64>, CoreError> {
    check_vector(ideal, ideal.len(), "ideal")?;
    check_vector(nadir, ideal.len(), "nadir")?;
    if !(offset.is_finite() && offset >= 0.0) {
        return Err(CoreError::param(
            "offset",
            format!("is {offset}; must be ≥ 0"),
        ));
    }
    Ok(ideal
        .iter()
        .zip(nadir)
        .map(|(lo, hi)| hi + offset * (hi - lo))
        .collect())
}

/// Error unless `reference` strictly exceeds the nadir of `front` in every objective, so that
/// every front point adds volume. The message names the first objective where it does not.
pub fn validate_reference<P: AsRef<[f64]>>(
    front: &[P],
    reference: &[f64],
) -> Result<(), CoreError> {
    let nadir = nadir_point(front)?;
    check_vector(reference, nadir.len(), "reference")?;
    if let Some(j) = (0..nadir.len()).find(|&j| reference[j] <= nadir[j]) {
        return Err(CoreError::param(
            format!("reference[{j}]"),
            format!(
                "is {} but the front's nadir is {} in objective {j}: the reference point must \
                 be worse than every front point (strictly above the nadir in minimization form)",
                reference[j], nadir[j]
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_maps_ideal_and_nadir_to_zero_and_one() {
        let pts = [[1.0, 10.0], [3.0, 20.0], [2.0, 15.0]];
        let lo = ideal_point(&pts).unwrap();
        let hi = nadir_point(&pts).unwrap();
        assert_eq!((lo.clone(), hi.clone()), (vec![1.0, 10.0], vec![3.0, 20.0]));
        let z = normalize(&pts, &lo, &hi).unwrap();
        assert_eq!(z, vec![vec![0.0, 0.0], vec![1.0, 1.0], vec![0.5, 0.5]]);
        assert_eq!(reference_point(&lo, &hi, 0.1).unwrap(), vec![3.2, 21.0]);
        let err = normalize(&pts, &lo, &[3.0, 10.0]).unwrap_err().to_string();
        assert!(err.contains("nadir[1]"), "{err}");
        assert!(validate_reference(&pts, &[3.5, 21.0]).is_ok());
        let err = validate_reference(&pts, &[3.5, 20.0])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("reference[1]") && err.contains("nadir is 20"),
            "{err}"
        );
    }
}
