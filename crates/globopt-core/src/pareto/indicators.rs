//! Distance indicators of an approximation set A against a reference front Z, in
//! minimization form (the definitions of moocore and pymoo, exponent p = 1).
//!
//! - GD: `(1/|A|) Σ_{a∈A} min_{z∈Z} ‖a − z‖` (Van Veldhuizen 1999);
//! - GD+: as GD with the dominance-aware distance `d⁺(a, z) = ‖max(a − z, 0)‖`;
//! - IGD: `(1/|Z|) Σ_{z∈Z} min_{a∈A} ‖a − z‖` (Coello & Reyes Sierra 2004);
//! - IGD+: `(1/|Z|) Σ_{z∈Z} min_{a∈A} d⁺(a, z)` (Ishibuchi et al. 2015), weakly Pareto
//!   compliant.

use super::points::objectives;
use crate::error::CoreError;

/// Generational distance of `approximation` to `reference_front`.
pub fn gd<P: AsRef<[f64]>, Q: AsRef<[f64]>>(
    approximation: &[P],
    reference_front: &[Q],
) -> Result<f64, CoreError> {
    mean_min_distance(approximation, reference_front, false, false)
}

/// GD+ of `approximation` to `reference_front`.
pub fn gd_plus<P: AsRef<[f64]>, Q: AsRef<[f64]>>(
    approximation: &[P],
    reference_front: &[Q],
) -> Result<f64, CoreError> {
    mean_min_distance(approximation, reference_front, false, true)
}

/// Inverted generational distance of `approximation` to `reference_front`.
pub fn igd<P: AsRef<[f64]>, Q: AsRef<[f64]>>(
    approximation: &[P],
    reference_front: &[Q],
) -> Result<f64, CoreError> {
    mean_min_distance(approximation, reference_front, true, false)
}

/// IGD+ of `approximation` to `reference_front`.
pub fn igd_plus<P: AsRef<[f64]>, Q: AsRef<[f64]>>(
    approximation: &[P],
    reference_front: &[Q],
) -> Result<f64, CoreError> {
    mean_min_distance(approximation, reference_front, true, true)
}

/// The mean over one set of the smallest distance to the other: over A to Z (GD) or, when
/// `inverted`, over Z to A (IGD); `plus` uses `d⁺(a, z)`, always measured from z to a.
fn mean_min_distance<P: AsRef<[f64]>, Q: AsRef<[f64]>>(
    approximation: &[P],
    reference_front: &[Q],
    inverted: bool,
    plus: bool,
) -> Result<f64, CoreError> {
    let ma = objectives(approximation, "approximation")?;
    let mz = objectives(reference_front, "reference_front")?;
    if approximation.is_empty() {
        return Err(CoreError::param("approximation", "is empty"));
    }
    if reference_front.is_empty() {
        return Err(CoreError::param("reference_front", "is empty"));
    }
    if ma != mz {
        return Err(CoreError::DimensionMismatch {
            what: "reference_front".into(),
            expected: ma,
            got: mz,
        });
    }
    let distance = |a: &[f64], z: &[f64]| -> f64 {
        a.iter()
            .zip(z)
            .map(|(x, y)| {
                let d = x - y;
                if plus { d.max(0.0).powi(2) } else { d * d }
            })
            .sum::<f64>()
            .sqrt()
    };
    let total: f64 = if inverted {
        reference_front
            .iter()
            .map(|z| {
                approximation
                    .iter()
                    .map(|a| distance(a.as_ref(), z.as_ref()))
                    .fold(f64::INFINITY, f64::min)
            })
            .sum::<f64>()
            / reference_front.len() as f64
    } else {
        approximation
            .iter()
            .map(|a| {
                reference_front
                    .iter()
                    .map(|z| distance(a.as_ref(), z.as_ref()))
                    .fold(f64::INFINITY, f64::min)
            })
            .sum::<f64>()
            / approximation.len() as f64
    };
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_values() {
        let z = [[0.0, 1.0], [1.0, 0.0]];
        let a = [[0.0, 2.0], [2.0, 2.0]];
        // GD: (1 + √2·... ) from a to nearest z: (0,2)→(0,1): 1; (2,2)→(1,0): √5 or (0,1): √5
        assert!((gd(&a, &z).unwrap() - (1.0 + 5f64.sqrt()) / 2.0).abs() < 1e-15);
        // IGD: (0,1)→(0,2): 1; (1,0)→(0,2): √5, (2,2): √5
        assert!((igd(&a, &z).unwrap() - (1.0 + 5f64.sqrt()) / 2.0).abs() < 1e-15);
        // IGD+: (0,1)→(0,2): 1; (1,0)→(0,2): d⁺ = (0, 2) → 2; (2,2): (1,2) → √5
        assert!((igd_plus(&a, &z).unwrap() - 1.5).abs() < 1e-15);
        // GD+: (0,2): to (0,1) → 1; (2,2): to (1,0) → √5, to (0,1) → √5
        assert!((gd_plus(&a, &z).unwrap() - (1.0 + 5f64.sqrt()) / 2.0).abs() < 1e-15);
        // a set on the front has zero distance either way
        assert_eq!(igd_plus(&z, &z).unwrap(), 0.0);
        assert!(igd(&a, &[[0.0, 1.0, 2.0]]).is_err());
        assert!(igd::<[f64; 2], [f64; 2]>(&[], &z).is_err());
    }
}
